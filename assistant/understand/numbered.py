"""Cells a question names by their numbers: 表三's "表3第一行" (the first row), "（六）3" / "（六）之3" / "第（六）大项下面第
3小项" / "row 3(6)3" (a group's row), "item (6)" / "第（六）大项" (a group as a whole); 表四's "表四第4列", "column 11 of
table 4" (its fifteen columns, counted from the left). The 表三 numbers' patterns are in :mod:`.words`; here the
understood metric is set from them when nothing the question says disagrees.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index import reportformat as rf

from . import words
from .mentions import _Match
from .metrics import _applicant_only, _Found
from .grounding import ORDINAL_VALUES, number_value
from .text import _strip_number
from .types import Metric
from .words import NumberedGroup, NumberedRow

_EN_ORDINALS = {**ORDINAL_VALUES, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                "fourteenth": 14, "fifteenth": 15, "last": 15}
_N_EN = r"\d{1,2}|" + "|".join(_EN_ORDINALS)
_N_ZH = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
# "表四第4列", "表四从左数第四列", "表4第11栏"; "table 4 column 6", "column 11 of table 4", "the fourth column of table 4",
# "table 4's last column", "表四最后一列"
_T4_COLUMN = re.compile(
    rf"(?:表\s*[四4])[^。？?！!；;\n]{{0,20}}?(?:从左(?:往右)?数?|左起)?第\s*(?P<a>{_N_ZH})\s*(?:列|栏|格)"
    rf"|(?:表\s*[四4])[^。？?！!；;\n]{{0,6}}?(?P<z>最后一列|最后一栏)"
    rf"|\btable\s*(?:4|four|iv)\b(?:['’]s)?[^.?!;\n]{{0,30}}?\bcolumn\s*(?:no\.?\s*|#\s*)?(?P<b>\d{{1,2}})\b"
    rf"|\btable\s*(?:4|four|iv)(?:['’]s)?\s+(?P<c>{_N_EN})(?:st|nd|rd|th)?\s+column\b"
    rf"|\b(?:the\s+)?(?P<d>{_N_EN})(?:st|nd|rd|th)?\s+column\s+(?:of|in)\s+(?:the\s+)?table\s*(?:4|four|iv)\b"
    rf"|\bcolumn\s+(?P<e>\d{{1,2}})\s+(?:of|in)\s+(?:the\s+)?table\s*(?:4|four|iv)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class NumberedCell:
    """A cell named by its place or numbers ("表四第4列" → 行政复议/尚未审结, "第三大项第1小项" read as （一）予以公开),
    and where they are written."""

    metric: Metric
    spans: tuple[tuple[int, int], ...]


def table4_column_by_number(question: str) -> NumberedCell | None:
    """The 表四 column the question names by its place from the left (1–15), or None."""
    found = _T4_COLUMN.search(question)
    if found is None:
        return None
    key = next(k for k in "abcdez" if found.group(k))
    raw = found.group(key).lower()
    number = 15 if key == "z" else int(raw) if raw.isdigit() else _EN_ORDINALS.get(raw) or number_value(raw) or 0
    if not 1 <= number <= len(rf.T4_COLUMNS):
        return None
    # (the whole phrase is the place: "从左数第四列", "the fourth column of table 4")
    return NumberedCell(Metric(4, row=rf.T4_ROW.id, column=rf.T4_COLUMNS[number - 1].id), ((found.start(), found.end()),))


# "（一）到（六）", "(1)-(6)": a range of 表三's groups, by their numbers
_GROUP_RANGE = re.compile(r"[（(]\s*(?:[一二三四五六七]|[1-7])\s*[)）]\s*(?:到|至|-|–|—|~|～|to|through)\s*"
                          r"[（(]\s*(?:[一二三四五六七]|[1-7])\s*[)）]", re.IGNORECASE)


def group_range(question: str) -> str | None:
    """The range of 表三 groups the question names by their numbers ("（一）到（六）"), as written; None if none."""
    found = _GROUP_RANGE.search(question)
    return found.group() if found else None


def item_three_reading(numbered_row: NumberedRow) -> Metric:
    """The other reading of "第三大项第N小项": item 三's N-th group (（二）部分公开 for N = 2)."""
    row, derived = words.group_cell(numbered_row.under_item or 0)
    return Metric(3, row=row, derived=derived)


def read_numbers(question: str, found: _Found, matches: list[_Match]
                 ) -> tuple[NumberedRow | NumberedCell | None, NumberedGroup | None]:
    """Set ``found.metric`` from a row, group or 表四 column the question names by number (and
    ``found.applicant``, ``found.topics`` around it); return the numbered cell and the numbered group that were
    read, each None when there is none or the question's words name something else."""
    if (column := table4_column_by_number(question)) is not None:
        if found.metric is None or found.metric == column.metric:
            found.metric = column.metric  # "表四第4列": 行政复议/尚未审结
            found.topics = []  # ("其他结果那一格": the column's own words, not the text's topic)
            return column, None
        return None, None  # the words name another cell than the place: the numbers stay unaccounted
    if found.metric is None and (by_position := words.table3_row_by_number(question)) is not None:
        found.metric = Metric(3, row=by_position)  # "表3第一行总计是多少"
        found.applicant = found.applicant or _applicant_only(matches, question)  # "表三第1行 科研机构"
    numbered_row = words.table3_row_by_numbers(question)
    if numbered_row is not None and numbered_row.under_item is not None:
        # "第三大项第2小项": （三）'s second row, or item 三's second group (（二）部分公开)? The words beside it decide
        # ("…第1小项，就是国家秘密那条"); alone it is asked back
        under_item = item_three_reading(numbered_row)
        if found.metric == under_item:
            return NumberedCell(under_item, numbered_row.spans), None
        if found.metric == numbered_row.metric:
            numbered_row = replace(numbered_row, under_item=None)
        elif found.metric is not None:
            return None, None
        # (alone, （三）'s row is read and the other reading offered back with it: see resolve)
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
