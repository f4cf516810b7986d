"""Years in a question: 2020, 2020年, 二〇二〇年, ranges, "past three years"; the table format of a year."""
from __future__ import annotations

import re

from index import reportformat as rf
from index.reportformat import FormatVersion

_CN_DIGIT = {"〇": "0", "零": "0", "○": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
             "七": "7", "八": "8", "九": "9"}
_Y = r"(?:(?:19|20)\d{2}|[一二][九〇零○][〇零○一二三四五六七八九]{2})"
_YS = r"\s*(?:年度|年)?"
_RANGE = re.compile(rf"(?:from\s+|从|自)?({_Y}){_YS}\s*(?:-|–|—|~|～|〜|至|到|to|through|till|until)\s*"
                    rf"({_Y}|\d{{2}}(?!\d)){_YS}")
_BETWEEN = re.compile(rf"between\s+({_Y}){_YS}\s+(?:and|&)\s+({_Y}){_YS}")
_SHORT_RANGE = re.compile(r"(?<![\d.])([12]\d)\s*(?:到|至|-|–|~|～)\s*([12]\d)(?![\d.])(?:年度|年)?")
_SHORT_YEAR = re.compile(r"(?<![\d.])([12]\d)(?=年)(?:年度|年)")
# "the 2021 format", "2019版": a format's name, not a year asked about
_NOT_A_YEAR_AFTER = r"(?!\s*-?\s*(?:format|template|style|版|格式|式样|样式))"
_SINGLE = re.compile(rf"(?<![\d])({_Y})(?![\d]){_NOT_A_YEAR_AFTER}{_YS}")
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                 "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_N_YEARS = re.compile(r"(?:(?:the\s+)?(?:past|last|previous|recent|latest)\s+(\d+|two|three|four|five|six|seven|"
                      r"eight|nine|ten)\s+years?)|(?:(?:近|最近|过去)\s*(\d+|[两二三四五六七八九十])\s*个?\s*年)")


def _year_value(text: str) -> int:
    return int("".join(_CN_DIGIT.get(ch, ch) for ch in text))


def format_of(year: int) -> FormatVersion:
    """The table format a report year uses by default (FORMAT.md §8: ≤ 2020 → 2019, else 2021)."""
    return rf.detect_format("", year)


# ---------------------------------------------------------------------------
# Text folding
# ---------------------------------------------------------------------------

