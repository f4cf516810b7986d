"""DiskMemo: results read back by another process's memo, never stale, never required."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import disk_memo
from assistant.disk_memo import DiskMemo
from assistant.understand.agencies import _romanise


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "govqa"


def test_results_are_read_back_without_calling_the_function(cache_home: Path):
    calls: list[str] = []

    def romanise(text: str) -> tuple[str, ...]:
        calls.append(text)
        return _romanise(text)

    first = DiskMemo("pinyin-test", romanise, libraries=("pypinyin",))
    assert first("平潭")[0] == "pingtan"
    assert first("桦川") == ("huachuan",)
    first.save()
    assert calls == ["平潭", "桦川"]
    again = DiskMemo("pinyin-test", romanise, libraries=("pypinyin",))
    assert again("平潭") == first("平潭")
    assert again("桦川") == ("huachuan",)
    assert calls == ["平潭", "桦川"]  # the second memo read the file
    assert again("洪泽") == ("hongze",)
    assert calls[-1] == "洪泽"


def test_a_changed_dependency_empties_the_memo(cache_home: Path, monkeypatch: pytest.MonkeyPatch):
    memo = DiskMemo("pinyin-test", lambda t: ("x" + t,))
    memo("a")
    memo.save()
    monkeypatch.setattr(disk_memo, "_fingerprint", lambda fn, libraries: "another source")
    calls: list[str] = []
    fresh = DiskMemo("pinyin-test", lambda t: calls.append(t) or ("y" + t,))
    assert fresh("a") == ("ya",)
    assert calls == ["a"]


def test_an_unwritable_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    memo = DiskMemo("pinyin-test", lambda t: (t.upper(),))
    assert memo("ab") == ("AB",)
    memo.save()
    assert DiskMemo("pinyin-test", lambda t: ("again",))("ab") == ("again",)
