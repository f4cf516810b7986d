"""The question-answering acceptance questions on the bundled sample, through the library call."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from assistant import api
from assistant.qa import Conversation
from assistant.cli import cli


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    home = tmp_path_factory.mktemp("seed-store")
    summary = api.ingest(None, store=home, progress=False, vectors=False)
    assert summary.ok and len(summary.ingested) == 1
    return home


@pytest.fixture(scope="module")
def bot(seed_store):
    return api.open_assistant(seed_store)


def _cell(answer):
    c = answer.citations[0]
    return c.table, c.row, c.column


def test_fully_disclosed_2020_is_8_cited_to_granted_total(bot):
    a = bot.ask("how many applications did Huachuan County fully disclose in 2020")
    assert a.route == "figures" and a.language == "en"
    assert a.values[0].value == 8
    assert _cell(a) == ("表三", "（一）予以公开", "总计")
    assert a.citations[0].check_status == "passes"
    assert a.citations[0].agency == "桦川县人民政府" and a.citations[0].year == 2020
    assert "8" in a.citations[0].quote


def test_applications_received_in_chinese_is_9(bot):
    a = bot.ask("2020年桦川县收到多少件政府信息公开申请")
    assert a.language == "zh" and a.values[0].value == 9
    assert _cell(a) == ("表三", "一、本年新收政府信息公开申请数量", "总计")


def test_information_not_held_is_1(bot):
    a = bot.ask("In 2020, how many requests did Huachuan County answer by saying it does not hold the information?")
    assert a.values[0].value == 1
    assert _cell(a) == ("表三", "（四）无法提供/1.本机关不掌握相关政府信息", "总计")


def test_penalty_decisions_from_table_2(bot):
    a = bot.ask("桦川县2020年行政处罚处理决定数量是多少")
    assert a.values[0].value == 90520
    assert a.citations[0].table == "表二" and a.citations[0].column == "处理决定数量"


def test_procurement_amount_in_yuan(bot):
    a = bot.ask("What was Huachuan County's total amount of centralized government procurement in 2020?")
    assert a.values[0].value == 180_000_000 and a.values[0].unit == "元"
    assert "1.8 亿元" in a.answer and "180,000,000" in a.answer


def test_website_posts_come_from_the_narrative_of_section_one(bot):
    a = bot.ask("How many items did the government website publish in 2020?")
    assert a.route == "narrative"
    assert a.values and a.values[0].value == 2159
    assert a.citations[0].section.startswith("一、总体情况")
    assert "2159" in a.citations[0].quote


def test_problems_are_quoted_from_section_five(bot):
    a = bot.ask("What problems does the report identify?")
    assert a.route == "narrative"
    assert a.citations and all(c.section.startswith("五、") for c in a.citations)
    assert "不及时" in a.answer


def test_year_not_stored_is_refused_with_what_is_there(bot):
    a = bot.ask("How many applications were fully disclosed in 2021?")
    assert a.route == "refusal" and not a.values
    assert "2021" in a.answer and "2020" in a.answer


def test_unknown_agency_is_refused(bot):
    a = bot.ask("北京市海淀区人民政府2020年收到多少件申请？")
    assert a.route == "refusal" and not a.values


def test_follow_up_inherits_the_metric(bot):
    conv = api.Conversation()
    first = bot.ask("2020年桦川县予以公开多少件", conv)
    assert first.values[0].value == 8
    second = bot.ask("那部分公开呢？", conv)
    assert second.values[0].value == 0
    assert second.citations[0].row.startswith("（二）部分公开")


def test_derived_rate_shows_formula(bot):
    a = bot.ask("2020年桦川县的予以公开率是多少")
    assert a.values[0].unit == "%"
    assert abs(a.values[0].value - 88.9) < 0.05  # 8 / 9
    assert "÷" in a.answer and len(a.citations) == 2


def test_reconstructed_cell_is_flagged(bot):
    a = bot.ask("2020年桦川县办结总数（七）总计是多少")
    assert a.values[0].value == 9
    assert a.citations[0].check_status == "reconstructed"
    assert "reconstructed" in a.answer or "推算" in a.answer


def test_ask_cli_json_contract(seed_store):
    result = CliRunner().invoke(cli, ["ask", "--store", str(seed_store), "--json",
                                      "how many applications did Huachuan County fully disclose in 2020"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"answer", "language", "route", "parsed", "values", "citations", "readings"}
    assert data["values"][0]["value"] == 8
    assert set(data["citations"][0]) == {"report_id", "title", "agency", "year", "section", "table", "row",
                                         "column", "quote", "location", "check_status", "passage"}


def test_proactive_disclosure_on_the_website_is_read_from_the_overview_not_table_2(bot):
    # "主动公开" points at section 二, whose only text is 表二; the count is told in 一、总体情况
    a = bot.ask("桦川县2020年通过政府网站主动公开信息多少条")
    assert a.route == "narrative"
    assert a.values and a.values[0].value == 2159
    assert a.citations[0].section.startswith("一、总体情况")


def test_a_narrative_question_naming_two_years_quotes_only_those_reports(real_reports, store_home):
    files = [real_reports / f"{year}_pingtan.html" for year in (2019, 2020, 2021, 2022)]
    assert len(api.ingest(files, store=store_home, progress=False, vectors=False).ingested) == 4
    bot = api.open_assistant(store_home)
    for question in ("平潭2020年和2021年的年报指出了哪些问题？", "What problems did Pingtan report in 2020 and 2021?"):
        answer = bot.ask(question)
        assert answer.route == "narrative", answer.parsed
        assert answer.citations and {c.year for c in answer.citations} <= {2020, 2021}, answer.answer


def test_a_check_of_several_named_reports_lists_the_failing_ones(real_reports, store_home):
    files = [real_reports / "2023_huaian-hongzequ.pdf", real_reports / "2020_pingtan.html"]
    assert len(api.ingest(files, store=store_home, progress=False, vectors=False).ingested) == 2
    bot = api.open_assistant(store_home)
    answer = bot.ask("Do the 2023 Hongze District report and the 2020 Pingtan report add up?")
    assert answer.route == "check" and answer.consistent is False, answer.answer
    assert {c["rule"].split(" ")[0] for c in answer.checks if not c["passed"]} >= {"T4-A", "T3-C"}, answer.answer


def test_a_question_without_its_agency_is_asked_back_with_complete_readings(bot):
    # The law: no default agency fills a gap, even with one report stored.
    a = bot.ask("how many applications were fully disclosed in 2020")
    assert a.route == "clarify" and not a.values
    assert a.readings and "桦川县人民政府" in a.readings[0] and "2020" in a.readings[0]
    picked = bot.ask(a.readings[0])
    assert picked.route == "figures" and [v.value for v in picked.values] == [8]


def test_a_question_without_its_year_names_the_one_stored_report(bot):
    # the seed store holds one report of 桦川县: the answer is that report's, and says the year was not named
    a = bot.ask("桦川县予以公开多少件")
    assert a.route == "figures" and a.values[0].value == 8 and "问题未说年份" in a.parsed


def test_an_agency_that_is_not_stored_is_refused_by_name(bot):
    for question, name in (("How many requests did the Ministry of Commerce receive in 2020?", "Ministry of Commerce"),
                           ("哈尔滨市公安局2020年收到多少件申请", "哈尔滨市公安局"),
                           ("国家税务总局2020年收到多少申请", "国家税务总局")):
        a = bot.ask(question)
        assert a.route == "refusal" and not a.values and name in a.answer


def test_an_unknown_quantity_or_cell_word_states_no_number(bot):
    for question in ("What was the county's population in 2020?", "桦川县2020年的GDP是多少",
                     "how many requests did Huachuan County get from foreign embassies in 2020"):
        a = bot.ask(question)
        assert not a.values and a.route in ("refusal", "clarify"), (question, a.answer)


def test_a_follow_up_on_a_new_topic_does_not_inherit_the_figure(bot):
    conv = Conversation()
    first = bot.ask("2020年桦川县收到多少件政府信息公开申请", conv)
    assert [v.value for v in first.values] == [9]
    second = bot.ask("那GDP呢？", conv)
    assert not second.values and second.route in ("refusal", "clarify")



def test_a_narrative_question_about_one_section_quotes_that_section(real_reports, store_home):
    # The search falls back to every section only when the one asked about has nothing: on this
    # report a sentence of section 一 outranks the problems of section 五 without the filter.
    api.ingest([real_reports / "2022_pingtan.html"], store=store_home, progress=False, vectors=False)
    a = api.open_assistant(store_home).ask("What improvements did 平潭综合实验区 plan in its 2022 report?")
    assert a.route == "narrative" and a.citations
    assert {c.section.split("、")[0] for c in a.citations} == {"五"}


def test_a_long_lived_assistant_finds_a_report_ingested_by_another_writer(real_reports, store_home):
    api.ingest([real_reports / "2022_pingtan.html"], store=store_home, progress=False, vectors=False)
    bot = api.open_assistant(store_home)
    assert bot.ask("平潭2022年收到多少申请").values  # reads the version once
    before = bot.ask("桦川县2020年收到多少件政府信息公开申请")
    assert before.route == "refusal" and not before.values
    api.ingest(store=store_home, progress=False, vectors=False)  # the bundled sample, as the CLI would
    after = bot.ask("桦川县2020年收到多少件政府信息公开申请")
    assert [v.value for v in after.values] == [9]


def test_input_that_is_no_question_is_refused_before_it_is_understood(bot):
    for text in ("🙂🙂", "桦川县99999年收到多少申请", "桦川县" * 300):
        a = bot.ask(text)
        assert a.route == "refusal" and not a.values


def test_a_sum_and_a_share_the_question_spells_out_are_computed_from_their_cells(bot):
    # the seed's gold: 予以公开 8, 本机关不掌握 1, 新收 9, 上年结转 0
    answer = bot.ask("桦川县2020年予以公开加上本机关不掌握的，一共多少件？")
    assert answer.route == "figures" and answer.values[0].value == 9
    assert {c.row for c in answer.citations} == {"（一）予以公开", "（四）无法提供/1.本机关不掌握相关政府信息"}
    answer = bot.ask("桦川县2020年予以公开除以新收加上年结转是多少")
    assert answer.route == "figures" and answer.values[0].value == round(8 / 9 * 100, 1)


def test_a_group_printed_as_one_row_answers_for_the_group_and_no_sub_row():
    # 洪泽区 2023 (a 2021-format table) prints （六）其他处理 as one row, as the 2019 layout does
    from assistant.lookup import metric_value
    from index.reportformat import CellKey

    class Row:
        def __init__(self, key, value):
            self.key, self.value, self.agency, self.year, self.report_id = key, value, "洪泽区人民政府", 2023, "r"
            self.title, self.format, self.check_status, self.status = "", "2021", "passes", "printed"

    figures = [Row(CellKey(3, "other", "total"), 0), Row(CellKey(3, "new", "total"), 21)]
    group = [CellKey(3, f"other.{i}", "total") for i in (1, 2, 3)]
    assert metric_value(group, [], figures).value == 0
    assert metric_value(group[2:], [], figures).value is None  # one sub-row: not printed, no number


def test_words_no_cell_explains_but_the_report_prints_are_quoted_not_asked_back(bot):
    # 桦川印象 names no table cell; the report's text says what it published: quoted, no number stated
    a = bot.ask("桦川县2020年桦川印象发布了多少期")
    assert a.route == "narrative" and not a.values
    assert any("桦川印象" in c.quote or "400" in c.quote for c in a.citations)


def test_two_applicant_columns_of_one_row_are_compared(bot):
    # the seed's 表三 row 一: 自然人 9, 商业企业 0 (hand transcription)
    a = bot.ask("2020年桦川县新收的申请里，自然人提的多还是企业提的多？")
    assert a.route == "figures" and [v.value for v in a.values] == [9, 0, 9], a.answer
    assert {c.column for c in a.citations} == {"自然人", "商业企业"}
    assert "自然人" in a.answer and "商业企业" in a.answer


def test_one_cell_of_two_reports_as_a_ratio(real_reports, store_home):
    # hand transcription (shared/gold): 平潭综合实验区 new requests 2021: 70, 2022: 74
    files = [real_reports / f"{year}_pingtan.html" for year in (2021, 2022)]
    assert len(api.ingest(files, store=store_home, progress=False, vectors=False).ingested) == 2
    bot = api.open_assistant(store_home)
    a = bot.ask("平潭综合实验区2022年的新收申请量是2021年的百分之几？")
    assert a.route == "figures" and a.values[0].value == round(100 * 74 / 70, 1), a.answer
    assert [v.value for v in a.values[1:]] == [74, 70]


def test_a_count_the_question_repeats_is_accounted_only_when_printed_in_the_row_asked(bot):
    # the seed (gold): 9 new requests, all from individuals; 8 granted in full
    a = bot.ask("桦川县2020年新收申请9件，其中自然人提的有几件")
    assert a.route == "figures" and a.values[0].value == 9 and "stated_printed" in a.query.flags
    c = Conversation()
    bot.ask("桦川县2020年予以公开的有8件是吧", c)
    follow = bot.ask("部分公开的呢", c)  # the first turn answered, its cell carried on
    assert follow.route == "figures" and follow.query.metric.row == "partial"
    # a count the row does not print (12), or one printed in another row (8 is granted, not new): asked back
    for question in ("桦川县2020年新收申请12件，其中自然人提的有几件", "桦川县2020年那8件新收申请里自然人的有几件"):
        a = bot.ask(question)
        assert a.route == "clarify" and not a.values, question


def test_stated_counts_are_counts_with_their_unit_never_bounds_or_ordinals():
    from assistant.understand.stated import stated_figures

    got = stated_figures("淮安市2024年新收申请3,119件，其中律所提的61件", ("3", "119", "61"))
    assert [(f.value, f.words) for f in got] == [(3119, ("3", "119")), (61, ("61",))]
    for question, left in (("超过26件的有几家", ("26",)), ("26件以上的有几家", ("26",)), ("第2项是多少", ("2",)),
                           ("more than 26 requests?", ("26",)), ("表3有几项", ("3",))):
        assert stated_figures(question, left) == (), question


def test_a_count_stated_as_the_base_of_a_share_is_accounted_when_printed_there(bot):
    # the seed (gold): 9 requests handled, 8 granted in full
    a = bot.ask("桦川县2020年办结的9件申请里，予以公开的比例是多少")
    assert a.route == "figures" and round(a.values[0].value, 1) == 88.9


def test_one_table2_column_over_another_of_the_same_row(real_reports, store_home):
    # hand transcription (shared/gold): 平潭综合实验区 2022 行政规范性文件 制发 88, 废止 55, 现行有效 698
    api.ingest([real_reports / "2022_pingtan.html"], store=store_home, progress=False, vectors=False)
    bot = api.open_assistant(store_home)
    for question, value in (("平潭综合实验区2022年废止的规范性文件数是当年新制发数的百分之几", round(100 * 55 / 88, 1)),
                            ("Pingtan 2022: normative documents issued that year as a percentage of those in force?",
                             round(100 * 88 / 698, 1))):
        a = bot.ask(question)
        assert a.route == "figures" and a.values[0].value == value, a.answer
    # a share with no base named is still asked back, never read over a column of the question's choosing
    a = bot.ask("平潭综合实验区2022年废止的规范性文件占比多少")
    assert a.route == "clarify" and not a.values, a.answer


def test_two_cells_apart_lead_with_their_difference(real_reports, store_home):
    # hand transcription (shared/gold): 平潭综合实验区 2022 行政规范性文件 制发 88, 废止 55; 淮安市 2024 表四 复议 维持 72, 纠正 64
    files = [real_reports / "2022_pingtan.html", real_reports / "2024_huaian-shi.pdf"]
    assert len(api.ingest(files, store=store_home, progress=False, vectors=False).ingested) == 2
    bot = api.open_assistant(store_home)
    a = bot.ask("平潭综合实验区2022年行政规范性文件制发的比废止的多多少")
    assert a.route == "figures" and [v.value for v in a.values] == [33, 88, 55], a.answer
    a = bot.ask("平潭综合实验区22年行政规范性文件 废止件数 减 制发件数 是多少")  # the first less the second, signed
    assert a.route == "figures" and [v.value for v in a.values] == [-33, 55, 88], a.answer
    a = bot.ask("Huai'an 2024: how many more reconsiderations were upheld than corrected?")
    assert a.route == "figures" and a.values[0].value == 8, a.answer
    # which is more, no difference asked: both cells first, as before
    a = bot.ask("淮安市24年行政复议里 维持的多还是纠正的多")
    assert [v.value for v in a.values] == [72, 64, 8], a.answer
    # over two turns: the figures just given, the difference first
    c = Conversation()
    bot.ask("平潭综合实验区2022年行政规范性文件制发了多少", c)
    bot.ask("废止多少", c)
    a = bot.ask("制发的比废止的多多少", c)
    assert a.route == "figures" and a.values[0].value == 33, a.answer


def test_counting_inside_the_requests_just_asked_keeps_their_applicant(real_reports, store_home):
    # hand transcription (shared/gold): 淮安市 2024 法律服务机构 予以公开 50 (all applicants: 1362)
    api.ingest([real_reports / "2024_huaian-shi.pdf"], store=store_home, progress=False, vectors=False)
    bot = api.open_assistant(store_home)
    for first, then in (("淮安市24年法律服务机构新提的申请有几件", "这里面予以公开的有几件"),
                        ("How many requests did Huai'an get from law firms in 2024?",
                         "of those, how many were granted in full?")):
        c = Conversation()
        bot.ask(first, c)
        a = bot.ask(then, c)
        assert a.route == "figures" and a.values[0].value == 50 and "inherited_applicant" in a.query.flags, a.answer
