"""OCR of page images (scanned PDFs): text lines and ruled tables, read offline.

The engine is RapidOCR (``rapidocr-onnxruntime``): PP-OCRv4 detection and recognition models that
ship inside its wheel and run on onnxruntime, so nothing is downloaded at run time. It was chosen
over Tesseract 5 (Debian ``tesseract-ocr-chi-sim``) by measurement: given the same line images
cut from the scanned tables of three generated reports, RapidOCR read 836 of 837 cells exactly,
Tesseract (``--psm 7``) 761 (it reads lone digits as look-alike characters: 1→二, 3→入); on whole
pages Tesseract lost nearly every table number. Tesseract was about twice as fast.

A scanned page becomes what the PDF loader makes of a page with a text layer, so the same table
reader reads it:

* ruled tables are found from their lines (OpenCV morphology on the binarised page), each region
  enclosed by lines is a cell, and cell boxes are placed on the grid exactly as the PDF loader
  places pdfplumber's boxes (:func:`grid_from_boxes`); a cell with no ink is a blank cell;
* each cell's ink is cut into text lines and recognised (recognition only: the cell is the box);
* the text outside the tables is detected and recognised on the page, then grouped into lines;
* every table row is also written as a text line (its cells in order), as in a PDF's page text.

Every line and cell carries the engine's confidence (``ocr``, 0–1, the lowest of its pieces),
which later marks a low-confidence cell ``uncertain``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..types import Figure

ENGINE_PACKAGE = "rapidocr-onnxruntime"
DPI = 250  # enough for 8-pt table digits; recognition rescales every line to 48 px anyway
DETECT_SIDE = 1280  # pixels: the long side of the page copy that text detection runs on
# A printed cell read with less is uncertain. Measured on scanned 表三 pages: the digit misreads
# scored 0.09–0.37, right digits mostly above 0.9.
LOW_CONFIDENCE = 0.80
THREADS = max(1, min(4, (os.cpu_count() or 1) // 2))  # onnxruntime's default takes every core and spins

_engine: Any = None
_engine_lock = threading.Lock()


class OcrUnavailable(RuntimeError):
    """The OCR engine is not installed."""


def available() -> bool:
    """Whether the OCR engine (and OpenCV, which it needs) can be imported."""
    try:
        import cv2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _get_engine() -> Any:
    global _engine
    with _engine_lock:
        if _engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as exc:
                raise OcrUnavailable(ENGINE_PACKAGE) from exc
            # Detection on the page runs on a smaller copy (its cost grows with the area; body text
            # stays ~15 px high), recognition on crops of the full page; larger batches, fewer calls.
            # Batches of one: a batch is padded to its widest line, and on CPU that cost more than
            # it saved (a 表三 page: 9.5 s CPU one by one, 13.9 s in sixes, 17.4 s in sixteens).
            _engine = RapidOCR(max_side_len=4000, det_limit_type="max", det_limit_side_len=DETECT_SIDE,
                               rec_batch_num=1, intra_op_num_threads=THREADS, inter_op_num_threads=1,
                               print_verbose=False)
        return _engine


@dataclass(frozen=True)
class OcrLine:
    """A line of recognised text, with its top (page pixels) and the engine's confidence."""

    text: str
    top: float
    confidence: float


@dataclass(frozen=True)
class OcrCell:
    """A table cell on its grid, with its text and the engine's confidence (1.0 for a blank cell)."""

    row: int
    col: int
    text: str
    confidence: float
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class OcrTable:
    top: float
    cells: list[OcrCell]


@dataclass(frozen=True)
class OcrPage:
    lines: list[OcrLine]  # reading order, table rows included
    tables: list[OcrTable]


# --- the grid ---------------------------------------------------------------------------------

def clusters(values: Sequence[float], tolerance: float) -> list[float]:
    """Grid line positions: coordinates within ``tolerance`` of each other are one line."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def nearest(lines: list[float], value: float) -> int:
    """The index of the grid line nearest to a coordinate."""
    return min(range(len(lines)), key=lambda i: abs(lines[i] - value))


def grid_from_boxes(boxes: Sequence[tuple[float, float, float, float]], tolerance: float
                    ) -> list[tuple[int, int, int, int]]:
    """(row, col, rowspan, colspan) of each box (x0, top, x1, bottom) on the grid its edges make."""
    xs = clusters([b[0] for b in boxes] + [b[2] for b in boxes], tolerance)
    ys = clusters([b[1] for b in boxes] + [b[3] for b in boxes], tolerance)
    out = []
    for x0, top, x1, bottom in boxes:
        col, row = nearest(xs, x0), nearest(ys, top)
        out.append((row, col, max(1, nearest(ys, bottom) - row), max(1, nearest(xs, x1) - col)))
    return out


# --- image work -------------------------------------------------------------------------------

def _deskew(gray: Any) -> Any:
    """Rotate a slightly skewed scan level, by the angle of its long horizontal rules (or text rows)."""
    import cv2
    import numpy as np

    h, w = gray.shape
    small = cv2.resize(gray, (w // 4, h // 4), interpolation=cv2.INTER_AREA)
    ink = (small < 160).astype(np.float32)
    best, best_angle = -1.0, 0.0
    for angle in np.arange(-2.0, 2.01, 0.1):
        m = cv2.getRotationMatrix2D((small.shape[1] / 2, small.shape[0] / 2), angle, 1.0)
        rot = cv2.warpAffine(ink, m, (small.shape[1], small.shape[0]), flags=cv2.INTER_NEAREST)
        score = float(np.var(rot.sum(axis=1)))
        if score > best:
            best, best_angle = score, float(angle)
    if abs(best_angle) < 0.05:
        return gray
    m = cv2.getRotationMatrix2D((w / 2, h / 2), best_angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)


def _rules(binary: Any, dpi: int) -> tuple[Any, Any]:
    """Masks of the horizontal and vertical ruling lines."""
    import cv2

    h_len = max(20, int(dpi * 0.3))  # narrowest 表四 column is ~0.45 in; text strokes are shorter
    v_len = max(12, int(dpi * 0.14))  # lowest table row is ~0.22 in; an 8-pt stroke is ~0.1 in
    horizontal = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    vertical = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    # A vertical rule of a table touches a horizontal one; strokes of large body text do not.
    near_h = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 9)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(vertical, connectivity=8)
    for i in range(1, n):
        x, y, ww, hh, _area = stats[i]
        if not near_h[y:y + hh, x:x + ww].any():
            vertical[labels == i] = 0
    return horizontal, vertical


def _table_regions(horizontal: Any, vertical: Any, dpi: int) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x, y, w, h) of ruled tables: connected line networks with rows and columns."""
    import cv2

    grid = cv2.dilate(horizontal | vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(grid, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        # At least an inch wide and one table row high: a table broken across pages may leave one row.
        if w > dpi and h > dpi * 0.15 and vertical[y:y + h, x:x + w].any():
            out.append((int(x), int(y), int(w), int(h)))
    return sorted(out, key=lambda b: b[1])


def _cell_boxes(lines: Any, region: tuple[int, int, int, int], dpi: int) -> list[tuple[int, int, int, int]]:
    """The regions enclosed by ruling lines inside a table: (x0, top, x1, bottom) in page pixels."""
    import cv2
    import numpy as np

    x, y, w, h = region
    free = (lines[y:y + h, x:x + w] == 0).astype(np.uint8)
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(free, connectivity=4)
    min_side = max(4, dpi // 30)
    boxes = []
    for i in range(1, n):
        cx, cy, cw, ch, _area = stats[i]
        if cw < min_side or ch < min_side:
            continue
        if cx == 0 or cy == 0 or cx + cw >= w or cy + ch >= h:
            continue  # outside the outer frame
        boxes.append((int(x + cx), int(y + cy), int(x + cx + cw), int(y + cy + ch)))
    return boxes


def _text_rows(ink: Any, min_gap: int) -> list[tuple[int, int]]:
    """Row ranges [top, bottom) of the ink in a cell, split where at least ``min_gap`` rows are empty."""
    rows = ink.any(axis=1)
    out: list[tuple[int, int]] = []
    start, gap = None, 0
    for i, on in enumerate(rows):
        if on:
            if start is None:
                start = i
            gap = 0
        elif start is not None:
            gap += 1
            if gap >= min_gap:
                out.append((start, i - gap + 1))
                start, gap = None, 0
    if start is not None:
        out.append((start, len(rows) - gap))
    return out


def _without_dots(mask: Any, min_area: int) -> Any:
    """The mask without connected blobs smaller than ``min_area`` pixels."""
    import cv2
    import numpy as np

    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= min_area
    keep[0] = False
    return (keep[labels] * 255).astype(np.uint8) if n > 1 else mask


def _recognise(images: list[Any]) -> list[tuple[str, float]]:
    """Text and confidence of each single-line image (recognition only)."""
    if not images:
        return []
    engine = _get_engine()
    results, _elapsed = engine.text_rec(images)
    return [(str(text), float(score)) for text, score in results]


def _read_cells(gray: Any, binary: Any, lines: Any, boxes: list[tuple[int, int, int, int]], dpi: int
                ) -> list[tuple[str, float]]:
    """Each cell's text (its ink lines recognised and joined) and lowest confidence; blank cells give ''."""
    import cv2
    import numpy as np

    from .grid import join_pieces

    pad = max(2, dpi // 60)
    crops: list[Any] = []
    owner: list[int] = []
    # The edges of a skewed, blurred rule stick out past the rule mask and would count as ink beside
    # a digit, stretching its line image (measured: lone "0" cells read as "。", "T" or nothing).
    # So the ink is looked for a margin inside the cell (text keeps ~2 pt from the rules), and dots
    # of a few pixels are dropped; a minus sign (~10 px) or a decimal point stays.
    ink_all = _without_dots(binary & ~cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))),
                            max(3, (dpi // 100) ** 2))
    m = pad
    for k, (x0, top, x1, bottom) in enumerate(boxes):
        inner = ink_all[top + m:bottom - m, x0 + m:x1 - m]
        if inner.size == 0 or int(inner.sum() // 255) < max(3, dpi // 25):
            continue  # specks of noise, not a character
        cols = np.flatnonzero(inner.any(axis=0))
        for r0, r1 in _text_rows(inner, max(2, dpi // 50)):
            if r1 - r0 < max(3, dpi // 40):
                continue
            c = np.flatnonzero(inner[r0:r1].any(axis=0))
            c0, c1 = (c[0], c[-1] + 1) if c.size else (cols[0], cols[-1] + 1)
            y0, y1 = max(0, top + m + r0 - pad), top + m + r1 + pad
            xa, xb = max(0, x0 + m + c0 - pad), x0 + m + c1 + pad
            crop = gray[y0:y1, xa:xb].copy()
            crop[lines[y0:y1, xa:xb] > 0] = 255  # no rule fragments in the line image
            # A margin of about half the text height on each side, as the recogniser was trained on.
            side = max(0, (r1 - r0) // 2 - pad)
            crop = cv2.copyMakeBorder(crop, 0, 0, side, side, cv2.BORDER_CONSTANT, value=255)
            crops.append(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR))
            owner.append(k)
    texts: list[list[str]] = [[] for _ in boxes]
    confidence = [1.0 for _ in boxes]
    for k, (text, score) in zip(owner, _recognise(crops), strict=True):
        text = text.strip()
        if text:
            texts[k].append(text)
            confidence[k] = min(confidence[k], score)
    return [(join_pieces(t), c) for t, c in zip(texts, confidence, strict=True)]


def _free_lines(gray: Any, tables: list[tuple[int, int, int, int]]) -> list[OcrLine]:
    """Text outside the tables: detected and recognised on the page, grouped into lines by position."""
    import cv2

    page = gray.copy()
    for x, y, w, h in tables:
        page[y:y + h, x:x + w] = 255
    engine = _get_engine()
    result, _elapsed = engine(cv2.cvtColor(page, cv2.COLOR_GRAY2BGR), use_cls=False)
    words = []
    for box, text, score in result or []:
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        words.append((min(ys), max(ys), min(xs), max(xs), str(text).strip(), float(score)))
    words.sort()
    rows: list[list[tuple[float, float, float, float, str, float]]] = []
    for word in words:
        top, bottom = word[0], word[1]
        if rows:
            r_top = min(w[0] for w in rows[-1])
            r_bottom = max(w[1] for w in rows[-1])
            overlap = min(bottom, r_bottom) - max(top, r_top)
            if overlap > 0.5 * min(bottom - top, r_bottom - r_top):
                rows[-1].append(word)
                continue
        rows.append([word])
    out = []
    for row in rows:
        row.sort(key=lambda w: w[2])
        height = max(w[1] - w[0] for w in row)
        parts: list[str] = []
        prev_right = None
        for _top, _bottom, left, right, text, _score in row:
            if prev_right is not None and left - prev_right > height:
                parts.append(" ")  # a wide gap: separate cells or columns
            parts.append(text)
            prev_right = right
        text = "".join(parts).strip()
        if text:
            out.append(OcrLine(text, min(w[0] for w in row), line_confidence([(w[4], w[5]) for w in row])))
    return out


def line_confidence(parts: Sequence[tuple[str, float]]) -> float:
    """A line's confidence: the lowest of its pieces that hold digits (the ones read as values),
    else the lowest of all; a doubtful character in a label does not make the row's numbers doubtful."""
    numeric = [score for text, score in parts if any(ch.isdigit() for ch in text)]
    scores = numeric or [score for _text, score in parts]
    return min(scores, default=1.0)


def read_page(image: Any, dpi: int = DPI) -> OcrPage:
    """OCR one page image (PIL): its text lines in reading order and its ruled tables.

    Raises:
        OcrUnavailable: the OCR engine is not installed.
    """
    import cv2
    import numpy as np

    _get_engine()
    gray = _deskew(np.array(image.convert("L")))
    binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    horizontal, vertical = _rules(binary, dpi)
    rules = horizontal | vertical
    regions = _table_regions(horizontal, vertical, dpi)
    tables: list[OcrTable] = []
    lines = _free_lines(gray, regions)
    tolerance = max(4.0, dpi * 0.05)
    for region in regions:
        boxes = _cell_boxes(rules, region, dpi)
        if len(boxes) < 2:
            continue
        places = grid_from_boxes(boxes, tolerance)
        read = _read_cells(gray, binary, rules, boxes, dpi)
        cells = sorted((OcrCell(row, col, text, conf, rowspan, colspan)
                        for (row, col, rowspan, colspan), (text, conf) in zip(places, read, strict=True)),
                       key=lambda c: (c.row, c.col))
        tables.append(OcrTable(top=float(region[1]), cells=cells))
        # The table's rows as page text, one line per grid row, at the row's top.
        tops: dict[int, int] = {}
        for (_x0, top, _x1, _bottom), (row, _col, _rs, _cs) in zip(boxes, places, strict=True):
            tops[row] = min(tops.get(row, top), top)
        for row in sorted(tops):
            row_cells = [c for c in cells if c.row == row and c.text]
            if row_cells:
                lines.append(OcrLine(" ".join(c.text for c in row_cells), float(tops[row]),
                                     line_confidence([(c.text, c.confidence) for c in row_cells])))
    lines.sort(key=lambda ln: ln.top)
    return OcrPage(lines=lines, tables=tables)


def flag_low_confidence(figures: list[Figure]) -> list[Figure]:
    """Mark a printed figure read by OCR with less than :data:`LOW_CONFIDENCE` as ``uncertain``.

    Every figure read by OCR keeps that provenance in its location (``Location.ocr``).
    """
    for fig in figures:
        conf = fig.location.ocr
        if conf is not None and conf < LOW_CONFIDENCE and fig.status == "printed" and not fig.blank:
            fig.status = "uncertain"
            note = f"read by OCR with low confidence ({conf:.2f})"
            fig.note = f"{fig.note}; {note}" if fig.note else note
    return figures


__all__ = ["DPI", "ENGINE_PACKAGE", "LOW_CONFIDENCE", "OcrCell", "OcrLine", "OcrPage", "OcrTable",
           "OcrUnavailable", "available", "clusters", "flag_low_confidence", "grid_from_boxes", "line_confidence",
           "nearest", "read_page"]
