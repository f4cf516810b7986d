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
