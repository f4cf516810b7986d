"""The store's write lock: a second writer waits, says so, and gives up after its timeout; opening
a store to read takes no lock (issue 14)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from index.figures_store import FiguresStore, pending_migrations
from index.settings import Settings
from index.storelock import StoreBusy, write_lock


def test_a_second_writer_waits_with_a_message_then_gives_up(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, lock_timeout=1.0)
    heard: list[str] = []
    with write_lock(settings):
        start = time.perf_counter()
        with pytest.raises(StoreBusy, match="another writer held it for over 1 s"):
            with write_lock(settings, heard.append):
                pass
        assert 0.9 < time.perf_counter() - start < 3
    assert len(heard) == 1 and "waiting up to 1 s" in heard[0]


def test_a_waiting_writer_goes_on_when_the_first_finishes(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, lock_timeout=10.0)
    order: list[str] = []
    entered = threading.Event()

    def first() -> None:
        with write_lock(settings):
            entered.set()
            time.sleep(0.8)
            order.append("first")

    t = threading.Thread(target=first)
    t.start()
    entered.wait()
    heard: list[str] = []
    with write_lock(settings, heard.append):
        order.append("second")
    t.join()
    assert order == ["first", "second"] and heard


def test_opening_a_current_store_takes_no_write_lock(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    FiguresStore(settings.url).close()  # created and migrated once
    writer = FiguresStore(settings.url)
    with writer.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        conn.exec_driver_sql("COMMIT")
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # another process in the middle of a write
        start = time.perf_counter()
        reader = FiguresStore(settings.url)
        assert reader.reports() == [] and pending_migrations(reader.engine) == []
        assert time.perf_counter() - start < 1.0
        reader.close()
        conn.exec_driver_sql("ROLLBACK")
    writer.close()


def test_the_store_version_changes_with_each_write_and_not_with_a_read(tmp_path: Path) -> None:
    from assistant import api
    from index.pipeline import sample_report

    settings = Settings(home=tmp_path, vectors=False)
    assert api.store_version(settings=settings) == ""
    with sample_report() as path:
        api.ingest([path], settings=settings, progress=False)
        first = api.store_version(settings=settings)
        assert first != ""
        api.reports(settings=settings)
        api.ingest([path], settings=settings, progress=False)  # unchanged: nothing written
        assert api.store_version(settings=settings) == first
    changed = tmp_path / "changed.txt"
    changed.write_text(path.read_text(encoding="utf-8").replace("目前均已答复", "目前已全部答复"), encoding="utf-8")
    api.ingest([changed], settings=settings, progress=False)
    assert api.store_version(settings=settings) not in ("", first)
