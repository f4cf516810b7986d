"""The law, checked in one place: every word of a question is accounted for.

A question's words are explained by the scan (years, agency names, the metric vocabulary, question
words). What is left over is compared with the function words of ``index/data/question_words.toml``
(particles, question frames, "the report", frame verbs such as 收到/received); anything else is an
*unaccounted* word that could name another agency, row, column or year, so no number is stated
for the question: it is asked back or refused (see ``assistant.qa``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from .question_data import QUESTION_WORDS
from .text import _CJK, _fold, _stem

_LATIN_WORD = re.compile(r"[a-z][a-z0-9']*|\d+")
_DEMONSTRATIVE_WAY = re.compile(r"\b(?:that|this|which|what|the same|any|either)\s+way\b")
_DATA = QUESTION_WORDS


@cache
def _function_words() -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    words = _DATA["function_words"]
    whole = _DATA["region_words"]["whole"]  # 全区, "as a whole": the named region's government itself
    zh_words = list(words["zh"]) + [w for w in whole if _CJK.search(w)]
    # (a phrase of several words counts only as a whole, _whole_region_phrases: "administrative committee" made
    # "administrative" a function word, and "administrative confirmation" was read as a 表三 row)
    en_words = list(words["en"]) + [w for w in whole if not _CJK.search(w) and len(w.split()) == 1]
    zh = tuple(sorted({w for w in zh_words if len(w) >= 2}, key=len, reverse=True))
    singles = frozenset(w for w in zh_words if len(w) == 1)
    en = frozenset({w.lower() for w in en_words} | {_stem(w.lower()) for w in en_words})
    return zh, singles, en


@cache
def _whole_region_phrases() -> re.Pattern[str]:
    """The English phrases of several words that name a region's own government ("the zone itself",
    "administrative committee") or are function words together ("at the close of"), folded; each is accounted
    for only when written whole."""
    # (so are the function words of several words: "at the close of", "in other words", "I'd like to confirm")
    several = [*_DATA["region_words"]["whole"], *_DATA["function_words"]["en"]]
    # (a hyphenated word is several words too: "open-government", "fact-check")
    phrases = sorted({_fold(w)[0] for w in several if not _CJK.search(w) and (len(w.split()) > 1 or "-" in w.strip("-"))},
                     key=len, reverse=True)
    return re.compile("|".join(rf"\b{re.escape(p)}\b" for p in phrases) or r"(?!x)x")


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of these words, longest first; English ones as whole words ("e.g." ends at its dot)."""
    return "|".join(rf"\b{re.escape(w)}" + (r"\b" if w[-1].isalnum() else "") if w.isascii() else re.escape(w)
                    for w in sorted(set(words), key=len, reverse=True))


# A clause that sets parts aside ("not companies", "neither businesses … nor law firms", "不算个人的"): its head,
# what may stand between the parts it names (joining words, heads again: "and not", commas), and a head right
# before a word (with only joining words between)
_SET_ASIDE_DATA = _DATA["set_aside"]
SET_ASIDE = re.compile(alternation(_SET_ASIDE_DATA["heads"]), re.IGNORECASE)
# (a year between the head and what it sets aside dates it: "not counting the one carried over from 2021",
# "不算从2021年结转过来的")
_DATED = r"(?:从|自|由)?(?:19|20)\d\d年?"
SET_ASIDE_JOINING = re.compile(r"(?:[\s,，、/]|" + _DATED + "|" + alternation(
    {*_SET_ASIDE_DATA["joins"], *_SET_ASIDE_DATA["heads"]}) + ")+", re.IGNORECASE)
SET_ASIDE_BEFORE = re.compile(rf"(?:{alternation(_SET_ASIDE_DATA['heads'])})(?:[\s,，、]|{_DATED}|"
                              rf"{alternation(_SET_ASIDE_DATA['joins'])})*$", re.IGNORECASE)


def set_aside_at(question: str, start: int) -> bool:
    """Whether the word at ``start`` is set aside by a head right before it ("not counting the one carried over",
    "不算从2021年结转过来的"): it is not what is asked."""
    return bool(SET_ASIDE_BEFORE.search(question[max(0, start - 24):start]))

# particles that never begin a word, stripped from the front of a piece whatever is left
_FUNCTION_DATA = _DATA["function_words"]
NEVER_SLIPS: frozenset[str] = frozenset(_FUNCTION_DATA["never_slips"])
_NEVER_INITIAL = frozenset(_FUNCTION_DATA["never_initial"])
_SENTENCE_FINAL = frozenset(_FUNCTION_DATA["sentence_final"])


def _strip_singles(piece: str) -> str:
    """Single-character function words (的, 有, 个) at either end of a piece: stripped while what
    remains is still a word of two characters, or when the piece is nothing but such characters —
    so 个项目 → 项目 and 人口 stays 人口 (人 is a function character only on its own)."""
    _, singles, _ = _function_words()
    if all(ch in singles for ch in piece):
        return ""
    while piece and piece[0] in _NEVER_INITIAL:  # 的判 → 判: no word starts with a particle
        piece = piece[1:]
    while piece and piece[-1] in _SENTENCE_FINAL:  # 区呢 → 区
        piece = piece[:-1]
    while piece and piece[0] in singles and len(piece) > 2:
        piece = piece[1:]
    while piece and piece[-1] in singles and len(piece) > 2:
        piece = piece[:-1]
    return piece


def _strip_zh(run: str) -> list[str]:
    """The pieces of a Chinese run that no function word covers (longest function words first)."""
    zh, _, _ = _function_words()
    covered = [False] * len(run)
    for word in zh:
        start = run.find(word)
        while start >= 0:
            for i in range(start, start + len(word)):
                covered[i] = True
            start = run.find(word, start + 1)
    pieces, current = [], ""
    for ch, c in zip(run, covered, strict=True):
        if c:
            if current:
                pieces.append(current)
            current = ""
        else:
            current += ch
    if current:
        pieces.append(current)
    return [p for p in (_strip_singles(p) for p in pieces) if p]


_NEGATIONS_ZH = tuple(sorted(_DATA["negations"]["zh"], key=len, reverse=True))
_ASKING_FORMS_ZH = tuple(sorted({*_DATA["intents"]["yes_no_zh"], *_DATA["negations"]["asking_forms_zh"]}, key=len,
                               reverse=True))


_NOT_THIS_AGENCY = tuple(sorted((w for w in _DATA["region_words"]["not_this_agency"] if not w.isascii()), key=len,
                                reverse=True))


def negations_left(leftover: list[tuple[int, int, str]]) -> tuple[str, ...]:
    """The Chinese negations in the leftover text ("说没有这信息的"), outside the forms that only ask yes or no
    (有没有, 是不是, 对不对 …). They are function words one by one, but beside no row named they name one: an
    outcome (不掌握, 不予公开), never the default row."""
    out: list[str] = []
    for _, _, text in leftover:
        for form in _ASKING_FORMS_ZH + _NOT_THIS_AGENCY:  # (not "不是公安局": that sets an agency aside)
            text = text.replace(form, " ")
        out.extend(n for n in _NEGATIONS_ZH if n in text and not any(n in o for o in out))
    return tuple(out)


_COUNTED_ZH = re.compile(r"[两二三四五六七八九十]+(?:个年头|年|家|份)")
_COUNTED_EN = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten)\s+(?:years|reports|agencies|governments)\b")


def counts_left(leftover: list[tuple[int, int, str]]) -> tuple[str, ...]:
    """The counts of years or reports left in the leftover text ("两年", "三家", "the two years") once the reading has
    explained the numbers it can: a count is a word of its own, never a stray numeral beside the function word 年 or
    "years" (a count the reading does not match was answered as one year)."""
    out: list[str] = []
    for _, _, text in leftover:
        out.extend(_COUNTED_ZH.findall(text))
        folded, _ = _fold(text)
        out.extend(m.group() for m in _COUNTED_EN.finditer(folded))
    return tuple(dict.fromkeys(out))


def unaccounted(leftover: list[tuple[int, int, str]]) -> tuple[str, ...]:
    """The words of the question's leftover text that are neither explained nor function words.

    Chinese: pieces of two or more characters (a single stray character — a typo, a measure word —
    names nothing on its own). English: words that are not function words, and numbers (a
    number left over is not a year, and may name a row: 第1项)."""
    _, _, en = _function_words()
    out: list[str] = []
    for _, _, text in leftover:
        cjk = "".join(ch if _CJK.match(ch) else " " for ch in text)
        for run in cjk.split():
            out.extend(p for p in _strip_zh(run) if len(p) >= 2)
        folded, _ = _fold("".join(" " if _CJK.match(ch) else ch for ch in text))
        folded = _DEMONSTRATIVE_WAY.sub(" ", folded)  # "disposed of that way"; "went their way" is left over
        folded = _whole_region_phrases().sub(" ", folded)  # "the zone itself", "administrative committee"
        for word in _LATIN_WORD.findall(folded):
            if word in en or _stem(word) in en or (len(word) <= 1 and not word.isdigit()):
                continue
            out.append(word)  # a number that is not a year ("第1项", "10,000") may name a cell
    return tuple(dict.fromkeys(out))


_NUMBER = re.compile(r"\d+(?:[,，]\d{3})*(?:\.\d+)?|[一二三四五六七八九十两]+(?=项|小项|个|类|种|份|家|年|块|栏)|\b(?:one|two|three|four|five|"
                     r"six|seven|eight|nine|ten)\b", re.IGNORECASE)
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
                 "十": 10}
_TABLE_BEFORE = re.compile(r"(?:table|表)\s*$", re.IGNORECASE)
_ORDINAL_BEFORE = re.compile(r"第\s*$|(?:item|no\.?|number|#)\s*$", re.IGNORECASE)  # 第8项, item 8: which one
_COUNT_AFTER = re.compile(r"^\s*(?:项|个理由|类|种|块|栏|部分|小项|子项|个分项|个小项|个子项|个项|个数|条|个情形|种情形|个结果|种结果|个|(?:[\w'’\"“”-]+\s+){0,3}(?:sub[- ]?)?(?:reasons?|items?|grounds?|categories|rows?|lines?|types?|kinds?))",
                          re.IGNORECASE)  # 8项理由, "three sub-rows": how many
# "items 1-8", "第1至8项", "1到8项": every row of a group, numbered from one to its count
_ITEM_RANGE = re.compile(r"(?:items?\s*|第\s*)?(1)\s*(?:-|–|~|至|到|to)\s*(\d)\s*(?:项)?", re.IGNORECASE)
ITEM_ORDINAL = re.compile(r"第\s*(\d|[一二三四五六七八九])\s*(?:项|小项|个)|\bitem\s*(\d)\b", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"^(?:[,，]\d{3})*\s*(?:万元|元|亿元|yuan|rmb|%|percent|k\s*(?:yuan|rmb)|[- ]?thousand\s+(?:yuan|rmb))", re.IGNORECASE)


_GUESS_BEFORE = re.compile(r"(?:是|为|等于|is it|was it|is that|was that)\s*$", re.IGNORECASE)
_GUESS_AFTER = re.compile(r"^\s*(?:件|个)?\s*(?:吗|么|嘛|对吧|对不对|是吧|\?|？|,?\s*right)", re.IGNORECASE)


ORDINAL_VALUES = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8}
ORDINAL_WORD = re.compile(r"\b(" + "|".join(ORDINAL_VALUES) + r")\s+(?:sub[- ]?)?(?:items?|rows?|reasons?|grounds?"
                           r"|categor(?:y|ies)|lines?|entr(?:y|ies)|cases?|ones?)\b", re.IGNORECASE)


def number_value(text: str) -> int | None:
    text = text.replace(",", "").replace("，", "")
    if text.isdigit():
        return int(text)
    return _WORD_NUMBERS.get(text.lower())


# ("…between the two?": nothing after the number, the set it counts is the question's)
_SET_AFTER = re.compile(r"^\s*(?:[?？.!。]?\s*$|份|家|个机关|个单位|个报告|个(?=[，,、\s]|里|中|哪|谁)|年的|年(?!度)|(?:stored\s+)?(?:\d{4}\s+)?(?:[A-Za-z'’-]+\s+){0,3}?"
                        r"(?:reports?|agencies|governments|years|totals|figures|numbers|amounts|values|counts)|-year\b)", re.IGNORECASE)


_YEARS_COUNTED = re.compile(r"年|years|-year", re.IGNORECASE)  # a count of years ("两年", "the two years")


def explained_numbers(question: str, leftover: list[tuple[int, int, str]], table: int | None,
                      item_count: int | None, item_number: int | None,
                      set_sizes: frozenset[int] = frozenset(), years_asked: int | None = None) -> list[tuple[int, int]]:
    """Spans of leftover numbers that the understood metric explains: "Table 4" for a 表四 cell,
    "第8项" for sub-row 8, "8项理由加起来" / "all three reasons" for a group of that many rows, and an
    amount's unit ("in 10,000 yuan"). Other numbers stay unaccounted. ``set_sizes``: how many agencies, years and
    reports the question covers; ``years_asked``: how many years (a count of years, "两年", is only ever that)."""
    out = []
    for m in ORDINAL_WORD.finditer(question):  # "the third sub-item": which row of its group
        if item_number is not None and ORDINAL_VALUES[m.group(1).lower()] == item_number:
            out.append((m.start(1), m.end(1)))
    for m in _ITEM_RANGE.finditer(question):
        if item_count is not None and int(m.group(2)) == item_count:
            out.extend([(m.start(1), m.end(1)), (m.start(2), m.end(2))])
    for s, e, text in leftover:
        for m in _NUMBER.finditer(text):
            a, b = s + m.start(), s + m.end()
            n = number_value(m.group())
            before, after = question[max(0, a - 8):a], question[b:b + 30]
            if (unit := _UNIT_AFTER.match(after)) is not None:
                out.append((a, b + unit.end()))  # the number with its unit ("ten-thousand yuan")
            elif _GUESS_BEFORE.search(before) and _GUESS_AFTER.match(after):
                out.append((a, b))  # "是26吗？", "is it 26?": the asker's own guess, checked by the answer
            elif _TABLE_BEFORE.search(before) and n == table:
                out.append((a, b))
            elif _ORDINAL_BEFORE.search(before):
                if n is not None and n == item_number:
                    out.append((a, b))
            elif _COUNT_AFTER.match(after) and n is not None and n == item_count:
                out.append((a, b))
            elif (counter := _SET_AFTER.match(question[b:b + 40])) and n is not None and (
                    n == years_asked if years_asked is not None and _YEARS_COUNTED.search(counter.group())
                    else n in set_sizes):
                out.append((a, b))  # "the two 2020 reports", "四份年报": as many as the question names
    return out


def counted_words(question: str, leftover: list[tuple[int, int, str]], table: int | None, count: int,
                  spans: list[tuple[int, int]] | None = None, set_sizes: frozenset[int] = frozenset()) -> frozenset[str]:
    """The leftover words (beyond ``spans``, already explained) that a count of ``count`` rows explains ("两项合计",
    "…三种都算上")."""
    spans = list(spans or [])
    counted = explained_numbers(question, leftover, table, count, None, set_sizes)
    return frozenset(set(unaccounted(without(leftover, spans))) - set(unaccounted(without(leftover, spans + counted))))


def without(leftover: list[tuple[int, int, str]], spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """The leftover text with these spans blanked out."""
    out = []
    for s, e, text in leftover:
        chars = list(text)
        for a, b in spans:
            for i in range(max(a, s), min(b, e)):
                chars[i - s] = " "
        out.append((s, e, "".join(chars)))
    return out


_EXAMPLE_BEFORE = re.compile(rf"(?:{alternation(_DATA['examples']['before'])})[^（）()，,;；。？?!！\n]{{1,40}}",
                             re.IGNORECASE)
_EXAMPLE_AFTER = re.compile(alternation(_DATA["examples"]["after"]), re.IGNORECASE)
_EXAMPLE_IN_BRACKETS = re.compile(rf"[（(]\s*(?:{alternation(_DATA['examples']['in_brackets'])})[^（）()]{{1,60}}[）)]",
                                  re.IGNORECASE)
_BEFORE_EXAMPLES = re.compile(r"[（）()，;；：:。？?!！\n]|\s[-–—]\s")  # where a list of examples begins (an
# English comma separates the examples themselves; a Chinese one ends a clause)


# a Chinese year written right before the examples begins them too ("平潭2022年说是讨论稿草稿这类过程性信息…")
_YEAR_BEFORE_EXAMPLES = re.compile(r"\d{2,4}\s*年(?:度)?")


def example_spans(question: str) -> list[tuple[int, int]]:
    """Spans of the question that only give examples of what the cell asked counts: after a marker ("比如别人的
    隐私", "such as seizures") to the next bracket or punctuation, or before one ("学校、研究所这样的", "seizures,
    freezes, that kind of thing") back to the last bracket, comma, colon or dash. Their plain words restate the
    cell (the caller keeps the words that name a cell: an example is never the cell asked)."""
    spans = [(m.start(), m.end()) for pattern in (_EXAMPLE_BEFORE, _EXAMPLE_IN_BRACKETS) for m in pattern.finditer(question)]
    for m in _EXAMPLE_AFTER.finditer(question):
        floor = max(0, m.start() - 60)
        begins = [b.end() for b in _BEFORE_EXAMPLES.finditer(question, floor, m.start())] \
            or [y.end() for y in _YEAR_BEFORE_EXAMPLES.finditer(question, floor, m.start())]
        if begins:  # (with nothing marking where the examples begin, none are taken: "how many email requests
            spans.append((begins[-1], m.end()))  # from law firms and the like" is not all examples)
    return spans
