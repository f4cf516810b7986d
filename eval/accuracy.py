"""Cell accuracy of the table parser against ground truth (hand gold or generator truth).

A parsed report is scored cell by cell against a gold or truth JSON (the shape of
``shared/gold/*.json``, read by :func:`eval.questions.report_cells`). A wrong cell is *flagged*
when the parser did not present it as certain: its status is ``reconstructed`` or ``uncertain``,
or a consistency check that names it fails. The ingestion issue asks that every wrong cell be
flagged; :attr:`CellScore.silent_wrong` lists the ones that are not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from index.reportformat import CellKey
from index.types import ParsedReport

from .questions import report_cells

UNCERTAIN_STATUSES = frozenset({"reconstructed", "uncertain"})


@dataclass
class CellScore:
    """How many gold cells a parsed report got right, per table, and what it got wrong."""

    right: dict[int, int] = field(default_factory=lambda: {2: 0, 3: 0, 4: 0})
    total: dict[int, int] = field(default_factory=lambda: {2: 0, 3: 0, 4: 0})
    wrong: list[tuple[CellKey, Any, Any, bool]] = field(default_factory=list)  # key, gold, got, flagged

    def add(self, other: CellScore) -> None:
        for t in self.total:
            self.right[t] += other.right[t]
            self.total[t] += other.total[t]
        self.wrong += other.wrong

    def accuracy(self, tables: Iterable[int] = (2, 3, 4)) -> float | None:
        tables = tuple(tables)
        total = sum(self.total[t] for t in tables)
        return sum(self.right[t] for t in tables) / total if total else None

    @property
    def silent_wrong(self) -> list[tuple[CellKey, Any, Any]]:
        """Wrong cells presented as certain: neither marked nor caught by a failing check."""
        return [(k, g, v) for k, g, v, flagged in self.wrong if not flagged]


def score_report(report: ParsedReport, gold: dict[str, Any], tables: Iterable[int] = (2, 3, 4)) -> CellScore:
    """Compare every cell of ``gold`` (a gold or truth JSON) in ``tables`` with the parsed figures."""
    tables = tuple(tables)
    figures = {f.key: f for f in report.figures}
    failing = {key for c in report.checks if not c.passed for key in c.cells}
    score = CellScore()
    for key, expected in report_cells(gold).items():
        if key.table not in tables:
            continue
        score.total[key.table] += 1
        fig = figures.get(key)
        got = fig.value if fig else None
        if got is not None and got == expected:
            score.right[key.table] += 1
            continue
        flagged = fig is not None and (fig.status in UNCERTAIN_STATUSES or key in failing)
        score.wrong.append((key, expected, got, flagged))
    return score


__all__ = ["CellScore", "UNCERTAIN_STATUSES", "score_report"]
