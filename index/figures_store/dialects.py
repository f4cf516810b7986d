"""One engine per back end: what differs between SQLite and PostgreSQL is set up here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    event,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError


class StoreError(Exception):
    """The store cannot be opened or used; the message is one plain line."""


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None for other databases and in-memory SQLite)."""
    try:
        u = make_url(url)
    except ArgumentError:
        return None
    if not u.drivername.startswith("sqlite") or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)




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
            # WAL's recommended level: a commit no longer waits for an fsync (2.8 ms of the 13 ms a
            # report took to write); a crash of the process loses nothing, a power cut at most the
            # last commits, and the database is never corrupted either way.
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            write = conn.get_execution_options().get("govqa_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
    return engine


# ---------------------------------------------------------------------------
