"""Which words of a question the understood metric explains.

A word is accounted for when the metric (and applicant column) read from the question uses one of its
meanings, restates the cell's own label, lists the parts of a group sum, or names only an example of what
the row counts; the words it does not explain are left for the grounding check (see ``accounting``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from index import reportformat as rf

from . import grounding
from .formula import PLUS
from .lexicon import _FRAMING_ROWS, CELL_KINDS, _T, _is_generic, _vocabulary
from .mentions import _Match
from .metrics import _readings_of
from .text import _CJK, _WORD, _en_key, _fold, _has_cjk, _stem, _zh_key
from .types import Metric
from .words import (
    _NEGATIONS_EN,
    _NEGATIONS_ZH,
    _OP_WORDS,
    _SUM_IF_SEVERAL,
    DISCLOSURE_VERBS,
    ETC,
    OUTCOME_VERBS,
    REFUSAL_VERBS,
    REQUEST_FRAMES,
)
from .years import format_of


_REFUSAL_GROUPS = frozenset({"denied", "unable", "notproc", "other"})


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

