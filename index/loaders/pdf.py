"""PDF files (pdfplumber): the page text as lines, and the ruled tables as grids.

``lines`` are the text lines of every page in reading order, numbered over the whole document,
each with its page. ``tables`` are the ruled grids pdfplumber finds, with merged cells given real
spans (worked out from the cells' boxes on the page). A table's rows do not become extra lines:
their text is already in the page text. Anything pdfminer cannot read — junk, a truncated file,
a password, fonts without a Unicode map — is an :class:`IngestError`.

A page with no text layer but an image (a scan) is read by OCR (:mod:`.ocr`) into the same lines
and grids, each carrying the engine's confidence; without the OCR engine installed, a PDF with no
text layer at all is refused with a message that says what to install.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfminer.utils import decode_text
from pdfplumber.utils.exceptions import PdfminerException

from ..types import GridCell, IngestError, Location, SourceDocument, SourceTable, TextLine
from .grid import clean_text, join_pieces

_COORD_TOLERANCE = 2.0  # points: ruling lines closer than this are one grid line
_CID_GLYPH = re.compile(r"\(cid:\d+\)")
_QUIET_LOGGERS = ("pdfminer", "pdfplumber")


def load_pdf(path: Path, data: bytes, digest: str) -> SourceDocument:
    """Read a PDF's text lines (page by page) and its ruled tables."""
    name = path.name
    _check_container(name, data)
    _quiet_logging()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pdf = _open(name, data)
        try:
            lines, tables, n_chars, n_scanned = _read_pages(name, pdf)
            title = _title(pdf)
        finally:
            pdf.close()
    if n_chars == 0 and n_scanned == 0:
        from .ocr import ENGINE_PACKAGE, available

        hint = "" if available() else f"; reading scans needs the OCR engine: pip install {ENGINE_PACKAGE}"
        raise IngestError(f"{name}: the PDF has no text layer (scanned?){hint}")
    _check_glyphs(name, lines)
    return SourceDocument(path=str(path), kind="pdf", sha256=digest, lines=lines, tables=tables, title=title)


def page_count(doc: SourceDocument) -> int:
    """Pages of a loaded PDF that hold text (the last page number seen in its lines)."""
    return max((line.location.page or 0 for line in doc.lines), default=0)


# --- opening ----------------------------------------------------------------------------------

def _check_container(name: str, data: bytes) -> None:
    """Reject what is not a whole PDF before pdfminer tries to repair it into something partial."""
    if b"%PDF-" not in data[:1024]:
        raise IngestError(f"{name}: not a readable PDF (no PDF header)")
    if b"%%EOF" not in data:
        raise IngestError(f"{name}: not a readable PDF (the file is truncated: no end-of-file marker)")


def _quiet_logging() -> None:
    """pdfminer logs a warning for every odd font or object; they say nothing a user can act on."""
    for logger in _QUIET_LOGGERS:
        logging.getLogger(logger).setLevel(logging.ERROR)


def _open(name: str, data: bytes) -> Any:
    """Open with pdfplumber, turning pdfminer's many failure types into one-line reasons."""
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises assorted built-in errors on malformed files
        raise _error(name, exc) from exc


def _error(name: str, exc: BaseException) -> IngestError:
    """The one-line reason for a pdfminer/pdfplumber failure (pdfplumber wraps pdfminer's in its own)."""
    if isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    if isinstance(exc, (PDFPasswordIncorrect, PDFEncryptionError)):
        return IngestError(f"{name}: the PDF is encrypted (password-protected)")
    detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
    reason = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return IngestError(f"{name}: not a readable PDF ({reason})")


# --- pages ------------------------------------------------------------------------------------

def _read_pages(name: str, pdf: Any) -> tuple[list[TextLine], list[SourceTable], int, int]:
    """Every page's text lines and tables, the number of characters in the text layer, and the
    number of pages read by OCR."""
    from ..worker import ocr_budget
    from . import ocr

    lines: list[TextLine] = []
    tables: list[SourceTable] = []
    n_chars = n_scanned = 0
    can_ocr: bool | None = None  # asked once, at the first page without text
    try:
        pages = pdf.pages
    except Exception as exc:
        raise _error(name, exc) from exc
    for number, page in enumerate(pages, start=1):
        try:
            page_chars = len(page.chars)
            n_chars += page_chars
            if page_chars == 0 and page.images:
                can_ocr = ocr.available() if can_ocr is None else can_ocr
                if can_ocr:
                    ocr_budget()  # in the reading worker: this page's OCR time and memory
                    _ocr_page(page, number, lines, tables)
                    n_scanned += 1
                    page.flush_cache()
                    continue
            page_lines = page.extract_text_lines(strip=True, return_chars=False)
            found = page.find_tables()
        except Exception as exc:
            raise IngestError(f"{_error(name, exc)} on page {number}") from exc
        first = len(lines)
        tops: list[float] = []
        for entry in page_lines:
            text = (entry.get("text") or "").strip()
            if text:
                lines.append(TextLine(text, Location(line=len(lines) + 1, page=number)))
                tops.append(float(entry.get("top", 0.0)))
        for table in found:
            cells = _grid_cells(table)
            if not _is_data_grid(cells):
                continue
            top = float(table.bbox[1])
            at = first + bisect_left(tops, top - _COORD_TOLERANCE)
            tables.append(SourceTable(index=len(tables), cells=cells, page=number,
                                      line_index=at if at < len(lines) else None))
        page.flush_cache()  # pages keep their parsed objects otherwise; long reports add up
    return lines, tables, n_chars, n_scanned


def _ocr_page(page: Any, number: int, lines: list[TextLine], tables: list[SourceTable]) -> None:
    """Read a scanned page by OCR, appending its lines and grids as a text page's would be."""
    from . import ocr

    image = page.to_image(resolution=ocr.DPI).original
    read = ocr.read_page(image, ocr.DPI)
    first = len(lines)
    tops: list[float] = []
    for entry in read.lines:
        lines.append(TextLine(entry.text, Location(line=len(lines) + 1, page=number,
                                                   ocr=round(entry.confidence, 3))))
        tops.append(entry.top)
    for table in read.tables:
        cells = [GridCell(row=c.row, col=c.col, text=c.text, rowspan=c.rowspan, colspan=c.colspan,
                          confidence=round(c.confidence, 3)) for c in table.cells]
        if not _is_data_grid(cells):
            continue
        at = first + bisect_left(tops, table.top - _COORD_TOLERANCE)
        tables.append(SourceTable(index=len(tables), cells=cells, page=number,
                                  line_index=at if at < len(lines) else None))


def _check_glyphs(name: str, lines: Sequence[TextLine]) -> None:
    """Fonts without a Unicode map come out as '(cid:123)'; such a text layer is unreadable."""
    text = "".join(line.text for line in lines)
    garbled = sum(len(m.group()) for m in _CID_GLYPH.finditer(text))
    if text and garbled > 0.5 * len(text):
        raise IngestError(f"{name}: the PDF's text cannot be decoded (its fonts have no Unicode map)")


# --- tables -----------------------------------------------------------------------------------

def _clusters(values: Sequence[float]) -> list[float]:
    """Grid line positions: coordinates within the tolerance of each other are one line."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _COORD_TOLERANCE:
            out.append(v)
    return out


def _index(lines: list[float], value: float) -> int:
    """The grid line nearest to a coordinate."""
    return min(range(len(lines)), key=lambda i: abs(lines[i] - value))


def _grid_cells(table: Any) -> list[GridCell]:
    """The table's cells on its grid, with spans from their boxes (a merged cell covers several lines).

    pdfplumber lists, per row, a box for each cell that starts there and None where a merged
    cell from the left or above covers the position; the boxes say exactly how far each reaches.
    """
    texts = table.extract()
    boxes: list[tuple[tuple[float, float, float, float], str | None]] = []
    for row, row_texts in zip(table.rows, texts, strict=False):
        for box, text in zip(row.cells, row_texts, strict=False):
            if box is not None:
                boxes.append((box, text))
    if not boxes:
        return []
    xs = _clusters([b[0] for b, _ in boxes] + [b[2] for b, _ in boxes])
    ys = _clusters([b[1] for b, _ in boxes] + [b[3] for b, _ in boxes])
    seen: set[tuple[int, int]] = set()
    cells: list[GridCell] = []
    for (x0, top, x1, bottom), text in boxes:
        col, row = _index(xs, x0), _index(ys, top)
        if (row, col) in seen:
            continue
        seen.add((row, col))
        colspan = max(1, _index(xs, x1) - col)
        rowspan = max(1, _index(ys, bottom) - row)
        cells.append(GridCell(row=row, col=col, text=_cell_text(text), rowspan=rowspan, colspan=colspan))
    cells.sort(key=lambda c: (c.row, c.col))
    return cells


def _cell_text(text: str | None) -> str:
    """A cell's wrapped lines joined without spaces, as the cell reads ('商业\\n企业' → '商业企业')."""
    if not text:
        return ""
    return join_pieces(text.split("\n"))


def _is_data_grid(cells: Sequence[GridCell]) -> bool:
    """A grid with data: more than one column and some text.

    A single-column "table" is a frame drawn around body text; its lines are page text already.
    """
    if not any(c.text for c in cells):
        return False
    return max((c.col + c.colspan for c in cells), default=0) > 1


# --- metadata ---------------------------------------------------------------------------------

def _title(pdf: Any) -> str | None:
    """The document title from the PDF's Info dictionary, when it decodes to readable text."""
    try:
        infos = pdf.doc.info or []
    except Exception:
        return None
    for info in infos:
        try:
            raw = resolve1(info.get("Title"))
        except Exception:
            continue
        value = _decode_pdf_string(raw)
        if value:
            return value
    return None


def _decode_pdf_string(raw: object) -> str | None:
    """Decode a PDF text string: UTF-16 with either byte-order mark (some editors write FF FE),
    else UTF-8, else PDFDocEncoding."""
    if isinstance(raw, str):
        text = raw
    elif isinstance(raw, bytes):
        if raw.startswith((b"\xfe\xff", b"\xff\xfe")):
            text = raw.decode("utf-16", errors="replace")
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = decode_text(raw)
    else:
        return None
    text = clean_text(text)
    if not text or text.lower() in ("untitled", "无标题"):  # generators' placeholders
        return None
    if "\ufffd" in text or any(ord(ch) < 32 for ch in text):
        return None
    return text
