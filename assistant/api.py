"""The library surface of GovQA: what the CLI, the UI and the evaluation call.

Ingest side (here now): :func:`ingest`, :func:`reports`, :func:`figures`, :func:`check`,
:func:`open_store`. Question answering (:func:`ask`) is added by the question-answering work at the
marked place below.

Where the stores live: the ``store`` argument (a folder) if given, else ``$GOVQA_HOME``, else
``.govqa`` in the working directory (``Settings.home``); ``$GOVQA_DATABASE_URL`` may point the
figures store elsewhere (e.g. PostgreSQL) when no ``store`` folder is given.

Example::

    from assistant import api
    summary = api.ingest(["reports/"], store="~/govqa")
    for f in api.figures(agency="桦川县", year=2020, table=3, store="~/govqa"):
        print(f.to_dict()["row_label"], f.value)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from index.consistency import RepairResult
from index.figures_store import (
    CheckRecord,
    FigureRecord,
    FiguresStore,
    ReportRecord,
    StoreError,
    sqlite_path,
)
from index.ingest_results import IngestSummary
from index.pipeline import ingest as _ingest
from index.settings import Settings, get_settings
from index.storelock import StoreBusy

from .answers import Answer, Citation, Value
from .qa import Assistant, Conversation
from .screen import MAX_QUESTION_CHARS, screen_question


class StoreMissing(StoreError):
    """Nothing has been ingested into the store yet."""


class NotFound(LookupError):
    """A filter names nothing stored (an unknown agency); the message is one plain line."""


def resolve_settings(settings: Settings | dict[str, Any] | None = None, *, store: str | Path | None = None,
                     **overrides: Any) -> Settings:
    """Settings with the store folder decided: ``store`` → ``$GOVQA_HOME`` → ``./.govqa``.

    An explicit ``store`` folder also means its own ``figures.sqlite`` (a ``database_url`` from the
    environment is then ignored).
    """
    s = get_settings(settings, **overrides)
    if store is not None:
        s = s.model_copy(update={"home": Path(store).expanduser(), "database_url": None})
    return s


def open_store(settings: Settings | dict[str, Any] | None = None, *, store: str | Path | None = None,
               create: bool = True) -> FiguresStore:
    """Open the figures store.

    Args:
        settings: a Settings object or dict; default: from the environment.
        store: the store folder (overrides the settings' ``home``).
        create: create the database when it does not exist; False: raise :class:`StoreMissing`.

    Raises:
        StoreMissing: ``create`` is False and no database exists there yet.
        StoreError: the database cannot be opened.
    """
    s = resolve_settings(settings, store=store)
    path = sqlite_path(s.url)
    if not create and path is not None and not path.is_file():
        raise StoreMissing(no_reports_message(s))
    return FiguresStore(s.url)


def no_reports_message(settings: Settings) -> str:
    return f"no reports stored yet in {settings.home} — run govqa ingest"


def ingest(
    paths: Sequence[str | Path] | None = None,
    *,
    store: str | Path | None = None,
    agency: str | None = None,
    year: int | None = None,
    progress: bool = True,
    vectors: bool | None = None,
    settings: Settings | dict[str, Any] | None = None,
) -> IngestSummary:
    """Ingest report files and folders (none: the bundled sample report).

    Args:
        paths: files and folders (folders are walked recursively).
        store: the store folder; default ``$GOVQA_HOME`` or ``./.govqa``.
        agency, year: override the agency and year read from each report, for every file.
        progress: a progress bar on stderr when it is a terminal.
        vectors: build the vector index (default: ``settings.vectors``); False: figures only.
        settings: base settings.

    Returns:
        The :class:`~index.ingest_results.IngestSummary` (ingested, unchanged, failed with reasons,
        reports with failing checks).

    Raises:
        StoreError: the store cannot be opened.
    """
    s = resolve_settings(settings, store=store, vectors=vectors)
    return _ingest([Path(p) for p in (paths or [])], s, agency=agency, year=year, progress=progress)


def repair(*, store: str | Path | None = None, rebuild: bool = False,
           settings: Settings | dict[str, Any] | None = None,
           notify: Callable[[str], None] | None = None) -> RepairResult:
    """Make the vector index hold exactly the stored reports' passages (from SQL, without the files).

    Takes the store's write lock (``notify`` hears if another writer makes it wait).

    Raises:
        StoreMissing: nothing stored yet.  StoreBusy: another writer held the store too long.
    """
    from index.consistency import repair as _repair
    from index.storelock import bump_version, write_lock
    from index.vectors import VectorIndex

    s = resolve_settings(settings, store=store)
    with open_store(s, create=False) as fs, write_lock(s, notify):
        result = _repair(fs, VectorIndex(s), rebuild=rebuild)
        if result.changed:
            bump_version(s)
        return result


def store_version(store: str | Path | None = None, *, settings: Settings | dict[str, Any] | None = None) -> str:
    """A token that changes whenever any process wrote the store (ingest, repair). A long-lived
    :class:`Assistant` (the web app) compares it before answering and calls ``refresh()`` when it
    differs, so a report ingested from the CLI is found without a restart."""
    from index.storelock import store_version as _version

    return _version(resolve_settings(settings, store=store))


def _read_store(store: str | Path | None, settings: Settings | dict[str, Any] | None) -> FiguresStore:
    fs = open_store(settings, store=store, create=False)
    if not fs.counts()["reports"]:
        fs.close()
        raise StoreMissing(no_reports_message(resolve_settings(settings, store=store)))
    return fs


def _check_agency(fs: FiguresStore, agency: str | None) -> None:
    if agency is not None and not fs.match_agencies(agency):
        known = fs.agencies()
        shown = "、".join(known[:8]) + ("…" if len(known) > 8 else "")
        raise NotFound(f"no stored report for agency '{agency}' (stored: {shown})")


def reports(*, agency: str | None = None, year: int | None = None, store: str | Path | None = None,
            settings: Settings | dict[str, Any] | None = None) -> list[ReportRecord]:
    """The stored reports (``agency`` may be part of a name: 桦川县 matches 桦川县人民政府).

    Raises:
        StoreMissing: nothing stored yet.  NotFound: no stored agency matches ``agency``.
    """
    with _read_store(store, settings) as fs:
        _check_agency(fs, agency)
        return fs.reports(agency=agency, year=year)


def figures(*, agency: str | None = None, year: int | None = None, table: int | None = None,
            row: str | None = None, column: str | None = None, report_id: str | None = None,
            copies: bool = False, store: str | Path | None = None,
            settings: Settings | dict[str, Any] | None = None) -> list[FigureRecord]:
    """Stored figures with labels, provenance and check status (``FigureRecord.to_dict()`` for JSON).

    A report stored twice (its web page and a crawler's text) shows its canonical copy only, unless
    ``copies`` (or a ``report_id``) asks for the others.

    Raises:
        StoreMissing: nothing stored yet.  NotFound: no stored agency matches ``agency``.
    """
    with _read_store(store, settings) as fs:
        _check_agency(fs, agency)
        return fs.figures(agency=agency, year=year, table=table, row=row, column=column, report_id=report_id,
                          canonical_only=not copies and report_id is None)


def copy_differences(report_id: str, *, store: str | Path | None = None,
                     settings: Settings | dict[str, Any] | None = None) -> list[tuple[FigureRecord, FigureRecord]]:
    """Cells where another stored copy of this report (same agency and year, another file) holds a
    different value: (the canonical copy's cell, the other copy's cell)."""
    with _read_store(store, settings) as fs:
        return fs.copy_differences(report_id)


def check(*, agency: str | None = None, year: int | None = None, failing_only: bool = True,
          store: str | Path | None = None, settings: Settings | dict[str, Any] | None = None) -> list[CheckRecord]:
    """Stored check results (rules T3-A, T3-C, T3-D, T4-A and the cross-year X-1); failing ones only
    by default.

    Raises:
        StoreMissing: nothing stored yet.  NotFound: no stored agency matches ``agency``.
    """
    with _read_store(store, settings) as fs:
        _check_agency(fs, agency)
        return fs.checks(agency=agency, year=year, failing_only=failing_only)


def delete_report(report_id: str, *, store: str | Path | None = None,
                  settings: Settings | dict[str, Any] | None = None) -> ReportRecord | None:
    """Delete one stored report: its figures, checks and passages, then its vectors (when a vector
    index exists). Returns the deleted report, or None when no report has that id."""
    s = resolve_settings(settings, store=store)
    with open_store(s, create=False) as fs:
        record = fs.report(report_id)
        if record is None or not fs.delete_report(report_id):
            return None
    if s.vectors and s.chroma_dir.is_dir():
        from index.consistency import restore_canonical_vectors
        from index.pipeline import default_vectors

        index = default_vectors(s)
        index.delete_report(report_id)
        # a copy of the deleted report is canonical now: it gets the vectors ingest left it without
        with open_store(s, create=False) as fs:
            restore_canonical_vectors(fs, index, record.agency, record.year)
    return record


#: Source kinds by how well their tables survive loading (lower is better), for choosing a copy.
TABLE_KEEPING: dict[str, int] = {"html": 0, "docx": 1, "pdf": 2, "markdown": 3, "md": 3, "text": 4}


def canonical_copies(records: Sequence[ReportRecord]) -> dict[str, str]:
    """Report id → ``"canonical"`` or ``"copy"`` for reports stored more than once (same agency and
    year); reports stored once are left out.

    Hook: when the store marks a canonical copy (a ``canonical`` attribute on :class:`ReportRecord`),
    that mark is used; until then the copy with the fewest failing checks stands, then the one
    whose kind keeps tables best (an HTML or Word table over a PDF over crawled text, whose lost
    cells the rules have to reconstruct), then the most figures, then the newest ingest.
    """
    groups: dict[tuple[str, int], list[ReportRecord]] = {}
    for r in records:
        groups.setdefault((r.agency, r.year), []).append(r)
    out: dict[str, str] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        # the store's own choice (issue 11: copy_of is None on the canonical copy)
        marked = [r for r in group if hasattr(r, "copy_of") and r.copy_of is None] or \
            [r for r in group if getattr(r, "canonical", False)]
        best = marked[0] if marked else min(group, key=lambda r: (
            r.n_failed_checks, TABLE_KEEPING.get(r.source_kind, len(TABLE_KEEPING)), -r.n_figures,
            _desc(r.ingested_at)))
        out.update({r.report_id: "canonical" if r is best else "copy" for r in group})
    return out


def _desc(text: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in text or "")


# ---------------------------------------------------------------------------
# Question answering
# ---------------------------------------------------------------------------


def open_assistant(store: str | Path | None = None, *, settings: Settings | dict[str, Any] | None = None,
                   create: bool = False) -> Assistant:
    """An :class:`Assistant` over the store, for many questions (the UI and the benchmark hold one).

    Raises:
        StoreMissing: nothing stored there yet (unless ``create``).
    """
    s = resolve_settings(settings, store=store)
    return Assistant(s, open_store(s, create=create))


def ask(question: str, *, store: str | Path | None = None, conversation: Conversation | None = None,
        settings: Settings | dict[str, Any] | None = None) -> Answer:
    """Answer one question from the store; ``Answer.to_dict()`` is the JSON contract.

    Example::

        answer = api.ask("how many applications did Huachuan County fully disclose in 2020")
        answer.values[0].value   # 8
        answer.citations[0].row  # "（一）予以公开"
    """
    return open_assistant(store, settings=settings).ask(question, conversation)  # screened there


__all__ = ["ingest", "repair", "RepairResult", "StoreBusy", "store_version", "delete_report", "canonical_copies", "reports",
           "figures", "check", "open_store", "open_assistant", "ask", "Assistant",
           "Conversation", "Answer", "Citation", "Value", "resolve_settings", "screen_question", "MAX_QUESTION_CHARS",
           "StoreMissing", "NotFound",
           "StoreError", "IngestSummary", "ReportRecord", "FigureRecord", "CheckRecord"]
