"""Understanding on wordings of kinds the earlier tests did not have: a story before a sentence that asks on its
own, a follow-up restating the cell it carries, a sum over every stored year, a ranking inside one report.

Questions here are written for these tests; agencies are named as real reports print them."""

from __future__ import annotations

import pytest

from assistant.clarify import find_gap
from assistant.understand import Catalog, Metric, understand
from index.types import CellKey
from tests.assistant.test_grounding import _states_a_number

STORED = [("桦川县人民政府", 2020), ("洪泽区人民政府", 2023), ("淮安市人民政府", 2024),
          ("平潭综合实验区", 2019), ("平潭综合实验区", 2020), ("平潭综合实验区", 2021), ("平潭综合实验区", 2022),
          ("平潭综合实验区公安局", 2021), ("沐阳县人民政府", 2025),
          ("上海市人民政府办公厅", 2019), ("上海市人民政府办公厅", 2025)]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(STORED)




def test_a_story_before_a_sentence_that_asks_on_its_own_is_set_aside(catalog):
    # the story names another block and an outcome; the sentence that asks names its own cell, agency and year
    q = understand("邻居先复议、后来又去法院告了淮安市政府，最后赢了。淮安市政府2024年直接起诉、结果被纠正的有几件？", catalog)
    assert q.metric == Metric(4, row="cases", column="suit_direct.corrected") and "story_set_aside" in q.flags
    assert _states_a_number(q, catalog)
    q = understand("My editor wants a chart of every year. How many new requests did Hongze District receive in 2023?",
                   catalog)
    assert q.metric == Metric(3, row="new") and q.years == (2023,) and q.operation == "value"


def test_a_story_the_question_points_back_into_or_that_names_an_applicant_is_kept(catalog):
    # "这个理由" points at the story's reason: the sentence alone would read every refusal
    q = understand("听说很多申请因为属于过程性信息被拒。平潭2022年因为这个理由不公开的有几件？", catalog)
    assert not (q.metric == Metric(3, derived="denied") and _states_a_number(q, catalog)), q.describe()
    # a story's applicant before a question naming none may narrow it: never set aside
    q = understand("我们是一家律师事务所。平潭2022年不予公开的有几件？", catalog)
    assert "story_set_aside" not in q.flags


def test_a_follow_up_restating_the_cell_it_carries_keeps_agency_and_year(catalog):
    first = understand("How many new requests did the Huai'an city government receive in 2024?", catalog)
    q = understand("And of those new ones, how many came from law firms?", catalog, first)
    assert q.agencies == ("淮安市人民政府",) and q.years == (2024,) and q.metric == Metric(3, row="new")
    assert q.applicant == "legal" and "new_topic" not in q.flags


@pytest.mark.parametrize("question", [
    "平潭历年新收的申请加起来一共多少件",
    "Adding up all the years on file for Pingtan, how many requests were newly received in total?",
    "Summed over all four Pingtan years, how many new requests came in?",
])
def test_a_sum_over_every_stored_year_of_one_agency(catalog, question):
    q = understand(question, catalog)
    assert q.operation == "sum" and q.years == (2019, 2020, 2021, 2022) and q.metric == Metric(3, row="new")
    assert _states_a_number(q, catalog), q.describe()


def test_a_year_count_that_is_not_what_is_stored_is_not_a_sum_over_it(catalog):
    q = understand("Summed over all three Pingtan years, how many new requests came in?", catalog)
    assert not _states_a_number(q, catalog)


def test_a_ranking_inside_one_report_ranks_the_parts_of_the_group_named(catalog):
    q = understand("淮安市政府2024年不予公开的几种理由里，哪一条最多？", catalog)
    assert q.operation == "rank" and q.agencies == ("淮安市人民政府",) and q.years == (2024,)
    assert [m.row for m in q.compared] == [f"denied.{i}" for i in range(1, 9)]
    assert _states_a_number(q, catalog)
    q = understand("In Shuyang County's 2025 report, which reconsideration outcome was the most common?", catalog)
    assert [m.column for m in q.compared] == ["review.upheld", "review.corrected", "review.other", "review.pending"]


@pytest.mark.parametrize("question", [
    "沭阳县25年信访件收了多少封",  # petitions received: not recorded (read as 信访举报投诉类申请 it was a wrong number)
    "Hongze District 2023: how many of the lawsuits brought after review were decided at all?",
])
def test_words_that_name_no_cell_are_never_read_as_one(catalog, question):
    q = understand(question, catalog)
    assert not _states_a_number(q, catalog), q.describe()


def test_a_suit_going_the_governments_way_is_upheld_never_the_block_total(catalog):
    q = understand("Hongze District, 2023: of the suits filed after reconsideration, how many went the government's way?",
                   catalog)
    assert q.metric == Metric(4, row="cases", column="suit_after.upheld")


def test_rows_asked_each_are_never_added(catalog):
    # "…的和…的" is "'s and", not "the sum of"; "各几件" asks for each (added, it was a wrong number)
    for question in ("平潭2022年全部公开的和部分公开的各几件", "平潭2022年全部公开的和部分公开的分别是多少",
                     "淮安市2024年行政复议维持的和纠正的各几件"):
        q = understand(question, catalog)
        assert not (q.metric is not None and q.metric.parts and _states_a_number(q, catalog)), question
    q = understand("平潭2022年全部公开的和部分公开的加起来多少", catalog)
    assert q.metric == Metric(3, parts=("granted", "partial"))


def test_results_of_one_block_added(catalog):
    q = understand("洪泽区政府2023年行政复议里，维持的加上纠正的一共几件？", catalog)
    assert q.metric == Metric(4, row="cases", parts=("review.upheld", "review.corrected"))
    q = understand("沭阳县政府2025年新收的加上从上一年转过来的申请，总共有多少件", catalog)
    assert q.metric is not None and set(q.metric.parts or (q.metric.derived,)) in ({"new", "carried_in"}, {"caseload"})


def test_a_share_asked_of_something_not_recorded_is_refused(catalog):
    q = understand("What share of the individual applicants to Hongze District in 2023 were women?", catalog)
    assert [u.mention for u in q.unresolved if u.kind == "metric"] == ["women"] and not _states_a_number(q, catalog)


def test_a_count_taken_out_of_a_whole_is_no_share(catalog):
    q = understand("淮安市政府2024年新收申请里，律所这类法律服务机构提的占多少件", catalog)
    assert q.operation == "value" and q.applicant == "legal"
    assert understand("淮安市政府2024年新收申请里法律服务机构提的占多少", catalog).operation == "ratio"


def test_examples_before_the_organisations_header_never_pick_one_column(catalog):
    q = understand("沭阳县政府2025年新收的申请里，单位、企业这些法人或其他组织提的合计多少", catalog)
    assert q.applicant != "commercial" or not _states_a_number(q, catalog)


def test_who_had_more_with_one_agency_compares_with_the_one_just_asked_or_asks_back(catalog):
    first = understand("洪泽区政府2023年新收了几件信息公开申请", catalog)
    q = understand("跟同一年的淮安市政府比，谁新收的申请多？", catalog, first)
    assert q.operation == "compare" and set(q.agencies) == {"洪泽区人民政府", "淮安市人民政府"}
    alone = understand("跟淮安市政府2024年比，谁新收的申请多？", catalog)
    assert not _states_a_number(alone, catalog)


def test_a_piece_with_two_possible_slips_takes_the_one_naming_a_cell(catalog):
    # 政复义: 政复 sounds like 政府 and 复义 like 复议; only 复议 names a cell
    q = understand("沐阳县25年行政复义一共多少件", catalog)
    assert ("复义", "复议") in q.typed and q.metric == Metric(4, row="cases", column="review.total")


def test_a_place_after_a_comma_then_the_year_only_says_where_the_agency_is(catalog):
    q = understand("Hongze District, Huai'an, 2023: partially disclosed requests, all applicants?", catalog)
    assert q.agencies == ("洪泽区人民政府",) and _states_a_number(q, catalog)
    q = understand("Hongze District, Huai'an city, which had more new requests in 2023?", catalog)
    assert set(q.agencies) == {"洪泽区人民政府", "淮安市人民政府"}


def test_other_results_set_aside_beside_the_one_asked(catalog):
    q = understand("Shuyang County 2025: reconsideration cases with an 'other' result — neither upheld nor corrected?",
                   catalog)
    assert q.metric == Metric(4, row="cases", column="review.other") and _states_a_number(q, catalog)
    q = understand("Shuyang County 2025: reconsideration cases not upheld?", catalog)
    assert not _states_a_number(q, catalog)


@pytest.mark.parametrize("question", ["Did Hongze District charge any information-processing fees in 2023?",
                                      "What did Shuyang County's 2025 report say about information processing fees?"])
def test_fees_asked_about_are_never_the_requests_dropped_for_not_paying(catalog, question):
    q = understand(question, catalog)
    assert q.metric != Metric(3, row="other.2"), q.describe()


@pytest.mark.parametrize("question", ["淮安市政府2024年报，表二里“现行有效”那一列是多少？", "洪泽2023表二里的本年处理决定数量，报一下。"])
def test_a_table2_column_without_its_row_is_asked_back_with_each_row(catalog, question):
    q = understand(question, catalog)
    gap = find_gap(q, catalog)
    assert gap is not None and len(gap.readings) >= 2 and all("表二" in r for r in gap.readings)


def test_applicant_columns_joined_and_added(catalog):
    q = understand("淮安市政府2024年新收的申请里，企业和律师事务所提的加起来一共多少？", catalog)
    assert q.metric == Metric(3, row="new") and q.applicant == "commercial+legal" and _states_a_number(q, catalog)
    assert q.metric.cells("2021", q.applicant) == (CellKey(3, "new", "commercial"), CellKey(3, "new", "legal"))
    q = understand("Shuyang county 2025: partial releases to private citizens plus those to law firms, combined?", catalog)
    assert q.applicant == "natural+legal"
    # asked each, never added
    q = understand("淮安市政府2024年新收的申请里，企业和律师事务所提的各多少？", catalog)
    assert q.applicant != "commercial+legal"


@pytest.mark.parametrize("question, row", [
    ("平潭综合实验区公安局2021年表三（六）之3“其他”情形合计是几件？", "other.3"),
    ("2025年上海市政府办公厅，第（六）大项下面第3小项合计是多少？", "other.3"),
    ("沐阳县2025年表三（五）之2那行，企业那栏是几？", "notproc.2"),
    ("淮安市政府2024年报，表三三之8总计多少件？", "denied.8"),
    ("洪泽区政府2023年报表三，第（四）项第2小项是几件", "unable.2"),
])
def test_a_row_named_by_its_numbers_the_clerks_way(catalog, question, row):
    q = understand(question, catalog)
    assert q.metric == Metric(3, row=row) and _states_a_number(q, catalog), q.describe()


def test_thru_ends_a_span_of_years(catalog):
    q = understand("pingtan 2019 thru 2022 - which year did they grant the most requests in full?", catalog)
    assert q.years == (2019, 2020, 2021, 2022) and q.operation == "rank"


def test_individuals_and_organisations_added(catalog):
    q = understand("平潭管委会2021年收到老百姓和单位的公开申请总共多少件", catalog)
    assert q.applicant == "natural+legal_persons" and _states_a_number(q, catalog)
    assert len(q.metric.cells("2021", q.applicant)) == 6
    # 单位 alone stays a function word; one organisation type beside the header is never added to it
    assert understand("平潭管委会2021年单位提的申请有多少", catalog).applicant == "legal_persons"


def test_net_change_of_a_table2_row_is_its_own_column(catalog):
    q = understand("For Pingtan in 2020, what was the net change reported for administrative penalty items?", catalog)
    assert q.operation == "value" or not _states_a_number(q, catalog)


def test_an_article_20_reference_names_the_block_of_the_row_asked(catalog):
    q = understand("Under Article 20(6), how many decisions on administrative compulsory measures did the Hongze district "
                   "government report for 2023?", catalog)
    assert q.metric == Metric(2, row="enforcement", column="decisions") and _states_a_number(q, catalog)
    # another block's number is not explained
    q = understand("Under Article 20(5), how many decisions on administrative compulsory measures did the Hongze district "
                   "government report for 2023?", catalog)
    assert not _states_a_number(q, catalog)


@pytest.mark.parametrize("question, metric", [
    ("For Hongze District in 2023, what is the aggregate number of 'unable to provide' outcomes across the three "
     "sub-items of Table 3, item (4)?", Metric(3, derived="unable")),
    ("平潭2020年第（六）大项合计多少", Metric(3, row="other")),
    ("What share of all applications handled by Huai'an city in 2024 (Table 3, item (7)) were granted in full?",
     Metric(3, derived="disclosure_rate")),
])
def test_an_outcome_group_named_by_its_number(catalog, question, metric):
    q = understand(question, catalog)
    assert q.metric == metric and _states_a_number(q, catalog), q.describe()


def test_a_group_number_beside_another_groups_row_is_asked_back(catalog):
    q = understand("Pingtan 2022, item (5) partially disclosed: how many?", catalog)
    assert not _states_a_number(q, catalog)


def test_two_cells_of_one_report_compared_need_no_report_of_the_year_before(catalog):
    q = understand("淮安市2024年的复议案件里，被纠错的和被维持的哪个多一些？", catalog)
    assert q.operation == "compare" and len(q.compared) == 2 and q.years == (2024,)
    assert not [u for u in q.unresolved if u.kind == "year"] and _states_a_number(q, catalog)


@pytest.mark.parametrize("question, agency", [
    ("How many new applications did Huaian Shi Renmin Zhengfu receive from law firms in 2024?", "淮安市人民政府"),
    ("Shanghai Shi Renmin Zhengfu Bangongting 2019: new applications?", "上海市人民政府办公厅"),
])
def test_an_organ_written_in_pinyin(catalog, question, agency):
    assert understand(question, catalog).agencies == (agency,)


def test_new_ones_beside_a_dated_carry_over_are_never_explained_away(catalog):
    # the carried-in row alone would be a wrong number for "new ones and those left over"
    q = understand("Pingtan 2022: how many requests did it have to deal with, the new ones and the ones left over "
                   "from 2021 together?", catalog)
    assert not (q.metric == Metric(3, row="carried_in") and _states_a_number(q, catalog)), q.describe()


# Wordings of kinds met in the blind probe sets of the fifth sitting (written here afresh, not copied).

def test_new_ones_and_carried_over_ones_counted_together_are_the_caseload(catalog):
    q = understand("Taking both the brand-new applications and those carried over from 2024 together, how many "
                   "requests did the Shuyang County government have to deal with in 2025?", catalog)
    assert q.metric == Metric(3, derived="caseload") and q.years == (2025,), q.describe()
    # new ones named beside a carry-over, nothing adding them: never the carry-over row alone
    q = understand("How many new applications did Shuyang County government carry over from 2024 into 2025?", catalog)
    assert not (q.metric == Metric(3, row="carried_in") and _states_a_number(q, catalog)), q.describe()


def test_a_direct_suit_said_as_being_taken_straight_to_court_is_not_all_suits(catalog):
    q = understand("淮安市政府2024年被人直接告上法院的有几件", catalog)
    assert q.metric == Metric(4, row="cases", column="suit_direct.total"), q.describe()
    q = understand("淮安市政府2024年因为信息公开被告到法院的一共几件", catalog)
    assert q.metric == Metric(4, derived="litigation_total"), q.describe()


def test_whose_way_a_case_went_names_the_outcome_or_is_left_open(catalog):
    q = understand("pingtan 2022 how many reconsideration cases went against the govt", catalog)
    assert q.metric == Metric(4, row="cases", column="review.corrected"), q.describe()
    q = understand("How many of Pingtan's 2022 reconsideration cases went against the applicant?", catalog)
    assert q.metric == Metric(4, row="cases", column="review.upheld"), q.describe()
    q = understand("how many pingtan 2022 reconsideration cases went their way", catalog)
    assert not _states_a_number(q, catalog), q.describe()  # whose way? (it was read as the block's total)
    q = understand("How many requests did Huai'an city dispose of that way in 2024, counting the three other-handling "
                   "sub-rows together?", catalog)
    assert "way" not in q.unaccounted


def test_requests_still_open_are_those_carried_into_next_year(catalog):
    q = understand("how many pingtan 2022 requests were still open", catalog)
    assert q.metric == Metric(3, row="carried_out"), q.describe()  # it was read as the new requests


def test_business_secrets_name_the_third_party_reason_not_the_business_column(catalog):
    q = understand("shuyang county 2025 how many requests were turned down to protect a third party's privacy or "
                   "business secrets", catalog)
    assert q.metric == Metric(3, row="denied.4") and q.applicant == "total", q.describe()


def test_requests_counted_with_no_row_are_asked_back_with_the_counts_they_may_mean(catalog):
    q = understand("平潭综合实验区2022年公开申请有多少", catalog)
    gap = find_gap(q, catalog)
    assert gap is not None and not gap.refuse and len(gap.readings) == 3, q.describe()


def test_stopped_processing_is_said_of_two_groups_and_asked_back(catalog):
    q = understand("How many requests did Huai'an city stop processing in 2024?", catalog)
    assert not _states_a_number(q, catalog), q.describe()
    # with the reason named, the row of one of the groups
    q = understand("How many requests did Huai'an city stop processing in 2024 because the applicant never paid "
                   "the fee?", catalog)
    assert q.metric == Metric(3, row="other.2") and _states_a_number(q, catalog), q.describe()


def test_the_catch_all_other_sub_item_is_that_row_never_its_group(catalog):
    q = understand("Under the catch-all 'other' sub-item of other handling, how many requests did the Shanghai "
                   "General Office record in 2025?", catalog)
    assert not (q.metric == Metric(3, derived="other_group") and _states_a_number(q, catalog)), q.describe()


def test_the_two_suits_compared_in_one_report(catalog):
    q = understand("At Shanghai's general office in 2025, were there more lawsuits filed directly or more filed "
                   "after reconsideration?", catalog)
    assert q.operation == "compare" and q.years == (2025,), q.describe()
    assert q.compared == (Metric(4, row="cases", column="suit_direct.total"),
                          Metric(4, row="cases", column="suit_after.total")), q.describe()


def test_the_printed_change_column_named_beside_the_previous_year_is_the_printed_change(catalog):
    q = understand("For Pingtan in 2020, Table 2 lists the administrative penalty items of the previous year and the "
                   "increase or decrease during the year. What net change is reported?", catalog)
    assert q.metric == Metric(2, row="penalty", column="change") and q.years == (2020,) \
        and q.operation == "value", q.describe()
    # the previous year's count plus the change is a sum no cell prints: never the change alone
    q = understand("Pingtan 2020: take the prior-year count of administrative penalty items and apply the increase or "
                   "decrease; what is the resulting number?", catalog)
    assert not _states_a_number(q, catalog), q.describe()


def test_a_part_taken_out_of_a_whole_asks_a_share_unless_a_count_unit_follows(catalog):
    q = understand("淮安市政府2024年不予公开的占办结总数的多少", catalog)
    assert q.operation == "ratio", q.describe()
    q = understand("淮安市政府2024年办结的申请里不予公开的占多少件", catalog)
    assert q.operation != "ratio", q.describe()


def test_an_article_of_the_regulations_restates_the_row_that_applies_it_and_nothing_else(catalog):
    # FORMAT.md §3.3: internal affairs is Art. 16 para. 1, state secrets Art. 14, repeat requests Art. 36(6)
    q = understand("Internal-affairs information under Art. 16(1): how many of Shuyang County's refusals in 2025 "
                   "were on that ground?", catalog)
    assert q.metric == Metric(3, row="denied.5") and _states_a_number(q, catalog), q.describe()
    q = understand("洪泽区2023年依据条例第十四条以国家秘密为由不予公开的有几件", catalog)
    assert q.metric == Metric(3, row="denied.1") and _states_a_number(q, catalog), q.describe()
    # another row's article beside the row read: left open, never explained away
    q = understand("How many Hongze requests in 2023 were withheld as state secrets under Art. 15?", catalog)
    assert not _states_a_number(q, catalog), q.describe()
    q = understand("Pingtan 2019: how many repeat requests (Art. 36(7)) were there?", catalog)
    assert not _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question", [
    "How many requests did Huai'an deal with in 2024?",          # dealt with: handled, not received
    "How many requests came from a person to Pingtan in 2022?",  # a person: one applicant type
    "平潭2022年还剩多少件",                                        # left: carried over, not received
    "How many requests did Pingtan close in 2021?",
    "How many normative documents did Pingtan produce in 2019?",  # produced: which column of 表二?
])
def test_a_word_that_may_name_another_cell_is_never_a_function_word(catalog, question):
    # each of these words was briefly a function word this sitting; each would have stated a wrong number
    q = understand(question, catalog)
    assert not _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize(("question", "agency"), [
    ("Huai'an's Hongze District, 2023: how many new requests?", "洪泽区人民政府"),  # a possessive place
    ("宿迁市沭阳县2025年新收申请多少", "沐阳县人民政府"),  # a parent city no stored name carries
    ("Shuyang County government (in Suqian), 2025: how many new requests?", "沐阳县人民政府"),
    ("Shuyang County, Suqian, 2025: how many new requests?", "沐阳县人民政府"),
])
def test_a_higher_place_beside_an_agency_inside_it_only_says_where_it_is(catalog, question, agency):
    q = understand(question, catalog)
    assert q.agencies == (agency,) and not q.unresolved and _states_a_number(q, catalog), q.describe()


def test_a_city_the_county_is_not_in_is_still_refused(catalog):
    q = understand("南京市沭阳县2025年新收申请多少", catalog)
    assert q.unresolved and not _states_a_number(q, catalog), q.describe()


def test_the_experimental_zone_named_is_the_zone_not_its_police_bureau(catalog):
    q = understand("Pingtan Experimental Zone 2021: how many new requests?", catalog)
    assert q.agencies == ("平潭综合实验区",) and _states_a_number(q, catalog), q.describe()
    q = understand("Pingtan 2021: how many new requests?", catalog)  # the place alone: either report
    assert not _states_a_number(q, catalog), q.describe()


def test_a_phrase_naming_the_region_itself_counts_only_whole(catalog):
    q = understand("Pingtan administrative committee, 2021: how many new requests?", catalog)
    assert q.agencies == ("平潭综合实验区",) and _states_a_number(q, catalog), q.describe()
    # its words alone are no function words: 行政确认 is no row of 表三 (it was read as （五）5 "confirm")
    q = understand("How many administrative confirmation decisions did Huai'an publish in 2024?", catalog)
    assert not _states_a_number(q, catalog), q.describe()


def test_a_column_pointed_at_with_no_row_is_asked_back(catalog):
    # which row's column? (it was read as the new requests' column)
    q = understand("沭阳县25年其他那一栏是多少", catalog)
    assert not _states_a_number(q, catalog), q.describe()
    q = understand("How many in the law firms column did Shuyang County have in 2025?", catalog)
    assert not _states_a_number(q, catalog), q.describe()
    # with the row named, or requests said to be made, the column is that row's
    q = understand("淮安市24年 company 申请了多少件，就是商业企业那一栏", catalog)
    assert q.metric == Metric(3, row="new") and q.applicant == "commercial" and _states_a_number(q, catalog), q.describe()
    q = understand("2019年上海市府办新收的申请里，法人或其他组织下的“其他”一栏填的是几件？", catalog)
    assert q.metric == Metric(3, row="new") and q.applicant == "other_org" and _states_a_number(q, catalog), q.describe()


def test_administrative_enforcement_alone_is_not_the_compulsory_measures_row(catalog):
    # 行政执法 in English; 行政强制 is "compulsory measures" (seizures): the alias sent generated narrative
    # questions about law enforcement to 表二
    q = understand("How many administrative enforcement matters did Pingtan publish in 2021?", catalog)
    assert not (q.metric is not None and q.metric.table == 2 and _states_a_number(q, catalog)), q.describe()
    q = understand("How many seizures and other compulsory measures did Hongze District decide in 2023?", catalog)
    assert q.metric is not None and q.metric.row == "enforcement", q.describe()


@pytest.mark.parametrize("question", ["Compare Pingtan 2021 with Huai'an 2024 on partially disclosed requests.",
                                      "平潭2021年和淮安2024年部分公开的加起来是多少"])
def test_a_bare_place_with_a_department_stored_for_its_own_year_is_asked_back_beside_another_agency(catalog, question):
    # the zone and its police bureau both have 2021; Huai'an's year (2024) is not Pingtan's
    q = understand(question, catalog)
    assert not _states_a_number(q, catalog), q.describe()
    gap = find_gap(q, catalog)
    assert gap is not None and len(gap.readings) == 2
    assert "平潭综合实验区公安局" in gap.readings[1] and "淮安市人民政府" in gap.readings[1] and "2021" in gap.readings[1]
    # read whole, the zone is what is compared
    assert understand(question.replace("Pingtan", "the Pingtan zone").replace("平潭", "平潭实验区"), catalog).grounded


def test_a_span_of_years_in_chinese_digits_is_every_year_between():
    q = understand("平潭每年新来的信息公开申请 一九年到二二年是怎么变的", Catalog(STORED))
    assert q.years == (2019, 2020, 2021, 2022) and q.operation == "trend" and q.metric == Metric(3, row="new")
    assert understand("平潭二零年至二二年新收申请加起来多少", Catalog(STORED)).years == (2020, 2021, 2022)


def test_a_list_that_grew_or_shrank_asks_for_its_printed_change():
    q = understand("For the Pingtan zone in 2020, by how much did the list of administrative penalty items grow or "
                   "shrink during the year?", Catalog(STORED))
    assert q.metric == Metric(2, row="penalty", column="change") and q.grounded, q.describe()


def test_requests_disclosed_are_never_the_requests_received(catalog):
    # the new requests' label ("information-disclosure requests") holds the verb: it explained it
    for question in ("How many requests did Pingtan disclose in 2022?", "How many Shanghai 2025 requests were disclosed?"):
        q = understand(question, catalog)
        assert not (q.metric == Metric(3, row="new") and _states_a_number(q, catalog)), q.describe()
    q = understand("How many Shanghai 2025 requests were released in full or in part?", catalog)
    assert q.metric == Metric(3, parts=("granted", "partial")) and q.grounded, q.describe()
    q = understand("Of everything Shanghai's general office finished handling in 2025, what proportion ended with "
                   "information actually being released, whether in full or in part?", catalog)
    assert q.metric == Metric(3, derived="disclosure_rate_incl_partial") and q.grounded, q.describe()


def test_the_2019_formats_change_column_named_alone_is_no_change_from_the_year_before(catalog):
    # "本年增减" with no row: asked back with the rows (it was refused for want of the 2019 report)
    q = understand("桦川县2020年表二本年增减填的多少？", catalog)
    assert 2019 not in q.years and not _states_a_number(q, catalog), q.describe()
    gap = find_gap(q, catalog)
    assert gap is not None and any("本年增/减" in r for r in gap.readings)
    # two columns of one row added: never the first alone
    q = understand("桦川县2020年行政许可上一年项目数量加本年增减是多少", catalog)
    assert not _states_a_number(q, catalog), q.describe()
    q = understand("平潭综合实验区2020年行政处罚事项本年增减了多少？", catalog)
    assert q.metric == Metric(2, row="penalty", column="change") and q.grounded


def test_not_given_out_with_no_reason_is_asked_back_with_each_way_of_giving_nothing(catalog):
    q = understand("平潭2020年没给公开的有几个", catalog)
    assert not _states_a_number(q, catalog), q.describe()
    gap = find_gap(q, catalog)
    assert gap is not None and len(gap.readings) == 3 and "不予公开" in gap.readings[0]
    # a reason named says which row
    q = understand("淮安市2024年因为别的法律法规禁止、所以没给公开的有几件", catalog)
    assert q.metric == Metric(3, row="denied.2") and q.grounded, q.describe()


def test_a_follow_up_on_a_bare_place_moves_to_the_year_only_one_of_its_agencies_has():
    # "不经过复议" is the direct suit: with it understood, "二二年呢" carries the cell to the zone, the one Pingtan
    # agency with a 2022 report
    first = understand("平潭二一年不经过复议直接告到法院的有多少件", Catalog(STORED))
    assert first.metric == Metric(4, row="cases", column="suit_direct.total") and not first.unaccounted
    q = understand("二二年呢", Catalog(STORED), first)
    assert q.agencies == ("平潭综合实验区",) and q.years == (2022,) and q.metric == first.metric and q.grounded
    first = understand("平潭2021年答复说本机关没有这个信息的有多少件", Catalog(STORED))
    q = understand("到二二年涨了多少", Catalog(STORED), first)
    assert q.agencies == ("平潭综合实验区",) and q.operation == "change" and q.grounded, q.describe()


def test_a_ranking_asked_as_who_comes_first(catalog):
    q = understand("洪泽区2023、淮安市2024、沭阳县2025这三份年报，行政处罚处理决定数量排个名，谁第一？", catalog)
    assert q.operation == "rank" and len(q.agency_years) == 3 and q.grounded, q.describe()


@pytest.mark.parametrize("question, metric", [
    ("Were any requests to Shuyang County in 2025 refused to protect someone else's privacy? How many?",
     Metric(3, row="denied.4")),
    ("How many requests did Huai'an finish dealing with in 2024?", Metric(3, row="processed_total")),
    ("Did anyone appeal Huachuan County's decisions in 2020? How many administrative reviews were there?",
     Metric(4, row="cases", column="review.total")),
    ("How many Shanghai general office requests were still waiting at the end of 2025?", Metric(3, row="carried_out")),
    ("How many times did Huai'an city say it didn't have the info in 2024?", Metric(3, row="unable.1")),
    ("How many lawsuits against Huai'an city in 2024 skipped reconsideration?",
     Metric(4, row="cases", column="suit_direct.total")),
])
def test_everyday_english_names_the_cell(catalog, question, metric):
    q = understand(question, catalog)
    assert q.metric == metric and q.grounded, q.describe()


def test_grammar_beside_a_place_syllable_is_no_misheard_place(catalog):
    # 工作上还有: 上还 sounds like 上海, but 还 is grammar
    q = understand("平潭综合实验区2022年的报告里，承认工作上还有哪些问题？", catalog)
    assert q.agencies == ("平潭综合实验区",) and not q.unresolved, q.describe()
    assert understand("平谭2022年新收申请多少", catalog).agencies == ("平潭综合实验区",)


@pytest.mark.parametrize("question", ["这几个单位里谁被起诉得最多", "各单位的行政诉讼数量排个序", "哪个地方的信息公开申请最多",
                                      "库里哪份年报的予以公开数量最高？", "几家单位新收申请数量从高到低排一下"])
def test_a_ranking_over_every_agency_with_no_year_ranks_every_stored_report(catalog, question):
    q = understand(question, catalog)
    assert q.operation == "rank" and "all_reports" in q.flags and q.grounded, q.describe()


def test_reconsiderations_and_lawsuits_together_are_every_case_of_table_4_unless_asked_each(catalog):
    q = understand("沭阳县2025年涉及信息公开的复议和诉讼案件，合计多少件？", catalog)
    assert q.metric == Metric(4, derived="review_and_litigation") and q.grounded, q.describe()
    assert q.cells("2021") == tuple(CellKey(4, "cases", c) for c in ("review.total", "suit_direct.total", "suit_after.total"))
    for question in ("沭阳县2025年复议和诉讼各多少件",
                     "How many reconsideration and litigation cases did Shuyang County have in 2025, respectively?"):
        assert not _states_a_number(understand(question, catalog), catalog), question


def test_all_the_reports_of_one_agency_are_its_stored_years(catalog):
    q = understand("Across all the Pingtan reports, how many requests were fully disclosed in total?", catalog)
    assert q.operation == "sum" and q.years == (2019, 2020, 2021, 2022) and q.grounded, q.describe()
    q = understand("Compare new requests in the two Shanghai reports", catalog)
    assert q.years == (2019, 2025) and q.operation in ("compare", "change") and q.grounded, q.describe()


def test_two_table2_rows_of_one_report_compared_in_the_same_column(catalog):
    q = understand("沭阳县政府25年的行政处罚决定和行政许可决定，哪个更多？", catalog)
    assert q.operation == "compare" and q.years == (2025,) and q.grounded, q.describe()
    assert q.compared == (Metric(2, row="penalty", column="decisions"), Metric(2, row="licensing", column="decisions"))


@pytest.mark.parametrize("question", ["洪泽区2023年表四是不是填错了", "洪泽区23年复议那栏 维持10件纠正1件 总计咋是0 表是不是填错了"])
def test_asking_whether_a_table_was_filled_in_wrong_is_a_check(catalog, question):
    q = understand(question, catalog)
    assert q.route == "check" and q.agencies == ("洪泽区人民政府",) and q.years == (2023,), q.describe()


@pytest.mark.parametrize("question", ["沭阳县2025年除了自然人以外的申请人提了多少", "平潭实验区2021年不是个人 是单位组织来申请的 加起来几件"])
def test_everyone_but_individuals_is_the_organisations(catalog, question):
    q = understand(question, catalog)
    assert q.applicant == "legal_persons" and q.metric == Metric(3, row="new") and q.grounded, q.describe()


def test_the_two_blocks_of_table4_compared_in_one_report(catalog):
    q = understand("Within the Pingtan Comprehensive Experimental Zone's 2021 report, were there more reconsideration cases "
                   "or more lawsuits filed directly in court?", catalog)
    assert q.operation == "compare" and q.grounded, q.describe()
    assert q.compared == (Metric(4, row="cases", column="review.total"), Metric(4, row="cases", column="suit_direct.total"))


def test_more_than_another_agency_compares_the_two(catalog):
    q = understand("Did Huai'an city get more new requests in 2024 than Hongze in 2023?", catalog)
    assert q.operation == "compare" and set(q.agency_years) == {("淮安市人民政府", 2024), ("洪泽区人民政府", 2023)}
    assert q.grounded, q.describe()


@pytest.mark.parametrize("question", [
    "In 2024, how many requests did Huai'an city stop handling because the applicant failed to pay the fee by the deadline?",
    "Shuyang county's 2025 report talks about processing fees. How many requests were closed because the applicant "
    "didn't pay within the deadline?"])
def test_a_fee_not_paid_by_the_deadline(catalog, question):
    q = understand(question, catalog)
    assert q.metric == Metric(3, row="other.2") and q.grounded, q.describe()


@pytest.mark.parametrize("question, metric", [
    ("淮安市2024年全部公开加上部分公开 一共给公开了多少件", Metric(3, parts=("granted", "partial"))),
    ("平潭2022年废掉了多少个规范性文件", Metric(2, row="normative", column="repealed")),
])
def test_a_citizens_words_name_the_cell(catalog, question, metric):
    q = understand(question, catalog)
    assert q.metric == metric and q.grounded, q.describe()


@pytest.mark.parametrize("question, metric", [
    ("In 2025 how many requests to Shuyang County got binned because they were really complaints or petitions?",
     Metric(3, row="notproc.1")),
    ("How many requests to Hongze in 2023 couldn't be met because they'd have had to create brand new information?",
     Metric(3, row="unable.2")),
    ("How many government procurement projects did Pingtan run in 2020?", Metric(2, row="procurement", column="projects")),
    ("Shanghai general office 2025: how many requests ended up as 'can't provide', whatever the reason?",
     Metric(3, derived="unable")),
])
def test_plain_english_names_the_cell(catalog, question, metric):
    q = understand(question, catalog)
    assert q.metric == metric and not q.unaccounted, q.describe()
    # an end-of-request verb is no cell of its own: beside the new requests it stays unexplained
    assert not understand("How many requests did Shuyang County bin in 2025?", catalog).grounded


@pytest.mark.parametrize("question", [
    "Which years do you hold for the Pingtan Comprehensive Experimental Zone, and could you give me a short overview of "
    "its disclosure figures across them?",
    "你这边存了平潭综合实验区哪几年的年报？简单概括一下"])
def test_an_overview_with_no_year_is_of_every_stored_year(catalog, question):
    q = understand(question, catalog)
    assert q.route == "overview" and q.years in ((), (2019, 2020, 2021, 2022)) and "default_year" not in q.flags, q.describe()


def test_whether_there_was_a_reconsideration_is_no_suit_without_one(catalog):
    # "有没有复议…": "没有复议" inside "有没有" is no "without reconsideration"
    q = understand("淮安市2024年有没有复议还没结的？几件", catalog)
    assert q.metric == Metric(4, row="cases", column="review.pending"), q.describe()


@pytest.mark.parametrize("question, metric", [
    ("沭阳县政府2025年报里，有人拿信访投诉当信息公开申请递上去、最后不予处理的，一共几件", Metric(3, row="notproc.1")),
    ("淮安市2024年有几件申请是因为申请人没按收费通知交钱，后来就不再处理了？", Metric(3, row="other.2")),
    ("淮安市政府2024年无法提供的合计是多少，不掌握、要另行制作、补正后还不明确三种都算上", Metric(3, derived="unable")),
    ("For the Shuyang county government in 2025, how many requests were on its plate altogether: the new ones plus "
     "those carried over from the year before?", Metric(3, derived="caseload")),
])
def test_parts_listed_counted_or_joined_and_the_verbs_of_handing_in(catalog, question, metric):
    q = understand(question, catalog)
    assert q.metric == metric and q.grounded, q.describe()


def test_how_much_a_figure_went_up_is_a_change():
    catalog = Catalog(STORED)
    first = understand("How many new requests did the Pingtan Comprehensive Experimental Zone receive in 2020?", catalog)
    q = understand("And how much did that go up by in 2021?", catalog, first)
    assert q.operation == "change" and q.years == (2020, 2021) and q.grounded, q.describe()


@pytest.mark.parametrize("question, metric", [
    ("For the Huai'an city government, I'd like to confirm the number of new requests that natural persons filed with "
     "it in 2024.", Metric(3, row="new")),
    ("At the close of 2019, how many reconsideration cases against the Shanghai General Office were still awaiting a "
     "decision?", Metric(4, row="cases", column="review.pending")),
    ("How many of the new requests that the Shanghai General Office received in 2019 came from natural persons, as "
     "opposed to legal persons or other organisations?", Metric(3, row="new")),
    ("What number of administrative licensing decisions did the Shuyang County government disclose for 2025 under "
     "Article 20(5)?", Metric(2, row="licensing", column="decisions")),
])
def test_a_researchers_framing_words(catalog, question, metric):
    q = understand(question, catalog)
    assert q.metric == metric and q.grounded, q.describe()


def test_confirm_is_no_name_of_the_confirm_or_reissue_row(catalog):
    # "I'd like to confirm …" stated （五）5 for the new requests asked (a wrong number)
    q = understand("For the Huai'an city government, could you confirm how many new requests came from individuals "
                   "in 2024?", catalog)
    assert q.metric != Metric(3, row="notproc.5"), q.describe()


@pytest.mark.parametrize("question, metric", [
    ("平潭综合实验区2022年表三予以公开和部分公开两项合计（总计列）是多少？", Metric(3, parts=("granted", "partial"))),
    ("淮安市人民政府2024年表三（四）无法提供三项合计是多少？", Metric(3, derived="unable")),
    ("请提供上海市府办2025年表三“二、上年结转”中法律服务机构列的数字。", Metric(3, row="carried_in")),
    ("淮安2024年先复议再去法院告的，法院判纠正了几件", Metric(4, row="cases", column="suit_after.corrected")),
    ("淮安市2024年表三（六）其他处理之1，申请人逾期不补正、不再处理的，总计列数值？", Metric(3, row="other.1")),
])
def test_a_clerks_request_for_one_cell(catalog, question, metric):
    q = understand(question, catalog)
    assert q.metric == metric and q.grounded, q.describe()


@pytest.mark.parametrize("question", ["2025年上海市府办的申请总数是多少？", "平潭2022年申请一共多少件"])
def test_the_requests_total_unnamed_is_asked_back_with_its_readings(catalog, question):
    q = understand(question, catalog)
    assert not _states_a_number(q, catalog), q.describe()


def test_a_format_named_beside_a_year_takes_in_no_years(catalog):
    q = understand("Pingtan's 2020 report still uses the single-row 'other dispositions' category of the 2019 format; "
                   "how many requests did the zone place in that row?", catalog)
    assert q.years == (2020,) and q.metric == Metric(3, row="other") and q.grounded, q.describe()
    assert understand("How many new requests are there in the 2021-format reports of Pingtan?", catalog).years == (2021, 2022)


@pytest.mark.parametrize("question", ["Huai'an 2024: how many administrative confirmation (行政确认) decisions were published?",
                                      "淮安市2024年行政确认决定有多少"])
def test_acts_table2_has_no_row_for_are_refused(catalog, question):
    q = understand(question, catalog)
    assert any(u.kind == "metric" for u in q.unresolved) and not _states_a_number(q, catalog), q.describe()


def test_companies_included_is_no_companies_column(catalog):
    q = understand("Pingtan 2022: how many requests were closed because the applicant failed to supplement in time? "
                   "Companies included.", catalog)
    assert not (q.applicant == "commercial" and _states_a_number(q, catalog)), q.describe()


def test_a_courtesy_names_no_cell(catalog):
    # "… is fine": no fines imposed (it was read as 行政处罚)
    q = understand("What share of the new requests received by the Huai'an municipal government in 2024 was submitted "
                   "by natural persons? A percentage is fine.", catalog)
    assert q.metric is not None and q.metric.table == 3 and q.applicant == "natural" and q.grounded, q.describe()
    assert q.question.endswith("A percentage is fine.")


def test_which_had_more_of_two_agencies_with_their_totals_is_no_sum(catalog):
    q = understand("Which faced more reconsideration cases over disclosure: the Huai'an municipal government in 2024 or "
                   "Shuyang County's government in 2025? I'd also like the two totals.", catalog)
    assert q.operation in ("rank", "compare") and q.grounded, q.describe()


@pytest.mark.parametrize("question, applicant", [
    ("淮安市24年新收的申请里，法人或其他组织一共多少件？企业、科研、公益、律所、其他全算上", "legal_persons"),
    ("上海市府办2019年单位来申请的新件一共几件，就是除了个人以外的那些", "legal_persons"),
    ("淮安市2024年法人那几栏呢，商业企业的有几件", "commercial"),
])
def test_the_organisations_named_with_their_columns_listed(catalog, question, applicant):
    q = understand(question, catalog)
    assert q.metric == Metric(3, row="new") and q.applicant == applicant and not q.unaccounted, q.describe()


def test_one_cell_more_than_another_said_the_chinese_way(catalog):
    q = understand("上海市府办2025年因为本机关不掌握给不了的，比予以公开的还多吗", catalog)
    assert q.operation == "compare" and q.compared == (Metric(3, row="unable.1"), Metric(3, row="granted")), q.describe()
    assert understand("洪泽2023年报里复议诉讼那张表，数字有没有毛病", catalog).route == "check"


def test_which_of_its_two_years_compares_the_two_stored(catalog):
    q = understand("上海市府办两年哪年新收的多", catalog)
    assert q.years == (2019, 2025) and q.operation in ("compare", "change", "rank") and q.grounded, q.describe()


def test_a_series_asked_with_a_verb_of_moving(catalog):
    q = understand("Show me how the number of new requests to the Pingtan zone moved year by year from 2019 through 2022.",
                   catalog)
    assert q.operation == "trend" and q.years == (2019, 2020, 2021, 2022) and q.grounded, q.describe()
    # with one year it stays open ("moved to the next year" is no series)
    assert not understand("How many requests did the Pingtan zone move in 2022?", catalog).grounded


def test_a_figure_to_check_is_that_figure_even_when_its_cue_is_in_the_cells_phrase(catalog):
    q = understand("Partial disclosure tends to be under-reported, so I want to check this one carefully: how many "
                   "requests did the Shuyang County People's Government grant only in part during 2025?", catalog)
    assert q.route == "figures" and q.metric == Metric(3, row="partial") and q.grounded, q.describe()
    assert understand("Is Pingtan's 2020 table consistent?", catalog).route == "check"


@pytest.mark.parametrize("question, metric", [
    ("平谭19年新交上去的公开申请几件", Metric(3, row="new")),
    ("洪泽区23年 部分给部分不给的申请几个", Metric(3, row="partial")),
    ("淮安市二零二四年 因为牵扯到别人隐私或者商业秘密没公开的有多少", Metric(3, row="denied.4")),
    ("平潭19年 让补正了还是说不清要啥的申请 几件", Metric(3, row="unable.3")),
    ("淮安市24年 同一件事又来申请一遍 算重复申请的几件", Metric(3, row="notproc.2")),
    ("淮安市2024年 叫补正过了期限也没补正就不再处理的 多少件", Metric(3, row="other.1")),
    ("沭阳县二零二五年 复议下来维持原来决定的几件", Metric(4, row="cases", column="review.upheld")),
])
def test_a_citizen_on_a_phone_names_the_cell(catalog, question, metric):
    q = understand(question, catalog)
    assert q.metric == metric and q.grounded, q.describe()


def test_a_backlog_with_no_end_of_the_year_is_asked_back(catalog):
    # carried in at the start or carried out at the end? (it was read as 结转下年度)
    q = understand("What was the Huai'an city government's backlog in 2024?", catalog)
    assert not _states_a_number(q, catalog), q.describe()
    q = understand("What was the Huai'an city government's year-end backlog in 2024?", catalog)
    assert q.metric == Metric(3, row="carried_out") and q.grounded


@pytest.mark.parametrize("question, metric", [
    ("How many court cases did Huai'an's city government face in 2024 overall — suits filed directly plus those "
     "brought after a review?", Metric(4, derived="litigation_total")),
    ("Pingtan zone, 2019 — requests turned away because they were still too vague even after the applicant had been "
     "asked to clarify them. What's the count?", Metric(3, row="unable.3")),
    ("Shuyang's Development and Reform Bureau, 2023: was any reconsideration still undecided when the year closed?",
     Metric(4, row="cases", column="review.pending")),
])
def test_a_data_journalists_words(question, metric):
    q = understand(question, Catalog([*STORED, ("沭阳县发展和改革局", 2023)]))
    assert q.metric == metric and q.grounded, q.describe()


@pytest.mark.parametrize("question, route", [
    ("In Huai'an city's 2024 report, do the reconsideration and lawsuit totals match the figures they're made of?", "check"),
    ("洪泽2023年报里复议诉讼那张表，数字有没有毛病", "check"),
    ("桦川县2020年的年报里说政务公开还有啥毛病", "narrative"),
])
def test_whether_figures_add_up_or_what_went_wrong(catalog, question, route):
    assert understand(question, catalog).route == route


@pytest.mark.parametrize("question, metric", [
    ("平潭2022年不予公开的，不管是哪条理由，加起来一共几件？", Metric(3, derived="denied")),
    ("In 2024, how many applications to Huai'an city ended with at least some of the information released — full "
     "release or partial release combined?", Metric(3, parts=("granted", "partial"))),
    ("What was the total caseload the Shanghai General Office had to work through in 2025, counting both fresh "
     "applications and the ones left over from 2024?", Metric(3, derived="caseload")),
])
def test_a_total_described_by_what_it_adds(catalog, question, metric):
    q = understand(question, catalog)
    assert q.metric == metric and q.operation == "value" and q.grounded, q.describe()


def test_a_governments_new_requests_are_no_government_news(catalog):
    # "government's new request count": "government news" (政务动态) stemmed onto "government's new"
    q = understand("In 2021, how did the Pingtan zone government's new request count compare with that of the Pingtan "
                   "Public Security Bureau?", catalog)
    assert q.metric == Metric(3, row="new") and q.operation == "compare" and q.grounded, q.describe()


@pytest.mark.parametrize("question", ["In Shanghai's 2025 report, what does the 'other' figure come to?",
                                      "平潭2022年“其他”那个有几件？"])
def test_the_other_figure_is_asked_back_with_each_cell_called_other(catalog, question):
    q = understand(question, catalog)
    gap = find_gap(q, catalog)
    assert gap is not None and not gap.refuse and len(gap.readings) == 3, q.describe()
    assert any("3.其他" in r for r in gap.readings) and any("其他处理（合计）" in r for r in gap.readings)


def test_a_total_beside_a_bracketed_list_of_some_of_its_parts_is_not_their_total(catalog):
    # the brackets spell out the lawsuits only; the total named is the reconsiderations' and both lawsuits'
    q = understand("平潭综合实验区2022年行政复议和行政诉讼（直接起诉、复议后起诉）合在一起多少件", catalog)
    assert not _states_a_number(q, catalog) or q.metric == Metric(4, derived="review_and_litigation"), q.describe()
    q = understand("平潭综合实验区2022年行政诉讼（直接起诉加复议后起诉）一共多少件", catalog)
    assert q.metric == Metric(4, derived="litigation_total") and q.grounded, q.describe()


def test_a_count_of_items_is_never_read_from_a_row_that_records_only_money(catalog):
    q = understand("淮安市2024年行政事业性收费有多少项", catalog)  # the 2021 format: the fee row's amount only
    assert not _states_a_number(q, catalog) and any(u.kind == "metric" for u in q.unresolved), q.describe()
    q = understand("桦川县2020年政府集中采购多少个项目", catalog)  # the 2019 format counts the projects
    assert q.metric == Metric(2, row="procurement", column="projects") and q.grounded, q.describe()


def test_the_organisations_header_written_with_a_slash_is_all_five_columns(catalog):
    q = understand("How many 2024 requests to Huai'an city came under legal person / other organisation?", catalog)
    assert q.applicant == "legal_persons" and q.metric == Metric(3, row="new"), q.describe()


def test_the_label_total_quoted_alone_is_asked_back(catalog):
    # “总计” of the requests table: the column of the requests received, or the row （七）总计
    q = understand("上海市府办2019年依申请公开情况表中“总计”是多少件", catalog)
    gap = find_gap(q, catalog)
    assert gap is not None and not gap.refuse and any("（七）总计" in r for r in gap.readings), q.describe()
    q = understand("上海市府办2019年依申请公开总计多少件", catalog)  # unquoted: the requests received in all
    assert q.metric == Metric(3, row="new") and q.grounded, q.describe()


def test_two_agencies_compared_ask_which_is_more_or_less(catalog):
    q = understand("2025年上海市府办和沭阳县政府，哪边新收申请少一些？", catalog)
    assert q.operation in ("compare", "change") and "which_less" in q.flags, q.describe()
    # (asked as a ranking of the two: the fewest named first when fewer is asked)
    q = understand("Who got fewer new requests in 2025, Shanghai's general office or Shuyang county?", catalog)
    assert q.operation == "rank" and "rank_least" in q.flags, q.describe()
    q = understand("Who got more new requests in 2025, Shanghai's general office or Shuyang county?", catalog)
    assert q.operation == "rank" and "rank_least" not in q.flags, q.describe()


def test_a_pattern_of_choices_writes_each_phrase_once():
    from index.reportformat import expand_pattern

    assert expand_pattern("复议[以后|之后][又|][起诉|告了]") == (
        "复议以后又起诉", "复议以后又告了", "复议以后起诉", "复议以后告了",
        "复议之后又起诉", "复议之后又告了", "复议之后起诉", "复议之后告了")
    assert expand_pattern("结转下年度") == ("结转下年度",)


@pytest.mark.parametrize("question, metric", [
    ("淮安市2024年复议完之后又去法院起诉的官司有几件", Metric(4, row="cases", column="suit_after.total")),
    ("淮安市2024年没走复议直接去法院起诉的有几件", Metric(4, row="cases", column="suit_direct.total")),
    ("淮安市2024年留到下年度的申请有多少", Metric(3, row="carried_out")),
    ("淮安市2024年上一年度转过来的申请有多少", Metric(3, row="carried_in")),
])
def test_spoken_phrasings_written_as_patterns(catalog, question, metric):
    q = understand(question, catalog)
    assert q.metric == metric and q.grounded, q.describe()


def test_individuals_set_aside_beside_the_organisations(catalog):
    q = understand("淮安市2024年新收申请中，单位和组织提的有多少，不算个人的", catalog)
    assert q.applicant == "legal_persons" and q.grounded, q.describe()
    # organisation columns set aside inside the organisations' sum: not that sum (asked back)
    q = understand("Huai'an city 2024: how many new requests came from organisations other than businesses "
                   "and law firms, not counting those two?", catalog)
    assert not (_states_a_number(q, catalog) and q.applicant == "legal_persons"), q.describe()
    q = understand("Huai'an city 2024: new requests from organisations that are neither companies nor law firms?",
                   catalog)
    assert not (_states_a_number(q, catalog) and q.applicant == "legal_persons"), q.describe()


def test_pending_beside_a_carry_over_restates_it(catalog):
    q = understand("How many of Huai'an city's requests were still pending at the end of 2024 and carried over into "
                   "2025?", catalog)
    assert q.metric == Metric(3, row="carried_out") and q.grounded, q.describe()
    q = understand("How many requests were pending at Huai'an city in 2024?", catalog)  # pending alone: which?
    assert not _states_a_number(q, catalog), q.describe()


def test_minus_between_two_years_is_their_change(catalog):
    q = understand("Pingtan zone new requests, 2022 minus 2021?", catalog)
    assert q.operation == "change" and q.years == (2021, 2022) and q.grounded, q.describe()


def test_a_count_asked_of_the_procurement_row_is_its_projects_never_its_amount(catalog):
    # the 2019 format's procurement row: the amount is its principal measure, and it counts projects too
    q = understand("Huachuan County 2020: how many centralised procurement projects were there?", catalog)
    assert q.metric == Metric(2, row="procurement", column="projects") and q.grounded, q.describe()
    q = understand("How much did Huachuan County spend on centralised procurement in 2020?", catalog)
    assert q.metric == Metric(2, row="procurement", column="amount") and q.grounded, q.describe()


def test_other_beside_a_table4_blocks_total_is_never_the_total(catalog):
    q = understand("Shanghai general office 2025: suits filed after reconsideration whose result was 'other'?", catalog)
    assert not (_states_a_number(q, catalog) and q.metric == Metric(4, row="cases", column="suit_after.total")), \
        q.describe()


def test_net_increase_between_two_years_is_their_change(catalog):
    q = understand("平潭综合实验区表二行政规范性文件现行有效件数，2021年到2022年净增了多少？", catalog)
    assert q.operation == "change" and q.metric == Metric(2, row="normative", column="in_force") and q.grounded, \
        q.describe()


@pytest.mark.parametrize("question, metric, applicant", [
    ("淮安市2024年以保护第三方合法权益（比如涉及别人的家庭住址）为由不予公开的有几件", Metric(3, row="denied.4"), "total"),
    ("洪泽区2023年，高校、研究院这样的科研机构新提了几件申请", Metric(3, row="new"), "research"),
])
def test_plain_words_of_an_example_restate_the_cell(catalog, question, metric, applicant):
    q = understand(question, catalog)
    assert q.metric == metric and q.applicant == applicant and q.grounded, q.describe()


def test_an_example_never_is_the_cell_asked(catalog):
    # the examples name two rows of the group asked: neither of them is the answer
    q = understand("Huai'an city 2024: how many requests did it decline to handle at all (petitions, repeat "
                   "requests, that sort of thing)?", catalog)
    assert not (_states_a_number(q, catalog) and q.metric in (Metric(3, row="notproc.1"), Metric(3, row="notproc.2"))), \
        q.describe()
    # with nothing marking where the examples begin, no word is taken as one
    q = understand("How many email requests from law firms and the like did Huai'an city get in 2024?", catalog)
    assert not _states_a_number(q, catalog), q.describe()


def test_the_count_of_an_agencys_stored_years_is_every_one_of_them(catalog):
    q = understand("平潭综合实验区四年新收的申请加起来一共多少件？", catalog)
    assert q.years == (2019, 2020, 2021, 2022) and q.operation == "sum" and q.grounded, q.describe()


def test_which_year_with_no_agency_is_asked_back_per_agency_with_several_years(catalog):
    q = understand("哪一年新收的申请最多？", catalog)
    gap = find_gap(q, catalog)
    assert gap is not None and not gap.refuse and len(gap.readings) == 2, q.describe()
    assert all("哪一年" in r for r in gap.readings) and any("平潭综合实验区2019—2022年" in r for r in gap.readings)
    # each reading, asked, is a ranking of that agency's years
    q = understand(next(r for r in gap.readings if "平潭" in r), catalog)
    assert q.operation == "rank" and q.years == (2019, 2020, 2021, 2022) and q.grounded, q.describe()


def test_the_number_of_stored_reports_counts_the_set_asked(catalog):
    # the catalog of these tests holds 11 reports of 8 agencies
    q = understand("全部11份年报放一起比，哪家单位哪一年新收的信息公开申请最多？", catalog)
    assert q.operation == "rank" and q.grounded, q.describe()
    q = understand("全部13份年报放一起比，哪家单位哪一年新收的信息公开申请最多？", catalog)
    assert not q.grounded, q.describe()


@pytest.mark.parametrize("question", [
    "淮安市2024年表三第五大项（不予处理）合计多少件？",
    "淮安市2024年新收申请里，法人或其他组织五类合起来是多少件？",
    "淮安市2024年新收申请中，商业企业和法律服务机构两类申请人合计多少件？",
    "淮安市2024年行政诉讼结果维持的，直接起诉和复议后起诉两块一共几件？",
])
def test_a_count_of_the_parts_added_is_accounted_for(catalog, question):
    q = understand(question, catalog)
    assert q.grounded and _states_a_number(q, catalog), q.describe()


def test_a_count_that_is_not_the_parts_added_is_left_over(catalog):
    q = understand("淮安市2024年新收申请里，法人或其他组织三类合起来是多少件？", catalog)
    assert not _states_a_number(q, catalog), q.describe()


def test_a_yes_or_no_more_than_an_earlier_year_is_the_change(catalog):
    q = understand("Did businesses file more requests with Shanghai's general office in 2025 than they did in 2019?",
                   catalog)
    assert q.operation == "change" and q.years == (2019, 2025) and q.applicant == "commercial" and q.grounded, \
        q.describe()


@pytest.mark.parametrize("question, metric", [
    ("平潭综合实验区2020年补正之后还是不明确、没法提供的申请有几件", Metric(3, row="unable.3")),
    ("淮安市2024年新收的申请再加上上年结转的，一共要办多少件", Metric(3, derived="caseload")),
])
def test_more_spoken_phrasings(catalog, question, metric):
    q = understand(question, catalog)
    assert q.metric == metric and q.grounded, q.describe()


def test_a_cells_chinese_term_in_pinyin_names_it():
    # a researcher's bracketed term, spaced any way, read from the characters' usual readings
    from assistant.understand import Catalog, Metric, understand

    catalog = Catalog([("平潭综合实验区", 2022), ("洪泽区人民政府", 2023)])
    q = understand("Number of licensing decisions (xingzheng xuke) Pingtan published for 2022?", catalog)
    assert q.metric == Metric(2, row="licensing", column="decisions") and q.grounded, q.describe()
    q = understand("How many requests did Hongze District withhold in 2023 as process information (guochengxing xinxi)?",
                   catalog)
    assert q.metric == Metric(3, row="denied.6") and q.grounded, q.describe()
    # pinyin of no cell's term stays unaccounted: no number
    q = understand("How many requests did Hongze District withhold in 2023 (zhengfu wangzhan)?", catalog)
    assert not q.grounded or q.unaccounted, q.describe()


def test_an_organs_short_name_inside_a_row_word_names_no_agency():
    # "对外办事服务" (其他对外管理服务事项) holds 外办, the foreign-affairs office's short name: it was refused for an
    # agency it never named; 外办 written on its own still names that office
    from assistant.understand import Catalog, Metric, understand

    catalog = Catalog([("平潭综合实验区", 2020)])
    q = understand("平潭2020年对外办事服务上一年项目数", catalog)
    assert q.metric == Metric(2, row="other_services", column="items_last_year") and q.grounded, q.describe()
    q = understand("平潭外办2020年新收多少申请", catalog)
    assert not q.grounded and q.unresolved, q.describe()
