"""Read helpers of :class:`~.store.FiguresStore`."""

from __future__ import annotations

import unicodedata

from sqlalchemy import (
    Connection,
    and_,
    or_,
    select,
)

from ..reportformat import CellKey
from .schema import X1, checks_t


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()




def _failing_cells(conn: Connection, report_ids: set[str]) -> dict[str, set[CellKey]]:
    """The cells of each report involved in a failing check. For X-1 the 上年结转 cell belongs to the
    later report (the check's own) and the 结转下年度 cell to the earlier one (``other_report_id``)."""
    out: dict[str, set[CellKey]] = {}
    if not report_ids:
        return out
    ids = list(report_ids)
    rows = conn.execute(select(checks_t.c.report_id, checks_t.c.other_report_id, checks_t.c.rule,
                               checks_t.c.cells).where(and_(
        checks_t.c.passed == False,  # noqa: E712
        or_(checks_t.c.report_id.in_(ids), checks_t.c.other_report_id.in_(ids))))).all()
    for r in rows:
        for cell in r.cells:
            key = CellKey.parse(cell)
            owner = r.report_id
            if r.rule == X1 and key.row == "carried_out" and r.other_report_id:
                owner = r.other_report_id
            out.setdefault(owner, set()).add(key)
    return out
