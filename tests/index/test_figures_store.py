"""The figures store: exact read-back, one transaction per report, replacement, X-1, check status,
migrations, two writing processes and reading while another process writes.

Every test that takes ``database_url`` runs on SQLite and on PostgreSQL (tests/conftest.py; the
PostgreSQL variant skips when GOVQA_TEST_POSTGRES_URL is unset)."""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from pathlib import Path

import pytest
from sqlalchemy import Connection, inspect, select, text

from index import figures_store
from index.figures_store import FiguresStore, WriteInfo, migrations_t
from index.reportformat import APPLICANT_COLUMN_IDS, CellKey
from index.types import (
    CheckResult,
    Figure,
    Location,
    ParsedReport,
    Passage,
    ReportIdentity,
    SourceDocument,
    TextLine,
)

AGENCY = "桦川县人民政府"


def make_report(
    *,
    agency: str = AGENCY,
    year: int = 2020,
    path: str = "/reports/huachuan-2020.txt",
    content: str = "v1",
    figures: list[Figure] | None = None,
    checks: list[CheckResult] | None = None,
    carried_in: int | None = None,
    carried_out: int | None = None,
) -> ParsedReport:
    """A hand-made report; ``content`` decides its sha256 and its report id."""
    sha = hashlib.sha256(f"{agency}{year}{content}".encode()).hexdigest()
    lines = [TextLine(f"{agency}{year}年政府信息公开工作年度报告", Location(line=1)),
             TextLine("一、总体情况", Location(line=2)),
             TextLine(f"content {content}", Location(line=3))]
    doc = SourceDocument(path=path, kind="text", sha256=sha, lines=lines, size=123)
    figs = list(figures or [])
    for row, value in (("carried_in", carried_in), ("carried_out", carried_out)):
        if value is not None:
            for col in APPLICANT_COLUMN_IDS:
                v = value if col in ("natural", "total") else 0
                figs.append(Figure(CellKey(3, row, col), v, raw=str(v), blank=v == 0,
                                   location=Location(line=40)))
    return ParsedReport(
        report_id=f"{year}-{sha[:12]}",
        identity=ReportIdentity(agency, year, "2019", f"{agency}{year}年政府信息公开工作年度报告"),
        source=doc, figures=figs, checks=list(checks or []), warnings=["a warning"])


def sample_figures() -> list[Figure]:
    return [
        Figure(CellKey(2, "procurement", "amount"), 180000000, raw="1.8 亿元", source_text="政府集中采购 97 1.8 亿元",
               location=Location(line=44)),
        Figure(CellKey(2, "licensing", "change"), -232, raw="减 232", location=Location(line=35)),
        Figure(CellKey(2, "fees", "decisions"), 1234.5, raw="1234.5", location=Location(line=41)),
        Figure(CellKey(3, "granted", "total"), 5, raw="5", location=Location(line=60)),
        Figure(CellKey(3, "granted", "natural"), 5, raw="5", location=Location(page=3, table=1, row=4, cell=1)),
        Figure(CellKey(3, "new", "research"), 0, blank=True, raw="/", location=Location(line=55)),
        Figure(CellKey(3, "new", "total"), 9, status="reconstructed", rule="T3-D", location=Location(line=55)),
        Figure(CellKey(3, "new", "natural"), 9, status="implied", rule="T3-A", location=Location(line=55)),
        Figure(CellKey(3, "partial", "total"), None, status="uncertain", raw="6 93", location=Location(line=61)),
    ]


def sample_passages() -> list[Passage]:
    return [
        Passage("2020 年共收到政府信息依申请公开 9 件。", "一", ("一、总体情况", "（二）依申请公开"), Location(line=10)),
        Passage("（一）予以公开：总计 5 件。", "三", ("三、收到和处理政府信息公开申请情况",), Location(line=60),
                kind="table_row", cell=CellKey(3, "granted", "total")),
    ]


@pytest.fixture
def store(database_url: str) -> FiguresStore:
    s = FiguresStore(database_url)
    yield s
    s.close()


def test_put_report_reads_back_exact_values(store: FiguresStore) -> None:
    report = make_report(figures=sample_figures())
    assert store.put_report(report, sample_passages()) == "added"
    got = {str(f.key): f for f in store.figures(report_id=report.report_id)}
    amount = got["T2:procurement:amount"]
    assert amount.value == 180000000 and type(amount.value) is int
    assert amount.raw == "1.8 亿元" and amount.source_text == "政府集中采购 97 1.8 亿元"
    change = got["T2:licensing:change"]
    assert change.value == -232 and type(change.value) is int
    assert got["T2:fees:decisions"].value == 1234.5
    assert type(got["T3:granted:total"].value) is int
    assert got["T3:granted:natural"].location == Location(page=3, table=1, row=4, cell=1)
    assert got["T3:new:research"].blank is True and got["T3:new:research"].value == 0
    assert got["T3:partial:total"].value is None
    assert got["T3:new:total"].rule == "T3-D"
    assert amount.agency == AGENCY and amount.year == 2020 and amount.format == "2019"
    rec = store.report(report.report_id)
    assert rec is not None
    assert (rec.sha256, rec.size, rec.source_kind, rec.warnings) == (report.source.sha256, 123, "text", ("a warning",))
    assert rec.n_figures == len(sample_figures()) and rec.n_passages == 2
    passages = store.passage_records()
    assert [p.passage_id for p in passages] == [f"{report.report_id}:0", f"{report.report_id}:1"]
    assert passages[1].passage == sample_passages()[1]
    assert passages[0].agency == AGENCY and passages[0].title.endswith("年度报告")
    lines = store.source_lines(report.report_id)
    assert [(ln.idx, ln.line_no, ln.text) for ln in lines][1] == (1, 2, "一、总体情况")
    assert store.agencies() == [AGENCY] and store.years("桦川县") == [2020]


def test_putting_the_same_report_twice_is_unchanged(store: FiguresStore) -> None:
    report = make_report(figures=sample_figures())
    assert store.put_report(report, sample_passages()) == "added"
    before = store.counts()
    calls: list[WriteInfo] = []
    assert store.put_report(report, sample_passages(), before_commit=calls.append) == "unchanged"
    assert store.counts() == before
    assert calls == []  # nothing to commit, so no vector work either


def test_a_new_version_of_the_same_file_replaces_the_old_one(store: FiguresStore) -> None:
    old = make_report(figures=sample_figures(), content="v1")
    store.put_report(old, sample_passages())
    before = store.counts()
    new_figs = sample_figures()
    new_figs[3] = Figure(CellKey(3, "granted", "total"), 6, raw="6")
    new = make_report(figures=new_figs, content="v2")
    assert new.report_id != old.report_id
    infos: list[WriteInfo] = []
    assert store.put_report(new, sample_passages(), before_commit=infos.append) == "replaced"
    assert store.counts() == before  # nothing doubled
    assert [r.report_id for r in store.reports()] == [new.report_id]
    assert store.report(old.report_id) is None
    assert store.figures(row="granted", column="total")[0].value == 6
    assert infos[0].outcome == "replaced" and infos[0].replaced_ids == (old.report_id,)
    # Same file name in another folder, same agency and year: also a new version.
    moved = make_report(figures=new_figs, content="v3", path="/elsewhere/huachuan-2020.txt")
    assert store.put_report(moved, []) == "replaced"
    # Another agency's report with the same file name is not.
    other = make_report(agency="沭阳县人民政府", content="v1", path="/reports/huachuan-2020.txt")
    assert store.put_report(other, []) == "added"
    assert len(store.reports()) == 2


def test_same_content_under_another_identity_replaces_it(store: FiguresStore) -> None:
    report = make_report(figures=sample_figures())
    store.put_report(report, [])
    relabelled = make_report(figures=sample_figures())
    relabelled.identity = ReportIdentity("桦川县人民政府办公室", 2020, "2019", "t")
    assert store.put_report(relabelled, []) == "replaced"
    assert store.agencies() == ["桦川县人民政府办公室"]


@pytest.mark.parametrize("broken", ["_insert_passages", "_insert_sources", "_update_carry_over"])
def test_a_failure_midway_leaves_the_store_as_it_was(store: FiguresStore, monkeypatch: pytest.MonkeyPatch,
                                                     broken: str) -> None:
    first = make_report(figures=sample_figures(), content="v1")
    store.put_report(first, sample_passages())
    before = (store.counts(), store.reports(), store.figures(), store.passage_records())

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(figures_store.writes, broken, boom)
    # A replacement that fails midway: the old version is still there, whole.
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.put_report(make_report(figures=sample_figures(), content="v2"), sample_passages())
    # A new report that fails midway: nothing of it is stored.
    with pytest.raises(RuntimeError):
        store.put_report(make_report(year=2021, figures=sample_figures()), sample_passages())
    assert (store.counts(), store.reports(), store.figures(), store.passage_records()) == before


def test_a_failing_before_commit_hook_rolls_back(store: FiguresStore) -> None:
    def hook(info: WriteInfo) -> None:
        assert store is not None and info.outcome == "added" and len(info.records) == 2
        raise OSError("vector store unavailable")

    with pytest.raises(OSError):
        store.put_report(make_report(figures=sample_figures()), sample_passages(), before_commit=hook)
    assert store.counts()["reports"] == 0 and store.counts()["figures"] == 0


def test_duplicate_cells_are_refused_before_writing(store: FiguresStore) -> None:
    figs = sample_figures() + [Figure(CellKey(3, "granted", "total"), 7)]
    with pytest.raises(ValueError, match="T3:granted:total"):
        store.put_report(make_report(figures=figs), [])
    assert store.counts()["reports"] == 0


def test_carry_over_rule_x1_passes_and_fails_across_years(store: FiguresStore) -> None:
    r2019 = make_report(year=2019, path="/r/2019.txt", carried_out=3)
    r2020 = make_report(year=2020, path="/r/2020.txt", carried_in=3, carried_out=2)
    r2021 = make_report(year=2021, path="/r/2021.txt", carried_in=1)
    # Stored out of order: X-1 is found from either side.
    store.put_report(r2020, [])
    store.put_report(r2021, [])
    store.put_report(r2019, [])
    x1 = [c for c in store.checks() if c.rule == "X-1"]
    assert len(x1) == 2 * len(APPLICANT_COLUMN_IDS)
    by_year = {(c.year, c.cells[1].column): c for c in x1}
    ok = by_year[(2020, "total")]
    assert ok.passed and ok.expected == 3 and ok.found == 3
    assert ok.report_id == r2020.report_id and ok.other_report_id == r2019.report_id
    assert r2019.report_id in ok.detail
    bad = by_year[(2021, "natural")]
    assert not bad.passed and (bad.expected, bad.found) == (2, 1)
    assert bad.cells == (CellKey(3, "carried_out", "natural"), CellKey(3, "carried_in", "natural"))
    assert store.report(r2021.report_id).n_failed_checks == 2  # natural and total
    assert store.report(r2020.report_id).n_failed_checks == 0
    failing = store.checks(failing_only=True)
    assert {(c.year, c.scope) for c in failing} == {(2021, "自然人（2020→2021）"), (2021, "总计（2020→2021）")}
    # The failing pair marks 2021's 上年结转 and 2020's 结转下年度, not 2021's 结转下年度.
    status = {(f.year, str(f.key)): f.check_status for f in store.figures(table=3)}
    assert status[(2021, "T3:carried_in:natural")] == "fails"
    assert status[(2020, "T3:carried_out:natural")] == "fails"
    assert status[(2020, "T3:carried_in:natural")] == "passes"
    # A corrected 2021 report replaces the old X-1 results instead of adding to them.
    fixed = make_report(year=2021, path="/r/2021.txt", carried_in=2, content="v2")
    assert store.put_report(fixed, []) == "replaced"
    x1 = [c for c in store.checks() if c.rule == "X-1"]
    assert len(x1) == 2 * len(APPLICANT_COLUMN_IDS) and all(c.passed for c in x1)
    assert store.report(fixed.report_id).n_failed_checks == 0
    # Deleting 2019 drops the X-1 checks stored on 2020.
    assert store.delete_report(r2019.report_id)
    assert {c.year for c in store.checks() if c.rule == "X-1"} == {2021}
    assert not store.delete_report(r2019.report_id)


def test_check_status_derivation(store: FiguresStore) -> None:
    failing = CheckResult("T3-D", "（一）予以公开", (CellKey(3, "granted", "total"), CellKey(3, "granted", "natural")),
                          expected=5, found=4, passed=False)
    passing = CheckResult("T3-D", "一、本年新收", (CellKey(3, "new", "total"), CellKey(3, "new", "natural")),
                          expected=9, found=9, passed=True)
    report = make_report(figures=sample_figures(), checks=[failing, passing])
    store.put_report(report, [])
    status = {str(f.key): f.check_status for f in store.figures()}
    assert status["T3:granted:total"] == "fails"
    assert status["T3:granted:natural"] == "fails"
    assert status["T3:new:total"] == "reconstructed"
    assert status["T3:new:natural"] == "implied"
    assert status["T3:partial:total"] == "uncertain"
    assert status["T2:procurement:amount"] == "passes"
    assert store.report(report.report_id).n_failed_checks == 1
    checks = store.checks(agency="桦川县", year=2020, failing_only=True)
    assert [(c.rule, c.expected, c.found, c.passed) for c in checks] == [("T3-D", 5, 4, False)]
    assert checks[0].cells == failing.cells


def test_filters_and_agency_short_forms(store: FiguresStore) -> None:
    store.put_report(make_report(figures=sample_figures()), [])
    store.put_report(make_report(agency="沭阳县人民政府", year=2021, figures=sample_figures()), [])
    assert store.match_agencies("桦川县") == [AGENCY]
    assert store.match_agencies("桦川 县") == [AGENCY]
    assert store.match_agencies("县人民政府") == ["桦川县人民政府", "沭阳县人民政府"]
    assert store.match_agencies("平潭") == []
    assert {f.agency for f in store.figures(agency="沭阳")} == {"沭阳县人民政府"}
    assert store.figures(agency="平潭") == []
    assert [str(f.key) for f in store.figures(agency="桦川县", table=3, row="granted")] == [
        "T3:granted:natural", "T3:granted:total"]  # printed order: 自然人 before 总计
    assert len(store.figures(column="amount")) == 2
    assert [r.year for r in store.reports(year=2021)] == [2021]
    # a metric's rows across every agency, not their whole tables
    wanted = {CellKey(3, "granted", "total"), CellKey(3, "new", "natural")}
    picked = store.figures(table=3, cells=wanted)
    assert {f.agency for f in picked} == {"桦川县人民政府", "沭阳县人民政府"} and {f.key for f in picked} == wanted
    assert len(picked) == len([f for f in store.figures(table=3) if f.key in wanted]) == 4


def test_migrations_run_once(database_url: str) -> None:
    FiguresStore(database_url).close()
    s = FiguresStore(database_url)
    with s.engine.connect() as conn:
        assert list(conn.scalars(select(migrations_t.c.name))) == ["m001_initial", "m002_copies", "m003_read_indexes", "m004_totals",
                                                                   "m005_year_cells"]
        if s.engine.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert figures_store.migrate(s.engine) == []
    s.close()


def test_a_new_migration_applies_once_to_a_filled_store_and_a_failing_one_leaves_no_trace(
        database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with FiguresStore(database_url) as s:
        s.put_report(make_report(figures=sample_figures()), sample_passages())
        before = s.counts()

    def m900_report_notes(conn: Connection) -> None:
        conn.execute(text("CREATE TABLE report_notes (report_id VARCHAR(128) PRIMARY KEY, note TEXT)"))
        conn.execute(text("INSERT INTO report_notes SELECT report_id, title FROM reports"))

    def m901_broken(conn: Connection) -> None:
        conn.execute(text("CREATE TABLE half_done (x INTEGER)"))
        raise RuntimeError("migration bug")

    monkeypatch.setattr(figures_store.migrations, "MIGRATIONS", [*figures_store.migrations.MIGRATIONS, m900_report_notes])
    with FiguresStore(database_url) as s:
        assert s.counts() == before
        with s.engine.connect() as conn:
            assert list(conn.scalars(select(migrations_t.c.name).order_by(migrations_t.c.name))) == [
                *(fn.__name__ for fn in figures_store.migrations.MIGRATIONS[:-1]), "m900_report_notes"]
            assert conn.execute(text("SELECT note FROM report_notes")).scalars().all() == [
                f"{AGENCY}2020年政府信息公开工作年度报告"]
        assert figures_store.migrate(s.engine) == []

    monkeypatch.setattr(figures_store.migrations, "MIGRATIONS", [*figures_store.migrations.MIGRATIONS, m901_broken])
    with pytest.raises(RuntimeError, match="migration bug"):
        FiguresStore(database_url)
    engine = figures_store._make_engine(database_url)  # the database as it is, not migrated
    try:
        assert "half_done" not in inspect(engine).get_table_names()
        with engine.connect() as conn:
            assert "m901_broken" not in set(conn.scalars(select(migrations_t.c.name)))
            assert conn.execute(text("SELECT count(*) FROM figures")).scalar() == before["figures"]
    finally:
        engine.dispose()


def _put_years(url: str, years: list[int], start: object, results: object) -> None:
    """A second process: store one report per year (and one report both processes store)."""
    outcomes = []
    with FiguresStore(url) as s:
        start.wait()  # type: ignore[attr-defined]
        for year in years:
            outcomes.append(s.put_report(make_report(year=year, path=f"/r/{year}.txt", carried_in=year % 7,
                                                     carried_out=(year + 1) % 7), sample_passages()))
        outcomes.append(s.put_report(make_report(agency="沭阳县人民政府", content="shared"), sample_passages()))
    results.put(outcomes)  # type: ignore[attr-defined]


def test_two_processes_ingesting_at_once_store_every_report_and_every_carry_over_check(
        database_url: str) -> None:
    # Nothing created yet: whichever process comes first creates the schema, the other waits.
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    odd, even = list(range(2001, 2025, 2)), list(range(2002, 2025, 2))
    procs = [ctx.Process(target=_put_years, args=(database_url, years, start, results)) for years in (odd, even)]
    for p in procs:
        p.start()
    start.set()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    # The report both stored: added by one, left unchanged by the other.
    assert sorted(o[-1] for o in outcomes) == ["added", "unchanged"]
    assert all(o == "added" for out in outcomes for o in out[:-1])
    with FiguresStore(database_url) as s:
        with s.engine.connect() as conn:
            assert list(conn.scalars(select(migrations_t.c.name))) == [fn.__name__ for fn in figures_store.MIGRATIONS]
        assert [r.year for r in s.reports(agency=AGENCY)] == list(range(2001, 2025))
        assert s.counts()["passages"] == 25 * 2
        x1 = [c for c in s.checks() if c.rule == "X-1"]
        # every pair of consecutive years was checked once, whichever process stored which year
        assert len(x1) == 23 * len(APPLICANT_COLUMN_IDS)
        pairs = {(c.year, c.other_report_id) for c in x1}
        ids = {r.year: r.report_id for r in s.reports(agency=AGENCY)}
        assert pairs == {(y, ids[y - 1]) for y in range(2002, 2025)}
        # carried_out of Y is (Y+1) % 7 and carried_in of Y+1 is (Y+1) % 7: every pair passes
        assert all(c.passed for c in x1) and s.checks(failing_only=True) == []


def _replace_versions(url: str, n: int, start: object) -> None:
    """A second process: store versions 1..n of one report, each replacing the one before."""
    with FiguresStore(url) as s:
        start.wait()  # type: ignore[attr-defined]
        for v in range(1, n + 1):
            s.put_report(make_report(content=f"v{v}", figures=version_figures(v)), sample_passages())


def version_figures(v: int) -> list[Figure]:
    return [Figure(CellKey(3, row, col), v, raw=str(v), location=Location(line=60))
            for row in ("new", "granted", "partial") for col in APPLICANT_COLUMN_IDS]


def test_readers_see_whole_reports_while_another_process_replaces_them(database_url: str) -> None:
    n = 40
    with FiguresStore(database_url) as s:
        s.put_report(make_report(content="v0", figures=version_figures(0)), sample_passages())
        ctx = multiprocessing.get_context("spawn")
        start = ctx.Event()
        writer = ctx.Process(target=_replace_versions, args=(database_url, n, start))
        writer.start()
        start.set()
        seen: set[int] = set()
        deadline = time.monotonic() + 120
        while writer.is_alive() and time.monotonic() < deadline:
            figs = s.figures(agency="桦川县", year=2020)
            # one whole version: every cell of one report, all with that report's value
            assert len(figs) == 3 * len(APPLICANT_COLUMN_IDS), len(figs)
            assert len({f.report_id for f in figs}) == 1 and len({f.value for f in figs}) == 1
            seen.add(figs[0].value)
            reports = s.reports(year=2020)
            assert len(reports) == 1 and reports[0].n_figures == len(figs) and reports[0].n_passages == 2
        writer.join(timeout=60)
        assert writer.exitcode == 0
        assert {f.value for f in s.figures(year=2020)} == {n}
        assert len(seen) > 1  # the reads did overlap the writes


def test_a_bad_url_is_one_clear_error() -> None:
    with pytest.raises(figures_store.StoreError, match="not a database URL"):
        FiguresStore("not a url")
