"""Question words (not report labels), read from ``index/data/question_words.toml``: operations,
cues for the route, relative years, and quantities no report format records."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index import reportformat as rf

from .grounding import number_value
from .question_data import QUESTION_WORDS
from .types import Metric

_DATA = QUESTION_WORDS

_OP_WORDS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _DATA["operations"].items()}
_SUM_IF_SEVERAL: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["sum_if_several"])
_EACH: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["each"])
_SHARE_OF_WORDS: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["share_of"])
_SCOPE_ALL: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["scope_all"])
_FIGURE_CUES: tuple[str, ...] = tuple(_DATA["cues"]["figure"])
RANK_WHICH: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["rank_which"])
RANK_WHICH_AGENCY: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["rank_which_agency"])
RANK_MORE: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["rank_more"])
RANK_LEAST: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["rank_least"])
LESS: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["less"])
WHICH_YEAR: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["which_year"])
AGENCY_SCOPE: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["agency_scope"])
ONE_YEAR_POINTER: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["one_year_pointer"])
# the two figures asked before, pointed at as a pair ("Between those two and Hongze's report")
THOSE_TWO: tuple[str, ...] = tuple(_DATA["those_two"]["words"])
# every stored year of an agency ("across all the years you hold"): an overview of them all
EVERY_YEAR: tuple[str, ...] = tuple(_DATA["every_year"]["words"])
# the figures of earlier turns, counted and set in order ("这三个里哪个最多", "前者占后者")
EARLIER_FIGURES: dict = _DATA["earlier_figures"]
# words asking the row's 总计 column (every applicant): no applicant column is carried over beside them
ALL_APPLICANTS: tuple[str, ...] = tuple(_DATA["all_applicants"]["words"])
# 收费 alone (表二's fees or the information-processing fee?), and the words of the table that say which
BARE_FEE_WORDS: frozenset[str] = frozenset(_DATA["fee_words"]["bare"])
FEE_TABLE_CUES: tuple[str, ...] = tuple(_DATA["fee_words"]["table_cues"])
# the words that say what to do with a figure (more, which, or, compare …), read after the topic is settled: a
# follow-up's "which year had more" names no new topic, and carries the cell just asked about
OPERATION_WORDS: frozenset[str] = frozenset(w.lower() for w in (
    *_DATA["operation_modifiers"]["rank_more"], *_DATA["operation_modifiers"]["rank_which"],
    *_DATA["operation_modifiers"]["either_or"], *(w for ws in _DATA["operations"].values() for w in ws)))
EITHER_OR: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["either_or"])
MORE_THAN: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["more_than"])
THAN: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["than"])
DIFFERENCE_ASKED: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["difference_asked"])
MINUS: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["minus"])
PRINTED_TOTAL: tuple[str, ...] = tuple(_DATA["region_words"]["printed_total"])
WEAK_CHANGE: frozenset[str] = frozenset(_DATA["operation_modifiers"]["weak_change"])
ETC: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["etc"])
NOT_CHANGE: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["not_change"])
# trend words that only spread a figure over the years ("每年", "each year"): beside a sum word, each year's
# figure is added up
EACH_YEAR: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["each_year"])
TREND_WORDS: tuple[str, ...] = tuple(_DATA["operations"]["trend"])
ONE_TOTAL: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["one_total"])
EVERY_STORED_YEAR: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["every_stored_year"])
SAME_YEAR: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["same_year"])
ALL_REPORTS: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["all_reports"])
EACH_OWN: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["each_own"])
REFUSAL_VERBS: frozenset[str] = frozenset(_DATA["refusal_verbs"]["words"])
TREND_VERBS: frozenset[str] = frozenset(_DATA["trend_verbs"]["words"])
OUTCOME_VERBS: frozenset[str] = frozenset(_DATA["outcome_verbs"]["words"])
DISCLOSURE_VERBS: frozenset[str] = frozenset(_DATA["disclosure_verbs"]["words"])
REFERS_BACK: tuple[str, ...] = tuple(_DATA["region_words"]["refers_back"])
REFERS_BACK_ONE: tuple[str, ...] = tuple(_DATA["region_words"]["refers_back_one"])
SAME_AGENCY_AGAIN: tuple[str, ...] = tuple(_DATA["region_words"]["same_agency_again"])
BETWEEN_REPORTS: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["between_reports"])
YEARS_LISTED: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["years_listed"])
PARTS_AS_EXAMPLES: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["parts_as_examples"])
FIGURE_NOUNS: frozenset[str] = frozenset(_DATA["cues"]["figure_nouns"])
EACH_CARRIED: tuple[str, ...] = tuple(_DATA["region_words"]["each_carried"])
PREVIOUS_FIGURE: tuple[str, ...] = tuple(_DATA["region_words"]["previous_figure"])
COUNT_OF_TWO: tuple[str, ...] = tuple(_DATA["region_words"]["count_of_two"])
PUBLISHING_VERB_TOPICS: frozenset[str] = frozenset(_DATA["region_words"]["publishing_verb_topics"])
SWITCHES_TOPIC: tuple[str, ...] = tuple(_DATA["region_words"]["switches_topic"])
REQUESTS_NAMED: tuple[str, ...] = tuple(_DATA["region_words"]["requests_named"])
ALL_OF_REGION: tuple[str, ...] = tuple(_DATA["region_words"]["all_of_region"])
BEFORE_LAST_YEAR: tuple[str, ...] = tuple(_DATA["region_words"]["before_last_year"])
ADDS_TO_PREVIOUS: tuple[str, ...] = tuple(_DATA["region_words"]["adds_to_previous"])
PREVIOUS_PAIR: tuple[str, ...] = tuple(_DATA["region_words"]["previous_pair"])
NEGATIONS_BEFORE_AGENCY: tuple[str, ...] = tuple(_DATA["region_words"]["not_this_agency"])
RELATIVE_NEWEST: frozenset[str] = frozenset(_DATA["relative_years_newest"]["words"])
RELATIVE_TO_PREVIOUS_TURN: frozenset[str] = frozenset(_DATA["relative_to_previous_turn"]["words"])
TABLE_POINTERS: tuple[str, ...] = tuple(_DATA["cues"]["table_pointer"])
COLUMN_POINTERS: tuple[str, ...] = tuple(_DATA["cues"]["column_pointer"])
YEARS_BESIDE: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["years_beside"])  # 和, "and", "vs"
CARRY_OVER: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["carry_over"])
NEW_REQUESTS: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["new_requests"])
EACH_LATEST: tuple[str, ...] = tuple(_DATA["operation_modifiers"]["each_latest"])
AMOUNT_CUES: tuple[str, ...] = tuple(_DATA["cues"]["amount"])
ITEM_COUNT_CUES: tuple[str, ...] = tuple(_DATA["cues"]["item_count"])
HOW_MANY_CUES: tuple[str, ...] = tuple(_DATA["cues"]["how_many"])
_TEXT_CUES: tuple[str, ...] = tuple(_DATA["cues"]["text"])
_MANNER_CUES: tuple[str, ...] = tuple(_DATA["cues"]["manner"])
_WEAK_CUES: tuple[str, ...] = tuple(_DATA["cues"]["weak"])
_RELATIVE_YEARS: dict[str, int] = dict(_DATA["relative_years"])
_CHECK_WORDS: tuple[str, ...] = tuple(_DATA["intents"]["check"])
_OVERVIEW_WORDS: tuple[str, ...] = tuple(_DATA["intents"]["overview"])
_NEGATIONS_EN: frozenset[str] = frozenset(_DATA["negations"]["en"])
REQUEST_FRAMES: tuple[str, ...] = tuple(sorted(_DATA["function_words"]["frames"], key=len, reverse=True))
_NEGATIONS_ZH: tuple[str, ...] = tuple(sorted(_DATA["negations"]["zh"], key=len, reverse=True))
# Words that name a region's government as a whole beside a bare place name ("平潭全区", "Pingtan as a whole")
WHOLE_REGION: tuple[str, ...] = tuple(_DATA["region_words"]["whole"])
# a government named by its level alone ("县政府", "the county government") → the level's place suffix
UNSETTLED_RATES: tuple[str, ...] = tuple(_DATA["unsettled_rates"]["phrases"])
ASKS_WHICH_COLUMN: tuple[str, ...] = tuple(_DATA["asks_which_column"]["phrases"])
ASKS_WHICH_ROW: tuple[str, ...] = tuple(_DATA["asks_which_row"]["phrases"])
LEVEL_GOVERNMENT: dict[str, str] = dict(_DATA["region_words"]["level_government"])
# characters that end a place name in a run of Chinese ("行政复议数和沭阳县政府": 沭阳县政府)
CONJUNCTIONS: tuple[str, ...] = tuple(_DATA["region_words"]["conjunctions"])
AMBIGUOUS_TERMS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _DATA["ambiguous_terms"].items()}
_YES_NO_EN_START: tuple[str, ...] = tuple(_DATA["intents"]["yes_no_en_start"])
_YES_NO_ZH: tuple[str, ...] = tuple(_DATA["intents"]["yes_no_zh"])


def is_yes_no(question: str) -> bool:
    """Whether the question asks yes or no ("Does … add up?", "…对得上吗")."""
    # (the asking clause may follow a framing one: "In Huai'an city's 2024 report, do the totals match …?")
    # ("Hongze District 2023 - does the reconsideration table add up?": a spaced dash sets a clause off too)
    clauses = [c.strip().lower().split(None, 1) for c in re.split(r"[,，;；:：—–]|\s-\s", question)]
    return any(c and c[0] in _YES_NO_EN_START for c in clauses) or any(w in question for w in _YES_NO_ZH)
_OP_PRECEDENCE: tuple[str, ...] = ("rank", "sum", "trend", "change", "compare", "ratio")
_MULTI_YEAR_OPS = frozenset({"compare", "change", "trend"})


@dataclass(frozen=True)
class _NotRecorded:
    """A quantity the format does not record (see the data file for what each word list means)."""

    id: str
    label: str  # Chinese
    english: str
    quantity: tuple[str, ...]
    subject: tuple[str, ...] = ()
    yields_to_table2: bool = False
    verbs: tuple[str, ...] = ()


_NOT_RECORDED: tuple[_NotRecorded, ...] = tuple(
    _NotRecorded(d["id"], d["label"], d["english"], tuple(d["quantity"]), tuple(d.get("subject", ())),
                 bool(d.get("yields_to_table2", False)), tuple(d.get("verbs", ())))
    for d in _DATA["not_recorded"])
_NOT_RECORDED_BY_ID = {nr.id: nr for nr in _NOT_RECORDED}
# Narrative topics that may sit beside a not-recorded quantity: where it is counted, not what.
_CHANNEL_TOPICS = frozenset({w for words in rf.PUBLISHING_CHANNELS.values() for w in words} | {"平台"})


_TABLE_NAMED = re.compile(r"表\s*([三四34])|table\s*([34]|three|four)\b", re.IGNORECASE)


def last_table_named(question: str) -> str | None:
    """The section number ("三", "四") of the request or review table the question names last, if any."""
    found = [m.group(1) or m.group(2) for m in _TABLE_NAMED.finditer(question)]
    if not found:
        return None
    return {"三": "三", "3": "三", "three": "三", "四": "四", "4": "四", "four": "四"}[found[-1].lower()]


# "表3第一行", "the first row of table 3": 表三's first two rows are its numbered rows 一 and 二 in every
# format (new, carried in); later rows depend on how the grid is counted, so they are not read
_T3_ROW_ORDINAL = re.compile(r"第\s*([一二12])\s*行|\b(first|second|1st|2nd)\s+row|\brow\s*([12])\b", re.IGNORECASE)
_ORDINAL_ROWS = {"一": "new", "1": "new", "first": "new", "1st": "new",
                 "二": "carried_in", "2": "carried_in", "second": "carried_in", "2nd": "carried_in"}


def table3_row_ordinal_span(question: str) -> tuple[int, int] | None:
    """Where the question names a 表三 row by its position ("表3第1行": the "第1行"), when it names table 3."""
    if last_table_named(question) != "三":
        return None
    found = _T3_ROW_ORDINAL.search(question)
    return found.span() if found else None


def table3_row_by_number(question: str) -> str | None:
    """The 表三 row a question names by its position ("表3第一行" → new), when it names table 3."""
    if last_table_named(question) != "三":
        return None
    found = _T3_ROW_ORDINAL.search(question)
    if found is None:
        return None
    return _ORDINAL_ROWS[next(g for g in found.groups() if g).lower()]


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7}

# "item (6)", "Table 3, item (7)", "第（六）大项", "（四）项": one of 表三's numbered outcome groups as a whole
_GROUP_BY_NUMBER = re.compile(r"\bitems?\s*[（(]\s*(?P<a>[1-7]|vii|vi|iv|v|iii|ii|i)\s*[)）](?!\s*\d)"
                              r"|第\s*[（(]?\s*(?P<b>[一二三四五六七])\s*[)）]?\s*大项(?!\s*(?:的|中的|下的|里的|下面的?)?\s*第)"
                              r"|[（(]\s*(?P<c>[一二三四五六七])\s*[)）]\s*(?:这一?)?大?项"
                              # "row 3(1)", "row 3(5)": the format's own numbering, item 三 and its group
                              r"|\brows?\s*(?:3|三)\s*[（(]\s*(?P<d>[1-7])\s*[)）](?!\s*\d)", re.IGNORECASE)


@dataclass(frozen=True)
class NumberedGroup:
    """One of 表三's outcome groups named by its number ("item (6)" → （六）其他处理), and where the number is."""

    number: int
    span: tuple[int, int]
    item: str = ""  # the item it is under, written before it ("row 3(5)": the 3 of 三、本年度办理结果)


def table3_group_by_number(question: str) -> NumberedGroup | None:
    """The 表三 outcome group a question names by its number alone ("item (6)", "第（六）大项"), or None."""
    found = _GROUP_BY_NUMBER.search(question)
    if found is None:
        return None
    key = next(k for k in "abcd" if found.group(k))
    raw = found.group(key).lower()
    number = number_value(raw) or _ROMAN.get(raw) or 0
    return NumberedGroup(number, found.span(key), "3" if key == "d" else "") if 1 <= number <= 7 else None


def group_cell(number: int) -> tuple[str | None, str | None]:
    """(row, derived) of the 表三 outcome group numbered so: （一）/（二）/（七） are rows, （三）–（五）
    the groups' totals, （六） its row (the 2019 format's single row; the 2021 sub-rows' sum)."""
    rows = {number_value(r.label[1]): r.id for r in rf.T3_ROWS if r.label.startswith("（") and r.group is None}
    if number in rows:
        return rows[number], None
    group = _group_numbers().get(number)
    return (None, group) if group in rf.DERIVED_BY_ID else (None, None)
_N = r"[1-9]|[一二三四五六七八九]"
# "（六）3", "(6)3", "（三）第8项", "（六）之3", "六.3", "item 3 of (6)", "(vi) 3": a 表三 row by its group's number
# and its own
_GROUP_ITEM = re.compile(rf"[（(]\s*(?P<g1>{_N}|vii|vi|iv|v|iii|ii|i)\s*[)）]\s*(?:第\s*|之\s*)?(?P<i1>[1-9])(?![\d,.])"
                         # "六.3", "三之8" (the clerks' shorthand for （三）8)
                         rf"|(?<![\d.十])(?P<g2>[一二三四五六七])\s*(?:[.．]|之)\s*(?P<i2>[1-9])(?![\d,.])"
                         rf"|\bitem\s+(?P<i3>[1-9])\s+of\s+[（(]\s*(?P<g3>{_N}|vii|vi|iv|v|iii|ii|i)\s*[)）]"
                         # "表三第五大项第2小项": the fifth group's second row
                         rf"|第\s*[（(]?\s*(?P<g4>[一二三四五六七])\s*[)）]?\s*大项\s*(?:的|中的|下的|里的|下面的|下面)?\s*第\s*(?P<i4>[1-9一二三四五六七八九])\s*小?项"
                         # "（六）其他处理下的第3项": the group's number, its name, then the row's
                         rf"|[（(]\s*(?P<g5>{_N})\s*[)）][\u4e00-\u9fff]{{2,8}}?(?:下的|中的|里的|下|中|里|的)第\s*(?P<i5>[1-9])\s*小?项"
                         # "第（四）项第2小项": the group in brackets, called a 项
                         rf"|第\s*[（(]\s*(?P<g6>[一二三四五六七])\s*[)）]\s*项\s*(?:的|中的|下的|里的|下面的|下面)?\s*第\s*(?P<i6>[1-9一二三四五六七八九])\s*小项"
                         # "（六）其他处理之1": the group's number, its name, then 之 and the row's
                         rf"|[（(]\s*(?P<g7>{_N})\s*[)）][\u4e00-\u9fff]{{2,8}}?之\s*(?P<i7>[1-9])(?![\d,.])"
                         # "row 3(4)1", "三（四）1": the format's own numbering, item 三, its group, the row
                         rf"|(?<![\d.])(?:3|三)\s*[（(]\s*(?P<g8>[1-7]|{_N})\s*[)）]\s*(?P<i8>[1-9])(?![\d,.])",
                         re.IGNORECASE)


def _group_numbers() -> dict[int, str]:
    """表三's numbered groups by their number, from the format's labels (（三）不予公开 → 3: denied)."""
    return {number_value(g.label[1]): g.id for g in rf.GROUPS.values() if g.label.startswith("（")}


@dataclass(frozen=True)
class NumberedRow:
    """A 表三 row named by numbers ("（六）3" → other.3) and where those numbers are written."""

    row: str
    group: str
    spans: tuple[tuple[int, int], ...]
    under_item: int | None = None  # "第三大项第2小项" may also be item 三's second group (（二）): its number

    @property
    def metric(self) -> Metric:
        return Metric(3, row=self.row)


def table3_row_by_numbers(question: str) -> NumberedRow | None:
    """The 表三 sub-row a question names by its group's number and its own ("（六）3", "item 3 of (6)",
    "六.3"), or None (also when the numbers name no row: "（六）9")."""
    found = _GROUP_ITEM.search(question)
    if found is None:
        return None
    k = next(i for i in (1, 2, 3, 4, 5, 6, 7, 8) if found.group(f"g{i}"))
    raw_group, raw_item = found.group(f"g{k}").lower(), found.group(f"i{k}")
    raw_item = raw_item if raw_item.isdigit() else str(number_value(raw_item) or 0)
    number = number_value(raw_group) or _ROMAN.get(raw_group)
    group = _group_numbers().get(number or 0)
    row = f"{group}.{raw_item}"
    if group is None or row not in rf.T3_ROW_BY_ID:
        return None
    if k == 4 and number == 3:
        # "第三大项第2小项": item 三 (三、本年度办理结果) has sub-items （一）–（七） too — （二）部分公开, or （三）'s
        # second row? (numbered.read_numbers lets the question's words decide)
        return NumberedRow(row, group, ((found.start(), found.end()),), under_item=int(raw_item))
    if k in (4, 6, 8):  # "第五大项第2小项", "第（四）项第2小项", "3(4)1": every word of it names the row
        return NumberedRow(row, group, ((found.start(), found.end()),))
    if k in (5, 7):  # "（六）其他处理下的第3项", "（六）其他处理之1": the numbers and the words joining them (the group's
        # name is read too)
        return NumberedRow(row, group, ((found.start(f"g{k}"), found.end(f"g{k}")), (found.end(f"g{k}") + 1, found.end())))
    return NumberedRow(row, group, ((found.start(f"g{k}"), found.end(f"g{k}")), (found.start(f"i{k}"), found.end(f"i{k}"))))


_ELLIPTICAL = re.compile(r"(?:呢|那一块呢|那块呢)\s*[？?]?\s*$|^\s*(?:and|what about|how about)\b", re.IGNORECASE)


_ABOUT = re.compile(r"(?:呢|那一块呢|那块呢)\s*[？?]?\s*$|^\s*(?:what about|how about)\b", re.IGNORECASE)


_SWAPS = re.compile(r"^\s*(?:那|再|then\s+|ok\s+|okay\s+)?(?:" + "|".join(
    rf"{re.escape(w)}\b" if w.isascii() else re.escape(w)
    for w in sorted(_DATA["region_words"]["swaps_one_part"], key=len, reverse=True)) + ")", re.IGNORECASE)


def asks_what_about(question: str) -> bool:
    """Whether a follow-up is put as "what about …?" / "…呢？" / "换成…" — the previous question again with one part
    changed — rather than as a question of its own ("and how many were …?")."""
    return bool(_ABOUT.search(question) or _SWAPS.search(question))


_WITHIN_PREVIOUS = re.compile("|".join(rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w) for w in sorted(
    _DATA["region_words"]["within_previous"], key=len, reverse=True)), re.IGNORECASE)


def counts_within_previous(question: str) -> bool:
    """Whether a follow-up counts inside the requests just asked about ("这里面予以公开的有几件", "of those, how
    many were refused?"): the applicant column asked before stays."""
    return bool(_WITHIN_PREVIOUS.search(question))


def is_elliptical(question: str) -> bool:
    """Whether a follow-up only names what changes ("那复议后起诉呢？", "and table 4?")."""
    return bool(_ELLIPTICAL.search(question))
