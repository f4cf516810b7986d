"""Check answers over stored check results: one table's rules, many reports' failing ones."""

from __future__ import annotations

from assistant.reports_answers import check_answer
from index.figures_store.records import CheckRecord, ReportRecord


def _report(rid: str, agency: str, year: int) -> ReportRecord:
    return ReportRecord(report_id=rid, agency=agency, year=year, format="2021", title="", source_path="",
                        source_kind="txt", sha256="", size=0, ingested_at="", n_failed_checks=0)


def _check(rid: str, rule: str, passed: bool, found: int = 0, expected: int = 0) -> CheckRecord:
    return CheckRecord(report_id=rid, agency="", year=0, rule=rule, scope="总计", cells=(), expected=expected,
                       found=found, passed=passed, detail="")


class _Store:
    def __init__(self, checks: list[CheckRecord]):
        self._checks = checks

    def checks(self, report_id: str) -> list[CheckRecord]:
        return [c for c in self._checks if c.report_id == report_id]


STORE = _Store([_check("a", "T3-A", True), _check("a", "T4-A", False, found=0, expected=11),
                _check("b", "T3-C", False, found=21, expected=27), _check("c", "T3-A", True)])


def test_a_table_named_keeps_its_own_rules():
    a = check_answer(STORE, [_report("a", "洪泽区人民政府", 2023)], "zh", "", "洪泽区人民政府", table="三")
    assert a.consistent and [c["rule"] for c in a.checks] == ["T3-A"]
    four = check_answer(STORE, [_report("a", "洪泽区人民政府", 2023)], "zh", "", "洪泽区人民政府", table="四")
    assert not four.consistent and "表中为 0，按规则应为 11" in four.answer


def test_every_report_lists_the_failing_ones_and_counts_the_rest():
    reports = [_report("a", "洪泽区人民政府", 2023), _report("b", "平潭综合实验区", 2020), _report("c", "桦川县人民政府", 2020)]
    a = check_answer(STORE, reports, "en", "", "", only_failing=True)
    assert "洪泽区人民政府, 2023" in a.answer and "平潭综合实验区, 2020" in a.answer and "桦川县" not in a.answer
    assert "The other 1 stored reports pass every check." in a.answer and not a.consistent
