"""The per-year totals behind :meth:`FiguresStore.cell_totals`: every cell added up over the
canonical reports of each year (``cell_totals``) and the number of canonical reports a year has
(``year_reports``).

Kept exact by every write, inside its transaction: a write first takes out the contribution of the
canonical reports of the agencies and years it touches (:func:`canonical_ids` then
:func:`apply` with ``-1``), changes the rows and regroups the copies, then puts back the
contribution of the reports canonical now (``+1``). Set-based SQL through primary keys, the same
on SQLite and PostgreSQL. :func:`rebuild` recomputes everything (migration m004, and bulk writers
that bypass :meth:`FiguresStore.put_report`, such as the benchmark's replication).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import (
    Connection,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    tuple_,
    update,
)

from .schema import cell_totals_t, figures_t, reports_t, year_reports_t

_UNSURE = figures_t.c.status == "uncertain"


def canonical_ids(conn: Connection, groups: Iterable[tuple[str, int]]) -> list[str]:
    """The canonical reports of these (agency, year) groups."""
    groups = list(set(groups))
    if not groups:
        return []
    return list(conn.scalars(select(reports_t.c.report_id).where(
        tuple_(reports_t.c.agency, reports_t.c.year).in_(groups), reports_t.c.copy_of.is_(None))))


def apply(conn: Connection, report_ids: Sequence[str], sign: int) -> None:
    """Add (``sign`` 1) or take out (-1) these reports' cells and their count from the totals."""
    ids = list(report_ids)
    if not ids:
        return
    years = list(conn.scalars(select(reports_t.c.year).where(reports_t.c.report_id.in_(ids)).distinct()))
    ct, yr = cell_totals_t, year_reports_t
    # rows for cells and years not seen yet
    cells = (select(reports_t.c.year, figures_t.c.table_no, figures_t.c.row_id, figures_t.c.column_id)
             .join(reports_t, reports_t.c.report_id == figures_t.c.report_id)
             .where(figures_t.c.report_id.in_(ids)).distinct())
    new = cells.where(~exists().where(and_(
        ct.c.year == reports_t.c.year, ct.c.table_no == figures_t.c.table_no,
        ct.c.row_id == figures_t.c.row_id, ct.c.column_id == figures_t.c.column_id)))
    conn.execute(insert(ct).from_select(["year", "table_no", "row_id", "column_id"], new))
    conn.execute(insert(yr).from_select(["year"], select(reports_t.c.year).where(
        reports_t.c.report_id.in_(ids), ~exists().where(yr.c.year == reports_t.c.year)).distinct()))

    def of_cell(expr):  # noqa: ANN001, ANN202 - the reports' cells matching the totals row being updated
        return (select(func.coalesce(func.sum(expr), 0))
                .select_from(figures_t.join(reports_t, reports_t.c.report_id == figures_t.c.report_id))
                .where(figures_t.c.report_id.in_(ids), reports_t.c.year == ct.c.year,
                       figures_t.c.table_no == ct.c.table_no, figures_t.c.row_id == ct.c.row_id,
                       figures_t.c.column_id == ct.c.column_id).scalar_subquery())

    mine = (select(figures_t.c.report_id).join(reports_t, reports_t.c.report_id == figures_t.c.report_id)
            .where(figures_t.c.report_id.in_(ids), reports_t.c.year == ct.c.year,
                   figures_t.c.table_no == ct.c.table_no, figures_t.c.row_id == ct.c.row_id,
                   figures_t.c.column_id == ct.c.column_id).exists())
    conn.execute(update(ct).where(ct.c.year.in_(years), mine).values(
        total=ct.c.total + sign * of_cell(case((_UNSURE, None), else_=figures_t.c.value)),
        n=ct.c.n + sign * of_cell(literal(1)),
        n_uncertain=ct.c.n_uncertain + sign * of_cell(case((_UNSURE, 1), else_=0))))
    per_year = (select(func.count()).select_from(reports_t)
                .where(reports_t.c.report_id.in_(ids), reports_t.c.year == yr.c.year).scalar_subquery())
    conn.execute(update(yr).where(yr.c.year.in_(years)).values(n=yr.c.n + sign * per_year))
    # cells no canonical report has any more
    conn.execute(delete(ct).where(ct.c.year.in_(years), ct.c.n <= 0))


def rebuild(conn: Connection) -> None:
    """Recompute every total from the stored figures of the canonical reports."""
    conn.execute(delete(cell_totals_t))
    conn.execute(delete(year_reports_t))
    canonical = reports_t.c.copy_of.is_(None)
    conn.execute(insert(cell_totals_t).from_select(
        ["year", "table_no", "row_id", "column_id", "total", "n", "n_uncertain"],
        select(reports_t.c.year, figures_t.c.table_no, figures_t.c.row_id, figures_t.c.column_id,
               func.coalesce(func.sum(case((_UNSURE, None), else_=figures_t.c.value)), 0), func.count(),
               func.sum(case((_UNSURE, 1), else_=0)))
        .join(reports_t, reports_t.c.report_id == figures_t.c.report_id).where(canonical)
        .group_by(reports_t.c.year, figures_t.c.table_no, figures_t.c.row_id, figures_t.c.column_id)))
    conn.execute(insert(year_reports_t).from_select(
        ["year", "n"], select(reports_t.c.year, func.count()).where(canonical).group_by(reports_t.c.year)))


__all__ = ["apply", "canonical_ids", "rebuild"]
