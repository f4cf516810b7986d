"""What a question asks of the store that it does not hold: a year an agency has no report for, a cell the
year's table format lacks. Each is an :class:`Unresolved` part, refused (or asked back) by name."""
from __future__ import annotations

from collections.abc import Sequence

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
