"""A higher place written beside an agency to say where it is: "Huachuan County (Heilongjiang)", "Hongze
District (Huai'an)", "Heilongjiang's Huachuan County", "福建平潭…". It names no second agency when the
agency lies in it (``index.gazetteer``); a place the agency does not lie in, or one written elsewhere in
the question ("Fuzhou city, compared with Pingtan"), stays what it was: an unknown or a second agency."""
from __future__ import annotations

import re
from collections.abc import Sequence

from index import gazetteer
from index.identity import name_variants, split_places

from .agencies import _GOVERNMENT_RESTS, _LEVEL_RANK, _NOT_BARE_EN, Catalog, _core, _split_places
from .text import _has_cjk, _zh_key
from .types import AgencyMention

def lies_in(agency: str, place: str, catalog: Catalog) -> bool:
    """Whether one of the agency's stored names is in the place (a province's or prefecture's core):
    by a higher place in the name itself (淮安市洪泽区…) or by the division codes (洪泽区 → 江苏, 淮安)."""
    for name in catalog.names(agency):
        for variant in name_variants(name):
            comps, _ = split_places(variant)
            if any(gazetteer.core(c) == place for c, _ in comps[:-1]):
                return True
            if comps and place in gazetteer.higher_places(comps[-1][0]):  # 平潭综合实验区 → 平潭 → 福建
                return True
    return False


def government_place(agency: str) -> str | None:
    """The place a government is the government of (淮安市人民政府 → 淮安); None for a department."""
    comps, rest = split_places(_zh_key(agency))
    return gazetteer.core(comps[-1][0]) if comps and rest in _GOVERNMENT_RESTS else None


def of_or_in(agency: str, place: str, catalog: Catalog) -> bool:
    """Whether the agency is of that place or lies in it ("洪泽" for 淮安市洪泽区人民政府, "淮安" for it too)."""
    return lies_in(agency, place, catalog) or any(
        comps and gazetteer.core(comps[-1][0]) == place
        for name in catalog.names(agency) for comps in [split_places(_zh_key(name))[0]])


def drop_place_qualifiers(question: str, mentions: Sequence[tuple[int, int, AgencyMention]], unknown: list[str],
                          catalog: Catalog) -> tuple[list[str], list[str]]:
    """The unknown place words without those that only say where the named agency is; returns (unknown,
    the qualifying words). (A stored place that qualifies the agency next to it, "Hongze District
    (Huai'an)", is dropped with the other such mentions: ``mentions._drop_qualifiers``.)"""
    qualifiers: list[str] = []
    # a province or prefecture that is not stored, written right beside the agency that lies in it: in
    # brackets or after "in" right after it ("Huachuan County (Heilongjiang)", "… government in Heilongjiang")
    # or just before it ("Heilongjiang's Huachuan County"); anywhere else it may be what is asked about
    # ("… Suqian city, compared with Shuyang")
    left: list[str] = []
    for word in unknown:
        place = gazetteer.higher_place(word)
        if place is not None and len(mentions) == 1 and (
                _beside(question, word, mentions[0]) or _sets_the_scene(question, word, place, mentions[0])) \
                and all(lies_in(a, place, catalog) for a in mentions[0][2].candidates):
            qualifiers.append(word)
            continue
        if place is not None and mentions and word.isascii() and gazetteer.is_province(place) \
                and re.search(rf"\b{re.escape(word)}\s+(?:reports?|agencies|governments)\b", question) \
                and all(lies_in(a, place, catalog) for m in mentions for a in m[2].candidates):
            # "the stored Jiangsu reports (Huai'an 2024, Hongze 2023, …)": the province says which reports,
            # every agency named lies in it
            qualifiers.append(word)
            continue
        left.append(word)
    return left, qualifiers


def _beside(question: str, word: str, mention: tuple[int, int, AgencyMention]) -> bool:
    s, e, _ = mention
    for k in (m.start() for m in re.finditer(re.escape(word), question)):
        after, before = question[e:k].strip(), question[k + len(word):s].strip()
        if k >= e and after in ("(", "（") and question[k + len(word):].lstrip().startswith((")", "）")):
            return True
        if k >= e and after.lower() in ("in", "of", "in the province of"):  # "Huachuan County government in Heilongjiang"
            return True
        if k >= e and after.lower() in ("(in", "（in", "(of") \
                and question[k + len(word):].lstrip().startswith((")", "）")):
            return True  # "Shuyang County government (in Suqian)"
        if k >= e and after in (",", "，") and re.match(r"\s*(?:[,，:：]|\d{4}|$)", question[k + len(word):]):
            return True  # "Shuyang County, Suqian, 2025": a place between commas right after the agency
        if k + len(word) <= s and before in ("", "'s", "’s", ",", "，", "的"):
            return True
    return False


# "For a paper on transparency in Fujian, …": a province named as the setting of the question
_SCENE_BEFORE = re.compile(r"\b(?:in|on|across|about)\s+$", re.I)
_JOINS = re.compile(r"\b(?:and|or|vs|versus|compared|compare|with|than|plus|against)\b|[,，;；:：]\s*(?:and|or)\b", re.I)


def _sets_the_scene(question: str, word: str, place: str, mention: tuple[int, int, AgencyMention]) -> bool:
    """An English province name after "in"/"on" ("transparency in Fujian", "a paper on Jiangsu county
    transparency") that nothing joins to the one agency named: where the question is set, not a second
    agency. (A prefecture or city could be the agency asked about, so only a province; 福建 in Chinese is
    read beside the agency only, ``not_placing``.)"""
    if not word.isascii() or not gazetteer.is_province(place):
        return False
    s, e, _ = mention
    for k in (m.start() for m in re.finditer(re.escape(word), question)):
        between = question[k + len(word):s] if k < s else question[e:k]
        if _SCENE_BEFORE.search(question[:k]) and not _JOINS.search(between):
            return True
    return False


def not_placing(question: str, unaccounted: Sequence[str], agencies: Sequence[str], mentions: Sequence[AgencyMention],
                catalog: Catalog) -> tuple[str, ...]:
    """The leftover words, without a province or prefecture written right before an agency that lies in
    it ("福建平潭综合实验区", "黑龙江的桦川县": 福建, 黑龙江 say where, nothing more); one written elsewhere
    ("福建收到多少申请，平潭呢") stays."""
    return tuple(w for w in unaccounted if not (
        agencies and re.search(r"[\u4e00-\u9fff]", w) and (place := gazetteer.higher_place(w)) is not None
        and any(re.search(re.escape(w) + r"(?:省|市)?的?\s*" + re.escape(m.text), question) for m in mentions)
        and all(lies_in(a, place, catalog) for a in agencies)))


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


# what follows a place after a comma that only says where the agency before it is ("Hongze District,
# Huai'an, 2023:"): a year, a colon or the end — not another agency's clause ("…, Huai'an city, which had more")
_YEAR_OR_END = re.compile(r"\s*(?:[,，]\s*)?(?:(?:19|20)\d\d|[:：]|$)")


def drop_qualifying_mentions(mentions: list[tuple[int, int, AgencyMention]], question: str, catalog: Catalog,
                     ) -> list[tuple[int, int, AgencyMention]]:
    """Drop a mention that only qualifies the one next to it.

    * "Hongze District, Huai'an": a mention right next to another whose agencies lie inside it;
    * "淮安市洪泽区人民政府" with 淮安市人民政府 and 洪泽区人民政府 stored: a bare place directly
      followed by an agency of a lower level (the longest, most specific name wins);
    * "Huai'an's Hongze District": a bare place in the possessive right before an agency inside it;
    * "Hongze District (Huai'an)", "洪泽区（淮安市）", "Hongze District, Huai'an, 2023": a bare place in
      brackets or after a comma right after an agency that lies in it by China's division codes, though no
      stored name says so (``qualifiers.lies_in``).
    """
    out = []
    for i, (s, e, m) in enumerate(mentions):
        qualifier = False
        for j, (s2, e2, m2) in enumerate(mentions):
            if i == j:
                continue
            gap = question[e:s2] if e <= s2 else question[e2:s]
            if e2 <= s and re.fullmatch(r"\s+(?:in|of)\s+", gap) and _bare_place_rank(m) is not None \
                    and m2.candidates and all(lies_in(b, _core(_split_places(_zh_key(m.candidates[0]))[0][-1]), catalog)
                                              for b in m2.candidates):
                qualifier = True  # "the Hongze District government in Huai'an": where it is, written after it
                break
            if e <= s2 and re.fullmatch(r"['’]s\s+|\s*的\s*", gap) and _bare_place_rank(m) is not None \
                    and m2.candidates and all(lies_in(b, _core(_split_places(_zh_key(m.candidates[0]))[0][-1]), catalog)
                                              for b in m2.candidates):
                qualifier = True  # "Huai'an's Hongze District", "淮安的洪泽区": where it is, as a possessive before it
                break
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
            elif e2 <= s and ((gap.strip() in (",", "，") and _YEAR_OR_END.match(question, e))
                              or (gap.strip() in ("(", "（") and question[e:].lstrip().startswith((")", "）")))) \
                    and len(places) == 1 and m2.candidates and _bare_place_rank(m) is not None \
                    and all(lies_in(b, _core(_split_places(_zh_key(m.candidates[0]))[0][-1]), catalog)
                            for b in m2.candidates):
                qualifier = True
        if not qualifier:
            out.append((s, e, m))
    return out
