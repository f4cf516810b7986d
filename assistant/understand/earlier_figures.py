"""Operations on the figures given in the turns before: "这两个加起来", "这三个里哪个最多", "add those three",
"前者占后者百分之多少", "and the two years combined?".

A follow-up that names nothing but an operation (and, maybe, how many figures it means) works on figures already
given: those of the last turns, one figure each, or the several figures of the last turn. It is read as the one
question naming all of them would be — every agency, year and cell is one the turns before grounded, so nothing is
filled in. Anything else in the question, or figures that do not fit together (a share of two unrelated cells, a
count that is not the number of figures given), leaves it to the other readings, which ask back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from index import reportformat as rf

from .dialogue import pair_operation, t4_columns
from .spans import mentions_any
from .types import Metric, Query
from .words import (
    _OP_WORDS,
    EARLIER_FIGURES,
    EITHER_OR,
    PREVIOUS_PAIR,
    PRINTED_TOTAL,
    RANK_MORE,
    RANK_WHICH,
)

_NUMERALS: dict[str, int] = {k.lower(): int(v) for k, v in EARLIER_FIGURES["numerals"].items()}
_ZH = "|".join(re.escape(w) for w in sorted((k for k in _NUMERALS if not k.isascii()), key=len, reverse=True))
_EN = "|".join(re.escape(w) for w in sorted((k for k in _NUMERALS if k.isascii()), key=len, reverse=True))


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# a word of the question that counts the figures: "这三个", "三家", "三年", "those three", "the three years"
_ZH_COUNT = (rf"(?:{_alt(EARLIER_FIGURES['zh_pointers'])})*(?P<zh>{_ZH})(?:{_alt(EARLIER_FIGURES['zh_counters'])})?")
_EN_COUNT = (rf"(?:(?:{_alt(EARLIER_FIGURES['en_pointers'])})\s+)?(?P<en>{_EN})"
             rf"(?:\s+(?:{_alt(EARLIER_FIGURES['en_counters'])}))?")
_COUNT_WORD = re.compile(f"{_ZH_COUNT}|{_EN_COUNT}", re.IGNORECASE)
# a count in the question's text: a Chinese numeral with its pointer or counter ("这三个", "三家"; not the 三 of
# 三类内部事务), an English one as a word
_COUNT_IN_TEXT = re.compile(
    rf"(?:{_alt(EARLIER_FIGURES['zh_pointers'])})(?P<zh1>{_ZH})|(?P<zh2>{_ZH})(?:{_alt(EARLIER_FIGURES['zh_counters'])})"
    rf"|\b(?P<en>{_EN})\b", re.IGNORECASE)
_JOINING = frozenset(w.lower() for w in EARLIER_FIGURES["joining"])
_SUM_WORDS = tuple(EARLIER_FIGURES["sum_words"])
_SEVERAL = tuple(EARLIER_FIGURES["several"])
_FIRST_OVER_SECOND = tuple(EARLIER_FIGURES["first_over_second"])
_SECOND_OVER_FIRST = tuple(EARLIER_FIGURES["second_over_first"])
_PAIR_WORDS = frozenset(w.lower() for w in (*PREVIOUS_PAIR, *RANK_MORE, *RANK_WHICH, *EITHER_OR))


def counted(word: str) -> int | None:
    """How many figures a word of the question counts ("这三个" 3, "those two" 2); None when it is no count."""
    found = _COUNT_WORD.fullmatch(word.strip())
    if found is None:
        return None
    return _NUMERALS[(found.group("zh") or found.group("en")).lower()]


def counts_in(question: str) -> set[int]:
    """Every count of figures the question says, wherever it says it ("这三家里谁最多": 3, however the word was read)."""
    return {_NUMERALS[next(g for g in m.groups() if g).lower()] for m in _COUNT_IN_TEXT.finditer(question)}


def _operation(question: str, own: Query) -> str | None:
    """The operation asked of the figures: a share, the pair's operation ("加起来", "哪个多"), the one the question
    read alone states, else a word for a share or a total."""
    if own.operation == "ratio" or mentions_any(question, _OP_WORDS["ratio"]):
        return "ratio"  # "combined, as a share of total handled?": the share of the figures added
    if (said := pair_operation(question)) is not None:
        return said  # "这两个哪个多": the two set side by side (read alone, "哪个多" ranks)
    if own.operation != "value":
        return own.operation
    if mentions_any(question, (*_OP_WORDS["ratio"], *_FIRST_OVER_SECOND, *_SECOND_OVER_FIRST)):
        return "ratio"
    return "sum" if mentions_any(question, _SUM_WORDS) else None


def _one_figure(q: Query) -> bool:
    """Whether a turn gave one figure: one cell of one report, grounded and answered."""
    return q.grounded and q.operation == "value" and q.metric is not None and not q.compared \
        and len(q.agencies) == 1 and len(set(q.years)) == 1 and q.route == "figures"


def _several_figures(q: Query) -> bool:
    """Whether a turn gave one cell of several reports, each figure on its own ("2020年和2021年各多少")."""
    return q.grounded and q.operation == "value" and q.metric is not None and not q.compared \
        and q.route == "figures" and (len(q.agencies) >= 2 or len(set(q.years)) >= 2)


def _only_counts(own: Query) -> bool:
    """Whether every word the question read alone leaves over is a count, a word pointing back at the figures, or
    one joining them to the operation ("这三个里", "those two", "前者占后者")."""
    phrases = (*_FIRST_OVER_SECOND, *_SECOND_OVER_FIRST, *_SEVERAL)
    return all(counted(w) is not None or w.lower() in _PAIR_WORDS or w.lower() in _JOINING
               or mentions_any(w, phrases) or any(w.lower() in p.lower() for p in phrases if not w.isascii())
               for w in own.unaccounted)


def _cells_added(metrics: Sequence[Metric]) -> Metric | None:
    """Several cells of one report added up: plain 表三 rows, or 表四 cells sharing no case (None otherwise)."""
    if all(m.table == 3 and m.row and not (m.parts or m.derived or m.per or m.per_parts) for m in metrics):
        rows = tuple(m.row for m in metrics)  # type: ignore[misc]
        return Metric(3, parts=rows) if len(set(rows)) == len(rows) else None  # type: ignore[arg-type]
    if all(m.table == 2 and m.row and not m.parts for m in metrics) and len({m.column for m in metrics}) == 1 \
            and len({m.row for m in metrics}) == len(metrics):
        # "行政处罚决定多少 / 行政强制呢 / 这俩加起来": 表二 rows of one column, added
        return Metric(2, parts=tuple(m.row for m in metrics), column=metrics[0].column)  # type: ignore[misc]
    if all(m.table == 4 for m in metrics):
        # each a column, its parts, or a total's parts ("诉讼" is both lawsuits); a block's total beside one of its
        # results counts a case twice
        columns = [c for m in metrics for c in t4_columns(m)]
        if not all(t4_columns(m) for m in metrics) or len(set(columns)) != len(columns):
            return None
        totalled = [c.split(".")[0] for c in columns if c.endswith(".total")]
        if any(c.split(".")[0] in totalled and not c.endswith(".total") for c in columns):
            return None
        return Metric(4, row=rf.T4_ROW.id, parts=tuple(columns))
    return None


def _is_base(metric: Metric, other: Metric) -> bool:
    """Whether ``metric`` is the whole ``other`` is a share of: a 表三 base row (new requests, all handled), or the
    total of the 表四 block ``other`` is in."""
    if metric.table == 3 and other.table == 3:
        return bool(metric.row) and metric.row in rf.SHARE_DENOMINATOR_ROWS and not metric.parts and not metric.derived
    if metric.table == 4 and other.table == 4 and metric.column and other.column:
        return metric.column.endswith(".total") and not other.column.endswith(".total") \
            and metric.column.split(".")[0] == other.column.split(".")[0]
    return False


def _share(part: Metric, base: Metric) -> Metric | None:
    """``part`` as a share of ``base``, one report's two cells (None when no such share is computed)."""
    if part.table == 3 and base.table == 3 and base.row and not (base.parts or base.derived or base.per or base.per_parts) \
            and not (part.per or part.per_parts):
        if part.row and not part.parts and not part.derived:
            return Metric(3, row=part.row, per=base.row)
        if part.parts:
            return Metric(3, parts=part.parts, per=base.row)
    if part.table == 4 and base.table == 4 and part.column and base.column and _is_base(base, part):
        return Metric(4, row=part.row, column=part.column, per=base.column)
    return None


def _share_of_two(question: str, first: Query, second: Query) -> tuple[Metric, str | None] | None:
    """The share of the two figures the question asks: which is over which, said ("前者占后者") or plain from the
    cells (a part over its whole: 不掌握的 over 办结总数, natural persons' requests over all new requests); the
    metric and the applicant column. None when neither is plainly the whole."""
    a, b = first.metric, second.metric
    assert a is not None and b is not None
    if a == b and first.applicant != second.applicant and a.table == 3 and a.row and not a.is_derived:
        # one row, two columns: the applicant type's share of the row's 总计
        total = {first.applicant, second.applicant} & {rf.APPLICANT_TOTAL, None}
        part = next((q.applicant for q in (first, second) if q.applicant not in (rf.APPLICANT_TOTAL, None)), None)
        return (Metric(3, row=a.row, per=a.row), part) if total and part else None
    if first.applicant != second.applicant or a == b:
        return None
    said = True  # which is over which, said ("前者占后者"), or plain from the cells
    if mentions_any(question, _FIRST_OVER_SECOND):
        part, base = a, b
    elif mentions_any(question, _SECOND_OVER_FIRST):
        part, base = b, a
    elif _is_base(b, a) and not _is_base(a, b):
        part, base, said = a, b, False
    elif _is_base(a, b) and not _is_base(b, a):
        part, base, said = b, a, False
    else:
        return None
    share = _share(part, base)
    if share is None and said and part.table == base.table == 3 and part.row and base.row \
            and not (part.is_derived or base.is_derived):
        share = Metric(3, row=part.row, per=base.row)  # "第一个是第二个的百分之多少": which over which, said
    elif share is None and said and part.table == base.table == 4 and part.column and base.column \
            and not (part.is_derived or base.is_derived):
        share = Metric(4, row=rf.T4_ROW.id, column=part.column, per=base.column)  # "第二个占第一个多少"
    return (share, first.applicant) if share is not None else None



def of_earlier_figures(question: str, own: Query, turns: Sequence[Query]) -> Query | None:
    """The figures given before, added up, compared, ranked, listed or set as a share: "这两个加起来" after two
    figure questions, "这三个里哪个最多" after three, "加起来呢" after "2020年和2021年各多少", "前者占后者百分之多少".

    Args:
        question: the follow-up as typed.
        own: the follow-up read alone (no context): it may name the operation, the count of figures, and for a
            share the base or for the others the very cell the figures are of — nothing else.
        turns: the earlier turns' readings, oldest first, the last one last.

    Returns:
        The reading naming all of those figures, flagged ``pair_of_previous``; None when the question is not such
        a follow-up or the figures do not fit together.
    """
    operation = _operation(question, own)
    if mentions_any(question, PRINTED_TOTAL):
        return None  # "and the total they printed for it": the printed cell, not the figures added
    counts = counts_in(question)
    if len(counts) > 1:
        return None  # "两年里这三家": which figures are meant?
    count = counts.pop() if counts else None
    fits = _only_counts(own)
    # the base a share of the figures is taken of, named now ("combined, as a share of total handled?")
    base = own.metric if operation == "ratio" and own.metric is not None and (
        "ratio_of_unknown" in own.flags or (own.metric.table == 3 and own.metric.row in rf.SHARE_DENOMINATOR_ROWS
                                            and not own.metric.is_derived)) else None
    if operation is None or not turns or own.mentions or (own.years and "default_year" not in own.flags) \
            or own.unresolved or own.compared or own.topics or (not fits and base is None):
        return None
    if own.metric is not None and base is None and not (
            any if operation == "ratio" else all)(t.metric == own.metric for t in turns[-(count or 2):]):
        # a cell of its own that is not the figures' ("What fraction of the completed ones were fully disclosed?"
        # after the completed and the carried over): a question of its own, not about the figures given
        return None
    last = turns[-1]
    flags = tuple(dict.fromkeys((*last.flags, "follow_up", "pair_of_previous")))
    if _several_figures(last) and own.metric is None and operation in ("sum", "compare", "rank", "trend", "change"):
        # "平潭2020年和2021年行政强制决定各多少" then "加起来呢": the figures that turn gave, added or set side by side
        n = len(last.agency_years) if last.agency_years else len(last.agencies) * len(set(last.years))
        if count is not None and count != n:
            return None
        if len(last.agencies) == 1:
            if operation == "trend" or (operation == "compare" and n > 2):
                operation = "trend" if operation == "trend" else "rank"
            elif operation == "compare" or operation == "change":
                operation = "change"
        elif operation == "trend":
            return None
        elif operation == "compare" and n > 2:
            operation = "rank"
        return replace(last, question=question, operation=operation, flags=flags, unaccounted=(),
                       carried=("agency", "years", "metric"))
    run: list[Query] = []
    for turn in reversed(turns):
        if not _one_figure(turn):
            break
        run.insert(0, turn)
    if count is None and mentions_any(question, _SEVERAL):
        count = len(run)  # "这几个加起来": every figure given
    elif count is None and len(run) > 2:
        return None  # "加起来" after three figures: which of them? asked back
    n = count or 2
    if len(run) < n or n < 2:
        return None
    sides = run[-n:]
    same_report = len({(s.agencies, tuple(s.years)) for s in sides}) == 1
    if same_report:
        metrics = [s.metric for s in sides]
        if base is not None and base not in metrics:
            # "combined, as a share of total handled?" after the fully and the partly disclosed: those added, over the
            # base (never the last one alone: without a word adding them, which of them? — the other readings)
            if len({s.applicant for s in sides}) != 1 or base.table != 3 or not base.row \
                    or pair_operation(question) != "sum":
                return None
            part = metrics[0] if n == 1 else _cells_added(metrics)  # type: ignore[arg-type]
            share = _share(part, base) if part is not None else None
            if share is None:
                return None
            return replace(last, question=question, operation="value", metric=share, flags=flags, unaccounted=(),
                           carried=("pair",))
        if operation == "ratio":
            found = _share_of_two(question, sides[0], sides[1]) if n == 2 else None
            if found is None:
                return None
            return replace(last, question=question, operation="value", metric=found[0], applicant=found[1],
                           flags=flags, unaccounted=(), carried=("pair",))
        applicants = tuple(s.applicant for s in sides)
        if len(set(metrics)) == 1 and len(set(applicants)) == n and metrics[0] is not None and metrics[0].table == 3 \
                and metrics[0].row and not metrics[0].is_derived \
                and all(a not in (None, rf.APPLICANT_TOTAL) and "+" not in a for a in applicants):  # type: ignore[operator]
            # one row's applicant columns, one turn each ("个人的…", "商业企业呢？", "两者合计多少？"): added, or compared
            if operation == "sum":
                return replace(last, question=question, operation="value", applicant="+".join(applicants),  # type: ignore[arg-type]
                               flags=flags, carried=("pair",), unaccounted=())
            if operation == "compare" and n == 2:
                return replace(last, question=question, operation="compare", compared_columns=applicants,
                               flags=flags, carried=("pair",), unaccounted=())
            return None
        if len({s.applicant for s in sides}) != 1 or len(set(metrics)) != n:
            return None
        if operation == "compare" and n == 2:
            return replace(last, question=question, operation="compare", compared=(metrics[0], metrics[1]),
                           metric=metrics[0], flags=flags, carried=("pair",), unaccounted=())
        if operation == "sum":
            added = _cells_added(metrics)  # type: ignore[arg-type]
            # (several cells of one report: one value, as "予以公开和部分公开加起来" is read)
            return None if added is None else replace(last, question=question, operation="value", metric=added,
                                                      flags=flags, carried=("pair",), unaccounted=())
        return None
    if len({s.metric for s in sides}) != 1 or len({s.applicant for s in sides}) != 1 or operation == "ratio":
        return None
    pairs = tuple((s.agencies[0], s.years[0]) for s in sides)
    if len(set(pairs)) != n:
        return None
    agencies = tuple(dict.fromkeys(a for a, _ in pairs))
    years = tuple(sorted({y for _, y in pairs}))
    mentions = tuple(dict.fromkeys(m for s in sides for m in s.mentions))
    if len(agencies) == 1:
        # one agency's figure in several years: added, compared (two), ranked or listed
        operation = "rank" if operation == "compare" and n > 2 else operation
        if operation not in ("sum", "compare", "change", "rank", "trend"):
            return None
        return replace(last, question=question, operation=operation, mentions=mentions, agencies=agencies,
                       years=years, agency_years=(), flags=flags, carried=("pair",), unaccounted=())
    if operation == "compare" and n > 2:
        operation = "rank"
    if operation not in ("sum", "compare", "rank"):
        return None
    return replace(last, question=question, operation=operation, mentions=mentions, agencies=agencies, years=years,
                   agency_years=pairs if len(years) >= 2 or len(agencies) != n else (), flags=flags, carried=("pair",),
                   unaccounted=())
