"""Row writers, one per table (module functions, so tests can break one), and rule X-1."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from ..reportformat import APPLICANT_COLUMNS, CellKey
from ..types import CheckResult, Figure, ParsedReport, Passage, PassageRecord
from .records import _now, _num
from .schema import X1, checks_t, figures_t, passages_t, reports_t, sources_t


def _check_unique(figures: Iterable[Figure]) -> None:
    seen: set[CellKey] = set()
    for f in figures:
        if f.key in seen:
            raise ValueError(f"two figures for cell {f.key}")
        seen.add(f.key)


def _insert_report(conn: Connection, report: ParsedReport) -> None:
    src = report.source
    conn.execute(insert(reports_t).values(
        report_id=report.report_id, agency=report.identity.agency, year=report.identity.year,
        format=report.identity.format, title=report.identity.title or "", source_path=src.path or "",
        source_name=Path(src.path).name if src.path else "", source_kind=src.kind, sha256=src.sha256,
        size=src.size, ingested_at=_now(), n_failed_checks=len(report.failed_checks),
        warnings=list(report.warnings)))


def _insert_figures(conn: Connection, report_id: str, figures: Sequence[Figure]) -> None:
    if not figures:
        return
    conn.execute(insert(figures_t), [{
        "report_id": report_id, "table_no": f.key.table, "row_id": f.key.row, "column_id": f.key.column,
        "value": f.value, "blank": f.blank, "status": f.status, "raw": f.raw, "source_text": f.source_text,
        "location": f.location.to_dict(), "rule": f.rule, "note": f.note} for f in figures])


def _check_row(report_id: str, c: CheckResult, other: str | None = None) -> dict[str, Any]:
    return {"report_id": report_id, "rule": c.rule, "scope": c.scope, "cells": [str(k) for k in c.cells],
            "expected": c.expected, "found": c.found, "passed": c.passed, "detail": c.detail,
            "other_report_id": other}


def _insert_checks(conn: Connection, report_id: str, checks: Sequence[CheckResult]) -> None:
    # X-1 is the store's to compute; a parser's own X-1 results would have no other report.
    rows = [_check_row(report_id, c) for c in checks if c.rule != X1]
    if rows:
        conn.execute(insert(checks_t), rows)


def _insert_passages(conn: Connection, report: ParsedReport, passages: Sequence[Passage]) -> list[PassageRecord]:
    ident = report.identity
    if passages:
        conn.execute(insert(passages_t), [{
            "report_id": report.report_id, "idx": i, "text": p.text, "section": p.section,
            "section_path": list(p.section_path), "location": p.location.to_dict(), "kind": p.kind,
            "cell": str(p.cell) if p.cell else None} for i, p in enumerate(passages)])
    return [PassageRecord(f"{report.report_id}:{i}", report.report_id, ident.agency, ident.year, ident.title, p)
            for i, p in enumerate(passages)]


def _insert_sources(conn: Connection, report: ParsedReport) -> None:
    lines = report.source.lines
    if lines:
        conn.execute(insert(sources_t), [{
            "report_id": report.report_id, "idx": i, "line_no": ln.location.line, "page": ln.location.page,
            "text": ln.text} for i, ln in enumerate(lines)])


def _delete_reports(conn: Connection, report_ids: Sequence[str]) -> set[str]:
    """Delete reports and their rows explicitly (not relying on cascades); returns the other reports
    whose X-1 checks went with them (their failure counts need refreshing)."""
    ids = list(report_ids)
    touched = set(conn.scalars(select(checks_t.c.report_id).where(checks_t.c.other_report_id.in_(ids))))
    conn.execute(delete(checks_t).where(or_(checks_t.c.report_id.in_(ids), checks_t.c.other_report_id.in_(ids))))
    for t in (figures_t, passages_t, sources_t):
        conn.execute(delete(t).where(t.c.report_id.in_(ids)))
    conn.execute(delete(reports_t).where(reports_t.c.report_id.in_(ids)))
    return touched - set(ids)


def _carry_values(conn: Connection, report_id: str, row: str) -> dict[str, int | float]:
    rows = conn.execute(select(figures_t.c.column_id, figures_t.c.value).where(and_(
        figures_t.c.report_id == report_id, figures_t.c.table_no == 3, figures_t.c.row_id == row))).all()
    return {r.column_id: _num(r.value) for r in rows if r.value is not None}


def carry_over_checks(earlier: tuple[str, int, dict[str, int | float]],
                      later: tuple[str, int, dict[str, int | float]]) -> list[CheckResult]:
    """Rule X-1 for one pair of reports of one agency, column by column.

    Args:
        earlier: (report_id, year, {column id: 结转下年度继续办理 value}) of year Y − 1.
        later: (report_id, year, {column id: 上年结转 value}) of year Y.

    Columns missing on either side are not checked.
    """
    from ..reportformat import carry_over_pairs

    e_id, e_year, e_out = earlier
    _l_id, l_year, l_in = later
    labels = {c.id: c.label for c in APPLICANT_COLUMNS}
    out = []
    for out_key, in_key in carry_over_pairs():
        col = in_key.column
        if col not in e_out or col not in l_in:
            continue
        expected, found = e_out[col], l_in[col]
        passed = abs(expected - found) < 1e-9
        out.append(CheckResult(
            rule=X1, scope=f"{labels.get(col, col)}（{e_year}→{l_year}）", cells=(out_key, in_key),
            expected=expected, found=found, passed=passed,
            detail=(f"{l_year}年上年结转 {found}，{e_year}年报告结转下年度继续办理 {expected}"
                    f"{'' if passed else '，不相等'}; other report: {e_id}")))
    return out


def _update_carry_over(conn: Connection, report_id: str, agency: str, year: int) -> set[str]:
    """Recompute X-1 between this report and the stored reports of the same agency one year either
    side; returns the later reports whose checks changed."""
    conn.execute(delete(checks_t).where(and_(checks_t.c.rule == X1, or_(
        checks_t.c.report_id == report_id, checks_t.c.other_report_id == report_id))))
    neighbours = conn.execute(select(reports_t.c.report_id, reports_t.c.year).where(and_(
        reports_t.c.agency == agency, reports_t.c.year.in_([year - 1, year + 1]),
        reports_t.c.report_id != report_id)).order_by(reports_t.c.ingested_at)).all()
    touched: set[str] = set()
    for n in neighbours:
        if n.year == year - 1:
            earlier, later = (n.report_id, n.year), (report_id, year)
        else:
            earlier, later = (report_id, year), (n.report_id, n.year)
        results = carry_over_checks(
            (earlier[0], earlier[1], _carry_values(conn, earlier[0], "carried_out")),
            (later[0], later[1], _carry_values(conn, later[0], "carried_in")))
        if results:
            conn.execute(insert(checks_t), [_check_row(later[0], c, earlier[0]) for c in results])
            touched.add(later[0])
    return touched


def _refresh_failed_counts(conn: Connection, report_ids: Iterable[str]) -> None:
    for rid in report_ids:
        n = conn.scalar(select(func.count()).select_from(checks_t).where(and_(
            checks_t.c.report_id == rid, checks_t.c.passed == False))) or 0  # noqa: E712
        conn.execute(update(reports_t).where(reports_t.c.report_id == rid).values(n_failed_checks=n))
