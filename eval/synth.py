"""Synthetic 政府信息公开工作年度报告 with known truth.

:func:`generate_truths` invents agencies (``示例市样本县人民政府``, ``样例市交通运输局`` …: place
stems no real place uses) and writes each one a complete report per year: 表二, 表三 and 表四 in
the 2019 format (years ≤ 2020) or the 2021 format (years ≥ 2021), figures that satisfy every
rule of ``reportformat.equations(fmt)`` (T3-A, T3-C, T3-D, T4-A), year-to-year continuity per
agency (X-1: 结转下年度 of Y−1 = 上年结转 of Y, column by column; 2019 format: 上一年项目数量(Y) =
上一年项目数量(Y−1) + 本年增/减(Y−1); 2021 format: 现行有效件数(Y) = 现行有效件数(Y−1) + 制发 − 废止),
and narrative sections 一…六 with planted facts (:mod:`eval.grammar`).

Every label comes from :mod:`index.reportformat`. The renderings are in :mod:`eval.render`; the
agencies, and the names their reports print, in :mod:`eval.agencies`. With a :class:`Variety`
(``govqa eval generate`` turns it on) the corpus also has what real ones have: departments in the
regions of its governments, one agency printed under different names in different years, and
misread characters in names; the truth's ``agency`` stays the official name and
``printed_agency`` is what the report prints.

:func:`generate_corpus` writes, for each report ``<slug>-<year>``::

    out_dir/truth/<slug>-<year>.json    the truth, in the shape of shared/gold/*.json (+ extra keys)
    out_dir/html/<slug>-<year>.html     clean HTML (with invented site chrome for about half)
    out_dir/pdf/<slug>-<year>.pdf       reportlab, STSong-Light, ruled tables
    out_dir/docx/<slug>-<year>.docx     python-docx, merged cells
    out_dir/text/<slug>-<year>.txt      "extracted text" with noise at the chosen level
    out_dir/manifest.json               options and the list of reports

Everything is deterministic for a given seed (PDF bytes included; DOCX zip timestamps are fixed).
"""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from index.reportformat import (
    APPLICANT_COLUMN_IDS,
    APPLICANT_COLUMNS,
    REPORT_TITLE_WORDS,
    T2_BLOCKS,
    T4_COLUMNS,
    T4_OUTCOMES,
    T4_ROW,
    CellKey,
    FormatVersion,
    Row,
    carry_over_pairs,
    equations,
    t2_cells,
    t3_outcome_rows,
    t3_path_to_row,
    t3_rows,
)

from .agencies import (
    TIDY,
    Agency,
    Level,
    PrintedName,
    Variety,
    make_agencies,
    plan_names,
)
from .grammar import NarrativeContext, compose

Rendering = Literal["html", "pdf", "docx", "text", "md", "scanned"]
RENDERINGS: tuple[Rendering, ...] = ("html", "pdf", "docx", "text")  # the default corpus
DEFAULT_RENDERINGS = RENDERINGS
# Renderings made only when asked for (bench/accuracy.py measures them): converter markdown, and
# scanned pages (reading them back costs OCR time, ~10 s a page).
ALL_RENDERINGS: tuple[Rendering, ...] = RENDERINGS + ("md", "scanned")
EXTENSIONS: dict[str, str] = {"html": "html", "pdf": "pdf", "docx": "docx", "text": "txt", "md": "md",
                              "scanned": "pdf"}
FIRST_YEAR = 2019  # the first reports in the national format
Number = int | float


def format_for_year(year: int) -> FormatVersion:
    """2019 trial format for the 2019 and 2020 reports, the 2021 revision from 2021 on."""
    return "2019" if year <= 2020 else "2021"


def _weighted_sample(rng: random.Random, items: Sequence[tuple[str, float]], k: int) -> list[str]:
    pool = list(items)
    out: list[str] = []
    while pool and len(out) < k:
        total = sum(w for _, w in pool)
        x = rng.random() * total
        for i, (name, w) in enumerate(pool):
            x -= w
            if x <= 0 or i == len(pool) - 1:
                out.append(name)
                pool.pop(i)
                break
    return out



# ---------------------------------------------------------------------------
# The truth of one report
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class T2Value:
    """One 表二 figure: its value, how it is printed (signed and amount cells), and its unit
    when it is not the column's (the 2021 fee amount is in 万元)."""

    value: Number
    raw: str | None = None
    unit: str | None = None


def gold_key(row: Row) -> str:
    """The key of a 表三 row in the gold files: ``Row.path`` without a trailing note in brackets
    (``（二）部分公开（区分处理的…）`` → ``（二）部分公开``)."""
    return re.sub(r"(?<=.)（[^（）]*）$", "", row.path)


@dataclass
class ReportTruth:
    """A complete synthetic report: figures, narrative, planted facts and presentation style."""

    agency: Agency
    year: int
    format: FormatVersion
    title: str
    table2: dict[tuple[str, str], T2Value]  # (row id, column id) → value
    table3: dict[str, list[int]]  # row id → the 7 values in APPLICANT_COLUMNS order
    table4: list[int]  # the 15 values in T4_COLUMNS order
    preamble: str
    sections: dict[str, list[str]]  # section number → paragraphs (headings not included)
    facts: list[dict[str, Any]]
    style: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    renderings: dict[str, dict[str, Any]] = field(default_factory=dict)  # what each rendering did
    files: dict[str, str] = field(default_factory=dict)  # rendering → path relative to the corpus root
    # The agency's name as this report prints it (``agency.name`` is the official one); "" = official.
    printed_agency: str = ""
    name_form: str = "full"  # eval.agencies.NameForm
    name_typo: dict[str, Any] | None = None  # {"index", "official", "printed"} when a character is misread

    @property
    def report_id(self) -> str:
        return f"{self.agency.slug}-{self.year}"

    @property
    def level(self) -> Level:
        return self.agency.level

    @property
    def printed_name(self) -> str:
        """The agency's name as the report prints it: title, body, page chrome, metadata."""
        return self.printed_agency or self.agency.name

    def section_text(self, number: str) -> str:
        return "\n".join(self.sections.get(number, []))

    def cells(self) -> dict[CellKey, Number]:
        """Every table cell by :class:`CellKey`; 表二 amounts in 元."""
        out: dict[CellKey, Number] = {}
        for block, row, col in t2_cells(self.format):
            v = self.table2[(row.id, col.id)]
            value = v.value
            if col.kind == "amount" and v.unit == "万元":
                value = _as_number(Decimal(str(v.value)) * 10000)
            out[CellKey(2, row.id, col.id)] = value
        for row in t3_rows(self.format):
            for col, value in zip(APPLICANT_COLUMN_IDS, self.table3[row.id]):
                out[CellKey(3, row.id, col)] = value
        for col, value in zip(T4_COLUMNS, self.table4):
            out[CellKey(4, T4_ROW.id, col.id)] = value
        return out

    def violations(self) -> list[str]:
        """The rule instances of ``equations(fmt)`` this truth breaks (none, by construction)."""
        cells = self.cells()
        return [f"{eq.rule} {eq.scope}" for eq in equations(self.format)
                if sum(cells[k] for k in eq.lhs) != sum(cells[k] for k in eq.rhs)]

    def all_notes(self) -> list[str]:
        notes = list(self.notes)
        for name in sorted(self.renderings):
            notes.extend(f"{name}: {n}" for n in self.renderings[name].get("notes", []))
        return notes

    def to_json(self) -> dict[str, Any]:
        """The truth in the shape of ``shared/gold/*.json`` plus the generator's own keys."""
        table2 = []
        for block, row, col in t2_cells(self.format):
            v = self.table2[(row.id, col.id)]
            entry: dict[str, Any] = {"group": block.group.label, "row": row.label, "column": col.label,
                                     "value": v.value}
            if v.raw is not None:
                entry["raw"] = v.raw
            if v.unit is not None:
                entry["unit"] = v.unit
            table2.append(entry)
        first = next((self.files[r] for r in RENDERINGS if r in self.files), f"{self.report_id}")
        return {
            "file": first,
            "files": dict(self.files),
            "report_id_hint": self.report_id,
            "agency": self.agency.name,
            "printed_agency": self.printed_name,
            "name_form": self.name_form,
            "name_typo": dict(self.name_typo) if self.name_typo else None,
            "region": self.agency.region,
            "region_path": self.agency.region_path,
            "organ": self.agency.organ,
            "region_government": self.agency.region_government,
            "level": self.level,
            "year": self.year,
            "format": self.format,
            "title": self.title,
            "table2": table2,
            "table3_columns": [c.label for c in APPLICANT_COLUMNS],
            "table3": {gold_key(r): list(self.table3[r.id]) for r in t3_rows(self.format)},
            "table4_columns": [c.label for c in T4_COLUMNS],
            "table4": list(self.table4),
            "narrative_facts": [dict(f) for f in self.facts],
            "notes": self.all_notes(),
            "preamble": self.preamble,
            "sections": {k: "\n".join(v) for k, v in self.sections.items()},
            "style": dict(self.style),
            "renderings": {k: dict(v) for k, v in self.renderings.items()},
            "agency_profile": self.agency.to_dict(),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ReportTruth:
        fmt: FormatVersion = d["format"]
        by_label = {(b.group.label, r.label, c.label): (r.id, c.id) for b, r, c in t2_cells(fmt)}
        table2 = {by_label[(e["group"], e["row"], e["column"])]: T2Value(e["value"], e.get("raw"), e.get("unit"))
                  for e in d["table2"]}
        paths = t3_path_to_row(fmt) | {gold_key(r): r.id for r in t3_rows(fmt)}
        table3 = {paths[k]: list(v) for k, v in d["table3"].items()}
        renderings = d.get("renderings", {})
        gen_notes = [n for n in d.get("notes", []) if not any(n.startswith(f"{r}: ") for r in renderings)]
        return cls(agency=Agency.from_dict(d["agency_profile"]), year=d["year"], format=fmt, title=d["title"],
                   table2=table2, table3=table3, table4=list(d["table4"]), preamble=d.get("preamble", ""),
                   sections={k: v.split("\n") if v else [] for k, v in d["sections"].items()},
                   facts=list(d["narrative_facts"]), style=dict(d.get("style", {})), notes=gen_notes,
                   renderings=renderings, files=dict(d.get("files", {})),
                   printed_agency=d.get("printed_agency") or "", name_form=d.get("name_form") or "full",
                   name_typo=d.get("name_typo"))


def _as_number(x: Decimal) -> Number:
    return int(x) if x == x.to_integral_value() else float(x)


# ---------------------------------------------------------------------------
# Random helpers
# ---------------------------------------------------------------------------


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 40:
        return max(0, int(round(rng.gauss(mean, math.sqrt(mean)))))
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 0 or p <= 0:
        return 0
    if n > 200:
        return min(n, max(0, int(round(rng.gauss(n * p, math.sqrt(n * p * (1 - p)))))))
    return sum(rng.random() < p for _ in range(n))


def _multinomial(rng: random.Random, n: int, weights: Sequence[tuple[str, float]]) -> Counter[str]:
    if n <= 0 or not weights:
        return Counter()
    names = [a for a, _ in weights]
    ws = [w for _, w in weights]
    return Counter(rng.choices(names, weights=ws, k=n))


# ---------------------------------------------------------------------------
# Per-agency state carried from year to year
# ---------------------------------------------------------------------------


@dataclass
class _State:
    carried_out: list[int] | None = None  # last year's 四、结转下年度继续办理 (7 values)
    request_mean: float = 0.0
    active: list[str] = field(default_factory=list)
    items: dict[str, int] = field(default_factory=dict)  # 2019 上一年项目数量 by row
    stock: dict[str, int] = field(default_factory=dict)  # 规章 / 规范性文件 cumulative count
    decisions: dict[str, float] = field(default_factory=dict)
    procurement: float = 0.0
    fee_wan: float = 0.0
    posts: float = 0.0
    years: int = 0


def _init_state(rng: random.Random, a: Agency) -> _State:
    st = _State(request_mean=a.request_mean)
    st.active = ["granted"] + _weighted_sample(rng, [p for p in a.outcome_weights if p[0] != "granted"],
                                               a.n_active - 1)
    s = a.scale
    for row, base in (("licensing", 180), ("other_services", 90), ("penalty", 600), ("enforcement", 25),
                      ("fees", 12)):
        st.items[row] = int(base * s * rng.lognormvariate(0, 0.5)) if row in a.powers else 0
    st.stock["rules"] = int(30 * rng.lognormvariate(0, 0.4)) if "rules" in a.powers else 0
    st.stock["normative"] = int(40 * s * rng.lognormvariate(0, 0.5)) if "normative" in a.powers else 0
    for row, base in (("licensing", 6000), ("other_services", 9000), ("penalty", 900), ("enforcement", 60)):
        st.decisions[row] = base * s * rng.lognormvariate(0, 0.8) if row in a.powers else 0.0
    st.procurement = 40 * s * rng.lognormvariate(0, 0.6) if "procurement" in a.powers else 0.0
    st.fee_wan = 800 * s * rng.lognormvariate(0, 1.0) if "fees" in a.powers else 0.0
    st.posts = 300 + 900 * s * rng.lognormvariate(0, 0.4)
    return st


def _outcome_weights(a: Agency, st: _State, fmt: FormatVersion) -> list[tuple[str, float]]:
    w = dict(a.outcome_weights)
    active = [r for r in st.active]
    out: list[tuple[str, float]] = []
    other_2019 = 0.0
    for r in active:
        if fmt == "2019" and r.startswith("other."):
            other_2019 += w[r]
        else:
            out.append((r, w[r]))
    if other_2019:
        out.append(("other", other_2019))
    return out


def _gen_table3(rng: random.Random, a: Agency, st: _State, fmt: FormatVersion) -> dict[str, list[int]]:
    six = APPLICANT_COLUMN_IDS[:6]
    if st.years:
        st.request_mean *= rng.lognormvariate(0, 0.25)
        if rng.random() < 0.35:  # the busy rows drift: one outcome row leaves, another joins
            candidates = [p for p in a.outcome_weights if p[0] not in st.active]
            if len(st.active) > 1:
                st.active.pop(rng.randrange(1, len(st.active)))
            st.active += _weighted_sample(rng, candidates, 1)
    n_new = 0 if rng.random() < a.zero_year_prob else _poisson(rng, st.request_mean)
    new = Counter(rng.choices(six, weights=a.org_weights, k=n_new)) if n_new else Counter()
    new_v = [new[c] for c in six]
    if st.carried_out is None:
        carried_in = [_binomial(rng, v, a.carry_rate) for v in new_v]
    else:
        carried_in = list(st.carried_out[:6])
    rate = a.carry_rate * rng.uniform(0.5, 1.5)
    carried_out = [_binomial(rng, n + c, rate) for n, c in zip(new_v, carried_in)]
    processed = [n + c - o for n, c, o in zip(new_v, carried_in, carried_out)]
    weights = _outcome_weights(a, st, fmt)
    rows: dict[str, list[int]] = {r.id: [0] * 6 for r in t3_rows(fmt)}
    rows["new"], rows["carried_in"], rows["carried_out"] = new_v, carried_in, carried_out
    for j, n in enumerate(processed):
        for rid, k in _multinomial(rng, n, weights).items():
            rows[rid][j] += k
    outcome_ids = [r.id for r in t3_outcome_rows(fmt)]
    rows["processed_total"] = [sum(rows[r][j] for r in outcome_ids) for j in range(6)]
    assert rows["processed_total"] == processed
    st.carried_out = carried_out + [sum(carried_out)]
    return {rid: vals + [sum(vals)] for rid, vals in rows.items()}


def _gen_table4(rng: random.Random, a: Agency) -> list[int]:
    out: list[int] = []
    weights = [5.0, 1.0, 1.6, 1.4]
    outcomes = [o.id for o in T4_OUTCOMES[:4]]
    for mean in a.t4_means:
        n = _poisson(rng, mean)
        c = Counter(rng.choices(outcomes, weights=weights, k=n)) if n else Counter()
        vals = [c[o] for o in outcomes]
        out += vals + [sum(vals)]
    return out


def _signed_raw(value: int, style: str) -> str:
    if value == 0:
        return "0"
    if style == "word":
        return f"增 {value}" if value > 0 else f"减 {-value}"
    if style == "sign":
        return f"+{value}" if value > 0 else str(value)
    return str(value)


def _procurement_amount(rng: random.Random, base_yuan: float, form: str) -> tuple[Number, str]:
    if base_yuan <= 0:
        return 0, "0元" if form != "bare" else "0"
    if form == "yi" and base_yuan >= 2e7:
        tenths = max(1, round(base_yuan / 1e7))
        d = Decimal(tenths) / 10
        return _as_number(d * 100_000_000), f"{d} 亿元"
    if form == "wan":
        d = Decimal(round(base_yuan / 100)) / 100
        return _as_number(d * 10000), f"{d}万元"
    if form == "yuan_dec":
        d = Decimal(round(base_yuan * 100)) / 100
        return _as_number(d), f"{d}元"
    value = int(round(base_yuan))
    return value, (f"{value}元" if form != "bare" else str(value))


def _gen_table2(rng: random.Random, a: Agency, st: _State, fmt: FormatVersion, style: dict[str, Any]
                ) -> dict[tuple[str, str], T2Value]:
    t: dict[tuple[str, str], T2Value] = {}
    p = a.powers
    for row, rate in (("rules", 2.0), ("normative", 12 * a.scale)):
        on = row in p
        made = _poisson(rng, rate) if on else 0
        if fmt == "2019":
            published = made if not made or rng.random() < 0.8 else made - rng.randint(0, min(2, made))
            st.stock[row] += published
            t[(row, "made")] = T2Value(made)
            t[(row, "published")] = T2Value(published)
            t[(row, "total_public")] = T2Value(st.stock[row])
        else:
            repealed = min(st.stock[row], _poisson(rng, rate * 0.4)) if on else 0
            st.stock[row] += made - repealed
            t[(row, "issued")] = T2Value(made)
            t[(row, "repealed")] = T2Value(repealed)
            t[(row, "in_force")] = T2Value(st.stock[row])
    for row in ("licensing", "other_services", "penalty", "enforcement"):
        on = row in p
        st.decisions[row] *= rng.lognormvariate(0, 0.2) if on else 0
        decisions = int(round(st.decisions[row]))
        if fmt == "2019":
            last = st.items[row]
            change = 0
            if on and rng.random() < 0.75:
                change = int(round(rng.gauss(0, 0.12) * max(last, 5)))
                change = max(change, -last)
            st.items[row] = last + change
            t[(row, "items_last_year")] = T2Value(last)
            t[(row, "change")] = T2Value(change, _signed_raw(change, style["sign"]))
            t[(row, "decisions")] = T2Value(decisions)
        elif row != "other_services":
            t[(row, "decisions")] = T2Value(decisions)
    if fmt == "2019":
        last = st.items["fees"]
        change = max(-last, int(round(rng.gauss(0, 1.5)))) if "fees" in p else 0
        st.items["fees"] = last + change
        t[("fees", "items_last_year")] = T2Value(last)
        t[("fees", "change")] = T2Value(change, _signed_raw(change, style["sign"]))
        projects = _poisson(rng, st.procurement * rng.lognormvariate(0, 0.2)) if "procurement" in p else 0
        base = projects * 450_000 * rng.lognormvariate(0, 0.8) if projects else 0.0
        value, raw = _procurement_amount(rng, base, style["amount"])
        t[("procurement", "projects")] = T2Value(projects)
        t[("procurement", "amount")] = T2Value(value, raw)
    else:
        if "fees" in p:
            st.fee_wan *= rng.lognormvariate(0, 0.2)
            places = rng.choice((0, 1, 2, 2, 2, 4, 6))
            d = round(Decimal(str(st.fee_wan)), places)
            value = _as_number(d)
        else:
            value = 0
        t[("fees", "amount")] = T2Value(value, str(value), "万元")
    return t


def _pick_style(rng: random.Random, blank_zero_rate: float) -> dict[str, Any]:
    return {
        "zero": "blank" if rng.random() < blank_zero_rate else "0",
        "sign": rng.choice(("sign", "word", "plain")),
        "amount": rng.choice(("yuan", "yuan_dec", "yi", "wan", "bare")),
        "header_br": rng.random() < 0.4,
        "t2_irregular_colspan": rng.random() < 0.5,
        "cell_p": rng.random() < 0.6,
        "chrome": rng.random() < 0.5,
        "title_year": rng.choice(("年", "年度")),
        "footer": rng.choice(("dash", "page")),
        "published": None,
    }


def _normative_ids(fmt: FormatVersion) -> tuple[str, str]:
    return ("normative", "published" if fmt == "2019" else "issued")


def generate_truths(agencies: int, years: range | Iterable[int], seed: int = 0, *,
                    blank_zero_rate: float = 0.1, variety: Variety = TIDY) -> list[ReportTruth]:
    """Complete synthetic reports for ``agencies`` fictional agencies and the given years.

    Args:
        agencies: how many agencies to invent.
        years: report years (2019 or later); the simulation runs over every year between the
            first and the last, so consecutive years always continue each other.
        seed: the same seed gives the same reports.
        blank_zero_rate: share of reports whose grid renderings print zero cells of 表三/表四 blank.
        variety: what real corpora have (:class:`eval.agencies.Variety`): departments in the regions
            of the governments, names that change between years, misread characters. The default,
            ``TIDY``, is the original corpus; ``Variety()`` turns everything on.

    Returns:
        The truths, agency by agency, years ascending.
    """
    wanted = sorted(set(years))
    if not wanted:
        raise ValueError("no years given")
    if wanted[0] < FIRST_YEAR:
        raise ValueError(f"the national format starts with the {FIRST_YEAR} reports (got {wanted[0]})")
    if agencies < 1:
        raise ValueError("agencies must be at least 1")
    out: list[ReportTruth] = []
    made = make_agencies(agencies, seed, colocated=variety.departments)
    names = plan_names(made, wanted, seed, variety)
    for agency in made:
        rng = random.Random(f"govqa-synth/{seed}/{agency.slug}")
        st = _init_state(rng, agency)
        for year in range(wanted[0], wanted[-1] + 1):
            truth = _generate_year(rng, agency, st, year, blank_zero_rate, names[agency.slug].get(year))
            if year in wanted:
                out.append(truth)
    return out


def _generate_year(rng: random.Random, a: Agency, st: _State, year: int, blank_zero_rate: float,
                   printed: PrintedName | None = None) -> ReportTruth:
    fmt = format_for_year(year)
    printed = printed or PrintedName(a.name)
    style = _pick_style(rng, blank_zero_rate)
    first_year = st.years == 0
    t3 = _gen_table3(rng, a, st, fmt)
    t4 = _gen_table4(rng, a)
    t2 = _gen_table2(rng, a, st, fmt, style)
    st.posts *= rng.lognormvariate(0.03, 0.15)
    st.years += 1
    nrow, ncol = _normative_ids(fmt)
    block1 = T2_BLOCKS[fmt][0]
    col_label = next(c.label for c in block1.columns if c.id == ncol)
    row_label = next(r.label for r in block1.rows if r.id == nrow)
    ctx = NarrativeContext(
        agency=printed.name, we=a.we, level=a.level, year=year, fmt=fmt, website=a.website, wechat=a.wechat,
        weibo=a.weibo, hall=a.hall, address=a.address, phone=a.phone, first_year=first_year,
        t3_new=t3["new"][6], t3_carried_in=t3["carried_in"][6], t3_processed=t3["processed_total"][6],
        t3_carried_out=t3["carried_out"][6], t3_granted=t3["granted"][6], t3_partial=t3["partial"][6],
        t4_review=t4[4], t4_suits=t4[9] + t4[14], normative_new=int(t2[(nrow, ncol)].value),
        normative_label=row_label, normative_column=col_label, posts_base=st.posts, scale=a.scale)
    narrative = compose(ctx, rng)
    month = 1 if a.level == "department" or rng.random() < 0.3 else rng.choice((2, 3))
    style["published"] = f"{year + 1}-{month:02d}-{rng.randint(5, 28):02d}"
    title = f"{printed.name}{year}{style['title_year']}{REPORT_TITLE_WORDS[0]}"
    notes = [
        "Synthetic report (eval.synth): every figure is known; T3-A, T3-C, T3-D and T4-A hold in every column, "
        "row and block.",
        "X-1: 二、上年结转 equals the previous year's 四、结转下年度 column by column"
        + (" (first simulated year: carried-in drawn at random)." if first_year else "."),
    ]
    if fmt == "2019":
        notes.append(f"表二 本年增/减 printed in the '{style['sign']}' style; 采购总金额 printed as "
                     f"'{t2[('procurement', 'amount')].raw}' = {t2[('procurement', 'amount')].value} 元.")
    else:
        notes.append(f"表二 本年收费金额 printed as a bare number in 万元 ({t2[('fees', 'amount')].raw}).")
    if printed.name != a.name:
        notes.append(_name_note(a, printed))
    if style["zero"] == "blank":
        notes.append("Grid renderings (html, pdf, docx) print zero cells of 表三 and 表四 blank: read blank as 0.")
    return ReportTruth(agency=a, year=year, format=fmt, title=title, table2=t2, table3=t3, table4=t4,
                       preamble=narrative.preamble, sections=narrative.sections, facts=narrative.facts,
                       style=style, notes=notes, printed_agency=printed.name, name_form=printed.form,
                       name_typo=printed.typo)


_FORM_WORDS = {"full": "its official name", "no_city": "without the city prefix",
               "no_government": "without 人民政府", "no_city_no_government": "without the city prefix and 人民政府"}


def _name_note(a: Agency, printed: PrintedName) -> str:
    note = f"The report prints the agency as '{printed.name}' ({_FORM_WORDS[printed.form]}"
    if printed.typo:
        note += f", with '{printed.typo['printed']}' misread for '{printed.typo['official']}'"
    return note + f"); the agency is {a.name}."


def check_continuity(previous: ReportTruth, current: ReportTruth) -> list[str]:
    """Cross-year rules between consecutive reports of one agency: X-1 and the 2019 item counts (X-4)."""
    problems: list[str] = []
    pc, cc = previous.cells(), current.cells()
    for last, this in carry_over_pairs():
        if pc[last] != cc[this]:
            problems.append(f"X-1 {this.column}: {pc[last]} != {cc[this]}")
    if previous.format == current.format == "2019":
        for row in ("licensing", "other_services", "penalty", "enforcement", "fees"):
            want = pc[CellKey(2, row, "items_last_year")] + pc[CellKey(2, row, "change")]
            if cc[CellKey(2, row, "items_last_year")] != want:
                problems.append(f"X-4 {row}")
    if previous.format == current.format == "2021":
        for row in ("rules", "normative"):
            want = (pc[CellKey(2, row, "in_force")] + cc[CellKey(2, row, "issued")]
                    - cc[CellKey(2, row, "repealed")])
            if cc[CellKey(2, row, "in_force")] != want:
                problems.append(f"X-3 {row}")
    return problems


# ---------------------------------------------------------------------------
# The corpus on disk
# ---------------------------------------------------------------------------


def generate_corpus(out_dir: str | Path, agencies: int = 10, years: range | Iterable[int] = range(2019, 2026),
                    renderings: Sequence[str] = RENDERINGS, seed: int = 0, noise: float = 0.3, *,
                    progress: bool = True, variety: Variety = TIDY) -> list[Path]:
    """Write a synthetic corpus: truth JSON plus each rendering of every report.

    Layout (see the module docstring): ``out_dir/truth/<id>.json``, ``out_dir/html/<id>.html``,
    ``out_dir/pdf/<id>.pdf``, ``out_dir/docx/<id>.docx``, ``out_dir/text/<id>.txt``,
    ``out_dir/md/<id>.md`` and ``out_dir/scanned/<id>.pdf`` (when asked for) and ``out_dir/manifest.json``, where ``<id>`` is ``<slug>-<year>``. ``variety`` as in
    :func:`generate_truths`.

    Returns:
        The paths written (truth files included, the manifest last).
    """
    from tqdm import tqdm

    from . import render

    unknown = [r for r in renderings if r not in ALL_RENDERINGS]
    if unknown:
        raise ValueError(f"unknown rendering(s) {', '.join(unknown)}; choose from {', '.join(ALL_RENDERINGS)}")
    if not 0 <= noise <= 1:
        raise ValueError(f"noise must be between 0 and 1 (got {noise})")
    out = Path(out_dir)
    truths = generate_truths(agencies, years, seed, variety=variety)
    for sub in ("truth", *renderings):
        (out / sub).mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for truth in tqdm(truths, desc="synthetic reports", unit="report", disable=not progress):
        rid = truth.report_id
        for r in renderings:
            rel = f"{r}/{rid}.{EXTENSIONS[r]}"
            path = out / rel
            if r == "html":
                path.write_text(render.render_html(truth, chrome=bool(truth.style["chrome"])), encoding="utf-8")
            elif r == "pdf":
                path.write_bytes(render.render_pdf(truth))
            elif r == "docx":
                path.write_bytes(render.render_docx(truth))
            elif r == "md":
                from .render_md import render_markdown

                md_rng = random.Random(f"govqa-synth/{seed}/md/{rid}")
                path.write_text(render_markdown(truth, md_rng), encoding="utf-8")
            elif r == "scanned":
                path.write_bytes(render.render_scanned(truth, random.Random(f"govqa-synth/{seed}/scanned/{rid}")))
            else:
                text_rng = random.Random(f"govqa-synth/{seed}/text/{rid}")
                path.write_text(render.render_text(truth, noise, text_rng), encoding="utf-8")
            truth.files[r] = rel
            written.append(path)
        tpath = out / "truth" / f"{rid}.json"
        tpath.write_text(json.dumps(truth.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(tpath)
    manifest = out / "manifest.json"
    manifest.write_text(json.dumps({
        "generator": "eval.synth", "seed": seed, "noise": noise, "agencies": agencies,
        "years": sorted(set(years)), "renderings": list(renderings), "variety": variety.to_dict(),
        "reports": [{"id": t.report_id, "agency": t.agency.name, "printed_agency": t.printed_name,
                     "level": t.level, "year": t.year,
                     "format": t.format, "truth": f"truth/{t.report_id}.json", "files": t.files} for t in truths],
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    written.append(manifest)
    return written


def load_truth(path: str | Path) -> ReportTruth:
    """Read a truth JSON written by :func:`generate_corpus`."""
    return ReportTruth.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


__all__ = [
    "ALL_RENDERINGS", "DEFAULT_RENDERINGS", "EXTENSIONS", "FIRST_YEAR", "RENDERINGS", "TIDY", "Agency", "ReportTruth",
    "T2Value", "Variety", "check_continuity", "format_for_year", "generate_corpus", "generate_truths", "gold_key",
    "load_truth", "make_agencies",
]
