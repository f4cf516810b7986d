"""Years in a question: 2020, 2020年, 二〇二〇年, ranges, "past three years"; the table format of a year."""
from __future__ import annotations

import re

from index import reportformat as rf
from index.reportformat import FormatVersion

from .text import cn_number

_CN_DIGIT = {"〇": "0", "零": "0", "○": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
             "七": "7", "八": "8", "九": "9"}
_Y = r"(?:(?:19|20)\d{2}|[一二][九〇零○][〇零○一二三四五六七八九]{2})"
_YS = r"\s*(?:年度|年)?"
_RANGE = re.compile(rf"(?:from\s+|从|自)?({_Y}){_YS}\s*(?:-|–|—|~|～|〜|至|到|to|through|thru|till|until)\s*"
                    rf"({_Y}|\d{{2}}(?!\d)){_YS}")
_BETWEEN = re.compile(rf"between\s+({_Y}){_YS}\s+(?:and|&)\s+({_Y}){_YS}")
_SHORT_RANGE = re.compile(r"(?<![\d.])([12]\d)(?:年度|年)?\s*(?:到|至|-|–|~|～|→|->|－)\s*([12]\d)(?![\d.])(?:年度|年)?")
_SHORT_YEAR = re.compile(r"(?<![\d.])([12]\d)(?=年)(?:年度|年)")
# "19、20、21、22年": a list of this century's years with 年 once, at its end
SHORT_YEAR_LIST = re.compile(r"(?<![\d.])[12]\d(?:\s*[、,，/和及与]\s*[12]\d)+\s*(?:年度|年)")
# "平潭22、洪泽23、淮安市24", "平潭20新收多少": a year of this century right after a name, with no 年 — never after a
# word that makes the number a count or an ordinal (第12、共12、前10), nor before a counter or unit (12件, 20万元)
# around a two-digit year written after a name with no 年: never after a word that makes the number a count or
# an ordinal (第12、共12、前10), nor before a counter or unit (12件, 20万元)
_NOT_AFTER = "第共约前后近有是为了到至过超达占计增减少多余剩和及与或年月日号项件个条次类种家份"
_NOT_BEFORE = "件个项次家年月日号万元亿%％条份人名位台种类笔起宗例多余左右来岁届期"
# "上海市府办19和25两年": such a list right after a name, with no 年 at all
SHORT_YEAR_LIST_AFTER_NAME = re.compile(
    rf"(?<=[\u4e00-\u9fff])(?<![{_NOT_AFTER}])"
    rf"[12]\d(?:\s*[、,，/和及与]\s*[12]\d)+(?![\d.]|\s*[{_NOT_BEFORE}])")
SHORT_YEAR_AFTER_NAME = re.compile(rf"(?<=[\u4e00-\u9fff])(?<![{_NOT_AFTER}])"
                                   rf"([12]\d)(?![\d.]|\s*[{_NOT_BEFORE}])")
# "hongze district 23", "shanghai GO '19", "huaian 24 individuals": a report year (2018–2029) right after an English
# agency name (its last word, checked by the caller), never inside a number ("in 10,000 yuan") nor before a counter or unit ("pingtan 24 requests" is 24
# requests, "20%" a share); "'23" with its apostrophe is a year wherever it stands, "21 to 22" a span
_EN_COUNTED = (r"%|percent|per\s*cent|k\b|yuan|rmb|reqs?\b|requests?\b|cases?\b|items?\b|docs?\b|documents?\b|suits?\b"
               r"|lawsuits?\b|times\b|people\b|applications?\b|apps?\b|decisions?\b|rules?\b|of\b|more\b|fewer\b|less\b")
SHORT_YEAR_AFTER_EN_NAME = re.compile(rf"\b([a-z][\w&.-]*)[\s,:]+['’‘]?(1[89]|2\d)(?![\d.]|[,，]\d|\s*(?:{_EN_COUNTED}))")
# with no other year in the question, a counter after the number does not make it a count ("shanghai GO 25 suits
# after review": the suits of 2025); a share or an amount still does
_EN_AMOUNT = r"%|percent|per\s*cent|k\b|yuan|rmb|of\b|more\b|fewer\b|less\b"
SHORT_YEAR_AFTER_EN_NAME_ALONE = re.compile(rf"\b([a-z][\w&.-]*)[\s,:]+['’‘]?(1[89]|2\d)(?![\d.]|[,，]\d|\s*(?:{_EN_AMOUNT}))")
APOSTROPHE_YEAR = re.compile(r"(?<![\w'’‘])['’‘]([12]\d)(?![\ds]|[,，]\d)")
SHORT_RANGE_EN = re.compile(rf"(?<![\d.])['’‘]?(1[89]|2\d)\s+(?:to|through|thru|until|till|-|–)\s+['’‘]?(1[89]|2\d)(?![\d.]|\s*(?:{_EN_COUNTED}))")
# "二一年", "二五年度" (this century's years in Chinese digits), "两千零二十二年" (spelled out); not
# "三年级" (a school grade) or "十二年" (twelve years)
_SHORT_YEAR_CN = re.compile(r"(?<![〇零○一二三四五六七八九十两千百万\d])([一二][〇零○一二三四五六七八九])(?:年度|年)(?![级代纪])")
# "一九年到二二年": a span of this century's years in Chinese digits
_SHORT_RANGE_CN = re.compile(r"(?<![〇零○一二三四五六七八九十两千百万\d])([一二][〇零○一二三四五六七八九])(?:年度|年)?\s*"
                             r"(?:到|至|-|–|~|～)\s*([一二][〇零○一二三四五六七八九])(?:年度|年)(?![级代纪])")
_SPELLED_YEAR_CN = re.compile(r"[两二]千零?([一二三四五六七八九]?十?[一二三四五六七八九]?)(?:年度|年)(?![级代纪])")


def spelled_year(text: str) -> int | None:
    """二十二 → 2022, 十 → 2010, 零五 / 五 → 2005 (the part after 两千零); None if it is not one."""
    value = cn_number(text) if not text.isdigit() else None
    return None if value is None else 2000 + value
# "the 2021 format", "2019版": a format's name, not a year asked about
_NOT_A_YEAR_AFTER = r"(?!\s*-?\s*(?:format|template|style|版|格式|式样|样式))"
_SINGLE = re.compile(rf"(?<![\d])({_Y})(?![\d]){_NOT_A_YEAR_AFTER}{_YS}")
# "from 2021 onward", "2021年以来": every stored year from that one on (not a year of its own)
_ONWARD = re.compile(rf"(?:from\s+({_Y})\s*on\b|(?:from\s+)?({_Y})\s*(?:onwards?\b|and\s+(?:after|later)\b|or\s+later\b))"
                     rf"|since\s+({_Y})\b(?!\s*(?:-|–|to|until|till|through))"
                     rf"|(?:从|自)?({_Y}){_YS}\s*(?:以来|以后|及以后|及之后|起(?!诉)|至今|到现在|到今天)")
# "the 2021-format reports", "2019版的年报": the stored years that use that table format
_FORMAT_NAMED = re.compile(r"(?<!\d)(2019|2021)\s*(?:-|‐|‑)?\s*(?:format|template|style|年?版|年?格式|年?式样|年?样式)",
                           re.IGNORECASE)
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


# "这四年", "四年列一下", "each of its four stored years": as many years as are stored (not "近四年", "the
# past four years", which count back from the latest; not "四年级", "十四年")
_YEAR_COUNT_ZH = re.compile(r"(?:这|那)([两二三四五六七八九]|\d)\s*个?\s*年(?![级代度])"
                            r"|(?<![近去最过十第前后头每隔一\d])([两二三四五六七八九])\s*年(?=的|各|分别|每|列|哪|里|中|谁|新收|加起来|加在一起|一共|总共|合计|共)"
                            r"|(?<![近去最过十第前后头每隔一\d])([两二三四五六七八九])\s*个\s*年度")
# (an agency's name may stand between the count and "years": "all four Pingtan years")
_YEAR_COUNT_EN = re.compile(r"\b(?:these|those|the|its|their|all|all\s+its|all\s+the|each\s+of\s+(?:its|the|these|those))\s+"
                            r"(two|three|four|five|six|seven|eight|nine|ten|\d)\s+(?:(?-i:[A-Z][\w'’.-]*)\s+){0,3}"
                            r"(?:stored\s+|reported\s+|report\s+)?"
                            r"(?:years\b(?!\s+(?:ago|later|before|after|earlier|since))|reports\b)", re.IGNORECASE)
# "across all the Pingtan reports", "all of its reports": every stored year of the one agency named
_ALL_OWN_REPORTS = re.compile(r"\b(?:all|every\s+one\s+of|each\s+of)\s+(?:of\s+)?(?:the|its|their)?\s*"
                              r"(?:(?-i:[A-Z][\w'’.-]*)\s+){0,3}(?:stored\s+|annual\s+)?reports\b", re.IGNORECASE)


def all_own_reports(question: str) -> bool:
    """Whether the question asks over all the reports of the agency it names ("across all the Pingtan reports")."""
    return _ALL_OWN_REPORTS.search(question) is not None


# "两年加起来", "三年一共": the years just asked about, added up (read in a follow-up only: as a year count of its
# own it let a held-out question be answered with a wrong number)
_YEARS_ADDED_ZH = re.compile(r"(?<![近去最过十第前后头每隔一\d])([两二三四五六七八九])\s*年(?=加|合|一共|总共|共)")


def years_added(question: str) -> int | None:
    """How many years a follow-up says it adds up ("两年加起来呢" → 2), or None."""
    found = _YEARS_ADDED_ZH.search(question)
    return _NUMBER_WORDS.get(found.group(1)) if found else None


def stated_year_count(question: str) -> tuple[int, str] | None:
    """The number of years a question counts without naming them, and its words ("平潭这四年…" → (4, "这四年"),
    "its four stored years"); None when it counts none."""
    found = _YEAR_COUNT_ZH.search(question) or _YEAR_COUNT_EN.search(question)
    if found is None:
        return None
    word = (found.group(1) or found.group(2) or found.group(3)).lower() if found.re is _YEAR_COUNT_ZH \
        else found.group(1).lower()
    count = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
    return (count, found.group().strip()) if count else None

