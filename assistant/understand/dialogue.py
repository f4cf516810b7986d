"""Follow-ups: what a question takes from the previous turn's :class:`Query`.

A follow-up carries over only what it does not restate, and only when it is elliptical ("and
2022?", "那部分公开呢？"); a question with words of its own that nothing explains ("那GDP呢？")
starts fresh (``resolve`` drops the context before any of this runs). Everything carried over is
flagged, and the "Understood as" line names it.
"""

from __future__ import annotations

import re

from .spans import mentions_any
from .types import AgencyMention, Metric, Query, Unresolved
from .words import _MULTI_YEAR_OPS, ADDS_TO_PREVIOUS, SWITCHES_TOPIC

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
    before = context.metric
    if metric.table == 4 and before.table == 4 and metric.column and before.column and metric.column != before.column \
            and metric.row == before.row and not (metric.parts or metric.derived or metric.per or before.parts
                                                  or before.derived or before.per):
        # "复议后起诉的也算上，一共多少" after the direct suits: the 表四 cell just asked about plus this one
        return Metric(4, row=metric.row, parts=(before.column, metric.column)) \
            if mentions_any(question, ADDS_TO_PREVIOUS) else None
    if metric.table != 3 or before.table != 3 or not metric.row or not before.row or metric.row == before.row \
            or metric.parts or metric.derived or metric.per or before.parts or before.derived or before.per:
        return None
    return Metric(3, parts=(before.row, metric.row)) if mentions_any(question, ADDS_TO_PREVIOUS) else None
