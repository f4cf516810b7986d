"""The govqa command line through click's CliRunner: exit codes, summaries, labelled rows, one-line errors."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from assistant import api
from assistant.cli import cli, register
from index import pipeline
from index.figures_store import FiguresStore
from index.reportformat import CellKey
from index.types import (
    CheckResult,
    Figure,
    IngestError,
    Location,
    ParsedReport,
    Passage,
    ReportIdentity,
    SourceDocument,
    TextLine,
)

AGENCY = "桦川县人民政府"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GOVQA_HOME", "GOVQA_DATABASE_URL", "GOVQA_VECTORS"):
        monkeypatch.delenv(name, raising=False)


def hand_made_report(year: int = 2020, granted_total: int = 5) -> ParsedReport:
    sha = hashlib.sha256(f"{year}-{granted_total}".encode()).hexdigest()
    doc = SourceDocument(path=f"/r/huachuan-{year}.txt", kind="text", sha256=sha,
                         lines=[TextLine("（一）予以公开 5 0 0 0 0 0 5", Location(line=61))])
    figures = [
        Figure(CellKey(3, "granted", "natural"), 5, raw="5", location=Location(line=61)),
        Figure(CellKey(3, "granted", "total"), granted_total, raw=str(granted_total), location=Location(line=61)),
        Figure(CellKey(3, "denied.1", "total"), 0, blank=True, raw="/", location=Location(line=64)),
        Figure(CellKey(2, "procurement", "amount"), 180000000, raw="1.8 亿元", location=Location(line=44)),
    ]
    checks = [CheckResult("T3-D", "（一）予以公开", (CellKey(3, "granted", "total"), CellKey(3, "granted", "natural")),
                          expected=granted_total, found=5, passed=granted_total == 5),
              CheckResult("T3-A", "[自然人]", (CellKey(3, "new", "natural"),), expected=0, found=0, passed=True)]
    return ParsedReport(report_id=f"hc{year}-{sha[:8]}",
                        identity=ReportIdentity(AGENCY, year, "2019", f"{AGENCY}{year}年政府信息公开工作年度报告"),
                        source=doc, figures=figures, checks=checks)


@pytest.fixture
def filled_store(store_home: Path) -> Path:
    with FiguresStore(api.resolve_settings(store=store_home).url) as s:
        s.put_report(hand_made_report(2020), [Passage("（一）予以公开 5 件", "三", (), Location(line=61))])
        s.put_report(hand_made_report(2021, granted_total=6), [])
    return store_home


def invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def fake_parse(doc: SourceDocument, *, agency: str | None = None, year: int | None = None) -> ParsedReport:
    if "政府信息公开" not in doc.text:
        raise IngestError(f"{Path(doc.path).name}: not a government information-disclosure annual report")
    report = hand_made_report(year or 2020)
    report.report_id = f"r-{doc.sha256[:12]}"
    report.source = doc
    if agency:
        report.identity = ReportIdentity(agency, report.identity.year, "2019", report.identity.title)
    return report


@pytest.fixture
def fake_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "default_parse", fake_parse)
    monkeypatch.setattr(pipeline, "default_chunk", lambda report: [])


def test_ingest_without_paths_takes_the_bundled_sample(store_home: Path, fake_parser: None) -> None:
    result = invoke("ingest", "--store", str(store_home), "--no-vectors")
    assert result.exit_code == 0, result.output
    assert "ingested 1 report (1 added, 0 replaced), 0 unchanged, 0 failed" in result.output
    assert "huachuan-county-2020.txt" in result.output
    again = invoke("ingest", "--store", str(store_home), "--no-vectors")
    assert again.exit_code == 0, again.output
    assert "ingested 0 reports (0 added, 0 replaced), 1 unchanged" in again.output


def test_ingest_exits_1_and_names_the_reason_when_a_file_fails(store_home: Path, tmp_path: Path,
                                                                fake_parser: None) -> None:
    good = tmp_path / "good.txt"
    good.write_text("某县2020年政府信息公开工作年度报告", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    notes = tmp_path / "notes.txt"
    notes.write_text("会议纪要", encoding="utf-8")
    result = invoke("ingest", str(good), str(empty), str(notes), "--store", str(store_home), "--no-vectors",
                    "--agency", "某县人民政府")
    assert result.exit_code == 1, result.output
    assert "1 added" in result.output and "2 failed" in result.output
    assert f"failed: {empty}: the file is empty" in result.output
    assert f"failed: {notes}: not a government information-disclosure annual report" in result.output
    assert "Traceback" not in result.output


def test_ingest_lists_reports_with_failing_checks(store_home: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(doc: SourceDocument, **kw: object) -> ParsedReport:
        report = hand_made_report(2021, granted_total=6)
        report.source = doc
        return report

    monkeypatch.setattr(pipeline, "default_parse", parse)
    monkeypatch.setattr(pipeline, "default_chunk", lambda report: [])
    f = tmp_path / "r.txt"
    f.write_text("x", encoding="utf-8")
    result = invoke("ingest", str(f), "--store", str(store_home), "--no-vectors")
    assert result.exit_code == 0, result.output
    assert f"reports with failing checks:\n  {AGENCY} 2021: 1 failing check" in result.output


def test_bad_usage_exits_2(store_home: Path) -> None:
    for args in (("ingest", "--year", "twenty"), ("figures", "--table", "5"), ("reports", "--format", "xml"),
                 ("nonsense",)):
        result = CliRunner().invoke(cli, [*args, "--store", str(store_home)])
        assert result.exit_code == 2, (args, result.output)


def test_reading_an_empty_store_says_to_ingest_first(tmp_path: Path) -> None:
    home = tmp_path / "nowhere"
    for command in ("reports", "figures", "check"):
        result = invoke(command, "--store", str(home))
        assert result.exit_code == 1, result.output
        assert result.output.strip() == f"Error: no reports stored yet in {home} — run govqa ingest", result.output
    assert not home.exists()  # reading creates nothing


def test_figures_json_rows_carry_official_labels(filled_store: Path) -> None:
    result = invoke("figures", "--store", str(filled_store), "--agency", "桦川县", "--year", "2020", "--table", "3",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    by_cell = {r["cell"]: r for r in rows}
    assert set(by_cell) == {"T3:granted:natural", "T3:granted:total", "T3:denied.1:total"}
    total = by_cell["T3:granted:total"]
    assert (total["row_label"], total["column_label"]) == ("（一）予以公开", "总计")
    assert (total["row_english"], total["column_english"]) == ("fully disclosed", "total")
    assert total["report_id"].startswith("hc2020-")
    assert (total["agency"], total["year"], total["table"], total["row_id"], total["column_id"]) == (
        AGENCY, 2020, 3, "granted", "total")
    assert (total["value"], total["unit"], total["status"], total["check_status"], total["raw"]) == (
        5, "件", "printed", "passes", "5")
    assert total["location"] == {"line": 61}
    denied = by_cell["T3:denied.1:total"]
    assert denied["row_label"] == "（三）不予公开/1.属于国家秘密" and denied["blank"] is True


def test_figures_table_and_csv(filled_store: Path) -> None:
    result = invoke("figures", "--store", str(filled_store), "--table", "2", "--long")
    assert result.exit_code == 0, result.output
    assert "采购总金额" in result.output and "180000000" in result.output
    result = invoke("figures", "--store", str(filled_store), "--year", "2021", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    failing = [r for r in rows if r["check_status"] == "fails"]
    assert sorted(r["row_id"] + ":" + r["column_id"] for r in failing) == [
        "granted:natural", "granted:total"]


def test_reports_lists_every_stored_report(filled_store: Path) -> None:
    result = invoke("reports", "--store", str(filled_store), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["agency"], r["year"], r["n_figures"], r["n_failed_checks"]) for r in rows] == [
        (AGENCY, 2021, 4, 1), (AGENCY, 2020, 4, 0)]  # newest first
    table = invoke("reports", "--store", str(filled_store))
    assert table.exit_code == 0 and "2 reports" in table.output, table.output
    assert table.output.index("2021") < table.output.index("2020"), table.output  # newest first


def test_check_shows_failing_rules_by_default(filled_store: Path) -> None:
    result = invoke("check", "--store", str(filled_store), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["year"], r["rule"], r["expected"], r["found"], r["cells"]) for r in rows] == [
        (2021, "T3-D", 6, 5, ["T3:granted:total", "T3:granted:natural"])]
    everything = json.loads(invoke("check", "--store", str(filled_store), "--all", "--format", "json").output)
    assert len(everything) == 4
    table = invoke("check", "--store", str(filled_store), "--agency", "桦川县", "--year", "2020")
    assert table.exit_code == 0 and "every check passes" in table.output, table.output
    table = invoke("check", "--store", str(filled_store), "--all")
    assert "T3-D" in table.output and "FAIL" in table.output, table.output
    assert "[自然人]" in table.output, table.output  # scopes shown as written (no emoji, no markup)
    # the failing rule in words, both sides with their values
    failing = invoke("check", "--store", str(filled_store), "--year", "2021").output
    assert "FAIL 桦川县人民政府 2021 · T3-D 各行总计等于六类申请人之和" in failing, failing
    assert "表三 （一）予以公开 · 总计 6 ≠ 表三 （一）予以公开 · 自然人 5" in failing, failing
    assert "difference 1" in failing, failing


def test_figures_prints_the_official_grids(filled_store: Path) -> None:
    result = invoke("figures", "--store", str(filled_store), "--agency", "桦川县", "--year", "2020")
    assert result.exit_code == 0, result.output
    out = result.output
    # 表二 before 表三 before 表四, each under its official caption
    assert out.index("表二 主动公开政府信息情况") < out.index("表三 收到和处理政府信息公开申请情况") < out.index(
        "表四 政府信息公开行政复议、行政诉讼情况")
    granted = next(line for line in out.splitlines() if "（一）予以公开" in line)
    cells = [c.strip() for c in granted.split("│")[2:-1]]
    assert cells == ["5", "—", "—", "—", "—", "—", "5"], granted  # 自然人 … 总计; — not in the report
    denied = next(line for line in out.splitlines() if "1.属于国家秘密" in line)
    assert denied.split("│")[-2].strip() == "0", denied  # printed "/": blank, counted as 0
    assert "180,000,000" in out and "采购总金额（元）" in out
    only3 = invoke("figures", "--store", str(filled_store), "--agency", "桦川县", "--year", "2020", "--table", "3")
    assert "表二" not in only3.output and "表三" in only3.output


def test_an_unknown_agency_is_one_line(filled_store: Path) -> None:
    result = invoke("figures", "--store", str(filled_store), "--agency", "平潭")
    assert result.exit_code == 1, result.output
    assert result.output == f"Error: no stored report for agency '平潭' (stored: {AGENCY})\n"


def test_an_internal_error_is_one_line_not_a_traceback(filled_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**kwargs: object) -> None:
        raise KeyError("row")

    monkeypatch.setattr(api, "reports", broken)
    result = CliRunner().invoke(cli, ["reports", "--store", str(filled_store)])
    assert result.exit_code == 1, result.output
    assert result.output == "Error: internal error: KeyError: 'row'\n"


def test_other_work_can_register_subcommands() -> None:
    @click.command(name="hello-test")
    def hello() -> None:
        click.echo("hi")

    try:
        register(hello)
        result = invoke("hello-test")
        assert result.exit_code == 0 and result.output == "hi\n", result.output
    finally:
        cli.commands.pop("hello-test", None)


def test_every_command_works_on_the_database_named_by_govqa_database_url(
        database_url: str, store_home: Path, fake_parser: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVQA_HOME", str(store_home))
    monkeypatch.setenv("GOVQA_DATABASE_URL", database_url)
    result = invoke("ingest", "--no-vectors")
    assert result.exit_code == 0, result.output
    result = invoke("figures", "--format", "json", "--table", "3")
    assert result.exit_code == 0, result.output
    total = {r["cell"]: r for r in json.loads(result.output)}["T3:granted:total"]
    assert (total["agency"], total["year"], total["value"], total["check_status"]) == (AGENCY, 2020, 5, "passes")
    result = invoke("reports")
    assert result.exit_code == 0 and AGENCY in result.output, result.output
    # the figures went to that database, not to a SQLite file in the store folder
    assert not (store_home / "figures.sqlite").exists()
    with FiguresStore(database_url) as s:
        assert [(r.agency, r.year) for r in s.reports()] == [(AGENCY, 2020)]
