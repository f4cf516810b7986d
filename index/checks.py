"""The 勾稽关系 of ``reportformat`` checked over a report's figures, and across two years (X-1).

Each rule instance gives one :class:`CheckResult` (rule, scope, cells, expected, found, pass/fail).
Blank cells count as 0; implied, reconstructed and uncertain cells count with their value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from . import reportformat as rf
from .reportformat import CellKey, FormatVersion
from .types import CheckResult, Figure


def check_figures(figures: Iterable[Figure], fmt: FormatVersion) -> list[CheckResult]:
    """Every within-report rule instance (T3-A, T3-C, T3-D, T4-A) whose cells are all present."""
    values: dict[CellKey, int | float] = {f.key: (f.value or 0) for f in figures}
    results: list[CheckResult] = []
    # Some 2021-format reports print （六）其他处理 as the single 2019 row: check the layout printed.
    seen: set[tuple[str, tuple[CellKey, ...]]] = set()
    other = "2019" if fmt == "2021" else "2021"
    for eq in rf.equations(fmt) + rf.equations(other):
        if not all(c in values for c in eq.cells) or (eq.rule, eq.cells) in seen:
            continue
        seen.add((eq.rule, eq.cells))
        expected = sum(values[c] for c in eq.rhs)
        found = sum(values[c] for c in eq.lhs)
        results.append(CheckResult(
            rule=eq.rule, scope=eq.scope, cells=eq.cells, expected=expected, found=found,
            passed=expected == found,
            detail=f"{rf.RULES[eq.rule].english} ({eq.scope}): {found} vs {expected}"))
    return results


def check_carry_over(earlier: Mapping[CellKey, int | float], later: Mapping[CellKey, int | float],
                     earlier_id: str = "", later_year: int | None = None) -> list[CheckResult]:
    """Rule X-1: 结转下年度 of year Y−1 equals 上年结转 of year Y, column by column."""
    results: list[CheckResult] = []
    for out_key, in_key in rf.carry_over_pairs():
        if out_key not in earlier or in_key not in later:
            continue
        expected, found = earlier[out_key], later[in_key]
        col = next(c.label for c in rf.APPLICANT_COLUMNS if c.id == in_key.column)
        results.append(CheckResult(
            rule="X-1", scope=col, cells=(in_key,), expected=expected, found=found, passed=expected == found,
            detail=f"{rf.RULES['X-1'].english} ({col}): {found} vs {expected} in report {earlier_id}"
                   + (f" ({later_year - 1})" if later_year else "")))
    return results
