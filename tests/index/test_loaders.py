"""Loaders: HTML (article body, Word-split words, grid tables), PDF, DOCX, and the ``load`` registry.

Synthetic inputs are built here; the real reports are read from ../shared (skipped when absent).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from index.loaders import load
from index.loaders.pdf import page_count
from index.types import GridCell, IngestError, SourceDocument, SourceTable


def _write(tmp_path: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


def _cells(table: SourceTable) -> set[tuple[int, int, int, int, str]]:
    return {(c.row, c.col, c.rowspan, c.colspan, c.text) for c in table.cells}


def _table_with(doc: SourceDocument, text: str) -> SourceTable:
    for table in doc.tables:
        if any(c.text == text for c in table.cells):
            return table
    raise AssertionError(f"no table has a cell {text!r}")


# --- HTML -------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>某某局2023年报_某某局网站</title>
<style>p {{ margin: 0 }}</style></head>
<body>
<div class="header"><ul class="menu">
  <li><a href="/">首页</a></li><li><a href="/jg">机构概况</a></li><li><a href="/gk">政务公开</a></li>
  <li><a href="/bs">办事服务</a></li><li><a href="/hd">互动交流</a></li><li><a href="/zt">专题专栏</a></li>
</ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/gk">政府信息公开</a> &gt; <a href="/nb">年报</a></div>
<div class="main"><div class="article">
<h1>某某局2023年政府信息公开工作年度报告</h1>
<p class="MsoNormal"><span style="x">根据《条</span><span>例》要求，</span><font face="仿宋">现</font>公布本局<o:p></o:p>年度报告。</p>
<p>&nbsp;&nbsp;一、总体情况</p>
<p>本年度，本局主动公开政府信息&nbsp;120&nbsp;条，
全年受理申请 5 件。</p>
{table}
<p>二、结束语</p>
</div></div>
<div class="footer"><a href="/map">网站地图</a> | <a href="/lx">联系我们</a> | <a href="/icp">苏ICP备0000号</a></div>
<script>var note = "政府信息公开";</script>
</body></html>"""

TABLE = """<table border="1">
<tr><td rowspan="2">项目</td><td colspan="2">申请人情况</td><td rowspan="2">总计</td></tr>
<tr><td><p>自然</p><p>人</p></td><td><span>商业</span><br><span>企业</span></td></tr>
<tr><td>新收</td><td> 3 </td><td>2</td><td>5</td></tr>
</table>"""


def test_html_page_article_body_and_grid(tmp_path: Path) -> None:
    doc = load(_write(tmp_path, "page.html", PAGE.format(table=TABLE)))
    assert doc.kind == "html"
    assert doc.title == "某某局2023年报_某某局网站"
    texts = [line.text for line in doc.lines]
    assert texts[0] == "某某局2023年政府信息公开工作年度报告"
    # Word-style split words join without spaces; &nbsp; and the source line break collapse.
    assert "根据《条例》要求，现公布本局年度报告。" in texts
    assert "一、总体情况" in texts
    assert "本年度，本局主动公开政府信息 120 条，全年受理申请 5 件。" in texts
    assert texts[-1] == "二、结束语"
    # Site chrome and scripts stay out.
    for chrome in ("首页", "机构概况", "当前位置", "网站地图", "ICP", "var note"):
        assert not any(chrome in t for t in texts), chrome

    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert _cells(table) == {
        (0, 0, 2, 1, "项目"), (0, 1, 1, 2, "申请人情况"), (0, 3, 2, 1, "总计"),
        (1, 1, 1, 1, "自然人"), (1, 2, 1, 1, "商业企业"),
        (2, 0, 1, 1, "新收"), (2, 1, 1, 1, "3"), (2, 2, 1, 1, "2"), (2, 3, 1, 1, "5"),
    }
    assert (table.n_rows, table.n_cols) == (3, 4)
    assert table.grid()[1] == ["项目", "自然人", "商业企业", "总计"]
    # One line per grid row, right after the paragraph before the table, with its location.
    assert table.line_index == texts.index("本年度，本局主动公开政府信息 120 条，全年受理申请 5 件。") + 1
    row_lines = doc.lines[table.line_index:table.line_index + 3]
    assert [line.text for line in row_lines] == ["项目\t申请人情况\t总计", "自然人\t商业企业", "新收\t3\t2\t5"]
    assert [(line.location.table, line.location.row) for line in row_lines] == [(0, 0), (0, 1), (0, 2)]
    assert [line.location.line for line in doc.lines] == list(range(1, len(doc.lines) + 1))
    assert doc.lines[table.line_index + 3].location.table is None


def test_html_layout_table_is_not_a_data_table(tmp_path: Path) -> None:
    page = ("<html><body><table width='100%'><tr>"
            "<td><a href='/1'>首页</a><br><a href='/2'>新闻中心</a><br><a href='/3'>政务公开</a>"
            "<br><a href='/4'>办事服务</a><br><a href='/5'>互动交流</a></td>"
            "<td><p>第一段正文，说明本年度的政府信息公开情况。</p>" + TABLE
            + "<p>第二段正文。</p></td></tr></table></body></html>")
    doc = load(_write(tmp_path, "layout.htm", page))
    assert len(doc.tables) == 1
    assert doc.tables[0].n_cols == 4
    texts = [line.text for line in doc.lines]
    assert texts[0] == "第一段正文，说明本年度的政府信息公开情况。"
    assert texts[-1] == "第二段正文。"
    assert not any("新闻中心" in t for t in texts)


def test_html_rowspan_skips_positions_taken_from_above(tmp_path: Path) -> None:
    # The first data row under a tall label has one more cell than the rows after it.
    page = """<table>
      <tr><td rowspan="3">三、办理结果</td><td>（一）予以公开</td><td>7</td></tr>
      <tr><td>（二）部分公开</td><td>1</td></tr>
      <tr><td colspan="2">（三）合计</td></tr>
      <tr><td>四、结转</td><td>0</td><td rowspan="5">9</td></tr>
    </table>"""
    doc = load(_write(tmp_path, "frag.html", page))
    assert _cells(doc.tables[0]) == {
        (0, 0, 3, 1, "三、办理结果"), (0, 1, 1, 1, "（一）予以公开"), (0, 2, 1, 1, "7"),
        (1, 1, 1, 1, "（二）部分公开"), (1, 2, 1, 1, "1"),
        (2, 1, 1, 2, "（三）合计"),
        (3, 0, 1, 1, "四、结转"), (3, 1, 1, 1, "0"), (3, 2, 1, 1, "9"),  # rowspan clamped to the table
    }


def test_html_gbk_declared_charset(tmp_path: Path) -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>' \
           "<body><p>政府信息公开工作年度报告</p><p>镕（GB18030 字）</p></body></html>"
    doc = load(_write(tmp_path, "gbk.html", page, encoding="gb18030"))
    assert [line.text for line in doc.lines] == ["政府信息公开工作年度报告", "镕（GB18030 字）"]


def test_html_binary_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^bin\.html: binary data"):
        load(_write(tmp_path, "bin.html", b"\x00\x01\x02" * 100))


def test_real_shuyang_page(real_reports: Path) -> None:
    doc = load(real_reports / "2023_shuyang-fgj.html")
    texts = [line.text for line in doc.lines]
    table = _table_with(doc, "申请人情况")  # split over <span>s in the source, one cell here
    assert (0, 3, 1, 7, "申请人情况") in _cells(table)
    assert (2, 4, 1, 1, "商业企业") in _cells(table)
    assert any(line.startswith("申请人情况") or "\t申请人情况" in line for line in texts)
    assert "一、总体情况" in texts
    for chrome in ("走进沭阳", "办事服务", "繁體版", "无障碍", "请输入关键词", "websiteId"):
        assert not any(chrome in t for t in texts), chrome
    assert doc.title is not None and doc.title.startswith("沭阳县发展和改革局2023年政府信息公开年度报告")


def test_real_shanghai_fragment_table_three(real_reports: Path) -> None:
    doc = load(real_reports / "2019_shanghai-szfbgt.html")
    assert len(doc.tables) == 3
    cells = _cells(_table_with(doc, "申请人情况"))
    assert {
        (0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        (0, 3, 1, 7, "申请人情况"),
        (1, 3, 2, 1, "自然人"), (1, 4, 1, 5, "法人或其他组织"), (1, 9, 2, 1, "总计"),
        (2, 4, 1, 1, "商业企业"), (2, 5, 1, 1, "科研机构"), (2, 6, 1, 1, "社会公益组织"),
        (2, 7, 1, 1, "法律服务机构"), (2, 8, 1, 1, "其他"),
        (3, 0, 1, 3, "一、本年新收政府信息公开申请数量"), (3, 3, 1, 1, "821"), (3, 9, 1, 1, "859"),
    } <= cells


def test_real_pingtan_pages(real_reports: Path) -> None:
    doc = load(real_reports / "2021_pingtan.html")
    assert doc.title is not None and "平潭综合实验区2021年度政府信息公开工作年度报告" in doc.title
    texts = [line.text for line in doc.lines]
    assert not any("闽政通" in t or "福州市政府网站" in t or "当前位置" in t for t in texts)
    assert len(doc.tables) == 3
    assert "商业企业" in {c.text for c in _table_with(doc, "申请人情况").cells}  # '商业' <p> '企业'
    for year in (2019, 2020, 2022):
        other = load(real_reports / f"{year}_pingtan.html")
        assert len(other.tables) == 3, year
        assert not any("闽政通" in line.text for line in other.lines), year


# --- PDF --------------------------------------------------------------------------------------

def _pdf(encrypt: str | None = None, with_text: bool = True) -> bytes:
    """Two pages: Chinese text and a ruled 3x3 table with a colspan-2 header and a rowspan-2 label."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    c.setTitle("测试年度报告")
    if not with_text:
        c.rect(100, 100, 200, 200, fill=1)
        c.showPage()
        c.save()
        return buf.getvalue()
    c.setFont("STSong-Light", 12)
    c.drawString(72, 800, "一、总体情况")
    c.drawString(72, 780, "本年度共收到申请 21 件。")
    x0, x1, x2, x3 = 72, 200, 300, 400
    y0, y1, y2, y3 = 700, 680, 660, 640
    c.rect(x0, y3, x3 - x0, y0 - y3)  # outer frame
    c.line(x0, y1, x3, y1)  # under the header row
    c.line(x1, y0, x1, y3)  # right of the label column
    c.line(x2, y1, x2, y3)  # between the value columns, not through the merged header
    c.line(x1, y2, x3, y2)  # between the value rows, not through the merged label
    c.drawString(80, 685, "项目")
    c.drawString(210, 685, "申请人情况")
    c.drawString(80, 655, "本年新收")
    c.drawString(210, 665, "20")
    c.drawString(310, 665, "1")
    c.drawString(210, 645, "3")
    c.drawString(310, 645, "4")
    c.showPage()
    c.setFont("STSong-Light", 12)
    c.drawString(72, 800, "二、第二页正文")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_pdf_lines_pages_and_table(tmp_path: Path) -> None:
    doc = load(_write(tmp_path, "r.pdf", _pdf()))
    assert doc.kind == "pdf"
    assert doc.title == "测试年度报告"
    assert [(line.text, line.location.page, line.location.line) for line in doc.lines[:2]] == [
        ("一、总体情况", 1, 1), ("本年度共收到申请 21 件。", 1, 2)]
    assert (doc.lines[-1].text, doc.lines[-1].location.page) == ("二、第二页正文", 2)
    assert page_count(doc) == 2
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.page == 1
    assert _cells(table) == {
        (0, 0, 1, 1, "项目"), (0, 1, 1, 2, "申请人情况"),
        (1, 0, 2, 1, "本年新收"), (1, 1, 1, 1, "20"), (1, 2, 1, 1, "1"),
        (2, 1, 1, 1, "3"), (2, 2, 1, 1, "4"),
    }
    assert table.line_index is not None and doc.lines[table.line_index].text.startswith("项目")


def test_pdf_encrypted(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^locked\.pdf: the PDF is encrypted"):
        load(_write(tmp_path, "locked.pdf", _pdf(encrypt="secret")))


def test_pdf_junk_truncated_and_scanned(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^x\.pdf: not a readable PDF"):
        load(_write(tmp_path, "x.pdf", b"this is not a PDF at all\n" * 20))
    data = _pdf()
    with pytest.raises(IngestError, match=r"^half\.pdf: not a readable PDF"):
        load(_write(tmp_path, "half.pdf", data[: len(data) // 2]))
    with pytest.raises(IngestError, match=r"^garbled\.pdf: not a readable PDF \("):
        load(_write(tmp_path, "garbled.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF\n"))
    with pytest.raises(IngestError, match=r"^scan\.pdf: the PDF has no text layer"):
        load(_write(tmp_path, "scan.pdf", _pdf(with_text=False)))


def test_pdf_error_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as info:
        load(_write(tmp_path, "x.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 10 + b"\n%%EOF"))
    assert "\n" not in str(info.value)


def test_real_pdf_huaian_shi(real_reports: Path) -> None:
    doc = load(real_reports / "2024_huaian-shi.pdf")
    assert page_count(doc) >= 2
    assert any("本年新收政府信息公开申请数量" in line.text for line in doc.lines)
    assert all(line.location.page is not None for line in doc.lines)
    table = _table_with(doc, "一、本年新收政府信息公开申请数量")
    row = {c.col: c.text for c in table.cells if c.row == [c.row for c in table.cells
                                                            if c.text.startswith("一、本年新收")][0]}
    assert row[3] == "3001" and row[9] == "3119"
    assert (0, 3, 1, 7, "申请人情况") in _cells(table)
    assert "商业企业" in {c.text for c in table.cells}  # '商业企\n业' joined


def test_real_pdf_hongzequ(real_reports: Path) -> None:
    doc = load(real_reports / "2023_huaian-hongzequ.pdf")
    assert page_count(doc) == 5
    assert len(doc.tables) >= 4
    table = _table_with(doc, "行政复议")
    assert table.n_cols == 15
    assert [c.text for c in table.row_cells(table.n_rows - 1)][:2] == ["10", "1"]


# --- DOCX -------------------------------------------------------------------------------------

def _docx() -> bytes:
    d = docx.Document()
    d.core_properties.title = "测试报告"
    d.add_paragraph("一、总体情况")
    p = d.add_paragraph("第一行")
    p.add_run().add_break()
    p.add_run("第二行")
    t = d.add_table(rows=4, cols=4)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "项目"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "申请人情况"
    t.cell(0, 3).merge(t.cell(1, 3)).text = "总计"
    t.cell(1, 1).text = "自然人"
    cell = t.cell(1, 2)
    cell.text = "商业"
    cell.add_paragraph("企业")
    for r, values in enumerate((["新收", "20", "1", "21"], ["结转", "0", "0", "0"]), start=2):
        for k, value in enumerate(values):
            t.cell(r, k).text = value
    t.cell(2, 0).merge(t.cell(3, 0)).text = "新收"  # a label spanning two data rows
    d.add_paragraph("三、结尾")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_order_and_spans(tmp_path: Path) -> None:
    doc = load(_write(tmp_path, "r.docx", _docx()))
    assert doc.kind == "docx"
    assert doc.title == "测试报告"
    texts = [line.text for line in doc.lines]
    assert texts == [
        "一、总体情况", "第一行", "第二行",
        "项目\t申请人情况\t总计", "自然人\t商业企业", "新收\t20\t1\t21", "0\t0\t0",
        "三、结尾",
    ]
    table = doc.tables[0]
    assert table.line_index == 3
    assert _cells(table) == {
        (0, 0, 2, 1, "项目"), (0, 1, 1, 2, "申请人情况"), (0, 3, 2, 1, "总计"),
        (1, 1, 1, 1, "自然人"), (1, 2, 1, 1, "商业企业"),
        (2, 0, 2, 1, "新收"), (2, 1, 1, 1, "20"), (2, 2, 1, 1, "1"), (2, 3, 1, 1, "21"),
        (3, 1, 1, 1, "0"), (3, 2, 1, 1, "0"), (3, 3, 1, 1, "0"),
    }
    assert [(line.location.line, line.location.table, line.location.row) for line in doc.lines[3:7]] == [
        (4, 0, 0), (5, 0, 1), (6, 0, 2), (7, 0, 3)]


def test_docx_corrupt(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^bad\.docx: not a valid \.docx file"):
        load(_write(tmp_path, "bad.docx", b"PK\x03\x04 not really a zip"))
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx())) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                dst.writestr(item, src.read(item))
    with pytest.raises(IngestError, match=r"^nobody\.docx: not a valid \.docx file"):
        load(_write(tmp_path, "nobody.docx", buf.getvalue()))


# --- the registry -----------------------------------------------------------------------------

def test_load_rejects_unknown_empty_missing_and_large(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^r\.xls: unsupported file type '\.xls'"):
        load(_write(tmp_path, "r.xls", b"data"))
    with pytest.raises(IngestError, match=r"^empty\.html: the file is empty"):
        load(_write(tmp_path, "empty.html", b""))
    with pytest.raises(IngestError, match=r"^gone\.pdf: no such file"):
        load(tmp_path / "gone.pdf")
    with pytest.raises(IngestError, match=r"^big\.txt: the file is .* over the limit"):
        load(_write(tmp_path, "big.txt", "政府信息公开" * 10), max_bytes=16)


def test_load_gbk_text(tmp_path: Path) -> None:
    doc = load(_write(tmp_path, "gbk.txt", "一、总体情况\r\n本年度收到申请 21 件。\n", encoding="gbk"))
    assert [line.text for line in doc.lines[:2]] == ["一、总体情况", "本年度收到申请 21 件。"]
    assert doc.size == len("一、总体情况\r\n本年度收到申请 21 件。\n".encode("gbk"))


def test_load_html_with_nothing_readable(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^blank\.html: no text could be read"):
        load(_write(tmp_path, "blank.html", "<html><body><script>var a = 1;</script></body></html>"))


def test_gridcell_positions_are_top_left() -> None:
    # The types the loaders fill: a spanning cell's text fills the positions it covers in grid().
    table = SourceTable(index=0, cells=[GridCell(0, 0, "a", rowspan=2), GridCell(0, 1, "b"), GridCell(1, 1, "c")])
    assert table.grid() == [["a", "b"], ["a", "c"]]


def test_control_characters_are_removed_at_load(tmp_path):
    """A NUL after the first 4 KB (past the binary sniff) and escape codes never reach a store."""
    seed = (Path(__file__).resolve().parents[2] / "index" / "data" / "huachuan-county-2020.txt").read_text(
        encoding="utf-8")
    head, tail = seed[:3000], seed[3000:]
    f = tmp_path / "nul.txt"
    f.write_text(head + "\x00\x1b[31m" + tail.replace("目前均已答复", "目前\x00均已\x07答复"), encoding="utf-8")
    from index.loaders import load as load_file

    doc = load_file(f)
    assert not any(ch in line.text for line in doc.lines for ch in "\x00\x1b\x07")
    assert any("目前均已答复" in line.text for line in doc.lines)
    assert "\t" in next(line.text for line in doc.lines if line.text.startswith("规章"))  # tabs kept
