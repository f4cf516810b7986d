"""Prose ↔ table cross-checks (rules N-…, issue 11 item 2), against gold and hand-made text."""

from __future__ import annotations

import pytest

from index.loaders import load
from index.prose import prose_figures
from index.reportformat import CellKey
from index.tables import parse_report
from index.types import Location, SourceDocument, TextLine

from .gold import gold_cells
from tests.conftest import load_gold


def _parse_text(text: str, name: str):
    lines = [TextLine(t, Location(line=i)) for i, t in enumerate(text.split("\n"), start=1)]
    return parse_report(SourceDocument(path=name, kind="text", sha256="0" * 64, lines=lines))


def _prose(report):
    return {c.rule: (c.expected, c.found, c.passed) for c in report.checks if c.rule.startswith("N-")}


@pytest.mark.parametrize("name, expected", [
    ("2022_pingtan.html", {"N-1": 75, "N-2": 2, "N-3": 1}),
    ("2019_shanghai-szfbgt.html", {"N-1": 859, "N-2": 7}),
    ("2024_huaian-shi.pdf", {"N-1": 3119, "N-2": 351, "N-3": 46}),
    ("2025_suqian-shuyangxian.txt", {"N-1": 749}),
])
def test_real_prose_numbers_are_read_and_agree_with_the_gold_cells(real_reports, shared_dir, name, expected):
    report = parse_report(load(real_reports / name))
    gold = gold_cells(load_gold(shared_dir, name.rsplit(".", 1)[0]))
    got = _prose(report)
    assert {rule: e for rule, (e, _, _) in got.items()} == expected
    assert all(passed for _, _, passed in got.values())
    review_total = CellKey(4, "cases", "review.total")
    if "N-2" in expected:
        assert gold[review_total] == expected["N-2"]


def test_a_number_read_but_held_by_no_cell_is_listed_not_checked(real_reports):
    found = {(pf.phrase.rule, pf.value) for pf in prose_figures(load(real_reports / "2025_suqian-shuyangxian.txt"))}
    assert ("N-7", 380) in found and ("N-6", 4511) in found  # 信息处理费 380 元, 主动公开 4511 条
    report = parse_report(load(real_reports / "2025_suqian-shuyangxian.txt"))
    assert not any(c.rule in ("N-6", "N-7") for c in report.checks)


def test_prose_that_disagrees_with_the_table_fails_like_a_rule(real_reports):
    text = (real_reports / "2021_pingtan.txt").read_text(encoding="utf-8")
    assert "本年度全区共收到70件申请" in text
    report = _parse_text(text.replace("本年度全区共收到70件申请", "本年度全区共收到71件申请"), "2021_pingtan.txt")
    assert _prose(report)["N-1"] == (71, 70, False)


def test_an_agreeing_prose_number_picks_among_run_together_splits(real_reports, shared_dir):
    """The crawler prints 表二's 行政规范性文件 row as '693665': 6 splits; gold 69 / 3 / 665."""
    text = (real_reports / "2021_pingtan.txt").read_text(encoding="utf-8")
    plain = _parse_text(text, "2021_pingtan.txt")
    assert plain.figure(CellKey(2, "normative", "repealed")).status == "uncertain"
    said = text.replace("本年度全区共收到70件申请", "本年度废止规范性文件3件。本年度全区共收到70件申请")
    report = _parse_text(said, "2021_pingtan.txt")
    gold = gold_cells(load_gold(shared_dir, "2021_pingtan"))
    for col in ("issued", "repealed", "in_force"):
        fig = report.figure(CellKey(2, "normative", col))
        assert fig.value == gold[CellKey(2, "normative", col)]
        assert fig.status == "reconstructed" and fig.rule == "N-5"
    assert _prose(report)["N-5"] == (3, 3, True)


def test_a_prose_pin_settles_a_tie_between_readings_and_names_its_rule():
    from index.readings import Reading, resolve

    key = CellKey(4, "cases", "review.total")
    units = {"t4": ((key,), [Reading((5,), source=(0,), exact=True), Reading((7,), source=(0,), exact=True)])}
    tie = resolve(units, ())
    assert key in tie.uncertain and tie.uncertain[key].endswith("5 / 7")
    pinned = resolve(units, (), {key: (7, "N-2")})
    assert pinned.values[key] == 7 and pinned.reconstructed[key] == "N-2" and key not in pinned.uncertain
    # a statement no reading agrees with changes nothing
    assert key in resolve(units, (), {key: (6, "N-2")}).uncertain


def test_a_statement_that_may_mean_several_sums_pins_nothing(real_reports):
    from index.prose import prose_pins

    found = prose_figures(load(real_reports / "2021_pingtan.txt"))  # 收到70件申请: new, or new + carried in
    assert any(pf.phrase.rule == "N-1" for pf in found) and prose_pins(found) == {}
