"""Passage vectors by the hash of the text embedded, kept beside the vector store.

Much of what is embedded repeats across reports (the national template's sentences, headings, rows
with the same values), and a report ingested again after a parser change is mostly the same text.
:class:`EmbeddingCache` keeps each embedder's vectors under the BLAKE2b hash of the exact text
given to the embedder, so a text is embedded once per embedder, whichever report it comes from.

The cache also lets a filtered dense search read the vectors of the candidate passages without
opening Chroma (``VectorIndex.search_among`` with records): the first narrative question of a
process then does not pay for importing chromadb.

A SQLite file (stdlib ``sqlite3``, WAL, one row per vector as float32 bytes); several processes may
read and write it at once. A key names a text and an embedder, so an entry never goes stale.

Beside the vectors it lists the reports left out of the vector index (the other copies of a report
stored twice, see ``VectorIndex.leave_out``), so that a search among their passages knows they have
no vector without asking Chroma.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

__all__ = ["EmbeddingCache", "text_key"]

_BATCH = 500  # keys per SELECT … IN (…)


def text_key(text: str) -> bytes:
    """The cache key of a text: a 16-byte BLAKE2b digest of its UTF-8 bytes."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class EmbeddingCache:
    """One embedder's vectors by text hash in a SQLite file (created when missing).

    Args:
        path: the SQLite file.
        model: the embedder's name (its Chroma collection name); entries of other embedders are
            kept apart.

    ``hits`` and ``misses`` count the texts :meth:`embed` found and had to embed.
    """

    def __init__(self, path: Path, model: str) -> None:
        self.path = Path(path)
        self.model = model
        self.hits = 0
        self.misses = 0
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA busy_timeout=30000")
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, key BLOB NOT NULL, "
                          "vector BLOB NOT NULL, PRIMARY KEY (model, key)) WITHOUT ROWID")
            conn.execute("CREATE TABLE IF NOT EXISTS left_out (model TEXT NOT NULL, report_id TEXT NOT NULL, "
                          "PRIMARY KEY (model, report_id)) WITHOUT ROWID")
            self._local.conn = conn
        return conn

    def get(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The cached vectors among ``keys`` (float32 arrays)."""
        out: dict[bytes, np.ndarray] = {}
        if not keys or not self.path.exists():
            return out
        conn = self._conn()
        unique = list(dict.fromkeys(keys))
        for lo in range(0, len(unique), _BATCH):
            part = unique[lo:lo + _BATCH]
            rows = conn.execute(f"SELECT key, vector FROM vectors WHERE model = ? AND key IN "
                                f"({','.join('?' * len(part))})", [self.model, *part])
            for key, blob in rows:
                out[bytes(key)] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put(self, items: dict[bytes, np.ndarray]) -> None:
        """Store vectors (an existing entry is kept: the same text gives the same vector)."""
        if not items:
            return
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("INSERT OR IGNORE INTO vectors (model, key, vector) VALUES (?, ?, ?)",
                             [(self.model, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def embed(self, texts: Sequence[str], embed: Callable[[list[str]], object]) -> np.ndarray:
        """Vectors for ``texts`` (n × dim float32, in order): cached ones read back, the others (each
        distinct text once) embedded with ``embed`` and cached."""
        keys = [text_key(t) for t in texts]
        found = self.get(keys)
        missing = {k: t for k, t in zip(keys, texts) if k not in found}
        self.hits += len(texts) - sum(1 for k in keys if k in missing)
        self.misses += len(missing)
        if missing:
            fresh = np.asarray(embed(list(missing.values())), dtype=np.float32)
            new = dict(zip(missing, fresh))
            self.put(new)
            found.update(new)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack([found[k] for k in keys]).astype(np.float32, copy=False)

    def mark_left_out(self, report_ids: Sequence[str], left_out: bool = True) -> None:
        """Record that these reports' passages have no vector in the index (``left_out``), or have
        them again (``left_out=False``)."""
        if not report_ids:
            return
        conn = self._conn()
        rows = [(self.model, rid) for rid in dict.fromkeys(report_ids)]
        if left_out:
            conn.executemany("INSERT OR IGNORE INTO left_out (model, report_id) VALUES (?, ?)", rows)
        else:
            conn.executemany("DELETE FROM left_out WHERE model = ? AND report_id = ?", rows)

    def left_out(self, report_ids: Sequence[str]) -> set[str]:
        """Those of ``report_ids`` whose passages were left out of the vector index."""
        if not report_ids or not self.path.exists():
            return set()
        conn = self._conn()
        unique = list(dict.fromkeys(report_ids))
        out: set[str] = set()
        for lo in range(0, len(unique), _BATCH):
            part = unique[lo:lo + _BATCH]
            out.update(r for (r,) in conn.execute(
                f"SELECT report_id FROM left_out WHERE model = ? AND report_id IN ({','.join('?' * len(part))})",
                [self.model, *part]))
        return out

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
