"""docx loader (to be written)."""

from __future__ import annotations

from pathlib import Path

from ..types import IngestError, SourceDocument


def load_docx(path: Path, data: bytes, digest: str) -> SourceDocument:
    raise IngestError(f"{path.name}: docx files are not supported yet")
