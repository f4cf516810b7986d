"""One writer per store: a lock file beside the stores, held around every write to SQL and vectors.

SQLite serialises its own writers, but the vector index (Chroma) does not: two ingests writing it
at once left it unreadable ("Error getting embedding"). Every writer therefore takes
``<home>/write.lock`` (a ``filelock`` lock, released by the OS if the process dies) for the few
milliseconds it writes a report; embedding, parsing and reading never take it. A second writer
waits, says so once, and gives up after ``Settings.lock_timeout`` seconds.

Example::

    with write_lock(settings, notify=print):
        store.put_report(...)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from .settings import Settings

LOCK_NAME = "write.lock"
VERSION_NAME = "store.version"  # bumped after every write, so a long-running reader notices
QUIET_WAIT = 0.5  # seconds of waiting before the writer says it is waiting


class StoreBusy(Exception):
    """Another writer held the store for longer than the timeout; the message is one plain line."""


def lock_path(settings: Settings) -> Path:
    return Path(settings.home) / LOCK_NAME


def bump_version(settings: Settings) -> None:
    """Record that the store changed (call under the write lock, after the commit)."""
    path = Path(settings.home) / VERSION_NAME
    try:
        n = int(path.read_text(encoding="ascii").strip() or 0) if path.exists() else 0
    except (OSError, ValueError):
        n = 0
    tmp = path.with_suffix(".tmp")
    tmp.write_text(str(n + 1), encoding="ascii")
    tmp.replace(path)


def store_version(settings: Settings) -> str:
    """A token that changes whenever a writer changed the store (a stat and a tiny read: cheap
    enough to check before every question). A web app holding a catalog reloads it when this differs."""
    path = Path(settings.home) / VERSION_NAME
    try:
        return path.read_text(encoding="ascii").strip()
    except OSError:
        return ""


@contextmanager
def write_lock(settings: Settings, notify: Callable[[str], None] | None = None,
               timeout: float | None = None) -> Iterator[None]:
    """Hold the store's write lock; ``notify`` hears once when another writer makes us wait.

    Raises:
        StoreBusy: the lock was not free within ``timeout`` (default ``settings.lock_timeout``).
    """
    path = lock_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path))
    wait = settings.lock_timeout if timeout is None else timeout
    try:
        lock.acquire(timeout=min(QUIET_WAIT, wait))
    except Timeout:
        if notify is not None:
            notify(f"another writer is using the store {settings.home}; waiting up to {wait:g} s …")
        try:
            lock.acquire(timeout=max(0.0, wait - QUIET_WAIT))
        except Timeout:
            raise StoreBusy(f"the store is busy: another writer held it for over {wait:g} s") from None
    try:
        yield
    finally:
        lock.release()


__all__ = ["write_lock", "StoreBusy", "lock_path", "bump_version", "store_version", "LOCK_NAME"]
