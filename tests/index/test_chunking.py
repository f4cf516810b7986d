"""Chunking: narrative passages along the report's headings, table rows as sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.chunking import MAX_CHARS, PREAMBLE, chunk_lines, chunk_report, table_row_passages
from index.loaders import load
from index.reportformat import CellKey
from index.types import Figure, Location, ParsedReport, ReportIdentity, SourceDocument, TextLine

SAMPLE = Path(__file__).resolve().parents[2] / "index" / "data" / "huachuan-county-2020.txt"
# 0-based [start, end) line ranges of 表二, 表三 and 表四 in the sample (lines 29–47, 52–78, 82–85)
SAMPLE_SPANS = [(28, 47), (51, 78), (81, 85)]


def report_from(doc: SourceDocument, spans=(), figures=(), fmt="2019") -> ParsedReport:
    return ParsedReport("r", ReportIdentity("桦川县人民政府", 2020, fmt, "t"), doc, list(figures),
                        table_spans=list(spans))


def doc_of(lines: list[str]) -> SourceDocument:
    return SourceDocument("x.txt", "text", "0", [TextLine(t, Location(line=i + 1)) for i, t in enumerate(lines)])


@pytest.fixture(scope="module")
def sample_passages():
    return chunk_report(report_from(load(SAMPLE), SAMPLE_SPANS))


def test_website_sentence_sits_under_overview_active_disclosure(sample_passages):
    [p] = [p for p in sample_passages if "政府网站全年共发布信息" in p.text]
    assert p.section == "一"
    assert p.section_path == ("一、总体情况", "（一）主动公开")
    assert p.kind == "narrative"
    assert p.location.line == 5  # the passage starts with the section heading on line 5
    assert "2159" in p.text


def test_each_subheading_starts_its_own_passage(sample_passages):
    subs = [p.section_path[1] for p in sample_passages if p.section == "一"]
    assert subs == ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设", "（五）监督保障"]
    [p] = [p for p in sample_passages if p.section_path[-1] == "（二）依申请公开"]
    assert p.text == "（二）依申请公开\n2020 年共收到政府信息依申请公开 9 件，目前均已答复。"
    assert p.location.line == 11


def test_problems_section_holds_all_its_text(sample_passages):
    doc = load(SAMPLE)
    body = [doc.lines[i].text.strip() for i in range(88, 93) if doc.lines[i].text.strip()]
    assert len(body) == 3
    five = "".join(p.text for p in sample_passages if p.section == "五").replace("\n", "")
    for line in body:
        assert line in five
    others = "".join(p.text for p in sample_passages if p.section != "五")
    assert not any(line in others for line in body)
    assert {p.section_path[0] for p in sample_passages if p.section == "五"} == {"五、存在的主要问题及改进情况"}


def test_preamble_is_section_blank(sample_passages):
    first = sample_passages[0]
    assert first.section == "" and first.section_path == (PREAMBLE,)
    assert "桦川县人民政府" in first.text


def test_no_table_text_in_narrative(sample_passages):
    narrative = "\n".join(p.text for p in sample_passages if p.kind == "narrative")
    for cell_text in ("31668", "行政许可", "本年新收政府信息公开申请数量", "结果维持", "申请人情况", "第二十条"):
        assert cell_text not in narrative, cell_text
    # the table sections still exist, by their headings
    assert {p.section for p in sample_passages} == {"", "一", "二", "三", "四", "五", "六"}


def test_table_spans_drop_lines_even_outside_table_sections():
    lines = ["一、总体情况", "今年我局主动公开政府信息 120 条，全部通过门户网站发布。",
             "TABLE-ONLY 甲 1 2 3", "TABLE-ONLY 乙 4 5 6",
             "全年未收到政府信息公开申请，未发生行政复议和行政诉讼案件。"]
    passages = chunk_report(report_from(doc_of(lines), spans=[(2, 4)]))
    text = "\n".join(p.text for p in passages)
    assert "TABLE-ONLY" not in text
    assert "全年未收到政府信息公开申请" in text
    # without the span the same lines are narrative
    unspanned = "\n".join(p.text for p in chunk_report(report_from(doc_of(lines))))
    assert "TABLE-ONLY 甲" in unspanned


def test_heading_swallowed_by_a_span_still_opens_its_section():
    lines = ["三、收到和处理政府信息公开申请情况", "自然人\t商业企业\t总计", "一、本年新收政府信息公开申请数量\t3\t0\t3",
             "四、政府信息公开行政复议、行政诉讼情况", "结果维持\t结果纠正", "五、存在的主要问题及改进情况",
             "一是政策解读形式单一。二是公开平台建设滞后。"]
    passages = chunk_report(report_from(doc_of(lines), spans=[(1, 5)]))
    assert [p.section for p in passages] == ["三", "四", "五"]
    assert passages[1].text == "四、政府信息公开行政复议、行政诉讼情况"
    assert passages[2].section_path[0] == "五、存在的主要问题及改进情况"


def test_long_paragraph_splits_on_sentence_ends_within_its_subheading():
    sentence = "我局坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开，不断提升政务公开质效。"
    para = sentence * 12  # ~600 chars, one line
    lines = ["一、总体情况", "（一）主动公开", para, "（二）依申请公开", "全年共收到申请 5 件。"]
    passages = chunk_lines((t, Location(line=i + 1)) for i, t in enumerate(lines))
    active = [p for p in passages if p.section_path[-1] == "（一）主动公开"]
    assert len(active) >= 2
    assert all(len(p.text) <= MAX_CHARS + 20 for p in active)
    assert all(p.text.endswith("。") for p in active)
    assert "".join(p.text for p in active).replace("\n", "").endswith(para)
    # the short sub-section is not merged into the long one
    [req] = [p for p in passages if p.section_path[-1] == "（二）依申请公开"]
    assert req.text == "（二）依申请公开\n全年共收到申请 5 件。"


def test_short_line_is_attached_to_the_next():
    lines = ["五、存在的主要问题及改进情况", "个别部门信息更新不及时。对此，",
             "我办每季度开展检查并通报结果，督促整改到位，确保信息公开及时准确。", "对此，", "下一步将加强培训。"]
    passages = chunk_lines((t, Location(line=i + 1)) for i, t in enumerate(lines))
    assert len(passages) == 1
    assert passages[0].text.endswith("对此，下一步将加强培训。")


def test_reworded_and_markdown_headings():
    lines = ["# 某局2023年政府信息公开工作年度报告", "## 一、总体情况", "全年主动公开信息 300 条。",
             "## 四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "本年度无复议诉讼案件发生。",
             "### 五、政府信息公开工作存在的主要问题及改进情况", "一是更新不及时。", "六、其他需要报告的事项", "无。"]
    passages = chunk_lines((t, Location(line=i + 1)) for i, t in enumerate(lines))
    assert [(p.section, p.section_path[0]) for p in passages] == [
        ("", PREAMBLE), ("一", "一、总体情况"),
        ("四", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
        ("五", "五、政府信息公开工作存在的主要问题及改进情况"), ("六", "六、其他需要报告的事项")]
    assert passages[0].text == "某局2023年政府信息公开工作年度报告"
    assert not any("#" in p.text for p in passages)


def test_numbered_line_out_of_order_is_not_a_section():
    lines = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
             "一、加强组织领导。成立领导小组，统筹推进政务公开工作，明确分工。"]
    passages = chunk_lines((t, Location(line=i + 1)) for i, t in enumerate(lines))
    assert passages[-1].section == "三"
    assert "加强组织领导" in passages[-1].text


def test_report_flattened_to_one_line(real_reports):
    """平潭 2021: the whole report is one line; the parser's span covers it. Sections 一/五/六 stay."""
    doc = load(real_reports / "2021_pingtan.txt")
    long_index = max(range(len(doc.lines)), key=lambda i: len(doc.lines[i].text))
    passages = chunk_report(report_from(doc, spans=[(long_index, long_index + 1)], fmt="2021"))
    by_section = {}
    for p in passages:
        by_section.setdefault(p.section, []).append(p)
    assert {"", "一", "五", "六"} <= set(by_section)
    five = "".join(p.text for p in by_section["五"])
    assert "政策解读形式不够丰富" in five
    assert any(p.section_path[1:2] == ("（二）改进措施",) for p in by_section["五"])
    narrative = "".join(p.text for p in passages)
    assert "本年新收政府信息公开申请数量" not in narrative
    assert all(len(p.text) <= MAX_CHARS + 80 for p in passages)
    overview = [p.section_path[1] for p in by_section["一"] if len(p.section_path) > 1]
    assert "（一）主动公开方面" in overview


# ---------------------------------------------------------------------------
# Table rows
# ---------------------------------------------------------------------------

T3_GRANTED = {"natural": 8, "commercial": 0, "research": 0, "ngo": 0, "legal": 0, "other_org": 0, "total": 8}


def t3_figures(row: str, values: dict[str, int], line: int) -> list[Figure]:
    return [Figure(CellKey(3, row, col), v, location=Location(line=line)) for col, v in values.items()]


def test_table_three_row_sentence():
    figures = t3_figures("granted", T3_GRANTED, 57)[::-1]  # order of the figures does not matter
    [p] = table_row_passages(figures, "2019")
    assert p.text == ("表三 收到和处理政府信息公开申请情况：（一）予以公开 — 自然人 8，商业企业 0，科研机构 0，"
                      "社会公益组织 0，法律服务机构 0，其他 0，总计 8。")
    assert p.kind == "table_row"
    assert p.cell == CellKey(3, "granted", "total")
    assert p.section == "三"
    assert p.location == Location(line=57)
    assert p.section_path == ("三、收到和处理政府信息公开申请情况", "表三 （一）予以公开")


def test_table_rows_in_printed_order_with_groups_and_units():
    figures = (t3_figures("denied.1", dict.fromkeys(T3_GRANTED, 0), 59)
               + t3_figures("new", {**T3_GRANTED, "natural": 9, "total": 9}, 55)
               + [Figure(CellKey(2, "licensing", "items_last_year"), 469, location=Location(line=35)),
                  Figure(CellKey(2, "licensing", "change"), -232, location=Location(line=35)),
                  Figure(CellKey(2, "licensing", "decisions"), 31668, location=Location(line=35)),
                  Figure(CellKey(2, "procurement", "projects"), 97, location=Location(line=47)),
                  Figure(CellKey(2, "procurement", "amount"), 180_000_000, location=Location(line=47)),
                  Figure(CellKey(4, "cases", "review.upheld"), 1, location=Location(line=85)),
                  Figure(CellKey(4, "cases", "review.total"), 1, location=Location(line=85)),
                  Figure(CellKey(4, "cases", "suit_direct.total"), 0, blank=True, raw="/", location=Location(line=85))])
    passages = table_row_passages(figures, "2019", {"二": "二、主动公开政府信息情况（改写）"})
    assert [p.cell for p in passages] == [
        CellKey(2, "licensing", "items_last_year"), CellKey(2, "procurement", "projects"),
        CellKey(3, "new", "total"), CellKey(3, "denied.1", "total"),
        CellKey(4, "cases", "review.total"), CellKey(4, "cases", "suit_direct.total")]
    lic, proc, new, denied, review, direct = passages
    assert lic.text == ("表二 主动公开政府信息情况：第二十条第（五）项 行政许可 — 上一年项目数量 469，本年增/减 减 232，"
                        "处理决定数量 31668。")
    assert lic.section == "二" and lic.section_path[0] == "二、主动公开政府信息情况（改写）"
    assert "采购总金额 180,000,000 元" in proc.text
    assert denied.text.startswith("表三 收到和处理政府信息公开申请情况：（三）不予公开 1.属于国家秘密 — 自然人 0")
    assert review.section == "四" and review.text.endswith("结果维持 1，总计 1。")
    assert "（行政诉讼/未经复议直接起诉）" in direct.text and direct.text.endswith("总计 /。")


def test_chunk_report_appends_table_rows_after_narrative():
    doc = load(SAMPLE)
    passages = chunk_report(report_from(doc, SAMPLE_SPANS, t3_figures("granted", T3_GRANTED, 57)))
    assert passages[-1].kind == "table_row"
    assert all(p.kind == "narrative" for p in passages[:-1])
    assert passages[-1].section_path[0] == "三、收到和处理政府信息公开申请情况"


def test_with_the_real_parser_narrative_has_no_table_cells():
    tables = pytest.importorskip("index.tables")
    report = tables.parse_report(load(SAMPLE))
    passages = chunk_report(report)
    narrative = "\n".join(p.text for p in passages if p.kind == "narrative")
    assert "31668" not in narrative and "169807" not in narrative
    rows = [p for p in passages if p.kind == "table_row"]
    assert any(p.cell == CellKey(3, "granted", "total") and "总计 8" in p.text for p in rows)


@pytest.mark.parametrize(("line", "section", "heading", "rest"), [
    ("一、总体 情况", "一", "一、总体 情况", ""),
    ("二、主动公开政府信息", "二", "二、主动公开政府信息", ""),
    ("六、其他需要报告的事项 无其他需要报告的事项", "六", "六、其他需要报告的事项", "无其他需要报告的事项"),
    ("一、总体情况2019年，在省政府办公厅的指导下", "一", "一、总体情况", "2019年，在省政府办公厅的指导下"),
    ("五、存在的主要问题及改进情况（一）存在的主要问题:政策解读形式不够丰富", "五", "五、存在的主要问题及改进情况",
     "（一）存在的主要问题:政策解读形式不够丰富"),
])
def test_heading_and_body_on_one_line(line, section, heading, rest):
    lines = ["前言文字在这里，本报告依据条例编制。", line]
    passages = chunk_lines((t, Location(line=i + 1)) for i, t in enumerate(lines))
    last = passages[-1]
    assert last.section == section
    assert last.section_path[0] == heading
    assert last.text == (f"{heading}\n{rest}" if rest else heading)


def test_section_five_whose_heading_was_lost_starts_at_its_first_sub_heading():
    # a converter dropped "五、存在的主要问题及改进情况" (real: Shanghai 2025 markdown); section 四 has no
    # sub-headings of its own, so "（一）…存在问题的改进情况" after 表四 opens section 五
    lines = ["一、总体情况", "本年度工作稳步推进，各项任务按期完成，群众满意度进一步提升。",
             "四、政府信息公开行政复议、行政诉讼情况", "注：行政复议、行政诉讼数量含上年度结转数量。",
             "（一）2024 年工作中存在问题的改进情况", "针对上一年度存在的主要问题，重点采取了以下改进措施，成效明显。",
             "（二）2025 年工作中存在的主要问题", "政策信息较为分散，门户网站用户体验仍需提升，需要持续改进。",
             "六、其他需要报告的事项", "本年度未收取信息处理费。"]
    passages = chunk_lines([(t, Location(line=i + 1)) for i, t in enumerate(lines)])
    [fixed] = [p for p in passages if "重点采取了以下改进措施" in p.text]
    [problems] = [p for p in passages if "政策信息较为分散" in p.text]
    assert fixed.section == problems.section == "五"
    assert problems.section_path[-1].startswith("（二）2025")
    [other] = [p for p in passages if "信息处理费" in p.text]
    assert other.section == "六"


def test_a_sub_heading_of_section_four_about_something_else_stays_in_four():
    lines = ["四、政府信息公开行政复议、行政诉讼情况", "（一）行政复议情况说明", "本年度行政复议案件均依法办理完毕，未出现败诉情况。"]
    passages = chunk_lines([(t, Location(line=i + 1)) for i, t in enumerate(lines)])
    assert {p.section for p in passages if "行政复议案件" in p.text} == {"四"}
