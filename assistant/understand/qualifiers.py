"""A higher place written beside an agency to say where it is: "Huachuan County (Heilongjiang)", "Hongze
District (Huai'an)", "for a paper on transparency in Fujian: … Pingtan". It names no second agency when
every agency the question names lies in it (``index.gazetteer``); a place an agency does not lie in, or one
joined to it as another subject ("Fujian and Pingtan"), stays what it was: an unknown or a second agency."""
from __future__ import annotations

import re
from collections.abc import Sequence

from index import gazetteer
from index.identity import name_variants, split_places

from .agencies import Catalog
from .types import AgencyMention

_JOINED = re.compile(r"^\s*(?:和|与|跟|同|及|以及|、|,|，|and|&|vs\.?|versus|or|或)\s*$", re.IGNORECASE)
_BRACKETED = (("(", ")"), ("（", "）"))


def lies_in(agency: str, place: str, catalog: Catalog) -> bool:
    """Whether one of the agency's stored names is in the place (a province's or prefecture's core):
    by a higher place in the name itself (淮安市洪泽区…) or by the division codes (洪泽区 → 江苏, 淮安)."""
    for name in catalog.names(agency):
        for variant in name_variants(name):
            comps, _ = split_places(variant)
            if any(gazetteer.core(c) == place for c, _ in comps[:-1]):
                return True
            # the place's own core (平潭综合实验区 → 平潭) or the codes' (洪泽区 → 洪泽)
            if comps and any(place in gazetteer.higher_places(c) for c in (
                    comps[-1][0][: -len(comps[-1][1])], comps[-1][0])):
                return True
    return False


def _joined(question: str, word: str, mentions: Sequence[tuple[int, int, AgencyMention]]) -> bool:
    """Whether the word is joined to a mention as another subject ("Fujian and Pingtan", "福建和平潭")."""
    for k in (m.start() for m in re.finditer(re.escape(word), question)):
        for s, e, _ in mentions:
            gap = question[k + len(word):s] if k + len(word) <= s else question[e:k] if e <= k else None
            if gap is not None and _JOINED.match(gap):
                return True
    return False


def drop_place_qualifiers(question: str, mentions: list[tuple[int, int, AgencyMention]], unknown: list[str],
                          catalog: Catalog) -> tuple[list[tuple[int, int, AgencyMention]], list[str], list[str]]:
    """The mentions and unknown place words without those that only say where the named agencies are;
    returns (mentions, unknown, the qualifying words)."""
    qualifiers: list[str] = []
    # a stored government's place in brackets right after another agency: "Hongze District (Huai'an)"
    kept: list[tuple[int, int, AgencyMention]] = []
    for s, e, m in mentions:
        if kept and m.candidates and kept[-1][2].candidates and any(
                question[kept[-1][1]:s].strip() == left and question[e:].lstrip().startswith(right)
                for left, right in _BRACKETED):
            places = {gazetteer.core(split_places(v)[0][-1][0]) for c in m.candidates for v in name_variants(c)
                      if split_places(v)[0] and not split_places(v)[1].strip("人民政府")}
            if len(places) == 1 and all(lies_in(a, next(iter(places)), catalog) for a in kept[-1][2].candidates):
                qualifiers.append(m.text)
                continue
        kept.append((s, e, m))
    # a province or prefecture that is not stored, beside agencies that all lie in it
    left: list[str] = []
    for word in unknown:
        place = gazetteer.higher_place(word)
        if place is not None and kept and not _joined(question, word, kept) and all(
                lies_in(a, place, catalog) for _, _, m in kept for a in m.candidates):
            qualifiers.append(word)
            continue
        left.append(word)
    return kept, left, qualifiers


def not_placing(question: str, unaccounted: Sequence[str], agencies: Sequence[str], catalog: Catalog
                ) -> tuple[str, ...]:
    """The leftover words, without a province or prefecture written before the agencies that all lie in
    it ("福建平潭综合实验区", "黑龙江桦川县": 福建, 黑龙江 say where, nothing more); not one joined to
    them as another subject ("江苏和沐阳县…")."""
    return tuple(w for w in unaccounted if not (
        agencies and re.search(r"[\u4e00-\u9fff]", w) and (place := gazetteer.higher_place(w)) is not None
        and not re.search(rf"{re.escape(w)}\s*(?:和|与|跟|同|及|以及|、|或|,|，)|(?:和|与|跟|同|及|、|或)\s*{re.escape(w)}",
                          question)
        and all(lies_in(a, place, catalog) for a in agencies)))
