"""Scanned PDFs read by OCR: the seed report printed and scanned, ingested offline, gives its 表三 exactly.

The OCR tests skip cleanly when the engine (rapidocr-onnxruntime) or a CJK font to draw the pages
(fonts-wqy-zenhei) is absent; scripts/setup.sh installs both.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from index import reportformat as rf
from index.loaders import load, ocr
from index.reportformat import CellKey
from index.types import Figure, IngestError, Location
from tests.conftest import load_gold

SEED = Path(__file__).resolve().parents[2] / "index" / "data" / "huachuan-county-2020.txt"


def _scanned_seed(path: Path) -> Path:
    """The bundled seed report printed as plain text pages and scanned (image-only PDF)."""
    from eval.render import NoCJKFont, scan_pdf, text_pdf

    if not ocr.available():
        pytest.skip(f"the OCR engine is not installed (pip install {ocr.ENGINE_PACKAGE})")
    try:
        data = scan_pdf(text_pdf(SEED.read_text(encoding="utf-8")), random.Random(2020))
    except NoCJKFont as exc:
        pytest.skip(str(exc))
    path.write_bytes(data)
    return path


def _image_only_pdf(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(image).rectangle((100, 100, 500, 140), fill=0)
    image.save(path, "PDF", resolution=72.0)
    return path


def test_scanned_seed_report_ingests_with_its_table3_exact_and_marked_ocr(
        tmp_path: Path, shared_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scan = _scanned_seed(tmp_path / "huachuan-scan.pdf")
    assert b"/Font" not in scan.read_bytes()  # no text layer at all: the pages are images
    for name in ("GOVQA_HOME", "GOVQA_DATABASE_URL", "GOVQA_VECTORS"):
        monkeypatch.delenv(name, raising=False)
    store = tmp_path / "store"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(scan), "--store", str(store), "--no-vectors"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "桦川县人民政府 2020" in result.output
    result = runner.invoke(cli, ["figures", "--store", str(store), "--table", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    got = {(r["row_id"], r["column_id"]): r for r in rows}
    gold = load_gold(shared_dir, "huachuan-county-2020")
    paths = rf.t3_path_to_row("2019")
    expected = {(paths[path], col): v for path, values in gold["table3"].items()
                for col, v in zip(rf.APPLICANT_COLUMN_IDS, values, strict=True)}
    assert len(expected) == 161
    assert {k: got[k]["value"] for k in expected if k in got} == expected
    # Every cell says it was read by OCR, with the engine's confidence, where it is listed.
    assert all(r["location"].get("ocr") is not None and "OCR" in r["location_text"] for r in rows)
    result = runner.invoke(cli, ["figures", "--store", str(store), "--table", "3", "--row", "granted"])
    assert "OCR 0." in result.output or "OCR 1.00" in result.output, result.output


def test_scan_without_ocr_engine_is_refused_with_what_to_install(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(IngestError, match=r"^scan\.pdf: the PDF has no text layer \(scanned\?\); reading scans "
                                          r"needs the OCR engine: pip install rapidocr-onnxruntime$"):
        load(_image_only_pdf(tmp_path / "scan.pdf"))


def test_low_confidence_ocr_cell_is_uncertain_and_others_keep_their_status() -> None:
    key = CellKey(3, "granted", "total")
    figures = [
        Figure(key, 8, raw="8", location=Location(page=2, table=1, row=5, cell=9, ocr=0.62)),
        Figure(key, 9, raw="9", location=Location(page=2, table=1, row=5, cell=8, ocr=0.99)),
        Figure(key, 7, raw="7", location=Location(line=40)),  # a text layer: no OCR
        Figure(key, 0, raw="", blank=True, location=Location(page=2, ocr=0.10)),
        Figure(key, 5, status="reconstructed", rule="T3-D", location=Location(page=2, ocr=0.30)),
    ]
    ocr.flag_low_confidence(figures)
    assert [f.status for f in figures] == ["uncertain", "printed", "printed", "printed", "reconstructed"]
    assert figures[0].note == "read by OCR with low confidence (0.62)"
    assert figures[1].location.describe() == "page 2, table 2, row 6, cell 9, OCR 0.99"


def test_cell_boxes_are_placed_on_their_grid_with_spans() -> None:
    # A header cell over two columns, a label over two rows, four value cells; edges a few px apart
    # where the rule between two cells is (the boxes are the white space inside the lines).
    boxes = [(10, 10, 300, 40), (304, 10, 500, 40),
             (10, 44, 150, 120), (154, 44, 300, 80), (304, 44, 400, 80), (404, 44, 500, 80),
             (154, 84, 300, 120), (304, 84, 400, 120), (404, 84, 500, 120)]
    assert ocr.grid_from_boxes(boxes, tolerance=6) == [
        (0, 0, 1, 2), (0, 2, 1, 2),
        (1, 0, 2, 1), (1, 1, 1, 1), (1, 2, 1, 1), (1, 3, 1, 1),
        (2, 1, 1, 1), (2, 2, 1, 1), (2, 3, 1, 1)]


def test_line_confidence_is_that_of_its_numbers() -> None:
    assert ocr.line_confidence([("行政处罚", 0.55), ("1353", 0.97), ("减14", 0.91)]) == 0.91
    assert ocr.line_confidence([("一、总体情况", 0.88)]) == 0.88


def test_scanned_rendering_of_a_generated_report_reads_its_ruled_tables_exactly(tmp_path: Path) -> None:
    # The seed test above reads plain text lines; this one reads ruled tables (spans, blank cells, a
    # table broken across pages) from the generator's scanned rendering, against its truth.
    from eval.accuracy import score_report
    from eval.render import NoCJKFont
    from eval.synth import generate_corpus
    from index.tables import parse_report

    if not ocr.available():
        pytest.skip(f"the OCR engine is not installed (pip install {ocr.ENGINE_PACKAGE})")
    try:
        generate_corpus(tmp_path, agencies=1, years=[2021], renderings=("scanned",), seed=3, progress=False)
    except NoCJKFont as exc:
        pytest.skip(str(exc))
    truth = json.loads(next((tmp_path / "truth").glob("*.json")).read_text(encoding="utf-8"))
    report = parse_report(load(tmp_path / truth["files"]["scanned"]))
    score = score_report(report, truth)
    assert score.total[3] == len(rf.t3_rows("2021")) * len(rf.APPLICANT_COLUMN_IDS)
    assert score.accuracy((3, 4)) == 1.0, score.wrong
    assert score.silent_wrong == []
    t3 = [f for f in report.figures if f.key.table == 3]
    assert all(f.location.ocr is not None for f in t3)
