"""Who published a report, for which year, in which table format: read from its title or first lines."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .reportformat import REPORT_TITLE_WORDS, FormatVersion, detect_format, normalize_label
from .types import ReportIdentity, SourceDocument

_TITLE_WORDS = "|".join(re.escape(normalize_label(w)) for w in sorted(REPORT_TITLE_WORDS, key=len, reverse=True))
# "桦川县人民政府2020年政府信息公开工作年度报告", "…2019年度政府信息公开工作年度报告"
_AGENCY_YEAR = re.compile(rf"(?P<agency>[\u4e00-\u9fff（）()]{{2,40}}?)(?P<year>20\d\d)年度?(?:的)?(?P<words>{_TITLE_WORDS})")
# "2019年上海市人民政府办公厅政府信息公开工作年度报告"
_YEAR_AGENCY = re.compile(rf"(?P<year>20\d\d)年度?(?P<agency>[\u4e00-\u9fff（）()]{{2,40}}?)(?P<words>{_TITLE_WORDS})")
_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
# Words that come before an agency name in a title line or in page chrome, never part of it.
_LEADING_NOISE = re.compile(r"^.*?(?:当前位置|首页|来源|发布机构|发布日期|标题|名称|关于|公开|索引号|文号|主题)[:：]?")


def _clean_agency(text: str) -> str:
    text = text.strip("（）() ")
    for prefix in ("关于", "我"):
        if text.startswith(prefix) and len(text) > 4:
            text = text[len(prefix):]
    return text


def detect_identity(doc: SourceDocument, *, agency: str | None = None, year: int | None = None) -> ReportIdentity:
    """Agency, year, table format and title, from the title, the first lines, or the file name.

    Explicit ``agency``/``year`` win. Missing parts fall back to: the year in the file name; the
    agency as "未知机关" (unknown), so a report is never silently given another agency's name.
    """
    candidates: list[str] = []
    if doc.title:
        candidates.append(doc.title)
    head_lines = [line.text for line in doc.lines[:60] if line.text.strip()]
    # A title may be printed over two lines ("洪泽区人民政府" / "2023年政府信息公开工作年度报告").
    for i, line in enumerate(head_lines[:40]):
        candidates.append(line)
        if i + 1 < len(head_lines):
            candidates.append(line + head_lines[i + 1])
    found_agency = found_year = None
    title = None
    for text in candidates:
        norm = normalize_label(text).lstrip("#")
        norm = _LEADING_NOISE.sub("", norm) if len(norm) > 60 else norm
        for pattern in (_AGENCY_YEAR, _YEAR_AGENCY):
            m = pattern.search(norm)
            if m and len(m["agency"]) >= 2:
                found_agency = _clean_agency(re.split(r"[.:：>》|]", m["agency"])[-1])
                found_year = int(m["year"])
                title = m.group(0)
                break
        if found_year:
            break
    if found_year is None:
        m = _YEAR_IN_NAME.search(Path(doc.path).name)
        if m:
            found_year = int(m.group(1))
    final_year = year or found_year
    if final_year is None:
        # the statistics period sentence: "统计期限自2020年1月1日起至2020年12月31日止"
        m = re.search(r"(20\d\d)年1月1日", doc.text[:5000])
        final_year = int(m.group(1)) if m else 0
    final_agency = agency or found_agency or "未知机关"
    fmt: FormatVersion = detect_format(doc.text, final_year or None)
    if title is None or agency or year:
        title = f"{final_agency}{final_year}年政府信息公开工作年度报告"
    return ReportIdentity(agency=final_agency, year=final_year, format=fmt, title=title)


# ---------------------------------------------------------------------------
# Agency identity: a region (a path of places) plus an organ
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Organ:
    """An organ type that publishes reports (``index/data/organs.toml``): 公安局, 发改委, 人民政府 …"""

    id: str
    zh: tuple[str, ...]
    abbr: tuple[str, ...] = ()
    en: tuple[str, ...] = ()
    en_abbr: tuple[str, ...] = ()  # "drb", "psb": one word, written after a place
    generic: bool = False  # a bare suffix (局, 委员会, bureau): marks a name's form, names no organ

    @property
    def names(self) -> tuple[str, ...]:
        return self.zh + self.abbr


@dataclass(frozen=True)
class AgencyName:
    """``淮安市洪泽区人民政府`` → places ("淮安市", "洪泽区"), organ "government", rest "人民政府".

    ``key`` is the canonical identity: the innermost place (without its level suffix) and the organ,
    so that 淮安市洪泽区人民政府 and 洪泽区人民政府 are one agency, and 平潭综合实验区公安局 is not
    平潭综合实验区."""

    name: str
    places: tuple[tuple[str, str], ...]  # (place, level suffix), outermost first
    organ: str | None  # an Organ id; None when the rest names no known organ
    rest: str  # the name after the places

    @property
    def region(self) -> str:
        return self.places[-1][0][: -len(self.places[-1][1])] if self.places else ""

    @property
    def key(self) -> str:
        return f"{self.region or self.rest}/{self.organ or self.rest}"


@cache
def _organ_data() -> dict:
    text = resources.files("index").joinpath("data/organs.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def organs() -> tuple[Organ, ...]:
    """The organ glossary, in file order."""
    return tuple(Organ(o["id"], tuple(o["zh"]), tuple(o.get("abbr", ())), tuple(o.get("en", ())),
                       tuple(o.get("en_abbr", ())), bool(o.get("generic", False))) for o in _organ_data()["organ"])


@cache
def place_levels() -> dict[str, tuple[str, int]]:
    """Place-name suffix → (English word, rank: 0 province, 1 prefecture, 2 county, 3 town)."""
    return {k: (v[0], int(v[1])) for k, v in _organ_data()["levels"].items()}


@cache
def _organ_by_name() -> dict[str, str]:
    out: dict[str, str] = {}
    for organ in organs():
        if organ.generic:
            continue
        for name in organ.names:
            out.setdefault(normalize_label(name), organ.id)
    return out


_NOT_A_PLACE = frozenset({"城市", "都市", "市区", "县区", "社区", "小区", "地区", "街道"})
_NOT_AFTER_SUFFIX = set("场分域级")  # 市场, 区分, 区域, 县级


def split_places(name: str) -> tuple[list[tuple[str, str]], str]:
    """``淮安市洪泽区人民政府`` → ([("淮安市", "市"), ("洪泽区", "区")], "人民政府")."""
    suffixes = sorted(place_levels(), key=len, reverse=True)
    comps: list[tuple[str, str]] = []
    p = 0
    while p < len(name):
        found = None
        for e in range(p + 2, min(len(name), p + 12) + 1):
            seg = name[p:e]
            suffix = next((s for s in suffixes if seg.endswith(s) and len(seg) > len(s)), None)
            if suffix and name[e:e + 1] not in _NOT_AFTER_SUFFIX and seg not in _NOT_A_PLACE:
                found = (seg, suffix)
                break
        if not found:
            break
        comps.append(found)
        p += len(found[0])
    return comps, name[p:]


def organ_of(rest: str) -> str | None:
    """The organ a name's rest (after its places) names: exact, else the longest organ name it ends
    with (平潭综合实验区财政金融局 → finance); None when nothing fits."""
    rest = normalize_label(rest)
    table = _organ_by_name()
    if rest == "":
        return "government"  # a bare place names its government (平潭综合实验区)
    if rest in table:
        return table[rest]
    best = max((n for n in table if rest.endswith(n) and len(n) >= 2), key=len, default=None)
    return table[best] if best else None


@cache
def parse_agency(name: str) -> AgencyName:
    """A stored agency name as region + organ (see :class:`AgencyName`)."""
    norm = normalize_label(name)
    comps, rest = split_places(norm)
    return AgencyName(name, tuple(comps), organ_of(rest), rest)


def agency_key(name: str) -> str:
    """The canonical identity of an agency name: equal for two names of one agency."""
    return parse_agency(name).key


@cache
def provinces() -> tuple[str, ...]:
    """Province and autonomous-region names, Chinese and English (``organs.toml`` [provinces])."""
    data = _organ_data()["provinces"]
    return tuple(data["zh"]) + tuple(data["en"])


@cache
def confusables() -> tuple[tuple[str, str], ...]:
    """Pairs of characters OCR confuses in place names (``organs.toml`` [confusables])."""
    return tuple((a, b) for a, b in _organ_data()["confusables"]["pairs"])


def name_variants(name: str) -> tuple[str, ...]:
    """A printed name and the names one confusable character away from it (沐阳县 → 沭阳县)."""
    out = [name]
    for a, b in confusables():
        for x, y in ((a, b), (b, a)):
            if x in name:
                out.append(name.replace(x, y, 1))
    return tuple(dict.fromkeys(out))
