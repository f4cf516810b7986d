"""Official labels in every layout (issue 11, item 4) and one canonical copy per report (item 5)."""

from __future__ import annotations

from pathlib import Path

from index import reportformat as rf
from index.figures_store import FiguresStore
from index.pipeline import ingest
from index.settings import get_settings


def _store(tmp_path: Path, files: list[Path]) -> FiguresStore:
    settings = get_settings(home=tmp_path / "home", vectors=False)
    summary = ingest(files, settings, progress=False)
    assert not summary.failed, summary.failed
    return FiguresStore(settings.url)


def test_a_2021_report_printing_other_dispositions_as_one_row_keeps_its_official_label(real_reports, tmp_path):
    # 洪泽区 2023 (2021 format) prints （六）其他处理 as the single 2019 row.
    with _store(tmp_path, [real_reports / "2023_huaian-hongzequ.pdf"]) as store:
        rows = [f.to_dict() for f in store.figures(table=3)]
    other = [r for r in rows if r["row_id"] == "other"]
    assert other and {r["row_label"] for r in other} == {"（六）其他处理"}
    # every stored cell shows an official row and column label, never an id
    official_rows = {s.row_label for f in rf.FORMATS for s in rf.cell_specs(f)}
    official_cols = {s.column_label for f in rf.FORMATS for s in rf.cell_specs(f)}
    for r in rows:
        assert r["row_label"].rsplit("/", 1)[-1] in official_rows, r["row_label"]
        assert r["column_label"] in official_cols, r["column_label"]


def test_the_web_page_is_the_canonical_copy_of_a_report_also_stored_as_crawler_text(real_reports, shared_dir,
                                                                                    tmp_path):
    """Pingtan 2019 and 2020 as HTML and as a crawler's run-together text (whose 表二 rows stay
    uncertain). The crawler copies are stored last, so 'the latest wins' would show them."""
    import csv

    import ui
    from assistant import api
    from index.reportformat import CellKey
    from tests.conftest import load_gold

    from .gold import gold_cells

    store = tmp_path / "store"
    files = [real_reports / f"{y}_pingtan.{ext}" for ext in ("html", "txt") for y in (2019, 2020)]
    for f in files:
        assert api.ingest([f], store=store, progress=False, vectors=False).ok
    gold = {y: gold_cells(load_gold(shared_dir, f"{y}_pingtan")) for y in (2019, 2020)}

    agency = api.reports(store=store)[0].agency
    for year in (2019, 2020):
        shown = {f.key: f.value for f in api.figures(agency=agency, year=year, store=store)}
        assert shown == gold[year]  # every cell: the HTML copy's, which matches the gold exactly
    with FiguresStore(api.resolve_settings(store=store).url) as fs:
        groups = fs.copies()
        assert [[r.source_kind for r in g] for g in groups] == [["html", "text"], ["html", "text"]]
        assert all(g[1].copy_of == g[0].report_id and g[0].canonical for g in groups)
        differ = fs.copy_differences(groups[0][0].report_id)
        assert differ and all(a.canonical and not b.canonical and a.value != b.value for a, b in differ)
        assert all(a.value == gold[2019][a.key] for a, _ in differ)

    app = ui.GovQAApp(store)
    view = app.figures_view(agency, 2020, 2019, only_diff=True)
    comparison, csv_path = view[5], view[6]
    with open(csv_path, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    table_no = {"表二": 2, "表三": 3, "表四": 4}
    got = {CellKey(table_no[r["table"]], r["row_id"], r["column_id"]): float(r["value"]) for r in rows}
    assert got == {k: float(v) for k, v in gold[2020].items()}
    # the header lists both copies and says where they disagree (the crawler text's 表二 misreadings)
    header = app.figures_view(agency, 2019)[0]
    assert "2019_pingtan.txt" in header or "copy" in header
    assert "The copies differ in 10 cells" in header and "vs 26" in header
    # the comparison shows the HTML copies: the crawler copy's 表二 misreadings (13575 for 135) are absent
    assert "13575" not in comparison and "39573" not in comparison
