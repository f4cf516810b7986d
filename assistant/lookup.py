"""Figure questions → evidence from the figures store: printed cells, and values computed from them.

A number is only ever answered from stored cells or computed from them. Every cell used comes
back with its report, labels, source line and check status, so the answer can cite it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from index import reportformat as rf
from index.reportformat import CellKey


class FigureRow(Protocol):
    """What the figures store returns per cell (see index.figures_store.FigureRecord)."""

    report_id: str
    agency: str
    year: int
    title: str
    format: str
    key: CellKey
    value: int | float | None
    check_status: str
    source_text: str


@dataclass
class MetricValue:
    """A metric's value in one report, with the cells it was computed from."""

    agency: str
    year: int
    report_id: str
    title: str
    format: str
    value: float | int | None
    cells: list[FigureRow] = field(default_factory=list)
    denominator: list[FigureRow] = field(default_factory=list)
    missing: list[CellKey] = field(default_factory=list)
    # cells the parser could not read for certain: no number is stated from them (the law)
    uncertain: list[FigureRow] = field(default_factory=list)
    copies: list[MetricValue] = field(default_factory=list)  # other stored copies that agree
    disagreeing: list[MetricValue] = field(default_factory=list)  # other stored copies that do not

    @property
    def canonical(self) -> bool:
        """From the canonical copy of its report (index.figures_store.FiguresStore.copies)."""
        return all(getattr(c, "canonical", True) for c in self.cells + self.denominator)

    @property
    def certain(self) -> bool:
        return all(c.check_status == "passes" for c in self.cells + self.denominator) and not self.missing


def group_rows(keys: set[CellKey] | Sequence[CellKey]) -> set[CellKey]:
    """The one-row forms of the 表三 groups these keys are sub-rows of (to read them beside the keys)."""
    out = set()
    for k in keys:
        row = rf.T3_ROW_BY_ID.get(k.row) if k.table == 3 else None
        if row is not None and row.group:
            out.add(CellKey(3, row.group, k.column))
    return out


def _printed_as_one_row(keys: Sequence[CellKey], by_key: dict) -> list[CellKey]:
    """A whole 表三 group asked for (every sub-row of （六）其他处理 in one column) in a report that printed
    the group as one row (洪泽区 2023: the 2019 layout's single 其他处理 row in a 2021-format table): that
    printed row stands for the group's sum. A single sub-row asked for is never replaced."""
    out: list[CellKey] = []
    for k in keys:
        row = rf.T3_ROW_BY_ID.get(k.row) if k.table == 3 else None
        group = row.group if row is not None else None
        whole = CellKey(3, group, k.column) if group else None
        parts = [r.id for r in rf.T3_ROWS if r.group == group] if group else []
        asked = {x.row for x in keys if x.table == 3 and x.column == k.column}
        if whole is not None and k not in by_key and whole in by_key and set(parts) <= asked \
                and not any(CellKey(3, p, k.column) in by_key for p in parts):
            if whole not in out:
                out.append(whole)
        else:
            out.append(k)
    return out


def metric_value(num_keys: Sequence[CellKey], den_keys: Sequence[CellKey],
                 figures: Sequence[FigureRow]) -> MetricValue | None:
    """Add up a metric's cells in one report's figures (a ratio: ÷ the denominator cells, in %).

    None when the report has no figures; ``value`` None when a cell is missing or the denominator is 0.
    """
    if not figures:
        return None
    first = figures[0]
    by_key = {f.key: f for f in figures}
    num_keys = _printed_as_one_row(num_keys, by_key)
    num = [by_key[k] for k in num_keys if k in by_key]
    den = [by_key[k] for k in den_keys if k in by_key]
    missing = [k for k in list(num_keys) + list(den_keys) if k not in by_key]
    out = MetricValue(first.agency, first.year, first.report_id, first.title, first.format, None, num, den, missing)
    if not num_keys or missing:
        return out
    out.uncertain = [c for c in num + den if "uncertain" in (getattr(c, "status", ""), c.check_status)]
    if out.uncertain:
        return out
    total = sum((c.value or 0) for c in num)
    if den_keys:
        denominator = sum((c.value or 0) for c in den)
        out.value = None if denominator == 0 else round(100.0 * total / denominator, 1)
    else:
        out.value = total
    return out


def merge_copies(values: Sequence[MetricValue]) -> list[MetricValue]:
    """One value per agency and year.

    The same report is often stored twice (its web page and its PDF): summed or ranked as two
    reports it would count twice. The canonical copy stands (else the most certain); copies that agree with it are cited
    beside it (``copies``), copies that do not are kept in ``disagreeing`` for the answer to say so.
    """
    kept: dict[tuple[str, int], MetricValue] = {}
    for v in sorted(values, key=lambda v: (v.value is None, not v.canonical, not v.certain)):
        first = kept.setdefault((v.agency, v.year), v)
        if first is not v:
            (first.copies if v.value == first.value else first.disagreeing).append(v)
    return list(kept.values())
