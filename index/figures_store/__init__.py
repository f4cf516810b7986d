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
rule X-1 (上年结转 = last year's 结转下年度继续办理) is recomputed against the neighbouring years;
the per-year totals of every cell over the canonical reports are kept exact in the same
transaction, so a sum across every agency of a year is one row (:meth:`FiguresStore.cell_totals`),
and so is each canonical report's cell ordered by value within its year, so "which agency had the
most …" is the top of one key range (:meth:`FiguresStore.top_reports`).

The package, one job a module: :mod:`.schema` (tables), :mod:`.migrations`, :mod:`.dialects`
(one engine per back end), :mod:`.locking` (write transactions), :mod:`.writes` (row writers and
X-1), :mod:`.copies` (the canonical copy), :mod:`.totals` (the per-year totals), :mod:`.queries`
(read helpers), :mod:`.records` (what reads return) and :mod:`.store` (:class:`FiguresStore`).
Import from the package.

Example::

    store = FiguresStore("sqlite:///.govqa/figures.sqlite")
    outcome = store.put_report(parsed, passages)          # "added" | "unchanged" | "replaced"
    for f in store.figures(agency="桦川县", year=2020, table=3, row="granted"):
        print(f.key, f.value, f.check_status)
    store.cell_totals(2020, [CellKey(3, "granted", "total")])  # [CellTotal(total=…, reports=…, …)]
"""

from __future__ import annotations

from . import totals
from .dialects import StoreError, _make_engine, engine_url, sqlite_path
from .migrations import MIGRATIONS, migrate, migration, pending_migrations
from .records import (
    CellTotal,
    CheckRecord,
    CheckStatus,
    FigureRecord,
    PutOutcome,
    ReportRecord,
    SourceLine,
    TopReport,
    WriteInfo,
    figure_labels,
)
from .schema import (
    CHILD_TABLES,
    SCHEMA,
    cell_totals_t,
    checks_t,
    figures_t,
    migrations_t,
    passages_t,
    reports_t,
    sources_t,
    year_cells_t,
    year_reports_t,
)
from .store import FiguresStore
from .writes import carry_over_checks

__all__ = [
    "FiguresStore", "StoreError", "CellTotal", "ReportRecord", "FigureRecord", "CheckRecord", "SourceLine", "WriteInfo",
    "PutOutcome", "CheckStatus", "MIGRATIONS", "migration", "migrate", "pending_migrations", "carry_over_checks",
    "figure_labels", "sqlite_path", "engine_url", "SCHEMA", "CHILD_TABLES", "reports_t", "figures_t", "checks_t",
    "passages_t", "sources_t", "migrations_t", "cell_totals_t", "year_reports_t", "year_cells_t", "TopReport", "totals", "_make_engine",
]
