"""Follow-ups that work on the figures already given (assistant.understand.earlier_figures): the figures of the last
turns added, compared, ranked or set as a share, and the several figures of one turn added. Questions are written for
these tests; agencies are named as the real reports print them."""

from __future__ import annotations

from assistant.understand import Metric
from assistant.understand.earlier_figures import counted, counts_in
from tests.assistant.test_agency_and_follow_up_readings import CATALOG, _turns
from tests.assistant.test_grounding import _states_a_number


def test_counts_are_read_with_their_pointer_or_counter_never_from_a_row_label():
    assert counts_in("这三个里面谁最高") == {3} and counts_in("sum the three of them") == {3}
    assert counts_in("这俩差多少") == {2} and counts_in("add both") == {2}
    assert counts_in("属于三类内部事务信息的有几件") == set()  # 三类 is a row's label
    assert counted("those four") == 4 and counted("前面两个") == 2 and counted("内部事务") is None


def test_three_years_asked_in_turn_are_added_when_the_count_is_said():
    q = _turns("平潭综合实验区2019年行政许可决定多少件", "2020年的呢", "2021年的呢", "这三年一共多少")
    assert q.operation == "sum" and q.years == (2019, 2020, 2021) and q.agencies == ("平潭综合实验区",)
    assert q.metric is not None and q.metric.row == "licensing" and q.grounded


def test_a_count_larger_than_the_figures_given_is_never_answered_with_fewer():
    q = _turns("平潭综合实验区2019年行政许可决定多少件", "2020年的呢", "这三年一共多少")
    assert not _states_a_number(q, CATALOG)


def test_three_rows_of_one_report_asked_in_turn_are_added():
    q = _turns("淮安市2024年因为是国家秘密不公开的有几件", "危及三安全一稳定的呢", "涉及第三方权益的呢", "把这三项加一块")
    assert q.metric == Metric(3, parts=("denied.1", "denied.3", "denied.4")) and q.grounded


def test_a_part_over_its_whole_asked_in_turn_is_a_share_either_order():
    whole_last = _turns("洪泽区2023年部分公开了几件", "办结的一共多少", "占比多少？")
    assert whole_last.metric == Metric(3, row="partial", per="processed_total") and whole_last.grounded
    whole_first = _turns("洪泽区2023年办结的一共多少", "部分公开了几件", "占比多少？")
    assert whole_first.metric == Metric(3, row="partial", per="processed_total") and whole_first.grounded
    said = _turns("洪泽区2023年部分公开了几件", "予以公开的呢", "后者占前者百分之几")
    assert said.metric == Metric(3, row="granted", per="partial")


def test_the_figures_added_then_set_over_a_base_named_now():
    q = _turns("Hongze district 2023: how many requests were fully disclosed?", "and partly?",
               "together, what share of everything handled is that?")
    assert q.metric == Metric(3, parts=("granted", "partial"), per="processed_total") and q.grounded


def test_one_turn_giving_two_years_then_a_sum_word_adds_them():
    q = _turns("平潭综合实验区2021年和2022年行政处罚决定各多少", "两年合计呢")
    assert q.operation == "sum" and q.years == (2021, 2022) and q.grounded


def test_three_agencies_asked_in_turn_are_ranked_each_with_its_year():
    q = _turns("How many requests did Huai'an city receive in 2024?", "And Hongze district in 2023?",
               "And the Shanghai general office in 2019?", "Rank those three from most to least.")
    assert q.operation == "rank" and q.grounded
    assert set(q.agency_years) == {("淮安市人民政府", 2024), ("洪泽区人民政府", 2023), ("上海市人民政府办公厅", 2019)}


def test_the_other_column_of_the_organisations_is_one_column_not_their_sum():
    from assistant.understand import understand

    q = understand("平潭综合实验区2021年“其他”类法人组织新申请了几件？", CATALOG)
    assert q.applicant == "other_org" and q.metric == Metric(3, row="new")
    q = understand("平潭综合实验区2021年法人或其他组织新申请了几件？", CATALOG)
    assert q.applicant == "legal_persons"  # the header itself: its five columns


def test_two_table2_rows_of_one_column_asked_in_turn_are_added():
    q = _turns("洪泽区2023年行政许可决定有几个", "行政处罚的呢", "这俩一共多少")
    assert q.metric == Metric(2, parts=("licensing", "penalty"), column="decisions") and q.grounded


def test_which_figure_is_over_which_said_by_its_place():
    q = _turns("淮安市2024年行政复议维持几件", "纠正的呢", "第二个是第一个的百分之几")
    assert q.metric == Metric(4, row="cases", column="review.corrected", per="review.upheld") and q.grounded
    q = _turns("淮安市2024年重复申请不予处理几件", "信访举报的呢", "后者占前者多少")
    assert q.metric == Metric(3, row="notproc.1", per="notproc.2") and q.grounded
    q = _turns("淮安市2024年重复申请不予处理几件", "信访举报的呢", "前面那两个哪个多")
    assert q.operation == "compare" and q.grounded


def test_two_applicant_columns_of_one_row_over_two_turns_add_up_or_compare():
    # one row's columns asked one turn each ("个人的…", "商业企业呢？"): "两者合计" adds them, "哪个多" compares them
    q = _turns("沭阳县人民政府2025年个人新提交的信息公开申请有多少件？", "商业企业呢？", "两者合计多少？")
    assert q.grounded and q.metric == Metric(3, row="new") and set(q.applicant.split("+")) == {"natural", "commercial"}
    q = _turns("沭阳县人民政府2025年个人新提交的信息公开申请有多少件？", "商业企业呢？", "哪个多")
    assert q.operation == "compare" and q.compared_columns == ("natural", "commercial"), q.describe()


def test_a_total_named_as_printed_is_the_cell_not_the_figures_added():
    # 洪泽区 2023 (gold): 行政复议 维持 10, 纠正 1, 总计 printed 0 (the report breaks T4-A): "the total they printed"
    # is that cell; read as the two figures added it stated 11, a wrong number
    q = _turns("hongze 2023 reconsideration upheld", "corrected?", "and the total they printed for it")
    assert q.metric == Metric(4, row="cases", column="review.total") and "pair_of_previous" not in q.flags, q.describe()


def test_switching_one_part_keeps_the_column_asked():
    q = _turns("沭阳县人民政府2025年部分公开总计", "律所那一列呢", "换成予以公开这一行")
    assert q.metric == Metric(3, row="granted") and q.applicant == "legal", q.describe()
