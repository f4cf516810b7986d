"""ParsedReport → Passages: narrative chunks along the report's own headings, and table rows as sentences.

Narrative text is everything outside ``report.table_spans``. It is cut along the six top-level
sections (一、总体情况 … 六、其他需要报告的事项, matched by ``reportformat.SECTION_HEADING_WORDS`` so
reworded and markdown headings work), then along sub-headings (（一）…, 一是…, 1.…), then into chunks
of about ``MIN_CHARS``–``MAX_CHARS`` characters on sentence ends. Headings found inside a long line
(reports flattened to one line by a web page) split it too. Each table row becomes one sentence built
from ``report.figures`` with the format's official labels.

Pure functions: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .reportformat import (
    PROBLEMS_SUBHEADING_WORDS,
    SECTION_BY_NUMBER,
    SECTION_HEADING_WORDS,
    SECTIONS,
    SUBHEADING_PATTERN,
    T3_ROWS,
    TABLE_NAMES,
    CellKey,
    CellSpec,
    FormatVersion,
    cell_specs,
    normalize_label,
    official_spec,
)
from .types import Figure, Location, ParsedReport, Passage

__all__ = ["MAX_CHARS", "MIN_CHARS", "PREAMBLE", "chunk_report", "chunk_lines", "table_row_passages"]

MAX_CHARS = 400  # a chunk grows up to this many characters
MIN_CHARS = 150  # a chunk's tail shorter than half of this joins the chunk before it
LONG_LINE = 1500  # a line this long inside a table span is a whole flattened report
SHORT_LINE = 20  # a line this short (e.g. "对此，") is attached to the next one
PREAMBLE = "前言"  # section_path of the text before the first heading

_SECTION_ORDER = {s.number: i for i, s in enumerate(SECTIONS)}
# A top-level heading: "一、总体情况", "## 二、主动公开…", "三．…"
_TOP = re.compile(r"^\s*#*\s*([一二三四五六])\s*[、.．]\s*")
_TOP_INLINE = re.compile(r"(?<![一二三四五六七八九十第])\s*#*\s*([一二三四五六])\s*[、．]")
# Sub-headings: level 1 （一）; level 2 一是 / 1. / （1）
_SUB1 = re.compile(r"^\s*#*\s*[（(][一二三四五六七八九十]+[）)]")
_SUB2 = re.compile(r"^\s*#*\s*(?:[一二三四五六七八九十]+是|\d{1,2}\s*[.．、](?![\d%])|[（(]\d{1,2}[）)])")
_SUB_INLINE = re.compile(
    r"(?<=[。；;：:！!？?])\s*(?=[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+是|\d{1,2}[.．、](?![\d%]))")
_SENTENCE_END = re.compile(r"(?<=[。；;！!？?])")
_LABEL_END = re.compile(r"[。：:；;，,！!？?\t]")
_LABEL_NESTED = re.compile(r"\s|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|[一二三四五六七八九十]是")
_TABULAR = re.compile(r"\t|\|.*\||(?:(?:^|\s)[-+]?\d[\d,.]*(?=\s|$).*){3}")
_T3_HEADS = tuple(h for r in T3_ROWS for h in r.heads if len(h) >= 4)
_ENDINGS = ("情况", "事项", "问题")


# ---------------------------------------------------------------------------
# Heading recognition
# ---------------------------------------------------------------------------


def _section_words_match(number: str, text: str) -> bool:
    norm = normalize_label(text)
    return any(normalize_label(w) in norm for w in SECTION_HEADING_WORDS[number])


def _is_table_row_label(text: str) -> bool:
    norm = re.sub(r"^(?:\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十\d]+\.)", "", normalize_label(text))
    return any(norm.startswith(normalize_label(h)) for h in _T3_HEADS)


def _top_heading(text: str, current: str | None) -> tuple[str, str, str] | None:
    """(section number, heading text, rest of the text) when ``text`` starts with a top-level heading."""
    m = _TOP.match(text)
    if m and _is_tabular(text[:40]):
        return None
    if m:
        number = m.group(1)
        if current is not None and _SECTION_ORDER[number] <= _SECTION_ORDER[current]:
            return None
        rest = text[m.end():]
        window = rest[:40]
        if _is_table_row_label(rest):
            return None
        if _section_words_match(number, window):
            return number, *_split_heading(text, m.end(), number)
        short = len(text.strip()) <= 40 and not re.search(r"[。；;]", text)
        expected = _SECTION_ORDER[number] == (_SECTION_ORDER[current] + 1 if current else 0)
        if short and expected:
            return number, text.strip(), ""
        return None
    # An unnumbered heading: "## 总体情况" or the canonical heading on its own line.
    stripped = text.strip()
    if len(stripped) <= 30 and not re.search(r"[。；;，,]", stripped):
        bare = normalize_label(stripped.lstrip("#"))
        for s in SECTIONS:
            if current is not None and _SECTION_ORDER[s.number] <= _SECTION_ORDER[current]:
                continue
            if bare.startswith(normalize_label(s.heading)) or (
                    stripped.startswith("#") and _section_words_match(s.number, bare)):
                return s.number, stripped.lstrip("#").strip(), ""
    return None




def _opens_missing_problems_section(text: str) -> bool:
    """A first-level sub-heading of section 五 ("（一）2024 年工作中存在问题的改进情况") met while still
    in section 四: section 四 has no such sub-headings (FORMAT.md §1), so 五's own heading was lost."""
    return bool(_SUB1.match(text)) and len(text) <= 60 and any(w in text[:40] for w in PROBLEMS_SUBHEADING_WORDS)


def _split_heading(text: str, body_start: int, number: str) -> tuple[str, str]:
    """Split "一、总体情况2020年，我县…" into the heading and the body that follows it on the line.

    A short line without sentence punctuation is all heading ("四、因政府信息公开工作被申请行政复议…"),
    unless text that is clearly not heading follows the heading words: after white space
    ("六、其他需要报告的事项 无"), a number or bracket, or with a comma or colon in it.
    """
    window = text[body_start:body_start + 40]
    end = None
    canonical = SECTION_BY_NUMBER[number].heading
    i = window.find(canonical)
    if i >= 0:
        end = i + len(canonical)
    else:
        for w in SECTION_HEADING_WORDS[number]:
            j = window.find(w)
            if j >= 0:
                end = j + len(w)
                for ending in _ENDINGS:
                    k = window.find(ending, end)
                    if 0 <= k <= end + 12:
                        end = k + len(ending)
                        break
                break
    stripped = text.strip()
    if len(stripped) <= 40 and not re.search(r"[。；;]", stripped):
        after = text[body_start + end:] if end is not None else ""
        if not after.strip() or not (after[0].isspace() or after[0] in "（(0123456789"
                                     or re.search(r"[，,：:]", after)):
            return stripped, ""
    if end is None:
        m = _LABEL_END.search(window)
        end = m.start() if m else len(window)
    # a punctuation mark right after the heading belongs to it
    while body_start + end < len(text) and text[body_start + end] in "。：:":
        end += 1
    return text[:body_start + end].strip(), text[body_start + end:].strip()


def _is_tabular(text: str) -> bool:
    """A line of table cells (tab-separated, or three or more bare numbers): never a heading."""
    return bool(_TABULAR.search(text))


_TABLE_SECTIONS = ("二", "三", "四")
_TABLE_HEAD_WORDS = tuple(normalize_label(w) for w in (
    "第二十条第", "信息内容", "申请人情况", "本列数据的勾稽关系", "(本列数据", "行政复议行政诉讼", "结果维持结果纠正",
    "自然人法人或其他组织", "法人或其他组织", "商业企业科研机构"))


def _is_table_text(text: str) -> bool:
    """Table cells or table header words (inside the table sections 二/三/四)."""
    if _is_tabular(text) or _is_table_row_label(text):
        return True
    norm = normalize_label(text)
    return any(norm.startswith(w) for w in _TABLE_HEAD_WORDS)


def _sub_level(text: str) -> int:
    if _is_tabular(text):
        return 0
    if _SUB1.match(text):
        return 1
    if _SUB2.match(text) or SUBHEADING_PATTERN.match(text):
        return 2
    return 0


def _sub_label(text: str) -> str:
    """The heading words of a sub-heading paragraph: up to its first punctuation mark, at most 24 chars."""
    text = text.strip().lstrip("#").strip()
    # skip the marker itself, then stop at the first punctuation
    m = re.match(r"[（(][^）)]{1,3}[）)]|[一二三四五六七八九十]+是|\d{1,2}\s*[.．、]", text)
    start = m.end() if m else 0
    end = min(len(text), start + 24)
    stop = _LABEL_END.search(text, start)
    if stop:
        end = min(end, stop.start())
    nested = _LABEL_NESTED.search(text, start + 2)
    if nested:
        end = min(end, nested.start())
    return text[:end].strip()


def _split_inline(text: str, current: str | None) -> list[str]:
    """Cut a long line before headings that sit inside it (a report flattened to one line)."""
    cuts: set[int] = set()
    section = current
    for m in _TOP_INLINE.finditer(text):
        start = m.start(1)
        number = m.group(1)
        if section is not None and _SECTION_ORDER[number] <= _SECTION_ORDER[section]:
            continue
        if start == 0 or not _section_words_match(number, text[m.end():m.end() + 30]):
            continue
        if _is_table_row_label(text[m.end():]):
            continue
        cuts.add(start)
        section = number
    for m in _SUB_INLINE.finditer(text):
        cuts.add(m.end())
    cuts.discard(0)
    if not cuts:
        return [text]
    out, prev = [], 0
    for c in sorted(cuts):
        if text[prev:c].strip():
            out.append(text[prev:c])
        prev = c
    if text[prev:].strip():
        out.append(text[prev:])
    return out


# ---------------------------------------------------------------------------
# Chunk assembly
# ---------------------------------------------------------------------------


@dataclass
class _Unit:
    text: str
    location: Location
    new_paragraph: bool = True


@dataclass
class _Block:
    """Text under one heading path."""

    section: str
    path: tuple[str, ...]
    prefix: list[_Unit] = field(default_factory=list)  # heading lines and short lines waiting for a body
    units: list[_Unit] = field(default_factory=list)


def _sentences(text: str) -> list[str]:
    parts = [p for p in _SENTENCE_END.split(text) if p]
    out: list[str] = []
    for p in parts:
        while len(p) > MAX_CHARS:
            cut = p.rfind("，", 0, MAX_CHARS)
            cut = cut + 1 if cut > MAX_CHARS // 3 else MAX_CHARS
            out.append(p[:cut])
            p = p[cut:]
        if p:
            out.append(p)
    return out


def _join(units: Sequence[_Unit]) -> str:
    out = ""
    for i, u in enumerate(units):
        out += ("\n" if i and u.new_paragraph else "") + u.text
    return out


def _pack(block: _Block) -> list[Passage]:
    """Greedy packing of a block's paragraphs/sentences into chunks of at most MAX_CHARS."""
    pieces: list[_Unit] = []
    for u in block.units:
        if len(u.text) <= MAX_CHARS:
            pieces.append(u)
        else:
            for i, s in enumerate(_sentences(u.text)):
                pieces.append(_Unit(s, u.location, new_paragraph=u.new_paragraph if i == 0 else False))
    groups: list[list[_Unit]] = []
    current: list[_Unit] = list(block.prefix)
    size = sum(len(u.text) for u in current)
    prefix_only = bool(current)
    for p in pieces:
        if current and not prefix_only and size + len(p.text) > MAX_CHARS:
            groups.append(current)
            current, size = [], 0
        current.append(p)
        size += len(p.text)
        prefix_only = False
    if current:
        groups.append(current)
    # a short tail joins the chunk before it
    if len(groups) >= 2:
        tail = sum(len(u.text) for u in groups[-1])
        before = sum(len(u.text) for u in groups[-2])
        if tail < MIN_CHARS // 2 and tail + before <= MAX_CHARS + MIN_CHARS // 2:
            groups[-2].extend(groups.pop())
    return [Passage(text=_join(g), section=block.section, section_path=block.path, location=g[0].location)
            for g in groups if _join(g).strip()]


def _in_spans(spans: Sequence[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for start, end in spans:
        out.update(range(start, end))
    return out


def chunk_lines(lines: Iterable[tuple[str, Location]] | Iterable[tuple[str, Location, bool]]) -> list[Passage]:
    """Narrative passages from lines in reading order (table lines already left out).

    Each line is ``(text, location)`` or ``(text, location, in_table)``. Of a line marked ``in_table``
    only a top-level heading counts; but a very long one (``LONG_LINE``: a whole report flattened into
    one line) is cut at its headings and its parts outside the table sections 二/三/四 are kept.
    In the table sections, lines that are table text (tab or pipe separated cells, 表头 words such
    as 第二十条第（一）项 / 信息内容 / 申请人情况) are dropped even outside the spans.
    """
    passages: list[Passage] = []
    section: str | None = None
    section_heading = PREAMBLE
    sub1: str | None = None
    block = _Block("", (PREAMBLE,))
    held: list[_Unit] = []  # short lines waiting for the next line

    def start(new_section: str, path: tuple[str, ...], heading: _Unit | None) -> None:
        """Finish the current block and open one for ``path``.

        A block holding only headings is not emitted when the new path is deeper: its headings
        become the start of the new block's first chunk ("一、总体情况" + "（一）主动公开" + text).
        """
        nonlocal block
        if held:
            if block.units:
                last = block.units[-1]
                block.units[-1] = _Unit(_join([last, *held]), last.location, last.new_paragraph)
            else:
                block.units.extend(held)
            held.clear()
        carried: list[_Unit] = []
        if not block.units and block.prefix and len(path) > len(block.path):
            carried = block.prefix
        else:
            passages.extend(_pack(block))
        block = _Block(new_section, path, prefix=[*carried, *([heading] if heading else [])])

    for line in lines:
        raw, location = line[0], line[1]
        in_table = bool(line[2]) if len(line) > 2 else False  # type: ignore[misc]
        if in_table and len(raw) <= LONG_LINE:
            # a table line: only a top-level heading swallowed by the span counts ("四、…" after 表三)
            top = _top_heading(re.sub(r"^#+\s*", "", raw.strip()), section)
            if top and not _is_tabular(raw):
                number, heading, _ = top
                start(number, (heading,), _Unit(heading, location))
                section, section_heading, sub1 = number, heading, None
            continue
        for text in _split_inline(raw, section) if len(raw) > MAX_CHARS else [raw]:
            text = re.sub(r"^#+\s*", "", text.strip())  # markdown heading marks
            if not text or set(text) <= set("-—=*_|#: "):
                continue
            top = _top_heading(text, section)
            if top:
                number, heading, rest = top
                start(number, (heading,), _Unit(heading, location))
                section, section_heading, sub1 = number, heading, None
                if not rest:
                    continue
                text = rest
            if top is None and section == "四" and _opens_missing_problems_section(text):
                # a converter dropped "五、存在的主要问题及改进情况": its first sub-heading after 表四 opens it
                heading = f"五、{SECTION_BY_NUMBER['五'].heading}"
                start("五", (heading,), None)
                section, section_heading, sub1 = "五", heading, None
            if section in _TABLE_SECTIONS and (in_table or _is_table_text(text)):
                continue
            level = _sub_level(text) if section is not None else 0
            if level:
                label = _sub_label(text)
                if level == 1:
                    sub1 = label
                    path: tuple[str, ...] = (section_heading, label)
                else:
                    path = (section_heading, sub1, label) if sub1 else (section_heading, label)
                if len(text) <= 30 and not re.search(r"[。；;].", text):  # a heading on its own line
                    start(section or "", path, _Unit(text, location))
                    continue
                start(section or "", path, None)  # a paragraph that opens with its heading words
            if len(text) < SHORT_LINE and not re.search(r"[。；;]$", text):
                held.append(_Unit(text, location))
                continue
            if held:
                unit = _Unit(_join([*held, _Unit(text, location, False)]), held[0].location)
                held.clear()
            else:
                unit = _Unit(text, location)
            block.units.append(unit)
    start("", (), None)  # flush
    return passages


def chunk_report(report: ParsedReport) -> list[Passage]:
    """All passages of a report: its narrative chunks, then one sentence per table row.

    Lines inside ``report.table_spans`` are left out of the narrative; the tables speak through
    ``report.figures`` instead, except a top-level heading a span swallowed, and the parts outside
    the sections 二/三/四 of a very long line (a report flattened to one line) that a span covers.
    """
    skip = _in_spans(report.table_spans)
    lines = [(ln.text, ln.location, i in skip) for i, ln in enumerate(report.source.lines)]
    narrative = chunk_lines(lines)
    headings = {p.section: p.section_path[0] for p in narrative if p.section and p.section_path}
    return narrative + table_row_passages(report.figures, report.identity.format, headings)


# ---------------------------------------------------------------------------
# Table rows as sentences
# ---------------------------------------------------------------------------

_TABLE_SECTION = {2: "二", 3: "三", 4: "四"}
_TABLE_ZH = {2: "表二", 3: "表三", 4: "表四"}


def _spec(fmt: FormatVersion, key: CellKey) -> CellSpec | None:
    try:
        return official_spec(fmt, key)
    except KeyError:
        return None


def _format_value(fig: Figure, spec: CellSpec) -> str:
    if fig.value is None:
        return "未识别"
    if fig.blank and fig.status == "printed":
        return (fig.raw or "").strip() or "/"
    v = fig.value
    if spec.kind == "amount":
        text = f"{v:,.2f}".rstrip("0").rstrip(".") if isinstance(v, float) else f"{int(v):,}"
        return f"{text} 元"
    if spec.kind == "signed":
        iv = int(v)
        return f"增 {iv}" if iv > 0 else (f"减 {-iv}" if iv < 0 else "0")
    if isinstance(v, float) and not v.is_integer():
        return f"{v:g}"
    return str(int(v))


def _column_label(spec: CellSpec) -> str:
    if spec.key.table == 4:
        return spec.column_label.split("/")[-1]
    return spec.column_label


def _printed_order(fmt: FormatVersion) -> dict[CellKey, int]:
    other: FormatVersion = "2021" if fmt == "2019" else "2019"
    order = {s.key: i for i, s in enumerate(cell_specs(fmt))}
    for i, s in enumerate(cell_specs(other)):
        order.setdefault(s.key, 10_000 + i)
    return order


ROW_VALUES = " — "  # in a table-row passage, between the row's name and its values


def table_row_name(text: str) -> str:
    """The name part of a table-row passage's text (table and row, no values):
    "表三 收到和处理政府信息公开申请情况：（一）予以公开"."""
    return text.split(ROW_VALUES, 1)[0]


def table_row_passages(figures: Sequence[Figure], fmt: FormatVersion,
                       headings: dict[str, str] | None = None) -> list[Passage]:
    """One passage per table row, in printed order (表四's single row: one per block — 行政复议,
    未经复议直接起诉, 复议后起诉 — since each block has its own 总计).

    The text reads like "表三 收到和处理政府信息公开申请情况：（一）予以公开 — 自然人 8，…，总计 8。";
    ``cell`` is the row's 总计 (表二: the row's first cell) and ``location`` that figure's location.
    ``headings`` maps a section number to its printed heading, for ``section_path``.
    """
    headings = headings or {}
    order = _printed_order(fmt)
    rows: dict[tuple[int, str], list[tuple[CellSpec, Figure]]] = {}
    for fig in figures:
        spec = _spec(fmt, fig.key)
        if spec is None:
            continue
        group = fig.key.column.split(".")[0] if fig.key.table == 4 else fig.key.row
        rows.setdefault((fig.key.table, group), []).append((spec, fig))

    out: list[tuple[int, Passage]] = []
    for (table, _), cells in rows.items():
        cells.sort(key=lambda sf: order.get(sf[0].key, 99_999))
        first = cells[0][0]
        if table == 2:
            anchor = cells[0]
            label = f"{first.group_label} {first.row_label}" if first.group_label else first.row_label
        elif table == 3:
            anchor = next((sf for sf in cells if sf[0].key.column == "total"), cells[0])
            label = f"{first.group_label} {first.row_label}" if first.group_label else first.row_label
        else:
            anchor = next((sf for sf in cells if sf[0].key.column.endswith(".total")), cells[0])
            label = f"{first.row_label}（{first.column_label.rsplit('/', 1)[0]}）"
        values = "，".join(f"{_column_label(s)} {_format_value(f, s)}" for s, f in cells)
        name = TABLE_NAMES[table][0]
        number = _TABLE_SECTION[table]
        heading = headings.get(number) or f"{number}、{SECTION_BY_NUMBER[number].heading}"
        out.append((order.get(anchor[0].key, 99_999), Passage(
            text=f"{name}：{label}{ROW_VALUES}{values}。", section=number,
            section_path=(heading, f"{_TABLE_ZH[table]} {label}"), location=anchor[1].location,
            kind="table_row", cell=anchor[0].key)))
    out.sort(key=lambda t: t[0])
    return [p for _, p in out]
