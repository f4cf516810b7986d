"""Peak memory and time of ingesting each hostile file (eval/hostile.py), one fresh process each.

    .venv/bin/python bench/hostile.py                       # this checkout
    .venv/bin/python bench/hostile.py --repo ../main --ceiling-mb 3072 --timeout 120   # another one

Each kind is ingested by ``index.pipeline.ingest`` (figures only, no vectors) in a child process
held under an address-space ceiling and a wall-clock timeout, so a file that would take the whole
machine is stopped at the ceiling; the table says so. Peak memory is the largest resident set of
the child and anything it started (``RUSAGE_CHILDREN``). Run by hand; numbers go into closing notes.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from eval.hostile import KINDS, write_hostile_corpus  # noqa: E402

CHILD = """
import sys
from pathlib import Path
from index.pipeline import ingest
from index.settings import Settings
s = ingest([Path(sys.argv[1])], Settings(home=Path(sys.argv[2]), vectors=False), progress=False)
for path, reason in s.failed:
    print("failed:", reason)
print("counts:", s.counts())
"""


def measure(repo: Path, path: Path, home: Path, ceiling_mb: int, timeout: float) -> tuple[float, float, str]:
    """(seconds, peak MiB, last line of output) of one ingest in a fresh process."""
    def limit() -> None:
        cap = ceiling_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    try:
        out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(home)], cwd=repo, capture_output=True,
                             text=True, timeout=timeout, preexec_fn=limit,
                             env={"PYTHONPATH": str(repo), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"})
        lines = [ln for ln in (out.stdout + out.stderr).splitlines() if ln.strip()]
        note = next((ln for ln in lines if ln.startswith("failed:")), lines[-1] if lines else f"exit {out.returncode}")
        if "MemoryError" in out.stderr and "failed:" not in note:
            note = f"MemoryError at the {ceiling_mb} MiB ceiling"
    except subprocess.TimeoutExpired:
        note = f"still running after {timeout:.0f} s (killed)"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024, note[:110]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", type=Path, default=REPO, help="the checkout whose ingest is measured")
    ap.add_argument("--ceiling-mb", type=int, default=3072, help="address-space ceiling of each run")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--kinds", default=",".join(KINDS))
    args = ap.parse_args()
    print(f"| kind | size | seconds | peak MiB | outcome |  (repo {args.repo}, ceiling {args.ceiling_mb} MiB)")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        files = write_hostile_corpus(Path(tmp) / "in", args.kinds.split(","))
        for kind, path in files.items():
            # each run in its own process tree, so RUSAGE_CHILDREN's maximum is this run's
            proc = subprocess.run([sys.executable, "-c",
                                   "import sys; sys.path.insert(0, sys.argv[1]);"
                                   "from bench.hostile import measure; from pathlib import Path;"
                                   "s, m, n = measure(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]),"
                                   " int(sys.argv[5]), float(sys.argv[6])); print(f'{s:.1f}\\t{m:.0f}\\t{n}')",
                                   str(REPO), str(args.repo.resolve()), str(path), str(Path(tmp) / f"home-{kind}"),
                                   str(args.ceiling_mb), str(args.timeout)],
                                  capture_output=True, text=True)
            seconds, peak, note = (proc.stdout.strip().split("\t", 2) + ["", "", proc.stderr[-200:]])[:3]
            print(f"| {kind} | {path.stat().st_size / 1024:.0f} KB | {seconds} | {peak} | {note} |", flush=True)


if __name__ == "__main__":
    main()
