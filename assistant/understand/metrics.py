"""From the vocabulary matches of a question to its metric, applicant column, operations and cues."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from index import reportformat as rf

from . import grounding
from .formula import PLUS
from .lexicon import _FRAMING_ANCHOR, _FRAMING_ROWS, CELL_KINDS, _T, _is_generic, _vocabulary
from .mentions import _Match
from .text import _CJK, _WORD, _en_key, _fold, _has_cjk, _stem, _zh_key
from .types import Metric, Unresolved
from .words import (
    _CHANNEL_TOPICS,
    _NEGATIONS_EN,
    _NEGATIONS_ZH,
    _NOT_RECORDED_BY_ID,
    _OP_WORDS,
    _SHARE_OF_WORDS,
    _SUM_IF_SEVERAL,
    AMBIGUOUS_TERMS,
    ETC,
    DISCLOSURE_VERBS,
    OUTCOME_VERBS,
    PUBLISHING_VERB_TOPICS,
    REFUSAL_VERBS,
    REQUEST_FRAMES,
)

_REFUSAL_GROUPS = frozenset({"denied", "unable", "notproc", "other"})
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
    if anchor.kind == "derived" and rf.DERIVED_BY_ID[anchor.id].table == 4:
        outcome = next((t.id for _, t in targets_of("t4out") if t.id != "total"), None)
        if outcome:
            metric = Metric(4, row=rf.T4_ROW.id, parts=tuple(f"{b}.{outcome}" for b in _SUIT_BLOCKS))
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
        signed = {c.id for fmt in rf.FORMATS for b in rf.T2_BLOCKS[fmt] for c in b.columns if c.kind == "signed"}
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
        if set(_SUIT_BLOCKS) <= blocks and outcome == "total":
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




_T2_EQUIVALENT_IDS = {"issued": ("made",), "made": ("issued",), "in_force": ("total_public",),
                      "total_public": ("in_force",)}


def _uses(t: _T, metric: Metric, applicant: str | None) -> bool:
    """Whether the understood metric reflects this meaning of a word of the question."""
    derived = rf.DERIVED_BY_ID.get(metric.derived or "")
    t4_parts = (metric.column or "",) + metric.parts + (derived.parts if derived and derived.table == 4 else ())
    if t.kind == "t3row":
        if t.id in _FRAMING_ROWS or metric.row == t.id or t.id in metric.per_parts or t.id == metric.per:
            return True
        if metric.table == 3 and metric.row and rf.T3_ROW_BY_ID[metric.row].group == t.id:
            return True  # the 2019 single row （六）其他处理 named beside its 2021 sub-row
        return derived is not None and derived.table == 3 and (t.id in derived.parts or t.id in derived.denominator)
    if t.kind == "derived":
        if metric.derived == t.id:
            return True
        d = rf.DERIVED_BY_ID[t.id]
        if metric.per_parts and set(d.parts) == set(metric.per_parts):
            return True  # "what share of its caseload …": the base of the share
        if d.table == 4:  # "lawsuits" beside "filed directly": the block is one of the total's parts
            blocks = {p.split(".")[0] for p in d.parts}
            own = {p.split(".")[0] for p in t4_parts if p}
            # (but a total of several blocks is no part of a bigger total named beside it: "行政复议和行政诉讼
            # （直接起诉、复议后起诉）加在一起" was answered with the lawsuits alone)
            return metric.table == 4 and bool(own & blocks) and not (len(own) >= 2 and own < blocks)
        # a group named beside one of its rows ("不予公开" … "属于国家秘密"), or within a rate's parts
        return (metric.table == 3 and metric.row in d.parts) or (
            derived is not None and set(d.parts) <= set(derived.parts) | set(derived.denominator))
    if t.kind == "t2row":
        return metric.table == 2 and metric.row == t.id
    if t.kind == "t2col":
        # a column of another row ("采购金额" beside 收费金额: both "amount") is not this metric's
        return metric.table == 2 and ((metric.column in (t.id, *_T2_EQUIVALENT_IDS.get(t.id, ()))
                                       and (not t.rows or metric.row in t.rows)) or (
            metric.column is None and metric.row not in t.rows))
    if t.kind == "t4block":
        return metric.table == 4 and any(p.split(".")[0] == t.id for p in t4_parts)
    if t.kind == "t4out" and t.id == "pending" and metric.table == 3 and metric.row in rf.CARRY_OVER_ROWS.values():
        return True  # "remained pending … carried forward into the following year": the requests carried over
    if t.kind == "t4out":
        return metric.table == 4 and (any(p.split(".")[-1] == t.id for p in t4_parts) or (
            t.id == "total" and (metric.derived is not None or metric.column is None)))
    if t.kind == "orgs":  # "organisations" beside one kind of organisation, or added to individuals
        return applicant == t.id or applicant in rf.ORGANISATION_COLUMN_IDS or t.id in (applicant or "").split("+")
    if t.kind == "applicant":  # (columns added: "commercial+legal" uses each; the organisations use each of theirs)
        return t.id == rf.APPLICANT_TOTAL or applicant == t.id or t.id in (applicant or "").split("+") or (
            applicant == rf.ORGANISATION_HEADER.id and t.id in rf.ORGANISATION_COLUMN_IDS)
    return True


@cache
def _example_keys() -> dict[str, frozenset[str]]:
    """Row id → the folded keys of the words naming only an example of what it counts."""
    return {ident: frozenset(_zh_key(w) if _has_cjk(w) else _en_key(w) for w in words)
            for (kind, ident), words in rf.examples().items() if kind == "t3row"}


def examples_only(matches: list[_Match], metric: Metric | None) -> tuple[str, ...]:
    """The words that name the understood 表三 row only by an example of what it counts ("涉及商业秘密"
    for 保护第三方合法权益), when nothing else in the question names that row; () otherwise."""
    keys = _example_keys().get(metric.row or "") if metric is not None and metric.table == 3 else None
    if not keys:
        return ()
    naming = [m.text for m in matches if any(t.kind == "t3row" and t.id == metric.row for t in m.targets)]  # type: ignore[union-attr]
    examples = [w for w in naming if (_zh_key(w) if _has_cjk(w) else _en_key(w)) in keys]
    return tuple(examples[:1]) if examples and len(examples) == len(naming) else ()


def parts_listed(question: str, matches: list[_Match], words: Sequence[str], metric: Metric | None) -> tuple[str, ...]:
    """The words and matched phrases that only list the parts of the understood group sum: "无法提供（不掌握、
    需另行制作、仍不明确）", "not processed at all (petitions, repeats, publications etc.)", "两种起诉加起来 (direct
    plus after reconsideration)". They restate the sum when they name every part, or two or more and
    end in "etc."/等; a question naming only some parts asks for those, so then nothing is explained."""
    derived = rf.DERIVED_BY_ID.get(metric.derived or "") if metric is not None and not metric.per else None
    if derived is None or derived.kind != "sum":
        return ()
    if grounding.ORDINAL_WORD.search(question) or grounding.ITEM_ORDINAL.search(question):
        return ()  # "(the third sub-item)": one part, whatever else is listed
    bracketed = re.search(r"[（(][^（()）]*[)）]", question) is not None
    if not bracketed and not any(w in question.lower() for w in (*_SUM_IF_SEVERAL, *_OP_WORDS["sum"], *PLUS)):
        return ()  # a list of parts restates a total only in brackets or beside a sum word
    named: dict[str, set[str]] = {}
    for w in words:
        for part in derived.parts:
            if explained_by_metric([w], _part_metric(derived.table, part), None):
                named.setdefault(w, set()).add(part)
    for m in matches:
        hit = {t.id for t in m.targets if t.kind == "t3row" and t.id in derived.parts}
        hit |= {p for t in m.targets if t.kind in ("t4block", "t4out") for p in derived.parts
                if p == t.id or p.split(".")[0] == t.id}
        if hit:
            named.setdefault(m.text, set()).update(hit)
    covered = set().union(*named.values()) if named else set()
    etc = any(e in question.lower() for e in ETC)
    if covered == set(derived.parts) or (len(covered) >= 2 and etc):
        return tuple(named)
    return ()


def _part_metric(table: int, part: str) -> Metric:
    return Metric(4, row=rf.T4_ROW.id, column=part) if table == 4 else Metric(3, row=part)


def unused_cell_words(matches: list[_Match], metric: Metric | None, applicant: str | None,
                      one_year: bool = False) -> tuple[str, ...]:
    """Words of the question that name a table cell (a row, a column, an outcome, an applicant) that
    the understood metric does not reflect: "行政诉讼合计（直接起诉加复议后起诉）" read as one of the
    two suits leaves the other unused. No number is stated while such a word remains."""
    if metric is None:
        return ()
    out = []
    for m in matches:
        cells = [t for t in m.targets if t.kind in CELL_KINDS]
        others = [t for t in m.targets if t.kind not in CELL_KINDS and t.kind not in ("topic", "section", "cue")]
        if all(t.kind == "t2col" for t in cells) and _is_generic(m.text) and (
                metric.table != 2 or not any(metric.row in t.rows for t in cells)):
            continue  # one generic word ("decision", "issue") naming a column the asked row does not have
        if metric.table == 3 and metric.row and rf.T3_ROW_BY_ID[metric.row].group in _REFUSAL_GROUPS \
                and m.text.lower() in REFUSAL_VERBS:
            continue  # "repeat applications rejected": the reason row's own outcome, said generically
        # ("上一年项目数量加本年增减": 增减 names another column of the row asked as well as a change; the change
        # was no operation of the question, and the first column alone was stated for the sum asked)
        # (in one year only, and the column's Chinese name: "how did licensing decisions change from 2019 to
        # 2020" changes across years, and "change" is English for the question's operation as well)
        other_column = one_year and _CJK.search(m.text) is not None and metric.table == 2 \
            and any(t.kind == "t2col" and metric.row in t.rows for t in cells) and all(t.kind == "op" for t in others)
        if cells and (not others or other_column) and not any(_uses(t, metric, applicant) for t in cells) \
                and not _one_of_its_readings(m.text, metric):
            out.append(m.text)
    return tuple(dict.fromkeys(out))


def _one_of_its_readings(text: str, metric: Metric) -> bool:
    """Whether a word naming several groups ("stopped processing": （五） or （六）) is said of the row understood,
    a part of one of them ("stopped processing because the applicant never paid": （六）2)."""
    candidates = _readings_of(text)
    return metric.table == 3 and metric.row is not None and any(
        metric.row in rf.DERIVED_BY_ID[c].parts for c in candidates)


@cache
def _own_words(metric: Metric, applicant: str | None) -> tuple[frozenset[str], tuple[str, ...]]:
    """The English word stems and Chinese phrases with which the format and the paraphrases name
    this metric (its official labels and English names in both formats, and every phrase of the
    vocabulary whose cell meaning the metric reflects)."""
    texts = [metric.label(fmt, "en") for fmt in rf.FORMATS if metric.available(fmt)]
    vocab = _vocabulary()
    for key, targets in list(vocab.zh.items()) + list(vocab.en.items()):
        cells = [t for t in targets if t.kind in CELL_KINDS]
        if cells and all(_names(t, metric, applicant) for t in cells):
            texts.append(key)
    stems = {_stem(w) for text in texts for w in _WORD.findall(_fold(text)[0])}
    zh = tuple(_unframed(text) for text in texts if _CJK.search(text))
    return frozenset(stems), zh


def _unframed(phrase: str) -> str:
    """A Chinese phrase with its request frames blanked (本年新收政府信息公开申请数量 → 本年新收 数量)."""
    for frame in REQUEST_FRAMES:
        phrase = phrase.replace(frame, " ")
    return phrase


def _names(t: _T, metric: Metric, applicant: str | None) -> bool:
    """Whether this meaning names the metric itself (stricter than :func:`_uses`: a framing row, or a
    表二 column word of another block, reflects the metric without naming it)."""
    if t.kind == "t3row":  # a group's own row word, never one of its parts ("did not exist" is 不掌握, not 无法提供)
        return t.id == metric.row
    if t.kind == "derived":
        return t.id == metric.derived
    if t.kind == "t2col":
        columns = {c.id for fmt in rf.FORMATS if (c := metric.t2_column(fmt)) is not None}
        return metric.table == 2 and metric.row in t.rows and t.id in columns
    return _uses(t, metric, applicant)


def _same_stem(word: str, stems: frozenset[str]) -> bool:
    stem = _stem(word)
    return stem in stems or (len(stem) >= 4 and any(len(s) >= 4 and (s.startswith(stem) or stem.startswith(s))
                                                     for s in stems))


def explained_by_metric(words: Sequence[str], metric: Metric | None, applicant: str | None) -> tuple[str, ...]:
    """Of the question's unaccounted words, those that the understood metric's own description
    contains: "could **not** meet … newly compiled" read as 没有现成信息需要另行制作 ("would require
    creating new information", a refusal), "**stopped** processing … never paid" as the fee row
    ("processing stopped"). Such a word restates the metric instead of naming another cell; a word
    the metric does not contain stays unaccounted. Numbers are never explained this way."""
    if metric is None:
        return ()
    stems, zh = _own_words(metric, applicant)
    if _is_outcome(metric):
        stems = stems | {_stem(v) for v in OUTCOME_VERBS if v.isascii() and " " not in v}
        zh = (*zh, *(v for v in OUTCOME_VERBS if not v.isascii()))
    verbs_of_disclosure = {_stem(v) for v in DISCLOSURE_VERBS if v.isascii() and " " not in v}
    # ("released in full or in part": the verb of the rows themselves; "the penalty decisions it disclosed under
    # Art. 20(6)": 表二 is the table of what was disclosed)
    disclosure = _is_disclosure(metric) or metric.table == 2
    if disclosure:
        stems = stems | verbs_of_disclosure
    negative_en = bool(stems & {_stem(n) for n in _NEGATIONS_EN})
    negative_zh = any(n in phrase for phrase in zh for n in _NEGATIONS_ZH)
    out = []
    for w in words:
        if w.isdigit():
            continue
        if _CJK.search(w):
            negation = next((n for n in _NEGATIONS_ZH if w.startswith(n)), "")
            rest = w[len(negation):]
            if negation and negative_zh and (not rest or any(rest in phrase for phrase in zh)):
                out.append(w)  # 没公开 beside 不予公开, 没 beside 未按时缴费
            elif len(w) >= 2 and any(w in phrase for phrase in zh):
                out.append(w)
        elif w in _NEGATIONS_EN or w.replace("'", "") in _NEGATIONS_EN:
            if negative_en:
                out.append(w)
        elif _same_stem(w, stems) and (disclosure or _stem(w) not in verbs_of_disclosure):
            # ("How many requests did Pingtan disclose?": the new requests' label, "information-disclosure
            # requests", holds the verb, but requests disclosed are 予以公开 or 部分公开, never the ones received)
            out.append(w)
    return tuple(out)


def _is_outcome(metric: Metric) -> bool:
    """Whether the metric is how requests or cases ended: a 表三 outcome row or group, or a 表四 result."""
    if metric.table == 4:
        return bool(metric.column) and not metric.column.endswith((".total", ".pending"))
    if metric.table != 3:
        return False
    rows = metric.parts or ((metric.row,) if metric.row else ()) or (
        rf.DERIVED_BY_ID[metric.derived].parts if metric.derived else ())
    return bool(rows) and all(r in rf.T3_ROW_BY_ID and (rf.T3_ROW_BY_ID[r].group or r in ("granted", "partial"))
                              for r in rows)


def _is_disclosure(metric: Metric) -> bool:
    """Whether the metric counts requests disclosed: 予以公开, 部分公开, both, or their share."""
    if metric.table != 3:
        return False
    rows = metric.parts or ((metric.row,) if metric.row else ()) or (
        rf.DERIVED_BY_ID[metric.derived].parts if metric.derived else ())
    return bool(rows) and set(rows) <= {"granted", "partial"}


def column_named_in_row(words: Sequence[str], metric: Metric | None,
                        years: Sequence[int]) -> tuple[Metric | None, tuple[str, ...]]:
    """A 表二 row asked without its column, and a leftover word that names exactly one column of
    that row's block (in the formats of the asked years): "政府集中采购了多少个**项目**" is the
    procurement row's 采购项目数量, not its default column 采购总金额. Returns the metric with that
    column and the words so explained; otherwise the metric unchanged and ()."""
    if metric is None or metric.table != 2 or metric.column is not None or not metric.row:
        return metric, ()
    fmts = {format_of(y) for y in years} or set(rf.FORMATS)
    columns = [c for fmt in fmts for b in rf.T2_BLOCKS[fmt] if any(r.id == metric.row for r in b.rows)
               for c in b.columns]
    named: dict[str, set[str]] = {}
    for w in words:
        if w.isdigit():
            continue
        if _CJK.search(w):
            hits = {c.id for c in columns if len(w) >= 2 and w in c.label}
        else:
            hits = {c.id for c in columns if _same_stem(w, frozenset(_stem(x) for x in _WORD.findall(c.english)))}
        if hits:
            named[w] = hits
    ids = set().union(*named.values()) if named else set()
    if len(ids) != 1:
        return metric, ()
    return Metric(2, row=metric.row, column=ids.pop()), tuple(named)


def named_denominator(question: str, matches: list[_Match],
                      metric: Metric | None) -> tuple[Metric | None, tuple[str, ...]]:
    """The 表三 row a share is taken of, when the question names it: "予以公开占**新收申请**的百分之几",
    "新收申请中予以公开的占比" → over 一、本年新收, not the format's rate over （七）总计.

    Returns the metric (re-based on the named row where one numerator row and one denominator row are
    clear) and the words naming a denominator the metric cannot take (they stay unaccounted: no
    number): "办结数除以新收加上年结转" names a rate of three rows the format does not define."""
    if metric is None or metric.table != 3 or metric.per:
        return metric, ()
    derived = rf.DERIVED_BY_ID.get(metric.derived or "")
    if derived is not None and derived.kind != "ratio":
        return metric, ()
    numerator = set(derived.parts) if derived else {metric.row}
    fixed_denominator = set(derived.denominator) if derived else set()
    # (a phrase naming several rows at once, "full + partial", is never one side of the share)
    rows = [(m, t.id) for m in matches for t in m.targets if t.kind == "t3row"
            and sum(x.kind == "t3row" for x in m.targets) == 1]
    framing = {(m.text, row) for m, row in rows if _is_generic(m.text) and row in _FRAMING_ROWS}
    connector = SHARE_OF.search(question.lower())
    after = [(m, row) for m, row in rows if connector and m.start >= connector.end()] if connector else []
    if after:  # "A 占/除以/out of B": B is the denominator, A the numerator
        before = {row for m, row in rows if m.start < connector.start() and (m.text, row) not in framing}
        below = {row for _, row in after}
        if below <= fixed_denominator:
            return metric, ()
        if len(below) == 1 and len(numerator) == 1 and before == numerator:
            return Metric(3, row=next(iter(numerator)), per=below.pop()), ()
        return metric, tuple(dict.fromkeys(m.text for m, row in after if row not in fixed_denominator))
    # "新收申请中予以公开的占比": the one other row named is the denominator
    named = [(m.text, row) for m, row in rows if row not in numerator and (m.text, row) not in framing]
    others = {row for _, row in named}
    # "what share of its caseload (new + carried over) was carried over": a named sum of rows is the base
    sums = {t.id for m in matches for t in m.targets if t.kind == "derived" and t.id != metric.derived
            and rf.DERIVED_BY_ID[t.id].kind == "sum" and rf.DERIVED_BY_ID[t.id].table == 3}
    sums = {d for d in sums if not numerator & set(rf.DERIVED_BY_ID[d].parts)}  # a reason's own group: below
    if sums and len(numerator) == 1:
        base = rf.DERIVED_BY_ID[sums.pop()] if len(sums) == 1 else None
        if base is None or others - set(base.parts):
            return metric, tuple(dict.fromkeys(m.text for m in matches for t in m.targets if t.kind == "derived"))
        return Metric(3, row=next(iter(numerator)), per_parts=base.parts), ()
    if not others or others <= fixed_denominator:
        return metric, ()
    if len(others) == 1 and len(numerator) == 1:
        return Metric(3, row=next(iter(numerator)), per=others.pop()), ()
    return metric, tuple(dict.fromkeys(text for text, row in named if row not in fixed_denominator))


SHARE_OF = re.compile("|".join(rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w)
                               for w in sorted(_SHARE_OF_WORDS, key=len, reverse=True)))


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


def row_prints(metric: Metric | None, column: str, years: Sequence[int]) -> bool:
    """Whether the asked 表二 row, named without a column, prints ``column`` in the format of every
    year (上一年项目数量 and 本年增/减 exist in the 2019 format only)."""
    if metric is None or metric.table != 2 or metric.column is not None or not years:
        return False
    probe = Metric(2, row=metric.row, column=column)
    return all((c := probe.t2_column(format_of(y))) is not None and c.id == column for y in years)
