"""Choose the semantic resolver's figure thresholds (confidence T, margin M) on the tunable sets only.

Runs the dev, hand-written and generated-train suites in-process with the thresholds at zero (every
question the semantic resolver could read states its figure), records each such question's confidence
and margin, and prints, for a grid of (T, M), how many of them would be right and how many wrong.
Never run on the wild suite or the held-out templates: they are for measuring, not choosing.

    PYTHONPATH=$PWD .venv/bin/python scripts/tune_semantic.py --out /tmp/sem-tune [--limit N]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from assistant.understand import semantic
from eval import bench


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path("/tmp/sem-tune"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--suites", default="dev,handwritten,generated")
    args = ap.parse_args()

    seen: dict[str, tuple[float, float, str, str]] = {}
    reread, resolve = semantic.reread, semantic.resolve

    def logging_reread(q, scan):
        last: list[semantic.SemanticReading] = []

        def keep(text: str):
            r = resolve(text)
            if r is not None:
                last.append(r)
            return r

        semantic.resolve = keep
        try:
            out = reread(q, scan)
        finally:
            semantic.resolve = resolve
        if "semantic_metric" in out.flags and last:
            r = last[-1]
            seen[q.question] = (r.confidence, r.margin, r.text, out.metric.id if out.metric else "")
        return out

    semantic.FIGURE_CONFIDENCE, semantic.FIGURE_MARGIN = -1.0, -1.0
    semantic.reread = logging_reread
    import assistant.understand.resolve as resolve_module

    resolve_module.semantic = semantic  # the module attribute is what understand() calls

    rows = []
    for suite in args.suites.split(","):
        out = args.out / suite
        out.mkdir(parents=True, exist_ok=True)
        res = bench.run(suite, None, out, args.limit, embedder="hash",
                        templates="train" if suite == "generated" else "all")
        for item in res["items"]["govqa"]:
            if item["question"] in seen and item["stated_number"]:
                conf, margin, text, metric = seen[item["question"]]
                rows.append({"suite": suite, "id": item["id"], "question": item["question"], "text": text,
                             "metric": metric, "confidence": conf, "margin": margin,
                             "right": bool(item["correct"]), "wrong_number": bool(item["wrong_number"])})
    (args.out / "semantic_rows.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    for r in sorted(rows, key=lambda r: -r["confidence"]):
        print(f"{r['confidence']:.3f} {r['margin']:.3f} {'RIGHT' if r['right'] else 'WRONG'} {r['metric']:28} "
              f"{r['suite']}/{r['id']} {r['question']}  [{r['text']}]")
    print(f"\n{len(rows)} figure answers the resolver could state (T = M = 0)")
    print("right / wrong numbers per (T, M) (a stated figure neither right nor wrong: right number, wrong citation):")
    margins = (0.0, 0.01, 0.02, 0.03, 0.05, 0.08)
    print("T \\ M  " + "".join(f"{m:>9.2f}" for m in margins))
    for t in (0.84, 0.86, 0.88, 0.90, 0.92, 0.94, 0.96):
        cells = []
        for m in margins:
            chosen = [r for r in rows if r["confidence"] >= t and r["margin"] >= m]
            right = sum(r["right"] for r in chosen)
            wrong = sum(r["wrong_number"] for r in chosen)
            cells.append(f"{right:>4}/{wrong:<4}")
        print(f"{t:.2f}   " + "".join(cells))


if __name__ == "__main__":
    main()
