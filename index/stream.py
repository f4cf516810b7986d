"""A document's lines as one stream of text and value pieces, for label-anchored table reading.

Real reports reach us as grids (HTML, DOCX), as extracted text with tabs, as markdown pipe
tables, or as crawler text where every cell of a table runs together on one line
(``…数量200 000121二、上年结转…``). Rather than a parser per shape, every shape becomes the same
stream: :class:`Piece` objects that are either *text* (labels, headers, junk) or *values*
(a number, a blank cell, or a run of digits that may hold several cells). Labels are then
found in the normalised text of the stream, and each row's values are the value pieces that
follow its label.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .reportformat import AMOUNT_UNITS, BLANK_MARKS, SIGN_WORDS
from .types import Location, SourceDocument, TextLine

# Page footers that extraction leaves inside tables: "第 3 页", "第3页 共12页", "— 3 —", "- 12 -", "3/12".
_FOOTER_INLINE = re.compile(r"第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–－]\s*\d{1,3}\s*[-—–－](?!\d)")
_FOOTER_LINE = re.compile(r"^\s*(?:\d{1,3}\s*/\s*\d{1,3}|\d{1,3}|[-—–－]\s*\d{1,3}\s*[-—–－])\s*$")

_UNIT = "|".join(sorted(AMOUNT_UNITS, key=len, reverse=True))
_SIGN_WORD = "".join(w for w in SIGN_WORDS if len(w) == 1 and not w.isascii() and w not in "－−—")
# A value in free text: optional sign word or sign, digits, optional decimals, optional unit.
_FREE_VALUE = re.compile(
    rf"(?:(?P<word>[{_SIGN_WORD}])\s*)?(?P<sign>(?<![.])[+\-−－])?(?P<num>\d+(?:\.\d+)?)(?:\s*(?P<unit>{_UNIT}))?"
)
# A blank cell in free text: a lone "/", "-", "—" or "无" between white space.
_FREE_TOKEN = re.compile(rf"(?:(?<=\s)|^)(?P<blank>[/／\-—–－]|无)(?=\s|$)|{_FREE_VALUE.pattern}")
# A whole cell that is a value (grid cells and markdown cells are read whole).
_CELL_VALUE = re.compile(
    rf"^(?:(?P<word>[{_SIGN_WORD}])\s*)?(?P<sign>[+\-−－])?\s*(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?)\s*(?P<unit>{_UNIT})?$"
)
_LABEL_NUMBER = re.compile(r"^[.、]\s*[\u4e00-\u9fff]")
PLACEHOLDER = "\ue000"  # stands for a value piece in the normalised text, so labels never span a value


@dataclass(frozen=True)
class Piece:
    """Text, or one value written in a cell (``explicit``) or a digit run that may hold several cells."""

    kind: str  # "text" or "value"
    text: str  # as printed
    line: int  # index into SourceDocument.lines
    cell: int | None = None  # ordinal of the cell in a cell line
    explicit: bool = False  # a whole cell: one value, never split
    blank: bool = False  # nothing written ("", "/", "-", "无")
    digits: str = ""  # the number's digits (with "." for decimals), empty for blanks
    sign: int = 1
    unit: str | None = None


@dataclass
class Stream:
    """Pieces plus the normalised text over which labels are searched."""

    doc: SourceDocument
    lines: list[TextLine]
    pieces: list[Piece]
    norm: str  # normalised text; one placeholder char per value piece
    norm_piece: list[int]  # for each char of norm, the index of the piece it comes from

    def piece_at(self, pos: int) -> int:
        return self.norm_piece[pos] if pos < len(self.norm_piece) else len(self.pieces)

    def line_text(self, line: int) -> str:
        return self.lines[line].text

    def span_text(self, start: int, last_piece: Piece | None = None) -> str:
        """The printed text from the piece at ``norm[start]`` through ``last_piece`` (a row's label
        and its values), for sources that flatten a whole table into one line."""
        return self._pieces_text(self.piece_at(start), last_piece)

    def pieces_text(self, first_piece: Piece, last_piece: Piece, before: int = 1) -> str:
        """The printed text of ``first_piece`` … ``last_piece`` and the ``before`` pieces ahead of it."""
        first = next((i for i, p in enumerate(self.pieces) if p is first_piece), 0)
        return self._pieces_text(max(0, first - before), last_piece)

    def _pieces_text(self, first: int, last_piece: Piece | None) -> str:
        last = next((i for i in range(first, len(self.pieces)) if self.pieces[i] is last_piece), first)
        return "".join(p.text for p in self.pieces[first:last + 1]).strip()

    def location(self, piece: Piece) -> Location:
        loc = self.lines[piece.line].location
        if piece.cell is not None and loc.table is not None:
            table = next((t for t in self.doc.tables if t.index == loc.table), None)
            col, ocr = piece.cell, loc.ocr
            if table is not None and loc.row is not None:
                cells = table.row_cells(loc.row)
                if piece.cell < len(cells):
                    col = cells[piece.cell].col
                    ocr = cells[piece.cell].confidence if cells[piece.cell].confidence is not None else ocr
            return Location(line=loc.line, page=loc.page, table=loc.table, row=loc.row, cell=col, ocr=ocr)
        return loc


def _fold_char(ch: str) -> str:
    ch = unicodedata.normalize("NFKC", ch)
    if ch in "“”\"‘’'「」":
        return ""
    if ch in "、，,．。":
        return "."
    return ch


def parse_cell_value(text: str) -> Piece | None:
    """Read a whole cell as a value piece (without position), or None when it is text."""
    raw = unicodedata.normalize("NFKC", text).strip()
    if raw in BLANK_MARKS or raw in ("&nbsp;", "—", "–"):
        return Piece("value", text, -1, explicit=True, blank=True)
    m = _CELL_VALUE.match(raw.replace(" ", ""))
    if not m:
        return None
    sign = -1 if (m["word"] and SIGN_WORDS.get(m["word"], 1) < 0) or (m["sign"] and m["sign"] != "+") else 1
    return Piece("value", text, -1, explicit=True, digits=m["num"].replace(",", ""), sign=sign, unit=m["unit"])


def _cell_line(line: TextLine) -> list[str] | None:
    """The cells of a grid row line ("\\t"-joined by the loaders) or of a markdown pipe row."""
    text = line.text
    if line.location.table is not None:
        return text.split("\t")
    stripped = text.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        if re.fullmatch(r"[|\s:\-]+", stripped) and "-" in stripped:
            return []  # the |---|---| rule under a markdown header (a row of empty cells is a row)
        return [c for c in stripped.strip("|").split("|")]
    return None


def _free_pieces(text: str, line: int) -> list[Piece]:
    """Split a free text line into text and value pieces; digit runs may hold several cells."""
    text = _FOOTER_INLINE.sub(" ", text)
    pieces: list[Piece] = []
    pos = 0
    for m in _FREE_TOKEN.finditer(text):
        start, end = m.span()
        if m["blank"]:
            if start > pos:
                pieces.append(Piece("text", text[pos:start], line))
            pieces.append(Piece("value", m["blank"], line, blank=True))
            pos = end
            continue
        num = m["num"]
        # "2.其他法律…": a sub-row number belongs to its label; "00000002.其他" is values then "2."
        after = text[end:end + 3]
        if m["unit"] is None and "." not in num and _LABEL_NUMBER.match(after):
            num = num[:-1]
            end = m.start("num") + len(num)
            if not num:
                continue
        if start > pos:
            pieces.append(Piece("text", text[pos:start], line))
        word, sign_char = m["word"], m["sign"]
        sign = -1 if (word and SIGN_WORDS.get(word, 1) < 0) or (sign_char and sign_char != "+") else 1
        pieces.append(Piece("value", text[start:end], line, digits=num, sign=sign,
                            unit=m["unit"] if end == m.end() else None))
        pos = end
    if pos < len(text):
        pieces.append(Piece("text", text[pos:], line))
    return pieces


def _line_pieces(line: TextLine, index: int) -> list[Piece]:
    if _FOOTER_LINE.match(line.text) and line.location.table is None:
        return []
    cells = _cell_line(line)
    if cells is None:
        return _free_pieces(line.text, index)
    pieces: list[Piece] = []
    for k, cell in enumerate(cells):
        value = parse_cell_value(cell)
        if value is not None:
            pieces.append(Piece("value", cell, index, cell=k, explicit=True, blank=value.blank,
                                digits=value.digits, sign=value.sign, unit=value.unit))
        else:
            pieces.append(Piece("text", cell, index, cell=k))
            pieces.append(Piece("text", "\t", index, cell=k))
    return pieces


def build_stream(doc: SourceDocument, lines: list[TextLine] | None = None) -> Stream:
    """Turn a document's lines (or a given list of lines) into a :class:`Stream`."""
    lines = doc.lines if lines is None else lines
    pieces: list[Piece] = []
    for i, line in enumerate(lines):
        pieces.extend(_line_pieces(line, i))
        pieces.append(Piece("text", "\n", i))
    norm: list[str] = []
    owner: list[int] = []
    for p_index, piece in enumerate(pieces):
        if piece.kind == "value":
            norm.append(PLACEHOLDER)
            owner.append(p_index)
            continue
        for ch in piece.text:
            folded = _fold_char(ch)
            for c in folded:
                norm.append(" " if c.isspace() else c)
                owner.append(p_index)
    # Drop white space between two non-value characters, so that "公 开" and "（四）无法提 供" read
    # as labels; keep it next to values, where it separates cells.
    keep_norm: list[str] = []
    keep_owner: list[int] = []
    n = len(norm)
    i = 0
    while i < n:
        c = norm[i]
        if c == " ":
            j = i
            while j < n and norm[j] == " ":
                j += 1
            prev = keep_norm[-1] if keep_norm else ""
            nxt = norm[j] if j < n else ""
            if prev and nxt and prev != PLACEHOLDER and nxt != PLACEHOLDER:
                i = j
                continue
            keep_norm.append(" ")
            keep_owner.append(owner[i])
            i = j
            continue
        keep_norm.append(c)
        keep_owner.append(owner[i])
        i += 1
    return Stream(doc, lines, pieces, "".join(keep_norm), keep_owner)


def value_of(piece: Piece) -> int | float | None:
    """The number a single-value piece holds, in yuan for amounts; None for a blank."""
    if piece.blank or not piece.digits:
        return None
    return to_number(piece.digits, piece.sign, piece.unit)


def to_number(digits: str, sign: int = 1, unit: str | None = None, bare_unit: str | None = None) -> int | float:
    """Digits (maybe with decimals) times the unit, as an int when whole, else a float to the fen."""
    from decimal import Decimal

    factor = AMOUNT_UNITS.get(unit or bare_unit or "元", 1)
    amount = Decimal(digits) * factor * sign
    if amount == amount.to_integral_value():
        return int(amount)
    return float(round(amount, 2))

