"""Helpers shared by the grid loaders (HTML, DOCX, PDF): text clean-up and table placement.

These know nothing about the report format: they only normalise whitespace the way a reader
sees it and lay tables out as grids, so that every loader hands the parser the same shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..types import GridCell, IngestError, Location, SourceTable, TextLine

# Ideographs, CJK punctuation, full-width forms and the curly quotes/dashes Chinese text uses.
_CJK = r"\u2014\u2018\u2019\u201c\u201d\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")
# Every kind of space a page can hold (incl. &nbsp; and the ideographic space) and zero-width marks.
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")

MAX_COLSPAN = 1000  # the HTML table model's own cap
MAX_ROWSPAN = 65534
# Grid positions one table may cover (rows × columns, spans expanded). The largest table of a real
# report is a few hundred rows of under 20 columns; a forged span (gridSpan 10⁹, rowspan=0 with
# colspan=1000) would otherwise make every covered position a Python object: gigabytes from 41 KB.
MAX_GRID_CELLS = 200_000


def check_grid_size(area: int, what: str = "a table") -> None:
    """Refuse a table whose spans cover more than :data:`MAX_GRID_CELLS` positions, before any is placed."""
    if area > MAX_GRID_CELLS:
        raise IngestError(f"{what} claims {area:,} grid cells through its spans (limit {MAX_GRID_CELLS:,}): "
                          "a damaged or forged table")


def clean_text(text: str) -> str:
    """Collapse whitespace and drop the spaces between two CJK characters.

    Chinese text has no word spaces; a space between two ideographs comes from a line break in
    the markup, a justified line or letter spacing, never from the author, so it is removed.
    """
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return _CJK_GAP.sub("", text)


def join_pieces(pieces: Iterable[str]) -> str:
    """Join the visual lines of one table cell without a separator ('商业' + '企业' → '商业企业').

    A cell's line breaks are layout (a narrow column), not content, so nothing is put between
    the pieces; each is cleaned first so stray indentation does not leak into the join.
    """
    return clean_text("".join(clean_text(p) for p in pieces))


def place_cells(rows: Sequence[Sequence[tuple[str, int, int]]]) -> list[GridCell]:
    """Lay out rows of (text, rowspan, colspan) cells with the HTML table-grid algorithm.

    Each cell goes to the first column of its row not already covered by a rowspan from above,
    so a row under a tall merged label is placed correctly although it has fewer cells. Spans are
    clamped to the table (a rowspan running past the last row ends there).
    """
    n_rows = len(rows)
    check_grid_size(sum(max(1, min(rs, n_rows - r)) * max(1, min(cs, MAX_COLSPAN))
                        for r, row in enumerate(rows) for _text, rs, cs in row))
    covered: set[tuple[int, int]] = set()
    cells: list[GridCell] = []
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in covered:
                c += 1
            rowspan = max(1, min(rowspan, n_rows - r))
            colspan = max(1, min(colspan, MAX_COLSPAN))
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    covered.add((rr, cc))
            cells.append(GridCell(row=r, col=c, text=text, rowspan=rowspan, colspan=colspan))
            c += colspan
    return cells


def append_table(lines: list[TextLine], tables: list[SourceTable], cells: list[GridCell],
                 page: int | None = None) -> SourceTable:
    """Add a table to the document: the grid to ``tables`` and one text line per grid row to ``lines``.

    Row ``r`` of the table is always ``lines[table.line_index + r]`` (an empty row gives an empty
    line), so a reader of ``lines`` can find the grid row a line came from and back.
    """
    table = SourceTable(index=len(tables), cells=cells, page=page, line_index=len(lines))
    for r in range(table.n_rows):
        text = "\t".join(c.text for c in table.row_cells(r))
        lines.append(TextLine(text, Location(line=len(lines) + 1, page=page, table=table.index, row=r)))
    tables.append(table)
    return table


def append_line(lines: list[TextLine], text: str, page: int | None = None) -> None:
    """Add one narrative line (already cleaned) unless it is empty; line numbers run from 1."""
    if text:
        lines.append(TextLine(text, Location(line=len(lines) + 1, page=page)))
