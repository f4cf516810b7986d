"""Load test of the GovQA web app: simulated users asking figure questions through the Gradio API.

Starts ``govqa serve`` on loopback over a store (the bundled sample is ingested into a temporary
store unless ``--store`` is given), or uses a running app (``--url``). Each user is a thread with its
own ``gradio_client.Client`` (its own session) that asks figure questions in a loop through the chat
endpoint ``/ask`` until the duration is over (and at most ``--max-requests`` times), checking each
answer. Then it reports errors, latency percentiles (first streamed chunk and full answer) and
requests per second, and stops the server it started.

    python bench/load.py                         # 50 users, 60 s
    python bench/load.py --users 10 --duration 10
    python bench/load.py --url http://127.0.0.1:7860/ --json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from eval.concurrency import percentile  # noqa: E402  (one percentile for every bench)
from eval.concurrency import stop_process as stop_server  # noqa: E402

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

# (question, text the final answer must contain) — figure questions about the bundled sample.
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("how many applications did 桦川县 fully disclose in 2020", "8"),
    ("2020年桦川县收到多少件政府信息公开申请", "9"),
    ("How many requests did 桦川县 receive in 2020?", "9"),
    ("桦川县2020年予以公开多少件？", "8"),
    ("how many requests did 桦川县 carry over to next year in 2020", "0"),
    ("2020年桦川县行政复议多少件", "1"),
    ("How many applications from natural persons did 桦川县 receive in 2020?", "9"),
    ("2020年桦川县本机关不掌握相关政府信息的申请有多少件", "1"),
)


@dataclass
class Sample:
    ok: bool
    latency: float  # seconds to the final answer
    first: float | None  # seconds to the first streamed message
    error: str = ""


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    setup_errors: list[str] = field(default_factory=list)

    def add(self, s: Sample) -> None:
        with self.lock:
            self.samples.append(s)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen | None, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"govqa serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"no answer from {url} within {timeout:.0f}s")


def start_server(store: Path | None, port: int, log: Path) -> tuple[subprocess.Popen, str, Path]:
    """Ingest the sample into a temporary store when none is given, then start ``govqa serve``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVQA_")}
    env.update(GOVQA_VECTORS="false", GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", PYTHONUNBUFFERED="1")
    script = Path(sys.executable).parent / "govqa"
    cmd = [str(script)] if script.is_file() else [sys.executable, "-m", "assistant.cli"]
    if store is None:
        store = Path(tempfile.mkdtemp(prefix="govqa-load-")) / "store"
        subprocess.run([*cmd, "ingest", "--store", str(store), "--no-vectors", "--no-progress"], env=env,
                       check=True, stdout=subprocess.DEVNULL)
    out = log.open("wb")
    proc = subprocess.Popen([*cmd, "serve", "--store", str(store), "--port", str(port)], env=env,
                            stdout=out, stderr=subprocess.STDOUT, cwd=store.parent)
    return proc, f"http://127.0.0.1:{port}/", store


def final_text(output: Any) -> str:
    """The last assistant message of the chat endpoint's output (history, textbox)."""
    history = output[0] if isinstance(output, (list, tuple)) and output and isinstance(output[0], list) else output
    if not history:
        return ""
    content = history[-1].get("content") if isinstance(history[-1], dict) else history[-1]
    if isinstance(content, list):  # [{"type": "text", "text": ...}]
        return " ".join(str(c.get("text", "")) if isinstance(c, dict) else str(c) for c in content)
    return str(content)


def user(n: int, url: str, start: threading.Barrier, deadline_box: list[float], max_requests: int,
         timeout: float, results: Results) -> None:
    from gradio_client import Client

    try:
        client = Client(url, verbose=False, download_files=False, analytics_enabled=False)
    except Exception as exc:  # noqa: BLE001
        results.setup_errors.append(f"user {n}: {type(exc).__name__}: {exc}")
        start.wait()
        return
    start.wait()
    deadline = deadline_box[0]
    i = n  # users start at different questions
    done = 0
    while time.monotonic() < deadline and done < max_requests:
        question, expect = QUESTIONS[i % len(QUESTIONS)]
        i += 1
        done += 1
        t0 = time.monotonic()
        first = None
        try:
            job = client.submit(question, [], api_name="/ask")
            for _ in job:
                if first is None:
                    first = time.monotonic() - t0
            output = job.result(timeout=timeout)
            latency = time.monotonic() - t0
            text = final_text(output)
            if expect not in text or "govqa-sources" not in text:
                results.add(Sample(False, latency, first, f"unexpected answer to {question!r}: {text[:120]!r}"))
            else:
                results.add(Sample(True, latency, first))
        except Exception as exc:  # noqa: BLE001 — every failure is counted, none stops the run
            results.add(Sample(False, time.monotonic() - t0, first, f"{type(exc).__name__}: {str(exc)[:160]}"))


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process so far (Linux /proc), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def run(url: str, users: int, duration: float, max_requests: int, timeout: float,
        server_pid: int | None = None) -> dict[str, Any]:
    results = Results()
    cpu: dict[str, float | None] = {}
    deadline_box = [0.0]
    started = [0.0]

    def go() -> None:  # runs once every user is connected, before any is released
        cpu["server_start"] = process_cpu_seconds(server_pid) if server_pid else None
        cpu["client_start"] = time.process_time()
        started[0] = time.monotonic()
        deadline_box[0] = started[0] + duration

    start = threading.Barrier(users + 1, action=go)
    threads = [threading.Thread(target=user, args=(n, url, start, deadline_box, max_requests, timeout, results),
                                name=f"user-{n}", daemon=True) for n in range(users)]
    for t in threads:
        t.start()
    start.wait(timeout=300)
    t0 = started[0]
    for t in threads:
        t.join(timeout=duration + timeout + 30)
    elapsed = time.monotonic() - t0
    server_end = process_cpu_seconds(server_pid) if server_pid else None
    client_cpu = time.process_time() - (cpu.get("client_start") or 0.0)
    samples = list(results.samples)
    ok = [s for s in samples if s.ok]
    lat = [s.latency for s in ok]
    first = [s.first for s in ok if s.first is not None]
    errors = Counter(s.error.split(":")[0] if not s.error.startswith("unexpected") else "unexpected answer"
                     for s in samples if not s.ok)
    report: dict[str, Any] = {
        "url": url, "users": users, "duration_s": duration, "elapsed_s": round(elapsed, 2),
        "requests": len(samples), "ok": len(ok), "errors": len(samples) - len(ok),
        "error_kinds": dict(errors), "error_examples": [s.error for s in samples if not s.ok][:5],
        "setup_errors": results.setup_errors,
        "requests_per_s": round(len(ok) / elapsed, 2) if elapsed else 0.0,
        "latency_s": {"p50": round(percentile(lat, 50), 3), "p95": round(percentile(lat, 95), 3),
                      "p99": round(percentile(lat, 99), 3), "max": round(max(lat), 3) if lat else None,
                      "mean": round(statistics.fmean(lat), 3) if lat else None},
        "first_chunk_s": {"p50": round(percentile(first, 50), 3), "p95": round(percentile(first, 95), 3)},
        "threads_still_running": sum(t.is_alive() for t in threads),
        "server_cpu_s": (round(server_end - cpu["server_start"], 2)
                         if server_end is not None and cpu.get("server_start") is not None else None),
        "client_cpu_s": round(client_cpu, 2),  # this process: the simulated users themselves
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }
    if report["server_cpu_s"] is not None and samples:
        report["server_cpu_ms_per_request"] = round(1000 * report["server_cpu_s"] / len(samples), 1)
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="a running GovQA app; default: start one on loopback")
    ap.add_argument("--store", type=Path, help="store for the started server (default: a temporary store "
                                               "with the bundled sample)")
    ap.add_argument("--port", type=int, default=0, help="port for the started server (default: a free one)")
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    ap.add_argument("--max-requests", type=int, default=10_000, help="per user, to bound the loops")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)

    proc = None
    own_store: Path | None = None
    try:
        if args.url:
            url = args.url
            _wait_for(url, None, timeout=10)
        else:
            log = Path(tempfile.mkdtemp(prefix="govqa-load-log-")) / "serve.log"
            proc, url, store = start_server(args.store, args.port or _free_port(), log)
            own_store = store if args.store is None else None
            _wait_for(url, proc)
            print(f"server: {url} (store {store}, log {log})", file=sys.stderr)
        report = run(url, args.users, args.duration, args.max_requests, args.timeout,
                     server_pid=proc.pid if proc is not None else None)
    finally:
        if proc is not None:
            stop_server(proc)
        if own_store is not None:
            shutil.rmtree(own_store.parent, ignore_errors=True)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        lat, first = report["latency_s"], report["first_chunk_s"]
        print(f"{report['users']} users × {report['duration_s']:g} s against {report['url']}")
        print(f"requests: {report['requests']} ({report['ok']} ok, {report['errors']} errors) "
              f"in {report['elapsed_s']} s → {report['requests_per_s']} requests/s")
        print(f"latency (full answer): p50 {lat['p50']} s · p95 {lat['p95']} s · p99 {lat['p99']} s · "
              f"max {lat['max']} s")
        print(f"first streamed chunk: p50 {first['p50']} s · p95 {first['p95']} s")
        if report.get("server_cpu_s") is not None:
            print(f"server CPU: {report['server_cpu_s']} s ({report.get('server_cpu_ms_per_request')} ms per request); "
                  f"client CPU: {report['client_cpu_s']} s; {report['cpus']} CPUs, "
                  f"load average {report['load_average_1m']}")
        if report["errors"] or report["setup_errors"]:
            print(f"errors: {report['error_kinds']} {report['error_examples']} {report['setup_errors']}")
    return 0 if not report["errors"] and not report["setup_errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
