"""How people phrase what the vocabulary already knows: a term in quotes, the words joining a share to its base,
one result of two 表四 blocks compared, "换成" before a place in a follow-up, a column pointed at by 那一列.

Questions here are written for these tests; agencies are named as real reports print them."""

from __future__ import annotations

import pytest

from assistant.understand import Catalog, Metric, understand
from tests.assistant.test_lists import STORED


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


def test_one_row_over_itself_in_another_year_is_no_share(catalog):
    # it was read as the row over its own total: 100%
    q = understand("Expressed as a percentage, how large was the Shanghai Municipal Government General Office's "
                   "2025 intake of new requests relative to its 2019 intake?", catalog)
    assert not q.grounded, q.describe()
    q = understand("淮安市2024年律师事务所递交的申请占全部新收申请的比例是多少", catalog)  # an applicant type's share: one
    assert q.metric == Metric(3, row="new", per="new") and q.applicant == "legal" and q.grounded, q.describe()
