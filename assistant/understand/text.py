"""Folding a question for matching: NFKC, case, apostrophes; the keys of Chinese and English phrases."""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from index import reportformat as rf

from .question_data import QUESTION_WORDS

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+")
_ARTICLES = frozenset({"the", "a", "an"})  # skipped in English vocabulary phrases and questions
_APOSTROPHES = frozenset("'’‘`´")
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


# "A percentage is fine.", "a rough figure would be fine": a courtesy, not the penalties' "fines"
_COURTESY = re.compile(r"\b(?:is|are|would\s+be|will\s+be|that'?s|that\s+is|that[’']s)\s+(?:fine|ok|okay)\b", re.IGNORECASE)


def without_courtesy(question: str) -> str:
    """The question with "… is fine" / "would be fine" blanked (same length, so every position stays)."""
    return _COURTESY.sub(lambda m: " " * len(m.group()), question)


def cn_number(text: str) -> int | None:
    """A number under 100 written in digits or Chinese numerals: 16, 五 → 5, 十 → 10, 十六 → 16, 三十九 → 39;
    None when it is not one."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
            return None
        return 10 * (_CN_DIGITS[tens] if tens else 1) + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS.get(text) if len(text) == 1 else None


# Latin vowels with pinyin tone marks, and ü, to their plain letters (one character each, so that
# positions still line up)
_TONE_MARKED = {c: unicodedata.normalize("NFD", c)[0] for c in "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"} | {"ü": "v"}


@cache
def _variants() -> tuple[tuple[str, str], ...]:
    """(variant, usual) writings of one word, of equal length (question_words.toml [variant_spellings])."""
    pairs = tuple(QUESTION_WORDS["variant_spellings"].items())
    assert all(len(a) == len(b) for a, b in pairs), "a variant writing must keep every position"
    return pairs


def _fold(text: str) -> tuple[str, list[int]]:
    """NFKC + lowercase, apostrophes dropped; with each folded character's index in ``text``."""
    out: list[str] = []
    pos: list[int] = []
    skip = False
    for i, ch in enumerate(text):
        if skip:
            skip = False
            continue
        if ch in _APOSTROPHES:
            # The possessive "Pingtan's" → "pingtan"; "Huai'an" → "huaian".
            skip = text[i + 1:i + 2] in ("s", "S") and not text[i + 2:i + 3].isalpha()
            continue
        folded = unicodedata.normalize("NFKC", ch).lower()
        if folded in _TONE_MARKED:  # pinyin with tone marks ("Huái'ān Shì"): the plain letter
            folded = _TONE_MARKED[folded]
        for c in folded:
            out.append(c)
            pos.append(i)
    joined = "".join(out)
    for variant, usual in _variants():
        joined = joined.replace(variant, usual)
    return _expanded(joined, pos)


@cache
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    """English short forms read as the words they stand for (question_words.toml [english_abbreviations])."""
    table = {k.lower(): v for k, v in QUESTION_WORDS["english_abbreviations"].items()}
    alternatives = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])"), table


def _expanded(folded: str, pos: list[int]) -> tuple[str, list[int]]:
    """The folded question with English short forms written out ("prev yr" → "previous year"); each character of a
    written-out word but the first takes the position of the short form's last character, so a phrase matched
    across it (or a part of it from its start: "year" of "yoy") still maps back onto the whole short form as typed."""
    pattern, table = _abbreviations()
    if not pattern.search(folded):
        return folded, pos
    out: list[str] = []
    new_pos: list[int] = []
    last = 0
    for m in pattern.finditer(folded):
        out.append(folded[last:m.start()])
        new_pos.extend(pos[last:m.start()])
        full = table[m.group()]
        first, end = pos[m.start()], pos[m.end() - 1]
        out.append(full)
        new_pos.extend([first] + [end] * (len(full) - 1))
        last = m.end()
    out.append(folded[last:])
    new_pos.extend(pos[last:])
    return "".join(out), new_pos


@cache
def _label_char(ch: str) -> str:
    return rf.normalize_label(ch).lower()


def _zh_key(phrase: str) -> str:
    return rf.normalize_label(phrase).lower()


def _stem(word: str) -> str:
    # American spellings fold to the British ones the format module uses: centralized → centralised
    word = re.sub(r"(?<=[a-z]{3})iz(e|ed|es|ing|ation|ations)$", r"is\1", word)
    if len(word) > 4 and word.endswith(("ies", "ied")):  # carries, carried → carry
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def _en_key(phrase: str) -> str:
    folded, _ = _fold(phrase)
    return " ".join(_stem(w) for w in _WORD.findall(folded) if w not in _ARTICLES)


def _has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def _short_label(label: str) -> str:
    """Drop a trailing explanatory note: （二）部分公开（区分处理的…） → （二）部分公开."""
    return re.sub(r"(?<=[^）)])[（(][^（）()]{2,}[）)]$", "", label)


def _strip_number(label: str) -> str:
    """一、本年新收… → 本年新收…; （一）予以公开 → 予以公开; 1.属于国家秘密 → 属于国家秘密."""
    return re.sub(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．])", "", label)


# ---------------------------------------------------------------------------
# The vocabulary, built once from reportformat
# ---------------------------------------------------------------------------
