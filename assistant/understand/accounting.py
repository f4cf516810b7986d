"""The question's words the understood cell accounts for, and those it does not.

After the agency, years and metric are resolved, every word left over from the scan is weighed against the
cell itself: numbers it explains ("Table 4", "第8项", "三项合计", "10,000 yuan", "（六）3"), words that
restate it or name one of its columns, the parts of a group listed beside its total. What remains is
*unaccounted*: no number is stated while anything remains (see ``grounding``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from index import reportformat as rf

from . import formula, grounding, words
from .agencies import Catalog, not_restating
from .lexicon import CELL_KINDS
from .mentions import _Match, _Scan, _YearItem
from .explained import (_uses, column_named_in_row, examples_only, explained_by_metric, parts_listed,
                      unused_cell_words)
from .qualifiers import not_placing
from .spans import first_mention, mentions_any, negations_before
from .text import _fold, _strip_number, cn_number
from .types import AgencyMention, Metric, Query
from .numbered import NumberedCell
from .words import NumberedRow

# "两种起诉", "both kinds of lawsuits": 表四's two suits counted right before the suits

_BOTH_SUITS = re.compile(r"(?:两|二|2|two|both)\s*(?:种|类|个|kinds?\s+of|types?\s+of)?\s*(?:起诉|诉讼|官司|lawsuits?|suits?)",
                         re.IGNORECASE)


# a part named inside its group: "其他处理那栏里的“其他”", "（六）其他处理中的其他" (the group's label right before)
_INSIDE_GROUP = r"\s*(?:那栏|那一栏|一栏|这栏|那项|这项)?\s*(?:里|中|里面|当中)(?:的|归为)?\s*[“\"']?$"


def examples_beside(question: str, matches: Sequence[_Match], metric: Metric, applicant: str | None
                    ) -> list[tuple[int, int]]:
    """The spans giving examples of the cell understood ("（比如别人的隐私）"), when a word outside them names that
    cell: an example never is the cell asked ("refuse to process at all (complaints, repeats, that sort of
    thing)" is no question about repeats, and was answered with them)."""
    spans = grounding.example_spans(question)
    inside = [m for m in matches if any(a <= m.start and m.end <= b for a, b in spans)]
    named_outside = any(m not in inside and any(t.kind in CELL_KINDS and _uses(t, metric, applicant) for t in m.targets)
                        for m in matches)
    # (an example naming the cell understood restates it: "讨论稿、草稿这类过程性信息"; one naming another cell is
    # a question about that cell too)
    named_inside = any(t.kind in CELL_KINDS and not _uses(t, metric, applicant) for m in inside for t in m.targets)
    # (the cell understood named only among the examples is no restatement: "不予处理的（信访、重复申请这些）" asks the
    # group, and its example 重复申请 was read as the row asked)
    def names_it(m: _Match) -> bool:
        return any((t.kind == "t3row" and t.id == metric.row) or (t.kind == "derived" and t.id == metric.derived)
                   for t in m.targets)
    only_inside = any(names_it(m) for m in inside) and not any(names_it(m) for m in matches if m not in inside)
    return spans if named_outside and not named_inside and not only_inside else []


def account_for(question: str, scan: _Scan, metric: Metric, applicant: str | None, years: Sequence[int],
                set_sizes: frozenset[int], numbered_row: NumberedRow | NumberedCell | None, carry_words: Sequence[str],
                also_left: Sequence[str]) -> tuple[Metric, tuple[str, ...]]:
    """The metric, refined by what the leftover words say (a group's n-th row, a 表二 row's column, a group
    whose parts are listed), and the words still unaccounted for.

    Args:
        set_sizes: how many agencies, years and reports the question covers ("the two reports": explained).
        numbered_row: the 表三 row or 表四 column the question named by its numbers, if any ("（六）3", "表四第4列").
        carry_words: carry-over words already settled by the years they pass between.
        also_left: words left unaccounted by earlier stages (relative years no cell explains).
    """
    # numbers the metric explains ("Table 4", "第8项", "三项合计", "10,000 yuan") are accounted for
    item_count = item_number = None
    derived_metric = rf.DERIVED_BY_ID.get(metric.derived or "")
    ordinal = grounding.ITEM_ORDINAL.search(question)
    ordinal_word = grounding.ORDINAL_WORD.search(question)
    if (ordinal or ordinal_word) and derived_metric is not None and derived_metric.table == 3 \
            and derived_metric.kind == "sum" and len({p.split(".")[0] for p in derived_metric.parts}) == 1:
        # "（三）不予公开第8项", "other handling, the second sub-item": the group's row, not the group
        n = (grounding.number_value(ordinal.group(1) or ordinal.group(2)) if ordinal
             else grounding.ORDINAL_VALUES[ordinal_word.group(1).lower()]) or 0
        if 1 <= n <= len(derived_metric.parts):
            metric = Metric(3, row=derived_metric.parts[n - 1])
            derived_metric = None
    if derived_metric is not None and derived_metric.kind != "ratio" and (derived_metric.table == 3 or (
            derived_metric.table == 4 and _BOTH_SUITS.search(question))):
        # (表四's count only right before the suits it counts, "两种起诉": a held-out fresh question had
        # another "two" explained away by it, and was answered with a wrong number)
        item_count = len(derived_metric.parts)
    if item_count is None and metric.table in (3, 4) and len(metric.parts) >= 2:
        item_count = len(metric.parts)  # "不掌握、要另行制作、补正后还不明确三种都算上": the rows listed, counted
    if item_count is None and metric.table == 3 and applicant and "+" in applicant:
        item_count = len(applicant.split("+"))  # "商业企业和法律服务机构两类申请人合计": the columns added, counted
    elif item_count is None and metric.table == 3 and applicant == rf.ORGANISATION_HEADER.id:
        item_count = len(rf.ORGANISATION_COLUMN_IDS)  # "法人或其他组织五类合起来"
    if metric.table == 3 and metric.row and rf.T3_ROW_BY_ID[metric.row].group:
        head = rf.T3_ROW_BY_ID[metric.row].label.split(".", 1)[0]
        item_number = int(head) if head.isdigit() else None
    spans = grounding.explained_numbers(question, scan.leftover, metric.table, item_count, item_number, set_sizes,
                                        years_asked=len(set(years)))
    spans.extend(_article_of_row(question, metric))
    if metric.table == 3 and words.table3_row_by_number(question) == metric.row \
            and (ordinal := words.table3_row_ordinal_span(question)) is not None:
        spans.append(ordinal)  # "表三第1行": the row asked, by its position
    spans.extend(examples_beside(question, scan.matches, metric, applicant))  # "（比如别人的隐私）"
    if numbered_row is not None and metric == numbered_row.metric:
        spans.extend(numbered_row.spans)
    unaccounted = grounding.unaccounted(grounding.without(scan.leftover, spans))
    unaccounted += tuple(w for w in grounding.counts_left(grounding.without(scan.leftover, spans)) if w not in unaccounted)
    # "the second sub-item" that is not the row understood names another row ("first", "second" are
    # otherwise function words: "first half", "the second report")
    if words.table3_row_by_number(question) != metric.row:  # "first row of table 3": the new requests
        unaccounted += tuple(m.group(1) for m in grounding.ORDINAL_WORD.finditer(question)
                             if (m.start(1), m.end(1)) not in spans and m.group(1) not in unaccounted)
    metric, column_words = column_named_in_row(unaccounted, metric, years)
    restated = column_words + explained_by_metric(unaccounted, metric, applicant)
    unaccounted = tuple(w for w in unaccounted if w not in restated)
    unaccounted += examples_only(scan.matches, metric)  # "涉及商业秘密那一项": an example, not the row
    unaccounted = unaccounted + tuple(w for w in unused_cell_words(scan.matches, metric, applicant,
                                                                        one_year=len(set(years)) == 1)
                                      if w not in unaccounted and w not in carry_words) + tuple(also_left)
    listing = parts_listed(question, scan.matches, unaccounted, metric)  # "（不掌握、需另行制作、仍不明确）"
    group_sum = next((d for d in rf.DERIVED_BY_ID.values() if d.kind == "sum" and metric.row in d.parts), None) \
        if metric.table == 3 and metric.row and not metric.per else None
    if not listing and group_sum is not None and any(
            t.kind == "derived" and t.id == group_sum.id for m in scan.matches for t in m.targets):
        # "could not provide … (not held + would need creating + still unclear)": the group, its parts listed
        as_group = Metric(3, derived=group_sum.id)
        listing = parts_listed(question, scan.matches, unaccounted, as_group)
        if listing:
            metric = as_group
            # the group's count is explained now ("不掌握、要另行制作、补正后还不明确三种都算上")
            counted = grounding.counted_words(question, scan.leftover, 3, len(group_sum.parts), spans, set_sizes)
            unaccounted = tuple(w for w in unaccounted if w not in counted)
    unaccounted = tuple(w for w in unaccounted if w not in listing)
    if metric.derived and formula.asks_each(question):
        # "复议和诉讼各多少件": a total named by its joined parts, asked part by part (never their sum)
        unaccounted += tuple(m.text for m in scan.matches if any(t.kind == "derived" and t.id == metric.derived
                                                                 for t in m.targets)
                             and re.search(r"和|、|\band\b", m.text) and m.text not in unaccounted)
    if applicant and "+" in applicant:  # "private citizens plus law firms": the plus joins the columns added
        unaccounted = tuple(w for w in unaccounted if w.lower() not in formula.PLUS)
    total = rf.DERIVED_BY_ID.get(metric.derived or "")
    if total is not None and total.kind == "sum" and total.table == 3 and len({
            t.id for m in scan.matches for t in m.targets if t.kind == "t3row" and t.id in total.parts}) >= 2:
        # "the new ones plus those carried over": the plus joins the parts of the total asked
        unaccounted = tuple(w for w in unaccounted if w.lower() not in formula.PLUS)
    if applicant and applicant != rf.APPLICANT_TOTAL:
        # "(like property or company registration searches)": an applicant type named only inside examples of the
        # row is no column asked (read as one, it was a wrong number)
        examples = grounding.example_spans(question)
        naming = [m for m in scan.matches if any(t.kind in ("applicant", "orgs") and t.id in applicant.split("+")
                                                 for t in m.targets)]
        if naming and all(any(a <= m.start and m.end <= b for a, b in examples) for m in naming):
            unaccounted += tuple(m.text for m in naming if m.text not in unaccounted)
    set_aside, contradicted = set_aside_siblings(question, scan.matches, metric, applicant)
    unaccounted = tuple(w for w in unaccounted if w.lower() not in set_aside) + tuple(
        w for w in contradicted if w not in unaccounted)
    # "其他处理里归为“其他”情形的": a word that is one part's own label ("其他" is 3.其他) beside the group's
    # total names that part, not the total; asked back (it was read as the group once a word around it was known)
    total = rf.DERIVED_BY_ID.get(metric.derived or "")
    if total is not None and total.kind == "sum" and total.table == 3:
        labels = {_strip_number(rf.T3_ROW_BY_ID[p].label): p for p in total.parts}
        own = [m for m in scan.matches if m.text.strip("“”\"'") in labels and all(t.kind == "topic" for t in m.targets)]
        group_id = rf.T3_ROW_BY_ID[total.parts[0]].group
        group = _strip_number(rf.GROUPS[group_id].label) if group_id in rf.GROUPS else None
        inside = [m for m in own if group and re.search(re.escape(group) + _INSIDE_GROUP, question[:m.start])]
        if len(own) == 1 and inside:
            # "其他处理那栏里的其他": the part of that label inside the group just named, not the group
            return Metric(3, row=labels[own[0].text.strip("“”\"'")]), unaccounted
        unaccounted += tuple(m.text for m in own if m.text not in unaccounted)
    # "lawsuits filed after a review decision, outcome listed as 'other'": 其他 is a result of every 表四 block
    # as well; beside a block's total it names that result, and was read as the total
    if metric.table == 4 and (metric.derived or (metric.column or "").endswith(".total")):
        other = {_fold(w)[0] for w in ("其他", "other", "others")}
        unaccounted += tuple(m.text for m in scan.matches if _fold(m.text.strip("“”\"'‘’"))[0] in other
                             and all(t.kind == "topic" for t in m.targets) and m.text not in unaccounted)
    return metric, unaccounted


def words_the_reading_explains(question: str, unaccounted: tuple[str, ...], operation: str, flags: Sequence[str],
                               agencies: Sequence[str], mentions: Sequence[AgencyMention],
                               negated: Sequence[AgencyMention], year_count_left: Sequence[str],
                               years_written: Sequence[_YearItem], context: Query | None,
                               catalog: Catalog) -> tuple[str, ...]:
    """The leftover words once the whole reading is known: those its operation, agencies or years explain
    are dropped (a ranking's which- and more-words, the plus joining the agencies summed, a negation that set
    an organ aside, a word ending a span of years); words that leave it open are added (a column asked for by
    name, a rate read in several ways, a year count that is not what is stored, "that year" after several)."""
    if operation == "sum" and len(agencies) >= 2:  # "加上公安局的": the plus joins the agencies summed
        unaccounted = tuple(w for w in unaccounted if w not in formula.PLUS)
    if "more_than" in flags:  # "how many more … than 2019": the more-word states the change
        unaccounted = tuple(w for w in unaccounted if w.lower() not in words.RANK_MORE)
    if operation in ("trend", "change") and len({y for item in years_written for y in item.years}) >= 2:
        # "how have requests moved year by year from 2019 to 2022": the verb of the series asked
        unaccounted = tuple(w for w in unaccounted if w.lower() not in words.TREND_VERBS)
    if operation in ("rank", "compare"):  # in a ranking or comparison, its which- and more-words are accounted for
        # ("自然人提的多还是企业提的多": 的多 is the more-word after a particle)
        unaccounted = tuple(w for w in unaccounted if w.lower().lstrip("的") not in (*words.RANK_MORE, *words.RANK_WHICH,
                                                                                      *words.RANK_WHICH_AGENCY)
                            and not (w.startswith(words.RANK_WHICH) and w.endswith(words.RANK_MORE)))
    if operation == "value" and len(agencies) <= 1 and mentions_any(question, words.RANK_WHICH) \
            and mentions_any(question.replace("多少", ""), words.RANK_MORE):
        # "跟沭阳发改局比，谁新收的申请多？" with nothing to compare with: one agency's figure is no answer
        unaccounted = unaccounted + (first_mention(question, words.RANK_WHICH) or "",)
    # "which applicant type filed the lawsuits": a column asked for by name, which no cell answers
    # … and a rate read in several ways (拒绝率): asked back, never one reading picked
    which_column = tuple(w for w in (*words.ASKS_WHICH_COLUMN, *words.UNSETTLED_RATES,
                                     *(words.ASKS_WHICH_ROW if operation != "rank" else ())) if w in question.lower())
    if which_column:
        unaccounted = unaccounted + tuple(w for w in which_column[:1] if w not in unaccounted)
    # "上海2019年市政府办公厅…": a word left beside the agency's name that is part of that name restates it
    unaccounted = not_placing(question, not_restating(unaccounted, agencies, catalog), agencies, mentions, catalog)
    # "（管委会那份，不是公安局）", "(not the public security bureau)": the negation that set an organ aside
    # (only that one: a negation before a mention dropped for another reason still asks back — with it
    # explained away, a held-out fresh question was answered with a wrong number)
    negations = {w for m in negated for w in negations_before(question, m.text)}
    unaccounted = tuple(w for w in unaccounted if w.lower() not in negations)
    unaccounted = unaccounted + tuple(w for w in year_count_left if w not in unaccounted)
    # "since 2019 … through 2022": the word that ends a span of years, right before a year named
    unaccounted = tuple(w for w in unaccounted if not (w.lower() in words.BEFORE_LAST_YEAR and any(
        re.search(rf"\b{re.escape(w)}\s+{re.escape(item.raw)}", question, re.IGNORECASE) for item in years_written)))
    # "收到的公开申请数量": 公开 left beside a metric phrase, inside the question's own request frame
    unaccounted = tuple(w for w in unaccounted if not any(w in f and f in question for f in words.REQUEST_FRAMES))
    if operation == "value" and "inherited_years" in flags and context is not None and len(set(context.years)) >= 2 \
            and (pointer := first_mention(question, words.ONE_YEAR_POINTER)) is not None:
        # "And how many were partially disclosed that year?" after 2021 and 2022: which year is not said
        unaccounted = unaccounted + (pointer,)
    return unaccounted


# "Article 20(5)", "Art. 20(1)", "第二十条第（八）项": the 表二 block a row is printed under
_ARTICLE_20 = re.compile(r"(?:\bArticle|\bArt\.?|第)\s*(?:20|二十)\s*条?\s*(?:第\s*)?[（(]\s*([1-9一二三四五六七八九])\s*[)）]\s*项?",
                         re.IGNORECASE)


# "Art. 16(1)", "Article 36 (7)", "Art. 16 para. 2", "第十六条第二款", "第三十六条第（七）项"
_ARTICLE = re.compile(r"(?:\bArticles?|\bArts?\.?|第)\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*条?"
                      r"(?:\s*(?:\(\s*(\d)\s*\)|（\s*(\d|[一二三四五六七八九])\s*）|,?\s*para(?:graph)?\.?\s*(\d)"
                      r"|第\s*[（(]?\s*(\d|[一二三四五六七八九])\s*[）)]?\s*[项款]))?", re.IGNORECASE)


def _article_of_t3_row(question: str, metric: Metric) -> list[tuple[int, int]]:
    """Spans of the 条例 article references that the understood 表三 row applies ("Art. 16(1)" beside internal
    affairs); a reference to another article explains nothing, and stays a word the reading leaves open."""
    rows = set(metric.parts or (metric.row or "",))
    derived = rf.DERIVED_BY_ID.get(metric.derived or "")
    if derived is not None and derived.table == 3:
        rows |= set(derived.parts)
    articles = {a for r in rows for a in rf.T3_ROW_ARTICLES.get(r, ())}
    out = []
    for m in _ARTICLE.finditer(question):
        number = cn_number(m.group(1))
        sub = next((g for g in m.groups()[1:] if g), None)
        sub_n = cn_number(sub) if sub else None
        if number is None or number == 20:
            continue
        if (f"{number}({sub_n})" in articles if sub_n is not None else str(number) in {a.split("(")[0] for a in articles}) \
                or (sub_n is not None and str(number) in articles):
            out.append((m.start(), m.end()))
    return out


def _article_of_row(question: str, metric: Metric) -> list[tuple[int, int]]:
    """Spans of the Art. 20 references that name the block the understood 表二 row is in (its numbers are
    explained by the row); a reference to another block explains nothing. For a 表三 row, the 条例 article
    it applies."""
    if metric.table == 3:
        return _article_of_t3_row(question, metric)
    if metric.table != 2:
        return []
    rows = set(metric.parts or (metric.row or "",))
    blocks = {b.group.id.split(".")[-1] for fmt in rf.FORMATS for b in rf.T2_BLOCKS[fmt] if rows & {r.id for r in b.rows}}
    return [(m.start(), m.end()) for m in _ARTICLE_20.finditer(question)
            if str(grounding.number_value(m.group(1)) or m.group(1)) in blocks]


def set_aside_siblings(question: str, matches: Sequence[_Match], metric: Metric, applicant: str | None
                       ) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words of clauses that set aside only *other* parts beside the one asked, lower-cased: "(individuals,
    not companies)" beside individuals' requests, "neither businesses, research bodies, NGOs nor law firms"
    beside the other organisations', "not a missed clarification deadline and not an unpaid fee" beside
    （六）3.其他; and the words of any clause that sets aside the very part understood (then nothing is
    explained: the reading is the one the question excludes). A clause naming anything else explains nothing."""
    asked = set()
    siblings = set()
    if applicant is not None and applicant != rf.APPLICANT_TOTAL:
        asked.add(("applicant", applicant))
        if applicant == rf.ORGANISATION_HEADER.id:  # "organisations that are neither businesses … nor law firms":
            # a column set aside is inside the organisations' sum, which is then not the figure asked
            asked |= {("applicant", c) for c in rf.ORGANISATION_COLUMN_IDS}
        siblings |= {("applicant", c.id) for c in rf.APPLICANT_COLUMNS if c.id != applicant}
        if applicant == rf.APPLICANT_COLUMNS[0].id:  # "individuals rather than organisations": every other column
            siblings.add(("orgs", rf.ORGANISATION_HEADER.id))
        elif applicant == rf.ORGANISATION_HEADER.id:  # "organisations, not individuals"
            siblings.add(("applicant", rf.APPLICANT_COLUMNS[0].id))
    row = rf.T3_ROW_BY_ID.get(metric.row or "") if metric.table == 3 else None
    if row is not None:
        asked.add(("t3row", row.id))
    if row is not None and row.group:
        siblings |= {("t3row", r.id) for r in rf.T3_ROWS if r.group == row.group and r.id != row.id}
    caseload = rf.DERIVED_BY_ID[rf.CASELOAD].parts
    if row is not None and row.id in caseload:  # "new ones, not those carried over from last year"
        siblings |= {("t3row", r) for r in caseload if r != row.id}
    if metric.table == 4 and metric.column and not metric.derived:
        outcome = metric.column.split(".")[-1]  # "an 'other' result — neither upheld nor corrected"
        asked.add(("t4out", outcome))
        siblings |= {("t4out", o.id) for o in rf.T4_OUTCOMES if o.id not in (outcome, "total")}
    starting = {m.start: m for m in matches}
    explained: set[str] = set()
    for head in grounding.SET_ASIDE.finditer(question):
        # the parts set aside: the matches right after the head, joined only by joining words ("not companies",
        # "neither businesses, research bodies, NGOs nor law firms"); "could not provide" sets nothing aside
        chain, between, pos = [], [head.group().lower(), *head.group().lower().split()], head.end()
        while True:
            gap = grounding.SET_ASIDE_JOINING.match(question, pos)
            at = gap.end() if gap else pos
            if at not in starting:
                break
            between += [w for w in re.split(r"[\s,，、/]+", question[pos:at].lower()) if w]
            chain.append(starting[at])
            pos = starting[at].end
        if not chain:
            continue
        if against := [m.text for m in chain if any((t.kind, t.id) in asked for t in m.targets)]:
            return frozenset(), tuple(against)  # "other reasons — not a missed clarification": not that row
        if all(any((t.kind, t.id) in siblings for t in m.targets) for m in chain):
            explained |= {m.text.lower() for m in chain} | set(between)
    return frozenset(explained), ()
