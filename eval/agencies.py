"""The fictional agencies of the synthetic corpus, and the names their reports print.

An agency is a region (``示例市``, ``示例市样本县``) plus an organ (``人民政府``, ``教育局`` …).
:func:`make_agencies` invents them two ways:

- tidy (the original draw): each agency in a random region, so a department rarely shares its
  region with a government of the corpus and one county stem may sit under several cities;
- colocated (``colocated=True``): departments mostly in the regions of the corpus's governments
  (``示例市人民政府`` beside ``示例市公安局`` and ``示例市教育局``), each with its own figures, and a
  county name belongs to one city only, so ``样本县`` without its city is still one place.

:func:`plan_names` decides, for each agency and year, the name the report prints, as real corpora
do: the same agency with and without its city prefix in different years (``淮安市洪泽区人民政府``
vs ``洪泽区人民政府``), with ``人民政府`` dropped (``洪泽区2023年…``), and OCR-style one-character
typos (``沐阳`` for ``沭阳``). The truth keeps the official name; questions use it.

Everything is deterministic for a given seed; the naming draws from its own random stream, so
turning it on or off never changes a figure.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any, Literal

Level = Literal["city", "county", "department"]
NameForm = Literal["full", "no_city", "no_government", "no_city_no_government"]

# Invented place stems (Chinese, pinyin for slugs): words that mean "example", "mock", "fictional".
CITY_STEMS: tuple[tuple[str, str], ...] = (
    ("示例", "shili"), ("样例", "yangli"), ("虚构", "xugou"), ("模拟", "moni"), ("范例", "fanli"),
    ("演示", "yanshi"), ("设例", "sheli"), ("拟例", "nili"),
)
COUNTY_STEMS: tuple[tuple[str, str], ...] = (
    ("样本", "yangben"), ("示范", "shifan"), ("仿真", "fangzhen"), ("假定", "jiading"), ("测试", "ceshi"),
    ("演练", "yanlian"), ("推演", "tuiyan"), ("预设", "yushe"), ("样板", "yangban"), ("虚拟", "xuni"),
)
COUNTY_SUFFIXES: tuple[tuple[str, str], ...] = (("县", "xian"), ("区", "qu"))
# Department kinds: (slug, name, the 表二 rows it has figures for, busyness factor)
DEPARTMENTS: tuple[tuple[str, str, frozenset[str], float], ...] = (
    ("jiaotong", "交通运输局", frozenset({"normative", "licensing", "other_services", "penalty", "enforcement", "fees",
                                      "procurement"}), 1.2),
    ("shengtai", "生态环境局", frozenset({"normative", "licensing", "penalty", "enforcement", "procurement"}), 1.0),
    ("shichang", "市场监督管理局", frozenset({"normative", "licensing", "other_services", "penalty", "enforcement",
                                        "fees", "procurement"}), 1.4),
    ("ziran", "自然资源和规划局", frozenset({"normative", "licensing", "other_services", "penalty", "fees",
                                         "procurement"}), 1.5),
    ("zhujian", "住房和城乡建设局", frozenset({"normative", "licensing", "other_services", "penalty", "fees",
                                         "procurement"}), 1.3),
    ("jiaoyu", "教育局", frozenset({"normative", "licensing", "other_services", "fees", "procurement"}), 0.8),
    ("weijian", "卫生健康委员会", frozenset({"normative", "licensing", "penalty", "procurement"}), 0.9),
    ("minzheng", "民政局", frozenset({"normative", "licensing", "other_services", "procurement"}), 0.6),
    ("tongji", "统计局", frozenset({"penalty", "procurement"}), 0.3),
    ("shenji", "审计局", frozenset({"procurement"}), 0.3),
    ("sifa", "司法局", frozenset({"normative", "licensing", "other_services", "procurement"}), 0.5),
    ("renshe", "人力资源和社会保障局", frozenset({"normative", "licensing", "other_services", "penalty", "fees",
                                            "procurement"}), 1.0),
    ("nongye", "农业农村局", frozenset({"normative", "licensing", "penalty", "enforcement", "procurement"}), 0.7),
    ("yingji", "应急管理局", frozenset({"normative", "licensing", "penalty", "enforcement", "procurement"}), 0.6),
    ("fagai", "发展和改革委员会", frozenset({"normative", "licensing", "other_services", "fees", "procurement"}), 0.7),
    ("zfb", "人民政府办公室", frozenset({"normative", "procurement"}), 0.9),
)
GOVERNMENT_ROWS = frozenset({"normative", "licensing", "other_services", "penalty", "enforcement", "fees",
                             "procurement"})


@dataclass(frozen=True)
class Agency:
    """A fictional agency: its name, level and the profile its figures are drawn from."""

    slug: str
    name: str
    level: Level
    kind: str  # "government" or a department slug
    parent_level: Literal["city", "county"]
    website: str
    wechat: str | None
    weibo: str | None
    hall: str | None
    we: str
    address: str
    phone: str
    powers: frozenset[str]  # 表二 row ids the agency has figures for (规章 only for city governments)
    request_mean: float
    zero_year_prob: float
    org_weights: tuple[float, ...]  # applicant weights for the six columns
    carry_rate: float
    outcome_weights: tuple[tuple[str, float], ...]  # active outcome rows (abstract ids) and weights
    n_active: int
    t4_means: tuple[float, float, float]
    scale: float  # overall busyness, used for table 二 and the narrative
    # The name's parts: region (city, county) plus organ. Empty in truth files older than them.
    city: str = ""  # 示例市
    county: str = ""  # 样本县, 推演区; "" for a city-level agency
    organ: str = ""  # 人民政府, 教育局 …

    @property
    def region(self) -> str:
        """The region the agency belongs to: ``示例市`` or ``示例市样本县``."""
        return self.city + self.county

    @property
    def region_path(self) -> list[str]:
        return [self.city, self.county] if self.county else [self.city]

    @property
    def region_government(self) -> str:
        """The official name of the region's government (the agency itself for a government)."""
        return self.region + "人民政府"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["powers"] = sorted(self.powers)
        d["org_weights"] = list(self.org_weights)
        d["outcome_weights"] = [list(p) for p in self.outcome_weights]
        d["t4_means"] = list(self.t4_means)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Agency:
        d = dict(d)
        d["powers"] = frozenset(d["powers"])
        d["org_weights"] = tuple(d["org_weights"])
        d["outcome_weights"] = tuple((a, b) for a, b in d["outcome_weights"])
        d["t4_means"] = tuple(d["t4_means"])
        return cls(**d)


# Outcome rows across both formats (2019 "other" = the 2021 other.1–3 together), base weights.
_OUTCOME_BASE: dict[str, float] = {
    "granted": 40, "partial": 6,
    "denied.1": 0.4, "denied.2": 0.5, "denied.3": 0.3, "denied.4": 1.5, "denied.5": 1.5, "denied.6": 1.5,
    "denied.7": 1.0, "denied.8": 1.5,
    "unable.1": 20, "unable.2": 4, "unable.3": 2.5,
    "notproc.1": 5, "notproc.2": 3, "notproc.3": 0.5, "notproc.4": 0.6, "notproc.5": 0.8,
    "other.1": 2, "other.2": 0.3, "other.3": 3,
}
_LEVEL_PROFILE: dict[str, dict[str, Any]] = {
    # request mean (lognormal median, sigma), active outcome rows, t4 means, busyness
    "city": {"req": (260, 0.6), "active": (8, 13), "t4": (6.0, 4.0, 1.5), "scale": (2.5, 0.3), "zero": 0.0},
    "county": {"req": (24, 0.6), "active": (3, 6), "t4": (1.2, 0.6, 0.2), "scale": (1.0, 0.3), "zero": 0.0},
    "department/city": {"req": (9, 0.7), "active": (2, 5), "t4": (0.4, 0.25, 0.08), "scale": (0.6, 0.3),
                        "zero": 0.12},
    "department/county": {"req": (2.5, 0.7), "active": (1, 3), "t4": (0.12, 0.06, 0.02), "scale": (0.3, 0.3),
                          "zero": 0.35},
}


def _make_agency(rng: random.Random, level: Level, parent_level: Literal["city", "county"], city: tuple[str, str],
                 county: tuple[str, str, str, str] | None, dept: tuple[str, str, frozenset[str], float] | None
                 ) -> Agency:
    city_name, county_name = city[0] + "市", (county[0] + county[2] if county else "")
    place = city_name + county_name
    place_slug = city[1] + "-" + (f"{county[1]}-{county[3]}" if county else "shi")
    if dept is None:
        name = place + "人民政府"
        slug = place_slug
        kind = "government"
        powers = GOVERNMENT_ROWS | ({"rules"} if level == "city" else frozenset())
        factor = 1.0
        we = "我市" if level == "city" else ("我县" if county and county[2] == "县" else "我区")
        site_owner = place + "人民政府"
    else:
        name = place + dept[1]
        slug = f"{place_slug}-{dept[0]}"
        kind = dept[0]
        powers = dept[2]
        factor = dept[3]
        we = "我办" if dept[1].endswith("办公室") else ("我委" if dept[1].endswith("委员会") else "我局")
        site_owner = place + "人民政府" if rng.random() < 0.6 else name
    profile = _LEVEL_PROFILE[level if level != "department" else f"department/{parent_level}"]
    med, sigma = profile["req"]
    request_mean = med * factor * rng.lognormvariate(0, sigma)
    org_weights = (1.0,) + tuple(
        (rng.uniform(0.01, 0.12) * s if rng.random() < p else 0.0)
        for s, p in ((1.0, 0.7 if level == "city" else 0.4), (0.3, 0.15), (0.3, 0.15), (0.6, 0.35), (0.5, 0.35)))
    carry_rate = 0.0 if rng.random() < (0.2 if level == "city" else 0.5) else rng.uniform(0.01, 0.09)
    lo, hi = profile["active"]
    n_active = rng.randint(lo, hi)
    jitter = tuple((k, v * rng.lognormvariate(0, 0.5)) for k, v in _OUTCOME_BASE.items())
    t4 = tuple(m * factor * rng.lognormvariate(0, 0.4) for m in profile["t4"])
    scale = profile["scale"][0] * factor * rng.lognormvariate(0, profile["scale"][1])
    short = county[0] if county else city[0]
    wechat_name = short + rng.choice(("发布", "政务", "之声", "在线"))
    if dept is not None:
        wechat_name = short + dept[1][:2] + rng.choice(("", "发布", "在线"))
    return Agency(
        slug=slug, name=name, level=level, kind=kind, parent_level=parent_level,
        website=site_owner + rng.choice(("门户网站", "网站")),
        wechat=wechat_name if rng.random() < 0.75 else None,
        weibo=(short + "发布") if level != "department" and rng.random() < 0.35 else None,
        hall=rng.choice((None, None, "政务服务中心政务公开专区", "政府信息公开查阅点", "档案馆政府信息查阅中心")),
        we=we,
        address=f"{place}{rng.choice(('人民路', '建设路', '中心大道', '文明街', '政通路'))}{rng.randint(1, 299)}号",
        phone=f"0{rng.randint(100, 999)}-5550{rng.randint(1000, 9999)}",
        powers=frozenset(powers), request_mean=request_mean, zero_year_prob=profile["zero"],
        org_weights=org_weights, carry_rate=carry_rate, outcome_weights=jitter, n_active=n_active,
        t4_means=t4, scale=scale,  # type: ignore[arg-type]
        city=city_name, county=county_name, organ="人民政府" if dept is None else dept[1],
    )


def make_agencies(n: int, seed: int, *, colocated: bool = False) -> list[Agency]:
    """``n`` fictional agencies with unique names: roughly 15 % city governments, 30 % county
    governments, 55 % departments (city- and county-level). The first three are one of each.

    With ``colocated``, departments sit mostly in the regions of the governments drawn (see
    :func:`_colocated_agencies`); without, each agency's region is drawn on its own (the original
    corpus, unchanged for a given seed).
    """
    if colocated:
        return _colocated_agencies(n, seed)
    rng = random.Random(f"govqa-synth/{seed}/agencies")
    out: list[Agency] = []
    names: set[str] = set()
    attempts = 0
    while len(out) < n:
        attempts += 1
        if attempts > 100 * n + 1000:
            raise ValueError(f"cannot invent {n} distinct agencies from the name stems")
        i = len(out)
        if i < 3:
            level: Level = ("city", "county", "department")[i]
        else:
            x = rng.random()
            level = "city" if x < 0.15 else ("county" if x < 0.45 else "department")
        city = rng.choice(CITY_STEMS)
        county = None
        parent: Literal["city", "county"] = "city"
        if level == "county" or (level == "department" and rng.random() < 0.5):
            stem = rng.choice(COUNTY_STEMS)
            suffix = rng.choice(COUNTY_SUFFIXES)
            county = (stem[0], stem[1], suffix[0], suffix[1])
            parent = "county"
        dept = rng.choice(DEPARTMENTS) if level == "department" else None
        agency = _make_agency(rng, level, parent, city, county, dept)
        if agency.name in names:
            continue
        names.add(agency.name)
        out.append(agency)
    return out



# ---------------------------------------------------------------------------
# Departments in the regions of the governments
# ---------------------------------------------------------------------------

# More county stems for the colocated draw, where a county name belongs to one city only.
MORE_COUNTY_STEMS: tuple[tuple[str, str], ...] = (
    ("模板", "muban"), ("试点", "shidian"), ("原型", "yuanxing"), ("沙盘", "shapan"), ("预演", "yuyan"),
    ("样机", "yangji"), ("草拟", "caoni"), ("试行", "shixing"), ("演算", "yansuan"), ("假设", "jiashe"),
    ("设想", "shexiang"), ("拟定", "niding"), ("试样", "shiyang"), ("构想", "gouxiang"), ("仿制", "fangzhi"),
    ("模型", "moxing"), ("虚设", "xushe"), ("推算", "tuisuan"), ("样稿", "yanggao"),
)
# Organs that publish reports in real corpora beside the ones above (colocated draw only, so the
# tidy corpus stays what it was).
MORE_DEPARTMENTS: tuple[tuple[str, str, frozenset[str], float], ...] = (
    ("gongan", "公安局", frozenset({"normative", "licensing", "other_services", "penalty", "enforcement",
                                  "procurement"}), 1.3),
    ("fagaiju", "发展和改革局", frozenset({"normative", "licensing", "other_services", "fees", "procurement"}), 0.7),
    ("caizheng", "财政局", frozenset({"normative", "fees", "procurement"}), 0.8),
    ("shenpi", "行政审批局", frozenset({"licensing", "other_services", "procurement"}), 1.2),
    ("shuili", "水利局", frozenset({"normative", "licensing", "penalty", "enforcement", "procurement"}), 0.6),
    ("wenlv", "文化广电和旅游局", frozenset({"normative", "licensing", "penalty", "procurement"}), 0.6),
)
# A region has one development-and-reform organ: a 委员会 or a 局, not both.
_ORGAN_FAMILY = {"fagai": "fagai", "fagaiju": "fagai"}
# Share of colocated departments placed in a region whose government is in the corpus; the rest
# are departments of regions the corpus has no government report for.
IN_GOVERNMENT_REGION = 0.85


def _colocated_agencies(n: int, seed: int) -> list[Agency]:
    """Each government brings its region; departments go mostly into those regions (a region
    already holding departments is likelier to get another, as in real corpora that collect one
    place's organs). A county stem is bound to one city and one suffix once drawn."""
    rng = random.Random(f"govqa-synth/{seed}/agencies/colocated")
    counties = COUNTY_STEMS + MORE_COUNTY_STEMS
    departments = DEPARTMENTS + MORE_DEPARTMENTS
    bound: dict[str, tuple[tuple[str, str], tuple[str, str, str, str]]] = {}  # county stem → (city, county)
    governed: list[tuple[tuple[str, str], tuple[str, str, str, str] | None]] = []
    families: dict[str, set[str]] = defaultdict(set)  # region → organ families present
    out: list[Agency] = []
    attempts = 0

    def new_county() -> tuple[tuple[str, str], tuple[str, str, str, str]]:
        stem, suffix = rng.choice(fresh), rng.choice(COUNTY_SUFFIXES)
        pair = (rng.choice(CITY_STEMS), (stem[0], stem[1], suffix[0], suffix[1]))
        bound[stem[0]] = pair
        return pair

    while len(out) < n:
        attempts += 1
        if attempts > 100 * n + 1000:
            raise ValueError(f"cannot invent {n} distinct colocated agencies from the name stems "
                             f"(made {len(out)}); use fewer agencies or the tidy draw (--no-departments)")
        i = len(out)
        if i < 3:
            level: Level = ("city", "county", "department")[i]
        else:
            x = rng.random()
            level = "city" if x < 0.15 else ("county" if x < 0.45 else "department")
        city: tuple[str, str] | None = None
        county: tuple[str, str, str, str] | None = None
        dept = None
        fresh = [s for s in counties if s[0] not in bound]
        if level == "city":
            free_cities = [c for c in CITY_STEMS if (c, None) not in governed]
            if not free_cities:
                continue
            city = rng.choice(free_cities)
        elif level == "county":
            open_pairs = [p for p in bound.values() if p not in governed]
            if open_pairs and (not fresh or rng.random() < 0.5):
                city, county = rng.choice(open_pairs)
            elif fresh:
                city, county = new_county()
            else:
                continue
        else:
            if governed and (i == 2 or rng.random() < IN_GOVERNMENT_REGION):
                weights = [1 + 2 * len(families[_region_key(r)]) for r in governed]
                city, county = rng.choices(governed, weights=weights)[0]
            else:  # a department of a region the corpus has no government report for
                ungoverned = [p for p in bound.values() if p not in governed]
                ungoverned += [(c, None) for c in CITY_STEMS if (c, None) not in governed]
                if fresh and (not ungoverned or rng.random() < 0.5):
                    city, county = new_county()
                elif ungoverned:
                    city, county = rng.choice(ungoverned)
                else:
                    continue
            present = families[_region_key((city, county))]
            kinds = [d for d in departments if _ORGAN_FAMILY.get(d[0], d[0]) not in present]
            if not kinds:
                continue
            dept = rng.choice(kinds)
        parent: Literal["city", "county"] = "county" if county else "city"
        agency = _make_agency(rng, level, parent, city, county, dept)
        if dept is None:
            governed.append((city, county))
        else:
            families[_region_key((city, county))].add(_ORGAN_FAMILY.get(dept[0], dept[0]))
        out.append(agency)
    return out


def _region_key(region: tuple[tuple[str, str], tuple[str, str, str, str] | None]) -> str:
    city, county = region
    return city[0] + (county[0] + county[2] if county else "")


# ---------------------------------------------------------------------------
# Printed names
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Variety:
    """What real corpora have that a tidy synthetic one lacks (issue 10). ``TIDY`` turns it all off.

    Attributes:
        departments: departments in the regions of the corpus's governments (:func:`make_agencies`
            with ``colocated``); changes which agencies are drawn.
        name_variants: some agencies print a different name form in different years.
        typos: some reports print their agency's name with one character misread.
        variant_share: the share of agencies with more than one name form whose name varies.
        typo_rate: the share of reports with a typo in the printed name.
    """

    departments: bool = True
    name_variants: bool = True
    typos: bool = True
    variant_share: float = 0.5
    typo_rate: float = 0.12

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


TIDY = Variety(departments=False, name_variants=False, typos=False)

# OCR look-alikes for the characters of the place stems (a stroke or a radical apart, the way 沭
# is read as 沐): the misread character is never a stem's, so a typo never names another place.
OCR_LOOKALIKES: dict[str, str] = {
    "样": "祥", "例": "列", "构": "沟", "模": "摸", "拟": "似", "范": "苑", "演": "寅", "设": "没",
    "本": "木", "仿": "访", "真": "直", "假": "暇", "测": "侧", "试": "拭", "练": "炼", "推": "椎",
    "板": "扳", "虚": "虗", "稿": "搞", "型": "形", "盘": "盆", "算": "箅", "沙": "抄", "机": "杌",
    "想": "恕", "点": "奌", "草": "革", "行": "衔", "原": "源", "制": "掣", "预": "顸",
}
# How likely each form is in a year of an agency whose name varies.
_FORM_WEIGHTS: dict[str, float] = {"full": 0.45, "no_city": 0.25, "no_government": 0.15,
                                   "no_city_no_government": 0.15}


@dataclass(frozen=True)
class PrintedName:
    """The agency name one report prints (title, body, page chrome and document metadata).

    Attributes:
        name: as printed, typo included.
        form: which form of the official name it is.
        typo: ``{"index", "official", "printed"}`` when one character was misread, else None.
    """

    name: str
    form: NameForm = "full"
    typo: dict[str, Any] | None = None


def name_forms(a: Agency) -> dict[str, str]:
    """The forms of an agency's name that reports print, by form: the official name; without the
    city prefix (county-level agencies); without 人民政府 (governments)."""
    forms = {"full": a.name}
    if not a.city or not a.organ:  # a truth file older than the name's parts
        return forms
    if a.county:
        forms["no_city"] = a.county + a.organ
    if a.kind == "government":
        forms["no_government"] = a.region
        if a.county:
            forms["no_city_no_government"] = a.county
    return forms


def plan_names(agencies: list[Agency], years: list[int], seed: int, variety: Variety
               ) -> dict[str, dict[int, PrintedName]]:
    """For each agency (by slug) and year, the name its report prints.

    A form another agency of the corpus could also print (``样本县人民政府`` under two cities in
    the tidy draw) is never used, and a misread name is one character from its own agency's names
    only (never a name of the corpus, never as near another agency): the official name stays
    recoverable. At most half of an agency's reports (at least one) misread its name. An
    agency whose name varies prints at least two forms over ``years`` when there are two years.
    """
    forms = {a.slug: name_forms(a) for a in agencies}
    owners: dict[str, set[str]] = defaultdict(set)
    for slug, fs in forms.items():
        for name in fs.values():
            owners[name].add(slug)
    plan: dict[str, dict[int, PrintedName]] = {}
    for a in agencies:
        rng = random.Random(f"govqa-synth/{seed}/names/{a.slug}")
        usable = {f: name for f, name in forms[a.slug].items() if owners[name] == {a.slug}}
        usable["full"] = a.name
        varies = variety.name_variants and len(usable) > 1 and rng.random() < variety.variant_share
        chosen: dict[int, str] = {}
        for year in years:
            if varies:
                options = list(usable)
                chosen[year] = rng.choices(options, weights=[_FORM_WEIGHTS[f] for f in options])[0]
            else:
                chosen[year] = "full"
        if varies and len(years) > 1 and len(set(chosen.values())) == 1:
            chosen[years[-1]] = rng.choice([f for f in usable if f != chosen[years[-1]]])
        plan[a.slug] = {}
        misreads_left = max(1, len(years) // 2)  # most of an agency's reports print its name right
        for year in years:
            form = chosen[year]
            name, typo = usable[form], None
            if variety.typos and rng.random() < variety.typo_rate and misreads_left:
                name, typo = _misread(rng, a, name, owners)
                misreads_left -= typo is not None
            plan[a.slug][year] = PrintedName(name, form, typo)  # type: ignore[arg-type]
    return plan


def _misread(rng: random.Random, a: Agency, name: str, owners: dict[str, set[str]]
             ) -> tuple[str, dict[str, Any] | None]:
    """``name`` with one place-name character read as its look-alike (the organ words stay)."""
    place_end = len(name) - len(a.organ) if name.endswith(a.organ) else len(name)
    spots = [i for i, ch in enumerate(name[:place_end]) if ch in OCR_LOOKALIKES]
    rng.shuffle(spots)
    for i in spots:
        misread = name[:i] + OCR_LOOKALIKES[name[i]] + name[i + 1:]
        # one character from this agency's names only: 祥例市 would be as near 拟例市 as 样例市
        near = {slug for other, slugs in owners.items() if _one_apart(other, misread) for slug in slugs}
        if misread not in owners and near <= {a.slug}:
            return misread, {"index": i, "official": name[i], "printed": OCR_LOOKALIKES[name[i]]}
    return name, None


def _one_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1
