"""The years a question asks about, before any operation widens them: the years written, the last n,
a year counted from another ("去年", "the year after"), or, in a follow-up naming none, the years just
asked about (see ``resolve``, which runs this stage after the agencies are settled)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from index import reportformat as rf

from . import words
from .agencies import Catalog
from .mentions import _Scan
from .metrics import _Found, row_prints
from .spans import mentions_any
from .types import Metric, Query


@dataclass
class YearsAsked:
    """The years read from a question, with how they were found."""

    years: list[int]
    explicit: list[int]  # the years written, narrowed to the agencies' own for a span ("from 2021 onward")
    newest: int | None  # the newest stored year of the agencies (of any agency when none is named)
    stated: bool  # the question itself names its years (written, counted or relative)
    relative_beside_explicit: bool  # "2019 … the previous year": read beside the written year (``relative``)
    relative_asked: tuple[str, ...] = ()  # "去年" alone: last calendar year or the year before the newest?
    metric: Metric | None = None  # the metric as found, moved to the column naming the year before
    flags: list[str] = field(default_factory=list)


def asked_years(question: str, scan: _Scan, found: _Found, explicit: Sequence[int], last_n: int,
                agencies: Sequence[str], context: Query | None, catalog: Catalog, years_by_span: bool) -> YearsAsked:
    """The years asked about (see :class:`YearsAsked`)."""
    flags: list[str] = []
    metric = found.metric
    explicit = list(explicit)
    newest = catalog.newest_year(agencies) or catalog.newest_year()
    if years_by_span and agencies and (own := [y for y in explicit if any(catalog.has(a, y) for a in agencies)]):
        explicit = own  # "平潭公安局 from 2021 onward": the years it has
    years: list[int] = list(explicit)
    if last_n and newest:
        years.extend(range(newest - last_n + 1, newest + 1))
    relative_beside_explicit = bool(found.relative and explicit)
    relative_texts = {t.id for m in scan.matches for t in m.targets if t.kind == "rel"}
    relative_asked: tuple[str, ...] = ()
    carry_row = metric.row if metric is not None and metric.table == 3 else None
    in_row_name = context is not None and len(context.years) == 1 and not explicit and (
        (set(found.relative) == {-1} and (carry_row == rf.CARRY_OVER_ROWS["later"]
                                     or row_prints(metric, rf.T2_PRIOR_YEAR_COLUMN, context.years)))
        or (set(found.relative) == {1} and carry_row == rf.CARRY_OVER_ROWS["earlier"]))
    if in_row_name:
        # "去年结转过来的有多少", "上一年是多少项" after a question about 2025: the year before is in the row's
        # (上年结转) or column's (上一年项目数量) own name, read in the report just asked about; so is the year
        # after in 结转下年度 ("and how many got pushed on into the following year?")
        if metric is not None and metric.table == 2:
            metric = Metric(2, row=metric.row, column=rf.T2_PRIOR_YEAR_COLUMN)
        years.extend(context.years)  # type: ignore[union-attr]
        flags.append("relative_in_row_name")
    elif found.relative and context is not None and context.years and not explicit and relative_texts \
            and not relative_texts <= words.RELATIVE_NEWEST:
        # "and the year after?", "那去年呢" after a 2020 question: counted from the year just asked about
        years.extend(max(context.years) + off for off in found.relative)
        flags.append("relative_year")
    elif found.relative and newest and not relative_beside_explicit:
        years.extend(newest + off for off in found.relative)
        flags.append("relative_year")
        if not relative_texts <= words.RELATIVE_NEWEST:
            # "平潭去年收到多少": last calendar year or the year before the newest report? asked back
            relative_asked = tuple(m.text for m in scan.matches if any(
                t.kind == "rel" and t.id not in words.RELATIVE_NEWEST for t in m.targets))
    stated = bool(years)
    if not stated and context is not None and context.years:
        years = list(context.years)
        flags.append("inherited_years")
        if "default_year" in context.flags:
            # the year the previous turn filled in, which its question never stated (and was asked back about):
            # carried over it is still filled in, never a year this follow-up grounds
            flags.append("default_year")
        if agencies and not (set(agencies) & set(context.agencies)) and not mentions_any(question, words.SAME_YEAR) and all(
                len(catalog.years(a)) == 1 and not any(catalog.has(a, y) for y in years) for a in agencies):
            # "沭阳县的呢" after 淮安市2024: the agency named now has one report, of another year: that
            # report is offered back (a year the question does not state is never filled in silently)
            years = sorted({catalog.years(a)[0] for a in agencies})
            flags[-1] = "own_year"
            # a year the previous turn did not state either (its agency's only report: "淮安市政府的行政许可决定
            # 有多少件？" then "那洪泽呢"): this agency's only report, as grounded as that one was
            flags.append("only_stored_year" if "only_stored_year" in context.flags and len(agencies) == 1
                         else "default_year")
    return YearsAsked(years=years, explicit=explicit, newest=newest, stated=stated,
                      relative_beside_explicit=relative_beside_explicit, relative_asked=relative_asked,
                      metric=metric, flags=flags)
