"""A slow pure function of a string, its results kept on disk between processes.

The first English question of a process romanises every stored agency's place names with pypinyin,
whose dictionaries alone take ~0.35 s to import: most of a cold ``govqa ask``. The readings of a
name never change while neither pypinyin nor the code computing them does, so :class:`DiskMemo`
keeps them in a small JSON file in the user's cache folder (``$XDG_CACHE_HOME/govqa``, else
``~/.cache/govqa``) and computes (importing pypinyin) only the names it has never seen.

The file records what its values depend on: the source file of the function (any edit to it
empties the memo) and the installed files of the libraries named (a reinstall or upgrade does
too). A file that cannot be read or written is ignored: the memo is only ever a shortcut.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import threading
from collections.abc import Callable, Sequence
from importlib.util import find_spec
from pathlib import Path

__all__ = ["DiskMemo", "cache_folder"]

_VERSION = 1  # of the file's layout


def cache_folder() -> Path:
    """Where GovQA keeps memos: ``$XDG_CACHE_HOME/govqa``, else ``~/.cache/govqa``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "govqa"


def _fingerprint(fn: Callable[..., object], libraries: Sequence[str]) -> str:
    """What the function's results depend on: its module's source and the libraries' installed files."""
    h = hashlib.blake2b(digest_size=16)
    h.update(Path(fn.__code__.co_filename).read_bytes())
    h.update(fn.__qualname__.encode())
    for name in libraries:
        spec = find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin else None
        st = origin.stat() if origin and origin.exists() else None
        h.update(f"{name}:{origin}:{st.st_size if st else ''}:{st.st_mtime_ns if st else ''}".encode())
    return h.hexdigest()


class DiskMemo:
    """``fn(text)`` memoised in ``cache_folder() / f"{name}.json"``; values are tuples of strings.

    Args:
        name: the file's name (without ``.json``).
        fn: a pure function of one string returning a tuple of strings.
        libraries: the top-level packages ``fn`` uses whose upgrade may change its results.

    New results are written once, when the process exits (atomically: a reader never sees half a
    file; of two processes writing at once the last wins, which only loses entries of a cache).
    """

    def __init__(self, name: str, fn: Callable[[str], tuple[str, ...]], libraries: Sequence[str] = ()) -> None:
        self.name = name
        self.fn = fn
        self.libraries = tuple(libraries)
        self._values: dict[str, tuple[str, ...]] | None = None
        self._key = ""
        self._dirty = False
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        return cache_folder() / f"{self.name}.json"

    def _load(self) -> dict[str, tuple[str, ...]]:
        if self._values is None:
            values: dict[str, tuple[str, ...]] = {}
            try:
                self._key = _fingerprint(self.fn, self.libraries)
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("version") == _VERSION and data.get("key") == self._key:
                    values = {k: tuple(v) for k, v in data["values"].items()}
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                pass
            self._values = values
        return self._values

    def __call__(self, text: str) -> tuple[str, ...]:
        with self._lock:
            values = self._load()
            if text in values:
                return values[text]
        result = tuple(self.fn(text))
        with self._lock:
            values[text] = result
            if not self._dirty and self._key:
                self._dirty = True
                atexit.register(self.save)
        return result

    def save(self) -> None:
        """Write the results to the file now (done at exit when there are new ones)."""
        with self._lock:
            if not self._dirty or self._values is None:
                return
            data = {"version": _VERSION, "key": self._key, "values": self._values}
            self._dirty = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass
