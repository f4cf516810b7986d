"""Read a hand-transcribed gold file of ../shared/gold into cell values keyed like our figures."""

from __future__ import annotations

from index import reportformat as rf
from index.reportformat import CellKey


def _t2_key(fmt: str, entry: dict) -> CellKey | None:
    group = rf.normalize_label(entry["group"])
    row_label = rf.normalize_label(entry["row"])
    col_label = rf.normalize_label(entry["column"])
    for block in rf.T2_BLOCKS[fmt]:  # type: ignore[index]
        if rf.normalize_label(block.group.label) != group:
            continue
        row = next((r for r in block.rows if rf.normalize_label(r.label) == row_label
                    or any(rf.normalize_label(h) == row_label for h in r.heads)), None)
        col = next((c for c in block.columns if rf.normalize_label(c.label) == col_label), None)
        if row and col:
            return CellKey(2, row.id, col.id)
    return None


def gold_cells(gold: dict) -> dict[CellKey, int | float]:
    """Every gold value as {CellKey: value}; 表二 amounts in yuan."""
    fmt = gold["format"]
    cells: dict[CellKey, int | float] = {}
    for entry in gold["table2"]:
        key = _t2_key(fmt, entry)
        assert key is not None, f"gold 表二 entry not in the format: {entry}"
        value = entry["value"]
        if entry.get("unit") == "万元":
            value = round(value * 10000, 2)
            value = int(value) if float(value).is_integer() else value
        cells[key] = value
    paths = rf.t3_path_to_row("2019") | rf.t3_path_to_row("2021")
    for path, values in gold["table3"].items():
        row = paths[path]
        for col, v in zip(rf.APPLICANT_COLUMN_IDS, values):
            cells[CellKey(3, row, col)] = v
    for col, v in zip(rf.T4_COLUMNS, gold["table4"]):
        cells[CellKey(4, rf.T4_ROW.id, col.id)] = v
    return cells
