"""Copies: which of the reports of one agency and year every reader uses (the canonical copy)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    func,
    select,
    update,
)

from .schema import X1, checks_t, figures_t, reports_t


def _copy_ranking(conn: Connection, agency: str, year: int) -> list[str]:
    """The reports of one agency and year, the most trusted first.

    Trust is the fewest cells the reader could not vouch for: cells marked uncertain or
    reconstructed, cells of the format never found, and failing checks of the report's own tables
    (X-1 compares with another year and says nothing about this copy). Ties: the earlier ingested.
    """
    from ..reportformat import FORMATS, cell_specs

    rows = conn.execute(select(reports_t.c.report_id, reports_t.c.format, reports_t.c.ingested_at)
                        .where(and_(reports_t.c.agency == agency, reports_t.c.year == year))).all()
    if len(rows) < 2:
        return [r.report_id for r in rows]
    ids = [r.report_id for r in rows]
    flagged = dict(conn.execute(
        select(figures_t.c.report_id, func.count()).where(and_(
            figures_t.c.report_id.in_(ids), figures_t.c.status.in_(("uncertain", "reconstructed"))))
        .group_by(figures_t.c.report_id)).all())
    stored = dict(conn.execute(select(figures_t.c.report_id, func.count())
                               .where(figures_t.c.report_id.in_(ids)).group_by(figures_t.c.report_id)).all())
    failing = dict(conn.execute(
        select(checks_t.c.report_id, func.count()).where(and_(
            checks_t.c.report_id.in_(ids), checks_t.c.passed == False, checks_t.c.rule != X1))  # noqa: E712
        .group_by(checks_t.c.report_id)).all())

    def score(r: Any) -> tuple[int, str, str]:
        expected = len(cell_specs(r.format)) if r.format in FORMATS else 0  # type: ignore[arg-type]
        missing = max(0, expected - stored.get(r.report_id, 0))
        return (flagged.get(r.report_id, 0) + missing + failing.get(r.report_id, 0), r.ingested_at, r.report_id)

    return [r.report_id for r in sorted(rows, key=score)]


def _regroup_copies(conn: Connection, agency: str, year: int) -> None:
    """Mark the most trusted report of an agency and year canonical and the others copies of it."""
    ranking = _copy_ranking(conn, agency, year)
    if not ranking:
        return
    conn.execute(update(reports_t).where(reports_t.c.report_id == ranking[0]).values(copy_of=None))
    if len(ranking) > 1:
        conn.execute(update(reports_t).where(reports_t.c.report_id.in_(ranking[1:])).values(copy_of=ranking[0]))
