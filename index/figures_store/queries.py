"""Read helpers of :class:`~.store.FiguresStore`."""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Collection
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    and_,
    or_,
    select,
)

from ..reportformat import CellKey
from ..types import Location
from .schema import X1, checks_t


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()




@functools.lru_cache(maxsize=4096)
def _location(text: str | None) -> Location:
    """A stored location from its JSON text (few distinct texts: parsed once each; Location is frozen)."""
    return Location.from_dict(json.loads(text) if text else None)


def _failing_cells(conn: Connection, report_ids: Collection[str] | Select) -> dict[str, set[CellKey]]:
    """The cells of each report involved in a failing check. For X-1 the 上年结转 cell belongs to the
    later report (the check's own) and the 结转下年度 cell to the earlier one (``other_report_id``).

    ``report_ids``: the reports, or a SELECT of their ids (a question across every agency of a
    year: the failing checks are found through the partial indexes of m003, not an id list)."""
    out: dict[str, set[CellKey]] = {}
    if isinstance(report_ids, Select):
        ids: Any = report_ids.scalar_subquery()
    else:
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
