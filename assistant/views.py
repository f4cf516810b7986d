"""The web app's pages as HTML, from the store (no Gradio here): a report's tables with its
explained checks, two years side by side, a cell over the years, one cell across every agency of a
year, the report list, upload results, the chat's welcome. ``ui.py`` wires these to events.

Every view reads through :mod:`assistant.api` and renders a template of ``assistant/templates/``;
every table view can be exported (:mod:`assistant.export`) as CSV, XLSX and JSON.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from index import reportformat as rf

from . import api, export, grids
from .render import (
    cell_label,
    display_unit,
    format_cell,
    format_number,
    render,
    row_path,
    spec_for,
    table_short,
    to_display_unit,
)

#: Seconds a read of the report list is reused (many views read it for one page).
REPORTS_TTL = 1.0
#: Columns of every figures export (CSV, XLSX, JSON), in this order.
EXPORT_COLUMNS = ("agency", "year", "table", "group_label", "row_label", "column_label", "value", "unit",
                  "status", "check_status", "raw", "location_text", "row_id", "column_id", "report_id")


def note(text: str, cls: str = "govqa-note", role: str = "") -> str:
    return render("note.html", text=text, cls=cls, role=role)


def _fmt(report: api.ReportRecord | None) -> str:
    return report.format if report is not None and report.format in rf.FORMATS else "2021"


def link(**params: Any) -> str:
    """The query string that opens the app on a view (``agency``, ``year``, ``cell``, ``report``, ``q``)."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def metric_choices() -> list[tuple[str, str]]:
    """Every cell of 表二, 表三 and 表四 (both formats), in the official order, as (label, "T3:granted:total")."""
    seen: dict[str, tuple[int, int, str]] = {}
    for fmt in reversed(rf.FORMATS):
        for i, spec in enumerate(rf.cell_specs(fmt)):
            seen.setdefault(str(spec.key), (grids.TABLE_ORDER.index(spec.key.table), i, cell_label(spec)))
    return [(label, k) for k, (_, _, label) in sorted(seen.items(), key=lambda kv: kv[1][:2])]


def figure_row(f: Any) -> dict[str, Any]:
    """One stored figure as an export row: the value in the unit its header names (表二's fee column
    is printed in 万元, so the value and the unit column say 万元 too)."""
    spec = spec_for(f.format, f.key)
    d = f.to_dict()
    d["table"] = table_short(f.key.table)
    d["value"] = _plain_number(to_display_unit(f.value, spec))
    d["unit"] = display_unit(spec) if spec is not None else d.get("unit", "")
    return d


def _plain_number(v: Any) -> Any:
    if isinstance(v, float):
        return int(v) if v.is_integer() else round(v, 6)
    return v


@dataclass
class FiguresPage:
    head: str
    tables: list[str]  # 表二, 表三, 表四
    checks: str
    compare: str
    files: dict[str, str] = field(default_factory=dict)  # csv/xlsx/json of the report
    compare_files: list[str] = field(default_factory=list)


class Views:
    """The store's views for one store folder (``None``: ``$GOVQA_HOME`` or ``./.govqa``)."""

    def __init__(self, store: str | None, exports: Path):
        self.store = store
        self.settings = api.resolve_settings(store=store)
        self.exports = exports
        self.metrics = metric_choices()
        self.metric_labels = {k: label for label, k in self.metrics}
        self._fs: Any = None
        self._reports: tuple[float, list[api.ReportRecord]] | None = None

    @property
    def fs(self) -> Any:
        """One open figures store for every view (opening one per read costs ~20 ms each)."""
        if self._fs is None:
            self._fs = api.open_store(self.settings, create=True)
        return self._fs

    def changed(self) -> None:
        """Forget the cached report list (after an upload, a replace or a delete)."""
        self._reports = None

    # ----- reads -----------------------------------------------------------------------------
    def reports(self) -> list[api.ReportRecord]:
        """Stored reports, newest first (year, then ingest time); read again after a second, so that
        reports ingested from the command line appear without a restart."""
        now = time.monotonic()
        if self._reports is None or now - self._reports[0] > REPORTS_TTL:
            found = sorted(self.fs.reports(), key=lambda r: (r.year, r.ingested_at), reverse=True)
            self._reports = (now, found)
        return list(self._reports[1])

    def agencies(self) -> list[str]:
        return sorted({r.agency for r in self.reports()})

    def years(self, agency: str | None) -> list[int]:
        return sorted({r.year for r in self.reports() if r.agency == agency}, reverse=True) if agency else []

    def report(self, agency: str | None, year: int | None, report_id: str | None = None) -> api.ReportRecord | None:
        """The report asked for by id, else the canonical copy of the agency's year."""
        reports = self.reports()
        if report_id:
            hit = next((r for r in reports if r.report_id == report_id), None)
            if hit is not None:
                return hit
        mine = [r for r in reports if r.agency == agency and r.year == year]
        copies = api.canonical_copies(mine)
        return next((r for r in mine if copies.get(r.report_id) == "canonical"), mine[0] if mine else None)

    def cells(self, report: api.ReportRecord) -> dict[rf.CellKey, Any]:
        return {f.key: f for f in self.fs.figures(report_id=report.report_id)}

    def display_name(self, report: api.ReportRecord) -> str:
        """The file name to show: an upload's original name (from its sidecar), else the file's name."""
        p = Path(report.source_path or "")
        side = p.with_suffix(".json")
        try:
            if p.parent.resolve() == self.settings.uploads_dir.resolve() and side.is_file():
                return json.loads(side.read_text(encoding="utf-8")).get("original_name") or p.name
        except (OSError, ValueError):
            pass
        return p.name or "—"

    # ----- one report ------------------------------------------------------------------------
    def figures_page(self, agency: str | None, year: int | None, compare_year: int | None = None,
                     only_diff: bool = True, focus: str | None = None, report_id: str | None = None) -> FiguresPage:
        if not agency or year is None:
            msg = ("No reports stored yet — staff add them in the Reports tab. · 尚未收录年报。"
                   if not self.reports() else "Pick an agency and a year. · 请选择机关和年份。")
            return FiguresPage(note(msg), ["", "", ""], "", "")
        report = self.report(agency, year, report_id)
        if report is None:
            return FiguresPage(note(f"No stored report for {agency} {year}. · 未收录该年报。", "govqa-error"),
                               ["", "", ""], "", "")
        figs = self.cells(report)
        fmt = _fmt(report)
        checks = [c for c in self.fs.checks(agency=report.agency, year=report.year, failing_only=False)
                  if c.report_id == report.report_id]
        views = grids.explain(checks, {report.report_id: figs}, {report.report_id: fmt})
        failing = [v for v in views if not v.passed]
        suspects = [v.suspect.key for v in failing if v.suspect is not None]
        focus_key = _parse_key(focus)
        tables = [render("tables.html", g=g) for g in grids.tables(figs, fmt, focus=focus_key, suspects=suspects)]
        same = [r for r in self.reports() if r.agency == report.agency and r.year == report.year]
        roles = api.canonical_copies(same)
        copies = [{"label": f"{self.display_name(r)} ({r.report_id[:8]}, {roles.get(r.report_id, '')})",
                   "query": link(agency=r.agency, year=r.year, report=r.report_id)}
                  for r in same if r.report_id != report.report_id]
        # where the copies disagree: the canonical copy's value against the other's, a few shown
        differ = [(a, b) for a, b in self.fs.copy_differences(report.report_id)] if copies else []
        disagree = [{"label": f"{table_short(a.key.table)} {a.key.row}/{a.key.column}", "shown": a.value,
                     "other": b.value} for a, b in differ]
        head = render("figures_head.html", report=report, fmt=fmt, source_name=self.display_name(report),
                      n_cells=len(figs), n_passed=len(views) - len(failing), n_failed=len(failing), copies=copies,
                      canonical=roles.get(report.report_id) == "canonical", disagree=disagree)
        checks_html = render("checks.html", views=failing, n_failing=len(failing), link_base=None,
                             empty="Every check passes in this report. · 本年报全部通过勾稽校验。")
        rows = [figure_row(f) for f in sorted(figs.values(), key=lambda f: _order(fmt, f.key))]
        files = export.write(rows, EXPORT_COLUMNS, self.exports, export.file_stem(report.agency, report.year,
                                                                                   "figures", report.report_id[:8]))
        compare, compare_files = "", []
        if compare_year is not None and compare_year != year:
            compare, compare_files = self.compare(report, figs, compare_year, only_diff)
        elif len(self.years(report.agency)) < 2:
            compare = note(f"Only {report.year} is stored for {report.agency}: nothing to compare yet. · "
                           "该机关只收录了一年的年报。")
        else:
            compare = note("Pick a second year to compare. · 请选择对比年份。")
        return FiguresPage(head, tables, checks_html, compare, files, compare_files)

    def compare(self, report: api.ReportRecord, figs: dict[rf.CellKey, Any], other_year: int,
                only_diff: bool = True) -> tuple[str, list[str]]:
        """Two years of one agency, every cell (or every differing cell) with the change."""
        other = self.report(report.agency, other_year)
        if other is None:
            return note(f"No stored report for {report.agency} {other_year}. · 未收录该年报。", "govqa-error"), []
        (ra, fa), (rb, fb) = sorted([(report, figs), (other, self.cells(other))], key=lambda t: t[0].year)
        order = sorted({s.key for fmt in (_fmt(rb), _fmt(ra)) for s in rf.cell_specs(fmt)  # type: ignore[arg-type]
                        if s.key in fa or s.key in fb}, key=lambda k: _order(_fmt(rb), k))
        rows, out, n_diff = [], [], 0
        for key in order:
            a, b = fa.get(key), fb.get(key)
            va, vb = (a.value if a else None), (b.value if b else None)
            differs = va != vb
            n_diff += differs
            spec = spec_for(_fmt(rb), key)
            delta = "—" if va is None or vb is None else format_cell(vb - va, spec)
            if delta not in ("—",) and (vb - va) > 0 and not delta.startswith("+"):
                delta = "+" + delta
            out.append({"table": table_short(key.table), "row_label": row_path(spec) if spec else key.row,
                        "column_label": spec.column_label if spec else key.column, "unit": display_unit(spec),
                        f"value_{ra.year}": _plain_number(to_display_unit(va, spec)),
                        f"value_{rb.year}": _plain_number(to_display_unit(vb, spec)),
                        "change": None if va is None or vb is None else _plain_number(to_display_unit(vb - va, spec)),
                        "cell": str(key)})
            if only_diff and not differs:
                continue
            rows.append({"key": key, "table": table_short(key.table), "row": row_path(spec) if spec else key.row,
                         "column": spec.column_label if spec else key.column, "differs": differs, "delta": delta,
                         "a": grids.cell_view(a, key, _fmt(ra)), "b": grids.cell_view(b, key, _fmt(rb))})
        html = render("compare.html", year_a=ra.year, year_b=rb.year, n_diff=n_diff, n_all=len(order),
                      only_diff=only_diff, rows=rows)
        cols = ("table", "row_label", "column_label", "unit", f"value_{ra.year}", f"value_{rb.year}", "change",
                "cell")
        files = export.write(out, cols, self.exports, export.file_stem(report.agency, f"{ra.year}-{rb.year}",
                                                                       "compare"))
        return html, list(files.values())

    # ----- one cell over years and across agencies -----------------------------------------------
    def trend(self, agency: str | None, metric: str | None) -> str:
        """The cell over the years for one agency: an SVG line with a marker and value at each year."""
        if not agency or metric not in self.metric_labels:
            return note("Pick an agency and a cell. · 请选择机关和指标。")
        key = rf.CellKey.parse(metric)
        by_year: dict[int, Any] = {}
        for r in sorted(self.reports(), key=lambda r: r.year):
            if r.agency != agency or r.year in by_year:
                continue
            r = self.report(agency, r.year) or r
            f = next(iter(self.fs.figures(report_id=r.report_id, table=key.table, row=key.row, column=key.column)),
                     None)
            if f is not None and f.value is not None:
                by_year[r.year] = (f.value, spec_for(r.format, key))
        label = self.metric_labels[metric]
        if not by_year:
            return note(f"No stored value of {label} for {agency}. · 没有该指标的数值。")
        years = sorted(by_year)
        values = [float(to_display_unit(v, s) or 0) for v, s in (by_year[y] for y in years)]
        return render("trend.html", label=label, agency=agency, points=_svg_points(years, values),
                      one=len(years) == 1, unit=display_unit(by_year[years[0]][1]))

    def across(self, year: int | None, metric: str | None, sort: str = "value") -> tuple[str, list[str]]:
        """One cell across every agency of a year (canonical copies), sortable by value or agency."""
        if year is None or metric not in self.metric_labels:
            return note("Pick a year and a cell. · 请选择年份和指标。"), []
        key = rf.CellKey.parse(metric)
        roles = api.canonical_copies(self.reports())
        recs = [f for f in self.fs.figures(year=year, cells=[key]) if roles.get(f.report_id) != "copy"]
        label = self.metric_labels[metric]
        rows = []
        for f in recs:
            rows.append({"agency": f.agency, "value": f.value, "cell": grids.cell_view(f, key, f.format),
                         "query": link(agency=f.agency, year=year, cell=metric)})
        if sort == "agency":
            rows.sort(key=lambda r: r["agency"])
        else:
            rows.sort(key=lambda r: (r["value"] is None, -(r["value"] or 0), r["agency"]))
        spec = spec_for(None, key)
        html = render("across.html", rows=rows, label=label, year=year, sort=sort, unit=display_unit(spec),
                      empty=f"No agency has a stored value of {label} in {year}. · 该年没有此指标。")
        out = [{"agency": r["agency"], "year": year, "cell": metric, "label": label,
                "value": _plain_number(to_display_unit(r["value"], spec)), "unit": display_unit(spec)} for r in rows]
        files = export.write(out, ("agency", "year", "cell", "label", "value", "unit"), self.exports,
                             export.file_stem("all-agencies", year, key.table, key.row, key.column))
        return html, list(files.values()) if rows else []

    # ----- reports ---------------------------------------------------------------------------
    def reports_html(self) -> str:
        reports = self.reports()
        checks = self.fs.checks(failing_only=False) if reports else []
        passed: dict[str, int] = {}
        failed: dict[str, int] = {}
        for c in checks:
            d = passed if c.passed else failed
            d[c.report_id] = d.get(c.report_id, 0) + 1
        roles = api.canonical_copies(reports)
        rows = [{"report": r, "name": self.display_name(r), "passed": passed.get(r.report_id, 0),
                 "failed": failed.get(r.report_id, 0), "role": roles.get(r.report_id, ""),
                 "query": link(agency=r.agency, year=r.year, report=r.report_id)} for r in reports]
        return render("reports.html", rows=rows)

    def report_choices(self) -> list[tuple[str, str]]:
        """(label, report id) of every stored report, for the staff's replace and delete."""
        roles = api.canonical_copies(self.reports())
        return [(f"{r.agency} {r.year} · {self.display_name(r)} · {r.report_id[:8]}"
                 + (f" ({roles[r.report_id]})" if r.report_id in roles else ""), r.report_id) for r in self.reports()]

    def consistency_html(self) -> str:
        """Every failing rule in the store, explained."""
        reports = {r.report_id: r for r in self.reports()}
        if not reports:
            return note("No reports stored yet. · 尚未收录年报。")
        failing = self.fs.checks(failing_only=True)
        figs = {rid: self.cells(reports[rid]) for rid in {c.report_id for c in failing} if rid in reports}
        views = grids.explain(failing, figs, {rid: _fmt(r) for rid, r in reports.items()},
                              {rid: r.year for rid, r in reports.items()})
        # a report stored twice fails its checks in each copy: say which copy each failure is from
        roles = api.canonical_copies(list(reports.values()))
        copy_names = {rid: f"{role} · {'主副本' if role == 'canonical' else '副本'}: {self.display_name(reports[rid])}"
                      for rid, role in roles.items()}
        return render("checks.html", views=views, n_failing=len(views), copy_names=copy_names,
                      link_base=lambda v: link(agency=v.agency, year=v.year, report=v.report_id,
                                               cell=str(v.suspect.key) if v.suspect else None),
                      empty="Every check passes in every stored report. · 全部通过勾稽校验。")

    # ----- chat --------------------------------------------------------------------------------
    def welcome(self) -> tuple[str, list[str]]:
        """The chat's first message (what is stored) and example questions drawn from the store."""
        reports = self.reports()
        agencies = sorted({r.agency for r in reports})
        years = sorted({r.year for r in reports})
        shown = "、".join(agencies[:6]) + ("…" if len(agencies) > 6 else "")
        span = "" if not years else (str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}")
        html = render("welcome.html", n_reports=len(reports), n_agencies=len(agencies), years=span, agencies=shown)
        return html, example_questions(reports)


def example_questions(reports: Sequence[api.ReportRecord]) -> list[str]:
    """Questions about the newest stored report's agency and year (none when nothing is stored)."""
    if not reports:
        return []
    r = max(reports, key=lambda r: (r.year, r.ingested_at))
    short = short_agency(r.agency)
    return [f"{r.year}年{short}收到多少件政府信息公开申请？",
            f"How many applications did {short} fully disclose in {r.year}?",
            f"{r.year}年{short}行政复议有多少件？",
            f"What problems does the {r.year} report of {short} identify?"]


def short_agency(name: str) -> str:
    """桦川县人民政府 → 桦川县 (the suffixes of the format module)."""
    for suffix in rf.AGENCY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _svg_points(years: Sequence[int], values: Sequence[float], width: int = 560, height: int = 220,
                pad: int = 40) -> list[dict[str, Any]]:
    low, high = min(0.0, *values), max(values)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(1, len(years) - 1)
    pts = []
    for i, (y, v) in enumerate(zip(years, values, strict=True)):
        x = pad + (i * step if len(years) > 1 else (width - 2 * pad) / 2)
        pts.append({"year": y, "value": v, "text": format_number(v), "x": round(x, 1),
                    "y": round(height - pad - (v - low) / span * (height - 2 * pad), 1)})
    return pts


@cache
def _positions(fmt: str) -> dict[rf.CellKey, int]:
    return {s.key: i for i, s in enumerate(rf.cell_specs(fmt if fmt in rf.FORMATS else "2021"))}  # type: ignore[arg-type]


def _order(fmt: str, key: rf.CellKey) -> tuple[int, int]:
    specs = _positions(fmt)
    return (grids.TABLE_ORDER.index(key.table), specs.get(key, len(specs)))


def _parse_key(text: str | None) -> rf.CellKey | None:
    try:
        return rf.CellKey.parse(text) if text else None
    except ValueError:
        return None


__all__ = ["Views", "FiguresPage", "metric_choices", "example_questions", "short_agency", "figure_row", "link",
           "note", "EXPORT_COLUMNS"]
