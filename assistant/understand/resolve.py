"""``understand(question, catalog, context)``: the question, read once, as a typed :class:`Query`."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from index import reportformat as rf

from . import dialogue, formula, grounding, numbered, semantic, similar, table2, typos, words
from .accounting import account_for, words_the_reading_explains
from .asked_metric import asked_metric
from .asked_years import asked_years
from .agencies import Catalog, names_only_the_place, not_restating, only_report
from .lexicon import CELL_KINDS
from .mentions import _Match, _scan, search_text
from .earlier_figures import of_earlier_figures
from .explained import explained_by_metric
from .metrics import _resolve_vocabulary, ambiguous_term, row_prints, rows_in_one_word
from .operations import counted_years, implied_years, operation_words, stated_operation
from .routes import asked_about_reports, choose_route, every_report_checked
from .shares import SHARE_OF, report_places, reports_compared_as_ratio, share_base, without_ratio_words
from .comparing import ranked_cells, side_by_side, with_difference_asked
from .readings import open_readings
from .relative import beside_year, carry_report, new_beside_carried, without_carry_left_out
from .stored import in_the_years_format, not_stored
from .stated import stated_figures
from .story import without_story
from .qualifiers import drop_place_qualifiers
from .spans import agency_years as paired_years
from .spans import (
    one_of_two_reports,
    carry_over,
    first_mention,
    mentions_any,
    negations_before,
    settle_mentions,
    widened_with_departments,
)
from .text import _has_cjk, without_courtesy
from .types import Language, Metric, Query, Unresolved
from .years import format_of, stated_year_count


def understand(question: str, catalog: Catalog, context: Query | None = None, earlier: Sequence[Query] = ()) -> Query:
    """Understand a question about the stored reports (see :func:`_understood`); two cells, years or agencies compared
    by how far apart they are ("多多少", "how many more") are flagged ``difference_asked``: the difference is the answer."""
    return with_difference_asked(question, _understood(question, catalog, context, earlier))


def _understood(question: str, catalog: Catalog, context: Query | None = None, earlier: Sequence[Query] = ()) -> Query:
    """Understand a question about the stored reports.

    Args:
        question: the user's words, Chinese or English.
        catalog: the stored agencies and years (agency names are matched against it).
        context: the previous turn's Query; parts the question does not restate are kept from it.
        earlier: the Queries of the turns before that, oldest first: "这三个里哪个最多" ranks the three turns'
            figures.

    Returns:
        A frozen :class:`Query`; ``query.describe()`` renders it as one "understood as" line.

    Example:
        >>> catalog = Catalog([("桦川县人民政府", 2020)])
        >>> understand("2020年桦川县收到多少件政府信息公开申请", catalog).describe()
        '理解为：桦川县人民政府 · 2020 · 表三 一、本年新收政府信息公开申请数量 · 总计 · 取值'

    A question told after a story ("我去年…被告知属于重复申请。2020年平潭…有多少件？") is read from the sentence
    that asks when the story changes nothing (see :mod:`.story`).
    """
    if (plain := without_courtesy(question)) != question:
        # "A percentage is fine.": a courtesy names nothing (its "fine" is no fine imposed)
        return replace(understand(plain, catalog, context, earlier), question=question)
    if context is not None and (fresh := dialogue.without_topic_switch(question)) is not None:
        # "换个问题，淮安市政府2024年…": a new question, whatever the turn before it asked
        query = understand(fresh, catalog)
        return replace(query, question=question, flags=(*query.flags, "new_topic"))
    if (rest := without_carry_left_out(question)) is not None:
        # "How many requests did Pingtan receive in 2022, not counting the one carried over from 2021?": the new
        # requests, when the rest of the question asks them
        left = _understand_one(rest, catalog, context)
        if left.grounded and left.metric == Metric(3, row=rf.T3_ROWS[0].id) and left.operation == "value":
            return replace(left, question=question, flags=(*left.flags, "carry_left_out"))
    whole = _understand_one(question, catalog, context)
    alone = cache(lambda: _understand_one(question, catalog))  # the follow-up read on its own, when needed
    if context is not None and (whole.carried or not whole.grounded or not whole.agencies) and (
            pair := of_earlier_figures(question, alone(), (*earlier, context))) is not None:
        # "这两个哪个多", "这三个里哪个最多", "加起来呢" after two years: the figures just given, not the last one alone
        return pair
    if context is not None and (joined := dialogue.joined_to_previous(question, whole, context)) is not None:
        return joined  # "add Hongze's figure to that", "was that more than the direct suits?"
    if context is not None and (adds := dialogue.adds_nothing_named(
            question, whole, alone, lambda: _scan(question, catalog).matches)) is not None:
        whole = replace(whole, unaccounted=(*whole.unaccounted, adds))  # "加起来多少" after one figure: of what?
    if whole.grounded:
        return whole
    if (fixed := typos.reread_with_slips(question, whole.unaccounted,
                                         lambda text: _understand_one(text, catalog, context))) is not None:
        return fixed
    return without_story(question, whole, catalog, lambda asked: _understand_one(asked, catalog, context))


_QUOTED_LABEL = re.compile(r"[“\"「『]([^”\"」』]{1,12})[”\"」』]")


def _total_alone(question: str, matches: Sequence[_Match]) -> str | None:
    """The label “总计” quoted as the only cell word of a question about the requests (依申请公开那张表里的“总计”):
    it names the column of the requests received and the row （七）总计 alike; None otherwise (an unquoted 总计 or
    "total" is said of the requests received: "依申请公开总计多少件")."""
    cells = [(m.text, t) for m in matches for t in m.targets if t.kind in CELL_KINDS]
    if not cells or any(t.kind in ("t3row", "derived", "t2row", "t2col", "t4block") for _, t in cells):
        return None
    quoted = {q.group(1).strip() for q in _QUOTED_LABEL.finditer(question)}
    words_ = {text for text, _ in cells}
    return words_.pop() if len(words_) == 1 and words_ <= quoted else None


# "这三家里谁最多": agencies counted, so a ranking of agencies — never of one report's parts
_AGENCIES_COUNTED = re.compile(r"[两二三四五六七八九十2-9]\s*家|\b(?:two|three|four|five|six)\s+(?:agencies|governments|reports)\b",
                               re.IGNORECASE)


def _understand_one(question: str, catalog: Catalog, context: Query | None = None) -> Query:
    """One question read whole (see :func:`understand`)."""
    scan = _scan(question, catalog)
    flags: list[str] = []
    scan.unknown_agencies, qualifiers = drop_place_qualifiers(question, scan.mentions, scan.unknown_agencies, catalog)
    if qualifiers:
        flags.append("place_qualifier")  # "Huachuan County (Heilongjiang)": where the agency is, not another
    unaccounted = grounding.unaccounted(scan.leftover)
    if scan.partial_agency:
        flags.append("partial_agency")  # an organ without its region: the stored ones are candidates

    explicit: list[int] = []
    raw_year: dict[int, str] = {}
    last_n = 0
    # ("Pingtan's 2020 report … the single-row category of the 2019 format": a format named beside a year says
    # what that year's report uses; it takes in no years of its own)
    years_named = any(item.years and not item.format_name and not item.onward for item in scan.years)
    for item in scan.years:
        if item.last_n:
            last_n = max(last_n, item.last_n)
        if item.format_name and years_named:
            item.years = ()
            continue
        if item.onward or item.format_name:
            # "from 2021 onward", "the 2021-format reports": the stored years they take in, each stated
            # (narrowed to the agencies' own years below)
            item.years = tuple(y for y in catalog.years() if (not item.onward or y >= item.years[0]) and (
                not item.format_name or format_of(y) == item.format_name))
            flags.append("years_by_span")
        for y in item.years:
            explicit.append(y)
            raw_year.setdefault(y, item.raw if len(item.years) == 1 else str(y))
    found = _resolve_vocabulary(scan.matches, explicit, question)
    year_count_word = (stated_year_count(question) or (0, ""))[1]  # "把四年的都列出来": a count, not a topic
    numbered_row, group_number = numbered.read_numbers(question, found, scan.matches)
    # A follow-up that names a cell keeps the context's agency and years even with words left over: those
    # words are asked back about, with the readings of the agency just discussed.
    if context is not None and unaccounted and "check" not in found.intents and found.metric is None \
            and not mentions_any(question, words.CARRY_OVER) and not mentions_any(question, words.REFERS_BACK) \
            and found.section is None and [
            w for w in unaccounted if w not in explained_by_metric(unaccounted, found.metric or context.metric,
                                                                   found.applicant)
            # a number ("those two years") or a plus ("加上公安局的") refers to what was asked: not a new topic
            and not w.isdigit() and grounding.number_value(w) is None and w not in formula.PLUS
            # nor does a word of the operation ("Compare that with 2025 — which year had more?")
            and w.lower() not in words.OPERATION_WORDS
            # nor does a count of the years asked about ("把四年的都列出来")
            and w != year_count_word]:
        # (a check of what was just asked, "这张表加起来对吗", names no new topic whatever its words)
        # A follow-up that names something new ("那GDP呢？") is a new question: nothing carries over.
        # Words restating the cell it names ("需要另行制作的呢": 需要 is in that row's label), or the cell just
        # asked about ("And how many of those new ones came from law firms?"), are not new.
        context = None
        flags.append("new_topic")
    language: Language = scan.language or (context.language if context else "zh")

    # Operation.
    ops = operation_words(question, found, scan.matches, explicit)

    # Agencies.
    mentions = tuple(m for _, _, m in scan.mentions)
    operation_stated, operation_flags = stated_operation(question, ops, found, explicit, last_n, mentions, context)
    flags.extend(operation_flags)
    if operation_stated in (None, "sum") and context is not None and len(context.agencies) == 1 \
            and len(mentions) == 1 and context.agencies[0] not in mentions[0].candidates \
            and mentions_any(question, formula.PLUS):
        operation_stated = "sum"  # "加上公安局的一共多少？": the agency just asked about, plus this one
    # ("各项办理结果加起来对得上么" after a question about one report: the sum is the rule checked, in that report)
    # (in a follow-up about an agency, only words naming agencies or reports take it across all of them:
    # "What's the total across all five reasons?" after 沭阳县 was summed over every agency — a wrong number)
    across_agencies = operation_stated in ("rank", "sum") and not mentions and not (
        context is not None and context.agencies and ("check" in found.intents or not mentions_any(
            question, (*words.AGENCY_SCOPE, *words.RANK_WHICH_AGENCY))))
    unresolved: list[Unresolved] = [Unresolved("agency", u) for u in dict.fromkeys(scan.unknown_agencies)]
    follow_pairs: tuple[tuple[str, int], ...] = ()
    inherited, inherited_unknown = dialogue.carried_agencies(context, mentions, across_agencies, unresolved)
    if inherited is not mentions:
        mentions = inherited
        unresolved.extend(inherited_unknown)
        if mentions:
            flags.append("inherited_agency")
    if (operation_stated in ("compare", "change") or (operation_stated == "sum" and mentions_any(question, formula.PLUS)
                                                      )) and context is not None and len(context.agencies) == 1 \
            and len(mentions) == 1 and not mentions[0].ambiguous and context.agencies[0] not in mentions[0].candidates \
            and context.mentions:
        # "比沭阳发改局多还是少" after a question about 洪泽: the agency just asked about against the one named
        mentions = (*context.mentions, *mentions)
        flags.append("inherited_agency")
        new_years = {y for item in scan.years for y in item.years}
        if len(new_years) == 1 and len(context.years) == 1 and new_years != set(context.years) \
                and len(mentions[-1].candidates) == 1:
            # "Compare that with Huai'an city's 2024 figure": each agency with its own year
            follow_pairs = ((context.agencies[0], context.years[0]), (mentions[-1].candidates[0], new_years.pop()))
    mentions = settle_mentions(question, mentions, flags, context, catalog, unresolved)
    negated = [m for m in mentions if negations_before(question, m.text)]
    if negated and len(negated) < len(mentions):
        # "平潭综合实验区2021年（管委会那份，不是公安局）", "(not the public security bureau)": set aside
        mentions = tuple(m for m in mentions if m not in negated)
        flags.append("excluded_agency")
    else:
        negated = []
    agencies = tuple(dict.fromkeys(c for m in mentions for c in m.candidates))
    # "… per the General Office's report" beside "Shanghai": an organ named again, the agency already found
    unresolved = [u for u in unresolved if not (u.kind == "agency" and agencies and all(
        catalog.restates(w, a) for a in agencies for w in (u.mention.split() if u.mention.isascii() else [u.mention])))]
    if any(m.ambiguous for m in mentions):
        flags.append("ambiguous_agency")
    if any(m.fuzzy for m in mentions):
        flags.append("fuzzy_agency")

    # Years.
    asked = asked_years(question, scan, found, explicit, last_n, agencies, context, catalog,
                        years_by_span="years_by_span" in flags)
    found.metric = asked.metric
    flags.extend(asked.flags)
    newest, explicit, years, years_stated = asked.newest, asked.explicit, asked.years, asked.stated
    relative_beside_explicit, relative_asked = asked.relative_beside_explicit, asked.relative_asked

    # Metric and applicant column.
    chosen = asked_metric(question, scan, found, context, unaccounted, operation_stated, year_count_word)
    flags.extend(chosen.flags)
    metric, applicant, not_recorded, new_metric = chosen.metric, chosen.applicant, chosen.not_recorded, chosen.new_metric
    text_asked, narrative_subject, column_alone = chosen.text_asked, chosen.narrative_subject, chosen.column_alone

    # Operation, with follow-ups.
    operation: str = operation_stated or "value"
    kept = dialogue.carried_operation(context, operation_stated, bool(scan.mentions), years_stated, len(years))
    if kept is not None:
        operation = kept
        flags.append("inherited_operation")
    if metric is not None and metric.derived and rf.DERIVED_BY_ID[metric.derived].kind == "ratio" \
            and operation == "value":
        operation = "ratio"
    share_of = SHARE_OF.search(question.lower())
    if operation == "value" and metric is not None and metric.table == 3 and share_of is not None and any(
            m.start >= share_of.end() for m in scan.matches for t in m.targets if t.kind in ("t3row", "derived")):
        operation = "ratio"  # "全部公开的占办结总数多少": a share, though no rate word is said

    # A range of years ("从2019年到2025年") beside a change, comparison or trend: the stored years
    # inside it, when both its ends are stored (an agency need not report every year; a missing end
    # is refused below as not stored).
    ranges = [item for item in scan.years if len(item.years) > 2]
    if ranges and operation in ("compare", "change", "trend") and agencies:
        stored = {y for y in catalog.years() if all(catalog.has(a, y) for a in agencies)}
        if all(item.years[0] in stored and item.years[-1] in stored for item in ranges):
            inner = {y for item in ranges for y in item.years[1:-1]} - stored
            years = [y for y in years if y not in inner]

    # "2019 … the previous year", "2025年上年转过来的": a relative year beside the year written (see .relative)
    relative_words: tuple[str, ...] = ()
    carry_words: tuple[str, ...] = ()
    if relative_beside_explicit:
        read = beside_year(question, scan.years, scan.matches, explicit, found.relative, metric, operation, context,
                           years)
        metric, operation, years = read.metric, read.operation, read.years
        flags.extend(read.flags)
        relative_words, carry_words = read.relative_words, read.carry_words

    # "2020年行政许可比上年减了多少": one year and a change of a 表二 row whose format prints that change
    # (2019 format: 本年增/减) is that printed cell, not a difference with a year that may not be stored.
    if operation == "change" and len(set(years)) == 1 and years_stated \
            and row_prints(metric, rf.T2_SIGNED_CHANGE_COLUMN, years[:1]):
        metric, operation = Metric(2, row=metric.row, column=rf.T2_SIGNED_CHANGE_COLUMN), "value"  # type: ignore[union-attr]
    elif operation == "change" and len(set(years)) == 1 and years_stated and metric is not None \
            and metric.table == 2 and metric.column == rf.T2_SIGNED_CHANGE_COLUMN:
        operation = "value"  # "the year-on-year change in 2020": the printed 本年增/减 itself

    # "carried over from 2024 into 2025", "从2020年结转": a carry-over named without its direction
    # (a default or carried-over metric gives way to it); without a year passed, both rows are offered back
    carry_term: tuple[str, tuple[Metric, ...]] | None = None
    metric, operation, new_named = new_beside_carried(question, scan.matches, scan.years, metric, operation)
    carry = carry_over(question, scan.years) if not not_recorded and not found.topics and operation in ("value", "sum") and (
        metric is None or {"default_metric", "inherited_metric"} & set(flags)
        or (metric == Metric(3, row=rf.T3_ROWS[0].id) and not new_named)) else None
    # "how many requests … carry over": not the new ones; "new ones … carried over" names both: left open
    if carry is not None:
        metric, new_metric = Metric(3, row=rf.CARRY_OVER_ROWS["later"]), True
        flags = [f for f in flags if f not in ("default_metric", "inherited_metric")]
        if not carry.directed or not explicit:
            carry_term = (carry.word, (Metric(3, row=rf.CARRY_OVER_ROWS["earlier"]),))
    # "carried over from 2024 into 2025", "new plus those carried over from 2023": the one report printing it
    if metric is not None and operation in ("value", "sum") and not found.relative and not last_n and (
            read_in := carry_report(question, scan.years, explicit, metric, carry, agencies, catalog)) is not None:
        metric, years, operation = read_in
        flags.append("carry_over_years")
        # the carry-over words name either row; the years they pass between say which
        carry_words += tuple(m.text for m in scan.matches if any(t.kind == "t3row" for t in m.targets) and all(
            t.kind != "t3row" or t.id in rf.CARRY_OVER_ROWS.values() for t in m.targets))

    # Years an operation implies.
    agency_years = sorted({y for a in agencies for y in catalog.years(a)}) if agencies else list(catalog.years())
    counted = counted_years(question, operation, explicit, last_n, agencies, agency_years, context)
    year_count, year_count_left = counted.count, counted.left
    operation, years = counted.operation, counted.years or years
    flags = [f for f in flags if f not in counted.unflags] + list(counted.flags)
    if "years_by_span" not in flags:  # "from 2021 onward" with one such year stored: that year alone
        years, year_flags = implied_years(operation, years, years_stated, context, len(agencies), agency_years, newest)
        flags.extend(year_flags)

    # Route.
    route, metric, applicant, section = choose_route(found, metric, applicant, context, not_recorded=bool(not_recorded),
                                                     narrative_subject=narrative_subject, new_metric=new_metric,
                                                     text_asked=text_asked)

    # "那2021年的呢？", "表四呢？" after a check (or an overview): the same kind of answer, for what is named now
    unaccounted = not_restating(unaccounted, agencies, catalog)
    about = asked_about_reports(question, found, scan.matches, context, mentions, unaccounted,
                                bool(not_recorded), ops, route, metric, operation)
    if about == "check":
        # "are Pingtan's 2020 figures consistent?": answered from the stored checks, never a cell
        route, metric, applicant, section, operation = "check", None, None, None, "value"
        flags = [f for f in flags if f not in ("default_metric", "inherited_metric")]
        # "只看表三", "is table 4 consistent?": the checks of the table named last
        section = words.last_table_named(question)
        if not mentions and every_report_checked(question):
            flags.append("all_reports")  # "which of the stored reports fail a rule?": every stored report
    elif about == "overview":
        route, metric, applicant, section, operation = "overview", None, None, None, "value"
    # "洪泽区、淮安市、沭阳县这几个政府（各自存的那一年）谁…最多": each agency's own stored report, as
    # the question says (without such words no year is filled in)
    only_years: tuple[tuple[str, int], ...] = ()
    if across_agencies and not explicit and not last_n and (
            any(w in question.lower() for w in words.ALL_REPORTS)
            or (operation == "rank" and mentions_any(question, words.RANK_WHICH_AGENCY) and context is None
                and not any(w in question.lower() for w in words.EACH_LATEST))):
        # "在你有的所有年报里，哪家行政复议最多": every stored report, each agency in each of its years;
        # so too "哪个单位…最多" with no year named (no year narrows it; each report is shown with its year)
        only_years = tuple((a, y) for a in catalog.agencies for y in catalog.years(a))
        years = sorted({y for _, y in only_years})
        flags.append("all_reports")
    elif across_agencies and not explicit and not last_n and any(w in question.lower() for w in words.EACH_LATEST):
        # "which agency had the most … in its latest report": each agency's own newest report
        only_years = tuple((a, catalog.years(a)[-1]) for a in catalog.agencies if catalog.years(a))
        years = sorted({y for _, y in only_years})
        flags = [f for f in flags if f != "relative_year"] + ["each_latest"]
    elif not years and len(agencies) >= 2 and len(mentions) == len(agencies) and operation in ("rank", "compare", "sum") \
            and route == "figures" and all(len(catalog.years(a)) == 1 for a in agencies) \
            and (context is None or not context.years) and not any(
                m.candidates and names_only_the_place(m.text, m.candidates[0]) and catalog.departments_of(m.candidates[0])
                for m in mentions):
        # "洪泽和淮安市，谁的行政许可决定多": each named agency has one stored report, the only reading
        only_years = tuple((a, catalog.years(a)[0]) for a in agencies)
        years = [y for _, y in only_years]
        flags.append("each_only_year")
    if route == "overview" and not explicit and not last_n and (
            "default_year" in flags or ("inherited_years" in flags and mentions_any(question, words.EVERY_YEAR))):
        # (a follow-up's "the big picture across all the years you hold" is every stored year, not the one carried)
        # an overview with no year named is of every stored year (an operation word had added the newest two)
        years = []
        flags = [f for f in flags if f not in ("default_year", "inherited_years", "inherited_metric")]
    if not years and route not in ("narrative", "check", "overview") and newest:
        usable = [y for y in agency_years if metric is None or metric.available(format_of(y))]
        years = [max(usable) if usable else newest]
        flags.append("only_stored_year" if only_report(agencies, mentions, operation, catalog) else "default_year")
    years = sorted(set(years))

    written_pairs = paired_years(question, scan.mentions, scan.years) if len(scan.mentions) >= 2 else ()
    # "Shanghai's office in 2019, 2025, and Pingtan in 2022": a year beside the pairs that no agency takes
    # (it was dropped from a ranking: a wrong number); asked back
    unpaired = tuple(item.raw for item in scan.years if len(item.years) == 1
                     and item.years[0] not in {y for _, y in written_pairs}) if written_pairs else ()
    pairs = written_pairs or only_years \
        or follow_pairs or (
            # "Which of those had the most?" after "Huai'an 2024, Shuyang County 2025 …": each with its own year
            context.agency_years if context is not None and {"inherited_agency", "inherited_years"} <= set(flags)
            else ())
    if follow_pairs:
        years = sorted({y for _, y in follow_pairs})

    # A bare place ("平潭2021年…") when the store holds, for every year asked, both that region's
    # government report and a department's: either could be meant, so both are offered.
    # (an agency carried over from a turn that resolved it to one agency stays that agency: "那21年呢"
    # after "平潭2022年…" (the zone alone) is the zone's 2021 report)
    carried_one = "inherited_agency" in flags and context is not None and len(context.agencies) == 1
    # (an organ set aside, "(not the police bureau)", says the region's own report is meant)
    may_widen = not across_agencies and route not in ("narrative", "overview") and not carried_one and not negated \
        and not any(w in question.lower() for w in words.WHOLE_REGION)
    if years and may_widen:
        mentions, agencies = widened_with_departments(mentions, agencies, years, catalog, pairs, flags)
    elif operation == "value" and route == "figures" and not negated \
            and one_of_two_reports(question, agencies, catalog):
        flags.append("agency_unsettled")

    if operation == "sum" and len(agencies) == 1 and len(years) == 1 and not across_agencies:
        # "add up all eight grounds" of one report: that report's group total; beside a rate word ("不予公开
        # （各情形合计）所占比例") the sum only names the group, and the share is asked (it was answered as
        # the group total: a wrong number)
        operation = "ratio" if "ratio" in ops else "value"
    # 表二: money asked of a row named without its column; a row whose columns count different things
    column_choices: tuple[Metric, ...] = ()
    if metric is not None and metric.table == 2 and metric.column is None and context is not None \
            and context.metric is not None and context.metric.table == 2 and context.metric.column \
            and context.metric.row != metric.row and years and getattr(Metric(
                2, row=metric.row, column=context.metric.column).t2_column(format_of(years[-1])), "id", None) \
            == context.metric.column:
        # "行政强制的呢？" after 行政许可's decisions: the column just asked about, of the row named now
        metric = Metric(2, row=metric.row, column=context.metric.column)
        flags.append("inherited_metric")
    if metric is not None and metric.table == 2 and metric.column is None:
        metric, missing, column_choices, table2_flags = table2.read_row(
            metric, years[-1] if years and route != "narrative" else None, mentions_any(question, words.AMOUNT_CUES),
            language, mentions_any(question, words.ITEM_COUNT_CUES), mentions_any(question, words.HOW_MANY_CUES))
        flags.extend(table2_flags)
        if missing is not None:
            unresolved.append(missing)
            route, applicant = "figures", None

    if metric == Metric(2, row="fees", column="amount") and language == "zh" and route == "figures" \
            and bool(fee_words := {m.text for m in scan.matches if any(t.kind in ("t2row", "t2col") for t in m.targets)}) \
            and fee_words <= words.BARE_FEE_WORDS \
            and not mentions_any(question, words.FEE_TABLE_CUES):
        # "淮安市2024年收费收了多少": 表二's 行政事业性收费, or the information-processing fee section 六 reports?
        flags.append("fee_unnamed")

    # "它2022年的年报列了哪些问题，2023年打算怎么改？": in the text of problems and plans, the year after
    # (or before) the report's is what the text talks about; the report is the one year stored
    if route == "narrative" and len(agencies) == 1 and len(set(years)) >= 2 and (
            section == rf.SECTIONS[4].number or not years_stated):
        stored = sorted({y for y in years if catalog.has(agencies[0], y)})
        if len(stored) == 1 and all(abs(y - stored[0]) == 1 for y in years if y not in stored):
            years = stored
            flags.append("report_year_only")

    # a 表四 result without its block ("cases upheld"), requests counted with no cell named ("申请一共多少件"):
    # asked back with the cells either could mean
    block_choices, open_word, open_flags = open_readings(question, scan.matches, found, metric, route,
                                                         bool(not_recorded), unaccounted)
    if block_choices:
        unaccounted = unaccounted + (open_word,)
        flags.extend(open_flags)

    if metric is not None and years:
        metric = in_the_years_format(metric, years)  # "其他处理那三种加一块" in 2022: the group's three rows added

    if operation in ("change", "compare") and len(years) > 2 and any(
            len(item.years) > 2 and item.years[0] == years[0] and item.years[-1] == years[-1] for item in scan.years):
        # "How much have new requests grown between 2019 and 2025?": from the first year to the last; the years
        # between are not asked (they were refused as not stored)
        years = [years[0], years[-1]]

    # What is not stored.
    unresolved.extend(not_recorded)
    unresolved.extend(not_stored(catalog, agencies, years, pairs, raw_year, metric, agency_years,
                                 default_years="default_year" in flags))
    if context is not None:
        flags.append("follow_up")
    if "figure" in found.cues:
        flags.append("figure_cue")
    if found.cues & {"text", "manner"}:
        flags.append("text_cue")
    if metric is not None and route != "narrative":
        set_sizes = frozenset({len(agencies), len(set(years)), catalog.count_stored_in(years),
                               catalog.count_reports_in(years)})
        metric, unaccounted = account_for(question, scan, metric, applicant, years, set_sizes, numbered_row,
                                          carry_words, relative_words + relative_asked + (
                                              (column_alone,) if column_alone else ()))
    if metric is not None and (span := numbered.group_range(question)) is not None:
        # "把（一）到（六）各项办理结果的总计列加起来": the rows of a range of groups added, which no cell reading here
        # spells out (（七）总计 is what the report prints, not their sum): asked back, never read as one cell
        unaccounted = unaccounted + (span,)
    if metric is not None and "default_metric" in flags and metric.table == 3:
        # "其他组织申请的说没有这信息的几件": no row named, and a negation left over names an outcome the words
        # did not (read as the default row, the new requests, it was a wrong number)
        unaccounted = unaccounted + tuple(n for n in grounding.negations_left(scan.leftover) if n not in unaccounted)
    if not block_choices and "default_metric" in flags and (total_word := _total_alone(question, scan.matches)) is not None:
        # "依申请公开那张表里的“总计”": the total column of the requests received, or the row （七）总计?
        block_choices = (Metric(3, row=rf.T3_ROWS[0].id), Metric(3, derived=rf.CASELOAD), Metric(3, row="processed_total"))
        unaccounted = unaccounted + (total_word,)
        flags.extend(("semantic_readings", "requests_unnamed"))
    if group_number is not None and metric is not None and metric.table == 3:
        number_text = question[group_number.span[0]:group_number.span[1]]  # "item (6)": the 6 is the group's
        ordinal = question[max(0, group_number.span[0] - 1):group_number.span[1]]  # "第五大项": 第五 as well
        unaccounted = tuple(w for w in unaccounted if w not in (number_text, ordinal, group_number.item or number_text))
    if year_count is not None and year_count[0] == len(agency_years) and set(years) == set(agency_years):
        # "平潭综合实验区四个年度里，哪一年…最多": the count says every stored year, as taken
        unaccounted = tuple(w for w in unaccounted if w not in year_count[1])
    if operation == "value" and not scan.mentions and (added := dialogue.added_to_previous(question, metric, context)):
        # "And if you add the partial ones?" after the fully disclosed: the row just asked about plus the one named
        metric = added
        flags.append("inherited_metric")
        unaccounted = tuple(w for w in unaccounted if w.lower() not in words.ADDS_TO_PREVIOUS)

    if operation == "ratio":
        metric, unaccounted, share_flags = share_base(question, scan.matches, metric, applicant, context, unaccounted)
        flags.extend(share_flags)
    spelled = formula.spelled_out(question, scan.matches) \
        if metric is not None and metric.table in (2, 3, 4) and route in ("figures", "both") and not not_recorded \
        and operation in ("value", "sum", "ratio") else None
    if spelled is not None and (operation == "ratio" or spelled.rate_named) and not spelled.is_ratio:
        # "what share … were fully or partially disclosed": the rows added up, as a share of those handled
        rows = spelled.metric.parts or (spelled.metric.row or "",)
        spelled = formula.SpelledOut(Metric(3, parts=spelled.metric.parts, row=spelled.metric.row, per="processed_total"),
                                     spelled.words) if spelled.metric.table == 3 and all(
            r not in rf.T3_OUTCOME_EXCLUDED for r in rows) else None
    if spelled is not None:  # "予以公开加上部分公开", "(A+B)除以C": the rows as the question adds them up
        # (a sum across every agency stays one: "所有机关的予以公开加部分公开总共多少")
        metric, operation = spelled.metric, ("ratio" if spelled.is_ratio else "sum" if operation == "sum" else "value")
        # (a Chinese piece left of a join is part of it: "再加上" leaves 再加 once 上 is stripped as a particle)
        unaccounted = tuple(w for w in unaccounted if w not in spelled.words and not (
            _has_cjk(w) and any(w in s for s in spelled.words)))
        counted = formula.count_of_parts(question, scan.leftover, metric)  # "予以公开和部分公开两项合计"
        unaccounted = tuple(w for w in unaccounted if w not in counted)
        flags.append("spelled_out")
    term = (ambiguous_term(scan.matches, metric) or rows_in_one_word(scan.matches, metric)
            if route in ("figures", "both") else None) or carry_term or (
        # "第三大项第2小项" with no word to decide: （三）2, or （二）部分公开? asked back with both
        (question[numbered_row.spans[0][0]:numbered_row.spans[0][1]], (numbered.item_three_reading(numbered_row),))
        if isinstance(numbered_row, words.NumberedRow) and numbered_row.under_item and metric == numbered_row.metric else None)
    if term is not None:  # 公开率 alone: fully, or fully or partly disclosed? asked back with both
        unaccounted = unaccounted + (term[0],)
        flags.append("ambiguous_term")
    ratio_of: tuple[tuple[str, int], ...] = ()
    if operation == "ratio" and metric is not None and not metric.per and not metric.per_parts and not (
            metric.derived and rf.DERIVED_BY_ID[metric.derived].kind == "ratio"):
        # "2022年的新收申请量是2021年的百分之几": one cell of two reports, the first over the second
        if (between := reports_compared_as_ratio(question, report_places(scan, agencies, years, pairs))) is not None:
            ratio_of = between
            years = sorted({y for _, y in between})
            unaccounted = without_ratio_words(question, scan.matches, metric, unaccounted)
        else:
            flags.append("ratio_of_unknown")  # a share of what, out of what: the format has no such rate
    # "维持的多还是纠正的多": two cells of the one report, side by side; "新申请是企业来的多还是律所来的多": two
    # applicant columns of the row
    compared: tuple[Metric, ...] = ()
    columns: tuple[str, ...] = ()
    found_pair = side_by_side(question, scan.matches, scan.leftover, metric, applicant, unaccounted, operation, route,
                              len(agencies), explicit, years, "added_previous_year" in flags)
    if found_pair is not None:
        compared, columns, named, minus = found_pair.cells, found_pair.columns, found_pair.words, found_pair.minus
        metric = compared[0] if compared else metric
        operation = "compare"
        if compared and minus:
            flags.append("minus_asked")  # the first less the second, signed
            unaccounted = tuple(w for w in unaccounted if w.lower() not in words.MINUS)
        # (in the year named: a comparison had added the year before it, which is not asked — no refusal for
        # its report)
        years = sorted(set(explicit or ([max(years)] if "added_previous_year" in flags and years else years)))
        flags = [f for f in flags if f != "added_previous_year"]
        unaccounted = tuple(w for w in unaccounted if w not in named)
        unresolved = [u for u in unresolved if not (u.kind == "year" and u.year is not None and u.year not in years)]
        if years and may_widen:
            # one report now: a bare place is asked back when a department reported that year too, as for one cell
            mentions, agencies = widened_with_departments(mentions, agencies, years, catalog, pairs, flags)
    if route in ("figures", "both") and not _AGENCIES_COUNTED.search(question) \
            and (parts := ranked_cells(metric, operation, len(agencies), tuple(years))):
        # "不予公开的各种理由中用得最多的是哪一条？": one report's group, its parts ranked
        compared, metric = parts, parts[0]
        flags.append("ranked_parts")
    if metric is None and route == "narrative" and any(t.kind in CELL_KINDS for m in scan.matches for t in m.targets):
        # "How many upheld outcomes did Huai'an have in 2024?": a cell's word no metric took (upheld in which
        # block?) — the text is quoted, and no number of its own is stated from it
        flags.append("cell_words_open")
    if mentions_any(question, words.TABLE_POINTERS):
        flags.append("points_at_table")  # a cell is asked for: no number is quoted from the text instead
    unaccounted = words_the_reading_explains(question, unaccounted, operation, flags, agencies, mentions, negated,
                                             year_count_left, scan.years, context, catalog)
    if operation == "rank" and not agencies and mentions_any(question, words.WHICH_YEAR) \
            and not mentions_any(question, words.RANK_WHICH_AGENCY):  # (not "哪家单位哪一年": every report)
        flags.append("which_year")  # "哪一年收到的申请最多": the years of which agency?
    if operation == "rank" and (mentions_any(question, words.RANK_LEAST) or (
            "rank_by_which" in flags and mentions_any(question, words.LESS))):  # ("who got fewer, A or B?")
        flags.append("rank_least")  # "which had the fewest": the smallest named first
    flags.extend(dialogue.unsettled_carry(question, operation, flags, len(agencies), len(set(years)), context))
    carried = tuple(dict.fromkeys(part for part, flag in (
        ("agency", "inherited_agency"), ("agency", "region_from_context"), ("years", "inherited_years"),
        ("metric", "inherited_metric"), ("applicant", "inherited_applicant"), ("operation", "inherited_operation"))
        if flag in flags))

    unaccounted = unaccounted + tuple(w for w in unpaired if w not in unaccounted)
    if written_pairs and (again := first_mention(question, words.SAME_AGENCY_AGAIN)) is not None:
        unaccounted = tuple(w for w in unaccounted if w.lower() not in again.lower())  # "同一单位2025年": paired
    query = Query(
        question=question,
        language=language,
        agencies=agencies,
        mentions=mentions,
        years=tuple(years),
        metric=metric,
        applicant=applicant,
        operation=operation,  # type: ignore[arg-type]
        route=route,
        section=section,
        topics=tuple(found.topics),
        unresolved=tuple(dict.fromkeys(unresolved)),
        flags=tuple(dict.fromkeys(flags)),
        unaccounted=unaccounted,
        stated=stated_figures(question, unaccounted),
        carried=carried,
        search_text=search_text(question, mentions, scan.years, found.topics),
        agency_years=pairs,
        compared=compared,
        compared_columns=columns,
        ratio_of=ratio_of,
        # only the year moved ("2025年呢" after 2019): the years asked so far, for a change asked next
        earlier_years=tuple(sorted(set(context.earlier_years) | set(context.years)))
        if context is not None and years_stated and "inherited_metric" in flags and context.years
        and set(context.years) != set(years) else (),
        alternatives=block_choices + column_choices[1:] + (term[1] if term else ()) + (
            similar.alternatives(scan.leftover, scan.matches, metric) if unaccounted else ()),
    )
    if block_choices:
        return query  # the blocks are the readings: no other meaning is guessed for the result word
    return semantic.reread(query, scan)  # only where words are left over: the vocabulary ran out
