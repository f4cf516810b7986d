"""The benchmark: ingest a corpus into a fresh store, ask every item through ``Assistant.ask``, score.

Suites:

- ``handwritten``: ``datasets/handwritten.jsonl`` over the bundled seed report and the real reports
  of ``shared/reports/real`` (one file per report: HTML, then PDF, DOCX, text); gold numbers are
  read from ``shared/gold`` at run time.
- ``wild``: ``datasets/wild.jsonl`` (split ``wild``, held out: never tune to it), and ``dev``:
  ``datasets/dev.jsonl`` (split ``dev``, written the same way, tunable), over the same corpus.
- ``generated``: questions from :func:`eval.questions.generate_questions` over a corpus written by
  ``eval.synth.generate_corpus`` (one rendering per report, rotating over the renderings present;
  a small corpus is generated under ``out_dir`` when none is given).
- ``all``: every suite; suites over the same report files share one store.

Metrics (:func:`eval.scoring.summarize`): figure exact match (after unit normalisation; rates within
0.5 %, counts and amounts exact), citation accuracy (every gold cell cited, same report) and
precision, narrative recall@5 and MRR of the gold passage, refusal precision and recall, the
wrong-number rate (a number stated that is not the gold, or any number where none may be stated),
the ask-back rate, refusal accuracy, latency p50/p95; overall, per kind, language, split,
rendering, suite and persona, and per split × kind. The primary metric is ``accuracy``: the share of
items answered correctly (see :mod:`eval.scoring`).

``run`` writes ``out_dir/results.json`` and ``out_dir/report.md`` and returns the results dict.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from .questions import (
    DEV_PATH,
    HANDWRITTEN_PATH,
    WILD_PATH,
    FRESH_PATH,
    UNSEEN_PATH,
    default_gold_dir,
    generate_questions,
    load_handwritten,
    resolve_items,
    validate_item,
)
from .scoring import (  # the scoring names are re-exported: callers know them from here
    BREAKDOWNS,
    _fmt_num,
    answer_number,
    breakdowns,
    by_split_kind,
    citation_match,
    citation_scores,
    number_matches,
    passage_rank,
    score_item,
    summarize,
    to_gold_unit,
    worst_failures,
)

__all__ = [
    "PRIMARY_METRIC", "SUITES", "answer_number", "citation_match", "citation_scores", "default_handwritten_corpus",
    "format_summary", "load_truths", "number_matches", "passage_rank", "run", "score_item", "summarize",
    "to_gold_unit", "write_report",
]

SUITES = ("handwritten", "wild", "dev", "fresh", "unseen", "generated", "all")
DATASET_SUITES = {"handwritten": HANDWRITTEN_PATH, "wild": WILD_PATH, "dev": DEV_PATH, "fresh": FRESH_PATH,
                  "unseen": UNSEEN_PATH}  # over seed + real
PRIMARY_METRIC = "accuracy"
FILE_KINDS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx", ".txt": "text", ".md": "text",
              ".markdown": "text"}
FILE_PREFERENCE = ("html", "pdf", "docx", "text")
SEED_REPORT = "huachuan-county-2020"


class AssistantLike(Protocol):
    def ask(self, question: str, conversation: Any = None) -> Any: ...


# ---------------------------------------------------------------------------
# Corpora
# ---------------------------------------------------------------------------


def shared_dir() -> Path:
    return Path(os.environ.get("GOVQA_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def seed_report_path() -> Path:
    from importlib import resources

    return Path(str(resources.files("index") / "data" / f"{SEED_REPORT}.txt"))


def _prefer(files: Iterable[Path]) -> dict[str, Path]:
    """One file per report base name (``2019_pingtan.html`` over ``2019_pingtan.txt``)."""
    chosen: dict[str, Path] = {}
    for p in sorted(files):
        kind = FILE_KINDS.get(p.suffix.lower())
        if kind is None:
            continue
        old = chosen.get(p.stem)
        if old is None or FILE_PREFERENCE.index(kind) < FILE_PREFERENCE.index(FILE_KINDS[old.suffix.lower()]):
            chosen[p.stem] = p
    return chosen


def default_handwritten_corpus() -> dict[str, Path]:
    """{report base name: file}: the bundled seed report and one file per real report."""
    files = {SEED_REPORT: seed_report_path()}
    real = shared_dir() / "reports" / "real"
    if real.is_dir():
        files.update(_prefer(real.iterdir()))
    return files


def corpus_files(corpus: Path) -> dict[str, Path]:
    return _prefer(p for p in corpus.rglob("*") if p.is_file())


def load_truths(corpus: Path) -> list[dict[str, Any]]:
    """The truth JSON files of a generated corpus (``truth/*.json``, else any report-shaped JSON)."""
    paths = sorted((corpus / "truth").glob("*.json")) if (corpus / "truth").is_dir() else []
    if not paths:
        paths = sorted(p for p in corpus.rglob("*.json") if p.name != "manifest.json")
    truths = []
    for p in paths:
        try:
            d = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if isinstance(d, dict) and {"agency", "year", "table3"} <= d.keys():
            d["_truth_path"] = str(p)
            truths.append(d)
    return truths


def assign_renderings(truths: list[dict[str, Any]], corpus: Path, renderings: Sequence[str] | None = None,
                      noise: float | None = None) -> list[tuple[dict[str, Any], Path]]:
    """Give each report one rendering, rotating over the renderings present, so that every rendering
    is measured and each report is stored once. Sets ``truth["rendering"]`` and ``truth["noise"]``."""
    from .synth import RENDERINGS

    out = []
    ordered = sorted(truths, key=lambda t: (str(t.get("report_id_hint") or t["agency"]), t["year"]))
    for i, t in enumerate(ordered):
        files = t.get("files") or {}
        present = [r for r in RENDERINGS if r in files and (corpus / files[r]).is_file()
                   and (renderings is None or r in renderings)]
        if not present:
            continue
        r = present[i % len(present)]
        t["rendering"] = r
        text_noise = (t.get("renderings") or {}).get("text", {}).get("noise", noise)
        t["noise"] = (text_noise if text_noise is not None else noise) if r == "text" else 0.0
        out.append((t, corpus / files[r]))
    return out


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------


def _limit(items: list[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    """At most ``limit`` items, taken round-robin over kinds (languages alternating within a kind), so
    that every kind is present from 11 items on and both languages of it from 22."""
    if limit is None or limit >= len(items):
        return items
    groups: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for it in items:
        groups[it["kind"]][it["language"]].append(it)
    queues = []
    for _, by_lang in sorted(groups.items()):
        langs = [list(v) for _, v in sorted(by_lang.items(), reverse=True)]  # zh first
        queue: list[dict[str, Any]] = []
        while any(langs):
            for q in langs:
                if q:
                    queue.append(q.pop(0))
        queues.append(queue)
    out: list[dict[str, Any]] = []
    while len(out) < limit and any(queues):
        for q in queues:
            if q and len(out) < limit:
                out.append(q.pop(0))
    order = {id(it): i for i, it in enumerate(items)}
    return sorted(out, key=lambda it: order[id(it)])


@contextmanager
def _env(name: str, value: str | None):
    old = os.environ.get(name)
    if value is not None:
        os.environ[name] = value
    try:
        yield
    finally:
        if value is not None:
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


def _default_ingest() -> Callable[..., Any]:
    from assistant import api

    return api.ingest


def _default_open() -> Callable[[Path], AssistantLike]:
    from assistant import api

    if not hasattr(api, "open_assistant"):
        raise RuntimeError("assistant.api.open_assistant is not available yet (the question-answering entry point)")
    return lambda store: api.open_assistant(store)


def _default_conversation() -> Callable[[], Any]:
    from assistant import api

    return getattr(api, "Conversation", lambda: None)


def _ingest_summary(summary: Any) -> dict[str, Any]:
    if summary is None:
        return {}
    if hasattr(summary, "to_dict"):
        try:
            return summary.to_dict()
        except Exception:  # noqa: BLE001 - a summary we cannot serialise is reported as its repr
            pass
    return {"summary": repr(summary)[:500]}


def _ask_all(assistant: AssistantLike, items: Sequence[dict[str, Any]], conversation: Callable[[], Any],
             progress: bool, desc: str) -> list[dict[str, Any]]:
    from tqdm import tqdm

    results = []
    for item in tqdm(items, desc=desc, unit="q", disable=not progress):
        history = item.get("history") or []
        conv = conversation() if history else None
        answer, error, latency = None, None, None
        try:
            for turn in history:
                assistant.ask(turn, conv) if conv is not None else assistant.ask(turn)
            start = time.perf_counter()
            answer = assistant.ask(item["question"], conv) if conv is not None else assistant.ask(item["question"])
            latency = round((time.perf_counter() - start) * 1000, 2)
        except Exception as exc:  # noqa: BLE001 - a failing question is a result, not the end of the run
            error = f"{type(exc).__name__}: {exc}"[:300]
        results.append(score_item(item, answer, latency, error))
    return results


def _prepare_handwritten(corpus: Path | None, gold_dir: Path, dataset: Path | None, suite: str = "handwritten"
                         ) -> tuple[list[dict[str, Any]], dict[str, Path], list[tuple[str, str]], dict[str, Any]]:
    """A hand-written dataset (handwritten, wild, dev) resolved against the gold files; items whose
    reports are not in the corpus are skipped."""
    files = corpus_files(corpus) if corpus is not None else default_handwritten_corpus()
    raw = load_handwritten(dataset or DATASET_SUITES[suite])
    bad = [(it.get("id", "?"), "; ".join(validate_item(it))) for it in raw if validate_item(it)]
    items, skipped = resolve_items([it for it in raw if not validate_item(it)], gold_dir)
    skipped = bad + skipped
    meta: dict[str, Any] = {}
    kept = []
    for it in items:
        reports = sorted({c["report"] for c in it["gold_citations"] if isinstance(c.get("report"), str)})
        missing = [r for r in reports if r not in files]
        if missing:
            skipped.append((it["id"], f"report {', '.join(missing)} is not in the corpus"))
            continue
        kinds = {FILE_KINDS[files[r].suffix.lower()] for r in reports}
        it["rendering"] = kinds.pop() if len(kinds) == 1 else ("mixed" if kinds else "n/a")
        it["suite"] = suite
        kept.append(it)
    for base, path in files.items():
        gold = gold_dir / f"{base}.json"
        if gold.is_file():
            g = json.loads(gold.read_text(encoding="utf-8"))
            meta[str(path)] = {"agency": g["agency"], "year": g["year"], "title": g.get("title", ""),
                               "report": base}
    return kept, files, skipped, meta


def _prepare_generated(corpus: Path | None, out_dir: Path, seed: int, renderings: Sequence[str] | None,
                       templates: str) -> tuple[list[dict[str, Any]], dict[str, Path], dict[str, Any], Path]:
    if corpus is None:
        from .synth import Variety, generate_corpus

        corpus = out_dir / "corpus"
        if not (corpus / "manifest.json").is_file():
            generate_corpus(corpus, agencies=6, years=range(2019, 2025), seed=seed, progress=False,
                            variety=Variety())
    truths = load_truths(corpus)
    if not truths:
        raise ValueError(f"{corpus} holds no truth files (truth/*.json): make one with `govqa eval generate`")
    noise = None
    manifest = corpus / "manifest.json"
    if manifest.is_file():
        noise = json.loads(manifest.read_text(encoding="utf-8")).get("noise")
    assigned = assign_renderings(truths, corpus, renderings, noise)
    if not assigned:
        raise ValueError(f"{corpus}: none of the truth files' rendered reports are there")
    items = generate_questions([t for t, _ in assigned], seed=seed, templates=templates)  # type: ignore[arg-type]
    for it in items:
        it["suite"] = "generated"
    files = {str(t.get("report_id_hint") or p.stem): p for t, p in assigned}
    meta = {str(p): {"agency": t["agency"], "year": t["year"], "title": t.get("title", ""),
                     "report": str(t.get("report_id_hint") or p.stem)} for t, p in assigned}
    return items, files, meta, corpus


def run(suite: str, corpus: Path | None, out_dir: Path, limit: int | None = None, *,
        baseline: bool = False, gold_dir: Path | None = None, seed: int = 0, templates: str = "all",
        renderings: Sequence[str] | None = None, embedder: str | None = None, progress: bool = False,
        open_assistant: Callable[[Path], AssistantLike] | None = None, ingest: Callable[..., Any] | None = None,
        conversation: Callable[[], Any] | None = None, baseline_embeddings: Any = None,
        dataset: Path | None = None, keep_store: bool = False) -> dict[str, Any]:
    """Run a benchmark suite and write ``out_dir/results.json`` and ``out_dir/report.md``.

    Args:
        suite: ``handwritten``, ``wild``, ``dev``, ``generated`` or ``all``.
        corpus: ``handwritten``, ``wild``, ``dev``: a folder of reports named like the gold files
            (default: the seed report and ``shared/reports/real``); ``generated`` and ``all``: a
            folder written by ``eval.synth.generate_corpus`` (default: a small one generated under
            ``out_dir/corpus``); with ``all`` the hand-written suites use the default.
        out_dir: where results, the report and the temporary stores go.
        limit: at most this many items per suite (round-robin over kind and language).
        baseline: also run the plain LangChain RAG baseline (:mod:`eval.baseline`) on the same items.
        gold_dir: the hand-transcribed gold files (default ``shared/gold``).
        seed, templates, renderings: question generation and which renderings of the generated corpus.
        embedder: ``e5`` / ``hash`` / ``sentence-transformers`` for the store (``$GOVQA_EMBEDDER``)
            and the baseline.
        open_assistant, ingest, conversation: injected in tests; default ``assistant.api``.
        baseline_embeddings: a LangChain ``Embeddings`` for the baseline (default from ``embedder``).
        dataset: another hand-written JSONL file for a ``handwritten``, ``wild`` or ``dev`` run.
        keep_store: keep the fresh stores under ``out_dir`` instead of deleting them.

    Returns:
        The results dict (also in ``results.json``): ``primary_metric``, ``primary``, ``systems``
        (metrics overall, per kind, language, split, rendering, suite and persona, and
        ``by_split_kind`` {split: {kind or "all": metrics}}, for ``govqa`` and, when run,
        ``baseline``), ``corpora`` and per-item ``items``.

    Raises:
        ValueError: an unknown suite, a corpus folder that is missing or has no truth files.
    """
    if suite not in SUITES:
        raise ValueError(f"unknown suite {suite!r} (choose from {', '.join(SUITES)})")
    if corpus is not None and not Path(corpus).is_dir():
        raise ValueError(f"corpus folder {corpus} does not exist")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    gold_dir = Path(gold_dir) if gold_dir else default_gold_dir()
    corpus = Path(corpus) if corpus is not None else None
    ingest = ingest or _default_ingest()
    open_fn = open_assistant or _default_open()
    conv_factory = conversation or _default_conversation()
    started = time.time()

    parts: list[tuple[str, list[dict[str, Any]], dict[str, Path], dict[str, Any], dict[str, Any]]] = []
    for name in DATASET_SUITES:
        if suite in (name, "all"):
            items, files, skipped, meta = _prepare_handwritten(corpus if suite == name else None, gold_dir,
                                                               dataset if suite == name else None, name)
            info = {"files": [str(p) for p in files.values()], "skipped": skipped}
            parts.append((name, _limit(items, limit), files, meta, info))
    if suite in ("generated", "all"):
        items, files, meta, gen_corpus = _prepare_generated(corpus, out_dir, seed, renderings, templates)
        info = {"corpus": str(gen_corpus), "files": [str(p) for p in files.values()], "skipped": []}
        parts.append(("generated", _limit(items, limit), files, meta, info))
    # suites over the same report files are asked of one store: the real reports are ingested once
    groups: dict[tuple[str, ...], list[tuple[str, list[dict[str, Any]], dict[str, Path], dict[str, Any],
                                             dict[str, Any]]]] = defaultdict(list)
    for part in parts:
        groups[tuple(sorted(str(p) for p in part[2].values()))].append(part)

    results: dict[str, list[dict[str, Any]]] = {"govqa": []}
    if baseline:
        results["baseline"] = []
    corpora: dict[str, Any] = {}
    with _env("GOVQA_EMBEDDER", embedder):
        for group in groups.values():
            files, meta = group[0][2], {k: v for part in group for k, v in part[3].items()}
            label = "+".join(part[0] for part in group)
            store = Path(tempfile.mkdtemp(prefix=f"store-{label}-", dir=out_dir))
            try:
                t0 = time.perf_counter()
                summary = ingest(list(files.values()), store=store, progress=progress)
                ingest_s = round(time.perf_counter() - t0, 1)
                assistant = open_fn(store)
                for name, items, *_ in group:
                    results["govqa"] += _ask_all(assistant, items, conv_factory, progress, f"govqa {name}")
                close = getattr(assistant, "close", None)
                if callable(close):
                    close()
            finally:
                if not keep_store:
                    shutil.rmtree(store, ignore_errors=True)
            for name, items, _, _, info in group:
                corpora[name] = {**info, "items": len(items), "ingest_seconds": ingest_s,
                                 "ingest": _ingest_summary(summary), "store": str(store) if keep_store else None,
                                 "store_shared_by": label if len(group) > 1 else None}
            if baseline:
                from .baseline import BaselineRAG

                t0 = time.perf_counter()
                rag = BaselineRAG.from_files(list(files.values()), meta, embeddings=baseline_embeddings,
                                             embedder=embedder)
                index_s = round(time.perf_counter() - t0, 1)
                for name, items, *_ in group:
                    corpora[name]["baseline_index_seconds"] = index_s
                    results["baseline"] += _ask_all(rag, items, conv_factory, progress, f"baseline {name}")

    systems = {sys_name: {"overall": summarize(rs), **{f"by_{k}": v for k, v in breakdowns(rs).items()},
                          "by_split_kind": by_split_kind(rs)}
               for sys_name, rs in results.items()}
    out = {
        "suite": suite,
        "primary_metric": PRIMARY_METRIC,
        "primary": systems["govqa"]["overall"][PRIMARY_METRIC],
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(time.time() - started, 1),
        "seed": seed, "limit": limit, "templates": templates, "embedder": embedder or os.environ.get("GOVQA_EMBEDDER"),
        "corpora": corpora,
        "systems": systems,
        "items": results,
    }
    (out_dir / "results.json").write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str),
                                          encoding="utf-8")
    write_report(out, out_dir / "report.md")
    return out


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

SUMMARY_ROWS = (
    ("accuracy", "accuracy (primary)"), ("exact_match", "figure exact match"),
    ("citation_accuracy", "citation accuracy"), ("citation_precision", "citation precision"),
    ("recall_at_5", "narrative recall@5"), ("mrr", "narrative MRR"),
    ("refusal_precision", "refusal precision"), ("refusal_recall", "refusal recall"),
    ("false_refusal_rate", "false refusals"), ("refusal_accuracy", "refusal accuracy"),
    ("wrong_number_rate", "wrong-number rate"), ("wrong_numbers", "wrong numbers"),
    ("askback_rate", "ask-back rate"), ("language_match", "answer language matches"),
    ("latency_p50_ms", "latency p50 (ms)"), ("latency_p95_ms", "latency p95 (ms)"), ("errors", "errors"),
    ("n", "items"),
)
TABLE_COLUMNS = (("n", "n"), ("accuracy", "acc"), ("exact_match", "exact"), ("citation_accuracy", "cite"),
                 ("recall_at_5", "R@5"), ("mrr", "MRR"), ("refusal_precision", "ref P"),
                 ("refusal_recall", "ref R"), ("wrong_number_rate", "wrong#"), ("askback_rate", "ask"),
                 ("latency_p50_ms", "p50 ms"), ("latency_p95_ms", "p95 ms"))
# the issue-10 measures, per split × kind
SPLIT_KIND_COLUMNS = (("n", "n"), ("accuracy", "accuracy"), ("wrong_numbers", "wrong numbers"),
                      ("wrong_number_rate", "wrong-number rate"), ("askback_rate", "ask-back rate"),
                      ("refusal_accuracy", "refusal accuracy"))


def _cell_text(v: Any, key: str = "") -> str:
    if v is None:
        return "—"
    if key in ("n", "errors", "wrong_numbers"):
        return str(v)
    if key.startswith("latency"):
        return f"{v:.0f}" if v >= 10 else f"{v:.1f}"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def format_summary(results: dict[str, Any]) -> str:
    """The summary table (GovQA beside the baseline when it ran), as plain text."""
    systems = results["systems"]
    names = list(systems)
    rows = [["metric", *names]]
    for key, label in SUMMARY_ROWS:
        rows.append([label, *(_cell_text(systems[n]["overall"].get(key), key) for n in names)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


SPLIT_KIND_NOTE = ("Wrong numbers: a number stated that is not the gold, or any number for an unanswerable or "
                   "askback item (rate over the items with a gold number or none allowed). Ask-back: route "
                   "`clarify`. Refusal accuracy: declined (refusal or question back, no number) exactly when "
                   "the item is unanswerable or askback.")


def split_kind_rows(results: dict[str, Any], system: str = "govqa") -> list[list[str]]:
    """[split, kind, n, accuracy, wrong numbers, wrong-number rate, ask-back rate, refusal accuracy]
    per split and kind, each split's ``all`` row first."""
    rows = []
    for split, kinds in results["systems"][system].get("by_split_kind", {}).items():
        for kind, m in kinds.items():
            rows.append([split, kind, *(_cell_text(m.get(k), k) for k, _ in SPLIT_KIND_COLUMNS)])
    return rows


def format_split_kind(results: dict[str, Any]) -> str:
    """The per split × kind table of accuracy, wrong numbers, ask-backs and refusals, as plain text."""
    rows = [["split", "kind", *(label for _, label in SPLIT_KIND_COLUMNS)], *split_kind_rows(results)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def _md(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ⏎ ")


def write_report(results: dict[str, Any], path: Path) -> None:
    """``report.md``: summary, tables per kind/language/split/rendering/suite, worst failures."""
    systems = results["systems"]
    names = list(systems)
    lines = [f"# GovQA benchmark — suite `{results['suite']}`", "",
             f"{results['created']} · {results['seconds']} s · primary metric **{results['primary_metric']}** = "
             f"{_cell_text(results['primary'])} · embedder {results.get('embedder') or 'default'}", ""]
    for name, c in results["corpora"].items():
        skipped = c.get("skipped") or []
        lines.append(f"- **{name}**: {c['items']} items, {len(c['files'])} report files"
                     + (f" from {c['corpus']}" if c.get("corpus") else "")
                     + f", ingested in {c.get('ingest_seconds', '?')} s"
                     + (f"; {len(skipped)} items skipped" if skipped else ""))
        for sid, why in skipped[:10]:
            lines.append(f"  - skipped {sid}: {why}")
    lines += ["", "## Summary", ""]
    rows = [[label, *(_cell_text(systems[n]["overall"].get(key), key) for n in names)] for key, label in SUMMARY_ROWS]
    lines.append(_md_table(["metric", *names], rows))
    lines += ["", "## By split and kind", "", SPLIT_KIND_NOTE, ""]
    lines.append(_md_table(["split", "kind", *(label for _, label in SPLIT_KIND_COLUMNS)],
                           split_kind_rows(results)))
    for field in BREAKDOWNS:
        groups = systems["govqa"][f"by_{field}"]
        if len(groups) <= 1 and field in ("suite", "persona"):
            continue
        lines += ["", f"## By {field}", ""]
        header = [field, *(label for _, label in TABLE_COLUMNS)] + [f"{n} acc" for n in names[1:]]
        body = []
        for g, m in groups.items():
            row = [g, *(_cell_text(m.get(k), k) for k, _ in TABLE_COLUMNS)]
            row += [_cell_text(systems[n][f"by_{field}"].get(g, {}).get("accuracy")) for n in names[1:]]
            body.append(row)
        lines.append(_md_table(header, body))
    lines += ["", "## Worst failures (GovQA)", ""]
    fails = worst_failures(results["items"]["govqa"])
    if not fails:
        lines.append("None.")
    for i, r in enumerate(fails, 1):
        hist = " → ".join(r["history"]) + " → " if r["history"] else ""
        got = r["error"] or r["got"].split("\n")[0][:200] or "(empty)"
        extra = f"; number {_fmt_num(r['number'])}" if r["number"] is not None else ""
        lines += [f"{i}. `{r['id']}` ({r['kind']}, {r['language']}, {r['rendering']}) {_md(hist + r['question'])}",
                  f"   - expected: {_md(r['expected'])}",
                  f"   - got ({r['route']}{extra}): {_md(got)}"]
        if r.get("cited"):
            lines.append(f"   - cited: {_md(' ‖ '.join(r['cited'][:3]))}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
