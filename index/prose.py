"""Numbers the narrative states that the tables also hold (rules N-…), and their cross-check.

Sections 一 and 六 restate figures of the tables in prose: "收到政府信息公开申请28件",
"引发行政复议1起", "制定规范性文件15件、废止6件". The phrases are data
(``reportformat.PROSE_PHRASES``). :func:`prose_figures` reads them from the free text of a
document, :func:`check_prose` compares them with the cells: a disagreement is reported like any
failing rule, and :func:`prose_pins` gives the readers a printed number that may choose among
ambiguous readings of run-together digits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import reportformat as rf
from .reportformat import CellKey, ProsePhrase
from .types import CheckResult, Figure, Location, SourceDocument

_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_COMPILED = [(p, [re.compile(x) for x in p.patterns]) for p in rf.PROSE_PHRASES]


@dataclass(frozen=True)
class ProseFigure:
    """One number the narrative states, with the phrase that names it and where it is printed."""

    phrase: ProsePhrase
    value: int
    text: str  # the sentence (clause) it was read from, as printed
    location: Location


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _paragraphs(doc: SourceDocument) -> list[tuple[str, Location]]:
    """Free text as paragraphs: a line that does not end a sentence runs on into the next (hard
    wraps of PDF text), so a phrase broken across lines is read whole."""
    out: list[tuple[str, Location]] = []
    current, where = "", None
    for line in doc.lines:
        if line.location.table is not None:
            if current:
                out.append((current, where or line.location))
            current, where = "", None
            continue
        text = line.text.strip()
        if where is None:
            where = line.location
        current += text
        if not text or _SENTENCE_END.search(text[-1:]):
            out.append((current, where))
            current, where = "", None
    if current:
        out.append((current, where or Location()))
    return out


def prose_figures(doc: SourceDocument) -> list[ProseFigure]:
    """Every prose figure in the document's free text (grid rows are tables, not prose).

    The same phrase stating the same number twice (the overview and section 六) is read once.
    """
    out: list[ProseFigure] = []
    seen: set[tuple[str, int] | str] = set()
    for paragraph, location in _paragraphs(doc):
        for sentence in _SENTENCE_END.split(paragraph):
            folded = _fold(sentence)
            if not folded or not any(ch.isdigit() for ch in folded):
                continue
            for phrase, patterns in _COMPILED:
                for pattern in patterns:
                    for m in pattern.finditer(folded):
                        value = int(m["n"])
                        # A number no cell holds is only listed: its headline (first) statement,
                        # not the breakdowns that follow it ("其中…类信息68条").
                        if (phrase.rule, value) in seen or (not phrase.cells and phrase.rule in seen):
                            continue
                        seen |= {(phrase.rule, value), phrase.rule}
                        out.append(ProseFigure(phrase, value, sentence.strip()[:200], location))
    return out


def _present(phrase: ProsePhrase, values: Mapping[CellKey, int | float]) -> list[tuple[CellKey, ...]]:
    return [alt for alt in phrase.cells if all(c in values for c in alt)]


def check_prose(found: Iterable[ProseFigure], figures: Iterable[Figure]) -> list[CheckResult]:
    """One check per prose figure some table cell holds: the number agrees with one of its cell sums."""
    values = {f.key: (f.value or 0) for f in figures}
    results: list[CheckResult] = []
    for pf in found:
        alts = _present(pf.phrase, values)
        if not alts:
            continue
        sums = [(alt, sum(values[c] for c in alt)) for alt in alts]
        match = next(((alt, s) for alt, s in sums if s == pf.value), None)
        alt, total = match or sums[0]
        results.append(CheckResult(
            rule=pf.phrase.rule, scope=pf.phrase.label, cells=alt, expected=pf.value, found=total,
            passed=match is not None,
            detail=f"{rf.RULES[pf.phrase.rule].english}: the narrative says {pf.value} (“{pf.text}”), "
                   f"the table holds {total}"))
    return results


def prose_pins(found: Iterable[ProseFigure]) -> dict[CellKey, tuple[int, str]]:
    """Single cells whose value the narrative states outright: {cell: (value, rule)}.

    Only phrases whose every alternative is one cell, and only numbers stated once for that
    phrase: an ambiguous statement pins nothing.
    """
    by_rule: dict[str, list[ProseFigure]] = {}
    for pf in found:
        by_rule.setdefault(pf.phrase.rule, []).append(pf)
    pins: dict[CellKey, tuple[int, str]] = {}
    for rule, pfs in by_rule.items():
        if len(pfs) != 1:
            continue
        pf = pfs[0]
        if pf.phrase.cells and all(len(alt) == 1 for alt in pf.phrase.cells):
            for (cell,) in pf.phrase.cells:
                pins[cell] = (pf.value, rule)
    return pins


__all__ = ["ProseFigure", "check_prose", "prose_figures", "prose_pins"]
