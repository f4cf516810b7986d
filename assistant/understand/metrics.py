"""From the vocabulary matches of a question to its metric, applicant column, operations and cues.

Which words the metric then explains is :mod:`explained`'s; the base of a share, :mod:`shares`'.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from index import reportformat as rf

from . import grounding
from .lexicon import _FRAMING_ANCHOR, _FRAMING_ROWS, _T, _is_generic
from .mentions import _Match
from .text import _fold
from .types import Metric, Unresolved
from .words import (
    _CHANNEL_TOPICS,
    _NOT_RECORDED_BY_ID,
    AMBIGUOUS_TERMS,
    PUBLISHING_VERB_TOPICS,
)
from .years import format_of


def _anchor_class(t: _T) -> float:
    """How specific a row-like meaning is; the question's metric is its most specific one."""
    if t.kind == "t3row":
        if t.id in _FRAMING_ROWS:  # "answered" beats "how many requests"
            return _FRAMING_ANCHOR if t.id == "processed_total" else 1
        return 4 if rf.T3_ROW_BY_ID[t.id].group else 3  # a reason row beats its group sum
    if t.kind == "derived":
        return 2 if rf.DERIVED_BY_ID[t.id].table == 4 else 3
    if t.kind in ("t2row", "t4block"):
        return 4 if t.id in _SUIT_BLOCKS else 3  # "filed directly" beats "lawsuits"
    if t.kind == "t2col" and len(t.rows) == 1:
        return 2
    return 0


# The two lawsuit blocks of 表四: the blocks the litigation total adds up.
_SUIT_BLOCKS = rf.SUIT_BLOCKS
_CONCLUDED = rf.T4_DECIDED_OUTCOMES


def _t2_block_columns(row_id: str) -> set[str]:
    return {c.id for c in rf.t2_row_columns(row_id)}


def _fits_years(t: _T, years: Sequence[int]) -> bool:
    if not years:
        return True
    fmts = {format_of(y) for y in years}
    if t.kind == "t3row":
        return bool(fmts & set(rf.T3_ROW_BY_ID[t.id].formats))
    if t.kind == "derived":
        return bool(fmts & set(rf.DERIVED_BY_ID[t.id].formats))
    return True


@dataclass
class _Found:
    """What the question itself states (before follow-up inheritance and defaults)."""

    metric: Metric | None = None
    anchor_class: float = 0
    anchor_generic: bool = False  # the anchor was named only by a generic word (see _is_generic)
    specific_topic: bool = False  # a narrative topic named by a specific phrase, not a channel
    metric_flags: tuple[str, ...] = ()
    applicant: str | None = None
    ops: list[str] = field(default_factory=list)
    change_from_column: bool = False
    scope_all: bool = False
    cues: set[str] = field(default_factory=set)
    intents: set[str] = field(default_factory=set)  # "check", "overview"
    topics: list[str] = field(default_factory=list)
    section: str | None = None
    relative: list[int] = field(default_factory=list)


def _resolve_vocabulary(matches: list[_Match], explicit_years: Sequence[int], question: str = "") -> _Found:
    found = _Found()
    for m in matches:
        for t in m.targets:
            if t.kind == "op" and t.id not in found.ops:
                found.ops.append(t.id)
            elif t.kind == "scope":
                found.scope_all = True
            elif t.kind == "cue":
                found.cues.add(t.id)
            elif t.kind == "intent":
                found.intents.add(t.id)
            elif t.kind == "topic" and t.id not in found.topics:
                found.topics.append(t.id)
                if t.id not in _CHANNEL_TOPICS and not _is_generic(m.text):
                    found.specific_topic = True
            elif t.kind == "section" and found.section is None:
                found.section = t.id
            elif t.kind == "rel":
                found.relative.append(t.value)

    # The anchor: the most specific row-like meaning; ties go to the longer phrase, then the first.
    best: tuple[float, int, int] | None = None
    anchor: _T | None = None
    anchor_match: _Match | None = None
    blocks_named = any(t.kind == "t4block" for m in matches for t in m.targets)
    for m in matches:
        options = [t for t in m.targets if _anchor_class(t) > 0]
        if blocks_named and any(t.kind == "t4out" for t in m.targets):
            # "reconsiderations … withdrawn": an outcome word of the 表四 block named, not a 表三 row
            options = [t for t in options if t.kind != "t3row"]
        if not options:
            continue
        fitting = [t for t in options if _fits_years(t, explicit_years)] or options
        top = max(fitting, key=_anchor_class)
        tied = [t for t in fitting if _anchor_class(t) == _anchor_class(top)]
        if len(tied) > 1:
            # "没交钱不再处理的": 不再处理 names two rows alike; the one another word names alone is meant
            # (otherwise the first is read, and asked back about: see rows_in_one_word)
            named = {(t.kind, t.id) for other in matches if other is not m for t in other.targets}
            picked = [t for t in tied if (t.kind, t.id) in named]
            if len(picked) == 1:
                top = picked[0]
        rank = (_anchor_class(top), m.end - m.start, -m.start)
        if best is None or rank > best:
            best, anchor, anchor_match = rank, top, m
            found.anchor_generic = _is_generic(m.text)
    if anchor is None:
        return found
    found.anchor_class = best[0] if best else 0

    def targets_of(kind: str) -> list[tuple[_Match, _T]]:
        return [(m, t) for m in matches for t in m.targets if t.kind == kind]

    flags: list[str] = []
    mentioned_rows = {t.id for _, t in targets_of("t3row")}
    # "how many reconsideration cases were closed / 办结": a 表四 block's cases decided, every result but 尚未审结;
    # its 总计 holds the pending ones too (read as the total it was a wrong number)
    concluded = not any(t.id != "total" for _, t in targets_of("t4out")) and any(
        t.id == "processed_total" for _, t in targets_of("t3row"))
    if anchor.kind == "derived" and rf.DERIVED_BY_ID[anchor.id].table == 4 and concluded:
        blocks = dict.fromkeys(p.split(".")[0] for p in rf.DERIVED_BY_ID[anchor.id].parts)
        metric = Metric(4, row=rf.T4_ROW.id, parts=tuple(f"{b}.{o}" for b in blocks for o in _CONCLUDED))
    elif anchor.kind == "derived" and rf.DERIVED_BY_ID[anchor.id].table == 4:
        outcome = next((t.id for _, t in targets_of("t4out") if t.id != "total"), None)
        if outcome:  # "复议和诉讼里还没审结的": that outcome in each block the sum is made of
            blocks = dict.fromkeys(p.split(".")[0] for p in rf.DERIVED_BY_ID[anchor.id].parts)
            metric = Metric(4, row=rf.T4_ROW.id, parts=tuple(f"{b}.{outcome}" for b in blocks))
        else:
            metric = Metric(4, derived=anchor.id)
    elif anchor.kind == "t3row" and anchor_match is not None and {
            t.id for t in anchor_match.targets if t.kind == "t3row"} == set(rf.DISCLOSED_ROWS):
        # "fully or partly disclosed", "full + partial": both rows together; as a rate, 公开率（含部分公开）
        rate = "ratio" in found.ops or any(t.kind == "derived" and rf.DERIVED_BY_ID[t.id].kind == "ratio"
                                           for m in matches for t in m.targets)
        metric = Metric(3, derived="disclosure_rate_incl_partial") if rate else Metric(3, parts=rf.DISCLOSED_ROWS)
        if rate and "ratio" not in found.ops:
            found.ops.append("ratio")
    elif anchor.kind == "t3row" and anchor.id == "carried_out" and targets_of("t4block") and any(
            t.kind == "t4out" and t.id == "pending" for _, t in targets_of("t4out")):
        # "reconsideration cases still pending at year end": the block's 尚未审结, not the requests carried over
        block = next(t.id for _, t in targets_of("t4block"))
        metric = Metric(4, row=rf.T4_ROW.id, column=f"{block}.pending")
    elif anchor.kind == "t3row":
        metric = Metric(3, row=anchor.id)
        if "ratio" in found.ops and anchor.id == "granted":
            rate = "disclosure_rate_incl_partial" if "partial" in mentioned_rows else "disclosure_rate"
            metric = Metric(3, derived=rate)
    elif anchor.kind == "derived":
        metric = Metric(3, derived=anchor.id)
        if anchor.id == "disclosure_rate" and "partial" in mentioned_rows:
            metric = Metric(3, derived="disclosure_rate_incl_partial")  # "disclosure rate (full + partial …)"
        if rf.DERIVED_BY_ID[anchor.id].kind == "ratio" and "ratio" not in found.ops:
            found.ops.append("ratio")
    elif anchor.kind in ("t2row", "t2col"):
        row = anchor.id if anchor.kind == "t2row" else next(iter(anchor.rows))
        allowed = _t2_block_columns(row)
        named = [(m, t) for m, t in targets_of("t2col") if t.id in allowed]
        signed = rf.T2_SIGNED_COLUMNS
        plain = [(m, t) for m, t in named if t.id not in signed]
        column: str | None = None
        if plain:
            column = plain[0][1].id
        elif named:
            m0, t0 = named[0]
            change_word = any(t.kind == "op" and t.id == "change" for t in m0.targets)
            if change_word and len(explicit_years) >= 2:
                column = None  # "how did X change from 2019 to 2020": an operation, not 本年增/减
            else:
                column = t0.id
                if change_word:
                    found.change_from_column = True
        if column is None:
            flags.append("default_column")
        metric = Metric(2, row=row, column=column)
    else:  # t4block
        # "Total … cases upheld across A, B and C": 总计 is the default outcome, so a named one wins.
        outcome = next((t.id for _, t in targets_of("t4out") if t.id != "total"), "total")
        blocks = {t.id for _, t in targets_of("t4block")}
        if concluded:
            named = [b.id for b in rf.T4_BLOCKS if b.id in blocks]
            metric = Metric(4, row=rf.T4_ROW.id, parts=tuple(f"{b}.{o}" for b in named for o in _CONCLUDED))
        elif set(_SUIT_BLOCKS) <= blocks and outcome == "total":
            metric = Metric(4, derived="litigation_total")  # "直接起诉加复议后起诉": both suits together
        elif set(_SUIT_BLOCKS) <= blocks:
            metric = Metric(4, row=rf.T4_ROW.id, parts=tuple(f"{b}.{outcome}" for b in _SUIT_BLOCKS))
        else:
            metric = Metric(4, row=rf.T4_ROW.id, column=f"{anchor.id}.{outcome}")

    applicant = _applicant_only(matches, question) if metric.table == 3 else None
    found.metric = metric
    found.applicant = applicant
    found.metric_flags = tuple(flags)
    return found


def _not_recorded(matches: list[_Match], found: _Found) -> list[Unresolved]:
    """The quantities of ``_NOT_RECORDED`` a figure question asks for, as unresolved metrics.

    A word naming the quantity itself (访问量, average response time) is enough; a word naming only
    what is counted (工作人员, staff, women) needs a figure cue ("多少", "how many"). Nothing is
    returned when the question asks for text (why, describe, 措施 …) or names another narrative
    topic than a channel: "how many staff were trained" is a training figure the text may state.
    """
    by_id = _NOT_RECORDED_BY_ID
    table2_named = found.metric is not None and found.metric.table == 2
    hits = [(m, t) for m in matches for t in m.targets
            if t.kind == "unrecorded" and not (table2_named and by_id[t.id].yields_to_table2)]
    # ("how many administrative confirmation decisions were published": publishing is the report's own act, no
    # other topic the text may count)
    if not hits or "text" in found.cues or set(found.topics) - _CHANNEL_TOPICS - PUBLISHING_VERB_TOPICS:
        return []
    # (a share asked is a figure asked: "what share of the individual applicants were women?" had its women
    # set aside and was answered with individuals' share of all requests — a wrong number)
    if "figure" not in found.cues and not set(found.ops) & {"ratio", "sum", "rank", "compare", "change", "trend"} \
            and not any(t.value for _, t in hits):
        return []
    words: dict[str, tuple[int, int, str]] = {}  # per quantity: the words naming it best
    for m, t in hits:
        rank = (t.value, m.end - m.start, m.text)
        if t.id not in words or rank[:2] > words[t.id][:2]:
            words[t.id] = rank
    return [Unresolved("metric", by_id[q].english if text in by_id[q].verbs else text)
            for q, (_, _, text) in words.items()]


def _applicant_only(matches: list[_Match], question: str = "") -> str | None:
    """The applicant column named: one organisation type before the 法人或其他组织 header it belongs to
    ("法人那几栏呢，商业企业的": 商业企业); a column set aside ("单位和组织申请的 不算个人的") is not the one asked."""
    named = [(m, t) for m in matches for t in m.targets
             if t.kind == "orgs" or (t.kind == "applicant" and t.id != rf.APPLICANT_TOTAL)]
    kept = [(m, t) for m, t in named if not grounding.SET_ASIDE_BEFORE.search(question[max(0, m.start - 16):m.start])]
    if kept and all(t.kind == "orgs" for _, t in kept):
        named = kept  # (only the organisations left: "neither businesses, research bodies, NGOs nor law firms" is
        # the other organisations' column, read from the whole list by set_aside_siblings)
    specific = [(m, t) for m, t in named if t.kind == "applicant"]
    if len({t.id for _, t in named}) >= 2 and (added := _columns_added(question, named)):
        return added  # "企业和律师事务所提的加起来", "老百姓和单位的…总共": the columns, added
    header = next(((m, t) for m, t in named if t.kind == "orgs"), None)
    if header is not None and len({t.id for _, t in specific}) >= 2 and all(
            t.id in rf.ORGANISATION_COLUMN_IDS for _, t in specific):
        return header[1].id  # "法人或其他组织一共多少件？企业、科研、公益、律所、其他全算上": its columns listed
    if specific and header is not None and all(
            m.end <= header[0].start and _EXAMPLES.search(question[m.end:header[0].start]) for m, _ in specific):
        return header[1].id  # "单位、企业这些法人或其他组织": examples before the header, the header asked
    if header is not None and not specific and _OTHER_BESIDE_HEADER.search(question):
        return rf.ORGANISATION_COLUMN_IDS[-1]  # "“其他”类法人组织", "法人组织里的其他": the header's 其他 column
    return (specific or named)[0][1].id if named else None


def _columns_added(question: str, named: list[tuple[_Match, _T]]) -> str | None:
    """Applicant columns the question joins and adds ("企业和律师事务所提的加起来", "private citizens plus law
    firms … combined"): their ids joined by "+", in the question's order; None unless every two named columns
    are joined by a plus or a conjunction, and a sum word is said outside them."""
    from .formula import _EACH_RE, _SUM_RE, _joined  # (formula reads this module: imported here, not above)
    ordered = sorted(named, key=lambda p: p[0].start)
    ids = list(dict.fromkeys(t.id for _, t in ordered))
    if len(ids) != len(ordered) or _EACH_RE.search(question) or (
            rf.ORGANISATION_HEADER.id in ids and set(ids) & set(rf.ORGANISATION_COLUMN_IDS)):
        return None  # (an organisation type beside the organisations header is one of them, not added)
    first, last = ordered[0][0].start, ordered[-1][0].end
    if not any(not first <= w.start() < last for w in _SUM_RE.finditer(question)):
        return None
    # (a join the second word begins with counts: "老百姓和单位", 和单位 being the organisations' word)
    if any(_joined(question[a.end:b.start] + (b.text[0] if b.text[0] in "和与及" else ""), True, either=False) is None
           for (a, _), (b, _) in zip(ordered, ordered[1:])):
        return None
    return "+".join(ids)


# words that make what stands before them examples of what follows ("企业这些法人", "律所之类的机构")
_EXAMPLES = re.compile(r"这些|这类|之类|等等|等|such as|like|e\.g\.", re.IGNORECASE)
# "其他" said of the organisations: their 其他 column, not their five columns added ("“其他”类法人组织")
# (the header's own short names, 法人 and 组织, from the format module)
_HEADER_WORDS = "|".join(re.escape(a) for a in rf.ORGANISATION_HEADER.aliases if len(a) <= 2 and not a.isascii())
_OTHER_BESIDE_HEADER = re.compile(rf"(?<![或和及者与])[“\"]?其[他它][”\"]?(?:类|这类|那类|一类|一栏|那栏)?的?(?:{_HEADER_WORDS})"
                                  rf"|(?:{_HEADER_WORDS})[^，。,？?]{{0,6}}?(?:里|中|里面|当中)的?[“\"]?其[他它][”\"]?"
                                  r"(?:类|一栏|那栏|那一栏)?")




def _readings_of(text: str) -> tuple[str, ...]:
    """The derived metrics a word names several of (公开率, "stopped processing"), as written or folded; ()."""
    return AMBIGUOUS_TERMS.get(_fold(text)[0].strip()) or AMBIGUOUS_TERMS.get(text) or ()


def ambiguous_term(matches: list[_Match], metric: Metric | None) -> tuple[str, tuple[Metric, ...]] | None:
    """A word that names several metrics (公开率: fully, or fully or partly disclosed), read alone: the
    word and the other readings; None when another word of the question names the parts (予以公开,
    部分公开, "in full", "partial") or no such word is there."""
    if metric is None or not metric.derived:
        return None
    for m in matches:
        candidates = _readings_of(m.text)
        if not candidates or metric.derived not in candidates:
            continue
        parts = {p for c in candidates for p in rf.DERIVED_BY_ID[c].parts}
        decided = any(t.kind == "t3row" and t.id in parts or (t.kind == "derived" and t.id in candidates)
                      for other in matches if other is not m for t in other.targets)
        if not decided:
            return m.text, tuple(Metric(3, derived=c) for c in candidates if c != metric.derived)
    return None


def rows_in_one_word(matches: list[_Match], metric: Metric | None) -> tuple[str, tuple[Metric, ...]] | None:
    """A word that names two 表三 rows alike (终止, 不再处理, "dropped": the applicant did not clarify in time,
    or did not pay), the row read being one of them and no other word of the question naming one alone: the
    word and the other rows, to be asked back; None otherwise."""
    if metric is None or metric.table != 3 or not metric.row or metric.parts or metric.per:
        return None
    for m in matches:
        rows = {t.id for t in m.targets if t.kind == "t3row"}
        if metric.row not in rows or len(rows) < 2 or rows == set(rf.DISCLOSED_ROWS):
            continue
        decided = any(t.kind == "t3row" and t.id in rows and len({x.id for x in other.targets if x.kind == "t3row"
                                                                  } & rows) == 1
                      for other in matches if other is not m for t in other.targets)
        if not decided:
            return m.text, tuple(Metric(3, row=r) for r in sorted(rows) if r != metric.row)
    return None


def row_prints(metric: Metric | None, column: str, years: Sequence[int]) -> bool:
    """Whether the asked 表二 row, named without a column, prints ``column`` in the format of every
    year (上一年项目数量 and 本年增/减 exist in the 2019 format only)."""
    if metric is None or metric.table != 2 or metric.column is not None or not years:
        return False
    probe = Metric(2, row=metric.row, column=column)
    return all((c := probe.t2_column(format_of(y))) is not None and c.id == column for y in years)
