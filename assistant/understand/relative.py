"""A relative year written beside a year ("2025年上年转过来的", "2020 … the previous year", "2021年拖到下一年"),
and a carry-over dated by the years it passed between ("carried over from 2024 into 2025"):
a row or column whose own name holds the year before or after (上年结转, 结转下年度, 上一年项目数量, 本年增/减),
the other year of a change or comparison, the same year said twice — or a word left over."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from index import reportformat as rf

from . import formula, grounding, words
from .mentions import _Match, _YearItem
from .metrics import row_prints
from .agencies import Catalog
from .spans import CarryOver, carry_over, carry_over_report_year, from_year, into_year, mentions_any
from .types import Metric, Query


@dataclass
class BesideYear:
    """The question as the relative year beside its year reads it."""

    metric: Metric | None
    operation: str
    years: list[int]
    flags: list[str] = field(default_factory=list)
    relative_words: tuple[str, ...] = ()  # relative-year words no cell or operation explains: left over
    carry_words: tuple[str, ...] = ()  # carry-over words settled by the years they pass between


def beside_year(question: str, years_written: Sequence[_YearItem], matches: list[_Match], explicit: Sequence[int],
                relative: Sequence[int], metric: Metric | None, operation: str, context: Query | None,
                years: list[int]) -> BesideYear:
    """Read a relative year (offsets ``relative``) written beside the years ``explicit``."""
    flags: list[str] = []
    relative_words: tuple[str, ...] = ()
    carry_words: tuple[str, ...] = ()
    relative = list(relative)
    items_last_year = row_prints(metric, rf.T2_PRIOR_YEAR_COLUMN, explicit)
    signed_change = row_prints(metric, rf.T2_SIGNED_CHANGE_COLUMN, explicit)
    carry_side = rf.CARRY_OVER_REPORT_YEAR.get(metric.row or "") if metric is not None and metric.table == 3 \
        else None
    if items_last_year and relative == [-1] and operation == "value":
        metric = Metric(2, row=metric.row, column=rf.T2_PRIOR_YEAR_COLUMN)
    elif carry_side is not None and operation == "value" and len(set(explicit)) == 1 and (
            (relative == [-1] and (carry_side == "later" or into_year(question, years_written) == explicit[0]))
            or (relative == [1] and (carry_side == "earlier" or from_year(question, years_written) == explicit[0]))):
        # "2025年上年转过来的", "carried into 2025 from the previous year": the year before is in the
        # row's own name (上年结转); "2021年拖到下一年的", "from 2021 into the next year": 结转下年度
        metric = Metric(3, row=rf.CARRY_OVER_ROWS["later" if relative == [-1] else "earlier"])
        # the carry-over words name either row; the year they pass between says which
        carry_words = tuple(m.text for m in matches if any(t.kind == "t3row" for t in m.targets) and all(
            t.kind != "t3row" or t.id in rf.CARRY_OVER_ROWS.values() for t in m.targets))
    elif set(relative) - {0} == {-1} and len(set(explicit)) == 1 and (
            (signed_change and operation == "change") or (operation in ("change", "compare") and metric is not None
                                                          and metric.table == 2
                                                          and metric.column == rf.T2_SIGNED_CHANGE_COLUMN)):
        # "2020年行政许可比上年减了多少": the 2019 format prints that change itself (本年增/减), also when
        # its column is named ("the net change … against the previous year"); "during the year" beside "the
        # previous year" is the year named
        metric, operation = Metric(2, row=metric.row, column=rf.T2_SIGNED_CHANGE_COLUMN), "value"
        years = list(explicit)
    elif context is not None and context.years and len(relative) == 1 \
            and set(explicit) == {max(context.years) + relative[0]}:
        pass  # "and the year before, 2021?" after a question about 2022: one year, said twice
    elif operation in ("compare", "change", "trend"):
        years.extend(min(explicit) + off for off in relative if off)
        flags.append("relative_year")
    elif metric is not None and metric.table == 2 and metric.column == rf.T2_SIGNED_CHANGE_COLUMN \
            and relative == [-1] and len(set(explicit)) == 1:
        pass  # "比上一年增减了多少": 本年增/减 is the change from the year before, as printed
    elif carry_side is not None and set(relative) == ({1} if carry_side == "earlier" else {-1}):
        pass  # "rolled over into the following year" in each of several reports: the row's own name
    elif set(relative) != {0}:  # "2020 … this year" is 2020: the year named, said again
        relative_words = tuple(m.text for m in matches if any(t.kind == "rel" for t in m.targets))
    return BesideYear(metric, operation, years, flags, relative_words, carry_words)


def carry_report(question: str, years_written: Sequence[_YearItem], explicit: Sequence[int], metric: Metric,
                 carry: CarryOver | None, agencies: Sequence[str], catalog: Catalog
                 ) -> tuple[Metric, list[int], str] | None:
    """A carry-over row dated by the years it passed between ("carried over from 2024 into 2025", "new plus
    those carried over from 2023"): the one report printing it (上年结转 in the later report, 结转下年度 in the
    earlier) — (metric, [that year], "value"); None when the years are not written so."""
    side = rf.CARRY_OVER_REPORT_YEAR.get(metric.row or "") if metric.table == 3 else None
    if metric.derived == rf.CASELOAD:
        side = "later"
    report_year = carry_over_report_year(question, years_written, explicit, side,
                                         carry.passed_from if carry is not None else None) if side else None
    if report_year is None:
        return None
    # ("new plus those carried over from 2023", "organisations together": one report's cells, added)
    other_year = report_year - 1 if side == "later" else report_year + 1
    if carry is not None and side == "later" and carry.passed_from is None \
            and into_year(question, years_written) == report_year and agencies and not all(
            catalog.has(a, report_year) for a in agencies) and all(catalog.has(a, other_year) for a in agencies):
        # "carried over to 2022" with only the 2021 report stored: the same requests, printed there as
        # 结转下年度 (the carry-over word says neither row; the stored report prints the other). Not when a
        # year passed from is named ("2022: carried over from 2021" asks the 2022 report)
        return Metric(3, row=rf.CARRY_OVER_ROWS["earlier"]), [other_year], "value"
    if side == "earlier" and from_year(question, years_written) == report_year and agencies and not all(
            catalog.has(a, report_year) for a in agencies) and all(catalog.has(a, other_year) for a in agencies):
        # "rolled over from 2024" with only the 2025 report stored: the same requests, printed there as 上年结转
        return Metric(3, row=rf.CARRY_OVER_ROWS["later"]), [other_year], "value"
    return metric, [report_year], "value"


def new_beside_carried(question: str, matches: Sequence[_Match], years_written: Sequence[_YearItem],
                       metric: Metric | None, operation: str) -> tuple[Metric | None, str, bool]:
    """The new requests named by their own word ("新收", "brand-new") beside a carry-over word: (metric, operation,
    whether new was so named). With a word that adds ("Counting both brand-new applications and the ones carried
    over from 2024"), the two rows added: the caseload (it was read as the carried-over row alone: a wrong
    number). Otherwise the carry-over does not replace them (resolve leaves its words open)."""
    new = rf.T3_ROWS[0].id
    named = metric == Metric(3, row=new) and any(
        mentions_any(m.text, words.NEW_REQUESTS) for m in matches if any(t.kind == "t3row" and t.id == new for t in m.targets))
    if named and operation in ("value", "sum") and (operation == "sum" or formula.names_a_sum(question)) \
            and carry_over(question, years_written) is not None:
        return Metric(3, derived=rf.CASELOAD), "value", True
    return metric, operation, named


# a clause leaving the carried-over requests out of a count: "not counting the one carried over from 2021",
# "上一年结转过来的别算进去", "不算从2021年结转过来的"; it ends where the sentence or clause does
_CARRY_WORDS = "|".join(re.escape(w) for w in sorted(words.CARRY_OVER, key=len, reverse=True))
_LEFT_OUT_AFTER = "|".join(re.escape(w) for w in sorted(words._DATA["carry_left_out"]["after"], key=len, reverse=True))
_CARRY_LEFT_OUT = re.compile(
    rf"(?:{grounding.SET_ASIDE.pattern})[^，。,.;；？?!！]{{0,24}}?(?:{_CARRY_WORDS})[^，。,.;；？?!！]*"
    rf"|[^，。,.;；？?!！]{{0,12}}(?:{_CARRY_WORDS})[^，。,.;；？?!！]{{0,8}}?(?:{_LEFT_OUT_AFTER})",
    re.IGNORECASE)


def without_carry_left_out(question: str) -> str | None:
    """The question without a clause leaving the carried-over requests out ("How many requests did Pingtan
    receive in 2022, not counting the one carried over from 2021?"), or None when it has none: what is left asks
    the new requests (the carry-over and its year had been read as what is asked: a wrong number)."""
    found = _CARRY_LEFT_OUT.search(question)
    if found is None:
        return None
    return (question[:found.start()] + question[found.end():]).strip(" ，,")
