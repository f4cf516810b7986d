"""Agency names: places (region path) and organs, their short, abbreviated, English and pinyin
keys, and the :class:`Catalog` of stored agencies and years indexed by those keys."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from index.gazetteer import is_division
from index.identity import (
    agency_key,
    confusables,
    name_variants,
    organ_of,
    organs,
    parse_agency,
    place_levels,
    split_places,
)

from ..disk_memo import DiskMemo
from .lexicon import _vocabulary
from .grounding import NEVER_SLIPS
from .question_data import QUESTION_WORDS
from .sounds import alike
from .text import _CJK, _WORD, _zh_key
from .types import AgencyMention

# ---------------------------------------------------------------------------
# Place names (agency matching): administrative suffixes, department abbreviations, English words
# ---------------------------------------------------------------------------

_LEVEL_ENGLISH: dict[str, str] = {k: v[0] for k, v in place_levels().items()}
_PLACE_SUFFIXES = tuple(sorted(_LEVEL_ENGLISH, key=len, reverse=True))
# Rest of a name after the place: a government (tier 1) or its office (tier 2) → the place alone names it.
_GOVERNMENT_RESTS: dict[str, int] = {"": 1, "人民政府": 1, "政府": 1, "管委会": 1, "管理委员会": 1,
                                     "人民政府办公室": 2, "人民政府办公厅": 2, "政府办公室": 2, "政府办": 2,
                                     "办公厅": 2, "办公室": 2}
_GOVERNMENT_ENGLISH: dict[str, tuple[str, ...]] = {
    "": ("",), "人民政府": ("government", "peoples government", "people government"), "政府": ("government",),
    "管委会": ("management committee", "administration", "administrative committee"),
    "管理委员会": ("management committee", "administration", "administrative committee"),
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
# English names of a department's organ, from the organ glossary (index/data/organs.toml).
_DEPT_ENGLISH: dict[str, tuple[str, ...]] = {n: o.en for o in organs() if not o.generic for n in o.names}

# Administrative levels, higher first (province 0, prefecture 1, county 2): 淮安市 qualifies 洪泽区.
_LEVEL_RANK: dict[str, int] = {k: v[1] for k, v in place_levels().items()}
_NOT_BARE_EN = ("government", "office", "committee", "bureau", "commission", "department")


_split_places = split_places
_CONFUSABLE: frozenset[tuple[str, str]] = frozenset({p for a, b in confusables() for p in ((a, b), (b, a))})


def _misheard(typed: str, stored: str, probe: str) -> bool:
    """A character typed for another read alike (平谭 for 平潭, 淮按 for 淮安, 华川 for 桦川): a slip of a
    pinyin keyboard, unless what was typed is itself a place (怀安 is a county, not a slip for 淮安)."""
    return alike(typed, stored) and not is_division(probe)


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
        for variant in _dept_variants(rest) | set(_organ_names(organ_of(rest))):
            for tail in tails:
                put(tail + variant, 0)
            if len(stripped) >= 2:
                put(stripped + variant, 0)
    if rest in _GOVERNMENT_RESTS:
        # the organ's other names: 上海市政府办公厅, 上海办公厅, 平潭管委会
        for variant in _organ_names(organ_of(rest)):
            for tail in tails:
                put(tail + variant, 0)
            if len(stripped) >= 2:
                put(stripped + variant, 0)
    return keys


def _organ_names(organ: str | None, english: bool = False) -> tuple[str, ...]:
    found = next((o for o in organs() if o.id == organ and not o.generic), None)
    if found is None:
        return ()
    return (*found.en, *found.en_abbr) if english else found.names  # "Shanghai GO", "Shuyang DRB"


@cache
def _pinyin(text: str) -> tuple[str, ...]:
    """Toneless pinyin spellings of a place name: the usual reading first, then other readings of
    polyphones (朝阳 → zhaoyang, chaoyang), with ü as v, u and yu; at most a dozen."""
    return _PINYIN_MEMO(text)  # names romanised before, read back without importing pypinyin (~0.35 s)


def _romanise(text: str) -> tuple[str, ...]:
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


_PINYIN_MEMO = DiskMemo("pinyin", _romanise, libraries=("pypinyin",))


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
    # each place in English ("huachuan county") and with its level in pinyin ("huachuan xian", "huaian shi")
    comp_en = [[f"{py} {_LEVEL_ENGLISH[suffix]}" if k != 1 else f"{pys[0]} {_pinyin(suffix)[0]}"
                for k, py in enumerate([pys[0], pys[0], *pys[1:]])]
               for c, suffix in comps for pys in [_pinyin(_core((c, suffix)))]]
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
            for suffix in _organ_names(organ_of(rest), english=True):
                put(f"{core} {suffix}", 0)  # "shanghai general office", "huaian municipal government"
    else:
        organ = organ_of(rest)
        for dept in _DEPT_ENGLISH.get(rest, ()) or next((o.en for o in organs() if o.id == organ), ()):
            for combos in tails:
                for tail in combos:
                    put(f"{tail} {dept}", 0)
            for core in cores:
                put(f"{core} {dept}", 0)
    return keys


def _same_agency_groups(names: Iterable[str], weights: dict[str, int] | None = None) -> list[list[str]]:
    """Names grouped by agency: one canonical identity (region + organ, ``agency_key``) and place
    paths that agree (淮安市/洪泽区 and 洪泽区 agree; 北京市/朝阳区 and 长春市/朝阳区 do not; a short
    name that fits two such agencies stays on its own)."""
    names = list(names)
    # A name one OCR-confusable character away from another stored name (祥例市 / 样例市) is that
    # agency misread: it joins the spelling seen more often.
    stored = set(names)
    weights = weights or {}
    spelling = {n: n for n in names}
    for n in names:
        for v in name_variants(n)[1:]:
            if v in stored and (weights.get(v, 0), v) > (weights.get(n, 0), n):
                spelling[n] = v
    by_key: dict[str, list[str]] = {}
    for name in names:
        by_key.setdefault(agency_key(spelling[name]), []).append(name)
    groups: list[list[str]] = []
    for members in by_key.values():
        clusters: list[tuple[tuple[str, ...], list[str]]] = []
        for name in sorted(members, key=lambda n: -len(parse_agency(spelling[n]).places)):
            path = tuple(p for p, _ in parse_agency(spelling[name]).places)
            fits = [c for c in clusters if c[0][len(c[0]) - len(path):] == path]
            if len(fits) == 1:
                fits[0][1].append(name)
            else:
                clusters.append((path, [name]))
        groups.extend(names for _, names in clusters)
    return groups


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
        # One agency under several names (淮安市洪泽区人民政府 in 2024, 洪泽区人民政府 in 2023) is one
        # entry: grouped by its canonical identity (region + organ, index.identity.agency_key) and
        # shown under the name of its newest report.
        by_name: dict[str, set[int]] = {}
        for agency, year in reports:
            by_name.setdefault(agency, set()).add(int(year))
        self._names: dict[str, tuple[str, ...]] = {}
        years: dict[str, set[int]] = {}
        for names in _same_agency_groups(by_name, {n: len(ys) for n, ys in by_name.items()}):
            # the newest report's name, unless it is a misreading of another
            display = max(names, key=lambda n: (len(by_name[n]) > 1 or len(names) == 1 or not any(
                v in by_name for v in name_variants(n)[1:]), max(by_name[n]), len(n), n))
            self._names[display] = tuple(sorted(names, key=lambda n: (n != display, n)))
            years[display] = set().union(*(by_name[n] for n in names))
        self._display = {n: d for d, names in self._names.items() for n in names}
        self._by_key: dict[str, set[str]] = {}
        self._by_organ: dict[str, set[str]] = {}
        self._departments: dict[str, set[str]] = {}  # region → its stored agencies other than its government
        self._government_levels: dict[str, str] = {}  # a stored government → its region's level suffix
        for name, display in self._display.items():
            ident = parse_agency(name)
            if ident.organ == "government" and ident.places and display == name:
                self._government_levels[display] = ident.places[-1][1]
            self._by_key.setdefault(ident.key, set()).add(display)
            if ident.region and ident.organ not in (None, "government"):
                for variant in name_variants(name):  # 沭阳县发展和改革局 is a department of 沐阳县 (misprinted)
                    self._departments.setdefault(parse_agency(variant).region, set()).add(display)
            if ident.organ and ident.organ != "government":
                self._by_organ.setdefault(ident.organ, set()).add(display)
        self._years: dict[str, tuple[int, ...]] = {a: tuple(sorted(ys)) for a, ys in years.items()}
        self._counts: dict[frozenset[int], int] = {}
        self._report_counts: dict[frozenset[int], int] = {}
        self._all_years: tuple[int, ...] = tuple(sorted({y for ys in years.values() for y in ys}))
        self._zh: dict[str, dict[str, int]] = {}
        for name, agency in self._display.items():
            for key, tier in _zh_agency_keys(name).items():
                slot = self._zh.setdefault(key, {})
                if tier < slot.get(agency, 99):
                    slot[agency] = tier
        self._zh_lengths = tuple(sorted({len(k) for k in self._zh}, reverse=True))
        self._en_index: dict[str, dict[str, int]] | None = None
        self._name_ends: frozenset[str] | None = None
        self._en_max = 1
        self._near: dict[str, list[str]] | None = None
        self._keys_of: dict[str, set[str]] | None = None
        self._en_words_of: dict[str, set[str]] | None = None
        _vocabulary()  # built once per process; here so that the first question is fast

    @property
    def agencies(self) -> tuple[str, ...]:
        return tuple(self._years)

    def __len__(self) -> int:
        return len(self._years)

    def __contains__(self, agency: object) -> bool:
        return agency in self._years or agency in self._display

    def by_key(self, key: str) -> tuple[str, ...]:
        """The stored agencies of one canonical identity ("平潭/public_security")."""
        return tuple(sorted(self._by_key.get(key, ())))

    def with_organ(self, organ: str) -> tuple[str, ...]:
        """The stored agencies that are this organ (of any region): 公安局 → 平潭综合实验区公安局."""
        return tuple(sorted(self._by_organ.get(organ, ())))

    def governments_at_level(self, level: str) -> tuple[str, ...]:
        """The stored governments whose region is of this level (县 → 沭阳县人民政府, 桦川县人民政府)."""
        return tuple(sorted(a for a, suffix in self._government_levels.items() if suffix.endswith(level)))

    def departments_of(self, agency: str) -> tuple[str, ...]:
        """The stored departments of a government's region (平潭综合实验区 → 平潭综合实验区公安局); ()
        for an agency that is not a government."""
        ident = parse_agency(agency)
        if ident.organ != "government" or not ident.region:
            return ()
        return tuple(sorted(self._departments.get(ident.region, set()) - {agency}))

    def restates(self, word: str, agency: str) -> bool:
        """Whether a Chinese word is part of one of the agency's names or short forms ("办公厅" beside
        "上海…" for 上海市人民政府办公厅): it names the agency already found, nothing else."""
        if self._keys_of is None:
            keys_of: dict[str, set[str]] = {}
            for key, slot in self._zh.items():
                for a in slot:
                    keys_of.setdefault(a, set()).add(key)
            self._keys_of = keys_of
        if not _CJK.search(word):  # "General Office of the Shanghai Municipal People's Government"
            if self._en_words_of is None:
                en_words: dict[str, set[str]] = {}
                for key, slot in self._en().items():
                    for a in slot:
                        en_words.setdefault(a, set()).update(key.split())
                self._en_words_of = en_words
            stored = self._en_words_of.get(agency, set())
            return word.lower() in stored or word.lower().rstrip("s") in stored or word.lower() + "s" in stored
        return len(word) >= 2 and any(word in key for key in self._keys_of.get(agency, ()))

    def display(self, name: str) -> str:
        """The agency a stored name belongs to, under its display name (演示市测试县 → 测试县)."""
        return self._display.get(name, name)

    def names(self, agency: str) -> tuple[str, ...]:
        """Every stored name of one agency (its display name first): the store is read by these."""
        return self._names.get(agency, (agency,))

    def years(self, agency: str | None = None) -> tuple[int, ...]:
        """The stored years of one agency, or of the whole catalog."""
        if agency is None:
            return self._all_years
        return self._years.get(self._display.get(agency, agency), ())

    def has(self, agency: str, year: int) -> bool:
        return year in self.years(agency)

    def count_stored_in(self, years: Iterable[int]) -> int:
        """How many agencies have a report of any of these years (kept per set of years: counting
        10,000 agencies on every question cost a quarter of a figure question's time)."""
        key = frozenset(years)
        if key not in self._counts:
            self._counts[key] = sum(1 for ys in self._years.values() if not key.isdisjoint(ys))
        return self._counts[key]

    def count_reports_in(self, years: Iterable[int]) -> int:
        """How many reports (agency-years) of these years are stored ("全部12份年报"), kept per set of years."""
        key = frozenset(years)
        if key not in self._report_counts:
            self._report_counts[key] = sum(len(key & set(ys)) for ys in self._years.values())
        return self._report_counts[key]

    def newest_year(self, agencies: Sequence[str] = ()) -> int | None:
        """The newest stored year of these agencies (of the catalog when none are given)."""
        years = [y for a in agencies for y in self.years(a)] if agencies else list(self._all_years)
        return max(years) if years else None

    def near(self, text: str, min_length: int = 3, confusable_only: bool = False) -> tuple[int, dict[str, int]] | None:
        """Fuzzy fallback: the longest start of ``text`` (at least ``min_length`` characters) that
        differs from a stored Chinese key (a name or a short form) in exactly one CJK character, as
        (its length, {agency: tier}); None if there is none. The index is built on first use."""
        index = self._near_index()
        # two characters suffice when they are a known OCR confusion (沭阳 for a stored 沐阳)
        for length in range(min(len(text), self._zh_lengths[0] if self._zh_lengths else 0), min(min_length, 2) - 1, -1):
            probe = text[:length]
            half = length // 2
            hit: dict[str, int] = {}
            for key in {*index.get(f"{length}<{probe[:half]}", ()), *index.get(f"{length}>{probe[half:]}", ())}:
                diff = [i for i in range(length) if key[i] != probe[i]]
                if len(diff) != 1 or not (_CJK.match(key[diff[0]]) and _CJK.match(probe[diff[0]])):
                    continue
                if (length < min_length or confusable_only) and (key[diff[0]], probe[diff[0]]) not in _CONFUSABLE \
                        and not _misheard(probe[diff[0]], key[diff[0]], probe):
                    continue
                if length < 3 and probe[diff[0]] in NEVER_SLIPS:
                    continue  # "工作上还有…": 上还 is grammar, not a misheard 上海
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
                if len(key) >= 2:
                    half = len(key) // 2
                    index.setdefault(f"{len(key)}<{key[:half]}", []).append(key)
                    index.setdefault(f"{len(key)}>{key[half:]}", []).append(key)
            self._near = index
        return self._near

    def warm(self) -> Catalog:
        """Build the English/pinyin index now (otherwise the first English question builds it)."""
        self._en()
        return self

    def english_name_ends(self) -> frozenset[str]:
        """The last words of the stored agencies' English names ("hongze", "district", "shanghai") and of organs
        generally ("gov", "bureau", "zone"): a two-digit year may follow one with no century ("hongze district 23")."""
        if self._name_ends is None:
            self._name_ends = frozenset({key.split()[-1] for key in self._en()}
                                        | set(QUESTION_WORDS["operation_modifiers"]["english_name_ends"]))
        return self._name_ends

    def _en(self) -> dict[str, dict[str, int]]:
        if self._en_index is None:
            index: dict[str, dict[str, int]] = {}
            for printed, agency in self._display.items():
                # also the spellings of an OCR-misread name ("沐阳" printed, "Shuyang" asked)
                keys: dict[str, int] = {}
                for name in name_variants(printed):
                    for key, tier in _en_agency_keys(name).items():
                        keys[key] = min(tier, keys.get(key, 99))
                for key, tier in keys.items():
                    slot = index.setdefault(key, {})
                    if tier < slot.get(agency, 99):
                        slot[agency] = tier
            self._en_max = max((k.count(" ") + 1 for k in index), default=1)
            self._en_index = index
        return self._en_index


# ---------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------


def names_only_the_place(text: str, agency: str) -> bool:
    """Whether a mention names only the place of a government ("平潭", "Pingtan"), not the government
    itself (平潭综合实验区, 平潭管委会, 全区, "Pingtan zone government")."""
    if _CJK.search(text):
        return any(text.strip() == parse_agency(v).region for v in name_variants(agency))
    return len(_WORD.findall(text.lower())) == 1


def only_report(agencies: Sequence[str], mentions: Sequence[AgencyMention], operation: str, catalog: Catalog) -> bool:
    """Whether a question naming no year can mean only one stored report: it names one agency, not
    ambiguously, of which a single year is stored ("洪泽申请数" — 洪泽区 has only 2023), and not as a
    bare place whose departments are stored too ("Shuyang": the county or its 发改局?). The answer
    says the year was not named (see :meth:`Query.describe`); several stored years are asked back."""
    if len(agencies) != 1 or len(mentions) != 1 or mentions[0].ambiguous or len(catalog.years(agencies[0])) != 1 \
            or operation not in ("value", "sum"):
        return False
    bare = names_only_the_place(mentions[0].text, agencies[0])
    # a bare city or province ("淮安") may mean its districts' reports too, which the store may hold under
    # names without the city (洪泽区人民政府): only a county-level place names one report alone
    comps, _ = _split_places(_zh_key(agencies[0]))
    if bare and (not comps or _LEVEL_RANK.get(comps[-1][1], 2) < 2):
        return False
    return not (bare and catalog.departments_of(agencies[0]))


def not_restating(unaccounted: tuple[str, ...], agencies: Sequence[str], catalog: Catalog) -> tuple[str, ...]:
    """The leftover words, without those that are part of the resolved agency's name and so restate it
    ("上海2019年市政府办公厅…": 办公厅; "the General Office of the Shanghai Municipal Government": general)."""
    return tuple(w for w in unaccounted if not (
        not w.isdigit() and agencies and all(catalog.restates(w, a) for a in agencies)))
