"""A report stored twice (the web page and a crawler's text of Pingtan 2019) is embedded once
(issue 13, item 3): the canonical copy's passages have vectors, the other copy's are left out
(found by keywords only), so ingest costs fewer embeddings and dense search prefers the canonical
copy. Every way the vectors are checked or rebuilt keeps to that."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import api
from assistant.retrieve import Retriever
from index.figures_store import FiguresStore
from index.pipeline import ingest
from index.settings import Settings
from index.vectors import HashEmbeddings, VectorIndex, embedding_text


class CountingEmbeddings(HashEmbeddings):
    """The hash embedder, counting the texts it embeds."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.texts.extend(texts)
        return super().embed_documents(texts)


@pytest.fixture
def pingtan(real_reports: Path) -> tuple[Path, Path]:
    return real_reports / "2019_pingtan.html", real_reports / "2019_pingtan.txt"


def _ids(settings: Settings) -> dict[str, str]:
    with FiguresStore(settings.url) as fs:
        return {Path(r.source_path).name: r.report_id for r in fs.reports()}


def test_the_crawler_copy_is_not_embedded_and_dense_search_prefers_the_web_page(tmp_path: Path, pingtan):
    html, txt = pingtan
    settings = Settings(home=tmp_path / "store", embedder="hash")
    embedder = CountingEmbeddings()
    index = VectorIndex(settings, embedder)
    summary = ingest([html, txt], settings, progress=False, vectors=index)
    assert summary.ok and [r.outcome for r in summary.results] == ["added", "added"]
    ids = _ids(settings)
    with FiguresStore(settings.url) as fs:
        copy = fs.report(ids[txt.name])
        assert copy is not None and copy.copy_of == ids[html.name]  # the web page is canonical (issue 11)
        canonical = fs.passage_records(report_id=ids[html.name])
        copies = fs.passage_records(report_id=ids[txt.name])
        records = fs.passage_records()
    assert index.count_report(ids[html.name]) == len(canonical) > 40
    assert index.count_report(ids[txt.name]) == 0 and len(copies) > 40
    # only the canonical copy's texts were embedded: none of the crawler text's own
    assert set(embedder.texts) == {embedding_text(r) for r in canonical}
    assert not set(embedder.texts) & ({embedding_text(r) for r in copies} - {embedding_text(r) for r in canonical})

    # a question both copies answer: the web page's passage comes first, and Chroma is never opened
    fresh = VectorIndex(settings, HashEmbeddings())
    retriever = Retriever(records, fresh)
    question = "平潭2019年共公布政府信息多少条"
    hits = retriever.search(question, agency=copy.agency, year=2019, k=5)
    assert hits[0].record.report_id == ids[html.name] and "2599条" in hits[0].record.passage.text
    assert all(retriever.records[i].report_id == ids[html.name]
               for i, _ in retriever.dense(question, agency=copy.agency, year=2019))
    keywords = [retriever.records[i] for i, _ in retriever.bm25(question, agency=copy.agency, year=2019, n=5)]
    assert any(r.report_id == ids[txt.name] and "2599条" in r.passage.text for r in keywords)  # the copy's too
    assert fresh._opened is None  # cached vectors, and the copy known to have none

    # nothing to repair, and an unchanged re-ingest embeds nothing
    assert not api.repair(store=settings.home, settings=settings).changed
    again = ingest([html, txt], settings, progress=False, vectors=index)
    assert [(r.outcome, r.reason) for r in again.results] == [("unchanged", ""), ("unchanged", "")]
    assert index.count_report(ids[txt.name]) == 0


def test_a_better_copy_stored_after_the_first_takes_over_its_vectors(tmp_path: Path, pingtan):
    html, txt = pingtan
    settings = Settings(home=tmp_path / "store", embedder="hash")
    index = VectorIndex(settings, HashEmbeddings())
    assert ingest([txt], settings, progress=False, vectors=index).ok
    ids = _ids(settings)
    with FiguresStore(settings.url) as fs:
        n_txt = len(fs.passage_records(report_id=ids[txt.name]))
    assert index.count_report(ids[txt.name]) == n_txt > 40  # the only copy: canonical
    assert ingest([html], settings, progress=False, vectors=index).ok  # expected a copy; reads better
    ids = _ids(settings)
    with FiguresStore(settings.url) as fs:
        assert fs.report(ids[html.name]).copy_of is None and fs.report(ids[txt.name]).copy_of == ids[html.name]
        n_html = len(fs.passage_records(report_id=ids[html.name]))
    assert index.count_report(ids[html.name]) == n_html > 40
    assert index.count_report(ids[txt.name]) == 0  # a copy now: left out
    assert not api.repair(store=settings.home, settings=settings).changed


def _both_copies(tmp_path: Path, pingtan, monkeypatch) -> tuple[Settings, dict[str, str]]:
    """A store with the web page and its crawler copy ingested (hash embedder): settings, ids by file."""
    html, txt = pingtan
    monkeypatch.setenv("GOVQA_EMBEDDER", "hash")
    settings = Settings(home=tmp_path / "store", embedder="hash")
    assert api.ingest([html, txt], store=settings.home, settings=settings, progress=False).ok
    return settings, _ids(settings)


def test_deleting_the_canonical_copy_gives_the_other_copy_its_vectors(tmp_path: Path, pingtan, monkeypatch):
    html, txt = pingtan
    settings, ids = _both_copies(tmp_path, pingtan, monkeypatch)
    assert VectorIndex(settings).count_report(ids[txt.name]) == 0
    assert api.delete_report(ids[html.name], store=settings.home, settings=settings) is not None
    with FiguresStore(settings.url) as fs:
        n_txt = len(fs.passage_records(report_id=ids[txt.name]))
    assert VectorIndex(settings).count_report(ids[txt.name]) == n_txt > 40
    assert not api.repair(store=settings.home, settings=settings).changed


def test_a_rebuild_leaves_the_copy_out_again(tmp_path: Path, pingtan, monkeypatch):
    html, txt = pingtan
    settings, ids = _both_copies(tmp_path, pingtan, monkeypatch)
    result = api.repair(store=settings.home, settings=settings, rebuild=True)
    assert result.restored_reports == [ids[html.name]]
    index = VectorIndex(settings)
    assert index.count_report(ids[txt.name]) == 0 and index.cache.left_out([ids[txt.name]]) == {ids[txt.name]}
