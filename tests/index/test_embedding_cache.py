"""The embedding cache: a text is embedded once per embedder, whichever report it comes from; a
filtered search over cached passages reads their vectors without opening Chroma; a narrative
question from a fresh process imports neither chromadb nor the evaluation package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.embedding_cache import EmbeddingCache, text_key
from index.settings import Settings
from index.types import Location, Passage, PassageRecord
from index.vectors import HashEmbeddings, VectorIndex, embedding_text

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = "本机关严格按照《中华人民共和国政府信息公开条例》要求编制本报告。"


class CountingEmbeddings(HashEmbeddings):
    """The hash embedder, recording every text it is asked to embed."""

    def __init__(self, dim: int = 64) -> None:
        super().__init__(dim)
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        return super().embed_documents(texts)


def rec(report: str, i: int, text: str) -> PassageRecord:
    return PassageRecord(f"{report}:{i}", report, "甲县人民政府", 2020, "t", Passage(text, "一", (), Location(line=i + 1)))


def test_a_text_is_embedded_once_and_read_back_exactly(tmp_path: Path) -> None:
    emb = CountingEmbeddings()
    cache = EmbeddingCache(tmp_path / "embeddings.sqlite", "govqa-hash-64")
    first = cache.embed([TEMPLATE, "甲", TEMPLATE], emb.embed_documents)
    assert emb.embedded == [TEMPLATE, "甲"]  # the repeated text once
    assert (cache.hits, cache.misses) == (0, 2)
    again = EmbeddingCache(tmp_path / "embeddings.sqlite", "govqa-hash-64").embed(["甲", TEMPLATE], emb.embed_documents)
    assert emb.embedded == [TEMPLATE, "甲"]  # nothing new: read from the file
    assert np.array_equal(again, first[[1, 0]]) and again.dtype == np.float32
    assert np.allclose(first[0], HashEmbeddings(64).embed_query(TEMPLATE))
    # another embedder's entries are apart
    other = EmbeddingCache(tmp_path / "embeddings.sqlite", "govqa-hash-32")
    assert other.get([text_key(TEMPLATE)]) == {}


def test_reports_sharing_template_sentences_embed_them_once(tmp_path: Path) -> None:
    emb = CountingEmbeddings()
    index = VectorIndex(Settings(home=tmp_path), emb)
    a = [rec("a", 0, TEMPLATE), rec("a", 1, "政府网站全年共发布信息 2159 条。")]
    b = [rec("b", 0, TEMPLATE), rec("b", 1, "政府网站全年共发布信息 3000 条。")]
    index.add(a)
    index.add(b)
    assert sorted(emb.embedded) == sorted({embedding_text(r) for r in a + b})  # 3 texts, not 4
    assert index.count() == 4
    # a report ingested again (the pipeline deletes, then adds) embeds nothing
    index.delete_report("a")
    index.add(a)
    assert len(emb.embedded) == 3 and index.count() == 4


def test_a_filtered_search_over_cached_passages_never_opens_chroma(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, embedder="hash")
    records = [rec("a", 0, TEMPLATE), rec("a", 1, "政府网站全年共发布信息 2159 条。"), rec("a", 2, "依申请公开 9 件。")]
    VectorIndex(settings).add(records)
    fresh = VectorIndex(settings)
    q = fresh.embed_query("政府网站发布信息")
    by_records = fresh.search_among(q, records, k=3)
    assert fresh._opened is None  # Chroma was not opened
    assert by_records[0][0] == "a:1"
    # the same answer as from the vectors Chroma holds
    by_ids = fresh.search_among(q, [r.passage_id for r in records], k=3)
    assert [pid for pid, _ in by_records] == [pid for pid, _ in by_ids]
    assert [s for _, s in by_records] == pytest.approx([s for _, s in by_ids], abs=1e-6)
    assert fresh._opened is not None
    # a record whose text is not cached is looked up in Chroma by id
    unknown = rec("z", 0, "未缓存的文本")
    assert [pid for pid, _ in VectorIndex(settings).search_among(q, [*records, unknown], k=5)] == [
        pid for pid, _ in by_records]


def test_a_narrative_question_in_a_fresh_process_imports_no_chromadb(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", "GOVQA_EMBEDDER": "hash",
           "GOVQA_HOME": str(tmp_path / "store")}
    env.pop("GOVQA_DATABASE_URL", None)
    env.pop("GOVQA_CHROMA_URL", None)
    ingest = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest"], env=env, capture_output=True,
                            text=True, timeout=300)
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    code = ("import sys\nfrom assistant.cli import main\n"
            "try:\n    main(['ask', 'What problems does the report identify?'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('chromadb', 'langchain_chroma', 'bm25s', 'scipy', 'eval', 'tqdm') "
            "if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "五、存在的主要问题及改进情况" in run.stdout  # answered from the report's section 五
    assert run.stdout.strip().splitlines()[-1] == "[]"
