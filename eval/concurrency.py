"""Two writers and five kinds of reader on one store at once (issue 14), as one reusable scenario.

Two ``govqa ingest`` processes write different folders into one store while readers read
throughout: ``reports``, a figure ``ask`` and a narrative ``ask`` through the library (what the CLI
commands call), and the web app (``govqa serve`` in a process of its own, on loopback) through its
HTTP queue API: the chat's ``ask`` event and the page-load event (reports list, agencies, Figures).
Every read is timed and checked against the generator's truth, so the test
(``tests/index/test_concurrency.py``) and the repeated measurement (``bench/concurrency.py``) share it.

Example::

    first, second = write_folders(Path("conc"))
    run = run_scenario(first, second, Path("conc/store"))
    run.errors, run.slowest(), run.sql_ids == run.vector_ids
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
MAX_READ_SECONDS = 2.0  # the bound on any reader's wait
READER_KINDS = ("reports", "ask figure", "ask narrative", "web ask", "web load")
NEW_ROW = "一、本年新收政府信息公开申请数量"  # 表三's first row; its 总计 is the figure asked
SORT_BY_VALUE = "by value · 按数值"  # the Figures tab's default sort (ui.py)


# ----- processes -------------------------------------------------------------------------------
def child_env() -> dict[str, str]:
    """A child's environment: this checkout, the hash embedder, offline, vectors on; no GOVQA_*
    left over from the caller (an earlier test may have switched vectors off)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVQA_")}
    env.update(PYTHONPATH=str(REPO), GOVQA_EMBEDDER="hash", HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False",
               PYTHONUNBUFFERED="1")
    return env


def ingest_process(folder: Path, home: Path) -> subprocess.Popen[str]:
    """`govqa ingest FOLDER --store HOME` in a process of its own (hash embedder, offline)."""
    return subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", str(folder), "--store", str(home)],
                            cwd=REPO, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop_process(proc: subprocess.Popen) -> None:
    """Terminate a process we started; kill it when it does not stop within 15 s."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebApp:
    """`govqa serve --store HOME` on a free loopback port, called the way the browser calls it:
    ``queue/join`` with the event's index, then the ``queue/data`` stream until it completes."""

    def __init__(self, home: Path, log: Path, timeout: float = 120.0):
        import httpx

        self.base = f"http://127.0.0.1:{_free_port()}"
        self._log = log.open("wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--store", str(home), "--port",
                                      self.base.rsplit(":", 1)[1]], cwd=REPO, env=child_env(), stdout=self._log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/config", timeout=2) as r:
                    config = json.load(r)
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    raise RuntimeError(f"govqa serve did not start: {log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.3)
        deps = config["dependencies"]
        self.ask_fn = next(i for i, d in enumerate(deps) if d.get("api_name") == "ask")
        self.load_fn = next(i for i, d in enumerate(deps) if any(t[1] == "load" for t in d["targets"]))
        self.client = httpx.Client(base_url=self.base, timeout=60)

    def call(self, fn_index: int, data: list[Any]) -> list[Any]:
        """One event in a new session; its outputs. Raises when the event fails."""
        session = uuid.uuid4().hex
        r = self.client.post("/gradio_api/queue/join", json={"data": data, "fn_index": fn_index,
                                                              "session_hash": session, "event_data": None,
                                                              "trigger_id": None})
        r.raise_for_status()
        with self.client.stream("GET", "/gradio_api/queue/data", params={"session_hash": session}) as stream:
            for line in stream.iter_lines():
                if line.startswith("data:"):
                    msg = json.loads(line[5:])
                    if msg.get("msg") == "process_completed":
                        if not msg.get("success"):
                            raise RuntimeError(f"event failed: {str(msg)[:200]}")
                        return msg["output"]["data"]
        raise RuntimeError("the event stream ended without a result")

    def ask(self, question: str) -> str:
        """The chat's last answer (HTML) to a question asked in a fresh conversation."""
        history = self.call(self.ask_fn, [question, [], None, []])[0]
        content = history[-1]["content"]
        return " ".join(c.get("text", "") for c in content) if isinstance(content, list) else str(content)

    def load(self) -> str:
        """Everything a page load returns (reports list, agency choices, Figures), as one text."""
        return json.dumps(self.call(self.load_fn, [[], "T3:new:total", True, SORT_BY_VALUE]), ensure_ascii=False)

    def close(self) -> None:
        if getattr(self, "client", None) is not None:
            self.client.close()
        stop_process(self.proc)
        self._log.close()


# ----- data ------------------------------------------------------------------------------------
def write_folders(base: Path) -> tuple[Path, Path]:
    """Two generated folders of 6 text reports each (3 agencies × 2020-2021), different agencies."""
    from .synth import generate_corpus

    out = []
    for seed in (1, 2):
        generate_corpus(base / f"c{seed}", agencies=3, years=[2020, 2021], renderings=["text"], seed=seed,
                        noise=0.0, progress=False)
        out.append(base / f"c{seed}" / "text")
    return out[0], out[1]


@dataclass(frozen=True)
class Truth:
    agency: str
    year: int
    new_total: int  # 表三 一、本年新收 · 总计, as generated

    def question(self) -> str:
        return f"{self.year}年{self.agency}收到多少件政府信息公开申请"


def truth_of(report: Path) -> Truth:
    """The generator's truth of one generated report file (``<corpus>/truth/<stem>.json``)."""
    t = json.loads((report.parent.parent / "truth" / f"{report.stem}.json").read_text(encoding="utf-8"))
    return Truth(t["agency"], int(t["year"]), int(t["table3"][NEW_ROW][-1]))


# ----- the scenario ----------------------------------------------------------------------------
@dataclass
class Run:
    waits: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in READER_KINDS})  # wall seconds
    # of each read, the seconds its busiest thread was ready to run but had no CPU (a shared machine's
    # share, not the store's: a reader blocked on a lock is not runnable); 0 where Linux does not say
    queued: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in READER_KINDS})
    errors: list[str] = field(default_factory=list)
    writer_codes: list[int] = field(default_factory=list)
    writer_output: list[str] = field(default_factory=list)
    sql_ids: set[str] = field(default_factory=set)
    vector_ids: set[str] = field(default_factory=set)
    n_passages: int = 0
    n_vectors: int = 0
    after: dict[str, str] = field(default_factory=dict)  # check after the writers → "" when it held, else why
    seconds: float = 0.0  # the writers' wall time

    def slowest(self, uncontended: bool = False) -> tuple[float, str]:
        """(seconds, reader kind) of the slowest read: wall time, or (``uncontended``) wall time
        less the time waiting for a CPU — running or blocked, which is what the store decides."""
        return max(((max(w - q if uncontended else w for w, q in zip(self.waits[k], self.queued[k])), k)
                    for k in READER_KINDS if self.waits[k]), default=(0.0, ""))


def _queued_ns(tasks: list[Path]) -> dict[str, int]:
    """Run-queue wait so far (ns) of each thread (``/proc/<pid>/task/<tid>``, Linux schedstat)."""
    out = {}
    for t in tasks:
        try:
            out[t.name] = int((t / "schedstat").read_text().split()[1])
        except (OSError, ValueError, IndexError):
            pass
    return out


def _timed(run: Run, kind: str, call: Callable[[], str | None], lock: threading.Lock,
           server: int | None = None) -> None:
    """Time one read; a raised error or a returned complaint counts as an error of its kind. The
    read's queueing is its busiest thread's: the calling thread's, or any thread of ``server``'s."""
    def tasks() -> list[Path]:
        own = [Path(f"/proc/self/task/{threading.get_native_id()}")]
        return own + (list(Path(f"/proc/{server}/task").glob("*")) if server else [])

    before = _queued_ns(tasks())
    start = time.perf_counter()
    try:
        complaint = call()
    except Exception as exc:  # noqa: BLE001 — every failure counts
        complaint = f"{type(exc).__name__}: {str(exc)[:200]}"
    seconds = time.perf_counter() - start
    after = _queued_ns(tasks())
    queued = max((after[t] - before[t] for t in after.keys() & before.keys()), default=0) / 1e9
    with lock:
        run.waits[kind].append(seconds)
        run.queued[kind].append(min(queued, seconds))
        if complaint:
            run.errors.append(f"{kind}: {complaint}")


def run_scenario(first: Path, second: Path, home: Path, min_rounds: int = 6) -> Run:
    """Seed ``home`` with one report of ``first``, start the web app, then ingest both folders in two
    processes while the library readers (this thread) and the web readers (a second thread) read in
    rounds until both writers are done (at least ``min_rounds`` rounds each). Afterwards compare SQL
    with the vectors and ask again: a narrative question, and through the still-running web app a
    figure of an agency only ``second`` holds (it was not in the store when the app started)."""
    from assistant import api
    from index.figures_store import FiguresStore
    from index.settings import Settings
    from index.vectors import VectorIndex

    settings = Settings(home=home, embedder="hash", vectors=True)
    seed_file = min(first.glob("*.txt"))
    seed = truth_of(seed_file)
    newcomer = truth_of(min(second.glob("*.txt")))
    seeded = api.ingest([seed_file], store=home, settings=settings, progress=False)
    if not seeded.ok:
        raise RuntimeError(f"seeding failed: {seeded.failed}")
    narrative_q = f"{seed.agency}{seed.year}年主动公开了哪些信息"
    run, lock = Run(), threading.Lock()

    def ask_figure() -> str | None:
        a = api.ask(seed.question(), store=home, settings=settings)
        got = [v.value for v in a.values]
        return None if got[:1] == [seed.new_total] else f"expected {seed.new_total}, got {got} ({a.answer[:80]})"

    def ask_narrative() -> str | None:
        a = api.ask(narrative_q, store=home, settings=settings)
        return None if a.route in ("narrative", "both") and a.citations else f"{a.route}: {a.answer[:80]}"

    def reports() -> str | None:
        return None if any(r.agency == seed.agency for r in api.reports(store=home, settings=settings)) \
            else "the seeded report is missing"

    web = WebApp(home, home.parent / f"{home.name}-serve.log")
    try:
        def web_ask() -> str | None:
            html = web.ask(seed.question())
            return None if f"为 {seed.new_total} " in html and "govqa-sources" in html else f"answer {html[:160]}"

        def web_load() -> str | None:
            return None if seed.agency in web.load() else "the page load lacks the seeded agency"

        for call in (ask_figure, ask_narrative, reports, web_ask, web_load):  # imports and caches warm
            if (complaint := call()) is not None:
                raise RuntimeError(f"a reader failed before the writers started: {complaint}")
        start = time.perf_counter()
        writers = [ingest_process(first, home), ingest_process(second, home)]

        def busy() -> bool:
            return any(w.poll() is None for w in writers)

        def web_reader() -> None:
            rounds = 0
            while busy() or rounds < min_rounds:
                _timed(run, "web ask", web_ask, lock, web.proc.pid)
                _timed(run, "web load", web_load, lock, web.proc.pid)
                rounds += 1

        thread = threading.Thread(target=web_reader, name="web-reader", daemon=True)
        thread.start()
        rounds = 0
        while busy() or rounds < min_rounds:
            for kind, call in (("reports", reports), ("ask figure", ask_figure), ("ask narrative", ask_narrative)):
                _timed(run, kind, call, lock)
            rounds += 1
        for w in writers:
            out, err = w.communicate()
            run.writer_codes.append(w.returncode)
            run.writer_output.append((out + err)[-1500:])
        run.seconds = time.perf_counter() - start
        thread.join(timeout=120)

        with FiguresStore(settings.url) as store:
            run.sql_ids = {r.report_id for r in store.reports()}
            run.n_passages = store.counts()["passages"]
        vectors = VectorIndex(settings)
        run.vector_ids, run.n_vectors = vectors.report_ids(), vectors.count()
        run.after["narrative"] = ask_narrative() or ""
        html = web.ask(newcomer.question())
        run.after["web sees new agency"] = "" if f"为 {newcomer.new_total} " in html \
            else f"expected {newcomer.new_total}: {html[:200]}"
        run.after["web page lists new agency"] = "" if newcomer.agency in web.load() else "missing"
    finally:
        web.close()
    return run


def percentile(values: list[float], p: float) -> float:
    """Linear-interpolated percentile (``p`` in 0-100); nan for no values."""
    if not values:
        return float("nan")
    v = sorted(values)
    k = (len(v) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


__all__ = [
    "MAX_READ_SECONDS",
    "READER_KINDS",
    "Run",
    "Truth",
    "WebApp",
    "child_env",
    "ingest_process",
    "percentile",
    "run_scenario",
    "stop_process",
    "truth_of",
    "write_folders",
]
