"""Question understanding without a model: a question in, a typed :class:`Query` out.

``understand(question, catalog, context)`` finds, by vocabulary alone:

* the **agency** (full names, short forms such as 桦川县 for 桦川县人民政府, department abbreviations
  such as 沭阳县发改局, English or pinyin place names such as "Huachuan County" or "pingtan"),
  looked up in a :class:`Catalog` index: every substring of the question is a dict lookup, so the
  cost does not grow with the number of agencies; the longest, most specific name wins (淮安市洪泽区
  → 洪泽区人民政府, not also 淮安市); a place name no stored name matches may match one that differs in
  a single character (a stored OCR typo such as 沐阳县 for 沭阳县), flagged ``fuzzy_agency``;
* the **years** (2020, 2020年, 二〇二〇年, ranges, "past three years", 去年 relative to the newest
  stored year);
* the **metric**: a 表三 row, a 表二 cell, a 表四 cell, or a derived metric, and the 表三 applicant
  column; all of this vocabulary comes from :mod:`index.reportformat` (labels, English names and
  aliases), none of it is spelled here;
* the **operation** (value, compare, change, trend, sum, rank, ratio), the **route** (figures,
  narrative or both), the **language**, and what was mentioned but is not stored (``unresolved``),
  including quantities no report format records (staff numbers, website visits: ``_NOT_RECORDED``).

A follow-up (``context`` = the previous turn's Query) keeps every part the new question does not
restate: "and in 2021?" changes only the years, "那部分公开呢？" only the metric.

Relative years count from the newest stored year (of the agency when it is known, else of the
catalog): 今年 / this year / 最新 = that year, 去年 / last year = one before, 前年 = two before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from index import reportformat as rf
from index.reportformat import CellKey, FormatVersion

__all__ = [
    "AgencyMention",
    "Catalog",
    "Language",
    "Metric",
    "Operation",
    "Query",
    "Route",
    "Unresolved",
    "understand",
]

Operation = Literal["value", "compare", "change", "trend", "sum", "rank", "ratio"]
Route = Literal["figures", "narrative", "both"]
Language = Literal["zh", "en"]

# ---------------------------------------------------------------------------
# PENDING: vocabulary additions/removals for index/reportformat.py (the lead moves them there).
# Keys name the owner: "t3:<row id>", "derived:<id>", "t2row:<row id>", "t2col:<column id>",
# "t4block:<id>", "section:<number>".
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# Question words (not report labels): operations, cues for the route, relative years.
# ---------------------------------------------------------------------------

_OP_WORDS: dict[str, tuple[str, ...]] = {
    "compare": ("比较", "对比", "相比", "相较", "比一比", "同比", "compare", "compared", "comparison", "versus", "vs"),
    "change": ("增加", "减少", "增长", "下降", "上升", "变化", "变动", "增减", "多了", "少了", "差距", "增幅", "降幅",
               "change", "increase", "decrease", "difference", "grow", "grew", "growth", "rise", "rose", "fell",
               "drop", "decline"),
    "trend": ("趋势", "历年", "逐年", "走势", "各年", "每年", "历史", "trend", "over the years", "over time",
              "year by year", "each year", "every year", "per year", "historical", "history"),
    "sum": ("合计", "总共", "一共", "共计", "加起来", "总和", "汇总", "in total", "combined", "altogether", "sum",
            "add up", "summed"),
    "rank": ("最多", "最少", "最高", "最低", "排名", "排行", "前三", "前五", "前十", "most", "least", "fewest",
             "highest", "lowest", "largest", "smallest", "biggest", "top", "rank", "ranking"),
    "ratio": ("比例", "占比", "比率", "比重", "百分比", "百分之", "率", "share", "percentage", "percent",
              "proportion", "ratio", "rate", "fraction"),
}
# A total of several named agencies: "Total requests across A, B and C", "A和B的申请总数" (with one
# agency these words name the 总计 column); "分别" / "respectively" asks for each one instead.
_SUM_IF_SEVERAL = ("total", "totals", "together", "总计", "总数", "总量", "一起", "合起来")
_EACH = ("分别", "各自", "逐一", "respectively", "separately", "individually")
_OP_PRECEDENCE: tuple[str, ...] = ("rank", "sum", "trend", "change", "compare", "ratio")
_MULTI_YEAR_OPS = frozenset({"compare", "change", "trend"})
_SCOPE_ALL = ("所有", "全部", "各", "各个", "各级", "各地", "all agencies", "every agency", "each agency",
              "across", "all", "every")
_FIGURE_CUES = ("多少", "几件", "几个", "几次", "几项", "几", "数量", "数目", "总数", "金额", "件数", "how many",
                "how much", "number of", "amount", "count", "figure", "figures", "statistics")
# Ask for the text: count whatever else the question says.
_TEXT_CUES = ("为什么", "为何", "原因", "措施", "举措", "做法", "经验", "成效", "描述", "介绍", "概述", "总结", "概括",
              "具体内容", "有何", "提到", "说了什么", "why", "describe", "description", "explain", "summarize",
              "summarise", "summary", "reason", "reasons", "measures", "steps", "initiatives", "actions",
              "tell me about", "say about", "mention", "mentioned", "what kind", "what kinds", "details",
              "什么是", "是什么意思", "什么意思", "含义", "定义", "指什么", "meaning", "definition", "define", "mean")
# Ask for a manner: text, unless an operation ("how did it change") makes it a figure question.
_MANNER_CUES = ("如何", "怎么", "怎样", "怎么样", "how", "in what way")
_WEAK_CUES = ("什么", "哪些", "哪个", "what", "which")
_RELATIVE_YEARS: dict[str, int] = {
    "今年": 0, "最新": 0, "最近一年": 0, "最新一年": 0, "去年": -1, "前年": -2, "this year": 0, "current year": 0,
    "latest": 0, "most recent": 0, "newest": 0, "last year": -1, "previous year": -1, "the year before last": -2,
}
# Quantities the report format does not record and reports rarely state as a figure. A "how many"
# question about one of them is refused plainly (an ``unresolved`` metric), not sent to the text.
# ``quantity`` words name the quantity itself (访问量, average response time): they need no "how
# many"; ``subject`` words name only what is counted (工作人员, staff, women): they need one. A
# question that also names another narrative topic (training, press conferences, fees, posts …) is
# left to the text: reports do state such figures ("培训300人次"). Channels (website, WeChat) may
# co-occur: "政府网站的访问量" is still a visit count.
@dataclass(frozen=True)
class _NotRecorded:
    id: str
    label: str  # Chinese
    english: str
    quantity: tuple[str, ...]
    subject: tuple[str, ...] = ()
    # Money spent: 表二 is where the format records amounts (fees collected, procurement), so a
    # question naming one of its rows ("how much did X spend on procurement") asks for that row.
    yields_to_table2: bool = False
    # Verbs that ask for the quantity ("what did X spend"): named in the answer by ``english``.
    verbs: tuple[str, ...] = ()


_NOT_RECORDED: tuple[_NotRecorded, ...] = (
    _NotRecorded("staff", "工作人员数量", "number of staff",
                 ("工作人员数量", "工作人员人数", "工作人员数", "人员数量", "编制人数", "在编人数", "专职人员数量",
                  "number of staff", "staff numbers", "staff number", "number of employees", "headcount",
                  "staff size"),
                 ("工作人员", "专职人员", "兼职人员", "专职工作人员", "人员编制", "staff", "staff members",
                  "staffers", "employees", "personnel", "civil servants")),
    _NotRecorded("visits", "网站访问量", "website visits",
                 ("访问量", "浏览量", "点击量", "访问次数", "访问人次", "浏览次数", "点击次数", "访问总量", "page views",
                  "pageviews", "website visits", "website traffic", "number of visits", "number of visitors",
                  "visitor numbers", "web traffic"),
                 ("访问", "浏览", "visits", "visitors", "visited", "hits")),
    _NotRecorded("response_time", "平均答复时间", "average response time",
                 ("平均答复时间", "平均答复时长", "平均答复天数", "平均答复期限", "平均办理时间", "平均办理时长",
                  "平均办理天数", "平均处理时间", "平均处理时长", "平均用时", "平均耗时", "答复时长", "答复用时",
                  "办理时长", "average response time", "mean response time", "average time to respond",
                  "average time to answer", "average processing time", "average handling time", "response time",
                  "processing time", "turnaround time", "days on average")),
    _NotRecorded("applicant_traits", "申请人性别、年龄", "applicants' gender or age",
                 ("性别比例", "男女比例", "年龄分布", "年龄结构", "gender breakdown", "gender ratio", "age breakdown",
                  "age distribution"),
                 ("女性", "男性", "妇女", "性别", "年龄", "women", "men", "female", "male", "gender")),
    # The 2019/2021 formats have no funding table (FORMAT.md §1-4); section 六 reports fees collected.
    _NotRecorded("funding", "政务公开工作经费", "funding of disclosure work",
                 ("工作经费", "经费投入", "投入经费", "经费支出", "经费预算", "funding", "expenditure", "expenditures",
                  "spending"),
                 ("经费", "funds", "cost", "costs"), yields_to_table2=True, verbs=("spend", "spent")),
)
_NOT_RECORDED_BY_ID = {nr.id: nr for nr in _NOT_RECORDED}
# Narrative topics that may sit beside a not-recorded quantity: where it is counted, not what.
_CHANNEL_TOPICS = frozenset({w for words in rf.PUBLISHING_CHANNELS.values() for w in words} | {"平台"})

_FRAMING_ROWS = frozenset({"new", "processed_total"})  # row ids  # generic "applications"/"answered": lose to specific rows
_SUB_ROW_FORMS = ("{group}{sub}", "{group}中的{sub}", "{group}里的{sub}", "{group}之{sub}", "{group}（{sub}）",
                  "{group}-{sub}", "{group}/{sub}")
_FRAMING_ANCHOR = 1.5  # the anchor class of a framing row at most (see _anchor_class)
_T2_EQUIVALENT = {"issued": ("made",), "made": ("issued",), "in_force": ("total_public",),
                  "total_public": ("in_force",)}

_OP_NAMES: dict[str, tuple[str, str]] = {
    "value": ("取值", "value"), "compare": ("比较", "compare"), "change": ("变化", "change"),
    "trend": ("趋势", "trend"), "sum": ("合计", "sum across agencies"), "rank": ("排名", "rank"),
    "ratio": ("比例", "ratio"),
}

# ---------------------------------------------------------------------------
# Place names (agency matching): administrative suffixes, department abbreviations, English words
# ---------------------------------------------------------------------------

_LEVEL_ENGLISH: dict[str, str] = {
    "特别行政区": "special administrative region", "综合实验区": "comprehensive experimental zone",
    "自治区": "autonomous region", "自治州": "autonomous prefecture", "自治县": "autonomous county",
    "自治旗": "autonomous banner", "开发区": "development zone", "新区": "new area", "地区": "prefecture",
    "林区": "forest district", "省": "province", "市": "city", "县": "county", "区": "district", "旗": "banner",
    "盟": "league",
}
_PLACE_SUFFIXES = tuple(sorted(_LEVEL_ENGLISH, key=len, reverse=True))
_NOT_A_PLACE = frozenset({"城市", "都市", "市区", "县区", "社区", "小区", "地区"})
_NOT_AFTER_SUFFIX = set("场分域级")  # 市场, 区分, 区域, 县级
# Rest of a name after the place: a government (tier 1) or its office (tier 2) → the place alone names it.
_GOVERNMENT_RESTS: dict[str, int] = {"": 1, "人民政府": 1, "政府": 1, "管委会": 1, "管理委员会": 1,
                                     "人民政府办公室": 2, "人民政府办公厅": 2, "政府办公室": 2, "政府办": 2,
                                     "办公厅": 2, "办公室": 2}
_GOVERNMENT_ENGLISH: dict[str, tuple[str, ...]] = {
    "": ("",), "人民政府": ("government", "peoples government", "people government"), "政府": ("government",),
    "管委会": ("management committee",), "管理委员会": ("management committee",),
    "人民政府办公室": ("government office", "general office"), "人民政府办公厅": ("general office", "government office"),
    "政府办公室": ("government office",), "政府办": ("government office",), "办公厅": ("general office",),
    "办公室": ("office",),
}
_DEPT_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("发展和改革", "发改"), ("发展改革", "发改"), ("人力资源和社会保障", "人社"), ("住房和城乡建设", "住建"),
    ("市场监督管理", "市场监管"), ("卫生健康委员会", "卫健委"), ("卫生健康", "卫健"), ("文化广电和旅游", "文旅"),
    ("文化和旅游", "文旅"), ("文化广播电视和旅游", "文广旅"), ("自然资源和规划", "自然资源"), ("交通运输", "交通"),
    ("农业农村", "农业"), ("应急管理", "应急"), ("退役军人事务", "退役军人"), ("医疗保障", "医保"),
    ("政务服务管理办公室", "政务办"), ("委员会", "委"), ("和", ""),
)
_DEPT_ENGLISH: dict[str, str] = {
    "发展和改革局": "development and reform bureau", "发展和改革委员会": "development and reform commission",
    "教育局": "education bureau", "财政局": "finance bureau", "公安局": "public security bureau",
    "民政局": "civil affairs bureau", "司法局": "justice bureau", "审计局": "audit bureau",
    "统计局": "statistics bureau", "商务局": "commerce bureau", "水利局": "water resources bureau",
    "交通运输局": "transport bureau", "生态环境局": "ecology and environment bureau",
    "市场监督管理局": "market supervision bureau", "住房和城乡建设局": "housing and urban rural development bureau",
    "人力资源和社会保障局": "human resources and social security bureau", "卫生健康委员会": "health commission",
    "自然资源和规划局": "natural resources and planning bureau", "农业农村局": "agriculture and rural affairs bureau",
    "应急管理局": "emergency management bureau", "教育委员会": "education commission",
}
_EN_PLACE_WORDS = "County|City|District|Province|Prefecture|Banner|Municipality|Region"
_EN_UNKNOWN_PLACE = re.compile(rf"\b((?:[A-Z][a-z]+)(?:[ '\-][A-Z][a-z]+)*)\s+(?:{_EN_PLACE_WORDS})\b")
_EN_LEADING_STOP = frozenset({"In", "For", "Did", "Does", "Do", "The", "What", "How", "Which", "And", "Of", "At",
                              "By", "From", "Was", "Were", "Is", "Are", "Has", "Had", "About", "Compare", "Show"})
_ZH_LEAD_STOP = re.compile(r"^(?:请问|请|查询|查一下|查|告诉我|我想知道|想知道|关于|对于|那么|那|在|的|年度|年|和|与|及|或|是|对|为|"
                           r"从|向|把|被|中|里)+")
_ZH_PLACE_STOP_START = set("本全我该各此每哪某其这那两多贵")

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+")
_ARTICLES = frozenset({"the", "a", "an"})  # skipped in English vocabulary phrases and questions
_APOSTROPHES = frozenset("'’‘`´")

# ---------------------------------------------------------------------------
# Years
# ---------------------------------------------------------------------------

_CN_DIGIT = {"〇": "0", "零": "0", "○": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
             "七": "7", "八": "8", "九": "9"}
_Y = r"(?:(?:19|20)\d{2}|[一二][九〇零○][〇零○一二三四五六七八九]{2})"
_YS = r"\s*(?:年度|年)?"
_RANGE = re.compile(rf"(?:from\s+|从|自)?({_Y}){_YS}\s*(?:-|–|—|~|～|〜|至|到|to|through|till|until)\s*"
                    rf"({_Y}|\d{{2}}(?!\d)){_YS}")
_BETWEEN = re.compile(rf"between\s+({_Y}){_YS}\s+(?:and|&)\s+({_Y}){_YS}")
_SINGLE = re.compile(rf"(?<![\d])({_Y})(?![\d]){_YS}")
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                 "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_N_YEARS = re.compile(r"(?:(?:the\s+)?(?:past|last|previous|recent|latest)\s+(\d+|two|three|four|five|six|seven|"
                      r"eight|nine|ten)\s+years?)|(?:(?:近|最近|过去)\s*(\d+|[两二三四五六七八九十])\s*个?\s*年)")


def _year_value(text: str) -> int:
    return int("".join(_CN_DIGIT.get(ch, ch) for ch in text))


def format_of(year: int) -> FormatVersion:
    """The table format a report year uses by default (FORMAT.md §8: ≤ 2020 → 2019, else 2021)."""
    return rf.detect_format("", year)


# ---------------------------------------------------------------------------
# Text folding
# ---------------------------------------------------------------------------


def _fold(text: str) -> tuple[str, list[int]]:
    """NFKC + lowercase, apostrophes dropped; with each folded character's index in ``text``."""
    out: list[str] = []
    pos: list[int] = []
    skip = False
    for i, ch in enumerate(text):
        if skip:
            skip = False
            continue
        if ch in _APOSTROPHES:
            # The possessive "Pingtan's" → "pingtan"; "Huai'an" → "huaian".
            skip = text[i + 1:i + 2] in ("s", "S") and not text[i + 2:i + 3].isalpha()
            continue
        for c in unicodedata.normalize("NFKC", ch).lower():
            out.append(c)
            pos.append(i)
    return "".join(out), pos


@cache
def _label_char(ch: str) -> str:
    return rf.normalize_label(ch).lower()


def _zh_key(phrase: str) -> str:
    return rf.normalize_label(phrase).lower()


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith(("ies", "ied")):  # carries, carried → carry
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def _en_key(phrase: str) -> str:
    folded, _ = _fold(phrase)
    return " ".join(_stem(w) for w in _WORD.findall(folded) if w not in _ARTICLES)


def _has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def _short_label(label: str) -> str:
    """Drop a trailing explanatory note: （二）部分公开（区分处理的…） → （二）部分公开."""
    return re.sub(r"(?<=[^）)])[（(][^（）()]{2,}[）)]$", "", label)


def _strip_number(label: str) -> str:
    """一、本年新收… → 本年新收…; （一）予以公开 → 予以公开; 1.属于国家秘密 → 属于国家秘密."""
    return re.sub(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．])", "", label)


# ---------------------------------------------------------------------------
# The vocabulary, built once from reportformat
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _T:
    """One meaning of a phrase."""

    kind: str  # t3row derived t2row t2col t4block t4out applicant orgs section topic op cue rel scope unrecorded
    id: str
    rows: frozenset[str] = frozenset()  # t2col: the 表二 rows the column belongs to
    value: int = 0  # rel: year offset; unrecorded: 1 for a word naming the quantity itself


@dataclass
class _Vocabulary:
    zh: dict[str, list[_T]] = field(default_factory=dict)
    en: dict[str, list[_T]] = field(default_factory=dict)
    zh_lengths: tuple[int, ...] = ()
    en_max: int = 1

    def add(self, phrase: str, target: _T) -> None:
        if _has_cjk(phrase):
            key, table = _zh_key(phrase), self.zh
        else:
            key, table = _en_key(phrase), self.en
        if not key:
            return
        targets = table.setdefault(key, [])
        if target not in targets:
            targets.append(target)


def _is_generic(phrase: str) -> bool:
    """A phrase too general to name one thing on its own: ≤ 2 Chinese characters or one English word
    (文件 "documents", "review"). Such a word names a table row only when nothing more specific is said."""
    return len(_zh_key(phrase)) <= 2 if _has_cjk(phrase) else " " not in _en_key(phrase)


def _owner(t: _T) -> str:
    return f"{t.kind}:{t.id}"


@cache
def _vocabulary() -> _Vocabulary:
    aliases: list[tuple[str, _T]] = []  # explicit words people type
    labels: list[tuple[str, _T]] = []  # official labels and English names: dropped when generic

    def put(target: _T, label_words: Iterable[str], alias_words: Iterable[str]) -> None:
        labels.extend((w, target) for w in label_words if w)
        aliases.extend((w, target) for w in alias_words if w)

    for row in rf.T3_ROWS:
        put(_T("t3row", row.id), (row.label, _short_label(row.label), _strip_number(row.label),
                                            _short_label(_strip_number(row.label)), row.english), row.aliases)
        if row.group:
            # "其他处理中的其他", "其他处理（其他）": the group names which 其他 is meant
            group, sub = _strip_number(rf.GROUPS[row.group].label), _short_label(_strip_number(row.label))
            aliases.extend((form.format(group=group, sub=sub), _T("t3row", row.id)) for form in _SUB_ROW_FORMS)
            # "other dispositions (other)", "other dispositions: other" (an English key drops punctuation)
            aliases.append((f"{rf.GROUPS[row.group].english} {row.english}", _T("t3row", row.id)))
    for m in rf.DERIVED_METRICS:
        put(_T("derived", m.id), (m.label, _strip_number(m.label), m.english), m.aliases)
        if m.id in rf.GROUPS:  # （三）不予公开 as printed names the group sum
            put(_T("derived", m.id), (rf.GROUPS[m.id].label,), ())
    t2_rows: dict[str, rf.Row] = {}
    t2_columns: dict[tuple[str, int], tuple[rf.Column, set[str]]] = {}
    for fmt in rf.FORMATS:
        for block in rf.T2_BLOCKS[fmt]:
            for row in block.rows:
                t2_rows.setdefault(f"{row.id}:{row.label}", row)
            for col in block.columns:
                t2_columns.setdefault((col.id, id(col)), (col, set()))[1].update(r.id for r in block.rows)
    for row in t2_rows.values():
        put(_T("t2row", row.id), (row.label, row.english), row.aliases)
    for col, rows in t2_columns.values():
        target = _T("t2col", col.id, frozenset(rows))
        put(target, (col.label, _short_label(col.label), col.english), col.aliases)
    for block in rf.T4_BLOCKS:
        put(_T("t4block", block.id), (block.label.split("/")[-1], block.english), block.aliases)
    for outcome in rf.T4_OUTCOMES:
        put(_T("t4out", outcome.id), (outcome.label, outcome.english), outcome.aliases)
    for col in rf.APPLICANT_COLUMNS:
        put(_T("applicant", col.id), (col.label, col.english), col.aliases)
    org = rf.ORGANISATION_HEADER
    put(_T("orgs", org.id), (org.label, org.english), org.aliases)
    for section in rf.SECTIONS:
        put(_T("section", section.number), (section.heading, section.english), section.aliases)

    # A label or English name shared by different things ("其他", "总计") or a single generic word
    # ("other") is only kept where it is also an explicit alias.
    label_owners: dict[str, set[str]] = {}
    for word, target in labels:
        key = _zh_key(word) if _has_cjk(word) else _en_key(word)
        label_owners.setdefault(key, set()).add(_owner(target))
    vocab = _Vocabulary()
    for word, target in labels:
        key = _zh_key(word) if _has_cjk(word) else _en_key(word)
        if len(label_owners[key]) > 1 or _is_generic(word):
            continue
        vocab.add(word, target)
    for word, target in aliases:
        vocab.add(word, target)

    # Narrative topics: the glossary's words that name nothing in a table (website, WeChat, training …).
    known_en = set(vocab.en)
    known_zh = set(vocab.zh)
    for english, chinese in rf.glossary():
        if _zh_key(chinese) in known_zh:
            continue
        if _en_key(english) not in known_en:
            vocab.add(english, _T("topic", chinese))
        if len(chinese) >= 2:
            vocab.add(chinese, _T("topic", chinese))

    for op, words in _OP_WORDS.items():
        for w in words:
            vocab.add(w, _T("op", op))
    for w in _SUM_IF_SEVERAL:
        vocab.add(w, _T("op", "sum_if_several"))
    for w in _EACH:
        vocab.add(w, _T("op", "each"))
    for w in _SCOPE_ALL:
        vocab.add(w, _T("scope", "all"))
    for cue, words in (("figure", _FIGURE_CUES), ("text", _TEXT_CUES), ("manner", _MANNER_CUES),
                       ("weak", _WEAK_CUES)):
        for w in words:
            vocab.add(w, _T("cue", cue))
    for w, offset in _RELATIVE_YEARS.items():
        vocab.add(w, _T("rel", w, value=offset))
    for nr in _NOT_RECORDED:
        for w in nr.quantity + nr.verbs:
            vocab.add(w, _T("unrecorded", nr.id, value=1))
        for w in nr.subject:
            vocab.add(w, _T("unrecorded", nr.id, value=0))

    vocab.zh_lengths = tuple(sorted({len(k) for k in vocab.zh}, reverse=True))
    vocab.en_max = max((k.count(" ") + 1 for k in vocab.en), default=1)
    return vocab


# ---------------------------------------------------------------------------
# Catalog: the stored agencies and years, indexed for matching
# ---------------------------------------------------------------------------


def _split_places(name: str) -> tuple[list[tuple[str, str]], str]:
    """``淮安市洪泽区人民政府`` → ([("淮安市", "市"), ("洪泽区", "区")], "人民政府")."""
    comps: list[tuple[str, str]] = []
    p = 0
    while p < len(name):
        found = None
        for e in range(p + 2, min(len(name), p + 12) + 1):
            seg = name[p:e]
            suffix = next((s for s in _PLACE_SUFFIXES if seg.endswith(s) and len(seg) > len(s)), None)
            if suffix and name[e:e + 1] not in _NOT_AFTER_SUFFIX and seg not in _NOT_A_PLACE:
                found = (seg, suffix)
                break
        if not found:
            break
        comps.append(found)
        p += len(found[0])
    return comps, name[p:]


def _core(comp: tuple[str, str]) -> str:
    return comp[0][: -len(comp[1])]


def _dept_variants(rest: str) -> set[str]:
    out = {rest}
    all_at_once = rest
    for long, short in _DEPT_ABBREVIATIONS:
        if long in rest:
            out.add(rest.replace(long, short))
        all_at_once = all_at_once.replace(long, short)
    out.add(all_at_once)
    return {v for v in out if len(v) >= 2}


def _zh_agency_keys(name: str) -> dict[str, int]:
    """Chinese keys naming ``name`` with their tier (0 = as specific as the full name)."""
    keys: dict[str, int] = {}

    def put(key: str, tier: int) -> None:
        key = _zh_key(key)
        if len(key) >= 2 and tier < keys.get(key, 99):
            keys[key] = tier

    put(name, 0)
    comps, rest = _split_places(_zh_key(name))
    if not comps:
        return keys
    tails = ["".join(c for c, _ in comps[i:]) for i in range(len(comps))]
    stripped = _core(comps[-1])
    if rest in _GOVERNMENT_RESTS:
        tier = _GOVERNMENT_RESTS[rest]
        for tail in tails:
            put(tail + rest, 0)
            put(tail, tier)
            if tier == 1:
                put(tail + "人民政府", 0)
                put(tail + "政府", 0)
        if len(stripped) >= 2:
            put(stripped, tier + 2)
            put(stripped + rest, 0 if rest else tier + 2)
    else:
        for variant in _dept_variants(rest):
            for tail in tails:
                put(tail + variant, 0)
            if len(stripped) >= 2:
                put(stripped + variant, 0)
    return keys


@cache
def _pinyin(text: str) -> tuple[str, ...]:
    """Toneless pinyin spellings of a place name: the usual reading first, then other readings of
    polyphones (朝阳 → zhaoyang, chaoyang), with ü as v, u and yu; at most a dozen."""
    from pypinyin import Style, lazy_pinyin, pinyin

    readings = ["".join(lazy_pinyin(text, errors="ignore"))]
    per_char = pinyin(text, style=Style.NORMAL, heteronym=True, errors="ignore")
    combos = [""]
    for options in per_char:
        combos = [c + o for c in combos for o in dict.fromkeys(options[:3])][:8]
    readings.extend(combos)
    out: list[str] = []
    for r in readings:
        r = re.sub(r"[^a-z]", "", r.lower())
        out.extend((r, r.replace("v", "u"), r.replace("v", "yu")))
    return tuple(dict.fromkeys(x for x in out if x))[:12]


def _en_agency_keys(name: str) -> dict[str, int]:
    """English/pinyin keys: "huachuan county", "huachuan", "hongze district", "pingtan"."""
    keys: dict[str, int] = {}

    def put(key: str, tier: int) -> None:
        words = _WORD.findall(key.lower())
        for k in (" ".join(words), "".join(words)):
            if len(k) >= 4 and tier < keys.get(k, 99):
                keys[k] = tier

    comps, rest = _split_places(_zh_key(name))
    if not comps:
        return keys
    comp_en = [[f"{py} {_LEVEL_ENGLISH[suffix]}" for py in _pinyin(_core((c, suffix)))] for c, suffix in comps]
    tails: list[list[str]] = []
    for i in range(len(comps)):
        combos = [""]
        for options in comp_en[i:]:
            combos = [f"{a} {b}".strip() for a in combos for b in options[:2]]
        tails.append(combos)
    cores = _pinyin(_core(comps[-1]))
    if rest in _GOVERNMENT_RESTS:
        tier = _GOVERNMENT_RESTS[rest]
        for combos in tails:
            for tail in combos:
                put(tail, tier)
                for suffix in _GOVERNMENT_ENGLISH.get(rest, ("",)):
                    put(f"{tail} {suffix}", 0 if suffix else tier)
        for core in cores:
            put(core, tier + 2)
    elif rest in _DEPT_ENGLISH:
        dept = _DEPT_ENGLISH[rest]
        for combos in tails:
            for tail in combos:
                put(f"{tail} {dept}", 0)
        for core in cores:
            put(f"{core} {dept}", 0)
    return keys


class Catalog:
    """The stored (agency, year) pairs, indexed for finding agency names in questions.

    Every name gets a set of keys (full name, short forms, department abbreviations and, built on
    the first English question, pinyin/English forms), each with a tier; a question is matched by
    looking up its substrings, so the cost per question does not depend on the number of agencies.

    Example::

        catalog = Catalog([("桦川县人民政府", 2020), ("平潭综合实验区", 2021)])
        catalog.years("桦川县人民政府")  # (2020,)
    """

    def __init__(self, reports: Iterable[tuple[str, int]]):
        years: dict[str, set[int]] = {}
        for agency, year in reports:
            years.setdefault(agency, set()).add(int(year))
        self._years: dict[str, tuple[int, ...]] = {a: tuple(sorted(ys)) for a, ys in years.items()}
        self._all_years: tuple[int, ...] = tuple(sorted({y for ys in years.values() for y in ys}))
        self._zh: dict[str, dict[str, int]] = {}
        for agency in self._years:
            for key, tier in _zh_agency_keys(agency).items():
                slot = self._zh.setdefault(key, {})
                if tier < slot.get(agency, 99):
                    slot[agency] = tier
        self._zh_lengths = tuple(sorted({len(k) for k in self._zh}, reverse=True))
        self._en_index: dict[str, dict[str, int]] | None = None
        self._en_max = 1
        self._near: dict[str, list[str]] | None = None
        _vocabulary()  # built once per process; here so that the first question is fast

    @property
    def agencies(self) -> tuple[str, ...]:
        return tuple(self._years)

    def __len__(self) -> int:
        return len(self._years)

    def __contains__(self, agency: object) -> bool:
        return agency in self._years

    def years(self, agency: str | None = None) -> tuple[int, ...]:
        """The stored years of one agency, or of the whole catalog."""
        if agency is None:
            return self._all_years
        return self._years.get(agency, ())

    def has(self, agency: str, year: int) -> bool:
        return year in self._years.get(agency, ())

    def newest_year(self, agencies: Sequence[str] = ()) -> int | None:
        """The newest stored year of these agencies (of the catalog when none are given)."""
        years = [y for a in agencies for y in self._years.get(a, ())] if agencies else list(self._all_years)
        return max(years) if years else None

    def near(self, text: str, min_length: int = 3) -> tuple[int, dict[str, int]] | None:
        """Fuzzy fallback: the longest start of ``text`` (at least ``min_length`` characters) that
        differs from a stored Chinese key (a name or a short form) in exactly one CJK character, as
        (its length, {agency: tier}); None if there is none. The index is built on first use."""
        index = self._near_index()
        for length in range(min(len(text), self._zh_lengths[0] if self._zh_lengths else 0), min_length - 1, -1):
            probe = text[:length]
            half = length // 2
            hit: dict[str, int] = {}
            for key in {*index.get(f"{length}<{probe[:half]}", ()), *index.get(f"{length}>{probe[half:]}", ())}:
                diff = [i for i in range(length) if key[i] != probe[i]]
                if len(diff) != 1 or not (_CJK.match(key[diff[0]]) and _CJK.match(probe[diff[0]])):
                    continue
                for agency, tier in self._zh[key].items():
                    if tier < hit.get(agency, 99):
                        hit[agency] = tier
            if hit:
                return length, hit
        return None

    def _near_index(self) -> dict[str, list[str]]:
        # Two keys of one length that differ in one character agree on its first or its second half.
        if self._near is None:
            index: dict[str, list[str]] = {}
            for key in self._zh:
                if len(key) >= 3:
                    half = len(key) // 2
                    index.setdefault(f"{len(key)}<{key[:half]}", []).append(key)
                    index.setdefault(f"{len(key)}>{key[half:]}", []).append(key)
            self._near = index
        return self._near

    def warm(self) -> Catalog:
        """Build the English/pinyin index now (otherwise the first English question builds it)."""
        self._en()
        return self

    def _en(self) -> dict[str, dict[str, int]]:
        if self._en_index is None:
            index: dict[str, dict[str, int]] = {}
            for agency in self._years:
                for key, tier in _en_agency_keys(agency).items():
                    slot = index.setdefault(key, {})
                    if tier < slot.get(agency, 99):
                        slot[agency] = tier
            self._en_max = max((k.count(" ") + 1 for k in index), default=1)
            self._en_index = index
        return self._en_index


# ---------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyMention:
    """An agency named in the question: the words as typed and the stored agencies they fit, best first."""

    text: str
    candidates: tuple[str, ...]
    fuzzy: bool = False  # no stored name matched exactly: these differ from ``text`` by one character

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


@dataclass(frozen=True)
class Unresolved:
    """Something the question names that the catalog or the format does not have.

    ``kind`` is ``"agency"`` (no stored agency fits ``mention``), ``"year"`` (no report of
    ``agency`` for that year; ``available`` lists the stored years) or ``"metric"`` (the metric
    does not exist in the table format of that year, e.g. 政府集中采购 after 2020; with ``year``
    None, a quantity no report format records, e.g. the number of staff or website visits).
    """

    kind: Literal["agency", "year", "metric"]
    mention: str
    agency: str | None = None
    available: tuple[int, ...] = ()
    year: int | None = None

    def describe(self, language: Language = "zh") -> str:
        stored = "、".join(map(str, self.available)) if language == "zh" else ", ".join(map(str, self.available))
        if self.kind == "agency":
            return f"未找到机关“{self.mention}”" if language == "zh" else f"no stored agency matches “{self.mention}”"
        if self.kind == "year":
            year = self.year or self.mention
            if language == "zh":
                return f"{self.agency or '库中'}没有{year}年的报告" + (f"（已有：{stored}）" if stored else "")
            who = f"for {self.agency}" if self.agency else "in the store"
            return f"no {year} report {who}" + (f" (stored: {stored})" if stored else "")
        if self.year is None:
            if language == "zh":
                return f"年报的统计表格没有“{self.mention}”这一项" + (f"（有此项的年份：{stored}）" if stored else "")
            return f"the annual reports' tables do not record “{self.mention}”" + (
                f" (years that have it: {stored})" if stored else "")
        if language == "zh":
            return f"{self.year}年报告的格式中没有“{self.mention}”" + (f"（有此项的年份：{stored}）" if stored else "")
        return f"“{self.mention}” is not in the {self.year} report format" + (
            f" (years that have it: {stored})" if stored else "")


@dataclass(frozen=True)
class Metric:
    """What figure is asked for: a printed cell pattern or a derived metric.

    * 表三 row: ``Metric(3, row="granted")``; the applicant column is :attr:`Query.applicant`.
    * 表二 cell: ``Metric(2, row="penalty", column="decisions")``; ``column=None`` means the format's
      default column for that row (see :meth:`t2_column`); the id may differ between the 2019 and
      2021 formats (in_force ↔ total_public, issued ↔ made).
    * 表四 cell: ``Metric(4, row="cases", column="review.total")``.
    * derived: ``Metric(3, derived="denied")`` (a group sum or rate; ids of ``reportformat.DERIVED_BY_ID``),
      ``Metric(4, derived="litigation_total")``.
    * 表四 cells summed: ``Metric(4, row="cases", parts=("suit_direct.upheld", "suit_after.upheld"))``
      ("how many lawsuits were upheld", both kinds of suit).
    """

    table: int
    row: str | None = None
    column: str | None = None
    derived: str | None = None
    parts: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        if self.derived:
            return f"derived:{self.derived}"
        if self.parts:
            return f"T{self.table}:{self.row}:{'+'.join(self.parts)}"
        return f"T{self.table}:{self.row}" + (f":{self.column}" if self.column else "")

    @property
    def is_derived(self) -> bool:
        return self.derived is not None or bool(self.parts)

    def available(self, fmt: FormatVersion) -> bool:
        """Whether the metric exists in this table format."""
        if self.derived:
            return fmt in rf.DERIVED_BY_ID[self.derived].formats
        if self.table == 3:
            return fmt in rf.T3_ROW_BY_ID[self.row or ""].formats
        if self.table == 2:
            return self.t2_column(fmt) is not None
        return True

    def t2_column(self, fmt: FormatVersion) -> rf.Column | None:
        """表二: the column read in this format (the named one or its equivalent, else the default)."""
        block = next((b for b in rf.T2_BLOCKS[fmt] if any(r.id == self.row for r in b.rows)), None)
        if block is None:
            return None
        by_id = {c.id: c for c in block.columns}
        if self.column:
            for cid in (self.column, *_T2_EQUIVALENT.get(self.column, ())):
                if cid in by_id:
                    return by_id[cid]
            return None
        # Default: the last column that is not a signed change (处理决定数量, 对外公开总数量/现行有效件数, 金额).
        return next((c for c in reversed(block.columns) if c.kind != "signed"), block.columns[-1])

    def cells(self, fmt: FormatVersion, applicant: str | None = None) -> tuple[CellKey, ...]:
        """The printed cells that add up to this metric (a ratio's numerator); () if not in ``fmt``."""
        if not self.available(fmt):
            return ()
        cols = _applicant_columns(applicant)
        if self.derived:
            d = rf.DERIVED_BY_ID[self.derived]
            if d.table == 4:
                return tuple(CellKey(4, rf.T4_ROW.id, p) for p in d.parts)
            return tuple(CellKey(3, r, c) for r in d.parts for c in cols)
        if self.table == 3:
            return tuple(CellKey(3, self.row or "", c) for c in cols)
        if self.table == 2:
            col = self.t2_column(fmt)
            return (CellKey(2, self.row or "", col.id),) if col else ()
        return tuple(CellKey(4, rf.T4_ROW.id, p) for p in (self.parts or (self.column or "",)))

    def denominator(self, fmt: FormatVersion, applicant: str | None = None) -> tuple[CellKey, ...]:
        """For a ratio metric, the cells divided by; otherwise ()."""
        if not self.derived or rf.DERIVED_BY_ID[self.derived].kind != "ratio" or not self.available(fmt):
            return ()
        return tuple(CellKey(3, r, c) for r in rf.DERIVED_BY_ID[self.derived].denominator
                     for c in _applicant_columns(applicant))

    def label(self, fmt: FormatVersion = "2021", language: Language = "zh") -> str:
        """The official Chinese labels (with the English name in parentheses for ``en``)."""
        zh, en = self._labels(fmt)
        return zh if language == "zh" else f"{zh} ({en})"

    def _labels(self, fmt: FormatVersion) -> tuple[str, str]:
        if self.derived:
            d = rf.DERIVED_BY_ID[self.derived]
            return f"{_table_zh(d.table)} {d.label}", d.english
        if self.table == 3:
            row = rf.T3_ROW_BY_ID[self.row or ""]
            return f"{_table_zh(3)} {_short_label(row.path)}", row.english
        if self.table == 2:
            other: FormatVersion = "2019" if fmt == "2021" else "2021"
            for f in (fmt, other):
                block = next((b for b in rf.T2_BLOCKS[f] if any(r.id == self.row for r in b.rows)), None)
                col = self.t2_column(f)
                if block and col:
                    row = next(r for r in block.rows if r.id == self.row)
                    return (f"{_table_zh(2)} {block.group.label} {row.label}/{_short_label(col.label)}",
                            f"{row.english}: {col.english}")
            row = _t2_row_any(self.row or "")
            return f"{_table_zh(2)} {row.label}", row.english
        if self.parts:
            outcome = next(o for o in rf.T4_OUTCOMES if o.id == self.parts[0].split(".")[-1])
            return (f"{_table_zh(4)} {rf.LITIGATION.label}/{outcome.label}（合计）",
                    f"{rf.LITIGATION.english}: {outcome.english}")
        col = rf.T4_COLUMN_BY_ID[self.column or ""]
        return f"{_table_zh(4)} {col.label}", col.english


def _applicant_columns(applicant: str | None) -> tuple[str, ...]:
    if applicant == rf.ORGANISATION_HEADER.id:
        return tuple(rf.ORGANISATION_COLUMN_IDS)
    return (applicant or rf.APPLICANT_TOTAL,)


def _table_zh(table: int) -> str:
    return rf.TABLE_NAMES[table][0].split()[0]


@cache
def _t2_row_any(row_id: str) -> rf.Row:
    for fmt in rf.FORMATS:
        for block in rf.T2_BLOCKS[fmt]:
            for row in block.rows:
                if row.id == row_id:
                    return row
    raise KeyError(row_id)


def _applicant_label(applicant: str) -> tuple[str, str]:
    if applicant == rf.ORGANISATION_HEADER.id:
        return f"{rf.ORGANISATION_HEADER.label}（五类之和）", f"{rf.ORGANISATION_HEADER.english} (sum of five)"
    col = next(c for c in rf.APPLICANT_COLUMNS if c.id == applicant)
    return col.label, col.english


@dataclass(frozen=True)
class Query:
    """A question as understood.

    ``agencies`` lists every candidate agency (flattened from ``mentions``; several candidates for one
    mention means it is ambiguous, see :attr:`ambiguous`). ``years`` is sorted; a compare/change
    question uses its first and last year. ``metric`` is None for a narrative question.
    ``applicant`` is the 表三 column id (``"total"`` by default, ``"legal_persons"`` for the
    derived 法人或其他组织 sum) and None when the metric is not in 表三. ``section`` is the number of
    the report section the question points to (``"五"`` for problems), if any. ``topics`` are
    Chinese search words for the narrative route. ``flags`` record how parts were decided
    (``ambiguous_agency``, ``fuzzy_agency`` (a stored name one character off the typed one),
    ``derived_column``, ``derived_metric``, ``default_column``, ``default_year``, ``relative_year``,
    ``not_recorded`` (a quantity no format records: route figures, metric None, an ``unresolved``
    metric without a year), ``follow_up``, ``inherited_agency`` …).
    """

    question: str
    language: Language
    agencies: tuple[str, ...] = ()
    mentions: tuple[AgencyMention, ...] = ()
    years: tuple[int, ...] = ()
    metric: Metric | None = None
    applicant: str | None = None
    operation: Operation = "value"
    route: Route = "narrative"
    section: str | None = None
    topics: tuple[str, ...] = ()
    unresolved: tuple[Unresolved, ...] = ()
    flags: tuple[str, ...] = ()

    @property
    def agency(self) -> str | None:
        """The one agency asked about, when there is exactly one candidate."""
        return self.agencies[0] if len(self.agencies) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return any(m.ambiguous for m in self.mentions)

    @property
    def applicant_derived(self) -> bool:
        return self.applicant == rf.ORGANISATION_HEADER.id

    def cells(self, fmt: FormatVersion) -> tuple[CellKey, ...]:
        """The printed cells the metric adds up in this format (empty when it does not exist there)."""
        return self.metric.cells(fmt, self.applicant) if self.metric else ()

    def describe(self) -> str:
        """One line: 理解为：桦川县人民政府 · 2020 · 表三 （一）予以公开 · 总计 · 取值."""
        zh = self.language == "zh"
        parts: list[str] = []
        if self.mentions or self.agencies:
            groups = []
            for m in self.mentions:
                joined = ("或" if zh else " or ").join(m.candidates)
                if m.fuzzy:  # show the stored spelling next to the typed one
                    joined += f"（按“{m.text}”近似匹配）" if zh else f" (closest stored name to “{m.text}”)"
                groups.append(joined + (("（有歧义）" if zh else " (ambiguous)") if m.ambiguous else ""))
            parts.append(("、" if zh else "; ").join(groups) if groups else "、".join(self.agencies))
        elif self.operation in ("rank", "sum"):
            parts.append("全部机关" if zh else "all agencies")
        else:
            parts.append("未指定机关" if zh else "no agency named")
        if self.years:
            ys = self.years
            contiguous = len(ys) > 2 and ys[-1] - ys[0] == len(ys) - 1
            parts.append(f"{ys[0]}–{ys[-1]}" if contiguous else ("、" if zh else ", ").join(map(str, ys)))
        else:
            parts.append("未指定年份" if zh else "no year named")
        fmt = format_of(self.years[-1]) if self.years else "2021"
        if self.metric is not None:
            parts.append(self.metric.label(fmt, self.language))
            if self.applicant:
                a_zh, a_en = _applicant_label(self.applicant)
                parts.append(a_zh if zh else f"{a_zh} ({a_en})")
        if self.route != "figures":
            section = rf.SECTION_BY_NUMBER.get(self.section or "")
            if zh:
                parts.append("正文" + (f" {section.number}、{section.heading}" if section else ""))
            else:
                parts.append("report text" + (f" {section.number}、{section.heading} ({section.english})"
                                              if section else ""))
        parts.append(_OP_NAMES[self.operation][0 if zh else 1])
        line = ("理解为：" if zh else "Understood as: ") + " · ".join(parts)
        if self.unresolved:
            line += ("；" if zh else "; ") + ("；" if zh else "; ").join(u.describe(self.language)
                                                                       for u in self.unresolved)
        return line


# ---------------------------------------------------------------------------
# Scanning the question
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    text: str
    targets: tuple[_T, ...]


@dataclass
class _YearItem:
    start: int
    end: int
    raw: str
    years: tuple[int, ...] = ()
    last_n: int = 0  # "past three years"


@dataclass
class _Scan:
    years: list[_YearItem]
    mentions: list[tuple[int, int, AgencyMention]]
    matches: list[_Match]
    unknown_agencies: list[str]
    language: Language | None


def _scan(question: str, catalog: Catalog) -> _Scan:
    folded, pos = _fold(question)
    n = len(question)
    used = [False] * (n + 1)

    def span(fs: int, fe: int) -> tuple[int, int]:
        return pos[fs], pos[fe - 1] + 1

    def free(s: int, e: int) -> bool:
        return not any(used[s:e])

    def take(s: int, e: int) -> None:
        for i in range(s, e):
            used[i] = True

    # 1. Years.
    items: list[_YearItem] = []
    for m in _N_YEARS.finditer(folded):
        s, e = span(m.start(), m.end())
        word = m.group(1) or m.group(2)
        count = int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 0)
        if count and free(s, e):
            items.append(_YearItem(s, e, question[s:e], last_n=count))
            take(s, e)
    for pattern in (_BETWEEN, _RANGE):
        for m in pattern.finditer(folded):
            s, e = span(m.start(), m.end())
            if not free(s, e):
                continue
            first = _year_value(m.group(1))
            second_raw = m.group(2)
            second = (first // 100 * 100 + int(second_raw)) if len(second_raw) == 2 else _year_value(second_raw)
            if 1990 <= first <= second <= 2100:
                items.append(_YearItem(s, e, question[s:e].strip(), tuple(range(first, second + 1))))
                take(s, e)
    for m in _SINGLE.finditer(folded):
        s, e = span(m.start(), m.end())
        value = _year_value(m.group(1))
        if free(s, e) and 1990 <= value <= 2100:
            items.append(_YearItem(s, e, question[s:e].strip(), (value,)))
            take(s, e)

    # 2. Candidate matches: agency keys and vocabulary, chosen longest first.
    compact: list[str] = []
    cpos: list[int] = []
    for j, ch in enumerate(folded):
        for c in _label_char(ch):
            compact.append(c)
            cpos.append(pos[j])
    ctext = "".join(compact)
    tokens = [(m.group(), pos[m.start()], pos[m.end() - 1] + 1) for m in _WORD.finditer(folded)]
    content = [t for t in tokens if t[0] not in _ARTICLES]  # "carried over to the next year"
    stems = [_stem(t[0]) for t in content]
    vocab = _vocabulary()

    # (priority, -length, kind order, start, end, payload)
    candidates: list[tuple[int, int, int, int, int, object]] = []
    for i in range(len(ctext)):
        for length in catalog._zh_lengths:
            if i + length > len(ctext):
                continue
            hit = catalog._zh.get(ctext[i:i + length])
            if hit:
                s, e = cpos[i], cpos[i + length - 1] + 1
                tier = min(hit.values())
                candidates.append((0 if tier <= 2 else 1, -(e - s), 1, s, e, ("agency", hit)))
        for length in vocab.zh_lengths:
            if i + length > len(ctext):
                continue
            targets = vocab.zh.get(ctext[i:i + length])
            if targets:
                s, e = cpos[i], cpos[i + length - 1] + 1
                candidates.append((1, -(e - s), 0, s, e, ("vocab", tuple(targets))))
    if tokens:
        en_index = catalog._en() if any(c.isalpha() for t in tokens for c in t[0]) else {}
        for i in range(len(tokens)):
            for size in range(min(catalog._en_max, len(tokens) - i), 0, -1):
                words = [t[0] for t in tokens[i:i + size]]
                for key in dict.fromkeys((" ".join(words), "".join(words))):
                    hit = en_index.get(key)
                    if hit:
                        s, e = tokens[i][1], tokens[i + size - 1][2]
                        tier = min(hit.values())
                        candidates.append((0 if tier <= 2 else 1, -(e - s), 1, s, e, ("agency", hit)))
        for i in range(len(content)):
            for size in range(min(vocab.en_max, len(content) - i), 0, -1):
                targets = vocab.en.get(" ".join(stems[i:i + size]))
                if targets:
                    s, e = content[i][1], content[i + size - 1][2]
                    candidates.append((1, -(e - s), 0, s, e, ("vocab", tuple(targets))))
    candidates.sort(key=lambda c: c[:4])

    mentions: list[tuple[int, int, AgencyMention]] = []
    matches: list[_Match] = []
    t2_row_chars: set[int] = set()
    for _, _, _, s, e, (kind, payload) in candidates:  # type: ignore[misc]
        if not free(s, e):
            # A 表二 column may share words with its row ("centralised procurement projects"):
            # kept when its other words are free and it overlaps nothing but a 表二 row.
            if kind == "vocab" and all(t.kind == "t2col" for t in payload) and any(  # type: ignore[union-attr]
                    not used[i] for i in range(s, e)) and all(
                    not used[i] or i in t2_row_chars for i in range(s, e)):
                take(s, e)
                matches.append(_Match(s, e, question[s:e], payload))  # type: ignore[arg-type]
            continue
        take(s, e)
        if kind == "vocab" and any(t.kind == "t2row" for t in payload):  # type: ignore[union-attr]
            t2_row_chars.update(range(s, e))
        if kind == "agency":
            hit: dict[str, int] = payload  # type: ignore[assignment]
            best = min(hit.values())
            names = tuple(sorted(a for a, t in hit.items() if t == best))
            mentions.append((s, e, AgencyMention(question[s:e], names)))
        else:
            matches.append(_Match(s, e, question[s:e], payload))  # type: ignore[arg-type]
    matches.sort(key=lambda m: m.start)

    # 3. Places named but not stored: the nearest stored spelling (one character off, e.g. an OCR
    # typo in the stored name), else unknown.
    unknown: list[str] = []
    masked = "".join(ch if not used[i] else " " for i, ch in enumerate(question))
    for run in _CJK_RUN.finditer(masked):
        raw = run.group()
        text = _ZH_LEAD_STOP.sub("", raw)
        comps, rest = _split_places(text)
        if not comps or comps[0][0][0] in _ZH_PLACE_STOP_START or all(
                ch in "".join(_PLACE_SUFFIXES) for ch in _core(comps[0])):  # 区县, 市县
            continue
        start = run.end() - len(text)
        near = _near_mention(question, start, run.end(), catalog)
        if near is not None:
            mentions.append(near)
            take(near[0], near[1])
            continue
        place = "".join(c for c, _ in comps)
        gov = next((g for g in sorted(_GOVERNMENT_RESTS, key=len, reverse=True) if g and rest.startswith(g)), "")
        unknown.append(place + gov)
    for m in _EN_UNKNOWN_PLACE.finditer(question):
        if not free(m.start(), m.end()):
            continue
        words = m.group(0).split()
        while words and words[0] in _EN_LEADING_STOP:
            words.pop(0)
        if len(words) >= 2:
            unknown.append(" ".join(words))
    mentions.sort(key=lambda m: m[0])
    agency_chars = {i for s, e, _ in mentions for i in range(s, e)}
    mentions = _drop_qualifiers(mentions, question)
    stored_text = " ".join(c for _, _, mention in mentions for c in mention.candidates)
    unknown = [u for u in unknown if u not in stored_text]

    # 4. Language: the share of CJK characters outside agency names (qualifiers included).
    cjk = latin = 0
    for i, ch in enumerate(question):
        if i in agency_chars:
            continue
        if _CJK.match(ch):
            cjk += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    language: Language | None = None
    if cjk or latin:
        language = "zh" if cjk / (cjk + latin) >= 0.3 else "en"
    return _Scan(items, mentions, matches, unknown, language)


def _near_mention(question: str, start: int, end: int, catalog: Catalog,
                  ) -> tuple[int, int, AgencyMention] | None:
    """The longest start of ``question[start:end]`` (≥ 3 characters) that differs from a stored
    name or short form in exactly one CJK character, as a fuzzy mention (ambiguous when several
    agencies fit equally well)."""
    chars: list[str] = []
    where: list[int] = []
    for i in range(start, end):
        folded = _label_char(question[i])
        if len(folded) != 1:
            break
        chars.append(folded)
        where.append(i)
    found = catalog.near("".join(chars))
    if found is None:
        return None
    length, hit = found
    best = min(hit.values())
    names = tuple(sorted(a for a, t in hit.items() if t == best))
    e = where[length - 1] + 1
    return start, e, AgencyMention(question[start:e], names, fuzzy=True)


# Administrative levels, higher first (province 0, prefecture 1, county 2): 淮安市 qualifies 洪泽区.
_LEVEL_RANK: dict[str, int] = {"特别行政区": 0, "自治区": 0, "省": 0, "自治州": 1, "地区": 1, "盟": 1, "市": 1}
_NOT_BARE_EN = ("government", "office", "committee", "bureau", "commission", "department")


def _place_rank(agency: str) -> int | None:
    """The level of the place an agency belongs to (its last place name); None without one."""
    comps, _ = _split_places(_zh_key(agency))
    return _LEVEL_RANK.get(comps[-1][1], 2) if comps else None


def _bare_place_rank(m: AgencyMention) -> int | None:
    """The level of the place a mention names when it names nothing but a place (淮安市, 淮安,
    Huai'an) and its agencies are that place's government; None otherwise."""
    ranks: set[int] = set()
    cores: set[str] = set()
    for a in m.candidates:
        comps, rest = _split_places(_zh_key(a))
        if not comps or rest not in _GOVERNMENT_RESTS:
            return None
        ranks.add(_LEVEL_RANK.get(comps[-1][1], 2))
        cores.add(_core(comps[-1]))
    if _has_cjk(m.text):
        key = _zh_key(m.text)
        comps, rest = _split_places(key)
        if not (comps and not rest) and key not in cores:
            return None
    elif any(w in m.text.lower() for w in _NOT_BARE_EN):
        return None
    return min(ranks) if ranks else None


def _drop_qualifiers(mentions: list[tuple[int, int, AgencyMention]], question: str,
                     ) -> list[tuple[int, int, AgencyMention]]:
    """Drop a mention that only qualifies the one next to it.

    * "Hongze District, Huai'an": a mention right next to another whose agencies lie inside it;
    * "淮安市洪泽区人民政府" with 淮安市人民政府 and 洪泽区人民政府 stored: a bare place directly
      followed by an agency of a lower level (the longest, most specific name wins).
    """
    out = []
    for i, (s, e, m) in enumerate(mentions):
        qualifier = False
        for j, (s2, e2, m2) in enumerate(mentions):
            if i == j:
                continue
            gap = question[e:s2] if e <= s2 else question[e2:s]
            if gap.strip(" ,，()（）") or len(gap) > 3:
                continue
            places = {"".join(c for c, _ in _split_places(_zh_key(a))[0]) for a in m.candidates}
            # only a bare place qualifies: "演示市人民政府, 演示市司法局" lists two agencies
            if places and all(p and all(p in b and p != b for b in m2.candidates) for p in places) \
                    and _bare_place_rank(m) is not None:
                qualifier = True
            elif e <= s2 and not gap.strip() and not set(m.candidates) & set(m2.candidates):
                rank = _bare_place_rank(m)
                ranks = [_place_rank(b) for b in m2.candidates]
                if rank is not None and all(r is not None and rank < r for r in ranks):
                    qualifier = True
        if not qualifier:
            out.append((s, e, m))
    return out


# ---------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------


def _anchor_class(t: _T) -> float:
    """How specific a row-like meaning is; the question's metric is its most specific one."""
    if t.kind == "t3row":
        if t.id in _FRAMING_ROWS:  # "answered" beats "how many requests"
            return _FRAMING_ANCHOR if t.id == "processed_total" else 1
        return 4 if rf.T3_ROW_BY_ID[t.id].group else 3  # a reason row beats its group sum
    if t.kind == "derived":
        return 2 if rf.DERIVED_BY_ID[t.id].table == 4 else 3
    if t.kind in ("t2row", "t4block"):
        return 4 if t.id in _SUIT_BLOCKS else 3  # "filed directly" beats "lawsuits"
    if t.kind == "t2col" and len(t.rows) == 1:
        return 2
    return 0


# The two lawsuit blocks of 表四: the blocks the litigation total adds up.
_SUIT_BLOCKS = tuple(p.split(".")[0] for p in rf.DERIVED_BY_ID["litigation_total"].parts)


def _t2_block_columns(row_id: str) -> set[str]:
    return {c.id for fmt in rf.FORMATS for b in rf.T2_BLOCKS[fmt] if any(r.id == row_id for r in b.rows)
            for c in b.columns}


def _fits_years(t: _T, years: Sequence[int]) -> bool:
    if not years:
        return True
    fmts = {format_of(y) for y in years}
    if t.kind == "t3row":
        return bool(fmts & set(rf.T3_ROW_BY_ID[t.id].formats))
    if t.kind == "derived":
        return bool(fmts & set(rf.DERIVED_BY_ID[t.id].formats))
    return True


@dataclass
class _Found:
    """What the question itself states (before follow-up inheritance and defaults)."""

    metric: Metric | None = None
    anchor_class: float = 0
    anchor_generic: bool = False  # the anchor was named only by a generic word (see _is_generic)
    specific_topic: bool = False  # a narrative topic named by a specific phrase, not a channel
    metric_flags: tuple[str, ...] = ()
    applicant: str | None = None
    ops: list[str] = field(default_factory=list)
    change_from_column: bool = False
    scope_all: bool = False
    cues: set[str] = field(default_factory=set)
    topics: list[str] = field(default_factory=list)
    section: str | None = None
    relative: list[int] = field(default_factory=list)


def _resolve_vocabulary(matches: list[_Match], explicit_years: Sequence[int]) -> _Found:
    found = _Found()
    for m in matches:
        for t in m.targets:
            if t.kind == "op" and t.id not in found.ops:
                found.ops.append(t.id)
            elif t.kind == "scope":
                found.scope_all = True
            elif t.kind == "cue":
                found.cues.add(t.id)
            elif t.kind == "topic" and t.id not in found.topics:
                found.topics.append(t.id)
                if t.id not in _CHANNEL_TOPICS and not _is_generic(m.text):
                    found.specific_topic = True
            elif t.kind == "section" and found.section is None:
                found.section = t.id
            elif t.kind == "rel":
                found.relative.append(t.value)

    # The anchor: the most specific row-like meaning; ties go to the longer phrase, then the first.
    best: tuple[float, int, int] | None = None
    anchor: _T | None = None
    for m in matches:
        options = [t for t in m.targets if _anchor_class(t) > 0]
        if not options:
            continue
        fitting = [t for t in options if _fits_years(t, explicit_years)] or options
        top = max(fitting, key=_anchor_class)
        rank = (_anchor_class(top), m.end - m.start, -m.start)
        if best is None or rank > best:
            best, anchor = rank, top
            found.anchor_generic = _is_generic(m.text)
    if anchor is None:
        return found
    found.anchor_class = best[0] if best else 0

    def targets_of(kind: str) -> list[tuple[_Match, _T]]:
        return [(m, t) for m in matches for t in m.targets if t.kind == kind]

    flags: list[str] = []
    mentioned_rows = {t.id for _, t in targets_of("t3row")}
    if anchor.kind == "derived" and rf.DERIVED_BY_ID[anchor.id].table == 4:
        outcome = next((t.id for _, t in targets_of("t4out") if t.id != "total"), None)
        if outcome:
            metric = Metric(4, row=rf.T4_ROW.id, parts=tuple(f"{b}.{outcome}" for b in _SUIT_BLOCKS))
        else:
            metric = Metric(4, derived=anchor.id)
    elif anchor.kind == "t3row":
        metric = Metric(3, row=anchor.id)
        if "ratio" in found.ops and anchor.id == "granted":
            rate = "disclosure_rate_incl_partial" if "partial" in mentioned_rows else "disclosure_rate"
            metric = Metric(3, derived=rate)
    elif anchor.kind == "derived":
        metric = Metric(3, derived=anchor.id)
        if rf.DERIVED_BY_ID[anchor.id].kind == "ratio" and "ratio" not in found.ops:
            found.ops.append("ratio")
    elif anchor.kind in ("t2row", "t2col"):
        row = anchor.id if anchor.kind == "t2row" else next(iter(anchor.rows))
        allowed = _t2_block_columns(row)
        named = [(m, t) for m, t in targets_of("t2col") if t.id in allowed]
        signed = {c.id for fmt in rf.FORMATS for b in rf.T2_BLOCKS[fmt] for c in b.columns if c.kind == "signed"}
        plain = [(m, t) for m, t in named if t.id not in signed]
        column: str | None = None
        if plain:
            column = plain[0][1].id
        elif named:
            m0, t0 = named[0]
            change_word = any(t.kind == "op" and t.id == "change" for t in m0.targets)
            if change_word and len(explicit_years) >= 2:
                column = None  # "how did X change from 2019 to 2020": an operation, not 本年增/减
            else:
                column = t0.id
                if change_word:
                    found.change_from_column = True
        if column is None:
            flags.append("default_column")
        metric = Metric(2, row=row, column=column)
    else:  # t4block
        # "Total … cases upheld across A, B and C": 总计 is the default outcome, so a named one wins.
        outcome = next((t.id for _, t in targets_of("t4out") if t.id != "total"), "total")
        metric = Metric(4, row=rf.T4_ROW.id, column=f"{anchor.id}.{outcome}")

    applicant: str | None = None
    if metric.table == 3:
        for m in matches:
            for t in m.targets:
                if applicant is None and t.kind == "orgs":
                    applicant = t.id
                elif applicant is None and t.kind == "applicant" and t.id != rf.APPLICANT_TOTAL:
                    applicant = t.id
    found.metric = metric
    found.applicant = applicant
    found.metric_flags = tuple(flags)
    return found


def _not_recorded(matches: list[_Match], found: _Found) -> list[Unresolved]:
    """The quantities of ``_NOT_RECORDED`` a figure question asks for, as unresolved metrics.

    A word naming the quantity itself (访问量, average response time) is enough; a word naming only
    what is counted (工作人员, staff, women) needs a figure cue ("多少", "how many"). Nothing is
    returned when the question asks for text (why, describe, 措施 …) or names another narrative
    topic than a channel: "how many staff were trained" is a training figure the text may state.
    """
    by_id = _NOT_RECORDED_BY_ID
    table2_named = found.metric is not None and found.metric.table == 2
    hits = [(m, t) for m in matches for t in m.targets
            if t.kind == "unrecorded" and not (table2_named and by_id[t.id].yields_to_table2)]
    if not hits or "text" in found.cues or set(found.topics) - _CHANNEL_TOPICS:
        return []
    if "figure" not in found.cues and not any(t.value for _, t in hits):
        return []
    words: dict[str, tuple[int, int, str]] = {}  # per quantity: the words naming it best
    for m, t in hits:
        rank = (t.value, m.end - m.start, m.text)
        if t.id not in words or rank[:2] > words[t.id][:2]:
            words[t.id] = rank
    return [Unresolved("metric", by_id[q].english if text in by_id[q].verbs else text)
            for q, (_, _, text) in words.items()]


def _applicant_only(matches: list[_Match]) -> str | None:
    for m in matches:
        for t in m.targets:
            if t.kind == "orgs" or (t.kind == "applicant" and t.id != rf.APPLICANT_TOTAL):
                return t.id
    return None


def understand(question: str, catalog: Catalog, context: Query | None = None) -> Query:
    """Understand a question about the stored reports.

    Args:
        question: the user's words, Chinese or English.
        catalog: the stored agencies and years (agency names are matched against it).
        context: the previous turn's Query; parts the question does not restate are kept from it.

    Returns:
        A frozen :class:`Query`; ``query.describe()`` renders it as one "understood as" line.

    Example:
        >>> catalog = Catalog([("桦川县人民政府", 2020)])
        >>> understand("2020年桦川县收到多少件政府信息公开申请", catalog).describe()
        '理解为：桦川县人民政府 · 2020 · 表三 一、本年新收政府信息公开申请数量 · 总计 · 取值'
    """
    scan = _scan(question, catalog)
    flags: list[str] = []
    language: Language = scan.language or (context.language if context else "zh")

    explicit: list[int] = []
    raw_year: dict[int, str] = {}
    last_n = 0
    for item in scan.years:
        if item.last_n:
            last_n = max(last_n, item.last_n)
        for y in item.years:
            explicit.append(y)
            raw_year.setdefault(y, item.raw if len(item.years) == 1 else str(y))
    found = _resolve_vocabulary(scan.matches, explicit)

    # Operation.
    ops = list(found.ops)
    if found.change_from_column and "change" in ops and not any(
            t.kind == "op" and t.id == "change" for m in scan.matches for t in m.targets
            if not any(x.kind == "t2col" for x in m.targets)):
        ops.remove("change")

    # Agencies.
    mentions = tuple(m for _, _, m in scan.mentions)
    operation_stated: str | None = None
    multi_agency = len(mentions) > 1
    for op in _OP_PRECEDENCE:
        if op in ops:
            if op == "sum" and not (multi_agency or found.scope_all):
                continue
            operation_stated = op
            break
    # "total" sums when several agencies are named, or all of them ("across all agencies, the total …").
    if operation_stated is None and (multi_agency or (found.scope_all and not mentions)) \
            and "sum_if_several" in ops and "each" not in ops:
        operation_stated = "sum"
    across_agencies = operation_stated in ("rank", "sum") and not mentions
    unresolved: list[Unresolved] = [Unresolved("agency", u) for u in dict.fromkeys(scan.unknown_agencies)]
    if not mentions and context is not None and not across_agencies and not unresolved:
        mentions = context.mentions
        unresolved.extend(u for u in context.unresolved if u.kind == "agency")
        if mentions:
            flags.append("inherited_agency")
    agencies = tuple(dict.fromkeys(c for m in mentions for c in m.candidates))
    if any(m.ambiguous for m in mentions):
        flags.append("ambiguous_agency")
    if any(m.fuzzy for m in mentions):
        flags.append("fuzzy_agency")

    # Years.
    newest = catalog.newest_year(agencies) or catalog.newest_year()
    years: list[int] = list(explicit)
    if last_n and newest:
        years.extend(range(newest - last_n + 1, newest + 1))
    if found.relative and newest:
        years.extend(newest + off for off in found.relative)
        flags.append("relative_year")
    years_stated = bool(years)
    if not years_stated and context is not None and context.years:
        years = list(context.years)
        flags.append("inherited_years")

    # A quantity no report format records ("how many staff", "访问量"): refused as a figure question.
    not_recorded = _not_recorded(scan.matches, found)
    if not not_recorded and context is not None and found.metric is None and not found.topics \
            and found.section is None and "text" not in found.cues and _applicant_only(scan.matches) is None:
        not_recorded = [u for u in context.unresolved if u.kind == "metric" and u.year is None]
        if not_recorded:
            flags.append("inherited_metric")  # "and in 2021?" after "how many staff in 2020?"
    if not_recorded:
        flags.append("not_recorded")

    # Metric and applicant column.
    metric = found.metric
    applicant = found.applicant
    metric_flags = list(found.metric_flags)
    new_metric = metric is not None
    text_asked = bool({"text"} & found.cues) or bool(
        "manner" in found.cues and not operation_stated and "figure" not in found.cues)
    narrative_subject = bool(found.topics) or (found.section is not None and not new_metric)
    requests_section = rf.SECTIONS[2].number
    if not_recorded:
        metric, applicant, metric_flags, new_metric = None, None, [], False
    elif metric is None and (context is None or context.metric is None) and not found.topics and (
            _applicant_only(scan.matches) is not None
            or (found.section == requests_section
                and ("text" not in found.cues or "figure" in found.cues or operation_stated))):
        # "法人或其他组织申请了多少件", "how many FOI requests did X get": an applicant column or the
        # requests section alone asks for the requests received (the first row of 表三).
        metric = Metric(3, row=rf.T3_ROWS[0].id)
        applicant = _applicant_only(scan.matches)
        new_metric = True
        flags.append("default_metric")
    elif metric is None and context is not None and context.metric is not None and not narrative_subject:
        metric = context.metric
        flags.append("inherited_metric")
        applicant = _applicant_only(scan.matches) if metric.table == 3 else None
        if applicant is None and metric.table == 3:
            applicant = context.applicant
            if applicant and applicant != rf.APPLICANT_TOTAL:
                flags.append("inherited_applicant")
    elif metric is not None and metric.table == 3 and applicant is None and context is not None \
            and context.metric is not None and context.metric.table == 3 and context.applicant \
            and context.applicant != rf.APPLICANT_TOTAL:
        applicant = context.applicant
        flags.append("inherited_applicant")
    if metric is not None and metric.table == 3 and applicant is None:
        applicant = rf.APPLICANT_TOTAL
    if metric is not None and metric.table != 3:
        applicant = None
    if applicant == rf.ORGANISATION_HEADER.id:
        flags.append("derived_column")
    if metric is not None and metric.is_derived:
        metric_flags.append("derived_metric")
    flags.extend(metric_flags)

    # Operation, with follow-ups.
    operation: str = operation_stated or "value"
    if operation_stated is None and context is not None and context.operation != "value":
        if context.operation in ("rank", "sum"):
            keep = not scan.mentions  # "and in 2021?" keeps ranking; "what about Pingtan?" does not
        elif context.operation in _MULTI_YEAR_OPS:
            keep = not years_stated or len(years) >= 2
        else:
            keep = True
        if keep:
            operation = context.operation
            flags.append("inherited_operation")
    if metric is not None and metric.derived and rf.DERIVED_BY_ID[metric.derived].kind == "ratio" \
            and operation == "value":
        operation = "ratio"

    # Years an operation implies.
    agency_years = sorted({y for a in agencies for y in catalog.years(a)}) if agencies else list(catalog.years())
    if operation in ("compare", "change") and len(set(years)) == 1 and years_stated and context is not None \
            and set(context.years) - set(years):
        years.extend(context.years)  # "compare with 2019" after a 2021 question
        flags.append("inherited_years")
    elif operation in ("compare", "change") and len(set(years)) == 1 and len(agencies) <= 1:
        years.append(years[0] - 1)
        flags.append("added_previous_year")
    elif operation in ("compare", "change") and not years and newest:
        years.extend((newest - 1, newest))
        flags.append("default_year")
    elif operation == "trend" and len(set(years)) < 2:
        years = list(agency_years)
        flags.append("all_years")
    elif operation == "rank" and len(agencies) == 1 and not years:
        years = list(agency_years)
        flags.append("all_years")

    # Route.
    if not_recorded:
        route: Route = "figures"  # a plain refusal, not a search of the text
    elif metric is None:
        route = "narrative"
    elif narrative_subject and not new_metric:
        route = "narrative"
        metric = None
        applicant = None
    elif found.topics and (found.anchor_class <= _FRAMING_ANCHOR
                           or (found.anchor_generic and found.specific_topic)) and not found.applicant:
        # "办理了多少件政协提案", "how many deputies' suggestions did X handle": the topic is what is
        # counted; 办理 / handle only frames it, so a table total would be an unrelated number.
        # Likewise "公开前审查了多少件文件": a generic word (文件) beside a specific topic (公开前审查)
        # names what the topic is about, not the 规范性文件 row.
        route = "narrative"
        metric = None
        applicant = None
    elif text_asked:
        route = "both"
    elif found.topics and (found.anchor_class <= 1 or "figure" not in found.cues):
        route = "both"
    else:
        route = "figures"
    if route == "narrative" and metric is not None:
        metric, applicant = None, None
    if not_recorded:
        section = None
    elif route != "figures" and context is not None and found.section is None and not new_metric \
            and context.route != "figures" and context.section and not found.topics:
        section = context.section
    else:
        section = found.section
    if route == "both" and section is None and metric is not None:
        section = {2: "二", 3: "三", 4: "四"}.get(metric.table)

    if not years and route != "narrative" and newest:
        usable = [y for y in agency_years if metric is None or metric.available(format_of(y))]
        years = [max(usable) if usable else newest]
        flags.append("default_year")
    years = sorted(set(years))

    # What is not stored.
    unresolved.extend(not_recorded)
    for y in years:
        mention = raw_year.get(y, str(y))
        if agencies:
            for a in agencies:
                if not catalog.has(a, y):
                    unresolved.append(Unresolved("year", mention, agency=a, available=catalog.years(a), year=y))
        elif len(catalog) and y not in catalog.years():
            unresolved.append(Unresolved("year", mention, available=catalog.years(), year=y))
    if metric is not None:
        for y in years:
            fmt = format_of(y)
            if not metric.available(fmt):
                having = tuple(x for x in (agency_years or years) if metric.available(format_of(x)))
                unresolved.append(Unresolved("metric", _short_label(metric.label(fmt, "zh")).split(" ", 1)[-1],
                                             available=having, year=y))
    if context is not None:
        flags.append("follow_up")

    return Query(
        question=question,
        language=language,
        agencies=agencies,
        mentions=mentions,
        years=tuple(years),
        metric=metric,
        applicant=applicant,
        operation=operation,  # type: ignore[arg-type]
        route=route,
        section=section,
        topics=tuple(found.topics),
        unresolved=tuple(dict.fromkeys(unresolved)),
        flags=tuple(dict.fromkeys(flags)),
    )
