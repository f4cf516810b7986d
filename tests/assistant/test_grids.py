"""The official grids and the explained checks: units as the header prints them, the official table
order, and the cell most likely wrong when two failing rules meet in it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant import api, grids, render
from index import reportformat as rf
from index.checks import check_figures
from index.figures_store import CheckRecord
from index.types import Figure, Location


def _consistent_table3(fmt: str = "2019") -> dict[rf.CellKey, Figure]:
    """5 new requests from 自然人, all 5 fully disclosed: every rule holds."""
    figs = {}
    for r in rf.t3_rows(fmt):
        for c in rf.APPLICANT_COLUMNS:
            five = r.id in ("new", "processed_total", "granted") and c.id in ("natural", "total")
            figs[rf.CellKey(3, r.id, c.id)] = Figure(rf.CellKey(3, r.id, c.id), 5 if five else 0, raw="5" if five else "0",
                                                     location=Location(line=1))
    return figs


def _records(figs: dict[rf.CellKey, Figure]) -> list[CheckRecord]:
    return [CheckRecord("r1", "示例县人民政府", 2020, c.rule, c.scope, c.cells, c.expected, c.found, c.passed, c.detail)
            for c in check_figures(figs.values(), "2019")]


def test_the_cell_in_two_failing_rules_is_the_suspect() -> None:
    figs = _consistent_table3()
    assert all(c.passed for c in _records(figs))
    bad = rf.CellKey(3, "granted", "natural")
    figs[bad] = Figure(bad, 7, raw="7", location=Location(line=1))  # misprinted: its row and column break
    failing = [c for c in _records(figs) if not c.passed]
    assert sorted((c.rule, c.scope) for c in failing) == [("T3-C", "自然人"), ("T3-D", "（一）予以公开")]
    views = grids.explain(failing, {"r1": figs}, {"r1": "2019"})
    for v in views:
        assert v.suspect is not None and v.suspect.key == bad and v.suspect.value == 7
        assert abs(v.difference) == 2
    row_rule = next(v for v in views if v.rule == "T3-D")
    assert row_rule.words == "各行总计等于六类申请人之和"
    assert row_rule.sentence == "表三 （一）予以公开 · 总计 5 ≠ 7 (表三 （一）予以公开 · 自然人 7; 5 more cells at 0)"
    # one failing rule alone names no cell
    lone = grids.explain(failing[:1], {"r1": figs}, {"r1": "2019"})[0]
    assert lone.suspect is None and "no single cell" in lone.suspect_reason


def test_tables_come_in_the_official_order_and_mark_each_reading() -> None:
    figs = _consistent_table3()
    implied = rf.CellKey(3, "carried_in", "total")
    figs[implied] = Figure(implied, 0, blank=True, status="implied", location=Location(line=2))
    blank = rf.CellKey(3, "carried_in", "natural")
    figs[blank] = Figure(blank, None, blank=True, raw="", location=Location(line=2))
    rebuilt = rf.CellKey(3, "carried_out", "natural")
    figs[rebuilt] = Figure(rebuilt, 0, status="reconstructed", rule="T3-A", location=Location(line=3))
    records = {k: _Rec(f) for k, f in figs.items()}
    tables = grids.tables(records, "2019")
    assert [g.table for g in tables] == [2, 3, 4]
    cells = {c.key: c for c in tables[1].cells}
    assert (cells[implied].status, cells[implied].mark) == ("implied", "=")
    assert (cells[blank].status, cells[blank].text) == ("blank", "")
    assert (cells[rebuilt].status, cells[rebuilt].mark) == ("reconstructed", "R")
    assert cells[rf.CellKey(3, "granted", "total")].status == "passes"
    assert tables[0].cells[0].status == "missing"  # 表二 was not given


class _Rec:
    """A stored figure as the store returns it (status from the check results)."""

    def __init__(self, f: Figure):
        self.__dict__.update(f.__dict__)
        self.check_status = f.status if f.status != "printed" else "passes"
        self.source_text = ""
        self.note = ""


def test_fee_amount_is_shown_in_the_unit_its_header_names(tmp_path: Path, real_reports: Path,
                                                            shared_dir: Path, monkeypatch) -> None:
    """2021_pingtan prints 本年收费金额（单位：万元） 24252.311082 (gold): the cell, the CSV and the JSON say
    24,252.311082 万元, not 242,523,110.82 元 under a 万元 header."""
    monkeypatch.setenv("GOVQA_VECTORS", "false")
    gold = json.loads((shared_dir / "gold" / "2021_pingtan.json").read_text(encoding="utf-8"))
    fee = next(c for c in gold["table2"] if c["row"] == "行政事业性收费")
    assert fee["unit"] == "万元"
    store = tmp_path / "store"
    summary = api.ingest([real_reports / "2021_pingtan.txt"], store=store, progress=False, vectors=False)
    assert summary.ok, summary.failed
    from assistant.views import Views

    views = Views(str(store), tmp_path / "exports")
    report = views.reports()[0]
    page = views.figures_page(report.agency, report.year)
    t2 = page.tables[0]
    cell = re.search(r'<td[^>]*data-cell="T2:fees:amount"[^>]*>([^<]*)<', t2)
    assert cell and cell.group(1) == render.format_number(fee["value"]) == "24,252.311082"
    assert "本年收费金额（单位：万元）" in t2
    rows = json.loads(Path(page.files["json"]).read_text(encoding="utf-8"))
    row = next(r for r in rows if r["row_id"] == "fees" and r["column_id"] == "amount")
    assert (row["value"], row["unit"]) == (pytest.approx(fee["value"]), "万元")
    csv_line = next(line for line in Path(page.files["csv"]).read_text(encoding="utf-8-sig").splitlines()
                    if ",fees,amount" in line or "本年收费金额" in line)
    assert "24252.311082" in csv_line and ",万元," in csv_line


def test_figures_show_the_canonical_copy_and_list_the_other(tmp_path: Path, real_reports: Path, shared_dir: Path,
                                                             monkeypatch) -> None:
    """2021_pingtan as crawled text and as HTML: the HTML copy (its tables intact: 行政规范性文件 本年废止件数
    3 and 现行有效件数 665 as in the gold file) is shown; the text copy is listed and marked."""
    monkeypatch.setenv("GOVQA_VECTORS", "false")
    gold = json.loads((shared_dir / "gold" / "2021_pingtan.json").read_text(encoding="utf-8"))
    want = {c["column"]: c["value"] for c in gold["table2"] if c["row"] == "行政规范性文件"}
    store = tmp_path / "store"
    summary = api.ingest([real_reports / "2021_pingtan.txt", real_reports / "2021_pingtan.html"], store=store,
                         progress=False, vectors=False)
    assert summary.ok and summary.counts()["added"] == 2, summary.failed
    from assistant.views import Views

    views = Views(str(store), tmp_path / "exports")
    html_copy = next(r for r in views.reports() if r.source_kind == "html")
    page = views.figures_page(html_copy.agency, 2021)
    assert "source: 2021_pingtan.html" in page.head and "2021_pingtan.txt" in page.head  # shown + listed
    for column, cell in (("本年废止件数", "T2:normative:repealed"), ("现行有效件数", "T2:normative:in_force")):
        shown = re.search(rf'data-cell="{cell}"[^>]*>([^<]*)<', page.tables[0]).group(1)
        assert shown == render.format_number(want[column]), column
    listing = views.reports_html()
    assert listing.count("badge canonical") == 1 and listing.count("badge copy") == 1
    row = re.search(r'<tr data-report="([0-9a-f]+)"[^>]*>(?:(?!</tr>).)*badge canonical', listing, re.S)
    assert row and row.group(1) == html_copy.report_id
