"""Plain text and markdown: UTF-8, with GBK/GB18030 (and other encodings) detected."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from ..types import IngestError, Location, SourceDocument, TextLine


def decode_text(name: str, data: bytes) -> str:
    """Decode bytes as UTF-8 (with or without BOM), else GB18030, else whatever charset-normalizer finds."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(f"{name}: binary data, not text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None:
        raise IngestError(f"{name}: the text encoding could not be recognised")
    return str(best)


def _lines(text: str) -> list[TextLine]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [TextLine(line, Location(line=i)) for i, line in enumerate(text.split("\n"), start=1)]


def load_text(path: Path, data: bytes, digest: str) -> SourceDocument:
    return SourceDocument(path=str(path), kind="text", sha256=digest, lines=_lines(decode_text(path.name, data)))


def load_markdown(path: Path, data: bytes, digest: str) -> SourceDocument:
    return SourceDocument(path=str(path), kind="markdown", sha256=digest,
                          lines=_lines(decode_text(path.name, data)))
