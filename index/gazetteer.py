"""Which province and prefecture a place lies in, from China's division codes (``data/divisions.csv``).

A question may qualify an agency by a higher place: "Huachuan County (Heilongjiang)", "Hongze District
(Huai'an)", "a paper on transparency in Fujian … Pingtan". Such a place names no second agency when the
agency lies in it; the codes say whether it does (an adcode's first two digits are its province, the first
four its prefecture). Names are matched by their core, without the level word: 洪泽区 → 洪泽, 福建省 → 福建.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from .identity import place_levels

_DATA = Path(__file__).parent / "data" / "divisions.csv"
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# the level words of place names (organs.toml [levels], as index.identity reads them), and the full
# names of three autonomous regions' levels, so that 广西壮族自治区 is 广西 like 广西 in a question
_LEVEL_WORD = re.compile("(?:" + "|".join(sorted({*place_levels(), "维吾尔自治区", "壮族自治区", "回族自治区"},
                                                 key=len, reverse=True)) + ")$")


def core(name: str) -> str:
    """A place name without its level word (福建省 → 福建, 淮安市 → 淮安); two characters at least."""
    stripped = _LEVEL_WORD.sub("", name)
    return stripped if len(stripped) >= 2 else name


@cache
def _divisions() -> dict[str, str]:
    """adcode (6 digits) → name."""
    with _DATA.open(encoding="utf-8") as f:
        rows = csv.reader(line for line in f if not line.startswith("#"))
        next(rows)
        return {code: name for code, name in rows if name not in _PLACEHOLDERS}


@cache
def _by_core() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for code, name in _divisions().items():
        out.setdefault(core(name), []).append(code)
    return {k: tuple(v) for k, v in out.items()}


def is_division(name: str) -> bool:
    """Whether a name is a division of China at any level, by its core (怀安, 怀安县 → True)."""
    return core(name) in _by_core()


def is_province(place: str) -> bool:
    """Whether a place core names a province-level division (福建, 上海 → True; 淮安 → False)."""
    return any(code.endswith("0000") for code in _by_core().get(core(place), ()))


def higher_places(place: str) -> frozenset[str]:
    """The cores of the provinces and prefectures any division of this name lies in (洪泽区 or 洪泽 →
    {江苏, 淮安}); empty for a name the codes do not know."""
    divisions = _divisions()
    out: set[str] = set()
    for code in _by_core().get(core(place), ()):
        for higher in (code[:2] + "0000", code[:4] + "00"):
            if higher != code and higher in divisions:
                out.add(core(divisions[higher]))
    return frozenset(out)


@cache
def _higher_by_pinyin() -> dict[str, str]:
    """Toneless pinyin of every province's and prefecture's core → that core ("heilongjiang" → 黑龙江)."""
    from pypinyin import lazy_pinyin  # only when a question names a place that is not stored

    out: dict[str, str] = {}
    for code, name in _divisions().items():
        if code.endswith("00"):
            key = re.sub(r"[^a-z]", "", "".join(lazy_pinyin(core(name))).lower())
            out.setdefault(key, core(name))
    return out


def higher_place(word: str) -> str | None:
    """The province or prefecture a word names, as its core ("Fujian", "福建省", "福建" → 福建), or None."""
    if re.search(r"[\u4e00-\u9fff]", word):
        found = _by_core().get(core(word), ())
        return core(word) if any(code.endswith("00") for code in found) else None
    key = re.sub(r"[^a-z]", "", word.lower().removesuffix(" province").removesuffix(" city"))
    return _higher_by_pinyin().get(key)
