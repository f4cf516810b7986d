"""Ingestion with fake parse/chunk/vectors wired through ingest()'s parameters, and the real loaders."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import pipeline
from index.figures_store import FiguresStore
from index.pipeline import ingest
from index.reportformat import CellKey
from index.settings import Settings
from index.types import (
    Figure,
    IngestError,
    ParsedReport,
    Passage,
    PassageRecord,
    ReportIdentity,
    SourceDocument,
)


def fake_parse(doc: SourceDocument, *, agency: str | None = None, year: int | None = None) -> ParsedReport:
    """A report is a text with "agency: …", "year: …" and "T3:row:col = value" lines."""
    fields: dict[str, str] = {}
    figures = []
    for line in doc.lines:
        text = line.text.strip()
        if text.startswith("T") and "=" in text:
            key, value = (s.strip() for s in text.split("=", 1))
            figures.append(Figure(CellKey.parse(key), int(value), raw=value, location=line.location))
        elif ":" in text:
            k, v = (s.strip() for s in text.split(":", 1))
            fields[k] = v
    if "agency" not in fields and agency is None:
        raise IngestError(f"{Path(doc.path).name}: not a government information-disclosure annual report")
    ag = agency or fields["agency"]
    yr = year or int(fields["year"])
    return ParsedReport(report_id=f"r-{doc.sha256[:16]}", identity=ReportIdentity(ag, yr, "2019", f"{ag}{yr}年报"),
                        source=doc, figures=figures)


def fake_chunk(report: ParsedReport) -> list[Passage]:
    return [Passage(line.text, "", (), line.location) for line in report.source.lines if line.text.strip()]


class FakeVectors:
    """An in-memory vector index: report id → passage ids."""

    def __init__(self, fail_on: str | None = None):
        self.reports: dict[str, list[str]] = {}
        self.fail_on = fail_on
        self.calls: list[tuple[str, str]] = []

    def add(self, records: list[PassageRecord]) -> None:
        for r in records:
            if self.fail_on and self.fail_on in r.passage.text:
                raise ConnectionError("chroma is down")
            self.reports.setdefault(r.report_id, []).append(r.passage_id)
            self.calls.append(("add", r.report_id))

    def delete_report(self, report_id: str) -> None:
        self.reports.pop(report_id, None)
        self.calls.append(("delete", report_id))


def report_text(agency: str, year: int, granted: int = 5, carried_in: int = 0, carried_out: int = 0) -> str:
    return (f"{agency}{year}年政府信息公开工作年度报告\nagency: {agency}\nyear: {year}\n"
            f"T3:granted:total = {granted}\nT3:carried_in:total = {carried_in}\n"
            f"T3:carried_out:total = {carried_out}\n")


@pytest.fixture
def settings(store_home: Path, database_url: str) -> Settings:
    """Each test runs with the figures on SQLite and on PostgreSQL (see tests/conftest.py)."""
    return Settings(home=store_home, vectors=False, database_url=database_url)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "reports"
    (d / "2021").mkdir(parents=True)
    (d / "a-2019.txt").write_text(report_text("甲县人民政府", 2019, carried_out=2), encoding="utf-8")
    (d / "b-2020.md").write_text(report_text("甲县人民政府", 2020, carried_in=1), encoding="utf-8")
    (d / "2021" / "c-2021.txt").write_text(report_text("乙市人民政府", 2021), encoding="utf-8")
    (d / "notes.xlsx").write_bytes(b"PK\x03\x04junk")
    (d / ".hidden.txt").write_text("ignored", encoding="utf-8")
    return d


def run(paths: list[Path], settings: Settings, **kw: object) -> pipeline.IngestSummary:
    kw.setdefault("parse", fake_parse)
    kw.setdefault("chunk", fake_chunk)
    kw.setdefault("progress", False)
    return ingest(paths, settings, **kw)  # type: ignore[arg-type]


def counts(settings: Settings) -> dict[str, int]:
    with FiguresStore(settings.url) as s:
        return s.counts()


def test_the_same_folder_twice_gives_the_same_store(folder: Path, settings: Settings) -> None:
    first = run([folder], settings)
    assert [r.outcome for r in first.ingested] == ["added"] * 3, first.to_dict()
    assert [(Path(f).name, r.split(" (")[0]) for f, r in first.skipped] == [
        ("notes.xlsx", "unsupported file type '.xlsx'")]
    assert first.ok and first.failed == []
    after_first = counts(settings)
    assert after_first["reports"] == 3 and after_first["figures"] == 9
    second = run([folder], settings)
    assert second.ingested == [] and len(second.unchanged) == 3, second.to_dict()
    assert counts(settings) == after_first
    # X-1 failed between 甲县 2019 (结转下年度 2) and 2020 (上年结转 1): reported for the 2020 report.
    assert [(a, y, n) for _, a, y, n in first.failing_checks] == [("甲县人民政府", 2020, 1)]
    assert [(a, y, n) for _, a, y, n in second.failing_checks] == [("甲县人民政府", 2020, 1)]


def test_an_exception_between_reports_keeps_only_whole_reports(folder: Path, settings: Settings) -> None:
    seen: list[str] = []

    def flaky_parse(doc: SourceDocument, **kw: object) -> ParsedReport:
        seen.append(doc.path)
        if len(seen) == 2:
            raise RuntimeError("parser bug")
        return fake_parse(doc, **kw)  # type: ignore[arg-type]

    summary = run([folder], settings, parse=flaky_parse)
    assert len(summary.ingested) == 2
    assert summary.failed == [(seen[1], "internal error: RuntimeError: parser bug")]
    with FiguresStore(settings.url) as s:
        stored = s.reports()
        assert len(stored) == 2
        # every stored report is whole: its figures and passages are all there
        for r in stored:
            assert r.n_figures == 3 and r.n_passages == 6
        assert s.counts()["figures"] == 6


def test_a_broken_store_write_fails_one_file_only(folder: Path, settings: Settings,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from index import figures_store

    real = figures_store.writes._insert_sources

    def sometimes(conn, report):  # type: ignore[no-untyped-def]
        if report.identity.year == 2020:
            raise OSError("disk full")
        return real(conn, report)

    monkeypatch.setattr(figures_store.writes, "_insert_sources", sometimes)
    summary = run([folder], settings)
    assert summary.failed == [(str(folder / "b-2020.md"), "internal error: OSError: disk full")]
    assert counts(settings)["reports"] == 2 and counts(settings)["passages"] == 12


def test_vectors_follow_the_store(folder: Path, settings: Settings) -> None:
    vec = FakeVectors()
    summary = run([folder], settings, vectors=vec)
    assert len(summary.ingested) == 3
    with FiguresStore(settings.url) as s:
        assert {rid: sorted(ids) for rid, ids in vec.reports.items()} == {
            r.report_id: sorted(p.passage_id for p in s.passage_records(r.report_id)) for r in s.reports()}
    vec.calls.clear()
    run([folder], settings, vectors=vec)
    assert vec.calls == []  # unchanged files touch no vectors
    # A new version of a file replaces the old report's vectors.
    old_ids = set(vec.reports)
    (folder / "a-2019.txt").write_text(report_text("甲县人民政府", 2019, granted=7, carried_out=1), encoding="utf-8")
    summary = run([folder], settings, vectors=vec)
    assert [r.outcome for r in summary.results if r.outcome != "skipped"] == ["replaced", "unchanged", "unchanged"]
    new_id = summary.replaced[0].report_id
    assert new_id in vec.reports and len(set(vec.reports) - old_ids) == 1 and len(vec.reports) == 3
    # X-1 now passes for 2020 (1 = 1).
    assert summary.failing_checks == []


def test_a_vector_failure_rolls_back_that_report(folder: Path, settings: Settings) -> None:
    vec = FakeVectors()
    run([folder], settings, vectors=vec)
    before_vec = {k: list(v) for k, v in vec.reports.items()}
    before = counts(settings)
    # The new version of b-2020 cannot be embedded: SQL rolls back and the old vectors stay.
    (folder / "b-2020.md").write_text(report_text("甲县人民政府", 2020, granted=8) + "POISON\n", encoding="utf-8")
    vec.fail_on = "POISON"
    summary = run([folder], settings, vectors=vec)
    assert len(summary.failed) == 1, summary.to_dict()
    path, reason = summary.failed[0]
    assert path.endswith("b-2020.md") and reason == "vector index failed: ConnectionError: chroma is down"
    assert counts(settings) == before
    assert vec.reports == before_vec
    with FiguresStore(settings.url) as s:
        assert [f.value for f in s.figures(agency="甲县", year=2020, row="granted")] == [5]
    # Fixed: the retry goes through.
    vec.fail_on = None
    summary = run([folder], settings, vectors=vec)
    assert [r.outcome for r in summary.ingested] == ["replaced"]


def test_an_unopenable_vector_index_fails_each_file_with_advice(folder: Path, store_home: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(settings: Settings) -> None:
        raise ImportError("no module named chromadb")

    monkeypatch.setattr(pipeline, "default_vectors", broken)
    summary = run([folder], Settings(home=store_home, vectors=True))
    assert len(summary.failed) == 3
    assert all("use --no-vectors" in reason for _, reason in summary.failed)
    assert counts(Settings(home=store_home))["reports"] == 0


def test_agency_and_year_overrides_apply_to_every_file(folder: Path, settings: Settings) -> None:
    summary = run([folder / "a-2019.txt", folder / "2021"], settings, agency="丙区人民政府", year=2018)
    assert {(r.agency, r.year) for r in summary.ingested} == {("丙区人民政府", 2018)}
    # Ingested again without an override: the stored content is the same, so it stays as labelled.
    summary = run([folder / "a-2019.txt"], settings)
    assert [(r.outcome, r.agency, r.year) for r in summary.results] == [("unchanged", "丙区人民政府", 2018)]
    # Another override relabels it (same content, new identity: replaced, not duplicated).
    summary = run([folder / "a-2019.txt"], settings, agency="甲县人民政府", year=2019)
    assert [(r.outcome, r.agency, r.year) for r in summary.results] == [("replaced", "甲县人民政府", 2019)]
    assert counts(settings)["reports"] == 2  # a-2019 and c-2021, no duplicate


def test_the_bundled_sample_is_used_without_paths(settings: Settings) -> None:
    got: list[str] = []

    def parse(doc: SourceDocument, **kw: object) -> ParsedReport:
        got.append(doc.path)
        assert "桦川县人民政府" in doc.text
        return fake_parse(doc, agency="桦川县人民政府", year=2020)

    summary = run([], settings, parse=parse)
    assert Path(got[0]).name == "huachuan-county-2020.txt"
    assert [(r.agency, r.year) for r in summary.ingested] == [("桦川县人民政府", 2020)]


def test_bad_inputs_fail_with_a_clear_reason_and_leave_the_store_alone(tmp_path: Path, settings: Settings) -> None:
    good = tmp_path / "good.txt"
    good.write_text(report_text("甲县人民政府", 2020), encoding="utf-8")
    run([good], settings)
    before = counts(settings)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    unknown = tmp_path / "report.xyz"
    unknown.write_text("hello", encoding="utf-8")
    junk_pdf = tmp_path / "junk.pdf"
    junk_pdf.write_bytes(b"this is not a pdf at all")
    gbk_notes = tmp_path / "notes-gbk.txt"
    gbk_notes.write_bytes("会议纪要：今天讨论了预算。".encode("gbk"))
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 10)
    missing = tmp_path / "missing.html"
    summary = run([empty, unknown, junk_pdf, gbk_notes, binary, missing], settings)
    reasons = dict(summary.failed)
    assert set(reasons) == {str(p) for p in (empty, unknown, junk_pdf, gbk_notes, binary, missing)}, reasons
    assert reasons[str(empty)] == "the file is empty"
    assert reasons[str(unknown)].startswith("unsupported file type '.xyz'")
    assert reasons[str(missing)] == "no such file or folder"
    assert reasons[str(binary)] == "binary data, not text"
    assert reasons[str(gbk_notes)] == "not a government information-disclosure annual report"
    assert reasons[str(junk_pdf)] and "Traceback" not in reasons[str(junk_pdf)]
    assert not reasons[str(junk_pdf)].startswith("internal error"), reasons[str(junk_pdf)]
    assert all("\n" not in r for r in reasons.values())
    assert counts(settings) == before


def test_a_gbk_report_is_decoded(tmp_path: Path, settings: Settings) -> None:
    f = tmp_path / "gbk.txt"
    f.write_bytes(report_text("桦川县人民政府", 2020).encode("gbk"))
    summary = run([f], settings)
    assert [(r.agency, r.year, r.n_figures) for r in summary.ingested] == [("桦川县人民政府", 2020, 3)]


def test_a_folder_walk_skips_and_dedupes(folder: Path) -> None:
    files, decided = pipeline.expand_paths([folder, folder / "a-2019.txt"])
    assert [f.name for f in files] == ["a-2019.txt", "b-2020.md", "c-2021.txt"]
    assert [(Path(d.path).name, d.outcome) for d in decided] == [("notes.xlsx", "skipped")]


def test_pages_that_are_not_reports_and_oversized_files_are_refused(tmp_path: Path, settings: Settings) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    good = tmp_path / "good.txt"
    good.write_text(report_text("乙县人民政府", 2021), encoding="utf-8")
    run([good], settings)
    before = counts(settings)
    page = tmp_path / "news.html"
    page.write_text("<html><head><title>县里新闻</title></head><body><nav>首页 新闻</nav><article><h1>春季植树活动"
                    "</h1><p>今天上午，全县干部群众参加义务植树活动，共栽种树木三千余株。</p></article></body></html>",
                    encoding="utf-8")
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = tmp_path / "menu.pdf"
    c = canvas.Canvas(str(pdf))
    c.setFont("STSong-Light", 12)
    c.drawString(72, 720, "食堂本周菜单：周一米饭，周二面条，周三饺子。")
    c.save()
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(51 * 1024 * 1024)
    summary = run([page, pdf, big], settings)
    reasons = dict(summary.failed)
    assert reasons[str(page)] == "not a government information-disclosure annual report"
    assert reasons[str(pdf)] == "not a government information-disclosure annual report"
    assert "over the limit of 50 MiB" in reasons[str(big)]
    assert counts(settings) == before
