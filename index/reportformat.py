"""The national format of the 政府信息公开工作年度报告, as data.

This is the one home of format knowledge: the six sections, the rows and columns of
表二 / 表三 / 表四 in the 2019 trial and the 2021 revised format, their stable ids,
official Chinese labels, English names, the words people type for them, units, the
arithmetic rules (勾稽关系) and the labels that tell the two formats apart.

The parser, the checks, the question parser, the generator and the UI all read it;
nothing else in the project spells a label. Source: ``shared/FORMAT.md`` §1–§8.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

FormatVersion = Literal["2019", "2021"]
FORMATS: tuple[FormatVersion, ...] = ("2019", "2021")
TableNumber = Literal[2, 3, 4]
ValueKind = Literal["count", "signed", "amount"]

TABLE_NAMES: dict[int, tuple[str, str]] = {
    2: ("表二 主动公开政府信息情况", "Table 2: proactive disclosure"),
    3: ("表三 收到和处理政府信息公开申请情况", "Table 3: requests received and handled"),
    4: ("表四 政府信息公开行政复议、行政诉讼情况", "Table 4: administrative reconsideration and litigation"),
}


# ---------------------------------------------------------------------------
# Label normalisation: how printed labels vary (FORMAT.md §6.1, §8)
# ---------------------------------------------------------------------------

_QUOTES = str.maketrans({"“": "", "”": "", '"': "", "‘": "", "’": "", "'": "", "「": "", "」": ""})
_SEPARATORS = str.maketrans({"、": ".", "，": ".", ",": ".", "．": ".", "。": "."})


def normalize_label(text: str) -> str:
    """Fold a printed label into the form labels are matched in.

    Full-width and half-width forms become one (NFKC), white space (including ``<br>``
    remnants and no-break spaces) and quotes disappear, and ``、`` / ``，`` / ``．`` all
    become ``.``. ``"（四）无法提 供"`` and ``"(四)无法提供"`` normalise alike.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_QUOTES).translate(_SEPARATORS)
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One of the six numbered sections every report has."""

    number: str
    key: str
    heading: str
    english: str
    aliases: tuple[str, ...] = ()


SECTIONS: tuple[Section, ...] = (
    Section("一", "overview", "总体情况", "Overview", ("概述", "总体", "overview", "general situation", "第一部分")),
    Section("二", "proactive", "主动公开政府信息情况", "Proactive disclosure",
            ("主动公开", "主动公开部分", "proactive disclosure", "proactively", "第二部分")),
    Section("三", "requests", "收到和处理政府信息公开申请情况", "Requests received and handled",
            ("依申请公开", "申请公开", "信息公开申请", "disclosure requests", "requests", "disclosure applications",
             "disclosure application", "information disclosure applications", "foi applications", "第三部分")),
    Section("四", "appeals", "政府信息公开行政复议、行政诉讼情况",
            "Administrative reconsideration and litigation",
            ("复议诉讼", "复议和诉讼", "第四部分", "行政复议", "行政诉讼", "reconsideration", "litigation", "lawsuits", "appeals", "appeals table",
             "table on reconsideration and lawsuits", "reconsideration and lawsuits", "reconsideration and litigation")),
    Section("五", "problems", "存在的主要问题及改进情况", "Main problems and improvements",
            ("问题与改进", "存在问题", "主要问题", "改进", "problems", "improvements", "shortcomings",
             "weaknesses", "issues identified", "问题", "不足", "短板", "差距和不足", "整改", "problem", "shortfalls", "毛病", "做得不够", "不够的地方",
             "fell short", "falls short", "第五部分", "doing badly", "did badly", "weak points", "weak spots",
             "do better", "planning to do about", "plan to do about", "their problems", "not done well", "做得不好",
             "isn't working well", "is not working well", "not working well", "still isn't working", "going wrong",
             "what was wrong", "owned up to", "own up to", "admit to", "improve", "to improve", "flag", "flagged", "needs to fix", "need to fix")),
    Section("六", "other", "其他需要报告的事项", "Other matters to report",
            ("其他事项", "other matters", "第六部分", "fees", "信息处理费", "processing fee", "processing fees",
             "information processing fee", "收取信息处理费", "billed", "charged applicants",
             "charge applicants")),
)


# Words of section 五's own sub-headings (（一）上年度存在问题的改进情况, （二）存在的主要问题及改进措施): met
# while still in section 四, they show that a converter dropped 五's heading (see index.chunking)
PROBLEMS_SUBHEADING_WORDS: tuple[str, ...] = (
    "存在问题", "存在的问题", "存在主要问题", "存在的主要问题", "问题改进", "问题的改进", "问题及改进", "问题的及改进",
    "改进情况", "改进措施")

# Section 一 tells in prose what the tables of 二, 三 and 四 count: its sub-headings are （一）主动公开,
# （二）依申请公开 … (FORMAT.md §1), so "在政府网站主动公开了多少条" is answered there, not in 表二; section 四 is the
# 15-column table alone, and what the text says of the year's reconsiderations and suits ("均获维持") is in 一.
OVERVIEW = "一"
TOLD_IN_OVERVIEW: frozenset[str] = frozenset({"二", "三", "四"})


def sections_to_search(section: str | None) -> tuple[str, ...]:
    """The sections whose text may answer a question about ``section`` (None: all six)."""
    if section is None:
        return tuple(s.number for s in SECTIONS)
    return (section, OVERVIEW) if section in TOLD_IN_OVERVIEW else (section,)

SECTION_BY_NUMBER = {s.number: s for s in SECTIONS}
SECTION_BY_KEY = {s.key: s for s in SECTIONS}

# A top-level heading: "一、总体情况", "四、因政府信息公开工作被申请行政复议…" (reworded titles are common),
# optionally with markdown "#" marks in front. The distinctive words decide the section.
SECTION_HEADING_WORDS: dict[str, tuple[str, ...]] = {
    "一": ("总体情况", "概述"),
    "二": ("主动公开",),
    "三": ("收到和处理", "依申请公开", "申请情况"),
    "四": ("行政复议", "行政诉讼", "复议"),
    "五": ("存在的主要问题", "存在问题", "主要问题", "改进情况"),
    "六": ("其他需要报告", "其他事项"),
}
# Sub-headings inside a section: （一）…, 1.…, 一是…
SUBHEADING_PATTERN = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+是)")

CHINESE_NUMERALS = "一二三四五六七八九十"
# An item of a list in running text: a sub-heading's markers, or 1. / 一、 / 第一; and a sentence that
# announces such a list ("采取以下措施加以改进。", "主要存在以下问题：").
LIST_ITEM_PATTERN = re.compile(rf"^(?:[{CHINESE_NUMERALS}]+是|[（(][{CHINESE_NUMERALS}\d]+[）)]|\d+[.、．]"
                               rf"|[{CHINESE_NUMERALS}]+、|第[一二三四五]，?)")
LIST_ANNOUNCEMENT_PATTERN = re.compile(r"(以下|如下)[^。；;]{0,12}[。：:]$")


# ---------------------------------------------------------------------------
# Rows and columns
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A value column of one of the tables."""

    id: str
    label: str
    english: str
    unit: str = "件"
    kind: ValueKind = "count"
    aliases: tuple[str, ...] = ()
    # Unit assumed for a bare number in an amount column (the 2021 fee column is in 万元).
    bare_unit: str | None = None
    # Header words that identify the column when reading a printed header.
    heads: tuple[str, ...] = ()
    block: str | None = None  # 表四: the block the column belongs to


@dataclass(frozen=True)
class Group:
    """A merged group label of 表三 (or an Art. 20 caption of 表二); it has no row of its own."""

    id: str
    label: str
    english: str
    aliases: tuple[str, ...] = ()
    heads: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """A data row of a table in one or both formats."""

    id: str
    table: int
    label: str
    english: str
    formats: tuple[FormatVersion, ...] = FORMATS
    group: str | None = None
    aliases: tuple[str, ...] = ()
    # Distinctive label beginnings (normalised) that anchor the row in printed text.
    heads: tuple[str, ...] = ()
    # The sub-row number printed before the label ("1." … "8."), if any.
    number: str | None = None
    columns: tuple[str, ...] = ()  # 表二: the column ids of its block in this format (see Table2Block)

    @property
    def path(self) -> str:
        """The label with its group, as ``（三）不予公开/1.属于国家秘密``."""
        if self.group and self.table == 3:
            return f"{GROUPS[self.group].label}/{self.label}"
        return self.label


# ----- 表三 ------------------------------------------------------------------

APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural", "自然人", "natural persons", aliases=(
        "自然人", "公民", "个人", "群众", "natural person", "natural persons", "individual", "individuals",
        "citizen", "citizens", "private person", "members of the public"), heads=("自然人",)),
    Column("commercial", "商业企业", "commercial enterprises", aliases=(
        "商业企业", "企业", "公司", "commercial enterprise", "commercial enterprises", "business",
        "businesses", "company", "companies", "enterprise", "enterprises"), heads=("商业企业", "商业")),
    Column("research", "科研机构", "research institutions", aliases=(
        "科研机构", "科研单位", "研究机构", "科研院所", "院所", "universities", "university", "research institution", "research institutions",
        "research institute", "research institutes"), heads=("科研机构", "科研")),
    Column("ngo", "社会公益组织", "public-interest organisations", aliases=(
        "社会公益组织", "社会组织", "公益组织", "ngo", "ngos", "non-profit", "nonprofit", "public-interest",
        "public interest organisation", "public interest organization", "charity", "charities"),
        heads=("社会公益组织", "社会公益", "公益")),
    Column("legal", "法律服务机构", "legal service providers", aliases=(
        "法律服务机构", "律师事务所", "律所", "律师", "law firm", "law firms", "legal service",
        "legal services", "lawyer", "lawyers"), heads=("法律服务机构", "法律服务", "法律")),
    Column("other_org", "其他", "other organisations", aliases=(
        "其他组织", "其他法人组织", "其他类组织", "“其他”法人组织", "other organisation", "other organisations",
        "other organization", "other organizations", "'other' organisations", "'other' organizations",
        "organisations in the 'other' category", "organizations in the 'other' category", "'other' category"),
        heads=("其他",)),
    Column("total", "总计", "total", aliases=("总计", "合计", "总数", "total", "in total", "overall", "altogether"),
           heads=("总计", "合计")),
)
APPLICANT_COLUMN_IDS = tuple(c.id for c in APPLICANT_COLUMNS)
ORGANISATION_COLUMN_IDS = APPLICANT_COLUMN_IDS[1:6]
APPLICANT_TOTAL = "total"
APPLICANT_HEADER = "申请人情况"
ORGANISATION_HEADER = Group("legal_persons", "法人或其他组织", "legal persons or other organisations", aliases=(
    "法人或其他组织", "法人和其他组织", "法人及其他组织", "法人", "组织", "legal person", "legal persons", "organisations",
    "organizations", "legal persons and other organisations", "legal persons and other organizations",
    "法人或者其他组织", "法人或者其它组织", "法人和其它组织", "法人或其它组织",
    # 单位 alone is a function word ("我们单位", "单位：件"); beside an applicant word it is the organisations
    "和单位", "单位和", "单位提的", "单位申请", "单位的申请", "各类单位", "单位、组织",
    "non-individual applicants", "non-individual columns", "non-individual", "all the non-individual columns",
    "all five organisation types", "all five organization types", "five organisation types", "非自然人", "除自然人以外",
    "除了自然人以外", "除了自然人之外", "除自然人之外", "自然人以外的", "自然人之外的", "不是自然人", "不是个人",
    "除了个人以外", "除了个人之外", "除个人以外", "个人以外的", "个人之外的",
    "everyone except individuals", "everyone but individuals", "all but individuals", "organisations rather than individuals",
    "organizations rather than individuals",
    # the header written with a slash ("add up the legal person / other organisation columns"): not 其他组织 alone
    "legal person / other organisation", "legal persons / other organisations", "legal person/other organisation",
    "legal persons/other organisations", "legal person / other organization", "legal persons / other organizations",
    "legal person/other organization", "legal persons/other organizations", "legal person or other organisation",
    "legal person or other organization", "法人/其他组织", "法人／其他组织"))
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

GROUPS: dict[str, Group] = {g.id: g for g in (
    Group("outcomes", "三、本年度办理结果", "outcomes this year", ("办理结果", "答复情况", "outcomes"),
          heads=("三.本年度办理结果", "本年度办理结果")),
    Group("denied", "（三）不予公开", "not disclosed", ("不予公开", "不公开", "拒绝公开", "refused", "withheld",
                                                  "not disclosed", "denied", "rejected", "rejection", "rejections", "拒绝"),
          heads=("(三)不予公开",)),
    Group("unable", "（四）无法提供", "unable to provide", ("无法提供", "unable to provide", "could not provide",
                                                     "cannot provide", "could not be provided", "cannot be provided", "not provided"),
          heads=("(四)无法提",)),
    Group("notproc", "（五）不予处理", "not processed", ("不予处理", "不处理", "not processed", "declined to handle",
                                                   "declined to process"), heads=("(五)不予处理",)),
    Group("other", "（六）其他处理", "other dispositions", ("其他处理", "other dispositions", "other outcomes",
                                                    "handled otherwise", "other handling", "otherwise handled", "handled some other way",
                                                    "closed in some other way", "dealt with some other way"), heads=("(六)其他处理", "(六)其他")),
)}


def _t3(id: str, label: str, english: str, heads: tuple[str, ...], aliases: tuple[str, ...] = (),
        group: str | None = None, number: str | None = None,
        formats: tuple[FormatVersion, ...] = FORMATS) -> Row:
    return Row(id=id, table=3, label=label, english=english, formats=formats, group=group,
               aliases=aliases, heads=heads, number=number)


T3_ROWS: tuple[Row, ...] = (
    _t3("new", "一、本年新收政府信息公开申请数量", "new requests received this year",
        ("本年新收政府信息公开申请", "本年新收"),
        ("新收申请", "收到申请", "收到", "申请数", "申请量", "新收", "received", "new requests", "requests received",
         "applications received", "how many applications", "how many requests", "受理", "提交", "submitted",
         "lodged", "applications filed", "new applications", "new disclosure requests", "new information requests")),
    _t3("carried_in", "二、上年结转政府信息公开申请数量", "requests carried over from last year",
        ("上年结转政府信息公开申请", "上年结转"),
        ("上年结转", "上年度结转", "carried over from last year", "carried over from the previous year",
         "brought forward", "carried in")),
    _t3("granted", "（一）予以公开", "fully disclosed", ("(一)予以公开", "予以公开"),
        ("予以公开", "全部公开", "同意公开", "fully disclosed", "granted in full", "disclosed in full",
         "fully granted", "full disclosure", "granted")),
    _t3("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partially disclosed",
        ("(二)部分公开", "部分公开"),
        ("部分公开", "区分处理", "partially disclosed", "partial disclosure", "granted in part", "partly disclosed",
         "partially")),
    _t3("denied.1", "1.属于国家秘密", "state secret", ("属于国家秘密", "国家秘密"),
        ("国家秘密", "涉密", "state secret", "state secrets", "classified"), "denied", "1"),
    _t3("denied.2", "2.其他法律行政法规禁止公开", "prohibited by other laws or administrative regulations",
        ("其他法律行政法规禁止", "其他法律行政止公开", "其他法律行政"),
        ("法律禁止", "法律行政法规禁止", "prohibited by law", "prohibited by other laws"), "denied", "2"),
    _t3("denied.3", "3.危及“三安全一稳定”", "would endanger security or social stability",
        ("危及三安全一稳定", "危及"),
        ("三安全一稳定", "国家安全", "社会稳定", "endanger security", "national security", "social stability"),
        "denied", "3"),
    _t3("denied.4", "4.保护第三方合法权益", "protection of third-party rights", ("保护第三方合法权益", "保护第三方"),
        ("第三方", "商业秘密", "个人隐私", "third party", "third-party", "privacy", "trade secret", "trade secrets"),
        "denied", "4"),
    _t3("denied.5", "5.属于三类内部事务信息", "internal-affairs information",
        ("属于三类内部事务", "属于三类内容事务", "三类内部事务"),
        ("内部事务", "内部信息", "internal affairs", "internal-affairs", "internal information"), "denied", "5"),
    _t3("denied.6", "6.属于四类过程性信息", "process information", ("属于四类过程性", "四类过程性"),
        ("过程性信息", "过程性", "process information", "deliberative", "drafts"), "denied", "6"),
    _t3("denied.7", "7.属于行政执法案卷", "administrative enforcement case files", ("属于行政执法案卷", "行政执法案卷"),
        ("执法案卷", "enforcement case files", "case files"), "denied", "7"),
    _t3("denied.8", "8.属于行政查询事项", "matters for a separate inquiry channel", ("属于行政查询事项", "行政查询事项"),
        ("行政查询", "查询事项", "inquiry channel", "administrative inquiry"), "denied", "8"),
    _t3("unable.1", "1.本机关不掌握相关政府信息", "information not held by the agency",
        ("本机关不掌握", "不掌握相关政府信息"),
        ("不掌握", "信息不存在", "非本机关", "does not hold", "do not hold", "not held", "doesn't hold",
         "does not have the information", "does not exist", "不存在", "not in possession"), "unable", "1"),
    _t3("unable.2", "2.没有现成信息需要另行制作", "would require creating new information",
        ("没有现成信息", "需要另行制作"),
        ("另行制作", "需另行制作", "加工汇总", "no existing record", "create new information", "newly created",
         "would have to be created"), "unable", "2"),
    _t3("unable.3", "3.补正后申请内容仍不明确", "request still unclear after clarification",
        ("补正后申请内容", "补正后"),
        ("内容不明确", "仍不明确", "still unclear", "unclear"), "unable", "3"),
    _t3("notproc.1", "1.信访举报投诉类申请", "petitions, reports and complaints", ("信访举报投诉", "信访"),
        # not 信访, 投诉, "complaints" alone: petitions and complaints an agency receives are not requests
        ("信访类", "投诉类", "举报类", "信访申请", "投诉类申请", "petition-type", "complaint-type", "petition-type requests",
         "complaint-type requests", "petitions, reports or complaints"), "notproc", "1"),
    _t3("notproc.2", "2.重复申请", "repeat requests", ("重复申请",),
        ("重复申请", "重复", "repeat request", "repeat requests", "duplicate", "duplicate requests"), "notproc", "2"),
    _t3("notproc.3", "3.要求提供公开出版物", "requests for published materials", ("要求提供公开出版物", "公开出版物"),
        ("公开出版物", "出版物", "published materials", "requests for publications", "asked for publications"), "notproc", "3"),
    _t3("notproc.4", "4.无正当理由大量反复申请", "large-volume or repeated requests without good reason",
        ("无正当理由大量反复", "大量反复申请"),
        ("大量反复", "滥用申请", "abusive", "large-volume", "vexatious"), "notproc", "4"),
    _t3("notproc.5", "5.要求行政机关确认或重新出具已获取信息", "asks to confirm or re-issue information already obtained",
        ("要求行政机关确认", "重新出具已获取"),
        # (not 确认 or "confirm" alone: "想确认一下…", "I'd like to confirm the number of new requests" asked
        # something else, and a researcher's question was answered with this row)
        ("要求确认", "确认已获取", "重新出具", "re-issue", "reissue"), "notproc", "5"),
    _t3("other", "（六）其他处理", "other dispositions", ("(六)其他处理", "(六)其他"),
        ("其他处理", "other dispositions", "other outcomes", "handled otherwise", "other handling", "otherwise handled",
         "handled some other way", "closed in some other way", "dealt with some other way"),
        formats=("2019",)),
    _t3("other.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "applicant did not clarify in time; processing stopped",
        # the last: the middle line of the three-line label, all a converter kept of it
        ("申请人无正当理由逾期不补正", "无正当理由逾期不补正", "逾期不补正", "行政机关不再处理其政府信息公"),
        ("逾期不补正", "视为放弃", "failed to clarify", "did not clarify", "did not supplement", "abandoned"),
        "other", "1", ("2021",)),
    _t3("other.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "applicant did not pay the processing fee in time; processing stopped",
        ("申请人逾期未按收费通知", "逾期未按收费通知", "逾期未缴"),
        ("逾期未缴费", "未缴纳费用", "did not pay", "fee not paid", "unpaid fee", "unpaid fees"),
        "other", "2", ("2021",)),
    _t3("other.3", "3.其他", "other", ("其他",), ("撤回申请", "撤回", "withdrew", "withdrawn"), "other", "3", ("2021",)),
    _t3("processed_total", "（七）总计", "total handled this year", ("(七)总计",),
        ("办结", "办理总数", "答复总数", "办理", "handled", "total handled", "completed", "processed", "answered",
         "responded", "dealt with", "答复", "办理完毕", "办结数")),
    _t3("carried_out", "四、结转下年度继续办理", "carried over to next year",
        ("结转下年度继续办理", "结转下一年度继续办理", "结转下年度", "结转下一年度"),
        ("结转下年", "结转下年度", "未办结", "carried over to next year", "carried forward", "pending at year end",
         "carried over into next year", "结转到下一年", "结转至下一年", "结转到下年", "结转至下年度", "转入下一年度")),
)
T3_ROW_BY_ID: dict[str, Row] = {r.id: r for r in T3_ROWS}

# The article of the 2019 条例 each 表三 outcome row applies (FORMAT.md §3.3): "Art. 16(1)", "第十六条第一款".
# An article reference beside a row restates it; it never picks a row (the rows' own words do that).
T3_ROW_ARTICLES: dict[str, tuple[str, ...]] = {
    "denied.1": ("14",), "denied.2": ("14",), "denied.3": ("14",), "denied.4": ("15",),
    "denied.5": ("16", "16(1)"), "denied.6": ("16", "16(2)"), "denied.7": ("16", "16(2)"), "denied.8": ("36(7)",),
    "unable.1": ("36(4)", "36(5)"), "unable.2": ("38",), "unable.3": ("30",),
    "notproc.1": ("39",), "notproc.2": ("36(6)",), "notproc.3": ("39",), "notproc.4": ("35",), "notproc.5": ("39",),
    "other.1": ("30",),
}


@cache
def t3_rows(fmt: FormatVersion) -> tuple[Row, ...]:
    """The data rows of 表三 in printed order: 23 in 2019, 25 in 2021."""
    return tuple(r for r in T3_ROWS if fmt in r.formats)


T3_OUTCOME_EXCLUDED = ("new", "carried_in", "processed_total", "carried_out")


@cache
def t3_outcome_rows(fmt: FormatVersion) -> tuple[Row, ...]:
    """The outcome rows that add up to （七）总计 (rule T3-C)."""
    return tuple(r for r in t3_rows(fmt) if r.id not in T3_OUTCOME_EXCLUDED)


@cache
def t3_group_rows(group: str, fmt: FormatVersion) -> tuple[Row, ...]:
    return tuple(r for r in t3_rows(fmt) if r.group == group)


# ----- 表二 ------------------------------------------------------------------


@dataclass(frozen=True)
class Table2Block:
    """One Art. 20 block of 表二 in one format: caption, rows and value columns."""

    group: Group
    format: FormatVersion
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]


def _col(id: str, label: str, english: str, heads: tuple[str, ...], aliases: tuple[str, ...] = (),
         unit: str = "件", kind: ValueKind = "count", bare_unit: str | None = None) -> Column:
    return Column(id=id, label=label, english=english, unit=unit, kind=kind, aliases=aliases,
                  bare_unit=bare_unit, heads=heads)


_MADE = _col("made", "本年新制作数量", "newly made this year", ("本年新制作", "新制作"),
             ("新制作", "制作", "新搞出来", "搞出来", "新起草", "起草出台", "新起草出台", "newly made", "newly make", "made", "drafted", "newly drafted", "draft", "draw up",
              "drew up", "drawn up", "newly draw up", "newly drew up"))
_PUBLISHED = _col("published", "本年新公开数量", "newly published this year", ("本年新公开", "新公开"),
                  ("新公开", "put out to the public for the first time", "released to the public for the first time", "newly release to the public", "newly released to the public", "新挂出来", "挂出来公开", "新公开出来", "当年新公开", "newly published", "published this year",
                   "made public during the year", "made public that year", "make public during the year",
                   "actually make public", "newly made public", "当年新公开出来"))
_TOTAL_PUBLIC = _col("total_public", "对外公开总数量", "total publicly available", ("对外公开总数量", "对外公开"),
                     ("累计公开", "对外公开", "累计对外公开", "publicly accessible in total", "accessible in total", "all years together", "攒下", "总共攒下", "对外公开总数", "公开总数", "total publicly available", "publicly available", "cumulative", "publicly disclosed",
                      "total publicly disclosed", "累计有", "累计有几", "对外能查到的", "能查到的", "累计对外能查到"))
_ISSUED = _col("issued", "本年制发件数", "issued this year", ("本年制发",),
               ("制发", "新制定", "印发", "新印发", "新发布", "新下发", "新发", "新发了", "发了", "新出台", "新出", "出台", "issued", "issued this year", "enacted",
                "newly issued", "put out that year", "put out", "putting out"))
_REPEALED = _col("repealed", "本年废止件数", "repealed this year", ("本年废止",),
                 ("废止", "废了", "废掉", "废掉了", "作废", "废除", "清理掉", "作废清理", "取消了", "repealed", "abolished", "scrap", "scrapped", "scrapping", "repeal",
                  "rescinded", "revoked"))
_IN_FORCE = _col("in_force", "现行有效件数", "currently in force", ("现行有效",),
                 ("现行有效", "有效", "还管用", "现在还管用", "还有效", "仍然有效", "还在用", "in force", "currently valid", "valid", "currently effective", "in effect", "still effective"))
_ITEMS_LAST_YEAR = _col("items_last_year", "上一年项目数量", "items last year", ("上一年项目数量", "上一年项目"),
                        # not 事项数 / 项目数量 / "number of items" alone: "2020年的事项数" is that year's
                        # count, which the 2019 format does not print (上一年 + 本年增/减)
                        ("上一年项目", "上年项目数", "上一年的项目数", "上一年本来有", "上年本来有", "items last year", "previous year's items"),
                        unit="项")
_CHANGE = _col("change", "本年增/减", "change this year", ("本年增/减", "本年增减", "增/减", "增减"),
               ("增减", "增/减", "项目数本年增减", "项目数增减", "项目数量增减", "项目数本年增/减", "是增是减", "是增还是减", "加了还是减了", "是加了还是减了", "增了还是减了", "变动几项",
                "变动了几项", "change", "net change", "increase", "decrease", "increase/decrease", "increase or decrease",
                "net increase or decrease", "net increase/decrease", "net increase", "net decrease", "净增减", "净增",
                "change during the year", "change in the year", "change over the year", "change within the year",
                "change this year", "年内增减", "当年增减", "年内变动", "plus/minus", "plus-minus", "plus or minus", "+/-",
                "added or removed", "added or dropped", "were added or removed"),
               unit="项", kind="signed")
_DECISIONS_2019 = _col("decisions", "处理决定数量", "number of decisions", ("处理决定数量", "处理决定"),
                       ("处理决定", "办件量", "决定数量", "决定数", "决定", "决定书", "decisions", "number of decisions",
                        "cases decided"))  # ("caseload" is 表三's new + carried in: derived.caseload)
_DECISIONS_2021 = _col("decisions", "本年处理决定数量", "number of decisions this year", ("本年处理决定数量", "处理决定"),
                       _DECISIONS_2019.aliases)
_FEE_AMOUNT = _col("amount", "本年收费金额（单位：万元）", "fees collected this year", ("本年收费金额", "收费金额"),
                   ("收费金额", "收费总额", "收费", "收费收入", "fees collected", "fee income", "fee revenue", "amount of fees", "fees"),
                   unit="元", kind="amount", bare_unit="万元")
_PROCUREMENT_PROJECTS = _col("projects", "采购项目数量", "number of procurement projects", ("采购项目数量", "采购项目"),
                             ("采购项目", "采购的项目", "项目数量", "买了几个项目", "采购了几个项目", "买了多少个项目", "procurement projects", "number of projects", "centrally procured projects",
                              "procured projects", "centrally procured government projects"), unit="个")
_PROCUREMENT_AMOUNT = _col("amount", "采购总金额", "total procurement amount", ("采购总金额", "总金额"),
                           ("采购金额", "采购总金额", "采购额", "total amount", "procurement amount", "amount",
                            "amount spent", "spent"),
                           unit="元", kind="amount", bare_unit="元")

_G1 = Group("art20.1", "第二十条第（一）项", "Art. 20(1): rules and normative documents", heads=("第二十条第(一)项",))
_G5 = Group("art20.5", "第二十条第（五）项", "Art. 20(5): licensing and other services", heads=("第二十条第(五)项",))
_G6 = Group("art20.6", "第二十条第（六）项", "Art. 20(6): penalties and compulsory measures",
            heads=("第二十条第(六)项",))
_G8 = Group("art20.8", "第二十条第（八）项", "Art. 20(8): administrative fees", heads=("第二十条第(八)项",))
_G9 = Group("art20.9", "第二十条第（九）项", "Art. 20(9): centralised procurement", heads=("第二十条第(九)项",))
T2_GROUPS: tuple[Group, ...] = (_G1, _G5, _G6, _G8, _G9)


def _t2(id: str, label: str, english: str, group: Group, heads: tuple[str, ...], aliases: tuple[str, ...],
        formats: tuple[FormatVersion, ...] = FORMATS) -> Row:
    return Row(id=id, table=2, label=label, english=english, formats=formats, group=group.id,
               aliases=aliases, heads=heads)


_RULES = _t2("rules", "规章", "government rules", _G1, ("规章",), ("规章", "政府规章", "rules", "government rules",
                                                              "regulations", "guizhang", "municipal rules"))
_NORMATIVE_2019 = _t2("normative", "规范性文件", "normative documents", _G1, ("规范性文件", "行政规范性文件"),
                      ("规范性文件", "红头文件", "文件", "normative documents", "normative document",
                       "policy documents"), ("2019",))
_NORMATIVE_2021 = _t2("normative", "行政规范性文件", "administrative normative documents", _G1,
                      ("行政规范性文件", "规范性文件"), _NORMATIVE_2019.aliases + ("行政规范性文件",
                                                                            "administrative normative documents"),
                      ("2021",))
_LICENSING = _t2("licensing", "行政许可", "administrative licensing", _G5, ("行政许可",),
                 ("行政许可", "许可", "审批", "办证审批", "办证", "licensing", "licences", "licenses", "permits", "administrative licensing"))
_OTHER_SERVICES = _t2("other_services", "其他对外管理服务事项", "other external management and service matters", _G5,
                      ("其他对外管理服务", "其他对外管理"), ("其他对外管理服务事项", "对外管理服务", "其他对外办事服务", "对外办事服务",
                                                 # "行政许可以外的其他对外管理服务事项": the row is what licensing is not
                                                 "许可以外的其他对外管理服务事项", "许可以外的对外管理服务事项", "许可以外的那些对外管理服务事项",
                                                 "除了行政许可以外的其他对外管理服务事项", "行政许可以外的其他对外管理服务事项",
                                                 "行政许可以外的对外管理服务事项", "除了行政许可以外", "许可以外的",
                                                 "public-facing management and service matters",
                                                 "other public-facing management and service matters", "other services",
                                                 "external services", "other external management", "other external management and service",
                                                 "public services that aren't licences", "other public-facing service matters",
                                                 "other management/service matters", "non-licence services", "other service matters"),
                      ("2019",))
_PENALTY = _t2("penalty", "行政处罚", "administrative penalties", _G6, ("行政处罚",),
               ("行政处罚", "处罚", "罚款", "罚单", "开罚单", "罚款拘留", "拘留", "penalty", "penalties", "administrative penalties", "fines"))
_ENFORCEMENT = _t2("enforcement", "行政强制", "administrative compulsory measures", _G6, ("行政强制",),
                   ("行政强制", "强制措施", "强制", "administrative coercion", "coercion", "coercive", "compulsory measures", "compulsory-measure", "compulsory measure", "enforcement measures", "coercive measures",
                    "administrative compulsion", "compulsion", "compulsory enforcement", "seizures", "seizure"))
_FEES = _t2("fees", "行政事业性收费", "administrative and institutional fees", _G8, ("行政事业性收费", "事业性收费"),
            ("行政事业性收费", "收费项目", "收费", "fees", "administrative fees"))
_PROCUREMENT = _t2("procurement", "政府集中采购", "centralised government procurement", _G9,
                   ("政府集中采购", "集中采购"), ("政府采购", "集中采购", "政府集中采购", "procurement",
                                          "government procurement", "centralized procurement",
                                          "centralised procurement", "centralised purchasing", "centralized purchasing",
                                          "government purchasing"), ("2019",))

T2_BLOCKS: dict[FormatVersion, tuple[Table2Block, ...]] = {
    "2019": (
        Table2Block(_G1, "2019", (_RULES, _NORMATIVE_2019), (_MADE, _PUBLISHED, _TOTAL_PUBLIC)),
        Table2Block(_G5, "2019", (_LICENSING, _OTHER_SERVICES), (_ITEMS_LAST_YEAR, _CHANGE, _DECISIONS_2019)),
        Table2Block(_G6, "2019", (_PENALTY, _ENFORCEMENT), (_ITEMS_LAST_YEAR, _CHANGE, _DECISIONS_2019)),
        Table2Block(_G8, "2019", (_FEES,), (_ITEMS_LAST_YEAR, _CHANGE)),
        Table2Block(_G9, "2019", (_PROCUREMENT,), (_PROCUREMENT_PROJECTS, _PROCUREMENT_AMOUNT)),
    ),
    "2021": (
        Table2Block(_G1, "2021", (_RULES, _NORMATIVE_2021), (_ISSUED, _REPEALED, _IN_FORCE)),
        Table2Block(_G5, "2021", (_LICENSING,), (_DECISIONS_2021,)),
        Table2Block(_G6, "2021", (_PENALTY, _ENFORCEMENT), (_DECISIONS_2021,)),
        Table2Block(_G8, "2021", (_FEES,), (_FEE_AMOUNT,)),
    ),
}
T2_INFO_HEADER = "信息内容"


@cache
def t2_row_columns(row_id: str) -> tuple[Column, ...]:
    """The columns of 表二's row ``row_id`` in every format, the 2019 format's first, each id once."""
    seen: dict[str, Column] = {}
    for fmt in FORMATS:
        for b in T2_BLOCKS[fmt]:
            if any(r.id == row_id for r in b.rows):
                for c in b.columns:
                    seen.setdefault(c.id, c)
    return tuple(seen.values())


def t2_block(row_id: str, fmt: FormatVersion) -> Table2Block | None:
    """The block of 表二 that holds row ``row_id`` in a format (None when that format has no such row)."""
    return next((b for b in T2_BLOCKS[fmt] if any(r.id == row_id for r in b.rows)), None)


def t2_row_label(row_id: str) -> str:
    """The printed label of 表二's row ``row_id`` (in the first format that has it)."""
    return next(r.label for fmt in FORMATS for b in T2_BLOCKS[fmt] for r in b.rows if r.id == row_id)


@cache
def t2_cells(fmt: FormatVersion) -> tuple[tuple[Table2Block, Row, Column], ...]:
    """Every (block, row, column) cell of 表二 in printed order."""
    return tuple((b, r, c) for b in T2_BLOCKS[fmt] for r in b.rows for c in b.columns)


# ----- 表四 ------------------------------------------------------------------

T4_BLOCKS: tuple[Group, ...] = (
    Group("review", "行政复议", "administrative reconsideration",
          ("行政复议", "复议", "reconsideration", "administrative review", "review", "appeal", "appeals")),
    Group("suit_direct", "行政诉讼/未经复议直接起诉", "lawsuits filed directly, without reconsideration",
          ("未经复议直接起诉", "直接起诉", "sued directly", "filed directly", "without reconsideration")),
    Group("suit_after", "行政诉讼/复议后起诉", "lawsuits filed after reconsideration",
          ("复议后起诉", "复议后诉讼", "after reconsideration", "sued after reconsideration")),
)
T4_BLOCK_BY_ID = {b.id: b for b in T4_BLOCKS}
LITIGATION = Group("litigation", "行政诉讼", "administrative litigation",
                   ("行政诉讼", "诉讼", "起诉", "官司", "被告上法院", "告上法院", "litigation", "lawsuit", "lawsuits", "court case",
                    "court cases",
                    "sued", "suits"))
T4_OUTCOMES: tuple[Column, ...] = (
    Column("upheld", "结果维持", "upheld", aliases=("结果维持", "维持", "驳回", "upheld", "affirmed", "dismissed")),
    Column("corrected", "结果纠正", "corrected", aliases=(
        "结果纠正", "纠正", "纠错", "撤销", "确认违法", "责令履行", "败诉", "corrected", "overturned", "revoked", "lost")),
    Column("other", "其他结果", "other result", aliases=("其他结果", "结果是其他", "其他的结果", "ended another way",
                                                      "ended some other way", "撤诉", "终止", "other result", "withdrawn",
                                                      "terminated", "settled")),
    Column("pending", "尚未审结", "pending", aliases=("尚未审结", "未结", "在审", "审理中", "pending", "not yet concluded",
                                                   "still not decided", "not decided yet", "not yet decided",
                                                   "undecided", "ongoing")),
    Column("total", "总计", "total", aliases=("总计", "合计", "total", "all results combined", "all outcomes combined",
                                              "whatever the result", "regardless of outcome", "regardless of the outcome",
                                              "各种结果", "不论结果")),
)
T4_COLUMNS: tuple[Column, ...] = tuple(
    Column(f"{b.id}.{o.id}", f"{b.label}/{o.label}", f"{b.english}: {o.english}", aliases=o.aliases, block=b.id)
    for b in T4_BLOCKS for o in T4_OUTCOMES
)
T4_COLUMN_BY_ID = {c.id: c for c in T4_COLUMNS}
T4_ROW = Row("cases", 4, "案件数量", "cases", heads=())
T4_HEAD_WORDS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉")


# ---------------------------------------------------------------------------
# Cells: the address of one figure
# ---------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class CellKey:
    """Where a figure sits: table number, row id, column id."""

    table: int
    row: str
    column: str

    def __str__(self) -> str:
        return f"T{self.table}:{self.row}:{self.column}"

    @classmethod
    def parse(cls, text: str) -> CellKey:
        table, row, column = text.split(":", 2)
        return cls(int(table.lstrip("T")), row, column)


@dataclass(frozen=True)
class CellSpec:
    """Everything the format says about one cell."""

    key: CellKey
    row_label: str
    column_label: str
    group_label: str | None
    row_english: str
    column_english: str
    unit: str
    kind: ValueKind
    bare_unit: str | None = None


@cache
def cell_specs(fmt: FormatVersion) -> tuple[CellSpec, ...]:
    """Every cell of 表二, 表三 and 表四 in this format, in printed order."""
    specs: list[CellSpec] = []
    for block, row, col in t2_cells(fmt):
        specs.append(CellSpec(CellKey(2, row.id, col.id), row.label, col.label, block.group.label,
                              row.english, col.english, col.unit, col.kind, col.bare_unit))
    for row in t3_rows(fmt):
        group = GROUPS[row.group].label if row.group else None
        for col in APPLICANT_COLUMNS:
            specs.append(CellSpec(CellKey(3, row.id, col.id), row.label, col.label, group,
                                  row.english, col.english, "件", "count"))
    for col in T4_COLUMNS:
        specs.append(CellSpec(CellKey(4, T4_ROW.id, col.id), T4_ROW.label, col.label, None,
                              T4_ROW.english, col.english, "件", "count"))
    return tuple(specs)


@cache
def cell_spec(fmt: FormatVersion, key: CellKey) -> CellSpec:
    for spec in cell_specs(fmt):
        if spec.key == key:
            return spec
    raise KeyError(f"{key} is not a cell of the {fmt} format")


def official_spec(fmt: str, key: CellKey) -> CellSpec:
    """The official labels of a cell as printed, in whichever layout holds it.

    A 2021-format report may print （六）其他处理 as the single 2019 row (``other``); its cells
    keep that row's official label rather than falling back to the id.

    Raises:
        KeyError: no format has this cell.
    """
    for f in (fmt, *FORMATS):
        if f in FORMATS:
            try:
                return cell_spec(f, key)  # type: ignore[arg-type]
            except KeyError:
                continue
    raise KeyError(f"{key} is not a cell of any format")


@cache
def t3_path_to_row(fmt: FormatVersion) -> dict[str, str]:
    """Map ``（三）不予公开/1.属于国家秘密``-style paths (as in gold files) to row ids."""
    out = {r.path: r.id for r in t3_rows(fmt)} | {r.label: r.id for r in t3_rows(fmt)}
    # the label without its trailing note: "（二）部分公开"
    out |= {re.sub(r"（[^）]*）$", "", r.label): r.id for r in t3_rows(fmt) if r.label.endswith("）")}
    return out


# ---------------------------------------------------------------------------
# Rules (勾稽关系): each an equation sum(lhs) == sum(rhs) over cells
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    english: str


RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("T3-A", "第一项加第二项之和，等于第三项加第四项之和",
         "per column: new + carried in = total handled + carried out"),
    Rule("T3-C", "（七）总计等于各办理结果之和", "per column: total handled = sum of the outcome rows"),
    Rule("T3-D", "各行总计等于六类申请人之和", "per row: total = sum of the six applicant columns"),
    Rule("T4-A", "各栏总计等于维持、纠正、其他、尚未审结之和",
         "per block: total = upheld + corrected + other + pending"),
    Rule("X-1", "上年结转数等于上一年度报告的结转下年度数",
         "carried in this year = carried out in last year's report (same agency)"),
)}


@dataclass(frozen=True)
class Equation:
    """One instance of a rule: ``sum(lhs) == sum(rhs)``."""

    rule: str
    lhs: tuple[CellKey, ...]
    rhs: tuple[CellKey, ...]
    scope: str  # the column or row or block it applies to, for messages

    @property
    def cells(self) -> tuple[CellKey, ...]:
        return self.lhs + self.rhs


@cache
def equations(fmt: FormatVersion) -> tuple[Equation, ...]:
    """Every within-report rule instance of this format (T3-A, T3-C, T3-D, T4-A)."""
    out: list[Equation] = []
    for col in APPLICANT_COLUMNS:
        def k(row: str) -> CellKey:
            return CellKey(3, row, col.id)
        out.append(Equation("T3-A", (k("new"), k("carried_in")), (k("processed_total"), k("carried_out")),
                            col.label))
        out.append(Equation("T3-C", (k("processed_total"),), tuple(k(r.id) for r in t3_outcome_rows(fmt)),
                            col.label))
    for row in t3_rows(fmt):
        out.append(Equation("T3-D", (CellKey(3, row.id, APPLICANT_TOTAL),),
                            tuple(CellKey(3, row.id, c) for c in APPLICANT_COLUMN_IDS[:6]), row.path))
    for block in T4_BLOCKS:
        def k4(o: str) -> CellKey:
            return CellKey(4, T4_ROW.id, f"{block.id}.{o}")
        out.append(Equation("T4-A", (k4("total"),), tuple(k4(o.id) for o in T4_OUTCOMES[:4]), block.label))
    return tuple(out)


def carry_over_pairs() -> tuple[tuple[CellKey, CellKey], ...]:
    """Rule X-1: (year Y−1 cell, year Y cell) pairs, column by column."""
    return tuple((CellKey(3, "carried_out", c), CellKey(3, "carried_in", c)) for c in APPLICANT_COLUMN_IDS)


# ---------------------------------------------------------------------------
# Prose figures (rules N-…): numbers sections 一 and 六 state that the tables also hold
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProsePhrase:
    """A way the narrative states a figure, and the cells that hold it.

    ``patterns`` are regular expressions over a sentence (white space removed, full-width folded)
    with a group ``n``; ``cells`` lists alternatives, each a tuple of cells whose sum the number
    may be (收到申请 N 件 is the new applications, or new plus carried-in). Empty ``cells``: the
    number is read and listed, but no table cell holds it (nothing to check).
    """

    rule: str
    label: str
    english: str
    patterns: tuple[str, ...]
    cells: tuple[tuple[CellKey, ...], ...] = ()


def _t4(block: str, outcome: str = "total") -> CellKey:
    return CellKey(4, T4_ROW.id, f"{block}.{outcome}")


_NUM = r"(?P<n>\d+)"
_NOT_NUM = r"[^，。；,;:：\d]"
PROSE_PHRASES: tuple[ProsePhrase, ...] = (
    ProsePhrase("N-1", "收到/受理政府信息公开申请N件", "applications received",
                (rf"(?:收到|受理){_NOT_NUM}{{0,18}}?申请(?:公开)?(?:共计|共|合计)?{_NUM}件",
                 rf"(?:收到|受理){_NUM}件{_NOT_NUM}{{0,8}}?申请"),
                ((CellKey(3, "new", APPLICANT_TOTAL),),
                 (CellKey(3, "new", APPLICANT_TOTAL), CellKey(3, "carried_in", APPLICANT_TOTAL)))),
    ProsePhrase("N-2", "引发/被申请行政复议N件（起）", "administrative reconsiderations",
                (rf"行政复议(?:案件)?(?:共计|共|合计)?{_NUM}[件起宗]",),
                ((_t4("review"),),)),
    ProsePhrase("N-3", "行政诉讼N件（起）", "administrative lawsuits",
                (rf"行政诉讼(?:案件)?(?:共计|共|合计)?{_NUM}[件起宗]",),
                ((_t4("suit_direct"), _t4("suit_after")),)),
    ProsePhrase("N-4", "制定（制发）规范性文件N件", "normative documents issued",
                (rf"(?:制定|制发|印发|出台)(?:行政)?规范性文件{_NUM}件",),
                ((CellKey(2, "normative", "issued"),), (CellKey(2, "normative", "made"),))),
    ProsePhrase("N-5", "废止规范性文件N件", "normative documents repealed",
                (rf"废止(?:行政)?规范性文件{_NUM}件", rf"规范性文件[^。；]{{0,20}}?废止{_NUM}件"),
                ((CellKey(2, "normative", "repealed"),),)),
    ProsePhrase("N-6", "全年主动公开信息N条", "items published proactively (no table cell)",
                (rf"(?:全年|共)(?:{_NOT_NUM}{{0,16}}?)(?<!应)(?:主动公开|公布|发布){_NOT_NUM}{{0,12}}?信息"
                 rf"(?:共计|共|合计)?{_NUM}条",)),
    ProsePhrase("N-7", "收取信息处理费N元", "information processing fees (no table cell)",
                (rf"收取{_NOT_NUM}{{0,10}}?信息处理费(?:共计|共|合计)?{_NUM}元",)),
)
PROSE_PHRASE_BY_RULE = {p.rule: p for p in PROSE_PHRASES}
RULES.update({p.rule: Rule(p.rule, f"正文“{p.label}”与表格一致", f"the narrative's {p.english} = the table")
              for p in PROSE_PHRASES})


# ---------------------------------------------------------------------------
# Telling the formats apart (FORMAT.md §8)
# ---------------------------------------------------------------------------

FORMAT_MARKERS: dict[FormatVersion, tuple[str, ...]] = {
    "2019": ("本年新制作数量", "上一年项目数量", "本年增/减", "其他对外管理服务事项", "第二十条第(九)项", "政府集中采购",
             "采购总金额"),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期未按收费通知要求缴纳费用",
             "逾期不补正"),
}


def detect_format(text: str, year: int | None = None) -> FormatVersion:
    """Decide the table format by its labels; fall back on the year (≤ 2020 → 2019)."""
    norm = normalize_label(text)
    scores = {fmt: sum(normalize_label(m) in norm for m in markers) for fmt, markers in FORMAT_MARKERS.items()}
    if scores["2019"] != scores["2021"]:
        return "2019" if scores["2019"] > scores["2021"] else "2021"
    if year is not None and year >= 2021:
        return "2021"
    return "2019"


# ---------------------------------------------------------------------------
# Report identity words
# ---------------------------------------------------------------------------

REPORT_TITLE_WORDS = ("政府信息公开工作年度报告", "政府信息公开年度报告", "信息公开工作年度报告", "政务公开工作年度报告")
# The words that make a text a report at all: a text without most of these is not one.
REPORT_EVIDENCE_WORDS = ("政府信息公开", "主动公开", "依申请公开", "申请", "行政复议", "行政诉讼", "予以公开",
                         "总体情况", "年度报告")
AGENCY_SUFFIXES = ("人民政府办公厅", "人民政府办公室", "人民政府", "办公厅", "办公室", "委员会", "管理委员会", "局", "厅", "委",
                   "办", "院", "署", "中心", "综合实验区", "管委会", "政府")


# ---------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------

AMOUNT_UNITS: dict[str, int] = {"亿元": 100_000_000, "万元": 10_000, "元": 1, "亿": 100_000_000, "万": 10_000}
# Measure words the reports' prose counts in ("政务动态342条", "培训49人次", "新闻发布会3场"), longest first.
COUNT_UNITS: tuple[str, ...] = ("人次", "批次", "万元", "条", "件", "期", "次", "个", "场", "篇", "家", "项", "元", "份",
                                "名", "位", "批")
SIGN_WORDS: dict[str, int] = {"增": 1, "加": 1, "+": 1, "＋": 1, "减": -1, "-": -1, "－": -1, "−": -1, "—": -1}
BLANK_MARKS = ("", "/", "／", "-", "－", "—", "–", "无", "\\")


# ---------------------------------------------------------------------------
# Derived metrics (what people ask for that the table does not print)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DerivedMetric:
    """A metric computed from printed cells: a sum of rows, or a ratio of two metrics."""

    id: str
    label: str
    english: str
    aliases: tuple[str, ...]
    table: int
    kind: Literal["sum", "ratio"]
    # sum: rows (表三) or columns (表四) added up; ratio: numerator rows / denominator rows
    parts: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    formats: tuple[FormatVersion, ...] = FORMATS
    unit: str = "件"


DERIVED_METRICS: tuple[DerivedMetric, ...] = (
    DerivedMetric("denied", "（三）不予公开（合计）", "not disclosed (all reasons)", GROUPS["denied"].aliases, 3, "sum",
                  tuple(f"denied.{i}" for i in range(1, 9))),
    DerivedMetric("unable", "（四）无法提供（合计）", "unable to provide (all reasons)", GROUPS["unable"].aliases, 3,
                  "sum", tuple(f"unable.{i}" for i in range(1, 4))),
    DerivedMetric("notproc", "（五）不予处理（合计）", "not processed (all reasons)", GROUPS["notproc"].aliases, 3, "sum",
                  tuple(f"notproc.{i}" for i in range(1, 6))),
    DerivedMetric("other_group", "（六）其他处理（合计）", "other dispositions (all)", GROUPS["other"].aliases, 3, "sum",
                  tuple(f"other.{i}" for i in range(1, 4)), formats=("2021",)),
    DerivedMetric("disclosure_rate", "予以公开率", "share fully disclosed",
                  # 公开率 and "disclosure rate" alone are read both ways (question_words.toml: ambiguous_terms)
                  ("予以公开率", "全部公开比例", "share fully disclosed",
                   "rate of full disclosure", "percentage fully disclosed", "proportion fully disclosed"),
                  3, "ratio", ("granted",), ("processed_total",), unit="%"),
    DerivedMetric("disclosure_rate_incl_partial", "公开率（含部分公开）", "share disclosed in full or in part",
                  ("含部分公开", "公开和部分公开比例", "share disclosed in full or in part", "full or partial",
                   "disclosed in full or in part"),
                  3, "ratio", ("granted", "partial"), ("processed_total",), unit="%"),
    DerivedMetric("litigation_total", "行政诉讼（合计）", "administrative litigation (all lawsuits)", LITIGATION.aliases,
                  4, "sum", ("suit_direct.total", "suit_after.total")),
    # every case of 表四 (reports' text: "行政复议和行政诉讼案件共N件"): the reconsiderations and both lawsuits
    DerivedMetric("review_and_litigation", "行政复议和行政诉讼（合计）", "reconsideration and litigation (all cases)",
                  ("行政复议和行政诉讼", "复议和诉讼", "行政复议、行政诉讼", "复议、诉讼",
                   "reconsideration and litigation", "review and litigation",
                   "reconsideration and lawsuit", "appeals and lawsuits", "review and litigation cases",
                   "reconsideration and litigation cases"),
                  4, "sum", ("review.total", "suit_direct.total", "suit_after.total")),
    # the requests an agency had to handle in the year: T3-A's left side (new + carried in)
    DerivedMetric("caseload", "本年需办理申请（新收＋上年结转）", "requests on hand (new + carried in)",
                  # only phrases naming both rows: "workload", "要处理的" alone are read as the requests handled
                  ("新收加上年结转", "新收和上年结转", "新收的和上年结转的", "新收加上年结转的", "new plus carried over",
                   "new and carried over", "new ones and those carried over", "new requests plus those carried over",
                   "new ones plus those carried over", "new ones plus carried over", "new requests plus carried over",
                   "new plus carried-in", "new + carried over", "new plus carried in"),
                  3, "sum", ("new", "carried_in")),
)
DERIVED_BY_ID = {m.id: m for m in DERIVED_METRICS}
CASELOAD = "caseload"  # new + carried in: the whole that the outcome rows and 结转下年度 share out
LEGAL_PERSON_COLUMNS = ORGANISATION_COLUMN_IDS  # 法人或其他组织 = the sum of the five

# ---------------------------------------------------------------------------
# Glossary for English → Chinese query expansion (FORMAT.md §7)
# ---------------------------------------------------------------------------


@cache
def glossary() -> tuple[tuple[str, str], ...]:
    """(English phrase, Chinese label) pairs from every section, row, column and group."""
    pairs: list[tuple[str, str]] = []

    def add(zh: str, english: str, aliases: tuple[str, ...]) -> None:
        words = [english] + [a for a in aliases if a.isascii()]
        for w in words:
            if w:
                pairs.append((w.lower(), zh))

    for s in SECTIONS:
        add(s.heading, s.english, s.aliases)
    for r in T3_ROWS:
        add(re.sub(r"^[0-9一二三四]+[.、]|^[（(][一二三四五六七][）)]", "", r.label), r.english, r.aliases)
    for g in GROUPS.values():
        add(re.sub(r"^[（(][一二三四五六七][）)]", "", g.label), g.english, g.aliases)
    for c in APPLICANT_COLUMNS:
        add(c.label, c.english, c.aliases)
    for fmt in FORMATS:
        for b in T2_BLOCKS[fmt]:
            for r in b.rows:
                add(r.label, r.english, r.aliases)
            for c in b.columns:
                add(c.label.split("（")[0], c.english, c.aliases)
    for b in T4_BLOCKS:
        add(b.label.split("/")[-1], b.english, b.aliases)
    for o in T4_OUTCOMES:
        add(o.label, o.english, o.aliases)
    add(LITIGATION.label, LITIGATION.english, LITIGATION.aliases)
    extra = (("website", "网站"), ("government website", "政府网站"), ("portal", "门户网站"), ("wechat", "微信"),
             ("weibo", "微博"), ("official account", "公众号"), ("platform", "平台"), ("platforms", "平台"),
             ("fee", "收费"), ("fees", "信息处理费"), ("charged", "收取"), ("problem", "问题"), ("problems", "问题"),
             ("improvement", "改进"), ("measures", "措施"), ("training", "培训"), ("items", "条"),
             ("published", "发布"), ("posts", "发布信息"), ("publish", "发布"), ("guide", "指南"),
             ("catalogue", "目录"), ("supervision", "监督"), ("assessment", "考核"), ("hotline", "热线"),
             ("policy interpretation", "政策解读"), ("interpretation", "解读"), ("press conference", "新闻发布会"),
             ("information management", "政府信息管理"), ("oversight", "监督保障"),
             # phrases, not "news": an English key is stemmed, and "news" would become "new"
             ("news updates", "政务动态"), ("government news items", "政务动态"), ("news items", "政务动态"),
             # what section 六 reports besides fees and section 一's oversight covers (FORMAT.md §1)
             ("npc deputies' suggestions", "人大代表建议"), ("deputies' suggestions", "人大代表建议"),
             ("suggestions", "建议"), ("cppcc proposals", "政协提案"), ("proposals", "提案"),
             ("key points", "工作要点"), ("public evaluation", "社会评议"), ("accountability", "责任追究"),
             ("platform building", "平台建设"), ("innovation", "创新"), ("innovations", "创新"),
             # section 一 (三) information management: documents reviewed before they are published
             ("review before publication", "公开前审查"), ("reviewed before publication", "公开前审查"),
             ("pre-publication review", "公开前审查"), ("confidentiality review", "保密审查"),
             ("gazette", "公报"), ("government gazette", "政府公报"), ("shortcomings", "不足"),
             ("deficiencies", "不足"),
             # fiscal information disclosed under section 一 (一): the "three public expenses" (official
             # receptions, vehicles, trips abroad) are published items, not what disclosure work costs
             ("three public expenses", "三公经费"), ("three official expenses", "三公经费"))
    pairs.extend(extra)
    return tuple(sorted(set(pairs), key=lambda p: -len(p[0])))


# Where a report says it published (section 一 (四) 平台建设): each channel with the words that name it.
# A count in a sentence about one channel does not answer a question about another ("微信公众号发布信息
# 400余期" is not the Weibo count).
PUBLISHING_CHANNELS: dict[str, tuple[str, ...]] = {
    "网站": ("网站", "门户网站", "政府网站", "信息网"),
    "微信": ("微信", "公众号"),
    "微博": ("微博",),
    "客户端": ("客户端", "APP", "App"),
    "抖音": ("抖音",),
    "头条": ("头条号", "今日头条"),
}


def channels_named(text: str) -> frozenset[str]:
    """The publishing channels a text names (keys of :data:`PUBLISHING_CHANNELS`)."""
    return frozenset(c for c, words in PUBLISHING_CHANNELS.items() if any(w in text for w in words))


# English words for what the reports' prose talks about (FORMAT.md §1: the five parts of section 一,
# section 五's problems and fixes, section 六's other matters; and the frequent words of the real reports'
# prose), used only to search the text with an English question. They name nothing in a table, and the
# question understanding does not read them: a topic word there can turn a figure question into a
# text search.
SEARCH_TERMS: tuple[tuple[str, str], ...] = (
    ("policy", "政策"), ("policies", "政策"), ("interpretation", "解读"), ("interpret", "解读"),
    ("explain", "解读"), ("explanation", "解读"), ("briefing", "发布会"), ("press briefing", "新闻发布会"),
    ("new media", "新媒体"), ("social media", "政务新媒体"), ("mini program", "小程序"), ("mobile app", "客户端"),
    ("column", "栏目"), ("special column", "专栏"), ("update", "更新"), ("timely", "及时"), ("timeliness", "时效"),
    ("audit", "审核"), ("vetting", "审核"), ("confidentiality", "保密"), ("secrecy", "保密"),
    ("standardization", "标准化"), ("standardisation", "标准化"), ("standard", "标准"), ("grassroots", "基层"),
    ("township", "乡镇"), ("village", "村"), ("directory", "目录"), ("list", "清单"),
    ("public concern", "关切"), ("concerns", "关切"), ("respond", "回应"), ("response", "回应"),
    ("opinion", "意见"), ("public comment", "征求意见"), ("consultation", "意见征集"), ("decision-making", "决策"),
    ("major decisions", "重大行政决策"), ("budget", "预决算"), ("final accounts", "决算"), ("key areas", "重点领域"),
    ("priority areas", "重点领域"), ("government services", "政务服务"), ("service center", "政务服务中心"),
    ("service centre", "政务服务中心"), ("telephone", "电话"), ("phone", "电话"), ("reading room", "查阅点"),
    ("consultation point", "查阅点"), ("staff", "人员"), ("personnel", "人员"), ("evaluation", "评议"),
    ("rectify", "整改"), ("rectification", "整改"), ("fix", "整改"), ("fixed", "整改"), ("resolve", "整改"),
    ("remedy", "整改"), ("previous report", "上年度报告"), ("last year's report", "上年度报告"),
    ("weakness", "薄弱"), ("insufficient", "不足"), ("inadequate", "不够"), ("next step", "下一步"),
    ("plan", "计划"), ("steps", "措施"), ("leadership", "领导"), ("leading group", "领导小组"),
    ("mechanism", "机制"), ("epidemic", "疫情"), ("covid", "疫情"), ("poverty alleviation", "扶贫"),
    ("business environment", "营商环境"), ("online", "网上"), ("interaction", "互动"), ("interview", "访谈"),
    ("in writing", "文字"), ("written", "文字"), ("graphics", "图解"), ("charts", "图表"), ("video", "视频"),
    ("audio", "音频"), ("documents", "文件"), ("open government", "政务公开"), ("complaints", "投诉"),
    ("privacy", "隐私"), ("personal information", "个人信息"), ("data", "数据"), ("inspection", "检查"),
    ("government information", "政府信息"), ("attendance", "人次"), ("attendances", "人次"),
    ("person-times", "人次"), ("last year's", "上年度"), ("previous year's", "上年度"),
    # frequent topics of the reports' prose: food and product checks, public money, accounts and sites kept in
    # order, reminders of deadlines, hotlines and training
    ("short video", "短视频"), ("agricultural", "农产品"), ("sampling", "抽检"), ("spot check", "抽检"),
    ("food safety", "食品安全"), ("fiscal", "财政"), ("funds", "资金"), ("subsidies", "补贴"),
    ("accounts", "账号"), ("shut down", "关停"), ("merge", "整合"), ("consolidate", "整合"),
    ("blank", "空白"), ("countdown", "倒计时"), ("alarm", "报警"), ("reminder", "提醒"), ("deadline", "期限"),
    ("hotline", "热线"), ("training", "培训"), ("trained", "培训"), ("portal", "门户"), ("foreign language", "外文"),
    ("notice", "公告"), ("announcements", "公告"), ("procurement", "采购"), ("appeals", "诉求"),
)


@cache
def search_glossary() -> tuple[tuple[str, str], ...]:
    """The glossary and SEARCH_TERMS: every English phrase with a Chinese word to search for, longest first."""
    return tuple(sorted(set(glossary()) | set(SEARCH_TERMS), key=lambda p: (-len(p[0]), p)))


@cache
def _search_pattern(en: str) -> re.Pattern[str]:
    # whole words, with a plural or verb ending: "policies", "explained", "updates"
    return re.compile(rf"(?<![a-z0-9]){re.escape(en)}(?:s|es|d|ed|ing)?(?![a-z0-9])")


def english_search_terms(text: str) -> list[str]:
    """The Chinese words to search for an English text: one per glossary phrase found in it, longer
    phrases first ("government website" gives 政府网站, and "website" inside it nothing more)."""
    low = unicodedata.normalize("NFKC", text).lower()
    if not re.search(r"[a-z]", low):
        return []
    claimed: list[tuple[int, int, int]] = []  # (start, end, phrase length)
    words: list[str] = []
    for en, zh in search_glossary():
        # a phrase matches only where its words are: compiling the pattern of each of the glossary's
        # hundreds of phrases for every first question cost ~0.15 s of a cold start
        if en not in low:
            continue
        length = len(en)
        for m in _search_pattern(en).finditer(low):
            s, e = m.span()
            if any(s < ce and cs < e and cl > length for cs, ce, cl in claimed):
                continue
            claimed.append((s, e, length))
            if zh not in words:
                words.append(zh)
    return words


# ---------------------------------------------------------------------------
# Glossary for English readers: the report's own terms, Chinese → English (FORMAT.md §7)
# ---------------------------------------------------------------------------

# Words of the reports beyond the table labels that an English reader meets in nearly every quote.
READER_TERMS: tuple[tuple[str, str], ...] = (
    ("政府信息公开工作年度报告", "annual report on government information disclosure"),
    ("政府信息公开条例", "Regulations on Government Information Disclosure"),
    ("政府信息公开", "government information disclosure"),
    ("政务公开", "open government affairs"),
    ("依申请公开", "disclosure on request"),
    ("勾稽关系", "consistency rules of the tables"),
)
_NUMBERING = re.compile(r"^(?:[0-9]+[.、．]|[一二三四五六七八九十]+[、.]|[（(][一二三四五六七八九十0-9]+[）)])")


def _strip_numbering(label: str) -> str:
    # the note a label carries in brackets (（单位：万元）, （区分处理的，只计这一情形…）) is not the term
    return re.split(r"[（(]", _NUMBERING.sub("", label.split("/")[-1]), maxsplit=1)[0].strip()


@cache
def reader_glossary() -> tuple[tuple[str, str], ...]:
    """(Chinese term, English) for every section heading, table name, row, group and column label of
    both formats (their numbering dropped) and :data:`READER_TERMS`, longest first: the records of
    :func:`glossary`, read the other way, to gloss a quote for an English reader."""
    pairs: dict[str, str] = {}

    def add(zh: str, english: str) -> None:
        term = _strip_numbering(zh)
        if term in ("其他", "总计"):  # too common alone: only with its printed number (（七）总计)
            term = zh if zh != term else ""
        if len(term) >= 2 and term not in pairs:
            pairs[term] = english

    for zh, english in READER_TERMS:
        add(zh, english)
    for s in SECTIONS:
        add(s.heading, s.english[0].lower() + s.english[1:])
    for zh, english in TABLE_NAMES.values():
        add(zh.split()[1], english.split(": ", 1)[1])
    for r in T3_ROWS:
        add(r.label, r.english)
    for g in (*GROUPS.values(), ORGANISATION_HEADER, *T4_BLOCKS, LITIGATION):
        add(g.label, g.english)
    add(APPLICANT_HEADER, "applicants")
    for c in (*APPLICANT_COLUMNS, *T4_OUTCOMES):
        add(c.label, c.english)
    for fmt in FORMATS:
        for b in T2_BLOCKS[fmt]:
            for r in b.rows:
                add(r.label, r.english)
            for c in b.columns:
                add(c.label, c.english)
    return tuple(sorted(pairs.items(), key=lambda p: (-len(p[0]), p[0])))


def gloss(text: str) -> list[tuple[str, str]]:
    """The format's terms found in ``text`` with their English, in the order they appear; a longer
    term wins over the shorter ones inside it (不予公开 inside 部分公开 is not glossed)."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str, str]] = []
    for zh, english in reader_glossary():
        start = text.find(zh)
        while start >= 0:
            end = start + len(zh)
            if not any(start < e and s < end for s, e in taken):
                taken.append((start, end))
                if all(zh != f[1] for f in found):
                    found.append((start, zh, english))
            start = text.find(zh, end)
    return [(zh, english) for _, zh, english in sorted(found)]


def section_english(path: str) -> str:
    """A cited section path for an English reader: the numbered section in English, the report's own
    sub-headings kept as printed (``五、存在的主要问题及改进情况 › （一）存在的主要问题`` →
    ``Section 5, Main problems and improvements › （一）存在的主要问题``)."""
    parts = [p.strip() for p in path.split("›")] if path else []
    if not parts:
        return path
    head = normalize_label(parts[0])
    for n, s in enumerate(SECTIONS, start=1):
        if head.endswith(normalize_label(s.heading)) or normalize_label(s.heading) in head:
            return " › ".join([f"Section {n}, {s.english}", *parts[1:]])
    return path


def table_english(table: str | int | None) -> str:
    """``表三`` or 3 → ``Table 3: requests received and handled`` ('' for anything else)."""
    for number, (zh, english) in TABLE_NAMES.items():
        if table in (number, zh.split()[0]):
            return english
    return ""


__all__ = [name for name in dir() if not name.startswith("_")]


@cache
def _paraphrase_data() -> dict[str, dict[str, list[str]]]:
    """``data/metric_paraphrases.toml``, read once."""
    import tomllib
    from importlib import resources

    return tomllib.loads(resources.files("index").joinpath("data/metric_paraphrases.toml").read_text(encoding="utf-8"))


@cache
def paraphrases() -> dict[tuple[str, str], tuple[str, ...]]:
    """How people name the cells and operations beyond the labels and aliases above
    (``data/metric_paraphrases.toml``): ``("t3row", "carried_out") → ("拖到第二年", "still open at year end", …)``."""
    data = _paraphrase_data()
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for owner, words in data.items():
        if owner.startswith("_"):
            continue
        kind, _, ident = owner.partition(".")
        out[(kind, ident)] = tuple(words.get("zh", ())) + tuple(words.get("en", ()))
    return out


@cache
def _short_form_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(rf"\b{re.escape(long)}\b", re.IGNORECASE), form)
                 for long, form in _paraphrase_data().get("_short_forms", {}).items())


def shortened(phrase: str) -> tuple[str, ...]:
    """The phrase as people shorten its English words (``data/metric_paraphrases.toml`` ``_short_forms``):
    "process information" → "process info", "normative documents" → "normative docs"; () when none applies."""
    out = phrase
    for pattern, form in _short_form_patterns():
        out = pattern.sub(form, out)
    return (out,) if out != phrase else ()


@cache
def paraphrase_patterns() -> dict[tuple[str, str], tuple[str, ...]]:
    """The phrases the patterns of ``data/metric_paraphrases.toml`` (``zh_patterns``) write, by owner: a family of
    spoken phrasings ("复议完又去法院起诉", "复议以后起诉", …) for the lexical reading only (the semantic reading
    embeds the phrases listed, not thousands of their variants)."""
    data = _paraphrase_data()
    return {tuple(owner.partition(".")[::2]): tuple(dict.fromkeys(  # type: ignore[misc]
        p for pattern in words["zh_patterns"] for p in expand_pattern(pattern)))
        for owner, words in data.items() if words.get("zh_patterns")}


_CHOICE = re.compile(r"\[([^\[\]]*)\]")


def expand_pattern(pattern: str) -> tuple[str, ...]:
    """Every phrase a pattern of choices writes: "复议[以后|之后][又|][起诉|告]" → 复议以后又起诉, 复议以后起诉, …
    (an empty choice leaves the slot out). So one line of ``metric_paraphrases.toml`` (``zh_patterns``) says how a
    family of spoken phrasings goes, instead of listing each."""
    m = _CHOICE.search(pattern)
    if m is None:
        return (pattern,)
    return tuple(p for choice in m.group(1).split("|")
                 for p in expand_pattern(pattern[:m.start()] + choice + pattern[m.end():]))


def examples() -> dict[tuple[str, str], tuple[str, ...]]:
    """Words naming an example of what a cell counts, not the cell (``data/metric_paraphrases.toml``
    ``examples``): 个人隐私 and 商业秘密 are counted under 保护第三方合法权益 among other things, so said alone
    they are asked back about with that row, never answered as it."""
    data = _paraphrase_data()
    return {tuple(owner.partition(".")[::2]): tuple(words["examples"])  # type: ignore[misc]
            for owner, words in data.items() if words.get("examples")}


# 表三 rows that are a share of the requests handled (（七）总计) when a share is asked for
# ("X占办结总数的比例"); the reason rows are, through their group.
SHARE_OF_HANDLED_ROWS: frozenset[str] = frozenset({"granted", "partial", "other", "carried_out"})
# 表三 rows a share is taken of ("占办结总数的比例", "as a share of new requests"): the totals
SHARE_DENOMINATOR_ROWS: frozenset[str] = frozenset({"processed_total", "new"})
# 表二 columns of the 2019 format a question names by a relative year: 上一年项目数量 ("the previous
# year's items") and 本年增/减 ("比上年增减多少")
T2_PRIOR_YEAR_COLUMN = "items_last_year"
T2_SIGNED_CHANGE_COLUMN = "change"
# The column's own printed names: said with one year (or none) they name the column, not a change across years
T2_SIGNED_CHANGE_NAMES: frozenset[str] = frozenset(a for a in _CHANGE.aliases if not a.isascii() and "增" in a
                                                   and "减" in a and len(a) <= 5)
# 表二's signed columns (本年增/减): a change, never a count, so no side of a share nor a default column
T2_SIGNED_COLUMNS: frozenset[str] = frozenset(c.id for fmt in FORMATS for b in T2_BLOCKS[fmt] for c in b.columns
                                              if c.kind == "signed")
# The report section that prints each table (表二 in 二, 表三 in 三, 表四 in 四); the other sections are text only.
TABLE_SECTION: dict[int, str] = {2: "二", 3: "三", 4: "四"}
# 表四's two kinds of lawsuit (the blocks 行政诉讼（合计） adds up) and 表三's two disclosed rows (公开率
# （含部分公开）'s numerator), which people name together ("both kinds of suit", "full + partial").
SUIT_BLOCKS: tuple[str, ...] = tuple(p.split(".")[0] for p in DERIVED_BY_ID["litigation_total"].parts)
# 表四's results of a case decided: every outcome T4-A adds up but 尚未审结 ("cases closed", 办结)
T4_DECIDED_OUTCOMES: tuple[str, ...] = tuple(o.id for o in T4_OUTCOMES if o.id not in ("pending", "total"))
DISCLOSED_ROWS: tuple[str, ...] = tuple(DERIVED_BY_ID["disclosure_rate_incl_partial"].parts)
# 表三 rows that count requests passing from one year into the next: report Y's 上年结转 came from
# Y-1 into Y, its 结转下年度 goes from Y into Y+1. A question naming both years ("carried over from
# 2024 into 2025") asks for the one report that prints it: the later year's, or the earlier year's.
CARRY_OVER_REPORT_YEAR: dict[str, str] = {"carried_in": "later", "carried_out": "earlier"}
# 表二 columns a row named alone is read as (its decisions, its amount); a row whose columns only
# count documents or last year's items is asked back with each column
T2_PRINCIPAL_COLUMNS: frozenset[str] = frozenset({"decisions", "amount"})
CARRY_OVER_ROWS: dict[str, str] = {side: row for row, side in CARRY_OVER_REPORT_YEAR.items()}
