"""The table parser recovers the generator's truth from every rendering; scoring marks silent errors."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from eval.accuracy import CellScore, score_report
from eval.synth import generate_corpus
from index.loaders import load
from index import reportformat as rf
from index.reportformat import CellKey
from index.tables import parse_report

SEED = Path(__file__).resolve().parents[2] / "index" / "data" / "huachuan-county-2020.txt"


def _score_corpus(out: Path, rendering: str) -> CellScore:
    total = CellScore()
    for truth_path in sorted((out / "truth").glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        total.add(score_report(parse_report(load(out / truth["files"][rendering])), truth))
    return total


@pytest.fixture(scope="module")
def clean_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # 2020 is in the 2019 format, 2022 in the 2021 format: both formats in every rendering
    out = tmp_path_factory.mktemp("clean")
    generate_corpus(out, agencies=2, years=[2020, 2022], seed=11, noise=0.0, progress=False)
    return out


@pytest.mark.parametrize("rendering", ["html", "pdf", "docx", "text"])
def test_parser_recovers_every_cell_of_a_clean_rendering(clean_corpus: Path, rendering: str):
    score = _score_corpus(clean_corpus, rendering)
    rows = sum(len(rf.t3_rows(fmt)) for fmt in ("2019", "2019", "2021", "2021"))
    assert score.total[3] == rows * len(rf.APPLICANT_COLUMN_IDS)
    assert score.total[4] == 4 * len(rf.T4_COLUMNS)
    assert score.wrong == []
    assert score.accuracy() == 1.0


def test_noisy_text_errors_are_few_and_never_silent(tmp_path: Path):
    generate_corpus(tmp_path, agencies=6, years=[2020, 2021], renderings=("text",), seed=5, noise=1.0,
                    progress=False)
    score = _score_corpus(tmp_path, "text")
    assert score.accuracy((3, 4)) >= 0.99
    assert score.accuracy() >= 0.98
    assert score.silent_wrong == []


def test_a_wrong_cell_is_silent_unless_marked_or_caught_by_a_check(shared_dir: Path):
    gold = json.loads((shared_dir / "gold" / "huachuan-county-2020.json").read_text(encoding="utf-8"))
    report = parse_report(load(SEED))
    assert score_report(report, gold).wrong == []
    key = CellKey(3, "granted", "natural")
    broken = [replace(f, value=f.value + 1) if f.key == key else f for f in report.figures]
    silent = score_report(replace(report, figures=broken, checks=[]), gold)
    assert [(k, g, v) for k, g, v in silent.silent_wrong] == [(key, 8, 9)]
    marked = [replace(f, status="uncertain") if f.key == key else f for f in broken]
    flagged = score_report(replace(report, figures=marked, checks=[]), gold)
    assert len(flagged.wrong) == 1 and flagged.silent_wrong == []
    assert flagged.accuracy((3,)) == pytest.approx((23 * 7 - 1) / (23 * 7))
