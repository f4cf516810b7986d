"""The metric and applicant column a question asks for: the cell its words name, the cell a follow-up
carries over ("and in 2021?"), the requests received when only an applicant type or the requests
section is named, or nothing when it asks for a quantity no report records ("how many staff")."""
from __future__ import annotations

from dataclasses import dataclass, field

from index import reportformat as rf

from . import dialogue, formula, grounding, words
from .explained import explained_by_metric
from .mentions import _Scan
from .metrics import _applicant_only, _Found, _not_recorded
from .readings import applicant_column_alone
from .spans import mentions_any
from .types import Metric, Query, Unresolved


@dataclass
class MetricAsked:
    """The metric read from a question, with how it was found."""

    metric: Metric | None
    applicant: str | None  # a 表三 column id; None outside 表三
    not_recorded: list[Unresolved]  # a quantity no format records: refused, no metric
    new_metric: bool  # the question names its own metric (not carried over)
    text_asked: bool  # the text is asked for ("how", "what does it say")
    narrative_subject: bool  # a topic or a section of the text is named
    column_alone: str | None = None  # a column pointed at beside an applicant type, no row named
    flags: list[str] = field(default_factory=list)


def asked_metric(question: str, scan: _Scan, found: _Found, context: Query | None, unaccounted: tuple[str, ...],
                 operation_stated: str | None, year_count_word: str) -> MetricAsked:
    """The metric asked for (see :class:`MetricAsked`)."""
    flags: list[str] = []
    column_alone: str | None = None
    # A quantity no report format records ("how many staff", "访问量"): refused as a figure question.
    not_recorded = _not_recorded(scan.matches, found)
    if not not_recorded and context is not None and found.metric is None and not found.topics \
            and found.section is None and "text" not in found.cues and _applicant_only(scan.matches, question) is None:
        not_recorded = [u for u in context.unresolved if u.kind == "metric" and u.year is None]
        if not_recorded:
            flags.append("inherited_metric")  # "and in 2021?" after "how many staff in 2020?"
    if not_recorded:
        flags.append("not_recorded")

    # Metric and applicant column.
    metric = found.metric
    applicant = found.applicant
    metric_flags = list(found.metric_flags)
    new_metric = metric is not None
    text_asked = bool({"text"} & found.cues) or bool(
        "manner" in found.cues and not operation_stated and "figure" not in found.cues)
    narrative_subject = bool(found.topics) or (found.section is not None and not new_metric)
    requests_section = rf.SECTIONS[2].number
    if (of_last_row := dialogue.column_of_last_row(metric, context, scan.matches)) is not None:
        metric = of_last_row  # "Add 2022's amount to that" after Pingtan's fee income: that row's amount
        flags.append("inherited_metric")
    if (of_last_block := dialogue.result_of_last_block(scan.matches, metric, context)) is not None:
        metric, applicant = of_last_block, None  # "other outcomes?" after the reconsiderations upheld
        flags.append("inherited_metric")
    if not_recorded:
        metric, applicant, metric_flags, new_metric = None, None, [], False
    elif metric is None and (context is None or context.metric is None) and not found.topics and (
            _applicant_only(scan.matches, question) is not None
            or (found.section == requests_section
                and ("text" not in found.cues or "figure" in found.cues or operation_stated))
            or (operation_stated in ("change", "compare", "rank", "sum", "trend")
                and mentions_any(question, ("申请", "requests", "applications")))):
        # "法人或其他组织申请了多少件", "how many FOI requests did X get": an applicant column or the
        # requests section alone asks for the requests received (the first row of 表三).
        metric = Metric(3, row=rf.T3_ROWS[0].id)
        applicant = _applicant_only(scan.matches, question)
        new_metric = True
        flags.append("default_metric")
        column_alone = applicant_column_alone(question) if applicant else None
    elif metric is None and context is not None and context.metric is not None and not narrative_subject \
            and not context.unaccounted and "ambiguous_term" not in context.flags and "column_unnamed" not in context.flags \
            and not [w for w in unaccounted if not w.isdigit() and grounding.number_value(w) is None
                     and w not in formula.PLUS and w != year_count_word and w.lower() not in words.OPERATION_WORDS
                     and w not in explained_by_metric(unaccounted, context.metric, _applicant_only(scan.matches, question))]:
        # (a turn that was asked back grounded no metric: "and in 2019?" after it carries none; "把四年的都
        # 列出来" carries it to the years it counts; "of those new ones" restates the cell it carries)
        metric = context.metric
        flags.append("inherited_metric")
        outcome = next((t.id for m in scan.matches for t in m.targets if t.kind == "t4out"), None)
        if outcome and metric.table == 4 and metric.column and not metric.derived:
            # "and how many of them were upheld?": the same block, the outcome named now
            metric = Metric(4, row=metric.row, column=f"{metric.column.split('.')[0]}.{outcome}")
        column = next((t.id for m in scan.matches for t in m.targets if t.kind == "t2col" and metric.row in t.rows), None)
        if column is None and metric.table == 2 and any(m.text.lower() in words.AMOUNT_CUES for m in scan.matches):
            column = next((c.id for c in rf.t2_row_columns(metric.row or "") if c.kind == "amount"), None)
        if column and metric.table == 2:
            metric = Metric(2, row=metric.row, column=column)  # "金额呢" after 采购项目: the same row's amount
        applicant = _applicant_only(scan.matches, question) if metric.table == 3 else None
        if applicant is None and metric.table == 3 and not mentions_any(question, words.ALL_APPLICANTS):
            applicant = context.applicant
            if applicant and applicant != rf.APPLICANT_TOTAL:
                flags.append("inherited_applicant")
    elif metric is not None and (last_outcome := dialogue.outcome_asked(context)) is not None \
            and dialogue.blocks_totalled(metric) and not context.unaccounted \
            and not any(t.kind == "t4out" for m in scan.matches for t in m.targets):
        # "那复议后起诉的呢" after "直接起诉结果纠正几件", "诉讼呢" after "复议被纠正的多少": the blocks named now,
        # the outcome just asked about
        blocks = dialogue.blocks_totalled(metric)
        metric = Metric(4, row=rf.T4_ROW.id, column=f"{blocks[0]}.{last_outcome}") if len(blocks) == 1 else Metric(
            4, row=rf.T4_ROW.id, parts=tuple(f"{b}.{last_outcome}" for b in blocks))
        flags.append("inherited_metric")
    elif metric is not None and metric.table == 3 and applicant is None and context is not None \
            and context.metric is not None and context.metric.table == 3 and context.applicant \
            and context.applicant != rf.APPLICANT_TOTAL \
            and (words.asks_what_about(question) or words.counts_within_previous(question)) \
            and not mentions_any(question, words.ALL_APPLICANTS):
        # ("What about the year-end backlog?" after individuals' carry-in: the same applicant type; "and how
        # many were knocked back as repeats?" after companies' requests is a question of its own: every
        # applicant — carrying the column there was a wrong number)
        applicant = context.applicant
        flags.append("inherited_applicant")
    if metric is not None and metric.table == 3 and applicant is None:
        applicant = rf.APPLICANT_TOTAL
    if metric is not None and metric.table != 3:
        applicant = None
    if applicant == rf.ORGANISATION_HEADER.id:
        flags.append("derived_column")
    if metric is not None and metric.is_derived:
        metric_flags.append("derived_metric")
    flags.extend(metric_flags)
    return MetricAsked(metric=metric, applicant=applicant, not_recorded=not_recorded, new_metric=new_metric,
                       text_asked=text_asked, narrative_subject=narrative_subject, column_alone=column_alone,
                       flags=flags)
