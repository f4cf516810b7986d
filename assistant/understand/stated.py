"""Figures the question itself states ("淮安市2024年新收申请3119件，其中律所提的61件", "行政复议一共351件是吧"): a
count written with its unit, which the user read in the report and repeats. Understanding only finds them; whether
each is printed in the row asked is for the answer to check against the store (see ``qa``): a stated figure that
is not leaves its number unaccounted, and the question is asked back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# a count and its unit ("3119件", "3,119 requests"); never a threshold, rank or ordinal before it ("超过26件",
# "前3", "第2项", "more than 26", "top 3")
_COUNT = re.compile(
    r"(?<![\d第前表超过多于少于不到至少近约])(\d{1,3}(?:,\d{3})+|\d+)(?:\s*)(?=件|项|个申请|起|份申请|"
    r"\s+(?:requests?|applications?|cases?|lawsuits?|suits?|decisions?|items?|documents?|rules?)\b)",
    re.IGNORECASE)
_BEFORE_NOT_STATED = re.compile(r"(?:more than|over|at least|fewer than|less than|under|above|below|top|about|around|"
                                r"nearly|almost|超过|多于|少于|不到|至少|以上|以下|大约|约|近)\s*$", re.IGNORECASE)
_AFTER_NOT_STATED = re.compile(r"^\s*(?:件|项|个|起)?\s*(?:以上|以下|左右|多|余)")


@dataclass(frozen=True)
class StatedFigure:
    """A count the question states, and the words it is left over as (``"3,119"`` is left as ``3`` and ``119``)."""

    value: int
    words: tuple[str, ...]


def stated_figures(question: str, unaccounted: tuple[str, ...]) -> tuple[StatedFigure, ...]:
    """The counts the question states whose numbers are all left unaccounted."""
    left = set(unaccounted)
    found = []
    for m in _COUNT.finditer(question):
        if _BEFORE_NOT_STATED.search(question[max(0, m.start() - 12):m.start()]) \
                or _AFTER_NOT_STATED.match(question[m.end():m.end() + 4]):
            continue  # "超过26件", "26件以上", "about 3,000 requests": a bound, not a figure read
        pieces = tuple(m.group(1).split(","))
        if all(p in left for p in pieces):
            found.append(StatedFigure(int(m.group(1).replace(",", "")), pieces))
    return tuple(found)
