"""Readings added after the ninth probe round: how an agency is pointed at (a whole-region word, a misspelt place
before an organ, a region and its department described side by side), follow-ups setting another cell or other
agencies beside the figure just given, carry-overs dated by the year after or before, a clause leaving the
carried-over requests out, and a 表二 row read in one format across years of two.

Questions here are written for these tests; agencies are named as real reports print them."""

from __future__ import annotations

from assistant.understand import Catalog, Metric, Query, understand
from tests.assistant.test_dialogue import _turns as conversation
from tests.assistant.test_grounding import _states_a_number

STORED = [("洪泽区人民政府", 2023), ("淮安市人民政府", 2024), ("平潭综合实验区", 2019), ("平潭综合实验区", 2020),
          ("平潭综合实验区", 2021), ("平潭综合实验区", 2022), ("平潭综合实验区公安局", 2021), ("沐阳县人民政府", 2025),
          ("沭阳县发展和改革局", 2023), ("上海市人民政府办公厅", 2019), ("上海市人民政府办公厅", 2025)]
CATALOG = Catalog(STORED)


def _turns(*questions: str) -> Query:
    """The last question of a conversation over this catalog (see test_dialogue)."""
    return conversation(*questions, catalog=CATALOG)


def test_a_whole_region_word_beside_a_bare_place_is_the_region_not_its_department():
    for question in ("平潭区里2021年新收的申请有几件", "Zone-wide figures for Pingtan, 2021: new requests?"):
        q = understand(question, CATALOG)
        assert q.agencies == ("平潭综合实验区",) and q.grounded, q.describe()
    bare = understand("平潭2021年新收的申请有几件", CATALOG)  # the department reported that year too: asked back
    assert not _states_a_number(bare, CATALOG)


def test_a_place_typed_one_character_off_before_its_organ_is_that_department():
    q = understand("述阳发改局23年予以公开多少件", CATALOG)
    assert q.agencies == ("沭阳县发展和改革局",) and "fuzzy_agency" in q.flags and q.grounded
    # a county of its own (泗阳) with that organ is not stored: refused, never the stored bureau
    q = understand("泗阳发改局23年予以公开多少件", CATALOG)
    assert q.agencies == () and not _states_a_number(q, CATALOG)
    assert any(u.kind == "agency" and "泗阳" in u.mention for u in q.unresolved)


def test_a_region_and_its_department_described_for_one_figure_is_asked_back():
    q = understand("平潭2021年有两份年报，一份区里的一份公安局的，那个行政处罚决定是多少件", CATALOG)
    assert "agency_unsettled" in q.flags and not _states_a_number(q, CATALOG)
    joined = understand("平潭综合实验区和平潭公安局2021年行政处罚决定各是多少件", CATALOG)
    assert set(joined.agencies) == {"平潭综合实验区", "平潭综合实验区公安局"} and "agency_unsettled" not in joined.flags
    organ = understand("平潭综合实验区2021年公安局行政处罚决定是多少件", CATALOG)
    assert organ.agencies == ("平潭综合实验区公安局",)


def test_a_follow_up_sets_another_cell_of_the_report_beside_the_figure_given():
    q = _turns("沭阳县政府2025年行政许可决定有多少", "行政处罚决定是不是比这个还多？")
    assert q.operation == "compare" and q.grounded and q.years == (2025,)
    assert q.compared == (Metric(2, row="licensing", column="decisions"), Metric(2, row="penalty", column="decisions"))
    # a comparison read alone as with the year before (2022, not stored): the figure just given instead
    q = _turns("How many administrative penalty decisions did Hongze district report for 2023?",
               "Was that more or fewer than its licensing decisions?")
    assert q.operation == "compare" and q.years == (2023,) and not q.unresolved
    q = _turns("淮安市2024年直接起诉的行政诉讼有几件", "和复议后起诉的比哪个多")
    assert q.compared == (Metric(4, row="cases", column="suit_direct.total"),
                          Metric(4, row="cases", column="suit_after.total"))
    # "up or down, by how many": the change from the first cell to the second
    q = _turns("沭阳县政府2025年上年结转的申请有几件",
               "and how does that compare with what it carried forward into next year — up or down, by how many?")
    assert q.operation == "change" and q.compared == (Metric(3, row="carried_in"), Metric(3, row="carried_out"))


def test_that_year_points_at_a_year_not_at_the_figure_given():
    q = _turns("平潭2020年有没有行政诉讼？", "what was the net change in the number of penalty items that year?")
    assert q.compared == () and q.metric == Metric(2, row="penalty", column="change")


def test_other_agencies_set_beside_the_one_just_asked_are_ranked_with_it():
    q = _turns("上海市府办2019年行政复议一共几件？", "跟淮安市2024年、平潭2020年放一块比，哪家最多？")
    assert q.operation == "rank" and set(q.agency_years) == {
        ("上海市人民政府办公厅", 2019), ("淮安市人民政府", 2024), ("平潭综合实验区", 2020)}
    q = _turns("上海市府办2019年行政复议一共几件？", "淮安市2024年、平潭2020年哪家最多？")
    assert "上海市人民政府办公厅" not in q.agencies  # nothing says "with the one before"


def test_a_follow_up_asking_which_year_had_more_keeps_the_cell():
    q = _turns("In 2019, how many new requests did Shanghai's general office receive from businesses?",
               "Compare that with 2025 — which year had more?")
    assert q.metric == Metric(3, row="new") and q.applicant == "commercial" and q.years == (2019, 2025)
    assert "new_topic" not in q.flags


def test_carry_overs_dated_by_the_year_after_or_before_read_in_the_report_printing_them():
    q = _turns("上海市府办2019年上年结转的申请有几件", "and how many got pushed on into the following year?")
    assert q.metric == Metric(3, row="carried_out") and q.years == (2019,) and not q.unresolved
    q = _turns("Shanghai general office 2025: how many requests were still open at year end?",
               "And how many had rolled over from 2024?")  # 2024 is not stored: the 2025 report prints them
    assert q.metric == Metric(3, row="carried_in") and q.years == (2025,) and q.grounded


def test_a_clause_leaving_the_carried_over_requests_out_asks_the_new_ones():
    for question in ("How many requests did Pingtan receive in 2022, not counting the one carried over from 2021?",
                     "平潭2022年收到多少申请，不算从2021年结转过来的",
                     "上海市府办2025年新收到的申请有多少件？上一年结转过来的别算进去。"):
        q = understand(question, CATALOG)
        assert q.metric == Metric(3, row="new") and len(q.years) == 1 and "carry_left_out" in q.flags, question
    # the rest asks something else (new plus carried over): not read as the new requests
    q = understand("上海市府办2025年需要办理的申请一共多少，不算结转的", CATALOG)
    assert "carry_left_out" not in q.flags and not _states_a_number(q, CATALOG)


def test_a_lead_in_before_the_question_is_set_aside_a_remark_after_it_is_not():
    q = understand("写对比材料用：上海市府办结转下年度办理的申请，2025年比2019年多出多少件？", CATALOG)
    assert q.grounded and q.operation == "change" and q.years == (2019, 2025)
    q = understand("平潭2022年行政许可决定有多少件？涨得挺猛啊", CATALOG)
    assert not q.grounded  # an afterthought may narrow the question: asked back, never set aside


def test_a_table_2_row_without_its_column_is_read_in_one_format_across_years_of_two():
    # the fee row counts items in the 2019 format and money from 2021: never a series of both
    q = understand("How much did Pingtan collect in administrative fees in each year from 2019 to 2022?", CATALOG)
    assert q.metric == Metric(2, row="fees", column="amount")
    assert {u.year for u in q.unresolved if u.kind == "metric"} == {2019, 2020}
    q = understand("平潭2019到2022年行政许可决定每年多少", CATALOG)  # the same column in both formats
    assert q.metric == Metric(2, row="licensing", column="decisions") and q.grounded


def test_bare_fees_in_chinese_are_asked_back_the_table_words_decide():
    q = understand("淮安市政府2024年收费收了多少？", CATALOG)  # 表二's fees, or the processing fee of section 六?
    assert "fee_unnamed" in q.flags and not _states_a_number(q, CATALOG)
    for question in ("淮安市2024年行政事业性收费收了多少", "淮安市2024年收费收了多少万"):
        q = understand(question, CATALOG)
        assert q.metric == Metric(2, row="fees", column="amount") and "fee_unnamed" not in q.flags, question


def test_a_follow_up_asking_the_total_carries_no_applicant_column():
    q = _turns("上海市府办2019年予以公开的申请里自然人有多少？", "那予以公开的总数呢")
    assert q.metric == Metric(3, row="granted") and q.applicant == "total"
    q = _turns("上海市府办2019年予以公开的申请里自然人有多少？", "部分公开的呢")
    assert q.applicant == "natural"


def test_a_follow_up_adding_another_applicant_column_to_the_figure_given():
    q = _turns("How many requests did Huai'an city receive from law firms in 2024?",
               "Add the ones from businesses to that — combined number?")
    assert q.metric == Metric(3, row="new") and q.applicant == "legal+commercial" and q.grounded
    q = _turns("淮安市2024年自然人申请了多少件？", "那法人或者其他组织加起来呢？")  # a group of columns, alone
    assert q.applicant == "legal_persons"


def test_more_than_in_a_follow_up_compares_with_the_figure_given():
    q = _turns("沭阳县政府2025年行政复议总数多少？", "Is that higher than the number of lawsuits filed after reconsideration?")
    assert q.operation == "compare" and q.compared == (Metric(4, row="cases", column="review.total"),
                                                       Metric(4, row="cases", column="suit_after.total"))


def test_still_unresolved_after_reconsiderations_is_their_pending_outcome():
    q = _turns("How many administrative reconsideration cases did the Shanghai General Office have in 2025?",
               "what fraction of those were still unresolved at year end?")
    assert q.operation == "ratio" and q.metric == Metric(4, row="cases", column="review.pending", per="review.total")


def test_a_change_over_a_span_of_years_asked_as_how_it_went_is_the_series():
    q = understand("平潭综合实验区2019到2022年“本机关不掌握”的申请件数变化情况", CATALOG)
    assert q.operation == "trend" and q.years == (2019, 2020, 2021, 2022)


def test_asking_which_reports_are_stored_is_an_overview_of_every_year():
    for question in ("Which years of the Shanghai General Office's annual report can I query here?",
                     "桦川县有啥资料？就是政府信息公开年报，存了哪年的", "Do you have anything from Hongze (Huai'an)? Which year(s)?"):
        q = understand(question, CATALOG)
        assert q.route == "overview" and q.years == (), question
    q = _turns("平潭综合实验区2021年新收多少申请？",
               "Actually, just give me the big picture for Pingtan across all the years you hold.")
    assert q.route == "overview" and q.years == () and "inherited_years" not in q.flags


def test_two_cells_of_one_report_compared_by_which_is_bigger_or_outnumbering():
    q = understand("洪泽区2023年，行政处罚决定和行政许可决定哪个数量大？", CATALOG)
    assert q.operation == "compare" and q.compared == (Metric(2, row="penalty", column="decisions"),
                                                       Metric(2, row="licensing", column="decisions"))
    q = understand("Huai'an city 2024: which was bigger, the number of administrative normative documents issued that "
                   "year or the number repealed?", CATALOG)  # two columns of one 表二 row
    assert q.compared == (Metric(2, row="normative", column="issued"), Metric(2, row="normative", column="repealed"))
    q = understand("For Pingtan in 2020, did partial disclosures outnumber full disclosures?", CATALOG)
    assert q.compared == (Metric(3, row="partial"), Metric(3, row="granted"))
    q = understand("Pingtan CEZ 2022: how many administrative normative documents were repealed?", CATALOG)
    assert q.agencies == ("平潭综合实验区",) and q.grounded  # CEZ: the comprehensive experimental zone itself


def test_a_change_between_two_years_is_read_at_its_two_ends():
    q = understand("How much have new requests to the Shanghai General Office grown between 2019 and 2025?", CATALOG)
    assert q.operation == "change" and q.years == (2019, 2025) and q.grounded  # 2020–2024 are not asked


def test_agencies_put_next_to_the_figure_given_are_ranked_only_when_the_count_agrees():
    q = _turns("How many administrative penalty decisions did Shuyang county government make in 2025?",
               "Put that next to Hongze 2023 and Pingtan 2022 — who issued the most?")
    assert q.operation == "rank" and set(q.agency_years) == {
        ("沐阳县人民政府", 2025), ("洪泽区人民政府", 2023), ("平潭综合实验区", 2022)}
    # three counted after two turns: the third is a turn further back, never joined as two
    q = _turns("洪泽区2023年新收申请多少？", "沭阳县政府2025年呢？", "再把淮安市2024年也算上，三家谁收的最多？")
    assert not _states_a_number(q, CATALOG)
    q = _turns("洪泽区2023年新收申请多少？", "再把淮安市2024年也算上，两家谁收的最多？")
    assert q.operation == "compare" and set(q.agencies) == {"洪泽区人民政府", "淮安市人民政府"}


def test_checks_text_and_problems_asked_in_everyday_words():
    q = understand("帮忙看下平潭2019年报的几张统计表，数字之间的钩稽关系都成立吗？", CATALOG)  # 钩稽: a common slip for 勾稽
    assert q.route == "check" and q.years == (2019,)
    q = understand("In its 2025 report, what does the Shanghai general office admit still isn't working well?", CATALOG)
    assert q.route == "narrative" and q.section == "五"
    q = understand("In the 2020 Pingtan report, what came of the 'Wenzheng Pingtan' programme?", CATALOG)
    assert not any(u.kind == "agency" for u in q.unresolved)  # a quoted programme name is no unknown place


def test_agencies_counted_beyond_the_turns_joined_are_asked_back_never_ranked_as_fewer():
    # three agencies counted after three turns: all three ranked, each with its own year (not the last two alone)
    q = _turns("上海市府办2025年复议后起诉的行政诉讼有几件？", "淮安市2024年呢？", "沭阳县政府2025年呢？", "这三家里谁最多")
    assert q.operation == "rank" and q.grounded and q.metric == Metric(4, row="cases", column="suit_after.total")
    assert set(q.agency_years) == {("上海市人民政府办公厅", 2025), ("淮安市人民政府", 2024), ("沐阳县人民政府", 2025)}
    # four counted after three turns: which four? asked back, never three ranked as four
    q = _turns("上海市府办2025年复议后起诉的行政诉讼有几件？", "淮安市2024年呢？", "沭阳县政府2025年呢？", "这四家里谁最多")
    assert not _states_a_number(q, CATALOG)
    q = _turns("How many administrative penalty decisions did Shuyang county government make in 2025?",
               "And Huai'an city in 2024?",
               "Between those two and Hongze's 2023 report, which one had the most penalty decisions?")
    assert not _states_a_number(q, CATALOG)
