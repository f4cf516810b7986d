"""The glossary an English reader sees beside a quote (FORMAT.md §7), read from the format's own labels."""

from __future__ import annotations

import pytest

from index import reportformat as rf


@pytest.mark.parametrize("fmt", rf.FORMATS)
def test_every_row_label_of_table_three_is_glossed_with_its_english(fmt: str) -> None:
    for row in rf.t3_rows(fmt):  # type: ignore[arg-type]
        printed = f"{row.label}\t0\t0\t0\t0\t0\t0\t0"
        assert (rf.gloss(printed) or [("", "")])[0][1] == row.english, row.label


def test_a_longer_term_wins_and_each_term_is_glossed_once() -> None:
    text = "其中部分公开2件，不予公开3件，部分公开的理由"
    assert rf.gloss(text) == [("部分公开", "partially disclosed"), ("不予公开", "not disclosed")]
    # FORMAT.md §7.1: 本机关不掌握相关政府信息 is the agency not holding the information
    assert rf.gloss("1.本机关不掌握相关政府信息") == [("本机关不掌握相关政府信息", "information not held by the agency")]
    assert rf.gloss("本年度工作平稳有序") == []


def test_sections_and_tables_in_english() -> None:
    assert rf.section_english("五、存在的主要问题及改进情况 › （一）存在的主要问题") == \
        "Section 5, Main problems and improvements › （一）存在的主要问题"
    assert rf.section_english("四、政府信息公开行政复议、行政诉讼情况") == \
        "Section 4, Administrative reconsideration and litigation"
    assert rf.section_english("报告正文") == "报告正文"  # not one of the six: kept as printed
    assert rf.table_english("表四") == rf.table_english(4) == "Table 4: administrative reconsideration and litigation"
    assert rf.table_english("表五") == ""
