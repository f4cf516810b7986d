"""Schema migrations: an ordered list of named functions applied once each and recorded in
``_migrations`` (the pattern of simonw/llm's ``migrations.py``)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Connection,
    Engine,
    MetaData,
    insert,
    select,
    text,
)

from . import totals
from .copies import _regroup_copies
from .locking import _write
from .records import _now
from .schema import (
    _copies_index,
    _migrations_md,
    _ranking_tables,
    _read_indexes,
    _schema_v1,
    _schema_v2,
    _totals_tables,
    migrations_t,
    reports_t,
)

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


@migration
def m003_read_indexes(conn: Connection) -> None:
    for ix in _read_indexes(_schema_v2()):
        ix.create(conn)


@migration
def m004_totals(conn: Connection) -> None:
    md = MetaData()
    _totals_tables(md)
    md.create_all(conn)
    totals.rebuild_totals(conn)


@migration
def m005_year_cells(conn: Connection) -> None:
    md = MetaData()
    _ranking_tables(md)
    md.create_all(conn)
    _copies_index(_schema_v2()).create(conn)
    totals.rebuild_year_cells(conn)


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
