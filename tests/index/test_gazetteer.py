"""The division codes say which province and prefecture a place lies in (index/gazetteer.py)."""

from __future__ import annotations

import pytest

from index import gazetteer


@pytest.mark.parametrize("place, higher", [
    ("洪泽区", {"江苏", "淮安"}),
    ("洪泽", {"江苏", "淮安"}),
    ("桦川县", {"黑龙江", "佳木斯"}),
    ("沭阳县", {"江苏", "宿迁"}),
])
def test_a_county_lies_in_its_province_and_prefecture(place, higher):
    assert gazetteer.higher_places(place) == higher


def test_a_name_the_codes_do_not_know_lies_nowhere():
    assert gazetteer.higher_places("样例市") == frozenset()


@pytest.mark.parametrize("word, core", [
    ("Fujian", "福建"), ("Heilongjiang", "黑龙江"), ("Jiangsu province", "江苏"), ("福建省", "福建"),
    ("淮安", "淮安"), ("Huai'an", "淮安"),
])
def test_a_province_or_prefecture_is_named_in_chinese_or_pinyin(word, core):
    assert gazetteer.higher_place(word) == core


@pytest.mark.parametrize("word", ["洪泽区", "Hongze", "Finance", "样例"])
def test_a_county_or_a_word_is_not_a_higher_place(word):
    assert gazetteer.higher_place(word) is None


@pytest.mark.parametrize("place, province", [("福建", True), ("上海", True), ("黑龙江", True), ("淮安", False),
                                             ("洪泽", False)])
def test_a_province_is_told_from_a_prefecture_or_county(place, province):
    assert gazetteer.is_province(place) is province
