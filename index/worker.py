"""Reading files in a worker process under a memory and a time limit.

A report file is untrusted input: a 41 KB .docx or a 58 KB HTML page can ask a parser for
gigabytes, 10 MB of nested markup for hours. The loaders refuse the kinds we know before the
expensive step (spans, grid size, nesting, inflated size, lines); this worker bounds the rest.
:class:`FileReader` keeps one child process (a fresh interpreter: nothing of the parent's threads, model
or database connections is inherited) whose address space is capped with ``RLIMIT_AS``; each file
gets a deadline. A file that runs out of either is one :class:`IngestError` line, the child is
replaced, and the batch goes on.

The child does the two steps the pipeline needs, so that an unchanged file is never parsed:
``load`` (returns the content hash) and then ``parse`` (the parsed report and its passages).

Example::

    with FileReader(memory_mb=1024, seconds=30) as reader:
        sha = reader.load(path, max_bytes=50 * 2**20)
        report, passages = reader.parse(agency=None, year=None)
"""

from __future__ import annotations

import os
import pickle
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, BinaryIO

from .types import IngestError, ParsedReport, Passage

# Passages one report may give. A real report gives a few hundred; more is not one report, and
# each passage costs an embedding and a row.
MAX_PASSAGES = 20_000


# A scanned page read by OCR needs more than any other file: the engine's model and its arena
# (address space, not resident memory) and seconds a page. A worker may raise its own limits to
# these, once per file, and only when it is about to OCR (see :func:`ocr_budget`).
OCR_MEMORY_MB = 3072
OCR_SECONDS_PER_PAGE = 40.0
OCR_MAX_PAGES = 30

# A fresh interpreter has to start and import the loaders and the parser before it can read
# anything: on a clean clone (no .pyc files) under a busy CI machine that took longer than a file's
# whole time limit, and the first file of a batch was reported "failed". The start-up has this
# limit of its own; a file's limit counts only its reading.
STARTUP_SECONDS = 180.0

_budget: Any = None  # in a worker: asks the parent for OCR time (set by _serve)


def _limit_memory(memory_mb: int, ceiling_mb: int | None = None) -> None:
    """Cap the address space at ``memory_mb`` (soft), leaving room to raise it to ``ceiling_mb``."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX: the time limit still holds
        return

    cap = int(memory_mb) * 2**20
    top = int(ceiling_mb or memory_mb) * 2**20
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap, top = min(cap, hard), min(top, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, max(cap, top)))


_ocr_pages = 0  # scanned pages of the current file


def ocr_budget(pages: int = 1) -> None:
    """In a worker: raise this file's limits for OCR of ``pages`` more scanned pages (memory to
    :data:`OCR_MEMORY_MB`, time by :data:`OCR_SECONDS_PER_PAGE` a page, at most
    :data:`OCR_MAX_PAGES` pages a file). Outside a worker: nothing."""
    global _ocr_pages
    if _budget is None:
        return
    _ocr_pages += pages
    if _ocr_pages > OCR_MAX_PAGES:
        raise IngestError(f"more than {OCR_MAX_PAGES} scanned pages to read by OCR")
    try:
        import resource

        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    except (ImportError, ValueError, OSError):  # pragma: no cover
        pass
    _budget(pages * OCR_SECONDS_PER_PAGE)


def read_file(path: Path, max_bytes: int, agency: str | None, year: int | None) -> tuple[ParsedReport, list[Passage]]:
    """Load, parse and chunk one file in this process, with the passage cap (no limits: for tools)."""
    from .loaders import load

    return parse_loaded(load(path, max_bytes=max_bytes), agency, year)


def parse_loaded(doc: Any, agency: str | None, year: int | None) -> tuple[ParsedReport, list[Passage]]:
    """Parse and chunk a loaded document with the built-in parser and chunker (what the worker runs)."""
    from .pipeline import default_chunk, default_parse

    report = default_parse(doc, agency=agency, year=year)
    passages = list(default_chunk(report))
    check_passages(Path(doc.path).name, len(passages))
    return report, passages


def check_passages(name: str, n: int) -> None:
    """Refuse a report of more than :data:`MAX_PASSAGES` passages, before any is embedded or stored."""
    if n > MAX_PASSAGES:
        raise IngestError(f"{name}: {n:,} passages (limit {MAX_PASSAGES:,}): not a single annual report")


def _serve(inp: BinaryIO, out: BinaryIO, memory_mb: int) -> None:
    """The child's loop: ``("ready", pid)`` once the reading code is imported, then one pickled
    request at a time on ``inp``, every outcome pickled to ``out``."""
    def send(status: str, value: Any) -> None:
        pickle.dump((status, value), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()

    _limit_memory(memory_mb, max(memory_mb, OCR_MEMORY_MB))
    try:
        # everything every file needs, imported before "ready" (so not on any file's clock): the
        # loaders of every kind (pdfplumber, selectolax …), the parser and the chunker
        from . import chunking, tables  # noqa: F401
        from .loaders import _registry, load

        _registry()
    except MemoryError:
        send("memory", "")
        return
    except ImportError as exc:
        # under the memory limit a module's shared library may fail to map: that is the limit too
        if "map" in str(exc) or "memory" in str(exc).lower():
            send("memory", "")
        else:
            send("internal", f"ImportError: {exc}")
        return
    send("ready", os.getpid())

    global _budget, _ocr_pages
    _budget = lambda seconds: send("extend", seconds)  # noqa: E731

    doc = None
    while True:
        try:
            op, args = pickle.load(inp)
        except (EOFError, OSError, pickle.UnpicklingError):
            return
        try:
            if op == "load":
                path, max_bytes = args
                doc = None
                _ocr_pages = 0
                doc = load(Path(path), max_bytes=max_bytes)
                send("ok", doc.sha256)
            elif op == "parse":
                agency, year = args
                if doc is None:
                    raise IngestError("nothing loaded")
                send("ok", parse_loaded(doc, agency, year))
            else:
                send("internal", f"unknown request {op!r}")
        except IngestError as exc:
            send("error", str(exc))
        except MemoryError:
            doc = None
            send("memory", "")
        except RecursionError:
            send("error", "nested too deeply to read")
        except ImportError as exc:
            # under the memory limit a module's shared library may fail to map: that is the limit too
            if "map" in str(exc) or "memory" in str(exc).lower():
                doc = None
                send("memory", "")
            else:
                send("internal", f"ImportError: {exc}")
        except Exception as exc:  # noqa: BLE001 — one plain line, never the batch
            send("internal", f"{type(exc).__name__}: {exc}")


def main() -> None:
    """``python -m index.worker MEMORY_MB``: serve requests on stdin, answers on the original stdout
    (anything a library prints goes to stderr instead)."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    # run as ``-m index.worker`` this module is ``__main__``: serve from ``index.worker`` itself, the
    # module the loaders import (ocr_budget reads its _budget)
    from index import worker

    worker._serve(sys.stdin.buffer, out, int(sys.argv[1]))


class FileReader:
    """A worker process that reads report files under ``memory_mb`` of address space and
    ``seconds`` per file; started on first use, replaced after a file that broke a limit.

    A file's clock starts once the worker has said it is ready (started and imported, within
    ``startup_seconds``), so a slow start on a busy machine never fails a file."""

    def __init__(self, memory_mb: int = 1024, seconds: float = 30.0,
                 startup_seconds: float = STARTUP_SECONDS) -> None:
        self.memory_mb = memory_mb
        self.seconds = seconds
        self.startup_seconds = startup_seconds
        self._proc: subprocess.Popen[bytes] | None = None
        self._ready = False
        self._deadline = 0.0
        self._name = ""

    def __enter__(self) -> FileReader:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            # A fresh interpreter (not fork): nothing of the parent's threads, models or database
            # connections, and the same import path as the parent.
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
            env.setdefault("OMP_NUM_THREADS", "1")
            env.setdefault("OPENBLAS_NUM_THREADS", "1")
            # run from the folder holding the package: ``-m`` puts the working directory first on the
            # path, and a user's folder named "index" must not stand in for ours
            self._ready = False
            self._proc = subprocess.Popen([sys.executable, "-m", "index.worker", str(self.memory_mb)],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                          cwd=Path(__file__).resolve().parents[1], start_new_session=True)
        return self._proc

    def _wait_ready(self) -> None:
        """Start the worker if needed and wait, within ``startup_seconds``, for it to say it is ready."""
        proc = self._start()
        if self._ready:
            return
        assert proc.stdout is not None
        if not select.select([proc.stdout], [], [], self.startup_seconds)[0]:
            self._kill()
            raise IngestError(f"{self._name}: the reader did not start within {self.startup_seconds:g} s "
                              "(the machine is very busy)")
        status, value = self._receive(proc, "while starting ")
        if status == "memory":
            self._kill()
            raise IngestError(f"{self._name}: the reader cannot start within the {self.memory_mb} MiB memory limit")
        if status != "ready":
            self._kill()
            raise RuntimeError(f"the reader could not start: {value}")
        self._ready = True

    def close(self) -> None:
        """Stop the worker."""
        proc, self._proc = self._proc, None
        self._ready = False
        if proc is None:
            return
        try:
            assert proc.stdin is not None
            proc.stdin.close()
            proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()

    def _receive(self, proc: Any, when: str = "") -> tuple[str, Any]:
        """The worker's next message; a worker gone mid-message died, most likely of the memory limit."""
        try:
            return pickle.load(proc.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            code = self._kill()
            raise IngestError(f"{self._name}: the reader stopped {when}(exit code {code}) — probably over the "
                              f"{self.memory_mb} MiB memory limit") from None

    def _kill(self) -> int | None:
        proc, self._proc = self._proc, None
        self._ready = False
        if proc is None:
            return None
        if proc.poll() is None:
            proc.kill()
        code = proc.wait()
        for stream in (proc.stdin, proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        return code

    def _call(self, op: str, args: tuple[Any, ...]) -> Any:
        self._wait_ready()
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            pickle.dump((op, args), proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            code = self._kill()
            raise IngestError(f"{self._name}: the reader could not be started (exit code {code})") from None
        while True:
            left = self._deadline - time.monotonic()
            ready = select.select([proc.stdout], [], [], max(0.0, left))[0] if left > 0 else []
            if not ready:
                self._kill()
                raise IngestError(f"{self._name}: took longer than {self.seconds:g} s to read (limit "
                                  f"{self.seconds:g} s): a damaged or forged file")
            status, value = self._receive(proc)
            if status != "extend":
                break
            # the worker is about to OCR scanned pages: their time, within its own cap (ocr_budget)
            self._deadline += float(value)
        if status == "ok":
            return value
        if status == "memory":
            self._kill()  # a MemoryError may leave the child in any state: start afresh
            raise IngestError(f"{self._name}: needs more than the {self.memory_mb} MiB memory limit to read: "
                              "a damaged or forged file")
        if status == "error":
            raise IngestError(value)
        raise RuntimeError(value)

    def load(self, path: Path, max_bytes: int) -> str:
        """Load a file in the worker; returns its sha256. Starts the file's time limit, once the
        worker is ready."""
        self._name = Path(path).name
        self._wait_ready()
        self._deadline = time.monotonic() + self.seconds
        return self._call("load", (str(Path(path).resolve()), max_bytes))

    def parse(self, agency: str | None = None, year: int | None = None) -> tuple[ParsedReport, list[Passage]]:
        """Parse and chunk the file loaded last, within what is left of its time limit."""
        return self._call("parse", (agency, year))


__all__ = ["FileReader", "MAX_PASSAGES", "STARTUP_SECONDS", "read_file", "parse_loaded", "check_passages"]


if __name__ == "__main__":
    main()
