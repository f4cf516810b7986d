"""Word .docx files: paragraphs and tables in body order, tables as grids with merged cells.

The body's XML is walked directly (python-docx only opens the package) so that each table sits
between the paragraphs it sits between in the document, and so that merged cells get real spans:
``gridSpan`` gives a cell's width in grid columns, ``vMerge`` continuation cells extend the cell
above them downward.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from ..types import GridCell, IngestError, SourceDocument, SourceTable, TextLine
from .grid import MAX_COLSPAN, append_line, append_table, check_grid_size, clean_text, join_pieces

# What a package may inflate to. A report's .docx holds its XML and a few images, stored as
# they are: tens of MB at most. A zip bomb is refused from the sizes its directory declares
# (zipfile never inflates a member past its declared size), before anything is inflated.
MAX_INFLATED_BYTES = 256 * 2**20

_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt"),
                                          qn("w:sdtContent"))
_T, _TAB, _BR, _CR, _NB_HYPHEN = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
_VAL = qn("w:val")
# The fallback branch of mc:AlternateContent repeats the choice branch (text boxes); reading both doubles text.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HIDDEN_PARTS = frozenset({qn("w:del"), qn("w:delText"), qn("w:instrText"), qn("w:rPr"), qn("w:pPr"), _FALLBACK})


def load_docx(path: Path, data: bytes, digest: str) -> SourceDocument:
    """Read a .docx into lines (paragraphs, and one line per table row) and grid tables."""
    document = _open(path.name, data)
    lines: list[TextLine] = []
    tables: list[SourceTable] = []
    try:
        _read_blocks(document.element.body, lines, tables)
    except RecursionError as exc:
        raise IngestError(f"{path.name}: the document is nested too deeply to read") from exc
    title = clean_text(document.core_properties.title or "") or None
    return SourceDocument(path=str(path), kind="docx", sha256=digest, lines=lines, tables=tables, title=title)


def _open(name: str, data: bytes) -> Any:
    """Open the package; anything that is not a Word document is one plain-line error."""
    _check_inflated_size(name, data)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:  # zip errors, missing parts, wrong content type, broken XML
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise IngestError(f"{name}: not a valid .docx file ({detail})") from exc
    if body is None:
        raise IngestError(f"{name}: not a valid .docx file (the document has no body)")
    return document


def _check_inflated_size(name: str, data: bytes) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(f"{name}: not a valid .docx file ({exc})") from exc
    if total > MAX_INFLATED_BYTES:
        raise IngestError(f"{name}: the .docx would inflate to {total / 2**20:,.0f} MiB "
                          f"(limit {MAX_INFLATED_BYTES / 2**20:.0f} MiB): a zip bomb or a damaged file")


# --- body -------------------------------------------------------------------------------------

def _block_children(element: Any) -> Iterator[Any]:
    """Paragraphs and tables directly in a container, looking through content controls (w:sdt)."""
    for child in element.iterchildren():
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _block_children(content)
        elif child.tag in (_P, _TBL):
            yield child


def _read_blocks(container: Any, lines: list[TextLine], tables: list[SourceTable]) -> None:
    """Emit the container's paragraphs as lines and its tables as grids, in document order."""
    for block in _block_children(container):
        if block.tag == _P:
            for piece in _paragraph_pieces(block):
                append_line(lines, clean_text(piece))
            continue
        cells = _table_cells(block)
        if len(cells) == 1 and len(_rows(block)) == 1:
            # A one-cell table is a frame around text (a boxed note), not data: read it as paragraphs.
            tc = next(iter(_row_cells(_rows(block)[0])), None)
            if tc is not None:
                _read_blocks(tc, lines, tables)
        elif any(c.text for c in cells):
            append_table(lines, tables, cells)


def _paragraph_pieces(paragraph: Any) -> list[str]:
    """A paragraph's text split at its manual line breaks (w:br, w:cr)."""
    pieces = [""]

    def walk(element: Any) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _HIDDEN_PARTS:
                continue
            if tag == _T:
                pieces[-1] += child.text or ""
            elif tag == _TAB:
                pieces[-1] += " "
            elif tag == _NB_HYPHEN:
                pieces[-1] += "-"
            elif tag in (_BR, _CR):
                pieces.append("")
            else:
                walk(child)

    walk(paragraph)
    return pieces


# --- tables -----------------------------------------------------------------------------------

def _rows(table: Any) -> list[Any]:
    return [child for child in table.iterchildren() if child.tag == _TR]


def _row_cells(row: Any) -> Iterator[Any]:
    """A row's cells, looking through content controls."""
    for child in row.iterchildren():
        if child.tag == _TC:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _row_cells(content)


def _int_prop(parent: Any, path: str, default: int) -> int:
    """An integer w:val of a property element (gridSpan, gridBefore), or the default."""
    element = parent.find(path) if parent is not None else None
    if element is None:
        return default
    try:
        return max(0, int(element.get(_VAL, default)))
    except (TypeError, ValueError):
        return default


def _vmerge(tc: Any) -> str | None:
    """'restart', 'continue' or None; a bare <w:vMerge/> means continue."""
    element = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    if element is None:
        return None
    return element.get(_VAL) or "continue"


def _cell_text(tc: Any) -> str:
    """All of a cell's text, its paragraphs and line breaks joined without spaces (narrow columns wrap)."""
    pieces: list[str] = []
    for block in _block_children(tc):
        if block.tag == _P:
            pieces.extend(_paragraph_pieces(block))
        else:  # a nested table: its cells' text, in order
            for row in _rows(block):
                pieces.extend(_cell_text(cell) for cell in _row_cells(row))
    return join_pieces(pieces)


@dataclass
class _Cell:
    row: int
    col: int
    text: str
    rowspan: int
    colspan: int


def _table_cells(table: Any) -> list[GridCell]:
    """The table's cells on its grid: gridBefore offsets a row, gridSpan widens a cell, and a
    vMerge continuation cell adds a row to the cell that starts above it in the same column."""
    cells: list[_Cell] = []
    owner: dict[tuple[int, int], int] = {}
    rows = _rows(table)
    # the grid positions the row offsets and spans claim, counted before any is laid out
    check_grid_size(sum(min(_int_prop(tr, f"{qn('w:trPr')}/{qn('w:gridBefore')}", 0), MAX_COLSPAN)
                        + sum(min(max(1, _int_prop(tc, f"{qn('w:tcPr')}/{qn('w:gridSpan')}", 1)), MAX_COLSPAN)
                              for tc in _row_cells(tr)) for tr in rows))
    for r, tr in enumerate(rows):
        c = min(_int_prop(tr, f"{qn('w:trPr')}/{qn('w:gridBefore')}", 0), MAX_COLSPAN)
        for tc in _row_cells(tr):
            span = min(max(1, _int_prop(tc, f"{qn('w:tcPr')}/{qn('w:gridSpan')}", 1)), MAX_COLSPAN)
            above = owner.get((r - 1, c))
            if _vmerge(tc) == "continue" and above is not None:
                origin = cells[above]
                origin.rowspan = r - origin.row + 1
                index = above
            else:
                cells.append(_Cell(r, c, _cell_text(tc), 1, span))
                index = len(cells) - 1
            for k in range(c, c + span):
                owner[(r, k)] = index
            c += span
    return [GridCell(row=x.row, col=x.col, text=x.text, rowspan=x.rowspan, colspan=x.colspan) for x in cells]
