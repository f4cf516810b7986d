"""Years written the short way people type them in a chat: a two-digit year right after a name with no 年
("平潭22、洪泽23"), and a list of two-digit years with 年 once at its end ("19、20、21、22年"). Questions are written
for these tests."""

from __future__ import annotations

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
