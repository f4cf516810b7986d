"""How answers, figures and checks are shown: one home for the words, the numbers' formatting, the
plain text (CLI, the web's copy button) and the HTML (autoescaping Jinja2 templates in
``assistant/templates/``). The CLI and the web app both call this module; neither builds HTML or
answer text of its own.

    from assistant import render
    print(render.answer_text(answer))          # plain text with numbered citations
    html = render.answer_html(answer)          # the chat message (one HTML block)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from markupsafe import Markup, escape

from index import reportformat as rf

from .answers import Answer, Citation

if TYPE_CHECKING:
    from jinja2 import Environment

# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------

#: What each check status means, in English and Chinese (cells, citations, legends).
STATUS_TEXT: dict[str, str] = {
    "passes": "passes the consistency checks · 通过勾稽校验",
    "fails": "fails a consistency check · 未通过勾稽校验",
    "reconstructed": "reconstructed from the consistency rules · 由勾稽关系推算",
    "uncertain": "uncertain reading · 读数不确定",
    "implied": "blank in the report, implied by the rules · 原表留空，按勾稽关系计算",
    "blank": "blank in the report · 原表留空",
    "n/a": "report text · 正文",
}
#: The mark beside a cell that was not read as printed (a legend explains each).
STATUS_MARKS: dict[str, str] = {"reconstructed": "R", "uncertain": "?", "implied": "="}

#: Beside a quote's English translation: who made it and what was checked.
TRANSLATION_NOTE = "machine translation; its numbers checked against the quote"

REFUSAL_NOTE = ("Nothing in the stored reports answers this, so no figure is given. · "
                "所收录的年报中没有相关内容，因此不给出数字。")


def status_text(status: str | None) -> str:
    return STATUS_TEXT.get(status or "n/a", status or "")


def table_short(table: int) -> str:
    """``表三`` from ``reportformat.TABLE_NAMES``."""
    return rf.TABLE_NAMES[table][0].split()[0]


# ---------------------------------------------------------------------------
# Numbers and units
# ---------------------------------------------------------------------------

_UNIT_IN_LABEL = re.compile(r"单位[:：]\s*(亿元|万元|元)")


def display_unit(spec: rf.CellSpec | None) -> str:
    """The unit a cell is shown in: the one its printed header names (本年收费金额（单位：万元） → 万元),
    else the unit it is stored in."""
    if spec is None:
        return ""
    m = _UNIT_IN_LABEL.search(spec.column_label)
    return m.group(1) if m and spec.kind == "amount" else spec.unit


def to_display_unit(value: int | float | None, spec: rf.CellSpec | None) -> int | float | None:
    """A stored value (in ``spec.unit``) converted to :func:`display_unit`."""
    if value is None or spec is None or spec.kind != "amount":
        return value
    shown = display_unit(spec)
    if shown == spec.unit or shown not in rf.AMOUNT_UNITS or spec.unit not in rf.AMOUNT_UNITS:
        return value
    return value * rf.AMOUNT_UNITS[spec.unit] / rf.AMOUNT_UNITS[shown]


def format_number(value: Any, *, signed: bool = False) -> str:
    """``1,234`` / ``24,252.31`` / ``—`` for nothing; ``+3`` when ``signed``."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,.6f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    return ("+" + text) if signed and value > 0 else text


def format_cell(value: Any, spec: rf.CellSpec | None) -> str:
    """A cell as shown under its header: in the header's unit, no unit word (the header has it)."""
    return format_number(to_display_unit(value, spec), signed=bool(spec and spec.kind == "signed"))


@cache
def _spec_index() -> dict[tuple[str, rf.CellKey], rf.CellSpec]:
    return {(fmt, s.key): s for fmt in rf.FORMATS for s in rf.cell_specs(fmt)}


def spec_for(fmt: str | None, key: rf.CellKey) -> rf.CellSpec | None:
    """The format's spec of a cell (the other format's when this one has no such cell)."""
    index = _spec_index()
    for f in (fmt, *rf.FORMATS):
        if (f, key) in index:
            return index[(f, key)]
    return None


def row_path(spec: rf.CellSpec) -> str:
    return f"{spec.group_label}/{spec.row_label}" if spec.group_label else spec.row_label


def cell_label(spec: rf.CellSpec | None, key: rf.CellKey | None = None) -> str:
    """``表三 （三）不予公开/1.属于国家秘密 · 总计`` (表四: the column path only)."""
    if spec is None:
        return str(key or "")
    if spec.key.table == 4:
        return f"{table_short(4)} {spec.column_label}"
    return f"{table_short(spec.key.table)} {row_path(spec)} · {spec.column_label}"


# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------

# Characters with a meaning in markdown / LaTeX, written as numeric entities in chat text so that
# report text shown in the chatbot is only ever text.
_MD_ENTITIES = {ch: f"&#{ord(ch)};" for ch in "\\`*_{}[]()#+-.!|~$=:^@"}


def chat_escape(text: Any) -> Markup:
    """HTML-escaped text with markdown characters entity-encoded and newlines as ``<br>``."""
    s = str(escape("" if text is None else str(text)))
    s = re.sub(r"&#?\w+;|.", lambda m: m.group(0) if len(m.group(0)) > 1 else _MD_ENTITIES.get(m.group(0), m.group(0)),
               s, flags=re.S)
    return Markup(s.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>"))


@cache
def environment() -> Environment:
    # imported here: the CLI's plain-text answers need no templates
    from jinja2 import Environment, PackageLoader

    env = Environment(loader=PackageLoader("assistant", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["chat"] = chat_escape
    env.filters["num"] = format_number
    # Newlines as character references, so a multi-line text survives :func:`one_block` (and
    # markdown characters too: the browser's textContent gives the plain text back).
    env.filters["lines"] = lambda text: Markup(str(chat_escape(text)).replace("<br>", "&#10;"))
    env.globals.update(status_text=status_text, STATUS_MARKS=STATUS_MARKS, STATUS_TEXT=STATUS_TEXT)
    return env


def render(template: str, **context: Any) -> str:
    """Render ``assistant/templates/<template>`` (autoescaped)."""
    return environment().get_template(template).render(**context)


def one_block(html_text: str) -> str:
    """Template output as one line: the chatbot's markdown leaves a block without newlines alone."""
    return re.sub(r">\s+<", "><", html_text).replace("\n", " ").strip()


# ---------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotePart:
    text: str
    mark: bool = False


@dataclass(frozen=True)
class EnglishView:
    """A quote framed for an English reader: its section and cell in English, the format's terms in
    it glossed (``reportformat.gloss``), and a checked machine translation when an LLM gave one."""

    section: str
    cell: str = ""
    terms: list[tuple[str, str]] = field(default_factory=list)
    translation: str = ""


@dataclass
class SourceView:
    """One citation as shown: numbered, its cell path, the quote with the answering number marked."""

    n: int
    citation: Citation
    where: str
    quote: list[QuotePart] = field(default_factory=list)
    link: str = ""
    english: EnglishView | None = None

    @property
    def status_text(self) -> str:
        return status_text(self.citation.check_status)


_NUMBER = re.compile(r"[-+]?\d[\d,，]*(?:\.\d+)?")


@cache
def _specs_by_label() -> dict[tuple[str, str, str], rf.CellSpec]:
    out: dict[tuple[str, str, str], rf.CellSpec] = {}
    for fmt in reversed(rf.FORMATS):
        for s in rf.cell_specs(fmt):
            for row in {s.row_label, row_path(s)}:
                out[(table_short(s.key.table), row, s.column_label)] = s
    return out


def citation_cell(c: Citation) -> rf.CellSpec | None:
    """The format's cell a figure citation names (None for a quote from the report's text)."""
    if not (c.table and c.row and c.column):
        return None
    return _specs_by_label().get((c.table, c.row, c.column))


def _table_width(table: int) -> int:
    return {3: len(rf.APPLICANT_COLUMNS), 4: len(rf.T4_COLUMNS)}.get(table, 0)


def quote_parts(c: Citation, values: Sequence[Any] = ()) -> list[QuotePart]:
    """The quote split so that the cited cell's number is marked: in a row of 表三 / 表四 the number
    in the cited column's place, else the first number equal to an answered value."""
    quote = c.quote or ""
    spans = [m.span() for m in _NUMBER.finditer(quote)]
    target: tuple[int, int] | None = None
    spec = citation_cell(c)
    if spec is not None and spec.key.table in (3, 4):
        width = _table_width(spec.key.table)
        columns = rf.APPLICANT_COLUMN_IDS if spec.key.table == 3 else tuple(x.id for x in rf.T4_COLUMNS)
        if len(spans) >= width and spec.key.column in columns:
            target = spans[len(spans) - width + columns.index(spec.key.column)]
    if target is None:
        wanted = {format_number(getattr(v, "value", v)).replace(",", "") for v in values}
        target = next((s for s in spans if quote[s[0]:s[1]].replace(",", "").replace("，", "") in wanted), None)
    if target is None:
        return [QuotePart(quote)] if quote else []
    a, b = target
    return [p for p in (QuotePart(quote[:a]), QuotePart(quote[a:b], True), QuotePart(quote[b:])) if p.text]


def figures_link(c: Citation) -> str:
    """A link that opens the cited cell in the Figures tab, highlighted (``?agency=…&year=…&cell=…``)."""
    spec = citation_cell(c)
    if spec is None:
        return ""
    return "?" + urlencode({"agency": c.agency, "year": c.year, "cell": str(spec.key), "report": c.report_id})


def citation_where(c: Citation) -> str:
    return " · ".join(x for x in (c.table, c.row, c.column) if x) or c.section


def english_view(c: Citation, translation: str | None = None) -> EnglishView:
    """How a citation is framed for an English reader (the words all come from the format module)."""
    spec = citation_cell(c)
    cell = ""
    if spec is not None:
        group = rf.gloss(spec.group_label or "")
        row = f"{group[0][1]} › {spec.row_english}" if group and spec.key.table == 3 else spec.row_english
        cell = " › ".join(x for x in (rf.table_english(spec.key.table),
                                      spec.column_english if spec.key.table == 4 else f"{row} · {spec.column_english}")
                          if x)
    return EnglishView(rf.section_english(c.section), cell, rf.gloss(c.quote or ""), translation or "")


def sources(answer: Answer, translations: Sequence[str | None] = ()) -> list[SourceView]:
    """The citations as shown; an English answer's with their English framing (``translations``: a
    checked translation of each quote, by position, where an LLM gave one)."""
    english = answer.language == "en"
    return [SourceView(i, c, citation_where(c), quote_parts(c, answer.values), figures_link(c),
                       english_view(c, translations[i - 1] if i <= len(translations) else None) if english else None)
            for i, c in enumerate(answer.citations, start=1)]


def readings(answer: Answer) -> list[str]:
    """The full alternative questions of an ambiguous question (``answer.readings`` when the
    question-understanding stage supplies it; strings or records with ``.question``/``.text``)."""
    out = []
    for r in getattr(answer, "readings", None) or ():
        text = r if isinstance(r, str) else getattr(r, "question", None) or getattr(r, "text", None)
        if text:
            out.append(str(text))
    return out


def answer_text(answer: Answer, translations: Sequence[str | None] = ()) -> str:
    """The answer as plain text with numbered citations (``govqa ask`` and the web's copy button); an
    English answer's quotes with their English framing."""
    lines = [answer.parsed] if answer.parsed else []
    lines.append(answer.answer)
    alts = readings(answer)
    if alts:
        lines.append("Did you mean · 您是否想问:")
        lines.extend(f"  - {q}" for q in alts)
    for s in sources(answer, translations):
        c = s.citation
        lines.append(f"  [{s.n}] {c.agency} {c.year} · {s.where} · {c.location or '—'} · {c.check_status}")
        if c.quote:
            lines.append(f"      “{' '.join(c.quote.split())[:200]}”")
        if s.english is not None:
            lines.append(f"      {s.english.cell or s.english.section}")
            if s.english.terms:
                lines.append("      Terms: " + "; ".join(f"{zh} = {en}" for zh, en in s.english.terms))
            if s.english.translation:
                lines.append(f"      In English ({TRANSLATION_NOTE}): {s.english.translation}")
    return "\n".join(lines)


def answer_html(answer: Answer, text: str | None = None, *, final: bool = True, stage: str = "",
                translations: Sequence[str | None] = (), draft: bool = False) -> str:
    """The chat message of an answer (``text``: the part shown while streaming, ``draft`` when it is
    a model's unchecked text; ``stage``: a note of what is being done next; ``translations``: checked
    translations of the quotes). One HTML block."""
    return one_block(render(
        "answer.html", answer=answer, body=answer.answer if text is None else text, final=final, stage=stage,
        draft=draft, refusal=answer.route == "refusal", refusal_note=REFUSAL_NOTE,
        sources=sources(answer, translations) if final else [], translation_note=TRANSLATION_NOTE,
        plain=answer_text(answer, translations) if final else "", readings=readings(answer) if final else [],
        show_parsed=bool(answer.parsed) and answer.route != "narrative"))


def message_html(message: str, *, error: bool = True) -> str:
    """A one-line chat message of our own (an error or a note)."""
    return one_block(render("message.html", message=message, error=error))


__all__ = ["STATUS_TEXT", "STATUS_MARKS", "status_text", "table_short", "display_unit", "to_display_unit",
           "format_number", "format_cell", "spec_for", "row_path", "cell_label", "chat_escape", "render",
           "one_block", "answer_text", "answer_html", "message_html", "sources", "readings", "quote_parts",
           "citation_cell", "figures_link", "QuotePart", "SourceView", "EnglishView", "english_view",
           "TRANSLATION_NOTE"]
