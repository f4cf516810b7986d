"""How characters sound: the usual toneless reading, from the bundled table (no pypinyin at run time)."""

from __future__ import annotations

from assistant.understand.sounds import alike, reading


def test_usual_readings_of_place_and_request_characters():
    assert reading("潭") == reading("谭") == "tan"
    assert reading("请") == reading("清") == "qing"
    assert reading("议") == reading("义") == "yi"
    assert alike("按", "安") and alike("桦", "华")


def test_a_rare_reading_does_not_make_two_characters_alike():
    assert not alike("不", "还")  # 不 bu, 还 hai (rare readings of each would overlap)
    assert not alike("平", "潭") and reading("a") == ""


def test_the_table_agrees_with_pypinyin_where_pypinyin_is_installed():
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    for ch in "潭淮泽桦申请复议公开":
        first = pinyin_dict[ord(ch)].split(",")[0]
        plain = "".join(c for c in unicodedata.normalize("NFD", first) if not unicodedata.combining(c))
        assert reading(ch) == plain
