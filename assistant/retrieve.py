"""Hybrid retrieval over passages: BM25 on character n-grams (with English → Chinese glossary
expansion) fused with dense vector search by reciprocal rank fusion.

BM25 indexes each passage's headings and text as Chinese character unigrams and bigrams plus
lowercase ASCII words (numbers included), so "2159" and "政府网站" both match. The index is built
with numpy in one pass (a few seconds for 100k passages) into a sparse score matrix laid out as
bm25s's (Lucene variant; tests compare it with bm25s's own index), and scored the way
``bm25s.BM25.get_scores_from_ids`` scores it, without importing bm25s and scipy (~0.6 s of a cold
start). Agency, year and section filters are boolean masks
over per-passage code arrays, applied to the BM25 scores and passed to the vector store as a
``where`` filter.

The caller holds the :class:`Retriever`; nothing is cached globally.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from index.reportformat import english_search_terms
from index.types import PassageRecord

if TYPE_CHECKING:
    from index.vectors import VectorIndex

__all__ = ["DENSE_WEIGHT", "Hit", "RRF_K", "Retriever", "expand_query", "passage_index_text", "tokenize"]

RRF_K = 60  # reciprocal rank fusion constant
# The dense ranker's vote in the fusion, BM25's being 1. On the generated benchmark's training questions
# (1,573 narrative questions, e5) the gold passage was in the fused top 5 for 98.3% of English questions
# at weight 1 and for 100% at 0.4: multilingual-e5-small scores an English question against Chinese
# passages within a few hundredths, so its ranks are near noise exactly where BM25 over the
# glossary-expanded question is sharp, and at weight 1 they out-voted BM25's clear first place. Dense
# ranks still order whatever BM25 does not score (paraphrases without a shared word).
DENSE_WEIGHT = 0.4
CANDIDATES = 50  # results taken from each ranker before fusion

_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK_CLASS}])\s+(?=[{_CJK_CLASS}])")
_CJK_RUN = re.compile(rf"[{_CJK_CLASS}]+")
_WORD = re.compile(r"[a-z0-9]+")
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_TF_BITS = 10  # term frequency packed in the low bits while sorting (capped at 1023)
_TF_MAX = (1 << _TF_BITS) - 1
_WORD_KEY_BASE = 1 << 32  # token keys: CJK unigram = code point (< 2^16), bigram = cp1 << 16 | cp2, word = base + id


Years = int | Sequence[int] | None  # one report year, several, or any


def _years(year: int | Sequence[int]) -> tuple[int, ...]:
    return (int(year),) if isinstance(year, (int, np.integer)) else tuple(int(y) for y in year)


@dataclass(frozen=True)
class Hit:
    """One retrieved passage: its fused score and its rank (1-based) in each ranker, if it was there."""

    record: PassageRecord
    score: float
    bm25_rank: int | None
    dense_rank: int | None


def _normalize(text: str) -> str:
    """NFKC, lowercase, and no white space between two CJK characters ("政府 信息" → "政府信息")."""
    return _CJK_GAP.sub("", unicodedata.normalize("NFKC", text).lower())


def tokenize(text: str) -> list[str]:
    """BM25 tokens: CJK character unigrams and bigrams, and lowercase ASCII words/numbers.

    >>> tokenize("政府网站 2159条")
    ['政', '府', '网', '站', '条', '政府', '府网', '网站', '2159']
    """
    text = _normalize(text)
    out: list[str] = []
    bigrams: list[str] = []
    for run in _CJK_RUN.findall(text):
        out.extend(run)
        bigrams.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out + bigrams + _WORD.findall(text)


def expand_query(query: str) -> str:
    """Append the Chinese words of every glossary phrase found in an English question
    (:func:`index.reportformat.english_search_terms`): "government website" adds 政府网站."""
    words = english_search_terms(query)
    return f"{query} {' '.join(words)}" if words else query


def passage_index_text(record: PassageRecord) -> str:
    """The text BM25 indexes for a passage: its headings (when not already in the text) and the text."""
    p = record.passage
    heads = " ".join(s for s in p.section_path if s and s not in p.text)
    return f"{heads}\n{p.text}" if heads else p.text


class _Bm25Index:
    """A BM25 (Lucene variant) score matrix over n-gram token keys, built with vectorised numpy:
    column ``t`` (``data[indptr[t]:indptr[t + 1]]`` at rows ``indices[…]``) holds token ``t``'s
    score in each passage that has it."""

    def __init__(self, texts: Sequence[str], k1: float = 1.5, b: float = 0.75) -> None:
        n = len(texts)
        self.n = n
        self.words: dict[str, int] = {}
        if n == 0:
            self.vocab = np.zeros(0, dtype=np.int64)
            self.data, self.indices = np.zeros(0, np.float32), np.zeros(0, np.int32)
            self.indptr = np.zeros(1, np.int64)
            return
        # Per batch of passages: token keys → unique (key, doc, tf) packed into one int64, sorted.
        # The batches cover increasing doc ranges, so a stable sort of their concatenation is a
        # cheap merge of sorted runs; it yields the vocabulary, the postings (CSC by token) and tf.
        bits = max(1, int(n).bit_length())
        doc_len = np.zeros(n, dtype=np.float32)
        runs: list[np.ndarray] = []
        for lo in range(0, n, self.BATCH):
            keys, docs = self._batch_tokens(texts[lo:lo + self.BATCH], lo)
            doc_len[lo:lo + self.BATCH] = np.bincount(docs - lo, minlength=min(self.BATCH, n - lo))
            pairs, tf = np.unique((keys << bits) | docs, return_counts=True)
            runs.append((pairs << _TF_BITS) | np.minimum(tf, _TF_MAX))
        key_bits = int(max(int(r.max()) for r in runs if len(r)) >> (bits + _TF_BITS)).bit_length() if runs else 0
        if key_bits + bits + _TF_BITS > 63:
            raise ValueError(f"too many passages for one BM25 index ({n})")
        packed = np.sort(np.concatenate(runs), kind="stable")
        del runs
        tf = (packed & _TF_MAX).astype(np.float32)
        pair_doc = ((packed >> _TF_BITS) & ((1 << bits) - 1)).astype(np.int32)
        pair_key = packed >> (_TF_BITS + bits)
        del packed
        new_tok = np.empty(len(pair_key), dtype=bool)
        new_tok[0] = True
        np.not_equal(pair_key[1:], pair_key[:-1], out=new_tok[1:])
        self.vocab = pair_key[new_tok]
        del pair_key
        tok = np.cumsum(new_tok, dtype=np.int64) - 1
        del new_tok
        df = np.bincount(tok, minlength=len(self.vocab))
        idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
        avg = float(doc_len.mean()) or 1.0
        norm = (k1 * (1 - b + b * doc_len / avg)).astype(np.float32)
        data = idf[tok]
        del tok
        data *= tf / (tf + norm[pair_doc])
        indptr = np.concatenate(([0], np.cumsum(df, dtype=np.int64)))
        self.data, self.indices, self.indptr = data, pair_doc, indptr

    BATCH = 20_000

    def _batch_tokens(self, texts: Sequence[str], offset: int) -> tuple[np.ndarray, np.ndarray]:
        """Token keys and their (global) doc indices for a batch of passages."""
        # NUL separates the passages; one inside a passage would shift every later passage's index
        # (the loaders remove control characters, but stores written before that may hold some).
        big = _normalize("\x00".join(t.replace("\x00", " ") for t in texts))
        cp = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32)
        doc = np.cumsum(cp == 0, dtype=np.int64) + offset
        cjk = np.zeros(len(cp), dtype=bool)
        for lo, hi in _CJK_RANGES:
            cjk |= (cp >= lo) & (cp <= hi)
        uni = np.flatnonzero(cjk)
        bi = np.flatnonzero(cjk[:-1] & cjk[1:])
        # ASCII words: run starts found with numpy, the strings with one regex pass (same order)
        wordch = ((cp >= 0x61) & (cp <= 0x7A)) | ((cp >= 0x30) & (cp <= 0x39))
        starts = np.flatnonzero(wordch & ~np.concatenate(([False], wordch[:-1])))
        words = _WORD.findall(big)
        if len(words) != len(starts):  # pragma: no cover - the two scans agree by construction
            raise AssertionError("word scan mismatch")
        vocab = self.words
        word_ids = np.fromiter((vocab.setdefault(w, len(vocab)) for w in words), dtype=np.int64, count=len(words))
        keys = np.concatenate((cp[uni].astype(np.int64),
                               (cp[bi].astype(np.int64) << 16) | cp[bi + 1].astype(np.int64),
                               word_ids + _WORD_KEY_BASE))
        docs = np.concatenate((doc[uni], doc[bi], doc[starts]))
        return keys, docs

    def query_ids(self, query: str) -> np.ndarray:
        """Token ids of a query (unknown tokens dropped, duplicates removed)."""
        text = _normalize(query)
        keys: list[int] = []
        for run in _CJK_RUN.findall(text):
            cps = [ord(c) for c in run]
            keys.extend(cps)
            keys.extend((a << 16) | c for a, c in zip(cps, cps[1:]))
        keys.extend(_WORD_KEY_BASE + self.words[w] for w in _WORD.findall(text) if w in self.words)
        if not keys or len(self.vocab) == 0:
            return np.zeros(0, dtype=np.int64)
        arr = np.fromiter(sorted(set(keys)), dtype=np.int64)  # not np.unique: it imports numpy.ma
        pos = np.searchsorted(self.vocab, arr)
        pos = np.clip(pos, 0, len(self.vocab) - 1)
        return pos[self.vocab[pos] == arr]

    def scores(self, query: str) -> np.ndarray:
        """Each passage's BM25 score for the query: its tokens' columns summed (float32, in the
        order bm25s sums them)."""
        ids = self.query_ids(query)
        out = np.zeros(self.n, dtype=np.float32)
        if len(ids) == 0:
            return out
        spans = [slice(self.indptr[t], self.indptr[t + 1]) for t in ids]
        np.add.at(out, np.concatenate([self.indices[s] for s in spans]), np.concatenate([self.data[s] for s in spans]))
        return out


class Retriever:
    """Hybrid BM25 + dense retrieval over a fixed set of passages.

    Args:
        records: the passages to search (e.g. every stored passage).
        vectors: the vector store holding the same passages, or None for BM25 only.

    Example:
        >>> r = Retriever(records, VectorIndex(settings))
        >>> r.search("政府网站发布了多少条信息", agency="桦川县人民政府", year=2020, k=3)
        [Hit(record=..., score=0.0328, bm25_rank=1, dense_rank=1), ...]
    """

    def __init__(self, records: Sequence[PassageRecord], vectors: VectorIndex | None = None) -> None:
        self.records: list[PassageRecord] = list(records)
        self.vectors = vectors
        self._position = {r.passage_id: i for i, r in enumerate(self.records)}
        self._agencies: dict[str, int] = {}
        self._sections: dict[str, int] = {}
        self._agency = np.fromiter((self._agencies.setdefault(r.agency, len(self._agencies)) for r in self.records),
                                   dtype=np.int32, count=len(self.records))
        self._year = np.fromiter((int(r.year) for r in self.records), dtype=np.int32, count=len(self.records))
        self._section = np.fromiter(
            (self._sections.setdefault(r.passage.section, len(self._sections)) for r in self.records),
            dtype=np.int32, count=len(self.records))
        self._bm25 = _Bm25Index([passage_index_text(r) for r in self.records])
        self._by_report: dict[str, list[int]] = {}
        for i, r in enumerate(self.records):
            self._by_report.setdefault(r.report_id, []).append(i)

    def __len__(self) -> int:
        return len(self.records)

    def section_passages(self, report_id: str, section: str) -> list[PassageRecord]:
        """A report's prose passages of one section ("五"), in reading order."""
        found = [self.records[i] for i in self._by_report.get(report_id, ())
                 if self.records[i].passage.section == section and self.records[i].passage.kind != "table_row"]
        return sorted(found, key=lambda r: int(r.passage_id.rsplit(":", 1)[-1]) if r.passage_id.rsplit(":", 1)[-1].isdigit()
                      else 0)

    def _mask(self, agency: str | Sequence[str] | None, year: Years, sections: Sequence[str] | None) -> np.ndarray | None:
        if agency is None and year is None and not sections:
            return None
        mask = np.ones(len(self.records), dtype=bool)
        if agency is not None:
            # one agency may be stored under several names (see understand.Catalog.names)
            names = (agency,) if isinstance(agency, str) else tuple(agency)
            codes = [self._agencies[a] for a in names if a in self._agencies]
            mask &= np.isin(self._agency, codes)
        if year is not None:
            mask &= np.isin(self._year, _years(year))
        if sections:
            codes = [self._sections[s] for s in sections if s in self._sections]
            mask &= np.isin(self._section, codes)
        return mask

    def bm25(self, query: str, *, agency: str | Sequence[str] | None = None, year: Years = None,
             sections: Sequence[str] | None = None, n: int = CANDIDATES) -> list[tuple[int, float]]:
        """BM25 alone: (record index, score) best first, positive scores only; English is glossary-expanded."""
        scores = self._bm25.scores(expand_query(query))
        mask = self._mask(agency, year, sections)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        positive = int(np.count_nonzero(scores > 0))
        n = min(n, positive)
        if n <= 0:
            return []
        top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
        top = top[np.lexsort((top, -scores[top]))]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0][:n]

    def dense(self, query: str, *, agency: str | Sequence[str] | None = None, year: Years = None,
              sections: Sequence[str] | None = None, n: int = CANDIDATES) -> list[tuple[int, float]]:
        """Dense search alone: (record index, similarity) best first; [] without a vector store.

        Filters are applied here, not by Chroma's ``where`` (slow on big stores): up to
        ``EXACT_LIMIT`` matching passages are compared exactly; more are found by an unfiltered HNSW
        query oversampled by the inverse of their share, then masked.
        """
        if self.vectors is None:
            return []
        mask = self._mask(agency, year, sections)
        if mask is None:
            found = self.vectors.search(query, k=n)
        else:
            subset = np.flatnonzero(mask)
            if len(subset) == 0:
                return []
            vector = self.vectors.embed_query(query)
            if len(subset) <= self.EXACT_LIMIT:
                # records, not ids: their vectors come from the embedding cache, without opening Chroma
                found = self.vectors.search_among(vector, [self.records[i] for i in subset], k=n)
            else:
                want = max(n, int(n * len(self.records) / len(subset) * 2))
                found = []
                if want <= self.OVERSAMPLE_LIMIT:
                    found = [(pid, s) for pid, s in self.vectors.search_by_vector(vector, k=want)
                             if pid in self._position and mask[self._position[pid]]][:n]
                if len(found) < min(n, len(subset)) // 2:
                    found = self.vectors.search_by_vector(vector, k=n, agency=agency, year=year, sections=sections)
        return [(self._position[pid], score) for pid, score in found if pid in self._position]

    EXACT_LIMIT = 4000  # filtered dense search compares up to this many passages exactly
    OVERSAMPLE_LIMIT = 3000  # else an unfiltered HNSW query of up to this many, masked

    def search(self, query: str, *, agency: str | Sequence[str] | None = None, year: Years = None, k: int = 5,
               sections: tuple[str, ...] | None = None) -> list[Hit]:
        """The ``k`` best passages for a question, fused from BM25 and dense ranks by weighted
        reciprocal rank fusion: score = 1/(60 + BM25 rank) + DENSE_WEIGHT/(60 + dense rank).

        Args:
            query: the question, Chinese or English (English is expanded through the glossary for BM25).
            agency: only passages of this agency (an exact name as stored, or several names of one agency).
            year: only passages of this report year, or of these years.
            k: how many hits.
            sections: only passages of these section numbers ("一" … "六", "" for the preamble).
        """
        n = max(CANDIDATES, 4 * k)
        lexical = self.bm25(query, agency=agency, year=year, sections=sections, n=n)
        dense = self.dense(query, agency=agency, year=year, sections=sections, n=n)
        fused: dict[int, list] = {}
        for rank, (i, _) in enumerate(lexical, start=1):
            fused[i] = [1.0 / (RRF_K + rank), rank, None]
        for rank, (i, _) in enumerate(dense, start=1):
            entry = fused.setdefault(i, [0.0, None, None])
            entry[0] += DENSE_WEIGHT / (RRF_K + rank)
            entry[2] = rank
        order = sorted(fused.items(), key=lambda kv: (-kv[1][0], kv[1][1] or 10**9, kv[1][2] or 10**9))
        return [Hit(self.records[i], score, b, d) for i, (score, b, d) in order[:k]]
