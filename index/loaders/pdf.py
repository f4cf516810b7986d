"""pdf loader (to be written)."""

from __future__ import annotations

from pathlib import Path

from ..types import IngestError, SourceDocument


def load_pdf(path: Path, data: bytes, digest: str) -> SourceDocument:
    raise IngestError(f"{path.name}: pdf files are not supported yet")
