"""Rows a question adds up or divides itself: "予以公开加上部分公开一共多少", "(予以公开+部分公开)除以办结总数",
"办结数除以新收加上年结转".

The format defines a handful of sums and rates (``reportformat.DERIVED_BY_ID``); a user may spell out
any other as an expression over 表三 rows. The expression is read only when every row in it is named
unambiguously and every join says how (a plus word; a conjunction only beside a sum word; one
division word between the two sides). Anything less reads nothing here, and the question goes on as
before — usually to a question back, never to a guess.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index import reportformat as rf

from . import grounding
from .grounding import _function_words
from .lexicon import _FRAMING_ROWS
from .mentions import _Match
from .types import Metric
from .words import _DATA, _OP_WORDS

_PLUS: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["plus"])
PLUS = _PLUS  # "加上公安局的一共多少": a follow-up adding an agency to the one just asked about
_JOINED: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["joined"])
_JOINED_OR: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["joined_or"])
_DIVIDED_BY: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["divided_by"]) + tuple(
    _DATA["operation_modifiers"]["share_of"])
_SUM_WORDS: tuple[str, ...] = _OP_WORDS["sum"] + ("之和", "的和", "sum of")
# what may sit between two joined rows besides the join itself: brackets, quotes, 的, spaces
_FILLER = re.compile(r"[\s()（）\[\]【】\"'“”‘’「」的从]+")
_OPENING = re.compile(r"[(（\[【]")


def _word_pattern(words: Sequence[str]) -> re.Pattern[str]:
    parts = [rf"\b{re.escape(w)}\b" if w[:1].isalnum() and w.isascii() else re.escape(w)
             for w in sorted(words, key=len, reverse=True)]
    return re.compile("|".join(parts), re.IGNORECASE)


_DIVIDED_BY_RE = _word_pattern(_DIVIDED_BY)
_SLASHES = ("/", "／")
_RATE_RE = _word_pattern(tuple(w for w in _OP_WORDS["ratio"] if w not in ("除以", "÷", "divided by")) + ("%", "％"))
_SUM_RE = _word_pattern(_SUM_WORDS)
_PARTS_AS_EXAMPLES = _word_pattern(_DATA["operation_modifiers"]["parts_as_examples"])
_EACH_RE = _word_pattern(("各几", "各多少", "各是", "各有", "各自", "分别", "each", "respectively", "separately"))
_WHICH = _word_pattern(_DATA["operation_modifiers"]["rank_which"])
_QUESTION_WORD = _word_pattern(_DATA["cues"]["figure"])  # "how many requests": a phrase that is the question


def asks_each(question: str) -> bool:
    """Whether the question asks for each of what it names ("各几件", "分别是多少", "each"), never their sum."""
    return _EACH_RE.search(question) is not None


_SUM_IF_SEVERAL_RE = _word_pattern(tuple(_DATA["operation_modifiers"]["sum_if_several"]))
_PLUS_RE = _word_pattern(tuple(w for w in _PLUS if len(w) > 1 or not w.isalnum()))  # not 加 of 增加


def names_a_sum(question: str) -> bool:
    """Whether a word of the question adds things up ("加起来", "plus", "together", "counting both")."""
    return bool(_SUM_RE.search(question) or _SUM_IF_SEVERAL_RE.search(question) or _PLUS_RE.search(question))


@dataclass(frozen=True)
class SpelledOut:
    """A sum or share the question spells out, and the words of the question it accounts for."""

    metric: Metric
    words: tuple[str, ...]
    rate_named: bool = False  # a rate word beside a sum ("公开率（予以公开+部分公开）"): that sum's share

    @property
    def is_ratio(self) -> bool:
        return bool(self.metric.per or self.metric.per_parts)


@dataclass(frozen=True)
class _Term:
    start: int
    end: int
    text: str
    rows: tuple[str, ...]  # the 表三 rows the words name (a group total names its rows)


_BOTH_DISCLOSED = frozenset(rf.DISCLOSED_ROWS)  # a phrase naming both ("full + partial")
_T4 = "T4:"  # a 表四 block among the terms ("复议加诉讼"): its id with this prefix
_T2 = "T2:"  # a 表二 row among the terms ("行政处罚和行政强制"): its id with this prefix


def _terms(matches: Sequence[_Match]) -> list[_Term] | None:
    """The 表三 rows (or 表四 blocks) named, in order; None when one phrase names several different ones."""
    out = []
    for m in sorted(matches, key=lambda m: m.start):
        blocks = [t.id for t in m.targets if t.kind == "t4block"] or [
            p.split(".")[0] for t in m.targets if t.kind == "derived" and rf.DERIVED_BY_ID[t.id].table == 4
            for p in rf.DERIVED_BY_ID[t.id].parts]
        if blocks and not any(t.kind in ("t3row",) for t in m.targets):
            out.append(_Term(m.start, m.end, m.text, tuple(_T4 + b for b in blocks)))
            continue
        t2rows = {t.id for t in m.targets if t.kind == "t2row"}
        if t2rows and not any(t.kind in ("t3row", "derived") for t in m.targets):
            if len(t2rows) > 1:
                return None
            out.append(_Term(m.start, m.end, m.text, (_T2 + t2rows.pop(),)))
            continue
        rows = {t.id for t in m.targets if t.kind == "t3row"}
        groups = {t.id for t in m.targets if t.kind == "derived" and rf.DERIVED_BY_ID[t.id].table == 3
                  and rf.DERIVED_BY_ID[t.id].kind != "ratio"}
        if rows == _BOTH_DISCLOSED and not groups:  # "fully or partially": both rows, read together
            out.append(_Term(m.start, m.end, m.text, rf.DISCLOSED_ROWS))
            continue
        if len(rows) + len(groups) > 1:
            return None
        if rows:
            out.append(_Term(m.start, m.end, m.text, (rows.pop(),)))
        elif groups:
            out.append(_Term(m.start, m.end, m.text, tuple(rf.DERIVED_BY_ID[groups.pop()].parts)))
    return out


def _merged(question: str, terms: list[_Term]) -> list[_Term]:
    """Adjacent phrases naming the same rows as one ("granted either fully": 予以公开 once)."""
    _, _, function_en = _function_words()
    out: list[_Term] = []
    for t in terms:
        gap = _FILLER.sub(" ", question[out[-1].end:t.start]).lower().split() if out else None
        # ("process/deliberative information": two words for one row, a slash between them)
        if out and out[-1].rows == t.rows and gap is not None and all(
                w in function_en or w in ("either", "/", "／") for w in gap):
            out[-1] = _Term(out[-1].start, t.end, question[out[-1].start:t.end], t.rows)
        elif out and gap == [] and set(t.rows) < set(out[-1].rows) and not _OPENING.search(question[out[-1].end:t.start]):
            # "suits after reconsideration": a word for the whole, then the part it is of (not "X（Y、Z）": the
            # parts of X listed, or some of them: "行政复议和行政诉讼（直接起诉、复议后起诉）" was the lawsuits alone)
            out[-1] = _Term(out[-1].start, t.end, question[out[-1].start:t.end], t.rows)
        elif out and gap is not None and all(w in (",", "，") for w in gap) and set(t.rows) == _BOTH_DISCLOSED \
                and set(out[-1].rows) < _BOTH_DISCLOSED:
            # "granted, either in full or in part": the verb of one row, then the phrase naming both it stands for
            out[-1] = _Term(out[-1].start, t.end, question[out[-1].start:t.end], t.rows)
        else:
            out.append(t)
    return out


def _joined(gap: str, conjunctions: bool, either: bool = True) -> str | None:
    """The join word between two rows ("加上", "+", "and" beside a sum word, "or"), or None."""
    rest = _FILLER.sub(" ", gap).strip().lower()
    _, _, function_en = _function_words()
    # "new ones plus those carried over": English function words around the join do not count
    words = [w for w in rest.split() if w in _PLUS or w in _JOINED or w in _JOINED_OR or w not in function_en]
    rest = " ".join(words) if words and all(w.isascii() for w in words) else rest
    if rest in _PLUS or (conjunctions and rest in _JOINED) or (either and rest in _JOINED_OR):
        return rest
    return None


def _chain(question: str, terms: Sequence[_Term], conjunctions: bool, from_end: bool) -> tuple[list[_Term], list[str]]:
    """The longest run of joined rows at one end of ``terms`` (the end next to the division word)."""
    seq = list(reversed(terms)) if from_end else list(terms)
    chain, joins = seq[:1], []
    either = not _WHICH.search(question)
    for prev, term in zip(seq, seq[1:]):
        a, b = (term, prev) if from_end else (prev, term)
        join = _joined(question[a.end:b.start], conjunctions, either)
        if join is None:
            break
        chain.append(term)
        joins.append(join)
    if (any(j in _PLUS for j in joins) or any(len(t.rows) > 1 for t in chain)) and any(j in (",", "，") for j in joins):
        # "how many did it have to handle in total, new ones plus those carried over": a comma beside a plus
        # word sets off an apposition (the same quantity said again), not one more row to add
        cut = next(i for i, j in enumerate(joins) if j in (",", "，"))
        chain, joins = chain[:cut + 1], joins[:cut]
    return (list(reversed(chain)) if from_end else chain), joins


def _rows(chain: Sequence[_Term]) -> tuple[str, ...] | None:
    rows = [r for t in chain for r in t.rows]
    return tuple(rows) if len(set(rows)) == len(rows) else None  # a row added twice is not a sum


def _metric(numerator: tuple[str, ...], denominator: tuple[str, ...] = (), outcome: str = "total",
            t2_column: str | None = None) -> Metric | None:
    if any(r.startswith(_T2) for r in numerator + denominator):
        if denominator or not all(r.startswith(_T2) for r in numerator) or len(numerator) < 2:
            return None  # a 表二 share, or 表二 rows with other tables' cells: not read here
        return Metric(2, parts=tuple(r[len(_T2):] for r in numerator), column=t2_column)
    if any(r.startswith(_T4) for r in numerator + denominator):
        if denominator or not all(r.startswith(_T4) for r in numerator):
            return None  # a 表四 share, or 表三 rows and 表四 blocks together: not read here
        blocks = tuple(r[len(_T4):] for r in numerator)
        if set(blocks) == set(rf.SUIT_BLOCKS) and len(blocks) == 2 and outcome == "total":
            return Metric(4, derived="litigation_total")  # "直接起诉加复议后起诉": the format's lawsuit total
        return Metric(4, row=rf.T4_ROW.id, parts=tuple(f"{b}.{outcome}" for b in blocks))
    one = len(numerator) == 1
    return Metric(3, row=numerator[0] if one else None, parts=() if one else numerator,
                  per=denominator[0] if len(denominator) == 1 else None,
                  per_parts=denominator if len(denominator) > 1 else ())


def _outcomes_added(question: str, matches: Sequence[_Match]) -> SpelledOut | None:
    """Results of one 表四 block added ("行政复议维持的和纠正的加起来"): the block's cells, summed; None unless
    the question names one block, two or more results joined, and a sum word."""
    blocks = {t.id for m in matches for t in m.targets if t.kind == "t4block"}
    outcomes = [m for m in sorted(matches, key=lambda m: m.start)
                if any(t.kind == "t4out" and t.id != "total" for t in m.targets)
                and not any(t.kind in ("t3row", "derived", "t4block") for t in m.targets)]
    if len(blocks) != 1 or len(outcomes) < 2 or _EACH_RE.search(question) or not any(
            not outcomes[0].start <= w.start() < outcomes[-1].end for w in _SUM_RE.finditer(question)):
        return None  # (a sum word outside the joined results: "维持的和纠正的各几件" adds nothing)
    ids = [next(t.id for t in m.targets if t.kind == "t4out") for m in outcomes]
    joins = [_joined(question[a.end:b.start], True, either=False) for a, b in zip(outcomes, outcomes[1:])]
    if None in joins or len(set(ids)) != len(ids):
        return None
    block = blocks.pop()
    return SpelledOut(Metric(4, row=rf.T4_ROW.id, parts=tuple(f"{block}.{o}" for o in ids)),
                      tuple(m.text for m in outcomes) + tuple(j for j in joins if j))


def _blanked(question: str, matches: Sequence[_Match]) -> str:
    """The question with these matches' words blanked (same length, so every position stays)."""
    chars = list(question)
    for m in matches:
        chars[m.start:m.end] = " " * (m.end - m.start)
    return "".join(chars)


def spelled_out(question: str, matches: Sequence[_Match]) -> SpelledOut | None:
    """The sum or share of 表三 rows the question writes out, when it writes out more than one row on a
    side (a share of one row over one row is :func:`shares.named_denominator`'s); or results of one 表四
    block added.

    >>> # "予以公开加上部分公开一共多少" → Metric(3, parts=("granted", "partial"))
    """
    if (added := _outcomes_added(question, matches)) is not None:
        return added
    terms = _terms(matches)
    if not terms or (len(terms) < 2 and set(terms[0].rows) != _BOTH_DISCLOSED):
        return None
    terms = _merged(question, terms)
    if len(terms) < 2 and set(terms[0].rows) != _BOTH_DISCLOSED:
        return None
    if all(r.startswith(_T2) for t in terms for r in t.rows):
        # "penalty decisions plus compulsory-measure decisions": a 表二 column word beside each row is no
        # more than the rows' measure, not something between the joined rows
        question = _blanked(question, [m for m in matches if m.targets and all(t.kind == "t2col" for t in m.targets)])
    outcome = next((t.id for m in matches for t in m.targets if t.kind == "t4out" and t.id != "total"), "total")
    # a sum word between the rows is no sum ("全部公开的和部分公开的": 的和 is "'s and"); nor is anything asked
    # row by row ("…各几件", "分别是多少": each, never their sum)
    conjunctions = any(not terms[0].start <= w.start() < terms[-1].end for w in _SUM_RE.finditer(question)) or any(
        # "if I add A and B": a sum word of the vocabulary (not one that only sums several, 总计 / "total":
        # "上年结转和结转下年度的总计哪个大" compares the two rows' totals)
        not terms[0].start <= m.start < terms[-1].end and any(t.kind == "op" and t.id == "sum" for t in m.targets)
        for m in matches)
    if _EACH_RE.search(question):
        return None
    # a bare slash divides only in a question that asks for a rate ("state-security / social-stability"
    # names one ground, not a share)
    rate_asked = bool(_RATE_RE.search(question))
    division = next((d for d in _DIVIDED_BY_RE.finditer(question)
                     if not any(t.start <= d.start() < t.end for t in terms)
                     and (d.group(0) not in _SLASHES or rate_asked)), None)
    rate_names = tuple(m.text for m in matches if any(
        t.kind == "derived" and rf.DERIVED_BY_ID[t.id].kind == "ratio" for t in m.targets))
    if division is None:
        # "how many requests were granted fully or partially": a framing row first counts nothing itself
        # (only a phrase that is itself the question, "how many requests"; "新收申请中…" restricts the sum)
        if len(terms) >= 2 and set(terms[0].rows) <= _FRAMING_ROWS and _QUESTION_WORD.search(terms[0].text) and _chain(
                question, terms, conjunctions, from_end=False)[0] != terms:
            terms = terms[1:]
        chain, joins = _chain(question, terms, conjunctions, from_end=False)
        named_after = {r for t in terms[1:] for r in t.rows}
        if len(chain) != len(terms) and len(terms) >= 3 and (set(terms[0].rows) == named_after or (
                # (not parts in brackets after the group, nor parts given as examples of it: "把国家秘密、
                # 第三方权益、内部事务这些理由全加起来" may be every reason)
                set(terms[0].rows) > named_after and not _OPENING.search(question[terms[0].end:terms[1].start])
                and not _PARTS_AS_EXAMPLES.search(question[terms[1].start:]))):
            # "total lawsuits (direct plus after reconsideration)": a total named, then spelled out; "the
            # refusals citing internal affairs and those citing process information": a group, then the parts asked
            restated = terms[0]
            chain, joins = _chain(question, terms[1:], conjunctions, from_end=False)
            terms = terms[1:] if len(chain) == len(terms) - 1 else terms
            inside_total = (restated.text,)
        elif len(chain) != len(terms) and len(terms) >= 3 and set(terms[-1].rows) <= {
                r for t in terms[:-1] for r in t.rows} and any(
                terms[-2].end <= w.start() < terms[-1].start for w in _SUM_RE.finditer(question)):
            # "全部公开加上部分公开 一共给公开了多少件": the rows added, then the verb of one of them after the sum word
            restated = terms[-1]
            chain, joins = _chain(question, terms[:-1], conjunctions, from_end=False)
            terms = terms[:-1] if len(chain) == len(terms) - 1 else terms
            inside_total = (restated.text,)
        else:
            inside_total = ()
        rows = _rows(chain)
        if len(chain) != len(terms) or rows is None or not (joins or set(rows) == _BOTH_DISCLOSED):
            return None
        inside = tuple(m.text for m in matches if any(t.start <= m.start and m.end <= t.end for t in chain))
        # 表二 rows: the column named anywhere ("处理决定数量"), else each row's principal measure
        column = next((t.id for m in matches for t in m.targets if t.kind == "t2col"
                       and all(r[len(_T2):] in t.rows for r in rows)), None) if rows and rows[0].startswith(_T2) else None
        metric = _metric(rows, outcome=outcome, t2_column=column)
        return SpelledOut(metric, tuple(t.text for t in chain) + inside + inside_total + tuple(joins) + rate_names,
                          bool(rate_names)) if metric else None
    before = [t for t in terms if t.end <= division.start()]
    after = [t for t in terms if t.start >= division.end()]
    if not before or not after:
        return None
    # the longest joined run on each side ("受理量（新收+上年结转）": the run in brackets, which 受理量 names)
    top, top_joins = max((_chain(question, before[:i], True, from_end=True) for i in range(len(before), 0, -1)),
                         key=lambda c: len(c[0]))
    bottom, bottom_joins = max((_chain(question, after[i:], True, from_end=False) for i in range(len(after))),
                               key=lambda c: len(c[0]))
    numerator, denominator = _rows(top), _rows(bottom)
    if numerator is None or denominator is None or len(numerator) + len(denominator) < 3:
        return None
    if set(denominator) < set(numerator):
        return None  # a whole over one of its parts is no share: the division was misread
    # any other row named must restate one in the expression ("办结率：办结数除以…"), else it is unclear
    named = set(numerator) | set(denominator)
    if any(not set(t.rows) <= named for t in terms if t not in top and t not in bottom):
        return None
    words = tuple(t.text for t in terms) + tuple(top_joins) + tuple(bottom_joins) + (division.group(0),) + rate_names
    metric = _metric(numerator, denominator)
    return SpelledOut(metric, tuple(dict.fromkeys(words))) if metric else None


def count_of_parts(question: str, leftover: list[tuple[int, int, str]], metric: Metric) -> frozenset[str]:
    """The leftover words that count the rows a sum adds ("予以公开和部分公开两项合计": 两项); empty unless it adds two
    or more."""
    if len(metric.parts) < 2:
        return frozenset()
    return grounding.counted_words(question, leftover, metric.table, len(metric.parts))
