"""The question-answering acceptance questions on the bundled sample, through the library call."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from assistant import api
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
    a = bot.ask("how many applications were fully disclosed in 2020")
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
    a = bot.ask("How many requests did the county answer by saying it does not hold the information?")
    assert a.values[0].value == 1
    assert _cell(a) == ("表三", "（四）无法提供/1.本机关不掌握相关政府信息", "总计")


def test_penalty_decisions_from_table_2(bot):
    a = bot.ask("行政处罚处理决定数量是多少")
    assert a.values[0].value == 90520
    assert a.citations[0].table == "表二" and a.citations[0].column == "处理决定数量"


def test_procurement_amount_in_yuan(bot):
    a = bot.ask("What was the total amount of centralized government procurement?")
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
                                      "how many applications were fully disclosed in 2020"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"answer", "language", "route", "parsed", "values", "citations"}
    assert data["values"][0]["value"] == 8
    assert set(data["citations"][0]) == {"report_id", "title", "agency", "year", "section", "table", "row",
                                         "column", "quote", "location", "check_status"}


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
