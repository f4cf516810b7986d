"""Narrative answers composed from hand-built retrieval hits."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.narrative import narrative_answer
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
    # the quote carries the passage it was taken from, so its context travels with it
    assert answer.citations[0].passage == "我县政府网站持续优化栏目设置。全年通过网站发布信息2159条。"
    assert answer.to_dict()["citations"][0]["passage"].startswith("我县政府网站")


def test_a_question_that_does_not_count_keeps_the_passage_order():
    hits = [_hit("我县政府网站持续优化栏目设置。全年通过网站发布信息2159条。")]
    answer = narrative_answer(hits, "Describe the government website", "en", "")
    assert answer.citations[0].quote == "我县政府网站持续优化栏目设置。"
    assert answer.values == []


def test_a_number_is_stated_only_when_its_words_are_what_the_question_asks_about():
    # the question's only words in common with the sentence are a report title's (政务公开工作):
    # "2个" counts problems, not the funding asked about, so no number is given
    hits = [_hit("经自查，我局政务公开工作主要存在以下2个方面的问题。")]
    answer = narrative_answer(hits, "2020年政务公开工作经费是多少", "zh", "")
    assert answer.values == [] and "给出的数字" not in answer.answer
    # the noun a measure word introduces counts too: 21件 are the 文件 asked about
    hits = [_hit("全年对拟公开的21件文件开展公开属性审查，确保公开内容合法、准确。")]
    answer = narrative_answer(hits, "2020年公开前审查了多少件文件", "zh", "")
    assert [(v.value, v.unit) for v in answer.values] == [(21, "件")]


def test_a_sentence_announcing_a_list_is_quoted_with_the_first_item():
    hits = [_hit("2023年，我区将采取以下措施加以改进。一是丰富意见征集形式，广泛听取意见。二是加大重点领域公开力度。")]
    answer = narrative_answer(hits, "What improvements did the county plan?", "en", "")
    quotes = [c.quote for c in answer.citations]
    assert quotes[0] == "2023年，我区将采取以下措施加以改进。一是丰富意见征集形式，广泛听取意见。"
    assert "一是丰富意见征集形式，广泛听取意见。" not in quotes[1:]  # not quoted twice


def test_the_counting_sentence_first_is_one_that_counts_what_was_asked():
    # both sentences count something; only the second counts problems ("3个方面的问题": the noun after
    # the measure word), so it is quoted first and its number given
    hits = [_hit("全年办理人大代表建议83件、政协提案72件。经自查，我局政务公开工作主要存在以下3个方面的问题：一是解读不够。")]
    answer = narrative_answer(hits, "2021年自查出几个问题", "zh", "")
    assert answer.citations[0].quote.startswith("经自查")
    assert [(v.value, v.unit) for v in answer.values] == [(3, "个")]


def test_a_how_many_question_the_text_does_not_answer_is_refused_with_the_nearest_sentence():
    # nothing retrieved counts or names 经费: the nearest sentence is shown, not offered as the answer
    hits = [_hit("经自查，我局政务公开工作主要存在以下2个方面的问题。将政务公开工作纳入年度目标考核。")]
    answer = narrative_answer(hits, "2020年政务公开工作经费是多少", "zh", "")
    assert answer.route == "refusal" and answer.values == []
    assert answer.answer.startswith("所收录的年报没有给出这一数字")
    assert [c.quote for c in answer.citations] == ["经自查，我局政务公开工作主要存在以下2个方面的问题。"]
    english = narrative_answer(hits, "How many press conferences were held?", "en", "")
    assert english.route == "refusal" and english.answer.startswith("The stored reports do not give this number")


def test_a_sentence_that_names_what_was_asked_answers_without_a_number():
    # "none charged" answers a how-much question though it has no number; so does a count
    hits = [_hit("我局政务公开工作稳步推进。本年度未收取信息处理费。")]
    answer = narrative_answer(hits, "2021年收取了多少信息处理费", "zh", "")
    assert answer.route == "narrative" and answer.citations[0].quote == "本年度未收取信息处理费。"
    hits = [_hit("全年召开新闻发布会3场。")]
    assert narrative_answer(hits, "How many press conferences were held?", "en", "").route == "narrative"


def _stated(text: str, question: str, lang: str = "en") -> list[tuple[float, str]]:
    answer = narrative_answer([_hit(text)], question, lang, "")
    return [(v.value, v.unit) for v in answer.values]


def test_a_number_is_read_with_its_own_clause():
    # 0场 has 新闻发布会 before it, not the 政策解读 of the clause before the comma
    text = "全年开展政策解读8篇，组织新闻发布会0场，及时回应社会关切。"
    assert _stated(text, "How many policy interpretations did the county publish in 2021?") == [(8, "篇")]
    assert _stated(text, "2021年召开了几场新闻发布会", "zh") == [(0, "场")]


def test_a_total_after_a_count_counts_the_same_thing():
    text = "其中微信公众号“示例发布”发布信息185期、共计907条。"
    assert _stated(text, "2020年微信公众号发布了多少条信息", "zh") == [(907, "条")]  # 条 was asked
    assert _stated(text, "How many posts did the county publish on WeChat in 2020?") == [(907, "条")]
    assert _stated(text, "2020年微信公众号发布了多少期", "zh") == [(185, "期")]


def test_a_number_must_count_the_noun_asked_about():
    # 发布 is all "发布信息400余期" shares with 新闻发布会: no number is given
    assert _stated("其中微信公众号发布信息400余期，共计2000余条。", "2020年召开了几场新闻发布会", "zh") == []
    # a report title's words (政府信息) rank numbers: 605 items of information, not the 342 news items in it
    text = "本年度累计主动公开政府信息605条，其中发布政务动态342条。"
    assert _stated(text, "How many items of government information did the county publish in 2020?") == [(605, "条")]


def test_a_count_for_another_channel_is_not_the_answer():
    hits = [_hit("“示例发布”微信公众号全年推送491期，发布信息1595条。", 0), _hit("政务微博“示例发布”全年发布微博647条。", 1)]
    answer = narrative_answer(hits, "How many Weibo posts did the county publish in 2022?", "en", "")
    assert [(v.value, v.unit) for v in answer.values] == [(647, "条")]
    quoted = [c.quote for c in answer.citations].index("政务微博“示例发布”全年发布微博647条。") + 1
    assert f"(quote [{quoted}])" in answer.answer  # the number names the quote it is read from
    assert _stated("其中微信公众号发布信息400余期，共计2000余条。", "2020年政务微博发布了多少条信息", "zh") == []


def test_a_comparison_of_two_agencies_names_each_value():
    from assistant.compose import figure_answer
    from assistant.lookup import MetricValue

    values = [MetricValue(agency="淮安市人民政府", year=2024, report_id="a", title="", format="2021", value=351),
              MetricValue(agency="沐阳县人民政府", year=2025, report_id="b", title="", format="2021", value=61)]
    text = figure_answer(("表四 行政复议/总计", "reconsideration total"), values, "compare", "zh", "").answer
    assert "淮安市人民政府2024年 351" in text and "沐阳县人民政府2025年 61" in text and "-290" in text


def test_two_agencies_of_one_year_are_compared_in_the_question_order_or_which_is_asked_first():
    from assistant.compose import figure_answer
    from assistant.lookup import MetricValue

    values = [MetricValue(agency="沐阳县人民政府", year=2025, report_id="a", title="", format="2021", value=713),
              MetricValue(agency="上海市人民政府办公厅", year=2025, report_id="b", title="", format="2021", value=1295)]
    labels = ("表三 新收申请", "new requests")
    # "上海比沭阳多多少": Shanghai less Shuyang, whatever order the values come in
    a = figure_answer(labels, values, "change", "zh", "", order=("上海市人民政府办公厅", "沐阳县人民政府"))
    assert [v.value for v in a.values] == [1295, 713, 582] and "上海市人民政府办公厅比沐阳县人民政府相差 +582" in a.answer
    # "which had fewer": the smaller first, and said to be fewer
    a = figure_answer(labels, values, "compare", "en", "", order=("上海市人民政府办公厅", "沐阳县人民政府"), first="smaller")
    assert [v.value for v in a.values] == [713, 1295, -582] and "沐阳县人民政府 has fewer" in a.answer
    a = figure_answer(labels, values, "compare", "zh", "", first="larger")
    assert [v.value for v in a.values][:2] == [1295, 713] and "上海市人民政府办公厅更多" in a.answer


def test_a_how_many_question_with_a_word_nothing_explains_quotes_but_states_no_number():
    # "transfer" names nothing stored: the sentence counting the requests received is quoted, its
    # number not given as the answer
    hits = [_hit("2024年，全市共受理政府信息公开申请3119件，答复3050件。")]
    answer = narrative_answer(hits, "How many requests were transferred to other agencies?", "en", "",
                              state_numbers=False)
    assert answer.route == "narrative" and answer.values == []
    assert answer.citations[0].quote == "2024年，全市共受理政府信息公开申请3119件，答复3050件。"
    assert "3119" not in answer.answer.split("\n")[0]


def test_a_ranking_asked_from_the_bottom_names_the_smallest_first():
    from assistant.compose import figure_answer
    from assistant.lookup import MetricValue

    values = [MetricValue(agency="淮安市人民政府", year=2024, report_id="a", title="", format="2021", value=351),
              MetricValue(agency="沐阳县人民政府", year=2025, report_id="b", title="", format="2021", value=61)]
    fewest = figure_answer(("表四 行政复议/总计", "reconsideration: total"), values, "rank", "en", "", fewest=True)
    assert fewest.answer.startswith("Fewest: 沐阳县人民政府 (2025) 61")
    most = figure_answer(("表四 行政复议/总计", "reconsideration: total"), values, "rank", "en", "")
    assert "Fewest" not in most.answer and "1. 淮安市人民政府 (2024) 351" in most.answer
    # a tie at the end asked about names every report sharing it, never one of them alone
    tied = [*values, MetricValue(agency="洪泽区人民政府", year=2023, report_id="c", title="", format="2021", value=61)]
    fewest = figure_answer(("表四 行政复议/总计", "reconsideration: total"), tied, "rank", "zh", "", fewest=True)
    head = fewest.answer.split("\n")[0]
    assert head.startswith("最少：") and "（并列） 61" in head and "沐阳县人民政府（2025年）" in head and "洪泽区人民政府（2023年）" in head
    tied[0] = MetricValue(agency="淮安市人民政府", year=2024, report_id="a", title="", format="2021", value=61)
    most = figure_answer(("表四 行政复议/总计", "reconsideration: total"), tied, "rank", "en", "")
    head = most.answer.split("\n")[0]
    assert head.startswith("Most: ") and "(tied) 61" in head and all(f"{a} ({y})" in head for a, y in (
        ("淮安市人民政府", 2024), ("沐阳县人民政府", 2025), ("洪泽区人民政府", 2023)))


def test_two_cells_compared_give_both_how_far_apart_and_which_is_more():
    from assistant.answers import Answer, Value
    from assistant.compose import cells_compared
    from assistant.understand import Metric, Query

    q = Query(question="", language="zh", agencies=("淮安市人民政府",), years=(2024,))
    sides = [Answer("", "zh", "figures", values=[Value(72, "件", "")]), Answer("", "zh", "figures", values=[Value(64, "件", "")])]
    metrics = (Metric(4, row="cases", column="review.upheld"), Metric(4, row="cases", column="review.corrected"))
    a = cells_compared(sides, metrics, q, "zh", "")
    # (no direction is asked of two cells: "差多少" after them wants the gap, 8, not -8)
    assert [v.value for v in a.values] == [72, 64, 8] and "相差 8 件" in a.answer and "结果维持更多" in a.answer
    a = cells_compared(sides[::-1], metrics[::-1], q, "zh", "")
    assert [v.value for v in a.values] == [64, 72, 8] and "结果维持更多" in a.answer
    refused = Answer("没有找到", "zh", "refusal")
    assert cells_compared([sides[0], refused], metrics, q, "zh", "") is refused


def test_a_groups_parts_ranked_name_the_largest_first_and_keep_every_part():
    from assistant.answers import Answer, Value
    from assistant.compose import cells_ranked
    from assistant.understand import Metric, Query

    q = Query(question="", language="en", agencies=("淮安市人民政府",), years=(2024,), operation="rank")
    metrics = tuple(Metric(4, row="cases", column=f"review.{o}") for o in ("upheld", "corrected", "other", "pending"))
    sides = [Answer("", "en", "figures", values=[Value(v, "件", "")]) for v in (72, 64, 178, 37)]
    a = cells_ranked(sides, metrics, q, "en", "")
    assert [v.value for v in a.values] == [178, 72, 64, 37]
    assert a.answer.startswith("淮安市人民政府 2024: the most is 表四 行政复议/其他结果") and "淮安市人民政府 2024" in a.values[0].label
    least = cells_ranked(sides, metrics, q, "en", "", fewest=True)
    assert [v.value for v in least.values] == [37, 64, 72, 178] and "the fewest" in least.answer
    tied = cells_ranked(sides[:2] + [Answer("", "en", "figures", values=[Value(72, "件", "")])], metrics[:3], q, "en", "")
    assert "tied with" in tied.answer
    refused = Answer("not stored", "en", "refusal")
    assert cells_ranked([sides[0], refused], metrics[:2], q, "en", "") is refused


def _section_five(text: str, path: tuple[str, ...], n: int) -> PassageRecord:
    passage = Passage(text=text, section="五", section_path=("五、存在的主要问题及改进情况", *path), location=Location(line=40 + n))
    return PassageRecord(passage_id=f"r:{n}", report_id="r", agency="示例县人民政府", year=2020,
                         title="示例县人民政府2020年政府信息公开工作年度报告", passage=passage)


def test_a_section_asked_about_as_a_whole_lists_its_points_cited_as_the_section():
    section = [_section_five("（一）存在的主要问题\n一是公开内容不够全面；二是解读形式单一。", ("（一）存在的主要问题",), 1),
               _section_five("（二）改进措施\n一是完善公开目录，逐项梳理。", ("（二）改进措施",), 2),
               _section_five("二是丰富解读形式。", ("（二）改进措施", "二是丰富解读形式"), 3)]
    hits = [Hit(section[2])]
    answer = narrative_answer(hits, "What problems did the county name, and how will it fix them?", "en", "",
                              whole_section=section)
    whole = answer.citations[-1]
    assert whole.section == "五、存在的主要问题及改进情况"
    assert whole.quote == ("（一）存在的主要问题；一是公开内容不够全面；二是解读形式单一；（二）改进措施；一是完善公开目录；"
                           "二是丰富解读形式")
    # the passage is the whole section: both the problems and the fixes are there to read
    assert "解读形式单一" in whole.passage and "完善公开目录" in whole.passage
    # a how-many question is answered by the sentence that counts, never by a list of points
    counted = narrative_answer(hits, "How many problems did the county name?", "en", "", whole_section=section)
    assert all(c.section != "五、存在的主要问题及改进情况" for c in counted.citations)


def test_a_tie_as_long_as_the_ranking_given_may_be_longer():
    from assistant.compose import figure_answer
    from assistant.lookup import MetricValue

    values = [MetricValue(agency=f"机关{i}", year=2024, report_id=str(i), title="", format="2021", value=23)
              for i in range(10)]
    head = figure_answer(("表四 行政复议/总计", "reconsideration: total"), values, "rank", "zh", "").answer.split("\n")[0]
    assert head.startswith("最多：") and head.endswith("等（并列） 23 件。"), head
