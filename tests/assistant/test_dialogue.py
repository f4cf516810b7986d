"""Follow-ups over more than the last turn: "这俩加起来呢", "这两个哪个多", "Which had more …?" after two figure
questions add up or compare those two figures; "换成2025年看看" moves the year.

Questions here are written for these tests; agencies are named as real reports print them."""

from __future__ import annotations

from assistant.understand import Catalog, Metric, Query, understand
from tests.assistant.test_grounding import _states_a_number
from tests.assistant.test_wordings import STORED

CATALOG = Catalog(STORED)


def _turns(*questions: str, catalog: Catalog = CATALOG) -> Query:
    """The last question of a conversation, understood with the turns before it (up to four, as a chat keeps)."""
    turns: list[Query] = []
    for question in questions:
        turns.append(understand(question, catalog, turns[-1] if turns else None, tuple(turns[-4:-1])))
    return turns[-1]


def test_two_rows_of_one_report_asked_in_turn_are_added():
    q = _turns("沭阳县政府2025年全部公开的申请有多少？", "部分公开的呢？", "这俩加起来呢")
    assert q.metric == Metric(3, parts=("granted", "partial")) and q.agencies == ("沐阳县人民政府",)
    assert q.years == (2025,) and q.grounded and "pair_of_previous" in q.flags
    assert "前几问给出的数字" in q.describe()


def test_two_results_of_one_block_asked_in_turn_are_compared_in_the_order_asked():
    q = _turns("淮安市2024年行政复议结果纠正的是多少件？", "维持的呢", "这两个哪个多？")
    assert q.operation == "compare" and q.grounded
    assert q.compared == (Metric(4, row="cases", column="review.corrected"), Metric(4, row="cases", column="review.upheld"))


def test_one_cell_of_two_agencies_and_years_asked_in_turn_is_compared_each_in_its_own_year():
    q = _turns("How many reconsideration cases were still pending for Huai'an city at the end of 2024?",
               "And for Shuyang County at the end of 2025?", "Which had more pending reconsiderations?")
    assert q.operation == "compare" and q.grounded
    assert set(q.agency_years) == {("淮安市人民政府", 2024), ("沐阳县人民政府", 2025)}


def test_the_two_figures_are_never_guessed_from_one_turn_or_another_cell():
    # one figure asked before: "these two" points at nothing
    q = _turns("沭阳县政府2025年全部公开的申请有多少？", "这俩加起来呢")
    assert not _states_a_number(q, CATALOG), q.describe()
    # the cell named now is neither of the two asked before
    q = _turns("How many reconsideration cases were still pending for Huai'an city at the end of 2024?",
               "And for Shuyang County at the end of 2025?", "Which had more new requests?")
    assert "pair_of_previous" not in q.flags


def test_switching_the_year_keeps_the_agency_and_cell():
    q = _turns("上海市府办2019年新收了多少申请？", "换成2025年看看")
    assert q.years == (2025,) and q.metric == Metric(3, row="new") and q.agencies == ("上海市人民政府办公厅",)
    assert q.grounded


def test_another_agencys_same_cell_added_to_the_figure_just_given():
    q = _turns("How many new requests did the Huai'an city government get in 2024?",
               "So if you add Hongze District's 2023 intake to that, what's the combined figure?")
    assert q.operation == "sum" and q.metric == Metric(3, row="new") and q.grounded
    assert q.agency_years == (("淮安市人民政府", 2024), ("洪泽区人民政府", 2023))


def test_another_cell_of_the_same_report_compared_with_the_figure_just_given():
    q = _turns("Pingtan zone 2022 — how many reconsideration cases?",
               "Was that more or fewer than the lawsuits filed directly that year?")
    assert q.operation == "compare" and q.years == (2022,) and q.grounded
    assert q.compared == (Metric(4, row="cases", column="review.total"), Metric(4, row="cases", column="suit_direct.total"))


def test_one_figure_asked_of_several_years_or_agencies_carried_over_asks_which():
    q = _turns("I've got the Pingtan zone's 2021 and 2022 reports open.", "How many requests were partially disclosed?")
    assert "years_unsettled" in q.flags and not _states_a_number(q, CATALOG)
    q = _turns("我在对比洪泽区2023年和淮安市2024年这两份年报。", "它那边行政复议有几件？")
    assert "agency_unsettled" in q.flags and not _states_a_number(q, CATALOG)
    # each asked for, or the turn before listed each itself: every one of them, as before
    assert "years_unsettled" not in _turns("I've got the Pingtan zone's 2021 and 2022 reports open.",
                                           "How many requests were partially disclosed in each?").flags
    q = _turns("平潭综合实验区2021年和2022年新收申请各多少", "部分公开的呢")
    assert q.years == (2021, 2022) and q.grounded and "years_unsettled" not in q.flags


def test_the_change_between_the_two_years_just_asked():
    q = _turns("How many normative documents were in force in the Pingtan zone at the end of 2021?", "And 2022?",
               "What's the net change between the two?")
    assert q.operation == "change" and q.years == (2021, 2022) and q.grounded, q.describe()
    q = _turns("How many requests did Hongze District receive in 2023?", "How many were partly disclosed?",
               "and how many couldn't be provided because the office doesn't have the info?")
    assert q.metric == Metric(3, row="unable.1") and q.grounded, q.describe()


def test_a_share_of_individuals_rather_than_organisations_of_the_cell_just_asked():
    q = _turns("How many new requests did Shuyang County get in 2025?",
               "What % of them came from individuals rather than organisations?")
    assert q.operation == "ratio" and q.applicant == "natural" and q.grounded, q.describe()


def test_a_group_asked_whole_in_a_year_whose_format_splits_it_adds_its_rows():
    q = _turns("平潭2022年因为逾期不补正被不再处理的有几件？", "其他处理那三种加一块是多少")
    assert q.metric == Metric(3, derived="other_group") and q.years == (2022,) and q.grounded, q.describe()


def test_another_years_same_cell_added_to_the_figure_just_given():
    q = _turns("What did the Pingtan zone collect in administrative fees in 2021?",
               "Add 2022's amount to that. What's the two-year total?")
    assert q.operation == "sum" and q.years == (2021, 2022) and q.grounded
    assert q.metric == Metric(2, row="fees", column="amount"), q.describe()
    q = _turns("平潭综合实验区2021年新收申请多少", "加上2022年的一共多少")
    assert q.operation == "sum" and q.years == (2021, 2022) and q.metric == Metric(3, row="new") and q.grounded


def test_a_sum_word_alone_adds_the_two_figures_just_asked():
    q = _turns("平潭综合实验区2021年予以公开几件？", "部分公开呢", "一共多少")
    assert q.metric == Metric(3, parts=("granted", "partial")) and q.grounded and "pair_of_previous" in q.flags
    # two 表四 totals that share no case: the reconsiderations and both lawsuits
    q = _turns("淮安市2024年行政复议多少件", "诉讼呢", "合起来多少")
    assert q.metric == Metric(4, row="cases", parts=("review.total", "suit_direct.total", "suit_after.total"))
    assert q.grounded


def test_a_sum_word_after_one_figure_restates_nothing():
    # one figure is no sum: the figure just given is not stated again as the total asked
    q = _turns("平潭2022年行政复议有几件", "一共多少")
    assert not _states_a_number(q, CATALOG), q.describe()


def test_the_result_just_asked_goes_with_the_blocks_named_now():
    q = _turns("淮安市2024年行政复议结果维持几件", "那诉讼呢")
    assert q.metric == Metric(4, row="cases", parts=("suit_direct.upheld", "suit_after.upheld")) and q.grounded
    q = _turns("Huai'an city 2024: how many direct lawsuits ended corrected?", "and the reconsiderations?")
    assert q.metric == Metric(4, row="cases", column="review.corrected") and q.grounded


def test_other_outcomes_after_a_block_are_that_blocks_result():
    # "other outcomes" is 表三's （六）其他处理 as well; after a question on reconsiderations it is theirs
    q = _turns("Huai'an city 2024: reconsideration cases corrected?", "and other outcomes?")
    assert q.metric == Metric(4, row="cases", column="review.other") and q.grounded
    q = _turns("Huai'an city 2024: how many requests were partly disclosed?", "and other outcomes?")
    assert q.metric is None or q.metric.table == 3


def test_a_different_thing_starts_afresh_and_is_no_difference():
    q = _turns("Pingtan 2020: how many requests were partially disclosed?",
               "A different thing: how many penalty decisions did Huai'an city record in 2024?")
    assert q.agencies == ("淮安市人民政府",) and q.years == (2024,) and q.operation == "value"
    assert q.metric is not None and q.metric.table == 2


def test_the_ones_that_went_through_reconsideration_after_direct_suits_are_the_suits_after_it():
    q = _turns("How many lawsuits were filed directly against Huai'an city in 2024?",
               "And the ones that went through reconsideration first?")
    assert q.metric == Metric(4, row="cases", column="suit_after.total") and q.grounded, q.describe()
