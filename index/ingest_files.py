"""Which files an ingest run reads: folders walked, unsupported and missing paths decided, the sample report.

:func:`expand_paths` turns the paths given to :func:`index.pipeline.ingest` into the files to read
and the :class:`~index.ingest_results.FileResult` of every path it already decided (skipped or failed,
with one plain reason); :func:`sample_report` is what an empty list of paths ingests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from .ingest_results import FileResult
from .loaders import SUPPORTED_SUFFIXES

SAMPLE_REPORT = "huachuan-county-2020.txt"


@contextmanager
def sample_report() -> Iterator[Path]:
    """The bundled sample report (package data ``index/data/huachuan-county-2020.txt``) as a path."""
    with resources.as_file(resources.files("index") / "data" / SAMPLE_REPORT) as path:
        yield path


def expand_paths(paths: Sequence[Path | str]) -> tuple[list[Path], list[FileResult]]:
    """Files to ingest, and the results already decided (missing paths, unsupported files).

    Folders are walked recursively in name order; hidden files and folders (``.name``) are ignored;
    files of other types found in folders are ``skipped``. A file named directly with an unsupported
    type, or a path that does not exist, is ``failed``. Duplicates are dropped.
    """
    files: list[Path] = []
    decided: list[FileResult] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        try:
            key = p.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # a symlink loop (RuntimeError before 3.13), a dangling link
            decided.append(FileResult(str(p), "failed", _unreadable(exc)))
            return
        if key not in seen:
            seen.add(key)
            files.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            def walk_error(exc: OSError) -> None:
                decided.append(FileResult(exc.filename or str(p), "failed",
                                          f"the folder cannot be read ({exc.strerror or exc}); its files were skipped"))

            for root, dirs, names in os.walk(p, onerror=walk_error):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if name.startswith("."):
                        continue
                    f = Path(root) / name
                    if name.startswith("~$"):
                        decided.append(FileResult(str(f), "skipped", "an Office lock file, not a report"))
                    elif f.suffix.lower() in SUPPORTED_SUFFIXES:
                        add(f)
                    else:
                        decided.append(FileResult(str(f), "skipped", _unsupported(f)))
        elif p.is_file():
            if p.suffix.lower() in SUPPORTED_SUFFIXES:
                add(p)
            else:
                decided.append(FileResult(str(p), "failed", _unsupported(p)))
        elif p.is_symlink():
            add(p)  # a loop or a dangling link: named as such
        else:
            decided.append(FileResult(str(p), "failed", "no such file or folder"))
    return files, decided


def _unreadable(exc: BaseException) -> str:
    if isinstance(exc, RuntimeError) or "loop" in str(exc).lower() or getattr(exc, "errno", None) == 40:
        return "a symbolic link loop, not a file"
    if isinstance(exc, FileNotFoundError):
        return "a symbolic link to nothing (dangling)"
    return f"cannot be read ({getattr(exc, 'strerror', None) or exc})"


def _unsupported(p: Path) -> str:
    return (f"unsupported file type '{p.suffix.lower() or '(none)'}' "
            f"(supported: {', '.join(SUPPORTED_SUFFIXES)})")


__all__ = ["SAMPLE_REPORT", "sample_report", "expand_paths"]
