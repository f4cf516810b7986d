"""Records passed between the ingestion stages.

load → :class:`SourceDocument` → parse → :class:`ParsedReport` (identity, :class:`Figure`,
:class:`CheckResult`, :class:`Passage`) → stores. Every record carries where it came from,
so an answer can cite it down to the source line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .reportformat import CellKey, FormatVersion

DocumentKind = Literal["text", "markdown", "html", "pdf", "docx"]
FigureStatus = Literal["printed", "implied", "reconstructed", "uncertain"]


class IngestError(Exception):
    """A file that cannot be ingested; the message is one plain line naming the reason."""


@dataclass(frozen=True)
class Location:
    """Where something sits in its source: a line (1-based), a PDF page, or an HTML/DOCX table cell."""

    line: int | None = None
    page: int | None = None
    table: int | None = None  # index of the table in the document (0-based)
    row: int | None = None  # grid row in that table (0-based)
    cell: int | None = None  # grid column in that row (0-based)
    ocr: float | None = None  # read from a page image by OCR, with the engine's confidence (0–1)

    def describe(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.table is not None:
            parts.append(f"table {self.table + 1}")
            if self.row is not None:
                parts.append(f"row {self.row + 1}")
            if self.cell is not None:
                parts.append(f"cell {self.cell + 1}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.ocr is not None:
            parts.append(f"OCR {self.ocr:.2f}")
        return ", ".join(parts) or "—"

    def to_dict(self) -> dict[str, int | float]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, int | float] | None) -> Location:
        return cls(**(data or {}))


@dataclass(frozen=True)
class TextLine:
    """One line of the document's text in reading order."""

    text: str
    location: Location


@dataclass(frozen=True)
class GridCell:
    """A cell as printed: its top-left grid position and its spans."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    confidence: float | None = None  # the OCR engine's confidence when the cell was read from an image


@dataclass
class SourceTable:
    """A table read as a grid of cells (HTML, DOCX, or a ruled PDF table)."""

    index: int
    cells: list[GridCell]
    page: int | None = None
    # The text line (index into SourceDocument.lines) where the table sits in reading order, if known.
    line_index: int | None = None

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)

    def grid(self) -> list[list[str]]:
        """The grid with merged cells expanded: a spanning cell's text fills every position it covers."""
        out = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    out[r][k] = c.text
        return out

    def row_cells(self, row: int) -> list[GridCell]:
        """The cells that start in this grid row, left to right."""
        return sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)


@dataclass
class SourceDocument:
    """What a loader read from one file: its text lines and its tables."""

    path: str
    kind: DocumentKind
    sha256: str
    lines: list[TextLine]
    tables: list[SourceTable] = field(default_factory=list)
    title: str | None = None  # the page title (HTML <title>, PDF metadata) when there is one
    size: int = 0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class ReportIdentity:
    agency: str
    year: int
    format: FormatVersion
    title: str


@dataclass
class Figure:
    """One table cell of one report, with its provenance.

    ``value`` is an ``int`` for counts, and for amounts the number of yuan (``int`` when whole,
    else ``float`` to the fen). ``blank`` says nothing was written in the cell ("/", "-", "无" or
    empty); such a cell counts as 0 in the checks and ``value`` is 0 unless it is implied.
    """

    key: CellKey
    value: int | float | None
    status: FigureStatus = "printed"
    blank: bool = False
    raw: str = ""
    source_text: str = ""
    location: Location = field(default_factory=Location)
    rule: str | None = None  # the rule that implied or reconstructed the value
    note: str = ""


@dataclass(frozen=True)
class CheckResult:
    """One rule instance checked on one report (or across two, for X-1)."""

    rule: str
    scope: str
    cells: tuple[CellKey, ...]
    expected: int | float
    found: int | float
    passed: bool
    detail: str = ""


@dataclass(frozen=True)
class Passage:
    """A piece of narrative text or a table row written as a sentence, with its place in the report."""

    text: str
    section: str  # section number "一" … "六", or "" before the first heading
    section_path: tuple[str, ...]  # headings from the section down, e.g. ("一、总体情况", "（一）主动公开")
    location: Location
    kind: Literal["narrative", "table_row"] = "narrative"
    cell: CellKey | None = None  # for table_row passages: a cell of the row (its 总计)


@dataclass
class ParsedReport:
    """Everything ingestion learns from one file."""

    report_id: str
    identity: ReportIdentity
    source: SourceDocument
    figures: list[Figure]
    checks: list[CheckResult] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Line ranges [start, end) of source.lines (0-based indices) that the tables 二/三/四 occupy,
    # so chunking can keep narrative apart from table text.
    table_spans: list[tuple[int, int]] = field(default_factory=list)

    def figure(self, key: CellKey) -> Figure | None:
        for f in self.figures:
            if f.key == key:
                return f
        return None

    @property
    def failed_checks(self) -> list[CheckResult]:
        return [c for c in self.checks if not c.passed]


@dataclass(frozen=True)
class PassageRecord:
    """A stored passage with the identity of its report, as retrieval sees it."""

    passage_id: str  # f"{report_id}:{index}"
    report_id: str
    agency: str
    year: int
    title: str
    passage: Passage
