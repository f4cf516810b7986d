"""Loaders: one module per input kind, each turning a file into a :class:`SourceDocument`.

``load(path)`` picks the loader by suffix. Every failure is an :class:`IngestError` whose message
is one line naming the file and the reason; nothing here touches a store.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..types import IngestError, SourceDocument

Loader = Callable[[Path, bytes, str], SourceDocument]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Lines one document may have. A report has a few hundred to a few thousand; far more is a
# generated or damaged file whose parse and passages would only cost time and memory.
MAX_LINES = 100_000
# Characters of text one document may have: the longest real report is a few hundred thousand;
# parsing costs memory per character (9 MB of text took a gigabyte), so more is refused unparsed.
MAX_CHARS = 2_000_000


def _registry() -> dict[str, Loader]:
    from . import docx, html, pdf, text

    return {
        ".txt": text.load_text,
        ".md": text.load_markdown,
        ".markdown": text.load_markdown,
        ".html": html.load_html,
        ".htm": html.load_html,
        ".pdf": pdf.load_pdf,
        ".docx": docx.load_docx,
    }


SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


def load(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDocument:
    """Read one report file into a :class:`SourceDocument`.

    Raises:
        IngestError: unknown extension, missing, empty, too large, unreadable, encrypted or garbled file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    loaders = _registry()
    if suffix not in loaders:
        raise IngestError(f"{path.name}: unsupported file type '{suffix or '(none)'}' "
                          f"(supported: {', '.join(SUPPORTED_SUFFIXES)})")
    if not path.is_file():
        raise IngestError(f"{path.name}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(f"{path.name}: the file is empty")
    if size > max_bytes:
        raise IngestError(f"{path.name}: the file is {size / 2**20:.1f} MiB, over the limit of "
                          f"{max_bytes / 2**20:.0f} MiB")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    digest = hashlib.sha256(data).hexdigest()
    doc = normalise(loaders[suffix](path, data, digest))
    doc.size = size
    if len(doc.lines) > MAX_LINES:
        raise IngestError(f"{path.name}: {len(doc.lines):,} lines of text (limit {MAX_LINES:,}): "
                          "not a single annual report")
    if not any(line.text.strip() for line in doc.lines) and not doc.tables:
        raise IngestError(f"{path.name}: no text could be read from it")
    return doc


# C0 and C1 control characters but the tab (the loaders' cell separator): a NUL or an escape code
# in a report is never content, and downstream code (the keyword index, SQL drivers) may treat
# them as separators or terminators.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_controls(text: str) -> str:
    """``text`` without control characters (tab kept; CR and LF are line ends, gone by now)."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def normalise(doc: SourceDocument) -> SourceDocument:
    """Remove control characters from every line and table cell of a loaded document, in place."""
    doc.lines = [ln if not _CONTROL.search(ln.text) else replace(ln, text=clean_controls(ln.text))
                 for ln in doc.lines]
    for table in doc.tables:
        table.cells = [c if not _CONTROL.search(c.text) else replace(c, text=clean_controls(c.text))
                       for c in table.cells]
    if doc.title:
        doc.title = clean_controls(doc.title)
    return doc
