"""Scoring the benchmark's answers: one item (:func:`score_item`) and aggregates (:func:`summarize`).

An answer is an ``assistant.answers.Answer`` or its ``to_dict()``; an item is a resolved benchmark
item (``eval.questions``): its gold number, cells, passage, check verdict, overview or refusal. Kept
apart from the runner (``eval.bench``) so that scoring can be read and tested on hand-built answers.

An item is right when:

- figure kinds: the scored number (``values[0]``, a change, the series …) is the gold and the
  answer is not a refusal or a question back;
- ``unanswerable``: no number is stated and the route is ``refusal`` or ``clarify``;
- ``askback``: the route is ``clarify`` and no number is stated;
- ``check``: the route is ``check``, ``consistent`` is the gold verdict and every gold failing rule
  (its leading ``T3-C`` part) is among the rules of the failing ``checks``;
- ``overview``: the route is ``overview`` and the citations cover the gold agency in every gold year;
- ``narrative``: the gold passage is among the first five citations.

A number is *stated* when the answer's ``values`` is not empty. The answer states a **wrong
number** when, for a figure kind, it states one and the scored number is not the gold, and for an
``unanswerable`` or ``askback`` item, whenever it states one (narrative, check and overview items
have no gold number to compare: ``wrong_number`` is None for them). An answer *declines* when its
route is ``refusal`` or ``clarify`` and it states no number; **refusal accuracy** is the share of
items where it declined exactly when it should (unanswerable and askback items).
Answers from before the check, overview and clarify routes simply lack those fields and are scored
as wrong for those kinds.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, is_dataclass
from typing import Any

from index import reportformat as rf

from .questions import RULE_ID, cell_key_from_labels

RATE_TOLERANCE = 0.005  # relative, for % answers
RATE_ROUNDING = 0.05  # absolute percentage points: an answer rounded to one decimal place still matches
NUMERIC_KINDS = ("figure", "derived", "compare", "change", "trend", "sum", "rank", "ratio", "followup")
DECLINE_ROUTES = ("refusal", "clarify")  # a refusal or a question back: no figure is given
SHOULD_DECLINE = ("unanswerable", "askback")  # the kinds whose right answer gives no figure


# ---------------------------------------------------------------------------
# Scoring one answer
# ---------------------------------------------------------------------------


def answer_dict(answer: Any) -> dict[str, Any]:
    """An ``Answer`` (or its ``to_dict()``) as a plain dict with values and citations as dicts."""
    if answer is None:
        return {"answer": "", "language": "", "route": "", "values": [], "citations": []}
    if isinstance(answer, dict):
        d = dict(answer)
    elif hasattr(answer, "to_dict"):
        d = answer.to_dict()
    elif is_dataclass(answer):
        d = asdict(answer)  # type: ignore[arg-type]
    else:
        raise TypeError(f"not an answer: {type(answer).__name__}")
    for key in ("values", "citations", "checks"):
        d[key] = [x if isinstance(x, dict) else asdict(x) for x in d.get(key) or []]
    return d


def to_gold_unit(value: float, unit: str | None, gold_unit: str | None) -> float:
    """An answer value in the gold's unit: 万元/亿元 → 元, a fraction → %; counts unchanged."""
    unit = (unit or "").strip()
    if gold_unit == "元" and unit in rf.AMOUNT_UNITS:
        return value * rf.AMOUNT_UNITS[unit]
    if gold_unit == "%" and unit != "%" and abs(value) <= 1:
        return value * 100
    return value


def number_matches(got: float | None, gold: float, unit: str | None) -> bool:
    """Counts and amounts exactly (amounts to the fen); rates (%) within 0.5 % or rounding to 0.1."""
    if got is None or isinstance(got, bool) or not isinstance(got, (int, float)) or math.isnan(got):
        return False
    if unit == "%":
        return abs(got - gold) <= max(RATE_TOLERANCE * abs(gold), RATE_ROUNDING)
    if unit in ("元", "万元", "亿元"):
        return abs(got - gold) <= 0.005 + 1e-9 * abs(gold)
    return abs(got - gold) < 1e-9


def _value(v: dict[str, Any], gold_unit: str | None) -> float | None:
    x = v.get("value")
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    return to_gold_unit(float(x), v.get("unit"), gold_unit)


_CHANGE_LABEL = re.compile(r"变化|增减|差|change|difference|Δ", re.I)


def answer_number(answer: dict[str, Any], item: dict[str, Any]) -> float | None:
    """The number an answer gives, in the gold's unit: ``values[0]``; for change and compare items a
    value labelled as a change, else last − first of the values (per-year values come oldest first)."""
    values = answer.get("values") or []
    if not values:
        return None
    gold_unit = item["gold"].get("unit")
    if item["kind"] in ("change", "compare"):
        for v in values:
            if _CHANGE_LABEL.search(str(v.get("label", ""))):
                return _value(v, gold_unit)
        if len(values) >= 2:
            first, last = _value(values[0], gold_unit), _value(values[-1], gold_unit)
            return None if first is None or last is None else last - first
    return _value(values[0], gold_unit)


def agency_match(a: str | None, b: str | None) -> bool:
    """The same agency: one organ (index.identity) in agreeing places — 洪泽区人民政府 is 淮安市洪泽区人民政府,
    a printed name one character off (OCR: 沐阳县 for 沭阳县) is its agency — but a department is never
    its region's government, and 拟例市 is not 样例市 unless one of them is the other misread."""
    from index.identity import parse_agency

    na, nb = rf.normalize_label(a or ""), rf.normalize_label(b or "")
    if not na or not nb:
        return False
    if na == nb:
        return True
    pa, pb = parse_agency(na), parse_agency(nb)
    if pa.organ != pb.organ or (pa.organ is None and pa.rest != pb.rest):
        return False
    xa, xb = tuple(p for p, _ in pa.places), tuple(p for p, _ in pb.places)
    if not xa or not xb:
        return False
    short, long_ = sorted((xa, xb), key=len)
    tail = long_[len(long_) - len(short):]
    if tail == short:
        return True
    diff = sum(x != y for p, q in zip(tail, short) if len(p) == len(q) for x, y in zip(p, q))
    return all(len(p) == len(q) for p, q in zip(tail, short)) and diff == 1


def _agency_in_text(agency: str, text: str) -> bool:
    """A value label ("平潭综合实验区 2020 …") names this agency: its words before the first digit."""
    head = re.split(r"\s*\d", text.strip(), maxsplit=1)[0]
    return agency_match(head, agency)


def same_report(citation: dict[str, Any], gold: dict[str, Any]) -> bool:
    """A citation is of the gold's report: same year and agency (when the gold names them)."""
    if gold.get("year") is not None:
        try:
            if int(citation.get("year")) != int(gold["year"]):  # type: ignore[arg-type]
                return False
        except (TypeError, ValueError):
            return False
    if gold.get("agency"):
        return agency_match(citation.get("agency"), gold["agency"])
    return True


def _cell(c: dict[str, Any]) -> Any:
    if not c.get("table"):
        return None
    return cell_key_from_labels(c.get("table"), c.get("row"), c.get("column"), c.get("group"))


def citation_match(citation: dict[str, Any], gold: dict[str, Any]) -> bool:
    """The cited cell is the gold cell: table, row (labels normalised, group prefixes stripped) and
    column name the same cell, in the gold's report (agency and year)."""
    if not same_report(citation, gold):
        return False
    got, want = _cell(citation), _cell(gold)
    return got is not None and got == want


def citation_scores(answer: dict[str, Any], item: dict[str, Any]) -> tuple[bool | None, float | None]:
    """(every gold cell cited, share of cited cells that are gold cells); (None, None) when the item
    names no gold cells."""
    gold = [g for g in item.get("gold_citations") or [] if g.get("table")]
    if not gold:
        return None, None
    cited = [c for c in answer.get("citations") or [] if c.get("table")]
    if not cited:
        return False, 0.0
    all_cited = all(any(citation_match(c, g) for c in cited) for g in gold)
    precision = sum(any(citation_match(c, g) for g in gold) for c in cited) / len(cited)
    return all_cited, precision


def _keyword_sets(gold: dict[str, Any]) -> list[list[str]]:
    sets = []
    if gold.get("keywords"):
        sets.append(list(gold["keywords"]))
    sets += [list(s) for s in gold.get("alternatives") or [] if s]
    if not sets and gold.get("text"):
        sets.append([gold["text"]])
    return sets


def passage_rank(answer: dict[str, Any], item: dict[str, Any]) -> int | None:
    """1-based rank of the first citation whose quote contains the gold key words (any one set of
    them) and that is of the gold report; None when no citation is."""
    sets = [[rf.normalize_label(k) for k in s] for s in _keyword_sets(item["gold"])]
    reports = [g for g in item.get("gold_citations") or [] if g.get("agency") or g.get("year")]
    for rank, c in enumerate(answer.get("citations") or [], 1):
        quote = rf.normalize_label(str(c.get("quote") or "") + str(c.get("passage") or ""))
        if not any(all(k in quote for k in s) for s in sets):
            continue
        if reports and not any(same_report(c, g) for g in reports):
            continue
        return rank
    return None


def _fmt_num(x: float | None) -> str:
    if x is None:
        return "—"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.4f}".rstrip("0").rstrip(".")


def _cited_text(c: dict[str, Any]) -> str:
    """A citation in one short line, for the per-item results."""
    where = f"{c.get('agency', '')} {c.get('year', '')}"
    if c.get("table"):
        return f"{where} {c['table']} {c.get('row') or ''} · {c.get('column') or ''}".strip()
    return f"{where} {str(c.get('quote') or '')[:80]}".strip()


def _same_pair(answer: dict[str, Any], want: Sequence[float], gold_unit: str | None) -> bool:
    """A compare answer states the two gold values, in either order (no change value among them)."""
    values = [v for v in answer.get("values") or [] if not _CHANGE_LABEL.search(str(v.get("label", "")))]
    if len(values) != 2 or len(want) != 2:
        return False
    got = [_value(v, gold_unit) for v in values]
    return any(number_matches(got[0], x, gold_unit) and number_matches(got[1], y, gold_unit)
               for x, y in (want, want[::-1]))


def expected_text(item: dict[str, Any]) -> str:
    g = item["gold"]
    if g.get("unanswerable"):
        return f"refusal ({g.get('reason', 'not in the corpus')})"
    if item["kind"] == "askback":
        return "a question back: " + " | ".join(g.get("readings") or [])
    if item["kind"] == "check":
        rules = ", ".join(g.get("failing_rules") or [])
        return "check: consistent" if g.get("consistent") else f"check: inconsistent ({rules})"
    if item["kind"] == "overview":
        return f"overview of {g.get('agency')} ({', '.join(str(y) for y in g.get('years') or [])})"
    if item["kind"] == "narrative":
        kws = " / ".join(g.get("keywords") or [])
        return f"passage in 第{g.get('section', '?')}部分 containing “{kws}”"
    if "series" in g:
        return "; ".join(f"{s['year']}: {_fmt_num(s['number'])}" for s in g["series"]) + f" {g.get('unit', '')}"
    text = f"{_fmt_num(g.get('number'))} {g.get('unit', '')}".strip()
    if g.get("agency") and item["kind"] == "rank":
        text = f"{g['agency']}: {text}"
    if g.get("direction"):
        text += f" ({g['direction']})"
    return text


def rule_id(rule: Any) -> str:
    """The rule a check or a gold names: its leading ``T3-C`` part ("T3-C 自然人" → "T3-C")."""
    text = str(rule or "").strip().upper()
    m = RULE_ID.match(text)
    return m.group() if m else text


def check_right(answer: dict[str, Any], gold: dict[str, Any]) -> bool:
    """A check answer gives the gold verdict and names every gold failing rule among its failing checks."""
    if answer.get("route") != "check" or not isinstance(answer.get("consistent"), bool):
        return False
    if answer["consistent"] != gold.get("consistent"):
        return False
    failing = {rule_id(c.get("rule")) for c in answer.get("checks") or [] if c.get("passed") is False}
    return all(rule_id(r) in failing for r in gold.get("failing_rules") or [])


def overview_right(answer: dict[str, Any], gold: dict[str, Any]) -> bool:
    """An overview answer cites the gold agency's report of every gold year."""
    if answer.get("route") != "overview":
        return False
    cited: set[int] = set()
    for c in answer.get("citations") or []:
        try:
            year = int(c.get("year"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if agency_match(c.get("agency"), gold.get("agency")):
            cited.add(year)
    return bool(gold.get("years")) and all(int(y) in cited for y in gold["years"])


def score_item(item: dict[str, Any], answer: Any, latency_ms: float | None = None,
               error: str | None = None) -> dict[str, Any]:
    """One item's result: correct or not, and the parts (number, citations, passage rank, refusal,
    wrong number, question back); see the module docstring."""
    a = answer_dict(answer)
    gold = item["gold"]
    kind = item["kind"]
    route = a.get("route")
    stated = bool(a.get("values")) and error is None
    result: dict[str, Any] = {
        "id": item["id"], "kind": kind, "language": item["language"], "split": item["split"],
        "rendering": item.get("rendering") or "n/a", "suite": item.get("suite", ""),
        "persona": item.get("persona") or "n/a",
        "question": item["question"], "history": item.get("history", []),
        "expected": expected_text(item), "got": (a.get("answer") or "").strip()[:400], "route": route,
        "answer_language": a.get("language"), "latency_ms": latency_ms, "error": error,
        "refused": route == "refusal" and error is None, "asked_back": route == "clarify" and error is None,
        "declined": route in DECLINE_ROUTES and not stated and error is None,
        "should_decline": kind in SHOULD_DECLINE, "stated_number": stated, "wrong_number": None,
        "number": None, "number_correct": None, "citation_correct": None, "citation_precision": None,
        "rank": None, "correct": False, "cited": [_cited_text(c) for c in a.get("citations") or []][:6],
    }
    if kind in NUMERIC_KINDS or kind in SHOULD_DECLINE:
        result["wrong_number"] = False  # set below when a number is stated
    if error is not None:
        return result
    if gold.get("unanswerable") or kind == "askback":
        result["wrong_number"] = stated
        result["correct"] = result["asked_back"] if kind == "askback" else result["declined"]
        result["correct"] = result["correct"] and not stated
        return result
    if kind == "check":
        result["correct"] = check_right(a, gold)
        return result
    if kind == "overview":
        result["correct"] = overview_right(a, gold)
        return result
    if kind == "narrative":
        rank = passage_rank(a, item)
        result["rank"] = rank
        result["correct"] = rank is not None and rank <= 5
        return result
    gold_unit = gold.get("unit")
    if "series" in gold and kind == "trend":
        got = [_value(v, gold_unit) for v in a.get("values") or []]
        want = [s["number"] for s in gold["series"]]
        ok = len(got) == len(want) and all(number_matches(x, w, gold_unit) for x, w in zip(got, want))
        result["number"] = got[-1] - got[0] if len(got) >= 2 and None not in (got[0], got[-1]) else None
        result["number_correct"] = ok
    else:
        got_n = answer_number(a, item)
        result["number"] = got_n
        ok = got_n is not None and number_matches(got_n, gold["number"], gold_unit)
        if not ok and kind == "compare" and gold.get("values"):
            ok = _same_pair(a, gold["values"], gold_unit)
        if ok and kind == "rank" and gold.get("agency"):
            label = str((a.get("values") or [{}])[0].get("label", ""))
            agencies = gold.get("agencies") or [gold["agency"]]
            ok = any(_agency_in_text(x, label) for x in agencies)
        result["number_correct"] = ok
    cited, precision = citation_scores(a, item)
    result["citation_correct"], result["citation_precision"] = cited, precision
    result["wrong_number"] = stated and not result["number_correct"]
    result["correct"] = bool(result["number_correct"]) and route not in DECLINE_ROUTES
    return result


# ---------------------------------------------------------------------------
# Aggregates
# ---------------------------------------------------------------------------


def _mean(xs: Iterable[float | bool]) -> float | None:
    xs = [float(x) for x in xs]
    return round(sum(xs) / len(xs), 4) if xs else None


def _percentile(xs: Sequence[float], q: float) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return round(xs[lo] + (xs[hi] - xs[lo]) * (k - lo), 1)


def summarize(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Metrics over item results (see the module docstring); None where a metric has no items.

    ``wrong_number_rate`` is over the items that have a gold number or must state none (figure
    kinds, unanswerable, askback); ``askback_rate`` and ``refusal_accuracy`` over all items."""
    judged = [r for r in results if r.get("wrong_number") is not None]
    unans = [r for r in results if r["kind"] == "unanswerable"]
    answerable = [r for r in results if r["kind"] != "unanswerable"]
    refused = [r for r in results if r["refused"]]
    narrative = [r for r in results if r["kind"] == "narrative" and r["error"] is None]
    latencies = [r["latency_ms"] for r in results if r["latency_ms"] is not None]
    tp = sum(1 for r in unans if r["refused"])
    return {
        "n": len(results),
        "accuracy": _mean(r["correct"] for r in results),
        "exact_match": _mean(r["number_correct"] for r in results if r["number_correct"] is not None),
        "citation_accuracy": _mean(r["citation_correct"] for r in results if r["citation_correct"] is not None),
        "citation_precision": _mean(r["citation_precision"] for r in results
                                    if r["citation_precision"] is not None),
        "recall_at_5": _mean(r["rank"] is not None and r["rank"] <= 5 for r in narrative),
        "mrr": _mean(1.0 / r["rank"] if r["rank"] else 0.0 for r in narrative),
        "refusal_precision": round(tp / len(refused), 4) if refused else None,
        "refusal_recall": round(tp / len(unans), 4) if unans else None,
        "false_refusal_rate": _mean(r["refused"] for r in answerable),
        "wrong_number_rate": _mean(r["wrong_number"] for r in judged),
        "wrong_numbers": sum(1 for r in judged if r["wrong_number"]),
        "askback_rate": _mean(r.get("asked_back", False) for r in results),
        "refusal_accuracy": _mean(r.get("declined", False) == r.get("should_decline", False) for r in results),
        "language_match": _mean(r["answer_language"] == r["language"] for r in results if r["error"] is None),
        "errors": sum(1 for r in results if r["error"]),
        "latency_p50_ms": _percentile(latencies, 0.5),
        "latency_p95_ms": _percentile(latencies, 0.95),
    }


BREAKDOWNS = ("kind", "language", "split", "rendering", "suite", "persona")


def _groups(results: Iterable[dict[str, Any]], field: str) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        groups[str(r.get(field) or "n/a")].append(r)
    return dict(sorted(groups.items()))


def breakdowns(results: Sequence[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    return {field: {k: summarize(v) for k, v in _groups(results, field).items()} for field in BREAKDOWNS}


def by_split_kind(results: Sequence[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """{split: {kind: metrics}}, each split with an ``all`` entry over its kinds."""
    return {split: {"all": summarize(rs), **{k: summarize(v) for k, v in _groups(rs, "kind").items()}}
            for split, rs in _groups(results, "split").items()}


def worst_failures(results: Sequence[dict[str, Any]], n: int = 25) -> list[dict[str, Any]]:
    """Failed items, worst first: errors, wrong numbers (a number stated where none may be first,
    then the largest relative error), other misses of unanswerable and askback items, refusals and
    questions back on answerable questions, narrative misses, the rest."""
    def severity(r: dict[str, Any]) -> tuple[int, float]:
        if r["error"]:
            return 0, 0.0
        if r.get("wrong_number"):
            return 1, -(math.inf if r["kind"] in SHOULD_DECLINE else _relative_error(r))
        if r["kind"] in SHOULD_DECLINE:
            return 2, 0.0
        if r["refused"] or r.get("asked_back"):
            return 3, 0.0
        if r["kind"] == "narrative":
            return 4, 0.0
        return 5, 0.0

    failed = [r for r in results if not r["correct"]]
    return sorted(failed, key=severity)[:n]


def _relative_error(r: dict[str, Any]) -> float:
    m = re.match(r"^[^:]*?(-?[\d,]+(?:\.\d+)?)", r["expected"].split(": ")[-1])
    if r["number"] is None or not m:
        return 1e9
    gold = float(m.group(1).replace(",", ""))
    return abs(r["number"] - gold) / max(abs(gold), 1.0)
