"""Follow-ups: what a question takes from the previous turn's :class:`Query`.

A follow-up carries over only what it does not restate, and only when it is elliptical ("and
2022?", "那部分公开呢？"); a question with words of its own that nothing explains ("那GDP呢？")
starts fresh (``resolve`` drops the context before any of this runs). Everything carried over is
flagged, and the "Understood as" line names it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from index import reportformat as rf

from .comparing import MORE_THAN_ZH
from .lexicon import CELL_KINDS
from .mentions import _Match
from .spans import mentions_any
from .types import AgencyMention, Metric, Query, Unresolved
from .words import (
    _MULTI_YEAR_OPS,
    _OP_WORDS,
    ADDS_TO_PREVIOUS,
    COUNT_OF_TWO,
    EACH_CARRIED,
    EITHER_OR,
    ONE_YEAR_POINTER,
    PREVIOUS_FIGURE,
    RANK_MORE,
    RANK_WHICH,
    REFERS_BACK_ONE,
    SWITCHES_TOPIC,
    THOSE_TWO,
)

_SWITCH = re.compile("|".join(re.escape(w) for w in sorted(SWITCHES_TOPIC, key=len, reverse=True)), re.I)


def without_topic_switch(question: str) -> str | None:
    """The question with its "换个问题" / "different question" blanked out (same length, so every
    position stays), or None when it says no such thing: a turn that says it changes the subject
    carries nothing over, and the words themselves name nothing."""
    found = _SWITCH.search(question)
    if found is None:
        return None
    return question[:found.start()] + " " * (found.end() - found.start()) + question[found.end():]


def carried_agencies(context: Query | None, mentions: tuple[AgencyMention, ...], across_agencies: bool,
                     unresolved: list[Unresolved]) -> tuple[tuple[AgencyMention, ...], list[Unresolved]]:
    """The previous turn's agency mentions (and its unknown agencies) when this question names none,
    does not ask across all agencies, and names no unknown agency of its own."""
    if mentions or context is None or across_agencies or unresolved:
        return mentions, []
    return context.mentions, [u for u in context.unresolved if u.kind == "agency"]


def carried_operation(context: Query | None, stated: str | None, names_agencies: bool, years_stated: bool,
                      n_years: int) -> str | None:
    """The previous turn's operation, when this question states none and still fits it: "and in 2021?"
    keeps a ranking, "what about Pingtan?" does not; a comparison keeps going while two years remain."""
    if stated is not None or context is None or context.operation == "value":
        return None
    if context.operation in ("rank", "sum"):
        keep = not names_agencies
    elif context.operation in _MULTI_YEAR_OPS:
        keep = not years_stated or n_years >= 2
    else:
        keep = True
    return context.operation if keep else None


def added_to_previous(question: str, metric: Metric | None, context: Query | None) -> Metric | None:
    """"And if you add the partial ones?" after the fully disclosed: the 表三 row (or 表四 cell) just asked about
    plus the one named now (None unless both are single cells and the question says it adds)."""
    if metric is None or context is None or context.metric is None:
        return None
    # "复议后起诉的也算上，一共多少" after the direct suits: the 表四 cell just asked about plus this one
    return two_cells(context.metric, metric) if mentions_any(question, ADDS_TO_PREVIOUS) else None


def t4_columns(metric: Metric) -> tuple[str, ...]:
    """The 表四 columns a metric adds up: its one column, its parts, or a total's parts; () for a rate."""
    if metric.per or metric.per_parts:
        return ()
    derived = rf.DERIVED_BY_ID.get(metric.derived or "")
    if derived is not None:
        return derived.parts if derived.kind == "sum" and derived.table == 4 else ()
    return metric.parts or ((metric.column,) if metric.column else ())


def outcome_asked(context: Query | None) -> str | None:
    """The one 表四 result (not the total) the previous turn asked of one block or several ("复议被纠正的"); None
    otherwise."""
    if context is None or context.metric is None or context.metric.table != 4:
        return None
    outcomes = {c.split(".")[-1] for c in t4_columns(context.metric)} if not context.metric.derived else set()
    return outcomes.pop() if len(outcomes) == 1 and "total" not in outcomes else None


def result_of_last_block(matches: Sequence[_Match], metric: Metric | None, context: Query | None) -> Metric | None:
    """"other outcomes?" after a question on one 表四 block: that block's result, when every word naming a cell
    also names a 表四 result (其他 is 表三's （六）其他处理 as well); None otherwise."""
    if metric is None or metric.table != 3 or context is None or context.metric is None or context.metric.table != 4:
        return None
    blocks = {c.split(".")[0] for c in t4_columns(context.metric)}
    cell_words = [m for m in matches if any(t.kind in ("t3row", "derived", "t4out", "t4block", "applicant", "orgs")
                                            for t in m.targets)]
    outcomes = {t.id for m in cell_words for t in m.targets if t.kind == "t4out"}
    if len(blocks) != 1 or len(outcomes) != 1 or not all(any(t.kind == "t4out" for t in m.targets) for m in cell_words):
        return None
    return Metric(4, row=rf.T4_ROW.id, column=f"{blocks.pop()}.{outcomes.pop()}")


def blocks_totalled(metric: Metric) -> tuple[str, ...]:
    """The 表四 blocks whose totals a metric is ("行政复议", "诉讼": both lawsuits); () for anything else."""
    if metric.table != 4:
        return ()
    columns = t4_columns(metric)
    return tuple(c.split(".")[0] for c in columns) if columns and all(c.endswith(".total") for c in columns) else ()


def two_cells(before: Metric, metric: Metric) -> Metric | None:
    """Two cells of one report added up: two plain 表三 rows, or two 表四 cells or totals that share no case
    ("行政复议有几件" then "行政诉讼呢": the reconsiderations and both lawsuits) (None otherwise)."""
    if metric.table == 4 and before.table == 4:
        first, second = t4_columns(before), t4_columns(metric)
        if not first or not second or set(first) & set(second):
            return None
        return Metric(4, row=rf.T4_ROW.id, parts=(*first, *second))
    if metric.table != 3 or before.table != 3 or not metric.row or not before.row or metric.row == before.row \
            or metric.parts or metric.derived or metric.per or before.parts or before.derived or before.per:
        return None
    return Metric(3, parts=(before.row, metric.row))


def pair_operation(question: str) -> str | None:
    """What a follow-up does with the figures before it: adds them ("加起来"), sets them side by side ("哪个多",
    "which had more", "差多少"); None when it says neither."""
    if mentions_any(question, RANK_MORE) and mentions_any(question, RANK_WHICH):
        return "compare"  # "再把淮安市也算上，两家谁收的最多": which is more, with the one added
    if mentions_any(question, (*_OP_WORDS["sum"], *ADDS_TO_PREVIOUS)):
        return "sum"
    if mentions_any(question, (*_OP_WORDS["compare"], *_OP_WORDS["change"], *_OP_WORDS["rank"])) or (
            mentions_any(question, RANK_MORE) and mentions_any(question, (*RANK_WHICH, *EITHER_OR))) \
            or MORE_THAN_ZH.search(question) or _MORE_THAN_EN.search(question):
        return "compare"
    return None


# "Is that higher than the lawsuits filed after reconsideration?": more or less than something
_MORE_THAN_EN = re.compile(r"\b(?:more|fewer|less|higher|lower|bigger|larger|smaller|greater)\s+than\b", re.IGNORECASE)


def _without_year_pointers(question: str) -> str:
    """The question without "that year", "当年" (…): their "that" points at a year, not at the figure given."""
    for phrase in sorted(ONE_YEAR_POINTER, key=len, reverse=True):
        question = re.sub(re.escape(phrase), " ", question, flags=re.IGNORECASE)
    return question


# "和复议后起诉的比哪个多", "跟其他结果比呢": a follow-up opening on "with …", set beside the figure just given
_WITH_THE_PREVIOUS = re.compile(r"^\s*(?:那|那么|再)?\s*(?:和|跟|与|同)[^，。,？?]{1,20}?比|(?:拿|把)(?:它|这个|这个数|那个数)(?:跟|和|与|同)"
                                r"|\b(?:put|set|place)\s+(?:that|it|this)\s+(?:next to|beside|alongside)\b"
                                r"|^\s*(?:and\s+|so\s+)?(?:compared?\s+(?:with|to|against)|against|versus|vs\.?|next to|beside)\s",
                                re.IGNORECASE)
def _counts_other_than(question: str, n: int) -> bool:
    """Whether the question counts the agencies it sets side by side as other than ``n`` ("再把淮安市也算上，三家谁
    最多" after two turns: the figure just given and the one named are two; the third is a turn further back)."""
    counted = _COUNTED_AGENCIES.search(question)
    if counted is None:
        return False
    word = (counted.group(1) or counted.group(2)).lower()
    return _COUNT_VALUES.get(word, int(word) if word.isdigit() else 0) != n


# how many agencies a ranking counts ("这三家", "those three"): a follow-up's ranking of another count is not joined
_COUNTED_AGENCIES = re.compile(r"([两二三四五2345])\s*家|\b(two|three|four|five)\b", re.IGNORECASE)
_COUNT_VALUES = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "two": 2, "three": 3, "four": 4, "five": 5}




def adds_nothing_named(question: str, whole: Query, own: Callable[[], Query],
                       matches: Callable[[], Sequence[_Match]]) -> str | None:
    """The sum word of a follow-up that names nothing to add ("加起来多少", "total?") when its reading carries one
    figure over (``whole``, operation "value"): one figure is no sum, so it is asked back, never restated.
    ``own`` reads the follow-up alone and ``matches`` scans its words (none may name a cell: "现行有效的一共多少"
    names its column); both are called only for a follow-up with a sum word and nothing else carried."""
    if not whole.carried or whole.operation != "value" or pair_operation(question) != "sum":
        return None
    alone = own()
    if alone.metric is not None or alone.mentions or alone.years or alone.compared \
            or any(t.kind in CELL_KINDS for m in matches() for t in m.targets):
        return None
    folded = question.lower()
    return next((w for w in sorted((*_OP_WORDS["sum"], *ADDS_TO_PREVIOUS), key=len, reverse=True)
                 if w.lower() in folded), None)


def unsettled_carry(question: str, operation: str, flags: Sequence[str], n_agencies: int, n_years: int,
                    context: Query | None) -> list[str]:
    """Flags for a follow-up that asks one figure of what was carried over as several: "How many were partially
    disclosed?" after "the 2021 and 2022 reports" (which year?), "它那边行政复议有几件？" after two agencies (which
    one?). A comparison carried on with a cell of its own and "how many" asks one figure too. Words asking
    each of them ("分别", "both") settle it, and so does a turn before that listed each figure itself ("2021年和2022年
    新收申请各多少" then "部分公开的呢")."""
    if context is not None and context.operation == "value" and context.metric is not None \
            and (len(context.agencies) >= 2 or len(set(context.years)) >= 2):
        return []
    one_figure = operation == "value" or (
        "inherited_operation" in flags and operation in ("compare", "change") and "figure_cue" in flags
        and "inherited_metric" not in flags)
    if not one_figure or mentions_any(question, EACH_CARRIED):
        return []
    out = []
    if "inherited_agency" in flags and n_agencies >= 2 and (
            operation == "value" or mentions_any(question, REFERS_BACK_ONE)):
        out.append("agency_unsettled")
    if "inherited_years" in flags and n_years >= 2 and n_agencies <= 1:
        out.append("years_unsettled")
    return out


_JOINING_WORDS = frozenset({*(w.lower() for w in ADDS_TO_PREVIOUS), *(w.lower() for w in COUNT_OF_TWO),
                            # "bigger or smaller than Shuyang county 2025?": the comparison's own words
                            "more", "fewer", "less", "higher", "lower", "bigger", "larger", "smaller", "greater"})


def joined_to_previous(question: str, whole: Query, last: Query) -> Query | None:
    """A follow-up setting something beside the figure just given: another agency's same cell added or compared
    ("So if you add Hongze District's 2023 intake to that, what's the combined figure?"), or another cell of the
    same report compared ("Was that more or fewer than the lawsuits filed directly that year?"). ``whole`` is the
    question read as a follow-up; None when it is not such a question (it is then answered as read)."""
    operation = pair_operation(question)
    # (the words the joined reading explains may be left over: the plus, the count of the two — "two-year total")
    # (a comparison read alone as with the year before — "Was that more or fewer than its licensing decisions?" —
    # may have found that year not stored: set beside the figure just given, no other year is asked)
    year_added = "added_previous_year" in whole.flags and all(u.kind == "year" for u in whole.unresolved)
    if operation is None or (whole.unresolved and not year_added) \
            or any(w.lower() not in _JOINING_WORDS for w in whole.unaccounted) \
            or whole.compared or last.compared or not last.grounded \
            or last.operation != "value" or last.metric is None or len(last.agencies) != 1 or len(set(last.years)) != 1:
        return None
    flags = tuple(dict.fromkeys((*whole.flags, "follow_up", "joined_to_previous")))
    if ("inherited_metric" in whole.flags or whole.metric == last.metric) and "inherited_agency" not in whole.flags \
            and len(whole.agencies) == 1 and not _counts_other_than(question, 2) \
            and not mentions_any(question, THOSE_TWO) \
            and whole.agencies != last.agencies and len(set(whole.years)) == 1 and whole.applicant == last.applicant:
        # the same cell of another agency, added to or compared with the one just given
        pairs = ((last.agencies[0], last.years[0]), (whole.agencies[0], whole.years[0]))
        return replace(whole, operation=operation, mentions=(*last.mentions, *whole.mentions), unaccounted=(),
                       agencies=(last.agencies[0], whole.agencies[0]), years=tuple(sorted({y for _, y in pairs})),
                       agency_years=pairs, flags=flags, carried=("metric",))
    if ("inherited_metric" in whole.flags or whole.metric == last.metric) and "inherited_agency" not in whole.flags \
            and len(whole.agencies) >= 1 and last.agencies[0] not in whole.agencies and whole.applicant == last.applicant \
            and whole.operation in ("rank", "compare") and _WITH_THE_PREVIOUS.search(question) \
            and (whole.agency_years or len(set(whole.years)) == 1):
        # "跟桦川县2020年、平潭2020年放一块比，哪家最多？" after 上海市府办2019年: the agencies named now set beside
        # the one just asked about, each with its own year
        named = whole.agency_years or tuple((a, whole.years[0]) for a in whole.agencies)
        pairs = ((last.agencies[0], last.years[0]), *named)
        if _counts_other_than(question, len(pairs)):
            return None
        return replace(whole, operation="rank", mentions=(*last.mentions, *whole.mentions), unaccounted=(),
                       agencies=tuple(dict.fromkeys(a for a, _ in pairs)), years=tuple(sorted({y for _, y in pairs})),
                       agency_years=pairs, flags=flags, carried=("metric", "agency"))
    if operation == "sum" and mentions_any(question, ADDS_TO_PREVIOUS) and whole.metric == last.metric \
            and whole.agencies == last.agencies \
            and whole.years == last.years and whole.metric is not None and whole.metric.table == 3 \
            and all(a not in (None, rf.APPLICANT_TOTAL) and "+" not in a for a in (last.applicant, whole.applicant)) \
            and whole.applicant != last.applicant:
        # "Add the ones from businesses to that" after the law firms' requests: the two columns of the row, added (not
        # "那法人或者其他组织加起来呢": a group of columns, added among themselves)
        return replace(whole, operation="value", applicant=f"{last.applicant}+{whole.applicant}", unaccounted=(),
                       flags=flags, carried=("agency", "years", "metric"))
    if ("inherited_metric" in whole.flags or whole.metric == last.metric) and "inherited_agency" in whole.flags \
            and len(whole.agencies) == 1 and whole.agencies == last.agencies and len(set(whole.years)) == 1 \
            and whole.years != last.years and whole.applicant == last.applicant:
        # "Add 2022's amount to that": the same cell of the same agency, another year, added or compared
        return replace(whole, operation=operation if operation == "sum" else "change", unaccounted=(),
                       years=tuple(sorted({*last.years, *whole.years})), flags=flags, carried=("agency", "metric"))
    if operation == "compare" and "inherited_agency" in whole.flags and "inherited_metric" not in whole.flags \
            and whole.metric is not None and whole.metric != last.metric and whole.applicant == last.applicant \
            and (mentions_any(_without_year_pointers(question), PREVIOUS_FIGURE) or _WITH_THE_PREVIOUS.search(question)) \
            and not whole.metric.per and not last.metric.per:
        # another cell of the report just asked, compared with the figure given ("that"); "up or down, by how
        # many?" asks the change from that figure to this one
        changed = "change" if mentions_any(question, _OP_WORDS["change"]) else "compare"
        return replace(whole, operation=changed, metric=last.metric, compared=(last.metric, whole.metric),
                       years=last.years, agencies=last.agencies, flags=tuple(f for f in flags if f != "added_previous_year"),
                       unaccounted=(), unresolved=(), carried=("agency", "years", "metric"))
    if year_added and whole.unresolved:
        return None
    return None


def column_of_last_row(metric: Metric | None, context: Query | None, matches: Sequence[_Match]) -> Metric | None:
    """"Add 2022's amount to that" after Pingtan's fee income: a 表二 column word alone (amount, 金额) is of the row just
    asked about, never the one other row with such a column (政府集中采购); None when the question names a row."""
    if metric is None or metric.table != 2 or context is None or context.metric is None or context.metric.table != 2 \
            or context.metric.row == metric.row or any(t.kind == "t2row" for m in matches for t in m.targets):
        return None
    kind = next((c.kind for c in rf.t2_row_columns(metric.row or "") if c.id == metric.column), None)
    same = next((c.id for c in rf.t2_row_columns(context.metric.row or "")
                 if c.id == metric.column or (kind == "amount" and c.kind == "amount")), None)
    return Metric(2, row=context.metric.row, column=same) if same is not None else None
