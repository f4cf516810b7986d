"""A question told after a story: "我去年在平潭申请过信息公开，被告知属于重复申请，气死了。想问下2020年平潭综合
实验区一共有多少件是因为重复申请没处理的？" The sentences before the one that asks tell why it is asked; their words
(去年, 气死, 我邻居…) name no part of the cell, so they are set aside — but only when the sentence that asks is
grounded on its own and the story names nothing that would change its answer: no other agency (a place the
asked agency lies in is fine: "我在淮安工作" before a question about 洪泽区), no cell, applicant or operation the
understood metric does not use, and no limiting word ("只算企业", "not the police bureau's one").
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from index import gazetteer
from index import reportformat as rf

from .agencies import Catalog
from .lexicon import _FRAMING_ROWS, _T, _is_generic
from .mentions import _scan
from .explained import unused_cell_words
from .qualifiers import government_place, lies_in, of_or_in
from .spans import mentions_any
from .types import Query
from .words import _DATA

_SENTENCE_END = re.compile(r"(?<=[。！!；;？?])|(?<=\.)\s+")
# a lead-in before the question, ended by a colon or a dash ("领导要个准数：…", "Sorry if this is basic — …")
_LEAD_IN_END = re.compile(r"(?<=：)|(?<=[^\d\s]:)\s+|(?<=——)|\s+[—–-]{1,2}\s+")
_ASKS = re.compile("|".join(re.escape(w) for w in _DATA["story"]["asks"]), re.IGNORECASE)
_ASKS_A_FIGURE = re.compile("|".join(re.escape(w) for w in _DATA["story"]["asks"] if w not in ("?", "？")), re.IGNORECASE)
_LIMITS: tuple[str, ...] = tuple(_DATA["story"]["limits"])
_POINTS_BACK: tuple[str, ...] = tuple(_DATA["story"]["points_back"])


def _names_it_or_more(t: _T, q: Query) -> bool:
    """Whether a story word names the asked 表三 cell itself or a whole that contains it (不予处理 before a
    question about 重复申请), never one part of an asked group."""
    metric = q.metric
    if t.kind == "t3row" and t.id in _FRAMING_ROWS:
        return True  # "答复", "申请": every request question's frame
    if metric is not None and metric.table == 4 and t.kind == "derived" and rf.DERIVED_BY_ID[t.id].table == 4:
        # "统计年底还挂着的官司" before a question about one suit's cell: lawsuits, the whole it is part of
        cells = set(metric.parts or (metric.column or "",))
        return all(any(c.startswith(p.split(".")[0] + ".") for p in rf.DERIVED_BY_ID[t.id].parts) for c in cells)
    if metric is None or metric.table != 3:
        return False
    if t.kind == "t3row":
        return t.id == metric.row
    d = rf.DERIVED_BY_ID[t.id]
    return t.id == metric.derived or (metric.row is not None and metric.row in d.parts)


def _stands_alone(asked: str, q: Query) -> bool:
    """Whether the sentence that asks names its own agency and year and points nowhere back into the story
    ("淮安市政府2024年年报里，未经复议直接起诉、结果被纠正的有几件？"): then the story's words for a cell, an
    applicant or an operation only say why it is asked ("朋友没走复议直接把淮安市政府告了，还赢了。")."""
    return bool(q.mentions and q.years and not q.carried and not q.earlier_years) \
        and not mentions_any(asked, _POINTS_BACK)


def split_story(question: str) -> tuple[str, str] | None:
    """(the story, the sentence that asks and what follows it), or None when the question is one sentence and
    has no lead-in. What follows the question is never set aside: an afterthought may narrow it ("涨得挺猛啊" says
    nothing, but a remark that seemed to say nothing was set aside once and a wrong number stated)."""
    starts, pos = [], 0
    for found in _SENTENCE_END.finditer(question):
        if question[pos:found.start()].strip():
            starts.append((pos, question[pos:found.start()]))
        pos = found.end()
    if question[pos:].strip():
        starts.append((pos, question[pos:]))
    asking = [i for i, (_, piece) in enumerate(starts) if _ASKS.search(piece)]
    if not asking or (len(starts) < 2 and not _LEAD_IN_END.search(question)):
        return None
    if any(("?" in piece or "？" in piece) and _ASKS_A_FIGURE.search(piece) for _, piece in starts[:asking[-1]]):
        # "那到了2022年变成多少？跟21年比变化了几件？": two questions, the first no story (set aside, the change
        # was read from 2021 and the year before it: a wrong number)
        return None
    at = starts[asking[-1]][0]
    end = starts[asking[-1] + 1][0] if asking[-1] + 1 < len(starts) else len(question)
    lead = _LEAD_IN_END.search(question, at, end)
    if lead is not None and not _ASKS.search(question, at, lead.start()):
        at = lead.end()  # the sentence's lead-in asks nothing: it is told before the question, as a story is
    return question[:at], question[at:]


def without_story(question: str, whole: Query, catalog: Catalog,
                  understand_one: Callable[[str], Query]) -> Query:
    """The question understood from the sentence that asks when the story before it changes nothing;
    otherwise ``whole`` (the whole question, as understood)."""
    parts = split_story(question)
    if parts is None:
        return whole
    story, asked = parts
    if not story.strip():
        return whole
    q = understand_one(asked)
    if not (q.grounded and q.metric is not None and q.agencies and not q.ambiguous and q.route == "figures"):
        return whole
    if mentions_any(story, _LIMITS):
        return whole
    scan = _scan(story, catalog)
    lead_in = _SENTENCE_END.split(story.rstrip())[-1]
    if lead_in.rstrip().endswith(("：", ":", "—", "–", "-")) and any(
            item.last_n or item.onward or item.format_name or any(y not in q.years for y in item.years)
            for item in _scan(lead_in, catalog).years):
        return whole  # "In 2025 terms: comparing … 2019 and … 2022": a lead-in's year the question does not ask
    if any((place := gazetteer.higher_place(u)) is None or not all(lies_in(a, place, catalog) for a in q.agencies)
           for u in scan.unknown_agencies):
        return whole  # an agency not stored; a province or prefecture the asked agency lies in is only the setting
    for _, _, mention in scan.mentions:
        if not all(c in q.agencies or ((place := government_place(c)) is not None
                                       and any(of_or_in(a, place, catalog) for a in q.agencies))
                   for c in mention.candidates):
            return whole  # "我问的是公安局。平潭2020年…": another agency than the one the question asks about
    alone = _stands_alone(asked, q)
    # a generic word of 表二 ("文件": "上次申请公开一个文件") before a question about another table tells the story
    story_matches = [m for m in scan.matches if not (
        q.metric.table != 2 and _is_generic(m.text) and all(t.kind in ("t2row", "t2col") for t in m.targets))]
    if alone:
        # only a story's applicant before a question naming none could narrow it ("我们是企业。…不予公开的有几件？")
        if q.applicant is None and any(t.kind == "applicant" and t.id != rf.APPLICANT_TOTAL
                                       for m in story_matches for t in m.targets):
            return whole
        return replace(q, question=question, flags=(*q.flags, "story_set_aside"))
    if unused_cell_words(story_matches, q.metric, q.applicant) or any(
            t.kind in ("op", "applicant") for m in story_matches for t in m.targets
            if not (t.kind == "applicant" and (t.id == q.applicant or (
                t.id == rf.APPLICANT_TOTAL and q.applicant in (None, rf.APPLICANT_TOTAL))))
            and not (t.kind == "op" and t.id == q.operation)):
        # (a story's "合计" before a question that adds up is the same sum: "领导要个两年的合计数。…合计是多少？")
        return whole
    if any(not _names_it_or_more(t, q) for m in story_matches for t in m.targets if t.kind in ("t3row", "derived")):
        # "…说属于行政执法案卷不能公开。…因为这个理由不公开的有几件？": the story names the reason the question
        # points back to; the sentence alone reads the whole group (it was answered with the group total)
        return whole
    return replace(q, question=question, flags=(*q.flags, "story_set_aside"))
