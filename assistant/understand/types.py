"""The records understanding produces: :class:`Query` and its parts."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from index import reportformat as rf
from index.reportformat import CellKey, FormatVersion

from .stated import StatedFigure
from .text import _short_label
from .years import format_of

Operation = Literal["value", "compare", "change", "trend", "sum", "rank", "ratio"]
Route = Literal["figures", "narrative", "both", "check", "overview"]
Language = Literal["zh", "en"]

_T2_EQUIVALENT = {"issued": ("made",), "made": ("issued",), "in_force": ("total_public",),
                  "total_public": ("in_force",)}

_OP_NAMES: dict[str, tuple[str, str]] = {
    "value": ("取值", "value"), "compare": ("比较", "compare"), "change": ("变化", "change"),
    "trend": ("趋势", "trend"), "sum": ("合计", "sum across agencies"), "rank": ("排名", "rank"),
    "ratio": ("比例", "ratio"),
}


@dataclass(frozen=True)
class AgencyMention:
    """An agency named in the question: the words as typed and the stored agencies they fit, best first."""

    text: str
    candidates: tuple[str, ...]
    fuzzy: bool = False  # no stored name matched exactly: these differ from ``text`` by one character

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


@dataclass(frozen=True)
class Unresolved:
    """Something the question names that the catalog or the format does not have.

    ``kind`` is ``"agency"`` (no stored agency fits ``mention``), ``"year"`` (no report of
    ``agency`` for that year; ``available`` lists the stored years) or ``"metric"`` (the metric
    does not exist in the table format of that year, e.g. 政府集中采购 after 2020; with ``year``
    None, a quantity no report format records, e.g. the number of staff or website visits).
    """

    kind: Literal["agency", "year", "metric"]
    mention: str
    agency: str | None = None
    available: tuple[int, ...] = ()
    year: int | None = None

    def describe(self, language: Language = "zh") -> str:
        stored = "、".join(map(str, self.available)) if language == "zh" else ", ".join(map(str, self.available))
        if self.kind == "agency":
            return f"未找到机关“{self.mention}”" if language == "zh" else f"no stored agency matches “{self.mention}”"
        if self.kind == "year":
            year = self.year or self.mention
            if language == "zh":
                return f"{self.agency or '库中'}没有{year}年的报告" + (f"（已有：{stored}）" if stored else "")
            who = f"for {self.agency}" if self.agency else "in the store"
            return f"no {year} report {who}" + (f" (stored: {stored})" if stored else "")
        if self.year is None:
            if language == "zh":
                return f"年报的统计表格没有“{self.mention}”这一项" + (f"（有此项的年份：{stored}）" if stored else "")
            return f"the annual reports' tables do not record “{self.mention}”" + (
                f" (years that have it: {stored})" if stored else "")
        if language == "zh":
            return f"{self.year}年报告的格式中没有“{self.mention}”" + (f"（有此项的年份：{stored}）" if stored else "")
        return f"“{self.mention}” is not in the {self.year} report format" + (
            f" (years that have it: {stored})" if stored else "")


@dataclass(frozen=True)
class Metric:
    """What figure is asked for: a printed cell pattern or a derived metric.

    * 表三 row: ``Metric(3, row="granted")``; the applicant column is :attr:`Query.applicant`.
    * 表二 cell: ``Metric(2, row="penalty", column="decisions")``; ``column=None`` means the format's
      default column for that row (see :meth:`t2_column`); the id may differ between the 2019 and
      2021 formats (in_force ↔ total_public, issued ↔ made).
    * 表四 cell: ``Metric(4, row="cases", column="review.total")``.
    * derived: ``Metric(3, derived="denied")`` (a group sum or rate; ids of ``reportformat.DERIVED_BY_ID``),
      ``Metric(4, derived="litigation_total")``.
    * 表四 cells summed: ``Metric(4, row="cases", parts=("suit_direct.upheld", "suit_after.upheld"))``
      ("how many lawsuits were upheld", both kinds of suit).
    * 表三 rows summed as the question spells it out: ``Metric(3, parts=("granted", "partial"))``
      ("予以公开加上部分公开"); over several rows: ``Metric(3, row="processed_total",
      per_parts=("new", "carried_in"))`` ("办结数除以新收加上年结转").
    """

    table: int
    row: str | None = None
    column: str | None = None
    derived: str | None = None
    parts: tuple[str, ...] = ()
    # a 表三 row's share of this row ("占办结总数的比例": per="processed_total"); 表四: a column's share of
    # another; 表二: this row's column over another column of the same row ("废止的占制发的百分之几")
    per: str | None = None
    per_parts: tuple[str, ...] = ()  # a share of these 表三 rows added up, as the question spells it out

    @property
    def id(self) -> str:
        if self.derived:
            return f"derived:{self.derived}"
        numerator = "+".join(self.parts) if self.table == 3 and self.parts else self.row
        if self.table == 2 and self.per:
            return f"T2:{self.row}:{self.column}/{self.per}"
        if self.per or self.per_parts:
            return f"T{self.table}:{numerator}/{self.per or '+'.join(self.per_parts)}"
        if self.table == 3 and self.parts:
            return f"T3:{numerator}"
        if self.parts:
            return f"T{self.table}:{self.row}:{'+'.join(self.parts)}"
        return f"T{self.table}:{self.row}" + (f":{self.column}" if self.column else "")

    @property
    def is_derived(self) -> bool:
        return self.derived is not None or bool(self.parts) or self.per is not None or bool(self.per_parts)

    def available(self, fmt: FormatVersion) -> bool:
        """Whether the metric exists in this table format."""
        if self.derived:
            return fmt in rf.DERIVED_BY_ID[self.derived].formats
        if self.table == 3:
            rows = (*((self.row,) if self.row else ()), *self.parts, *self.per_parts)
            return all(fmt in rf.T3_ROW_BY_ID[r].formats for r in rows)
        if self.table == 2 and self.parts:  # 表二 rows the question adds up ("行政处罚和行政强制")
            return all(Metric(2, row=r, column=self.column).t2_column(fmt) is not None for r in self.parts)
        if self.table == 2 and self.per:
            return self.t2_column(fmt) is not None and Metric(2, row=self.row, column=self.per).t2_column(fmt) is not None
        if self.table == 2:
            return self.t2_column(fmt) is not None
        return True

    def t2_column(self, fmt: FormatVersion) -> rf.Column | None:
        """表二: the column read in this format (the named one or its equivalent, else the default)."""
        block = next((b for b in rf.T2_BLOCKS[fmt] if any(r.id == self.row for r in b.rows)), None)
        if block is None:
            return None
        by_id = {c.id: c for c in block.columns}
        if self.column:
            for cid in (self.column, *_T2_EQUIVALENT.get(self.column, ())):
                if cid in by_id:
                    return by_id[cid]
            return None
        # Default: the last column that is not a signed change (处理决定数量, 对外公开总数量/现行有效件数, 金额).
        return next((c for c in reversed(block.columns) if c.kind != "signed"), block.columns[-1])

    def cells(self, fmt: FormatVersion, applicant: str | None = None) -> tuple[CellKey, ...]:
        """The printed cells that add up to this metric (a ratio's numerator); () if not in ``fmt``."""
        if not self.available(fmt):
            return ()
        cols = _applicant_columns(applicant)
        if self.derived:
            d = rf.DERIVED_BY_ID[self.derived]
            if d.table == 4:
                return tuple(CellKey(4, rf.T4_ROW.id, p) for p in d.parts)
            return tuple(CellKey(3, r, c) for r in d.parts for c in cols)
        if self.table == 3:
            return tuple(CellKey(3, r, c) for r in (self.parts or (self.row or "",)) for c in cols)
        if self.table == 2 and self.parts:
            cols = [(r, Metric(2, row=r, column=self.column).t2_column(fmt)) for r in self.parts]
            return tuple(CellKey(2, r, c.id) for r, c in cols if c is not None)
        if self.table == 2:
            col = self.t2_column(fmt)
            return (CellKey(2, self.row or "", col.id),) if col else ()
        return tuple(CellKey(4, rf.T4_ROW.id, p) for p in (self.parts or (self.column or "",)))

    def denominator(self, fmt: FormatVersion, applicant: str | None = None) -> tuple[CellKey, ...]:
        """For a ratio metric, the cells divided by; otherwise ()."""
        if self.per and self.table == 2:
            col = Metric(2, row=self.row, column=self.per).t2_column(fmt)
            return (CellKey(2, self.row or "", col.id),) if col is not None and self.available(fmt) else ()
        if self.per and self.table == 4:
            return (CellKey(4, rf.T4_ROW.id, self.per),)
        if self.per_parts and self.table == 4:  # "what share of all lawsuits": both suits' totals
            return tuple(CellKey(4, rf.T4_ROW.id, c) for c in self.per_parts)
        if self.per and self.per == self.row:  # one applicant type's share of its row: over the row's 总计
            return (CellKey(3, self.per, rf.APPLICANT_TOTAL),)
        if self.per or self.per_parts:
            return tuple(CellKey(3, r, c) for r in (self.per_parts or (self.per or "",))
                         for c in _applicant_columns(applicant))
        if not self.derived or rf.DERIVED_BY_ID[self.derived].kind != "ratio" or not self.available(fmt):
            return ()
        return tuple(CellKey(3, r, c) for r in rf.DERIVED_BY_ID[self.derived].denominator
                     for c in _applicant_columns(applicant))

    def label(self, fmt: FormatVersion = "2021", language: Language = "zh") -> str:
        """The official Chinese labels (with the English name in parentheses for ``en``)."""
        zh, en = self._labels(fmt)
        return zh if language == "zh" else f"{zh} ({en})"

    def _labels(self, fmt: FormatVersion) -> tuple[str, str]:
        if self.derived and not self.per:
            d = rf.DERIVED_BY_ID[self.derived]
            return f"{_table_zh(d.table)} {d.label}", d.english
        if self.per and self.table == 4:
            col, per = rf.T4_COLUMN_BY_ID[self.column or ""], rf.T4_COLUMN_BY_ID[self.per]
            return f"{_table_zh(4)} {col.label} 占 {per.label} 的比例", f"{col.english} as a share of {per.english}"
        if self.table == 3 and (self.parts or self.per_parts):
            # a sum or a share the question spelled out: each row named, joined as it was asked
            share = bool(self.per or self.per_parts)
            num_zh, num_en = _rows_joined(self.parts or (self.row or "",), wrap=share)
            if not share:
                return f"{_table_zh(3)} {num_zh}", num_en
            den_zh, den_en = _rows_joined(self.per_parts or (self.per or "",), wrap=True)
            return f"{_table_zh(3)} {num_zh} 占 {den_zh} 的比例", f"{num_en} as a share of {den_en}"
        if self.table == 3 and self.per:
            per = rf.T3_ROW_BY_ID[self.per]
            if self.derived:
                d = rf.DERIVED_BY_ID[self.derived]
                return (f"{_table_zh(3)} {d.label} 占 {_short_label(per.path)} 的比例",
                        f"{d.english} as a share of {per.english}")
            row = rf.T3_ROW_BY_ID[self.row or ""]
            if self.per == self.row:
                return (f"{_table_zh(3)} {_short_label(row.path)} 占该行总计的比例",
                        f"{row.english} as a share of the row's total")
            return (f"{_table_zh(3)} {_short_label(row.path)} 占 {_short_label(per.path)} 的比例",
                    f"{row.english} as a share of {per.english}")
        if self.table == 3:
            row = rf.T3_ROW_BY_ID[self.row or ""]
            return f"{_table_zh(3)} {_short_label(row.path)}", row.english
        if self.table == 2 and self.per:
            num_zh, num_en = Metric(2, row=self.row, column=self.column)._labels(fmt)
            den = Metric(2, row=self.row, column=self.per).t2_column(fmt) or Metric(
                2, row=self.row, column=self.per).t2_column("2019" if fmt == "2021" else "2021")
            den_zh, den_en = (_short_label(den.label), den.english) if den else (self.per, self.per)
            return f"{num_zh} 占 {den_zh} 的比例", f"{num_en} as a share of {den_en}"
        if self.table == 2 and self.parts:
            labels = [Metric(2, row=r, column=self.column)._labels(fmt) for r in self.parts]
            return (f"{_table_zh(2)} " + " + ".join(z.split(" ", 1)[-1] for z, _ in labels),
                    " + ".join(e for _, e in labels))
        if self.table == 2:
            other: FormatVersion = "2019" if fmt == "2021" else "2021"
            for f in (fmt, other):
                block = next((b for b in rf.T2_BLOCKS[f] if any(r.id == self.row for r in b.rows)), None)
                col = self.t2_column(f)
                if block and col:
                    row = next(r for r in block.rows if r.id == self.row)
                    return (f"{_table_zh(2)} {block.group.label} {row.label}/{_short_label(col.label)}",
                            f"{row.english}: {col.english}")
            row = _t2_row_any(self.row or "")
            return f"{_table_zh(2)} {row.label}", row.english
        if self.table == 4 and self.per_parts:
            # a share over several 表四 columns ("of all lawsuits, what share were filed directly")
            num = Metric(4, row=self.row, column=self.column, parts=self.parts)._labels(fmt)
            if set(self.per_parts) == set(rf.DERIVED_BY_ID["litigation_total"].parts):
                den = (rf.DERIVED_BY_ID["litigation_total"].label, rf.DERIVED_BY_ID["litigation_total"].english)
            else:
                cols = [rf.T4_COLUMN_BY_ID[p] for p in self.per_parts]
                den = (" + ".join(c.label for c in cols), " + ".join(c.english for c in cols))
            return (f"{num[0]} 占 {den[0]} 的比例", f"{num[1]} as a share of {den[1]}")
        if self.parts and ({p.split(".")[0] for p in self.parts} != set(rf.SUIT_BLOCKS)
                           or len({p.split(".")[-1] for p in self.parts}) > 1):
            # 表四 blocks the question adds up ("复议加诉讼"): each column named
            cols = [rf.T4_COLUMN_BY_ID[p] for p in self.parts]
            return (f"{_table_zh(4)} " + " + ".join(c.label for c in cols), " + ".join(c.english for c in cols))
        if self.parts:
            outcome = next(o for o in rf.T4_OUTCOMES if o.id == self.parts[0].split(".")[-1])
            return (f"{_table_zh(4)} {rf.LITIGATION.label}/{outcome.label}（合计）",
                    f"{rf.LITIGATION.english}: {outcome.english}")
        col = rf.T4_COLUMN_BY_ID[self.column or ""]
        return f"{_table_zh(4)} {col.label}", col.english


def _rows_joined(rows: Sequence[str], wrap: bool) -> tuple[str, str]:
    """表三 rows added up, in Chinese and English: "（一）予以公开 + （二）部分公开" (in brackets when
    ``wrap`` and there are several: one side of a share)."""
    group = next((d for d in rf.DERIVED_BY_ID.values() if d.kind == "sum" and d.table == 3
                  and tuple(d.parts) == tuple(rows)), None)
    if group is not None:  # a whole group: its own name ("（三）不予公开（合计）")
        return f"{group.label}", group.english
    found = [rf.T3_ROW_BY_ID[r] for r in rows]
    zh = " + ".join(_short_label(r.path) for r in found)
    en = " + ".join(r.english for r in found)
    return (f"（{zh}）", f"({en})") if wrap and len(found) > 1 else (zh, en)


def _applicant_columns(applicant: str | None) -> tuple[str, ...]:
    if applicant == rf.ORGANISATION_HEADER.id:
        return tuple(rf.ORGANISATION_COLUMN_IDS)
    if applicant and "+" in applicant:  # columns added: "commercial+legal", "natural+legal_persons"
        return tuple(c for part in applicant.split("+") for c in _applicant_columns(part))
    return (applicant or rf.APPLICANT_TOTAL,)


def _table_zh(table: int) -> str:
    return rf.TABLE_NAMES[table][0].split()[0]


@cache
def _t2_row_any(row_id: str) -> rf.Row:
    for fmt in rf.FORMATS:
        for block in rf.T2_BLOCKS[fmt]:
            for row in block.rows:
                if row.id == row_id:
                    return row
    raise KeyError(row_id)


def applicant_label(applicant: str) -> tuple[str, str]:
    """The (Chinese, English) name of a 表三 column, a group of them, or columns added ("commercial+legal")."""
    if "+" in applicant:
        labels = [applicant_label(a) for a in applicant.split("+")]
        return "＋".join(z for z, _ in labels), " + ".join(e for _, e in labels)
    if applicant == rf.ORGANISATION_HEADER.id:
        return f"{rf.ORGANISATION_HEADER.label}（五类之和）", f"{rf.ORGANISATION_HEADER.english} (sum of five)"
    col = next(c for c in rf.APPLICANT_COLUMNS if c.id == applicant)
    return col.label, col.english


@dataclass(frozen=True)
class Query:
    """A question as understood.

    ``agencies`` lists every candidate agency (flattened from ``mentions``; several candidates for one
    mention means it is ambiguous, see :attr:`ambiguous`). ``years`` is sorted; a compare/change
    question uses its first and last year. ``metric`` is None for a narrative question.
    ``applicant`` is the 表三 column id (``"total"`` by default, ``"legal_persons"`` for the
    derived 法人或其他组织 sum) and None when the metric is not in 表三. ``section`` is the number of
    the report section the question points to (``"五"`` for problems), if any. ``topics`` are
    Chinese search words for the narrative route. ``flags`` record how parts were decided
    (``ambiguous_agency``, ``fuzzy_agency`` (a stored name one character off the typed one),
    ``derived_column``, ``derived_metric``, ``default_column``, ``default_year``, ``only_stored_year`` (no year
    named, one stored), ``relative_year``,
    ``not_recorded`` (a quantity no format records: route figures, metric None, an ``unresolved``
    metric without a year), ``follow_up``, ``inherited_agency`` …).
    """

    question: str
    language: Language
    agencies: tuple[str, ...] = ()
    mentions: tuple[AgencyMention, ...] = ()
    years: tuple[int, ...] = ()
    metric: Metric | None = None
    applicant: str | None = None
    operation: Operation = "value"
    route: Route = "narrative"
    section: str | None = None
    topics: tuple[str, ...] = ()
    unresolved: tuple[Unresolved, ...] = ()
    flags: tuple[str, ...] = ()
    # Words no part of the understanding explains (see grounding): no number is stated while any remain.
    unaccounted: tuple[str, ...] = ()
    carried: tuple[str, ...] = ()  # what a follow-up took from the previous turn: "agency", "years", "metric" …
    # What the text is searched with: the question without the agency and years it names (they are
    # filters, not topic words), plus the Chinese topic words found.
    search_text: str = ""
    # Each agency with its own year, when the question pairs them ("淮安市2024、沭阳县2025这三家"):
    # read as these pairs, not as every agency in every year.
    agency_years: tuple[tuple[str, int], ...] = ()
    # Other metrics the question's words could name, best first (readings for a question back).
    alternatives: tuple[Metric, ...] = ()
    # The years of the turns before, when this one only moved the year ("2019年…" then "2025年呢"):
    # a next "涨了多少" / "what's the change between those two years" is between them.
    earlier_years: tuple[int, ...] = ()
    # Words read as others typed alike ("申清" as 申请): (typed, read) pairs, shown in "Understood as".
    typed: tuple[tuple[str, str], ...] = ()
    # Cells of one report set side by side, ``metric`` the first: two compared ("维持的多还是纠正的多"), in the
    # question's order; or, with operation "rank", a group's parts ranked ("不予公开的理由里哪条最多").
    compared: tuple[Metric, ...] = ()
    # Two applicant columns of ``metric``'s row side by side ("是企业来的多还是律所来的多"), in the question's order.
    compared_columns: tuple[str, ...] = ()
    # One cell of two reports as a ratio ("2022年的新收申请量是2021年的百分之几"): (numerator, denominator) reports.
    ratio_of: tuple[tuple[str, int], ...] = ()
    # Counts the question itself states ("新收申请3119件"), their numbers left in ``unaccounted``: the answer
    # accounts for them only when each is printed in the row asked (see ``stated``).
    stated: tuple[StatedFigure, ...] = ()

    @property
    def grounded(self) -> bool:
        """Every part is named by the question (or visibly carried over) and no word is left over."""
        return not self.unaccounted and not self.unresolved

    @property
    def agency(self) -> str | None:
        """The one agency asked about, when there is exactly one candidate."""
        return self.agencies[0] if len(self.agencies) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return any(m.ambiguous for m in self.mentions)

    @property
    def applicant_derived(self) -> bool:
        return self.applicant == rf.ORGANISATION_HEADER.id

    def cells(self, fmt: FormatVersion) -> tuple[CellKey, ...]:
        """The printed cells the metric adds up in this format (empty when it does not exist there)."""
        return self.metric.cells(fmt, self.applicant) if self.metric else ()

    def describe(self) -> str:
        """One line: 理解为：桦川县人民政府 · 2020 · 表三 （一）予以公开 · 总计 · 取值."""
        zh = self.language == "zh"
        parts: list[str] = []
        if self.mentions or self.agencies:
            groups = []
            for m in self.mentions:
                joined = ("或" if zh else " or ").join(m.candidates)
                if m.fuzzy:  # show the stored spelling next to the typed one
                    joined += f"（按“{m.text}”近似匹配）" if zh else f" (closest stored name to “{m.text}”)"
                groups.append(joined + (("（有歧义）" if zh else " (ambiguous)") if m.ambiguous else ""))
            parts.append(("、" if zh else "; ").join(groups) if groups else "、".join(self.agencies))
        elif self.operation in ("rank", "sum"):
            parts.append("全部机关" if zh else "all agencies")
        else:
            parts.append("未指定机关" if zh else "no agency named")
        if self.years:
            ys = self.years
            contiguous = len(ys) > 2 and ys[-1] - ys[0] == len(ys) - 1
            parts.append(f"{ys[0]}–{ys[-1]}" if contiguous else ("、" if zh else ", ").join(map(str, ys)))
        else:
            parts.append("未指定年份" if zh else "no year named")
        fmt = format_of(self.years[-1]) if self.years else "2021"
        if self.compared:
            joiner = ("、" if zh else ", ") if self.operation == "rank" else (" 与 " if zh else " vs ")
            parts.append(joiner.join(m.label(fmt, self.language) for m in self.compared))
        elif self.compared_columns and self.metric is not None:
            parts.append(self.metric.label(fmt, self.language))
            labels = [applicant_label(a) for a in self.compared_columns]
            parts.append((" 与 " if zh else " vs ").join(z if zh else f"{z} ({e})" for z, e in labels))
        elif self.metric is not None:
            parts.append(self.metric.label(fmt, self.language))
            if self.applicant:
                a_zh, a_en = applicant_label(self.applicant)
                parts.append(a_zh if zh else f"{a_zh} ({a_en})")
        if self.route in ("check", "overview"):
            parts.append({"check": ("勾稽关系核对", "consistency checks"),
                          "overview": ("概况", "overview")}[self.route][0 if zh else 1])
        elif self.route != "figures":
            section = rf.SECTION_BY_NUMBER.get(self.section or "")
            if zh:
                parts.append("正文" + (f" {section.number}、{section.heading}" if section else ""))
            else:
                parts.append("report text" + (f" {section.number}、{section.heading} ({section.english})"
                                              if section else ""))
        if self.route not in ("check", "overview"):
            parts.append(_OP_NAMES[self.operation][0 if zh else 1])
        line = ("理解为：" if zh else "Understood as: ") + " · ".join(parts)
        if "each_only_year" in self.flags:  # no year named: each agency's one stored report, said so
            line += "（问题未说年份，各机关按所存的唯一一年）" if zh else " (no year named; each agency's only stored year)"
        if "only_stored_year" in self.flags:  # no year named: the one stored report, said so
            line += "（问题未说年份，所存只有这一年）" if zh else " (no year named; the only year stored)"
        if self.typed:  # a word read as another typed alike: both shown
            pairs = ("、".join(f"“{a}”按“{b}”" for a, b in self.typed) if zh
                     else ", ".join(f"“{a}” as “{b}”" for a, b in self.typed))
            line += f"（{pairs}理解）" if zh else f" (read {pairs})"
        if "stated_printed" in self.flags:  # the counts the question repeats are the report's own
            line += "（问题中的数字与报告所印一致）" if zh else " (the figures the question gives match the report)"
        if "carry_left_out" in self.flags:  # "not counting the one carried over": the new requests alone
            line += "（不含上年结转）" if zh else " (carried-over requests left out)"
        if "story_set_aside" in self.flags:  # read from the sentence that asks: the story before it is not a part
            line += "（只按提问的那一句理解，前面的叙述未计入）" if zh else " (read from the sentence that asks; the story before it set aside)"
        if "semantic_metric" in self.flags:  # the metric was read by meaning: the label above is what was read
            line += "（指标按词义匹配）" if zh else " (metric matched by meaning)"
        if self.carried == ("pair",):  # "这俩加起来呢", "这三个里哪个最多": the figures of the turns before
            line += "（前几问给出的数字）" if zh else " (the figures of the previous questions)"
        elif self.carried:
            names = {"agency": ("机关", "agency"), "years": ("年份", "years"), "metric": ("指标", "metric"),
                     "applicant": ("申请人类型", "applicant column"), "operation": ("运算", "operation")}
            carried = [names[c][0 if zh else 1] for c in self.carried]
            line += (f"（沿用上一问的{'、'.join(carried)}）" if zh else f" (carried over from the previous question: "
                     f"{', '.join(carried)})")
        if self.unresolved:
            line += ("；" if zh else "; ") + ("；" if zh else "; ").join(u.describe(self.language)
                                                                       for u in self.unresolved)
        return line


# ---------------------------------------------------------------------------
# Scanning the question
# ---------------------------------------------------------------------------
