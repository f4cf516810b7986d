"""Write transactions: writers queue one at a time, readers go on reading the last committed state."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
)

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
