"""表三 cells a question names by their numbers: "表3第一行" (the first row), "（六）3" / "（六）之3" / "第（六）大项下面第
3小项" (a group's row), "item (6)" / "第（六）大项" (a group as a whole). The numbers' patterns are in :mod:`.words`;
here the understood metric is set from them when nothing the question says disagrees.
"""
from __future__ import annotations

from index import reportformat as rf

from . import words
from .mentions import _Match
from .metrics import _applicant_only, _Found
from .text import _strip_number
from .types import Metric
from .words import NumberedGroup, NumberedRow


def read_numbers(question: str, found: _Found, matches: list[_Match]
                 ) -> tuple[NumberedRow | None, NumberedGroup | None]:
    """Set ``found.metric`` from a row or group the question names by number (and ``found.applicant``,
    ``found.topics`` around it); return the numbered row and the numbered group that were read, each None
    when there is none or the question's words name something else."""
    if found.metric is None and (by_position := words.table3_row_by_number(question)) is not None:
        found.metric = Metric(3, row=by_position)  # "表3第一行总计是多少"
    numbered_row = words.table3_row_by_numbers(question)
    if numbered_row is not None and (found.metric is None or (found.metric.table == 3 and (
            found.metric.row in (numbered_row.row, numbered_row.group)
            or (found.metric.derived is not None and all(
                p.split(".")[0] == numbered_row.group for p in rf.DERIVED_BY_ID[found.metric.derived].parts))))):
        found.metric = Metric(3, row=numbered_row.row)  # "（六）3", "item 3 of (6)": the group's third row
        found.applicant = found.applicant or _applicant_only(matches, question)  # "（五）之2，企业那栏"
        # ("（六）之3“其他”情形": the row's own label, not the text's topic of that name)
        found.topics = [t for t in found.topics if t != _strip_number(rf.T3_ROW_BY_ID[numbered_row.row].label)]
    else:
        numbered_row = None
    group_number = words.table3_group_by_number(question) if numbered_row is None else None
    if group_number is not None:
        row, derived = words.group_cell(group_number.number)
        named = Metric(3, row=row, derived=derived) if row or derived else None
        known = rf.DERIVED_BY_ID.get(found.metric.derived or "") if found.metric is not None else None
        if named is not None and (found.metric in (None, named) or (known is not None and (
                (named.row == "other" and known.id == "other_group") or named.row in known.denominator))):
            # "item (6)", "第（六）大项": the group as a whole (or the base of the rate asked: "item (7)")
            found.metric = found.metric or named
        else:
            group_number = None
    return numbered_row, group_number
