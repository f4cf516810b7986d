"""The GovQA web app (Gradio): Ask (public chat), Figures (staff tables and trends), Reports (staff ingest).

Presentation only: every question, figure, report and check comes from :mod:`assistant.api`, every
table label from :mod:`index.reportformat`. Everything taken from a report or a file name is escaped
before it is put into HTML; text shown in the chat is also stripped of markdown meaning (image and
link syntax, emphasis, LaTeX) by entity-encoding those characters, so report text is only ever text.

    govqa serve [--store DIR] [--host 127.0.0.1] [--port 7860]

or from Python::

    import ui
    demo = ui.build_app(store="~/govqa")      # gr.Blocks; demo.govqa_app is the GovQAApp behind it
    ui.serve(store="~/govqa", port=7860)      # queue + launch on 127.0.0.1
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import csv  # noqa: E402
import html  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
import weakref  # noqa: E402
from collections.abc import Iterator, Sequence  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import gradio as gr  # noqa: E402
import pandas as pd  # noqa: E402

from assistant import api  # noqa: E402
from assistant.answers import Answer, Citation  # noqa: E402
from index import reportformat as rf  # noqa: E402

log = logging.getLogger("govqa.ui")

# ---------------------------------------------------------------------------
# Settings of the app itself
# ---------------------------------------------------------------------------

#: Upload whitelist (lower-case suffixes); anything else is refused before it touches the store.
UPLOAD_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
#: Events running at once per event type (Gradio queue); the rest wait in the queue.
DEFAULT_CONCURRENCY = 16
#: Longest question accepted (characters); longer input is cut.
MAX_QUESTION_CHARS = 500
#: Conversation turns kept per session (the follow-up context only needs the last one).
MAX_TURNS_KEPT = 20
#: Streaming: the answer text is shown in this many steps, this many seconds apart.
STREAM_STEPS = 8
STREAM_DELAY = 0.01

EXAMPLES: tuple[str, ...] = (
    "how many applications were fully disclosed in 2020",
    "2020年桦川县收到多少件政府信息公开申请",
    "What problems does the report identify?",
    "桦川县2020年行政复议有多少件？",
    "How many requests were carried over to next year?",
    "2020年桦川县政府网站发布了多少条信息？",
)

CHECK_TEXT: dict[str, str] = {
    "passes": "passes the consistency checks · 通过勾稽校验",
    "fails": "fails a consistency check · 未通过勾稽校验",
    "reconstructed": "reconstructed from the consistency rules · 由勾稽关系推算",
    "uncertain": "uncertain reading · 读数不确定",
    "implied": "blank in the report, implied by the rules · 原表留空，按勾稽关系计算",
    "n/a": "report text · 正文",
}
#: Superscript marks for cells that were not read as printed.
STATUS_MARKS: dict[str, str] = {"reconstructed": "R", "uncertain": "?", "implied": "I"}

CSS = """
.govqa-answer { line-height: 1.55; }
.govqa-parsed { font-size: 0.85em; color: #555; font-style: italic; margin-bottom: 0.35em; }
.govqa-text.refusal { color: #7a4b00; }
.govqa-sources { margin-top: 0.6em; border-top: 1px solid #ddd; padding-top: 0.3em; }
.govqa-sources summary { cursor: pointer; font-weight: 600; }
.govqa-sources ol { margin: 0.3em 0 0 1.2em; padding: 0; }
.govqa-source { margin-bottom: 0.5em; }
.govqa-source .src-title { font-weight: 600; }
.govqa-source .src-cell { font-family: inherit; }
.govqa-source blockquote { margin: 0.2em 0; padding: 0.2em 0.6em; border-left: 3px solid #bbb; background: #f6f6f6;
  white-space: pre-wrap; word-break: break-all; }
.govqa-source .src-meta { font-size: 0.85em; color: #555; }
.govqa-check { opacity: 1; }
.check-fails { color: #b00020; font-weight: 600; }
.check-reconstructed, .check-uncertain, .check-implied { color: #8a5a00; }
.check-passes { color: #1b6e1b; }
table.govqa-table { border-collapse: collapse; margin: 0.4em 0 1em 0; font-size: 0.9em; }
table.govqa-table th, table.govqa-table td { border: 1px solid #999; padding: 2px 6px; vertical-align: middle; }
table.govqa-table th { background: #f1f1f1; font-weight: normal; text-align: left; }
table.govqa-table thead th { text-align: center; }
table.govqa-table td { text-align: right; min-width: 3em; }
table.govqa-table td.txt { text-align: left; }
table.govqa-table td.fails { background: #ffd6d6; color: #8b0000; font-weight: 600; }
table.govqa-table td.reconstructed, table.govqa-table td.uncertain, table.govqa-table td.implied { background: #fff4cc; }
table.govqa-table td.missing { color: #999; }
table.govqa-table sup.mark { color: #8a5a00; font-weight: 700; margin-left: 1px; }
table.govqa-table tr.differs td { background: #e8f0ff; }
table.govqa-table caption { text-align: left; font-weight: 600; padding: 2px 0; }
.govqa-note { color: #555; font-size: 0.9em; }
.govqa-error { color: #b00020; }
.govqa-ok { color: #1b6e1b; }
"""

# ---------------------------------------------------------------------------
# Escaping
# ---------------------------------------------------------------------------

_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
# Characters with a meaning in markdown / LaTeX / templates, written as numeric entities in chat text.
_MD_ENTITIES = {ch: f"&#{ord(ch)};" for ch in "\\`*_{}[]()#+-.!|~$=:^@"}
_CHAT_ENTITIES = _HTML_ENTITIES | _MD_ENTITIES


def esc(text: Any) -> str:
    """HTML-escape any value for an HTML component (text and attribute values)."""
    return html.escape("" if text is None else str(text), quote=True)


def chat_text(text: Any) -> str:
    """Escape text for the chatbot: HTML-escaped, markdown/LaTeX characters entity-encoded, newlines
    as ``<br>``. ``![x](http://…)`` and ``<script>`` come out as inert, visible text."""
    s = "".join(_CHAT_ENTITIES.get(ch, ch) for ch in ("" if text is None else str(text)))
    return s.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _cls(word: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "", word.lower().replace("/", ""))


# ---------------------------------------------------------------------------
# Chat answers as HTML
# ---------------------------------------------------------------------------


def citation_html(c: Citation) -> str:
    """One source: report title, section, table · row · column, the quoted line, location, check status."""
    parts = [f'<div class="src-title">{chat_text(c.title or f"{c.agency} {c.year}")}</div>',
             f'<div class="src-report">{chat_text(c.agency)} · {chat_text(c.year)}</div>']
    if c.section:
        parts.append(f'<div class="src-section">{chat_text(c.section)}</div>')
    cell = " · ".join(x for x in (c.table, c.row, c.column) if x)
    if cell:
        parts.append(f'<div class="src-cell">{chat_text(cell)}</div>')
    if c.quote:
        parts.append(f'<blockquote class="src-quote">{chat_text(c.quote)}</blockquote>')
    status = c.check_status or "n/a"
    meta = chat_text(c.location or "—")
    parts.append(f'<div class="src-meta">{meta} · <span class="govqa-check check-{_cls(status)}">'
                 f'{chat_text(CHECK_TEXT.get(status, status))}</span></div>')
    return f'<li class="govqa-source">{"".join(parts)}</li>'


def sources_html(answer: Answer) -> str:
    """The collapsible sources panel (``<details>``) of an answer; empty when it cites nothing."""
    if not answer.citations:
        return ""
    items = "".join(citation_html(c) for c in answer.citations)
    n = len(answer.citations)
    return (f'<details class="govqa-sources"><summary>Sources · 来源 ({n})</summary>'
            f'<ol>{items}</ol></details>')


def _answer_head(answer: Answer) -> str:
    if answer.parsed and answer.route != "narrative":
        return f'<div class="govqa-parsed">{chat_text(answer.parsed)}</div>'
    return ""


def answer_html(answer: Answer, text: str | None = None, *, final: bool = True) -> str:
    """The whole chat message of an answer (``text``: a prefix of the answer while streaming)."""
    body = answer.answer if text is None else text
    refusal = " refusal" if answer.route == "refusal" else ""
    out = [_answer_head(answer), f'<div class="govqa-text{refusal}">{chat_text(body)}</div>']
    if final:
        if answer.route == "refusal":
            out.append('<div class="govqa-note">Nothing in the stored reports answers this, so no figure is '
                       'given. · 所收录的年报中没有相关内容，因此不给出数字。</div>')
        out.append(sources_html(answer))
    # One HTML block without newlines: markdown leaves it alone.
    return f'<div class="govqa-answer">{"".join(out)}</div>'


def stream_steps(text: str, steps: int = STREAM_STEPS) -> list[str]:
    """Growing prefixes of ``text`` (the last is the whole text)."""
    if not text:
        return [""]
    size = max(1, -(-len(text) // max(1, steps)))
    return [text[: i + size] for i in range(0, len(text), size)]


def error_html(message: str) -> str:
    return f'<div class="govqa-answer"><div class="govqa-text refusal">{chat_text(message)}</div></div>'


# ---------------------------------------------------------------------------
# Figures as HTML tables in the official layout
# ---------------------------------------------------------------------------


def copies_note(diffs: list[tuple[Any, Any]]) -> str:
    """Where another stored copy of the report disagrees with the one shown (the canonical copy)."""
    if not diffs:
        return ""
    sources = sorted({Path(other.source_path).name for _, other in diffs})
    cells = "; ".join(f"{table_short(a.key.table)} {_row_path(rf.official_spec(a.format, a.key))}/"
                      f"{rf.official_spec(a.format, a.key).column_label}: {a.value} vs {b.value}" for a, b in diffs[:5])
    more = f" … (+{len(diffs) - 5})" if len(diffs) > 5 else ""
    return (f'<br><span class="govqa-note">Another copy ({esc(", ".join(sources))}) differs in {len(diffs)} '
            f'cell{"s" if len(diffs) != 1 else ""} · 另一份副本有{len(diffs)}处不同: {esc(cells)}{more}</span>')


def table_short(table: int) -> str:
    """``表三`` from ``reportformat.TABLE_NAMES``."""
    return rf.TABLE_NAMES[table][0].split()[0]


def format_value(value: Any, unit: str = "", kind: str = "count") -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,}" if kind == "amount" else str(value)
    if kind == "signed" and value > 0:
        text = "+" + text
    if kind == "amount" and unit:
        text = f"{text} {unit}"
    return text


def _row_path(spec: rf.CellSpec) -> str:
    if spec.group_label and spec.key.table == 3:
        return f"{spec.group_label}/{spec.row_label}"
    if spec.group_label:
        return f"{spec.group_label} {spec.row_label}"
    return spec.row_label


def _spec(fmt: str, key: rf.CellKey) -> rf.CellSpec | None:
    for f in (fmt, *rf.FORMATS):
        try:
            return rf.cell_spec(f, key)  # type: ignore[arg-type]
        except KeyError:
            continue
    return None


def cell_html(fig: Any, key: rf.CellKey, fmt: str) -> str:
    """One ``<td>``: the value, classes for its check status, a mark for cells not read as printed."""
    spec = _spec(fmt, key)
    kind = spec.kind if spec else "count"
    unit = spec.unit if spec else ""
    data = f'data-cell="{esc(key)}" data-row="{esc(key.row)}" data-col="{esc(key.column)}"'
    label = f"{_row_path(spec)} · {spec.column_label}" if spec else str(key)
    if fig is None:
        return f'<td class="cell missing" {data} title="{esc(label)} — not in the stored report">—</td>'
    classes = ["cell"]
    status = fig.check_status
    marks = []
    if status == "fails":
        classes.append("fails")
    for s in (status, fig.status):
        if s in STATUS_MARKS and s not in classes:
            classes.append(s)
            marks.append(STATUS_MARKS[s])
    value = "" if fig.blank and fig.value is None else format_value(fig.value, unit, kind)
    tip = [label, CHECK_TEXT.get(status, status), f"where: {fig.location.describe()}"]
    if fig.raw:
        tip.append(f"printed: {fig.raw}")
    if fig.source_text:
        tip.append(f"source: {fig.source_text}")
    if fig.note:
        tip.append(fig.note)
    mark = "".join(f'<sup class="mark">{esc(m)}</sup>' for m in marks)
    return (f'<td class="{" ".join(classes)}" {data} data-status="{esc(status)}" '
            f'title="{esc(chr(10).join(tip))}">{esc(value)}{mark}</td>')


def table3_html(figs: dict[rf.CellKey, Any], fmt: str) -> str:
    """表三 in the official layout: 3 label columns (with merged group labels) × 7 applicant columns."""
    rows = rf.t3_rows(fmt)  # type: ignore[arg-type]
    cols = rf.APPLICANT_COLUMNS
    first, orgs, last = cols[0], cols[1:-1], cols[-1]
    outcome_ids = {r.id for r in rf.t3_outcome_rows(fmt)} | {rf.T3_ROW_BY_ID["processed_total"].id}  # type: ignore[arg-type]
    n_out = sum(r.id in outcome_ids for r in rows)
    group_sizes: dict[str, int] = {}
    for r in rows:
        if r.group:
            group_sizes[r.group] = group_sizes.get(r.group, 0) + 1
    head = (f'<thead><tr><th colspan="3" rowspan="3" class="note">{esc(rf.T3_NOTE)}</th>'
            f'<th colspan="{len(cols)}">{esc(rf.APPLICANT_HEADER)}</th></tr>'
            f'<tr><th rowspan="2" data-col="{esc(first.id)}">{esc(first.label)}</th>'
            f'<th colspan="{len(orgs)}">{esc(rf.ORGANISATION_HEADER.label)}</th>'
            f'<th rowspan="2" data-col="{esc(last.id)}">{esc(last.label)}</th></tr>'
            f'<tr>{"".join(f"<th data-col={chr(34)}{esc(c.id)}{chr(34)}>{esc(c.label)}</th>" for c in orgs)}</tr>'
            '</thead>')
    body = []
    seen_outcomes = False
    seen_groups: set[str] = set()
    for r in rows:
        cells = []
        if r.id in outcome_ids:
            if not seen_outcomes:
                cells.append(f'<th rowspan="{n_out}" class="group">{esc(rf.GROUPS["outcomes"].label)}</th>')
                seen_outcomes = True
            if r.group:
                if r.group not in seen_groups:
                    cells.append(f'<th rowspan="{group_sizes[r.group]}" class="group">'
                                 f'{esc(rf.GROUPS[r.group].label)}</th>')
                    seen_groups.add(r.group)
                cells.append(f'<th class="label">{esc(r.label)}</th>')
            else:
                cells.append(f'<th colspan="2" class="label">{esc(r.label)}</th>')
        else:
            cells.append(f'<th colspan="3" class="label">{esc(r.label)}</th>')
        for c in cols:
            key = rf.CellKey(3, r.id, c.id)
            cells.append(cell_html(figs.get(key), key, fmt))
        body.append(f'<tr data-row="{esc(r.id)}">{"".join(cells)}</tr>')
    return (f'<table class="govqa-table t3" data-table="3"><caption>{esc(rf.TABLE_NAMES[3][0])}</caption>'
            f'{head}<tbody>{"".join(body)}</tbody></table>')


def table2_html(figs: dict[rf.CellKey, Any], fmt: str) -> str:
    """表二 block by block (第二十条第（一）项 …), each with its own column headers."""
    blocks = rf.T2_BLOCKS[fmt]  # type: ignore[index]
    width = max(len(b.columns) for b in blocks)
    body = []
    for b in blocks:
        body.append(f'<tr class="caption"><th colspan="{width + 1}" class="group">{esc(b.group.label)}</th></tr>')
        pad = width - len(b.columns)
        heads = "".join(f"<th>{esc(c.label)}</th>" for c in b.columns)
        body.append(f"<tr><th>{esc(rf.T2_INFO_HEADER)}</th>{heads}"
                    f"{'<th></th>' * pad}</tr>")
        for r in b.rows:
            cells = "".join(cell_html(figs.get(rf.CellKey(2, r.id, c.id)), rf.CellKey(2, r.id, c.id), fmt)
                            for c in b.columns)
            body.append(f'<tr data-row="{esc(r.id)}"><th class="label">{esc(r.label)}</th>{cells}'
                        f"{'<td></td>' * pad}</tr>")
    return (f'<table class="govqa-table t2" data-table="2"><caption>{esc(rf.TABLE_NAMES[2][0])}</caption>'
            f'<tbody>{"".join(body)}</tbody></table>')


def table4_html(figs: dict[rf.CellKey, Any], fmt: str) -> str:
    """表四: 行政复议 and the two 行政诉讼 blocks, each with its outcome columns, one row of counts."""
    outcomes = rf.T4_OUTCOMES
    n = len(outcomes)
    # Top header: blocks grouped by their parent ("行政诉讼/未经复议直接起诉" → 行政诉讼).
    parents: list[tuple[str, list[rf.Group]]] = []
    for b in rf.T4_BLOCKS:
        parent = b.label.split("/")[0]
        if parents and parents[-1][0] == parent and "/" in b.label:
            parents[-1][1].append(b)
        else:
            parents.append((parent, [b]))
    top, mid, low = [], [], []
    for parent, blocks in parents:
        top.append(f'<th colspan="{n * len(blocks)}">{esc(parent)}</th>')
        for b in blocks:
            if "/" in b.label:
                mid.append(f'<th colspan="{n}">{esc(b.label.split("/", 1)[1])}</th>')
                low.extend(f"<th>{esc(o.label)}</th>" for o in outcomes)
            else:
                mid.extend(f'<th rowspan="2">{esc(o.label)}</th>' for o in outcomes)
    cells = "".join(cell_html(figs.get(rf.CellKey(4, rf.T4_ROW.id, c.id)), rf.CellKey(4, rf.T4_ROW.id, c.id), fmt)
                    for c in rf.T4_COLUMNS)
    return (f'<table class="govqa-table t4" data-table="4"><caption>{esc(rf.TABLE_NAMES[4][0])}</caption>'
            f'<thead><tr>{"".join(top)}</tr><tr>{"".join(mid)}</tr><tr>{"".join(low)}</tr></thead>'
            f'<tbody><tr data-row="{esc(rf.T4_ROW.id)}">{cells}</tr></tbody></table>')


def legend_html() -> str:
    marks = " · ".join(f'<sup class="mark">{esc(m)}</sup> {esc(CHECK_TEXT[s])}' for s, m in STATUS_MARKS.items())
    return (f'<div class="govqa-note"><table class="govqa-table legend"><tr><td class="fails">9</td>'
            f'<th>{esc(CHECK_TEXT["fails"])}</th></tr></table>{marks}. '
            f'Hover a cell for its source line. · 鼠标悬停查看原文。</div>')


def compare_html(a: dict[rf.CellKey, Any], b: dict[rf.CellKey, Any], fmt_a: str, fmt_b: str,
                 year_a: int, year_b: int, only_diff: bool = True) -> str:
    """Two years of one agency side by side: every cell (or every differing cell) with the change."""
    order: list[rf.CellKey] = []
    seen: set[rf.CellKey] = set()
    for fmt in (fmt_b, fmt_a):
        for spec in rf.cell_specs(fmt if fmt in rf.FORMATS else "2021"):  # type: ignore[arg-type]
            if spec.key not in seen and (spec.key in a or spec.key in b):
                seen.add(spec.key)
                order.append(spec.key)
    rows = []
    n_diff = 0
    for key in order:
        fa, fb = a.get(key), b.get(key)
        va = fa.value if fa is not None else None
        vb = fb.value if fb is not None else None
        differs = va != vb
        n_diff += differs
        if only_diff and not differs:
            continue
        spec = _spec(fmt_b, key) or _spec(fmt_a, key)
        kind = spec.kind if spec else "count"
        unit = spec.unit if spec else ""
        if va is None or vb is None:
            delta = "—"
        else:
            change = vb - va
            delta = ("+" if change > 0 else "") + format_value(change, unit, "amount" if kind == "amount" else "count")
        rows.append(
            f'<tr class="{"differs" if differs else "same"}" data-cell="{esc(key)}">'
            f"<th>{esc(table_short(key.table))}</th><th>{esc(_row_path(spec) if spec else key.row)}</th>"
            f"<th>{esc(spec.column_label if spec else key.column)}</th>"
            f"{cell_html(fa, key, fmt_a)}{cell_html(fb, key, fmt_b)}<td>{esc(delta)}</td></tr>")
    summary = (f'<div class="govqa-note">{year_a} → {year_b}: {n_diff} of {len(order)} cells differ'
               f'{" (only those are listed)" if only_diff else ""}.</div>')
    if not rows:
        return summary
    return (summary + '<table class="govqa-table compare"><thead><tr><th>表</th><th>行 row</th><th>列 column</th>'
            f"<th>{year_a}</th><th>{year_b}</th><th>Δ</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def metric_choices() -> list[tuple[str, str]]:
    """Every cell of 表三, 表二 and 表四 (both formats) as (label, "T3:granted:total") for the trend plots."""
    seen: dict[str, tuple[int, int, str]] = {}
    for fmt in reversed(rf.FORMATS):
        for i, spec in enumerate(rf.cell_specs(fmt)):
            k = str(spec.key)
            if k in seen:
                continue
            if spec.key.table == 4:
                label = f"{table_short(4)} · {spec.column_label}"
            else:
                label = f"{table_short(spec.key.table)} · {_row_path(spec)} · {spec.column_label}"
            seen[k] = ({3: 0, 2: 1, 4: 2}[spec.key.table], i, label)
    return [(label, k) for k, (_, _, label) in sorted(seen.items(), key=lambda kv: kv[1][:2])]


# ---------------------------------------------------------------------------
# The app
# ---------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _dd(choices: Sequence[Any], value: Any) -> Any:
    return gr.update(choices=list(choices), value=value)


class GovQAApp:
    """The state behind the Blocks: the store, the opened :class:`~assistant.qa.Assistant`, and one
    method per event. Tests call the methods directly."""

    def __init__(self, store: str | os.PathLike[str] | None = None):
        self.store = str(store) if store is not None else None
        self.settings = api.resolve_settings(store=self.store)
        self.assistant = api.open_assistant(self.store, create=True)
        self.metrics = metric_choices()
        self._metric_labels = dict((v, k) for k, v in self.metrics)
        self.default_metric = next((k for _, k in self.metrics if k.endswith(f":{rf.APPLICANT_TOTAL}")),
                                   self.metrics[0][1])
        self._csv_dir = Path(tempfile.mkdtemp(prefix="govqa-csv-"))
        weakref.finalize(self, shutil.rmtree, self._csv_dir, True)

    # ----- store reads (every one through assistant.api) -----------------------------------
    def _reports(self) -> list[api.ReportRecord]:
        try:
            return api.reports(store=self.store)
        except api.StoreMissing:
            return []

    def agencies(self) -> list[str]:
        return sorted({r.agency for r in self._reports()})

    def years(self, agency: str | None) -> list[int]:
        if not agency:
            return []
        return sorted({r.year for r in self._reports() if r.agency == agency}, reverse=True)

    def _report(self, agency: str, year: int) -> api.ReportRecord | None:
        matches = [r for r in self._reports() if r.agency == agency and r.year == year]
        return next((r for r in matches if r.canonical), matches[-1] if matches else None)  # see FiguresStore.copies

    def _cells(self, report: api.ReportRecord) -> dict[rf.CellKey, Any]:
        return {f.key: f for f in api.figures(report_id=report.report_id, store=self.store)}

    # ----- Ask -----------------------------------------------------------------------------------
    def respond(self, message: str, history: list[dict[str, Any]] | None,
                conversation: api.Conversation | None) -> Iterator[tuple[list[dict[str, Any]], Any, str]]:
        """The chat: answer ``message`` (a follow-up within ``conversation``), streaming the text,
        then the final message with its sources panel. Yields (history, conversation, textbox)."""
        history = list(history or [])
        if not isinstance(conversation, api.Conversation):
            conversation = api.Conversation()
        question = (message or "").strip()[:MAX_QUESTION_CHARS]
        if not question:
            yield history, conversation, ""
            return
        history.append({"role": "user", "content": chat_text(question)})
        try:
            answer = self.assistant.ask(question, conversation)
        except Exception as exc:  # noqa: BLE001 — the public never sees a traceback
            log.exception("ask failed")
            message = (f"Sorry, this question could not be answered ({type(exc).__name__}). · "
                       "抱歉，无法回答这个问题。")
            yield [*history, {"role": "assistant", "content": error_html(message)}], conversation, ""
            return
        del conversation.turns[:-MAX_TURNS_KEPT]
        for prefix in stream_steps(answer.answer)[:-1]:
            partial = answer_html(answer, prefix, final=False)
            yield [*history, {"role": "assistant", "content": partial}], conversation, ""
            if STREAM_DELAY:
                time.sleep(STREAM_DELAY)
        yield [*history, {"role": "assistant", "content": answer_html(answer)}], conversation, ""

    def clear_chat(self) -> tuple[list, api.Conversation, str]:
        return [], api.Conversation(), ""

    # ----- Figures -------------------------------------------------------------------------------
    def figures_view(self, agency: str | None, year: Any, compare_year: Any = None,
                     only_diff: bool = True) -> tuple[str, str, str, str, str, str | None]:
        """(header, 表二, 表三, 表四, comparison, CSV path) for one agency and year."""
        empty = ("", "", "", "", None)
        year = _int(year)
        if not agency or year is None:
            msg = ("No reports stored yet — add some in the Reports tab. · 尚未收录年报。"
                   if not self._reports() else "Pick an agency and a year. · 请选择机关和年份。")
            return (f'<div class="govqa-note">{esc(msg)}</div>', *empty)
        report = self._report(agency, year)
        if report is None:
            return (f'<div class="govqa-error">{esc(f"No stored report for {agency} {year}.")}</div>', *empty)
        figs = self._cells(report)
        fmt = report.format if report.format in rf.FORMATS else "2021"
        checks = api.check(agency=agency, year=year, failing_only=False, store=self.store)
        mine = [c for c in checks if c.report_id == report.report_id]
        n_fail = sum(not c.passed for c in mine)
        header = (f'<div class="govqa-report-head"><b>{esc(report.title or f"{agency} {year}")}</b><br>'
                  f'<span class="govqa-note">{esc(agency)} · {year} · format {esc(fmt)} · '
                  f'source: {esc(self.display_name(report))} · {len(figs)} cells · '
                  f'checks: {len(mine) - n_fail} passed, '
                  f'<span class="{"check-fails" if n_fail else "check-passes"}">{n_fail} failed</span></span>'
                  + copies_note(api.copy_differences(report.report_id, store=self.store)) + '</div>'
                  + legend_html())
        t2, t3, t4 = table2_html(figs, fmt), table3_html(figs, fmt), table4_html(figs, fmt)
        comp = ""
        cy = _int(compare_year)
        if cy is not None and cy != year:
            other = self._report(agency, cy)
            if other is None:
                comp = f'<div class="govqa-error">{esc(f"No stored report for {agency} {cy}.")}</div>'
            else:
                ofmt = other.format if other.format in rf.FORMATS else "2021"
                (ya, fa, fmta), (yb, fb, fmtb) = sorted([(year, figs, fmt), (cy, self._cells(other), ofmt)],
                                                         key=lambda t: t[0])
                comp = compare_html(fa, fb, fmta, fmtb, ya, yb, only_diff)
        return header, t2, t3, t4, comp, self._write_csv(report, figs)

    def _write_csv(self, report: api.ReportRecord, figs: dict[rf.CellKey, Any]) -> str:
        cols = ("agency", "year", "table", "group_label", "row_label", "column_label", "value", "unit",
                "check_status", "status", "raw", "location_text", "row_id", "column_id", "report_id")
        path = self._csv_dir / f"govqa-{report.year}-{report.report_id}.csv"
        tmp = path.with_suffix(f".{uuid.uuid4().hex}.tmp")
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
            w.writeheader()
            fmt = report.format if report.format in rf.FORMATS else "2021"
            order = {spec.key: i for i, spec in enumerate(rf.cell_specs(fmt))}  # type: ignore[arg-type]
            for f in sorted(figs.values(), key=lambda f: (order.get(f.key, len(order)), f.key)):
                d = f.to_dict()
                d["table"] = table_short(f.key.table)
                w.writerow({k: _csv_safe(v) for k, v in d.items()})
        os.replace(tmp, path)
        return str(path)

    def plot_data(self, agency: str | None, year: Any, metric: str | None) -> tuple[pd.DataFrame, pd.DataFrame, str]:
        """(the metric over the years for the agency, across agencies for the year, caption HTML)."""
        line = pd.DataFrame({"year": pd.Series([], dtype=str), "value": pd.Series([], dtype=float)})
        bar = pd.DataFrame({"agency": pd.Series([], dtype=str), "value": pd.Series([], dtype=float)})
        year = _int(year)
        if not metric or metric not in self._metric_labels:
            return line, bar, ""
        key = rf.CellKey.parse(metric)
        label = self._metric_labels[metric]
        try:
            if agency:
                recs = api.figures(agency=agency, table=key.table, row=key.row, column=key.column, store=self.store)
                by_year: dict[int, float] = {}
                for f in recs:
                    if f.agency == agency and f.value is not None:
                        by_year[f.year] = float(f.value)  # the latest ingested report of a year wins
                line = pd.DataFrame({"year": [str(y) for y in sorted(by_year)],
                                     "value": [by_year[y] for y in sorted(by_year)]})
            if year is not None:
                recs = api.figures(year=year, table=key.table, row=key.row, column=key.column, store=self.store)
                by_agency = {f.agency: float(f.value) for f in recs if f.value is not None}
                bar = pd.DataFrame({"agency": list(by_agency), "value": list(by_agency.values())})
        except (api.StoreMissing, api.NotFound):
            pass
        note = " (one year stored: add more reports for a trend line)" if len(line) == 1 else ""
        caption = (f'<div class="govqa-note"><b>{esc(label)}</b> — left: {esc(agency or "—")} over the years'
                   f"{esc(note)}; right: every agency in {esc(year if year is not None else '—')}.</div>")
        return line, bar, caption

    def plots(self, agency: str | None, year: Any, metric: str | None) -> tuple[Any, Any, str]:
        """The plot updates: the data, with the value axis from zero (or below, for decreases)."""
        line, bar, caption = self.plot_data(agency, year, metric)
        return (gr.update(value=line, y_lim=_y_lim(line)), gr.update(value=bar, y_lim=_y_lim(bar)), caption)

    def pick_agency(self, agency: str | None, metric: str | None, only_diff: bool) -> tuple[Any, ...]:
        years = self.years(agency)
        year = years[0] if years else None
        compare = years[1] if len(years) > 1 else None
        return (_dd(years, year), _dd([None, *years], compare),
                *self.figures_view(agency, year, compare, only_diff), *self.plots(agency, year, metric))

    def pick_year(self, agency: str | None, year: Any, compare: Any, metric: str | None,
                  only_diff: bool) -> tuple[Any, ...]:
        return (*self.figures_view(agency, year, compare, only_diff), *self.plots(agency, year, metric))

    # ----- Reports -------------------------------------------------------------------------------
    def display_name(self, report: api.ReportRecord) -> str:
        """The file name to show: the original name of an upload (from its sidecar), else the file's name."""
        p = Path(report.source_path or "")
        side = p.with_suffix(".json")
        try:
            if p.parent.resolve() == self.settings.uploads_dir.resolve() and side.is_file():
                return json.loads(side.read_text(encoding="utf-8")).get("original_name") or p.name
        except (OSError, ValueError):
            pass
        return p.name or "—"

    def reports_html(self) -> str:
        reports = self._reports()
        if not reports:
            return '<div class="govqa-note">No reports stored yet. · 尚未收录年报。</div>'
        try:
            checks = api.check(failing_only=False, store=self.store)
        except api.StoreMissing:
            checks = []
        passed: dict[str, int] = {}
        failed: dict[str, int] = {}
        for c in checks:
            d = passed if c.passed else failed
            d[c.report_id] = d.get(c.report_id, 0) + 1
        rows = []
        for r in reports:
            nf = failed.get(r.report_id, 0)
            warn = "<br>".join(esc(w) for w in r.warnings)
            rows.append(
                f'<tr data-report="{esc(r.report_id)}"><td class="txt">{esc(r.agency)}</td><td>{r.year}</td>'
                f'<td>{esc(r.format)}</td><td>{esc(r.source_kind)}</td>'
                f'<td class="txt">{esc(self.display_name(r))}</td><td class="txt">{esc(r.title)}</td>'
                f'<td>{r.n_figures}</td><td class="check-passes">{passed.get(r.report_id, 0)}</td>'
                f'<td class="{"fails" if nf else ""}">{nf}</td>'
                f'<td class="txt govqa-note">{warn}</td><td class="txt">{esc(r.ingested_at)}</td></tr>')
        return ('<table class="govqa-table reports"><thead><tr><th>机关 agency</th><th>年份 year</th>'
                '<th>表格格式 format</th><th>文件类型 kind</th><th>来源文件 source file</th><th>标题 title</th>'
                '<th>数字 figures</th><th>校验通过 checks passed</th><th>校验未通过 checks failed</th>'
                '<th>提示 warnings</th><th>导入时间 ingested (UTC)</th></tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table>'
                f'<div class="govqa-note">{len(reports)} report{"s" if len(reports) != 1 else ""}.</div>')

    def consistency_html(self) -> str:
        """Every failing rule (勾稽关系) in the corpus."""
        try:
            checks = api.check(failing_only=True, store=self.store)
        except api.StoreMissing:
            return '<div class="govqa-note">No reports stored yet. · 尚未收录年报。</div>'
        if not checks:
            return '<div class="govqa-ok">Every check passes in every stored report. · 全部通过勾稽校验。</div>'
        fmts = {r.report_id: r.format for r in self._reports()}
        rows = []
        for c in checks:
            rule = rf.RULES.get(c.rule)
            fmt = fmts.get(c.report_id, "2021")
            cells = []
            for k in c.cells:
                spec = _spec(fmt, k)
                cells.append(f"{table_short(k.table)} {_row_path(spec)} · {spec.column_label}" if spec else str(k))
            rows.append(
                f'<tr><td class="txt">{esc(c.agency)}</td><td>{c.year}</td><td class="txt">{esc(c.rule)}</td>'
                f'<td class="txt">{esc(rule.label if rule else "")}<br><span class="govqa-note">'
                f'{esc(rule.english if rule else "")}</span></td><td class="txt">{esc(c.scope)}</td>'
                f'<td>{esc(format_value(c.expected))}</td><td class="fails">{esc(format_value(c.found))}</td>'
                f'<td class="txt"><details><summary>{len(cells)} cells</summary>'
                f'{"<br>".join(esc(x) for x in cells)}</details></td></tr>')
        return (f'<div class="govqa-error">{len(checks)} failing check{"s" if len(checks) != 1 else ""}.</div>'
                '<table class="govqa-table consistency"><thead><tr><th>机关 agency</th><th>年份 year</th>'
                '<th>规则 rule</th><th>勾稽关系</th><th>范围 scope</th><th>应为 expected</th>'
                '<th>实际 found</th><th>单元格 cells</th></tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table>')

    def ingest_uploads(self, files: Sequence[Any] | None,
                       progress: gr.Progress | None = None) -> tuple[str, list[dict[str, Any]]]:
        """Check, copy into ``<store>/uploads/`` under generated names, ingest one by one.

        Returns (result HTML, one dict per file: name, outcome, reason, agency, year)."""
        items = [Path(getattr(f, "name", f)) for f in (files or []) if f]
        if not items:
            return '<div class="govqa-error">Choose one or more files first. · 请先选择文件。</div>', []
        limit_mb = float(self.settings.max_file_mb)
        limit = int(limit_mb * 1024 * 1024)
        results: list[dict[str, Any]] = []
        accepted: list[tuple[Path, str]] = []
        for p in items:
            name = p.name
            suffix = p.suffix.lower()
            if suffix not in UPLOAD_SUFFIXES:
                results.append({"name": name, "outcome": "rejected", "reason":
                                f"unsupported file type '{suffix or '(none)'}' — accepted: "
                                f"{', '.join(UPLOAD_SUFFIXES)}"})
                continue
            try:
                size = p.stat().st_size
            except OSError:
                results.append({"name": name, "outcome": "rejected", "reason": "the upload could not be read"})
                continue
            if size > limit:
                results.append({"name": name, "outcome": "rejected", "reason":
                                f"file too large: {size / 1048576:.2f} MiB (limit {limit_mb:g} MiB)"})
            elif size == 0:
                results.append({"name": name, "outcome": "rejected", "reason": "the file is empty"})
            else:
                accepted.append((p, name))
        changed = False
        if accepted:
            uploads = self.settings.uploads_dir
            uploads.mkdir(parents=True, exist_ok=True)
        for i, (p, name) in enumerate(accepted):
            if progress is not None:
                progress((i, len(accepted)), desc=f"ingesting {name}", unit="files")
            dest = uploads / f"{uuid.uuid4().hex}{p.suffix.lower()}"
            side = dest.with_suffix(".json")
            keep = False
            try:
                shutil.copyfile(p, dest)
                side.write_text(json.dumps({"original_name": name, "uploaded_at": _now(),
                                            "size": dest.stat().st_size}, ensure_ascii=False), encoding="utf-8")
                summary = api.ingest([dest], store=self.store, progress=False)
                r = summary.results[0] if summary.results else None
                if r is None:
                    results.append({"name": name, "outcome": "failed", "reason": "nothing was read"})
                elif r.outcome in ("added", "replaced"):
                    keep = changed = True
                    results.append({"name": name, "outcome": r.outcome, "agency": r.agency, "year": r.year,
                                    "figures": r.n_figures, "failed_checks": r.n_failed_checks, "reason": ""})
                elif r.outcome == "unchanged":
                    results.append({"name": name, "outcome": "unchanged", "agency": r.agency, "year": r.year,
                                    "reason": "already stored (same content)"})
                else:
                    reason = (r.reason or r.outcome).replace(str(dest), name).replace(dest.name, name)
                    results.append({"name": name, "outcome": "failed", "reason": reason})
            except Exception as exc:  # noqa: BLE001 — one plain reason per file
                log.exception("upload failed")
                reason = f"{type(exc).__name__}: {exc}".replace(str(dest), name).replace(dest.name, name)
                results.append({"name": name, "outcome": "failed", "reason": reason})
            finally:
                if not keep:
                    dest.unlink(missing_ok=True)
                    side.unlink(missing_ok=True)
        if progress is not None and accepted:
            progress(1.0, desc="done")
        if changed:
            self.assistant.refresh()
        return upload_result_html(results), results

    def upload(self, files: Sequence[Any] | None, agency: str | None, year: Any,
               progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008 — Gradio's idiom
        """The Reports tab's upload event: ingest, then refresh every view that lists reports."""
        result, _ = self.ingest_uploads(files, progress)
        return (result, None, *self.refresh_lists(agency, year))

    def refresh_lists(self, agency: str | None, year: Any) -> tuple[Any, ...]:
        """(reports, consistency, agency, year and compare-year dropdowns) after the store changed."""
        agencies = self.agencies()
        if agency not in agencies:
            agency = agencies[0] if agencies else None
        years = self.years(agency)
        y = _int(year)
        if y not in years:
            y = years[0] if years else None
        return (self.reports_html(), self.consistency_html(), _dd(agencies, agency), _dd(years, y),
                _dd([None, *years], None))

    def on_load(self, metric: str | None, only_diff: bool) -> tuple[Any, ...]:
        """A page load: fresh lists and the first agency's latest report."""
        agencies = self.agencies()
        agency = agencies[0] if agencies else None
        return (self.reports_html(), self.consistency_html(), _dd(agencies, agency),
                *self.pick_agency(agency, metric, only_diff))

    # ----- layout ---------------------------------------------------------------------------------
    def blocks(self) -> gr.Blocks:
        with gr.Blocks(title="GovQA · 政府信息公开年报问答", analytics_enabled=False) as demo:
            gr.HTML(f"<style>{CSS}</style>", padding=False, container=False, js_on_load=None)
            gr.Markdown("## GovQA · 政府信息公开工作年度报告问答\n"
                        "Ask about the stored government information-disclosure annual reports, in Chinese or "
                        "English. Figures come only from the reports' own tables, with sources. · "
                        "用中文或英文提问；数字只取自年报表格，并注明出处。")
            with gr.Tabs():
                with gr.Tab("Ask · 提问", id="ask", elem_id="tab-ask"):
                    chatbot = gr.Chatbot(label="GovQA", height=520, latex_delimiters=[], elem_id="govqa-chat",
                                         feedback_options=None, buttons=["copy"], group_consecutive_messages=False)
                    conversation = gr.State(api.Conversation())
                    with gr.Row():
                        question = gr.Textbox(show_label=False, scale=8, max_lines=4, elem_id="govqa-question",
                                              max_length=MAX_QUESTION_CHARS,
                                              placeholder="Ask a question · 请输入问题，例如：2020年桦川县收到多少件申请？")
                        ask_btn = gr.Button("Ask · 提问", variant="primary", scale=1, elem_id="govqa-ask")
                        clear_btn = gr.Button("New chat · 新对话", scale=1, elem_id="govqa-clear")
                    gr.Examples(examples=[[e] for e in EXAMPLES], inputs=[question],
                                label="Examples · 示例问题")
                    chat_io = dict(inputs=[question, chatbot, conversation], outputs=[chatbot, conversation, question])
                    question.submit(self.respond, **chat_io, api_name="ask", show_progress="minimal")
                    ask_btn.click(self.respond, **chat_io, api_visibility="private", show_progress="minimal")
                    clear_btn.click(self.clear_chat, outputs=[chatbot, conversation, question],
                                    api_visibility="private", queue=False)
                    chatbot.clear(self.clear_chat, outputs=[chatbot, conversation, question],
                                  api_visibility="private", queue=False)

                with gr.Tab("Figures · 数字", id="figures", elem_id="tab-figures"):
                    with gr.Row():
                        agency_dd = gr.Dropdown(label="Agency · 机关", choices=[], elem_id="fig-agency", scale=3)
                        year_dd = gr.Dropdown(label="Year · 年份", choices=[], elem_id="fig-year", scale=1)
                        compare_dd = gr.Dropdown(label="Compare with · 对比年份", choices=[], elem_id="fig-compare",
                                                 scale=1)
                        show_btn = gr.Button("Show · 显示", variant="primary", scale=1, elem_id="fig-show")
                    head_html = gr.HTML(elem_id="fig-head")
                    t3_html = gr.HTML(elem_id="fig-t3")
                    t2_html = gr.HTML(elem_id="fig-t2")
                    t4_html = gr.HTML(elem_id="fig-t4")
                    csv_btn = gr.DownloadButton("Download CSV · 下载 CSV", value=None, elem_id="fig-csv", size="sm")
                    with gr.Accordion("Two years side by side · 年度对比", open=True):
                        only_diff = gr.Checkbox(value=True, label="Only cells that differ · 只列出有变化的单元格")
                        comp_html = gr.HTML(elem_id="fig-compare-table")
                    with gr.Accordion("Trends · 趋势", open=True):
                        metric_dd = gr.Dropdown(label="Metric · 指标", choices=self.metrics,
                                                value=self.default_metric, elem_id="fig-metric")
                        plot_caption = gr.HTML()
                        with gr.Row():
                            line_plot = gr.LinePlot(x="year", y="value", title="Over the years · 历年趋势",
                                                    x_title="year · 年份", y_title="value · 数值", height=300,
                                                    y_lim=[0, None], y_axis_format=",~f",
                                                    elem_id="fig-trend")
                            bar_plot = gr.BarPlot(x="agency", y="value", title="Across agencies · 各机关对比",
                                                  x_title="agency · 机关", y_title="value · 数值", height=300,
                                                  sort="-y", x_label_angle=-30, y_lim=[0, None],
                                                  y_axis_format=",~f", elem_id="fig-bars")

                with gr.Tab("Reports · 年报", id="reports", elem_id="tab-reports"):
                    gr.Markdown(f"Upload reports ({', '.join(UPLOAD_SUFFIXES)}; up to "
                                f"{self.settings.max_file_mb:g} MiB each). Each is read, checked and stored. · "
                                "上传年报文件，导入后即可提问。")
                    files = gr.File(label="Report files · 年报文件", file_count="multiple",
                                    file_types=list(UPLOAD_SUFFIXES), type="filepath", elem_id="rep-files")
                    upload_btn = gr.Button("Ingest · 导入", variant="primary", elem_id="rep-ingest")
                    upload_html = gr.HTML(elem_id="rep-result")
                    gr.Markdown("### Stored reports · 已收录年报")
                    reports_html = gr.HTML(elem_id="rep-list")
                    gr.Markdown("### Consistency · 勾稽关系校验（未通过的规则）")
                    consistency = gr.HTML(elem_id="rep-consistency")

            fig_out = [head_html, t2_html, t3_html, t4_html, comp_html, csv_btn]
            plot_out = [line_plot, bar_plot, plot_caption]
            agency_dd.input(self.pick_agency, inputs=[agency_dd, metric_dd, only_diff],
                            outputs=[year_dd, compare_dd, *fig_out, *plot_out], api_visibility="private")
            year_inputs = [agency_dd, year_dd, compare_dd, metric_dd, only_diff]
            for trigger in (year_dd.input, compare_dd.input, only_diff.input, show_btn.click):
                trigger(self.pick_year, inputs=year_inputs, outputs=[*fig_out, *plot_out], api_visibility="private")
            metric_dd.input(self.plots, inputs=[agency_dd, year_dd, metric_dd], outputs=plot_out,
                            api_visibility="private")
            upload_btn.click(self.upload, inputs=[files, agency_dd, year_dd],
                             outputs=[upload_html, files, reports_html, consistency, agency_dd, year_dd, compare_dd],
                             api_visibility="private", concurrency_limit=1).then(
                self.pick_year, inputs=year_inputs, outputs=[*fig_out, *plot_out], api_visibility="private")
            demo.load(self.on_load, inputs=[metric_dd, only_diff],
                      outputs=[reports_html, consistency, agency_dd, year_dd, compare_dd, *fig_out, *plot_out],
                      api_visibility="private")
        demo.govqa_app = self  # type: ignore[attr-defined]
        return demo


def upload_result_html(results: list[dict[str, Any]]) -> str:
    rows = []
    for r in results:
        ok = r["outcome"] in ("added", "replaced", "unchanged")
        what = (f"{r.get('agency')} {r.get('year')}" if ok else r.get("reason", ""))
        extra = ""
        if r["outcome"] in ("added", "replaced"):
            extra = f" · {r.get('figures', 0)} figures · {r.get('failed_checks', 0)} failing checks"
        elif r["outcome"] == "unchanged":
            extra = f" · {r.get('reason', '')}"
        rows.append(f'<tr class="{"ok" if ok else "fails"}"><td class="txt">{esc(r["name"])}</td>'
                    f'<td class="txt {"check-passes" if ok else "check-fails"}">{esc(r["outcome"])}</td>'
                    f'<td class="txt">{esc(what)}{esc(extra)}</td></tr>')
    n_ok = sum(r["outcome"] in ("added", "replaced") for r in results)
    n_bad = sum(r["outcome"] in ("failed", "rejected") for r in results)
    return (f'<div class="{"govqa-error" if n_bad else "govqa-ok"}">{n_ok} ingested, {n_bad} not ingested.</div>'
            '<table class="govqa-table uploads"><thead><tr><th>file · 文件</th><th>outcome · 结果</th>'
            f'<th>report or reason · 年报或原因</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _csv_safe(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _y_lim(df: pd.DataFrame) -> list[float | None]:
    low = float(df["value"].min()) if len(df) else 0.0
    return [min(0.0, low), None]


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------


def build_app(store: str | os.PathLike[str] | None = None) -> gr.Blocks:
    """The GovQA app over ``store`` (default ``$GOVQA_HOME`` or ``./.govqa``); ``.govqa_app`` holds its state."""
    return GovQAApp(store).blocks()


def serve(store: str | os.PathLike[str] | None = None, host: str = "127.0.0.1", port: int = 7860, *,
          concurrency: int = DEFAULT_CONCURRENCY, block: bool = True) -> gr.Blocks:
    """Build, queue and launch the app on ``host:port`` (loopback unless told otherwise)."""
    demo = build_app(store)
    settings = demo.govqa_app.settings  # type: ignore[attr-defined]
    demo.queue(default_concurrency_limit=concurrency, max_size=2048)
    demo.launch(server_name=host, server_port=port, max_file_size=int(settings.max_file_mb * 1024 * 1024),
                show_error=False, quiet=False, css=CSS, prevent_thread_lock=not block, footer_links=["api"],
                run_history=False, blocked_paths=[str(Path(settings.home).resolve())])
    return demo


__all__ = ["build_app", "serve", "GovQAApp", "answer_html", "sources_html", "chat_text", "esc", "table3_html",
           "table2_html", "table4_html", "compare_html", "metric_choices", "UPLOAD_SUFFIXES", "CSS", "EXAMPLES"]
