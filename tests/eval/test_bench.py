"""The benchmark's metrics on hand-made answers, and the runner end to end on fake assistants."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assistant.answers import Answer, Citation, Value
from eval import bench
from eval.baseline import BaselineRAG, first_number
from eval.bench import (
    answer_number,
    citation_match,
    citation_scores,
    number_matches,
    passage_rank,
    run,
    score_item,
    summarize,
    to_gold_unit,
)
from eval.run_cli import run as run_command
from index.vectors import HashEmbeddings

HUACHUAN = {"agency": "桦川县人民政府", "year": 2020}


def cite(table: str | None = "表三", row: str | None = "（一）予以公开", column: str | None = "总计", quote: str = "",
         agency: str = "桦川县人民政府", year: int = 2020) -> Citation:
    return Citation(report_id="r", title="t", agency=agency, year=year, section="三", table=table, row=row,
                    column=column, quote=quote)


def figure_item(number: float = 8, unit: str = "件", kind: str = "figure", **extra: Any) -> dict[str, Any]:
    item = {"id": "t1", "question": "桦川县2020年予以公开多少件？", "language": "zh", "kind": kind, "split": "train",
            "gold": {"number": number, "unit": unit},
            "gold_citations": [{"report": "huachuan-county-2020", **HUACHUAN, "table": "表三", "row": "（一）予以公开",
                                "column": "总计"}]}
    item.update(extra)
    return item


def figure_answer(value: float, unit: str = "件", citations: list[Citation] | None = None, route: str = "figures",
                  label: str = "桦川县人民政府 2020 予以公开") -> Answer:
    return Answer(answer=f"{value}", language="zh", route=route, values=[Value(value, unit, label)],  # type: ignore[arg-type]
                  citations=citations if citations is not None else [cite()])


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


def test_counts_must_match_exactly_and_rates_within_half_a_percent():
    assert number_matches(8, 8, "件")
    assert not number_matches(9, 8, "件")
    assert not number_matches(8.4, 8, "件")
    assert number_matches(88.9, 100 * 8 / 9, "%")
    assert number_matches(88.89, 100 * 8 / 9, "%")
    assert not number_matches(90.0, 100 * 8 / 9, "%")
    assert not number_matches(None, 8, "件")
    assert number_matches(242523110.82, 242523110.82, "元")
    assert not number_matches(242523110.0, 242523110.82, "元")


def test_units_are_normalised_to_the_gold_unit():
    assert to_gold_unit(1.8, "亿元", "元") == pytest.approx(180_000_000)
    assert number_matches(to_gold_unit(24252.311082, "万元", "元"), 242523110.82, "元")
    assert to_gold_unit(0.8889, "", "%") == pytest.approx(88.89)
    assert to_gold_unit(88.89, "%", "%") == 88.89
    assert to_gold_unit(8, "件", "件") == 8


def test_exact_match_uses_the_first_value_after_unit_conversion():
    item = figure_item(242523110.82, "元")
    assert score_item(item, figure_answer(24252.311082, "万元"))["number_correct"]
    assert not score_item(item, figure_answer(24252.311082, "元"))["number_correct"]
    # values[0] counts, not a later value
    two = Answer(answer="", language="zh", route="figures", values=[Value(9, "件", "a"), Value(8, "件", "b")],
                 citations=[cite()])
    assert not score_item(figure_item(), two)["correct"]
    assert not score_item(figure_item(), Answer(answer="8件", language="zh", route="figures"))["correct"]


def test_change_and_compare_take_the_difference_of_per_year_values():
    item = figure_item(49, kind="change")
    per_year = Answer(answer="", language="zh", route="figures",
                      values=[Value(21, "件", "平潭 2020"), Value(70, "件", "平潭 2021")])
    assert answer_number(per_year.to_dict(), item) == 49
    labelled = Answer(answer="", language="zh", route="figures",
                      values=[Value(21, "件", "2020"), Value(70, "件", "2021"), Value(-3, "件", "变化")])
    assert answer_number(labelled.to_dict(), item) == -3
    assert score_item({**item, "kind": "compare"}, per_year)["number_correct"]
    assert not score_item({**item, "gold": {"number": -49, "unit": "件"}}, per_year)["number_correct"]


def test_trend_needs_every_year_of_the_series():
    item = figure_item(kind="trend")
    item["gold"] = {"series": [{"year": 2019, "number": 23}, {"year": 2020, "number": 21}, {"year": 2021, "number": 70}],
                    "number": 47, "unit": "件"}
    full = Answer(answer="", language="zh", route="figures", values=[Value(v, "件", "") for v in (23, 21, 70)])
    assert score_item(item, full)["correct"]
    short = Answer(answer="", language="zh", route="figures", values=[Value(v, "件", "") for v in (23, 70)])
    assert not score_item(item, short)["correct"]


def test_rank_needs_the_right_agency_on_top():
    item = figure_item(21, kind="rank")
    item["gold"].update(agency="平潭综合实验区", agencies=["平潭综合实验区"])
    right = Answer(answer="", language="zh", route="figures",
                   values=[Value(21, "件", "平潭综合实验区 2020"), Value(9, "件", "桦川县人民政府 2020")])
    wrong = Answer(answer="", language="zh", route="figures",
                   values=[Value(21, "件", "桦川县人民政府 2020"), Value(9, "件", "平潭综合实验区 2020")])
    assert score_item(item, right)["correct"]
    assert not score_item(item, wrong)["correct"]


# ---------------------------------------------------------------------------
# Citations
# ---------------------------------------------------------------------------


def test_citation_matches_the_gold_cell_in_any_label_form():
    gold = figure_item()["gold_citations"][0]
    assert citation_match(cite().__dict__, gold)
    assert citation_match(cite(row="三、本年度办理结果/(一)予以公开").__dict__, gold)
    assert not citation_match(cite(row="（二）部分公开（区分处理的，只计这一情形，不计其他情形）").__dict__, gold)
    assert not citation_match(cite(column="自然人").__dict__, gold)
    assert not citation_match(cite(year=2021).__dict__, gold)
    assert not citation_match(cite(agency="平潭综合实验区").__dict__, gold)
    assert not citation_match(cite(table="表二").__dict__, gold)
    # the parsed agency may be shorter, longer or misread by OCR by one character
    assert citation_match(cite(agency="洪泽区人民政府", year=2023).__dict__,
                          {**gold, "agency": "淮安市洪泽区人民政府", "year": 2023})
    assert citation_match(cite(agency="沐阳县人民政府", year=2025).__dict__,
                          {**gold, "agency": "沭阳县人民政府", "year": 2025})
    assert not citation_match(cite(agency="淮安市洪泽区人民政府", year=2024).__dict__,
                              {**gold, "agency": "淮安市人民政府", "year": 2024})
    # 表二 with its group prefix; 表四 by column path
    t2 = {**gold, "table": "表二", "group": "第二十条第（六）项", "row": "行政处罚", "column": "处理决定数量"}
    assert citation_match(cite("表二", "第二十条第（六）项 行政处罚", "处理决定数量").__dict__, t2)
    assert not citation_match(cite("表二", "第二十条第（六）项 行政强制", "处理决定数量").__dict__, t2)
    t4 = {**gold, "table": "表四", "row": None, "column": "行政复议/结果维持"}
    assert citation_match(cite("表四", "案件数量", "行政复议/结果维持").__dict__, t4)
    assert not citation_match(cite("表四", "案件数量", "行政诉讼/复议后起诉/结果维持").__dict__, t4)


def test_citation_accuracy_needs_every_gold_cell_and_precision_counts_extra_cells():
    item = figure_item(kind="ratio")
    item["gold_citations"].append({**item["gold_citations"][0], "row": "（七）总计"})
    both = figure_answer(88.9, "%", [cite(), cite(row="（七）总计")])
    one = figure_answer(88.9, "%", [cite()])
    extra = figure_answer(88.9, "%", [cite(), cite(row="（七）总计"), cite(row="（二）部分公开"), cite(row="一、本年新收政府信息公开申请数量")])
    assert citation_scores(both.to_dict(), item) == (True, 1.0)
    assert citation_scores(one.to_dict(), item) == (False, 1.0)
    assert citation_scores(extra.to_dict(), item) == (True, 0.5)
    assert citation_scores(figure_answer(88.9, "%", []).to_dict(), item) == (False, 0.0)


# ---------------------------------------------------------------------------
# Narrative passages, refusals
# ---------------------------------------------------------------------------


def narrative_item() -> dict[str, Any]:
    return {"id": "n1", "question": "桦川县2020年政务公开存在哪些问题？", "language": "zh", "kind": "narrative",
            "split": "train", "gold": {"section": "五", "keywords": ["政府信息公开不及时"]},
            "gold_citations": [{"report": "huachuan-county-2020", **HUACHUAN, "section": "五"}]}


def test_passage_rank_is_the_first_citation_holding_the_key_words_of_the_gold_report():
    other = cite(None, None, None, quote="政府网站全年共发布信息 2159 条。")
    gold = cite(None, None, None, quote="但仍有个别部门存在政府信息公开不及时、不规范的情况。")
    wrong_report = cite(None, None, None, quote=gold.quote, agency="平潭综合实验区")
    item = narrative_item()

    def ans(cs: list[Citation]) -> dict[str, Any]:
        return Answer(answer="", language="zh", route="narrative", citations=cs).to_dict()

    assert passage_rank(ans([gold, other]), item) == 1
    assert passage_rank(ans([other, wrong_report, gold]), item) == 3
    assert passage_rank(ans([other] * 5 + [gold]), item) == 6
    assert passage_rank(ans([other, wrong_report]), item) is None
    results = [score_item(item, Answer(answer="", language="zh", route="narrative", citations=cs))
               for cs in ([gold], [other, gold], [other] * 5 + [gold], [other])]
    m = summarize(results)
    assert m["recall_at_5"] == 0.5
    assert m["mrr"] == pytest.approx((1 + 0.5 + 1 / 6 + 0) / 4, abs=1e-4)
    assert [r["correct"] for r in results] == [True, True, False, False]


def test_refusal_precision_and_recall():
    unans = {"id": "u", "question": "桦川县2021年予以公开多少件？", "language": "zh", "kind": "unanswerable",
             "split": "train", "gold": {"unanswerable": True}, "gold_citations": []}
    refusal = Answer(answer="没有2021年的报告", language="zh", route="refusal")
    results = [
        score_item(unans, refusal),  # right refusal
        score_item(unans, figure_answer(8)),  # answered what it cannot know
        score_item(figure_item(), refusal),  # refused an answerable question
        score_item(figure_item(), figure_answer(8)),
    ]
    assert [r["correct"] for r in results] == [True, False, False, True]
    m = summarize(results)
    assert m["refusal_precision"] == 0.5 and m["refusal_recall"] == 0.5
    assert m["false_refusal_rate"] == 0.5
    assert m["accuracy"] == 0.5


def test_an_exception_is_a_failed_item():
    r = score_item(figure_item(), None, None, "RuntimeError: boom")
    assert not r["correct"] and r["error"] and not r["refused"]


# ---------------------------------------------------------------------------
# Baseline
# ---------------------------------------------------------------------------


def test_first_number_reads_the_unit_after_it():
    assert first_number("共收到申请 1,234 件") == (1234, "")
    assert first_number("收费 24252.31万元") == (24252.31, "万元")
    assert first_number("无") is None


def test_baseline_answers_with_its_best_chunk():
    from langchain_core.documents import Document

    docs = [Document(page_content="五、存在的主要问题及改进情况\n个别部门存在政府信息公开不及时的情况。\n\n"
                                  "一、总体情况\n政府网站全年共发布信息2159条。",
                     metadata={"agency": "桦川县人民政府", "year": 2020, "report": "h", "title": "t"})]
    rag = BaselineRAG(docs, HashEmbeddings(), chunk_size=30, chunk_overlap=0, k=3)
    a = rag.ask("政府网站全年共发布信息多少条")
    assert a.route == "narrative" and a.citations[0].agency == "桦川县人民政府"
    assert "2159" in a.answer and a.values[0].value == 2159
    assert a.language == "zh" and rag.ask("How many items did 桦川县 publish?").language == "en"


# ---------------------------------------------------------------------------
# The runner, end to end on fake assistants
# ---------------------------------------------------------------------------


class Oracle:
    """Answers every benchmark item correctly from its gold (a conversation is a list of turns)."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        self.by_turns = {tuple(it.get("history", [])) + (it["question"],): it for it in items}
        self.asked: list[str] = []

    def ask(self, question: str, conversation: list[str] | None = None) -> Answer | dict[str, Any]:
        self.asked.append(question)
        turns = tuple(conversation or []) + (question,)
        if conversation is not None:
            conversation.append(question)
        item = self.by_turns.get(turns)
        if item is None:  # an earlier turn of a conversation
            return Answer(answer="", language="zh", route="figures")
        gold = item["gold"]
        lang = item["language"]
        cites = [Citation(report_id="x", title="", agency=c["agency"], year=c["year"], section=c.get("section", ""),
                          table=c.get("table"),
                          row=(f"{c['group']} {c['row']}" if c.get("group") else c.get("row")),
                          column=c.get("column"), quote=" ".join(gold.get("keywords") or []))
                 for c in item["gold_citations"]]
        if gold.get("unanswerable"):
            return Answer(answer="不在语料中", language=lang, route="refusal")  # type: ignore[arg-type]
        # the routes the assistant is gaining (issue 10), in its to_dict() shape
        if item["kind"] == "askback":
            return {"answer": "您是指…？", "language": lang, "route": "clarify", "readings": gold["readings"],
                    "values": [], "citations": []}
        if item["kind"] == "check":
            checks = [{"report_id": "x", "agency": c["agency"], "year": c["year"], "rule": f"{rule} 总计",
                       "scope": "总计", "passed": False, "expected": 1, "found": 2, "detail": ""}
                      for c in item["gold_citations"] for rule in gold["failing_rules"]]
            return {"answer": "…", "language": lang, "route": "check", "values": [], "citations": [],
                    "checks": checks, "consistent": gold["consistent"]}
        if item["kind"] == "overview":
            return {"answer": "…", "language": lang, "route": "overview", "values": [],
                    "citations": [{"agency": gold["agency"], "year": y} for y in gold["years"]]}
        if item["kind"] == "narrative":
            return Answer(answer="…", language=lang, route="narrative", citations=cites)  # type: ignore[arg-type]
        if "series" in gold:
            values = [Value(s["number"], gold["unit"], str(s["year"])) for s in gold["series"]]
        elif item["kind"] in ("change", "compare"):
            values = [Value(gold["number"], gold["unit"], "变化")]
        else:
            values = [Value(gold["number"], gold["unit"], gold.get("agency", ""))]
        return Answer(answer="…", language=lang, route="figures", values=values, citations=cites)  # type: ignore[arg-type]


class Refuser:
    def ask(self, question: str, conversation: Any = None) -> Answer:
        return Answer(answer="无法回答", language="zh", route="refusal")


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from eval.synth import generate_corpus

    out = tmp_path_factory.mktemp("corpus")
    generate_corpus(out, agencies=2, years=range(2020, 2023), renderings=("html", "text"), seed=1, progress=False)
    return out


def test_run_generated_scores_a_perfect_assistant_perfectly(tiny_corpus: Path, tmp_path: Path):
    calls: dict[str, Any] = {}

    def fake_ingest(paths: list[Path], store: Path, progress: bool) -> None:
        calls["paths"], calls["store"] = paths, store
        assert store.is_dir() and store.parent == tmp_path / "out"

    items, _, _, _ = bench._prepare_generated(tiny_corpus, tmp_path, 0, None, "all")
    oracle = Oracle(items)
    results = run("generated", tiny_corpus, tmp_path / "out", open_assistant=lambda store: oracle, ingest=fake_ingest,
                  conversation=list, baseline=True, baseline_embeddings=HashEmbeddings())
    # one file per report, renderings rotated; the fresh store is gone afterwards
    assert len(calls["paths"]) == 6 and {p.suffix for p in calls["paths"]} == {".html", ".txt"}
    assert not calls["store"].exists()
    govqa = results["systems"]["govqa"]
    assert results["primary_metric"] == "accuracy" and results["primary"] == 1.0
    assert govqa["overall"]["n"] == len(items)
    for kind, m in govqa["by_kind"].items():
        assert m["accuracy"] == 1.0, kind
    assert govqa["overall"]["citation_accuracy"] == 1.0
    assert govqa["overall"]["refusal_precision"] == govqa["overall"]["refusal_recall"] == 1.0
    assert set(govqa["by_rendering"]) >= {"html", "text"} and set(govqa["by_split"]) == {"train", "heldout"}
    assert results["systems"]["baseline"]["overall"]["accuracy"] < 0.5
    saved = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert saved["primary"] == 1.0 and len(saved["items"]["govqa"]) == len(items)
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "## By kind" in report and "| metric | govqa | baseline |" in report and "## By rendering" in report
    # follow-ups went through one conversation: each history turn was asked before its question
    followup = next(it for it in items if it["kind"] == "followup")
    i = oracle.asked.index(followup["question"])
    assert oracle.asked[i - 1] == followup["history"][-1]


def test_run_lists_the_failures_of_a_refusing_assistant(tiny_corpus: Path, tmp_path: Path):
    results = run("generated", tiny_corpus, tmp_path, limit=30, open_assistant=lambda store: Refuser(),
                  ingest=lambda paths, store, progress: None, conversation=list)
    m = results["systems"]["govqa"]["overall"]
    assert m["n"] == 30 and m["refusal_recall"] == 1.0 and m["exact_match"] == 0.0
    kinds = results["systems"]["govqa"]["by_kind"]
    assert len(kinds) == 11  # the limit keeps every kind
    assert m["accuracy"] == pytest.approx(kinds["unanswerable"]["n"] / 30, abs=1e-3)
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## Worst failures" in report and "expected:" in report and "got (refusal)" in report


def test_run_handwritten_resolves_golds_and_scores_an_oracle(shared_dir: Path, tmp_path: Path):
    from eval.questions import load_handwritten, resolve_items

    items, _ = resolve_items(load_handwritten(), shared_dir / "gold")
    ingested: list[Path] = []
    results = run("handwritten", None, tmp_path, open_assistant=lambda store: Oracle(items),
                  ingest=lambda paths, store, progress: ingested.extend(paths), conversation=list,
                  gold_dir=shared_dir / "gold")
    assert results["corpora"]["handwritten"]["skipped"] == []
    assert results["primary"] == 1.0 and results["systems"]["govqa"]["overall"]["n"] == len(items)
    names = sorted(p.name for p in ingested)
    assert "huachuan-county-2020.txt" in names and "2021_pingtan.html" in names and "2021_pingtan.txt" not in names
    renderings = results["systems"]["govqa"]["by_rendering"]
    assert {"text", "html", "pdf"} <= set(renderings)


@pytest.mark.parametrize("suite", ["dev", "wild", "fresh", "unseen"])
def test_run_wild_and_dev_resolve_golds_and_score_an_oracle(suite: str, shared_dir: Path, tmp_path: Path):
    from eval.questions import DEV_PATH, FRESH_PATH, UNSEEN_PATH, WILD_PATH, load_handwritten, resolve_items

    path = {"wild": WILD_PATH, "dev": DEV_PATH, "fresh": FRESH_PATH, "unseen": UNSEEN_PATH}[suite]
    items, _ = resolve_items(load_handwritten(path), shared_dir / "gold")
    ingested: list[Path] = []
    results = run(suite, None, tmp_path, open_assistant=lambda store: Oracle(items),
                  ingest=lambda paths, store, progress: ingested.extend(paths), conversation=list,
                  gold_dir=shared_dir / "gold")
    assert results["corpora"][suite]["skipped"] == []
    govqa = results["systems"]["govqa"]
    assert results["primary"] == 1.0 and govqa["overall"]["n"] == len(items)
    table = govqa["by_split_kind"]
    assert set(table) == {suite} and {"check", "overview", "askback", "unanswerable", "figure"} <= set(table[suite])
    for kind, m in table[suite].items():
        assert m["accuracy"] == 1.0 and m["wrong_number_rate"] in (0.0, None) and m["refusal_accuracy"] == 1.0, kind
    assert table[suite]["askback"]["askback_rate"] == 1.0 and table[suite]["figure"]["askback_rate"] == 0.0
    assert "2021_pingtan.html" in {p.name for p in ingested}
    saved = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert saved["systems"]["govqa"]["by_split_kind"][suite]["all"]["wrong_numbers"] == 0
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## By split and kind" in report and f"| {suite} | check | " in report and "| wrong-number rate |" in report


class EightEverywhere:
    """States a number for every question: wrong for every unanswerable and askback item."""

    def ask(self, question: str, conversation: Any = None) -> Answer:
        return figure_answer(8)


def test_a_number_where_none_may_be_stated_is_a_wrong_number(shared_dir: Path, tmp_path: Path):
    results = run("dev", None, tmp_path, open_assistant=lambda store: EightEverywhere(),
                  ingest=lambda paths, store, progress: None, conversation=list, gold_dir=shared_dir / "gold")
    table = results["systems"]["govqa"]["by_split_kind"]["dev"]
    for kind in ("unanswerable", "askback"):
        assert table[kind]["wrong_number_rate"] == 1.0 and table[kind]["wrong_numbers"] == table[kind]["n"]
        assert table[kind]["accuracy"] == 0.0 and table[kind]["refusal_accuracy"] == 0.0
    assert table["figure"]["refusal_accuracy"] == 1.0 and table["all"]["askback_rate"] == 0.0
    # items without a gold number are not counted either way
    assert table["check"]["wrong_number_rate"] is None and table["check"]["accuracy"] == 0.0
    assert table["all"]["wrong_numbers"] >= table["unanswerable"]["n"] + table["askback"]["n"]


def test_all_asks_the_hand_written_suites_of_one_store(shared_dir: Path, tiny_corpus: Path, tmp_path: Path):
    ingests: list[list[Path]] = []
    results = run("all", tiny_corpus, tmp_path, limit=12, open_assistant=lambda store: Refuser(),
                  ingest=lambda paths, store, progress: ingests.append(paths), conversation=list,
                  gold_dir=shared_dir / "gold")
    assert set(results["corpora"]) == {"handwritten", "wild", "dev", "fresh", "unseen", "generated"}
    assert len(ingests) == 2  # the real reports once, the generated corpus once
    assert results["corpora"]["wild"]["store_shared_by"] == "handwritten+wild+dev+fresh+unseen"
    assert results["corpora"]["generated"]["store_shared_by"] is None
    assert set(results["systems"]["govqa"]["by_split"]) == {"train", "heldout", "wild", "dev", "fresh", "unseen"}
    assert results["systems"]["govqa"]["overall"]["n"] == 6 * 12


def test_run_rejects_an_unknown_suite_and_a_missing_corpus(tmp_path: Path):
    with pytest.raises(ValueError, match="unknown suite"):
        run("everything", None, tmp_path)
    with pytest.raises(ValueError, match="does not exist"):
        run("generated", tmp_path / "nowhere", tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match="no truth files"):
        run("generated", empty, tmp_path, open_assistant=lambda s: Refuser(), ingest=lambda *a, **k: None)


def test_cli_rejects_bad_input_with_a_clear_message(tmp_path: Path):
    runner = CliRunner()
    r = runner.invoke(run_command, ["--suite", "everything"])
    assert r.exit_code == 2 and "everything" in r.output, r.output
    r = runner.invoke(run_command, ["--suite", "generated", "--corpus", str(tmp_path / "nowhere")])
    assert r.exit_code == 2 and "does not exist" in r.output, r.output
    empty = tmp_path / "empty"
    empty.mkdir()
    r = runner.invoke(run_command, ["--suite", "generated", "--corpus", str(empty), "--out", str(tmp_path / "o")])
    assert r.exit_code == 1 and "no truth files" in r.output, r.output


def test_cli_prints_the_summary_table(tiny_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(bench, "_default_open", lambda: (lambda store: Refuser()))
    monkeypatch.setattr(bench, "_default_ingest", lambda: (lambda paths, store, progress: None))
    monkeypatch.setattr(bench, "_default_conversation", lambda: list)
    r = CliRunner().invoke(run_command, ["--suite", "generated", "--corpus", str(tiny_corpus), "--out",
                                         str(tmp_path / "o"), "--limit", "12", "--no-baseline"])
    assert r.exit_code == 0, r.output
    assert "accuracy (primary)" in r.output and "refusal recall" in r.output and "12 questions" in r.output
    assert (tmp_path / "o" / "report.md").is_file()
