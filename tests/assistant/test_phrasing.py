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
