"""Sums and rankings across every agency of a year, answered from the store's per-year tables
(assistant/across.py): the numbers are the generator's truth and exactly what the per-report path
gives; the citations are bounded; a store where the tables would differ (an unreadable cell with a
stored copy in the year) goes back to the per-report path; one cell of every agency is asked back.
Runs on SQLite and on PostgreSQL (tests/conftest.py ``database_url``)."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from assistant import qa
from assistant.across import CONTRIBUTORS, across_answer
from assistant.qa import Assistant, metric_labels
from assistant.understand import understand
from bench.synthstore import parsed_report
from eval.synth import generate_truths
from index import reportformat as rf
from index.figures_store import FiguresStore
from index.reportformat import CellKey
from index.settings import get_settings

YEAR = 2021
REVIEW = [CellKey(4, "cases", "review.total")]
NEW = [CellKey(3, "new", "total")]
DENIED = [CellKey(3, r, "total") for r in rf.DERIVED_BY_ID["denied"].parts]
GRANTED = CellKey(3, "granted", "total")


@pytest.fixture
def bot(database_url: str, tmp_path) -> Assistant:
    store = FiguresStore(database_url)
    truths = generate_truths(12, [2020, YEAR], seed=7)
    for t in truths:
        assert store.put_report(*parsed_report(t)) == "added"
    assistant = Assistant(get_settings(home=tmp_path / "home", embedder="hash"), store, chat_model=None)
    assistant.truths = truths  # type: ignore[attr-defined]
    yield assistant
    store.close()


def _truth(bot: Assistant, year: int, keys: list[CellKey]) -> int:
    return sum(t.cells()[k] for t in bot.truths if t.year == year for k in keys)  # type: ignore[attr-defined]


def _per_report(bot: Assistant, question: str, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as m:
        m.setattr(qa, "across_answer", lambda *a, **k: None)
        return bot.ask(question)


def _fast(bot: Assistant, question: str) -> bool:
    q = understand(question, bot.catalog)
    return across_answer(bot.store, q, list(q.years), "", lambda fmt: metric_labels(q, fmt)) is not None


@pytest.mark.parametrize(("question", "year", "keys"), [
    ("2021年所有机关的行政复议总计多少件", YEAR, REVIEW),
    ("Across all agencies, what was the total number of requests received in 2020?", 2020, NEW),
    ("2021年所有机关的不予公开总共多少", YEAR, DENIED),  # a derived metric: a sum of eight cells
])
def test_a_sum_across_every_agency_is_the_truth_from_the_totals(bot, question, year, keys, monkeypatch) -> None:
    assert _fast(bot, question)
    a = bot.ask(question)
    assert a.route == "figures" and [v.value for v in a.values] == [_truth(bot, year, keys)]
    assert [v.value for v in _per_report(bot, question, monkeypatch).values] == [v.value for v in a.values]
    total = a.citations[0]
    assert total.report_id == "" and total.table is None and "12" in total.agency
    assert str(_truth(bot, year, keys)) in total.quote
    assert 1 < len(a.citations) <= 1 + CONTRIBUTORS * len(keys)
    assert "12" in a.answer


def test_a_rate_across_every_agency_is_the_summed_numerator_over_the_summed_denominator(bot) -> None:
    d = rf.DERIVED_BY_ID["disclosure_rate"]
    num = [CellKey(3, r, "total") for r in d.parts]
    den = [CellKey(3, r, "total") for r in d.denominator]
    a = bot.ask("2021年所有机关的予以公开率合计是多少")
    assert a.values[0].unit == "%"
    assert a.values[0].value == round(100.0 * _truth(bot, YEAR, num) / _truth(bot, YEAR, den), 1)


@pytest.mark.parametrize("question", ["2021年哪个机关的予以公开最多？", "2021年哪个机关的不予公开最多？"])
def test_a_ranking_reads_only_the_top_and_ranks_as_the_per_report_path(bot, question, monkeypatch) -> None:
    assert _fast(bot, question)
    a = bot.ask(question)
    slow = _per_report(bot, question, monkeypatch)
    assert [(v.value, v.label) for v in a.values] == [(v.value, v.label) for v in slow.values]
    assert a.answer == slow.answer and a.citations == slow.citations
    keys = [GRANTED] if "予以公开" in question else DENIED
    best = max(bot.truths, key=lambda t: (t.year == YEAR, sum(t.cells()[k] for k in keys)))  # type: ignore[attr-defined]
    assert a.values[0].label == f"{best.agency.name} {YEAR}" and a.values[0].value == sum(best.cells()[k] for k in keys)


def test_copies_and_unreadable_cells_give_the_per_report_numbers(bot, monkeypatch) -> None:
    year_truths = [t for t in bot.truths if t.year == YEAR]  # type: ignore[attr-defined]
    question, rank = "2021年所有机关的予以公开总共多少", "2021年哪个机关的予以公开最多？"
    # an unreadable cell and no stored copy: a total or a ranking without that report would be wrong,
    # so neither is given, and the answer names the report whose cell could not be read
    report, passages = parsed_report(year_truths[0])
    report.source.sha256 = hashlib.sha256(b"v2").hexdigest()
    report.figures = [dataclasses.replace(f, status="uncertain") if f.key == GRANTED else f for f in report.figures]
    assert bot.store.put_report(report, passages) == "replaced"
    assert not _fast(bot, question) and not _fast(bot, rank)
    for q in (question, rank):
        a = bot.ask(q)
        assert a.values == [] and a.route == "refusal"
        assert f"{year_truths[0].agency.name} {YEAR}" in a.answer and "没能可靠读出" in a.answer
    # one agency's trend over 2020-2021 would miss a year: also not given, the report named
    trend = bot.ask(f"{year_truths[0].agency.name}2020年到2021年予以公开的变化趋势")
    assert trend.values == [] and f"{year_truths[0].agency.name} {YEAR}" in trend.answer, trend.answer
    expected = _truth(bot, YEAR, [GRANTED]) - year_truths[0].cells()[GRANTED]
    # a second copy of that report that reads the cell: the per-report path takes the copy's value,
    # so the totals (canonical copies only) no longer say the same and are not used
    copy, passages2 = parsed_report(year_truths[0])
    copy.report_id += "-pdf"
    copy.source.path = "elsewhere/copy.pdf"
    copy.source.sha256 = hashlib.sha256(b"copy").hexdigest()
    less_sure = {NEW[0], DENIED[0]}  # two unreadable cells: the copy is the less trusted one
    copy.figures = [dataclasses.replace(f, status="uncertain") if f.key in less_sure else f for f in copy.figures]
    assert bot.store.put_report(copy, passages2) == "added"
    assert bot.store.has_copies(YEAR)
    assert {r.report_id for r in bot.store.reports(year=YEAR) if r.copy_of} == {copy.report_id}
    assert not _fast(bot, question) and not _fast(bot, rank)
    assert bot.ask(question).values[0].value == expected + year_truths[0].cells()[GRANTED]
    for q in (question, rank):
        assert bot.ask(q).values == _per_report(bot, q, monkeypatch).values
    # the other cells are read for certain in every report: the totals still answer, canonical copies only
    assert _fast(bot, "2021年所有机关的行政复议总计多少件")
    assert bot.ask("2021年所有机关的行政复议总计多少件").values[0].value == _truth(bot, YEAR, REVIEW)


def test_one_cell_of_every_agency_is_asked_back_not_listed(bot) -> None:
    a = bot.ask("2021年各机关收到多少申请")
    assert a.route == "clarify" and not a.values and not a.citations
    assert 1 <= len(a.readings) <= 3
