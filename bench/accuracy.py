"""Cell accuracy of the table parser: real reports against hand gold, generated renderings against truth.

    .venv/bin/python bench/accuracy.py                          # real reports (../shared) + 20 agencies × 3 years
    .venv/bin/python bench/accuracy.py --agencies 50 --noise 0,0.3,0.6,1
    .venv/bin/python bench/accuracy.py --no-real --renderings text --noise 1
    .venv/bin/python bench/accuracy.py --no-real --renderings scanned --scanned-agencies 10

The scanned rendering (image-only PDFs read back by OCR, ~10 s of CPU a page) is measured on the
first ``--scanned-agencies`` agencies only, unless that is raised.

For each real report with a gold file and for each (rendering, noise level) of a generated corpus,
prints the share of cells read right in 表二, 表三 + 表四 and overall, how many wrong cells there
were, and how many of those the parser presented as certain ("silent": not marked reconstructed or
uncertain and not caught by a failing check). Run by hand; the numbers go into closing notes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import index  # noqa: E402,F401  (offline environment first)
from eval.accuracy import CellScore, score_report  # noqa: E402
from index.loaders import load  # noqa: E402
from index.tables import parse_report  # noqa: E402
from index.types import IngestError  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = Path(__file__).resolve().parents[1] / "index" / "data" / "huachuan-county-2020.txt"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.2f}%"


def _row(name: str, score: CellScore, failed: int = 0) -> str:
    cells = sum(score.total.values())
    return (f"| {name} | {cells} | {_pct(score.accuracy((2,)))} | {_pct(score.accuracy((3, 4)))} | "
            f"{_pct(score.accuracy())} | {len(score.wrong)} | {len(score.silent_wrong)} | {failed} |")


HEADER = ("| input | cells | 表二 | 表三+表四 | all | wrong | silent wrong | not parsed |\n"
          "|---|---|---|---|---|---|---|---|")


def score_file(path: Path, gold: dict) -> CellScore:
    return score_report(parse_report(load(path)), gold)


def real_reports(shared: Path, verbose: bool) -> None:
    gold_dir = shared / "gold"
    files = [SEED] + sorted((shared / "reports" / "real").glob("*"))
    print("## Real reports against hand-transcribed gold\n")
    print(HEADER)
    for path in files:
        gold_path = gold_dir / f"{path.stem}.json"
        if not gold_path.is_file():
            continue
        score = score_file(path, json.loads(gold_path.read_text(encoding="utf-8")))
        print(_row(path.name, score))
        if verbose:
            for key, expected, got, flagged in score.wrong:
                print(f"|   {key} | gold {expected} | got {got} | {'flagged' if flagged else 'SILENT'} |")
    print()


def prose_numbers(shared: Path) -> None:
    """Each number the narrative states (rules N-…) in the real reports, and whether its cells agree."""
    from index.prose import prose_figures

    print("## Prose numbers in the real reports (rules N-…)\n")
    print("| input | rule | phrase | prose | table | agrees |\n|---|---|---|---|---|---|")
    for path in [SEED] + sorted((shared / "reports" / "real").glob("*")):
        report = parse_report(load(path))
        checks = {(c.rule, c.expected): c for c in report.checks if c.rule.startswith("N-")}
        for pf in prose_figures(report.source):
            c = checks.get((pf.phrase.rule, pf.value))
            verdict = "no cell holds it" if c is None else ("yes" if c.passed else "**no**")
            print(f"| {path.name} | {pf.phrase.rule} | {pf.phrase.label} | {pf.value} | "
                  f"{'—' if c is None else c.found} | {verdict} |")
    print()


def _scanning_unavailable() -> str | None:
    """Why the scanned rendering cannot be made or read here, or None."""
    from eval.render import NoCJKFont, require_cjk_font
    from index.loaders.ocr import ENGINE_PACKAGE, available

    if not available():
        return f"the OCR engine is not installed (pip install {ENGINE_PACKAGE})"
    try:
        require_cjk_font()
    except NoCJKFont as exc:
        return str(exc)
    return None


def generated(agencies: int, years: range, renderings: list[str], noises: list[float], seed: int,
              verbose: bool, scanned_agencies: int = 4) -> None:
    from eval.synth import generate_corpus

    print(f"## Generated reports ({agencies} agencies × {len(years)} years, seed {seed}) against truth\n")
    print(HEADER)
    with tempfile.TemporaryDirectory() as tmp:
        for rendering in renderings:
            levels = noises if rendering == "text" else [0.0]
            n_agencies = agencies
            if rendering == "scanned":
                why = _scanning_unavailable()
                if why:
                    print(f"| scanned | skipped: {why} |")
                    continue
                n_agencies = min(agencies, scanned_agencies)
                if n_agencies < 1:  # --scanned-agencies 0: the scanned rendering is not measured
                    print("| scanned | skipped: --scanned-agencies 0 |")
                    continue
            for noise in levels:
                out = Path(tmp) / f"{rendering}-{noise}"
                generate_corpus(out, agencies=n_agencies, years=years, renderings=(rendering,), seed=seed,
                                noise=noise, progress=False)
                total, failed = CellScore(), 0
                for truth_path in sorted((out / "truth").glob("*.json")):
                    truth = json.loads(truth_path.read_text(encoding="utf-8"))
                    path = out / truth["files"][rendering]
                    try:
                        score = score_file(path, truth)
                    except IngestError as exc:
                        failed += 1
                        print(f"|   {path.name}: not parsed: {exc} |")
                        continue
                    total.add(score)
                    if verbose:
                        for key, expected, got, flagged in score.wrong:
                            print(f"|   {path.name} {key} | truth {expected} | got {got} | "
                                  f"{'flagged' if flagged else 'SILENT'} |")
                name = rendering + (f", noise {noise:g}" if rendering == "text" else "")
                if n_agencies != agencies:
                    name += f" ({n_agencies} agencies)"
                print(_row(name, total, failed), flush=True)
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=SHARED, help="the folder with reports/ and gold/")
    ap.add_argument("--no-real", action="store_true", help="skip the real reports")
    ap.add_argument("--agencies", type=int, default=20, help="generated agencies (0: none)")
    ap.add_argument("--years", default="2019-2021")
    ap.add_argument("--renderings", default="html,pdf,docx,md,text,scanned")
    ap.add_argument("--scanned-agencies", type=int, default=4, help="agencies measured in the scanned rendering")
    ap.add_argument("--noise", default="0,0.3,0.6,1", help="noise levels of the text rendering")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--prose", action="store_true", help="list the real reports' prose numbers (rules N-…)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every wrong cell")
    args = ap.parse_args()
    if not args.no_real:
        if (args.shared / "gold").is_dir():
            real_reports(args.shared, args.verbose)
            if args.prose:
                prose_numbers(args.shared)
        else:
            print(f"{args.shared}/gold is absent: real reports skipped\n")
    if args.agencies:
        a, b = (int(x) for x in args.years.split("-"))
        generated(args.agencies, range(a, b + 1), [r.strip() for r in args.renderings.split(",")],
                  [float(x) for x in args.noise.split(",")], args.seed, args.verbose, args.scanned_agencies)


if __name__ == "__main__":
    main()
