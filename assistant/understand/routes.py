"""Which answer a question gets — the table figures, the report's text, or both — from what it names.

A metric named with words that only frame a narrative topic ("办理了多少件政协提案": 办理 frames the
proposals) or a section without a table (六, fees) is not a table question: its figure would be an unrelated
number. (The check and overview intents are weighed later, in ``resolve``.)
"""
from __future__ import annotations

from index import reportformat as rf

from .lexicon import _FRAMING_ANCHOR
from .metrics import _Found
from .types import Metric, Query, Route


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
