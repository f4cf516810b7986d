"""What a question asks of the store that it does not hold: a year an agency has no report for, a cell the
year's table format lacks. Each is an :class:`Unresolved` part, refused (or asked back) by name."""
from __future__ import annotations

from collections.abc import Sequence

from index import reportformat as rf

from .agencies import Catalog
from .text import _short_label
from .types import Metric, Unresolved
from .years import format_of


def not_stored(catalog: Catalog, agencies: Sequence[str], years: Sequence[int], pairs: Sequence[tuple[str, int]],
               raw_year: dict[int, str], metric: Metric | None, agency_years: Sequence[int],
               default_years: bool) -> list[Unresolved]:
    """The parts of the question the store lacks.

    Args:
        pairs: each agency with its own year, when the question pairs them ("淮安市2024、沭阳县2025").
        raw_year: each year as the question wrote it ("21年"), for the refusal.
        agency_years: the asked agencies' stored years (where a cell the format lacks is printed instead).
        default_years: the year was filled in, not stated (a year missing for one of several agencies
            compared is then asked back, not refused).
    """
    out: list[Unresolved] = []
    for a, y in pairs:
        if not catalog.has(a, y):
            out.append(Unresolved("year", raw_year.get(y, str(y)), agency=a, available=catalog.years(a), year=y))
    for y in years if not pairs and not (default_years and len(agencies) >= 2) else ():
        mention = raw_year.get(y, str(y))
        if agencies:
            for a in agencies:
                if not catalog.has(a, y):
                    out.append(Unresolved("year", mention, agency=a, available=catalog.years(a), year=y))
        elif len(catalog) and y not in catalog.years():
            out.append(Unresolved("year", mention, available=catalog.years(), year=y))
    if metric is not None:
        for y in years:
            fmt = format_of(y)
            if not metric.available(fmt):
                having = tuple(x for x in (agency_years or years) if metric.available(format_of(x)))
                out.append(Unresolved("metric", _short_label(metric.label(fmt, "zh")).split(" ", 1)[-1],
                                      available=having, year=y))
    return out


def in_the_years_format(metric: Metric, years: Sequence[int]) -> Metric:
    """A 表三 row the years' format lacks, read as what that format prints instead: （六）其他处理 as one row is the 2019
    format's; in the 2021 format's years the group is its three rows added. Otherwise the metric as it is."""
    if metric.table != 3 or not metric.row or metric.parts or any(metric.available(format_of(y)) for y in years):
        return metric
    as_group = next((Metric(3, derived=d.id) for d in rf.DERIVED_BY_ID.values() if d.table == 3 and d.kind == "sum"
                     and d.parts and all(p.split(".")[0] == metric.row for p in d.parts)), None)
    return as_group if as_group is not None and all(as_group.available(format_of(y)) for y in years) else metric
