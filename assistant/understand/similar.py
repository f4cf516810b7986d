"""Which other metrics a question's words could name: candidates for the readings of a question back.

Scored lexically against every phrase of the metric vocabulary (labels, English names, aliases and
paraphrases): Chinese by shared character pairs, English by shared word stems. The scores only rank
readings to offer; they never choose the number that is stated (the law: a figure needs every word
accounted for).
"""

from __future__ import annotations

from functools import cache

from index import reportformat as rf

from .lexicon import _vocabulary
from .mentions import _Match
from .text import _CJK, _WORD, _fold, _stem, _zh_key
from .types import Metric

MAX_ALTERNATIVES = 2
MIN_SCORE = 0.25


def _metric_of(kind: str, ident: str) -> Metric | None:
    if kind == "t3row":
        return Metric(3, row=ident)
    if kind == "derived":
        d = rf.DERIVED_BY_ID[ident]
        return Metric(d.table, derived=ident)
    if kind == "t2row":
        return Metric(2, row=ident)
    if kind == "t4block":
        return Metric(4, row=rf.T4_ROW.id, column=f"{ident}.total")
    return None


@cache
def _phrases() -> tuple[tuple[frozenset[str], frozenset[str], Metric], ...]:
    """(character pairs, word stems, metric) for every metric phrase of the vocabulary but a pattern's
    expansions (read lexically only: their filler words, 里那一项, made 表二's "那一列" resemble （六）3.其他)."""
    vocab = _vocabulary()
    expanded = frozenset(_zh_key(w) for words in rf.paraphrase_patterns().values() for w in words)
    out = []
    for key, targets in list(vocab.zh.items()) + list(vocab.en.items()):
        if key in expanded:
            continue
        for t in targets:
            metric = _metric_of(t.kind, t.id)
            if metric is not None:
                out.append((_pairs(key), frozenset(key.split()) if not _CJK.search(key) else frozenset(), metric))
    return tuple(out)


def _pairs(text: str) -> frozenset[str]:
    cjk = "".join(ch for ch in text if _CJK.match(ch))
    return frozenset(cjk[i:i + 2] for i in range(len(cjk) - 1))


def alternatives(leftover: list[tuple[int, int, str]], matches: list[_Match],
                 metric: Metric | None) -> tuple[Metric, ...]:
    """Up to two metrics other than ``metric`` that the question's unexplained words resemble most."""
    text = " ".join(t for _, _, t in leftover) + " " + " ".join(m.text for m in matches)
    pairs = _pairs(text)
    folded, _ = _fold(text)
    stems = frozenset(_stem(w) for w in _WORD.findall(folded))
    scores: dict[str, tuple[float, Metric]] = {}
    for p_pairs, p_words, candidate in _phrases():
        if metric is not None and candidate.id == metric.id:
            continue
        score = 0.0
        if p_pairs and pairs:
            score = len(p_pairs & pairs) / len(p_pairs)
        elif p_words and stems:
            score = len(p_words & stems) / len(p_words)
        if score >= MIN_SCORE and score > scores.get(candidate.id, (0.0, candidate))[0]:
            scores[candidate.id] = (score, candidate)
    ranked = sorted(scores.values(), key=lambda x: (-x[0], x[1].id))
    return tuple(m for _, m in ranked[:MAX_ALTERNATIVES])
