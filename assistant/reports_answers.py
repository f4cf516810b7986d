"""Answers about a report as a whole: whether its figures add up (the stored checks, with the values
on each side), and an overview of an agency's stored reports (years, headline figures, failing checks).

Both read only what ingest stored; nothing here computes or guesses a figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from index import reportformat as rf
from index.figures_store import CheckRecord, FiguresStore, ReportRecord

from .answers import Answer, Citation

# The headline figures of an overview: (table, row, column) and their names.
_HEADLINES: tuple[tuple[int, str, str, str, str], ...] = (
    (3, "new", "total", "本年新收申请", "new requests"),
    (3, "processed_total", "total", "办结总数", "requests handled"),
    (3, "granted", "total", "予以公开", "fully disclosed"),
    (4, "cases", "review.total", "行政复议", "reconsideration cases"),
)


def canonical_reports(store: FiguresStore, names: Sequence[str], years: Sequence[int]) -> list[ReportRecord]:
    """The canonical copy of each stored report of these names (one agency) and years (all when empty)."""
    out = []
    for name in names:
        for r in store.reports(agency=name):
            if r.agency == name and (not years or r.year in years) and r.copy_of is None:
                out.append(r)
    return sorted(out, key=lambda r: r.year)


# the rules of one table: 表三 (T3-…), 表四 (T4-…)
_TABLE_RULE_PREFIX = {"三": "T3", "四": "T4"}


def _rule_words(rule: str, lang: str) -> str:
    spec = rf.RULES.get(rule.split("/")[0])
    if spec is None:
        return rule
    return f"{rule}（{spec.label}）" if lang == "zh" else f"{rule} ({spec.english})"


def _citation(r: ReportRecord, section: str = "") -> Citation:
    return Citation(report_id=r.report_id, title=r.title, agency=r.agency, year=r.year, section=section)


def check_answer(store: FiguresStore, reports: Sequence[ReportRecord], lang: str, parsed: str,
                 display: str, table: str | None = None, only_failing: bool = False) -> Answer:
    """Whether the reports' figures add up, rule by rule, with both sides' values.

    ``table``: the section number of the one table asked about ("三", "四"): only its rules.
    ``only_failing``: for a check over many reports, list the failing ones and count the rest."""
    lines: list[str] = []
    checks: list[dict[str, Any]] = []
    citations: list[Citation] = []
    passing = 0
    prefix = _TABLE_RULE_PREFIX.get(table or "")
    for r in reports:
        results: list[CheckRecord] = [c for c in store.checks(report_id=r.report_id)
                                      if prefix is None or c.rule.startswith(prefix)]
        failing = [c for c in results if not c.passed]
        if only_failing and not failing:
            passing += 1
            continue
        display = r.agency if only_failing else display
        citations.append(_citation(r, "表三、表四" if lang == "zh" else "tables 三 and 四"))
        for c in results:
            checks.append({"report_id": r.report_id, "agency": display, "year": r.year, "rule": c.rule,
                           "scope": c.scope, "passed": c.passed, "expected": c.expected, "found": c.found,
                           "detail": c.detail})
        if lang == "zh":
            head = f"{display}{r.year}年报告：核对了 {len(results)} 条勾稽关系，"
            head += "全部成立。" if not failing else f"{len(failing)} 条不成立："
        else:
            head = f"{display}, {r.year} report: {len(results)} consistency checks, "
            head += "all pass." if not failing else f"{len(failing)} fail:"
        lines.append(head)
        for c in failing:
            if lang == "zh":
                lines.append(f"- {_rule_words(c.rule, lang)}，{c.scope}：表中为 {c.found:g}，按规则应为 {c.expected:g}")
            else:
                lines.append(f"- {_rule_words(c.rule, lang)}, {c.scope}: printed {c.found:g}, the rule gives "
                             f"{c.expected:g}")
    if not reports:
        text = "没有找到要核对的报告。" if lang == "zh" else "No stored report to check."
        return Answer(answer=text, language=lang, route="refusal", parsed=parsed)  # type: ignore[arg-type]
    if only_failing:
        lines.append(f"其余 {passing} 份报告的勾稽关系全部成立。" if lang == "zh"
                     else f"The other {passing} stored reports pass every check.")
    consistent = all(c["passed"] for c in checks)
    if lang == "zh":
        lines.append("（表中数字按原样保存；不成立的规则说明报告本身的数字前后不一致。）" if not consistent else "")
    else:
        lines.append("(The printed numbers are kept as printed; a failing rule means the report's own figures "
                     "disagree.)" if not consistent else "")
    return Answer(answer="\n".join(x for x in lines if x), language=lang, route="check",  # type: ignore[arg-type]
                  parsed=parsed, citations=citations, checks=checks, consistent=consistent)


def overview_answer(store: FiguresStore, reports: Sequence[ReportRecord], lang: str, parsed: str,
                    display: str) -> Answer:
    """An agency's stored reports: years, headline figures (as printed) and failing checks."""
    if not reports:
        text = "没有找到该机关的报告。" if lang == "zh" else "No stored report of this agency."
        return Answer(answer=text, language=lang, route="refusal", parsed=parsed)  # type: ignore[arg-type]
    years = "、".join(str(r.year) for r in reports) if lang == "zh" else ", ".join(str(r.year) for r in reports)
    lines = [f"{display}：已收录 {len(reports)} 份年报（{years}年）。" if lang == "zh"
             else f"{display}: {len(reports)} stored report(s) ({years})."]
    citations = []
    for r in reports:
        figs = {(f.key.table, f.key.row, f.key.column): f for f in store.figures(report_id=r.report_id)}
        parts = []
        for table, row, column, zh, en in _HEADLINES:
            f = figs.get((table, row, column))
            if f is not None and f.value is not None:
                parts.append(f"{zh} {f.value:g}" if lang == "zh" else f"{en} {f.value:g}")
        failing = [c for c in store.checks(report_id=r.report_id) if not c.passed]
        check = ("勾稽关系全部成立" if not failing else f"{len(failing)} 条勾稽关系不成立") if lang == "zh" else (
            "all consistency checks pass" if not failing else f"{len(failing)} consistency checks fail")
        lines.append(f"- {r.year}：" + "，".join(parts + [check]) if lang == "zh"
                     else f"- {r.year}: " + "; ".join(parts + [check]))
        citations.append(_citation(r, "表三、表四" if lang == "zh" else "tables 三 and 四"))
    lines.append("可以继续问某一年的具体数字或正文内容。" if lang == "zh"
                 else "Ask about any year's figures or text for details.")
    return Answer(answer="\n".join(lines), language=lang, route="overview",  # type: ignore[arg-type]
                  parsed=parsed, citations=citations)
