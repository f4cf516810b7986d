"""A sum or a ranking across every agency of a year, from the store's per-year tables.

Read naively, "2020年所有机关的行政复议总计多少件" or "2020年哪个机关的予以公开最多？" reads the
cell of every report of the year (14,300 at 100,000 reports) and builds a value and a citation for
each. The store keeps, exact in every write's own transaction, each cell added up over the
canonical reports of a year (:meth:`FiguresStore.cell_totals`) and each canonical report's cells
ordered by value (:meth:`FiguresStore.top_reports`): a sum is one row per cell, a ranking the top
of one key range, and only the few reports named in the answer are read in full.

Only how the number is computed changes, never whether one is stated: :func:`across_answer`
answers only when the per-year tables give exactly what adding up (or ranking) every report's
value would, and returns None otherwise, for the caller's per-report path:

- every report of the year holds every cell of the metric, read for certain (then each agency's
  value is its canonical copy's, as ``merge_copies`` picks it); or the metric is one cell and the
  year has no stored copies and no report holds it unreadable (a report without the cell is left out
  either way — with copies the per-report path may take another copy's value instead; an unreadable
  cell the per-report path names);
- the metric's cells are the same in every format that has it;
- a ranking by a ratio stays on the per-report path (each agency's own ratio; no per-year index);
- nothing to add up (no report holds the cell for certain): the per-report path says why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from index import reportformat as rf
from index.figures_store import CellTotal, FigureRecord, FiguresStore, TopReport
from index.reportformat import CellKey

from .answers import Answer
from .compose import figure_answer, total_answer
from .lookup import MetricValue, merge_copies, metric_value
from .understand import Query

RANKED = 10  # agencies a ranking names (compose.figure_answer shows the first 10)
CONTRIBUTORS = 20  # reports a sum across every agency cites by name (every one when the year has fewer)

Labels = Callable[[str], tuple[str, str]]  # a report format → the metric's (Chinese, English) name


def metric_cells(q: Query) -> tuple[tuple[CellKey, ...], tuple[CellKey, ...]] | None:
    """The metric's (numerator, denominator) cells when they are the same in every format that
    has the metric; None when they differ (the same key would mean different things)."""
    assert q.metric is not None
    found = {(q.metric.cells(fmt, q.applicant), q.metric.denominator(fmt, q.applicant))  # type: ignore[arg-type]
             for fmt in rf.FORMATS}
    found = {f for f in found if f[0]}
    return found.pop() if len(found) == 1 else None


def across_answer(store: FiguresStore, q: Query, years: Sequence[int], parsed: str,
                  labels: Labels) -> Answer | None:
    """A sum or a ranking over every agency of ``years`` from the per-year tables, or None when
    they would not give exactly what the per-report path gives (see the module docstring)."""
    if q.operation not in ("sum", "rank") or not years or q.agencies or q.agency_years or q.metric is None:
        return None
    cells = metric_cells(q)
    if cells is None:
        return None
    num, den = cells
    if q.operation == "rank" and den:
        return None  # each agency's own ratio: no per-year index orders it
    keys = (*num, *den)
    totals: dict[int, list[CellTotal]] = {}
    for year in dict.fromkeys(years):
        year_totals = store.cell_totals(year, keys)
        whole = all(t.uncertain == 0 and t.missing == 0 for t in year_totals)
        # a report whose cell is unreadable is not left out silently: the per-report path says which
        if not whole and not (len(keys) == 1 and not store.has_copies(year)
                              and all(t.uncertain == 0 for t in year_totals)):
            return None
        totals[year] = year_totals
    counted = sum(t[0].reports for t in totals.values())
    if counted == 0:
        return None  # nothing stored, or nothing readable: the per-report path words the refusal
    top: list[TopReport] = []
    for year in totals:
        top += store.top_reports(year, num, RANKED if q.operation == "rank" else CONTRIBUTORS)
    values = _values(store, q, top)
    if not values:
        return None
    fmt = values[0].format if values[0].format in rf.FORMATS else "2021"
    if q.operation == "rank":
        return figure_answer(labels(fmt), values, "rank", q.language, parsed, fewest="rank_least" in q.flags)
    sums = {k: sum(t[i].total for t in totals.values()) for i, k in enumerate(keys)}
    numerator = _amount(sum(sums[k] for k in num))
    denominator = _amount(sum(sums[k] for k in den)) if den else None
    if denominator == 0:
        return None  # no rate to state; the per-report path says so
    # the contributors shown: the largest first, as many as are cited
    shown = sorted(values, key=lambda v: (-sum((c.value or 0) for c in v.cells), v.year, v.agency))[:CONTRIBUTORS]
    return total_answer(labels(fmt), numerator, denominator, counted, sorted(totals), shown, num, den,
                        q.language, parsed)


def _amount(x: float) -> int | float:
    """A sum of stored values as the per-report path states it: to the fen, whole numbers as int."""
    x = round(x, 2)
    return int(x) if float(x).is_integer() else x


def _values(store: FiguresStore, q: Query, top: Sequence[TopReport]) -> list[MetricValue]:
    """The metric's value in each of these reports' agency and year, every stored copy read (the
    same values, citations and copy notes the per-report path gives these reports)."""
    assert q.metric is not None
    groups = {(t.agency, t.year) for t in top}
    if not groups:
        return []
    wanted = {k for fmt in rf.FORMATS for k in (*q.metric.cells(fmt, q.applicant),  # type: ignore[arg-type]
                                                  *q.metric.denominator(fmt, q.applicant))}  # type: ignore[arg-type]
    by_report: dict[str, list[FigureRecord]] = {}
    for r in store.figures(groups=groups, cells=wanted):
        by_report.setdefault(r.report_id, []).append(r)
    values = []
    for figs in by_report.values():
        fmt = figs[0].format if figs[0].format in rf.FORMATS else "2021"
        mv = metric_value(q.metric.cells(fmt, q.applicant), q.metric.denominator(fmt, q.applicant),  # type: ignore[arg-type]
                          figs)
        if mv is not None and mv.value is not None:
            values.append(mv)
    return merge_copies(values)


__all__ = ["CONTRIBUTORS", "RANKED", "across_answer", "metric_cells"]
