"""The per-year tables behind :meth:`FiguresStore.cell_totals` and :meth:`FiguresStore.top_cells`:
every cell added up over the canonical reports of each year (``cell_totals``), the number of
canonical reports a year has (``year_reports``), and each canonical report's certain cells keyed
by year, cell and value (``year_cells``, for rankings).

Kept exact by every write, inside its transaction: a write first takes out the contribution of the
canonical reports of the agencies and years it touches (:func:`canonical_ids` then
:func:`apply` with ``-1``), changes the rows and regroups the copies, then puts back the
contribution of the reports canonical now (``+1``). Set-based SQL through primary keys, the same
on SQLite and PostgreSQL. :func:`rebuild` recomputes everything (migration m004, and bulk writers
that bypass :meth:`FiguresStore.put_report`, such as the benchmark's replication).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    String,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    select,
    tuple_,
    union_all,
    update,
)

from .. import reportformat as rf
from ..reportformat import CellKey
from .schema import cell_totals_t, figures_t, reports_t, year_cells_t, year_reports_t

_UNSURE = figures_t.c.status == "uncertain"
_YEAR_CELL_COLUMNS = ["year", "table_no", "row_id", "column_id", "value", "report_id"]
SUMMED = "Σ"  # year_cells keys of a derived sum: 表三 (3, "Σdenied", column), 表四 (4, "cases", "Σlitigation_total")


def _sums() -> list[rf.DerivedMetric]:
    return [d for d in rf.DERIVED_METRICS if d.kind == "sum"]


def summed_key(cells: Collection[CellKey]) -> CellKey | None:
    """The ``year_cells`` key holding each report's sum of these cells, when they are exactly one
    derived sum of the format (``reportformat.DERIVED_METRICS``) in one 表三 column, or of 表四's
    row; else None (such sums are added up when asked)."""
    keys = set(cells)
    columns = {k.column for k in keys}
    for d in _sums():
        if d.table == 3 and len(columns) == 1:
            column = next(iter(columns))
            if keys == {CellKey(3, p, column) for p in d.parts}:
                return CellKey(3, SUMMED + d.id, column)
        if d.table == 4 and keys == {CellKey(4, rf.T4_ROW.id, p) for p in d.parts}:
            return CellKey(4, rf.T4_ROW.id, SUMMED + d.id)
    return None


def _year_cells_of(where: Any) -> Any:
    """The ``year_cells`` rows of the reports ``where`` selects: their cells read for certain, a
    blank one as 0 (``assistant.lookup.metric_value`` adds a blank as 0 too), and each derived sum
    of the format whose every part the report holds read for certain (else it has no value)."""
    f = figures_t
    certain = [where, f.c.status != "uncertain"]
    value = func.sum(func.coalesce(f.c.value, 0))
    selects = [select(reports_t.c.year, f.c.table_no, f.c.row_id, f.c.column_id, func.coalesce(f.c.value, 0),
                      f.c.report_id).join(reports_t, reports_t.c.report_id == f.c.report_id).where(*certain)]
    for d in _sums():
        if d.table == 3:
            selects.append(select(reports_t.c.year, literal(3, Integer), literal(SUMMED + d.id, String),
                                  f.c.column_id, value, f.c.report_id)
                           .join(reports_t, reports_t.c.report_id == f.c.report_id)
                           .where(*certain, f.c.table_no == 3, f.c.row_id.in_(d.parts))
                           .group_by(reports_t.c.year, f.c.column_id, f.c.report_id)
                           .having(func.count() == len(d.parts)))
        else:
            selects.append(select(reports_t.c.year, literal(4, Integer), literal(rf.T4_ROW.id, String),
                                  literal(SUMMED + d.id, String), value, f.c.report_id)
                           .join(reports_t, reports_t.c.report_id == f.c.report_id)
                           .where(*certain, f.c.table_no == 4, f.c.row_id == rf.T4_ROW.id, f.c.column_id.in_(d.parts))
                           .group_by(reports_t.c.year, f.c.report_id)
                           .having(func.count() == len(d.parts)))
    return union_all(*selects)


def canonical_ids(conn: Connection, groups: Iterable[tuple[str, int]]) -> list[str]:
    """The canonical reports of these (agency, year) groups."""
    groups = list(set(groups))
    if not groups:
        return []
    return list(conn.scalars(select(reports_t.c.report_id).where(
        tuple_(reports_t.c.agency, reports_t.c.year).in_(groups), reports_t.c.copy_of.is_(None))))


def apply(conn: Connection, report_ids: Sequence[str], sign: int) -> None:
    """Add (``sign`` 1) or take out (-1) these reports' cells and their count from the totals (and
    their rows from ``year_cells``).

    The reports' cells are added up per year and cell in one query; the totals rows are then
    updated by primary key (and the missing ones inserted)."""
    ids = list(report_ids)
    if not ids:
        return
    ct, yr = cell_totals_t, year_reports_t
    deltas = conn.execute(
        select(reports_t.c.year, figures_t.c.table_no, figures_t.c.row_id, figures_t.c.column_id,
               func.sum(case((_UNSURE, None), else_=figures_t.c.value)).label("total"),
               func.count().label("n"), func.sum(case((_UNSURE, 1), else_=0)).label("n_uncertain"))
        .join(reports_t, reports_t.c.report_id == figures_t.c.report_id).where(figures_t.c.report_id.in_(ids))
        .group_by(reports_t.c.year, figures_t.c.table_no, figures_t.c.row_id, figures_t.c.column_id)).all()
    per_year = conn.execute(select(reports_t.c.year, func.count().label("n")).where(reports_t.c.report_id.in_(ids))
                            .group_by(reports_t.c.year)).all()
    years = [r.year for r in per_year]
    have = {tuple(r) for r in conn.execute(select(ct.c.year, ct.c.table_no, ct.c.row_id, ct.c.column_id)
                                                  .where(ct.c.year.in_(years)))}
    rows = [{"y": d.year, "t": d.table_no, "r": d.row_id, "c": d.column_id, "dt": sign * (d.total or 0),
             "dn": sign * d.n, "du": sign * (d.n_uncertain or 0)} for d in deltas]
    new = [r for r in rows if (r["y"], r["t"], r["r"], r["c"]) not in have]
    old = [r for r in rows if (r["y"], r["t"], r["r"], r["c"]) in have]
    if new:
        conn.execute(insert(ct), [{"year": r["y"], "table_no": r["t"], "row_id": r["r"], "column_id": r["c"],
                                   "total": r["dt"], "n": r["dn"], "n_uncertain": r["du"]} for r in new])
    if old:
        conn.execute(update(ct).where(ct.c.year == bindparam("y"), ct.c.table_no == bindparam("t"),
                                      ct.c.row_id == bindparam("r"), ct.c.column_id == bindparam("c"))
                     .values(total=ct.c.total + bindparam("dt"), n=ct.c.n + bindparam("dn"),
                             n_uncertain=ct.c.n_uncertain + bindparam("du")), old)
    known = set(conn.scalars(select(yr.c.year).where(yr.c.year.in_(years))))
    if any(r.year not in known for r in per_year):
        conn.execute(insert(yr), [{"year": r.year, "n": sign * r.n} for r in per_year if r.year not in known])
    if any(r.year in known for r in per_year):
        conn.execute(update(yr).where(yr.c.year == bindparam("y")).values(n=yr.c.n + bindparam("dn")),
                     [{"y": r.year, "dn": sign * r.n} for r in per_year if r.year in known])
    if sign < 0:  # cells no canonical report has any more
        conn.execute(delete(ct).where(ct.c.year.in_(years), ct.c.n <= 0))
    _apply_year_cells(conn, ids, sign)


def _apply_year_cells(conn: Connection, ids: list[str], sign: int) -> None:
    """Put these reports' rows into ``year_cells`` (1) or take them out (-1), by the whole key (the
    table has no index by report: the rows to delete are read back from the reports' figures)."""
    yc = year_cells_t
    if sign > 0:
        conn.execute(insert(yc).from_select(_YEAR_CELL_COLUMNS, _year_cells_of(figures_t.c.report_id.in_(ids))))
        return
    rows = conn.execute(_year_cells_of(figures_t.c.report_id.in_(ids))).all()
    if rows:
        conn.execute(delete(yc).where(*(yc.c[name] == bindparam(f"k_{name}") for name in _YEAR_CELL_COLUMNS)),
                     [{f"k_{name}": v for name, v in zip(_YEAR_CELL_COLUMNS, r, strict=True)} for r in rows])


def rebuild(conn: Connection) -> None:
    """Recompute every per-year table from the stored figures of the canonical reports."""
    rebuild_totals(conn)
    rebuild_year_cells(conn)


def rebuild_totals(conn: Connection) -> None:
    """Recompute ``cell_totals`` and ``year_reports`` (migration m004, before ``year_cells`` existed)."""
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


def rebuild_year_cells(conn: Connection) -> None:
    """Recompute ``year_cells`` from the stored figures of the canonical reports."""
    conn.execute(delete(year_cells_t))
    conn.execute(insert(year_cells_t).from_select(_YEAR_CELL_COLUMNS, _year_cells_of(reports_t.c.copy_of.is_(None))))


__all__ = ["SUMMED", "apply", "canonical_ids", "rebuild", "rebuild_totals", "rebuild_year_cells", "summed_key"]
