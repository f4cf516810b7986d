"""Parts a question leaves open that only the asker can settle, offered back as the cells each could mean.

* a 表四 result named without its block ("how many cases ended with the decision upheld?"): reconsideration,
  or either kind of lawsuit — never quoted from the text, whose first such sentence is the reconsideration
  block's (a wrong number for a lawsuit question);
* a 表二 column named without its row ("表二里“现行有效”那一列"): each row that has that column;
* requests counted with no cell named ("平潭22年申请一共多少件"): the new ones, new plus carried over, or all
  handled — never the text's own count ("收到申请75件" is new plus carried over).
"""
from __future__ import annotations

from index import reportformat as rf

from . import words
from .metrics import _Found
from .mentions import _Match
from .spans import first_mention, mentions_any
from .types import Metric


def open_readings(question: str, matches: list[_Match], found: _Found, metric: Metric | None, route: str,
                  not_recorded: bool, unaccounted: tuple[str, ...]) -> tuple[tuple[Metric, ...], str, tuple[str, ...]]:
    """(the cells to offer back, the word left open, flags); ((), "", ()) when nothing is left open."""
    if metric is not None or not_recorded or found.topics:
        return (), "", ()
    if "text" not in found.cues and (outcome := _result_without_block(matches)) is not None:
        word, result = outcome
        return (tuple(Metric(4, row=rf.T4_ROW.id, column=f"{b.id}.{result}") for b in rf.T4_BLOCKS), word,
                ("semantic_readings", "cell_unnamed"))
    if "text" not in found.cues and (column := _column_without_row(matches)) is not None:
        word, column_id, rows = column
        return tuple(Metric(2, row=r, column=column_id) for r in rows), word, ("semantic_readings", "cell_unnamed")
    if route == "narrative" and "figure" in found.cues and not (found.cues & {"text", "manner"}) \
            and found.section in (None, rf.SECTIONS[2].number) and not unaccounted \
            and (word := first_mention(question, words.REQUESTS_NAMED)) is not None:
        return ((Metric(3, row=rf.T3_ROWS[0].id), Metric(3, derived=rf.CASELOAD), Metric(3, row="processed_total")),
                word, ("semantic_readings", "requests_unnamed"))
    return (), "", ()


def _result_without_block(matches: list[_Match]) -> tuple[str, str] | None:
    """A 表四 result ("upheld", 纠正) the question names with no block, suit or 表四 total beside it: the
    word and the result's id; None otherwise."""
    results = [(m.text, t.id) for m in matches for t in m.targets if t.kind == "t4out" and t.id != "total"]
    blocks = [t for m in matches for t in m.targets if t.kind == "t4block" or (
        t.kind == "derived" and rf.DERIVED_BY_ID[t.id].table == 4)]
    return results[0] if len({r for _, r in results}) == 1 and not blocks else None


def _column_without_row(matches: list[_Match]) -> tuple[str, str, tuple[str, ...]] | None:
    """A 表二 column several rows share ("现行有效", "本年处理决定数量") named with no row: the word, the
    column's id and the rows that have it, in the format's order; None otherwise."""
    if any(t.kind in ("t2row", "t3row", "derived", "t4block", "t4out", "applicant", "orgs")
           for m in matches for t in m.targets):
        return None
    columns = {(m.text, t.id, t.rows) for m in matches for t in m.targets if t.kind == "t2col"}
    if len({c for _, c, _ in columns}) != 1:
        return None
    word, column_id, _ = min(columns)
    rows = tuple(dict.fromkeys(r.id for fmt in rf.FORMATS for b in rf.T2_BLOCKS[fmt] for r in b.rows
                               if any(c.id == column_id for c in b.columns)))
    return (word, column_id, rows) if len(rows) >= 2 else None


def applicant_column_alone(question: str) -> str | None:
    """The word pointing at an applicant type's column ("沭阳县25年其他那一栏是多少", "the law firms column") when
    no row is said: which row's column is open, and it was read as the new requests'. None beside a word of
    requests or a row's number ("商业企业那一栏 申请了多少", "第一行“其他”那一栏"): those say the row."""
    if mentions_any(question, words.REQUESTS_NAMED) or words.table3_row_by_number(question) is not None:
        return None
    return first_mention(question, words.COLUMN_POINTERS)
