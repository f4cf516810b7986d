"""What an ingest run reports: one :class:`FileResult` per file, gathered in an :class:`IngestSummary`.

Plain records, filled by :func:`index.pipeline.ingest` (and by :func:`index.ingest_files.expand_paths`
for the files it decides without reading); the CLI, the API and the web page print them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Outcome = Literal["added", "replaced", "unchanged", "failed", "skipped"]


@dataclass
class FileResult:
    """What happened to one file."""

    path: str
    outcome: Outcome
    reason: str = ""
    report_id: str | None = None
    agency: str | None = None
    year: int | None = None
    n_figures: int = 0
    n_passages: int = 0
    n_failed_checks: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class IngestSummary:
    """The outcome of one :func:`index.pipeline.ingest` call, file by file."""

    results: list[FileResult] = field(default_factory=list)
    store: str = ""

    @property
    def ingested(self) -> list[FileResult]:
        """Reports written: added or replaced."""
        return [r for r in self.results if r.outcome in ("added", "replaced")]

    @property
    def added(self) -> list[FileResult]:
        return [r for r in self.results if r.outcome == "added"]

    @property
    def replaced(self) -> list[FileResult]:
        return [r for r in self.results if r.outcome == "replaced"]

    @property
    def unchanged(self) -> list[FileResult]:
        """Files whose content was already stored (nothing written)."""
        return [r for r in self.results if r.outcome == "unchanged"]

    @property
    def failed(self) -> list[tuple[str, str]]:
        """(file, reason) for every file that could not be ingested."""
        return [(r.path, r.reason) for r in self.results if r.outcome == "failed"]

    @property
    def skipped(self) -> list[tuple[str, str]]:
        """(file, reason) for files found in folders that are not reports (unsupported type)."""
        return [(r.path, r.reason) for r in self.results if r.outcome == "skipped"]

    @property
    def failing_checks(self) -> list[tuple[str, str, int, int]]:
        """(report_id, agency, year, number of failing checks) for reports of this run that fail any."""
        seen: dict[str, tuple[str, str, int, int]] = {}
        for r in self.results:
            if r.report_id and r.n_failed_checks and r.agency is not None and r.year is not None:
                seen[r.report_id] = (r.report_id, r.agency, r.year, r.n_failed_checks)
        return list(seen.values())

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return not self.failed

    def counts(self) -> dict[str, int]:
        return {"ingested": len(self.ingested), "added": len(self.added), "replaced": len(self.replaced),
                "unchanged": len(self.unchanged), "failed": len(self.failed), "skipped": len(self.skipped)}

    def to_dict(self) -> dict[str, Any]:
        return {"store": self.store, **self.counts(),
                "failed_files": [{"file": f, "reason": r} for f, r in self.failed],
                "skipped_files": [{"file": f, "reason": r} for f, r in self.skipped],
                "failing_checks": [{"report_id": i, "agency": a, "year": y, "n_failed": n}
                                   for i, a, y, n in self.failing_checks],
                "results": [r.to_dict() for r in self.results]}


__all__ = ["Outcome", "FileResult", "IngestSummary"]
