"""Ingestion: files → load → parse → chunk → figures store (+ vector index), one transaction per report.

:func:`ingest` takes files and folders. Each file is loaded, parsed (``index.tables.parse_report``)
and chunked (``index.chunking.chunk_report``) in a worker process under memory and time limits
(:mod:`index.worker`), then written by :meth:`FiguresStore.put_report` under the store's write lock
(:mod:`index.storelock`). The passages are embedded before the lock; inside it the report's vectors
go in just before the SQL commit (if that fails, the SQL rows roll back and the vector index is put
back) and the vectors of a report it replaced come out after it, so a crash leaves at most orphan
vectors, which the next writer sweeps (:mod:`index.consistency`). A file that fails never stops the
others: its reason is one plain line.

Example::

    summary = ingest([Path("reports/")], get_settings(home=".govqa"))
    print(len(summary.ingested), summary.failed)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Protocol

from .figures_store import FiguresStore, WriteInfo
from .loaders import SUPPORTED_SUFFIXES, load
from .settings import Settings
from .storelock import StoreBusy, bump_version, write_lock
from .types import IngestError, ParsedReport, Passage, PassageRecord, SourceDocument

SAMPLE_REPORT = "huachuan-county-2020.txt"

Outcome = Literal["added", "replaced", "unchanged", "failed", "skipped"]
ParseFn = Callable[..., ParsedReport]
ChunkFn = Callable[[ParsedReport], list[Passage]]


class VectorIndexLike(Protocol):
    """What ingestion needs of the vector index (``index.vectors.VectorIndex``)."""

    def add(self, records: list[PassageRecord]) -> Any: ...

    def delete_report(self, report_id: str) -> Any: ...


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


DEFAULT: Any = _Default()


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


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


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
    """The outcome of one :func:`ingest` call, file by file."""

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


# ---------------------------------------------------------------------------
# Finding files
# ---------------------------------------------------------------------------


@contextmanager
def sample_report() -> Iterator[Path]:
    """The bundled sample report (package data ``index/data/huachuan-county-2020.txt``) as a path."""
    with resources.as_file(resources.files("index") / "data" / SAMPLE_REPORT) as path:
        yield path


def expand_paths(paths: Sequence[Path | str]) -> tuple[list[Path], list[FileResult]]:
    """Files to ingest, and the results already decided (missing paths, unsupported files).

    Folders are walked recursively in name order; hidden files and folders (``.name``) are ignored;
    files of other types found in folders are ``skipped``. A file named directly with an unsupported
    type, or a path that does not exist, is ``failed``. Duplicates are dropped.
    """
    files: list[Path] = []
    decided: list[FileResult] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        try:
            key = p.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # a symlink loop (RuntimeError before 3.13), a dangling link
            decided.append(FileResult(str(p), "failed", _unreadable(exc)))
            return
        if key not in seen:
            seen.add(key)
            files.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            def walk_error(exc: OSError) -> None:
                decided.append(FileResult(exc.filename or str(p), "failed",
                                          f"the folder cannot be read ({exc.strerror or exc}); its files were skipped"))

            for root, dirs, names in os.walk(p, onerror=walk_error):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if name.startswith("."):
                        continue
                    f = Path(root) / name
                    if name.startswith("~$"):
                        decided.append(FileResult(str(f), "skipped", "an Office lock file, not a report"))
                    elif f.suffix.lower() in SUPPORTED_SUFFIXES:
                        add(f)
                    else:
                        decided.append(FileResult(str(f), "skipped", _unsupported(f)))
        elif p.is_file():
            if p.suffix.lower() in SUPPORTED_SUFFIXES:
                add(p)
            else:
                decided.append(FileResult(str(p), "failed", _unsupported(p)))
        elif p.is_symlink():
            add(p)  # a loop or a dangling link: named as such
        else:
            decided.append(FileResult(str(p), "failed", "no such file or folder"))
    return files, decided


def _unreadable(exc: BaseException) -> str:
    if isinstance(exc, RuntimeError) or "loop" in str(exc).lower() or getattr(exc, "errno", None) == 40:
        return "a symbolic link loop, not a file"
    if isinstance(exc, FileNotFoundError):
        return "a symbolic link to nothing (dangling)"
    return f"cannot be read ({getattr(exc, 'strerror', None) or exc})"


def _unsupported(p: Path) -> str:
    return (f"unsupported file type '{p.suffix.lower() or '(none)'}' "
            f"(supported: {', '.join(SUPPORTED_SUFFIXES)})")


# ---------------------------------------------------------------------------
# Ingest
# ---------------------------------------------------------------------------


class _VectorFailure(Exception):
    def __init__(self, exc: BaseException, info: WriteInfo):
        super().__init__(f"vector index failed: {type(exc).__name__}: {exc}")
        self.info = info


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
        vec = _LazyVectors(vectors, settings)
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


class _LazyVectors:
    """The vector index, built only when a report has to be written (never for unchanged files)."""

    def __init__(self, vectors: VectorIndexLike | None, settings: Settings):
        self._given = vectors
        self._settings = settings
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
                self._index = default_vectors(self._settings)
            except Exception as exc:  # noqa: BLE001 — one plain reason per file
                self._error = (f"the vector index cannot be opened ({type(exc).__name__}: {exc}); "
                               f"use --no-vectors to store figures only")
                raise IngestError(self._error) from exc
        return self._index


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


def _ingest_one(path: Path, store: FiguresStore, vec: _LazyVectors, reader: _Reader,
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
            _complete_vectors(vec, store, rec, lock, result)
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
            # report that will most likely be another copy of one stored (see _sync_vectors).
            others = _other_copies(store, report)
            embeddings = None if others else _embed(index, report, passages)

            def hook(info: WriteInfo) -> None:
                _sync_vectors(index, info, embeddings)
                written.append(info)
        with lock():
            if index is not None:
                vec.sweep(store)
            try:
                result.outcome = store.put_report(report, passages, before_commit=hook)
            except _VectorFailure as exc:
                # The SQL transaction has rolled back: put the vectors back as the store has them.
                note = _restore_vectors(index, store, exc.info) if index is not None else ""
                result.outcome = "failed"
                result.reason = f"{exc}{note}"
                return result
            if index is not None and written:
                _drop_replaced(index, written[0])
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


def _embed(index: VectorIndexLike, report: ParsedReport, passages: list[Passage]) -> list[Any] | None:
    """The passages' vectors, when the index can embed ahead of writing (``VectorIndex.embed``)."""
    embed = getattr(index, "embed", None)
    if embed is None:
        return None
    ident = report.identity
    records = [PassageRecord(f"{report.report_id}:{i}", report.report_id, ident.agency, ident.year, ident.title, p)
               for i, p in enumerate(passages)]
    return list(embed(records))


def _other_copies(store: FiguresStore, report: ParsedReport) -> list[str]:
    """The stored reports of this agency and year that this one will not replace
    (``FiguresStore.put_report``'s rules). With any, this report becomes a copy unless it reads
    better, which only the write decides; a copy needs no vectors, so its embedding waits for the
    write (``_sync_vectors``). The crawler copies of the real reports were 27% of the e5 tokens of
    shared/reports."""
    ident, src = report.identity, report.source
    name = Path(src.path).name if src.path else ""
    return [r.report_id for r in store.reports(agency=ident.agency, year=ident.year)
            if r.agency == ident.agency and r.year == ident.year and r.sha256 != src.sha256
            and r.report_id != report.report_id and r.source_path != src.path
            and Path(r.source_path).name != name]


def _complete_vectors(vec: _LazyVectors, store: FiguresStore, rec: Any,
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


def _drop_replaced(index: VectorIndexLike, info: WriteInfo) -> None:
    """After the commit: the vectors of the reports the new one replaced. A failure (or a crash
    before this) only leaves orphans, which the next writer sweeps; readers never see them."""
    try:
        for old in info.replaced_ids:
            if old != info.report_id:
                index.delete_report(old)
    except Exception:  # noqa: BLE001
        pass


def _sync_vectors(index: VectorIndexLike, info: WriteInfo, embeddings: list[Any] | None = None) -> None:
    """Put the new report's passages in the vector index, inside its SQL transaction. Idempotent:
    the new report's vectors are deleted before they are added (left-overs of an earlier failed run
    go too). The replaced reports' vectors stay until the commit (see :func:`_drop_replaced`), so a
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
        raise _VectorFailure(exc, info) from exc


def _restore_vectors(index: VectorIndexLike, store: FiguresStore, info: WriteInfo) -> str:
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


__all__ = ["ingest", "IngestSummary", "FileResult", "VectorIndexLike", "expand_paths", "sample_report",
           "default_parse", "default_chunk", "default_vectors", "DEFAULT", "SAMPLE_REPORT"]
