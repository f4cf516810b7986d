"""Passages → a narrative :class:`Answer`: the best supporting sentences quoted, each with its citation.

:func:`narrative_answer` answers a question the figures store cannot (how a report describes its
work, what it names as a problem) from retrieved passages, quoting the report's own sentences. For
a how-many question it also reads the number that counts what was asked from the quoted text
(:func:`quoted_number`: never computed or guessed), or says that the reports do not give it.
Figure answers are worded in :mod:`assistant.compose`, refusals in :mod:`assistant.refusal`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from index import reportformat as rf
from index.types import PassageRecord

from .answers import Answer, Citation, Value
from .refusal import refusal

_SENTENCE_END = "。；！？!?;"


def _sentences(text: str) -> list[str]:
    out, buf = [], ""
    for ch in text:
        buf += ch
        if ch in _SENTENCE_END:
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _bigrams(text: str) -> set[str]:
    text = rf.normalize_label(text).lower()
    return {text[i:i + 2] for i in range(len(text) - 1)}


def expand_terms(question: str) -> str:
    """The question plus the Chinese labels of every English glossary phrase in it."""
    return question + " " + " ".join(rf.english_search_terms(question))


def narrative_answer(hits: Sequence[object], question: str, lang: str, parsed: str, max_quotes: int = 3,
                     state_numbers: bool = True, whole_section: Sequence[PassageRecord] = ()) -> Answer:
    """Quote the best supporting sentences of the retrieved passages, each with its citation.

    ``hits`` are retrieval hits with a ``record`` (index.types.PassageRecord), best first. ``whole_section``:
    the passages of the one section the question asks about as a whole ("what problems did it name and what
    will it do"), in reading order; its points are listed after the quotes, cited as that section.
    """
    asked = _Asked.of(question)
    how_many = _asks_how_many(question)
    scored: list[tuple[float, int, str, object]] = []
    counts: dict[str, _QuotedNumber | None] = {}  # per sentence: the number that counts what was asked
    for rank, hit in enumerate(hits[:5]):
        record = hit.record  # type: ignore[attr-defined]
        for sentence in _with_first_items(_sentences(_strip_headings(record.passage.text,
                                                                     record.passage.section_path))):
            overlap = len(asked.terms & _bigrams(sentence))
            if how_many:
                if sentence not in counts:
                    # a table row written as a sentence is quoted, never read for a number: its cell is
                    # stated only when the question grounds it (a bare "upheld" was answered with
                    # 行政复议/结果维持 out of the 表四 row's sentence: a wrong number)
                    counts[sentence] = None if record.passage.kind == "table_row" \
                        else _number_near(sentence, asked)
                if counts[sentence] is not None:
                    # "how many …" is answered by a sentence that counts what was asked; an English
                    # question shares few bigrams with any sentence, so this often decides
                    overlap += COUNTING_SENTENCE_BONUS
            # rank of the passage counts most, the sentence's overlap with the question breaks ties
            scored.append((overlap / (1 + 0.5 * rank), rank, sentence, record))
    scored.sort(key=lambda t: (-t[0], t[1]))
    chosen = []
    seen: set[str] = set()
    for score, _, sentence, record in scored:
        if sentence in seen or len(sentence) < 6 or _is_title(sentence):
            continue
        if any(sentence in quoted or quoted in sentence for quoted, _ in chosen):
            continue  # a list's first item, already quoted with the sentence that announces it
        seen.add(sentence)
        chosen.append((sentence, record))
        if len(chosen) >= max_quotes:
            break
    if not chosen:
        return refusal(lang, parsed, "报告中没有找到与该问题相关的内容。",
                       "Nothing in the stored reports answers this question.")
    mentioned = any(counts[sentence] is not None or _names_what_was_asked(sentence, asked)
                    for _, _, sentence, _ in scored) if how_many else True
    if how_many and not mentioned:
        # "政务公开工作经费是多少": no retrieved sentence counts or even names what was asked, so the
        # nearest passages are about something else; quoting them as the answer would mislead.
        return _not_stated(chosen[0], lang, parsed)
    citations = []
    lines = []
    for sentence, record in chosen:
        p = record.passage  # type: ignore[attr-defined]
        section = " › ".join(p.section_path) if p.section_path else p.section
        citations.append(Citation(
            report_id=record.report_id, title=record.title, agency=record.agency, year=record.year,  # type: ignore[attr-defined]
            section=section, quote=sentence, location=p.location.describe(),
            check_status="n/a", passage=p.text))
        n = len(citations)
        if lang == "zh":
            lines.append(f"「{sentence}」[{n}]（{record.agency}{record.year}年报告，{section}）")  # type: ignore[attr-defined]
        else:
            lines.append(f"“{sentence}” [{n}] ({record.agency}, {record.year} report, "  # type: ignore[attr-defined]
                         f"{rf.section_english(section)})")
    if len(whole_section) >= 2 and not how_many:
        citation, line = _section_points(whole_section, len(citations) + 1, lang)
        citations.append(citation)
        lines.append(line)
    head = "报告中的相关内容：" if lang == "zh" else "The report says (quoted in the original Chinese):"
    values = []
    if how_many and state_numbers:
        # the number that counts what was asked, from whichever quote holds it (the best-ranked one on a tie)
        numbers = [(found, n) for n, (sentence, _) in enumerate(chosen, start=1)
                   if (found := counts[sentence]) is not None]
        if numbers:
            found, n = max(numbers, key=lambda fn: (fn[0].score, -fn[1]))
            values.append(Value(found.value, found.unit, "quoted from the report text"))
            lead = (f"报告原文给出的数字：{found.text}（引文[{n}]）。" if lang == "zh"
                    else f"The report's text gives {found.text} (quote [{n}]).")
            head = lead + "\n" + head
    return Answer(answer=head + "\n" + "\n".join(lines), language=lang, route="narrative",  # type: ignore[arg-type]
                  parsed=parsed, values=values, citations=citations)


# a point of a list, with its lead words: "一是完善主动公开信息联动机制", "（一）存在的主要问题"
_POINT = re.compile(r"(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)[^，,。；;：:\n]{2,40}")


def _section_points(records: Sequence[PassageRecord], n: int, lang: str) -> tuple[Citation, str]:
    """A section read as a whole: the lead words of each of its points ("一是…", "（二）…"), cited as the section
    with its full text as the passage."""
    first = records[0]
    text = "\n".join(r.passage.text for r in records)
    heading = first.passage.section_path[0] if first.passage.section_path else ""
    points = [m.group() for m in _POINT.finditer(text) if m.group() not in heading]
    if not points:  # no numbered points: each passage's first sentence
        points = [next(iter(_sentences(_strip_headings(r.passage.text, r.passage.section_path))), "")[:40]
                  for r in records]
    section = heading or first.passage.section
    quote = "；".join(dict.fromkeys(p for p in points if p))
    citation = Citation(report_id=first.report_id, title=first.title, agency=first.agency, year=first.year,
                        section=section, quote=quote, location=first.passage.location.describe(), check_status="n/a",
                        passage=text)
    if lang == "zh":
        line = f"本部分各条要点：{quote} [{n}]（{first.agency}{first.year}年报告，{section}）"
    else:
        line = f"The section's points, in order: “{quote}” [{n}] ({first.agency}, {first.year} report, " \
               f"{rf.section_english(section)})"
    return citation, line


def _names_what_was_asked(sentence: str, asked: _Asked) -> bool:
    """Whether a sentence names what a how-many question asks about, with or without a number (it may
    say there was none: "本年度未收取信息处理费")."""
    return bool(asked.named & _bigrams(sentence))


def _not_stated(nearest: tuple[str, object], lang: str, parsed: str) -> Answer:
    """A refusal for a how-many question the reports' text does not answer, citing the nearest sentence
    so the reader sees what is there."""
    sentence, record = nearest
    p = record.passage  # type: ignore[attr-defined]
    section = " › ".join(p.section_path) if p.section_path else p.section
    citation = Citation(report_id=record.report_id, title=record.title, agency=record.agency,  # type: ignore[attr-defined]
                        year=record.year, section=section, quote=sentence,  # type: ignore[attr-defined]
                        location=p.location.describe(), check_status="n/a", passage=p.text)
    if lang == "zh":
        text = (f"所收录的年报没有给出这一数字，正文中也没有提到所问的内容。最接近的一句：「{sentence}」[1]"
                f"（{record.agency}{record.year}年报告，{section}）")  # type: ignore[attr-defined]
    else:
        text = ("The stored reports do not give this number, and their text does not mention what was asked. "
                f"The nearest sentence: “{sentence}” [1] ({record.agency}, {record.year} report, "  # type: ignore[attr-defined]
                f"{rf.section_english(section)})")
    return Answer(answer=text, language=lang, route="refusal", parsed=parsed,  # type: ignore[arg-type]
                  citations=[citation])


_UNITS = "|".join(rf.COUNT_UNITS)
_NUMBER_WITH_UNIT = re.compile(rf"(\d+(?:\.\d+)?)\s*(余)?\s*({_UNITS})")
# "召开了几场新闻发布会", "公开了多少条政府信息": the measure word after the question word, and the noun after it.
_ZH_MEASURE = re.compile(rf"(?:多少|几)\s*({_UNITS})")
_ZH_COUNTED = re.compile(rf"(?:多少|几)\s*(?:{_UNITS})?\s*([\u4e00-\u9fff]{{2,12}})")
# "How many press conferences did …", "how many items of government information were …"
_EN_COUNTED = re.compile(r"how many ([a-z' ()\u4e00-\u9fff-]+?)\s+(?:did|do|does|were|was|are|is|has|have|had|in|at|on|for)\b")
_ZH_TRAILING = re.compile(r"(?:呢|吗|了|的|是|有)+$")

CountedNoun = tuple[frozenset[str], ...]  # bigrams of each Chinese term for the noun


@dataclass(frozen=True)
class _Asked:
    """What a how-many question asks for, read once per answer."""

    terms: frozenset[str]  # bigrams of the question and its glossary expansion
    named: frozenset[str]  # of those, the Chinese ones that name something (no report-title or question words)
    noun: CountedNoun  # the noun counted, when the question names it after the question word
    measure: str  # "多少条" → 条, or ""
    channels: frozenset[str]  # publishing channels named (rf.PUBLISHING_CHANNELS)

    @staticmethod
    @lru_cache(maxsize=1024)  # a question's retries and follow-ups; a server sees unbounded questions
    def of(question: str) -> _Asked:
        expanded = expand_terms(question)
        terms = frozenset(_bigrams(expanded))
        named = frozenset(b for b in terms - _framing_bigrams() if _is_cjk(b) and not set(b) & _QUESTION_CHARS)
        measure = _ZH_MEASURE.search(question)
        return _Asked(terms, named, _counted_noun(question), measure.group(1) if measure else "",
                      rf.channels_named(expanded))


def _counted_noun(question: str) -> CountedNoun:
    """The noun a how-many question counts, as bigrams of its Chinese terms (an English noun through the
    glossary); empty when the question does not name it after the question word ("经费是多少")."""
    m = _ZH_COUNTED.search(question)
    if m:
        noun = frozenset(_bigrams(_ZH_TRAILING.sub("", m.group(1))))
        return (noun,) if noun else ()
    m = _EN_COUNTED.search(question.lower())
    if m:
        return tuple(t for t in (frozenset(_bigrams(term)) for term in rf.english_search_terms(m.group(1))) if t)
    return ()


def _is_cjk(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


def _with_first_items(sentences: list[str]) -> list[str]:
    """The sentences, each one that announces a list joined to the list's first item: "采取以下措施加以
    改进。" says nothing by itself."""
    out = []
    for i, sentence in enumerate(sentences):
        following = sentences[i + 1] if i + 1 < len(sentences) else ""
        if following and rf.LIST_ANNOUNCEMENT_PATTERN.search(sentence) and rf.LIST_ITEM_PATTERN.match(following):
            sentence += following
        out.append(sentence)
    return out


def _is_title(sentence: str) -> bool:
    norm = rf.normalize_label(sentence)
    return len(norm) < 40 and any(rf.normalize_label(w) in norm for w in rf.REPORT_TITLE_WORDS)


def _strip_headings(text: str, section_path: Sequence[str]) -> str:
    """Passage text without its heading lines (they are cited as the section, not quoted)."""
    headings = {rf.normalize_label(h) for h in section_path}
    kept = [line for line in text.split("\n") if rf.normalize_label(line) not in headings]
    return "\n".join(kept).replace("\n", "")


COUNTING_SENTENCE_BONUS = 2
# Said under a narrative answer that the optional LLM worded (assistant.llm): the reader knows whose words.
LLM_NOTE = {"zh": "（以上由语言模型依据所引原文撰写）", "en": "(Worded by a language model from the quoted sources only.)"}
_HOW_MANY = ("多少", "几", "how many", "how much", "number of", "数量")
# Characters of the question's own grammar ("是多少", "有几", "了多少"): a bigram holding one names nothing asked.
_QUESTION_CHARS = frozenset("多少几是有吗呢了的在上哪些什么怎样请问共总一和与及年度为")


def _asks_how_many(question: str) -> bool:
    # ("列了哪几条问题": which ones, not how many)
    lower = question.lower().replace("哪几", "哪些")
    return any(w in lower for w in _HOW_MANY)


@cache
def _framing_bigrams() -> frozenset[str]:
    """Bigrams of the words every report's title is made of (政府信息公开, 政务公开工作, 年度报告):
    sharing them with a question says nothing about what a number counts."""
    return frozenset(b for w in rf.REPORT_TITLE_WORDS for b in _bigrams(w))


def quoted_number(sentence: str, question: str) -> tuple[int | float, str, str] | None:
    """The number in a quoted sentence that the question asks about: the one whose own words (its clause
    before it, and the noun a measure word introduces after it: "21件文件", "3个方面的问题") share most with
    the question, counting only words more specific than a report title's ("政务公开工作经费" does not make
    "政务公开工作存在2个问题" an answer). It is read from the source text, never computed or guessed."""
    found = _number_near(sentence, _Asked.of(question))
    return (found.value, found.unit, found.text) if found else None


@dataclass(frozen=True)
class _QuotedNumber:
    value: int | float
    unit: str
    text: str  # as written: "400 余期"
    score: float


_CLAUSE_BREAK = re.compile(r"[，、；：,;:（）()“”]")
_TOTAL_MARKER = re.compile(r"^(?:共计|合计|累计|总计|共)$")
MEASURE_MATCH_BONUS = 0.5  # "多少条信息": a number counted in 条 over one in 期 when their words tie
TOTAL_BONUS = 0.25  # "185期、共计907条": the total of what both count, when nothing else tells them apart
FRAMING_WEIGHT = 0.5  # a report title's words (政府信息 …) rank numbers but never make one an answer


def _number_windows(sentence: str) -> list[tuple[re.Match[str], str, bool]]:
    """Each number with its own words: its clause up to 14 characters before it (not across a comma or
    another number: "解读8篇，组织新闻发布会0场" gives 0场 only 组织新闻发布会), its measure word, and
    up to 10 characters after it to the clause's end ("21件文件", "2项问题已全部完成整改"). A clause that is only a total marker
    ("发布信息185期、共计907条") counts what the clause before it counted, and is marked as that total."""
    out: list[tuple[re.Match[str], str, bool]] = []
    previous = ""
    for m in _NUMBER_WITH_UNIT.finditer(sentence):
        before = re.split(r"\d|" + _CLAUSE_BREAK.pattern, sentence[max(0, m.start() - 14):m.start()])[-1]
        total = bool(_TOTAL_MARKER.match(before.strip()))
        if total:
            before = previous + before
        previous = before
        after = _CLAUSE_BREAK.split(sentence[m.end():m.end() + 10])[0]
        out.append((m, f"{before}|{m.group(3)}{after}", total))
    return out


def _number_near(sentence: str, asked: _Asked) -> _QuotedNumber | None:
    """:func:`quoted_number` for a question read once (:class:`_Asked`). A number answers only
    if its words share a word with the question more specific than a report title's, or hold the noun it
    counts; when the question names that noun ("几场新闻发布会"), they must hold it (or one of its Chinese
    terms): two of its bigrams, one for a two-character noun — "发布信息400余期" shares only 发布 with
    新闻发布会. A sentence about other publishing channels than the question's counts none of them."""
    if asked.channels:
        named = rf.channels_named(sentence)
        if named and not asked.channels & named:
            return None
    framing = _framing_bigrams()
    best: _QuotedNumber | None = None
    for m, window, total in _number_windows(sentence):
        near = _bigrams(window)
        holds_noun = any(len(t & near) >= min(2, len(t)) for t in asked.noun)
        if asked.noun and not holds_noun:
            continue
        shared = asked.terms & near
        specific = len(shared - framing)
        if not (specific or holds_noun):
            continue
        score = specific + FRAMING_WEIGHT * len(shared & framing)
        score += MEASURE_MATCH_BONUS if asked.measure and m.group(3) == asked.measure else 0
        score += TOTAL_BONUS if total else 0
        if best is None or score > best.score:
            number = float(m.group(1))
            best = _QuotedNumber(int(number) if number.is_integer() else number, m.group(3), m.group(0), score)
    return best


__all__ = ["COUNTING_SENTENCE_BONUS", "LLM_NOTE", "expand_terms", "narrative_answer", "quoted_number"]
