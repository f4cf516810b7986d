"""Years written the short way people type them in a chat: a two-digit year right after a name with no 年
("平潭22、洪泽23"), and a list of two-digit years with 年 once at its end ("19、20、21、22年"). Questions are written
for these tests."""

from __future__ import annotations

import pytest

from assistant.understand import understand
from tests.assistant.test_agency_and_follow_up_readings import CATALOG


def test_each_name_takes_the_two_digit_year_written_after_it():
    q = understand("洪泽23、淮安市24、沭阳县25，三家的行政处罚决定谁最多", CATALOG)
    assert q.operation == "rank" and q.grounded
    assert set(q.agency_years) == {("洪泽区人民政府", 2023), ("淮安市人民政府", 2024), ("沐阳县人民政府", 2025)}


def test_a_count_or_an_ordinal_after_a_word_is_no_year():
    q = understand("淮安市2024年第12、13项是什么", CATALOG)
    assert q.years == (2024,)
    q = understand("洪泽区2023年共12件吗", CATALOG)
    assert q.years == (2023,)


def test_a_list_of_two_digit_years_with_one_nian_is_every_year_listed_each_on_its_own():
    q = understand("平潭综合实验区19、20、22年行政许可决定各是多少", CATALOG)
    assert q.years == (2019, 2020, 2022) and q.operation == "value" and q.grounded


def test_english_short_forms_are_read_as_the_words_they_stand_for():
    q = understand("Shanghai govt general office 2025: how many requests were carried over from the prev yr?", CATALOG)
    assert q.metric is not None and q.metric.row == "carried_in" and q.grounded, q.describe()
    q = understand("Shuyang cnty 2025: normative docs currently valid?", CATALOG)
    assert q.agencies == ("沐阳县人民政府",) and q.metric is not None and q.metric.column == "in_force" and q.grounded


def test_a_count_of_years_the_reading_does_not_match_is_never_dropped():
    from tests.assistant.test_agency_and_follow_up_readings import _turns
    from tests.assistant.test_grounding import _states_a_number

    # one year carried over, "the two years" asked: which two? asked back, never the one year's figure
    q = _turns("Pingtan zone 2022: normative documents issued?", "so total issued over the two yrs?")
    assert not _states_a_number(q, CATALOG)
    q = _turns("平潭综合实验区2019年新收申请多少", "2020年的呢", "两年采购总金额分别多少")
    assert not _states_a_number(q, CATALOG)
    # the two years just asked about: counted right, answered
    q = _turns("Pingtan zone new requests in 2019?", "and 2020?", "So what's the change between those two years?")
    assert q.years == (2019, 2020) and q.operation in ("change", "compare") and q.grounded


def test_clerks_shorthand_for_organs_years_and_shares():
    q = understand("沭阳发改23新收里自然人几件", CATALOG)  # 发改 without 局: the bureau, not the county
    assert q.agencies == ("沭阳县发展和改革局",) and q.years == (2023,) and q.applicant == "natural" and q.grounded
    q = understand("上海市府办19和25两年复议总计加起来", CATALOG)
    assert q.years == (2019, 2025) and q.operation == "sum" and q.grounded
    q = understand("平潭管委会21→22 行政事业性收费金额变化多少", CATALOG)
    assert q.years == (2021, 2022) and q.operation == "change"
    q = understand("沭阳县25 自然人占新收总计的比例", CATALOG)
    assert q.metric is not None and q.metric.per == "new" and q.applicant == "natural" and q.grounded


# English: a report year with no century right after an agency's English name, or with an apostrophe
@pytest.mark.parametrize("question, years", [
    ("hongze district 23 withheld bc it was process info how many", (2023,)),
    ("shanghai GO '19: how many requests were turned down because it was a state secret", (2019,)),
    ("huaian 24 individuals told its an admin query matter how many", (2024,)),
    ("shanghai GO 25 suits after review w/ 'other' outcome how many", (2025,)),
    ("pingtan zone gov admin fee income 21 to 22 change?", (2021, 2022)),
    ("how much did hongze collect in admin fees in 23", (2023,)),
])
def test_english_short_years(question, years):
    assert understand(question, CATALOG).years == years


@pytest.mark.parametrize("question", [
    "Shuyang County 2025: administrative fees collected (in 10,000 yuan)?",  # never 2010
    "did pingtan get 24 requests in 2022",  # a count beside a year of its own
])
def test_english_numbers_that_are_no_short_year(question):
    q = understand(question, CATALOG)
    assert 2010 not in q.years and 2024 not in q.years, q.describe()


def test_a_table3_row_named_by_its_position_takes_the_column_named_beside_it():
    # "表三第1行 科研机构": the first row (new requests), the research institutions' column; the 1 is the position
    q = understand("淮安市2024 表三第1行 科研机构", CATALOG)
    assert q.metric is not None and q.metric.row == "new" and q.applicant == "research" and q.grounded, q.describe()
