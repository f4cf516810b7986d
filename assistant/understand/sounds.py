"""How characters sound: each CJK character's usual toneless reading (潭 → tan), for slips of a pinyin
keyboard ("平谭" typed for 平潭, "申清" for 申请).

Read from ``index/data/char_readings.txt`` (made from pypinyin's table by scripts/make_char_readings.py), so
that no question imports pypinyin on its way (~0.35 s on a cold start).
"""
from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def _table() -> dict[str, str]:
    text = resources.files("index").joinpath("data/char_readings.txt").read_text(encoding="utf-8")
    return {ch: reading for line in text.splitlines() if line and not line.startswith("#")
            for reading, chars in [line.split("\t", 1)] for ch in chars}


def reading(ch: str) -> str:
    """The usual toneless reading of a character; "" for one the table does not know."""
    return _table().get(ch, "")


def alike(a: str, b: str) -> bool:
    """Whether two characters are usually read alike (潭 and 谭: tan)."""
    return bool(reading(a)) and reading(a) == reading(b)
