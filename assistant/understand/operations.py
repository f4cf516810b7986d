"""The operation a question states: a value, a sum, a ranking, a comparison, a change, a trend or a rate.

The operation words the scan found (``question_words.toml`` [operations]) are weighed here against how
many agencies and years the question names: "一共收到多少" over one report only frames a value, "total"
sums when several agencies are named, "哪个…多" ranks them.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index import reportformat as rf

from . import words
from .mentions import _Match
from .metrics import _Found
from .spans import mentions_any
from .types import AgencyMention, Query
from .words import _OP_PRECEDENCE
from .years import all_own_reports, stated_year_count, years_added


def stated_operation(question: str, ops: Sequence[str], found: _Found, explicit: Sequence[int], last_n: int,
                     mentions: Sequence[AgencyMention], context: Query | None) -> tuple[str | None, list[str]]:
    """The operation the question's own words state (None: none is stated) and the flags that say how."""
    flags: list[str] = []
    operation_stated: str | None = None
    multi_agency = len(mentions) > 1
    for op in _OP_PRECEDENCE:
        if op in ops:
            # a total over one agency's years only when asked "how many … in total" (a figure cue, no
            # "how did … develop", no other operation)
            # (a sum word needs no "how many": "Pingtan's combined new requests for 2019 and 2020?" was
            # answered year by year, two numbers where one was asked)
            # ("每年新制作的…加起来一共多少": each year's figure, added; a word that only spreads over the
            # years does not make it a series — it was answered year by year, four numbers where one was asked)
            # ("平潭历年…加起来一共多少": every stored year, added)
            spreading = (*words.EACH_YEAR, *words.EVERY_STORED_YEAR)
            spread_only = "trend" in ops and mentions_any(question, spreading) and not mentions_any(
                question, tuple(w for w in words.TREND_WORDS if w not in spreading))
            # ("两年加起来呢" after 2020, then 2019: the years just asked about, counted)
            asked_before = (set(context.years) | set(context.earlier_years)) if context is not None and not explicit \
                else set()
            counted = stated_year_count(question)
            counted_n = counted[0] if counted is not None else years_added(question)
            # ("平潭历年新收申请加起来", "summed over all four Pingtan years": every stored year of the agency)
            several_years = (len(set(explicit)) > 1 or last_n > 1
                             or (len(asked_before) > 1 and counted_n == len(asked_before))
                             or (not explicit and not asked_before and op == "sum" and not multi_agency and (
                                 counted is not None or mentions_any(question, words.EVERY_STORED_YEAR)
                                 or all_own_reports(question)))) \
                and "manner" not in found.cues \
                and not (set(ops) - ({"trend"} if spread_only else set())) & {"trend", "change", "compare", "ratio", "each"}
            if op == "sum" and not (multi_agency or found.scope_all or several_years):
                # one agency, one year ("一共收到多少"), or a trend "in total" over years: it only frames
                continue
            operation_stated = op
            break
    # "total" sums when several agencies are named, or all of them ("across all agencies, the total …"),
    # or one agency's several years asked as one number ("the total number … from 2019 to 2022")
    # ("totals" and 总计 also name a column: "procurement totals in 2019 and 2020" asks for each year's;
    # "total new requests across 2019 and 2020" for one number)
    several_years_total = (len(set(explicit)) > 1 or last_n > 1) and (
        "figure" in found.cues or mentions_any(question, words.ONE_TOTAL)) and "manner" not in found.cues \
        and not set(ops) & {"trend", "change", "compare", "ratio", "rank", "each"}
    which_more = mentions_any(question, words.RANK_MORE) and mentions_any(question, (*words.RANK_WHICH, *words.EITHER_OR))
    if operation_stated is None and (multi_agency or (found.scope_all and not mentions) or several_years_total) \
            and "sum_if_several" in ops and "each" not in ops and not (multi_agency and which_more):
        # (not "which had more …, A or B? I'd like the two totals": a comparison, its totals each side's)
        operation_stated = "sum"
    if operation_stated is None and mentions_any(question, words.RANK_MORE) and (
            (multi_agency and mentions_any(question, (*words.RANK_WHICH, *words.EITHER_OR)))
            or (not mentions and mentions_any(question, words.RANK_WHICH_AGENCY))):
        operation_stated = "rank"  # "(平潭、桦川县)里，哪个的行政复议案件多？"
        flags.append("rank_by_which")
    if operation_stated == "compare" and not mentions and (context is None or not context.mentions) \
            and mentions_any(question, words.RANK_WHICH):
        operation_stated = "rank"  # "2021年的两份报告里，谁收到的申请更多": which of the stored agencies
        flags.append("rank_by_which")
    if operation_stated is None and len(mentions) == 1 and context is not None and len(context.agencies) == 1 \
            and context.agencies[0] not in mentions[0].candidates and mentions_any(question, words.RANK_WHICH) \
            and mentions_any(question, words.RANK_MORE):
        operation_stated = "compare"  # "跟同一年的沭阳发改局比，谁新收的申请多？" after 洪泽区: the two agencies
        flags.append("rank_by_which")
    if operation_stated is None and not multi_agency and len(set(explicit)) == 2 \
            and mentions_any(question, words.RANK_MORE) and mentions_any(question, words.EITHER_OR):
        operation_stated = "compare"  # "Did Pingtan get more new requests in 2021 or in 2022?": the two years
        flags.append("more_or")
    if operation_stated is None and len(mentions) == 2 and mentions_any(question, words.RANK_MORE) \
            and mentions_any(question, words.THAN):
        operation_stated = "compare"  # "Did Huai'an city get more new requests in 2024 than Hongze in 2023?"
        flags.append("more_than_agency")
    if operation_stated in ("compare", "change") and which_more and multi_agency:
        # "who reported more, A or B": the larger named first; "哪边少一些": the smaller
        flags.append("which_less" if mentions_any(question, words.LESS) else "which_more")
    if operation_stated is None and not multi_agency and _more_than_earlier_year(question, explicit):
        operation_stated = "change"  # "how many more … in 2020 than in 2019": 2020's less 2019's
        flags.append("more_than")
    return operation_stated, flags


_THAN_YEAR = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words.THAN, key=len, reverse=True))
                        + r")\s+(?:[a-z'’]+\s+){0,4}?(\d{4})\b", re.IGNORECASE)  # "than it did back in 2019"


_MORE_EN = tuple(w for w in words.RANK_MORE if w.isascii())  # more, fewer, less, higher …


def _more_than_earlier_year(question: str, explicit: Sequence[int]) -> bool:
    """"How many more/fewer … in Y2 than (in) Y1" with two years and Y1 the earlier."""
    years = sorted(set(explicit))
    # ("Did businesses file more requests in 2025 than they did in 2019?": a yes-or-no question, the same change)
    if len(years) != 2 or not (mentions_any(question, words.MORE_THAN) or (
            mentions_any(question, _MORE_EN) and _THAN_YEAR.search(question) is not None)):
        return False
    after = _THAN_YEAR.search(question)
    return after is not None and int(after.group(1)) == years[0]


# "占多少件", "占了几个": a count taken out of a whole, not a share; unless a share is named beside it
_COUNT_TAKEN = re.compile(r"占了?(?:多少|几)(?:件|个|项|起|次|份|家|宗)")
# "X占Y的多少", "占全部的几成": a part taken out of a whole, asked as a share when no count unit follows
_SHARE_TAKEN = re.compile(r"占(?:了)?[^，,。？?！!；;]{0,40}?(?:多少|几成|百分之几)(?![件个项起次份家宗])")
_SHARE_NAMED = re.compile(r"[%％]|百分|比例|比重|几成|占比|\d+\s*成|率")


def operation_words(question: str, found: _Found, matches: Sequence[_Match], explicit: Sequence[int]) -> list[str]:
    """The operations the question's words name, once words that only look like one are set aside (requests
    "dropped" for not paying, "占多少件") and a percent sign has asked for a rate."""
    ops = list(found.ops)
    change_words = {m.text.lower() for m in matches for t in m.targets if t.kind == "op" and t.id == "change"}
    if change_words and change_words <= words.WEAK_CHANGE and mentions_any(question, words.NOT_CHANGE) \
            and len(set(explicit)) < 2:
        # "How many requests did Huai'an city drop in 2024 because the applicant did not pay": requests dropped,
        # not a fall (it was read as a change from 2023)
        ops.remove("change")
    if "ratio" in ops and _COUNT_TAKEN.search(question) and not _SHARE_NAMED.search(question):
        ops.remove("ratio")  # "律所提的占多少件": how many of them, a count (it was answered with a share)
    if "ratio" not in ops and _SHARE_TAKEN.search(question) and not _COUNT_TAKEN.search(question):
        ops.append("ratio")  # "先复议后起诉的占全部诉讼的多少": a part's share of the whole (it was read as the whole)
    if ("%" in question or "％" in question) and "ratio" not in ops:
        ops.append("ratio")  # "what % of new applications…": a rate, whatever the words (the sign folds away)
    change_matches = [m for m in matches if any(t.kind == "op" and t.id == "change" for t in m.targets)]
    column_named = bool(change_matches) and all(m.text in rf.T2_SIGNED_CHANGE_NAMES for m in change_matches)
    if (found.change_from_column or (column_named and len(set(explicit)) < 2)) and "change" in ops and not any(
            t.kind == "op" and t.id == "change" for m in matches for t in m.targets
            if not any(x.kind == "t2col" for x in m.targets)):
        # "本年增减填的多少" (one year or none): the 2019 format's column of that name, not a change from the
        # year before (with no row named it was refused for the year before's report, not asked back)
        ops.remove("change")
    return ops


def implied_years(operation: str, years: list[int], years_stated: bool, context: Query | None, n_agencies: int,
                  agency_years: Sequence[int], newest: int | None) -> tuple[list[int], list[str]]:
    """The years an operation implies beyond those named, and flags saying how: a comparison with the
    year asked before ("compare with 2019" after 2021) or with the year before the one named, a trend
    over every stored year, one agency ranked over its years."""
    flags: list[str] = []
    years = list(years)
    if operation in ("compare", "change") and len(set(years)) == 1 and years_stated and context is not None \
            and (set(context.years) | set(context.earlier_years)) - set(years):
        # "compare with 2019" after a 2021 question; "how much more than 2021?" after 2022, then 2021
        earlier = set(context.years) - set(years) or set(context.earlier_years) - set(years)
        years.extend(sorted(earlier))
        flags.append("inherited_years")
    elif operation in ("compare", "change") and not years_stated and context is not None and context.earlier_years:
        years = sorted(set(context.earlier_years) | set(context.years))  # "涨了多少" after 2019, then 2025
        flags.append("inherited_years")
    elif operation == "sum" and not years_stated and context is not None and context.earlier_years \
            and n_agencies <= 1:
        years = sorted(set(context.earlier_years) | set(context.years))  # "两年加起来呢" after 2020, then 2019
        flags.append("inherited_years")
    elif operation in ("compare", "change") and len(set(years)) == 1 and n_agencies <= 1:
        years.append(years[0] - 1)
        flags.append("added_previous_year")
    elif operation in ("compare", "change") and not years and newest:
        years.extend((newest - 1, newest))
        flags.append("default_year")
    elif operation == "trend" and len(set(years)) < 2:
        years = list(agency_years)
        flags.append("all_years")
    elif operation == "rank" and n_agencies == 1 and not years:
        years = list(agency_years)
        flags.append("all_years")
    return years, flags


@dataclass(frozen=True)
class CountedYears:
    """What a count of years the question says without naming them ("平潭这四年", "the two Shanghai reports") makes of
    its operation and years."""

    count: tuple[int, str] | None  # the count and its words, when it counts the years asked about
    operation: str
    years: list[int]  # every stored year of the agency, when the count (or "all its reports") takes them in; else []
    flags: tuple[str, ...] = ()
    unflags: tuple[str, ...] = ()  # flags the count settles ("default_year": no year filled in after all)
    left: tuple[str, ...] = ()  # the count's words, when it is not what is stored ("桦川县这四年…" with one year)


def counted_years(question: str, operation: str, explicit: Sequence[int], last_n: int, agencies: Sequence[str],
                  agency_years: Sequence[int], context: Query | None) -> CountedYears:
    """The stored years a count of years (or "all its reports") takes in for one agency: each listed ("平潭这四年…列一下"
    with four stored), added ("平潭历年…加起来"), or the two compared ("compare … the two Shanghai reports")."""
    count = stated_year_count(question) if not explicit and not last_n and agencies else None
    asked_before = set(context.years) | set(context.earlier_years) if context is not None else set()
    if count is not None and len(asked_before) == count[0] >= 2 and operation in ("value", "trend") \
            and len(agencies) == 1:
        # "两年采购总金额分别多少，列一下" after 2019, then 2020: each of the years just asked about, listed
        return CountedYears(count, "trend", sorted(asked_before), ("inherited_years",), ("default_year",))
    if count is not None and len(asked_before) == count[0]:
        count = None  # "这两年差了多少" after 2019, then 2020: the years just asked about
    one = len(agencies) == 1
    if count is not None and operation == "value" and one and count[0] == len(agency_years) >= 2:
        return CountedYears(count, "trend", [], ("all_stored_years",))  # each of them
    if operation == "sum" and not explicit and not last_n and one and len(agency_years) >= 2 and (
            (count is not None and count[0] == len(agency_years))
            or (count is None and (mentions_any(question, words.EVERY_STORED_YEAR) or all_own_reports(question)))):
        return CountedYears(count, operation, list(agency_years), ("all_stored_years",))  # every stored year, added
    if operation in ("compare", "change") and not explicit and not last_n and one and len(agency_years) == 2 \
            and count is not None and count[0] == 2:
        # its two stored years (not the newest and the one before)
        return CountedYears(count, operation, list(agency_years), ("all_stored_years",),
                            ("default_year", "added_previous_year"))
    if count is not None and count[0] != len(agency_years):
        return CountedYears(count, operation, [], left=(count[1],))  # which years are meant?
    return CountedYears(count, operation, [])
