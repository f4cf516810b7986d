"""The report as a PDF→markdown converter leaves it (issue 11, item 3).

Imitates ``shared/reports/real/2025_shanghai-szfbgt.md``: pipe tables cut into many small tables
(a ``|---|`` rule after a table's first row, the table's heading repeated), page footers
(``— 4 —``) between them, a group label spilling into a cell of its own
(``| （三）不 | 4.保护第三方合法权益 | 0 | …`` then ``| 予公开 | 5.… |``), a long row label printed
as free text over two lines above a label-less row, an empty trailing cell, 表二 (一) moved after
the other blocks with its middle cell printed before the table with a note (``22`` /
``（其中修订 16 件）``), and 表四's header collapsed over its 15 values. What was done is
recorded in ``truth.renderings["md"]``.
"""

from __future__ import annotations

import random
from typing import Any

from index.reportformat import (
    APPLICANT_COLUMNS,
    GROUPS,
    LITIGATION,
    T2_BLOCKS,
    T2_INFO_HEADER,
    T3_NOTE,
    T4_BLOCKS,
    t3_outcome_rows,
    t3_rows,
)

from .render import _count_text, _t2_text, _footer_text, document_blocks
from .synth import ReportTruth

_TABLE_TITLES = {2: "表二：主动公开政府信息情况", 3: "表三：收到和处理政府信息公开申请情况", 4: "表四：政府信息公开行政复议、行政诉讼情况"}


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _rule(n: int) -> str:
    return "|" + "---|" * n


class _MarkdownRenderer:
    def __init__(self, truth: ReportTruth, rng: random.Random) -> None:
        self.t = truth
        self.rng = rng
        self.out: list[str] = []
        self.applied: list[dict[str, Any]] = []
        self.page = 2

    def log(self, kind: str, note: str, **extra: Any) -> None:
        self.applied.append({"kind": kind, "note": note, **extra})

    def footer(self) -> None:
        self.out.append(_footer_text(self.t, self.page))
        self.page += 1

    # ----- 表二 ------------------------------------------------------------------
    def table2(self) -> None:
        blocks = list(T2_BLOCKS[self.t.format])
        moved = self.rng.random() < 0.5
        floating = moved and self.rng.random() < 0.7
        if moved:
            self.log("t2_block_moved", "表二 (一) printed after the other blocks, its caption left in place")
            self.out.append(blocks[0].group.label)
            if floating:
                self.log("t2_cell_floating", "表二 (一)'s middle cells printed before the table with a note; "
                                             "the rows left a cell short (uncertain)")
                for row in blocks[0].rows:
                    value = _t2_text(self.t, row.id, blocks[0].columns[1].id)
                    self.out.append(value)
                    self.out.append(f"（其中修订 {self.rng.randint(0, 9)} 件）")
            order = blocks[1:] + blocks[:1]
        else:
            order = blocks
        for block in order:
            first = block is blocks[0]
            if not (moved and first):
                self.out.append(block.group.label)
            cols = block.columns
            if first and moved:
                self.out.append(_pipe([T2_INFO_HEADER, *(c.label for c in cols)]))
                self.out.append(_rule(len(cols) + 1))
                for row in block.rows:
                    cells = [_t2_text(self.t, row.id, c.id) for c in cols]
                    if floating:
                        cells = cells[:1] + cells[2:]
                    self.out.append(f"## {_TABLE_TITLES[2]}")
                    self.out.append(_pipe([row.label, *cells]))
                    self.out.append(_rule(len(cells) + 1))
            else:
                # the converter's small blocks: header and rows as free text lines
                self.out.append(T2_INFO_HEADER + "".join(c.label for c in cols))
                for row in block.rows:
                    self.out.append(" ".join([row.label, *(_t2_text(self.t, row.id, c.id) for c in cols)]))
        self.out.append("")

    # ----- 表三 ------------------------------------------------------------------
    def table3(self) -> None:
        t = self.t
        self.out.append(f"## {_TABLE_TITLES[3]}")
        self.out.append(_pipe([T3_NOTE, *(c.label for c in APPLICANT_COLUMNS)]))
        self.out.append(_rule(8))
        rows = t3_rows(t.format)
        outcome_ids = {r.id for r in t3_outcome_rows(t.format)} | {"processed_total"}
        spill = {g for g in {r.group for r in rows if r.group} if self.rng.random() < 0.4}
        for g in sorted(spill):
            self.log("group_label_cell", f"group label '{GROUPS[g].label}' split over the cells of its first "
                                         "two rows", group=g)
        chunk_left = self.rng.randint(1, 4)
        new_table = False
        for row in rows:
            values = [_count_text(t, v) for v in t.table3[row.id]]
            label_cells = [row.label]
            sub = [r for r in rows if r.group and r.group == row.group]
            if row.group in spill and len(sub) > 1 and row in sub[:2]:
                g = GROUPS[row.group].label
                k = len(g) - 3
                label_cells = [g[:k] if row is sub[0] else g[k:], row.label]
            trailing = [""] if self.rng.random() < 0.3 else []
            if len(row.label) > 12 and row.id in outcome_ids and self.rng.random() < 0.2 and label_cells == [row.label]:
                k = self.rng.randint(6, len(row.label) - 4)
                self.log("label_above_row", f"label of T3:{row.id} printed above its label-less row", row=row.id)
                self.out += ["", row.label[:k], row.label[k:], _pipe(values + trailing), _rule(len(values))]
            else:
                self.out.append(_pipe(label_cells + values + trailing))
                if new_table:  # a new small table: its first row is its header
                    self.out.append(_rule(len(label_cells + values + trailing)))
            new_table = False
            chunk_left -= 1
            if chunk_left <= 0:
                chunk_left = self.rng.randint(1, 4)
                new_table = True
                self.out.append("")
                if self.rng.random() < 0.15:
                    self.footer()
                if self.rng.random() < 0.5:
                    self.out.append(f"## {_TABLE_TITLES[3]}")
        self.log("cut_tables", "表三 cut into small tables of 1-4 rows")
        self.out.append("")

    # ----- 表四 ------------------------------------------------------------------
    def table4(self) -> None:
        self.log("t4_header_collapsed", "表四 header collapsed over its 15 values")
        self.out.append(f"## {_TABLE_TITLES[4]}")
        self.out.append(_pipe([T4_BLOCKS[0].label, LITIGATION.label]))
        self.out.append(_rule(2))
        self.out.append(_pipe([_count_text(self.t, v) for v in self.t.table4]))
        self.out.append("")

    def render(self) -> str:
        for kind, value in document_blocks(self.t):
            if kind == "title":
                self.out += [f"# {value}", ""]
            elif kind == "table":
                getattr(self, f"table{value}")()
            else:
                self.out += [value, ""]
        return "\n".join(self.out).strip() + "\n"


def render_markdown(truth: ReportTruth, rng: random.Random | None = None) -> str:
    """The report as converter markdown; what was done is recorded in ``truth.renderings["md"]``."""
    rng = rng if rng is not None else random.Random(f"govqa-synth/md/{truth.report_id}")
    r = _MarkdownRenderer(truth, rng)
    text = r.render()
    truth.renderings["md"] = {"applied": r.applied, "notes": [a["note"] for a in r.applied]}
    return text


__all__ = ["render_markdown"]
