"""The figures store: reports, their table figures, checks, passages and source lines, in SQL.

SQLAlchemy Core over a database URL (``Settings.url``: a SQLite file by default, or PostgreSQL
through psycopg 3: ``pip install 'govqa[postgres]'``). Queries use nothing dialect-specific; what
differs is set up in :func:`_make_engine`: for SQLite a connect hook turns on WAL, foreign keys and
real transactions (``BEGIN`` / ``BEGIN IMMEDIATE`` for writes); on PostgreSQL a write transaction
first takes a transaction-scoped advisory lock. Either way writers queue one at a time (so two
ingesting processes cannot both miss each other's neighbouring year for X-1, or both create the
schema) while readers go on reading the last committed state.

The schema grows by numbered migrations, an ordered list of named functions applied once each
and recorded in ``_migrations`` (the pattern of simonw/llm's ``migrations.py``).

Writing is one transaction per report (:meth:`FiguresStore.put_report`): identical content is
left alone, a new version of the same file replaces the old one atomically, and the cross-report
rule X-1 (上年结转 = last year's 结转下年度继续办理) is recomputed against the neighbouring years.

Example::

    store = FiguresStore("sqlite:///.govqa/figures.sqlite")
    outcome = store.put_report(parsed, passages)          # "added" | "unchanged" | "replaced"
    for f in store.figures(agency="桦川县", year=2020, table=3, row="granted"):
        print(f.key, f.value, f.check_status)
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from .reportformat import APPLICANT_COLUMNS, CellKey, official_spec
from .types import CheckResult, Figure, Location, ParsedReport, Passage, PassageRecord

PutOutcome = Literal["added", "unchanged", "replaced"]
CheckStatus = Literal["passes", "fails", "reconstructed", "uncertain", "implied"]

X1 = "X-1"


class StoreError(Exception):
    """The store cannot be opened or used; the message is one plain line."""


# ---------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------


def _schema_v1() -> MetaData:
    """The tables as migration m001 creates them.

    When a later migration changes a table, keep this function as it is (m001 must keep creating
    the v1 tables) and declare the current tables separately.
    """
    md = MetaData()
    Table(
        "reports", md,
        Column("report_id", String(128), primary_key=True),
        Column("agency", String(200), nullable=False),
        Column("year", Integer, nullable=False),
        Column("format", String(8), nullable=False),
        Column("title", Text, nullable=False, default=""),
        Column("source_path", Text, nullable=False, default=""),
        Column("source_name", String(400), nullable=False, default=""),
        Column("source_kind", String(16), nullable=False, default=""),
        Column("sha256", String(64), nullable=False),
        Column("size", BigInteger, nullable=False, default=0),
        Column("ingested_at", String(40), nullable=False),
        Column("n_failed_checks", Integer, nullable=False, default=0),
        Column("warnings", JSON, nullable=False),
        Index("ix_reports_agency_year", "agency", "year"),
        Index("ix_reports_sha256", "sha256"),
    )
    Table(
        "figures", md,
        Column("report_id", String(128), ForeignKey("reports.report_id", ondelete="CASCADE"), primary_key=True),
        Column("table_no", Integer, primary_key=True),
        Column("row_id", String(64), primary_key=True),
        Column("column_id", String(64), primary_key=True),
        Column("value", Float, nullable=True),
        Column("blank", Boolean, nullable=False, default=False),
        Column("status", String(16), nullable=False, default="printed"),
        Column("raw", Text, nullable=False, default=""),
        Column("source_text", Text, nullable=False, default=""),
        Column("location", JSON, nullable=False),
        Column("rule", String(32), nullable=True),
        Column("note", Text, nullable=False, default=""),
        Index("ix_figures_cell", "table_no", "row_id", "column_id"),
    )
    Table(
        "checks", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("report_id", String(128), ForeignKey("reports.report_id", ondelete="CASCADE"), nullable=False),
        Column("rule", String(32), nullable=False),
        Column("scope", Text, nullable=False, default=""),
        Column("cells", JSON, nullable=False),
        Column("expected", Float, nullable=False),
        Column("found", Float, nullable=False),
        Column("passed", Boolean, nullable=False),
        Column("detail", Text, nullable=False, default=""),
        # X-1 only: the other report of the pair (the earlier year's); its deletion drops the check.
        Column("other_report_id", String(128), ForeignKey("reports.report_id", ondelete="CASCADE"),
               nullable=True),
        Index("ix_checks_report", "report_id"),
        Index("ix_checks_other", "other_report_id"),
    )
    Table(
        "passages", md,
        Column("report_id", String(128), ForeignKey("reports.report_id", ondelete="CASCADE"), primary_key=True),
        Column("idx", Integer, primary_key=True),
        Column("text", Text, nullable=False),
        Column("section", String(8), nullable=False, default=""),
        Column("section_path", JSON, nullable=False),
        Column("location", JSON, nullable=False),
        Column("kind", String(16), nullable=False, default="narrative"),
        Column("cell", String(160), nullable=True),
    )
    Table(
        "sources", md,
        Column("report_id", String(128), ForeignKey("reports.report_id", ondelete="CASCADE"), primary_key=True),
        Column("idx", Integer, primary_key=True),  # 0-based index into SourceDocument.lines
        Column("line_no", Integer, nullable=True),  # Location.line as the loader gave it
        Column("page", Integer, nullable=True),
        Column("text", Text, nullable=False),
    )
    return md


def _schema_v2() -> MetaData:
    """v1 plus ``reports.copy_of`` (m002): NULL for the canonical copy of a report, else the
    report_id of the canonical copy (another file of the same agency and year)."""
    md = _schema_v1()
    md.tables["reports"].append_column(Column("copy_of", String(128), nullable=True))
    return md


SCHEMA = _schema_v2()
reports_t = SCHEMA.tables["reports"]
figures_t = SCHEMA.tables["figures"]
checks_t = SCHEMA.tables["checks"]
passages_t = SCHEMA.tables["passages"]
sources_t = SCHEMA.tables["sources"]
CHILD_TABLES = (figures_t, checks_t, passages_t, sources_t)

_migrations_md = MetaData()
migrations_t = Table(
    "_migrations", _migrations_md,
    Column("name", String(100), primary_key=True),
    Column("applied_at", String(40), nullable=False),
)

# ---------------------------------------------------------------------------
# Migrations
# ---------------------------------------------------------------------------

MIGRATIONS: list[Callable[[Connection], None]] = []


def migration(fn: Callable[[Connection], None]) -> Callable[[Connection], None]:
    """Register a schema migration; they run in declaration order, each once."""
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(conn: Connection) -> None:
    _schema_v1().create_all(conn)


@migration
def m002_copies(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE reports ADD COLUMN copy_of VARCHAR(128)"))
    groups = conn.execute(select(reports_t.c.agency, reports_t.c.year).distinct()).all()
    for g in groups:
        _regroup_copies(conn, g.agency, g.year)


def pending_migrations(engine: Engine) -> list[str]:
    """The migrations not yet applied, read without a write lock (opening a current store writes nothing)."""
    from sqlalchemy import inspect

    with engine.connect() as conn:
        if not inspect(conn).has_table(migrations_t.name):
            return [fn.__name__ for fn in MIGRATIONS]
        done = set(conn.scalars(select(migrations_t.c.name)))
    return [fn.__name__ for fn in MIGRATIONS if fn.__name__ not in done]


def migrate(engine: Engine) -> list[str]:
    """Apply the migrations not yet recorded in ``_migrations``; returns the names applied."""
    applied: list[str] = []
    with _write(engine) as conn:
        _migrations_md.create_all(conn, checkfirst=True)
        done = set(conn.scalars(select(migrations_t.c.name)))
        for fn in MIGRATIONS:
            if fn.__name__ in done:
                continue
            fn(conn)
            conn.execute(insert(migrations_t).values(name=fn.__name__, applied_at=_now()))
            applied.append(fn.__name__)
    return applied


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRecord:
    """One stored report."""

    report_id: str
    agency: str
    year: int
    format: str
    title: str
    source_path: str
    source_kind: str
    sha256: str
    size: int
    ingested_at: str
    n_failed_checks: int
    warnings: tuple[str, ...] = ()
    n_figures: int = 0
    n_passages: int = 0
    copy_of: str | None = None  # the canonical copy's report_id when this is another copy of it

    @property
    def canonical(self) -> bool:
        """The copy every reader uses for this agency and year (see :meth:`FiguresStore.copies`)."""
        return self.copy_of is None

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["warnings"] = list(self.warnings)
        d["canonical"] = self.canonical
        return d


@dataclass(frozen=True)
class FigureRecord:
    """One stored table cell with its report's identity and its check status.

    ``check_status`` is ``"fails"`` when a failing check of the report involves the cell, else the
    figure's status when it is ``"reconstructed"``, ``"uncertain"`` or ``"implied"``, else ``"passes"``.
    """

    report_id: str
    agency: str
    year: int
    title: str
    format: str
    source_path: str
    key: CellKey
    value: int | float | None
    blank: bool
    status: str
    raw: str
    source_text: str
    location: Location
    rule: str | None
    note: str
    check_status: CheckStatus
    canonical: bool = True  # False: another copy of a report stored twice (see FiguresStore.copies)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready row: ids, the official Chinese and English labels, value, unit and provenance."""
        labels = figure_labels(self.format, self.key)
        return {
            "report_id": self.report_id,
            "agency": self.agency,
            "year": self.year,
            "title": self.title,
            "format": self.format,
            "table": self.key.table,
            "row_id": self.key.row,
            "column_id": self.key.column,
            "cell": str(self.key),
            **labels,
            "value": self.value,
            "blank": self.blank,
            "status": self.status,
            "check_status": self.check_status,
            "raw": self.raw,
            "source_text": self.source_text,
            "location": self.location.to_dict(),
            "location_text": self.location.describe(),
            "rule": self.rule,
            "note": self.note,
            "source_path": self.source_path,
            "canonical": self.canonical,
        }


def figure_labels(fmt: str, key: CellKey) -> dict[str, Any]:
    """The official labels of a cell: row label with its group path, column label, English, unit."""
    try:
        spec = official_spec(fmt, key)
    except KeyError:
        return {"row_label": key.row, "group_label": None, "column_label": key.column,
                "row_english": key.row, "column_english": key.column, "unit": ""}
    row_label = f"{spec.group_label}/{spec.row_label}" if spec.group_label else spec.row_label
    return {"row_label": row_label, "group_label": spec.group_label, "column_label": spec.column_label,
            "row_english": spec.row_english, "column_english": spec.column_english, "unit": spec.unit}


@dataclass(frozen=True)
class CheckRecord:
    """One stored check result with its report's identity (for X-1: the later report's)."""

    report_id: str
    agency: str
    year: int
    rule: str
    scope: str
    cells: tuple[CellKey, ...]
    expected: int | float
    found: int | float
    passed: bool
    detail: str
    other_report_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["cells"] = [str(c) for c in self.cells]
        return d


@dataclass(frozen=True)
class SourceLine:
    """One stored line of a report's source text, for quoting."""

    idx: int
    line_no: int | None
    page: int | None
    text: str

    @property
    def location(self) -> Location:
        return Location(line=self.line_no, page=self.page)


@dataclass(frozen=True)
class WriteInfo:
    """What :meth:`FiguresStore.put_report` is about to commit; given to its ``before_commit`` hook."""

    report_id: str
    outcome: Literal["added", "replaced"]
    replaced_ids: tuple[str, ...]
    records: list[PassageRecord] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _num(value: float | int | None) -> int | float | None:
    """Numbers as read back: whole values become ``int``."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None for other databases and in-memory SQLite)."""
    try:
        u = make_url(url)
    except ArgumentError:
        return None
    if not u.drivername.startswith("sqlite") or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


# The PostgreSQL advisory lock that writers of the figures store queue on (any fixed 64-bit key).
_PG_WRITE_LOCK = 0x476F765141  # "GovQA"


class _write:
    """A write transaction; writers queue instead of deadlocking or racing: ``BEGIN IMMEDIATE`` on
    SQLite, a transaction-scoped advisory lock on PostgreSQL (released by the commit or rollback)."""

    def __init__(self, engine: Engine):
        self._pg = engine.dialect.name == "postgresql"
        # PostgreSQL writers read committed rows statement by statement: a snapshot taken before
        # the lock was granted would miss the previous writer's report.
        isolation = {"isolation_level": "READ COMMITTED"} if self._pg else {}
        self._ctx = engine.execution_options(govqa_write=True, **isolation).begin()

    def __enter__(self) -> Connection:
        conn = self._ctx.__enter__()
        if self._pg:
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})")
        return conn

    def __exit__(self, *exc: Any) -> Any:
        return self._ctx.__exit__(*exc)


def _enable_wal(cur: Any, attempts: int = 100) -> None:
    """Switch a SQLite database to WAL (it stays so). Switching ignores the busy timeout, so when
    another process holds the new database, wait a little and try again."""
    import sqlite3
    import time

    for i in range(attempts):
        try:
            mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() in ("wal", "memory"):
                return
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            time.sleep(min(0.05 * (i + 1), 0.5))
    cur.execute("PRAGMA journal_mode=WAL")


def engine_url(url: str) -> URL:
    """The URL SQLAlchemy is given: a plain ``postgresql://`` (or ``postgres://``) URL is read with
    psycopg 3, the driver the ``postgres`` extra installs (SQLAlchemy's own default is psycopg2)."""
    u = make_url(url)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u


def _shown(url: str) -> str:
    """A URL fit for messages: its password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _make_engine(url: str) -> Engine:
    u = engine_url(url)
    is_sqlite = u.drivername.startswith("sqlite")
    kwargs: dict[str, Any] = {"json_serializer": lambda obj: json.dumps(obj, ensure_ascii=False)}
    if is_sqlite:
        kwargs["connect_args"] = {"timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True  # a server restart must not fail the next request
    if u.drivername.startswith("postgresql"):
        # A read sees one snapshot throughout (as a SQLite read transaction does), never half of a
        # report being replaced between two statements; writes use READ COMMITTED (see _write).
        kwargs["isolation_level"] = "REPEATABLE READ"
    try:
        engine = create_engine(u, **kwargs)
    except ModuleNotFoundError as exc:
        raise StoreError(f"no driver for {u.drivername} ({exc.name} is not installed); "
                         "for PostgreSQL: pip install 'govqa[postgres]'") from exc
    if is_sqlite:
        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy, not pysqlite, decide where transactions begin (see the "begin" hook).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            _enable_wal(cur)
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            write = conn.get_execution_options().get("govqa_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
    return engine


# ---------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------


class FiguresStore:
    """Reports, figures, checks, passages and source lines in one SQL database.

    Args:
        url: a SQLAlchemy database URL (``sqlite:///path/figures.sqlite``, ``postgresql://…``).
            A SQLite file's folder is created when missing; the schema is migrated on open.

    Raises:
        StoreError: the URL is malformed or the database cannot be opened or migrated.
    """

    def __init__(self, url: str):
        self.url = url
        try:
            path = sqlite_path(url)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self.engine = _make_engine(url)
            # Every open used to migrate under BEGIN IMMEDIATE: a reader then waited for any writer.
            if pending_migrations(self.engine):
                migrate(self.engine)
        except ArgumentError as exc:
            raise StoreError(f"not a database URL: {url!r}") from exc
        except (SQLAlchemyError, OSError) as exc:
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"cannot open the figures store at {_shown(url)}: {reason}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> FiguresStore:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"FiguresStore({_shown(self.url)!r})"

    # ----- writing ---------------------------------------------------------

    def put_report(
        self,
        report: ParsedReport,
        passages: Sequence[Passage],
        *,
        before_commit: Callable[[WriteInfo], None] | None = None,
    ) -> PutOutcome:
        """Store one parsed report and its passages in one transaction.

        - a stored report with the same content (sha256) and the same agency and year: nothing is
          written, returns ``"unchanged"``;
        - a stored report of the same agency and year from the same source path or file name,
          with other content (or the same content under another identity): it is deleted and the
          new one inserted in the same transaction, returns ``"replaced"``;
        - otherwise the report is inserted, returns ``"added"``.

        Then rule X-1 is computed against the stored reports of the same agency for year − 1 and
        year + 1 and stored (against the later report of each pair).

        Args:
            report: the parsed report (identity, figures, checks, source).
            passages: the chunks of the report, stored in this order (``idx`` 0, 1, …).
            before_commit: called inside the transaction, after every row is written and before
                the commit (not for ``"unchanged"``); if it raises, the transaction rolls back and
                the exception propagates. The pipeline updates the vector index here.

        Raises:
            ValueError: two figures of the report share a cell.
            Any database error or an exception from ``before_commit``; the store is then as before.
        """
        _check_unique(report.figures)
        ident = report.identity
        src = report.source
        name = Path(src.path).name if src.path else ""
        with _write(self.engine) as conn:
            same_content = conn.execute(
                select(reports_t.c.report_id, reports_t.c.agency, reports_t.c.year)
                .where(reports_t.c.sha256 == src.sha256)).all()
            if any(r.agency == ident.agency and r.year == ident.year for r in same_content):
                return "unchanged"
            slot = conn.scalars(
                select(reports_t.c.report_id).where(and_(
                    reports_t.c.agency == ident.agency, reports_t.c.year == ident.year,
                    or_(reports_t.c.source_path == src.path, reports_t.c.source_name == name)))).all()
            same_id = conn.scalars(select(reports_t.c.report_id)
                                   .where(reports_t.c.report_id == report.report_id)).all()
            old_ids = tuple(dict.fromkeys([*(r.report_id for r in same_content), *slot, *same_id]))
            touched: set[str] = set()
            if old_ids:
                touched |= _delete_reports(conn, old_ids)
            _insert_report(conn, report)
            _insert_figures(conn, report.report_id, report.figures)
            _insert_checks(conn, report.report_id, report.checks)
            records = _insert_passages(conn, report, passages)
            _insert_sources(conn, report)
            touched |= _update_carry_over(conn, report.report_id, ident.agency, ident.year)
            touched.add(report.report_id)
            _refresh_failed_counts(conn, touched)
            for agency, year in {(ident.agency, ident.year), *((r.agency, r.year) for r in same_content)}:
                _regroup_copies(conn, agency, year)
            outcome: Literal["added", "replaced"] = "replaced" if old_ids else "added"
            if before_commit is not None:
                before_commit(WriteInfo(report.report_id, outcome, old_ids, records))
            return outcome

    def delete_report(self, report_id: str) -> bool:
        """Delete a report with all its rows (and the X-1 checks that involve it); False if absent."""
        with _write(self.engine) as conn:
            exists = conn.scalar(select(func.count()).select_from(reports_t)
                                 .where(reports_t.c.report_id == report_id))
            if not exists:
                return False
            gone = conn.execute(select(reports_t.c.agency, reports_t.c.year)
                                .where(reports_t.c.report_id == report_id)).one()
            touched = _delete_reports(conn, (report_id,))
            _refresh_failed_counts(conn, touched)
            _regroup_copies(conn, gone.agency, gone.year)
            return True

    # ----- reading ---------------------------------------------------------

    def match_agencies(self, query: str) -> list[str]:
        """Stored agency names that ``query`` names: the exact name, else every name containing it
        (``桦川县`` → ``桦川县人民政府``) or contained in it; full/half width and spaces ignored."""
        names = self.agencies()
        if query in names:
            return [query]
        q = _fold(query)
        if not q:
            return []
        exact = [n for n in names if _fold(n) == q]
        if exact:
            return exact
        return [n for n in names if q in _fold(n) or _fold(n) in q]

    def agencies(self) -> list[str]:
        """Every stored agency name, sorted."""
        with self.engine.connect() as conn:
            return list(conn.scalars(select(reports_t.c.agency).distinct().order_by(reports_t.c.agency)))

    def years(self, agency: str | None = None) -> list[int]:
        """The report years stored (for an agency, matched as in :meth:`match_agencies`), ascending."""
        q = select(reports_t.c.year).distinct().order_by(reports_t.c.year)
        if agency is not None:
            q = q.where(reports_t.c.agency.in_(self.match_agencies(agency)))
        with self.engine.connect() as conn:
            return list(conn.scalars(q))

    def reports(self, agency: str | None = None, year: int | None = None,
                sha256: str | None = None) -> list[ReportRecord]:
        """The stored reports, by agency then year; ``agency`` is matched as in :meth:`match_agencies`;
        ``sha256`` selects the reports read from a file with that content."""
        n_fig = (select(figures_t.c.report_id, func.count().label("n")).group_by(figures_t.c.report_id)
                 .subquery())
        n_pas = (select(passages_t.c.report_id, func.count().label("n")).group_by(passages_t.c.report_id)
                 .subquery())
        q = (select(reports_t, n_fig.c.n.label("n_figures"), n_pas.c.n.label("n_passages"))
             .outerjoin(n_fig, n_fig.c.report_id == reports_t.c.report_id)
             .outerjoin(n_pas, n_pas.c.report_id == reports_t.c.report_id)
             .order_by(reports_t.c.agency, reports_t.c.year, reports_t.c.ingested_at))
        q = self._filter(q, agency, year)
        if sha256 is not None:
            q = q.where(reports_t.c.sha256 == sha256)
        with self.engine.connect() as conn:
            return [_report_record(r) for r in conn.execute(q)]

    def report(self, report_id: str) -> ReportRecord | None:
        """One stored report, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(reports_t).where(reports_t.c.report_id == report_id)).first()
            if row is None:
                return None
            n_figures = conn.scalar(select(func.count()).select_from(figures_t)
                                    .where(figures_t.c.report_id == report_id))
            n_passages = conn.scalar(select(func.count()).select_from(passages_t)
                                     .where(passages_t.c.report_id == report_id))
        return _report_record(row, n_figures, n_passages)

    def copies(self, agency: str | None = None, year: int | None = None) -> list[list[ReportRecord]]:
        """Reports stored more than once (same agency and year, from different files): one list per
        report, the canonical copy first, then the others from the most to the least trusted."""
        groups: dict[tuple[str, int], list[ReportRecord]] = {}
        for r in self.reports(agency=agency, year=year):
            groups.setdefault((r.agency, r.year), []).append(r)
        out = []
        for records in groups.values():
            if len(records) > 1:
                ranks = {rid: i for i, rid in enumerate(self._copy_ranking(records[0].agency, records[0].year))}
                out.append(sorted(records, key=lambda r: ranks.get(r.report_id, len(ranks))))
        return out

    def copy_differences(self, report_id: str) -> list[tuple[FigureRecord, FigureRecord]]:
        """Cells where another copy of this report's agency and year holds a different value:
        (the canonical copy's cell, the other copy's cell)."""
        rec = self.report(report_id)
        if rec is None:
            return []
        figs = [f for f in self.figures(agency=rec.agency, year=rec.year) if f.agency == rec.agency]
        canon = {f.key: f for f in figs if f.canonical}
        return [(canon[f.key], f) for f in figs
                if not f.canonical and f.key in canon and f.value != canon[f.key].value]

    def _copy_ranking(self, agency: str, year: int) -> list[str]:
        with self.engine.connect() as conn:
            return _copy_ranking(conn, agency, year)

    def figures(
        self,
        agency: str | None = None,
        year: int | None = None,
        table: int | None = None,
        row: str | None = None,
        column: str | None = None,
        report_id: str | None = None,
        cells: Collection[CellKey] | None = None,
        canonical_only: bool = False,
    ) -> list[FigureRecord]:
        """Stored figures with their report identity and check status, in report then cell order.

        Args:
            agency: an agency name or part of one (see :meth:`match_agencies`).
            year: the report year.
            table: 2, 3 or 4.
            row, column: reportformat row and column ids (``"granted"``, ``"total"``).
            report_id: one report.
            cells: only these cells (a metric's, across every agency: not whole tables).
            canonical_only: only the canonical copy of each report (what Figures, comparisons,
                trends and CSV show); each record says whether it is canonical either way.
        """
        q = (select(figures_t, reports_t.c.agency, reports_t.c.year, reports_t.c.title, reports_t.c.format,
                    reports_t.c.source_path, reports_t.c.copy_of)
             .join(reports_t, reports_t.c.report_id == figures_t.c.report_id)
             .order_by(reports_t.c.agency, reports_t.c.year, figures_t.c.report_id, figures_t.c.table_no))
        # The reports first (agency/year index), then their cells by primary key: left to itself
        # the planner walks every report's cells of the table and filters late (236 ms at 1,000
        # reports instead of a few).
        by_report = (self._filter(select(reports_t.c.report_id), agency, year)
                     if agency is not None or year is not None else None)
        if canonical_only:
            q = q.where(reports_t.c.copy_of.is_(None))
        if table is not None:
            q = q.where(figures_t.c.table_no == table)
        if row is not None:
            q = q.where(figures_t.c.row_id == row)
        if column is not None:
            q = q.where(figures_t.c.column_id == column)
        if cells is not None:
            # rows × columns is a superset of the pairs; exact pairs are kept below
            q = q.where(figures_t.c.row_id.in_(sorted({k.row for k in cells})),
                        figures_t.c.column_id.in_(sorted({k.column for k in cells})))
        if report_id is not None:
            q = q.where(figures_t.c.report_id == report_id)
        with self.engine.connect() as conn:  # one read transaction: ids and cells of one version
            if by_report is not None:
                ids = list(conn.scalars(by_report))
                if not ids:
                    return []
                q = q.where(figures_t.c.report_id.in_(ids))
            rows = conn.execute(q).all()
            failing = _failing_cells(conn, {r.report_id for r in rows})
        wanted = set(cells) if cells is not None else None
        out = []
        for r in rows:
            key = CellKey(r.table_no, r.row_id, r.column_id)
            if wanted is not None and key not in wanted:
                continue
            if key in failing.get(r.report_id, ()):
                status: CheckStatus = "fails"
            elif r.status in ("reconstructed", "uncertain", "implied"):
                status = r.status
            else:
                status = "passes"
            out.append(FigureRecord(
                report_id=r.report_id, agency=r.agency, year=r.year, title=r.title, format=r.format,
                source_path=r.source_path, key=key, value=_num(r.value), blank=bool(r.blank), status=r.status,
                raw=r.raw, source_text=r.source_text, location=Location.from_dict(r.location), rule=r.rule,
                note=r.note, check_status=status, canonical=r.copy_of is None))
        order = _cell_order()
        out.sort(key=lambda f: (f.agency, f.year, f.report_id, order(f.format, f.key)))
        return out

    def checks(self, agency: str | None = None, year: int | None = None,
               failing_only: bool = False, report_id: str | None = None) -> list[CheckRecord]:
        """Stored check results (X-1 under the later report), failing ones first within a report."""
        q = (select(checks_t, reports_t.c.agency, reports_t.c.year)
             .join(reports_t, reports_t.c.report_id == checks_t.c.report_id)
             .order_by(reports_t.c.agency, reports_t.c.year, checks_t.c.report_id, checks_t.c.id))
        q = self._filter(q, agency, year)
        if failing_only:
            q = q.where(checks_t.c.passed == False)  # noqa: E712  (SQL expression)
        if report_id is not None:
            q = q.where(checks_t.c.report_id == report_id)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return [CheckRecord(
            report_id=r.report_id, agency=r.agency, year=r.year, rule=r.rule, scope=r.scope,
            cells=tuple(CellKey.parse(c) for c in r.cells), expected=_num(r.expected), found=_num(r.found),
            passed=bool(r.passed), detail=r.detail, other_report_id=r.other_report_id) for r in rows]

    def passage_records(self, report_id: str | None = None) -> list[PassageRecord]:
        """Every stored passage (or one report's) with its report identity, as retrieval sees it."""
        q = (select(passages_t, reports_t.c.agency, reports_t.c.year, reports_t.c.title)
             .join(reports_t, reports_t.c.report_id == passages_t.c.report_id)
             .order_by(reports_t.c.agency, reports_t.c.year, passages_t.c.report_id, passages_t.c.idx))
        if report_id is not None:
            q = q.where(passages_t.c.report_id == report_id)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return [PassageRecord(
            passage_id=f"{r.report_id}:{r.idx}", report_id=r.report_id, agency=r.agency, year=r.year,
            title=r.title,
            passage=Passage(text=r.text, section=r.section, section_path=tuple(r.section_path),
                            location=Location.from_dict(r.location), kind=r.kind,
                            cell=CellKey.parse(r.cell) if r.cell else None)) for r in rows]

    def source_lines(self, report_id: str, start: int | None = None, end: int | None = None) -> list[SourceLine]:
        """The report's source lines in reading order; ``start``/``end`` bound the 0-based index."""
        q = select(sources_t).where(sources_t.c.report_id == report_id).order_by(sources_t.c.idx)
        if start is not None:
            q = q.where(sources_t.c.idx >= start)
        if end is not None:
            q = q.where(sources_t.c.idx < end)
        with self.engine.connect() as conn:
            return [SourceLine(r.idx, r.line_no, r.page, r.text) for r in conn.execute(q)]

    def counts(self) -> dict[str, int]:
        """Row counts: reports, figures, checks, failing_checks, passages, sources."""
        with self.engine.connect() as conn:
            out = {t.name: conn.scalar(select(func.count()).select_from(t)) or 0
                   for t in (reports_t, figures_t, checks_t, passages_t, sources_t)}
            out["failing_checks"] = conn.scalar(
                select(func.count()).select_from(checks_t).where(checks_t.c.passed == False)) or 0  # noqa: E712
        return out

    def _filter(self, q: Any, agency: str | None, year: int | None) -> Any:
        if agency is not None:
            q = q.where(reports_t.c.agency.in_(self.match_agencies(agency)))
        if year is not None:
            q = q.where(reports_t.c.year == year)
        return q


# ---------------------------------------------------------------------------
# Row writers (module functions, one per table, so tests can break one)
# ---------------------------------------------------------------------------


def _check_unique(figures: Iterable[Figure]) -> None:
    seen: set[CellKey] = set()
    for f in figures:
        if f.key in seen:
            raise ValueError(f"two figures for cell {f.key}")
        seen.add(f.key)


def _insert_report(conn: Connection, report: ParsedReport) -> None:
    src = report.source
    conn.execute(insert(reports_t).values(
        report_id=report.report_id, agency=report.identity.agency, year=report.identity.year,
        format=report.identity.format, title=report.identity.title or "", source_path=src.path or "",
        source_name=Path(src.path).name if src.path else "", source_kind=src.kind, sha256=src.sha256,
        size=src.size, ingested_at=_now(), n_failed_checks=len(report.failed_checks),
        warnings=list(report.warnings)))


def _insert_figures(conn: Connection, report_id: str, figures: Sequence[Figure]) -> None:
    if not figures:
        return
    conn.execute(insert(figures_t), [{
        "report_id": report_id, "table_no": f.key.table, "row_id": f.key.row, "column_id": f.key.column,
        "value": f.value, "blank": f.blank, "status": f.status, "raw": f.raw, "source_text": f.source_text,
        "location": f.location.to_dict(), "rule": f.rule, "note": f.note} for f in figures])


def _check_row(report_id: str, c: CheckResult, other: str | None = None) -> dict[str, Any]:
    return {"report_id": report_id, "rule": c.rule, "scope": c.scope, "cells": [str(k) for k in c.cells],
            "expected": c.expected, "found": c.found, "passed": c.passed, "detail": c.detail,
            "other_report_id": other}


def _insert_checks(conn: Connection, report_id: str, checks: Sequence[CheckResult]) -> None:
    # X-1 is the store's to compute; a parser's own X-1 results would have no other report.
    rows = [_check_row(report_id, c) for c in checks if c.rule != X1]
    if rows:
        conn.execute(insert(checks_t), rows)


def _insert_passages(conn: Connection, report: ParsedReport, passages: Sequence[Passage]) -> list[PassageRecord]:
    ident = report.identity
    if passages:
        conn.execute(insert(passages_t), [{
            "report_id": report.report_id, "idx": i, "text": p.text, "section": p.section,
            "section_path": list(p.section_path), "location": p.location.to_dict(), "kind": p.kind,
            "cell": str(p.cell) if p.cell else None} for i, p in enumerate(passages)])
    return [PassageRecord(f"{report.report_id}:{i}", report.report_id, ident.agency, ident.year, ident.title, p)
            for i, p in enumerate(passages)]


def _insert_sources(conn: Connection, report: ParsedReport) -> None:
    lines = report.source.lines
    if lines:
        conn.execute(insert(sources_t), [{
            "report_id": report.report_id, "idx": i, "line_no": ln.location.line, "page": ln.location.page,
            "text": ln.text} for i, ln in enumerate(lines)])


def _delete_reports(conn: Connection, report_ids: Sequence[str]) -> set[str]:
    """Delete reports and their rows explicitly (not relying on cascades); returns the other reports
    whose X-1 checks went with them (their failure counts need refreshing)."""
    ids = list(report_ids)
    touched = set(conn.scalars(select(checks_t.c.report_id).where(checks_t.c.other_report_id.in_(ids))))
    conn.execute(delete(checks_t).where(or_(checks_t.c.report_id.in_(ids), checks_t.c.other_report_id.in_(ids))))
    for t in (figures_t, passages_t, sources_t):
        conn.execute(delete(t).where(t.c.report_id.in_(ids)))
    conn.execute(delete(reports_t).where(reports_t.c.report_id.in_(ids)))
    return touched - set(ids)


def _carry_values(conn: Connection, report_id: str, row: str) -> dict[str, int | float]:
    rows = conn.execute(select(figures_t.c.column_id, figures_t.c.value).where(and_(
        figures_t.c.report_id == report_id, figures_t.c.table_no == 3, figures_t.c.row_id == row))).all()
    return {r.column_id: _num(r.value) for r in rows if r.value is not None}


def carry_over_checks(earlier: tuple[str, int, dict[str, int | float]],
                      later: tuple[str, int, dict[str, int | float]]) -> list[CheckResult]:
    """Rule X-1 for one pair of reports of one agency, column by column.

    Args:
        earlier: (report_id, year, {column id: 结转下年度继续办理 value}) of year Y − 1.
        later: (report_id, year, {column id: 上年结转 value}) of year Y.

    Columns missing on either side are not checked.
    """
    from .reportformat import carry_over_pairs

    e_id, e_year, e_out = earlier
    _l_id, l_year, l_in = later
    labels = {c.id: c.label for c in APPLICANT_COLUMNS}
    out = []
    for out_key, in_key in carry_over_pairs():
        col = in_key.column
        if col not in e_out or col not in l_in:
            continue
        expected, found = e_out[col], l_in[col]
        passed = abs(expected - found) < 1e-9
        out.append(CheckResult(
            rule=X1, scope=f"{labels.get(col, col)}（{e_year}→{l_year}）", cells=(out_key, in_key),
            expected=expected, found=found, passed=passed,
            detail=(f"{l_year}年上年结转 {found}，{e_year}年报告结转下年度继续办理 {expected}"
                    f"{'' if passed else '，不相等'}; other report: {e_id}")))
    return out


def _update_carry_over(conn: Connection, report_id: str, agency: str, year: int) -> set[str]:
    """Recompute X-1 between this report and the stored reports of the same agency one year either
    side; returns the later reports whose checks changed."""
    conn.execute(delete(checks_t).where(and_(checks_t.c.rule == X1, or_(
        checks_t.c.report_id == report_id, checks_t.c.other_report_id == report_id))))
    neighbours = conn.execute(select(reports_t.c.report_id, reports_t.c.year).where(and_(
        reports_t.c.agency == agency, reports_t.c.year.in_([year - 1, year + 1]),
        reports_t.c.report_id != report_id)).order_by(reports_t.c.ingested_at)).all()
    touched: set[str] = set()
    for n in neighbours:
        if n.year == year - 1:
            earlier, later = (n.report_id, n.year), (report_id, year)
        else:
            earlier, later = (report_id, year), (n.report_id, n.year)
        results = carry_over_checks(
            (earlier[0], earlier[1], _carry_values(conn, earlier[0], "carried_out")),
            (later[0], later[1], _carry_values(conn, later[0], "carried_in")))
        if results:
            conn.execute(insert(checks_t), [_check_row(later[0], c, earlier[0]) for c in results])
            touched.add(later[0])
    return touched


def _refresh_failed_counts(conn: Connection, report_ids: Iterable[str]) -> None:
    for rid in report_ids:
        n = conn.scalar(select(func.count()).select_from(checks_t).where(and_(
            checks_t.c.report_id == rid, checks_t.c.passed == False))) or 0  # noqa: E712
        conn.execute(update(reports_t).where(reports_t.c.report_id == rid).values(n_failed_checks=n))


def _failing_cells(conn: Connection, report_ids: set[str]) -> dict[str, set[CellKey]]:
    """The cells of each report involved in a failing check. For X-1 the 上年结转 cell belongs to the
    later report (the check's own) and the 结转下年度 cell to the earlier one (``other_report_id``)."""
    out: dict[str, set[CellKey]] = {}
    if not report_ids:
        return out
    ids = list(report_ids)
    rows = conn.execute(select(checks_t.c.report_id, checks_t.c.other_report_id, checks_t.c.rule,
                               checks_t.c.cells).where(and_(
        checks_t.c.passed == False,  # noqa: E712
        or_(checks_t.c.report_id.in_(ids), checks_t.c.other_report_id.in_(ids))))).all()
    for r in rows:
        for cell in r.cells:
            key = CellKey.parse(cell)
            owner = r.report_id
            if r.rule == X1 and key.row == "carried_out" and r.other_report_id:
                owner = r.other_report_id
            out.setdefault(owner, set()).add(key)
    return out


def _copy_ranking(conn: Connection, agency: str, year: int) -> list[str]:
    """The reports of one agency and year, the most trusted first.

    Trust is the fewest cells the reader could not vouch for: cells marked uncertain or
    reconstructed, cells of the format never found, and failing checks of the report's own tables
    (X-1 compares with another year and says nothing about this copy). Ties: the earlier ingested.
    """
    from .reportformat import FORMATS, cell_specs

    rows = conn.execute(select(reports_t.c.report_id, reports_t.c.format, reports_t.c.ingested_at)
                        .where(and_(reports_t.c.agency == agency, reports_t.c.year == year))).all()
    if len(rows) < 2:
        return [r.report_id for r in rows]
    ids = [r.report_id for r in rows]
    flagged = dict(conn.execute(
        select(figures_t.c.report_id, func.count()).where(and_(
            figures_t.c.report_id.in_(ids), figures_t.c.status.in_(("uncertain", "reconstructed"))))
        .group_by(figures_t.c.report_id)).all())
    stored = dict(conn.execute(select(figures_t.c.report_id, func.count())
                               .where(figures_t.c.report_id.in_(ids)).group_by(figures_t.c.report_id)).all())
    failing = dict(conn.execute(
        select(checks_t.c.report_id, func.count()).where(and_(
            checks_t.c.report_id.in_(ids), checks_t.c.passed == False, checks_t.c.rule != X1))  # noqa: E712
        .group_by(checks_t.c.report_id)).all())

    def score(r: Any) -> tuple[int, str, str]:
        expected = len(cell_specs(r.format)) if r.format in FORMATS else 0  # type: ignore[arg-type]
        missing = max(0, expected - stored.get(r.report_id, 0))
        return (flagged.get(r.report_id, 0) + missing + failing.get(r.report_id, 0), r.ingested_at, r.report_id)

    return [r.report_id for r in sorted(rows, key=score)]


def _regroup_copies(conn: Connection, agency: str, year: int) -> None:
    """Mark the most trusted report of an agency and year canonical and the others copies of it."""
    ranking = _copy_ranking(conn, agency, year)
    if not ranking:
        return
    conn.execute(update(reports_t).where(reports_t.c.report_id == ranking[0]).values(copy_of=None))
    if len(ranking) > 1:
        conn.execute(update(reports_t).where(reports_t.c.report_id.in_(ranking[1:])).values(copy_of=ranking[0]))


def _report_record(r: Any, n_figures: int | None = None, n_passages: int | None = None) -> ReportRecord:
    m = r._mapping
    return ReportRecord(
        report_id=r.report_id, agency=r.agency, year=r.year, format=r.format, title=r.title,
        source_path=r.source_path, source_kind=r.source_kind, sha256=r.sha256, size=r.size,
        ingested_at=r.ingested_at, n_failed_checks=r.n_failed_checks, warnings=tuple(r.warnings or ()),
        n_figures=(m.get("n_figures") if n_figures is None else n_figures) or 0,
        n_passages=(m.get("n_passages") if n_passages is None else n_passages) or 0,
        copy_of=m.get("copy_of"))


def _cell_order() -> Callable[[str, CellKey], tuple[int, Any]]:
    from .reportformat import FORMATS, cell_specs

    cache: dict[str, dict[CellKey, float]] = {}

    def order(fmt: str, key: CellKey) -> tuple[int, Any]:
        if fmt not in cache:
            try:
                pos_of: dict[CellKey, float] = {s.key: i for i, s in enumerate(cell_specs(fmt))}  # type: ignore[arg-type]
            except KeyError:
                pos_of = {}
            # A row printed in the other layout (（六）其他处理 as one row) sits where that layout puts it.
            for other in FORMATS:
                prev = -1.0
                for s in cell_specs(other):
                    if s.key in pos_of:
                        prev = pos_of[s.key]
                    else:
                        prev = pos_of[s.key] = prev + 0.001
            cache[fmt] = pos_of
        pos = cache[fmt].get(key)
        return (0, pos) if pos is not None else (1, (key.table, key.row, key.column))

    return order


__all__ = [
    "FiguresStore", "StoreError", "ReportRecord", "FigureRecord", "CheckRecord", "SourceLine", "WriteInfo",
    "PutOutcome", "CheckStatus", "MIGRATIONS", "migration", "migrate", "pending_migrations", "carry_over_checks",
    "figure_labels", "sqlite_path", "engine_url",
]
