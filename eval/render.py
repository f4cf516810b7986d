"""Renderings of a synthetic report: HTML, PDF, DOCX, noisy "extracted text" and scans.

All four are drawn from the same :class:`eval.synth.ReportTruth`; every label comes from
:mod:`index.reportformat`. The three grid renderings share one cell model (:func:`table_grid`):
表二 as one table with caption rows (2019: five physical columns with irregular ``colspan``;
2021: four), 表三 with its 3-row header, ``rowspan`` group labels and ``colspan`` single rows
(FORMAT.md §3.1–3.2), 表四 with its 3-row header (§4).

:func:`render_text` imitates what PDF extraction gives (FORMAT.md §6.3, the seed report): lost
or split group labels, labels wrapped with a space, a dropped cell per row where the rules
recover it, page footers inside tables, run-together numbers where the rules split them
uniquely, half-width brackets, the known typos, straight quotes, vertical 表四 headers. It
records what it did in ``truth.renderings["text"]``.

:func:`render_scanned` prints the PDF rendering and scans it: image-only pages (no text layer)
with slight skew, blur, speckle and JPEG loss, read back only by OCR. Drawing the pages needs a
system CJK font (the PDFs name the non-embedded STSong-Light); :class:`NoCJKFont` says when absent.
"""

from __future__ import annotations

import html
import io
import random
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from index.reportformat import (
    APPLICANT_COLUMNS,
    APPLICANT_HEADER,
    GROUPS,
    LITIGATION,
    ORGANISATION_HEADER,
    SECTIONS,
    SUBHEADING_PATTERN,
    T2_BLOCKS,
    T2_INFO_HEADER,
    T3_NOTE,
    T4_BLOCKS,
    T4_COLUMNS,
    T4_OUTCOMES,
    T4_ROW,
    CellKey,
    t3_outcome_rows,
    t3_rows,
)

from .synth import ReportTruth

# ---------------------------------------------------------------------------
# The shared cell model
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str  # "\n" marks a line break inside the cell
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    label: bool = False


@dataclass
class Grid:
    table: int
    n_cols: int
    cells: list[Cell]

    @property
    def n_rows(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)

    def rows(self) -> list[list[Cell]]:
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row].append(c)
        return [sorted(r, key=lambda c: c.col) for r in out]


def _br(label: str, on: bool) -> str:
    """Break a header label in two (``本年新\\n制作数量``) when the style asks for it."""
    if not on or len(label) < 4 or "（" in label:
        return label
    if label.startswith(("本年新", "上一年")):
        cut = 3
    elif label in _ORG_LABELS:
        cut = len(label) // 2
    else:
        return label
    return label[:cut] + "\n" + label[cut:]


_ORG_LABELS = frozenset(c.label for c in APPLICANT_COLUMNS[1:6])


def _t2_text(truth: ReportTruth, row: str, col: str) -> str:
    v = truth.table2[(row, col)]
    return v.raw if v.raw is not None else str(v.value)


def _count_text(truth: ReportTruth, value: int) -> str:
    return "" if value == 0 and truth.style.get("zero") == "blank" else str(value)


def table_grid(truth: ReportTruth, table: int) -> Grid:
    """The printed cell layout of 表二, 表三 or 表四 for this report."""
    st = truth.style
    br = bool(st.get("header_br"))
    cells: list[Cell] = []
    if table == 2:
        width = 5 if truth.format == "2019" else 4
        r = 0
        for block in T2_BLOCKS[truth.format]:
            cells.append(Cell(r, 0, block.group.label, colspan=width, header=True))
            r += 1
            ncols = len(block.columns)
            if ncols == 3 and width == 5:
                head_spans = (1, 2, 1)
                irregular = st.get("t2_irregular_colspan") and block.group.id in ("art20.5", "art20.6")
                data_spans = (2, 1, 1) if irregular else head_spans
            elif ncols == 2:
                head_spans = data_spans = (2, 2)
            elif ncols == 1:
                head_spans = data_spans = (width - 1,)
            else:
                head_spans = data_spans = (1,) * ncols
            cells.append(Cell(r, 0, T2_INFO_HEADER, header=True))
            c = 1
            for col, span in zip(block.columns, head_spans):
                cells.append(Cell(r, c, _br(col.label, br), colspan=span, header=True))
                c += span
            r += 1
            for row in block.rows:
                cells.append(Cell(r, 0, row.label, label=True))
                c = 1
                for col, span in zip(block.columns, data_spans):
                    cells.append(Cell(r, c, _t2_text(truth, row.id, col.id), colspan=span))
                    c += span
                r += 1
        return Grid(2, width, cells)
    if table == 3:
        cells += [
            Cell(0, 0, T3_NOTE, rowspan=3, colspan=3, header=True),
            Cell(0, 3, APPLICANT_HEADER, colspan=7, header=True),
            Cell(1, 3, APPLICANT_COLUMNS[0].label, rowspan=2, header=True),
            Cell(1, 4, ORGANISATION_HEADER.label, colspan=5, header=True),
            Cell(1, 9, APPLICANT_COLUMNS[6].label, rowspan=2, header=True),
        ]
        for i, col in enumerate(APPLICANT_COLUMNS[1:6]):
            cells.append(Cell(2, 4 + i, _br(col.label, br), header=True))
        rows = t3_rows(truth.format)
        outcome_ids = {r.id for r in t3_outcome_rows(truth.format)} | {"processed_total"}
        n_outcomes = len(outcome_ids)
        seen_groups: set[str] = set()
        first_outcome = True
        for i, row in enumerate(rows):
            r = 3 + i
            if row.id in outcome_ids:
                if first_outcome:
                    cells.append(Cell(r, 0, GROUPS["outcomes"].label, rowspan=n_outcomes, label=True))
                    first_outcome = False
                if row.group:
                    if row.group not in seen_groups:
                        seen_groups.add(row.group)
                        k = sum(1 for x in rows if x.group == row.group)
                        cells.append(Cell(r, 1, GROUPS[row.group].label, rowspan=k, label=True))
                    cells.append(Cell(r, 2, row.label, label=True))
                else:
                    cells.append(Cell(r, 1, row.label, colspan=2, label=True))
            else:
                cells.append(Cell(r, 0, row.label, colspan=3, label=True))
            for j, v in enumerate(truth.table3[row.id]):
                cells.append(Cell(r, 3 + j, _count_text(truth, v)))
        return Grid(3, 10, cells)
    if table == 4:
        cells.append(Cell(0, 0, T4_BLOCKS[0].label, colspan=5, header=True))
        cells.append(Cell(0, 5, LITIGATION.label, colspan=10, header=True))
        for i, o in enumerate(T4_OUTCOMES):
            cells.append(Cell(1, i, o.label, rowspan=2, header=True))
        for b, block in enumerate(T4_BLOCKS[1:]):
            cells.append(Cell(1, 5 + 5 * b, block.label.split("/")[-1], colspan=5, header=True))
            for i, o in enumerate(T4_OUTCOMES):
                cells.append(Cell(2, 5 + 5 * b + i, o.label, header=True))
        for i, v in enumerate(truth.table4):
            cells.append(Cell(3, i, _count_text(truth, v)))
        return Grid(4, 15, cells)
    raise ValueError(f"no table {table}")


# The document as an ordered list of blocks: ("title"|"para"|"heading"|"subheading", text) or ("table", n).
SECTION_TABLE = {"二": 2, "三": 3, "四": 4}


def document_blocks(truth: ReportTruth) -> list[tuple[str, Any]]:
    blocks: list[tuple[str, Any]] = [("title", truth.title), ("para", truth.preamble)]
    for s in SECTIONS:
        blocks.append(("heading", f"{s.number}、{s.heading}"))
        for para in truth.sections.get(s.number, []):
            kind = "subheading" if SUBHEADING_PATTERN.match(para) and len(para) <= 20 else "para"
            blocks.append((kind, para))
        if s.number in SECTION_TABLE:
            blocks.append(("table", SECTION_TABLE[s.number]))
    return blocks


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------


def _html_cell_text(text: str, cell_p: bool) -> str:
    inner = "<br>".join(html.escape(part) for part in text.split("\n")) if text else "&nbsp;"
    return f"<p>{inner}</p>" if cell_p else inner


def _html_table(grid: Grid, cell_p: bool) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" align="center" class="MsoTableGrid"><tbody>']
    for row in grid.rows():
        tds = []
        for c in row:
            attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
                f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            tds.append(f"<td{attrs}>{_html_cell_text(c.text, cell_p)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _chrome_top(truth: ReportTruth) -> str:
    a = truth.agency
    site = html.escape(a.website)
    nav = "".join(f"<li><a href=\"#\">{html.escape(x)}</a></li>"
                  for x in ("首页", "政务公开", "政务服务", "互动交流", "数据发布", "无障碍"))
    return (f'<div class="site-header"><div class="logo">{site}</div><ul class="nav">{nav}</ul>'
            f'<form class="search"><input type="text" placeholder="请输入关键字"><button>搜索</button></form></div>\n'
            f'<div class="breadcrumb">当前位置：<a href="#">首页</a> &gt; <a href="#">政务公开</a> &gt; '
            f'<a href="#">政府信息公开年报</a> &gt; 正文</div>\n')


def _chrome_info(truth: ReportTruth) -> str:
    views = 100 + (sum(map(ord, truth.report_id)) * 37) % 5000
    return (f'<div class="info">发布时间：{truth.style.get("published") or ""}　来源：{html.escape(truth.printed_name)}'
            f'　浏览次数：{views}　字号：[大 中 小]</div>\n')


def _chrome_bottom(truth: ReportTruth) -> str:
    a = truth.agency
    related = "".join(
        f'<li><a href="#">{html.escape(truth.title.replace(str(truth.year), str(y)))}</a></li>'
        for y in (truth.year - 1, truth.year - 2) if y >= 2019)
    code = 1000000000 + (sum(map(ord, a.slug)) * 7919) % 899999999
    return (f'<div class="tools">【打印本页】【关闭窗口】【分享到：微信 微博】</div>\n'
            f'<div class="related"><h3>相关阅读</h3><ul>{related}</ul></div>\n'
            f'<div class="site-footer"><p>主办单位：{html.escape(a.name)}　地址：{html.escape(a.address)}</p>'
            f'<p>网站标识码：X{code}　示ICP备{code % 100000:05d}号（示例网站，非真实机关）</p></div>\n')


def render_html(truth: ReportTruth, chrome: bool = False) -> str:
    """Clean HTML of the report; with ``chrome`` wrapped in an invented site (nav, breadcrumbs,
    related links, footer)."""
    cell_p = bool(truth.style.get("cell_p", True))
    body: list[str] = []
    for kind, value in document_blocks(truth):
        if kind == "title":
            body.append(f'<h1 class="article-title">{html.escape(value)}</h1>')
            if chrome:
                body.append(_chrome_info(truth))
            body.append('<div class="article-content">')
        elif kind == "heading":
            body.append(f"<p><strong>{html.escape(value)}</strong></p>")
        elif kind == "subheading":
            body.append(f'<p style="text-indent:2em"><strong>{html.escape(value)}</strong></p>')
        elif kind == "para":
            body.append(f'<p style="text-indent:2em">{html.escape(value)}</p>')
        else:
            body.append(_html_table(table_grid(truth, value), cell_p))
    body.append("</div>")
    head = (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(truth.title)}{'_' + html.escape(truth.agency.website) if chrome else ''}</title>\n"
            "</head>\n<body>\n")
    parts = [head]
    if chrome:
        parts.append(_chrome_top(truth))
    parts.append('<div class="article">\n' + "\n".join(body) + "\n</div>\n")
    if chrome:
        parts.append(_chrome_bottom(truth))
    parts.append("</body>\n</html>\n")
    return "".join(parts)


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------

_PDF_FONT = "STSong-Light"
_pdf_ready = False


def _pdf_setup() -> None:
    global _pdf_ready
    if not _pdf_ready:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont(_PDF_FONT))
        _pdf_ready = True


def _footer_text(truth: ReportTruth, page: int) -> str:
    return f"— {page} —" if truth.style.get("footer") == "dash" else f"第 {page} 页"


def render_pdf(truth: ReportTruth) -> bytes:
    """A PDF of the report: reportlab, the built-in CJK font STSong-Light, ruled tables with spans
    (long tables break across pages), a page number footer on every page."""
    _pdf_setup()
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    title_st = ParagraphStyle("t", fontName=_PDF_FONT, fontSize=16, leading=24, alignment=1, wordWrap="CJK",
                              spaceAfter=8)
    head_st = ParagraphStyle("h", fontName=_PDF_FONT, fontSize=12, leading=18, wordWrap="CJK", spaceBefore=6,
                             spaceAfter=3)
    sub_st = ParagraphStyle("s", fontName=_PDF_FONT, fontSize=10.5, leading=16, wordWrap="CJK", firstLineIndent=21)
    body_st = ParagraphStyle("b", fontName=_PDF_FONT, fontSize=10.5, leading=16, wordWrap="CJK", firstLineIndent=21,
                             spaceAfter=3)
    cell_st = ParagraphStyle("c", fontName=_PDF_FONT, fontSize=8, leading=10, wordWrap="CJK", alignment=1)
    label_st = ParagraphStyle("l", parent=cell_st, alignment=0)
    width = A4[0] - 36 * mm
    widths = {
        "2:2019": [46 * mm] + [(width - 46 * mm) / 4] * 4,
        "2:2021": [50 * mm] + [(width - 50 * mm) / 3] * 3,
        "3": [11 * mm, 17 * mm, 58 * mm] + [(width - 86 * mm) / 7] * 7,
        "4": [width / 15] * 15,
    }

    def esc(text: str) -> str:
        return "<br/>".join(html.escape(p) for p in text.split("\n"))

    story: list[Any] = []
    for kind, value in document_blocks(truth):
        if kind == "title":
            story.append(Paragraph(esc(value), title_st))
        elif kind == "heading":
            story.append(Paragraph(esc(value), head_st))
        elif kind == "subheading":
            story.append(Paragraph(esc(value), sub_st))
        elif kind == "para":
            story.append(Paragraph(esc(value), body_st))
        else:
            grid = table_grid(truth, value)
            data: list[list[Any]] = [["" for _ in range(grid.n_cols)] for _ in range(grid.n_rows)]
            cmds: list[tuple[Any, ...]] = [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONT", (0, 0), (-1, -1), _PDF_FONT, 8),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
            for c in grid.cells:
                if c.header or c.label:
                    data[c.row][c.col] = Paragraph(esc(c.text), label_st if c.label else cell_st)
                else:
                    data[c.row][c.col] = c.text
                if c.rowspan > 1 or c.colspan > 1:
                    cmds.append(("SPAN", (c.col, c.row), (c.col + c.colspan - 1, c.row + c.rowspan - 1)))
            key = f"2:{truth.format}" if value == 2 else str(value)
            story.append(Spacer(1, 4))
            story.append(Table(data, colWidths=widths[key], style=TableStyle(cmds)))
            story.append(Spacer(1, 6))

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(_PDF_FONT, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, _footer_text(truth, doc.page))
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=20 * mm,
                            bottomMargin=22 * mm, title=truth.title, author=truth.printed_name, invariant=1)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------


def _docx_fixed_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed member timestamps so equal input gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render_docx(truth: ReportTruth) -> bytes:
    """A Word document of the report (python-docx); merged cells for the spans."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    published = truth.style.get("published") or f"{truth.year + 1}-01-15"
    when = datetime.strptime(published, "%Y-%m-%d")
    doc.core_properties.title = truth.title
    doc.core_properties.author = truth.printed_name
    doc.core_properties.created = when
    doc.core_properties.modified = when
    doc.core_properties.last_modified_by = truth.printed_name
    for kind, value in document_blocks(truth):
        if kind == "title":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(value)
            run.bold = True
            run.font.size = Pt(16)
        elif kind in ("heading", "subheading"):
            p = doc.add_paragraph()
            p.add_run(value).bold = True
        elif kind == "para":
            p = doc.add_paragraph(value)
            p.paragraph_format.first_line_indent = Pt(21)
        else:
            grid = table_grid(truth, value)
            table = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
            table.style = "Table Grid"
            raw = [[table.rows[r].cells[c] for c in range(grid.n_cols)] for r in range(grid.n_rows)]
            for c in grid.cells:
                cell = raw[c.row][c.col]
                if c.rowspan > 1 or c.colspan > 1:
                    cell = cell.merge(raw[c.row + c.rowspan - 1][c.col + c.colspan - 1])
                cell.text = c.text
                for para in cell.paragraphs:
                    if not c.label:
                        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for run in para.runs:
                        run.font.size = Pt(8)
            doc.add_paragraph()
    buf = io.BytesIO()
    doc.save(buf)
    return _docx_fixed_zip(buf.getvalue())


# ---------------------------------------------------------------------------
# Noisy extracted text
# ---------------------------------------------------------------------------

_HALF = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ","})


def _splits(digits: str, n: int, max_len: int = 6) -> list[list[int]]:
    """Every way to cut a digit run into ``n`` numbers (no leading zeros)."""
    out: list[list[int]] = []

    def go(pos: int, acc: list[int]) -> None:
        if len(acc) == n:
            if pos == len(digits):
                out.append(list(acc))
            return
        remaining = n - len(acc)
        if len(digits) - pos < remaining:
            return
        if digits[pos] == "0":
            go(pos + 1, acc + [0])
            return
        for k in range(1, min(max_len, len(digits) - pos - remaining + 1) + 1):
            go(pos + k, acc + [int(digits[pos:pos + k])])

    go(0, [])
    return out


def _t3_row_ok(v: list[int]) -> bool:
    return sum(v[:6]) == v[6]


def _t4_ok(v: list[int]) -> bool:
    return all(sum(v[b:b + 4]) == v[b + 4] for b in (0, 5, 10))


def _unique_split(values: list[int], ok: Any) -> bool:
    """Would the run-together digits of ``values`` split back uniquely under the rule ``ok``?"""
    digits = "".join(map(str, values))
    max_len = len(str(max(values))) + 1
    if len(values) == 15:  # 表四: split block by block (5 numbers each, T4-A per block)
        found: list[list[int]] = []

        def go(pos: int, acc: list[int]) -> None:
            if len(found) > 1:
                return
            if len(acc) == 15:
                if pos == len(digits):
                    found.append(acc)
                return
            rest = digits[pos:]
            for k in range(5, min(len(rest), 5 * max_len) + 1):
                for cand in _splits(rest[:k], 5, max_len):
                    if sum(cand[:4]) == cand[4]:
                        go(pos + k, acc + cand)

        go(0, [])
        return found == [values]
    cands = [c for c in _splits(digits, len(values), max_len) if ok(c)]
    return cands == [values]


def _recoverable_drops(values: list[int], ok: Any) -> list[int]:
    """Indices whose cell may be dropped: every consistent re-insertion gives the true row back."""
    out = []
    for i in range(len(values)):
        rest = values[:i] + values[i + 1:]
        cands = []
        for j in range(len(values)):
            for x in _fill_candidates(rest, j, len(values)):
                cand = rest[:j] + [x] + rest[j:]
                if ok(cand):
                    cands.append(cand)
        if cands and all(c == values for c in cands):
            out.append(i)
    return out


def _fill_candidates(rest: list[int], j: int, n: int) -> list[int]:
    """The value a missing cell at ``j`` must take for the row's rule to hold (or nothing)."""
    cand_base = rest[:j] + [0] + rest[j:]
    if n == 7:
        if j == 6:
            return [sum(cand_base[:6])]
        x = cand_base[6] - sum(cand_base[:6])
        return [x] if x >= 0 else []
    b = (j // 5) * 5
    block = cand_base[b:b + 5]
    if j - b == 4:
        return [sum(block[:4])]
    x = block[4] - sum(block[:4])
    return [x] if x >= 0 else []


class _TextRenderer:
    def __init__(self, truth: ReportTruth, noise: float, rng: random.Random) -> None:
        self.t = truth
        self.p = max(0.0, min(1.0, noise))
        self.rng = rng
        self.lines: list[tuple[str, str]] = []  # (tag, text)
        self.applied: list[dict[str, Any]] = []
        self.sep = "\t" if self.p == 0 or rng.random() > self.p * 0.6 else " "
        self.half = self.chance(0.6)
        if self.half:
            self.log("half_width_brackets", "table labels use half-width brackets '(一)'")
        self.straight_quotes = self.chance(0.5)
        if self.straight_quotes:
            self.log("straight_quotes", "curly quotes printed straight (\"三安全一稳定\")")

    def chance(self, x: float) -> bool:
        return self.p > 0 and self.rng.random() < x * self.p

    def log(self, kind: str, note: str, **extra: Any) -> None:
        self.applied.append({"kind": kind, "note": note, **extra})

    def emit(self, tag: str, text: str) -> None:
        self.lines.append((tag, text))

    # ----- labels -------------------------------------------------------------
    def lab(self, text: str) -> str:
        if self.straight_quotes:
            text = text.replace("“", '"').replace("”", '"')
        if self.half:
            text = re.sub(r"）(?=\S)", ") ", text).translate(_HALF)
            text = re.sub(r"^(\d)\.(?=\S)", r"\1. ", text)
        return text

    def wrap_label(self, text: str, what: str) -> str:
        if len(text) > 10 and self.chance(0.25):
            k = len(text) - self.rng.choice((1, 2))
            self.log("wrapped_label", f"label '{what}' wrapped with a space", label=what)
            return text[:k] + " " + text[k:]
        return text

    # ----- narrative ----------------------------------------------------------
    def narrative(self) -> None:
        wrap = self.chance(0.5)
        width = self.rng.randint(30, 44)
        spaced = self.chance(0.4)
        if wrap:
            self.log("hard_wrap", f"narrative paragraphs hard-wrapped at {width} characters", width=width)
        if spaced:
            self.log("spaced_numbers", "narrative numbers set off by spaces ('发布信息 2159 条')")
        title = self.t.title
        if self.chance(0.3):
            k = len(self.t.printed_name) + 5
            title = title[:k] + " " + title[k:]
            self.log("title_split", "title printed with a stray space")
        for kind, value in document_blocks(self.t):
            if kind == "title":
                self.emit("title", title)
                self.emit("blank", "")
            elif kind == "table":
                getattr(self, f"table{value}")()
                self.emit("blank", "")
            else:
                text = value
                if self.straight_quotes:
                    text = text.replace("“", '"').replace("”", '"')
                if spaced and kind == "para":
                    text = re.sub(r"(?<=[^\d\s.])(\d+(?:\.\d+)?)(?=[^\d.]|$)", r" \1 ", text)
                if wrap and kind == "para":
                    for piece in self.hard_wrap(text, width):
                        self.emit("para", piece)
                else:
                    self.emit(kind, text)
                self.emit("blank", "")

    @staticmethod
    def hard_wrap(text: str, width: int) -> list[str]:
        out = []
        while len(text) > width:
            cut = width
            while 0 < cut < len(text) and text[cut - 1].isdigit() and text[cut].isdigit():
                cut -= 1
            if cut == 0:
                cut = width
            out.append(text[:cut])
            text = text[cut:]
        out.append(text)
        return out

    # ----- tables -------------------------------------------------------------
    def values(self, values: list[str], key: str, ints: list[int] | None = None, ok: Any = None,
               table: int = 3) -> str:
        """Join a row's cells, maybe dropping one (if recoverable) or running them together."""
        if ints is not None and ok is not None:
            if self.chance(0.25 if table == 3 else 0.35):
                idx = _recoverable_drops(ints, ok)
                if idx:
                    i = self.rng.choice(idx)
                    col = APPLICANT_COLUMNS[i].id if table == 3 else T4_COLUMNS[i].id
                    cell = str(CellKey(table, key, col))
                    self.log("dropped_cell", f"cell {cell} ({ints[i]}) lost; the rules recover it", cell=cell,
                             value=ints[i])
                    return self.sep.join(values[:i] + values[i + 1:])
            if self.chance(0.12 if table == 3 else 0.3) and _unique_split(ints, ok):
                self.log("run_together", f"row T{table}:{key} printed without separators; the rules split it "
                                         "uniquely", row=key, table=table)
                return "".join(values)
        elif ints is None and len(values) > 1 and self.chance(0.1):
            self.log("run_together", f"表二 row {key} printed without separators (ambiguous: uncertain)",
                     row=key, table=2, uncertain=True)
            return "".join(values)
        return self.sep.join(values)

    def table2(self) -> None:
        s = self.sep
        truncate = self.t.format == "2019" and self.chance(0.15)
        spaced_caption = self.chance(0.3)
        if truncate:
            self.log("truncated_header", "表二 (一) headers cut to their first line ('本年新')")
        if spaced_caption:
            self.log("caption_variant", "表二 captions printed as '第二十条 第(一)项'")
        for bi, block in enumerate(T2_BLOCKS[self.t.format]):
            cap = block.group.label
            if spaced_caption:
                cap = cap.replace("条第", "条 第").translate(_HALF)
            self.emit("t2", cap)
            heads = [c.label for c in block.columns]
            if truncate and bi == 0:
                heads = [h[:3] if h.startswith(heads[0][:3]) else h for h in heads]
            self.emit("t2", s.join([T2_INFO_HEADER, *heads]))
            for row in block.rows:
                vals = [_t2_text(self.t, row.id, c.id) for c in block.columns]
                self.emit("t2", row.label + s + self.values(vals, row.id, table=2))

    def table3(self) -> None:
        s, t = self.sep, self.t
        note = T3_NOTE.translate(_HALF) if self.chance(0.5) else T3_NOTE
        split_heads = self.chance(0.5)
        if split_heads:
            self.log("split_headers", "表三 applicant headers wrapped ('商业企 业')")

        def head(label: str) -> str:
            return label[:3] + " " + label[3:] if split_heads and len(label) >= 4 else label

        self.emit("t3", s + s + APPLICANT_HEADER)
        self.emit("t3", s.join([note, APPLICANT_COLUMNS[0].label, ORGANISATION_HEADER.label,
                                APPLICANT_COLUMNS[6].label]))
        self.emit("t3", s + s + s.join(head(c.label) for c in APPLICANT_COLUMNS[1:6]))
        rows = t3_rows(t.format)
        outcome_ids = {r.id for r in t3_outcome_rows(t.format)} | {"processed_total"}
        # decide what happens to each group label: kept, lost, or split (head on the first sub-row,
        # tail on or before the second)
        group_plan: dict[str, tuple[str, str | None, str]] = {}
        for gid in ["outcomes"] + sorted({r.group for r in rows if r.group}):
            label = self.lab(GROUPS[gid].label)
            if self.chance(0.5):
                group_plan[gid] = ("", None, "lost")
                self.log("lost_group_label", f"group label '{GROUPS[gid].label}' lost", label=GROUPS[gid].label)
            elif self.chance(0.5):
                k = len(label) - self.rng.choice((1, 2))
                mode = self.rng.choice(("own_line", "prefix"))
                group_plan[gid] = (label[:k], label[k:], mode)
                self.log("split_label", f"group label '{GROUPS[gid].label}' split into '{label[:k]}' … "
                                        f"'{label[k:]}'", label=GROUPS[gid].label, head=label[:k], tail=label[k:])
            else:
                group_plan[gid] = (label, None, "kept")
        pending_tail: dict[str, str] = {}
        first_outcome = True
        for row in rows:
            label = row.label
            if row.id == "partial" and self.chance(0.4):
                if self.rng.random() < 0.6:
                    label = label.replace("这一情形", "这一情况")
                    self.log("typo", "'只计这一情况' for '只计这一情形'", label=row.label)
                else:
                    label = label.replace("只计", "只记")
                    self.log("typo", "'只记这一情形' for '只计这一情形'", label=row.label)
            if row.id == "denied.5" and self.chance(0.2):
                label = label.replace("内部事务", "内容事务")
                self.log("typo", "'三类内容事务信息' for '三类内部事务信息'", label=row.label)
            if row.id == "carried_out" and self.chance(0.3):
                label = label.replace("下年度", "下一年度")
                self.log("typo", "'结转下一年度继续办理' for '结转下年度继续办理'", label=row.label)
            label = self.wrap_label(self.lab(label), row.label)
            tokens: list[str] = []
            if row.id in outcome_ids and first_outcome:
                first_outcome = False
                tokens += self.group_tokens("outcomes", group_plan, pending_tail)
            elif row.id in outcome_ids and "outcomes" in pending_tail and self.rng.random() < 0.5:
                tokens.append(pending_tail.pop("outcomes"))
            if row.group:
                sub = [r for r in rows if r.group == row.group]
                if sub[0] is row:
                    tokens += self.group_tokens(row.group, group_plan, pending_tail)
                elif sub[1] is row and row.group in pending_tail:
                    tail, mode = pending_tail.pop(row.group), group_plan[row.group][2]
                    if mode == "own_line":
                        self.emit("t3", s + tail)
                    else:
                        tokens.append(tail)
            tokens.append(label)
            ints = t.table3[row.id]
            vals = self.values([str(v) for v in ints], row.id, ints, _t3_row_ok, table=3)
            self.emit("t3", s.join(tokens) + s + vals)
            if row.id == "processed_total" and "outcomes" in pending_tail:
                self.emit("t3", pending_tail.pop("outcomes"))

    def group_tokens(self, gid: str, plan: dict[str, tuple[str, str | None, str]],
                     pending: dict[str, str]) -> list[str]:
        head, tail, mode = plan[gid]
        if mode == "lost":
            return []
        if tail is not None:
            pending[gid] = tail
        return [head]

    def table4(self) -> None:
        s = self.sep
        self.emit("t4", s.join([T4_BLOCKS[0].label, LITIGATION.label]))
        subs = [b.label.split("/")[-1] for b in T4_BLOCKS[1:]]
        outcome_labels = [o.label for o in T4_OUTCOMES[:4]]
        total = T4_OUTCOMES[4].label
        if self.chance(0.7):
            self.log("vertical_t4_header", "表四 headers set vertically: one character per line, interleaved")
            self.emit("t4", s.join(subs))
            labels = outcome_labels * 3
            for i in range(max(len(x) for x in labels)):
                self.emit("t4", " ".join(x[i] if i < len(x) else "" for x in labels))
            self.emit("t4", " ".join([total] * 3))
        else:
            self.emit("t4", s.join(outcome_labels + [total] + subs))
            self.emit("t4", s.join((outcome_labels + [total]) * 2))
        ints = list(self.t.table4)
        self.emit("t4", self.values([str(v) for v in ints], T4_ROW.id, ints, _t4_ok, table=4))

    # ----- pages --------------------------------------------------------------
    def paginate(self) -> list[str]:
        style = self.t.style.get("footer", "dash")
        capacity = self.rng.randint(36, 46)
        show = self.p > 0 and (self.p >= 1 or self.rng.random() < min(1.0, 1.5 * self.p))
        out: list[tuple[str, str]] = []
        page, used = 1, 0.0
        footers_in_tables = 0
        for tag, text in self.lines:
            height = 1 + len(text) // 42
            if used + height > capacity:
                if show:
                    out.append(("footer", _footer_text(self.t, page)))
                    footers_in_tables += tag in ("t2", "t3", "t4")
                page, used = page + 1, 0.0
                capacity = self.rng.randint(36, 46)
            out.append((tag, text))
            used += height
        if show:
            # a page break inside 表三 when none fell there by itself (as in the real PDFs)
            t3_idx = [i for i, (tag, _) in enumerate(out) if tag == "t3"]
            if t3_idx and not any(out[i - 1][0] == "footer" for i in t3_idx[1:]) and self.chance(0.9):
                at = self.rng.choice(t3_idx[3:] or t3_idx)
                number = sum(1 for tag, _ in out[:at] if tag == "footer") + 1
                out.insert(at, ("footer", _footer_text(self.t, number)))
                # renumber the footers that follow
                n = 0
                for i, (tag, _) in enumerate(out):
                    if tag == "footer":
                        n += 1
                        out[i] = ("footer", _footer_text(self.t, n))
                footers_in_tables += 1
            n = sum(1 for tag, _ in out if tag == "footer")
            out.append(("footer", _footer_text(self.t, n + 1)))
            self.log("page_footers", f"{n + 1} page footers ('{_footer_text(self.t, 1)}'), "
                                     f"{footers_in_tables} inside tables", count=n + 1,
                     inside_tables=footers_in_tables)
        return [text for _, text in out]

    def render(self) -> str:
        self.narrative()
        lines = self.paginate()
        # collapse runs of blank lines
        text = "\n".join(lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_text(truth: ReportTruth, noise: float = 0.0, rng: random.Random | None = None) -> str:
    """The report as text extraction gives it, with noise at level ``noise`` (0 = clean, 1 = heavy).

    What was applied is recorded in ``truth.renderings["text"]`` (``noise``, ``applied`` — one
    dict per effect, with the cell or label concerned — and readable ``notes``); rendering again
    replaces the record. ``rng`` defaults to one seeded by the report id.
    """
    rng = rng if rng is not None else random.Random(f"govqa-synth/text/{truth.report_id}")
    r = _TextRenderer(truth, noise, rng)
    text = r.render()
    truth.renderings["text"] = {"noise": noise, "applied": r.applied, "notes": [a["note"] for a in r.applied]}
    return text


# ---------------------------------------------------------------------------
# Scans
# ---------------------------------------------------------------------------

SCAN_DPI = 200  # what small agencies' office scanners are mostly set to


class NoCJKFont(RuntimeError):
    """No font with Chinese glyphs is installed, so a page cannot be drawn as an image."""


_cjk_checked = False


def require_cjk_font() -> None:
    """The PDFs use the non-embedded CJK font STSong-Light: drawing them needs a system CJK font
    (Debian: fonts-wqy-zenhei), without which every Chinese character would vanish silently."""
    global _cjk_checked
    if _cjk_checked:
        return
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    _pdf_setup()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(60, 40))
    c.setFont(_PDF_FONT, 24)
    c.drawString(8, 10, "国")
    c.save()
    page = pdfium.PdfDocument(buf.getvalue())[0]
    image = page.render(scale=1).to_pil().convert("L")
    if image.getextrema()[0] > 128:
        raise NoCJKFont("no CJK font is installed to draw pages with (Debian: apt-get install fonts-wqy-zenhei)")
    _cjk_checked = True


def text_pdf(text: str, title: str | None = None) -> bytes:
    """A plain printout of a text file: its lines in order, tab-separated cells set at wide tab
    stops, long lines wrapped. Used to scan a text-only report (the bundled sample)."""
    _pdf_setup()
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    size, leading, left, top, bottom = 9.0, 14.0, 16 * mm, A4[1] - 18 * mm, 18 * mm
    width = A4[0] - 2 * left
    stop = 3 * size  # a tab moves on to the next stop, at least two characters on

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    if title:
        c.setTitle(title)
    y = top

    def newline() -> None:
        nonlocal y
        y -= leading
        if y < bottom:
            c.showPage()
            y = top

    for line in text.splitlines():
        x = left
        for k, part in enumerate(line.split("\t")):
            if k:
                x = left + (int((x - left + 2 * size) // stop) + 1) * stop
            for ch in part:
                w = stringWidth(ch, _PDF_FONT, size)
                if x + w > left + width:
                    newline()
                    x = left
                c.setFont(_PDF_FONT, size)
                c.drawString(x, y, ch)
                x += w
        newline()
    c.save()
    return buf.getvalue()


def scan_pdf(pdf: bytes, rng: random.Random, dpi: int = SCAN_DPI) -> bytes:
    """The PDF as a scanner gives it: every page an image (gray, JPEG) with no text layer, slightly
    rotated, blurred and speckled. The noise is drawn from ``rng``."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    require_cjk_font()
    pages = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            image = page.render(scale=dpi / 72).to_pil().convert("L")
            image = image.rotate(rng.uniform(-0.6, 0.6), resample=Image.Resampling.BICUBIC, fillcolor=255)
            image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))
            speckle = np.random.default_rng(rng.randrange(2**32)).normal(0.0, rng.uniform(6.0, 14.0),
                                                                           (image.height, image.width))
            image = Image.fromarray(np.clip(np.asarray(image, dtype=np.float32) + speckle, 0, 255).astype(np.uint8))
            buf = io.BytesIO()
            image.save(buf, "JPEG", quality=rng.randint(70, 90))
            pages.append(Image.open(io.BytesIO(buf.getvalue())))
    finally:
        doc.close()
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return out.getvalue()


def render_scanned(truth: ReportTruth, rng: random.Random | None = None) -> bytes:
    """The PDF rendering printed and scanned: image-only pages with skew, blur and speckle (:func:`scan_pdf`).
    ``rng`` defaults to one seeded by the report id."""
    rng = rng if rng is not None else random.Random(f"govqa-synth/scanned/{truth.report_id}")
    return scan_pdf(render_pdf(truth), rng)


__all__ = ["SCAN_DPI", "Cell", "Grid", "NoCJKFont", "document_blocks", "render_docx", "render_html", "render_pdf",
           "render_scanned", "render_text", "require_cjk_font", "scan_pdf", "table_grid", "text_pdf"]
