"""How years and agencies are written beside each other in a question: an agency with the one year
written after it ("淮安市2024、沭阳县2025", "Huai'an city in 2024"), a year passed into the next
("carried over from 2024 into 2025", "2022年度从2021年结转过来"), and the question words that say so
(``question_words.toml``, [operation_modifiers])."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from index.identity import name_variants, parse_agency

from . import grounding, words
from .agencies import Catalog, names_only_the_place
from .mentions import _YearItem
from .types import AgencyMention, Query, Unresolved


def mentions_any(question: str, phrases: Sequence[str]) -> bool:
    """Whether the question has one of these words (English ones as whole words)."""
    return bool(_words_re(tuple(phrases)).search(question))


def first_mention(question: str, phrases: Sequence[str]) -> str | None:
    """The first of these words the question has, as written; None if none."""
    found = _words_re(tuple(phrases)).search(question)
    return found.group() if found else None


@cache
def _words_re(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w) for w in phrases), re.IGNORECASE)


_INTO = _words_re(tuple(words._DATA["operation_modifiers"]["year_into"]))
_FROM = _words_re(tuple(words._DATA["operation_modifiers"]["year_from"]))
_BESIDE = _words_re(words.YEARS_BESIDE)
_EACH = _words_re(tuple(words._EACH))


def into_year(question: str, years: Sequence[_YearItem]) -> int | None:
    """The one year written as the one passed into ("carried forward into 2022", "结转到2022年"), or None."""
    found = []
    for item in (y for y in years if len(y.years) == 1):
        before = question[max(0, item.start - 6):item.start].rstrip()
        word = list(_INTO.finditer(before))
        if word and word[-1].end() == len(before) and not before.endswith(("截至", "截止")):  # 截至: as of, not into
            found.append(item.years[0])
    # "2025: … carried to 2026": the one year written after an into-word, whatever other year is named
    return found[0] if len(found) == 1 else None


def from_year(question: str, years: Sequence[_YearItem]) -> int | None:
    """The one year written as the one passed from ("carried over from 2020", "从2023年结转"), or None."""
    singles = [y for y in years if len(y.years) == 1]
    for item in singles:
        before = question[max(0, item.start - 6):item.start].rstrip()
        found = list(_FROM.finditer(before))
        if found and found[-1].end() == len(before):
            return item.years[0]
    return None


def from_into(question: str, years: Sequence[_YearItem]) -> bool:
    """Whether two single years are written as one passing into the next ("from 2024 into 2025",
    "2025年底结转到2026年"), not side by side ("2020年和2021年", "2020 and 2021 each")."""
    singles = sorted((y for y in years if len(y.years) == 1), key=lambda y: y.start)
    if len(singles) != 2:
        return False
    gap = question[singles[0].end:singles[1].start]
    if _BESIDE.search(gap) or _EACH.search(question):
        return False
    earlier, later = sorted(singles, key=lambda y: y.years[0])

    def right_before(item: _YearItem, pattern: re.Pattern[str]) -> bool:
        before = question[max(0, item.start - 6):item.start].rstrip()
        found = [m for m in pattern.finditer(before)]
        return bool(found) and found[-1].end() == len(before)

    # "从2021年结转过来" (2022年度): from the earlier year; "into 2026": into the later one
    return bool(_INTO.search(gap)) or right_before(earlier, _FROM) or right_before(later, _INTO)


# between an agency and its year: nothing but a bracket or comma, or a word saying the region as a whole
# ("平潭实验区2021", "平潭管委会2021"); in English "in", "for", "of"
_WHOLE_REGION_ZH = "|".join(re.escape(w) for w in sorted(
    (w for w in words.WHOLE_REGION if not w.isascii()), key=len, reverse=True))
_PAIR_GAP = re.compile(rf"^(?:{_WHOLE_REGION_ZH})?[\s(（、,，的]{{0,3}}$|^\s*(?:in|for|of)\s*$")


_YEAR_LIST_GAP = re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in words.YEARS_LISTED) + r")\s*$")
_PLACE_LEVEL_GAP = re.compile(r"^(?:综合实验区|实验区|新区|区|县|市|旗|州|的)?$")


def agency_years(question: str, mentions: Sequence[tuple[int, int, AgencyMention]],
                  years: Sequence[_YearItem]) -> tuple[tuple[str, int], ...]:
    """Each named agency with the one year written right after it ("Hongze District (2023)",
    "淮安市2024、沭阳县2025"); () unless every agency has exactly one."""
    singles = [y for y in years if len(y.years) == 1]
    out = []
    # a place written right before an organ of its own ("平潭区公安局2021"): one agency, the organ's
    mentions = [m for i, m in enumerate(mentions) if not (
        i + 1 < len(mentions) and _PLACE_LEVEL_GAP.match(question[m[1]:mentions[i + 1][0]])
        and mentions[i + 1][2].candidates and all(m[2].text in c for c in mentions[i + 1][2].candidates))]
    paired: list[tuple[_YearItem, str]] = []
    for s, e, mention in mentions:
        if len(mention.candidates) != 1:
            return ()
        near = [y for y in singles if y.start >= e and _PAIR_GAP.match(question[e:y.start])]
        if len(near) != 1:
            return _each_with_its_own_year(mentions, years)
        out.append((mention.candidates[0], near[0].years[0]))
        paired.append((near[0], mention.candidates[0]))
    # "平潭实验区21年、22年，洪泽23年": a year listed right after an agency's year is that agency's too
    for item in singles:
        if any(item is p for p, _ in paired):
            continue
        before = [(p, a) for p, a in paired if p.end <= item.start and _YEAR_LIST_GAP.match(question[p.end:item.start])]
        if before:
            out.append((before[-1][1], item.years[0]))
            paired.append((item, before[-1][1]))
    out.extend(_same_agency_again(question, mentions, singles, out))
    out = list(dict.fromkeys(out))
    return tuple(out) if len({y for _, y in out}) > 1 else ()


def _same_agency_again(question: str, mentions: Sequence[tuple[int, int, AgencyMention]],
                       singles: Sequence[_YearItem], paired: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """"… in 2019, the same office in 2025": a year no agency is written right before, with words naming
    the agency before it again just before it — that agency in that year."""
    out = []
    taken = {y for _, y in paired}
    for item in singles:
        before = [m for m in mentions if m[1] <= item.start]
        if item.years[0] in taken or not before or len(before[-1][2].candidates) != 1:
            continue
        gap = question[before[-1][1]:item.start].lower()
        if any(w in gap for w in words.SAME_AGENCY_AGAIN):
            out.append((before[-1][2].candidates[0], item.years[0]))
    return out


def _each_with_its_own_year(mentions: Sequence[tuple[int, int, AgencyMention]], years: Sequence[_YearItem]
                            ) -> tuple[tuple[str, int], ...]:
    """"Huai'an city's new requests in 2024 plus Hongze's in 2023": each agency with the one year written
    between it and the next agency (or the end), when every agency has exactly one and the years differ."""
    for after in (True, False):  # the year after each agency, or ("the 2023 Hongze report") before it
        out = []
        for i, (s, e, mention) in enumerate(mentions):
            if after:
                lo, hi = e, mentions[i + 1][0] if i + 1 < len(mentions) else 10**9
            else:
                lo, hi = mentions[i - 1][1] if i else 0, s
            inside = [y for y in years if lo <= y.start < hi]
            if len(mention.candidates) != 1 or len(inside) != 1 or len(inside[0].years) != 1:
                break
            out.append((mention.candidates[0], inside[0].years[0]))
        else:
            # a year outside every agency's own stretch is no one's own
            stray = any(y.start < mentions[0][0] for y in years) if after else any(y.start >= mentions[-1][1] for y in years)
            if not stray and len({y for _, y in out}) > 1:
                return tuple(out)
    return ()


@dataclass(frozen=True)
class CarryOver:
    """A carry-over named without its direction ("carried over", 结转): the word, whether a year is
    written as passed from or into another, and the year passed from ("from 2023"), if one is."""

    word: str
    directed: bool
    passed_from: int | None


def carry_over(question: str, years: Sequence[_YearItem]) -> CarryOver | None:
    """The question's direction-less carry-over word and how its years are written, or None."""
    found = next((m for m in _words_re(tuple(words.CARRY_OVER)).finditer(question)
                  if not grounding.set_aside_at(question, m.start())), None)
    if found is None:
        return None  # none, or only one set aside: "not counting the one carried over from 2021" asks the new ones
    word = found.group()
    passed_from = from_year(question, years)
    directed = from_into(question, years) or into_year(question, years) is not None or passed_from is not None
    return CarryOver(word, directed, passed_from)


def negations_before(question: str, name: str) -> frozenset[str]:
    """The negation words written right before an agency's name ("不是公安局", "not the police bureau"),
    lower-cased; empty when none is."""
    # Each place the name is written, the text before it with any "the"/"its" taken off: a regex per
    # (word, name) pair overflowed re's cache over a large store (a tenth of a figure question's time)
    lowered, name = question.lower(), name.lower()
    found: set[str] = set()
    at = lowered.find(name) if name else -1
    while at != -1:
        before = (lowered[:at].rstrip(), _ARTICLE_AT_END.sub("", lowered[:at]))  # "not the", "not" (the)
        found.update(w.lower() for w in words.NEGATIONS_BEFORE_AGENCY if before[0].endswith(w.lower())
                     or before[1].endswith(w.lower()))
        at = lowered.find(name, at + 1)
    return frozenset(found)


_ARTICLE_AT_END = re.compile(r"\s*(?:the\s+|its\s+)?$")


def place_then_organ(question: str, mentions: tuple[AgencyMention, ...], catalog: Catalog
                     ) -> tuple[AgencyMention, ...]:
    """"平潭2021年公安局", "Pingtan 2021 police bureau": a bare place and, later and not joined to it by a
    conjunction, an organ whose one stored candidate is that place's department: that department alone."""
    if len(mentions) != 2:
        return mentions
    place, organ = mentions
    government = place.candidates[0] if len(place.candidates) == 1 else ""
    # (the government named in full reads the same: "平潭综合实验区2021年公安局" is the zone's police bureau)
    if not government or not (names_only_the_place(place.text, government)
                              or parse_agency(government).organ == "government") or len(organ.candidates) != 1 \
            or organ.candidates[0] not in catalog.departments_of(government):
        return mentions
    at, end = question.find(place.text), question.find(organ.text)
    between = question[at + len(place.text):end] if 0 <= at < end else None
    if between is None or mentions_any(between, (*words.CONJUNCTIONS, *words.YEARS_BESIDE, "or", "比", "对比",
                                                  "compared", "with")):
        return mentions
    # (a whole-region word right after the place is the place's own name: "平潭实验区2021年公安局")
    near = between.strip()
    apart = next((near[len(w):] for w in sorted(words.WHOLE_REGION, key=len, reverse=True)
                  if near.lower().startswith(w.lower())), near)
    if mentions_any(apart, words.WHOLE_REGION) and not mentions_any(between, words.NEGATIONS_BEFORE_AGENCY):
        return mentions  # "平潭…一份实验区的一份公安局的": the region itself is named too, both are meant
    if mentions_any(between, words.NEGATIONS_BEFORE_AGENCY):
        # "Pingtan's report (the region's own, not the police bureau's)": the place alone (the government named in
        # full keeps both, and the organ is set aside with its negation when the agencies are settled)
        return (place,) if names_only_the_place(place.text, government) else mentions
    return (organ,)


def one_of_two_reports(question: str, agencies: Sequence[str], catalog: Catalog) -> bool:
    """"平潭2021年有两份年报，一份区里的一份公安局的，那个行政处罚决定是多少": a region's government and its own
    department both named, for one figure, with no word joining them or asking each — the question describes the
    two reports and asks one figure of them, which one it does not say (giving both was marked wrong twice)."""
    if len(agencies) != 2:
        return False
    government, other = agencies if agencies[1] in catalog.departments_of(agencies[0]) else agencies[::-1]
    if other not in catalog.departments_of(government):
        return False
    return not mentions_any(question, (*words.CONJUNCTIONS, *words.EACH_CARRIED, "and", "&", "vs", "versus", "比",
                                       "对比", "compared", "with"))


_GOVERNMENT_AFTER = re.compile(r"^\s*(?:人民政府|政府|(?:'s\s+)?(?:municipal\s+|city\s+|county\s+|district\s+|"
                               r"people'?s\s+)*government\b)(?!\s*(?:办公厅|办公室|办|general\s+office|office))",
                               re.IGNORECASE)
_OFFICE_ANYWHERE = re.compile(r"\bGO\b|general\s+office|government\s+office|办公厅|办公室|府办", re.IGNORECASE)
_OFFICE_BEFORE = re.compile(r"(?:office|办公厅|办公室)\s+(?:of\s+)?(?:the\s+)?$", re.IGNORECASE)


def government_named_for_office(question: str, mention: AgencyMention) -> str | None:
    """"上海市政府" or "the Shanghai municipal government" when the place's only stored agency is its
    government's office (上海市人民政府办公厅): the government itself is named, a different publisher
    whose report is not stored. Its name as written; None when the office is what is named ("the General
    Office of the Shanghai Municipal Government", "上海市政府办公厅")."""
    if not mention.candidates or not all(parse_agency(a).organ == "government_office" for a in mention.candidates):
        return None
    at = question.find(mention.text)
    if at < 0:
        return None
    end = at + len(mention.text)
    found = _GOVERNMENT_AFTER.match(question[end:end + 40])
    if found is None or _OFFICE_BEFORE.search(question[max(0, at - 30):at]) or _OFFICE_ANYWHERE.search(question):
        return None  # "… according to the GO report": the office is named after all
    return (mention.text + found.group(0)).strip()


def place_before_organ(question: str, mentions: tuple[AgencyMention, ...], catalog: Catalog
                       ) -> tuple[AgencyMention, ...]:
    """A bare place written right before an organ whose one stored candidate is that place's department,
    with at most a level word between ("平潭区公安局"): that department, one mention (in a list of several,
    where :func:`place_then_organ` does not apply)."""
    out: list[AgencyMention] = []
    at = 0
    positions = []
    for m in mentions:
        found = question.find(m.text, at)
        positions.append(found)
        if found >= 0:
            at = found + len(m.text)
    i = 0
    while i < len(mentions):
        m = mentions[i]
        if i + 1 < len(mentions) and positions[i] >= 0 and positions[i + 1] >= 0 and len(m.candidates) == 1:
            organ, government = mentions[i + 1], m.candidates[0]
            gap = question[positions[i] + len(m.text):positions[i + 1]]
            if names_only_the_place(m.text, government) and _PLACE_LEVEL_GAP.match(gap) \
                    and len(organ.candidates) == 1 and organ.candidates[0] in catalog.departments_of(government):
                out.append(AgencyMention(m.text + gap + organ.text, organ.candidates, organ.fuzzy))
                i += 2
                continue
        out.append(m)
        i += 1
    return tuple(out)


def settle_mentions(question: str, mentions: tuple[AgencyMention, ...], flags: list[str], context: Query | None,
                    catalog: Catalog, unresolved: list[Unresolved]) -> tuple[AgencyMention, ...]:
    """The agencies the question's mentions name, once an organ named without its region ("公安局") is
    placed (in the region just asked about, or beside its region in the question) and a government named
    where only its office is stored is set aside as unknown. ``flags`` and ``unresolved`` are updated."""
    if "partial_agency" in flags and context is not None and context.agencies and len(mentions) == 1:
        # "and the Public Security Bureau's?" after a Pingtan question: the organ of the region just asked about
        # a region's spellings, an OCR-misread stored name's included (沐阳县 for 沭阳县)
        regions = {parse_agency(v).region for a in context.agencies for v in name_variants(a)}
        inside = tuple(c for c in mentions[0].candidates
                       if any(parse_agency(v).region in regions for v in name_variants(c)))
        if len(inside) == 1:
            mentions = (AgencyMention(mentions[0].text, inside, mentions[0].fuzzy),)
            flags.remove("partial_agency")
            flags.append("region_from_context")
    if "partial_agency" in flags and len(mentions) >= 2 and len({c for m in mentions for c in m.candidates}) == 1:
        # "Pingtan's public security bureau (the police)", "the Shuyang DRC (the county's development and reform
        # bureau)": the organ said again beside the agency's name, one agency
        mentions = mentions[:1]
        flags.remove("partial_agency")
    if "partial_agency" in flags and len(mentions) >= 3:
        # "洪泽区2023、平潭区公安局2021": in a list, a place written right before an organ of its own
        mentions = place_before_organ(question, mentions, catalog)
    if "partial_agency" in flags and len(mentions) >= 2:
        # "平潭2021年公安局…": a bare place, then (not joined to it) an organ of that place: one department
        mentions = place_then_organ(question, mentions, catalog)
        if len(mentions) == 1 and len(mentions[0].candidates) == 1:
            flags.remove("partial_agency")
    if "partial_agency" in flags and len(mentions) >= 2:
        # "平潭2021年管委会和公安局…": the organ named beside its region's government, in one question
        regions = {parse_agency(v).region for m in mentions if not m.ambiguous for a in m.candidates
                   if parse_agency(a).organ == "government" for v in name_variants(a)}
        organs = [m for m in mentions if all(parse_agency(a).organ != "government" for a in m.candidates)]
        if organs and all(len(m.candidates) == 1 and parse_agency(m.candidates[0]).region in regions for m in organs):
            flags.remove("partial_agency")
    # "上海市政府2025年…" with only 上海市人民政府办公厅 stored: the government is named, which is not stored;
    # so is "上海全市各级行政机关…" (every agency of the place, not its office's own report)
    kept = []
    whole = first_mention(question, words.ALL_OF_REGION)
    for m in mentions:
        named = government_named_for_office(question, m)
        if named is None and whole is not None and len(m.candidates) == 1 \
                and names_only_the_place(m.text, m.candidates[0]) \
                and parse_agency(m.candidates[0]).organ != "government":
            named = f"{m.text}{whole}" if not whole.isascii() else f"{m.text} ({whole})"
        if named is not None and "inherited_agency" not in flags:
            unresolved.append(Unresolved("agency", named))
        else:
            kept.append(m)
    mentions = tuple(kept)
    return mentions


def carry_over_report_year(question: str, years: Sequence[_YearItem], explicit: Sequence[int], side: str,
                           passed_from: int | None) -> int | None:
    """The one report printing a carry-over the question dates by the years it passed between: "from 2024
    into 2025" (the later report's 上年结转, the earlier one's 结转下年度; ``side`` is which the row is),
    "carried forward into 2022", "carried over from 2023"; None when the years are not written so."""
    if len(set(explicit)) == 2 and max(explicit) - min(explicit) == 1 and (
            from_into(question, years) or passed_from is not None
            # "in 2024, new plus those carried over from 2023": the earlier year is the one passed from
            or from_year(question, years) == min(explicit) or into_year(question, years) == max(explicit)):
        return max(explicit) if side == "later" else min(explicit)
    if len(set(explicit)) == 1 and (into := into_year(question, years)) is not None:
        return into if side == "later" else into - 1
    if len(set(explicit)) == 1 and (passed := from_year(question, years)) is not None:
        return passed + 1 if side == "later" else passed
    return None


def with_departments(mentions: tuple[AgencyMention, ...], years: Sequence[int], catalog: Catalog,
                     pairs: Sequence[tuple[str, int]] = ()) -> tuple[tuple[AgencyMention, ...], bool]:
    """A bare place ("平潭2021年…") when the store holds, for every year asked, both that region's
    government report and a department's: either could be meant, so the mention offers both; a previous
    turn's bare place offered with its departments narrows to those with the year now asked. The
    mentions, and whether one offers several agencies. ``pairs``: each agency with its own year, when the
    question pairs them ("Pingtan 2021 with Huai'an 2024": Pingtan's year is 2021 alone)."""
    widened, ambiguous = [], False
    for m in mentions:
        government = m.candidates[0] if m.candidates else ""
        departments = catalog.departments_of(government) if government else ()
        years = [y for a, y in pairs if a == government] or years
        # one candidate, or a previous turn's bare place already offered with its departments
        if names_only_the_place(m.text, government) and all(c in departments for c in m.candidates[1:]) \
                and all(catalog.has(government, y) for y in years):
            same_years = tuple(d for d in departments if all(catalog.has(d, y) for y in years))
            m = AgencyMention(m.text, (government,) + same_years, m.fuzzy)
            ambiguous = ambiguous or bool(same_years)
        widened.append(m)
    return tuple(widened), ambiguous


def widened_with_departments(mentions: tuple[AgencyMention, ...], agencies: tuple[str, ...], years: Sequence[int],
                             catalog: Catalog, pairs: Sequence[tuple[str, int]], flags: list[str],
                             ) -> tuple[tuple[AgencyMention, ...], tuple[str, ...]]:
    """The mentions with a bare place's department offered beside its government (see
    :func:`with_departments`), and the agencies they name; flags ``ambiguous_agency`` when one does."""
    widened, several = with_departments(mentions, years, catalog, pairs)
    if several:
        flags.append("ambiguous_agency")
    if widened == mentions:
        return mentions, agencies
    return widened, tuple(dict.fromkeys(c for m in widened for c in m.candidates))
