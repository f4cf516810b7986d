"""Fill a figures store with generated reports fast, for the query benchmark at 10,000–100,000 reports.

A full ingest (render text, parse, chunk, embed) runs at a few reports a second on 2 cores: 100,000
would take most of a day. This writes each generated report's truth straight through the store's own
write API, :meth:`FiguresStore.put_report` — the rows ingest writes (report, every 表二/三/四 cell,
the within-report checks of ``index.checks``, X-1 against the neighbouring years, copies, passages,
source lines), one transaction per report — and adds the passages to the vector index as ingest
does. What it leaves out is the reading: a few narrative passages per report (sections 一 and 五)
instead of every chunk, and one source line per printed table row instead of the whole text.

The agencies are the generator's (``eval.agencies``); its name stems give ~2,500 distinct agencies,
so more reports than 2,500 × 7 take more years (see :func:`plan`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from eval.agencies import TIDY, make_agencies, plan_names
from eval.synth import ReportTruth, _generate_year, _init_state
from index import reportformat as rf
from index.checks import check_figures
from index.figures_store import FiguresStore
from index.types import Figure, Location, ParsedReport, Passage, ReportIdentity, SourceDocument, TextLine

MAX_AGENCIES = 2_400  # the tidy draw's name stems give a little more; leave room


def plan(reports: int) -> tuple[int, range]:
    """(agencies, years) for about ``reports`` reports: 7 years (2019–2025) while the agencies
    suffice, else every agency over as many years as it takes."""
    if reports <= MAX_AGENCIES * 7:
        return max(1, round(reports / 7)), range(2019, 2026)
    years = -(-reports // MAX_AGENCIES)
    return -(-reports // years), range(2019, 2019 + years)


def truths(agencies: int, years: range, seed: int = 0) -> Iterator[ReportTruth]:
    """The generator's reports one at a time (``eval.synth.generate_truths`` keeps them all)."""
    import random

    made = make_agencies(agencies, seed)
    names = plan_names(made, list(years), seed, TIDY)
    for agency in made:
        rng = random.Random(f"govqa-synth/{seed}/{agency.slug}")
        st = _init_state(rng, agency)
        for year in years:
            yield _generate_year(rng, agency, st, year, 0.0, names[agency.slug].get(year))


def parsed_report(truth: ReportTruth) -> tuple[ParsedReport, list[Passage]]:
    """The ParsedReport a clean parse of ``truth``'s text would give, and a few of its passages."""
    lines: list[TextLine] = []
    passages: list[Passage] = []

    def add_line(text: str) -> Location:
        loc = Location(line=len(lines) + 1)
        lines.append(TextLine(text, loc))
        return loc

    add_line(truth.title)
    for number, take in (("一", 2), ("五", 1)):
        sec = rf.SECTION_BY_NUMBER[number]
        add_line(f"{number}、{sec.heading}")
        for para in truth.sections.get(number, [])[:take]:
            passages.append(Passage(text=para, section=number, section_path=(f"{number}、{sec.heading}",),
                                    location=add_line(para)))
    figures: list[Figure] = []
    by_row: dict[tuple[int, str], list[tuple[rf.CellKey, int | float]]] = {}
    for key, value in truth.cells().items():
        by_row.setdefault((key.table, key.row), []).append((key, value))
    for (table, row), cells in by_row.items():
        text = f"表{table} {row} " + " ".join(str(v) for _, v in cells)
        loc = add_line(text)
        figures.extend(Figure(key=k, value=v, raw=str(v), source_text=text, location=loc) for k, v in cells)
    body = "\n".join(ln.text for ln in lines).encode()
    import hashlib

    doc = SourceDocument(path=f"synthetic/{truth.report_id}.txt", kind="text",
                         sha256=hashlib.sha256(body).hexdigest(), lines=lines, size=len(body))
    report = ParsedReport(
        report_id=truth.report_id,
        identity=ReportIdentity(agency=truth.agency.name, year=truth.year, format=truth.format, title=truth.title),
        source=doc, figures=figures, checks=check_figures(figures, truth.format), passages=passages)
    return report, passages


def fill(store: FiguresStore, reports: int, vectors: object | None = None, progress: bool = True) -> int:
    """Write about ``reports`` generated reports through ``store.put_report``; passages go to
    ``vectors`` (a VectorIndex) in batches as they are written. Returns the number written."""
    agencies, years = plan(reports)
    pending: list = []
    n = 0
    t0 = time.perf_counter()
    for truth in truths(agencies, years):
        report, passages = parsed_report(truth)
        store.put_report(report, passages, before_commit=lambda info: pending.extend(info.records))
        n += 1
        if vectors is not None and len(pending) >= 2000:
            vectors.add(pending)  # type: ignore[attr-defined]
            pending.clear()
        if progress and n % 1000 == 0:
            print(f"  {n} reports written ({time.perf_counter() - t0:.0f} s)", flush=True)
    if vectors is not None and pending:
        vectors.add(pending)  # type: ignore[attr-defined]
    return n


# Invented city stems for the copies of :func:`replicate`: pairs of rare place characters, none of
# them a word of the format's vocabulary nor a character of eval.agencies' stems.
_POOL = "澜岚桐柘榆楠芷蘅樾沅溱淇汀屿峪崖湄渚滢澈珩瑜琮璜琨璋琪璟瑾珈玥"
_STEMS = [a + b for a in _POOL for b in _POOL if a != b]


def replicate(store: FiguresStore, times: int, vectors: object | None = None, progress: bool = True) -> int:
    """Copy every stored report ``times`` more times under new agencies, in SQL: the same rows
    ``put_report`` wrote (reports, figures, checks with X-1, passages, source lines), copy k's
    agencies in cities of its own (``样例市…`` → ``澜岚市…``), report ids suffixed ``~r<k>``. This
    is how the benchmark reaches 100,000 reports in minutes: many times the agencies of a year, as
    a province's portal would hold. Passages of the copies go to ``vectors``. Returns the reports added.
    """
    from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, literal_column, select

    from eval.agencies import CITY_STEMS
    from index.figures_store import checks_t, figures_t, passages_t, reports_t, sources_t, totals

    cities = [stem for stem, _ in CITY_STEMS]
    if times * len(cities) > len(_STEMS):
        raise ValueError(f"at most {len(_STEMS) // len(cities)} copies")
    md = MetaData()
    reps = Table("_bench_copies", md, Column("k", Integer, primary_key=True), Column("suffix", String(16)),
                 *(Column(f"c{i}", String(8)) for i in range(len(cities))))
    before = store.counts()["reports"]
    t0 = time.perf_counter()

    def rename(col):  # noqa: ANN001, ANN202 - SQL expressions
        for i, old in enumerate(cities):
            col = func.replace(col, old + "市", reps.c[f"c{i}"] + literal_column("'市'"))
        return col

    def rid(col):  # noqa: ANN001, ANN202
        return col + reps.c.suffix

    with store.engine.begin() as conn:
        md.create_all(conn)
        conn.execute(insert(reps), [{"k": k, "suffix": f"~r{k}",
                                     **{f"c{i}": _STEMS[(k - 1) * len(cities) + i] for i in range(len(cities))}}
                                    for k in range(1, times + 1)])
        for t, renamed in ((reports_t, ("agency", "title")), (figures_t, ()), (passages_t, ("text",)),
                           (sources_t, ("text",)), (checks_t, ())):
            cols = [c for c in t.c if c.name != "id"]
            exprs = [rid(c) if c.name in ("report_id", "copy_of", "other_report_id")
                     else rename(c) if c.name in renamed else c for c in cols]
            conn.execute(insert(t).from_select(
                [c.name for c in cols], select(*exprs).select_from(t.join(reps, literal_column("1=1")))
                .where(~t.c.report_id.contains("~"))))
            if progress:
                print(f"  {t.name} copied ({time.perf_counter() - t0:.0f} s)", flush=True)
        md.drop_all(conn)
        totals.rebuild(conn)  # the copies bypassed put_report, which keeps the per-year totals
    if vectors is not None:
        t0 = time.perf_counter()
        recs = [r for r in store.passage_records() if "~r" in r.report_id]
        for i in range(0, len(recs), 5000):
            vectors.add(recs[i:i + 5000])  # type: ignore[attr-defined]
        if progress:
            print(f"  {len(recs)} passages of the copies embedded: {time.perf_counter() - t0:.0f} s", flush=True)
    return store.counts()["reports"] - before


__all__ = ["plan", "truths", "parsed_report", "fill", "replicate", "Path"]
