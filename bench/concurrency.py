"""The concurrency scenario of issue 14, repeated: how long readers wait while two ingests write.

    .venv/bin/python bench/concurrency.py            # 5 runs
    .venv/bin/python bench/concurrency.py --runs 3 --json

Each run is eval/concurrency.py's scenario on a fresh store: two ``govqa ingest`` processes (6
generated reports each, different agencies, hash embedder) while ``reports``, a figure ``ask`` and
a narrative ``ask`` (library) and the web app's chat and page load (HTTP, ``govqa serve`` on
loopback) read throughout. It prints per reader kind the number of reads, the median, p95 and
maximum wait and the error count, over all runs and per run, with the load average before and
after (the machine may be shared: waits include CPU contention, not only locks), and the same
less the time the reader's busiest thread was ready to run but had no CPU (Linux schedstat): what
is left is running or blocked, which a lock would show in. Run by hand;
the numbers go into the closing note.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from eval.concurrency import (
    MAX_READ_SECONDS,
    READER_KINDS,
    Run,
    percentile,
    run_scenario,
    write_folders,
)


def summary(runs: list[Run]) -> dict[str, dict[str, float]]:
    out = {}
    for kind in READER_KINDS:
        waits = [w for r in runs for w in r.waits[kind]]
        net = [w - q for r in runs for w, q in zip(r.waits[kind], r.queued[kind])]
        errors = sum(1 for r in runs for e in r.errors if e.startswith(f"{kind}:"))
        out[kind] = {"reads": len(waits), "median": statistics.median(waits) if waits else float("nan"),
                     "p95": percentile(waits, 95), "max": max(waits, default=float("nan")),
                     "p95 less CPU queue": percentile(net, 95), "max less CPU queue": max(net, default=float("nan")),
                     "errors": errors}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="print the summary as JSON too")
    args = ap.parse_args()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="govqa-conc-") as tmp:
        folders = write_folders(Path(tmp))
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
        for i in range(args.runs):
            run = run_scenario(*folders, Path(tmp) / f"store-{i}")
            runs.append(run)
            slow, kind = run.slowest()
            net, net_kind = run.slowest(uncontended=True)
            broken = {k: v for k, v in run.after.items() if v}
            print(f"run {i + 1}: writers {run.writer_codes} in {run.seconds:.1f} s, {sum(map(len, run.waits.values()))} "
                  f"reads, slowest {slow:.3f} s ({kind}; less CPU queue {net:.3f} s, {net_kind}), {len(run.errors)} errors, SQL {len(run.sql_ids)} reports "
                  f"= vectors {len(run.vector_ids)}: {run.sql_ids == run.vector_ids}, passages {run.n_passages} "
                  f"= vectors {run.n_vectors}: {run.n_passages == run.n_vectors}, afterwards "
                  f"{'all held' if not broken else broken}; load {os.getloadavg()[0]:.2f}", flush=True)
            for e in run.errors[:5]:
                print(f"    {e}")
    stats = summary(runs)
    print(f"\n| reader | reads | median s | p95 s | max s | p95 less CPU queue | max less CPU queue | errors |"
          f"  ({len(runs)} runs, bound {MAX_READ_SECONDS:g} s)")
    print("|---|---|---|---|---|---|---|---|")
    for kind, s in stats.items():
        print(f"| {kind} | {s['reads']} | {s['median']:.3f} | {s['p95']:.3f} | {s['max']:.3f} "
              f"| {s['p95 less CPU queue']:.3f} | {s['max less CPU queue']:.3f} | {s['errors']} |")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        print(json.dumps(stats, indent=1))


if __name__ == "__main__":
    main()
