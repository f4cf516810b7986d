"""When a question is not grounded, what to ask back: the reason, and up to three complete readings.

The law of GovQA: a number is stated only when the agency, the years, the cell or metric and the
operation are each named by the question (or visibly carried over) and no word is left over. This
module decides, from the understood :class:`Query` alone, whether that holds, and if not, words the
question back. Each reading is a full question that understands as written, so the CLI prints it
and the chat shows it as a button.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from index import reportformat as rf

from .understand import Catalog, Metric, Query, format_of
from .understand.stored import in_the_years_format
from .understand.text import _CJK, _strip_number
from .understand.types import AgencyMention, applicant_label

MAX_READINGS = 3


@dataclass(frozen=True)
class Gap:
    """Why a figure question cannot be answered as asked, in both languages, and what to offer."""

    zh: str
    en: str
    readings: tuple[str, ...] = ()
    refuse: bool = False  # nothing to offer: a refusal that says what is stored


def find_gap(q: Query, catalog: Catalog) -> Gap | None:
    """The first part of a figure question that is not grounded, or None when all are."""
    if q.metric is None:
        # Words nothing explains, no topic the reports talk about, and no request for the text:
        # GovQA does not know what is asked ("What was the county's population?", "那GDP呢？").
        if q.unaccounted and not q.topics and q.section is None and q.route != "check" and (
                "figure_cue" in q.flags or "text_cue" not in q.flags):
            words = "、".join(q.unaccounted)
            readings = _semantic_readings(q, catalog)
            if readings:
                return Gap(f"问题中的“{words}”不能确定对应表格里的哪一格，所以不直接给出数字。",
                           f"I cannot tell which table cell “{', '.join(q.unaccounted)}” refers to, so I give "
                           "no number yet.", readings)
            return Gap(f"年报的统计表格里没有“{words}”这一项，所收录的报告也不记载它。",
                       f"The reports' tables have nothing called “{' '.join(q.unaccounted)}”, "
                       "and the stored reports do not record it.", refuse=True)
        if q.topics == ("其他",) and "figure_cue" in q.flags and q.agencies and q.years:
            # "what does the 'other' figure come to?": 其他 heads a column, a row, a group and a result of the tables;
            # the text's own "其他" is no count of any of them
            return Gap("表格里有好几项都叫“其他”，问题没有说是哪一项。",
                       "Several cells of the tables are called 'other'; the question does not say which.",
                       _other_readings(q))
        if "requests_unnamed" in q.flags and (readings := _semantic_readings(q, catalog)):
            # "新接到的公开申请多少个": requests counted, but which count (new, new plus carried over, handled)
            # no word says; the text's own total was quoted once and was another count: a wrong number
            return Gap("问题问的是申请数，但没有说是新收的、连同上年结转的，还是办结的。",
                       "The question counts requests but does not say which: new ones, new plus carried over, "
                       "or those handled.", readings)
        return None
    if q.route == "narrative":
        return None
    across = q.operation in ("sum", "rank") and not q.mentions
    if not q.agencies and not across:
        candidates = [a for a in catalog.agencies if not q.years or set(q.years) & set(catalog.years(a))]
        if q.unaccounted:  # a misspelt name ("平谭"): the agencies whose names share its characters first
            candidates.sort(key=lambda a: -max((_shared(w, n) for w in q.unaccounted for n in catalog.names(a)),
                                               default=0))
        return Gap("问题没有指明是哪个机关的年报。", "The question does not say which agency's report it means.",
                   _readings(q, candidates, None))
    if q.ambiguous or "partial_agency" in q.flags:
        unsure = next((m for m in q.mentions if m.ambiguous), q.mentions[0] if q.mentions else None)
        names = list(unsure.candidates) if unsure is not None and len(q.mentions) >= 2 else list(q.agencies)
        text = unsure.text if unsure is not None else ""
        readings = _several_readings(q, unsure) if unsure is not None and len(q.mentions) >= 2 else ()
        return Gap(f"“{text}”可以指不止一个机关，或只说了部门没说地区（{'、'.join(names)}）。",
                   f"“{text}” could mean more than one agency ({', '.join(names)}).",
                   readings or _readings(q, names, None))
    if "which_year" in q.flags and not q.agencies:
        # "哪一年收到的申请最多": the years of one agency ranked, and none named: each agency with several years
        several = [a for a in catalog.agencies if len(catalog.years(a)) >= 2]
        readings = tuple(r for a in several if (r := _years_ranked(q, a, catalog.years(a))))[:MAX_READINGS]
        return Gap("问题问的是哪一年，但没有指明是哪个机关的年报。",
                   "The question asks which year, but not of which agency's reports.", readings)
    if "default_year" in q.flags:
        agency = q.agency
        if agency is None and len(q.agencies) >= 2:  # several agencies compared: each one's newest report
            readings = tuple(dict.fromkeys(r for a in q.agencies if catalog.years(a)
                                           for r in [_question(q, a, catalog.years(a)[-1])] if r))[:MAX_READINGS]
        else:
            readings = _readings(q, [agency] if agency else [], sorted(catalog.years(agency), reverse=True) if agency else [])
        return Gap("问题没有指明年份。", "The question does not say which year.", readings)
    if "agency_unsettled" in q.flags or "years_unsettled" in q.flags:
        # a follow-up asking one figure of the several agencies or years carried over: which one
        one = replace(q, operation="value")
        sides = list(q.agency_years) or [(a, y) for a in q.agencies for y in q.years]
        readings = tuple(dict.fromkeys(r for a, y in sides if (r := _question(one, a, y))))[:MAX_READINGS]
        if "agency_unsettled" in q.flags:
            return Gap("问题没有说是前面提到的哪一个机关。", "The question does not say which of the agencies just asked about it "
                       "means.", readings)
        return Gap("问题没有说是前面提到的哪一年。", "The question does not say which of the years just asked about it means.",
                   readings)
    if "fee_unnamed" in q.flags and q.agencies and q.years:
        # 收费 alone: the table's fees, or the processing fee the text of section 六 reports (in 元)
        agency, year = q.agencies[0], q.years[-1]
        return Gap("“收费”可以指表二的行政事业性收费，也可以指政府信息公开信息处理费（报告第六部分）。",
                   "“Fees” may mean table 2's administrative fees or the information-processing fee of section 六.",
                   tuple(r for r in (_question(q, agency, year), f"{agency}{year}年收取的政府信息公开信息处理费是多少？") if r))
    if "ratio_of_unknown" in q.flags:
        return Gap("问题问的是一个比例，但年报格式里没有这个比例的定义；可以分别查询分子和分母的数字。",
                   "The question asks for a share the report format does not define; ask for the two figures "
                   "instead.", _readings(q, list(q.agencies), list(q.years)))
    if "column_unnamed" in q.flags:
        readings = [r for m in (q.metric, *q.alternatives)
                    for r in _readings(replace(q, metric=m), list(q.agencies), list(q.years))]
        return Gap("问题没有说是表二这一行的哪一列。", "The question does not say which column of this table 2 row it means.",
                   tuple(dict.fromkeys(readings))[:MAX_READINGS])
    if q.operation == "rank" and not q.compared and len(q.agencies) == 1 and len(set(q.years)) == 1 \
            and "all_reports" not in q.flags:
        # "which issued more, the zone or its bureau?" read with one agency left: nothing to rank it against
        return Gap("问题要比较或排序，但只确定了一个机关的一份报告。",
                   "The question ranks or compares, but only one agency's report was understood.",
                   _readings(q, list(q.agencies), list(q.years)))
    if q.unaccounted:
        words_zh, words_en = "、".join(q.unaccounted), ", ".join(q.unaccounted)
        readings = [r for m in (q.metric, *q.alternatives)
                    for r in _readings(replace(q, metric=m), list(q.agencies), list(q.years))]
        return Gap(f"问题中的“{words_zh}”不能确定对应表格里的哪一格，所以不直接给出数字。",
                   f"I cannot tell which table cell “{words_en}” refers to, so I give no number yet.",
                   tuple(dict.fromkeys(readings))[:MAX_READINGS])
    return None


# What the tables call 其他 (FORMAT.md §3, §4), read from the format's own labels
_OTHER = "其他"


def _other_readings(q: Query) -> tuple[str, ...]:
    """The cells called 其他, each a complete question for the agency and year asked: new requests from 其他
    organisations, （六）其他处理 as a whole (its rows added in the 2021 format), its row 3.其他, and reconsiderations
    ended with 其他结果."""
    year = q.years[-1]
    column = next(c.id for c in rf.APPLICANT_COLUMNS if c.label == _OTHER)
    group = next(g.id for g in rf.GROUPS.values() if _strip_number(g.label).startswith(_OTHER))
    row = next(r.id for r in rf.T3_ROWS if r.group == group and _strip_number(r.label) == _OTHER)
    outcome = next(o.id for o in rf.T4_OUTCOMES if o.label.startswith(_OTHER))
    cells = [(Metric(3, row=rf.T3_ROWS[0].id), column), (in_the_years_format(Metric(3, row=group), [year]), None),
             (Metric(3, row=row), None), (Metric(4, row=rf.T4_ROW.id, column=f"review.{outcome}"), None)]
    out = [_question(replace(q, metric=m, applicant=a or rf.APPLICANT_TOTAL), q.agencies[0], year) for m, a in cells]
    return tuple(dict.fromkeys(r for r in out if r))[:MAX_READINGS]


def _shared(word: str, name: str) -> int:
    """How many of a leftover Chinese word's characters an agency's name contains."""
    return sum(1 for ch in set(word) if _CJK.match(ch) and ch in name)


def _semantic_readings(q: Query, catalog: Catalog) -> tuple[str, ...]:
    """Readings for a question no word of which names a cell, from the metrics its words mean
    (understand/semantic.py); the newest stored year when the question names none."""
    if "semantic_readings" not in q.flags or len(q.agencies) != 1:
        return ()
    years = list(q.years) or sorted(catalog.years(q.agencies[0]))[-1:]
    out = [r for m in q.alternatives for r in _readings(replace(q, metric=m), list(q.agencies), years[-1:])]
    return tuple(dict.fromkeys(out))[:MAX_READINGS]


def _readings(q: Query, agencies: list[str], years: list[int] | None) -> tuple[str, ...]:
    """Complete questions: the understood metric for each candidate agency or year."""
    out: list[str] = []
    ys = years if years is not None else list(q.years)
    for agency in agencies[:MAX_READINGS] or [None]:
        for year in (ys[:MAX_READINGS] if years is not None else [ys[-1]] if ys else [None]):
            out.append(_question(q, agency, year))
    return tuple(dict.fromkeys(r for r in out if r))[:MAX_READINGS]


_SEVERAL_VERBS = {"compare": ("比较", "Compare"), "change": ("比较", "Compare"), "sum": ("合计", "Add up"),
                  "rank": ("排名", "Rank")}


def _several_readings(q: Query, unsure: AgencyMention) -> tuple[str, ...]:
    """Complete questions over several agencies ("Pingtan 2021 with Huai'an 2024"), one per agency the unsure
    mention could be, each agency with its own year when the question pairs them."""
    paired = dict(q.agency_years)
    year_of_unsure = paired.get(unsure.candidates[0])
    if q.metric is None or (not paired and len(q.years) != 1):
        return ()
    others = [(m.candidates[0], paired.get(m.candidates[0], q.years[-1])) for m in q.mentions
              if m is not unsure and len(m.candidates) == 1]
    fmt_label = (lambda y: q.metric.label(format_of(y), "zh").split(" ", 1)[-1])  # type: ignore[union-attr]
    out = []
    for candidate in unsure.candidates[:MAX_READINGS]:
        sides = [(candidate, year_of_unsure or q.years[-1]), *others]
        if any(not q.metric.available(format_of(y)) for _, y in sides):
            continue
        table = rf.TABLE_NAMES[q.metric.table][0].split()[0]
        label = fmt_label(sides[0][1])
        verb_zh, verb_en = _SEVERAL_VERBS.get(q.operation, _SEVERAL_VERBS["compare"])
        if q.language == "zh":
            out.append(verb_zh + "与".join(f"{a}{y}年" for a, y in sides) + f"的{table}“{label}”")
        else:
            out.append(verb_en + " " + " with ".join(f"{a} {y}" for a, y in sides) + f": {table} “{label}”")
    return tuple(out)


def _years_ranked(q: Query, agency: str, years: Sequence[int]) -> str:
    """"平潭综合实验区2019—2022年中，哪一年表三“…”最多？": a ranking of one agency's stored years."""
    if q.metric is None or not all(q.metric.available(format_of(y)) for y in years):
        return ""
    table, zh = _cell_named(q.metric, format_of(years[-1]))
    span = f"{years[0]}—{years[-1]}" if len(years) > 2 else "和".join(map(str, years))
    least = "rank_least" in q.flags
    if q.language == "zh":
        return f"{agency}{span}年中，哪一年{table}“{zh}”{'最少' if least else '最多'}？"
    return (f"Which year had the {'fewest' if least else 'most'} {table} “{zh}” for {agency} "
            f"({', '.join(map(str, years))})?")


def _cell_named(metric: Metric, fmt: str) -> tuple[str, str]:
    """How a reading names a cell: its table (表三) and its label in that format, without the table."""
    return rf.TABLE_NAMES[metric.table][0].split()[0], metric.label(fmt, "zh").split(" ", 1)[-1]  # type: ignore[arg-type]


def _question(q: Query, agency: str | None, year: int | None) -> str:
    if q.metric is None or agency is None or year is None:
        return ""
    fmt = format_of(year)
    if not q.metric.available(fmt):
        return ""
    table, zh = _cell_named(q.metric, fmt)
    zh_col = en_col = ""
    if q.metric.table == 3 and q.applicant and q.applicant != rf.APPLICANT_TOTAL:
        name = applicant_label(q.applicant)
        zh_col, en_col = f"（{name[0]}）", f" ({name[1]})"
    if q.language == "zh":
        return f"{agency}{year}年{table}“{zh}”{zh_col}是多少？"
    return f"{agency} {year}: {table} “{zh}”{en_col} — what is the figure?"
