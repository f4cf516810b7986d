"""HTML pages and fragments: the article body's text lines and its tables as grids.

Published reports come as whole web pages (navigation, breadcrumbs, footers around the article),
as bare fragments, and as Word exports whose words are split over ``<span>``/``<font>``/``<o:p>``.
The loader picks the article body by text density, reads it in reading order (block elements start
lines, inline elements join without spaces), and lays every data table out on its grid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..types import GridCell, IngestError, SourceDocument, SourceTable, TextLine
from .grid import MAX_COLSPAN, MAX_ROWSPAN, append_line, append_table, clean_text, join_pieces, place_cells

# Never visible as page text, or page machinery rather than content.
_SKIP = frozenset({
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
    "svg", "math", "canvas", "audio", "video", "source", "track", "map", "area", "select", "option",
    "optgroup", "datalist", "button", "input", "textarea", "head", "title", "meta", "link", "base",
    "nav", "aside", "-comment", "!doctype",
})
_SKIP_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar"})
# Elements that start a new line (the CSS display:block family, plus table parts of layout tables).
_BLOCK = frozenset({
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "listing", "main", "menu", "ol", "p",
    "plaintext", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "ul", "xmp",
})
# A link's text counts against a block: menus, breadcrumbs and link lists are chrome.
_LINK_PENALTY = 1.5

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# GB2312 and GBK pages routinely use characters only GB18030 (their superset) defines.
_ENCODING_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                     "iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "utf-8", "us-ascii": "utf-8"}


def load_html(path: Path, data: bytes, digest: str) -> SourceDocument:
    """Read an HTML page or fragment into lines (article text in reading order) and grid tables."""
    text = decode_html(path.name, data)
    depth = nesting_depth(text)
    if depth > MAX_DEPTH:
        raise IngestError(f"{path.name}: the HTML nests elements more than {MAX_DEPTH} deep "
                          f"(limit {MAX_DEPTH}): a damaged or forged page")
    try:
        tree = LexborHTMLParser(text)
    except Exception as exc:  # lexbor failures carry no useful type
        raise IngestError(f"{path.name}: not readable as HTML ({type(exc).__name__})") from exc
    title = _title(tree)
    body = tree.body or tree.root
    if body is None:
        return SourceDocument(path=str(path), kind="html", sha256=digest, lines=[], title=title)
    try:
        root = _article_root(body)
        reader = _Reader()
        reader.read(root)
    except RecursionError as exc:
        raise IngestError(f"{path.name}: the HTML is nested too deeply to read") from exc
    if title is None:
        title = _first_heading(root)
    return SourceDocument(path=str(path), kind="html", sha256=digest, lines=reader.lines,
                          tables=reader.tables, title=title)


# --- nesting ---------------------------------------------------------------------------------

# Elements open at once. Word exports nest a few dozen deep; parsing and reading grow with the
# square of the depth (10 MB of <div> took over an hour), so deeper pages are refused unparsed.
MAX_DEPTH = 512
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
# Elements that never hold others, or whose end tag HTML lets a page leave out (counting those
# would make a sloppy but ordinary page look deep).
_NOT_COUNTED = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rp", "rt",
    "colgroup", "caption", "html", "head", "body",
})


def nesting_depth(text: str, stop: int = MAX_DEPTH) -> int:
    """How deep the page's elements nest (by a scan of its tags; stops counting past ``stop``)."""
    depth = deepest = 0
    for m in _TAG.finditer(text):
        tag = m.group(2).lower()
        if tag in _NOT_COUNTED or m.group(3):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop:
                    break
    return deepest


# --- decoding ---------------------------------------------------------------------------------

def decode_html(name: str, data: bytes) -> str:
    """Decode by BOM, then strict UTF-8, then the declared charset, then GB18030.

    Strict UTF-8 goes before the declaration because Chinese sites often declare one encoding
    and serve another, and bytes that decode cleanly as UTF-8 (with non-ASCII in them) are UTF-8
    in practice, whereas GB18030 accepts almost any byte pairs and would turn UTF-8 into mojibake.
    A page with a few corrupt bytes is decoded with replacement characters rather than rejected.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        raise IngestError(f"{name}: binary data, not HTML")
    declared = _declared_charset(data[:16384])
    candidates = list(dict.fromkeys(["utf-8", *([declared] if declared else []), "gb18030"]))
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    for encoding in candidates[1:] + candidates[:1]:
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError:
            continue
        if text.count("\ufffd") <= max(3, len(text) // 1000):
            return text
    raise IngestError(f"{name}: the text encoding could not be recognised (tried {', '.join(candidates)})")


def _declared_charset(head: bytes) -> str | None:
    """The charset named by <meta charset>, <meta http-equiv content=...charset=> or <?xml encoding>."""
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore").strip().lower()
    return _ENCODING_ALIASES.get(name, name) or None


# --- title ------------------------------------------------------------------------------------

def _title(tree: LexborHTMLParser) -> str | None:
    """The article's own title when the CMS states it (meta ArticleTitle / og:title), else <title>."""
    for meta in tree.css("meta"):
        attrs = meta.attributes
        key = (attrs.get("name") or attrs.get("property") or "").strip().lower()
        if key in ("articletitle", "og:title", "dc.title"):
            value = clean_text(attrs.get("content") or "")
            if value:
                return value
    for node in tree.css("title"):
        value = clean_text(node.text(deep=True) or "")
        if value:
            return value
    return None


def _first_heading(root: LexborNode) -> str | None:
    """For fragments without <title>: the first h1/h2 of the article, if any."""
    for tag in ("h1", "h2"):
        node = root.css_first(tag)
        if node is not None:
            value = clean_text(node.text(deep=True) or "")
            if value:
                return value
    return None


# --- choosing the article body -----------------------------------------------------------------

def _skipped(node: LexborNode) -> bool:
    """Nodes whose content is never part of the article text (see ``_SKIP``)."""
    tag = node.tag
    if tag is None or tag in _SKIP or (tag.startswith("-") and tag != "-text"):
        return True
    attrs = node.attributes
    if "hidden" in attrs:
        return True
    role = attrs.get("role")
    return bool(role) and role.strip().lower() in _SKIP_ROLES


def _visible_len(text: str) -> int:
    return len(text) - sum(1 for ch in text if ch.isspace())


@dataclass
class _Candidate:
    node: LexborNode
    score: float
    depth: int


def _article_root(body: LexborNode) -> LexborNode:
    """The element holding the article: the subtree with the most plain text net of link text.

    Every element is scored by its non-link text minus a penalty for its link text; the best
    scoring element wins, the deepest one on ties. Article paragraphs and data tables add to
    the score, so the winner keeps all of them, while navigation, breadcrumbs, related-link lists
    and footers (mostly links) make any ancestor that takes them in score lower.
    """
    best: list[_Candidate] = []

    def visit(node: LexborNode, depth: int, in_link: bool, in_table: bool) -> tuple[int, int]:
        total = links = 0
        is_link = in_link or node.tag == "a"
        # A data table is read whole: neither it nor a part of it can be the article.
        is_table = in_table or (node.tag == "table" and _is_data_table(node))
        for child in node.iter(include_text=True):
            if child.tag == "-text":
                n = _visible_len(child.text_content or "")
                total += n
                links += n if is_link else 0
            elif not _skipped(child):
                t, a = visit(child, depth + 1, is_link, is_table)
                total += t
                links += a
        score = (total - links) - _LINK_PENALTY * links
        if not is_table and (not best or (score, depth) > (best[0].score, best[0].depth)):
            best[:] = [_Candidate(node, score, depth)]
        return total, links

    visit(body, 0, False, False)
    if not best or best[0].score <= 0:
        return body
    return best[0].node


# --- reading text and tables ------------------------------------------------------------------

def _is_data_table(table: LexborNode) -> bool:
    """A table that holds data rather than page layout: no table inside it and more than one cell."""
    # (lexbor's css() matches the node itself too, hence "more than one table")
    if len(table.css("table")) > 1:
        return False
    return len(table.css("td, th")) > 1


def _table_rows(table: LexborNode) -> list[LexborNode]:
    """The table's own <tr>s in order, through thead/tbody/tfoot (never a nested table's)."""
    rows: list[LexborNode] = []
    for child in table.iter():
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child.iter() if c.tag == "tr")
    return rows


def _span(value: str | None, rows_left: int, cap: int) -> int:
    """A rowspan/colspan attribute as a number; 0 (rowspan "to the end") and junk handled."""
    try:
        n = int(re.sub(r"[^\d]", "", value or "") or "1")
    except ValueError:
        return 1
    if n == 0:
        return rows_left
    return max(1, min(n, cap))


def _cell_text(cell: LexborNode) -> str:
    """A cell's text with its line breaks and paragraphs joined without spaces ('商业<br>企业' → '商业企业')."""
    pieces: list[str] = [""]

    def walk(node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                pieces[-1] += child.text_content or ""
            elif _skipped(child):
                continue
            elif tag == "br":
                pieces.append("")
            elif tag in _BLOCK:
                pieces.append("")
                walk(child)
                pieces.append("")
            else:
                walk(child)

    walk(cell)
    return join_pieces(pieces)


def _table_cells(table: LexborNode) -> list[GridCell]:
    """The table's cells placed on the span-expanded grid."""
    rows = _table_rows(table)
    raw: list[list[tuple[str, int, int]]] = []
    for r, tr in enumerate(rows):
        row = []
        for cell in tr.iter():
            if cell.tag in ("td", "th"):
                rowspan = _span(cell.attributes.get("rowspan"), len(rows) - r, MAX_ROWSPAN)
                colspan = _span(cell.attributes.get("colspan"), 1, MAX_COLSPAN)
                row.append((_cell_text(cell), rowspan, colspan))
        raw.append(row)
    return place_cells(raw)


@dataclass
class _Reader:
    """Walks the article in document order, gathering text lines and tables."""

    lines: list[TextLine] = field(default_factory=list)
    tables: list[SourceTable] = field(default_factory=list)
    _buffer: list[str] = field(default_factory=list)

    def read(self, root: LexborNode) -> None:
        self._node(root, pre=False)
        self._flush()

    def _flush(self) -> None:
        append_line(self.lines, clean_text("".join(self._buffer)))
        self._buffer.clear()

    def _text(self, text: str, pre: bool) -> None:
        if not pre:
            self._buffer.append(text)
            return
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                self._flush()
            self._buffer.append(part)

    def _node(self, node: LexborNode, pre: bool) -> None:
        tag = node.tag
        if tag == "-text":
            self._text(node.text_content or "", pre)
            return
        if _skipped(node):
            return
        if tag == "br":
            self._flush()
            return
        if tag == "table" and _is_data_table(node):
            self._flush()
            cells = _table_cells(node)
            if any(c.text for c in cells):
                append_table(self.lines, self.tables, cells)
            return
        block = tag in _BLOCK
        if block:
            self._flush()
        inner_pre = pre or tag in ("pre", "listing", "plaintext", "xmp", "textarea")
        for child in node.iter(include_text=True):
            self._node(child, inner_pre)
        if block:
            self._flush()
