"""Ingest throughput: reports per second for load + parse + check + store over a folder.

    .venv/bin/python bench/ingest.py FOLDER [--vectors] [--embedder e5|hash]
    .venv/bin/python bench/ingest.py --synthetic 50 --years 2019-2021 --rendering text

Run by hand; the numbers go into the closing note of the ingestion issue. A fresh store is made
in a temporary folder each run. With --vectors the passages are embedded too (slow with e5).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import index  # noqa: E402,F401  (offline environment first)
from index.pipeline import expand_paths, ingest  # noqa: E402
from index.settings import get_settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", type=Path)
    ap.add_argument("--synthetic", type=int, default=0, help="generate this many agencies instead of a folder")
    ap.add_argument("--years", default="2019-2021")
    ap.add_argument("--rendering", default="text", help="html, pdf, docx or text (synthetic only)")
    ap.add_argument("--noise", type=float, default=0.3)
    ap.add_argument("--vectors", action="store_true", help="also embed passages into Chroma")
    ap.add_argument("--embedder", default="e5", choices=["e5", "hash"])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if args.synthetic:
            from eval.synth import generate_corpus

            a, b = (int(x) for x in args.years.split("-"))
            generate_corpus(Path(tmp) / "corpus", agencies=args.synthetic, years=range(a, b + 1),
                            renderings=(args.rendering,), noise=args.noise, progress=False)
            folder = Path(tmp) / "corpus" / args.rendering
        if folder is None:
            ap.error("give a folder or --synthetic N")
        files, _ = expand_paths([folder])
        settings = get_settings(home=Path(tmp) / "store", vectors=args.vectors, embedder=args.embedder)
        settings.home.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        summary = ingest([folder], settings, progress=True)
        elapsed = time.perf_counter() - start
        n = len(summary.ingested)
        print(f"files: {len(files)}; ingested {n}, failed {len(summary.failed)}, "
              f"failing checks in {len(summary.failing_checks)} reports")
        print(f"elapsed {elapsed:.2f} s → {n / elapsed:.1f} reports/s "
              f"(vectors {'on, ' + args.embedder if args.vectors else 'off'})")


if __name__ == "__main__":
    main()
