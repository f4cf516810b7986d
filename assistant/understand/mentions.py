"""Scanning a question: years, agency mentions (stored or not) and vocabulary matches, longest first."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from index import gazetteer
from index.identity import name_variants, organs, parse_agency, provinces

from .agencies import (
    _GOVERNMENT_RESTS,
    _PLACE_SUFFIXES,
    Catalog,
    _core,
    _split_places,
)
from .lexicon import _T, _vocabulary, pinyin_index
from .unknown_names import _CAPITALISED, _EN_LEADING_STOP, _EN_UNKNOWN_ORGAN, _EN_UNKNOWN_PLACE, is_pinyin_place
from .qualifiers import drop_qualifying_mentions, lies_in
from .text import (
    _ARTICLES,
    _CJK,
    _CJK_RUN,
    _WORD,
    _fold,
    _label_char,
    _stem,
    _zh_key,
)
from .types import AgencyMention, Language
from .words import _DATA as _WORDS_DATA
from .words import CONJUNCTIONS, LEVEL_GOVERNMENT
from .years import (
    _BETWEEN,
    _FORMAT_NAMED,
    _N_YEARS,
    _NUMBER_WORDS,
    _ONWARD,
    _RANGE,
    _SHORT_RANGE,
    _SHORT_YEAR,
    APOSTROPHE_YEAR,
    SHORT_RANGE_EN,
    SHORT_YEAR_AFTER_EN_NAME,
    SHORT_YEAR_AFTER_EN_NAME_ALONE,
    SHORT_YEAR_AFTER_NAME,
    SHORT_YEAR_LIST,
    SHORT_YEAR_LIST_AFTER_NAME,
    _SHORT_RANGE_CN,
    _SHORT_YEAR_CN,
    _SINGLE,
    _SPELLED_YEAR_CN,
    _year_value,
    spelled_year,
)

_ZH_LEAD_STOP = re.compile("^(?:" + "|".join(re.escape(w) for w in sorted(
    _WORDS_DATA["function_words"]["before_place"], key=len, reverse=True)) + ")+")
_ZH_PLACE_STOP_START = set("本全我该各此每哪某其这那两多贵")



@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    text: str
    targets: tuple[_T, ...]


@dataclass
class _YearItem:
    start: int
    end: int
    raw: str
    years: tuple[int, ...] = ()
    last_n: int = 0  # "past three years"
    onward: bool = False  # "from 2021 onward": ``years`` holds the first year; every stored one after it counts
    format_name: str = ""  # "the 2021-format reports": the stored years of that table format (``years`` empty)


@dataclass
class _Scan:
    years: list[_YearItem]
    mentions: list[tuple[int, int, AgencyMention]]
    matches: list[_Match]
    unknown_agencies: list[str]
    language: Language | None
    leftover: list[tuple[int, int, str]] = field(default_factory=list)  # text no part of the scan explains
    partial_agency: bool = False  # an organ named without its region (公安局): agencies that have it


# a quoted term: “…”, "…", 「…」, 『…』, and '…' opening after a space (not the apostrophe of "Pingtan's")
# (an apostrophe inside a word is no closing quote: 'we don't hold that information')
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{1,60})[”\"」』]|(?:(?<=\s)|^)'((?:[^']|(?<=\w)'(?=\w)){1,60})'(?=[\s,.;:?!)]|$)")


def _scan(question: str, catalog: Catalog) -> _Scan:
    folded, pos = _fold(question)
    n = len(question)
    used = [False] * (n + 1)

    def span(fs: int, fe: int) -> tuple[int, int]:
        return pos[fs], pos[fe - 1] + 1

    def free(s: int, e: int) -> bool:
        return not any(used[s:e])

    def take(s: int, e: int) -> None:
        for i in range(s, e):
            used[i] = True

    # 1. Years.
    items: list[_YearItem] = []
    for m in _N_YEARS.finditer(folded):
        s, e = span(m.start(), m.end())
        word = m.group(1) or m.group(2)
        count = int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 0)
        if count and free(s, e):
            items.append(_YearItem(s, e, question[s:e], last_n=count))
            take(s, e)
    for m in _ONWARD.finditer(folded):
        s, e = span(m.start(), m.end())
        if free(s, e):
            items.append(_YearItem(s, e, question[s:e].strip(), (_year_value(next(g for g in m.groups() if g)),),
                                   onward=True))
            take(s, e)
    for m in _FORMAT_NAMED.finditer(folded):
        s, e = span(m.start(), m.end())
        if free(s, e):
            items.append(_YearItem(s, e, question[s:e].strip(), format_name=m.group(1)))
            take(s, e)
    for pattern in (_BETWEEN, _RANGE):
        for m in pattern.finditer(folded):
            s, e = span(m.start(), m.end())
            if not free(s, e):
                continue
            first = _year_value(m.group(1))
            second_raw = m.group(2)
            second = (first // 100 * 100 + int(second_raw)) if len(second_raw) == 2 else _year_value(second_raw)
            if 1990 <= first <= second <= 2100:
                items.append(_YearItem(s, e, question[s:e].strip(), tuple(range(first, second + 1))))
                take(s, e)
    for m in _SINGLE.finditer(folded):
        s, e = span(m.start(), m.end())
        value = _year_value(m.group(1))
        if free(s, e) and 1990 <= value <= 2100:
            items.append(_YearItem(s, e, question[s:e].strip(), (value,)))
            take(s, e)
    # "(19到22)", "fee income 21 to 22": this century's years as people write them
    for m in (*_SHORT_RANGE.finditer(folded), *SHORT_RANGE_EN.finditer(folded)):
        s, e = span(m.start(), m.end())
        first, last = 2000 + int(m.group(1)), 2000 + int(m.group(2))
        if free(s, e) and first < last <= first + 10:
            items.append(_YearItem(s, e, question[s:e].strip(), tuple(range(first, last + 1))))
            take(s, e)
    for m in _SHORT_RANGE_CN.finditer(folded):  # "一九年到二二年"
        s, e = span(m.start(), m.end())
        first, last = 2000 + _year_value(m.group(1)), 2000 + _year_value(m.group(2))
        if free(s, e) and first < last <= first + 10:
            items.append(_YearItem(s, e, question[s:e].strip(), tuple(range(first, last + 1))))
            take(s, e)
    for m in (*SHORT_YEAR_LIST.finditer(folded), *SHORT_YEAR_LIST_AFTER_NAME.finditer(folded)):
        # "19、20、21、22年": each of them, 年 said once; "上海市府办19和25": a name's years, no 年 at all
        s, e = span(m.start(), m.end())
        if free(s, e):
            items.append(_YearItem(s, e, question[s:e].strip(),
                                   tuple(sorted({2000 + int(y) for y in re.findall(r"[12]\d", m.group())}))))
            take(s, e)
    for m in APOSTROPHE_YEAR.finditer(folded):  # "shanghai GO '19"
        s, e = span(m.start(), m.end())
        if free(s, e):
            items.append(_YearItem(s, e, question[s:e].strip(), (2000 + int(m.group(1)),)))
            take(s, e)
    # (the English names are built only for a question with Latin letters: a Chinese one romanises nothing)
    name_ends = catalog.english_name_ends() if re.search(r"[a-z]", folded) else frozenset()
    alone = not items and not _SINGLE.search(folded) and not _SHORT_YEAR.search(folded)
    for m in (SHORT_YEAR_AFTER_EN_NAME_ALONE if alone else SHORT_YEAR_AFTER_EN_NAME).finditer(folded):
        # "hongze district 23", "huaian 24 individuals"
        s, e = span(m.start(2), m.end(2))
        if m.group(1) in name_ends and free(s, e):
            items.append(_YearItem(s, e, question[s:e].strip(), (2000 + int(m.group(2)),)))
            take(s, e)
    for m in SHORT_YEAR_AFTER_NAME.finditer(folded):  # "平潭22、洪泽23": a name's year without 年
        s, e = span(m.start(), m.end())
        if free(s, e):
            items.append(_YearItem(s, e, question[s:e].strip(), (2000 + int(m.group(1)),)))
            take(s, e)
    for m in _SHORT_YEAR.finditer(folded):  # "22年", "21年度": this century's years, as people write them
        s, e = span(m.start(), m.end())
        if free(s, e):
            items.append(_YearItem(s, e, question[s:e].strip(), (2000 + int(m.group(1)),)))
            take(s, e)
    for m in _SPELLED_YEAR_CN.finditer(folded):  # "两千零二十二年"
        s, e = span(m.start(), m.end())
        value = spelled_year(m.group(1)) if m.group(1) else None
        if free(s, e) and value is not None:
            items.append(_YearItem(s, e, question[s:e].strip(), (value,)))
            take(s, e)
    for m in _SHORT_YEAR_CN.finditer(folded):  # "二一年": "21年" in Chinese digits
        s, e = span(m.start(), m.end())
        if free(s, e):
            items.append(_YearItem(s, e, question[s:e].strip(), (2000 + _year_value(m.group(1)),)))
            take(s, e)

    # 2. Candidate matches: agency keys and vocabulary, chosen longest first.
    compact: list[str] = []
    cpos: list[int] = []
    for j, ch in enumerate(folded):
        for c in _label_char(ch):
            compact.append(c)
            cpos.append(pos[j])
    ctext = "".join(compact)
    tokens = [(m.group(), pos[m.start()], pos[m.end() - 1] + 1) for m in _WORD.finditer(folded)]
    content = [t for t in tokens if t[0] not in _ARTICLES]  # "carried over to the next year"
    stems = [_stem(t[0]) for t in content]
    vocab = _vocabulary()

    # (priority, -length, kind order, start, end, payload)
    candidates: list[tuple[int, int, int, int, int, object]] = []
    for i in range(len(ctext)):
        for length in catalog._zh_lengths:
            if i + length > len(ctext):
                continue
            hit = catalog._zh.get(ctext[i:i + length])
            if hit:
                s, e = cpos[i], cpos[i + length - 1] + 1
                tier = min(hit.values())
                candidates.append((0 if tier <= 2 else 1, -(e - s), 1, s, e, ("agency", hit)))
        for length in vocab.zh_lengths:
            if i + length > len(ctext):
                continue
            targets = vocab.zh.get(ctext[i:i + length])
            if targets:
                s, e = cpos[i], cpos[i + length - 1] + 1
                candidates.append((1, -(e - s), 0, s, e, ("vocab", tuple(targets))))
    if tokens:
        en_index = catalog._en() if any(c.isalpha() for t in tokens for c in t[0]) else {}
        for i in range(len(tokens)):
            for size in range(min(catalog._en_max, len(tokens) - i), 0, -1):
                words = [t[0] for t in tokens[i:i + size]]
                for key in dict.fromkeys((" ".join(words), "".join(words))):
                    hit = en_index.get(key)
                    if hit:
                        s, e = tokens[i][1], tokens[i + size - 1][2]
                        tier = min(hit.values())
                        candidates.append((0 if tier <= 2 else 1, -(e - s), 1, s, e, ("agency", hit)))
        for i in range(len(content)):
            for size in range(min(vocab.en_max, len(content) - i), 0, -1):
                targets = vocab.en.get(" ".join(stems[i:i + size]))
                if targets:
                    s, e = content[i][1], content[i + size - 1][2]
                    candidates.append((1, -(e - s), 0, s, e, ("vocab", tuple(targets))))
        # a cell's Chinese term in pinyin, spaced any way ("xingzheng xuke", "bu yu gongkai", "buzheng")
        pinyin = pinyin_index()
        for i in range(len(tokens)):
            for size in range(min(6, len(tokens) - i), 0, -1):
                words = [t[0] for t in tokens[i:i + size]]
                if not all(w.isascii() and w.isalpha() for w in words):
                    continue
                if (hit := pinyin.get("".join(words).lower())) is not None:
                    s, e = tokens[i][1], tokens[i + size - 1][2]
                    candidates.append((1, -(e - s), 0, s, e, ("vocab", hit)))
    organ_zh, organ_zh_lengths, organ_en, organ_en_max, organ_starts = _organ_index()
    for i in range(len(ctext)):
        if ctext[i] not in organ_starts:
            continue
        for length in organ_zh_lengths:
            organ = organ_zh.get(ctext[i:i + length]) if i + length <= len(ctext) else None
            if organ:
                s, e = cpos[i], cpos[i + length - 1] + 1
                candidates.append((0, -(e - s), 1, s, e, ("organ", organ)))
    for i in range(len(tokens)):
        for size in range(min(organ_en_max, len(tokens) - i), 0, -1):
            organ = organ_en.get(" ".join(t[0] for t in tokens[i:i + size]))
            if organ:
                s, e = tokens[i][1], tokens[i + size - 1][2]
                candidates.append((0, -(e - s), 1, s, e, ("organ", organ)))
    # an organ's short name inside a longer phrase of the vocabulary is part of that phrase ("对外办事服务" holds 外办,
    # the foreign-affairs office: the question was refused for an agency it never named)
    phrases = [(c[3], c[4]) for c in candidates if c[5][0] == "vocab"]
    candidates = [c for c in candidates if c[5][0] != "organ" or not any(
        s <= c[3] and c[4] <= e and e - s > c[4] - c[3] for s, e in phrases)]
    # a term in quotes ("closed under 'other handling', in the total column") is read whole: no phrase of the
    # vocabulary reaches across its quote marks
    quoted = [q.span(1) if q.group(1) is not None else q.span(2) for q in _QUOTED.finditer(question)]
    candidates = [c for c in candidates if c[5][0] != "vocab" or not any(
        (c[3] < qs < c[4] or c[3] < qe < c[4]) and not (c[3] <= qs and qe <= c[4]) for qs, qe in quoted)]
    candidates.sort(key=lambda c: c[:4])

    mentions: list[tuple[int, int, AgencyMention]] = []
    matches: list[_Match] = []
    t2_row_chars: set[int] = set()
    organ_hits: list[tuple[int, int, str]] = []
    for _, _, _, s, e, (kind, payload) in candidates:  # type: ignore[misc]
        if not free(s, e):
            # A 表二 column may share words with its row ("centralised procurement projects"):
            # kept when its other words are free and it overlaps nothing but a 表二 row.
            if kind == "vocab" and all(t.kind == "t2col" for t in payload) and any(  # type: ignore[union-attr]
                    not used[i] for i in range(s, e)) and all(
                    not used[i] or i in t2_row_chars for i in range(s, e)):
                take(s, e)
                matches.append(_Match(s, e, question[s:e], payload))  # type: ignore[arg-type]
            continue
        take(s, e)
        if kind == "vocab" and any(t.kind == "t2row" for t in payload):  # type: ignore[union-attr]
            t2_row_chars.update(range(s, e))
        if kind == "organ":
            organ_hits.append((s, e, payload))  # type: ignore[arg-type]
        elif kind == "agency":
            hit: dict[str, int] = payload  # type: ignore[assignment]
            best = min(hit.values())
            names = tuple(sorted(a for a, t in hit.items() if t == best))
            mentions.append((s, e, AgencyMention(question[s:e], names)))
        else:
            matches.append(_Match(s, e, question[s:e], payload))  # type: ignore[arg-type]
    matches.sort(key=lambda m: m.start)

    # 3. Places named but not stored: the nearest stored spelling (one character off, e.g. an OCR
    # typo in the stored name), else unknown.
    unknown: list[str] = []
    masked = "".join(ch if not used[i] else " " for i, ch in enumerate(question))
    # a conjunction ends a place name: "行政复议数和沭阳县政府" names 沭阳县政府, not "数和沭阳县"
    pieces = [(run.start() + k.start(), run.start() + k.end(), k.group())
              for run in _CJK_RUN.finditer(masked) for k in _NOT_CONJUNCTION.finditer(run.group())]
    for _, run_end, raw in pieces:
        text = _ZH_LEAD_STOP.sub("", raw)
        comps, rest = _split_places(text)
        if not comps:  # "沭阳2025年" (a stored 沐阳县): a known OCR confusion of a stored name, without a suffix
            for k in range(len(text) - 1):
                near = _near_mention(question, run_end - len(text) + k, run_end, catalog, confusable_only=True)
                if near is not None:
                    mentions.append(near)
                    take(near[0], near[1])
                    break
            continue
        if comps[0][0][0] in _ZH_PLACE_STOP_START or all(
                ch in "".join(_PLACE_SUFFIXES) for ch in _core(comps[0])):  # 区县, 市县
            continue
        start = run_end - len(text)
        near = _near_mention(question, start, run_end, catalog)
        if near is not None and _another_place(comps[0], near[2], catalog):
            # "泗阳县" is a county of its own, one character off the stored 沐阳县: not a typo of it (a known
            # OCR confusion or a misheard character, 沭 for 沐, still is)
            near = _near_mention(question, start, run_end, catalog, confusable_only=True)
        if near is not None:
            mentions.append(near)
            take(near[0], near[1])
            continue
        # "宿迁市沭阳县" with only 沐阳县 stored: a higher place no stored name carries, then a stored agency (one
        # character off) that lies in it by the division codes — the place only says where (it was refused)
        inner = _near_mention(question, start + len(comps[0][0]), run_end, catalog) if len(comps) >= 2 else None
        if inner is not None and all(lies_in(a, _core(comps[0]), catalog) for a in inner[2].candidates):
            mentions.append(inner)
            take(start, inner[1])
            continue
        if not gazetteer.is_division(comps[0][0]):
            # "对标一下县里", "想看看直辖市的情况": words before a level word, no place of China — not an agency
            continue
        place = "".join(c for c, _ in comps)
        gov = next((g for g in sorted(_GOVERNMENT_RESTS, key=len, reverse=True) if g and rest.startswith(g)), "")
        unknown.append(place + gov)
    for m in _EN_UNKNOWN_PLACE.finditer(question):
        if not free(m.start(), m.end()):
            continue
        words = m.group(0).split()
        while words and words[0] in _EN_LEADING_STOP:
            words.pop(0)
        if len(words) >= 2:
            unknown.append(" ".join(words))
    mentions.sort(key=lambda m: m[0])
    # 3b. Organs (教育局, Finance Bureau): with the place named just before or after them they name a
    # department, never that place's government; a department that is not stored is unknown.
    partial = False
    for s, e, organ in organ_hits:
        region = _adjacent_mention(mentions, question, s, e)
        if region is not None:
            rs, re_, rm = region
            # the region's spellings, an OCR-misread stored name's included (沐阳县 for 沭阳县)
            regions = {parse_agency(v).region for a in rm.candidates for n in catalog.names(a)
                       for v in name_variants(n)}
            found = tuple(sorted({d for r in regions for d in catalog.by_key(f"{r}/{organ}")}))
            mentions.remove(region)
            lo, hi = min(rs, s), max(re_, e)
            if found:
                mentions.append((lo, hi, AgencyMention(question[lo:hi], found, fuzzy=rm.fuzzy)))
            else:
                unknown.append(question[lo:hi])
            take(lo, hi)
            continue
        before = _unknown_place_before(question, s, unknown)
        if before is not None:
            unknown[unknown.index(before)] = before + question[s:e]
            continue
        slip = _misspelt_department(question, s, e, catalog, free)
        if isinstance(slip, str):
            unknown.append(slip)  # "泗阳发改局": a place of China without its suffix, and its department, not stored
            take(e - len(slip), e)
            continue
        if slip is not None:
            # "述阳发改局": a stored department whose place was typed one character off (沭阳发改局)
            mentions.append(slip)
            take(slip[0], slip[1])
            continue
        found = catalog.with_organ(organ)
        if found:
            partial = True
            mentions.append((s, e, AgencyMention(question[s:e], found)))
        else:
            unknown.append(question[s:e])
    for m in _EN_UNKNOWN_ORGAN.finditer(question):
        if free(m.start(), m.end()):
            unknown.append(m.group(0).strip())
            take(m.start(), m.end())
    quoted_spans = [q.span() for q in _QUOTED.finditer(question)]
    for m in _CAPITALISED.finditer(question):
        # "Guangzhou", "Xiamen's": a capitalised word made of pinyin syllables names a Chinese place
        # that no stored agency matches (stored ones were taken above); not inside quotes, where it names
        # something of a report ("the 'Wenzheng Pingtan' programme")
        if m.start() > 0 and free(m.start(), m.end()) and is_pinyin_place(m.group(1)) \
                and not any(a <= m.start() < b for a, b in quoted_spans):
            unknown.append(m.group(1))
            take(m.start(), m.start() + len(m.group(1)))
    if not mentions and not unknown:
        # "那县政府2023年呢？": a government named by its level alone is one of the stored governments of
        # that level (a follow-up narrows it to the region just asked about)
        lowered = question.lower()
        for words, level in sorted(LEVEL_GOVERNMENT.items(), key=lambda kv: -len(kv[0])):
            at = lowered.find(words)
            if at < 0 or not free(at, at + len(words)) or not _stands_alone(lowered, at):
                continue
            found = catalog.governments_at_level(level)
            if found:
                partial = True
                mentions.append((at, at + len(words), AgencyMention(question[at:at + len(words)], found)))
            else:
                unknown.append(question[at:at + len(words)])
            take(at, at + len(words))
            break
    mentions.sort(key=lambda m: m[0])
    if len(mentions) >= 2:
        # "江苏这几家（淮安市2024、洪泽区2023）", "这几份江苏年报": a province beside the agencies listed,
        # not joined to them, only places them (joined — "江苏和淮安市" — it is an agency of its own)
        lowered = question.lower()
        joins = (*CONJUNCTIONS, "and", "&")
        for name in provinces():
            for k in _find_all(lowered, name):
                after = lowered[k + len(name):k + len(name) + 4].lstrip("省 ")
                before = lowered[max(0, k - 4):k].rstrip(" ")
                if free(k, k + len(name)) and not any(after.startswith(c) or before.endswith(c) for c in joins):
                    take(k, k + len(name) + (1 if lowered[k + len(name):k + len(name) + 1] == "省" else 0))
                    unknown = [u for u in unknown if not u.lower().startswith(name)]
    agency_chars = {i for s, e, _ in mentions for i in range(s, e)}
    mentions = drop_qualifying_mentions(mentions, question, catalog)
    stored_text = " ".join(c for _, _, mention in mentions for c in mention.candidates)
    unknown = [u for u in unknown if u not in stored_text]

    # 4. Language: the share of CJK characters outside agency names (qualifiers included).
    cjk = latin = 0
    for i, ch in enumerate(question):
        if i in agency_chars:
            continue
        if _CJK.match(ch):
            cjk += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    language: Language | None = None
    if cjk or latin:
        language = "zh" if cjk / (cjk + latin) >= 0.3 else "en"
    unknown_chars = {i for u in unknown for k in _find_all(question, u) for i in range(k, k + len(u))}
    leftover = [(r.start(), r.end(), r.group()) for r in _LEFTOVER.finditer(
        "".join(" " if used[i] or i in unknown_chars else ch for i, ch in enumerate(question)))]
    return _Scan(items, mentions, matches, unknown, language, leftover, partial)


_LEFTOVER = re.compile(r"[\w\u3400-\u4dbf\u4e00-\u9fff]+(?:[ '’-][\w\u3400-\u4dbf\u4e00-\u9fff]+)*")
_NOT_CONJUNCTION = re.compile("[^" + "".join(re.escape(c) for c in CONJUNCTIONS) + "]+")
def _stands_alone(text: str, at: int) -> bool:
    """Whether a level word at ``at`` ("县政府", "county government") is not the end of a name that was
    not recognised (石渠县人民政府, "Shiqu County Government"): nothing but a pointing word before it."""
    before = text[:at]
    if not before.strip():
        return True
    if _CJK.match(before[-1]):
        return before[-1] in _POINTING_ZH
    last = before.split()[-1] if before.split() else ""
    return last in _POINTING_EN or not last.isalpha()


_POINTING_ZH = frozenset(w for w in _WORDS_DATA["region_words"]["pointing"] if _CJK.match(w))
_POINTING_EN = frozenset(w for w in _WORDS_DATA["region_words"]["pointing"] if w.isascii())


def _find_all(text: str, part: str) -> list[int]:
    out, k = [], text.find(part)
    while part and k >= 0:
        out.append(k)
        k = text.find(part, k + 1)
    return out


def _adjacent_mention(mentions: list[tuple[int, int, AgencyMention]], question: str, s: int, e: int,
                      ) -> tuple[int, int, AgencyMention] | None:
    """The agency mention right before an organ (平潭|教育局, Pingtan's |Finance Bureau) or right after
    it (Finance Bureau of |Pingtan), when only 的, 's, of or in stand between them."""
    for m in mentions:
        ms, me, _ = m
        gap = question[me:s] if me <= s else question[e:ms] if e <= ms else None
        if gap is None:
            continue
        if gap.strip(" ") in ("", "的", "'s", "’s", "s", "of", "in", "of the", "in the", ",", "，"):
            return m
    return None


def _misspelt_department(question: str, s: int, e: int, catalog: Catalog, free,
                         ) -> tuple[int, int, AgencyMention] | str | None:
    """The free Chinese characters (two to four) right before an organ with no stored place beside it: a place of
    China by the division codes written without its suffix ("泗阳发改局"), returned as the unknown name; else a
    stored department with its place one character off ("述阳发改局" for 沭阳发改局), as a fuzzy mention."""
    for k in (2, 3, 4):
        start = s - k
        if start < 0 or not free(start, s) or not all(_CJK.match(ch) for ch in question[start:s]):
            break
        if gazetteer.is_division(question[start:s]):
            return question[start:e]
        near = _near_mention(question, start, e, catalog)
        if near is not None and near[1] == e:
            return near
    return None


def _unknown_place_before(question: str, s: int, unknown: list[str]) -> str | None:
    """An unknown place name (哈尔滨市) that ends right where an organ starts (哈尔滨市|公安局)."""
    for u in unknown:
        for k in _find_all(question, u):
            if k + len(u) == s or question[k + len(u):s].strip() in ("", "的"):
                return u
    return None


@cache
def _organ_index() -> tuple[dict[str, str], tuple[int, ...], dict[str, str], int, frozenset[str]]:
    """Organ names of the glossary as scan keys: Chinese (names, abbreviations) and English."""
    zh: dict[str, str] = {}
    en: dict[str, str] = {}
    for organ in organs():
        if organ.generic or organ.id in ("government", "government_office"):
            continue  # a government is named by its place alone; its office words are too generic
        for name in organ.names:
            if len(name) >= 2:
                zh.setdefault(_zh_key(name), organ.id)
        for name in organ.en:
            folded, _ = _fold(name)
            words = _WORD.findall(folded)
            if len(words) >= 2:  # "police" alone is not an agency name
                en.setdefault(" ".join(words), organ.id)
        for abbr in organ.en_abbr:
            en.setdefault(abbr, organ.id)
    return (zh, tuple(sorted({len(k) for k in zh}, reverse=True)), en,
            max((k.count(" ") + 1 for k in en), default=1), frozenset(k[0] for k in zh))


def _another_place(typed: tuple[str, str], near: AgencyMention, catalog: Catalog) -> bool:
    """Whether a typed place is a division of China (by the division codes) other than the place of every
    stored agency one character off it: "泗阳县" beside a stored 沐阳县 names another county, "洪泽县" (the
    old name) beside 洪泽区 does not."""
    if not gazetteer.is_division(typed[0]):
        return False
    stored = {_core(comp) for a in near.candidates for n in catalog.names(a) for v in name_variants(n)
              for comp in parse_agency(v).places}
    return _core(typed) not in stored


def _near_mention(question: str, start: int, end: int, catalog: Catalog, confusable_only: bool = False,
                  ) -> tuple[int, int, AgencyMention] | None:
    """The longest start of ``question[start:end]`` (≥ 3 characters) that differs from a stored
    name or short form in exactly one CJK character, as a fuzzy mention (ambiguous when several
    agencies fit equally well)."""
    chars: list[str] = []
    where: list[int] = []
    for i in range(start, end):
        folded = _label_char(question[i])
        if len(folded) != 1:
            break
        chars.append(folded)
        where.append(i)
    found = catalog.near("".join(chars), confusable_only=confusable_only)
    if found is None:
        return None
    length, hit = found
    best = min(hit.values())
    names = tuple(sorted(a for a, t in hit.items() if t == best))
    e = where[length - 1] + 1
    return start, e, AgencyMention(question[start:e], names, fuzzy=True)




# ---------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------


def search_text(question: str, mentions: Sequence[AgencyMention], years: Sequence[_YearItem],
                 topics: Sequence[str]) -> str:
    """The question without the agency names and years it states, plus the topic words."""
    spans = sorted([(y.start, y.end) for y in years])
    text = question
    for a, b in reversed(spans):
        text = text[:a] + " " + text[b:]
    for name in sorted({m.text for m in mentions} | {c for m in mentions for c in m.candidates}, key=len, reverse=True):
        if name:
            text = text.replace(name, " ")
    text = " ".join(text.split()) or question
    return text + (" " + " ".join(topics) if topics else "")
