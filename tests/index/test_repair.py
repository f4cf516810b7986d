"""SQL and vectors agree (issue 14): `govqa repair` rebuilds lost vectors from the stored passages
and removes orphans, saying what it fixed; re-ingesting an unchanged file restores its vectors."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from assistant import api
from assistant.cli import cli
from index.figures_store import FiguresStore
from index.pipeline import sample_report
from index.settings import Settings
from index.types import Location, Passage, PassageRecord
from index.vectors import VectorIndex


def _setup(tmp_path: Path, monkeypatch) -> tuple[Settings, int]:
    monkeypatch.setenv("GOVQA_EMBEDDER", "hash")
    settings = Settings(home=tmp_path / "store", embedder="hash")
    summary = api.ingest(store=settings.home, settings=settings, progress=False)
    assert summary.ok
    with FiguresStore(settings.url) as s:
        n = s.counts()["passages"]
    assert VectorIndex(settings).count() == n > 0
    return settings, n


def _delete_vectors(settings: Settings) -> None:
    """As another process would: the folder goes, and this process forgets its open Chroma client."""
    from chromadb.api.client import SharedSystemClient

    shutil.rmtree(settings.chroma_dir)
    SharedSystemClient.clear_system_cache()


def test_repair_rebuilds_deleted_vectors_and_says_so(tmp_path: Path, monkeypatch) -> None:
    settings, n = _setup(tmp_path, monkeypatch)
    _delete_vectors(settings)
    runner = CliRunner()
    result = runner.invoke(cli, ["repair", "--store", str(settings.home)])
    assert result.exit_code == 0, result.output
    assert f"re-embedded {n} passages of 1 report(s)" in result.output
    assert VectorIndex(settings).count() == n
    again = runner.invoke(cli, ["repair", "--store", str(settings.home)])
    assert "nothing to repair: the figures store and the vector index agree on 1 reports" in again.output


def test_repair_removes_orphan_vectors(tmp_path: Path, monkeypatch) -> None:
    settings, n = _setup(tmp_path, monkeypatch)
    ghost = PassageRecord("ghost:0", "ghost", "鬼县人民政府", 2020, "", Passage("不存在的报告", "一", (), Location(line=1)))
    VectorIndex(settings).add([ghost])
    result = api.repair(store=settings.home, settings=settings)
    assert result.orphan_reports == ["ghost"] and result.orphan_passages == 1 and not result.restored_reports
    assert VectorIndex(settings).count() == n


def test_reingesting_an_unchanged_file_restores_its_vectors(tmp_path: Path, monkeypatch) -> None:
    settings, n = _setup(tmp_path, monkeypatch)
    _delete_vectors(settings)
    with sample_report() as path:
        summary = api.ingest([path], store=settings.home, settings=settings, progress=False)
    assert [r.outcome for r in summary.results] == ["unchanged"]
    assert summary.results[0].reason == f"its vectors were missing or incomplete: {n} passages re-embedded"
    assert VectorIndex(settings).count() == n
