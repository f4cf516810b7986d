"""Cells of one report set side by side.

Two compared: "淮安市24年行政复议里 维持的多还是纠正的多", "were more requests partially disclosed or fully
disclosed?". The question names one agency, one year and exactly two cells of one table (two 表三 rows, or two
results of one 表四 block), with a comparison's words ("…多还是…多", "more … or …", 比较); the answer gives both
cells and the second less the first, in the question's order.

A group's parts ranked: "淮安市政府2024年不予公开的各种理由中用得最多的是哪一条？", "which outcome was most common
in Huai'an's 2024 reconsideration cases?". A ranking over one agency's one year has no agencies or years to rank,
so it ranks the parts of the group named: the reasons of a 表三 group, the results of a 表四 block."""
from __future__ import annotations

import re

from index import reportformat as rf

from . import words
from .lexicon import _FRAMING_ROWS
from .mentions import _Match
from .spans import mentions_any
from .types import Metric
from .years import format_of



# "A比B还多吗", "…比予以公开的多": one cell against another, said the Chinese way
_MORE_THAN_ZH = re.compile(r"比[^，,。？?；;]{1,24}?(?:还|更)?(?:多|少)")


def compared_cells(question: str, matches: list[_Match], metric: Metric | None, unaccounted: tuple[str, ...],
                   n_agencies: int, n_years: int) -> tuple[tuple[Metric, Metric], tuple[str, ...]] | None:
    """The two cells compared, in the question's order, and the words they account for; None otherwise."""
    if metric is None or n_agencies != 1 or n_years != 1 or metric.per or metric.per_parts \
            or metric.table not in (2, 3, 4):
        return None
    # ("被纠错的和被维持的哪个多一些": a which-word and a more-word ask it too)
    # ("…more often than it granted requests in full": a more-word and "than" ask it as well)
    asks = (mentions_any(question, words.RANK_MORE)
            and mentions_any(question, (*words.EITHER_OR, *words.RANK_WHICH, *words.THAN))) \
        or mentions_any(question, words._OP_WORDS["compare"]) or _MORE_THAN_ZH.search(question) is not None
    if not asks:
        return None
    if metric.derived == "litigation_total":
        # "more lawsuits filed directly or more filed after reconsideration?": the two suits' totals, in the
        # question's order (both named, nothing else of 表四)
        blocks = [(m.start, t.id) for m in matches for t in m.targets if t.kind == "t4block"]
        named = list(dict.fromkeys(b for _, b in sorted(blocks)))
        if len(named) != 2 or set(named) != set(rf.SUIT_BLOCKS):
            return None
        return tuple(Metric(4, row=rf.T4_ROW.id, column=f"{b}.total") for b in named), ()  # type: ignore[return-value]
    if metric.derived:
        return None
    if metric.table == 4 and (metric.column or "").endswith(".total") and not metric.parts:
        # "more reconsideration cases or more lawsuits filed directly?": the two blocks' totals, in the question's order
        own_block = (metric.column or "").split(".")[0]
        blocks = {(m.start, t.id, m.text) for m in matches for t in m.targets if t.kind == "t4block"}
        other = {(at, b, text) for at, b, text in blocks if b != own_block and text in unaccounted}
        if len({b for _, b, _ in other}) == 1:
            other_at, other_block, word = min(other)
            first_at = min((at for at, b, _ in blocks if b == own_block), default=None)
            if first_at is not None:
                second = Metric(4, row=rf.T4_ROW.id, column=f"{other_block}.total")
                return ((metric, second) if first_at < other_at else (second, metric)), (word,)
    if metric.table == 2:
        # "行政处罚决定和行政许可决定，哪个更多": two rows of 表二, the same column of each, in the question's order
        if metric.parts or not metric.column:
            return None
        rows = {(m.start, t.id, m.text) for m in matches for t in m.targets if t.kind == "t2row"}
        other = {(at, r, text) for at, r, text in rows if r != metric.row and text in unaccounted}
        if len({r for _, r, _ in other}) != 1:
            return None
        other_at, other_row, word = min(other)
        first_at = min(at for at, r, _ in rows if r == metric.row)
        second = Metric(2, row=other_row, column=metric.column)
        pair = (metric, second) if first_at < other_at else (second, metric)
        return pair, (word,)
    if metric.table == 3 and len(metric.parts) == 2:
        # "partially disclosed or fully disclosed": the two rows the question joined, in its order
        return (Metric(3, row=metric.parts[0]), Metric(3, row=metric.parts[1])), ()
    if metric.parts:
        return None
    own = metric.row if metric.table == 3 else (metric.column or "").split(".")[-1]
    block = (metric.column or "").split(".")[0] if metric.table == 4 else ""
    kind = "t3row" if metric.table == 3 else "t4out"
    others = {(m.text, t.id, m.start) for m in matches if m.text in unaccounted for t in m.targets
              if t.kind == kind and t.id != own and not (kind == "t3row" and t.id in _FRAMING_ROWS)
              and not (kind == "t4out" and t.id == "total")}
    if len({i for _, i, _ in others}) != 1:
        return None
    word, other_id, other_at = min(others, key=lambda o: o[2])
    first_at = min((m.start for m in matches for t in m.targets if t.kind == kind and t.id == own), default=None)
    if first_at is None:
        return None
    other = Metric(3, row=other_id) if metric.table == 3 else Metric(4, row=rf.T4_ROW.id, column=f"{block}.{other_id}")
    pair = (metric, other) if first_at < other_at else (other, metric)
    return pair, (word,)


def ranked_cells(metric: Metric | None, operation: str, n_agencies: int, years: tuple[int, ...]) -> tuple[Metric, ...]:
    """The parts of the group a ranking over one report names, each a cell of its own; () when it names none."""
    if operation != "rank" or n_agencies != 1 or len(set(years)) != 1 or metric is None or metric.per \
            or metric.per_parts:
        return ()
    if metric.table == 3:
        # the 表三 group a derived total adds up (（三）不予公开（合计）: denied), or the group row named
        total = rf.DERIVED_BY_ID.get(metric.derived or "")
        of_total = {p.split(".")[0] for p in total.parts} if total is not None and total.table == 3 else set()
        group = (of_total.pop() if len(of_total) == 1 else "") or (metric.row or "")
        rows = rf.t3_group_rows(group, format_of(years[0])) if group else ()
        return tuple(Metric(3, row=r.id) for r in rows) if len(rows) >= 2 else ()
    if metric.table == 4 and not metric.derived and (metric.column or "").endswith(".total"):
        block = (metric.column or "").split(".")[0]
        return tuple(Metric(4, row=rf.T4_ROW.id, column=f"{block}.{o.id}") for o in rf.T4_OUTCOMES if o.id != "total")
    return ()
