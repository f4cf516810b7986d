"""Possible readings of a printed row, and the choice among them that the rules allow.

A row of 表三 should print 7 numbers; extraction may run them together (``640020470``) or lose
some (``9 0 0 0 0``). :func:`row_readings` lists every way the printed pieces can fill the row's
cells; :func:`resolve` then picks, across all rows of a report, the readings that satisfy the
most rule instances (``reportformat.equations``), fills lost cells from the rules, and says
which cells were reconstructed, by which rule, and which stay uncertain. Nothing is invented
silently: every cell not read directly from one printed value carries a status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from .reportformat import CellKey, Equation
from .stream import Piece

MAX_READINGS = 4000
# The search's node budget. A PDF whose empty cells vanish from its text lines gives rows 100+
# readings and the text view used to spend all of 30,000 nodes (9 s a report) before the grid view
# won anyway; 3,000 gives the same cells on every real report and generated rendering measured
# (bench/accuracy.py) at 1 s.
MAX_NODES = 3000


@dataclass(frozen=True)
class Reading:
    """One way to fill a row's cells: a value per cell (None where a cell was lost)."""

    values: tuple[int | None, ...]
    blanks: frozenset[int] = frozenset()
    penalty: int = 0  # 0: read directly; +1 per digit run split; +10 per lost cell
    split: frozenset[int] = frozenset()  # cells whose value came from splitting a digit run
    implied: frozenset[int] = frozenset()  # blank cells whose value the rules imply (a blank 总计)
    # The index (into the row's printed pieces) each cell was read from; None for a lost cell.
    source: tuple[int | None, ...] = ()
    # Uses exactly the printed tokens, in order: no lost cell, and digit runs split only where the
    # row prints no separators between its cells (a crawler's run-together row).
    exact: bool = False
    forced: bool = False  # the only exact reading of the printed digits: no rule had to choose
    filled: frozenset[int] = frozenset()  # lost cells whose value the row's own rule fixed

    def with_(self, **changes: object) -> "Reading":
        from dataclasses import replace
        return replace(self, **changes)  # type: ignore[arg-type]


def _compositions(digits: str, max_parts: int) -> list[tuple[int, ...]]:
    """Ways to cut a digit run into numbers without leading zeros (``"0"`` itself is fine)."""
    out: list[tuple[int, ...]] = []

    def rec(start: int, acc: list[int]) -> None:
        if len(out) >= MAX_READINGS:
            return
        if start == len(digits):
            out.append(tuple(acc))
            return
        if len(acc) >= max_parts:
            return
        if digits[start] == "0":
            rec(start + 1, acc + [0])
            return
        for end in range(start + 1, len(digits) + 1):
            rec(end, acc + [int(digits[start:end])])

    rec(0, [])
    return out


def row_readings(pieces: Sequence[Piece], n: int, internal: Sequence[tuple[tuple[int, ...], tuple[int, ...]]] = ()
                 ) -> list[Reading]:
    """Every reading of ``pieces`` into ``n`` integer cells that the row's own rules allow.

    ``internal`` lists the row's own equations as (lhs cell indices, rhs cell indices). Printed
    values that break them are kept when nothing else is possible (the source may be wrong).
    """
    # Keep each piece's index into the printed row, so a cell can name the token it was read from.
    indexed = list(enumerate(pieces))
    # Surplus blank cells (a Word export's empty padding cell) go before anything else does.
    while len(indexed) > n and any(p.blank for _, p in indexed):
        last_blank = max(i for i, (_, p) in enumerate(indexed) if p.blank)
        indexed.pop(last_blank)
    if len(indexed) > n:
        indexed = indexed[:n]
        extra_penalty = 50
    else:
        extra_penalty = 0
    pieces = [p for _, p in indexed]
    origin = [i for i, _ in indexed]
    # A row printed with no separators between cells (one digit run, or runs that each hold several
    # cells) has no printed cell boundaries: cutting its runs reads only what is printed.
    written = [i for i, p in enumerate(pieces) if not p.blank]

    # Options per piece: a blank, one fixed value, or the ways its digits can be cut.
    options: list[list[tuple[tuple[int | None, ...], bool]]] = []
    for p in pieces:
        if p.blank:
            options.append([((None,), True)])
        elif p.explicit or "." in p.digits or len(p.digits) == 1:
            options.append([((int(float(p.digits)) * p.sign,), False)])
        else:
            comps = _compositions(p.digits, n)
            options.append([(c, len(c) > 1) for c in comps] or [((int(p.digits),), False)])

    # (values, blanks, splits, piece index per value)
    combos: list[tuple[list[int | None], list[bool], list[bool], list[int]]] = [([], [], [], [])]
    for i, opts in enumerate(options):
        new: list[tuple[list[int | None], list[bool], list[bool], list[int]]] = []
        for vals, blanks, splits, src in combos:
            for parts, was_split in opts:
                if len(vals) + len(parts) > n:
                    continue
                new.append((vals + list(parts), blanks + [pieces[i].blank] * len(parts),
                            splits + [was_split] * len(parts), src + [origin[i]] * len(parts)))
                if len(new) >= MAX_READINGS:
                    break
        combos = new

    def ok(values: tuple[int | None, ...]) -> bool:
        for lhs, rhs in internal:
            cells = lhs + rhs
            if any(values[c] is None for c in cells):
                continue
            if sum(values[c] or 0 for c in lhs) != sum(values[c] or 0 for c in rhs):
                return False
        return True

    full: list[Reading] = []
    partial: list[Reading] = []
    for vals, blanks, splits, src in combos:
        k = len(vals)
        n_split = sum(1 for s in splits if s)
        if k == n:
            values = tuple(0 if b else v for v, b in zip(vals, blanks))
            split_pieces = {origin.index(src[c]) for c in range(n) if splits[c]}
            exact = extra_penalty == 0 and (not split_pieces or split_pieces >= set(written))
            full.append(Reading(values, frozenset(i for i, b in enumerate(blanks) if b),
                                n_split + extra_penalty, frozenset(i for i, s in enumerate(splits) if s),
                                source=tuple(src), exact=exact))
            continue
        for missing in combinations(range(n), n - k):
            it = iter(zip(vals, blanks, splits, src))
            values_l: list[int | None] = []
            source_l: list[int | None] = []
            blank_set, split_set = set(), set()
            for pos in range(n):
                if pos in missing:
                    values_l.append(None)
                    source_l.append(None)
                    continue
                v, b, s, o = next(it)
                values_l.append(0 if b else v)
                source_l.append(o)
                if b:
                    blank_set.add(pos)
                if s:
                    split_set.add(pos)
            partial.append(Reading(tuple(values_l), frozenset(blank_set), 10 * (n - k) + n_split + extra_penalty,
                                   frozenset(split_set), source=tuple(source_l)))
            if len(partial) >= MAX_READINGS:
                break

    # Never invent: a reading of exactly the printed tokens beats any that needs a lost cell, even
    # when it breaks the row's rule (then the report is wrong, and its check fails).
    exact = _dedupe([r for r in full if r.exact])
    if exact:
        good_exact = [r for r in exact if ok(r.values)]
        if len(exact) == 1:
            return [exact[0].with_(forced=True)]
        return good_exact or exact
    good_full = [r for r in full if ok(r.values)]
    if good_full:
        return _dedupe(good_full)
    candidates = [_fill_internal(r, internal) for r in partial]
    good_partial = [r for r in candidates if r is not None and ok(r.values)]
    if good_partial:
        return _dedupe(good_partial)
    if full:  # nothing satisfies the row's rules: keep the printed reading(s)
        return _dedupe(full)
    return _dedupe(partial) or [Reading(tuple([None] * n), penalty=10 * n, source=(None,) * n)]


def _fill_internal(r: Reading, internal: Sequence[tuple[tuple[int, ...], tuple[int, ...]]]) -> Reading | None:
    """Solve lost cells that the row's own equations fix; None when they force a negative value."""
    values = list(r.values)
    changed = True
    while changed:
        changed = False
        for lhs, rhs in internal:
            unknown = [c for c in lhs + rhs if values[c] is None]
            if len(unknown) != 1:
                continue
            u = unknown[0]
            total_l = sum(values[c] or 0 for c in lhs if c != u)
            total_r = sum(values[c] or 0 for c in rhs if c != u)
            v = total_r - total_l if u in lhs else total_l - total_r
            if v < 0:
                return None
            values[u] = v
            changed = True
    filled = frozenset(i for i, (a, b) in enumerate(zip(r.values, values)) if a is None and b is not None)
    return r.with_(values=tuple(values), filled=filled)


def _dedupe(readings: list[Reading]) -> list[Reading]:
    best: dict[tuple[int | None, ...], Reading] = {}
    for r in readings:
        if r.values not in best or r.penalty < best[r.values].penalty:
            best[r.values] = r
    return sorted(best.values(), key=lambda r: r.penalty)


@dataclass
class Resolution:
    """The chosen value of every cell, and how sure we are of it."""

    values: dict[CellKey, int]
    blanks: set[CellKey]
    reconstructed: dict[CellKey, str] = field(default_factory=dict)  # cell -> rule(s)
    uncertain: dict[CellKey, str] = field(default_factory=dict)  # cell -> why
    implied: dict[CellKey, str] = field(default_factory=dict)  # cell -> rule
    violations: int = 0
    choice: dict[str, Reading] = field(default_factory=dict)


def resolve(units: dict[str, tuple[tuple[CellKey, ...], list[Reading]]], equations: Sequence[Equation],
            pins: dict[CellKey, tuple[int, str]] | None = None) -> Resolution:
    """Choose one reading per unit (a row of cells) so that the fewest rule instances fail.

    Lost cells are filled from the rules (``equation`` with one unknown, or unknowns whose share
    is 0, since cells are non-negative); a cell whose value differs between equally good choices,
    or that no rule fixes, is uncertain — unless a number the narrative states (``pins``: cell →
    (value, rule N-…)) agrees with just some of those choices, which then stand, marked with its rule.
    """
    keys: list[CellKey] = []
    unit_cells: dict[str, list[int]] = {}
    index_of: dict[CellKey, int] = {}
    for name, (unit_keys, _) in units.items():
        unit_cells[name] = []
        for k in unit_keys:
            index_of[k] = len(keys)
            unit_cells[name].append(len(keys))
            keys.append(k)
    unit_of = {i: name for name, cells in unit_cells.items() for i in cells}
    eqs = [e for e in equations if all(c in index_of for c in e.cells)]
    # An equation as int lists: (rule, lhs cells, rhs cells, all cells, the units it spans)
    ieqs = [(e.rule, [index_of[c] for c in e.lhs], [index_of[c] for c in e.rhs],
             [index_of[c] for c in e.cells], {unit_of[index_of[c]] for c in e.cells}) for e in eqs]
    order = sorted(units, key=lambda u: len(units[u][1]))
    n = len(keys)

    best: list[tuple[int, int, list[int | None], dict[str, Reading], dict[int, str]]] = []
    best_score: tuple[int, int] | None = None
    nodes = 0

    def evaluate(choice: dict[str, Reading]) -> tuple[int, list[int | None], dict[int, str]]:
        values: list[int | None] = [None] * n
        for name, reading in choice.items():
            for i, v in zip(unit_cells[name], reading.values):
                values[i] = v
        # With a partial choice only the equations among chosen units count (so the bound only grows).
        chosen = choice.keys()
        active = ieqs if len(choice) == len(units) else [q for q in ieqs if q[4] <= chosen]
        filled: dict[int, str] = {}
        changed = True
        while changed:
            changed = False
            for rule, lhs, rhs, cells, _ in active:
                unknown = [c for c in cells if values[c] is None]
                if not unknown:
                    continue
                known = sum(values[c] or 0 for c in rhs) - sum(values[c] or 0 for c in lhs)
                if len(unknown) > 1:
                    # Non-negative cells: unknowns all on one side whose share is 0 are all 0.
                    on_left = [c for c in unknown if c in lhs]
                    if known == 0 and (len(on_left) == len(unknown) or not on_left):
                        for u in unknown:
                            values[u] = 0
                            filled[u] = rule
                        changed = True
                    continue
                u = unknown[0]
                v = known if u in lhs else -known
                if v < 0:
                    continue
                values[u] = v
                filled[u] = rule
                changed = True
        violations = 0
        for _, lhs, rhs, cells, _ in active:
            if any(values[c] is None for c in cells):
                continue
            if sum(values[c] for c in lhs) != sum(values[c] for c in rhs):  # type: ignore[misc]
                violations += 1
        unresolved = sum(1 for v in values if v is None) if len(choice) == len(units) else 0
        return violations * 1000 + unresolved, values, filled

    prune = True

    def dfs(i: int, choice: dict[str, Reading], penalty: int) -> None:
        nonlocal best_score, nodes
        nodes += 1
        if nodes > MAX_NODES:
            return
        if i == len(order):
            violations, values, filled = evaluate(choice)
            score = (violations, penalty)
            if best_score is None or score < best_score:
                best_score = score
                best.clear()
            if score == best_score:
                best.append((violations, penalty, values, dict(choice), filled))
            return
        name = order[i]
        readings = units[name][1]
        for r in readings:
            if best_score is not None and len(readings) > 1 and penalty + r.penalty > best_score[1] + 40:
                continue
            choice[name] = r
            if len(readings) > 1 and i + 1 < len(order):
                partial_score, _, _ = evaluate(choice)
                bound = best_score[0] // 1000 if best_score is not None else None
                if prune and partial_score // 1000 > 0 and _fixable(name, units):
                    continue
                if bound is not None and partial_score // 1000 > bound:
                    continue
            dfs(i + 1, choice, penalty + r.penalty)
        choice.pop(name, None)

    dfs(0, {}, 0)
    if not best:  # the source breaks a rule whatever the reading: search again without pruning
        prune, nodes = False, 0
        dfs(0, {}, 0)
    if not best:  # search budget exhausted: take the best-ranked reading everywhere
        choice = {name: rs[0] for name, (_, rs) in units.items()}
        violations, values, filled = evaluate(choice)
        best.append((violations, 0, values, choice, filled))

    pinned_rules: dict[int, str] = {}
    if len(best) > 1 and pins:
        pin_at = {index_of[k]: v for k, v in pins.items() if k in index_of}
        agreeing = [b for b in best if all(b[2][i] == v for i, (v, _) in pin_at.items())]
        if agreeing and len(agreeing) < len(best):
            rules = ",".join(sorted({r for _, r in pin_at.values()}))
            for i in range(n):
                if len({b[2][i] for b in best}) > 1:
                    pinned_rules[i] = rules
            best = agreeing
    violations, _, values, choice, filled = best[0]
    res = Resolution(values={}, blanks=set(), violations=violations // 1000, choice=choice)
    for name, reading in choice.items():
        own = [e for e in eqs if all(unit_of[index_of[c]] == name for c in e.cells)]
        for idx, k in enumerate(units[name][0]):
            if idx in reading.blanks:
                res.blanks.add(k)
            if idx in reading.implied:
                res.implied[k] = _rules_for(k, own) or "rule"
            if idx in reading.split and not reading.forced:
                res.reconstructed[k] = _rules_for(k, eqs) or "split"
            if idx in reading.filled:
                res.reconstructed[k] = _rules_for(k, own) or "rule"
    for i, v in enumerate(values):
        k = keys[i]
        res.values[k] = 0 if v is None else v
        if v is None:
            res.uncertain[k] = "no rule fixes this lost cell"
        elif i in filled:
            res.reconstructed[k] = filled[i]
    for i, rule in pinned_rules.items():
        res.reconstructed[keys[i]] = rule
    # Cells that differ between equally good readings are uncertain.
    if len(best) > 1:
        for i in range(n):
            seen = sorted({b[2][i] for b in best}, key=lambda v: (v is None, v or 0))
            if len(seen) > 1:
                listed = " / ".join("?" if v is None else str(v) for v in seen)
                res.uncertain[keys[i]] = f"several readings satisfy the rules: {listed}"
    return res


def _rules_for(key: CellKey, eqs: Sequence[Equation]) -> str:
    return ",".join(sorted({e.rule for e in eqs if key in e.cells}))


def _fixable(name: str, units: dict[str, tuple[tuple[CellKey, ...], list[Reading]]]) -> bool:
    """Whether other readings of this unit exist (so a failing one may be pruned)."""
    return len(units[name][1]) > 1
