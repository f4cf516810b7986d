"""Ingestion: files → load → parse → chunk → figures store (+ vector index), one transaction per report.

:func:`ingest` takes files and folders (which ones: :mod:`index.ingest_files`). Each file is loaded,
parsed (``index.tables.parse_report``) and chunked (``index.chunking.chunk_report``) in a worker
process under memory and time limits (:mod:`index.worker`), then written by
:meth:`FiguresStore.put_report` under the store's write lock (:mod:`index.storelock`). The vector
index is kept in step around that transaction (:mod:`index.ingest_vectors`): the passages are
embedded before the lock; inside it the report's vectors go in just before the SQL commit (if that
fails, the SQL rows roll back and the vector index is put back) and the vectors of a report it
replaced come out after it, so a crash leaves at most orphan vectors, which the next writer sweeps
(:mod:`index.consistency`). A file that fails never stops the others: its reason is one plain line
in the :class:`~index.ingest_results.IngestSummary`.

Example::

    summary = ingest([Path("reports/")], get_settings(home=".govqa"))
    print(len(summary.ingested), summary.failed)
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Protocol

from .figures_store import FiguresStore, WriteInfo
from .ingest_files import SAMPLE_REPORT, expand_paths, sample_report
from .ingest_results import FileResult, IngestSummary
from .ingest_vectors import (
    DEFAULT,
    LazyVectors,
    VectorFailure,
    VectorIndexLike,
    complete_vectors,
    drop_replaced,
    embed_passages,
    other_copies,
    restore_vectors,
    sync_vectors,
)
from .loaders import load
from .settings import Settings
from .storelock import StoreBusy, bump_version, write_lock
from .types import IngestError, ParsedReport, Passage, SourceDocument

ParseFn = Callable[..., ParsedReport]
ChunkFn = Callable[[ParsedReport], list[Passage]]


def default_parse(doc: SourceDocument, *, agency: str | None = None, year: int | None = None) -> ParsedReport:
    """The real parser, imported when first used."""
    from .tables import parse_report

    return parse_report(doc, agency=agency, year=year)


def default_chunk(report: ParsedReport) -> list[Passage]:
    """The real chunker, imported when first used."""
    from .chunking import chunk_report

    return chunk_report(report)


_BUILTIN_READERS = (default_parse, default_chunk)


def default_vectors(settings: Settings) -> VectorIndexLike:
    """The real vector index, imported when first used."""
    from .vectors import VectorIndex

    return VectorIndex(settings)


def ingest(
    paths: Sequence[Path | str],
    settings: Settings,
    *,
    agency: str | None = None,
    year: int | None = None,
    progress: bool = True,
    parse: ParseFn | None = None,
    chunk: ChunkFn | None = None,
    vectors: VectorIndexLike | None = DEFAULT,
    store: FiguresStore | None = None,
) -> IngestSummary:
    """Ingest report files and folders into the stores.

    Args:
        paths: files and folders (walked recursively); empty: the bundled sample report.
        settings: where the stores are (``settings.url``, ``settings.chroma_dir``), file size limit,
            whether to build vectors (``settings.vectors``).
        agency, year: override the agency and year the parser would read, for every file.
        progress: show a progress bar on stderr (only when stderr is a terminal).
        parse: ``parse(doc, agency=, year=) -> ParsedReport``; default ``index.tables.parse_report``.
        chunk: ``chunk(report) -> list[Passage]``; default ``index.chunking.chunk_report``.
        vectors: the vector index to update; default ``index.vectors.VectorIndex(settings)`` built on
            first need when ``settings.vectors`` is on; None: figures only.
        store: the figures store; default ``FiguresStore(settings.url)``.

    Returns:
        An :class:`IngestSummary`; per-file failures are listed there, never raised.

    Raises:
        StoreError: the figures store cannot be opened.
    """
    # The worker runs the built-in parser and chunker; replaced ones (tests, plugins) run here.
    isolate = (settings.isolate and parse is None and chunk is None
               and (default_parse, default_chunk) == _BUILTIN_READERS)
    parse = parse or (lambda doc, **kw: default_parse(doc, **kw))
    chunk = chunk or (lambda report: default_chunk(report))
    max_bytes = int(settings.max_file_mb * 1024 * 1024)
    with ExitStack() as stack:
        reader: _Reader
        if isolate:
            from .worker import FileReader

            reader = stack.enter_context(FileReader(settings.worker_memory_mb, settings.worker_seconds))
        else:
            reader = _InProcessReader(parse, chunk)
        if not paths:
            paths = [stack.enter_context(sample_report())]
        own_store = store is None
        if store is None:
            store = FiguresStore(settings.url)
            stack.callback(store.close)
        files, decided = expand_paths(paths)
        summary = IngestSummary(results=list(decided), store=_describe_store(settings, store, own_store))
        vec = LazyVectors(vectors, settings, default_vectors)
        show = progress and sys.stderr.isatty()
        from tqdm import tqdm  # here: importing it costs every command's start-up ~0.05 s

        bar = tqdm(files, desc="ingest", unit="file", file=sys.stderr, disable=not show, dynamic_ncols=True)
        said: set[str] = set()

        def notify(message: str) -> None:
            if message not in said:  # once a batch
                said.add(message)
                tqdm.write(message, file=sys.stderr)

        @contextmanager
        def lock() -> Iterator[None]:
            with write_lock(settings, notify):
                yield
                bump_version(settings)

        for path in bar:
            bar.set_postfix_str(path.name, refresh=False)
            summary.results.append(_ingest_one(path, store, vec, reader, agency, year, max_bytes, lock))
        bar.close()
        # Counts as stored at the end: a later report of the batch may add X-1 results to an earlier one.
        for r in summary.results:
            if r.report_id and r.outcome in ("added", "replaced", "unchanged"):
                rec = store.report(r.report_id)
                if rec is not None:
                    r.n_failed_checks = rec.n_failed_checks
    return summary


def _describe_store(settings: Settings, store: FiguresStore, own_store: bool) -> str:
    """The store folder, or the database URL without its password."""
    if own_store and not settings.database_url:
        return str(settings.home)
    from sqlalchemy.engine import make_url

    try:
        return make_url(store.url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001
        return "(database)"


class _Reader(Protocol):
    """Reads one file in two steps, so that an unchanged file is never parsed (``index.worker.FileReader``
    does it in a worker process under limits; :class:`_InProcessReader` here)."""

    def load(self, path: Path, max_bytes: int) -> str: ...

    def parse(self, agency: str | None = None, year: int | None = None) -> tuple[ParsedReport, list[Passage]]: ...


class _InProcessReader:
    """Loading and parsing in this process, with the given parse and chunk functions (tests, or
    ``isolate`` off)."""

    def __init__(self, parse: ParseFn, chunk: ChunkFn) -> None:
        self._parse, self._chunk = parse, chunk
        self._doc: SourceDocument | None = None

    def load(self, path: Path, max_bytes: int) -> str:
        self._doc = None
        self._doc = load(path, max_bytes=max_bytes)
        return self._doc.sha256

    def parse(self, agency: str | None = None, year: int | None = None) -> tuple[ParsedReport, list[Passage]]:
        from .worker import check_passages

        assert self._doc is not None
        report = self._parse(self._doc, agency=agency, year=year)
        passages = list(self._chunk(report))
        check_passages(Path(self._doc.path).name, len(passages))
        return report, passages


def _ingest_one(path: Path, store: FiguresStore, vec: LazyVectors, reader: _Reader,
                agency: str | None, year: int | None, max_bytes: int,
                lock: Callable[[], Any]) -> FileResult:
    result = FileResult(str(path), "failed")
    try:
        sha256 = reader.load(path, max_bytes)
        stored = [r for r in store.reports(sha256=sha256)
                  if (agency is None or r.agency == agency) and (year is None or r.year == year)]
        if stored:
            rec = stored[0]
            result.outcome = "unchanged"
            result.report_id, result.agency, result.year = rec.report_id, rec.agency, rec.year
            result.n_figures, result.n_passages = rec.n_figures, rec.n_passages
            complete_vectors(vec, store, rec, lock, result)
            return result
        report, passages = reader.parse(agency, year)
        result.report_id = report.report_id
        result.agency, result.year = report.identity.agency, report.identity.year
        result.n_figures, result.n_passages = len(report.figures), len(passages)
        hook = None
        index = None
        written: list[WriteInfo] = []
        others: list[str] = []
        if vec.enabled:
            index = vec.get()
            # Embedding is the slow part: done before the write lock and the SQL transaction, which
            # then only write (milliseconds), so readers and other writers hardly wait. Not for a
            # report that will most likely be another copy of one stored (see sync_vectors).
            others = other_copies(store, report)
            embeddings = None if others else embed_passages(index, report, passages)

            def hook(info: WriteInfo) -> None:
                sync_vectors(index, info, embeddings)
                written.append(info)
        with lock():
            if index is not None:
                vec.sweep(store)
            try:
                result.outcome = store.put_report(report, passages, before_commit=hook)
            except VectorFailure as exc:
                # The SQL transaction has rolled back: put the vectors back as the store has them.
                note = restore_vectors(index, store, exc.info) if index is not None else ""
                result.outcome = "failed"
                result.reason = f"{exc}{note}"
                return result
            if index is not None and written:
                drop_replaced(index, written[0])
                if others and written[0].copy_of is None:
                    from .consistency import leave_out_copies

                    leave_out_copies(index, others)
        return result
    except StoreBusy as exc:
        result.outcome = "failed"
        result.reason = str(exc)
    except IngestError as exc:
        result.outcome = "failed"
        result.reason = _plain(str(exc), path) or "cannot be ingested"
    except Exception as exc:  # noqa: BLE001 — any failure is one file's, never the batch's
        result.outcome = "failed"
        result.reason = f"internal error: {type(exc).__name__}: {_plain(str(exc), path)}"
    return result


def _plain(message: str, path: Path) -> str:
    """One line without the file name in front (the result names the file)."""
    message = " ".join(message.split())
    prefix = f"{path.name}: "
    return message[len(prefix):] if message.startswith(prefix) else message


__all__ = ["ingest", "IngestSummary", "FileResult", "VectorIndexLike", "expand_paths", "sample_report",
           "default_parse", "default_chunk", "default_vectors", "DEFAULT", "SAMPLE_REPORT"]
