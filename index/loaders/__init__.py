"""Loaders: one module per input kind, each turning a file into a :class:`SourceDocument`.

``load(path)`` picks the loader by suffix. Every failure is an :class:`IngestError` whose message
is one line naming the file and the reason; nothing here touches a store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from ..types import IngestError, SourceDocument

Loader = Callable[[Path, bytes, str], SourceDocument]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


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
    doc = loaders[suffix](path, data, digest)
    doc.size = size
    if not any(line.text.strip() for line in doc.lines) and not doc.tables:
        raise IngestError(f"{path.name}: no text could be read from it")
    return doc
