"""Parts a question leaves open that only the asker can settle, offered back as the cells each could mean.

* a 表四 result named without its block ("how many cases ended with the decision upheld?"): reconsideration,
  or either kind of lawsuit — never quoted from the text, whose first such sentence is the reconsideration
  block's (a wrong number for a lawsuit question);
* requests counted with no cell named ("平潭22年申请一共多少件"): the new ones, new plus carried over, or all
  handled — never the text's own count ("收到申请75件" is new plus carried over).
"""
from __future__ import annotations

from index import reportformat as rf

from . import words
from .metrics import _Found
from .mentions import _Match
from .spans import first_mention
from .types import Metric


def open_readings(question: str, matches: list[_Match], found: _Found, metric: Metric | None, route: str,
                  not_recorded: bool, unaccounted: tuple[str, ...]) -> tuple[tuple[Metric, ...], str, tuple[str, ...]]:
    """(the cells to offer back, the word left open, flags); ((), "", ()) when nothing is left open."""
    if metric is not None or not_recorded or found.topics:
        return (), "", ()
    if "text" not in found.cues and (outcome := _result_without_block(matches)) is not None:
        word, result = outcome
        return (tuple(Metric(4, row=rf.T4_ROW.id, column=f"{b.id}.{result}") for b in rf.T4_BLOCKS), word,
                ("semantic_readings",))
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
