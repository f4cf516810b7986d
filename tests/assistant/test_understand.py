"""Question understanding: questions → Query, by vocabulary from reportformat (no model)."""

from __future__ import annotations

import json
import random
import time

import pytest

from assistant.understand import Catalog, Metric, Query, Unresolved, format_of, understand
from index import reportformat as rf
from index.reportformat import CellKey

AGENCIES = {
    "桦川县人民政府": (2020,),
    "平潭综合实验区": (2019, 2020, 2021, 2022),
    "沭阳县发展和改革局": (2023,),
    "沭阳县人民政府": (2025,),
    "淮安市洪泽区人民政府": (2023,),
    "淮安市人民政府": (2024,),
    "上海市人民政府办公厅": (2019,),
    "北京市朝阳区人民政府": (2022,),
    "长春市朝阳区人民政府": (2022,),
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog((a, y) for a, years in AGENCIES.items() for y in years)


@pytest.fixture(scope="module")
def huachuan() -> Catalog:
    return Catalog([("桦川县人民政府", 2020)])


def t3(row: str) -> Metric:
    return Metric(3, row=row)


# ---------------------------------------------------------------------------
# The required examples
# ---------------------------------------------------------------------------


def test_fully_disclosed_in_2020_is_table3_granted_total(huachuan):
    q = understand("how many applications were fully disclosed in 2020", huachuan)
    assert q.metric == t3("granted")
    assert q.applicant == "total"
    assert q.years == (2020,)
    assert q.route == "figures"
    assert q.language == "en"
    assert q.operation == "value"
    assert q.cells("2019") == (CellKey(3, "granted", "total"),)


def test_chinese_question_with_short_agency_name(huachuan):
    q = understand("2020年桦川县收到多少件政府信息公开申请", huachuan)
    assert q.agencies == ("桦川县人民政府",)
    assert q.mentions[0].text == "桦川县"
    assert q.metric == t3("new")
    assert q.applicant == "total"
    assert q.years == (2020,)
    assert q.language == "zh"
    assert q.route == "figures"
    assert q.describe() == "理解为：桦川县人民政府 · 2020 · 表三 一、本年新收政府信息公开申请数量 · 总计 · 取值"


def test_does_not_hold_the_information_is_unable_1(huachuan):
    q = understand("How many requests did the county answer by saying it does not hold the information?", huachuan)
    assert q.metric == t3("unable.1")
    assert q.route == "figures"


def test_penalty_decisions_is_a_table2_cell(huachuan):
    q = understand("行政处罚处理决定数量是多少", huachuan)
    assert q.metric == Metric(2, row="penalty", column="decisions")
    assert q.applicant is None
    assert q.metric.cells("2019") == (CellKey(2, "penalty", "decisions"),)
    assert q.metric.cells("2021") == (CellKey(2, "penalty", "decisions"),)


def test_total_procurement_amount_is_a_table2_cell(huachuan):
    q = understand("What was the total amount of centralized government procurement?", huachuan)
    assert q.metric == Metric(2, row="procurement", column="amount")
    assert q.route == "figures"
    assert q.years == (2020,)  # the newest year whose format has the row
    assert q.cells("2019") == (CellKey(2, "procurement", "amount"),)
    assert q.cells("2021") == ()  # item (九) was dropped in 2021


def test_website_item_count_is_narrative(huachuan):
    q = understand("How many items did the government website publish in 2020?", huachuan)
    assert q.route == "narrative"
    assert q.metric is None
    assert "政府网站" in q.topics
    assert q.years == (2020,)


def test_problems_question_is_narrative_with_section_5_hint(huachuan):
    q = understand("What problems does the report identify?", huachuan)
    assert q.route == "narrative"
    assert q.section == "五"
    assert q.metric is None
    assert "五、存在的主要问题及改进情况" in q.describe()


def test_year_not_stored_is_kept_and_marked_unresolved(huachuan):
    q = understand("How many applications were fully disclosed in 2021?", huachuan)
    assert q.years == (2021,)
    assert q.metric == t3("granted")
    assert q.unresolved == (Unresolved("year", "2021", available=(2020,), year=2021),)


def test_year_missing_for_the_named_agency_names_the_stored_years(huachuan):
    q = understand("桦川县2021年予以公开多少件", huachuan)
    assert q.unresolved == (Unresolved("year", "2021年", agency="桦川县人民政府", available=(2020,), year=2021),)
    assert q.unresolved[0].describe("en") == "no 2021 report for 桦川县人民政府 (stored: 2020)"
    assert "桦川县人民政府没有2021年的报告（已有：2020）" in q.describe()


# ---------------------------------------------------------------------------
# Years
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["二〇二〇年平潭予以公开多少件", "二零二零年平潭予以公开多少件", "平潭2020年度予以公开多少件",
                                  "平潭２０２０年予以公开多少件", "Pingtan fully disclosed in 2020?"])
def test_year_forms(catalog, text):
    assert understand(text, catalog).years == (2020,)


@pytest.mark.parametrize("text", ["平潭2019-2021收到申请", "平潭2019至2021年收到申请", "平潭2019年到2021年收到申请",
                                  "平潭从2019到2021收到申请", "Pingtan requests received from 2019 to 2021",
                                  "Pingtan requests received between 2019 and 2021", "Pingtan requests 2019–21",
                                  "平潭19到21每年收到申请", "平潭19年到21年每年收到申请", "平潭19年度至21年度每年收到申请"])
def test_year_ranges(catalog, text):
    q = understand(text, catalog)
    assert q.years == (2019, 2020, 2021)
    assert q.agencies == ("平潭综合实验区",)


def test_two_listed_years_are_not_a_range(catalog):
    assert understand("平潭2019年和2021年予以公开对比", catalog).years == (2019, 2021)


def test_relative_years_count_from_the_agencys_newest_year(catalog):
    assert understand("平潭去年收到多少申请", catalog).years == (2021,)  # newest stored: 2022
    assert understand("平潭前年收到多少申请", catalog).years == (2020,)
    assert understand("平潭今年收到多少申请", catalog).years == (2022,)
    assert understand("How many requests did Pingtan receive last year?", catalog).years == (2021,)
    assert understand("沭阳县去年收到多少申请", catalog).years == (2024,)  # its newest: 2025
    assert "relative_year" in understand("平潭去年收到多少申请", catalog).flags


def test_relative_year_without_agency_uses_the_catalog(catalog):
    assert understand("去年全部公开多少件", catalog).years == (2024,)  # catalog newest: 2025


def test_last_year_inside_a_row_alias_is_not_a_year(catalog):
    q = understand("How many requests did Pingtan carry over from last year in 2021?", catalog)
    assert q.years == (2021,)
    q = understand("How many requests were carried over from last year by Pingtan?", catalog)
    assert q.metric == t3("carried_in")
    assert "relative_year" not in q.flags


@pytest.mark.parametrize("text", ["平潭近三年收到的申请", "平潭最近3年收到的申请",
                                  "Pingtan requests over the past three years", "Pingtan requests in the last 3 years"])
def test_past_n_years(catalog, text):
    assert understand(text, catalog).years == (2020, 2021, 2022)


def test_default_year_is_the_newest_stored(catalog):
    q = understand("平潭予以公开多少件", catalog)
    assert q.years == (2022,)
    assert "default_year" in q.flags


# ---------------------------------------------------------------------------
# Agencies
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, agency", [
    ("How many requests did Huachuan County receive in 2020?", "桦川县人民政府"),
    ("huachuan 2020 requests received", "桦川县人民政府"),
    ("how many FOI requests did hua chuan get in 2020", "桦川县人民政府"),
    ("Huachuan county government, natural persons, 2020", "桦川县人民政府"),
    ("Pingtan 2021 partial disclosure", "平潭综合实验区"),
    ("Pingtan Comprehensive Experimental Zone 2021 partial disclosure", "平潭综合实验区"),
    ("平潭综合实验区2021年部分公开", "平潭综合实验区"),
    ("沭阳县发改局2023年收到多少申请", "沭阳县发展和改革局"),
    ("沭阳发改局2023年收到多少申请", "沭阳县发展和改革局"),
    ("Shuyang County Development and Reform Bureau: requests in 2023", "沭阳县发展和改革局"),
    ("沭阳县2025年收到多少申请", "沭阳县人民政府"),
    ("洪泽区政府2023年收到多少申请", "淮安市洪泽区人民政府"),
    ("淮安市洪泽区2023年收到多少申请", "淮安市洪泽区人民政府"),
    ("Hongze District, Huai'an: how many requests were refused in 2023?", "淮安市洪泽区人民政府"),
    ("淮安2024年收到多少申请", "淮安市人民政府"),
    ("上海市2019年予以公开多少", "上海市人民政府办公厅"),
])
def test_agency_forms(catalog, text, agency):
    q = understand(text, catalog)
    assert q.agencies == (agency,), q.describe()
    assert not q.ambiguous


def test_agency_name_inside_an_english_question_keeps_english(catalog):
    q = understand("How many requests did 桦川县人民政府 receive in 2020?", catalog)
    assert q.agencies == ("桦川县人民政府",)
    assert q.language == "en"


def test_short_form_shared_by_two_agencies_is_ambiguous(catalog):
    for text in ("朝阳区2022年收到多少申请", "Chaoyang District requests 2022"):
        q = understand(text, catalog)
        assert set(q.agencies) == {"北京市朝阳区人民政府", "长春市朝阳区人民政府"}
        assert q.ambiguous and "ambiguous_agency" in q.flags
        assert len(q.mentions) == 1


def test_government_outranks_its_office_for_the_bare_place_name():
    catalog = Catalog([("桦川县人民政府", 2020), ("桦川县人民政府办公室", 2020), ("桦川县教育局", 2020)])
    assert understand("桦川县2020年收到多少申请", catalog).agencies == ("桦川县人民政府",)
    assert understand("桦川县人民政府办公室2020年收到多少申请", catalog).agencies == ("桦川县人民政府办公室",)
    assert understand("桦川县教育局2020年收到多少申请", catalog).agencies == ("桦川县教育局",)


@pytest.mark.parametrize("text", [
    "Total requests received by 示例市人力资源和社会保障局, 示例市人民政府 and 示例市司法局 in 2020?",
    "示例市人力资源和社会保障局、示例市人民政府和示例市司法局2020年新收申请合计多少",
])
def test_a_city_government_listed_beside_its_departments_is_an_agency_of_its_own(text):
    catalog = Catalog([("示例市人民政府", 2020), ("示例市司法局", 2020), ("示例市人力资源和社会保障局", 2020)])
    q = understand(text, catalog)
    assert set(q.agencies) == {"示例市人民政府", "示例市司法局", "示例市人力资源和社会保障局"}, q.describe()
    assert q.operation == "sum"


def test_two_agencies_compared(catalog):
    q = understand("Compare the number of applications received by Pingtan and Huachuan in 2020", catalog)
    assert set(q.agencies) == {"平潭综合实验区", "桦川县人民政府"}
    assert q.operation == "compare"
    assert q.years == (2020,)


@pytest.mark.parametrize("text, mention", [
    ("北京市海淀区2020年收到多少申请", "北京市海淀区"),
    ("请问海淀区人民政府2020年予以公开多少件", "海淀区人民政府"),
    ("How many requests did Haidian District receive?", "Haidian District"),
])
def test_agency_not_stored_is_unresolved(catalog, text, mention):
    q = understand(text, catalog)
    assert q.agencies == ()
    assert Unresolved("agency", mention) in q.unresolved
    assert q.metric is not None


def test_generic_place_words_are_not_agencies(catalog):
    for text in ("哪个县收到的申请最多", "全市2021年收到多少申请", "各区县收到的申请合计"):
        assert not [u for u in understand(text, catalog).unresolved if u.kind == "agency"], text


# ---------------------------------------------------------------------------
# Metrics and columns
# ---------------------------------------------------------------------------


def test_legal_persons_is_the_derived_sum_of_five_columns(catalog):
    q = understand("平潭2021年法人或其他组织申请予以公开多少件", catalog)
    assert q.metric == t3("granted")
    assert q.applicant == rf.ORGANISATION_HEADER.id
    assert q.applicant_derived and "derived_column" in q.flags
    assert q.cells("2021") == tuple(CellKey(3, "granted", c) for c in rf.ORGANISATION_COLUMN_IDS)
    assert "法人或其他组织（五类之和）" in q.describe()


def test_applicant_column_alone_asks_for_requests_received(catalog):
    q = understand("律师事务所申请了几件", catalog)
    assert q.metric == t3("new")
    assert q.applicant == "legal"


def test_group_words_give_the_group_sum(catalog):
    q = understand("How many requests were refused by Pingtan in 2021?", catalog)
    assert q.metric == Metric(3, derived="denied")
    assert q.metric.cells("2021") == tuple(CellKey(3, f"denied.{i}", "total") for i in range(1, 9))
    assert "derived_metric" in q.flags


def test_a_reason_row_beats_its_group(catalog):
    assert understand("平潭2021年因信访举报投诉不予处理的申请有多少", catalog).metric == t3("notproc.1")
    assert understand("How many requests were refused because they concerned state secrets?",
                      catalog).metric == t3("denied.1")


def test_other_dispositions_follow_the_format_of_the_year(catalog):
    assert understand("平潭2020年其他处理多少件", catalog).metric == t3("other")
    assert understand("平潭2021年其他处理多少件", catalog).metric == Metric(3, derived="other_group")


def test_answered_is_processed_total_and_received_is_new(catalog):
    assert understand("How many requests were answered in 2020?", catalog).metric == t3("processed_total")
    assert understand("How many requests were handled by Pingtan?", catalog).metric == t3("processed_total")
    assert understand("How many applications did Pingtan receive?", catalog).metric == t3("new")


@pytest.mark.parametrize("text, column", [
    ("how many reconsideration cases did Pingtan have in 2021", "review.total"),
    ("平潭2020年行政复议被纠错的有几件", "review.corrected"),
    ("how many lawsuits filed directly were upheld", "suit_direct.upheld"),
    ("pending lawsuits after reconsideration", "suit_after.pending"),
    ("复议后起诉结果维持多少件", "suit_after.upheld"),
])
def test_table4_cells(catalog, text, column):
    q = understand(text, catalog)
    assert q.metric == Metric(4, row=rf.T4_ROW.id, column=column)
    assert q.applicant is None


def test_lawsuits_without_block_are_the_litigation_total(catalog):
    q = understand("How many lawsuits did Pingtan have in 2021?", catalog)
    assert q.metric == Metric(4, derived="litigation_total")
    assert q.metric.cells("2021") == (CellKey(4, "cases", "suit_direct.total"), CellKey(4, "cases", "suit_after.total"))
    q = understand("How many lawsuits against Pingtan were upheld in 2021?", catalog)
    assert q.metric == Metric(4, row="cases", parts=("suit_direct.upheld", "suit_after.upheld"))


@pytest.mark.parametrize("text, row, fmt, column", [
    ("平潭2021年行政许可处理决定数量", "licensing", "2021", "decisions"),
    ("how many administrative licences did Pingtan decide in 2021", "licensing", "2021", "decisions"),
    ("平潭2020年规范性文件对外公开总数量", "normative", "2019", "total_public"),
    ("how many normative documents were in force in 2021", "normative", "2021", "in_force"),
    ("平潭2021年现行有效规章有多少件", "rules", "2021", "in_force"),  # a documents row: its column named
    ("平潭2020年规章累计公开多少件", "rules", "2019", "total_public"),
    ("平潭2021年新制定规章多少件", "rules", "2021", "issued"),
    ("fees collected by Pingtan in 2021", "fees", "2021", "amount"),
    ("平潭2020年行政处罚本年增减多少", "penalty", "2019", "change"),
    ("How much did administrative penalties increase in 2020?", "penalty", "2019", "change"),
    ("平潭2020年政府采购项目数量", "procurement", "2019", "projects"),
])
def test_table2_cells(catalog, text, row, fmt, column):
    q = understand(text, catalog)
    assert q.metric is not None and q.metric.table == 2 and q.metric.row == row, q.describe()
    assert q.metric.t2_column(fmt).id == column  # type: ignore[union-attr]


def test_a_2019_format_row_named_alone_offers_its_item_and_decision_columns(catalog):
    # the 2019 format's 行政处罚 row counts items (上一年项目数量) and decisions (处理决定数量): either could be meant
    q = understand("平潭2020年行政处罚有多少", catalog)
    assert "column_unnamed" in q.flags
    assert Metric(2, row="penalty", column="decisions") in (q.metric, *q.alternatives)
    # the 2021 format's row counts decisions only
    assert "column_unnamed" not in understand("平潭2021年行政处罚有多少", catalog).flags


def test_table2_column_change_over_years_is_an_operation(catalog):
    q = understand("行政处罚处理决定从2019到2020增加了多少", catalog)
    assert q.metric == Metric(2, row="penalty", column="decisions")
    assert q.operation == "change"
    assert q.years == (2019, 2020)


def test_metric_missing_from_the_years_format_is_unresolved(catalog):
    q = understand("平潭2021年政府集中采购总金额", catalog)
    assert q.metric is not None and q.metric.row == "procurement"
    assert [u.kind for u in q.unresolved] == ["metric"]
    assert q.unresolved[0].available == (2019, 2020)


# ---------------------------------------------------------------------------
# Operations
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, operation, years", [
    ("平潭2021年和2022年予以公开的对比", "compare", (2021, 2022)),
    ("Compare Pingtan's full disclosures in 2020 vs 2021", "compare", (2020, 2021)),
    ("平潭2022年予以公开比2021年增加了多少", "change", (2021, 2022)),
    ("平潭与去年相比，予以公开增加了多少", "change", (2020, 2021)),
    # a change is read at its two ends: the years between are not asked (nor refused when not stored)
    ("Pingtan: how did the number of requests change from 2019 to 2021?", "change", (2019, 2021)),
    ("平潭历年收到的申请数量", "trend", (2019, 2020, 2021, 2022)),
    ("Show the trend of Pingtan's requests over the years", "trend", (2019, 2020, 2021, 2022)),
    ("2022年各单位收到的申请合计多少", "sum", (2022,)),
    ("How many requests did all agencies receive in total in 2022?", "sum", (2022,)),
    ("哪个县2022年收到的申请最多", "rank", (2022,)),
    ("Which agency received the most requests in 2022?", "rank", (2022,)),
    ("Top agencies by requests received in 2022", "rank", (2022,)),
    ("平潭2021年收到的申请中自然人占比多少", "ratio", (2021,)),
    ("What percentage of Pingtan's requests came from businesses in 2021?", "ratio", (2021,)),
])
def test_operations(catalog, text, operation, years):
    q = understand(text, catalog)
    assert q.operation == operation, q.describe()
    assert q.years == years
    assert q.route == "figures"


def test_share_fully_disclosed_is_the_disclosure_rate(catalog):
    for text in ("What share of requests did Pingtan grant in full in 2021?", "平潭2021年予以公开率是多少",
                 "平潭2021年全部公开的比例"):
        q = understand(text, catalog)
        assert q.metric == Metric(3, derived="disclosure_rate"), text
        assert q.operation == "ratio"
    q = understand("平潭2021年全部公开和部分公开的比例", catalog)
    assert q.metric == Metric(3, derived="disclosure_rate_incl_partial")
    assert q.metric.denominator("2021") == (CellKey(3, "processed_total", "total"),)


def test_sum_words_without_several_agencies_are_the_total_column(catalog):
    q = understand("平潭2021年收到的申请合计多少", catalog)
    assert q.operation == "value"
    assert q.applicant == "total"


# ---------------------------------------------------------------------------
# Route
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, section", [
    ("平潭微信公众号运营情况如何", None),
    ("Describe the training the agency held in 2021", None),
    ("桦川县2020年信息公开工作存在哪些问题？", "五"),
    ("What improvements are planned?", "五"),
    ("How much did Pingtan charge in information processing fees?", "六"),
    ("平潭2021年收取信息处理费情况", "六"),
    ("平潭政府网站2021年发布了多少条信息", None),
    ("平潭的政策解读做得怎么样", None),
])
def test_narrative_questions(catalog, text, section):
    q = understand(text, catalog)
    assert q.route == "narrative", q.describe()
    assert q.metric is None
    assert q.section == section


@pytest.mark.parametrize("text", [
    "平潭2021年办理了几件政协提案",
    "平潭2021年办理人大代表建议多少件",
    "How many CPPCC proposals were handled by Pingtan in 2021?",
    "Number of NPC deputies' suggestions Pingtan dealt with in 2021",
    # a generic word beside a specific topic: 文件 alone names 规范性文件 (表二) and "review" alone
    # 行政复议 (表四); here they only say what was reviewed before publication (section 一's prose)
    "平潭2021年公开前审查了多少件文件",
    "How many documents did Pingtan review before publication in 2021?",
    "Pingtan 2021: documents that passed the confidentiality review",
])
def test_a_counted_narrative_topic_is_not_a_table_figure(catalog, text):
    # 办理 / handled alone would name （七）总计: a number the question did not ask for
    q = understand(text, catalog)
    assert q.route == "narrative", q.describe()
    assert q.metric is None


@pytest.mark.parametrize(("text", "metric"), [
    ("平潭2021年制发了多少件文件", Metric(2, row="normative", column="issued")),
    ("How many penalty decisions did Pingtan publish on its website in 2021?", Metric(2, row="penalty", column=None)),
    ("How many administrative reviews did Pingtan face in 2021?", None),
])
def test_a_generic_word_still_names_its_row_without_a_specific_topic(catalog, text, metric):
    q = understand(text, catalog)
    assert q.route in ("figures", "both"), q.describe()
    if metric is not None:
        assert (q.metric.table, q.metric.row) == (metric.table, metric.row), q.describe()
    else:
        assert q.metric.table == 4, q.describe()


@pytest.mark.parametrize("text", ["How many new applications did Pingtan get in 2021?",
                                  "new disclosure requests received by Pingtan in 2021",
                                  "Pingtan 2021: number of new applications"])
def test_new_requests_are_the_first_row_not_the_news_topic(catalog, text):
    # the glossary's 政务动态 ("news updates") must not catch the word "new"
    q = understand(text, catalog)
    assert (q.route, q.metric, q.topics) == ("figures", t3("new"), ()), q.describe()


def test_news_updates_are_still_a_narrative_topic(catalog):
    q = understand("How many news updates did Pingtan post in 2021?", catalog)
    assert q.route == "narrative" and "政务动态" in q.topics


def test_handled_without_a_topic_is_still_the_total_handled(catalog):
    for text in ("平潭2021年办理了多少件申请", "How many requests did Pingtan handle in 2021?"):
        q = understand(text, catalog)
        assert q.route == "figures", q.describe()
        assert q.metric == t3("processed_total")


@pytest.mark.parametrize("text", ["平潭2021年其他处理中的其他有多少件", "平潭2021年自然人其他处理（其他）有几件",
                                  "平潭2021年其他处理/其他是多少"])
def test_a_generic_sub_row_is_named_through_its_group(catalog, text):
    q = understand(text, catalog)
    assert q.metric == t3("other.3"), q.describe()


def test_why_with_a_metric_is_both(catalog):
    q = understand("Why were requests refused by Pingtan in 2021?", catalog)
    assert q.route == "both"
    assert q.metric == Metric(3, derived="denied")
    q = understand("平潭2021年不予公开的原因有哪些", catalog)
    assert q.route == "both"


def test_how_with_an_operation_stays_figures(catalog):
    assert understand("How did Pingtan's requests change from 2020 to 2021?", catalog).route == "figures"


# ---------------------------------------------------------------------------
# Follow-ups
# ---------------------------------------------------------------------------


def test_follow_up_changes_only_the_year(catalog):
    first = understand("How many applications were fully disclosed by Pingtan in 2020?", catalog)
    q = understand("and in 2021?", catalog, first)
    assert (q.agencies, q.years, q.metric, q.applicant) == (("平潭综合实验区",), (2021,), t3("granted"), "total")
    assert q.language == "en"
    assert {"follow_up", "inherited_agency", "inherited_metric"} <= set(q.flags)


def test_follow_up_changes_only_the_metric(huachuan):
    first = understand("2020年桦川县自然人申请予以公开多少件", huachuan)
    q = understand("那部分公开呢？", huachuan, first)
    assert (q.agencies, q.years, q.metric, q.applicant) == (("桦川县人民政府",), (2020,), t3("partial"), "natural")


def test_follow_up_changes_only_the_column(catalog):
    first = understand("How many applications did Pingtan fully disclose in 2021?", catalog)
    q = understand("what about natural persons?", catalog, first)
    assert (q.agencies, q.years, q.metric, q.applicant) == (("平潭综合实验区",), (2021,), t3("granted"), "natural")
    q = understand("那法人或其他组织呢", catalog, q)
    assert q.applicant == rf.ORGANISATION_HEADER.id and q.metric == t3("granted")


def test_follow_up_changes_only_the_agency(catalog):
    first = understand("平潭2020年收到多少申请", catalog)
    q = understand("那桦川县呢", catalog, first)
    assert (q.agencies, q.years, q.metric) == (("桦川县人民政府",), (2020,), t3("new"))


def test_follow_up_year_missing_for_inherited_agency_is_unresolved(huachuan):
    first = understand("2020年桦川县收到多少件政府信息公开申请", huachuan)
    q = understand("and in 2021?", huachuan, first)
    assert q.years == (2021,) and q.agencies == ("桦川县人民政府",)
    assert [(u.kind, u.year) for u in q.unresolved] == [("year", 2021)]


def test_follow_up_compare_with_a_year_uses_the_previous_year(catalog):
    first = understand("How many applications were fully disclosed by Pingtan in 2021?", catalog)
    q = understand("compare with 2019", catalog, first)
    assert q.operation == "compare" and q.years == (2019, 2021) and q.metric == t3("granted")


def test_follow_up_keeps_a_trend_when_the_metric_changes(catalog):
    first = understand("平潭2019至2021年不予公开的趋势", catalog)
    q = understand("那无法提供呢", catalog, first)
    assert q.operation == "trend" and q.years == (2019, 2020, 2021) and q.metric == Metric(3, derived="unable")


def test_follow_up_keeps_ranking_for_a_new_year_and_drops_it_for_an_agency(catalog):
    first = understand("Which agency received the most requests in 2020?", catalog)
    q = understand("and in 2021?", catalog, first)
    assert q.operation == "rank" and q.years == (2021,) and q.agencies == ()
    q = understand("what about Pingtan?", catalog, q)
    assert q.operation == "value" and q.agencies == ("平潭综合实验区",)


def test_follow_up_to_text(huachuan):
    first = understand("2020年桦川县收到多少件政府信息公开申请", huachuan)
    q = understand("有哪些问题？", huachuan, first)
    assert q.route == "narrative" and q.section == "五" and q.metric is None
    assert q.agencies == ("桦川县人民政府",) and q.years == (2020,)
    refused = understand("2020年桦川县不予公开多少件", huachuan)
    q = understand("为什么？", huachuan, refused)
    assert q.route == "both" and q.metric == Metric(3, derived="denied")


def test_a_fresh_question_overrides_the_context(catalog):
    first = understand("平潭2020年收到多少申请", catalog)
    q = understand("How many lawsuits filed directly were upheld by Huachuan County in 2020?", catalog, first)
    assert q.agencies == ("桦川县人民政府",)
    assert q.metric == Metric(4, row="cases", column="suit_direct.upheld")
    assert q.applicant is None


# ---------------------------------------------------------------------------
# Describe, language, the Query type
# ---------------------------------------------------------------------------


def test_describe_in_english_uses_official_labels(catalog):
    q = understand("How many applications did Pingtan fully disclose in 2021?", catalog)
    assert q.describe() == ("Understood as: 平潭综合实验区 · 2021 · 表三 （一）予以公开 (fully disclosed) · "
                            "总计 (total) · value")


def test_describe_table2_and_ranges(catalog):
    q = understand("平潭2019至2021年行政处罚处理决定数量的趋势", catalog)
    assert q.describe() == ("理解为：平潭综合实验区 · 2019–2021 · 表二 第二十条第（六）项 行政处罚/本年处理决定数量 · 趋势")


def test_query_is_frozen(catalog):
    q = understand("平潭2021年予以公开多少件", catalog)
    with pytest.raises(AttributeError):
        q.years = (2020,)  # type: ignore[misc]
    assert isinstance(q, Query)


@pytest.mark.parametrize("text, language", [
    ("平潭2021年予以公开多少件", "zh"), ("How many requests did Pingtan fully disclose?", "en"),
    ("Pingtan 予以公开 2021", "zh"), ("What was 予以公开 for Pingtan in 2021?", "en"),
])
def test_language(catalog, text, language):
    assert understand(text, catalog).language == language


def test_format_of_years():
    assert format_of(2019) == "2019" and format_of(2020) == "2019" and format_of(2021) == "2021"


# ---------------------------------------------------------------------------
# Held-out style paraphrases: matching is by vocabulary, not by sentence
# ---------------------------------------------------------------------------

PARAPHRASES = [
    ("平潭2021年新收了多少份信息公开申请？", t3("new"), "total"),
    ("2021年平潭受理的依申请公开数量", t3("new"), "total"),
    ("In 2021, how many disclosure applications were submitted to Pingtan?", t3("new"), "total"),
    ("Pingtan, 2021: number of requests received from citizens", t3("new"), "natural"),
    ("平潭2021年个人提出的申请有几件", t3("new"), "natural"),
    ("企业在2021年向平潭申请了多少", t3("new"), "commercial"),
    ("平潭2021年同意公开的有多少", t3("granted"), "total"),
    ("How many were granted in full by Pingtan in 2021?", t3("granted"), "total"),
    ("2021年平潭区分处理的申请", t3("partial"), "total"),
    ("requests partly disclosed by Pingtan in 2021", t3("partial"), "total"),
    ("平潭2021年因涉及商业秘密或个人隐私而不公开的", t3("denied.4"), "total"),
    ("How many were withheld to protect third-party privacy?", t3("denied.4"), "total"),
    ("过程性信息不予公开的数量", t3("denied.6"), "total"),
    ("How many requests were turned down as deliberative drafts?", t3("denied.6"), "total"),
    ("信息不存在的有几件", t3("unable.1"), "total"),
    ("需要另行制作的申请有多少", t3("unable.2"), "total"),
    ("How many requests would have required creating new information?", t3("unable.2"), "total"),
    ("补正后仍不明确的申请数", t3("unable.3"), "total"),
    ("重复申请有几件", t3("notproc.2"), "total"),
    ("How many duplicate requests did Pingtan get in 2021?", t3("notproc.2"), "total"),
    ("要求提供公开出版物的有多少", t3("notproc.3"), "total"),
    ("how many vexatious requests", t3("notproc.4"), "total"),
    ("申请人逾期未缴费的申请有几件", t3("other.2"), "total"),
    ("How many applicants failed to clarify their requests in time in 2021?", t3("other.1"), "total"),
    ("2021年平潭结转到下一年继续办理的申请", t3("carried_out"), "total"),
    ("How many requests were still pending at year end?", t3("carried_out"), "total"),
    ("上年度结转过来的申请", t3("carried_in"), "total"),
    ("平潭2021年办结了多少件申请", t3("processed_total"), "total"),
    ("总共答复了多少件", t3("processed_total"), "total"),
    ("拒绝公开的申请数量", Metric(3, derived="denied"), "total"),
    ("How many requests could not be provided?", Metric(3, derived="unable"), "total"),
    ("不予处理的有几件", Metric(3, derived="notproc"), "total"),
    ("律所申请被部分公开的", t3("partial"), "legal"),
    ("科研单位申请被予以公开的有几件", t3("granted"), "research"),
    ("公益组织的申请数量", t3("new"), "ngo"),
    ("How many requests from legal persons were fully disclosed?", t3("granted"), rf.ORGANISATION_HEADER.id),
    ("行政复议总数", Metric(4, row="cases", column="review.total"), None),
    ("How many administrative review cases were still pending?", Metric(4, row="cases", column="review.pending"),
     None),
    ("直接起诉的官司有多少被驳回", Metric(4, row="cases", column="suit_direct.upheld"), None),
    ("平潭打了几场官司", Metric(4, derived="litigation_total"), None),
    ("行政强制决定有多少", Metric(2, row="enforcement", column="decisions"), None),
    ("How many penalty decisions did Pingtan issue in 2021?", Metric(2, row="penalty", column="decisions"), None),
    ("What was the fee income in 2021?", Metric(2, row="fees", column="amount"), None),
    ("平潭2019年政府采购金额", Metric(2, row="procurement", column="amount"), None),  # 采购金额 shares 采购 with the row
    ("How many normative documents did Pingtan repeal in 2021?", Metric(2, row="normative", column="repealed"), None),
]


@pytest.mark.parametrize("text, metric, applicant", PARAPHRASES)
def test_paraphrases(catalog, text, metric, applicant):
    q = understand(text, catalog)
    assert q.metric == metric, q.describe()
    assert q.applicant == applicant
    assert q.route in ("figures", "both")


def test_every_table_label_is_understood(catalog):
    """Completeness: each 表三 row, 表二 cell and 表四 column, asked by its own printed label, is found."""
    for row in rf.T3_ROWS:
        year = 2020 if "2019" in row.formats else 2021
        q = understand(f"{year}年{row.label}", catalog)
        assert q.metric == t3(row.id), row.label
    for fmt in rf.FORMATS:
        year = 2020 if fmt == "2019" else 2021
        for _, row, col in rf.t2_cells(fmt):
            q = understand(f"{year}年{row.label}{col.label}", catalog)
            assert q.metric is not None and q.metric.row == row.id, (row.label, col.label)
            assert q.metric.t2_column(fmt) == col, (row.label, col.label)
    for col in rf.T4_COLUMNS:
        assert understand(f"{col.label} 2021", catalog).metric == Metric(4, row="cases", column=col.id)
        assert understand(f"{col.english} 2021", catalog).metric == Metric(4, row="cases", column=col.id)


# ---------------------------------------------------------------------------
# Agency names stored with an OCR typo, longest names, several agencies
# ---------------------------------------------------------------------------

# 沐阳县人民政府: an OCR typo of 沭阳县 in the stored name.
TYPO = {"沐阳县人民政府": (2025,), "沐阳县发展和改革局": (2023,), "洪泽区人民政府": (2023,), "淮安市人民政府": (2024,),
        "桦川县人民政府": (2020,), "平潭综合实验区": (2020, 2021)}


@pytest.fixture(scope="module")
def typo_catalog() -> Catalog:
    return Catalog((a, y) for a, years in TYPO.items() for y in years)


@pytest.mark.parametrize("text, mention", [
    ("沭阳县2025年收到多少申请", "沭阳县"),
    ("沭阳县人民政府2025年予以公开多少件", "沭阳县人民政府"),
    ("请问沭阳县政府2025年行政复议尚未审结的有几件", "沭阳县政府"),
    ("How many requests did 沭阳县人民政府 carry over to the next year in 2025?", "沭阳县人民政府"),
])
def test_agency_one_character_off_is_a_fuzzy_match(typo_catalog, text, mention):
    q = understand(text, typo_catalog)
    assert q.agencies == ("沐阳县人民政府",), q.describe()
    assert q.mentions[0].text == mention and q.mentions[0].fuzzy
    assert "fuzzy_agency" in q.flags and not q.ambiguous
    assert not q.unresolved
    assert q.years == (2025,)


def test_fuzzy_match_shows_the_stored_name(typo_catalog):
    q = understand("沭阳县2025年收到多少申请", typo_catalog)
    assert q.describe().startswith("理解为：沐阳县人民政府（按“沭阳县”近似匹配） · 2025")
    q = understand("How many requests did 沭阳县 receive in 2025?", typo_catalog)
    assert q.describe().startswith("Understood as: 沐阳县人民政府 (closest stored name to “沭阳县”) · 2025")


def test_fuzzy_match_keeps_the_department(typo_catalog):
    q = understand("沭阳县发改局2023年收到多少申请", typo_catalog)
    assert q.agencies == ("沐阳县发展和改革局",) and q.mentions[0].fuzzy


def test_fuzzy_match_is_inherited_by_a_follow_up(typo_catalog):
    first = understand("沭阳县2025年收到多少申请", typo_catalog)
    q = understand("那予以公开呢？", typo_catalog, first)
    assert q.agencies == ("沐阳县人民政府",) and "fuzzy_agency" in q.flags and q.metric == t3("granted")


def test_an_exact_name_wins_over_a_fuzzy_one():
    catalog = Catalog([("沐阳县人民政府", 2025), ("沭阳县人民政府", 2025)])
    q = understand("沭阳县2025年收到多少申请", catalog)
    assert q.agencies == ("沭阳县人民政府",) and not q.mentions[0].fuzzy and "fuzzy_agency" not in q.flags


def test_several_agencies_one_character_off_are_ambiguous():
    catalog = Catalog([("沐阳县人民政府", 2025), ("沭阴县人民政府", 2025)])
    q = understand("沭阳县2025年收到多少申请", catalog)
    assert set(q.agencies) == {"沐阳县人民政府", "沭阴县人民政府"}
    assert q.ambiguous and {"ambiguous_agency", "fuzzy_agency"} <= set(q.flags)


def test_fuzzy_matching_needs_three_characters_and_one_difference(typo_catalog):
    assert typo_catalog.near("沭阳") == (2, {"沐阳县人民政府": 3})  # two characters: only a known OCR confusion
    assert typo_catalog.near("沭阳", confusable_only=True) == (2, {"沐阳县人民政府": 3})
    assert typo_catalog.near("沐阴") is None  # 阴/阳 is no known confusion
    assert typo_catalog.near("沭阴县") is None  # two characters differ
    assert typo_catalog.near("沭阳县") == (3, {"沐阳县人民政府": 1})
    assert typo_catalog.near("沭阳县发改局收到") == (6, {"沐阳县发展和改革局": 0})  # the longest start
    q = understand("北京市海淀区2020年收到多少申请", typo_catalog)
    assert q.agencies == () and Unresolved("agency", "北京市海淀区") in q.unresolved


@pytest.mark.parametrize("text, agency", [
    ("平谭2019年收到多少申请", "平潭综合实验区"),  # 谭/潭: both tan
    ("淮按2024年收到多少申请", "淮安市人民政府"),  # 按/安: both an
    ("华川2020年收到多少申请", "桦川县人民政府"),
])
def test_a_place_typed_by_its_sound_is_a_fuzzy_match(catalog, text, agency):
    q = understand(text, catalog)
    assert q.agencies == (agency,) and q.mentions[0].fuzzy and "fuzzy_agency" in q.flags, q.describe()
    assert text[:2] in q.describe()  # the typed spelling is shown beside the stored one


def test_a_real_place_that_sounds_like_a_stored_one_is_not_taken_for_it(catalog):
    q = understand("怀安2024年收到多少申请", catalog)  # 怀安县 (Hebei) sounds like 淮安
    assert "淮安市人民政府" not in q.agencies and not q.grounded


@pytest.mark.parametrize("text, place", [
    ("泗阳县2025年信息公开申请有几件被不予处理？", "泗阳县"),  # a county of Suqian, one character off 沐阳县
    ("泗阳县人民政府2025年收到多少申请", "泗阳县人民政府"),
])
def test_a_real_county_one_character_off_a_stored_name_is_another_agency(typo_catalog, text, place):
    q = understand(text, typo_catalog)
    assert q.agencies == () and Unresolved("agency", place) in q.unresolved and not q.grounded, q.describe()


def test_an_old_level_word_of_a_stored_place_is_still_that_place(typo_catalog):
    q = understand("洪泽县2023年收到多少申请", typo_catalog)  # 洪泽 was a county until 2016
    assert q.agencies == ("洪泽区人民政府",) and q.grounded, q.describe()


def test_a_character_that_sounds_different_is_no_typo(catalog):
    q = understand("平海2019年收到多少申请", catalog)
    assert "平潭综合实验区" not in q.agencies


@pytest.mark.parametrize("text", [
    "淮安市洪泽区人民政府2023年收到多少申请",
    "淮安市洪泽区2023年收到多少申请",
    "淮安市洪泽区政府2023年不予公开多少件",
    "How many requests did 淮安市洪泽区人民政府 withhold as process information in 2023?",
    "Huai'an Hongze District: requests received in 2023",
])
def test_the_most_specific_name_wins_over_a_prefix_place(typo_catalog, text):
    q = understand(text, typo_catalog)
    assert q.agencies == ("洪泽区人民政府",), q.describe()
    assert not q.unresolved


def test_a_prefix_place_alone_or_in_a_list_is_kept(typo_catalog):
    assert understand("淮安市2024年收到多少申请", typo_catalog).agencies == ("淮安市人民政府",)
    for text in ("淮安市和洪泽区2023年收到的申请合计多少", "淮安市、洪泽区2023年收到的申请合计多少"):
        q = understand(text, typo_catalog)
        assert q.agencies == ("淮安市人民政府", "洪泽区人民政府"), text
        assert q.operation == "sum"


@pytest.mark.parametrize("text", [
    "平潭、桦川县和洪泽区2020年新收申请合计多少？",
    "2020年平潭、桦川县和洪泽区的新收申请加起来是多少",
    "平潭、桦川县和洪泽区2020年新收申请的总量",
    "Total requests received across Pingtan, Huachuan County and Hongze District in 2020?",
    "What is the combined number of requests received by Pingtan, Huachuan and Hongze in 2020?",
    "How many requests did Pingtan, Huachuan and Hongze receive in total in 2020?",
])
def test_sum_over_the_named_agencies(typo_catalog, text):
    q = understand(text, typo_catalog)
    assert q.operation == "sum", q.describe()
    assert q.agencies == ("平潭综合实验区", "桦川县人民政府", "洪泽区人民政府")
    assert len(q.mentions) == 3
    assert q.metric == t3("new") and q.applicant == "total"
    assert q.years == (2020,)


def test_total_words_sum_only_over_several_agencies(typo_catalog):
    q = understand("Total requests received by Pingtan in 2021?", typo_catalog)
    assert q.operation == "value" and q.applicant == "total"
    q = understand("平潭和桦川县2020年收到的申请总数分别是多少", typo_catalog)
    assert q.operation == "value" and len(q.agencies) == 2  # each one, not their sum
    q = understand("Compare the total requests received by Pingtan and Huachuan in 2020", typo_catalog)
    assert q.operation == "compare"


def test_total_words_over_all_agencies_sum_across_them(typo_catalog):
    q = understand("Across all agencies, what was the total number of requests received in 2020?", typo_catalog)
    assert q.operation == "sum" and q.agencies == () and q.metric == t3("new"), q.describe()
    q = understand("What was the total of all requests received by Pingtan in 2021?", typo_catalog)
    assert q.operation == "value" and q.agencies == ("平潭综合实验区",)  # "all" of one agency's requests


def test_a_named_outcome_beats_the_total_word_of_a_sum(typo_catalog):
    q = understand("Total administrative reconsideration cases upheld across Pingtan, Huachuan and Hongze in 2020?",
                   typo_catalog)
    assert q.operation == "sum" and q.metric == Metric(4, row=rf.T4_ROW.id, column="review.upheld"), q.describe()


# ---------------------------------------------------------------------------
# Column follow-ups keep the row
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("follow_up, applicant", [
    ("其中自然人的呢？", "natural"),
    ("what about natural persons?", "natural"),
    ("and commercial enterprises?", "commercial"),
    ("And from commercial enterprises?", "commercial"),
    ("其中商业企业的呢", "commercial"),
    ("那律所呢", "legal"),
    ("法人或其他组织的呢？", rf.ORGANISATION_HEADER.id),
])
@pytest.mark.parametrize("first, row", [
    ("2020年桦川县予以公开多少件", "granted"),
    ("How many requests did Huachuan County answer in 2020?", "processed_total"),
    ("桦川县2020年收到多少申请", "new"),
])
def test_column_follow_up_keeps_the_row(huachuan, first, row, follow_up, applicant):
    q0 = understand(first, huachuan)
    assert q0.metric == t3(row)
    q = understand(follow_up, huachuan, q0)
    assert (q.agencies, q.years, q.metric, q.applicant) == (("桦川县人民政府",), (2020,), t3(row), applicant)
    assert q.route == "figures" and "inherited_metric" in q.flags
    q2 = understand("其中科研机构的呢", huachuan, q)  # a second column follow-up still keeps the row
    assert (q2.metric, q2.applicant) == (t3(row), "research")


# ---------------------------------------------------------------------------
# Quantities the format does not record: refused as figures, not searched in the text
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, mention", [
    ("桦川县2020年有多少名工作人员负责政务公开？", "工作人员"),
    ("How many staff members handled disclosure requests at Pingtan in 2021?", "staff members"),
    ("What was the headcount of Pingtan's disclosure office in 2021?", "headcount"),
    ("平潭2021年政府网站被访问了多少次", "访问"),
    ("平潭门户网站2021年的浏览量", "浏览量"),
    ("How many page views did Pingtan's portal get in 2021?", "page views"),
    ("平潭2021年办理申请的平均用时是几天", "平均用时"),
    ("What was Pingtan's average processing time for requests in 2021?", "average processing time"),
    ("平潭2021年的申请人中女性有多少", "女性"),
    ("How many female applicants did Pingtan have in 2021?", "female"),
    ("平潭2021年政务公开工作经费是多少", "工作经费"),
    ("What budget did Pingtan spend on disclosure work in 2021?", "funding of disclosure work"),
    ("How much funding did Pingtan's disclosure office have in 2021?", "funding"),
])
def test_not_recorded_quantities_are_unresolved_figures(catalog, text, mention):
    q = understand(text, catalog)
    assert q.route == "figures", q.describe()
    assert q.metric is None and q.applicant is None
    assert Unresolved("metric", mention) in q.unresolved
    assert "not_recorded" in q.flags
    assert q.agencies and q.years


def test_not_recorded_reads_well_without_a_year(catalog):
    u = Unresolved("metric", "访问量")
    assert u.describe() == "年报的统计表格没有“访问量”这一项"
    assert u.describe("en") == "the annual reports' tables do not record “访问量”"
    q = understand("平潭2021年政府网站的访问量是多少？", catalog)
    assert q.describe() == "理解为：平潭综合实验区 · 2021 · 取值；年报的统计表格没有“访问量”这一项"
    q = understand("How many visits did Pingtan's website get in 2021?", catalog)
    assert q.describe() == ("Understood as: 平潭综合实验区 · 2021 · value; the annual reports' tables do not record "
                            "“visits”")


@pytest.mark.parametrize("text", [
    "桦川县2020年政府网站发布信息多少条？",
    "How many items did Pingtan post on its website in 2021?",
    "平潭2021年微信公众号发布了多少条信息",
    "How many WeChat posts did Pingtan publish in 2021?",
    "平潭2021年召开了几场新闻发布会？",
    "How many press conferences did Pingtan hold in 2021?",
    "平潭2021年举办了多少次培训",
    "How many staff were trained by Pingtan in 2021?",
    "平潭2021年培训工作人员多少人次",
    "平潭2021年收取了多少信息处理费？",
    "平潭2021年工作人员培训情况",
    "Describe the staff arrangements for information disclosure at Pingtan",
    "平潭2021年政务新媒体有多少个",
    "平潭2021年微信公众号用户有多少？",
    "平潭2021年公开了多少条三公经费信息",  # published items about official expenses, not what disclosure costs
])
def test_stated_narrative_facts_stay_narrative(catalog, text):
    q = understand(text, catalog)
    assert q.route == "narrative", q.describe()
    assert not [u for u in q.unresolved if u.kind == "metric"]
    assert "not_recorded" not in q.flags


def test_not_recorded_in_follow_ups(catalog):
    first = understand("平潭2021年有多少名工作人员负责政务公开？", catalog)
    q = understand("那2022年呢？", catalog, first)
    assert q.years == (2022,) and q.metric is None and Unresolved("metric", "工作人员") in q.unresolved
    q = understand("那予以公开呢？", catalog, first)
    assert q.metric == t3("granted") and not q.unresolved and q.route == "figures"
    granted = understand("平潭2021年予以公开多少件", catalog)
    q = understand("what about the page views?", catalog, granted)
    assert q.metric is None and Unresolved("metric", "page views") in q.unresolved


# ---------------------------------------------------------------------------
# English word forms, words shared by a row and its column
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "How many requests did Pingtan carry over to the next year in 2021?",
    "requests Pingtan carried over into the next year, 2021",
    "How many requests were carried over to the next year by Pingtan in 2021?",
])
def test_articles_and_verb_forms_do_not_hide_a_row(catalog, text):
    assert understand(text, catalog).metric == t3("carried_out")


def test_money_spent_on_a_table_two_row_is_that_row(catalog):
    q = understand("How much did Pingtan spend on centralised procurement in 2019?", catalog)
    assert q.metric.table == 2 and q.metric.row == "procurement" and "not_recorded" not in q.flags
    assert not q.unresolved and "采购总金额" in q.describe()


def test_an_english_sub_row_named_with_its_group(catalog):
    for text in ("Pingtan 2021: requests other dispositions (other)?", "other dispositions: other, Pingtan 2021"):
        assert understand(text, catalog).metric == t3("other.3"), text
    assert understand("What were Pingtan's other dispositions in 2021?", catalog).metric == Metric(3, derived="other_group")


def test_a_column_may_share_words_with_its_row(catalog):
    q = understand("How many centralised procurement projects did Pingtan report for 2019?", catalog)
    assert q.metric == Metric(2, row="procurement", column="projects")
    q = understand("平潭2019年政府采购金额", catalog)
    assert q.metric == Metric(2, row="procurement", column="amount")


# ---------------------------------------------------------------------------
# Real agencies (../shared gold files) and scale
# ---------------------------------------------------------------------------


def test_gold_agencies_resolve_by_full_and_short_name(shared_dir):
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((shared_dir / "gold").glob("*.json"))]
    catalog = Catalog((g["agency"], g["year"]) for g in golds)
    for g in golds:
        q = understand(f"{g['year']}年{g['agency']}收到多少件申请", catalog)
        assert q.agencies == (g["agency"],) and q.years == (g["year"],)
        assert not q.unresolved
    assert understand("沭阳县发改局2023年收到多少申请", catalog).agencies == ("沭阳县发展和改革局",)
    assert understand("Pingtan 2022 requests", catalog).agencies == ("平潭综合实验区",)


def _synthetic_catalog(n: int) -> Catalog:
    rng = random.Random(20)
    pool = "宝滨博昌辰承春淳丹峨凤阜固鹤衡怀吉锦靖岚黎莲灵隆鹿茂梅蒙绵磐莆祁迁饶荣汝瑞韶邵寿绥遂桃潼沃峡湘祥襄秀宣伊攸枣湛樟昭肇芝舟株淄遵"
    rests = ["人民政府", "人民政府办公室", "发展和改革局", "教育局", "财政局", "公安局", "民政局", "司法局", "卫生健康委员会"]
    names: set[str] = set()
    while len(names) < n:
        names.add("".join(rng.sample(pool, 2)) + rng.choice("县市区") + rng.choice(rests))
    reports = [(name, y) for name in sorted(names) for y in (2021, 2022)]
    return Catalog(reports + [("桦川县人民政府", 2020), ("平潭综合实验区", 2021), ("沭阳县发展和改革局", 2023)])


def test_twenty_thousand_agencies_stay_fast():
    started = time.perf_counter()
    catalog = _synthetic_catalog(20_000)
    built = time.perf_counter() - started
    questions = ["2020年桦川县收到多少件政府信息公开申请", "How many requests did Huachuan County receive in 2020?",
                 "沭阳县发改局2023年收到多少申请", "平潭2021年不予公开多少件，占比多少",
                 "What problems does the report identify?", "pingtan disclosure rate from 2019 to 2021"]
    for text in questions:  # warm up (the English index is built on the first English question)
        understand(text, catalog)
    rounds = 50
    started = time.perf_counter()
    for _ in range(rounds):
        results = [understand(text, catalog) for text in questions]
    per_question_ms = (time.perf_counter() - started) / (rounds * len(questions)) * 1000
    print(f"\n20k agencies: catalog built in {built:.2f}s; understand() {per_question_ms:.3f} ms per question")
    assert results[0].agencies == ("桦川县人民政府",)
    assert results[1].agencies == ("桦川县人民政府",)
    assert results[2].agencies == ("沭阳县发展和改革局",)
    assert results[3].agencies[0] == "平潭综合实验区"  # with its 2021 departments: a bare place is asked back
    assert per_question_ms < 50  # generous: measured well under 1 ms


def test_negations_before_an_agency_name_are_read_wherever_the_name_is_written():
    from assistant.understand.spans import negations_before

    assert negations_before("平潭的数字，不是公安局的", "公安局") == {"不是"}
    assert negations_before("Pingtan itself, not the Police Bureau", "police bureau") == {"not", "not the"}
    assert negations_before("Pingtan, rather than its police bureau", "police bureau") == {"rather than"}
    # written twice, negated only the second time
    assert negations_before("公安局收了多少？除了公安局呢", "公安局") == {"除了"}
    assert negations_before("公安局2021年收了多少申请", "公安局") == frozenset()
    assert negations_before("公安局", "") == frozenset()


def test_agencies_stored_in_some_years_are_counted_once_per_set_of_years():
    catalog = Catalog([("桦川县人民政府", 2020), ("平潭综合实验区", 2020), ("平潭综合实验区", 2021),
                       ("上海市人民政府办公厅", 2019)])
    assert catalog.count_stored_in([2020]) == 2
    assert catalog.count_stored_in([2021, 2019]) == 2
    assert catalog.count_stored_in([2020, 2021, 2019]) == 3
    assert catalog.count_stored_in([2030]) == 0
    assert catalog.count_stored_in([]) == 0
