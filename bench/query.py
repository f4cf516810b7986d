"""Warm query latency (p50/p95) over N generated reports: one agency's figure, a sum, ranking or
cell across every agency of a year ("across"), the narrative path, and the store's per-year totals.

    .venv/bin/python bench/query.py --reports 1000                                  # 1,000 reports
    .venv/bin/python bench/query.py --reports 1000 --replicate 9 --store /tmp/s10k   # 10,010 reports, kept
    .venv/bin/python bench/query.py --reports 1000 --replicate 99 --store /tmp/s100k # 100,100 reports
    GOVQA_DATABASE_URL=postgresql://… .venv/bin/python bench/query.py --reports 1000 --replicate 9 --store /tmp/p10k
    .venv/bin/python bench/query.py --full-ingest --agencies 334 --years 2019-2021  # ≈ 1,000 reports, real ingest

How the store is filled (a full text-render + parse + embed ingest of 100,000 reports is too slow
on 2 cores — about 2 s a report under the usual load):

- ``bench/synthstore.fill`` writes each generated report's figures (every 表二/三/四 cell of the
  generator's truth) and a few passages (sections 一 and 五) straight through
  ``FiguresStore.put_report``: the rows ingest writes, checks, X-1, copies and per-year totals
  included, one transaction per report; the passages go to the vector index as ingest adds them.
- ``--replicate K`` then copies every report K times in SQL under new agencies (each copy's cities
  renamed, ``样例市…`` → ``澜岚市…``), so 100,000 reports are 14,300 agencies × 7 years — a
  province's portal — with the rows ``put_report`` wrote; the per-year totals are recounted after.
  The copies repeat their originals' values, so a ranking has ties.
- ``--full-ingest`` renders the text and runs the real ingest instead.

Either way every question is asked through ``Assistant.ask`` — the call the chat uses — once to
warm up and then timed; "in the store" is the part of it spent in FiguresStore calls. ``totals`` is
not a question: it times ``FiguresStore.cell_totals`` (one cell over a year). A sum or ranking
across every agency is answered from the store's per-year tables (``assistant/across.py``:
``cell_totals``, ``top_reports``), "across" prints each wording's own p50/p95 (one cell, a derived
sum of eight cells, a rate). Narrative retrieval is BM25 + dense; embedding 300,000 passages
with e5 would take hours on 2 cores, so the dense side uses the hash embedder (same Chroma search
cost) and the e5 query embedding is timed separately: add it to the narrative numbers. The fast
fill stores only a few passages a report, so some narrative questions find nothing and refuse
(after the same retrieval work). Measured numbers: bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import index  # noqa: E402,F401
from assistant.api import open_assistant  # noqa: E402
from index.pipeline import ingest  # noqa: E402
from index.settings import get_settings  # noqa: E402

FIGURE_TEMPLATES = ("{agency}{year}年予以公开多少件", "How many applications did {agency} receive in {year}?",
                    "{agency}{year}年行政复议总计多少件", "{agency}{year}年本机关不掌握相关政府信息的有多少件")
# sums and rankings over every stored agency of a year: the figures path at its widest
ACROSS_TEMPLATES = ("{year}年哪个机关的予以公开最多？", "Across all agencies, what was the total number of requests received in {year}?",
                    "{year}年所有机关的行政复议总计多少件",
                    # derived metrics (eight 表三 rows each): a sum of cells, a ranking by one, a rate
                    "{year}年所有机关的不予公开总共多少", "{year}年哪个机关的不予公开最多？",
                    "{year}年所有机关的予以公开率合计是多少")
NARRATIVE_TEMPLATES = ("{agency}{year}年报告存在哪些问题？", "What platforms did {agency} use in {year}?",
                       "{agency}{year}年政府网站发布了多少条信息")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=1000, help="reports to write (fast fill)")
    ap.add_argument("--replicate", type=int, default=0,
                    help="then copy every report this many times under new agencies (bench/synthstore.replicate)")
    ap.add_argument("--from-store", type=Path, help="start from a copy of this filled store folder (SQLite only)")
    ap.add_argument("--full-ingest", action="store_true", help="render the text and ingest it for real")
    ap.add_argument("--agencies", type=int, default=334, help="with --full-ingest")
    ap.add_argument("--years", default="2019-2021", help="with --full-ingest")
    ap.add_argument("--questions", type=int, default=200, help="timed questions per kind")
    ap.add_argument("--kinds", default="figure,across,narrative,totals", help="which kinds of question to time")
    ap.add_argument("--embedder", default="hash", choices=["hash", "e5"])
    ap.add_argument("--store", type=Path, help="reuse this store folder (skip generation if it has reports)")
    args = ap.parse_args()
    from eval.synth import generate_corpus

    with tempfile.TemporaryDirectory() as tmp:
        home = args.store or Path(tmp) / "store"
        settings = get_settings(home=home, embedder=args.embedder)
        if args.from_store and not home.exists():
            import shutil

            shutil.copytree(args.from_store, home)
            (home / "filled").unlink()
        home.mkdir(parents=True, exist_ok=True)
        if args.store is None or not (home / "filled").exists():
            if not args.full_ingest:
                from bench.synthstore import fill, replicate
                from index.figures_store import FiguresStore
                from index.vectors import VectorIndex

                t = time.perf_counter()
                vectors = VectorIndex(settings) if settings.vectors else None
                with FiguresStore(settings.url) as fs:
                    if args.from_store:
                        n = 0  # the copy's reports were written by put_report in an earlier run
                    else:
                        n = fill(fs, args.reports, vectors)
                        print(f"wrote {n} reports through put_report in {time.perf_counter() - t:.0f} s")
                    if args.replicate:
                        t = time.perf_counter()
                        n += replicate(fs, args.replicate, vectors)
                        print(f"replicated to {fs.counts()['reports']} reports in {time.perf_counter() - t:.0f} s")
                (home / "filled").write_text(str(n))
        if args.full_ingest and not (home / "filled").exists():
            a, b = (int(x) for x in args.years.split("-"))
            t = time.perf_counter()
            generate_corpus(Path(tmp) / "corpus", agencies=args.agencies, years=range(a, b + 1),
                            renderings=("text",), noise=0.0, progress=True)
            print(f"generated in {time.perf_counter() - t:.0f} s")
            t = time.perf_counter()
            summary = ingest([Path(tmp) / "corpus" / "text"], settings, progress=True)
            print(f"ingested {len(summary.ingested)} reports in {time.perf_counter() - t:.0f} s")
            (home / "filled").write_text(str(len(summary.ingested)))
        t = time.perf_counter()
        bot = open_assistant(settings=settings)  # settings carry the home and GOVQA_DATABASE_URL
        reports = bot.store.reports()
        print(f"{len(reports)} reports on {bot.store.engine.dialect.name}; assistant opened in {time.perf_counter() - t:.2f} s")
        if "narrative" in args.kinds:
            t = time.perf_counter()
            bot.retriever()
            print(f"retrieval index built in {time.perf_counter() - t:.1f} s")
        rng = random.Random(0)
        # the time each question spends inside the figures store, to tell the store's share apart
        in_store: list[float] = []
        depth = [0]  # a store method calling another is counted once

        def timed(fn):  # noqa: ANN001, ANN202
            def call(*a, **k):  # noqa: ANN002, ANN003, ANN202
                t0 = time.perf_counter()
                depth[0] += 1
                try:
                    return fn(*a, **k)
                finally:
                    depth[0] -= 1
                    if depth[0] == 0:
                        in_store.append((time.perf_counter() - t0) * 1000)
            return call

        for name in ("figures", "reports", "checks", "match_agencies", "report", "cell_totals", "top_reports",
                     "has_copies"):
            if not hasattr(bot.store, name):  # an older store API (a before/after run)
                continue
            setattr(bot.store, name, timed(getattr(bot.store, name)))
        kinds = [k for k in (("figure", FIGURE_TEMPLATES), ("across", ACROSS_TEMPLATES),
                             ("narrative", NARRATIVE_TEMPLATES)) if k[0] in args.kinds.split(",")]
        for kind, templates in kinds:
            questions = []
            for _ in range(args.questions):
                r = rng.choice(reports)
                questions.append(rng.choice(templates).format(agency=r.agency, year=r.year))
            for q in questions[:10]:
                bot.ask(q)  # warm up
            times, store_times = [], []
            routes: dict[str, int] = {}
            by_template: dict[str, list[float]] = {}
            for q in questions:
                in_store.clear()
                t = time.perf_counter()
                answer = bot.ask(q)
                times.append((time.perf_counter() - t) * 1000)
                store_times.append(sum(in_store))
                routes[answer.route] = routes.get(answer.route, 0) + 1
                template = next((t for t in templates if t.split("{")[0] in q and t.split("}")[-1] in q), "?")
                by_template.setdefault(template, []).append(times[-1])
            print(f"{kind:9s} n={len(times)} p50 {pct(times, 50):.1f} ms  p95 {pct(times, 95):.1f} ms  "
                  f"mean {statistics.mean(times):.1f} ms  (in the store: p50 {pct(store_times, 50):.1f} "
                  f"p95 {pct(store_times, 95):.1f} ms)  load {os.getloadavg()[0]:.2f}  routes {routes}", flush=True)
            if kind == "across":  # each wording apart: a sum, a ranking, a derived metric
                for template, ts in by_template.items():
                    print(f"    n={len(ts):3d} p50 {pct(ts, 50):7.1f} ms  p95 {pct(ts, 95):7.1f} ms  {template}")
        if "totals" in args.kinds:
            # Not through Assistant.ask: the store's per-year aggregate (FiguresStore.cell_totals)
            # that a sum across every agency of a year can be answered from.
            from index.reportformat import CellKey

            years = sorted({r.year for r in reports})
            cells = [CellKey(3, "granted", "total"), CellKey(3, "new", "total"), CellKey(4, "review", "total")]
            times = []
            for i in range(args.questions + 10):
                t = time.perf_counter()
                bot.store.cell_totals(rng.choice(years), cells[i % 3:i % 3 + 1])
                if i >= 10:
                    times.append((time.perf_counter() - t) * 1000)
            print(f"totals    n={len(times)} p50 {pct(times, 50):.2f} ms  p95 {pct(times, 95):.2f} ms  "
                  f"(FiguresStore.cell_totals, one cell of a year)  load {os.getloadavg()[0]:.2f}", flush=True)
        if args.embedder == "hash" and "narrative" in args.kinds:
            from index.vectors import E5Embeddings

            e5 = E5Embeddings()
            e5.embed_query("warm up")
            t = time.perf_counter()
            for q in NARRATIVE_TEMPLATES * 10:
                e5.embed_query(q)
            print(f"e5 query embedding: {(time.perf_counter() - t) * 1000 / (len(NARRATIVE_TEMPLATES) * 10):.1f} ms "
                  "per question (add to the narrative numbers for the e5 backend)")


if __name__ == "__main__":
    main()
