"""Hybrid retrieval: BM25 over character n-grams with glossary expansion, fused with dense search."""

from __future__ import annotations

import random
import time
from dataclasses import replace
from pathlib import Path

import bm25s
import numpy as np
import pytest

from assistant import retrieve
from assistant.retrieve import Retriever, expand_query, passage_index_text, tokenize
from index.chunking import chunk_report
from index.loaders import load
from index.settings import Settings
from index.types import Location, ParsedReport, Passage, PassageRecord, ReportIdentity
from index.vectors import HashEmbeddings, VectorIndex

SAMPLE = Path(__file__).resolve().parents[2] / "index" / "data" / "huachuan-county-2020.txt"
AGENCY = "桦川县人民政府"


def sample_records(report_id: str = "hc2020", agency: str = AGENCY, year: int = 2020) -> list[PassageRecord]:
    doc = load(SAMPLE)
    report = ParsedReport(report_id, ReportIdentity(agency, year, "2019", "t"), doc, [])
    return [PassageRecord(f"{report_id}:{i}", report_id, agency, year, f"{agency}{year}年报告", p)
            for i, p in enumerate(chunk_report(report))]


@pytest.fixture(scope="module")
def records() -> list[PassageRecord]:
    return sample_records()


@pytest.fixture(scope="module")
def two_reports() -> list[PassageRecord]:
    """The sample, and a copy of it as another agency's 2021 report with other numbers."""
    other = [replace(r, passage=replace(r.passage, text=r.passage.text.replace("2159", "3311")))
             for r in sample_records("qt2021", "七台河市人民政府", 2021)]
    return sample_records() + other


def test_tokenize_unigrams_bigrams_and_words():
    assert tokenize("政府网站 2159条, Total") == ["政", "府", "网", "站", "条", "政府", "府网", "网站", "2159", "total"]
    assert tokenize("政府 信息") == tokenize("政府信息")  # PDF line-break spaces between characters vanish
    assert tokenize("（一）") == ["一"]


def test_expand_query_appends_chinese_labels():
    expanded = expand_query("How many items did the government website publish?")
    labels = expanded.split("?", 1)[1].split()
    assert "政府网站" in labels and "发布" in labels and "条" in labels
    assert "网站" not in labels  # "website" inside "government website" adds nothing more
    assert "问题" in expand_query("What problems does the report identify?")
    assert expand_query("政府网站发布了多少条信息") == "政府网站发布了多少条信息"


def test_problems_question_finds_section_five(records):
    hits = Retriever(records).search("What problems does the report identify?", k=5)
    assert len(hits) == 5
    assert any(h.record.passage.section == "五" for h in hits)
    assert hits[0].record.passage.section == "五"


def test_website_question_top_hit_is_overview_with_the_number(records):
    [top, *_] = Retriever(records).search("政府网站发布了多少条信息", k=3)
    assert top.record.passage.section == "一"
    assert "2159" in top.record.passage.text
    assert top.bm25_rank == 1 and top.dense_rank is None
    assert top.score == pytest.approx(1 / 61)


def test_english_question_finds_the_website_passage_through_the_glossary(records):
    [top, *_] = Retriever(records).search("how many items did the government website publish", k=3)
    assert "2159" in top.record.passage.text


def test_agency_and_year_filters_exclude_other_reports(two_reports):
    r = Retriever(two_reports)
    hits = r.search("政府网站发布了多少条信息", agency=AGENCY, year=2020, k=10)
    assert hits and {h.record.report_id for h in hits} == {"hc2020"}
    assert "2159" in hits[0].record.passage.text
    hits = r.search("政府网站发布了多少条信息", agency="七台河市人民政府", k=10)
    assert hits and {h.record.report_id for h in hits} == {"qt2021"}
    assert "3311" in hits[0].record.passage.text
    assert {h.record.report_id for h in r.search("政府网站", year=2021, k=10)} == {"qt2021"}
    assert r.search("政府网站", agency=AGENCY, year=2021) == []
    assert {h.record.report_id for h in r.search("政府网站", year=(2020, 2021), k=10)} == {"hc2020", "qt2021"}
    assert {h.record.report_id for h in r.search("政府网站", year=[2021, 2022], k=10)} == {"qt2021"}
    assert r.search("政府网站", agency="不存在的机关") == []
    # unfiltered: both reports compete
    assert {h.record.report_id for h in r.search("政府网站发布信息", k=4)} == {"hc2020", "qt2021"}


def test_sections_filter(records):
    hits = Retriever(records).search("政府信息公开", sections=("五", "六"), k=10)
    assert hits and {h.record.passage.section for h in hits} <= {"五", "六"}


def test_unknown_words_give_no_hits(records):
    assert Retriever(records).search("qwertyuiop", k=5) == []
    assert Retriever([]).search("政府网站", k=5) == []


def test_bm25_matrix_equals_bm25s_own_index(two_reports, monkeypatch):
    monkeypatch.setattr(retrieve._Bm25Index, "BATCH", 7)  # several batches, merged
    texts = [passage_index_text(r) for r in two_reports]
    ours = retrieve._Bm25Index(texts)
    reference = bm25s.BM25(method="lucene")
    reference.index([tokenize(t) for t in texts], show_progress=False)
    for q in ("政府网站发布了多少条信息", "存在的主要问题 2159", expand_query("What problems does the report identify?")):
        tokens = list(dict.fromkeys(t for t in tokenize(q) if t in reference.vocab_dict))
        assert np.allclose(ours.scores(q), reference.get_scores(tokens), atol=1e-5)


def test_hybrid_fuses_dense_ranks_and_filters_them(tmp_path, two_reports):
    vectors = VectorIndex(Settings(home=tmp_path), HashEmbeddings())
    vectors.add(two_reports)
    r = Retriever(two_reports, vectors)
    hits = r.search("政府网站发布了多少条信息", agency=AGENCY, year=2020, k=5)
    assert {h.record.report_id for h in hits} == {"hc2020"}
    assert all(h.dense_rank is not None for h in hits)
    top = hits[0]
    assert "2159" in top.record.passage.text
    assert top.score == pytest.approx(1 / (60 + top.bm25_rank) + retrieve.DENSE_WEIGHT / (60 + top.dense_rank))
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_fusion_keeps_bm25s_clear_first_above_a_passage_only_the_dense_ranker_likes(records, monkeypatch):
    """An English question against Chinese passages: BM25 (glossary-expanded) ranks the answer first,
    the cross-lingual dense ranker puts it 23rd and a passage BM25 ranks 9th first. Equal votes
    (weight 1) put that passage on top; BM25's first place must win."""
    answer, dense_favourite = 0, 1
    only_lexical, only_dense = range(2, 12), range(12, 34)  # passages one ranker finds and the other not
    lexical = [answer, *only_lexical[:7], dense_favourite, *only_lexical[7:]]
    dense = [dense_favourite, *only_dense[:21], answer, *only_dense[21:]]
    passages = [replace(records[i % len(records)], passage_id=f"p{i}") for i in range(40)]
    r = Retriever(passages)
    monkeypatch.setattr(r, "bm25", lambda *a, **k: [(i, 1.0) for i in lexical])
    monkeypatch.setattr(r, "dense", lambda *a, **k: [(i, 1.0) for i in dense])
    top = r.search("how many news updates", k=3)[0]
    assert top.record is passages[answer]
    assert (top.bm25_rank, top.dense_rank) == (1, 23)


@pytest.mark.parametrize(("exact", "oversample"), [(4000, 3000), (0, 3000), (0, 0)])
def test_dense_filters_agree_across_strategies(tmp_path, two_reports, monkeypatch, exact, oversample):
    """Exact among the filtered ids, oversampled HNSW then masked, or Chroma's where: same hits."""
    vectors = VectorIndex(Settings(home=tmp_path), HashEmbeddings())
    vectors.add(two_reports)
    monkeypatch.setattr(Retriever, "EXACT_LIMIT", exact)
    monkeypatch.setattr(Retriever, "OVERSAMPLE_LIMIT", oversample)
    r = Retriever(two_reports, vectors)
    found = r.dense("政府网站发布了多少条信息", agency="七台河市人民政府", year=2021, n=5)
    assert len(found) == 5
    assert {r.records[i].report_id for i, _ in found} == {"qt2021"}
    expected = vectors.search("政府网站发布了多少条信息", k=5, agency="七台河市人民政府", year=2021)
    assert [r.records[i].passage_id for i, _ in found] == [pid for pid, _ in expected]
    assert [s for _, s in found] == pytest.approx([s for _, s in expected], abs=1e-5)
    # several years: the where filter, the mask and the exact search agree too
    for years, reports in (((2020, 2021), {"hc2020", "qt2021"}), ([2021], {"qt2021"}), ((2019,), set())):
        found = r.dense("政府网站发布了多少条信息", year=years, n=30)
        assert {r.records[i].report_id for i, _ in found} == reports
        expected = vectors.search("政府网站发布了多少条信息", k=30, year=years)
        assert {r.records[i].passage_id for i, _ in found} == {pid for pid, _ in expected}


@pytest.mark.slow
def test_hybrid_with_e5(tmp_path, records):
    vectors = VectorIndex(Settings(home=tmp_path))
    vectors.add(records)
    r = Retriever(records, vectors)
    [top, *_] = r.search("how many items did the government website publish", agency=AGENCY, year=2020, k=3)
    assert "2159" in top.record.passage.text
    assert top.bm25_rank is not None and top.dense_rank is not None
    hits = r.search("What problems does the report identify?", k=5)
    assert any(h.record.passage.section == "五" for h in hits)


def test_bm25_is_fast_on_many_passages(records):
    rng = random.Random(0)
    sentences = [s for p in records for s in p.passage.text.split("。") if len(s) > 8]
    synthetic = []
    for i in range(20_000):
        text = "。".join(rng.choice(sentences) for _ in range(4)) + f"。共 {rng.randint(1, 9999)} 条。"
        synthetic.append(PassageRecord(f"s{i // 50}:{i % 50}", f"s{i // 50}", f"机关{i // 500}", 2019 + i % 6, "t",
                                       Passage(text, "一", ("一、总体情况",), Location(line=1))))
    start = time.perf_counter()
    r = Retriever(synthetic + records)
    build = time.perf_counter() - start
    timings = []
    for q in ("政府网站发布了多少条信息", "What problems does the report identify?", "政务公开 监督检查"):
        start = time.perf_counter()
        hits = r.search(q, k=5, year=2020)
        timings.append(time.perf_counter() - start)
        assert hits and all(h.record.year == 2020 for h in hits)
    assert build < 30
    assert sorted(timings)[1] < 0.1


def test_english_prose_words_are_searched_in_chinese_without_becoming_question_topics():
    from assistant.understand import Catalog, understand

    # the report's prose vocabulary (SEARCH_TERMS), with plural and verb endings
    expanded = expand_query("How did the county explain its policies and respond to public concerns?")
    for word in ("解读", "政策", "回应", "关切"):
        assert word in expanded
    assert "客户端" not in expand_query("How many applications were received?")  # whole words only
    # … but they do not reroute a figure question: "documents" and "update" are no topics there
    q = understand("How many normative documents did Huachuan County update in 2020?",
                   Catalog([("桦川县人民政府", 2020)]))
    assert q.route == "figures" and q.topics == (), q.describe()
