"""``govqa eval run``: run a benchmark suite and print the summary table.

The lead mounts :data:`run` on the ``eval`` group (``eval.cli.cli.add_command(run)``).
"""

from __future__ import annotations

from pathlib import Path

import click

from .bench import SUITES, format_split_kind, format_summary
from .bench import run as run_bench


@click.command("run")
@click.option("--suite", type=click.Choice(SUITES), default="handwritten", show_default=True,
              help="handwritten: the hand-written questions on the seed and real reports; wild: the held-out "
                   "questions written by outsiders on the same reports (never tune to them); dev: the tunable "
                   "ones written the same way; fresh, unseen: two more held-out sets written the same way in later "
                   "rounds; generated: questions from a synthetic corpus's truth; all: every suite.")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="handwritten/wild/dev: a folder of reports named like the gold files (default: the seed report "
                   "and shared/reports/real). generated/all: a folder from `govqa eval generate` (default: a small "
                   "one made under --out).")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("eval-out"),
              show_default=True, help="Folder for results.json, report.md and the temporary stores.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most N questions per suite.")
@click.option("--baseline/--no-baseline", default=True, show_default=True,
              help="Also run the plain LangChain RAG baseline on the same questions.")
@click.option("--embedder", type=click.Choice(["e5", "hash", "sentence-transformers"]), default=None,
              help="Embedding backend for the store and the baseline (default: the settings').")
@click.option("--templates", type=click.Choice(["all", "train", "heldout"]), default="all", show_default=True,
              help="Generated questions: which wordings to use.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the generated questions.")
@click.option("--gold", "gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder of the hand-transcribed gold files (default: shared/gold).")
@click.option("--progress/--no-progress", default=False, help="Progress bars on stderr.")
def run(suite: str, corpus: Path | None, out: Path, limit: int | None, baseline: bool, embedder: str | None,
        templates: str, seed: int, gold_dir: Path | None, progress: bool) -> None:
    """Benchmark GovQA (and the baseline): ingest the corpus into a fresh store, ask every question,
    score, and write OUT/results.json and OUT/report.md."""
    try:
        results = run_bench(suite, corpus, out, limit, baseline=baseline, embedder=embedder, templates=templates,
                            seed=seed, gold_dir=gold_dir, progress=progress)
    except (ValueError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(format_summary(results))
    click.echo("\n" + format_split_kind(results))
    n = sum(c["items"] for c in results["corpora"].values())
    click.echo(f"\n{n} questions; {results['primary_metric']} = {results['primary']}; "
               f"report: {out / 'report.md'}")


__all__ = ["run"]
