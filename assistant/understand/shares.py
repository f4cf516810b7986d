"""What a share is a share of: the base (denominator) of a rate the question asks for.

A rate word ("占比", "what share", "%") is read as one cell over another only when the format or the
question says which: a base row the question names ("占新收申请的比例"), an applicant type's share of its
row, a reason's share of its group, an outcome's share of all handled, a 表四 result's share of its block.
Otherwise the metric keeps no base and the question is asked back (``ratio_of_unknown`` in resolve).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from index import reportformat as rf

from . import words
from .explained import explained_by_metric, parts_listed
from .grounding import alternation
from .lexicon import _FRAMING_ROWS, _is_generic
from .mentions import _QUOTED, _Match, _Scan
from .types import Metric, Query
from .words import _SHARE_OF_WORDS


def share_base(question: str, matches: list[_Match], metric: Metric | None, applicant: str | None,
               context: Query | None, unaccounted: tuple[str, ...]) -> tuple[Metric | None, tuple[str, ...], list[str]]:
    """The metric with the base of the share asked for; returns (metric, words left over, flags)."""
    flags: list[str] = []
    if metric is not None and metric.table == 2:
        rebased, naming = column_base(question, matches, metric)
        return rebased, tuple(w for w in unaccounted if w not in naming), flags
    if context is not None and context.metric is not None and metric is not None \
            and metric.table == 3 and metric.row in rf.SHARE_DENOMINATOR_ROWS and not metric.per \
            and context.metric.table == 3 and context.metric.row and not context.metric.per \
            and context.metric.row != metric.row and not _other_cells_named(matches, metric):
        # "占办结总数的比例是多少" after "予以公开多少": the share of the previous figure in the row named
        metric = Metric(3, row=context.metric.row, per=metric.row)
        flags.append("inherited_metric")
    # "X占新收申请的比例": over the row it names
    rebased, conflicting = named_denominator(question, matches, metric, applicant)
    unaccounted = unaccounted + tuple(w for w in conflicting if w not in unaccounted)
    if rebased is not None and rebased is not metric and rebased.per_parts:
        # "what share of its caseload (new + carried over)": the words naming the base, and its parts listed
        base = Metric(3, derived=next((d.id for d in rf.DERIVED_BY_ID.values()
                                       if d.kind == "sum" and d.parts == rebased.per_parts), None))
        naming = {m.text for m in matches if any(
            t.kind == "derived" and t.id == base.derived for t in m.targets)}
        listed = set(parts_listed(question, matches, unaccounted, base)) if base.derived else set()
        listed |= set(explained_by_metric(unaccounted, base, None)) if base.derived else set()  # "its 2019 caseload"
        unaccounted = tuple(w for w in unaccounted if w not in naming and w not in listed)
    # the group sum a 表三 reason row belongs to (（三）不予公开 for 属于行政查询事项, （六）其他处理 for …)
    group = next((d.id for d in rf.DERIVED_BY_ID.values() if d.kind == "sum" and d.table == 3
                  and metric.row in d.parts), None) if metric is not None and metric.table == 3 and metric.row \
        and not metric.parts and not metric.derived else None
    if rebased is not metric:
        metric = rebased
    elif metric is not None and metric.table == 3 and metric.row and not metric.per \
            and not metric.per_parts and not metric.parts and applicant not in (None, rf.APPLICANT_TOTAL):
        # "新收申请里自然人占比", "what share of new requests came from law firms": one applicant
        # type's share of the row it names, over that row's 总计
        metric = Metric(3, row=metric.row, per=metric.row)
    elif group and not metric.per and not metric.per_parts and (  # type: ignore[union-attr]
            any(t.kind == "derived" and t.id == group for m in matches for t in m.targets
                if not _quoted_with_its_part(question, m, matches, metric)
                and not _group_as_verb(question, m, matches, metric))
            or (context is not None and context.metric is not None and context.metric.derived == group)):
        # "不予公开的申请中，以行政查询事项为由的占多少", "里面信访类的占几成" after 不予处理: a reason's
        # share of its own group, named here or just asked about
        metric = Metric(3, row=metric.row, per_parts=rf.DERIVED_BY_ID[group].parts)  # type: ignore[union-attr]
        if context is not None and not any(t.kind == "derived" and t.id == group for m in matches for t in m.targets):
            flags.append("inherited_metric")
    elif metric is not None and metric.table == 3 and metric.row and not metric.derived \
            and not metric.per and (rf.T3_ROW_BY_ID[metric.row].group or metric.row in rf.SHARE_OF_HANDLED_ROWS):
        # "X占办结总数的比例", "what share of requests were refused as repeats": an outcome over all handled
        metric = Metric(3, row=metric.row, per="processed_total")
    elif metric is not None and metric.table == 3 and metric.derived \
            and rf.DERIVED_BY_ID[metric.derived].kind == "sum" and metric.derived != rf.CASELOAD \
            and not metric.per:
        # "what share … unable to provide": an outcome group over all handled (never the caseload, which
        # holds them: a share of it is asked the other way round, "handled as a share of new + carried in")
        metric = Metric(3, derived=metric.derived, per="processed_total")
    elif metric is not None and metric.table == 4 and metric.column \
            and not metric.column.endswith(".total") and not metric.per:
        # "what percentage of reconsideration cases resulted in correction": an outcome over its block
        metric = Metric(4, row=metric.row, column=metric.column, per=metric.column.split(".")[0] + ".total")
    elif metric is not None and metric.table == 4 and metric.parts and not metric.per and not metric.per_parts \
            and {p.split(".")[0] for p in metric.parts} == set(rf.SUIT_BLOCKS) \
            and len({p.split(".")[-1] for p in metric.parts}) == 1 and not metric.parts[0].endswith(".total"):
        # "of both kinds of lawsuits, what share ended with the agency corrected": over all lawsuits
        metric = Metric(4, row=metric.row, parts=metric.parts, per_parts=rf.DERIVED_BY_ID["litigation_total"].parts)
    elif metric is not None and metric.table == 4 and metric.column in rf.DERIVED_BY_ID["litigation_total"].parts \
            and not metric.per and any(t.kind == "derived" and t.id == "litigation_total"
                                       for m in matches for t in m.targets):
        # "what share of its lawsuits were filed directly": one suit's total over all lawsuits
        metric = Metric(4, row=metric.row, column=metric.column, per_parts=rf.DERIVED_BY_ID["litigation_total"].parts)
    if metric is not None and (metric.per or metric.per_parts or (
            metric.derived and rf.DERIVED_BY_ID[metric.derived].kind == "ratio")):
        # "out of all the cases …, what percent were upheld", "relative to the total": the words joining the
        # share to its base, once the base is read
        joining = {w for c in SHARE_OF.finditer(question.lower()) for w in c.group().split()}
        unaccounted = tuple(w for w in unaccounted if w.lower() not in joining)
    return metric, unaccounted, flags


def column_base(question: str, matches: list[_Match], metric: Metric) -> tuple[Metric, tuple[str, ...]]:
    """A 表二 row's column over another column of the same row, each named, the base after the word joining them
    ("废止的规范性文件数是当年新制发数的百分之几", "规章新制作的占对外公开总数的多少"); returns the metric (unchanged
    when the base is not that clear) and the words naming the base. A signed change (本年增/减) is no side of a share."""
    if not metric.column or metric.per:
        return metric, ()
    lowered = question.lower()
    connector = SHARE_OF.search(lowered) or BETWEEN_REPORTS.search(lowered)
    if connector is None:
        return metric, ()
    signed = rf.T2_SIGNED_COLUMNS
    columns = [(m, t.id) for m in matches for t in m.targets if t.kind == "t2col" and metric.row in t.rows]
    before = {c for m, c in columns if m.end <= connector.start()}
    after = [(m, c) for m, c in columns if m.start >= connector.end()]
    bases = {c for _, c in after}
    if before != {metric.column} or len(bases) != 1 or bases & signed or metric.column in signed | bases:
        return metric, ()
    return Metric(2, row=metric.row, column=metric.column, per=bases.pop()), tuple(m.text for m, _ in after)


def _other_cells_named(matches: list[_Match], base: Metric) -> bool:
    """Whether the question names a 表三 cell besides the base row it names ("What fraction of the completed ones
    were fully disclosed?": the fully disclosed, not the figure asked before, over the completed)."""
    return any(t.kind in ("t3row", "derived") and not (t.kind == "t3row" and t.id == base.row)
               for m in matches for t in m.targets)


def named_denominator(question: str, matches: list[_Match], metric: Metric | None,
                      applicant: str | None = None) -> tuple[Metric | None, tuple[str, ...]]:
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
        # (an applicant type named before the connector makes it that type's share: "自然人占新收总计的比例")
        typed = any(t.kind == "applicant" and t.id != rf.APPLICANT_TOTAL for m in matches if m.start < connector.start()
                    for t in m.targets)
        if below == numerator and typed:
            return metric, ()  # the type's share of the row it is a column of (share_base sets the base)
        if below == numerator and applicant in (None, rf.APPLICANT_TOTAL):
            # "2025's intake of new requests relative to its 2019 intake": one row over itself is no share of
            # a report (it read 100%); a ratio of two years is not read here, so the base is left open (an
            # applicant type's share of its row, "律所递交的申请占全部新收申请的比例", is one)
            return metric, tuple(dict.fromkeys(m.text for m, _ in after))
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


# what stands between the two reports of a ratio of one cell across them ("2022年的新收申请量是2021年的百分之几",
# "2025's intake relative to its 2019 intake", "沭阳县2025年…相当于淮安市2024年的百分之多少"): the first is the numerator
BETWEEN_REPORTS = re.compile(alternation(words.BETWEEN_REPORTS), re.IGNORECASE)


def reports_compared_as_ratio(question: str, places: Sequence[tuple[int, tuple[str, int]]]
                              ) -> tuple[tuple[str, int], tuple[str, int]] | None:
    """The (numerator, denominator) reports of a ratio of one cell in two reports: ``places`` are where each
    report is named (a year, or an agency's own year) with the report, in the question's order; None unless there
    are exactly two and a word of ratio stands between them."""
    if len(places) != 2 or places[0][1] == places[1][1]:
        return None
    (first_at, first), (second_at, second) = sorted(places)
    if not BETWEEN_REPORTS.search(question[first_at:second_at]):
        return None
    return first, second


def without_ratio_words(question: str, matches: list[_Match], metric: Metric, unaccounted: tuple[str, ...]
                        ) -> tuple[str, ...]:
    """The words left once a ratio of two reports is read: the cell named again ("… relative to its 2019
    intake") and the words joining the two (相当于, "relative to") are accounted for."""
    naming = {m.text for m in matches if metric.row and any(t.kind == "t3row" and t.id == metric.row
                                                             for t in m.targets)}
    joins = [c.group() for c in BETWEEN_REPORTS.finditer(question)]
    joining = {w for j in joins for w in j.lower().split()}
    return tuple(w for w in unaccounted if w not in naming and w.lower() not in joining
                 and not any(w in j for j in joins))


def report_places(scan: _Scan, agencies: Sequence[str], years: Sequence[int],
                   pairs: Sequence[tuple[str, int]]) -> list[tuple[int, tuple[str, int]]]:
    """Where each report the question names is written: one agency's years at their years, or each agency
    paired with its year at the agency."""
    if len(agencies) == 1 and len(set(years)) == 2:
        return [(item.start, (agencies[0], item.years[0])) for item in scan.years
                if len(item.years) == 1 and item.years[0] in years][:2]
    if len(pairs) == 2:
        return [(next((s for s, _, m in scan.mentions if a in m.candidates), -1), (a, y)) for a, y in pairs]
    return []


def _group_as_verb(question: str, group: _Match, matches: list[_Match], metric: Metric) -> bool:
    """Whether a group's word only says what happened to the part named before it ("因为本机关不掌握相关信息而
    **无法提供**的占了多大比例"): after the part, with no word of a base between them (占, out of), it is no base."""
    part = [m for m in matches if m.end <= group.start
            and any(t.kind == "t3row" and t.id == metric.row for t in m.targets)]
    return bool(part) and not SHARE_OF.search(question[part[-1].end:group.start].lower())


def _quoted_with_its_part(question: str, group: _Match, matches: list[_Match], metric: Metric) -> bool:
    """Whether a group's word is quoted together with the row asked ("'unable to provide — we don't hold that
    information'"): the quote names the row by its whole label, group and all; it says nothing of the base."""
    for quote in _QUOTED.finditer(question):
        start, end = quote.span(1) if quote.group(1) is not None else quote.span(2)
        if start <= group.start and group.end <= end and any(
                start <= m.start and m.end <= end and any(t.kind == "t3row" and t.id == metric.row for t in m.targets)
                for m in matches):
            return True
    return False
