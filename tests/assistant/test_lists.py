"""Lists in a question: agencies each with their years, rows joined into a sum, one word naming two rows, and a
check word beside a figure asked for.

Questions here are written for these tests; agencies are named as real reports print them."""

from __future__ import annotations

import pytest

from assistant.understand import Catalog, Metric, understand
from tests.assistant.test_grounding import _states_a_number

STORED = [("桦川县人民政府", 2020), ("洪泽区人民政府", 2023), ("淮安市人民政府", 2024),
          ("平潭综合实验区", 2019), ("平潭综合实验区", 2020), ("平潭综合实验区", 2021), ("平潭综合实验区", 2022),
          ("平潭综合实验区公安局", 2021), ("沐阳县人民政府", 2025),
          ("上海市人民政府办公厅", 2019), ("上海市人民政府办公厅", 2025)]
SHANGHAI, PINGTAN = "上海市人民政府办公厅", "平潭综合实验区"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(STORED)


@pytest.mark.parametrize("question", [
    "Comparing Shanghai's general office in 2019, the same office in 2025, and Pingtan in 2022, where did commercial "
    "enterprises lodge the most new requests?",
    "上海市府办2019年、同一单位2025年和平潭2022年，谁的新收申请最多",
])
def test_an_agency_named_again_takes_its_own_year(catalog, question):
    q = understand(question, catalog)
    assert set(q.agency_years) == {(SHANGHAI, 2019), (SHANGHAI, 2025), (PINGTAN, 2022)}, q.describe()
    assert q.operation == "rank" and q.grounded


def test_a_year_no_agency_takes_beside_agencies_with_years_is_asked_back(catalog):
    # (2025 was dropped from the ranking: its report was never compared)
    q = understand("In 2025 terms: comparing Shanghai's general office in 2019 and Pingtan in 2022, where did "
                   "commercial enterprises lodge the most new requests?", catalog)
    assert not q.grounded and not _states_a_number(q, catalog), q.describe()


@pytest.mark.parametrize("question", [
    "行政事业性收费金额排一下：平潭实验区21年、22年，洪泽23年，淮安市24年，哪家最高",
    "Fees collected, ranked: Pingtan zone 2021, 2022, Hongze 2023 and Huai'an city 2024 — which is highest?",
])
def test_years_listed_after_one_agency_are_each_its_own(catalog, question):
    q = understand(question, catalog)
    assert set(q.agency_years) == {(PINGTAN, 2021), (PINGTAN, 2022), ("洪泽区人民政府", 2023),
                                   ("淮安市人民政府", 2024)}, q.describe()
    assert q.operation == "rank" and q.grounded


@pytest.mark.parametrize("question, rows", [
    ("Huai'an city 2024: administrative penalty decisions plus administrative compulsory-measure decisions — what is "
     "the combined number?", ("penalty", "enforcement")),
    ("沭阳县2025年行政处罚跟行政强制的处理决定加起来多少个", ("penalty", "enforcement")),
    ("Huachuan County 2020 report: if I add the decisions on administrative licensing and the decisions on other "
     "external management and service matters, what total do I get?", ("licensing", "other_services")),
])
def test_table2_rows_joined_with_their_column_word_between_are_added(catalog, question, rows):
    q = understand(question, catalog)
    assert q.metric is not None and q.metric.table == 2 and q.metric.parts == rows, q.describe()
    assert q.metric.column == "decisions" and q.grounded


def test_two_rows_compared_by_their_totals_are_not_added(catalog):
    # 总计 names each row's total column here, not a sum of the two rows (it was read as one: a wrong number)
    q = understand("沭阳县政府2025年报表三，上年结转和结转下年度的总计哪个大？", catalog)
    assert not (q.metric is not None and q.metric.parts and _states_a_number(q, catalog)), q.describe()


@pytest.mark.parametrize("question", ["平潭2022年不再办理的有几件", "How many were dropped in Pingtan 2022?"])
def test_one_word_naming_two_rows_alike_is_asked_back(catalog, question):
    # 不再处理 is in the labels of （六）1 (no clarification in time) and （六）2 (no fee paid)
    q = understand(question, catalog)
    assert not q.grounded and not _states_a_number(q, catalog), q.describe()
    offered = {m.row for m in (q.metric, *q.alternatives) if m is not None}
    assert {"other.1", "other.2"} <= offered


@pytest.mark.parametrize("question, row", [
    ("淮安市政府2024年因为没交钱不再处理的申请有几个", "other.2"),
    ("平潭22年让申请人补材料 超期了也没补 就不再处理的有几件", "other.1"),
])
def test_the_row_another_word_names_alone_is_read(catalog, question, row):
    q = understand(question, catalog)
    assert q.metric == Metric(3, row=row) and q.grounded, q.describe()


def test_a_comparison_to_be_fact_checked_is_the_comparison(catalog):
    q = understand("Fact-check: is it true that Shuyang county (2025 report) issued more administrative licensing "
                   "decisions than Huai'an city did in its 2024 report?", catalog)
    assert q.route == "figures" and q.operation == "compare" and q.grounded, q.describe()
    q = understand("写稿核对一下：平潭2019、2020、2021、2022这四年里，哪一年新收的政府信息公开申请最多？", catalog)
    assert q.route == "figures" and q.operation == "rank" and q.metric == Metric(3, row="new"), q.describe()


def test_figures_said_as_a_noun_beside_a_check_word_ask_for_the_checks(catalog):
    q = understand("Hongze District 2023 report — are its figures internally consistent, esp. the reconsideration "
                   "and litigation table?", catalog)
    assert q.route == "check" and q.grounded, q.describe()


def test_a_cell_word_no_metric_takes_states_no_number_from_the_text(catalog):
    # "outcomes" names the requests section's heading; "upheld" of which 表四 block is not said
    q = understand("How many upheld outcomes did Huai'an city have in 2024?", catalog)
    assert q.metric is None and "cell_words_open" in q.flags, q.describe()


@pytest.mark.parametrize("question, metric", [
    ("平潭20年信息公开申请里头 归到其它处理的有多少件", Metric(3, row="other")),
    ("平潭全区2021年全部公开加部份公开一共多少件", Metric(3, parts=("granted", "partial"))),
])
def test_a_variant_writing_is_the_usual_word(catalog, question, metric):
    q = understand(question, catalog)
    assert q.metric == metric and q.grounded, q.describe()
