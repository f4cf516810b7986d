"""The form of an agency-like name no stored agency matches: "Nanjing City", "the Ministry of Education",
"Guangzhou" — English place and organ words, and capitalised words that spell pinyin syllables.

:mod:`.mentions` finds such names in a question so that one no stored agency matches is refused by name
(never answered with another agency's figure)."""
from __future__ import annotations

import re
from functools import cache

from .grounding import _function_words
from .lexicon import _vocabulary

_EN_PLACE_WORDS = "County|City|District|Province|Prefecture|Banner|Municipality|Region"
_EN_UNKNOWN_PLACE = re.compile(rf"\b((?:[A-Z][a-z]+)(?:[ '\-][A-Z][a-z]+)*)\s+(?:{_EN_PLACE_WORDS})\b")
_EN_LEADING_STOP = frozenset({"In", "For", "Did", "Does", "Do", "The", "What", "How", "Which", "And", "Of", "At",
                              "By", "From", "Was", "Were", "Is", "Are", "Has", "Had", "About", "Compare", "Show"})

# "the Ministry of Education", "State Taxation Administration", "Harbin Municipal Bureau of Justice"
_EN_ORGAN_WORDS = ("Ministry|Bureau|Commission|Office|Department|Administration|Committee|Agency|Authority|"
                   "Council|Government|Center|Centre|Court|Procuratorate|Federation")
_EN_UNKNOWN_ORGAN = re.compile(
    rf"(?:\b(?:[A-Z][a-z]+[ -])*(?:{_EN_ORGAN_WORDS})\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][a-z]+)(?:\s+(?:and\s+)?[A-Z][a-z]+)*)"
    rf"|(?:\b(?:[A-Z][a-z]+[ -])+(?:{_EN_ORGAN_WORDS})\b)")


_CAPITALISED = re.compile(r"\b([A-Z][a-z]{4,})(?:'s|’s)?\b")


_PINYIN_LETTERS = re.compile(r"[a-z]+")


@cache
def _pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (from pypinyin's character table; built on first use)."""
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = "".join(ch for ch in unicodedata.normalize("NFD", reading) if not unicodedata.combining(ch))
            if plain.isascii() and plain.isalpha():
                out.add(plain.lower().replace("ü", "v"))
    return frozenset(out)


@cache
def is_pinyin_place(word: str) -> bool:
    """Whether a capitalised English word spells two or more pinyin syllables ("Guangzhou", "Xiamen"):
    the form of a Chinese place name. English words of the vocabulary are never places."""
    w = word.lower()
    if w in _english_vocabulary_words() or w in _function_words()[2] or not _PINYIN_LETTERS.fullmatch(w):
        return False  # before the syllable table is loaded (a cold English question does not pay for it)
    syllables = _pinyin_syllables()
    best = [0] + [-1] * len(w)  # syllables in the best split of w[:i] (-1: none)
    for i in range(1, len(w) + 1):
        for j in range(max(0, i - 6), i):
            if best[j] >= 0 and w[j:i] in syllables and best[j] + 1 > best[i]:
                best[i] = best[j] + 1
    return best[len(w)] >= 2


@cache
def _english_vocabulary_words() -> frozenset[str]:
    vocab = _vocabulary()
    return frozenset(w for key in vocab.en for w in key.split())
