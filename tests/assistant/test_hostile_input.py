"""Input no reader should choke on: control characters in stored text, and questions that are no
question (issue 14)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.api import MAX_QUESTION_CHARS, screen_question
from assistant.retrieve import Retriever
from index.types import Location, Passage, PassageRecord


def _record(i: int, text: str) -> PassageRecord:
    return PassageRecord(f"r:{i}", "r", "甲县人民政府", 2020, "年报", Passage(text, "一", ("一、总体情况",), Location(line=i)))


def test_a_nul_inside_a_passage_does_not_break_the_keyword_index():
    texts = ["政府网站发布信息2159条", "本年收到申请\x00共计9件\x00", "\x00", "公开指南修订"]
    retriever = Retriever([_record(i, t) for i, t in enumerate(texts)])
    hits = retriever.search("收到申请", k=2)
    assert [h.record.passage_id for h in hits][:1] == ["r:1"]
    assert len(retriever._bm25.scores("公开指南")) == 4  # one score per passage, not per NUL
    assert int(np.argmax(retriever._bm25.scores("公开指南"))) == 3


@pytest.mark.parametrize("question, zh, en", [
    ("99999年桦川县收到多少件申请", "99999年不是年报的年份", None),
    ("how many requests in year 99999", None, "99999 is not a report year"),
    ("😀😀😀", "没有读到问题的文字", None),
    ("?!", None, "There is no question"),
    ("x" * (MAX_QUESTION_CHARS + 1), None, "too long"),
])
def test_questions_that_are_no_question_get_a_plain_refusal(question, zh, en):
    answer = screen_question(question)
    assert answer is not None and answer.route == "refusal" and not answer.values
    assert (zh or en) in answer.answer


@pytest.mark.parametrize("question", ["2020年桦川县收到多少件申请", "how many in 2021", "政府网站发布2159条", "近3年"])
def test_ordinary_questions_pass_the_screen(question):
    assert screen_question(question) is None
