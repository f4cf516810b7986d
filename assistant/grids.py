"""The official tables (表二, 表三, 表四) as grids, and failing checks explained — plain records that
the web templates (``assistant/templates/grid.html``) and the CLI (``govqa figures``, ``govqa check``)
both render.

A :class:`Grid` is the printed layout: header rows with their spans, body rows with label cells and
value cells. A value cell carries what it shows (in the unit its header names), how it was read
(printed, blank, implied, reconstructed, uncertain, failing a check) and its source line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from index import reportformat as rf

from .render import (
    STATUS_MARKS,
    cell_label,
    display_unit,
    format_cell,
    format_number,
    spec_for,
    status_text,
)

#: Tables in the order the national format prints them.
TABLE_ORDER: tuple[int, ...] = (2, 3, 4)


@dataclass
class Head:
    label: str
    colspan: int = 1
    rowspan: int = 1
    col: str = ""
    kind: str = ""  # "group", "label", "note", "unit"


@dataclass
class Cell:
    """One value cell as shown."""

    key: rf.CellKey
    text: str  # the value in the header's unit, "" for a blank cell, "—" when not stored
    status: str  # missing · blank · passes · implied · reconstructed · uncertain · fails
    label: str  # 表三 （一）予以公开 · 总计
    mark: str = ""
    printed: str = ""  # the raw text as printed
    source: str = ""  # the source line
    where: str = ""  # line / page / table cell
    note: str = ""
    focus: bool = False
    suspect: bool = False

    @property
    def classes(self) -> str:
        out = ["cell", self.status]
        if self.focus:
            out.append("focus")
        if self.suspect:
            out.append("suspect")
        return " ".join(out)

    @property
    def tip(self) -> str:
        """Everything about the cell, one item a line (the tap / hover panel)."""
        lines = [self.label, status_text(self.status)]
        if self.where:
            lines.append(f"where · 位置: {self.where}")
        if self.printed:
            lines.append(f"printed · 原文: {self.printed}")
        if self.source:
            lines.append(f"source · 来源: {self.source}")
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)


@dataclass
class Row:
    id: str = ""
    heads: list[Head] = field(default_factory=list)
    cells: list[Cell | None] = field(default_factory=list)  # None: an empty pad cell
    kind: str = "data"  # "data", "caption", "header"


@dataclass
class Grid:
    table: int
    caption: str
    head_rows: list[list[Head]]
    rows: list[Row]

    @property
    def cells(self) -> list[Cell]:
        return [c for r in self.rows for c in r.cells if c is not None]


def cell_view(fig: Any, key: rf.CellKey, fmt: str, *, focus: rf.CellKey | None = None,
              suspects: Iterable[rf.CellKey] = ()) -> Cell:
    """A stored figure (a ``FigureRecord`` or None) as a :class:`Cell`."""
    spec = spec_for(fmt, key)
    label = cell_label(spec, key)
    suspect = key in set(suspects)
    if fig is None:
        return Cell(key, "—", "missing", label, note="not in the stored report · 报告中没有此单元格",
                    focus=key == focus, suspect=suspect)
    if fig.check_status == "fails":
        status = "fails"
    elif fig.status in STATUS_MARKS:
        status = fig.status
    elif fig.blank and fig.value is None:
        status = "blank"
    else:
        status = "passes"
    text = "" if fig.blank and fig.value is None else format_cell(fig.value, spec)
    return Cell(key, text, status, label, mark=STATUS_MARKS.get(fig.status, ""), printed=fig.raw or "",
                source=fig.source_text or "", where=fig.location.describe(), note=fig.note or "",
                focus=key == focus, suspect=suspect)


def _unit_head(spec: rf.CellSpec | None) -> str:
    """The unit to show under an amount header that does not name one itself."""
    unit = display_unit(spec)
    return unit if spec is not None and spec.kind == "amount" and unit not in spec.column_label else ""


def table2(figs: Mapping[rf.CellKey, Any], fmt: str, **marks: Any) -> Grid:
    """表二 block by block (第二十条第（一）项 …), each block with its own column headers."""
    blocks = rf.T2_BLOCKS[fmt]  # type: ignore[index]
    width = max(len(b.columns) for b in blocks)
    rows: list[Row] = []
    for b in blocks:
        rows.append(Row(kind="caption", heads=[Head(b.group.label, colspan=width + 1, kind="group")]))
        heads = [Head(rf.T2_INFO_HEADER)]
        for c in b.columns:
            unit = _unit_head(spec_for(fmt, rf.CellKey(2, b.rows[0].id, c.id)))
            heads.append(Head(c.label + (f"（{unit}）" if unit else ""), col=c.id))
        rows.append(Row(kind="header", heads=heads + [Head("", kind="pad")] * (width - len(b.columns))))
        for r in b.rows:
            cells: list[Cell | None] = [cell_view(figs.get(rf.CellKey(2, r.id, c.id)), rf.CellKey(2, r.id, c.id), fmt,
                                                  **marks) for c in b.columns]
            rows.append(Row(r.id, [Head(r.label, kind="label")], cells + [None] * (width - len(b.columns))))
    return Grid(2, rf.TABLE_NAMES[2][0], [], rows)


def table3(figs: Mapping[rf.CellKey, Any], fmt: str, **marks: Any) -> Grid:
    """表三: three label columns (merged group labels) × the seven applicant columns."""
    t3 = rf.t3_rows(fmt)  # type: ignore[arg-type]
    cols = rf.APPLICANT_COLUMNS
    first, orgs, last = cols[0], cols[1:-1], cols[-1]
    outcome_ids = {r.id for r in rf.t3_outcome_rows(fmt)} | {"processed_total"}  # type: ignore[arg-type]
    n_out = sum(r.id in outcome_ids for r in t3)
    group_sizes = Counter(r.group for r in t3 if r.group)
    head_rows = [
        [Head(rf.T3_NOTE, colspan=3, rowspan=3, kind="note"), Head(rf.APPLICANT_HEADER, colspan=len(cols))],
        [Head(first.label, rowspan=2, col=first.id), Head(rf.ORGANISATION_HEADER.label, colspan=len(orgs)),
         Head(last.label, rowspan=2, col=last.id)],
        [Head(c.label, col=c.id) for c in orgs],
    ]
    rows: list[Row] = []
    seen_outcomes = False
    seen_groups: set[str] = set()
    for r in t3:
        heads: list[Head] = []
        if r.id in outcome_ids:
            if not seen_outcomes:
                heads.append(Head(rf.GROUPS["outcomes"].label, rowspan=n_out, kind="group"))
                seen_outcomes = True
            if r.group:
                if r.group not in seen_groups:
                    heads.append(Head(rf.GROUPS[r.group].label, rowspan=group_sizes[r.group], kind="group"))
                    seen_groups.add(r.group)
                heads.append(Head(r.label, kind="label"))
            else:
                heads.append(Head(r.label, colspan=2, kind="label"))
        else:
            heads.append(Head(r.label, colspan=3, kind="label"))
        rows.append(Row(r.id, heads, [cell_view(figs.get(rf.CellKey(3, r.id, c.id)), rf.CellKey(3, r.id, c.id), fmt,
                                                **marks) for c in cols]))
    return Grid(3, rf.TABLE_NAMES[3][0], head_rows, rows)


def table4(figs: Mapping[rf.CellKey, Any], fmt: str, **marks: Any) -> Grid:
    """表四: 行政复议 and the two 行政诉讼 blocks, each with its outcome columns; one row of counts."""
    outcomes = rf.T4_OUTCOMES
    n = len(outcomes)
    parents: list[tuple[str, list[rf.Group]]] = []
    for b in rf.T4_BLOCKS:
        parent = b.label.split("/")[0]
        if parents and parents[-1][0] == parent and "/" in b.label:
            parents[-1][1].append(b)
        else:
            parents.append((parent, [b]))
    top, mid, low = [], [], []
    for parent, blocks in parents:
        top.append(Head(parent, colspan=n * len(blocks)))
        for b in blocks:
            if "/" in b.label:
                mid.append(Head(b.label.split("/", 1)[1], colspan=n))
                low.extend(Head(o.label, col=f"{b.id}.{o.id}") for o in outcomes)
            else:
                mid.extend(Head(o.label, rowspan=2, col=f"{b.id}.{o.id}") for o in outcomes)
    cells: list[Cell | None] = [cell_view(figs.get(rf.CellKey(4, rf.T4_ROW.id, c.id)), rf.CellKey(4, rf.T4_ROW.id, c.id),
                                          fmt, **marks) for c in rf.T4_COLUMNS]
    return Grid(4, rf.TABLE_NAMES[4][0], [top, mid, low], [Row(rf.T4_ROW.id, [], cells)])


BUILDERS = {2: table2, 3: table3, 4: table4}


def tables(figs: Mapping[rf.CellKey, Any], fmt: str, *, focus: rf.CellKey | None = None,
           suspects: Iterable[rf.CellKey] = ()) -> list[Grid]:
    """表二, 表三, 表四 of one report, in the official order."""
    fmt = fmt if fmt in rf.FORMATS else "2021"
    marks = {"focus": focus, "suspects": tuple(suspects)}
    return [BUILDERS[t](figs, fmt, **marks) for t in TABLE_ORDER]


# ---------------------------------------------------------------------------
# Plain rows for the command line
# ---------------------------------------------------------------------------


@dataclass
class PlainTable:
    title: str
    columns: list[str]
    rows: list[list[str]]


def plain_tables(grid: Grid) -> list[PlainTable]:
    """A grid as terminal tables: 表三 one table (row label + seven columns), 表二 one table per block,
    表四 one line per column (it has fifteen)."""
    if grid.table == 4:
        rows = [[c.label.removeprefix("表四 "), _plain(c)] for c in grid.cells]
        return [PlainTable(grid.caption, ["栏目 column", "案件数量 cases"], rows)]
    if grid.table == 3:
        spec_cols = [c.label for c in rf.APPLICANT_COLUMNS]
        rows = []
        for r in grid.rows:
            label = "/".join(h.label for h in r.heads if h.kind == "label")
            spec = spec_for(None, r.cells[0].key) if r.cells and r.cells[0] else None
            if spec is not None and spec.group_label:
                label = f"{spec.group_label}/{label}"
            rows.append([label, *(_plain(c) for c in r.cells)])
        return [PlainTable(grid.caption, ["行 row", *spec_cols], rows)]
    out: list[PlainTable] = []
    for r in grid.rows:
        if r.kind == "caption":
            out.append(PlainTable(f"{grid.caption} · {r.heads[0].label}", [], []))
        elif r.kind == "header":
            out[-1].columns = [h.label for h in r.heads if h.label]
        else:
            out[-1].rows.append([r.heads[0].label, *(_plain(c) for c in r.cells if c is not None)])
    return out


def _plain(c: Cell | None) -> str:
    if c is None:
        return ""
    mark = {"fails": "!", "blank": ""}.get(c.status, c.mark)
    return f"{c.text}{mark}" if c.text else ("(blank)" if c.status == "blank" else "")


# ---------------------------------------------------------------------------
# Failing checks, explained
# ---------------------------------------------------------------------------


@dataclass
class Term:
    key: rf.CellKey
    label: str
    value: int | float | None
    text: str
    status: str = ""


@dataclass
class CheckView:
    """A failing rule in words: both sides with their cells' values, and the most likely wrong cell."""

    report_id: str
    agency: str
    year: int
    rule: str
    words: str  # the rule in Chinese
    english: str
    scope: str
    left: list[Term]
    right: list[Term]
    left_total: int | float
    right_total: int | float
    passed: bool
    suspect: Term | None = None
    suspect_reason: str = ""
    other_year: int | None = None

    @property
    def difference(self) -> int | float:
        return self.left_total - self.right_total

    @staticmethod
    def shown(terms: Sequence[Term]) -> tuple[list[Term], int]:
        """The terms worth reading (non-zero, or the suspect side's only cell) and how many more are 0."""
        keep = [t for t in terms if t.value] or list(terms[:1])
        return keep, len(terms) - len(keep)

    @property
    def sentence(self) -> str:
        """``表三 （七）总计 · 总计 5 ≠ 3 (表三 （一）予以公开 · 总计 3; 18 more cells at 0)`` in one line."""
        def side(terms: Sequence[Term], total: int | float) -> str:
            keep, zeros = self.shown(terms)
            parts = " + ".join(f"{t.label} {t.text}" for t in keep) + (f"; {zeros} more cells at 0" if zeros else "")
            return f"{format_number(total)} ({parts})" if len(terms) > 1 else parts
        rel = "=" if self.passed else "≠"
        return f"{side(self.left, self.left_total)} {rel} {side(self.right, self.right_total)}"


def _terms(keys: Sequence[rf.CellKey], figs: Mapping[rf.CellKey, Any], fmt: str) -> list[Term]:
    out = []
    for k in keys:
        f = figs.get(k)
        value = f.value if f is not None else None
        spec = spec_for(fmt, k)
        out.append(Term(k, cell_label(spec, k), value, format_cell(value, spec) if f is not None and not (
            f.blank and value is None) else "0 (blank)", getattr(f, "status", "")))
    return out


def _equation(rule: str, cells: Sequence[rf.CellKey], fmt: str) -> rf.Equation | None:
    for f in (fmt, *rf.FORMATS):
        for eq in rf.equations(f):  # type: ignore[arg-type]
            if eq.rule == rule and eq.cells == tuple(cells):
                return eq
    return None


def explain(checks: Sequence[Any], figures_by_report: Mapping[str, Mapping[rf.CellKey, Any]],
            formats: Mapping[str, str], years: Mapping[str, int] | None = None) -> list[CheckView]:
    """Each check (a ``CheckRecord``) with both sides' cells and values and, for a failing one, the
    cell most likely wrong: a cell not read as printed, else one that every failing rule of its report
    that it takes part in would agree on (it sits in two failing rules, e.g. its row and its column)."""
    failing_cells: dict[str, Counter[rf.CellKey]] = {}
    for c in checks:
        if not c.passed:
            failing_cells.setdefault(c.report_id, Counter()).update(c.cells)
    views = []
    for c in checks:
        figs = figures_by_report.get(c.report_id, {})
        fmt = formats.get(c.report_id, "2021")
        rule = rf.RULES.get(c.rule)
        eq = _equation(c.rule, c.cells, fmt)
        if eq is not None:
            left, right = _terms(eq.lhs, figs, fmt), _terms(eq.rhs, figs, fmt)
        elif c.rule != "X-1":  # a rule instance the format does not list: the first cell against the rest
            left, right = _terms(c.cells[:1], figs, fmt), _terms(c.cells[1:], figs, fmt)
        else:  # this year's 上年结转 against last year's 结转下年度 (stored as the expected value)
            left = _terms(c.cells, figs, fmt)
            right = [Term(k, f"{(years or {}).get(c.other_report_id or '', c.year - 1)} 结转下年度 · "
                          f"{cell_label(spec_for(fmt, k), k).split(' · ')[-1]}", c.expected,
                          format_number(c.expected)) for k in c.cells]
        if c.rule == "X-1":
            totals = (c.found, c.expected)
        else:  # the sides' sums of the shown values (blank counts 0), so the line adds up as read
            totals = (sum(t.value or 0 for t in left), sum(t.value or 0 for t in right))
        view = CheckView(c.report_id, c.agency, c.year, c.rule, rule.label if rule else c.rule,
                         rule.english if rule else "", c.scope, left, right, *totals, c.passed,
                         other_year=c.year - 1 if c.rule == "X-1" else None)
        if not c.passed:
            view.suspect, view.suspect_reason = _suspect(left + right, failing_cells.get(c.report_id, Counter()),
                                                         c.rule)
        views.append(view)
    return views


def _suspect(terms: Sequence[Term], failing: Counter[rf.CellKey], rule: str) -> tuple[Term | None, str]:
    unsure = [t for t in terms if t.status in ("reconstructed", "uncertain")]
    if len(unsure) == 1:
        return unsure[0], "not read as printed (reconstructed or uncertain) · 该格非原文直接读出"
    if rule == "X-1" and terms:
        return terms[0], "this year's carried-in figure disagrees with last year's report · 与上年报告不一致"
    shared = sorted((t for t in terms if failing[t.key] > 1), key=lambda t: -failing[t.key])
    if shared and (len(shared) == 1 or failing[shared[0].key] > failing[shared[1].key]):
        return shared[0], (f"it is in {failing[shared[0].key]} failing rules (its row and its column) · "
                           "同时出现在多条未通过的规则中")
    return None, "no single cell explains it; compare the printed table · 无法确定是哪一格，请核对原表"


__all__ = ["Grid", "Row", "Head", "Cell", "tables", "table2", "table3", "table4", "cell_view", "plain_tables",
           "PlainTable", "CheckView", "Term", "explain", "TABLE_ORDER"]
