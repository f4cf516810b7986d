"""Cells named by their place in the national format (FORMAT.md §3–§4): 表四's fifteen columns counted from the left,
表三's "row 3(4)1" numbering, and "第三大项第N小项", which item 三's own groups make ambiguous.

Questions here are written for these tests; agencies are named as real reports print them."""

from __future__ import annotations

import pytest

from assistant.understand import Catalog, Metric, understand
from tests.assistant.test_grounding import _states_a_number
from tests.assistant.test_lists import STORED


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(STORED)


def _t4(column: str) -> Metric:
    return Metric(4, row="cases", column=column)


@pytest.mark.parametrize("question, column", [
    ("淮安市政府2024年那份年报，表四从左数第四列是几？", "review.pending"),
    ("What figure sits in the fourth column of table 4 of the 2025 report by the Shanghai general office?",
     "review.pending"),
    ("桦川县2020年报 表四第1列（行政复议-结果维持）", "review.upheld"),
    ("Huai'an 2024 table 4, column 6 please.", "suit_direct.upheld"),
    ("Huai'an City 2024 — table 4's last column. What does it say?", "suit_after.total"),
    ("上海市政府办公厅2019年报 表四第九列填的啥数", "suit_direct.pending"),
    ("Shanghai general office 2019: column 11 of table 4?", "suit_after.upheld"),
])
def test_a_table4_column_by_its_place(catalog, question, column):
    # the fifteen columns (FORMAT.md §4): three blocks (复议, 直接起诉, 复议后起诉) of 维持, 纠正, 其他, 尚未审结, 总计
    q = understand(question, catalog)
    assert q.metric == _t4(column) and q.grounded, q.describe()


def test_a_table4_column_place_and_words_that_disagree_are_asked_back(catalog):
    q = understand("淮安市2024年表四第1列的结果纠正是多少", catalog)  # column 1 is 行政复议/结果维持
    assert not _states_a_number(q, catalog) or q.metric == _t4("review.upheld"), q.describe()
    assert not q.grounded


def test_a_table4_column_past_the_fifteenth_names_none(catalog):
    q = understand("淮安市2024年表四第16列是多少", catalog)
    assert not _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question, metric, applicant", [
    ("Huachuan County 2020, table 3 row 3(1) — fully disclosed, natural-person column. Number?",
     Metric(3, row="granted"), "natural"),
    ("Shanghai general office, 2019 report: row 3(5)1 of table 3, natural persons.", Metric(3, row="notproc.1"),
     "natural"),
    ("Row 3(5) of table 3 in Shanghai General Office's 2025 report — total?", Metric(3, derived="notproc"), "total"),
])
def test_table3_rows_by_the_formats_numbering(catalog, question, metric, applicant):
    q = understand(question, catalog)
    assert q.metric == metric and q.applicant == applicant and q.grounded, q.describe()


def test_item_three_and_a_sub_item_alone_is_asked_back_with_both_readings(catalog):
    # 三、本年度办理结果's second group is （二）部分公开; （三）不予公开's second row is 2.其他法律行政法规禁止公开
    q = understand("平潭2022年报表三第三大项第2小项，总计多少？", catalog)
    assert not q.grounded, q.describe()
    offered = {q.metric, *q.alternatives}
    assert {Metric(3, row="denied.2"), Metric(3, row="partial")} <= offered


@pytest.mark.parametrize("question, metric", [
    ("洪泽2023年报第三大项第1小项，就是国家秘密那条，自然人有几件？", Metric(3, row="denied.1")),
    ("平潭2022年报表三第三大项第2小项部分公开，总计多少？", Metric(3, row="partial")),
])
def test_item_three_and_a_sub_item_beside_the_cells_name_is_that_cell(catalog, question, metric):
    q = understand(question, catalog)
    assert q.metric == metric and q.grounded, q.describe()
