"""The answer contract shared by the CLI, the UI and the benchmark.

``Answer.to_dict()`` is the JSON of ``govqa ask --json``::

    {answer, language, route, parsed, values: [{value, unit, label}],
     citations: [{report_id, title, agency, year, section, table, row, column, quote, location,
                  check_status, passage}], readings: [question, …]}

``route`` is ``clarify`` when the question is asked back: ``readings`` then holds up to three
complete questions, each of which GovQA can answer as written.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Route = Literal["figures", "narrative", "both", "refusal", "clarify", "check", "overview"]
CheckStatus = Literal["passes", "reconstructed", "uncertain", "implied", "fails", "n/a"]


@dataclass(frozen=True)
class Citation:
    """Where a stated figure or quoted sentence comes from, down to the cell or source line."""

    report_id: str
    title: str
    agency: str
    year: int
    section: str  # "三、收到和处理政府信息公开申请情况" or a narrative section path
    table: str | None = None  # "表三" …
    row: str | None = None  # official Chinese row label (with its group)
    column: str | None = None  # official Chinese column label
    quote: str = ""  # the source line or sentence
    location: str = ""  # "line 42", "page 3, line 17", "table 2, row 5, cell 3"
    check_status: CheckStatus = "n/a"
    # the retrieved passage a quoted sentence was taken from, so a reader (or a scorer) sees the
    # quote in its context; empty for table cells, whose source line is the quote
    passage: str = ""


@dataclass(frozen=True)
class Value:
    value: int | float
    unit: str
    label: str


@dataclass
class Answer:
    answer: str
    language: Literal["zh", "en"]
    route: Route
    parsed: str = ""  # the "understood as …" line
    values: list[Value] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    query: Any = None  # the understood question (kept for follow-ups; not serialised)
    # route "clarify": complete questions the user can pick from ("Did you mean …?"), best first
    readings: list[str] = field(default_factory=list)
    # route "check": each rule instance checked on the reports asked about, and whether all pass
    checks: list[dict[str, Any]] = field(default_factory=list)
    consistent: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "language": self.language,
            "route": self.route,
            "parsed": self.parsed,
            "values": [asdict(v) for v in self.values],
            "citations": [asdict(c) for c in self.citations],
            "readings": list(self.readings),
            **({"checks": list(self.checks), "consistent": self.consistent} if self.route == "check" else {}),
        }
