"""The figures store (SQL) and the vector index (Chroma) hold the same reports.

SQL decides what is visible: readers build their catalog and keyword index from it and drop any
dense hit whose passage SQL does not have. A writer puts a report's vectors in before its SQL
commit and removes a replaced report's vectors after it, so a crash can leave vectors of a report
SQL does not have (orphans, never a SQL report without vectors); :func:`sweep_orphans` removes
them when a writer opens the store. :func:`repair` also rebuilds what the vector index lost (a
deleted ``chroma/`` folder, a damaged collection) from the passages SQL keeps, without the
original files. Another copy of a report stored twice may have no vectors (``VectorIndex.leave_out``):
only the canonical copy needs them.

Example::

    result = repair(store, VectorIndex(settings))
    print("; ".join(result.lines()))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .figures_store import FiguresStore


@dataclass
class RepairResult:
    """What :func:`repair` (or :func:`sweep_orphans`) found and fixed."""

    orphan_reports: list[str] = field(default_factory=list)  # vectors without a SQL report: removed
    orphan_passages: int = 0
    restored_reports: list[str] = field(default_factory=list)  # SQL reports whose vectors were missing/incomplete
    restored_passages: int = 0
    rebuilt: str = ""  # why the whole vector index was rebuilt, if it was
    n_reports: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.orphan_reports or self.restored_reports or self.rebuilt)

    def lines(self) -> list[str]:
        out = []
        if self.rebuilt:
            out.append(f"the vector index was rebuilt from the stored passages ({self.rebuilt})")
        if self.orphan_reports:
            out.append(f"removed {self.orphan_passages} vectors of {len(self.orphan_reports)} report(s) "
                       f"the figures store does not have")
        if self.restored_reports:
            out.append(f"re-embedded {self.restored_passages} passages of {len(self.restored_reports)} report(s) "
                       f"whose vectors were missing or incomplete")
        if not out:
            out.append(f"nothing to repair: the figures store and the vector index agree on {self.n_reports} reports")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "changed": self.changed, "lines": self.lines()}


def sweep_orphans(store: FiguresStore, index: Any, counts: dict[str, int] | None = None) -> RepairResult:
    """Remove the vectors of reports the figures store does not have. Call under the write lock."""
    result = RepairResult()
    counts = index.passage_counts() if counts is None else counts
    known = {r.report_id for r in store.reports()}
    result.n_reports = len(known)
    for rid, n in sorted(counts.items()):
        if rid not in known:
            index.delete_report(rid)
            result.orphan_reports.append(rid)
            result.orphan_passages += n
    return result


def repair(store: FiguresStore, index: Any, *, rebuild: bool = False) -> RepairResult:
    """Make the vector index hold exactly the stored reports' passages. Call under the write lock.

    Orphan vectors go; a report whose vector count differs from its stored passages is re-embedded
    from SQL; ``rebuild`` (or a collection that cannot be read) starts the index afresh. Another
    copy of a report stored twice may have no vectors (``VectorIndex.leave_out``, as ingest leaves it).
    """
    reason = "asked for" if rebuild else ""
    counts: dict[str, int] = {}
    if not rebuild:
        try:
            counts = index.passage_counts()
        except Exception as exc:  # noqa: BLE001 — a damaged collection is rebuilt, whatever the error
            reason = f"it could not be read: {type(exc).__name__}: {exc}"
    if reason:
        index.reset()
        counts = {}
    result = sweep_orphans(store, index, counts)
    result.rebuilt = reason
    leave_out = getattr(index, "leave_out", None)
    for rec in store.reports():
        have = counts.get(rec.report_id, 0)
        if have == rec.n_passages:
            continue
        if rec.copy_of is not None and leave_out is not None:
            if have or reason:  # none, as ingest leaves a copy (and recorded so after a rebuild)
                leave_out(rec.report_id)
            continue
        records = store.passage_records(report_id=rec.report_id)
        index.delete_report(rec.report_id)
        if records:
            index.add(records)
        result.restored_reports.append(rec.report_id)
        result.restored_passages += len(records)
    return result


def leave_out_copies(index: Any, report_ids: list[str]) -> None:
    """After the commit of a report that became canonical: the copies it displaced lose their
    vectors, as a copy stored later would have none. A failure (or a crash before this) leaves a
    copy with vectors, which readers handle like any other passage."""
    leave_out = getattr(index, "leave_out", None)
    if leave_out is None:
        return
    for rid in report_ids:
        try:
            leave_out(rid)
        except Exception:  # noqa: BLE001, S110 — a copy with vectors is a state readers handle
            pass


def restore_canonical_vectors(store: FiguresStore, index: Any, agency: str, year: int) -> int:
    """After a report was deleted: the copy now canonical for its agency and year gets the vectors it
    was left without (``VectorIndex.leave_out``), from its stored passages. Returns the passages embedded."""
    count = getattr(index, "count_report", None)
    done = 0
    for rec in store.reports(agency=agency, year=year):
        if rec.agency != agency or rec.year != year or rec.copy_of is not None:
            continue
        if count is not None and count(rec.report_id) == rec.n_passages:
            continue
        records = store.passage_records(report_id=rec.report_id)
        index.delete_report(rec.report_id)
        if records:
            index.add(records)
        done += len(records)
    return done


__all__ = ["RepairResult", "leave_out_copies", "repair", "restore_canonical_vectors", "sweep_orphans"]
