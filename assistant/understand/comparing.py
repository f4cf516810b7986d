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
from collections.abc import Sequence
from dataclasses import dataclass, replace

from index import reportformat as rf

from . import words
from .lexicon import _FRAMING_ROWS
from .mentions import _Match
from .spans import mentions_any
from .types import Metric, Query
from .years import format_of



# "A比B还多吗", "…比予以公开的多": one cell against another, said the Chinese way
# "A比B多", "是不是比这个还多": 比 and, a few characters on, more or less (not 比例, 占比: "占比多少")
MORE_THAN_ZH = re.compile(r"(?<![占对相])比(?![例重率值])[^，,。？?；;！!]{1,24}?(?:还|更)?(?:多|少|高|低|大|小)")
# "行政处罚决定和行政许可决定哪个数量大": which one, and a few characters on, bigger or smaller
_WHICH_MORE_ZH = re.compile(r"哪(?:个|一个|项|一项|种|一种|样)[^，,。？?；;]{0,6}?(?:更)?(?:多|少|高|低|大|小)")


def _asks_comparison(question: str, also_beside_more: tuple[str, ...] = ()) -> bool:
    """Whether the question asks which of two is more: a compare word ("比较"), "A比B多", or a more-word beside
    an either-or or which-word ("被纠错的和被维持的哪个多一些") — or beside ``also_beside_more`` ("than")."""
    return (mentions_any(question, words.RANK_MORE)
            and mentions_any(question, (*words.EITHER_OR, *words.RANK_WHICH, *also_beside_more))) \
        or mentions_any(question, words._OP_WORDS["compare"]) or MORE_THAN_ZH.search(question) is not None \
        or _WHICH_MORE_ZH.search(question) is not None


@dataclass(frozen=True)
class SideBySide:
    """Two cells (or two applicant columns of one row) of one report read side by side, the words naming the second,
    and whether one less the other is asked ("制发件数 减 废止件数")."""

    cells: tuple[Metric, ...]
    columns: tuple[str, ...]
    words: tuple[str, ...]
    minus: bool


def side_by_side(question: str, matches: list[_Match], leftover: Sequence[tuple[int, int, str]], metric: Metric | None,
                 applicant: str | None, unaccounted: tuple[str, ...], operation: str, route: str, n_agencies: int,
                 explicit: Sequence[int], years: Sequence[int], previous_year_added: bool) -> SideBySide | None:
    """The two cells or columns of one report compared ("维持的多还是纠正的多", "新申请是企业来的多还是律所来的多"),
    or one less the other ("制发件数 减 废止件数", "制发的比废止的多多少", one year named: not a change over years);
    None otherwise."""
    minus = any(mentions_any(text, words.MINUS) for _, _, text in leftover)
    apart = minus or mentions_any(question, words.DIFFERENCE_ASKED)
    if not (operation in ("value", "compare") or (operation == "change" and apart and len(set(explicit)) <= 1)) \
            or route not in ("figures", "both"):
        return None
    # (the year before, added for a change over years, is no year of two cells compared)
    n_years = len(set(explicit or (years[:1] if previous_year_added else years)))
    if (both := compared_cells(question, matches, metric, unaccounted, n_agencies, n_years, minus=minus)) is not None:
        return SideBySide(both[0], (), both[1], minus)
    if (pair := columns_compared(question, matches, metric, applicant, unaccounted, n_agencies, n_years)) is not None:
        return SideBySide((), pair[0], pair[1], False)
    return None


def with_difference_asked(question: str, query: Query) -> Query:
    """The reading flagged ``difference_asked`` when two cells, years or agencies are compared by how far apart they
    are ("多多少", "how many more"): the difference is the answer, so it is stated first."""
    two = 2 in (len(query.compared), len(query.compared_columns), len(set(query.years)), len(query.agencies))
    if query.operation in ("compare", "change") and two and mentions_any(question, words.DIFFERENCE_ASKED) \
            and "difference_asked" not in query.flags:
        return replace(query, flags=(*query.flags, "difference_asked"))
    return query


def compared_cells(question: str, matches: list[_Match], metric: Metric | None, unaccounted: tuple[str, ...],
                   n_agencies: int, n_years: int, minus: bool = False
                   ) -> tuple[tuple[Metric, Metric], tuple[str, ...]] | None:
    """The two cells compared, in the question's order, and the words they account for; None otherwise.
    ``minus``: a minus word stands between cells ("制发件数 减 废止件数"): one less the other is asked."""
    if metric is None or n_agencies != 1 or n_years != 1 or metric.per or metric.per_parts \
            or metric.table not in (2, 3, 4):
        return None
    # ("…more often than it granted requests in full": a more-word and "than" ask it as well)
    if not _asks_comparison(question, words.THAN) and not minus:
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
        # "more reconsideration cases or more lawsuits filed directly?": the two blocks' totals
        named = _second_named(matches, "t4block", (metric.column or "").split(".")[0], unaccounted)
        if named is not None:
            return _in_order(named, metric, Metric(4, row=rf.T4_ROW.id, column=f"{named.other}.total"))
    if metric.table == 2:
        # "行政处罚决定和行政许可决定，哪个更多": two rows of 表二, the same column of each
        if metric.parts or not metric.column:
            return None
        named = _second_named(matches, "t2row", metric.row or "", unaccounted)
        if named is not None:
            return _in_order(named, metric, Metric(2, row=named.other, column=metric.column))
        # "which was bigger, the documents issued that year or the number repealed?": two columns of the row
        named = _second_named(matches, "t2col", metric.column, unaccounted)
        if named is None or named.other not in {c.id for c in rf.t2_row_columns(metric.row or "")}:
            return None
        return _in_order(named, metric, Metric(2, row=metric.row, column=named.other))
    if metric.table == 3 and len(metric.parts) == 2:
        # "partially disclosed or fully disclosed": the two rows the question joined, in its order
        return (Metric(3, row=metric.parts[0]), Metric(3, row=metric.parts[1])), ()
    if metric.parts:
        return None
    if metric.table == 3:
        # (a row that often only frames, 新收申请, is a side of its own beside a minus: "新收申请总数减去办理结果总计")
        named = _second_named(matches, "t3row", metric.row or "", unaccounted, skip=frozenset() if minus else _FRAMING_ROWS)
        return None if named is None else _in_order(named, metric, Metric(3, row=named.other))
    block, own = (metric.column or "").split(".")[0], (metric.column or "").split(".")[-1]
    named = _second_named(matches, "t4out", own, unaccounted, skip=frozenset({"total"}))
    if named is not None:
        return _in_order(named, metric, Metric(4, row=rf.T4_ROW.id, column=f"{block}.{named.other}"))
    # "行政复议的结果维持数，和复议后起诉的结果维持数，哪个大": one result of two blocks
    named = _second_named(matches, "t4block", block, unaccounted)
    return None if named is None else _in_order(named, metric, Metric(4, row=rf.T4_ROW.id, column=f"{named.other}.{own}"))


def columns_compared(question: str, matches: list[_Match], metric: Metric | None, applicant: str | None,
                     unaccounted: tuple[str, ...], n_agencies: int, n_years: int) -> tuple[tuple[str, str], tuple[str, ...]] | None:
    """Two applicant columns of one 表三 row compared ("新申请是企业来的多还是律所来的多", "did individuals or
    businesses file more?"): the two columns in the question's order and the word naming the second; None
    otherwise (one agency, one year, one row, exactly two columns named, and a comparison's words)."""
    if metric is None or metric.table != 3 or not metric.row or metric.derived or metric.parts or metric.per \
            or metric.per_parts or n_agencies != 1 or n_years != 1:
        return None
    named = sorted({(m.start, t.id, m.text) for m in matches for t in m.targets
                    if t.kind in ("applicant", "orgs") and t.id != rf.APPLICANT_TOTAL})
    ids = list(dict.fromkeys(i for _, i, _ in named))
    if len(ids) != 2 or applicant not in ids:
        return None
    if not _asks_comparison(question):
        return None
    second = next(w for _, i, w in named if i == ids[1])
    return (ids[0], ids[1]), (second,) if second in unaccounted else ()


@dataclass(frozen=True)
class _Named:
    """The one other cell of a kind named beside the understood one: its id, its word, and where each is named."""

    other: str
    word: str
    other_at: int
    own_at: int


def _second_named(matches: list[_Match], kind: str, own: str, unaccounted: tuple[str, ...],
                  skip: frozenset[str] = frozenset()) -> _Named | None:
    """The one other cell of ``kind`` the question names (by a word left unaccounted) beside ``own``; None unless
    exactly one other is named and ``own`` is named too."""
    others = {(m.start, t.id, m.text) for m in matches if m.text in unaccounted for t in m.targets
              if t.kind == kind and t.id != own and t.id not in skip}
    if len({i for _, i, _ in others}) != 1:
        return None
    other_at, other, word = min(others)
    own_at = min((m.start for m in matches for t in m.targets if t.kind == kind and t.id == own), default=None)
    return None if own_at is None else _Named(other, word, other_at, own_at)


def _in_order(named: _Named, metric: Metric, second: Metric) -> tuple[tuple[Metric, Metric], tuple[str, ...]]:
    """The two cells in the question's order, and the word naming the second."""
    return ((metric, second) if named.own_at < named.other_at else (second, metric)), (named.word,)


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
