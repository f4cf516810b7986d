"""How people phrase what the vocabulary already knows: a term in quotes, the words joining a share to its base,
one result of two 表四 blocks compared, "换成" before a place in a follow-up, a column pointed at by 那一列.

Questions here are written for these tests; agencies are named as real reports print them."""

from __future__ import annotations

import pytest

from assistant.understand import Catalog, Metric, understand
from tests.assistant.test_grounding import _states_a_number
from tests.assistant.test_lists import SHANGHAI, STORED


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(STORED + [("沭阳县发展和改革局", 2023)])


def test_a_quoted_term_is_read_whole(catalog):
    # "handling', in the total" was read as （七）总计 across the quote mark
    q = understand("How many requests did Pingtan's zone government close under 'other handling', in the total "
                   "column, in 2020?", catalog)
    assert q.metric == Metric(3, row="other") and q.applicant == "total", q.describe()


@pytest.mark.parametrize("question, metric", [
    ("Huai'an city, 2024: out of all the administrative reconsideration cases, what percent ended with the decision "
     "upheld?", Metric(4, row="cases", column="review.upheld", per="review.total")),
    ("Shuyang County People's Government, 2025 report: the proportion of administrative review cases whose result "
     "was 'corrected', relative to the total review cases?", Metric(4, row="cases", column="review.corrected",
                                                                     per="review.total")),
])
def test_the_words_joining_a_share_to_its_base_are_accounted_for(catalog, question, metric):
    q = understand(question, catalog)
    assert q.metric == metric and q.operation == "ratio" and q.grounded, q.describe()


def test_one_result_of_two_blocks_compared(catalog):
    q = understand("洪泽区2023年表四：行政复议的结果维持数，和复议后起诉的结果维持数，哪个大？", catalog)
    assert q.operation == "compare" and q.grounded, q.describe()
    assert q.compared == (Metric(4, row="cases", column="review.upheld"),
                          Metric(4, row="cases", column="suit_after.upheld"))


def test_a_place_after_a_word_of_switching_is_the_agency(catalog):
    first = understand("沭阳县发改局2023年予以公开多少件", catalog)
    q = understand("换成沭阳县政府25年的看看", catalog, first)
    assert q.agencies == ("沐阳县人民政府",) and q.years == (2025,) and q.metric == Metric(3, row="granted"), \
        q.describe()
    assert q.grounded


def test_a_column_pointed_at_in_a_follow_up_keeps_the_row(catalog):
    first = understand("平潭实验区2021年本年新收申请中社会公益组织提的多少件", catalog)
    q = understand("其他那一列呢", catalog, first)
    assert q.metric == Metric(3, row="new") and q.applicant == "other_org" and q.grounded, q.describe()


@pytest.mark.parametrize("question", ["洪泽2023年积压多少件", "How big was Hongze's backlog in 2023?"])
def test_a_backlog_alone_is_asked_back_with_both_carry_overs(catalog, question):
    # a backlog is the requests carried in from the year before, or those carried out into the next
    q = understand(question, catalog)
    assert not q.grounded, q.describe()
    offered = {m.row for m in (q.metric, *q.alternatives) if m is not None}
    assert {"carried_in", "carried_out"} <= offered


def test_a_backlog_beside_the_carry_over_named_is_that_carry_over(catalog):
    q = understand("年底没办完、结转到下一年继续办的申请：淮安市政府2024、沭阳县政府2025，哪个积压最多", catalog)
    assert q.metric == Metric(3, row="carried_out") and q.operation == "rank" and q.grounded, q.describe()


@pytest.mark.parametrize("question", ["上海市府办25年其他处理里最后那个“其他”有多少件", "平潭2022年其他处理下面那个其他是几件"])
def test_the_other_under_other_handling_is_its_last_row(catalog, question):
    q = understand(question, catalog)
    assert q.metric == Metric(3, row="other.3") and q.grounded, q.describe()


def test_one_row_over_itself_in_another_year_is_the_ratio_of_the_two_reports(catalog):
    # it was read as the row over its own total: 100%; it is the 2025 report's cell over the 2019 report's
    q = understand("Expressed as a percentage, how large was the Shanghai Municipal Government General Office's "
                   "2025 intake of new requests relative to its 2019 intake?", catalog)
    assert q.ratio_of == ((SHANGHAI, 2025), (SHANGHAI, 2019)) and q.metric == Metric(3, row="new"), q.describe()
    assert q.operation == "ratio" and q.grounded
    q = understand("淮安市2024年律师事务所递交的申请占全部新收申请的比例是多少", catalog)  # an applicant type's share: one
    assert q.metric == Metric(3, row="new", per="new") and q.applicant == "legal" and q.grounded, q.describe()


@pytest.mark.parametrize("question, columns", [
    ("淮安市政府2024年的新申请，是企业来的多还是律所来的多？", ("commercial", "legal")),
    ("Did individuals or businesses file more new requests with Hongze in 2023?", ("natural", "commercial")),
])
def test_two_applicant_columns_compared(catalog, question, columns):
    q = understand(question, catalog)
    assert q.compared_columns == columns and q.metric == Metric(3, row="new") and q.operation == "compare", \
        q.describe()
    assert q.grounded


def test_two_applicant_columns_added_are_not_compared(catalog):
    q = understand("淮安市2024年企业和律所的新申请加起来多少", catalog)
    assert q.compared_columns == () and q.applicant == "commercial+legal" and q.grounded, q.describe()


def test_a_bare_place_comparing_two_cells_of_one_year_is_asked_back_when_a_department_reported(catalog):
    # 平潭 2021: the zone and its public security bureau both reported
    q = understand("平潭2021年新收申请里自然人和法人或其他组织哪个多", catalog)
    assert not q.grounded or q.ambiguous, q.describe()
    assert q.ambiguous


@pytest.mark.parametrize("question, metric", [
    ("嗯嗯嗯 平潭实验区2021年度报告 因为属于行政执法案卷 不予公开的 有几件啊", Metric(3, row="denied.7")),
    ("就是 我看新闻说平潭收费挺多的 然后 想问一下平潭综合实验区22年的年报里行政事业性收费金额是多少",
     Metric(2, row="fees", column="amount")),
])
def test_spoken_fillers_name_nothing(catalog, question, metric):
    q = understand(question, catalog)
    assert q.metric == metric and q.grounded, q.describe()


def test_a_misheard_carry_over_is_asked_back_about_not_refused(catalog):
    # 节转 (jie zhuan) for 结转: which carry-over is not said
    q = understand("上海市政府办公厅2025年 节转的申请有多少件", catalog)
    assert not q.grounded and ("节转", "结转") in q.typed, q.describe()
    assert {Metric(3, row="carried_in"), Metric(3, row="carried_out")} <= {q.metric, *q.alternatives}


def test_a_place_in_the_possessive_before_an_agency_inside_it_only_says_where(catalog):
    q = understand("淮安的洪泽区2023年行政事业性收费收了多少万元", catalog)
    assert q.agencies == ("洪泽区人民政府",) and q.grounded, q.describe()


def test_two_questions_in_a_row_are_no_story(catalog):
    # the first asks too: setting it aside read the change from 2021 and the year before it (a wrong number)
    first = understand("平潭综合实验区2021年未经复议直接起诉的信息公开行政诉讼有多少件？", catalog)
    q = understand("那到了2022年变成多少？跟21年比变化了几件？", catalog, first)
    assert q.years == (2021, 2022) and q.operation == "change" and "story_set_aside" not in q.flags, q.describe()


def test_given_open_is_disclosed_not_the_requests_received(catalog):
    # "open" was a function word: "how many applications were given open?" was read as the requests received
    q = understand("Huachuan county people government 2020 year, how many applications were given open?", catalog)
    assert q.metric == Metric(3, row="granted") and q.grounded, q.describe()
    q = understand("How many applications did Hongze get opened in 2023?", catalog)
    assert not _states_a_number(q, catalog) or q.metric == Metric(3, row="granted"), q.describe()


@pytest.mark.parametrize("question, reports", [
    ("平潭综合实验区2022年的新收申请量是2021年的百分之几？", (("平潭综合实验区", 2022), ("平潭综合实验区", 2021))),
    ("沭阳县政府2025年新收的申请数，相当于淮安市政府2024年的百分之多少？", (("沐阳县人民政府", 2025), ("淮安市人民政府", 2024))),
])
def test_one_cell_of_two_reports_as_a_ratio_is_the_first_over_the_second(catalog, question, reports):
    q = understand(question, catalog)
    assert q.ratio_of == reports and q.metric == Metric(3, row="new") and q.grounded, q.describe()


def test_a_share_of_one_report_is_no_ratio_of_reports(catalog):
    q = understand("平潭2021年和2022年予以公开占办结总数的比例", catalog)
    # (予以公开 over 办结总数 is the format's 予以公开率, in each year)
    assert q.ratio_of == () and q.metric == Metric(3, derived="disclosure_rate") and q.years == (2021, 2022), \
        q.describe()


@pytest.mark.parametrize("question, metric", [
    ("How many requests did Hongze open in full in 2023?", Metric(3, row="granted")),
    ("How many open-records requests did Hongze get in 2023?", Metric(3, row="new")),
])
def test_open_is_a_disclosure_verb_and_part_of_the_requests_name(catalog, question, metric):
    # beside a disclosure row "open" restates it; in "open records" it only names the requests
    q = understand(question, catalog)
    assert q.metric == metric and q.grounded, q.describe()
