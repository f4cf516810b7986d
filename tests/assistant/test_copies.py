"""The same report stored twice (web page and crawler text): one value, cited from both, never summed twice."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assistant import api
from assistant.compose import figure_answer
from assistant.lookup import MetricValue, merge_copies
from index.reportformat import CellKey

KEY = CellKey(3, "granted", "total")


@dataclass
class Cell:
    report_id: str
    agency: str = "示例县人民政府"
    year: int = 2021
    title: str = "示例县人民政府2021年政府信息公开工作年度报告"
    format: str = "2021"
    key: CellKey = KEY
    value: int = 30
    check_status: str = "passes"
    source_text: str = "（一）予以公开 27 0 0 2 0 1 30"
    location: object = None


def _value(report_id: str, value: int, status: str = "passes") -> MetricValue:
    cell = Cell(report_id, value=value, check_status=status)
    return MetricValue(cell.agency, cell.year, report_id, cell.title, cell.format, value, [cell])


def test_agreeing_copies_give_one_value_and_the_certain_copy_stands():
    merged = merge_copies([_value("txt", 30, "reconstructed"), _value("html", 30)])
    assert [(v.report_id, v.value) for v in merged] == [("html", 30)]
    assert [c.report_id for c in merged[0].copies] == ["txt"]


def test_a_disagreeing_copy_is_kept_and_said():
    merged = merge_copies([_value("html", 30), _value("txt", 31, "uncertain")])
    assert len(merged) == 1 and merged[0].value == 30 and merged[0].disagreeing[0].value == 31
    answer = figure_answer(("予以公开", "fully disclosed"), merged, "value", "en", "")
    assert "30" in answer.answer and "gives 31" in answer.answer and "disagree" in answer.answer
    assert {c.report_id for c in answer.citations} == {"html", "txt"}


def test_two_copies_of_a_real_report_are_neither_repeated_nor_summed_twice(real_reports: Path, shared_dir: Path,
                                                                         store_home: Path):
    gold = json.loads((shared_dir / "gold" / "2021_pingtan.json").read_text(encoding="utf-8"))
    granted = gold["table3"]["（一）予以公开"][-1]
    files = [real_reports / "2021_pingtan.html", real_reports / "2021_pingtan.txt"]
    assert len(api.ingest(files, store=store_home, progress=False, vectors=False).ingested) == 2
    bot = api.open_assistant(store_home)
    one = bot.ask("How many requests did Pingtan grant in full in 2021?")
    assert [v.value for v in one.values] == [granted]
    assert one.answer.count(str(granted)) == 1
    assert len({c.report_id for c in one.citations}) == 2
    total = bot.ask("2021年各机关予以公开合计多少件")
    assert [v.value for v in total.values] == [granted]
