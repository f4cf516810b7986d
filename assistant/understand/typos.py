"""A word typed by its sound: "申清" for 申请, "复义" for 复议 — a pinyin keyboard's slip; and an English
word misspelt by one letter: "reconsidration" for reconsideration.

A two-character word the question leaves unaccounted is read as the one known word (a word of the metric
vocabulary, a request frame, a function word) that differs from it in one character usually read alike; an
English word of seven letters or more, as the one known word one edit away (a letter added, dropped, changed
or two swapped). The question is read again with that word; the reading is kept only when it is then
grounded, and "Understood as" shows what was typed. Anything else stays as it was: asked back.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache

from rapidfuzz.distance import DamerauLevenshtein
from rapidfuzz.process import extract

from .grounding import _function_words
from .lexicon import _vocabulary
from .sounds import alike
from .text import _CJK, _stem
from .types import Query
from .words import CARRY_OVER, REQUEST_FRAMES

# question and pointing words read alike but mean other things (哪类 "which type" is not 那类 "that type"),
# and a negation is never swapped for anything (不是 is not 还是; characters are compared by their usual
# reading only: a rare reading of 不 would make it sound like 还)
_NEVER = frozenset("哪那这谁啥么吗呢不没未非无别否")


@cache
def _known_patterns() -> dict[str, tuple[str, ...]]:
    """Known Chinese words of two to six characters by each of their one-character-blank patterns ("申_" → 申请,
    申报 …; "规范_" → 规范性)."""
    zh, _, _ = _function_words()
    words = {w for w in (*_vocabulary().zh, *zh, *REQUEST_FRAMES, *CARRY_OVER)
             if 2 <= len(w) <= 6 and all(_CJK.match(c) for c in w)}
    out: dict[str, list[str]] = {}
    for w in words:
        for i in range(len(w)):
            out.setdefault(w[:i] + "_" + w[i + 1:], []).append(w)
    return {k: tuple(v) for k, v in out.items()}


def sound_fix(word: str) -> str | None:
    """The one known word ``word`` is a slip for (one character different, usually read alike: 申清 for 申请,
    规范姓 for 规范性, 规范性文建 for 规范性文件), or None."""
    if not 2 <= len(word) <= 6 or not all(_CJK.match(c) for c in word) or set(word) & _NEVER:
        return None
    found = set()
    for i in range(len(word)):
        for known in _known_patterns().get(word[:i] + "_" + word[i + 1:], ()):
            if known != word and not set(known) & _NEVER and alike(known[i], word[i]):
                found.add(known)
    return found.pop() if len(found) == 1 else None


@cache
def _english_words() -> tuple[str, ...]:
    """The known English words (as the vocabulary stems them) long enough to be misspelt recognisably."""
    _, _, function_en = _function_words()
    tokens = {t for key in _vocabulary().en for t in key.split()} | set(function_en)
    return tuple(sorted(t for t in tokens if t.isascii() and t.isalpha() and len(t) >= 6))


def spelling_fix(word: str) -> str | None:
    """The one known English word ``word`` is a one-edit slip for ("reconsidration" → reconsideration's
    stem), or None: short words (a slip there is often another word) and ties are left alone."""
    if not (word.isascii() and word.isalpha() and len(word) >= 7):
        return None
    stem = _stem(word.lower())
    near = extract(stem, _english_words(), scorer=DamerauLevenshtein.distance, score_cutoff=1, limit=3)
    # (an edit of the last letter alone makes another form of a word, not a slip: "different" is no "differenc(e)",
    # and "different thing: …" was read as a difference with the previous turn's agency)
    found = {known for known, distance, _ in near if distance == 1 and known[:-1] != stem[:-1]
             and known not in (stem[:-1], stem + known[-1:])}
    return _vocabulary().surface.get(found.pop(), None) if len(found) == 1 else None


def _slips_in(word: str) -> tuple[tuple[str, str], ...]:
    """The slips a leftover word may hold, one of which is meant: the word itself, or each two-character
    window of a three- or four-character piece that reads as a known word ("政复义": 复义 for 复议, and 政复
    for 政府 — the re-reading keeps the one that grounds the question)."""
    fixed = sound_fix(word) or spelling_fix(word)  # (a whole piece of two to six characters, one slip in it)
    if fixed is not None:
        return ((word, fixed),)
    if 3 <= len(word) <= 4 and all(_CJK.match(c) for c in word):
        return tuple(dict.fromkeys((word[i:i + 2], k) for i in range(len(word) - 1)
                                   if (k := sound_fix(word[i:i + 2])) is not None))
    return ()


def _slips_around(question: str, word: str) -> tuple[tuple[str, str], ...]:
    """The slips of a known word only part of which was left over ("规范姓文件": 文件 was read, 规范姓 left; "律师事物所":
    律师 was read): each window of three to six characters of the question that holds a character of the leftover
    piece and reads as a known word with one slip."""
    start = question.find(word)
    if start < 0 or not all(_CJK.match(c) for c in word):
        return ()
    end = start + len(word)
    out: dict[tuple[str, str], None] = {}
    for length in range(6, 2, -1):
        for s in range(max(0, start - length + 1), min(end, len(question) - length + 1)):
            window = question[s:s + length]
            if window == word or not all(_CJK.match(c) for c in window):
                continue
            if (known := sound_fix(window)) is not None:
                out[(window, known)] = None
    return tuple(out)[:4]


def names_a_cell(word: str) -> bool:
    """Whether a known word is a word of the cells' vocabulary (复议, 结转), not only a function word or frame (政府)."""
    return word in _vocabulary().zh or word in CARRY_OVER


def with_sound_fixes(question: str, unaccounted: tuple[str, ...]
                     ) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """The question with its unaccounted slips replaced by their known words, and the (typed, read) pairs: one
    version per way of reading them (a piece with two possible slips gives two), at most eight."""
    options: list[tuple[tuple[str, str], ...]] = [()]
    for w in unaccounted:
        slips = _slips_in(w) or _slips_around(question, w)
        if slips:
            options = [(*o, slip) for o in options for slip in slips][:8]
    out = []
    for fixes in options:
        if not fixes:
            continue
        fixed = question
        for typed, known in fixes:
            fixed = re.sub(rf"\b{re.escape(typed)}\b", known, fixed) if typed.isascii() else fixed.replace(typed, known)
        out.append((fixed, fixes))
    return out


def reread_with_slips(question: str, unaccounted: tuple[str, ...], read: Callable[[str], Query]) -> Query | None:
    """The question read again with its slips fixed ("申清" for 申请), kept only when that reading is grounded —
    and, where a piece may hold two slips, only when exactly one of its readings is, or exactly one names a
    cell ("政复义": 复义 → 复议 names one, 政复 → 政府 only frames); None otherwise."""
    readings = [(read(fixed), slips) for fixed, slips in with_sound_fixes(question, unaccounted)]
    grounded = [(again, slips) for again, slips in readings if again.grounded]
    if len(grounded) > 1:
        grounded = [(q, slips) for q, slips in grounded if all(names_a_cell(known) for _, known in slips)]
    if not grounded:
        # "节转的申请有多少件": read as 结转 it names a cell, though not which one — asked back about that cell
        # (a question back states no number) rather than refused as a quantity no report records
        grounded = [(q, slips) for q, slips in readings if q.metric is not None and q.unaccounted
                    and all(names_a_cell(known) for _, known in slips)
                    and not any(typed in q.unaccounted for typed, _ in slips)]
    if len(grounded) != 1:
        return None
    again, slips = grounded[0]
    return replace(again, question=question, flags=(*again.flags, "sound_fix"), typed=tuple(slips))
