"""Scoring of the issue-10 measures on hand-built answer dicts: wrong numbers, questions back,
refusal accuracy, check and overview answers. Every expected verdict follows from the definitions
(eval/scoring.py docstring), not from any system's output."""

from __future__ import annotations

from typing import Any

import pytest

from eval.scoring import (
    by_split_kind,
    check_right,
    overview_right,
    rule_id,
    score_item,
    summarize,
    worst_failures,
)

PINGTAN = "平潭综合实验区"


def item(kind: str, gold: dict[str, Any], split: str = "dev", citations: list[dict[str, Any]] | None = None,
         **extra: Any) -> dict[str, Any]:
    return {"id": f"{kind}-{len(str(gold))}", "question": "q", "language": "zh", "kind": kind, "split": split,
            "gold": gold, "gold_citations": citations or [], **extra}


FIGURE = item("figure", {"number": 21, "unit": "件"},
              citations=[{"report": "2020_pingtan", "agency": PINGTAN, "year": 2020, "table": "表三",
                          "row": "一、本年新收政府信息公开申请数量", "column": "总计"}])
UNANSWERABLE = item("unanswerable", {"unanswerable": True, "reason": "unknown agency"})
ASKBACK = item("askback", {"askback": True, "readings": ["平潭综合实验区2021年…？", "平潭综合实验区公安局2021年…？"]})
CHECK_BAD = item("check", {"check": True, "consistent": False, "failing_rules": ["T3-C"]},
                 citations=[{"report": "2020_pingtan", "agency": PINGTAN, "year": 2020}])
CHECK_OK = item("check", {"check": True, "consistent": True, "failing_rules": []},
                citations=[{"report": "2019_pingtan", "agency": PINGTAN, "year": 2019}])
OVERVIEW = item("overview", {"overview": True, "agency": PINGTAN, "years": [2019, 2020]},
                citations=[{"report": "2019_pingtan"}, {"report": "2020_pingtan"}])


def answer(route: str, values: list[float] = (), **extra: Any) -> dict[str, Any]:
    return {"answer": "…", "language": "zh", "route": route, "parsed": "",
            "values": [{"value": v, "unit": "件", "label": f"{PINGTAN} 2020"} for v in values], "citations": [],
            **extra}


def cite(agency: str, year: int) -> dict[str, Any]:
    return {"report_id": "r", "title": "", "agency": agency, "year": year, "section": ""}


def check(rule: str, passed: bool) -> dict[str, Any]:
    return {"report_id": "r", "agency": PINGTAN, "year": 2020, "rule": rule, "scope": "总计", "passed": passed,
            "expected": 27, "found": 21, "detail": ""}


# ---------------------------------------------------------------------------
# Wrong numbers, questions back, refusals
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("ans", "correct", "wrong", "declined"), [
    (answer("figures", [21]), True, False, False),
    (answer("figures", [70]), False, True, False),  # another report's figure: a wrong number
    (answer("refusal"), False, False, True),
    (answer("clarify", readings=["a?", "b?"]), False, False, True),
    (answer("clarify", [21]), False, False, False),  # the right number, but asked back: not an answer
    (answer("figures"), False, False, False),  # no number at all: wrong, but no wrong number
])
def test_a_figure_item_states_the_gold_or_a_wrong_number(ans, correct, wrong, declined):
    r = score_item(FIGURE, ans)
    assert (r["correct"], r["wrong_number"], r["declined"]) == (correct, wrong, declined)


@pytest.mark.parametrize(("ans", "correct", "wrong"), [
    (answer("refusal"), True, False),
    (answer("clarify", readings=["a?"]), True, False),  # a question back is no wrong answer either
    (answer("refusal", [21]), False, True),  # any number stated for it is wrong
    (answer("figures", [21]), False, True),
    (answer("narrative"), False, False),  # a quote, no number: not a refusal, not a wrong number
])
def test_an_unanswerable_item_is_right_only_without_a_number_and_with_a_refusal_or_question(ans, correct, wrong):
    r = score_item(UNANSWERABLE, ans)
    assert (r["correct"], r["wrong_number"]) == (correct, wrong)


@pytest.mark.parametrize(("ans", "correct", "wrong", "declined"), [
    (answer("clarify", readings=["a?", "b?"]), True, False, True),
    (answer("clarify", [70]), False, True, False),
    (answer("refusal"), False, False, True),  # declined, rightly, but did not ask back
    (answer("figures", [70]), False, True, False),
])
def test_an_askback_item_wants_a_question_back_and_no_number(ans, correct, wrong, declined):
    r = score_item(ASKBACK, ans)
    assert (r["correct"], r["wrong_number"], r["declined"]) == (correct, wrong, declined)


def test_compare_accepts_both_gold_values_in_either_order_and_a_difference():
    cmp = item("compare", {"number": 49, "unit": "件", "direction": "up", "values": [21, 70]})
    assert score_item(cmp, answer("figures", [21, 70]))["correct"]
    assert score_item(cmp, answer("figures", [70, 21]))["correct"]
    assert score_item(cmp, answer("figures", [49]))["correct"]
    r = score_item(cmp, answer("figures", [21, 23]))
    assert not r["correct"] and r["wrong_number"]


def test_an_exception_states_no_number():
    r = score_item(UNANSWERABLE, None, None, "RuntimeError: boom")
    assert not r["correct"] and r["wrong_number"] is False and not r["declined"]


# ---------------------------------------------------------------------------
# Checks and overviews
# ---------------------------------------------------------------------------


def test_rule_ids_compare_by_their_leading_part():
    assert rule_id("T3-C") == rule_id("t3-c 自然人") == rule_id("T3-C(总计)") == "T3-C"
    assert rule_id("T4-A") != rule_id("T3-A")


def test_a_check_answer_needs_the_verdict_and_every_failing_rule():
    assert check_right(answer("check", consistent=False, checks=[check("T3-A", True), check("T3-C 自然人", False)]),
                       CHECK_BAD["gold"])
    # the verdict is wrong
    assert not check_right(answer("check", consistent=True, checks=[check("T3-C", False)]), CHECK_BAD["gold"])
    # the right verdict but the failing rule is another one, or only among the passing checks
    assert not check_right(answer("check", consistent=False, checks=[check("T3-A", False)]), CHECK_BAD["gold"])
    assert not check_right(answer("check", consistent=False, checks=[check("T3-C", True)]), CHECK_BAD["gold"])
    # a consistent report: the verdict alone
    assert check_right(answer("check", consistent=True, checks=[check("T3-A", True)]), CHECK_OK["gold"])
    assert check_right(answer("check", consistent=True), CHECK_OK["gold"])
    # another route, or an answer from before the check route (no consistent, no checks): wrong, no crash
    assert not check_right(answer("figures", [21], consistent=True), CHECK_OK["gold"])
    assert not score_item(CHECK_OK, answer("check"))["correct"]
    assert not score_item(CHECK_OK, answer("narrative"))["correct"]
    r = score_item(CHECK_BAD, answer("check", consistent=False, checks=[check("T3-C", False)]))
    assert r["correct"] and r["wrong_number"] is None


def test_an_overview_covers_the_agency_in_every_gold_year():
    both = answer("overview", citations=[cite("平潭综合实验区管理委员会", 2019), cite(PINGTAN, 2020)])
    assert overview_right(both, OVERVIEW["gold"])
    assert score_item(OVERVIEW, both)["correct"]
    assert not overview_right(answer("overview", citations=[cite(PINGTAN, 2019)]), OVERVIEW["gold"])
    assert not overview_right(answer("overview", citations=[cite("淮安市人民政府", 2019), cite("淮安市人民政府", 2020)]),
                              OVERVIEW["gold"])
    assert not overview_right({**both, "route": "narrative"}, OVERVIEW["gold"])
    assert not score_item(OVERVIEW, {"answer": "", "route": "overview"})["correct"]  # no citations: no crash


# ---------------------------------------------------------------------------
# Aggregates
# ---------------------------------------------------------------------------


def test_rates_per_split_and_kind():
    heldout_figure = {**FIGURE, "split": "wild"}
    results = [
        score_item(FIGURE, answer("figures", [21])),  # right
        score_item(FIGURE, answer("figures", [70])),  # wrong number
        score_item(FIGURE, answer("clarify")),  # asked back
        score_item(UNANSWERABLE, answer("refusal")),  # right
        score_item(UNANSWERABLE, answer("figures", [5])),  # wrong number
        score_item(ASKBACK, answer("clarify")),  # right
        score_item(CHECK_BAD, answer("check", consistent=False, checks=[check("T3-C", False)])),  # right
        score_item(heldout_figure, answer("refusal")),  # refused an answerable question
    ]
    m = summarize(results)
    assert m["n"] == 8 and m["accuracy"] == 0.5
    assert m["wrong_numbers"] == 2 and m["wrong_number_rate"] == round(2 / 7, 4)  # the check has no gold number
    assert m["askback_rate"] == round(2 / 8, 4)
    # declined exactly when it should: right for items 1, 2, 4, 6, 7; wrong for 3 (asked back on an
    # answerable question), 5 (answered an unanswerable one) and 8 (refused an answerable one)
    assert m["refusal_accuracy"] == 0.625
    table = by_split_kind(results)
    assert set(table) == {"dev", "wild"}
    assert table["dev"]["all"]["n"] == 7 and table["wild"]["all"]["n"] == 1
    assert table["dev"]["figure"]["wrong_number_rate"] == round(1 / 3, 4)
    assert table["dev"]["figure"]["askback_rate"] == round(1 / 3, 4)
    assert table["dev"]["unanswerable"]["wrong_number_rate"] == 0.5
    assert table["dev"]["unanswerable"]["refusal_accuracy"] == 0.5
    assert table["dev"]["check"]["wrong_number_rate"] is None and table["dev"]["check"]["accuracy"] == 1.0
    assert table["wild"]["figure"]["refusal_accuracy"] == 0.0
    # the wrong numbers head the failures, a number where none may be stated first
    worst = worst_failures(results)
    assert [r["kind"] for r in worst[:2]] == ["unanswerable", "figure"] and worst[1]["number"] == 70
