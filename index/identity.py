"""Who published a report, for which year, in which table format: read from its title or first lines."""

from __future__ import annotations

import re
from pathlib import Path

from .reportformat import REPORT_TITLE_WORDS, FormatVersion, detect_format, normalize_label
from .types import ReportIdentity, SourceDocument

_TITLE_WORDS = "|".join(re.escape(normalize_label(w)) for w in sorted(REPORT_TITLE_WORDS, key=len, reverse=True))
# "桦川县人民政府2020年政府信息公开工作年度报告", "…2019年度政府信息公开工作年度报告"
_AGENCY_YEAR = re.compile(rf"(?P<agency>[\u4e00-\u9fff（）()]{{2,40}}?)(?P<year>20\d\d)年度?(?:的)?(?P<words>{_TITLE_WORDS})")
# "2019年上海市人民政府办公厅政府信息公开工作年度报告"
_YEAR_AGENCY = re.compile(rf"(?P<year>20\d\d)年度?(?P<agency>[\u4e00-\u9fff（）()]{{2,40}}?)(?P<words>{_TITLE_WORDS})")
_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
# Words that come before an agency name in a title line or in page chrome, never part of it.
_LEADING_NOISE = re.compile(r"^.*?(?:当前位置|首页|来源|发布机构|发布日期|标题|名称|关于|公开|索引号|文号|主题)[:：]?")


def _clean_agency(text: str) -> str:
    text = text.strip("（）() ")
    for prefix in ("关于", "我"):
        if text.startswith(prefix) and len(text) > 4:
            text = text[len(prefix):]
    return text


def detect_identity(doc: SourceDocument, *, agency: str | None = None, year: int | None = None) -> ReportIdentity:
    """Agency, year, table format and title, from the title, the first lines, or the file name.

    Explicit ``agency``/``year`` win. Missing parts fall back to: the year in the file name; the
    agency as "未知机关" (unknown), so a report is never silently given another agency's name.
    """
    candidates: list[str] = []
    if doc.title:
        candidates.append(doc.title)
    head_lines = [line.text for line in doc.lines[:60] if line.text.strip()]
    # A title may be printed over two lines ("洪泽区人民政府" / "2023年政府信息公开工作年度报告").
    for i, line in enumerate(head_lines[:40]):
        candidates.append(line)
        if i + 1 < len(head_lines):
            candidates.append(line + head_lines[i + 1])
    found_agency = found_year = None
    title = None
    for text in candidates:
        norm = normalize_label(text).lstrip("#")
        norm = _LEADING_NOISE.sub("", norm) if len(norm) > 60 else norm
        for pattern in (_AGENCY_YEAR, _YEAR_AGENCY):
            m = pattern.search(norm)
            if m and len(m["agency"]) >= 2:
                found_agency = _clean_agency(re.split(r"[.:：>》|]", m["agency"])[-1])
                found_year = int(m["year"])
                title = m.group(0)
                break
        if found_year:
            break
    if found_year is None:
        m = _YEAR_IN_NAME.search(Path(doc.path).name)
        if m:
            found_year = int(m.group(1))
    final_year = year or found_year
    if final_year is None:
        # the statistics period sentence: "统计期限自2020年1月1日起至2020年12月31日止"
        m = re.search(r"(20\d\d)年1月1日", doc.text[:5000])
        final_year = int(m.group(1)) if m else 0
    final_agency = agency or found_agency or "未知机关"
    fmt: FormatVersion = detect_format(doc.text, final_year or None)
    if title is None or agency or year:
        title = f"{final_agency}{final_year}年政府信息公开工作年度报告"
    return ReportIdentity(agency=final_agency, year=final_year, format=fmt, title=title)
