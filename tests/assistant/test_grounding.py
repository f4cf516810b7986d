"""The law of GovQA at the understanding stage: every part of a figure question is grounded.

Questions here are written for these tests; agencies are named as real reports print them."""

from __future__ import annotations

import pytest

from assistant.clarify import find_gap
from assistant.understand import Catalog, Metric, Query, understand
from index import reportformat as rf
from index.types import CellKey

STORED = [("桦川县人民政府", 2020), ("淮安市洪泽区人民政府", 2024), ("洪泽区人民政府", 2023),
          ("平潭综合实验区", 2020), ("平潭综合实验区", 2021), ("平潭综合实验区公安局", 2021),
          ("沐阳县人民政府", 2025), ("上海市人民政府办公厅", 2019), ("上海市人民政府办公厅", 2025)]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(STORED)


def _states_a_number(q: Query, catalog: Catalog) -> bool:
    return q.route in ("figures", "both") and q.metric is not None and not q.unresolved \
        and find_gap(q, catalog) is None


@pytest.mark.parametrize("question, unknown", [
    ("国家税务总局2021年收到多少申请", "国家税务总局"),
    ("How many requests did the Ministry of Education get in 2021?", "Ministry of Education"),
    ("平潭教育局2021年予以公开多少件", "平潭教育局"),
    ("How many requests did Pingtan's Finance Bureau receive in 2021?", "Pingtan's Finance Bureau"),
    ("哈尔滨市公安局2020年收到多少件申请", "哈尔滨市公安局"),
])
def test_an_agency_not_stored_is_named_and_never_answered_with_another(catalog, question, unknown):
    q = understand(question, catalog)
    assert [u.mention for u in q.unresolved if u.kind == "agency"] == [unknown]
    assert not q.agencies and not _states_a_number(q, catalog)


def test_a_department_is_its_own_agency_never_its_region(catalog):
    for question in ("平潭公安局2021年收到多少申请", "Pingtan Public Security Bureau 2021 new requests"):
        assert understand(question, catalog).agencies == ("平潭综合实验区公安局",)
    assert understand("平潭综合实验区2021年收到多少申请", catalog).agencies == ("平潭综合实验区",)
    assert understand("平潭2022年收到多少申请", catalog).agencies == ("平潭综合实验区",)  # no department report


def test_a_bare_place_with_a_department_report_of_that_year_is_asked_back(catalog):
    # 平潭 names the place; in 2021 the store holds the zone's report and its 公安局's: either may be meant
    q = understand("平潭2021年收到多少申请", catalog)
    assert q.agencies == ("平潭综合实验区", "平潭综合实验区公安局") and not _states_a_number(q, catalog)
    gap = find_gap(q, catalog)
    assert gap is not None and len(gap.readings) == 2 and "平潭综合实验区公安局2021年" in gap.readings[1]
    for question in ("平潭管委会2021年收到多少申请", "Pingtan zone government 2021 new requests"):
        assert understand(question, catalog).agencies == ("平潭综合实验区",), question


def test_an_organ_without_its_region_is_asked_back(catalog):
    q = understand("公安局2021年收到多少申请", catalog)
    gap = find_gap(q, catalog)
    assert gap is not None and gap.readings and "平潭综合实验区公安局" in gap.readings[0]


def test_one_agency_under_two_names_is_one_agency(catalog):
    q24, q23 = (understand(f"洪泽区{y}年收到多少申请", catalog) for y in (2024, 2023))
    assert q24.agencies == q23.agencies == ("淮安市洪泽区人民政府",) and not q24.unresolved and not q23.unresolved
    assert set(catalog.names("淮安市洪泽区人民政府")) == {"淮安市洪泽区人民政府", "洪泽区人民政府"}
    trend = understand("洪泽区2023年到2024年收到的申请变化了多少", catalog)
    assert trend.years == (2023, 2024) and not trend.unresolved


def test_a_misread_printed_name_is_found_by_the_right_one(catalog):
    assert understand("沭阳县2025年收到多少申请", catalog).agencies == ("沐阳县人民政府",)
    assert understand("How many requests did Shuyang County government receive in 2025?",
                      catalog).agencies == ("沐阳县人民政府",)


@pytest.mark.parametrize("question", [
    "how many requests did Huachuan County get from foreign embassies in 2020",  # words left over
    "What was Huachuan County's population in 2020?",
    "桦川县2020年的GDP是多少",
    "桦川县2020年第3项是多少",  # a number the metric does not explain
    "how many applications were fully disclosed in 2020",  # no agency
    "平潭综合实验区予以公开多少件",  # no year, two stored: either could be meant
    "上海市人民政府办公厅予以公开多少件",
])
def test_ungrounded_questions_state_no_number(catalog, question):
    assert not _states_a_number(understand(question, catalog), catalog)


@pytest.mark.parametrize("question, row", [
    ("上海市人民政府办公厅2025年拖到第二年才办的申请有几件", "carried_out"),
    ("桦川县2020年有几件申请因为没有现成信息需要另外制作而无法提供", "unable.2"),
    ("How many requests did Huachuan County turn down as repeat requests in 2020?", "notproc.2"),
    ("桦川县2020年（三）不予公开第8项总计多少", "denied.8"),
])
def test_paraphrases_and_item_numbers_resolve(catalog, question, row):
    q = understand(question, catalog)
    assert q.metric is not None and q.metric.row == row and _states_a_number(q, catalog), q.unaccounted


@pytest.mark.parametrize("question, row", [
    # words beyond the vocabulary that the row's own description contains ("not", "stop", "pay")
    ("How many requests did Shanghai General Office stop handling in 2025 because applicants did not pay the fee "
     "in time?", "other.2"),
    ("how many requests did Huachuan County still have open at year end in 2020", "carried_out"),
    ("桦川县2020年没公开的国家秘密类申请几件", "denied.1"),  # 没 beside a refusal row
])
def test_words_that_restate_the_row_are_accounted_for(catalog, question, row):
    q = understand(question, catalog)
    assert q.metric is not None and q.metric.row == row and not q.unaccounted and _states_a_number(q, catalog)


def test_a_word_of_another_column_is_never_explained_by_the_default_one(catalog):
    # 项目 names 采购项目数量 in procurement's block (2019 format), not the default 采购总金额
    q = understand("桦川县2020年政府集中采购了多少个项目？", catalog)
    assert q.metric is not None and (q.metric.row, q.metric.column) == ("procurement", "projects")
    money = understand("桦川县2020年政府集中采购了多少钱？", catalog)
    assert money.metric is not None and money.metric.t2_column("2019").id == "amount"


def test_a_cell_word_the_metric_ignores_keeps_the_question_open(catalog):
    # both suits named: answering one of them would be a wrong number
    q = understand("桦川县2020年行政诉讼合计多少件（直接起诉加复议后起诉）", catalog)
    assert q.metric is not None and (q.metric.derived == "litigation_total" or not _states_a_number(q, catalog))


def test_a_follow_up_that_names_something_new_starts_fresh(catalog):
    first = understand("平潭2021年收到多少申请？", catalog)
    assert first.metric is not None and first.metric.row == "new"
    gdp = understand("那GDP呢？", catalog, context=first)
    assert gdp.metric is None and "new_topic" in gdp.flags and not _states_a_number(gdp, catalog)
    elliptical = understand("那2020年呢？", catalog, context=first)
    assert elliptical.metric == first.metric and elliptical.years == (2020,) and "metric" in elliptical.carried
    assert "沿用上一问" in elliptical.describe()


def test_a_turn_that_says_it_changes_the_subject_carries_nothing_over(catalog):
    first = understand("平潭2021年收到多少申请？", catalog)
    switched = understand("换个问题，桦川县2020年行政复议有几件？", catalog, context=first)
    assert switched.agencies == ("桦川县人民政府",) and switched.metric is not None and switched.metric.table == 4
    assert "new_topic" in switched.flags and not switched.carried and _states_a_number(switched, catalog)
    # elliptical after the switch: nothing to carry, so no number
    bare = understand("Different question: and 2020?", catalog, context=first)
    assert bare.metric is None and not _states_a_number(bare, catalog), bare.describe()


def test_a_check_follow_up_adding_up_the_rows_is_about_the_report_just_asked(catalog):
    first = understand("平潭2020年一共新收了多少件信息公开申请？", catalog)
    q = understand("那各项办理结果加起来，跟总计对得上么？", catalog, context=first)
    assert q.route == "check" and q.agencies == ("平潭综合实验区",) and q.years == (2020,), q.describe()


def test_a_narrative_about_plans_reads_the_one_stored_report(catalog):
    q = understand("平潭综合实验区2021年报列了哪些问题，2022年打算怎么改进？", catalog)
    assert q.route == "narrative" and q.years == (2021,) and not q.unresolved, q.describe()
    # a year that is no report's, asked alone, is still refused
    alone = understand("平潭综合实验区2023年存在哪些问题", catalog)
    assert any(u.kind == "year" for u in alone.unresolved)


def test_check_and_overview_questions(catalog):
    check = understand("洪泽区2023年有没有勾稽关系错误", catalog)
    assert check.route == "check" and check.agencies == ("淮安市洪泽区人民政府",) and check.years == (2023,)
    assert understand("Are Pingtan's 2020 figures consistent?", catalog).route == "check"
    for question in ("介绍一下平潭", "Tell me about Shanghai's reports"):
        q = understand(question, catalog)
        assert q.route == "overview" and len(q.agencies) == 1, question


def test_every_reading_offered_is_itself_grounded(catalog):
    for question in ("how many applications were fully disclosed in 2020", "公安局2021年收到多少申请",
                     "平潭综合实验区予以公开多少件", "how many requests did Huachuan County get from foreign embassies in 2020"):
        gap = find_gap(understand(question, catalog), catalog)
        assert gap is not None and gap.readings, question
        for reading in gap.readings:
            assert _states_a_number(understand(reading, catalog), catalog), reading


def test_each_agency_with_its_own_year(catalog):
    q = understand("桦川县2020、沭阳县2025、上海市政府办公厅2019这三家，谁的行政复议案件最多？", catalog)
    assert q.operation == "rank" and not q.unresolved and not q.unaccounted
    assert q.agency_years == (("桦川县人民政府", 2020), ("沐阳县人民政府", 2025), ("上海市人民政府办公厅", 2019))


def test_both_suits_named_are_the_litigation_total(catalog):
    q = understand("桦川县2020年行政诉讼合计多少件（直接起诉加复议后起诉）", catalog)
    assert q.metric is not None and q.metric.derived == "litigation_total" and _states_a_number(q, catalog)


def test_a_share_is_an_outcome_over_its_whole(catalog):
    q = understand("What share of the requests Huachuan County handled in 2020 ended as unable to provide?", catalog)
    assert q.metric is not None and q.metric.derived == "unable" and q.metric.per == "processed_total"
    q4 = understand("What percentage of Huachuan County's 2020 administrative reconsideration cases resulted in "
                    "correction?", catalog)
    assert q4.metric is not None and (q4.metric.column, q4.metric.per) == ("review.corrected", "review.total")


def test_a_follow_up_naming_an_outcome_keeps_the_block(catalog):
    first = understand("How many lawsuits were filed directly against Huachuan County in 2020?", catalog)
    assert first.metric is not None and first.metric.column == "suit_direct.total"
    upheld = understand("And how many of them were upheld?", catalog, context=first)
    assert upheld.metric is not None and upheld.metric.column == "suit_direct.upheld"


def test_years_written_short(catalog):
    assert understand("平潭(20到21)每年收到多少申请", catalog).years == (2020, 2021)
    assert understand("平潭21年收到多少申请", catalog).years == (2021,)


def test_a_check_word_beside_a_metric_is_not_a_check(catalog):
    q = understand("What do the requests Huachuan County withheld in 2020 add up to?", catalog)
    assert q.route != "check" and q.metric is not None and q.metric.derived == "denied"
    assert understand("Do Huachuan County's 2020 figures add up?", catalog).route == "check"


def test_a_plain_check_word_asks_for_the_checks_even_beside_a_row(catalog):
    q = understand("桦川县2020年表三的办结总数和各办理结果对得上吗", catalog)
    assert q.route == "check"


def test_a_negation_beside_a_row_that_is_no_refusal_stays_unexplained(catalog):
    for question in ("桦川县2020年予以公开的有几件，不算部分公开",
                     "How many requests did Huachuan County grant in 2020, not counting partial ones?"):
        assert not _states_a_number(understand(question, catalog), catalog), question


def test_a_range_of_years_beside_a_change_is_its_stored_years(catalog):
    # Shanghai's office is stored for 2019 and 2025 only: "2019 to 2025" means those two reports
    q = understand("上海市人民政府办公厅行政复议从2019年到2025年变化了多少件", catalog)
    assert q.operation == "change" and q.years == (2019, 2025) and not q.unresolved
    # a missing end is not stored: refused, never answered from the nearest year
    q = understand("How did Pingtan's new requests change from 2019 to 2025?", catalog)
    assert any(u.kind == "year" and u.year == 2025 for u in q.unresolved)


def test_more_ways_to_ask_for_the_checks_and_an_overview(catalog):
    assert understand("Any rule violations in Pingtan's 2020 tables?", catalog).route == "check"
    assert understand("Give me the highlights of Huachuan County's report", catalog).route == "overview"


def test_a_bare_place_said_to_be_the_whole_region_is_the_region(catalog):
    for question in ("平潭全区2021年收到多少申请", "Pingtan as a whole, 2021: new requests?"):
        q = understand(question, catalog)
        assert q.agencies == ("平潭综合实验区",) and _states_a_number(q, catalog), question


def test_a_one_year_change_of_a_2019_format_row_is_its_printed_change(catalog):
    # the 2019 format prints 本年增/减 for 行政许可: no 2019 report is needed (Huachuan has 2020 only)
    q = understand("桦川县2020年行政许可比上年减少了多少项", catalog)
    assert q.metric is not None and q.metric.column == "change" and q.years == (2020,) and not q.unresolved


def test_a_follow_up_after_a_bare_place_question_back_narrows_to_who_has_that_year(catalog):
    first = understand("平潭2021年收到多少申请", catalog)
    assert len(first.agencies) == 2
    follow = understand("那2020年呢？", catalog, context=first)
    assert follow.agencies == ("平潭综合实验区",) and not follow.unresolved


def test_a_share_over_a_named_row_is_over_that_row(catalog):
    # the format's 予以公开率 is over （七）总计; "占新收申请" names another denominator
    q = understand("平潭综合实验区2021年予以公开的占新收申请的百分之几", catalog)
    assert q.metric is not None and (q.metric.row, q.metric.per) == ("granted", "new") and _states_a_number(q, catalog)


def test_an_ambiguous_rate_word_alone_is_asked_back_with_both_readings(catalog):
    q = understand("平潭综合实验区2021年的公开率是多少", catalog)
    gap = find_gap(q, catalog)
    assert gap is not None and any("公开率（含部分公开）" in r for r in gap.readings)
    assert any("予以公开率" in r for r in gap.readings)
    for question in ("平潭综合实验区2021年的予以公开率", "平潭综合实验区2021年的公开率（含部分公开）"):
        assert _states_a_number(understand(question, catalog), catalog), question


def test_a_rate_the_question_spells_out_over_several_rows_is_that_rate(catalog):
    # 办结数 ÷ (新收 + 上年结转): the format defines no such rate, the question does
    q = understand("平潭综合实验区2021年办结率多少？（办结数除以新收加上年结转）", catalog)
    assert q.metric is not None and (q.metric.row, q.metric.per_parts) == ("processed_total", ("new", "carried_in"))
    assert q.operation == "ratio" and _states_a_number(q, catalog)
    q = understand("洪泽区2023年的公开率多少？按（予以公开+部分公开）除以办结总数算", catalog)
    assert q.metric is not None and (q.metric.parts, q.metric.per) == (("granted", "partial"), "processed_total")
    assert _states_a_number(q, catalog)


@pytest.mark.parametrize("question", [
    "平潭综合实验区2021年办结数除以新收上年结转是多少",  # two rows below the line, joined by nothing
    "平潭综合实验区2021年予以公开和部分公开多少件",  # "和" without a sum word: each, or both together?
    "平潭综合实验区2021年新收申请中予以公开加部分公开一共多少",  # a third row outside the sum
])
def test_rows_joined_without_saying_how_state_no_number(catalog, question):
    assert not _states_a_number(understand(question, catalog), catalog)


@pytest.mark.parametrize("question", [
    "洪泽区2023年予以公开加上部分公开，总共多少件？",
    "上海市人民政府办公厅2025年予以公开和部分公开一共多少件",
    "Huachuan County 2020: granted in full plus partly granted, how many in total?",
])
def test_rows_the_question_adds_up_are_that_sum(catalog, question):
    q = understand(question, catalog)
    assert q.metric is not None and q.metric.parts == ("granted", "partial") and q.operation == "value"
    assert _states_a_number(q, catalog)


def test_an_organ_in_a_follow_up_is_the_organ_of_the_region_just_asked_about(catalog):
    first = understand("平潭综合实验区2021年收到多少申请", catalog)
    follow = understand("and the Public Security Bureau's?", catalog, context=first)
    assert follow.agencies == ("平潭综合实验区公安局",) and "partial_agency" not in follow.flags
    assert _states_a_number(follow, catalog)


def test_an_unstored_place_in_pinyin_is_refused_by_name(catalog):
    for question, place in (("How many requests did Guangzhou receive in 2021?", "Guangzhou"),
                            ("What did Xiamen's government disclose in full in 2021?", "Xiamen")):
        q = understand(question, catalog)
        assert any(u.kind == "agency" and u.mention == place for u in q.unresolved), question
    # stored places and English words are not taken for one
    assert not understand("How many requests did Pingtan receive in 2021 as a Change?", catalog).unresolved


def test_a_total_over_one_agencys_years_is_their_sum(catalog):
    q = understand("平潭综合实验区2020到2021年新收申请一共多少", catalog)
    assert q.operation == "sum" and q.years == (2020, 2021) and _states_a_number(q, catalog)
    # "how did … in total develop": the 总计 column over the years, not their sum
    q = understand("How did Pingtan zone's new requests in total develop from 2020 to 2021?", catalog)
    assert q.operation != "sum"
    assert understand("平潭综合实验区2021年一共收到多少申请", catalog).operation == "value"
    # "the two Pingtan reports": a count of what the question names explains the number
    q = understand("Across the two Pingtan zone reports (2020-2021), how many new requests in total?", catalog)
    assert q.operation == "sum" and not q.unaccounted


def test_a_conjunction_ends_an_unknown_place_name(catalog):
    q = understand("桦川县2020年的行政复议数和平潭综合实验区2021年的比一下", catalog)
    assert q.agency_years == (("桦川县人民政府", 2020), ("平潭综合实验区", 2021)) and not q.unresolved


def test_a_share_asked_after_a_figure_is_of_that_figure(catalog):
    first = understand("平潭综合实验区2021年予以公开多少件", catalog)
    share = understand("占办结总数的比例是多少", catalog, context=first)
    assert share.metric is not None and (share.metric.row, share.metric.per) == ("granted", "processed_total")
    assert "metric" in share.carried and _states_a_number(share, catalog)


def test_a_named_figure_asked_for_and_to_be_checked_is_that_figure(catalog):
    q = understand("平潭综合实验区2020年表三，自然人新收的申请数是多少？核对一下", catalog)
    assert q.route == "figures" and q.metric is not None and q.metric.row == "new" and q.applicant == "natural"
    assert understand("平潭综合实验区2020年表三加起来对得上吗", catalog).route == "check"


@pytest.mark.parametrize("question, year", [
    ("How many requests did Shuyang County government leave pending at the end of 2025, to be carried into 2026?", 2025),
    ("上海市人民政府办公厅从2024年结转到2025年的上年结转申请有多少", 2025),
])
def test_a_carry_over_from_one_year_into_the_next_is_the_report_that_prints_it(catalog, question, year):
    # report Y's 结转下年度 goes from Y into Y+1; its 上年结转 came from Y-1 into Y
    q = understand(question, catalog)
    assert q.years == (year,) and _states_a_number(q, catalog)


def test_two_years_side_by_side_stay_two_years(catalog):
    q = understand("平潭综合实验区2020年和2021年上年结转分别多少", catalog)
    assert q.years == (2020, 2021)


def test_a_government_named_by_its_level_in_a_follow_up_is_that_regions_government(catalog):
    # "那县政府2023年呢？" after the county's bureau: the county's government, whose 2023 report is not
    # stored (its 2025 one is printed 沐阳县 for 沭阳县: one region), never the bureau's figure again
    first = understand("沐阳县人民政府2025年收到多少申请", catalog)
    follow = understand("那县政府2023年呢？", catalog, context=first)
    assert follow.agencies == ("沐阳县人民政府",) and not _states_a_number(follow, catalog)
    assert any(u.kind == "year" for u in follow.unresolved)
    alone = understand("县政府2020年收到多少申请", catalog)  # no context: every stored county is a reading
    assert set(alone.agencies) == {"桦川县人民政府", "沐阳县人民政府"} and not _states_a_number(alone, catalog)


def test_a_reasons_share_of_its_group_is_over_the_group(catalog):
    q = understand("平潭综合实验区2021年不予公开的申请中，以行政查询事项为由的占多少？", catalog)
    assert q.metric is not None and q.metric.row == "denied.8"
    assert q.metric.per_parts == tuple(f"denied.{i}" for i in range(1, 9)) and _states_a_number(q, catalog)
    first = understand("上海市人民政府办公厅2025年不予处理的有多少件？", catalog)
    follow = understand("里面信访类的占几成？", catalog, context=first)
    assert follow.metric is not None and follow.metric.row == "notproc.1"
    assert follow.metric.per_parts == tuple(f"notproc.{i}" for i in range(1, 6)) and "metric" in follow.carried


@pytest.mark.parametrize("question", [
    "Which applicant type filed the lawsuits against Hongze District in 2023?",  # 表四 has no applicant types
    "洪泽区2023年哪类申请人提起的行政诉讼最多",
])
def test_which_applicant_type_is_never_answered_with_a_cell(catalog, question):
    assert not _states_a_number(understand(question, catalog), catalog)


def test_a_receiving_verb_beside_fees_is_not_the_requests_received(catalog):
    q = understand("桦川县2020年收到多少信息处理费", catalog)
    assert q.metric is None and q.route == "narrative"


def test_a_count_of_items_in_a_year_is_not_last_years_column(catalog):
    # the 2019 format prints 上一年项目数量 and 本年增/减, not the year's own count
    q = understand("平潭综合实验区2020年行政处罚事项数是多少", catalog)
    assert q.metric is None or q.metric.column != "items_last_year"


@pytest.mark.parametrize("first, follow, row", [
    ("洪泽区人民政府2023年不掌握相关信息的有几件", "需要另行制作的呢", "unable.2"),  # 需要 is in the row's label
    ("洪泽区人民政府2023年信息公开行政诉讼一共多少件？", "直接起诉的判维持了几件？", None),  # 的判: a particle, a verb
])
def test_a_follow_up_whose_words_restate_its_cell_keeps_the_agency(catalog, first, follow, row):
    q = understand(follow, catalog, context=understand(first, catalog))
    assert q.agencies == ("淮安市洪泽区人民政府",) and q.years == (2023,) and "new_topic" not in q.flags  # one agency, two names
    assert q.metric is not None and (row is None or q.metric.row == row) and _states_a_number(q, catalog)


def test_one_applicant_types_share_of_a_row_is_over_that_rows_total(catalog):
    q = understand("平潭综合实验区2021年新收申请里自然人占比是多少？", catalog)
    assert q.metric is not None and (q.metric.row, q.metric.per) == ("new", "new") and q.applicant == "natural"
    assert q.metric.denominator("2021", q.applicant) == (rf.CellKey(3, "new", rf.APPLICANT_TOTAL),)
    assert _states_a_number(q, catalog)


@pytest.mark.parametrize("first, follow, route", [
    ("洪泽区人民政府2023年表三的数平不平？", "表四呢？", "check"),
    ("介绍一下平潭综合实验区", "那公安局呢？", "overview"),
])
def test_an_elliptical_follow_up_of_a_check_or_overview_stays_one(catalog, first, follow, route):
    q = understand(follow, catalog, context=understand(first, catalog))
    assert q.route == route and q.metric is None


def test_a_province_beside_the_listed_agencies_only_places_them(catalog):
    q = understand("江苏这几家（淮安市洪泽区人民政府2024、沐阳县人民政府2025）谁的部分公开最多？", catalog)
    assert not q.unaccounted and not q.unresolved and q.operation == "rank"
    q = understand("江苏和沐阳县人民政府2025年收到多少申请", catalog)  # joined: an agency of its own
    assert not _states_a_number(q, catalog)


def test_agencies_with_one_stored_report_each_are_ranked_on_their_own_years_when_asked_so(catalog):
    q = understand("沐阳县人民政府、桦川县人民政府（各自存的那一年）哪个行政许可决定最多？", catalog)
    assert dict(q.agency_years) == {"沐阳县人民政府": 2025, "桦川县人民政府": 2020} and _states_a_number(q, catalog)
    # without saying so: each one's only stored report is the only reading, and the answer says so
    unsaid = understand("沐阳县人民政府、桦川县人民政府哪个行政许可决定最多？", catalog)
    assert dict(unsaid.agency_years) == {"沐阳县人民政府": 2025, "桦川县人民政府": 2020} and "各机关按所存的唯一一年" in unsaid.describe()
    # a bare place whose department is stored too ("沭阳": the county or its 发改局?) is still asked back
    both = Catalog([*STORED, ("沭阳县发展和改革局", 2023)])
    assert not _states_a_number(understand("沭阳和桦川县哪个收到的申请多？", both), both)
    q = understand("平潭综合实验区、桦川县人民政府哪个行政许可决定最多？", catalog)  # 平潭 has several years
    assert not q.agency_years


@pytest.mark.parametrize("question, year", [
    ("How many requests did Pingtan's Public Security Bureau carry forward into 2022?", 2021),
    ("How many of Pingtan's Public Security Bureau's requests were carried over into 2022?", 2021),
])
def test_a_carry_over_into_a_year_is_the_report_of_the_year_before(catalog, question, year):
    q = understand(question, catalog)
    assert q.years == (year,) and q.metric is not None and q.metric.row == "carried_out"


@pytest.mark.parametrize("question, column", [
    ("桦川县人民政府2020年行政许可事项比上一年增减了多少", "change"),  # the printed 本年增/减 is that change
    ("Huachuan County 2020: how many administrative licensing items were on the list the year before?",
     "items_last_year"),
])
def test_the_year_before_beside_a_2019_format_row_names_its_printed_column(catalog, question, column):
    q = understand(question, catalog)
    assert q.metric is not None and q.metric.column == column and q.years == (2020,) and _states_a_number(q, catalog)


def test_a_spelled_out_share_takes_the_longest_joined_run_on_each_side(catalog):
    # 受理量 names the bracketed run (新收+上年结转) it is defined by
    q = understand("沐阳县人民政府2025年结转到下一年的申请占全年受理量（新收+上年结转）的比例？", catalog)
    assert q.metric is not None and (q.metric.row, q.metric.per_parts) == ("carried_out", ("new", "carried_in"))
    assert _states_a_number(q, catalog)


def test_a_group_share_of_the_requests_handled_is_labelled_as_a_share(catalog):
    q = understand("上海市人民政府办公厅2025年其他处理（三项合计）占办结总数的比例？", catalog)
    assert q.metric is not None and q.metric.per == "processed_total" and "占" in q.metric.label()


def test_an_organ_named_beside_its_regions_government_in_one_question_is_that_department(catalog):
    q = understand("平潭2021年管委会和公安局两份报告新收申请合计", catalog)
    assert set(q.agencies) == {"平潭综合实验区", "平潭综合实验区公安局"} and q.operation == "sum"
    assert _states_a_number(q, catalog)
    q = understand("桦川县人民政府和公安局2021年新收申请合计", catalog)  # the stored 公安局 is Pingtan's
    assert not _states_a_number(q, catalog)


@pytest.mark.parametrize("first, follow, metric", [
    ("上海市人民政府办公厅2019年政府集中采购项目几个", "金额呢", ("procurement", "amount")),  # the row's amount
    ("平潭综合实验区2021年直接起诉结果纠正几件", "那复议后起诉的呢", ("cases", "suit_after.corrected")),
])
def test_a_follow_up_switches_only_what_it_names(catalog, first, follow, metric):
    q = understand(follow, catalog, context=understand(first, catalog))
    assert q.metric is not None and (q.metric.row, q.metric.column) == metric and _states_a_number(q, catalog)


def test_a_follow_up_of_a_question_asked_back_inherits_no_metric(catalog):
    first = understand("上海市人民政府办公厅2025年的公开率是多少", catalog)  # 公开率 alone: asked back
    assert find_gap(first, catalog) is not None
    assert not _states_a_number(understand("and in 2019?", catalog, context=first), catalog)


@pytest.mark.parametrize("question", [
    "平潭综合实验区2021年表三“其他”法人组织新收申请几件",
    "Pingtan zone 2021: how many new requests were filed by organisations in the 'other' category?",
])
def test_the_other_organisations_column_is_its_own_column(catalog, question):
    q = understand(question, catalog)
    assert q.applicant == "other_org" and _states_a_number(q, catalog)


def test_a_carry_over_from_the_earlier_year_is_the_later_reports_row(catalog):
    q = understand("请问平潭综合实验区2021年度从2020年结转过来的申请有几件？", catalog)
    assert q.years == (2021,) and q.metric is not None and q.metric.row == "carried_in"


def test_a_share_word_without_a_rate_word_is_a_share(catalog):
    first = understand("平潭综合实验区2021年收到多少申请", catalog)
    q = understand("全部公开的占办结总数多少", catalog, context=first)
    assert q.operation == "ratio" and q.metric is not None and q.metric.per == "processed_total"


def test_the_printed_year_on_year_change_is_one_cell(catalog):
    q = understand("In Pingtan's 2020 report, what was the year-on-year change in the number of administrative "
                   "penalty items?", catalog)
    assert q.operation == "value" and q.metric is not None and q.metric.column == "change" and q.years == (2020,)


def test_each_agencys_latest_report_is_its_own_newest_year(catalog):
    q = understand("Which stored agency had the most administrative reconsideration cases in its latest report?", catalog)
    assert dict(q.agency_years)["平潭综合实验区"] == 2021 and dict(q.agency_years)["桦川县人民政府"] == 2020


def test_a_rate_read_in_several_ways_is_asked_back(catalog):
    assert not _states_a_number(understand("平潭综合实验区2021年的拒绝率是多少？", catalog), catalog)


@pytest.mark.parametrize("question", [
    "在2020年的两份年报（平潭综合实验区、桦川县人民政府）里，哪个的行政复议案件多？",
    "Which had more new requests in 2020, Pingtan or Huachuan?",
])
def test_which_of_several_named_agencies_has_more_is_a_ranking(catalog, question):
    q = understand(question, catalog)
    assert q.operation == "rank" and set(q.agencies) == {"平潭综合实验区", "桦川县人民政府"} and _states_a_number(q, catalog)


@pytest.mark.parametrize("question", [
    "平潭综合实验区2021年复议加诉讼一共几件",
    "Shanghai General Office 2025: reconsideration cases plus lawsuits of both kinds — what's the combined caseload?",
])
def test_table_4_blocks_the_question_adds_up_are_that_sum(catalog, question):
    q = understand(question, catalog)
    assert q.metric is not None and q.metric.table == 4
    assert q.metric.parts == ("review.total", "suit_direct.total", "suit_after.total") and _states_a_number(q, catalog)


@pytest.mark.parametrize("question", [
    "平潭综合实验区2021年予以公开或部分公开的有几件",
    "Pingtan zone 2021: how many requests were granted in full or partly granted?",
])
def test_rows_joined_by_or_are_counted_together(catalog, question):
    q = understand(question, catalog)
    assert q.metric is not None and q.metric.parts == ("granted", "partial") and _states_a_number(q, catalog)


def test_a_follow_up_on_an_agency_with_one_report_of_another_year_offers_that_report(catalog):
    first = understand("洪泽区人民政府2023年行政复议总计多少", catalog)
    q = understand("桦川县的呢", catalog, context=first)
    assert q.agencies == ("桦川县人民政府",) and q.years == (2020,) and "own_year" in q.flags
    gap = find_gap(q, catalog)  # offered back, not stated: the question names no year
    assert gap is not None and any("2020" in r for r in gap.readings)


@pytest.mark.parametrize("first, follow, agency", [
    ("平潭综合实验区公安局2021年收到几件申请", "那整个平潭区呢", "平潭综合实验区"),  # 区呢: a particle ends it
])
def test_a_follow_up_naming_the_whole_region_is_the_regions_government(catalog, first, follow, agency):
    q = understand(follow, catalog, context=understand(first, catalog))
    assert q.agencies == (agency,) and _states_a_number(q, catalog)


def test_a_named_organisation_type_wins_over_the_header_it_belongs_to(catalog):
    first = understand("平潭综合实验区2021年新收申请多少", catalog)
    q = understand("法人那几栏呢，商业企业的", catalog, context=first)
    assert q.applicant == "commercial" and _states_a_number(q, catalog)


def test_a_comparison_follow_up_naming_another_agency_compares_it_with_the_one_just_asked_about(catalog):
    first = understand("平潭综合实验区2021年收了多少申请", catalog)
    q = understand("比平潭综合实验区公安局多还是少", catalog, context=first)
    assert q.operation == "compare" and set(q.agencies) == {"平潭综合实验区", "平潭综合实验区公安局"}
    assert q.years == (2021,) and _states_a_number(q, catalog)


def test_that_year_in_a_follow_up_is_the_year_just_asked_about(catalog):
    first = understand("平潭综合实验区2020年行政复议多少件", catalog)
    q = understand("and the Public Security Bureau that year?", catalog, context=first)
    assert q.years == (2020,) and not _states_a_number(q, catalog)  # its one report is of 2021


@pytest.mark.parametrize("first, follow", [
    ("洪泽区人民政府2023年行政复议总计是多少", "这个数和明细加起来对得上吗"),
    ("平潭综合实验区2020年办理结果总计多少", "这张表加起来对吗？"),
])
def test_a_check_of_what_was_just_asked_keeps_its_report(catalog, first, follow):
    q = understand(follow, catalog, context=understand(first, catalog))
    assert q.route == "check" and len(q.agencies) == 1 and len(q.years) == 1 and "new_topic" not in q.flags


@pytest.mark.parametrize("question", [
    "How many requests did Pingtan Comprehensive Experimental Zone receive in the full year 2021?",
    "平潭综合实验区2021年表三第一项是多少",  # an item number the question gives: never another row
])
def test_words_near_a_row_name_do_not_name_it(catalog, question):
    q = understand(question, catalog)
    assert q.metric is None or q.metric.row != "granted"


def test_each_agency_with_its_own_year_in_english_is_paired(catalog):
    q = understand("Who received more new requests: Huachuan County government in 2020 or Shuyang County government "
                   "in 2025?", catalog)
    assert dict(q.agency_years) == {"桦川县人民政府": 2020, "沐阳县人民政府": 2025} and _states_a_number(q, catalog)
    first = understand("How many new requests did Huachuan County receive in 2020?", catalog)
    q = understand("Compare that with Shuyang County government's 2025 figure.", catalog, context=first)
    assert dict(q.agency_years) == {"桦川县人民政府": 2020, "沐阳县人民政府": 2025} and _states_a_number(q, catalog)


def test_reconsideration_cases_pending_at_year_end_are_the_blocks_pending_cell(catalog):
    q = understand("Shanghai General Office 2025: how many reconsideration cases were still pending at year end?", catalog)
    assert q.metric is not None and (q.metric.table, q.metric.column) == (4, "review.pending")
    q = understand("上海市人民政府办公厅2025年 how many requests were still pending at year end?", catalog)
    assert q.metric is not None and q.metric.row == "carried_out"


def test_a_change_after_two_turns_that_moved_the_year_is_between_their_years(catalog):
    first = understand("上海市人民政府办公厅2019年收到多少申请", catalog)
    second = understand("2025年呢", catalog, context=first)
    q = understand("涨了多少", catalog, context=second)
    assert q.operation == "change" and q.years == (2019, 2025) and _states_a_number(q, catalog)


def test_every_stored_report_ranked_when_the_question_says_all_reports(catalog):
    q = understand("在你有的所有年报里，哪家行政复议最多", catalog)
    assert q.operation == "rank" and ("平潭综合实验区", 2020) in q.agency_years and _states_a_number(q, catalog)


@pytest.mark.parametrize("question, derived, parts", [
    ("Pingtan zone 2021 — how many requests were either fully or partly disclosed?", None, ("granted", "partial")),
    ("What was Pingtan zone's disclosure rate in 2021 (full + partial disclosures over total handled)?",
     "disclosure_rate_incl_partial", ()),
    ("平潭综合实验区2021年全部或部分公开的有几件", None, ("granted", "partial")),
])
def test_a_phrase_naming_full_and_partial_disclosure_reads_both_rows(catalog, question, derived, parts):
    q = understand(question, catalog)
    assert q.metric is not None and (q.metric.derived, q.metric.parts) == (derived, parts)
    assert _states_a_number(q, catalog)


@pytest.mark.parametrize("question", [
    "Shanghai General Office 2025: what was the disclosure rate (full + partial over handled)?",
    "上海市人民政府办公厅2025年公开率（予以公开+部分公开）",
])
def test_a_rate_named_beside_the_rows_it_adds_is_a_share_of_the_requests_handled(catalog, question):
    # never 予以公开 over 部分公开, never the sum of the two as if it were the rate
    q = understand(question, catalog)
    assert q.operation == "ratio" and q.metric is not None and q.metric.per != "partial"
    assert set(q.metric.cells("2021")) == {rf.CellKey(3, "granted", "total"), rf.CellKey(3, "partial", "total")}
    assert set(q.metric.denominator("2021")) == {rf.CellKey(3, "processed_total", "total")}


def test_a_column_word_of_another_row_is_not_accounted_for_by_this_rows_column(catalog):
    # 采购金额 and 收费金额 are both an "amount" column, of two different rows: the sum asked is not one cell
    assert not _states_a_number(understand("平潭综合实验区2021年的收费金额和采购金额加起来", catalog), catalog)


def test_no_year_named_and_one_stored_is_that_report_said_so(catalog):
    # 桦川县 has one stored report: no other reading exists, and the answer says the year was not named
    q = understand("桦川县予以公开多少件", catalog)
    assert q.years == (2020,) and "only_stored_year" in q.flags and _states_a_number(q, catalog)
    assert "问题未说年份" in q.describe()
    english = understand("How many requests did Huachuan County fully disclose?", catalog)
    assert english.years == (2020,) and "no year named" in english.describe()
    # a bare place whose department is stored too stays a question back ("Shuyang": county or 发改局?)
    both = Catalog([*STORED, ("沭阳县发展和改革局", 2023)])
    assert not _states_a_number(understand("沭阳收到多少申请", both), both)


def test_a_place_then_its_organ_is_the_department(catalog):
    for question in ("平潭2021年公安局收到多少申请", "平潭公安2021年收到多少申请", "Pingtan 2021 police bureau: requests received"):
        assert understand(question, catalog).agencies == ("平潭综合实验区公安局",), question
    joined = understand("平潭和公安局2021年收到多少申请", catalog)
    assert not _states_a_number(joined, catalog)


@pytest.mark.parametrize("question", [
    "How much in administrative fees (in 10,000 yuan) did Pingtan collect in 2020?",  # 2019 format: no amount
    "平潭综合实验区2021年行政处罚罚款金额是多少",  # the format counts decisions, not fines
])
def test_money_asked_of_a_row_without_an_amount_is_refused(catalog, question):
    q = understand(question, catalog)
    assert not _states_a_number(q, catalog) and any(u.kind == "metric" for u in q.unresolved), q.describe()


def test_a_documents_row_without_its_column_is_asked_back_with_each_column(catalog):
    q = understand("平潭综合实验区2021年规章有多少件", catalog)
    gap = find_gap(q, catalog)
    assert gap is not None and len(gap.readings) == 3 and "现行有效件数" in gap.readings[2]
    assert understand("平潭综合实验区2021年现行有效的规章有多少件", catalog).metric.column == "in_force"  # type: ignore[union-attr]


def test_a_word_found_only_inside_the_request_frame_names_no_cell(catalog):
    # 公开 sits in 本年新收政府信息公开申请数量 only as part of its frame: "给公开了的" names another row
    q = understand("上海市政府办公厅2019年依申请那张表里，给公开了的个人申请有多少件", catalog)
    assert not _states_a_number(q, catalog) or q.metric.row == "granted"  # type: ignore[union-attr]


def test_rows_of_table_two_added_up_are_one_sum(catalog):
    q = understand("平潭综合实验区2020年行政处罚和行政强制的处理决定数量合计是多少", catalog)
    assert q.metric == Metric(2, parts=("penalty", "enforcement"), column="decisions") and _states_a_number(q, catalog)
    assert q.metric.cells("2019") == (rf.CellKey(2, "penalty", "decisions"), rf.CellKey(2, "enforcement", "decisions"))


def test_the_caseload_is_new_plus_carried_in_of_the_later_report(catalog):
    q = understand("What was Shuyang County's caseload on hand in 2025, new requests plus those carried over from 2024?",
                   catalog)
    assert q.metric == Metric(3, derived="caseload") and q.years == (2025,) and _states_a_number(q, catalog)
    assert rf.DERIVED_BY_ID["caseload"].parts == ("new", "carried_in")


@pytest.mark.parametrize("question, years", [
    ("How many requests did the Shanghai General Office carry over from 2024 into 2025?", (2025,)),
    ("上海市人民政府办公厅从2024年结转到2025年的申请有多少", (2025,)),
])
def test_a_carry_over_with_its_years_is_the_later_reports_carried_in(catalog, question, years):
    q = understand(question, catalog)
    assert q.metric == Metric(3, row="carried_in") and q.years == years and _states_a_number(q, catalog)


def test_a_carry_over_without_its_direction_is_asked_back_with_both_rows(catalog):
    q = understand("平潭综合实验区2021年结转了多少申请", catalog)
    gap = find_gap(q, catalog)
    assert gap is not None and {"二、上年结转政府信息公开申请数量", "四、结转下年度继续办理"} <= {
        r.split("“")[1].split("”")[0] for r in gap.readings}


@pytest.mark.parametrize("question", [
    "在这些报告里，哪个机关一年内新收的政府信息公开申请最多？",
    "Among all the stored reports, which agency faced the most reconsideration cases in a single year?",
])
def test_a_ranking_over_the_stored_reports_takes_every_report(catalog, question):
    q = understand(question, catalog)
    assert q.operation == "rank" and "all_reports" in q.flags and not q.unaccounted, q.describe()


@pytest.mark.parametrize("question", ["哪个单位结转到下一年的申请最多？", "Which agency received the most requests?"])
def test_which_agency_ranks_with_no_year_named_ranks_every_stored_report(catalog, question):
    q = understand(question, catalog)
    every = {(a, y) for a in catalog.agencies for y in catalog.years(a)}  # 洪泽区's two names are one agency
    assert q.operation == "rank" and set(q.agency_years) == every and _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question, years", [
    ("Which stored 2021-format report had the most reconsideration cases?", (2021, 2023, 2024, 2025)),
    ("2019版的年报里哪个单位行政复议最多", (2019, 2020)),
    ("Among the stored reports from 2021 onward, which agency received the most requests?", (2021, 2023, 2024, 2025)),
    ("2021年以来哪个单位收到的申请最多", (2021, 2023, 2024, 2025)),
])
def test_a_format_or_a_first_year_names_the_stored_years_it_takes_in(catalog, question, years):
    q = understand(question, catalog)
    assert q.operation == "rank" and q.years == years and not q.unaccounted and _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question, years", [
    ("平潭2020年以来每年收到多少申请", (2020, 2021)),
    ("Pingtan requests from 2021 on, each year?", (2021,)),
    ("平潭公安局2020年以来收到多少申请", (2021,)),  # the years it has
])
def test_a_first_year_for_one_agency_is_its_stored_years_from_then(catalog, question, years):
    assert understand(question, catalog).years == years


@pytest.mark.parametrize("question, year", [
    ("What did Pingtan spend in 2021 on procurement?", (2021,)),
    ("Pingtan's 2020 report on requests received: how many?", (2020,)),
])
def test_a_year_followed_by_on_or_written_after_from_is_still_one_year(catalog, question, year):
    assert understand(question, catalog).years[-1:] == year


def test_which_of_the_reports_of_a_year_ranks_that_years_agencies(catalog):
    q = understand("2021年的两份报告里，谁收到的申请更多？", catalog)
    assert q.operation == "rank" and q.years == (2021,) and not q.agencies


def test_a_check_names_its_table_or_every_report(catalog):
    only3 = understand("洪泽区2023年的表三有没有勾稽问题？只看表三。", catalog)
    assert only3.route == "check" and only3.section == "三"
    only4 = understand("Pingtan 2020 — leaving table 3 aside, is table 4 consistent?", catalog)
    assert only4.route == "check" and only4.section == "四"
    every = understand("Which of the stored reports fail a consistency rule?", catalog)
    assert every.route == "check" and not every.agencies and "all_reports" in every.flags


def test_an_organ_excluded_by_not_is_not_the_agency(catalog):
    q = understand("Check the 2021 Pingtan report (the region's own, not the police bureau's) for errors.", catalog)
    assert q.route == "check" and q.agencies == ("平潭综合实验区",)


def test_a_year_counted_from_the_previous_turn(catalog):
    first = understand("平潭综合实验区2020年政府集中采购金额多少", catalog)
    q = understand("And the number of procurement projects the year after?", catalog, first)
    assert q.years == (2021,) and q.agencies == ("平潭综合实验区",)
    before = understand("那前一年呢", catalog, understand("平潭综合实验区2021年收到多少申请", catalog))
    assert before.years == (2020,)


@pytest.mark.parametrize("question, agency", [
    ("How many requests were received in 2024 by Huái'ān Shì?", "淮安市人民政府"),
    ("Huachuan xian 2020: how many requests were received?", "桦川县人民政府"),
    ("Hongze qu 2023 new requests", "淮安市洪泽区人民政府"),
])
def test_pinyin_with_tone_marks_or_level_words_names_the_place(question, agency):
    catalog = Catalog([*STORED, ("淮安市人民政府", 2024)])
    q = understand(question, catalog)
    assert q.agencies == (agency,), q.describe()


def test_an_outcome_word_of_the_named_review_block_is_not_a_request_row(catalog):
    q = understand("洪泽区2023年 reconsiderations with other results (withdrawn)?", catalog)
    assert q.metric == Metric(4, row=rf.T4_ROW.id, column="review.other"), q.describe()


def test_last_year_counts_from_the_turn_before_or_is_asked_back(catalog):
    first = understand("平潭综合实验区2021年收到多少申请", catalog)
    assert understand("那去年呢", catalog, first).years == (2020,)
    alone = understand("上海市人民政府办公厅去年收到多少申请", catalog)  # the calendar's or the store's last year?
    assert not _states_a_number(alone, catalog)
    latest = understand("上海市人民政府办公厅最新一年收到多少申请", catalog)
    assert latest.years == (2025,) and _states_a_number(latest, catalog)


def test_the_caseload_is_never_a_share_of_what_it_holds(catalog):
    q = understand("Shuyang County 2025: what share of new plus carried over requests were handled?", catalog)
    assert not (q.metric is not None and q.metric.derived == rf.CASELOAD and q.metric.per == "processed_total")


def test_a_follow_up_pointing_back_keeps_the_agency_but_not_an_unknown_topic(catalog):
    first = understand("洪泽区2023年收到多少申请", catalog)
    problems = understand("那它说了存在啥问题", catalog, first)
    assert problems.agencies == ("淮安市洪泽区人民政府",) and problems.route != "figures"
    gdp = understand("那它的GDP呢", catalog, first)
    assert not _states_a_number(gdp, catalog) and gdp.metric is None


@pytest.mark.parametrize("question", [
    "Give me a quick overview of the Shanghai General Office's reports.",
    "What do you have on the General Office of the Shanghai Municipal Government?",
    "沭阳县人民政府的年报有啥内容",
    "我在看平潭综合实验区2021年的年报",
])
def test_an_agency_asked_about_as_a_whole_gets_its_overview(catalog, question):
    assert understand(question, catalog).route == "overview", question


@pytest.mark.parametrize("question", [
    "沭阳县2025年信访件收了多少封",  # petitions the county received: not the requests treated as petitions
    "How many complaints did Huachuan County receive in 2020?",
])
def test_petitions_and_complaints_alone_are_not_the_request_row(catalog, question):
    q = understand(question, catalog)
    assert not (_states_a_number(q, catalog) and q.metric == Metric(3, row="notproc.1")), q.describe()


def test_a_bare_city_with_one_report_is_still_asked_for_its_year():
    # 淮安 may mean its districts' reports too; a county-level place names one report alone
    catalog = Catalog([("淮安市人民政府", 2024), ("洪泽区人民政府", 2023), ("桦川县人民政府", 2020)])
    assert not _states_a_number(understand("淮安收到的申请有多少件", catalog), catalog)
    assert _states_a_number(understand("洪泽申请数", catalog), catalog)


def test_a_percent_sign_asks_for_a_rate(catalog):
    q = understand("Shuyang county 2025, what % of new applications came from natural persons?", catalog)
    assert q.operation == "ratio" and q.metric is not None and q.metric.per == "new"


def test_a_change_against_a_year_carries_the_year_asked_before(catalog):
    first = understand("平潭综合实验区2021年收到多少申请", catalog)
    second = understand("and the year before?", catalog, first)
    third = understand("So how much is that more than 2020?", catalog, second)
    assert third.operation in ("change", "compare") and third.years == (2020, 2021)


def test_one_agencys_years_asked_as_one_total_are_summed(catalog):
    q = understand("What is the total number of requests Pingtan received from 2020 to 2021?", catalog)
    assert q.operation == "sum" and q.years == (2020, 2021)
    each = understand("How many requests did Pingtan receive in 2020 and 2021 respectively?", catalog)
    assert each.operation != "sum"


def test_a_total_named_then_spelled_out_is_that_total(catalog):
    for question in ("Huachuan County 2020: total lawsuits (direct plus after reconsideration)?",
                     "How many lawsuits in total (direct suits plus suits after reconsideration) did Huachuan County "
                     "face in 2020?"):
        q = understand(question, catalog)
        assert q.metric == Metric(4, derived="litigation_total") and _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question", [
    "洪泽区2023年表四行政复议的总计对吗？",
    "Does the (七) total in Pingtan's 2020 report match the sum of the outcome rows?",
    "Does the 2020 Huachuan County report satisfy the table 4 totals rule?",
])
def test_whether_a_printed_total_is_right_is_a_check(catalog, question):
    assert understand(question, catalog).route == "check", question


def test_an_elliptical_follow_up_to_a_check_is_a_check(catalog):
    first = understand("洪泽区2023年表四行政复议的总计对吗？", catalog)
    assert understand("那复议后起诉那一块呢？", catalog, first).route == "check"


def test_a_follow_up_naming_a_section_keeps_the_report(catalog):
    first = understand("平潭综合实验区2021年的年报", catalog)
    q = understand("问题部分写了啥", catalog, first)
    assert q.agencies == ("平潭综合实验区",) and q.years == (2021,) and q.section == "五"


def test_an_organ_named_again_beside_its_agency_is_not_unknown(catalog):
    q = understand("How many requests did the Shanghai municipal government receive in 2025, per the General "
                   "Office's report?", catalog)
    assert q.agencies == ("上海市人民政府办公厅",) and not q.unresolved


def test_the_askers_own_guess_is_not_a_cell_number(catalog):
    q = understand("我想核一下桦川县2020年本年新收申请数，是9吗？", catalog)
    assert _states_a_number(q, catalog) and q.metric == Metric(3, row="new")
    other = understand("桦川县2020年第9项是多少", catalog)  # a number that names a row stays open
    assert not _states_a_number(other, catalog)


def test_the_year_a_carry_over_passes_between_is_in_the_rows_own_name(catalog):
    carried_in = Metric(3, row=rf.CARRY_OVER_ROWS["later"])
    for question in ("沐阳县2025年上年转过来的申请有多少件",
                     "How many requests did the Shanghai General Office carry over into 2025 from the previous year?"):
        q = understand(question, catalog)
        assert q.metric == carried_in and q.years == (2025,) and _states_a_number(q, catalog), q.describe()
    q = understand("平潭综合实验区2020年结转到下一年的申请有几件", catalog)
    assert q.metric == Metric(3, row=rf.CARRY_OVER_ROWS["earlier"]) and q.years == (2020,), q.describe()
    # 'the previous year' beside a row that is not a carry-over is still a year left over
    assert not _states_a_number(understand("平潭综合实验区2021年上年予以公开多少件", catalog), catalog)


def test_a_year_said_twice_in_a_follow_up_must_agree(catalog):
    first = understand("平潭综合实验区2021年收到多少申请", catalog)
    same = understand("And the year before, 2020?", catalog, first)
    assert same.years == (2020,) and _states_a_number(same, catalog), same.describe()
    other = understand("And the year before, 2019?", catalog, first)
    assert not _states_a_number(other, catalog)


def test_the_formats_name_for_new_plus_carried_in_is_the_caseload(catalog):
    for question in ("上海市人民政府办公厅2025年本年需办理申请多少件", "上海市人民政府办公厅2025年需要办理的申请有多少"):
        q = understand(question, catalog)
        assert q.metric is not None and q.metric.derived == rf.CASELOAD, q.describe()


def test_a_follow_up_adding_an_agency_sums_both(catalog):
    first = understand("平潭综合实验区2021年新收多少申请？", catalog)
    q = understand("加上公安局的一共多少？", catalog, first)
    assert q.operation == "sum" and set(q.agencies) == {"平潭综合实验区", "平潭综合实验区公安局"}, q.describe()
    assert q.years == (2021,) and q.metric == Metric(3, row=rf.T3_ROWS[0].id) and _states_a_number(q, catalog)


@pytest.mark.parametrize("question, years", [
    ("二一年平潭综合实验区不予处理的加一起多少", (2021,)),
    ("两千零二十二年平潭综合实验区收到多少申请", (2022,)),
    ("沐阳县政府二五年度收到多少申请", (2025,)),
])
def test_a_year_in_chinese_digits_is_that_year(catalog, question, years):
    assert understand(question, catalog).years == years


def test_a_school_grade_or_a_duration_is_not_a_year(catalog):
    assert understand("平潭综合实验区二三年级学生的申请有多少", catalog).years == ()
    assert not _states_a_number(understand("平潭综合实验区十二年来收到多少申请", catalog), catalog)


def test_a_carry_over_from_the_year_before_is_read_in_the_later_report(catalog):
    q = understand("Shanghai General Office 2025: new requests plus those carried over from 2024, in total?", catalog)
    assert q.years == (2025,) and q.metric is not None and q.metric.derived == rf.CASELOAD, q.describe()
    assert _states_a_number(q, catalog)


@pytest.mark.parametrize("question, agency", [
    ("Huachuan County (Heilongjiang), 2020: how many requests were received?", "桦川县人民政府"),
    ("How many requests did Hongze District (Huai'an) receive in 2023?", "淮安市洪泽区人民政府"),
    ("How many requests did Heilongjiang's Huachuan County receive in 2020?", "桦川县人民政府"),
    ("黑龙江桦川县2020年收到多少申请", "桦川县人民政府"),
    # a province named as the question's setting, joined to nothing
    ("For an article on openness in Heilongjiang: how many requests did Huachuan County receive in 2020?", "桦川县人民政府"),
])
def test_a_higher_place_the_agency_lies_in_only_says_where_it_is(question, agency):
    catalog = Catalog([*STORED, ("淮安市人民政府", 2024)])
    q = understand(question, catalog)
    assert q.agencies == (agency,) and _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question", [
    "Huachuan County (Jiangsu), 2020: how many requests were received?",  # not where Huachuan lies
    "江苏桦川县2020年收到多少申请",
    "Compare Fujian and Pingtan Comprehensive Experimental Zone in 2020: new requests",  # another subject
    "How many requests did Fuzhou city receive in 2020, compared with Pingtan Comprehensive Experimental Zone?",
    "In Fujian, how many requests did Fuzhou city and Pingtan Comprehensive Experimental Zone get in 2020?",
    "In Fujian and in Pingtan Comprehensive Experimental Zone, how many requests came in during 2020?",
    "For an article on openness in Jiangsu: how many requests did Huachuan County receive in 2020?",  # not in it
])
def test_a_higher_place_the_agency_is_not_in_is_not_passed_over(catalog, question):
    assert not _states_a_number(understand(question, catalog), catalog)


def test_as_many_years_as_are_stored_means_each_of_them(catalog):
    q = understand("平潭综合实验区这三年的行政许可处理决定数列一下", Catalog([*STORED, ("平潭综合实验区", 2022)]))
    assert q.years == (2020, 2021, 2022) and q.operation == "trend", q.describe()
    # a count that is not what is stored asks which years are meant
    for question in ("桦川县人民政府这四年收到多少申请", "How many requests did Huachuan County get in its two years?"):
        assert not _states_a_number(understand(question, catalog), catalog), question


@pytest.mark.parametrize("question, pairs", [
    ("淮安市洪泽区人民政府2024、沭阳县2025这两家新收的申请加起来多少",
     (("淮安市洪泽区人民政府", 2024), ("沐阳县人民政府", 2025))),
    # (the zone named as such: a bare "Pingtan 2021" could be its police bureau, stored for 2021 too)
    ("How many new requests in total across the Pingtan zone 2021 and Shanghai GO 2025?",
     (("平潭综合实验区", 2021), ("上海市人民政府办公厅", 2025))),
])
def test_each_agency_written_with_its_own_year_is_read_in_that_year(catalog, question, pairs):
    q = understand(question, catalog)
    assert q.operation == "sum" and q.agency_years == pairs and _states_a_number(q, catalog), q.describe()


def test_the_year_before_in_a_follow_up_naming_the_carried_in_row_is_that_rows_own_name(catalog):
    first = understand("上海市政府办公厅2025年收到多少申请", catalog)
    q = understand("去年结转过来的有多少", catalog, context=first)
    assert q.years == (2025,) and q.metric == Metric(3, row=rf.CARRY_OVER_ROWS["later"]), q.describe()
    assert _states_a_number(q, catalog)


def test_the_year_before_of_a_2019_format_row_in_a_follow_up_is_its_prior_year_column():
    catalog = Catalog([("桦川县人民政府", 2020)])
    first = understand("桦川县2020年表二行政许可上一年项目数量是多少", catalog)
    q = understand("其他对外管理服务事项那行，上一年是多少项？", catalog, context=first)
    assert q.years == (2020,) and q.metric is not None and q.metric.column == rf.T2_PRIOR_YEAR_COLUMN


@pytest.mark.parametrize("question, row, year", [
    ("How many requests did the Pingtan PSB carry over to 2022?", "earlier", 2021),  # only 2021 stored
    ("Shanghai General Office, 2025: requests still pending at year end and carried to 2026?", "earlier", 2025),
    ("平潭综合实验区从2020年结转到2021年的申请有多少", "later", 2021),
])
def test_a_carry_over_into_a_year_is_read_in_the_stored_report_that_prints_it(catalog, question, row, year):
    q = understand(question, catalog)
    assert q.metric == Metric(3, row=rf.CARRY_OVER_ROWS[row]) and q.years == (year,), q.describe()
    assert _states_a_number(q, catalog)


def test_a_carry_over_from_a_year_into_a_report_not_stored_is_not_read_elsewhere(catalog):
    q = understand("Pingtan Public Security Bureau, 2022: how many requests were carried over from 2021?", catalog)
    assert not _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question, row", [
    ("上海市人民政府办公厅2025年（六）3有多少", "other.3"),
    ("上海市人民政府办公厅2025年（三）8是多少", "denied.8"),
    ("Shanghai General Office 2025: how many under 'other' other-handling (item 3 of (6))?", "other.3"),
    ("Shanghai General Office 2025: the 'other' sub-row of other dispositions (六.3)?", "other.3"),
    ("Shanghai General Office 2025, other handling, the second sub-item?", "other.2"),
])
def test_a_table3_row_named_by_its_numbers_is_that_row(catalog, question, row):
    q = understand(question, catalog)
    assert q.metric == Metric(3, row=row) and _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question", [
    "上海市人民政府办公厅2025年（三）9是多少",  # no ninth reason
    "上海市人民政府办公厅2025年不予公开（六）3是多少",  # two groups named
    "Shanghai General Office 2025 new requests, the second item?",  # "second" names no row of 新收
])
def test_numbers_that_name_no_row_or_another_are_not_answered(catalog, question):
    assert not _states_a_number(understand(question, catalog), catalog)


@pytest.mark.parametrize("question, answered", [
    ("上海市人民政府办公厅2025年不予公开里“涉及商业秘密”那一项是多少？", False),  # an example, not a row
    ("上海市人民政府办公厅2025年因为个人隐私不公开的有几件", False),
    ("上海市人民政府办公厅2025年为了保护第三方权益（比如个人隐私、商业秘密）没公开的有几件", True),
    ("How many refusals to protect third-party rights (trade secrets, privacy) did the Shanghai General Office "
     "record in 2025?", True),
])
def test_an_example_of_what_a_row_counts_names_the_row_only_beside_its_own_words(catalog, question, answered):
    q = understand(question, catalog)
    assert q.metric == Metric(3, row="denied.4") and _states_a_number(q, catalog) == answered, q.describe()


@pytest.mark.parametrize("question, derived", [
    ("How many requests in total could the Shanghai General Office not provide in 2025 "
     "(not held + would need creating + still unclear)?", "unable"),
    ("Shanghai General Office 2025: total applications not processed at all (petitions, repeats, publications etc.)?",
     "notproc"),
    ("上海市人民政府办公厅2025年行政诉讼一共几件，两种起诉加起来", "litigation_total"),
    ("How many disclosure lawsuits in total did the Shanghai General Office face in 2025 (direct plus after "
     "reconsideration)?", "litigation_total"),
])
def test_a_group_total_with_its_parts_listed_is_the_group(catalog, question, derived):
    q = understand(question, catalog)
    assert q.metric == Metric(3 if derived != "litigation_total" else 4, derived=derived), q.describe()
    assert _states_a_number(q, catalog)


def test_a_group_named_with_only_some_of_its_parts_is_not_its_total(catalog):
    q = understand("Shanghai General Office 2025: requests not provided (not held + would need creating)?", catalog)
    assert not (_states_a_number(q, catalog) and q.metric == Metric(3, derived="unable")), q.describe()


def test_a_part_named_by_its_number_beside_other_parts_is_that_part(catalog):
    q = understand("Shanghai General Office 2025, how many were withdrawn or 'other' under other handling "
                   "(the third sub-item)?", catalog)
    assert q.metric == Metric(3, row="other.3"), q.describe()


@pytest.mark.parametrize("question, operation", [
    ("Pingtan's combined new requests for 2020 and 2021?", "sum"),
    ("平潭2020和2021年新收申请合计", "sum"),
    ("For Pingtan, what do the 2020 and 2021 new requests add up to?", "sum"),
    ("Pingtan's government procurement totals in 2019 and 2020?", "value"),  # each year's total
    ("平潭2020年和2021年的新收申请", "value"),  # each year
])
def test_a_sum_word_over_one_agencys_years_sums_them(catalog, question, operation):
    q = understand(question, catalog)
    assert q.operation == operation and len(q.years) == 2, q.describe()


def test_total_over_one_agencys_years_is_one_number(catalog):
    q = understand("Total new requests for Pingtan across 2020 and 2021", catalog)
    assert q.operation == "sum" and q.years == (2020, 2021), q.describe()


def test_a_follow_up_naming_another_agency_takes_its_only_report_when_no_year_was_ever_said(catalog):
    first = understand("桦川县的新收申请有多少件？", catalog)
    q = understand("那沭阳县呢", catalog, context=first)
    assert q.agencies == ("沐阳县人民政府",) and q.years == (2025,) and "only_stored_year" in q.flags
    assert _states_a_number(q, catalog), q.describe()
    stated = understand("桦川县2020年的新收申请有多少件？", catalog)
    assert not _states_a_number(understand("那沭阳县呢", catalog, context=stated), catalog)


@pytest.mark.parametrize("question, row", [
    ("How many times in 2025 did an applicant fail to pay the processing fee, so that the Shanghai General "
     "Office stopped handling the request?", "other.2"),
])
def test_everyday_words_for_a_processing_stopped_row(catalog, question, row):
    q = understand(question, catalog)
    assert q.metric == Metric(3, row=row) and _states_a_number(q, catalog), q.describe()


def test_same_thing_for_another_agency_carries_the_question_over(catalog):
    first = understand("How many new applications did Pingtan Comprehensive Experimental Zone receive in 2021?", catalog)
    q = understand("Now same thing for the PSB.", catalog, context=first)
    assert q.agencies == ("平潭综合实验区公安局",) and q.metric == Metric(3, row="new") and _states_a_number(q, catalog)


def test_a_follow_up_counting_the_stored_years_lists_them(catalog):
    first = understand("平潭综合实验区2020年收到多少申请", catalog)
    q = understand("把两年的都列出来", catalog, context=first)  # 2020 and 2021 stored
    assert q.operation == "trend" and q.years == (2020, 2021) and q.metric == Metric(3, row="new"), q.describe()
    assert _states_a_number(q, catalog)
    assert not _states_a_number(understand("把三年的都列出来", catalog, context=first), catalog)


@pytest.mark.parametrize("question", [
    "Give me the series of new requests received by Pingtan for each year from 2020 to 2021.",
    "Combined, how many requests did the Shanghai General Office and Pingtan finish handling in 2020?",
])
def test_series_and_finish_handling(catalog, question):
    assert not understand(question, catalog).unaccounted


@pytest.mark.parametrize("question, row", [
    ("Shanghai General Office 2025: what share of its caseload was carried over to the next year?", "carried_out"),
    ("Shanghai General Office 2025: what share of its caseload (new + carried over) was pushed to the next year?",
     "carried_out"),
    ("上海市人民政府办公厅2025年办结数占需要办理的申请的比例", "processed_total"),
])
def test_a_share_of_the_caseload_is_over_new_plus_carried_in(catalog, question, row):
    q = understand(question, catalog)
    assert q.metric == Metric(3, row=row, per_parts=("new", "carried_in")), q.describe()  # never over （七）总计
    assert _states_a_number(q, catalog)


def test_caseload_alone_is_never_read_silently(catalog):
    # before, "caseload" was a 表二 decisions-column word, dropped beside a 表三 row: a share of the
    # requests handled was stated for a share of the caseload
    q = understand("What share of the Shanghai General Office's 2025 caseload was carried over to the next year?",
                   catalog)
    assert not _states_a_number(q, catalog) or q.metric == Metric(3, row="carried_out", per_parts=("new", "carried_in"))


@pytest.mark.parametrize("question", [
    "How many of Pingtan zone's 2021 requests were submitted online versus by post?",
    "How many requests did the Shanghai General Office transfer to other agencies in 2025?",
    "上海市人民政府办公厅2025年通过网上平台提交的申请有几件",
])
def test_quantities_no_format_records_are_refused_plainly(catalog, question):
    q = understand(question, catalog)
    assert "not_recorded" in q.flags and not _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question, row", [
    ("我去年在平潭那边申请信息公开，结果被告知属于重复申请不给处理，气死了。想问下2020年平潭综合实验区一共有多少件是因为重复申请没处理的？",
     "notproc.2"),
    ("我住在洪泽，上次申请公开一些材料，他们说涉及国家秘密不能给。2024年淮安市洪泽区人民政府因为属于国家秘密不公开的有几件？", "denied.1"),
    ("My neighbour asked the Shanghai office for some statistics last year and was told they don't hold them. "
     "How many requests did the Shanghai General Office answer with 'not held by this agency' in 2025?", "unable.1"),
    # a province the asked agency lies in is only the story's setting
    ("I'm writing a term paper on open-government practice in Heilongjiang. In Huachuan County's 2020 report, how "
     "many requests were answered with 'we don't hold that information'?", "unable.1"),
    # words before a level word that name no place ("对标一下县里") are no agency
    ("对标一下县里部门的数据。桦川县2020年因为属于国家秘密不予公开的有几件？", "denied.1"),
])
def test_a_story_before_the_question_is_set_aside_when_it_changes_nothing(catalog, question, row):
    q = understand(question, catalog)
    assert q.metric == Metric(3, row=row) and "story_set_aside" in q.flags and _states_a_number(q, catalog), q.describe()
    assert q.question == question


@pytest.mark.parametrize("question", [
    "我问的是公安局。平潭2020年收到多少申请？",  # another agency than the sentence that asks
    "只算企业的。平潭综合实验区2020年收到多少申请？",  # a limit on what is asked
    "我想知道复议的情况。平潭综合实验区2020年收到多少申请？",  # another cell
    "北京市海淀区的。平潭综合实验区2020年收到多少申请？",  # an agency not stored: not set aside silently
    "I live in Jiangsu province. How many requests did Pingtan Comprehensive Experimental Zone receive in 2020?",
])
def test_a_story_that_could_change_the_answer_is_not_set_aside(catalog, question):
    q = understand(question, catalog)
    assert "story_set_aside" not in q.flags, q.describe()


@pytest.mark.parametrize("question", [
    "平潭综合实验区2021年（管委会那份，不是公安局）公益组织提了几个申请",
    "Pingtan Comprehensive Experimental Zone, zone-wide report (not the public security bureau), 2021: new requests "
    "from public-interest organisations?",
])
def test_an_agency_named_after_a_negation_is_set_aside(catalog, question):
    q = understand(question, catalog)
    assert q.agencies == ("平潭综合实验区",) and _states_a_number(q, catalog), q.describe()


def test_the_municipal_government_general_office_is_the_office(catalog):
    q = understand("Requests granted in full by the Shanghai municipal government general office in 2025?", catalog)
    assert q.agencies == ("上海市人民政府办公厅",) and _states_a_number(q, catalog), q.describe()


def test_a_story_naming_the_reason_a_question_points_back_to_is_not_set_aside(catalog):
    q = understand("我表哥之前想要一份执法的卷宗材料，平潭管委会说属于行政执法案卷不能公开。2021年平潭综合实验区管委会（不是公安局）"
                   "因为这个理由不公开的有几件？", catalog)
    assert q.metric != Metric(3, derived="denied") or not _states_a_number(q, catalog), q.describe()


def test_a_rate_word_beside_a_group_described_as_a_sum_is_the_share(catalog):
    q = understand("平潭综合实验区（区本级）2021年度办结的申请中，不予公开（各情形合计）所占比例是多少？", catalog)
    assert q.operation == "ratio" and q.metric is not None and q.metric.derived == "denied", q.describe()


def test_a_comma_before_a_sum_spelled_out_is_the_same_quantity_said_again(catalog):
    q = understand("For the Pingtan zone government in 2021, how many requests did it have to handle in total, new ones "
                   "plus those carried over?", catalog)
    assert q.metric is not None and "processed_total" not in (q.metric.parts or ()), q.describe()


@pytest.mark.parametrize("question, agencies, operation", [
    ("How many requests did the Shanghai General Office drop in 2025 because the applicant did not pay the processing "
     "fee in time?", ("上海市人民政府办公厅",), "value"),
    ("How many FOI requests did the Huachuan County government in Heilongjiang receive in 2020?", ("桦川县人民政府",), "value"),
    ("How has the number of FOI requests received by the Shanghai General Office evolved across the years you have "
     "reports for?", ("上海市人民政府办公厅",), "trend"),
])
def test_probe_wordings(catalog, question, agencies, operation):
    q = understand(question, catalog)
    assert q.agencies == agencies and q.operation == operation and _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question, metric, applicant", [
    ("How many requests to the Shanghai General Office in 2025 were still too vague to handle even after the applicant "
     "was asked to clarify?", Metric(3, row="unable.3"), "total"),
    ("上海市政府办公厅2025年先复议后又去法院起诉的一共几件", Metric(4, row="cases", column="suit_after.total"), None),
    ("How many new requests came from legal persons and other organisations (i.e. everyone except individuals) to the "
     "Shanghai General Office in 2025?", Metric(3, row="new"), "legal_persons"),
])
def test_more_probe_wordings(catalog, question, metric, applicant):
    q = understand(question, catalog)
    assert q.metric == metric and q.applicant == applicant and _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question, typed, metric", [
    ("平潭综合实验区2021年新收的政府信息公开申清有多少件啊", ("申清", "申请"), Metric(3, row="new")),
    ("桦川县2020年有人因为信息公开申请复义吗，总共几件", ("复义", "复议"), None),
    # a slip inside a longer leftover piece: 出罚 in 政出罚 (the 政 of 行政 beside it)
    ("平潭综合实验区2020年和2021年比 哪年行政出罚决定多", ("出罚", "处罚"), None),
])
def test_a_word_typed_by_its_sound_is_read_as_the_known_word_and_shown(catalog, question, typed, metric):
    q = understand(question, catalog)
    assert typed in q.typed and _states_a_number(q, catalog), q.describe()
    assert f"“{typed[0]}”按“{typed[1]}”" in q.describe()
    if metric is not None:
        assert q.metric == metric


def test_an_english_word_misspelt_by_one_letter_is_read_as_the_known_word_and_shown(catalog):
    q = understand("How many reconsidration cases did Huachuan County have in 2020?", catalog)
    assert ("reconsidration", "reconsideration") in q.typed and _states_a_number(q, catalog), q.describe()
    assert q.metric is not None and q.metric.table == 4
    assert "“reconsidration” as “reconsideration”" in q.describe()


def test_a_short_or_far_english_slip_is_not_guessed(catalog):
    from assistant.understand.typos import spelling_fix

    assert spelling_fix("fild") is None  # too short to tell from other words
    assert spelling_fix("xylophone") is None  # nothing known is one letter away
    q = understand("How many zzconsideration cases did Huachuan County have in 2020?", catalog)
    assert not q.typed and not _states_a_number(q, catalog)


def test_a_word_that_sounds_like_nothing_known_is_still_asked_back(catalog):
    q = understand("平潭综合实验区2021年火星有多少件", catalog)
    assert not q.typed and not _states_a_number(q, catalog)


def test_a_negation_is_never_read_as_a_word_typed_alike(catalog):
    q = understand("平潭实验区2021年（不是公安局）收到几件申请", catalog)
    assert not q.typed and q.agencies != ("平潭综合实验区公安局",), q.describe()


@pytest.mark.parametrize("question, row", [
    ("平潭综合实验区2021年度，商业企业的申请中按“其他处理—其他”办理的件数？", "other.3"),
    ("上海市人民政府办公厅2025年度，企业申请因本机关不掌握相关信息而无法提供的有多少件？", "unable.1"),
])
def test_a_group_and_its_row_written_with_a_dash_is_the_row(catalog, question, row):
    q = understand(question, catalog)
    assert q.metric == Metric(3, row=row) and _states_a_number(q, catalog), q.describe()


def test_a_part_label_said_beside_its_groups_total_is_never_the_total(catalog):
    q = understand("上海市人民政府办公厅2025年，其他处理里归为“其他”情形的有多少件？", catalog)
    assert not (q.metric == Metric(3, derived="other_group") and _states_a_number(q, catalog)), q.describe()


@pytest.mark.parametrize("question, operation", [
    ("平潭综合实验区2020到2021年，每年新制作的规范性文件加起来一共多少件？", "sum"),
    ("平潭综合实验区2020到2021年每年新收申请是多少", "trend"),
])
def test_each_year_beside_a_sum_word_adds_the_years_up(catalog, question, operation):
    assert understand(question, catalog).operation == operation


@pytest.mark.parametrize("question", [
    "2025 reports: who fielded more brand-new info requests, the Shanghai General Office or Shuyang county government?",
    "All told, how many disclosure lawsuits did the Shanghai general office face in 2025?",
    "Shanghai General Office 2025: of everything on its plate (new plus carried-in requests), what share got "
    "rolled over into the next year?",
])
def test_english_words_that_only_frame_a_question(catalog, question):
    q = understand(question, catalog)
    assert not q.unaccounted, q.describe()


def test_all_told_over_several_agencies_is_their_sum(catalog):
    q = understand("How many suits were filed after reconsideration, all told, against Pingtan zone (2021), the "
                   "Shanghai general office (2025) and Shuyang county (2025)?", catalog)
    assert q.operation == "sum" and _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question", ["那个县新收了多少申请", "这个区2023年收到多少申请"])
def test_a_pointer_to_a_place_never_said_is_asked_back(catalog, question):
    q = understand(question, catalog)
    assert not q.agencies and not q.unresolved and not _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question, operation", [
    ("How many more requests did Pingtan Comprehensive Experimental Zone receive in 2021 than in 2020?", "change"),
    ("How many fewer requests did Pingtan Comprehensive Experimental Zone receive in 2021 than in 2020?", "change"),
])
def test_how_many_more_than_the_earlier_year_is_the_change(catalog, question, operation):
    q = understand(question, catalog)
    assert q.operation == operation and q.years == (2020, 2021) and _states_a_number(q, catalog), q.describe()


def test_how_many_more_than_the_later_year_is_not_read_as_the_change(catalog):
    # 2020's less 2021's is the change's negative: never stated as the change from 2020 to 2021
    q = understand("How many more requests did Pingtan Comprehensive Experimental Zone receive in 2020 than in 2021?",
                   catalog)
    assert not _states_a_number(q, catalog), q.describe()


def test_each_agency_with_the_year_written_after_its_own_words(catalog):
    q = understand("What do you get if you add Pingtan Comprehensive Experimental Zone's new requests in 2021 to "
                   "Huachuan County's new requests in 2020?", catalog)
    assert q.agency_years == (("平潭综合实验区", 2021), ("桦川县人民政府", 2020)) and q.operation == "sum"
    assert _states_a_number(q, catalog), q.describe()
    # two years written together belong to no one agency: each agency in each year
    both = understand("Compare Pingtan Comprehensive Experimental Zone and Huachuan County new requests in 2020 and 2021",
                      catalog)
    assert not both.agency_years


def test_a_place_right_before_its_organ_in_a_list_is_that_department(catalog):
    q = understand("行政复议案件数，桦川县2020、平潭实验区2021、平潭区公安局2021，谁最多？", catalog)
    assert q.agency_years == (("桦川县人民政府", 2020), ("平潭综合实验区", 2021), ("平潭综合实验区公安局", 2021))
    assert q.operation == "rank" and _states_a_number(q, catalog), q.describe()


def test_the_following_year_beside_the_carried_out_row_restates_the_row(catalog):
    q = understand("Total requests rolled over into the following year across Huachuan County 2020 and Pingtan "
                   "Comprehensive Experimental Zone 2021?", catalog)
    assert q.metric is not None and q.metric.row == "carried_out" and q.operation == "sum"
    assert not q.unaccounted and _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question", [
    "Pingtan Comprehensive Experimental Zone, 2021: how many requests were closed under 'other handling', all three "
    "sub-rows together?",
    "How many reconsideration cases of Huachuan County in 2020 ended with the decision upheld?",
    "平潭综合实验区2021年办结的申请里，结果是予以公开的有几件",
])
def test_a_verb_of_ending_beside_an_outcome_restates_it(catalog, question):
    q = understand(question, catalog)
    assert not q.unaccounted and _states_a_number(q, catalog), q.describe()


def test_a_verb_of_ending_beside_no_outcome_is_left_over(catalog):
    # "closed" alone is neither the new requests nor any outcome ("when the year closed"): asked back
    q = understand("How many requests did Pingtan Comprehensive Experimental Zone close in 2021?", catalog)
    assert not _states_a_number(q, catalog), q.describe()


def test_a_table4_block_closed_is_its_results_but_the_pending(catalog):
    # 办结 is （七）总计 for requests (FORMAT.md's glossary); a 表四 block's cases closed are its results but the
    # pending ones, never its 总计, which holds them
    q = understand("平潭综合实验区2021年行政复议办结了多少件", catalog)
    assert q.metric == Metric(4, row=rf.T4_ROW.id, parts=("review.upheld", "review.corrected", "review.other")), \
        q.describe()
    assert understand("平潭综合实验区2021年办结了多少件申请", catalog).metric == Metric(3, row="processed_total")


def test_a_table4_result_without_its_block_offers_each_block(catalog):
    q = understand("How many cases ended with the decision upheld for Huachuan County in 2020?", catalog)
    assert q.metric is None and not _states_a_number(q, catalog), q.describe()
    assert {m.column for m in q.alternatives[:3]} == {"review.upheld", "suit_direct.upheld", "suit_after.upheld"}


@pytest.mark.parametrize("question", ["How many requests did Huachuan County turn down in 2020?",
                                      "How many requests did Huachuan County reject in 2020?"])
def test_a_request_turned_down_with_nothing_saying_how_is_asked_back(catalog, question):
    # not disclosed (不予公开), not processed (不予处理) or unable to provide (无法提供)?
    q = understand(question, catalog)
    assert not _states_a_number(q, catalog), q.describe()
    assert "ambiguous_term" in q.flags


@pytest.mark.parametrize("question", ["桦川县2020年拒绝公开的总共多少件", "桦川县2020年被拒的申请有多少",
                                      "How many requests did Huachuan County refuse in 2020?"])
def test_refused_is_the_non_disclosure_total_as_the_glossary_says(catalog, question):
    # FORMAT.md's glossary: （三）不予公开 "not disclosed; refused (withheld)", 拒绝公开
    q = understand(question, catalog)
    assert q.metric == Metric(3, derived="denied") and _states_a_number(q, catalog), q.describe()


def test_a_whole_region_where_only_an_office_reports_is_not_that_office(catalog):
    q = understand("上海全市各级行政机关2019年加起来一共收到了多少政府信息公开申请？", catalog)
    assert any(u.kind == "agency" for u in q.unresolved) and not _states_a_number(q, catalog), q.describe()
    # the zone's own government is the whole zone
    zone = understand("平潭全区2021年收到多少申请", catalog)
    assert zone.agencies == ("平潭综合实验区",) and _states_a_number(zone, catalog), zone.describe()


def test_requests_counted_with_no_cell_named_are_asked_back(catalog):
    # new, new plus carried over, or all handled?
    q = understand("平潭21年申请一共多少件", catalog)
    assert not _states_a_number(q, catalog) and "requests_unnamed" in q.flags, q.describe()
    rows = {(m.row, m.derived) for m in q.alternatives[:3]}
    assert rows == {("new", None), (None, "caseload"), ("processed_total", None)}


def test_a_follow_up_after_a_row_asked_back_for_its_column_carries_no_column(catalog):
    # the first column offered back is no reading the user chose: "and 2021?" states no number
    first = understand("平潭综合实验区2020年行政处罚有多少", catalog)
    assert "column_unnamed" in first.flags
    q = understand("2021年呢", catalog, context=first)
    assert q.metric is None and not _states_a_number(q, catalog), q.describe()


def test_an_organ_said_again_beside_its_agency_is_one_agency(catalog):
    q = understand("Pingtan's public security bureau (the police) - how many requests did it receive in 2021?", catalog)
    assert q.agencies == ("平潭综合实验区公安局",) and _states_a_number(q, catalog), q.describe()


def test_an_amount_unit_spelled_out_is_accounted_for(catalog):
    q = understand("What fees did Pingtan Comprehensive Experimental Zone collect in 2021, in ten-thousand yuan?", catalog)
    assert not q.unaccounted and _states_a_number(q, catalog), q.describe()


def test_a_share_of_all_lawsuits_is_over_both_suits_totals(catalog):
    direct = understand("What share of Huachuan County's 2020 lawsuits were filed directly, without reconsideration first?",
                        catalog)
    assert direct.operation == "ratio" and direct.metric == Metric(
        4, row="cases", column="suit_direct.total", per_parts=("suit_direct.total", "suit_after.total")), direct.describe()
    assert direct.metric.denominator("2019") == (CellKey(4, "cases", "suit_direct.total"),
                                                CellKey(4, "cases", "suit_after.total"))
    corrected = understand("In litigation against Huachuan County in 2020, what percentage of cases (both kinds of "
                           "suits) ended with the agency corrected?", catalog)
    assert corrected.metric is not None and corrected.metric.per_parts == ("suit_direct.total", "suit_after.total")
    assert _states_a_number(corrected, catalog), corrected.describe()


def test_a_row_named_by_its_group_and_item_in_words(catalog):
    q = understand("桦川县2020年表三第五大项第2小项合计是多少", catalog)
    assert q.metric == Metric(3, row="notproc.2") and not q.unaccounted, q.describe()


def test_an_applicant_column_carries_only_into_a_what_about_follow_up(catalog):
    first = understand("How many requests did companies file with Huachuan County in 2020?", catalog)
    assert first.applicant == "commercial"
    own = understand("and how many were rejected as repeat requests?", catalog, context=first)
    assert own.applicant == "total" and "inherited_applicant" not in own.flags, own.describe()
    about = understand("what about the repeat requests?", catalog, context=first)
    assert about.applicant == "commercial" and "inherited_applicant" in about.flags, about.describe()


@pytest.mark.parametrize("question, operation", [
    ("Pingtan Comprehensive Experimental Zone's licensing decisions jumped between 2020 and 2021 – by how much?", "change"),
    ("Which year did Pingtan Comprehensive Experimental Zone get more new requests, 2020 or 2021?", "compare"),
])
def test_more_operation_words(catalog, question, operation):
    q = understand(question, catalog)
    assert q.operation == operation and _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("follow_up", ["And if you add the partial ones?", "加上部分公开的呢"])
def test_a_follow_up_adding_a_row_sums_it_with_the_row_just_asked(catalog, follow_up):
    first = understand("平潭综合实验区2021年予以公开多少", catalog)
    q = understand(follow_up, catalog, context=first)
    assert q.metric == Metric(3, parts=("granted", "partial")) and "metric" in q.carried, q.describe()
    assert _states_a_number(q, catalog)


def test_a_follow_up_naming_another_table2_row_keeps_the_column_just_asked(catalog):
    first = understand("平潭综合实验区2020年表二行政许可处理决定数量是多少？", catalog)
    q = understand("行政强制的呢？", catalog, context=first)
    assert q.metric == Metric(2, row="enforcement", column="decisions") and _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question, row", [
    ("平潭综合实验区2021年表三（六）其他处理下的第3项是多少", "other.3"),
    ("桦川县2020年表三，“无法提供”项下第1小项合计数是多少？", "unable.1"),
])
def test_a_row_named_by_its_group_then_its_number(catalog, question, row):
    q = understand(question, catalog)
    assert q.metric == Metric(3, row=row) and not q.unaccounted, q.describe()


@pytest.mark.parametrize("question, agency", [
    ("What reports do you have for Huachuan?", "桦川县人民政府"),
    ("平潭综合实验区有哪些年报", "平潭综合实验区"),
    ("Anything on the Pingtan police?", "平潭综合实验区公安局"),
    ("介绍下桦川县政府2020年的年报", "桦川县人民政府"),
])
def test_more_ways_to_ask_what_is_stored_about_an_agency(catalog, question, agency):
    q = understand(question, catalog)
    assert q.route == "overview" and q.agencies == (agency,) and not q.unresolved, q.describe()


def test_a_story_about_comparing_or_being_new_frames_the_question(catalog):
    q = understand("I'm comparing county governments — could you pull the number of reconsideration cases recorded "
                   "for Huachuan County in 2020?", catalog)
    assert q.operation == "value" and q.years == (2020,) and _states_a_number(q, catalog), q.describe()
    new = understand("I'm new to this topic — walk me through Huachuan County's 2020 report.", catalog)
    assert new.route == "overview" and not new.unaccounted, new.describe()


@pytest.mark.parametrize("question, first, second", [
    ("桦川县2020年行政复议里 维持的多还是纠正的多", Metric(4, row="cases", column="review.upheld"),
     Metric(4, row="cases", column="review.corrected")),
    ("Huachuan County 2020: were more requests partially disclosed or fully disclosed?", Metric(3, row="partial"),
     Metric(3, row="granted")),
])
def test_two_cells_of_one_report_compared_in_the_questions_order(catalog, question, first, second):
    q = understand(question, catalog)
    assert q.compared == (first, second) and q.operation == "compare" and q.years == (2020,), q.describe()
    assert _states_a_number(q, catalog)


def test_two_years_compared_are_not_two_cells(catalog):
    q = understand("平潭综合实验区2020年和2021年予以公开比较一下", catalog)
    assert not q.compared and q.years == (2020, 2021)


def test_a_follow_up_sum_over_the_years_just_asked_stays_with_the_agency(catalog):
    first = understand("平潭综合实验区2020年新收申请多少件？", catalog)
    second = understand("2021年的呢？", catalog, context=first)
    both = understand("两年加起来呢", catalog, context=second)
    assert both.agencies == ("平潭综合实验区",) and both.years == (2020, 2021) and both.operation == "sum", both.describe()


def test_a_follow_up_total_over_a_groups_reasons_is_not_across_agencies(catalog):
    first = understand("Huachuan County 2020: how many requests were declined as repeat requests?", catalog)
    q = understand("What's the total across all five 'not processed' reasons?", catalog, context=first)
    assert q.agencies == ("桦川县人民政府",) and q.metric == Metric(3, derived="notproc"), q.describe()
    every = understand("所有机关加起来呢", catalog, context=first)
    assert not every.agencies and every.operation == "sum"


def test_that_year_after_several_years_is_asked_back(catalog):
    first = understand("平潭综合实验区2020年和2021年新收申请分别是多少？", catalog)
    q = understand("And how many were partially disclosed that year?", catalog, context=first)
    assert not _states_a_number(q, catalog), q.describe()


def test_a_follow_up_ranking_keeps_each_agency_with_its_own_year(catalog):
    first = understand("Reconsideration totals for Huachuan County 2020 and Pingtan Comprehensive Experimental Zone 2021?",
                       catalog)
    q = understand("Which of those had the most?", catalog, context=first)
    assert q.agency_years == (("桦川县人民政府", 2020), ("平潭综合实验区", 2021)) and q.operation == "rank", q.describe()
    assert _states_a_number(q, catalog)


def test_a_storys_lawsuits_or_sum_are_the_whole_the_question_asks_within(catalog):
    suits = understand("法制科要统计年底还挂着的官司。桦川县2020年先复议后起诉、到年底还没审结的诉讼有几件？", catalog)
    assert "story_set_aside" in suits.flags and suits.metric == Metric(4, row="cases", column="suit_after.pending")
    total = understand("领导要个两年的合计数。平潭综合实验区2020年和2021年的行政许可处理决定数量合计是多少？", catalog)
    assert "story_set_aside" in total.flags and total.operation == "sum" and _states_a_number(total, catalog)


def test_a_real_place_not_stored_is_still_refused_by_name(catalog):
    q = understand("南京市2023年收到多少申请", catalog)
    assert [u.mention for u in q.unresolved if u.kind == "agency"] == ["南京市"]


def test_answered_this_way_with_nothing_before_it_is_asked_back(catalog):
    # "这样" points at a story; alone it names nothing (read as the handled total it would be a wrong number)
    q = understand("平潭综合实验区2021年这样答复的有几件", catalog)
    assert not _states_a_number(q, catalog), q.describe()


def test_a_negation_beside_no_row_named_is_left_over(catalog):
    # "说没有这信息的": every word a function word alone, but a negation beside no row names an outcome; read as the
    # default row (the new requests from other organisations) it was a wrong number
    q = understand("平潭综合实验区21年其他组织申请的说没有这信息的几件", catalog)
    assert q.metric == Metric(3, row="unable.1") or not _states_a_number(q, catalog), q.describe()
    # a yes/no form, or a negation setting an agency aside, names no outcome
    q = understand("平潭综合实验区21年有没有商业企业申请的", catalog)
    assert q.metric == Metric(3, row="new") and q.applicant == "commercial", q.describe()
