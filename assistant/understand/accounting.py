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

from . import grounding, words
from .mentions import _Scan
from .metrics import column_named_in_row, examples_only, explained_by_metric, parts_listed, unused_cell_words
from .text import _strip_number
from .types import Metric
from .words import NumberedRow

# "两种起诉", "both kinds of lawsuits": 表四's two suits counted right before the suits
_BOTH_SUITS = re.compile(r"(?:两|二|2|two|both)\s*(?:种|类|个|kinds?\s+of|types?\s+of)?\s*(?:起诉|诉讼|官司|lawsuits?|suits?)",
                         re.IGNORECASE)


def account_for(question: str, scan: _Scan, metric: Metric, applicant: str | None, years: Sequence[int],
                set_sizes: frozenset[int], numbered_row: NumberedRow | None, carry_words: Sequence[str],
                also_left: Sequence[str]) -> tuple[Metric, tuple[str, ...]]:
    """The metric, refined by what the leftover words say (a group's n-th row, a 表二 row's column, a group
    whose parts are listed), and the words still unaccounted for.

    Args:
        set_sizes: how many agencies, years and reports the question covers ("the two reports": explained).
        numbered_row: the 表三 row the question named by its numbers, if any ("（六）3").
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
    if metric.table == 3 and metric.row and rf.T3_ROW_BY_ID[metric.row].group:
        head = rf.T3_ROW_BY_ID[metric.row].label.split(".", 1)[0]
        item_number = int(head) if head.isdigit() else None
    spans = grounding.explained_numbers(question, scan.leftover, metric.table, item_count, item_number, set_sizes)
    if numbered_row is not None and metric == Metric(3, row=numbered_row.row):
        spans.extend(numbered_row.spans)
    unaccounted = grounding.unaccounted(grounding.without(scan.leftover, spans))
    # "the second sub-item" that is not the row understood names another row ("first", "second" are
    # otherwise function words: "first half", "the second report")
    if words.table3_row_by_number(question) != metric.row:  # "first row of table 3": the new requests
        unaccounted += tuple(m.group(1) for m in grounding.ORDINAL_WORD.finditer(question)
                             if (m.start(1), m.end(1)) not in spans and m.group(1) not in unaccounted)
    metric, column_words = column_named_in_row(unaccounted, metric, years)
    restated = column_words + explained_by_metric(unaccounted, metric, applicant)
    unaccounted = tuple(w for w in unaccounted if w not in restated)
    unaccounted += examples_only(scan.matches, metric)  # "涉及商业秘密那一项": an example, not the row
    unaccounted = unaccounted + tuple(w for w in unused_cell_words(scan.matches, metric, applicant)
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
    unaccounted = tuple(w for w in unaccounted if w not in listing)
    # "其他处理里归为“其他”情形的": a word that is one part's own label ("其他" is 3.其他) beside the group's
    # total names that part, not the total; asked back (it was read as the group once a word around it was known)
    total = rf.DERIVED_BY_ID.get(metric.derived or "")
    if total is not None and total.kind == "sum" and total.table == 3:
        labels = {_strip_number(rf.T3_ROW_BY_ID[p].label) for p in total.parts}
        unaccounted += tuple(m.text for m in scan.matches if m.text.strip("“”\"'") in labels
                             and all(t.kind == "topic" for t in m.targets) and m.text not in unaccounted)
    return metric, unaccounted
