"""Which answer a question gets — the table figures, the report's text, or both — from what it names.

A metric named with words that only frame a narrative topic ("办理了多少件政协提案": 办理 frames the
proposals) or a section without a table (六, fees) is not a table question: its figure would be an unrelated
number. A question about a whole report — do its figures add up, what does it hold — gets the stored checks or
an overview instead (:func:`asked_about_reports`).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from index import reportformat as rf

from . import words
from .lexicon import _FRAMING_ANCHOR
from .mentions import _Match
from .metrics import _Found
from .spans import mentions_any
from .types import AgencyMention, Metric, Query, Route


def choose_route(found: _Found, metric: Metric | None, applicant: str | None, context: Query | None, *,
                 not_recorded: bool, narrative_subject: bool, new_metric: bool, text_asked: bool,
                 ) -> tuple[Route, Metric | None, str | None, str | None]:
    """The route, with the metric and applicant column it keeps (none for the text) and the report
    section the answer looks in."""
    if not_recorded:
        route: Route = "figures"  # a plain refusal, not a search of the text
    elif metric is None:
        route = "narrative"
    elif narrative_subject and not new_metric:
        route = "narrative"
        metric = None
        applicant = None
    elif found.topics and (found.anchor_class <= _FRAMING_ANCHOR
                           or (found.anchor_generic and found.specific_topic)) and not found.applicant:
        # "办理了多少件政协提案", "how many deputies' suggestions did X handle": the topic is what is
        # counted; 办理 / handle only frames it, so a table total would be an unrelated number.
        # Likewise "公开前审查了多少件文件": a generic word (文件) beside a specific topic (公开前审查)
        # names what the topic is about, not the 规范性文件 row.
        route = "narrative"
        metric = None
        applicant = None
    elif found.section is not None and found.section not in rf.TABLE_SECTION.values() and found.anchor_generic \
            and found.anchor_class <= _FRAMING_ANCHOR and new_metric and not found.applicant:
        # "收到多少信息处理费": 收到 only frames a word of a section without a table (六, fees), so the
        # requests received would be an unrelated number
        route = "narrative"
        metric = None
        applicant = None
    elif text_asked:
        route = "both"
    elif found.topics and (found.anchor_class <= 1 or "figure" not in found.cues):
        route = "both"
    else:
        route = "figures"
    if route == "narrative" and metric is not None:
        metric, applicant = None, None
    if not_recorded:
        section = None
    elif route != "figures" and context is not None and found.section is None and not new_metric \
            and context.route != "figures" and context.section and not found.topics:
        section = context.section
    else:
        section = found.section
    if route == "both" and section is None and metric is not None:
        section = rf.TABLE_SECTION.get(metric.table)
    return route, metric, applicant, section


def asked_about_reports(question: str, found: _Found, matches: Sequence[_Match], context: Query | None,
                        mentions: Sequence[AgencyMention], unaccounted: Sequence[str], not_recorded: bool,
                        ops: Sequence[str], route: Route, metric: Metric | None, operation: str = "value",
                        ) -> Literal["check", "overview"] | None:
    """"check" when the question asks whether a report's figures add up, "overview" when it asks what a
    report holds, None for a question about cells or text."""
    # 概述 names both an overview and section 一 (总体情况): the overview, unless another word names a section
    sections_besides_overview = found.section is not None and any(
        any(t.kind == "section" for t in m.targets) and not any(t.kind == "intent" and t.id == "overview" for t in m.targets)
        for m in matches)
    check_words_are_sums = all(any(t.kind == "op" for t in m.targets) for m in matches
                               if any(t.kind == "intent" and t.id == "check" for t in m.targets))
    # "自然人新收的申请数是多少？核对一下": a named figure asked for, to be checked, is that figure
    # ("…so I want to check this one: how many requests did X grant only in part?": the cue may sit inside a
    # phrase naming the cell, "how many requests")
    # ("写稿核对一下：…哪一年新收的申请最多", "Fact-check: is it true that A issued more … than B?": a ranking or
    # comparison of a named cell, to be checked, is that ranking or comparison, yes/no or not)
    compared = bool({"rank", "compare", "change", "trend", "ratio"} & {*ops, operation})  # (a share too: "check me on this: what proportion…")
    # (a count asked, not "figures" as a noun: "are its figures internally consistent?" asks for the checks)
    count_asked = mentions_any(question, ("how many", "how much", "多少", "几件", "几个")) or any(
        t.kind == "cue" and t.id == "figure" and m.text.lower() not in words.FIGURE_NOUNS
        for m in matches for t in m.targets)
    figure_to_verify = found.metric is not None and (compared or (count_asked and not words.is_yes_no(question)))
    # "那复议后起诉那一块呢？" after a check: the same kind of answer for what is named now
    elliptical_check = context is not None and context.route == "check" and "figure" not in found.cues \
        and words.is_elliptical(question)
    carried_intent = context.route if context is not None and context.route in ("check", "overview") \
        and (found.metric is None or elliptical_check) and not found.topics and not found.intents \
        and not unaccounted and not not_recorded and (found.section is None or elliptical_check) \
        and "figure" not in found.cues else None
    if carried_intent == "check" or ("check" in found.intents and not figure_to_verify and (
            found.metric is None or not check_words_are_sums or words.is_yes_no(question))):
        # a check word that is also a sum ("add up") beside a named metric is that metric's operation
        # ("what do the requests X withheld add up to?"); 勾稽关系, consistent … always ask for the checks
        return "check"
    if carried_intent == "overview" or (
            "overview" in found.intents and found.metric is None and not found.topics and not sections_besides_overview
            and not unaccounted and not any(t.kind == "unrecorded" for m in matches for t in m.targets)) or (
            # "我在看平潭2020年的年报": an agency (and year) named and nothing else asked: that report's overview
            route == "narrative" and metric is None and mentions and context is None and not found.topics
            and found.section is None and not unaccounted and not not_recorded and not found.cues and not ops
            and not found.intents and mentions_any(question, ("年报", "报告", "report")) and not words.is_yes_no(question)):
        return "overview"
    return None


def every_report_checked(question: str) -> bool:
    """"Which of the stored reports fail a rule?": the checks of every stored report."""
    return mentions_any(question, words.ALL_REPORTS) or mentions_any(question, words.RANK_WHICH) \
        or mentions_any(question, ("哪些", "which reports", "which of the"))
