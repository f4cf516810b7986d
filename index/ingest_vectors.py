"""The vector index's side of ingestion: kept in step with the figures store, report by report.

:func:`index.pipeline.ingest` writes a report's figures and passages in one SQL transaction
(:meth:`FiguresStore.put_report`); this module does what the vector index needs around it. The
passages are embedded before the write lock (:func:`embed_passages`; not for a report that will most
likely be another copy of one stored: :func:`other_copies`); inside the transaction, just before the
commit, the report's vectors go in (:func:`sync_vectors`; a failure there raises
:class:`VectorFailure`, the SQL rows roll back and :func:`restore_vectors` puts the index back); after
the commit the vectors of the reports it replaced come out (:func:`drop_replaced`). A crash leaves at
most orphan vectors, which the first write of the next batch sweeps (:meth:`LazyVectors.sweep`,
:mod:`index.consistency`). An unchanged file whose report lost its vectors gets them back
(:func:`complete_vectors`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from .figures_store import FiguresStore, WriteInfo
from .ingest_results import FileResult
from .settings import Settings
from .types import IngestError, ParsedReport, Passage, PassageRecord


class VectorIndexLike(Protocol):
    """What ingestion needs of the vector index (``index.vectors.VectorIndex``)."""

    def add(self, records: list[PassageRecord]) -> Any: ...

    def delete_report(self, report_id: str) -> Any: ...


class _Default:
    """The marker of "the vector index the settings say" (``ingest(vectors=DEFAULT)``)."""

    def __repr__(self) -> str:
        return "DEFAULT"


DEFAULT: Any = _Default()


class VectorFailure(Exception):
    """The vector index failed inside a report's SQL transaction (raised by :func:`sync_vectors`,
    so that the transaction rolls back); ``info`` says what the write was."""

    def __init__(self, exc: BaseException, info: WriteInfo):
        super().__init__(f"vector index failed: {type(exc).__name__}: {exc}")
        self.info = info


class LazyVectors:
    """The vector index, built only when a report has to be written (never for unchanged files).

    ``vectors`` is the index given to ``ingest`` (None: figures only; :data:`DEFAULT`: the one
    ``open_index(settings)`` builds when ``settings.vectors`` is on).
    """

    def __init__(self, vectors: VectorIndexLike | None, settings: Settings,
                 open_index: Callable[[Settings], VectorIndexLike]):
        self._given = vectors
        self._settings = settings
        self._open_index = open_index
        self._index: VectorIndexLike | None = None
        self._error: str | None = None
        self.swept = False  # orphan vectors removed once a batch, by the first write

    def sweep(self, store: FiguresStore) -> None:
        """Remove vectors of reports SQL does not have (a crash's left-overs). Under the write lock."""
        if self.swept:
            return
        self.swept = True
        index = self.get()
        if hasattr(index, "passage_counts"):
            from .consistency import sweep_orphans

            try:
                sweep_orphans(store, index)
            except Exception:  # noqa: BLE001 — best effort: readers ignore orphans; govqa repair fixes more
                pass

    def opened(self) -> VectorIndexLike | None:
        """The index if it can be had without failing a file (for checks on unchanged files)."""
        if not self.enabled:
            return None
        try:
            return self.get()
        except IngestError:
            return None

    @property
    def enabled(self) -> bool:
        if self._given is DEFAULT:
            return bool(self._settings.vectors)
        return self._given is not None

    def get(self) -> VectorIndexLike:
        if self._given is not DEFAULT:
            assert self._given is not None
            return self._given
        if self._index is None:
            if self._error:
                raise IngestError(self._error)
            try:
                self._index = self._open_index(self._settings)
            except Exception as exc:  # noqa: BLE001 — one plain reason per file
                self._error = (f"the vector index cannot be opened ({type(exc).__name__}: {exc}); "
                               f"use --no-vectors to store figures only")
                raise IngestError(self._error) from exc
        return self._index


def embed_passages(index: VectorIndexLike, report: ParsedReport, passages: list[Passage]) -> list[Any] | None:
    """The passages' vectors, when the index can embed ahead of writing (``VectorIndex.embed``)."""
    embed = getattr(index, "embed", None)
    if embed is None:
        return None
    ident = report.identity
    records = [PassageRecord(f"{report.report_id}:{i}", report.report_id, ident.agency, ident.year, ident.title, p)
               for i, p in enumerate(passages)]
    return list(embed(records))


def other_copies(store: FiguresStore, report: ParsedReport) -> list[str]:
    """The stored reports of this agency and year that this one will not replace
    (``FiguresStore.put_report``'s rules). With any, this report becomes a copy unless it reads
    better, which only the write decides; a copy needs no vectors, so its embedding waits for the
    write (``sync_vectors``). The crawler copies of the real reports were 27% of the e5 tokens of
    shared/reports."""
    ident, src = report.identity, report.source
    name = Path(src.path).name if src.path else ""
    return [r.report_id for r in store.reports(agency=ident.agency, year=ident.year)
            if r.agency == ident.agency and r.year == ident.year and r.sha256 != src.sha256
            and r.report_id != report.report_id and r.source_path != src.path
            and Path(r.source_path).name != name]


def complete_vectors(vec: LazyVectors, store: FiguresStore, rec: Any,
                     lock: Callable[[], Any], result: FileResult) -> None:
    """An unchanged file whose report lost vectors (a deleted ``chroma/``, a crash) gets them back
    from the stored passages; a re-ingest used to say "unchanged" and repair nothing. Another copy
    of a report (``rec.copy_of``) may have none (``VectorIndex.leave_out``)."""
    report_id, n_passages = rec.report_id, rec.n_passages
    index = vec.opened()
    count = getattr(index, "count_report", None)
    if index is None or count is None:
        return
    try:
        have = count(report_id)
        if have == n_passages or (have == 0 and rec.copy_of is not None and hasattr(index, "leave_out")):
            return
        with lock():
            vec.sweep(store)
            records = store.passage_records(report_id=report_id)
            index.delete_report(report_id)
            if records:
                index.add(records)
        result.reason = f"its vectors were missing or incomplete: {len(records)} passages re-embedded"
    except Exception as exc:  # noqa: BLE001 — the figures are stored; say what is wrong with the vectors
        result.reason = f"its vectors could not be checked or restored ({type(exc).__name__}: {exc}); run govqa repair"


def drop_replaced(index: VectorIndexLike, info: WriteInfo) -> None:
    """After the commit: the vectors of the reports the new one replaced. A failure (or a crash
    before this) only leaves orphans, which the next writer sweeps; readers never see them."""
    try:
        for old in info.replaced_ids:
            if old != info.report_id:
                index.delete_report(old)
    except Exception:  # noqa: BLE001
        pass


def sync_vectors(index: VectorIndexLike, info: WriteInfo, embeddings: list[Any] | None = None) -> None:
    """Put the new report's passages in the vector index, inside its SQL transaction. Idempotent:
    the new report's vectors are deleted before they are added (left-overs of an earlier failed run
    go too). The replaced reports' vectors stay until the commit (see :func:`drop_replaced`), so a
    crash leaves orphan vectors, never a stored canonical report without its vectors.

    Another copy of a stored report (``info.copy_of``) is left out of the index when the index can
    (``VectorIndex.leave_out``): its passages answer keyword searches, the canonical copy's vectors
    dense ones. A report that was expected to be a copy but reads better than the stored one (the
    canonical copy now) is embedded here, under the lock; the copies it displaced lose theirs after
    the commit (``consistency.leave_out_copies``)."""
    try:
        leave_out = getattr(index, "leave_out", None)
        if info.copy_of is not None and leave_out is not None:
            leave_out(info.report_id)
            return
        index.delete_report(info.report_id)
        if info.records:
            if embeddings is not None and len(embeddings) == len(info.records):
                index.add(info.records, embeddings=embeddings)  # type: ignore[call-arg]
            else:
                index.add(info.records)
    except Exception as exc:  # noqa: BLE001
        raise VectorFailure(exc, info) from exc


def restore_vectors(index: VectorIndexLike, store: FiguresStore, info: WriteInfo) -> str:
    """After a rollback: drop the new report's vectors and re-add those of the reports it would have
    replaced (read back from the store, which still has them). Returns a note when that fails too."""
    try:
        if info.report_id not in info.replaced_ids:
            index.delete_report(info.report_id)
        for old in info.replaced_ids:
            index.delete_report(old)
            records = store.passage_records(report_id=old)
            if records:
                index.add(records)
    except Exception as exc:  # noqa: BLE001
        return (f"; the vector index may be out of date ({type(exc).__name__}: {exc}) — "
                f"ingest the file again to repair it")
    return ""


__all__ = ["VectorIndexLike", "DEFAULT", "LazyVectors", "VectorFailure", "embed_passages", "other_copies",
           "complete_vectors", "sync_vectors", "drop_replaced", "restore_vectors"]
