"""Evidence → an :class:`Answer` with citations: figure answers, totals across agencies, questions back.

Wording lives here; labels come from ``reportformat``; numbers come from the evidence only.
Narrative answers (quotes from the reports' text) are worded in :mod:`assistant.narrative`,
refusals in :mod:`assistant.refusal`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from index import reportformat as rf
from index.types import Location

from .answers import Answer, Citation, Value
from .lookup import MetricValue
from .understand import Metric, Query
from .understand.types import applicant_label
from .understand.years import format_of


STATUS_TEXT = {
    "zh": {
        "reconstructed": "由勾稽关系推算（原文数字缺失或粘连）",
        "uncertain": "无法唯一确定（原文数字粘连或缺失）",
        "implied": "原表留空，按勾稽关系计算",
        "fails": "所在报告未通过勾稽关系校验",
    },
    "en": {
        "reconstructed": "reconstructed from the consistency rules (lost or run together in the source)",
        "uncertain": "not certain (the source's digits ran together or were lost)",
        "implied": "left blank in the report; implied by the consistency rules",
        "fails": "the report's own figures break a consistency rule here",
    },
}


def _signed(diff: float | int) -> str:
    """A difference with its sign: +8, -2,406, +1.25."""
    return f"{diff:+,}" if isinstance(diff, int) else f"{diff:+.2f}"


def format_amount(value: float | int, unit: str, lang: str) -> str:
    """A number with its unit; yuan amounts also in 万元/亿元 as reports write them."""
    if unit == "元":
        if abs(value) >= 100_000_000:
            big = f"{value / 100_000_000:g} 亿元"
        elif abs(value) >= 10_000:
            big = f"{value / 10_000:g} 万元"
        else:
            big = ""
        plain = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
        if lang == "zh":
            return f"{big}（{plain} 元）" if big else f"{plain} 元"
        return f"{big} ({plain} yuan)" if big else f"{plain} yuan"
    if unit == "%":
        return f"{value}%"
    number = f"{value:,}" if isinstance(value, int) else f"{value:g}"
    if lang == "zh":
        return f"{number} {unit}" if unit else number
    return number


def _cell_labels(row: object) -> tuple[str, str, str, str]:
    """(table name, section heading, row label, column label) of a stored cell."""
    key = row.key  # type: ignore[attr-defined]
    fmt = row.format if row.format in rf.FORMATS else "2021"  # type: ignore[attr-defined]
    try:
        spec = rf.cell_spec(fmt, key)
    except KeyError:
        spec = rf.cell_spec("2019" if fmt == "2021" else "2021", key)
    table = {2: "表二", 3: "表三", 4: "表四"}[key.table]
    section_no = rf.TABLE_SECTION[key.table]
    section = f"{section_no}、{rf.SECTION_BY_NUMBER[section_no].heading}"
    row_label = spec.row_label
    if key.table == 3 and spec.group_label:
        row_label = f"{spec.group_label}/{spec.row_label}"
    if key.table == 2 and spec.group_label:
        row_label = f"{spec.group_label} {spec.row_label}"
    return table, section, row_label, spec.column_label


def cite_cell(row: object) -> Citation:
    table, section, row_label, column_label = _cell_labels(row)
    location = row.location  # type: ignore[attr-defined]
    if isinstance(location, dict):
        location = Location.from_dict(location)
    return Citation(
        report_id=row.report_id, title=row.title, agency=row.agency, year=row.year,  # type: ignore[attr-defined]
        section=section, table=table, row=row_label, column=column_label,
        quote=(row.source_text or "").strip()[:300], location=location.describe() if location else "",  # type: ignore[attr-defined]
        check_status=row.check_status)  # type: ignore[attr-defined]


def _status_note(values: Sequence[MetricValue], lang: str) -> str:
    statuses = {c.check_status for v in values for c in v.cells + v.denominator} - {"passes"}
    if not statuses:
        return ""
    notes = [STATUS_TEXT[lang][s] for s in ("fails", "uncertain", "reconstructed", "implied") if s in statuses]
    return ("注意：" if lang == "zh" else "Note: ") + ("；".join(notes) if lang == "zh" else "; ".join(notes)) + \
        ("。" if lang == "zh" else ".")


def metric_unit(cells: Sequence[object], fmt: str, ratio: bool) -> str:
    """The unit of a metric: % for a ratio, the 表二 column's unit, else 件."""
    if ratio:
        return "%"
    if cells and cells[0].key.table == 2:  # type: ignore[attr-defined]
        try:
            return rf.cell_spec(fmt if fmt in rf.FORMATS else "2021", cells[0].key).unit  # type: ignore[arg-type,attr-defined]
        except KeyError:
            return "件"
    return "件"


def _formula(value: MetricValue, lang: str) -> str:
    """"(a + b + …) ÷ (…)" with each cell's label and value, for a derived value."""
    def terms(cells: Sequence[object]) -> str:
        parts = []
        for c in cells:
            _, _, row_label, column_label = _cell_labels(c)
            parts.append(f"{row_label}·{column_label} {c.value}")  # type: ignore[attr-defined]
        return " + ".join(parts)

    if value.denominator:
        return f"({terms(value.cells)}) ÷ ({terms(value.denominator)}) × 100%"
    return terms(value.cells)


def figure_answer(labels: tuple[str, str], values: Sequence[MetricValue], operation: str, lang: str, parsed: str,
                  fewest: bool = False, order: Sequence[str] = (), first: str | None = None,
                  difference_first: bool = False) -> Answer:
    """Answer a figure question from computed metric values (one per report), oldest first.

    ``labels`` is the metric's (Chinese, English) name from the question understanding; ``fewest``: a
    ranking asked from the bottom ("which had the fewest …"), whose smallest is named before the ranking.
    ``order``: the agencies in the question's order; agencies of one year compared are given in it, and the
    difference is the first named less the second ("上海比沭阳多多少"); ``first``: "larger" when the question asks
    which is more ("who reported more"), "smaller" when it asks which is less: that one is named first.
    ``difference_first``: two values compared by how far apart they are ("2025年的比2019年多出多少"): the difference is
    the answer, so it leads (the text and the values).
    """
    values = sorted([v for v in values if v.value is not None], key=lambda v: (v.year, v.agency))
    same_year_agencies = operation in ("compare", "change") and len(values) == 2 and len({v.year for v in values}) == 1 \
        and len({v.agency for v in values}) == 2
    pick = first  # (``first`` is the first value below)
    if same_year_agencies and pick:
        values.sort(key=lambda v: -(v.value or 0) if pick == "larger" else (v.value or 0))
    elif same_year_agencies and all(v.agency in order for v in values):
        values.sort(key=lambda v: list(order).index(v.agency))
    zh_label, en_label = labels
    label = zh_label if lang == "zh" else en_label
    unit = metric_unit(values[0].cells, values[0].format, bool(values[0].denominator)) if values else "件"
    citations = [cite_cell(c) for v in values for copy in (v, *v.copies) for c in copy.cells + copy.denominator]
    out_values = [Value(v.value, unit, f"{v.agency} {v.year} {zh_label}") for v in values]  # type: ignore[arg-type]
    lines: list[str] = []
    derived = bool(values) and (len(values[0].cells) > 1 or bool(values[0].denominator))

    def fmt_value(v: MetricValue) -> str:
        return format_amount(v.value, unit, lang)  # type: ignore[arg-type]

    if operation in ("compare", "change", "trend") and len(values) >= 2:
        first, last = values[0], values[-1]
        diff = (last.value or 0) - (first.value or 0)
        diff_text = _signed(diff)
        if same_year_agencies and (pick or order):  # two agencies of one year: the first less the second
            a, b = values
            gap = (a.value or 0) - (b.value or 0)
            out_values.append(Value(gap, unit, "差 difference"))
            if lang == "zh":
                verdict = "，两者相同" if not gap else f"，{a.agency}{'更多' if pick == 'larger' else '更少'}" if pick else ""
                lines.append(f"{label}：{a.agency}{a.year}年 {fmt_value(a)}；{b.agency}{b.year}年 {fmt_value(b)}。"
                             f"{a.agency}比{b.agency}相差 {_signed(gap)}{verdict}。")
            else:
                verdict = "; the same" if not gap else f"; {a.agency} has {'more' if pick == 'larger' else 'fewer'}" if pick else ""
                lines.append(f"{label}: {a.agency} {a.year}: {fmt_value(a)}; {b.agency} {b.year}: {fmt_value(b)}. "
                             f"{a.agency} minus {b.agency}: {_signed(gap)}{verdict}.")
        elif len({v.agency for v in values}) > 1:  # several agencies ("淮安市2024、沭阳县2025"): each value named
            if lang == "zh":
                series = "；".join(f"{v.agency}{v.year}年 {fmt_value(v)}" for v in values)
                lines.append(f"{label}：{series}。{last.agency}{last.year}年比{first.agency}{first.year}年相差 {diff_text}。")
            else:
                series = "; ".join(f"{v.agency} {v.year}: {fmt_value(v)}" for v in values)
                lines.append(f"{label}: {series}. {last.agency} {last.year} vs {first.agency} {first.year}: "
                             f"{diff_text}.")
        elif lang == "zh":
            series = "；".join(f"{v.year}年 {fmt_value(v)}" for v in values)
            lines.append(f"{first.agency}{label}：{series}。{last.year}年比{first.year}年变化 {diff_text}。")
        else:
            series = "; ".join(f"{v.year}: {fmt_value(v)}" for v in values)
            lines.append(f"{first.agency}, {label}: {series}. Change {first.year}→{last.year}: {diff_text}.")
        if difference_first and len(values) == 2:
            # the gap leads, signed as before (the later less the earlier; two agencies of a year: the first named
            # less the second), and the line says which is larger
            gap = out_values.pop() if same_year_agencies else Value(diff, unit, "变化 change")
            out_values.insert(0, gap)
            diff = gap.value or 0
            larger = max(values, key=lambda v: v.value or 0)
            who = f"{larger.agency}{larger.year}年" if lang == "zh" else f"{larger.agency} {larger.year}"
            lines.insert(0, (f"相差 {format_amount(abs(diff), unit, lang)}，{who}更多。" if lang == "zh" and diff else
                             f"Difference: {format_amount(abs(diff), unit, lang)} ({who} is larger)." if diff else
                             ("两者相同。" if lang == "zh" else "The two are the same.")))
    elif operation == "sum" and len(values) >= 1:
        total = sum(v.value or 0 for v in values)
        years = sorted({v.year for v in values})
        out_values = [Value(total, unit, f"Σ {zh_label}")]
        agencies = sorted({v.agency for v in values})
        if len(agencies) == 1:  # one agency's years ("the four Pingtan reports"): reports, not agencies
            if lang == "zh":
                lines.append(f"{agencies[0]}{'、'.join(map(str, years))}年 {len(values)} 份报告的{label}合计 "
                             f"{format_amount(total, unit, lang)}。")
            else:
                lines.append(f"{agencies[0]}, {label}, summed over {len(values)} reports "
                             f"({', '.join(map(str, years))}): {format_amount(total, unit, lang)}.")
        elif lang == "zh":
            # several years of one agency among them: the reports counted, and the agencies they are of
            who = f"{len(agencies)} 个机关" + (f" {len(values)} 份报告" if len(values) != len(agencies) else "")
            lines.append(f"{'、'.join(map(str, years))}年 {who}的{label}合计 {format_amount(total, unit, lang)}。")
        else:
            who = f"{len(agencies)} agencies" if len(values) == len(agencies) else \
                f"{len(values)} reports of {len(agencies)} agencies"
            lines.append(f"{label}, summed over {who} ({', '.join(map(str, years))}): "
                         f"{format_amount(total, unit, lang)}.")
    elif operation == "rank" and len(values) >= 1:
        ranked = sorted(values, key=lambda v: -(v.value or 0))
        top = ranked[:10]
        out_values = [Value(v.value, unit, f"{v.agency} {v.year}") for v in top]  # type: ignore[arg-type]
        # agencies of different years (each one's own report): the year beside each, not in the head
        one_year = len({v.year for v in top}) == 1
        # the end asked about, every report sharing its value named ("最少：2019年、2020年（并列）"): naming one of
        # a tie as the fewest (or most) would say what the tables do not
        end = min(ranked, key=lambda v: v.value or 0) if fewest else ranked[0]
        tied = [v for v in ranked if v.value == end.value]
        # (every value given tied, and as many as a ranking lists: more may share it, unlisted)
        more = len(tied) > 10 or len(tied) == len(ranked) >= 10
        if fewest or len(tied) > 1:
            zh_names = "、".join(f"{v.agency}（{v.year}年）" for v in tied[:10]) + ("等" if more else "") + (
                "（并列）" if len(tied) > 1 else "")
            en_names = ", ".join(f"{v.agency} ({v.year})" for v in tied[:10]) + (" and others" if more else "") + (
                " (tied)" if len(tied) > 1 else "")
            lines.append(f"{'最少' if fewest else '最多'}：{zh_names} {fmt_value(end)}。" if lang == "zh"
                         else f"{'Fewest' if fewest else 'Most'}: {en_names} {fmt_value(end)}.")
        if lang == "zh":
            lines.append(f"{label}排名" + (f"（{top[0].year}年）" if one_year else "") + "：" + "；".join(
                f"{i + 1}. {v.agency}{'' if one_year else f'（{v.year}年）'} {fmt_value(v)}"
                for i, v in enumerate(top)) + "。")
        else:
            lines.append(f"Ranking by {label}" + (f" ({top[0].year})" if one_year else "") + ": " + "; ".join(
                f"{i + 1}. {v.agency}{'' if one_year else f' ({v.year})'} {fmt_value(v)}"
                for i, v in enumerate(top)) + ".")
        citations = [cite_cell(c) for v in top for copy in (v, *v.copies) for c in copy.cells + copy.denominator]
    else:
        for v in values:
            if lang == "zh":
                lines.append(f"{v.agency}{v.year}年报告：{label}为 {fmt_value(v)}。")
            else:
                lines.append(f"{v.agency}, {v.year} report — {label}: {fmt_value(v)}.")
    if derived and values and operation not in ("rank", "sum"):
        formula = "；".join(_formula(v, lang) for v in values[:3])
        lines.append(("计算：" if lang == "zh" else "Computed: ") + formula)
    note = _status_note(values, lang)
    if note:
        lines.append(note)
    for v in values:
        for other in v.disagreeing:  # two stored copies of one report that read differently
            citations += [cite_cell(c) for c in other.cells + other.denominator]
            if lang == "zh":
                lines.append(f"注意：{v.agency}{v.year}年报告另有一份（{other.title}，报告编号 {other.report_id}）"
                             f"此项为 {fmt_value(other)}，两份不一致。")
            else:
                lines.append(f"Note: another stored copy of the {v.agency} {v.year} report ({other.title}, "
                             f"report {other.report_id}) gives {fmt_value(other)}; the copies disagree.")
    return Answer(answer="\n".join(lines), language=lang, route="figures", parsed=parsed,  # type: ignore[arg-type]
                  values=out_values, citations=citations)


@dataclass(frozen=True)
class _Cell:
    """A cell named without a report (what ``_cell_labels`` reads)."""

    key: rf.CellKey
    format: str


TOP_NAMED = 5  # contributors a sum across every agency names in its text (it cites more)
# The Figures-tab view that lists one cell for every agency: a sum across agencies points to it, and
# ui.py titles the view with these words, so the two can never drift apart.
ACROSS_VIEW = ("单项指标趋势与各机关对比", "One cell over the years and across agencies")


def total_answer(labels: tuple[str, str], numerator: int | float, denominator: int | float | None, counted: int,
                 years: Sequence[int], shown: Sequence[MetricValue], num: Sequence[rf.CellKey],
                 den: Sequence[rf.CellKey], lang: str, parsed: str) -> Answer:
    """A sum across every agency of ``years`` read from the store's per-year totals: the total of
    the metric's cells over the ``counted`` canonical reports (a ratio: the summed numerator over
    the summed denominator), cited as such, plus the largest contributors by name (``shown``,
    each cited by its cells)."""
    zh_label, en_label = labels
    label = zh_label if lang == "zh" else en_label
    fmt = shown[0].format if shown and shown[0].format in rf.FORMATS else "2021"
    ratio = denominator is not None
    unit = metric_unit(shown[0].cells if shown else [], fmt, ratio)
    years_zh, years_en = "、".join(map(str, years)), ", ".join(map(str, years))
    cell_unit = metric_unit(shown[0].cells if shown else [], fmt, False)

    def amount(x: int | float, u: str = unit) -> str:
        return format_amount(x, u, lang)

    if ratio:
        assert denominator
        value: int | float = round(100.0 * numerator / denominator, 1)
        if lang == "zh":
            line = (f"{years_zh}年 {counted} 个机关合计的{label}为 {value}%（分子合计 {amount(numerator, cell_unit)}"
                    f" ÷ 分母合计 {amount(denominator, cell_unit)} × 100%）。")
        else:
            line = (f"{label}, all {counted} agencies together ({years_en}): {value}% (summed numerator "
                    f"{amount(numerator, cell_unit)} ÷ summed denominator {amount(denominator, cell_unit)} × 100%).")
    else:
        value = numerator
        if lang == "zh":
            line = f"{years_zh}年 {counted} 个机关的{label}合计 {amount(value)}。"
        else:
            line = f"{label}, summed over {counted} agencies ({years_en}): {amount(value)}."
    named = list(shown[:TOP_NAMED])
    several = len(years) > 1  # name each contributor's year too

    def who(v: MetricValue) -> str:
        year = (f"{v.year}年" if lang == "zh" else f" {v.year}") if several else ""
        shown_value = format_amount(v.value, unit, lang)  # type: ignore[arg-type]
        if ratio:  # the parts it adds to the sums, then its own rate
            parts = [sum((c.value or 0) for c in cs) for cs in (v.cells, v.denominator)]  # type: ignore[attr-defined]
            shown_value = f"{parts[0]:g}/{parts[1]:g} = {shown_value}"
        return f"{v.agency}{year} {shown_value}"

    if lang == "zh":
        what = "分子、分母各自" if ratio else "这一项"
        how = (f"由年度合计表算出：{years_zh}年全部 {counted} 份报告的{what}相加，同一报告存了几份只计一份。"
               + (f"{'分子' if ratio else ''}最大的：" + "；".join(f"{i}. {who(v)}" for i, v in enumerate(named, 1))
                  + "。" if named else "")
               + (f"引用列出其中 {len(shown)} 个；每一格各机关的完整列表在“图表”页的“{ACROSS_VIEW[0]}”"
                  "（可导出）。" if counted > len(shown) else ""))
    else:
        what = "its numerator and its denominator each" if ratio else "this figure"
        how = (f"Computed from the store's per-year totals: {what} added up over all {counted} reports of "
               f"{years_en} (a report stored more than once counts once)."
               + (f" Largest{' numerators' if ratio else ''}: " + "; ".join(f"{i}. {who(v)}" for i, v in
                                                                         enumerate(named, 1)) + "." if named else "")
               + (f" The citations list {len(shown)} of them; each cell's full list by agency is on the Figures "
                  f"tab, under “{ACROSS_VIEW[1]}” (exportable)." if counted > len(shown) else ""))
    lines = [line, how]
    note = _status_note(shown, lang)
    if note:
        lines.append(note)
    citations = [_total_citation(num, den, fmt, counted, years, numerator, denominator, lang)]
    citations += [cite_cell(c) for v in shown for copy in (v, *v.copies) for c in copy.cells + copy.denominator]
    for v in shown:
        for other in v.disagreeing:
            citations += [cite_cell(c) for c in other.cells + other.denominator]
    return Answer(answer="\n".join(lines), language=lang, route="figures", parsed=parsed,  # type: ignore[arg-type]
                  values=[Value(value, unit, f"Σ {zh_label}")], citations=citations)


def _total_citation(num: Sequence[rf.CellKey], den: Sequence[rf.CellKey], fmt: str, counted: int,
                    years: Sequence[int], numerator: int | float, denominator: int | float | None,
                    lang: str) -> Citation:
    """What a total across every agency is: the sum of named cells over the canonical reports of
    the years, from the store's per-year totals (not one report's cell: no table, no report id)."""
    def names(keys: Sequence[rf.CellKey]) -> str:
        return " + ".join(f"{lab[0]} {lab[2]}·{lab[3]}" for lab in (_cell_labels(_Cell(k, fmt)) for k in keys))

    _, section, _, _ = _cell_labels(_Cell(num[0], fmt))
    years_text = "、".join(map(str, years))
    if lang == "zh":
        quote = f"{years_text}年 {counted} 份报告合计：{names(num)} = {numerator}"
        quote += f"；{names(den)} = {denominator}" if den else ""
        title, agency, where = f"{years_text}年度合计", f"全部 {counted} 个机关", "年度合计表（不含重复存储的副本）"
    else:
        quote = f"{years_text}, {counted} reports together: {names(num)} = {numerator}"
        quote += f"; {names(den)} = {denominator}" if den else ""
        title, agency, where = f"totals of {years_text}", f"all {counted} agencies", "per-year totals (stored copies counted once)"
    return Citation(report_id="", title=title, agency=agency, year=years[0], section=section,
                    row=names(num) + (f" ÷ ({names(den)})" if den else ""), quote=quote, location=where)


def cells_compared(sides: Sequence[Answer], metrics: Sequence[Metric], query: Query, lang: str,
                   parsed: str, names: Sequence[str] | None = None) -> Answer:
    """Two cells of one report side by side ("维持的多还是纠正的多"): each as read, then how far apart they are
    and which is more (no direction is asked of two cells). A side that could not be answered is the answer
    (its refusal says why)."""
    if (unanswered := _unanswered(sides)) is not None:
        return unanswered
    a, b = sides[0].values[0], sides[1].values[0]
    fmt = format_of(query.years[-1]) if query.years else "2021"
    names = list(names) if names else [m.label(fmt, lang) for m in metrics]  # type: ignore[arg-type]
    diff = abs((b.value or 0) - (a.value or 0))
    unit = a.unit
    where = f"{query.agencies[0]} {query.years[-1]}" if query.agencies and query.years else ""
    more = names[1] if (b.value or 0) > (a.value or 0) else names[0]
    side_by_side = (f"{where}年：{names[0]} {format_amount(a.value, unit, lang)}；{names[1]} {format_amount(b.value, unit, lang)}；"
                    if lang == "zh" else
                    f"{where}: {names[0]} {format_amount(a.value, unit, lang)}; {names[1]} {format_amount(b.value, unit, lang)}; ")
    if "minus_asked" in query.flags or "difference_asked" in query.flags:
        # "制发件数减废止件数", "制发的比废止的多多少": the difference is the answer, so it comes first
        minus = "minus_asked" in query.flags
        step = (a.value or 0) - (b.value or 0) if minus else diff
        shown = format_amount(step, unit, lang)
        if lang == "zh":
            lead = (f"{names[0]} 减 {names[1]} 为 {shown}。" if minus else
                    f"相差 {shown}" + (f"，{more}更多。" if diff else "，两者相同。"))
        else:
            lead = (f"{names[0]} minus {names[1]}: {shown}. " if minus else
                    f"Difference: {shown}" + (f" ({more} is larger). " if diff else " (the same). "))
        values = [Value(step, unit, "差 difference"), Value(a.value, unit, f"{where} {names[0]}"),
                  Value(b.value, unit, f"{where} {names[1]}")]
        return Answer(answer=lead + ("\n" if lang == "zh" else "") + side_by_side.rstrip("；; ") + ("。" if lang == "zh" else "."),
                      language=lang, route="figures", parsed=parsed,  # type: ignore[arg-type]
                      values=values, citations=[c for s in sides for c in s.citations])
    if query.operation == "change":
        # "up or down, by how many?" after the first: the change from the first cell to the second, signed
        step = (b.value or 0) - (a.value or 0)
        signed = ("+" if step > 0 else "") + format_amount(step, unit, lang)
        tail = f"后者比前者变化 {signed}。" if lang == "zh" else f"change from the first to the second {signed}."
        last = Value(step, unit, "变化 change")
    else:
        tail = (f"相差 {format_amount(diff, unit, lang)}" + (f"，{more}更多。" if diff else "，两者相同。") if lang == "zh" else
                f"difference {format_amount(diff, unit, lang)}" + (f" ({more} is larger)." if diff else " (the same)."))
        last = Value(diff, unit, "差 difference")
    values = [Value(a.value, unit, f"{where} {names[0]}"), Value(b.value, unit, f"{where} {names[1]}"), last]
    return Answer(answer=side_by_side + tail, language=lang, route="figures", parsed=parsed,  # type: ignore[arg-type]
                  values=values, citations=[c for s in sides for c in s.citations])


def columns_compared(sides: Sequence[Answer], metric: Metric, columns: Sequence[str], query: Query, lang: str,
                     parsed: str) -> Answer:
    """Two applicant columns of one row side by side ("是企业来的多还是律所来的多"), named by the row and the column."""
    fmt = format_of(query.years[-1]) if query.years else "2021"
    names = [f"{metric.label(fmt, lang)} · {applicant_label(a)[0 if lang == 'zh' else 1]}" for a in columns]  # type: ignore[arg-type]
    return cells_compared(sides, (metric, metric), query, lang, parsed, names=names)


def _unanswered(sides: Sequence[Answer]) -> Answer | None:
    """The first side of a comparison that could not be answered (its refusal or question back says why)."""
    return next((side for side in sides if side.route != "figures" or not side.values), None)


def reports_ratio(sides: Sequence[Answer], reports: Sequence[tuple[str, int]], label: str, lang: str,
                  parsed: str) -> Answer:
    """One cell of two reports as a ratio ("2022年的新收申请量是2021年的百分之几"): each as read, then the first
    over the second, in per cent. A side that could not be answered is the answer (its refusal says why); a
    second side of 0 divides nothing, and says so."""
    if (unanswered := _unanswered(sides)) is not None:
        return unanswered
    a, b = sides[0].values[0], sides[1].values[0]
    zh = lang == "zh"
    (agency_a, year_a), (agency_b, year_b) = reports
    name_a = f"{agency_a}{year_a}年" if zh else f"{agency_a} {year_a}"
    name_b = f"{agency_b}{year_b}年" if zh else f"{agency_b} {year_b}"
    sep, end = (("：", "；"), "。") if zh else ((": ", "; "), ". ")
    both = (f"{label}{sep[0]}{name_a} {format_amount(a.value, a.unit, lang)}{sep[1]}{name_b} "
            f"{format_amount(b.value, b.unit, lang)}{end}")
    citations = [c for s in sides for c in s.citations]
    if not b.value:
        text = both + ("后者为 0，比值无从计算。" if zh else "The second is 0: there is no ratio.")
        return Answer(answer=text, language=lang, route="figures", parsed=parsed,  # type: ignore[arg-type]
                      values=[a, b], citations=citations)
    ratio = round(100 * a.value / b.value, 1)
    text = both + (f"{name_a}是{name_b}的 {ratio}%。\n计算：" if zh else f"{name_a} is {ratio}% of {name_b}.\nComputed: ") \
        + f"{a.value} ÷ {b.value} × 100%"
    return Answer(answer=text, language=lang, route="figures", parsed=parsed,  # type: ignore[arg-type]
                  values=[Value(ratio, "%", f"{name_a} ÷ {name_b}"), a, b], citations=citations)


def cells_ranked(sides: Sequence[Answer], metrics: Sequence[Metric], query: Query, lang: str, parsed: str,
                 fewest: bool = False) -> Answer:
    """A group's parts in one report ranked ("不予公开的理由里哪条最多"): the largest (or, asked from the bottom,
    the smallest) named first, then every part in order. A part that could not be answered is the answer."""
    if (unanswered := _unanswered(sides)) is not None:
        return unanswered
    fmt = format_of(query.years[-1]) if query.years else "2021"
    where = f"{query.agencies[0]} {query.years[-1]}" if query.agencies and query.years else ""
    ranked = sorted(((m.label(fmt, lang), s.values[0]) for m, s in zip(metrics, sides)),  # type: ignore[arg-type]
                    key=lambda p: (p[1].value or 0) * (1 if fewest else -1))
    unit = ranked[0][1].unit
    top_name, top = ranked[0]
    ties = [n for n, v in ranked[1:] if v.value == top.value]
    listing = ("；" if lang == "zh" else "; ").join(
        f"{i}. {n} {format_amount(v.value, unit, lang)}" for i, (n, v) in enumerate(ranked, 1))
    if lang == "zh":
        most = "最少" if fewest else "最多"
        tie = f"（与{'、'.join(ties)}并列）" if ties else ""
        head = f"{where}年：{most}的是 {top_name}，{format_amount(top.value, unit, lang)}{tie}。排序：{listing}。"
    else:
        most = "fewest" if fewest else "most"
        tie = f" (tied with {', '.join(ties)})" if ties else ""
        head = f"{where}: the {most} is {top_name}, {format_amount(top.value, unit, lang)}{tie}. Ranking: {listing}."
    values = [Value(v.value, unit, f"{where} {n}") for n, v in ranked]
    return Answer(answer=head, language=lang, route="figures", parsed=parsed,  # type: ignore[arg-type]
                  values=values, citations=[c for s in sides for c in s.citations])


def clarify(lang: str, parsed: str, reason_zh: str, reason_en: str, readings: list[str]) -> Answer:
    """A question back: why no number is given yet, and complete questions to pick from."""
    if lang == "zh":
        text = reason_zh + ("\n您是想问：\n" + "\n".join(f"{i}. {r}" for i, r in enumerate(readings, 1))
                            if readings else "")
    else:
        text = reason_en + ("\nDid you mean:\n" + "\n".join(f"{i}. {r}" for i, r in enumerate(readings, 1))
                            if readings else "")
    return Answer(answer=text, language=lang, route="clarify", parsed=parsed,  # type: ignore[arg-type]
                  readings=list(readings))
