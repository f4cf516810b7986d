"""Scoring the benchmark's answers: one item (:func:`score_item`) and aggregates (:func:`summarize`).

An answer is an ``assistant.answers.Answer`` or its ``to_dict()``; an item is a resolved benchmark
item (``eval.questions``): its gold number, cells, passage or refusal. Kept apart from the runner
(``eval.bench``) so that scoring can be read and tested on hand-built answers alone.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, is_dataclass
from typing import Any

from index import reportformat as rf

from .questions import cell_key_from_labels

RATE_TOLERANCE = 0.005  # relative, for % answers
RATE_ROUNDING = 0.05  # absolute percentage points: an answer rounded to one decimal place still matches
NUMERIC_KINDS = ("figure", "derived", "compare", "change", "trend", "sum", "rank", "ratio", "followup")


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
    d["values"] = [v if isinstance(v, dict) else asdict(v) for v in d.get("values") or []]
    d["citations"] = [c if isinstance(c, dict) else asdict(c) for c in d.get("citations") or []]
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
    """The same agency: equal, one name inside the other (桦川县 in 桦川县人民政府), or one character
    different (OCR: 沐阳县 for 沭阳县)."""
    na, nb = rf.normalize_label(a or ""), rf.normalize_label(b or "")
    if not na or not nb:
        return False
    if na == nb or na in nb or nb in na:
        return True
    return len(na) == len(nb) and sum(x != y for x, y in zip(na, nb)) == 1


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


def expected_text(item: dict[str, Any]) -> str:
    g = item["gold"]
    if g.get("unanswerable"):
        return f"refusal ({g.get('reason', 'not in the corpus')})"
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


def score_item(item: dict[str, Any], answer: Any, latency_ms: float | None = None,
               error: str | None = None) -> dict[str, Any]:
    """One item's result: correct or not, and the parts (number, citations, passage rank, refusal)."""
    a = answer_dict(answer)
    gold = item["gold"]
    kind = item["kind"]
    refused = a.get("route") == "refusal"
    result: dict[str, Any] = {
        "id": item["id"], "kind": kind, "language": item["language"], "split": item["split"],
        "rendering": item.get("rendering") or "n/a", "suite": item.get("suite", ""),
        "question": item["question"], "history": item.get("history", []),
        "expected": expected_text(item), "got": (a.get("answer") or "").strip()[:400], "route": a.get("route"),
        "answer_language": a.get("language"), "latency_ms": latency_ms, "error": error, "refused": refused,
        "number": None, "number_correct": None, "citation_correct": None, "citation_precision": None,
        "rank": None, "correct": False, "cited": [_cited_text(c) for c in a.get("citations") or []][:6],
    }
    if error is not None:
        result["refused"] = False
        return result
    if gold.get("unanswerable"):
        result["correct"] = refused
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
        if ok and kind == "rank" and gold.get("agency"):
            label = str((a.get("values") or [{}])[0].get("label", ""))
            agencies = gold.get("agencies") or [gold["agency"]]
            ok = any(_agency_in_text(x, label) for x in agencies)
        result["number_correct"] = ok
    cited, precision = citation_scores(a, item)
    result["citation_correct"], result["citation_precision"] = cited, precision
    result["correct"] = bool(result["number_correct"]) and not refused
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
    """Metrics over item results (see the module docstring); None where a metric has no items."""
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
        "language_match": _mean(r["answer_language"] == r["language"] for r in results if r["error"] is None),
        "errors": sum(1 for r in results if r["error"]),
        "latency_p50_ms": _percentile(latencies, 0.5),
        "latency_p95_ms": _percentile(latencies, 0.95),
    }


BREAKDOWNS = ("kind", "language", "split", "rendering", "suite")


def breakdowns(results: Sequence[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for field in BREAKDOWNS:
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in results:
            groups[str(r.get(field) or "n/a")].append(r)
        out[field] = {k: summarize(v) for k, v in sorted(groups.items())}
    return out


def worst_failures(results: Sequence[dict[str, Any]], n: int = 25) -> list[dict[str, Any]]:
    """Failed items, worst first: errors, answers to unanswerable questions, wrong numbers (largest
    relative error first), refusals of answerable questions, narrative misses."""
    def severity(r: dict[str, Any]) -> tuple[int, float]:
        if r["error"]:
            return 0, 0.0
        if r["kind"] == "unanswerable":
            return 1, 0.0
        if r["refused"]:
            return 3, 0.0
        if r["kind"] == "narrative":
            return 4, 0.0
        return 2, -_relative_error(r)

    failed = [r for r in results if not r["correct"]]
    return sorted(failed, key=severity)[:n]


def _relative_error(r: dict[str, Any]) -> float:
    m = re.match(r"^[^:]*?(-?[\d,]+(?:\.\d+)?)", r["expected"].split(": ")[-1])
    if r["number"] is None or not m:
        return 1e9
    gold = float(m.group(1).replace(",", ""))
    return abs(r["number"] - gold) / max(abs(gold), 1.0)
