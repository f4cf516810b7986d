"""Narrative sentences for synthetic reports, with the facts they plant.

:func:`compose` writes the preamble and the free text of sections 一…六 for one synthetic report.
Every figure a sentence states is recorded as a *planted fact* ``{id, fact, value, unit,
section, sentence}``; the sentence text occurs verbatim in that section's text. Figures that
repeat a table (the requests received and handled in 一 and 三, the appeals in 四, the
normative documents in 二) are taken from the table values passed in, so narrative and tables
agree (rule X-2 holds by construction).

Section headings are not written here: they come from ``reportformat.SECTIONS`` in the renderers.
The sub-headings inside 一 follow the five topics the 2021 format lists for it (FORMAT.md §1).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from index.reportformat import CHINESE_NUMERALS, SECTIONS

# The topics the 2021 format asks section 一 to cover; reports use them as sub-headings
# （一）…（五）. Not table labels, so reportformat does not hold them (yet).
OVERVIEW_TOPICS: tuple[tuple[str, ...], ...] = (
    ("主动公开", "主动公开方面"),
    ("依申请公开", "依申请公开方面"),
    ("政府信息管理", "政府信息管理方面"),
    ("政府信息公开平台建设", "平台建设", "平台建设方面"),
    ("监督保障", "监督保障方面"),
)
PROBLEM_SUBHEADINGS: tuple[tuple[str, str], ...] = (
    ("存在的主要问题", "改进情况"),
    ("主要问题", "改进措施"),
)

PROBLEMS: tuple[str, ...] = (
    "政策解读的形式还不够丰富，图表、音视频等解读产品偏少",
    "个别栏目内容更新不够及时，信息发布的时效性有待加强",
    "依申请公开答复文书的规范化程度还需提升",
    "政务新媒体的互动回应能力相对不足",
    "部分工作人员对《条例》的理解把握还不够深入",
    "主动公开的广度和深度仍需进一步拓展",
    "基层政务公开标准化规范化建设推进还不平衡",
    "信息发布前的保密审查和内容审核机制执行不够严格",
    "公开平台的检索和导航功能还不够便捷",
    "政策文件的公开解读同步率还需提高",
)
MEASURES: tuple[str, ...] = (
    "定期组织业务培训，提升工作人员的政策理解和实务能力",
    "严格落实信息发布审核制度，坚持先审查后公开",
    "丰富解读方式，推出图解、短视频和问答式解读",
    "建立栏目日常巡查机制，每月通报更新情况",
    "规范依申请公开办理流程，统一答复文书格式",
    "加强政务新媒体管理，及时回应社会关切",
    "优化公开平台的栏目设置和检索功能",
    "推进基层政务公开标准目录的动态调整",
    "将政务公开工作纳入年度绩效考核",
    "完善政策文件与解读材料同步组织、同步审签、同步发布机制",
)
TOPICS_PUBLIC: tuple[str, ...] = (
    "政务动态", "规划计划", "财政预决算", "重大项目", "人事信息", "公共资源配置", "社会救助",
    "教育卫生", "生态环境", "安全生产", "食品药品", "统计信息", "建议提案办理", "政策文件",
)


@dataclass
class NarrativeContext:
    """What the sentences need to know about one report."""

    agency: str
    we: str  # how the agency calls itself: 我市, 我县, 我局 …
    level: str
    year: int
    fmt: str
    website: str
    wechat: str | None
    weibo: str | None
    hall: str | None
    address: str
    phone: str
    first_year: bool
    # table figures repeated in the narrative
    t3_new: int
    t3_carried_in: int
    t3_processed: int
    t3_carried_out: int
    t3_granted: int
    t3_partial: int
    t4_review: int
    t4_suits: int
    normative_new: int  # 2019: 规范性文件 本年新公开数量; 2021: 行政规范性文件 本年制发件数
    normative_label: str
    normative_column: str
    # magnitudes that drift from year to year (kept by the caller)
    posts_base: float
    scale: float
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Narrative:
    preamble: str
    sections: dict[str, list[str]]  # section number → paragraphs (headings not included)
    facts: list[dict[str, Any]]


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.facts: list[dict[str, Any]] = []

    def pick(self, options: list[str] | tuple[str, ...]) -> str:
        return options[self.rng.randrange(len(options))]

    def plant(self, section: str, sentence: str, *facts: tuple[str, str, Any, str | None]) -> str:
        for fid, desc, value, unit in facts:
            self.facts.append({"id": fid, "fact": desc, "value": value, "unit": unit, "section": section,
                               "sentence": sentence})
        return sentence


def _n(rng: random.Random, base: float, spread: float = 0.3, low: int = 0) -> int:
    return max(low, int(round(base * rng.lognormvariate(0, spread))))


def _sub(i: int) -> str:
    return f"（{CHINESE_NUMERALS[i]}）"


def compose(ctx: NarrativeContext, rng: random.Random) -> Narrative:
    """Write the preamble and sections 一…六 for one report, planting facts as it goes."""
    w = _Writer(rng)
    y = ctx.year
    headings = "、".join(s.heading for s in SECTIONS)
    preamble = "".join((
        w.pick((
            f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的要求，由{ctx.agency}编制。",
            f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，{ctx.agency}编制本报告。",
        )),
        f"全文包括{headings}等六部分。",
        f"本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
        f"本报告电子版可在{ctx.website}查阅或下载。",
        f"如对本报告有疑问，请与{ctx.agency}政务公开工作机构联系（地址：{ctx.address}；电话：{ctx.phone}）。",
    ))
    sections: dict[str, list[str]] = {s.number: [] for s in SECTIONS}

    # ----- 一、总体情况 -------------------------------------------------------------
    one = sections["一"]
    one.append(w.pick((
        f"{y}年，{ctx.we}认真贯彻落实《条例》和上级关于政务公开工作的部署要求，坚持以公开为常态、不公开为例外，"
        "持续推进决策、执行、管理、服务、结果公开，政务公开工作取得新进展。",
        f"{y}年，在上级政务公开主管部门的指导下，{ctx.we}围绕中心工作，扎实推进政府信息公开各项工作，"
        "不断提升公开质量和实效。",
        f"{y}年，{ctx.we}以提升透明度和公信力为目标，规范开展政府信息公开工作，有效保障了人民群众的知情权、"
        "参与权、表达权和监督权。",
    )))
    topic_variant = rng.randrange(3)

    def topic(i: int) -> str:
        names = OVERVIEW_TOPICS[i]
        return _sub(i) + names[min(topic_variant, len(names) - 1)]

    # （一）主动公开
    one.append(topic(0))
    posts = _n(rng, ctx.posts_base, 0.15, 1)
    news = _n(rng, posts * rng.uniform(0.25, 0.6), 0.1, 0)
    topics = "、".join(rng.sample(TOPICS_PUBLIC, rng.randint(3, 6)))
    s = w.pick((
        f"全年通过{ctx.website}主动公开政府信息{posts}条，其中政务动态{news}条。",
        f"{ctx.we}全年在{ctx.website}发布各类政府信息{posts}条，其中政务动态{news}条。",
        f"本年度累计主动公开政府信息{posts}条，其中发布政务动态{news}条。",
    ))
    para = w.plant("一", s, ("website_posts", "政府网站主动公开政府信息", posts, "条"),
                   ("news_posts", "发布政务动态", news, "条"))
    para += f"公开内容主要涉及{topics}等方面。"
    interp = _n(rng, 4 + 10 * ctx.scale, 0.4, 0)
    pressers = _n(rng, 1 + 3 * ctx.scale, 0.5, 0) if ctx.level != "department" or rng.random() < 0.4 else 0
    if interp or pressers:
        s = w.pick((
            f"围绕重要政策文件发布解读{interp}篇，召开新闻发布会{pressers}场。",
            f"全年开展政策解读{interp}篇，组织新闻发布会{pressers}场，及时回应社会关切。",
        ))
        para += w.plant("一", s, ("policy_interpretations", "政策解读", interp, "篇"),
                        ("press_conferences", "新闻发布会", pressers, "场"))
    else:
        s = "本年度未召开新闻发布会，通过网站专栏对相关政策进行了解读。"
        para += w.plant("一", s, ("press_conferences", "新闻发布会", 0, "场"))
    one.append(para)

    # （二）依申请公开
    one.append(topic(1))
    if ctx.t3_new == 0 and ctx.t3_carried_in == 0:
        s = w.pick((f"{y}年，{ctx.we}未收到政府信息公开申请。", "本年度未收到政府信息公开申请。"))
        para = w.plant("一", s, ("requests_received", "收到政府信息公开申请", 0, "件"))
    else:
        s = w.pick((
            f"{y}年共收到政府信息公开申请{ctx.t3_new}件，",
            f"全年{ctx.we}共收到政府信息公开申请{ctx.t3_new}件，",
        ))
        if ctx.t3_carried_out == 0:
            s += "均已在法定期限内答复。"
            para = w.plant("一", s, ("requests_received", "收到政府信息公开申请", ctx.t3_new, "件"))
        else:
            s += f"办结{ctx.t3_processed}件，结转下年度继续办理{ctx.t3_carried_out}件。"
            para = w.plant("一", s, ("requests_received", "收到政府信息公开申请", ctx.t3_new, "件"),
                           ("requests_handled", "办结政府信息公开申请", ctx.t3_processed, "件"),
                           ("requests_carried_out", "结转下年度继续办理", ctx.t3_carried_out, "件"))
    para += w.pick(("严格按照受理、登记、审核、答复的流程办理，答复内容规范、依据充分。",
                    "坚持依法依规、规范高效的原则办理申请，做到件件有回应。"))
    one.append(para)

    # （三）政府信息管理
    one.append(topic(2))
    reviewed = _n(rng, 3 + 12 * ctx.scale, 0.4, 0)
    s = w.pick((
        f"全年对拟公开的{reviewed}件文件开展公开属性审查，确保公开内容合法、准确。",
        f"落实公开前保密审查制度，全年审查拟公开文件{reviewed}件。",
    ))
    one.append(w.plant("一", s, ("documents_reviewed", "公开前审查文件", reviewed, "件"))
               + w.pick(("及时更新政府信息公开指南和目录，规范信息发布流程。",
                         "动态调整主动公开基本目录，完善信息发布协调机制。")))

    # （四）平台建设
    one.append(topic(3))
    platforms = [ctx.website]
    if ctx.wechat:
        platforms.append(f"“{ctx.wechat}”微信公众号")
    if ctx.weibo:
        platforms.append(f"“{ctx.weibo}”政务微博")
    if ctx.hall:
        platforms.append(ctx.hall)
    s = w.pick((
        f"{ctx.we}依托{'、'.join(platforms)}等平台公开政府信息。",
        f"目前，{ctx.we}政府信息公开平台包括{'、'.join(platforms)}。",
    ))
    para = w.plant("一", s, ("platforms", "政府信息公开平台", list(platforms), None))
    if ctx.wechat:
        issues = _n(rng, 40 + 120 * ctx.scale, 0.3, 1)
        wposts = _n(rng, issues * rng.uniform(1.5, 5), 0.1, issues)
        s = w.pick((
            f"“{ctx.wechat}”微信公众号全年推送{issues}期，发布信息{wposts}条。",
            f"其中微信公众号“{ctx.wechat}”发布信息{issues}期、共计{wposts}条。",
        ))
        para += w.plant("一", s, ("wechat_issues", "微信公众号推送期数", issues, "期"),
                        ("wechat_posts", "微信公众号发布信息", wposts, "条"))
    if ctx.weibo:
        wb = _n(rng, 100 + 500 * ctx.scale, 0.4, 1)
        s = f"政务微博“{ctx.weibo}”全年发布微博{wb}条。"
        para += w.plant("一", s, ("weibo_posts", "政务微博发布信息", wb, "条"))
    one.append(para)

    # （五）监督保障
    one.append(topic(4))
    trainings = _n(rng, 1 + 3 * ctx.scale, 0.4, 1)
    trainees = _n(rng, trainings * rng.uniform(15, 60), 0.2, trainings)
    s = w.pick((
        f"全年组织政务公开业务培训{trainings}次，参训{trainees}人次。",
        f"本年度开展政务公开专题培训{trainings}次，累计培训{trainees}人次。",
    ))
    one.append(w.pick(("将政务公开工作纳入年度目标考核，明确专人负责。",
                       "健全政务公开工作领导机制，定期研究部署相关工作。"))
               + w.plant("一", s, ("trainings", "政务公开业务培训", trainings, "次"),
                         ("trainees", "参训人员", trainees, "人次"))
               + w.pick(("本年度未发生因政府信息公开工作引发的责任追究情况。",
                         "全年未发生因政务公开工作不到位被追责的情况。")))

    # ----- 二、主动公开政府信息情况 -------------------------------------------------
    if rng.random() < 0.5:
        s = f"{y}年，{ctx.normative_label}的{ctx.normative_column}为{ctx.normative_new}件，具体情况见下表。"
        sections["二"].append(w.plant("二", s, ("normative_new", f"{ctx.normative_label}{ctx.normative_column}",
                                                ctx.normative_new, "件")))

    # ----- 三、收到和处理政府信息公开申请情况 -----------------------------------------
    if ctx.t3_new == 0 and ctx.t3_carried_in == 0:
        s = f"{y}年，{ctx.we}共收到政府信息公开申请0件，无上年结转申请。"
        sections["三"].append(w.plant("三", s, ("requests_received", "收到政府信息公开申请", 0, "件"),
                                      ("requests_carried_in", "上年结转政府信息公开申请", 0, "件")))
    else:
        s = (f"{y}年，{ctx.we}共收到政府信息公开申请{ctx.t3_new}件，上年结转{ctx.t3_carried_in}件；"
             f"本年度办结{ctx.t3_processed}件，其中予以公开{ctx.t3_granted}件、部分公开{ctx.t3_partial}件；"
             f"结转下年度继续办理{ctx.t3_carried_out}件。")
        sections["三"].append(w.plant(
            "三", s,
            ("requests_received", "收到政府信息公开申请", ctx.t3_new, "件"),
            ("requests_carried_in", "上年结转政府信息公开申请", ctx.t3_carried_in, "件"),
            ("requests_handled", "办结政府信息公开申请", ctx.t3_processed, "件"),
            ("requests_granted", "予以公开", ctx.t3_granted, "件"),
            ("requests_partial", "部分公开", ctx.t3_partial, "件"),
            ("requests_carried_out", "结转下年度继续办理", ctx.t3_carried_out, "件")))

    # ----- 四、政府信息公开行政复议、行政诉讼情况 -------------------------------------
    if ctx.t4_review == 0 and ctx.t4_suits == 0:
        s = w.pick((f"{y}年，{ctx.we}未发生因政府信息公开工作被申请行政复议或提起行政诉讼的情况。",
                    "本年度因政府信息公开被申请行政复议0件，被提起行政诉讼0件。"))
    else:
        s = f"{y}年，{ctx.we}因政府信息公开工作被申请行政复议{ctx.t4_review}件，被提起行政诉讼{ctx.t4_suits}件。"
    if rng.random() < 0.7:
        sections["四"].append(w.plant("四", s, ("reviews", "政府信息公开行政复议", ctx.t4_review, "件"),
                                      ("lawsuits", "政府信息公开行政诉讼", ctx.t4_suits, "件")))

    # ----- 五、存在的主要问题及改进情况 -----------------------------------------------
    five = sections["五"]
    k = rng.randint(2, 4)
    problems = rng.sample(PROBLEMS, k)
    measures = rng.sample(MEASURES, rng.randint(2, 4))
    subheads = PROBLEM_SUBHEADINGS[rng.randrange(len(PROBLEM_SUBHEADINGS))]
    ordinals = "一二三四五六"
    five.append(_sub(0) + subheads[0])
    lead = f"经自查，{ctx.we}政务公开工作主要存在以下{k}个方面的问题："
    body = "；".join(f"{ordinals[i]}是{p}" for i, p in enumerate(problems)) + "。"
    s = lead + body
    w.plant("五", s, ("problems_count", "存在的主要问题数量", k, "个"))
    for p in problems:
        w.plant("五", s, ("problem", "存在的主要问题", p, None))
    five.append(s)
    five.append(_sub(1) + subheads[1])
    s = "针对上述问题，下一步将：" + "；".join(f"{ordinals[i]}是{m}" for i, m in enumerate(measures)) + "。"
    for m in measures:
        w.plant("五", s, ("measure", "改进措施", m, None))
    para = s
    if not ctx.first_year:
        fixed = rng.randint(1, 4)
        s2 = f"上年度报告中提出的{fixed}项问题已全部完成整改。"
        para += w.plant("五", s2, ("problems_fixed", "上年度问题完成整改", fixed, "项"))
    five.append(para)

    # ----- 六、其他需要报告的事项 -----------------------------------------------------
    six = sections["六"]
    if ctx.fmt == "2021":
        fee = 0
        if ctx.level == "city" and rng.random() < 0.3:
            fee = rng.randint(1, 40) * 50
        if fee:
            s = f"依据《政府信息公开信息处理费管理办法》，本年度共收取信息处理费{fee}元。"
        else:
            s = w.pick(("本年度未收取信息处理费。", "依据《政府信息公开信息处理费管理办法》，本年度收取信息处理费0元。",
                        f"{y}年，{ctx.we}没有收取信息处理费。"))
        para = w.plant("六", s, ("fee_charged", "收取信息处理费", fee, "元"))
        if ctx.level != "department" or rng.random() < 0.5:
            a, b = _n(rng, 5 + 30 * ctx.scale, 0.5), _n(rng, 5 + 40 * ctx.scale, 0.5)
            s = f"全年办理人大代表建议{a}件、政协提案{b}件，办理结果按规定公开。"
            para += w.plant("六", s, ("npc_suggestions", "办理人大代表建议", a, "件"),
                            ("cppcc_proposals", "办理政协提案", b, "件"))
        six.append(para)
    else:
        if rng.random() < 0.5:
            s = "本年度未收取政府信息公开相关费用。"
            six.append(w.plant("六", s, ("fee_charged", "收取信息处理费", 0, "元")))
        else:
            six.append(w.pick(("无。", f"{ctx.we}无其他需要报告的事项。", "本年度无其他需要报告的事项。")))
    return Narrative(preamble=preamble, sections=sections, facts=w.facts)


__all__ = ["MEASURES", "Narrative", "NarrativeContext", "OVERVIEW_TOPICS", "PROBLEMS", "compose"]
