"""html loader (to be written)."""

from __future__ import annotations

from pathlib import Path

from ..types import IngestError, SourceDocument


def load_html(path: Path, data: bytes, digest: str) -> SourceDocument:
    raise IngestError(f"{path.name}: html files are not supported yet")
