"""The plain records the store reads back, and the small conversions they need."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

from ..reportformat import CellKey, official_spec
from ..types import Location, PassageRecord

PutOutcome = Literal["added", "unchanged", "replaced"]
CheckStatus = Literal["passes", "fails", "reconstructed", "uncertain", "implied"]


@dataclass(frozen=True)
class ReportRecord:
    """One stored report."""

    report_id: str
    agency: str
    year: int
    format: str
    title: str
    source_path: str
    source_kind: str
    sha256: str
    size: int
    ingested_at: str
    n_failed_checks: int
    warnings: tuple[str, ...] = ()
    n_figures: int = 0
    n_passages: int = 0
    copy_of: str | None = None  # the canonical copy's report_id when this is another copy of it

    @property
    def canonical(self) -> bool:
        """The copy every reader uses for this agency and year (see :meth:`FiguresStore.copies`)."""
        return self.copy_of is None

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["warnings"] = list(self.warnings)
        d["canonical"] = self.canonical
        return d


@dataclass(frozen=True)
class FigureRecord:
    """One stored table cell with its report's identity and its check status.

    ``check_status`` is ``"fails"`` when a failing check of the report involves the cell, else the
    figure's status when it is ``"reconstructed"``, ``"uncertain"`` or ``"implied"``, else ``"passes"``.
    """

    report_id: str
    agency: str
    year: int
    title: str
    format: str
    source_path: str
    key: CellKey
    value: int | float | None
    blank: bool
    status: str
    raw: str
    source_text: str
    location: Location
    rule: str | None
    note: str
    check_status: CheckStatus
    canonical: bool = True  # False: another copy of a report stored twice (see FiguresStore.copies)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready row: ids, the official Chinese and English labels, value, unit and provenance."""
        labels = figure_labels(self.format, self.key)
        return {
            "report_id": self.report_id,
            "agency": self.agency,
            "year": self.year,
            "title": self.title,
            "format": self.format,
            "table": self.key.table,
            "row_id": self.key.row,
            "column_id": self.key.column,
            "cell": str(self.key),
            **labels,
            "value": self.value,
            "blank": self.blank,
            "status": self.status,
            "check_status": self.check_status,
            "raw": self.raw,
            "source_text": self.source_text,
            "location": self.location.to_dict(),
            "location_text": self.location.describe(),
            "rule": self.rule,
            "note": self.note,
            "source_path": self.source_path,
            "canonical": self.canonical,
        }


def figure_labels(fmt: str, key: CellKey) -> dict[str, Any]:
    """The official labels of a cell: row label with its group path, column label, English, unit."""
    try:
        spec = official_spec(fmt, key)
    except KeyError:
        return {"row_label": key.row, "group_label": None, "column_label": key.column,
                "row_english": key.row, "column_english": key.column, "unit": ""}
    row_label = f"{spec.group_label}/{spec.row_label}" if spec.group_label else spec.row_label
    return {"row_label": row_label, "group_label": spec.group_label, "column_label": spec.column_label,
            "row_english": spec.row_english, "column_english": spec.column_english, "unit": spec.unit}


@dataclass(frozen=True)
class CellTotal:
    """One cell added up over the canonical reports of a year (:meth:`FiguresStore.cell_totals`).

    ``total`` counts only cells read for certain; ``uncertain`` reports hold the cell but the reader
    could not vouch for it (a sum that should include them is not to be stated); ``missing``
    reports of the year do not have the cell at all (another format, or not found)."""

    key: CellKey
    year: int
    total: int | float
    reports: int
    uncertain: int
    missing: int


@dataclass(frozen=True)
class TopReport:
    """A canonical report among the highest of a year by a cell or a sum of cells
    (:meth:`FiguresStore.top_reports`)."""

    report_id: str
    agency: str
    year: int
    value: int | float


@dataclass(frozen=True)
class CheckRecord:
    """One stored check result with its report's identity (for X-1: the later report's)."""

    report_id: str
    agency: str
    year: int
    rule: str
    scope: str
    cells: tuple[CellKey, ...]
    expected: int | float
    found: int | float
    passed: bool
    detail: str
    other_report_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["cells"] = [str(c) for c in self.cells]
        return d


@dataclass(frozen=True)
class SourceLine:
    """One stored line of a report's source text, for quoting."""

    idx: int
    line_no: int | None
    page: int | None
    text: str

    @property
    def location(self) -> Location:
        return Location(line=self.line_no, page=self.page)


@dataclass(frozen=True)
class WriteInfo:
    """What :meth:`FiguresStore.put_report` is about to commit; given to its ``before_commit`` hook."""

    report_id: str
    outcome: Literal["added", "replaced"]
    replaced_ids: tuple[str, ...]
    records: list[PassageRecord] = field(default_factory=list)
    copy_of: str | None = None  # the canonical copy's report_id when the new report is another copy of it


# ---------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _num(value: float | int | None) -> int | float | None:
    """Numbers as read back: whole values become ``int``."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value




def _report_record(r: Any, n_figures: int | None = None, n_passages: int | None = None) -> ReportRecord:
    m = r._mapping
    return ReportRecord(
        report_id=r.report_id, agency=r.agency, year=r.year, format=r.format, title=r.title,
        source_path=r.source_path, source_kind=r.source_kind, sha256=r.sha256, size=r.size,
        ingested_at=r.ingested_at, n_failed_checks=r.n_failed_checks, warnings=tuple(r.warnings or ()),
        n_figures=(m.get("n_figures") if n_figures is None else n_figures) or 0,
        n_passages=(m.get("n_passages") if n_passages is None else n_passages) or 0,
        copy_of=m.get("copy_of"))


@functools.lru_cache(maxsize=1)  # the format's cell order never changes: one cache for every read
def _cell_order() -> Callable[[str, CellKey], tuple[int, Any]]:
    from ..reportformat import FORMATS, cell_specs

    cache: dict[str, dict[CellKey, float]] = {}

    def order(fmt: str, key: CellKey) -> tuple[int, Any]:
        if fmt not in cache:
            try:
                pos_of: dict[CellKey, float] = {s.key: i for i, s in enumerate(cell_specs(fmt))}  # type: ignore[arg-type]
            except KeyError:
                pos_of = {}
            # A row printed in the other layout (（六）其他处理 as one row) sits where that layout puts it.
            for other in FORMATS:
                prev = -1.0
                for s in cell_specs(other):
                    if s.key in pos_of:
                        prev = pos_of[s.key]
                    else:
                        prev = pos_of[s.key] = prev + 0.001
            cache[fmt] = pos_of
        pos = cache[fmt].get(key)
        return (0, pos) if pos is not None else (1, (key.table, key.row, key.column))

    return order
