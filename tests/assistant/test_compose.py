"""Narrative answers composed from hand-built retrieval hits."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.compose import narrative_answer
from index.types import Location, Passage, PassageRecord


@dataclass
class Hit:
    record: PassageRecord


def _hit(text: str, n: int = 0) -> Hit:
    passage = Passage(text=text, section="一", section_path=("一、总体情况",), location=Location(line=10 + n))
    return Hit(PassageRecord(passage_id=f"r:{n}", report_id="r", agency="示例县人民政府", year=2020,
                             title="示例县人民政府2020年政府信息公开工作年度报告", passage=passage))


def test_a_how_many_question_quotes_the_sentence_that_counts_first():
    hits = [_hit("我县政府网站持续优化栏目设置。全年通过网站发布信息2159条。")]
    answer = narrative_answer(hits, "How many items did the government website publish?", "en", "")
    assert answer.citations[0].quote == "全年通过网站发布信息2159条。"
    assert [(v.value, v.unit) for v in answer.values] == [(2159, "条")]
    assert answer.citations[0].location == "line 10"


def test_a_question_that_does_not_count_keeps_the_passage_order():
    hits = [_hit("我县政府网站持续优化栏目设置。全年通过网站发布信息2159条。")]
    answer = narrative_answer(hits, "Describe the government website", "en", "")
    assert answer.citations[0].quote == "我县政府网站持续优化栏目设置。"
    assert answer.values == []
