"""Agency names: places (region path) and organs, their short, abbreviated, English and pinyin
keys, and the :class:`Catalog` of stored agencies and years indexed by those keys."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache


from .text import _CJK, _WORD, _zh_key
from .lexicon import _vocabulary

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

# Administrative levels, higher first (province 0, prefecture 1, county 2): 淮安市 qualifies 洪泽区.
_LEVEL_RANK: dict[str, int] = {"特别行政区": 0, "自治区": 0, "省": 0, "自治州": 1, "地区": 1, "盟": 1, "市": 1}
_NOT_BARE_EN = ("government", "office", "committee", "bureau", "commission", "department")


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
