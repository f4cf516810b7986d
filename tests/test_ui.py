"""The Gradio app without a browser: chat answers and sources, 表三 in the official layout, escaping of
report text, and the upload checks (type, size) that keep the store unchanged."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from markupsafe import escape

from assistant import api

AGENCY = "桦川县人民政府"


def _staff():
    from assistant.staff import StaffSession

    return StaffSession("staff", "2026-01-01T00:00:00+00:00")


STAFF = _staff()

# A minimal report whose 五 section carries markup that must never reach the page as markup.
HOSTILE_REPORT = """示例县人民政府2020年政府信息公开工作年度报告

一、总体情况

2020年示例县认真贯彻政府信息公开条例，共收到政府信息公开申请5件。

二、主动公开政府信息情况

全年主动公开政府信息120条。

三、收到和处理政府信息公开申请情况

一、本年新收政府信息公开申请数量\t5\t0\t0\t0\t0\t0\t5
二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0
（一）予以公开\t3\t0\t0\t0\t0\t0\t3
（七）总计\t5\t0\t0\t0\t0\t0\t5
四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0

四、政府信息公开行政复议、行政诉讼情况

本年度未发生行政复议和行政诉讼。

五、存在的主要问题及改进情况

存在的主要问题是网站栏目更新不及时<script>alert(1)</script>，部分信息图片![x](http://example.invalid/x.png)无法显示。

六、其他需要报告的事项

无。
"""


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GOVQA_HOME", "GOVQA_DATABASE_URL", "GOVQA_MAX_FILE_MB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GOVQA_VECTORS", "false")  # lexical retrieval: no embedding model in these tests


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the bundled sample ingested once; tests copy it instead of ingesting again."""
    store = tmp_path_factory.mktemp("ui-pristine") / "store"
    summary = api.ingest(None, store=store, progress=False, vectors=False)
    assert summary.ok and summary.counts()["ingested"] == 1
    return store


def copy_store(pristine: Path, dest: Path) -> Path:
    shutil.copytree(pristine, dest)
    return dest


@pytest.fixture(scope="module")
def seeded(pristine: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_store(pristine, tmp_path_factory.mktemp("ui-seeded") / "store")


@pytest.fixture(scope="module")
def app(seeded: Path):
    import ui

    demo = ui.build_app(store=seeded)
    return demo.govqa_app


def ask(app, question: str, conversation: api.Conversation | None = None) -> tuple[list[tuple], str]:
    """Run the chat function; returns every yield and the final assistant message."""
    steps = list(app.respond(question, [], conversation or api.Conversation(), []))
    history = steps[-1][0]
    assert history[-1]["role"] == "assistant"
    return steps, history[-1]["content"]


def t3_cell(html_text: str, row: str, col: str) -> str:
    m = re.search(rf'<td[^>]*data-row="{re.escape(row)}" data-col="{re.escape(col)}"[^>]*>(.*?)</td>', html_text)
    assert m, f"no cell {row}/{col}"
    return re.sub(r"<sup.*?</sup>", "", m.group(1))


def test_build_app_is_blocks(seeded: Path) -> None:
    import gradio as gr

    import ui

    demo = ui.build_app(store=seeded)
    assert isinstance(demo, gr.Blocks)
    assert demo.govqa_app.agencies() == [AGENCY]


def test_chat_streams_answer_with_sources(app) -> None:
    steps, final = ask(app, "how many applications did Huachuan County fully disclose in 2020")
    assert len(steps) == 3, "question at once, then the answer, then its sources"
    assert "Reading the question" in steps[0][0][-1]["content"]
    assert "<details" not in steps[1][0][-1]["content"] and "<details" in final
    assert "8" in final
    assert "<details" in final and "Sources" in final
    assert "（一）予以公开" in final and "总计" in final
    assert "Understood as" in final  # the "understood as …" line of a figure question
    assert "三、收到和处理政府信息公开申请情况" in final  # the section
    assert "line 57" in final and "passes" in final  # location and check status
    # the textbox is cleared, the conversation is kept, the question is kept for the browser
    assert steps[-1][3] == ""
    assert len(steps[-1][1].turns) == 1
    assert steps[-1][4] == ["how many applications did Huachuan County fully disclose in 2020"]
    # the answering number is marked in its source row (the 总计 column is the row's last number)
    assert re.search(r"<blockquote[^>]*>[^<]*予以公开(\s+0){5}\s+0?\s*<mark>8</mark></blockquote>", final) or \
        final.split("<mark>")[1].startswith("8</mark></blockquote>")
    # the citation opens the cell in Figures
    assert "cell=T3%3Agranted%3Atotal" in final


def test_chat_sources_panel_helpers(app) -> None:
    import ui

    answer = app.assistant.ask("how many applications did Huachuan County fully disclose in 2020")
    from assistant import render

    html_text = render.answer_html(answer)
    assert "<details" in html_text and "（一）予以公开" in html_text and "总计" in html_text
    assert "\n" not in html_text  # one HTML block: markdown leaves it alone
    # copy: plain text with its citation, no markup
    plain = render.answer_text(answer)
    assert "<" not in plain and "8" in plain.splitlines()[1]
    assert "[1] 桦川县人民政府 2020 · 表三 · （一）予以公开 · 总计 · line 57 · passes" in plain
    assert "&#10;" in html_text.split('class="govqa-plain"')[1]  # the copy text keeps its lines


def test_chat_chinese_and_follow_up(app) -> None:
    conv = api.Conversation()
    _, first = ask(app, "2020年桦川县收到多少件政府信息公开申请", conv)
    assert "9" in first and "理解为" in first
    _, follow = ask(app, "其中自然人多少件？", conv)
    assert len(conv.turns) == 2
    assert "自然人" in follow


def test_chat_nothing_found_is_plain(app) -> None:
    _, final = ask(app, "how many applications were fully disclosed in 2011")
    assert "<details" not in final  # no sources: nothing was found
    assert "refusal" in final and "2011" in final


def test_chat_empty_question(app) -> None:
    steps = list(app.respond("   ", [], api.Conversation(), []))
    assert steps[-1][0] == []


def test_table3_official_layout(app) -> None:
    import ui
    from index import reportformat as rf

    header, t2, t3, t4, checks, compare, csv_path, xlsx_path, json_path, _ = app.figures_view(AGENCY, 2020)
    first = rf.t3_rows("2019")[0]
    assert t3_cell(t3, first.id, rf.APPLICANT_TOTAL).strip() == "9"
    # the first body row is that row, and its 总计 cell is 9
    body = t3.split("<tbody>", 1)[1]
    first_row = body.split("</tr>", 1)[0]
    assert first.label in first_row
    assert re.findall(r"<td[^>]*>(\d+)", first_row)[-1] == "9"
    # every row label and every applicant column label, group labels included
    for r in rf.t3_rows("2019"):
        assert str(escape(r.label)) in t3
    for c in rf.APPLICANT_COLUMNS:
        assert c.label in t3
    for g in ("outcomes", "denied", "unable", "notproc"):
        assert rf.GROUPS[g].label in t3
    assert rf.ORGANISATION_HEADER.label in t3 and rf.APPLICANT_HEADER in t3
    # 表二 and 表四 with their labels; the procurement amount with its unit
    assert rf.TABLE_NAMES[2][0] in t2 and rf.TABLE_NAMES[4][0] in t4
    assert t3_cell(t2, "licensing", "items_last_year") == "469"
    assert t3_cell(t4, "cases", "review.total") == "1"
    # 采购总金额 printed "1.8 亿元": shown under a header naming its unit
    assert t3_cell(t2, "procurement", "amount") == "180,000,000" and "采购总金额（元）" in t2
    assert "format 2019" in header and "0 failed" in header
    assert "nothing to compare yet" in compare  # one year stored: the comparison says so
    # the official order: 表二 before 表三 before 表四, in the page and in the exports
    text = Path(csv_path).read_text(encoding="utf-8-sig")
    assert "（一）予以公开" in text and "row_label" in text.splitlines()[0]
    tables = [line.split(",")[2] for line in text.splitlines()[1:]]
    assert tables.index("表三") > tables.index("表二") and tables.index("表四") > max(
        i for i, t in enumerate(tables) if t == "表三")
    assert Path(csv_path).name.startswith("govqa-桦川县人民政府-2020-figures")
    import json as _json

    from openpyxl import load_workbook

    rows = _json.loads(Path(json_path).read_text(encoding="utf-8"))
    granted = next(r for r in rows if r["row_id"] == "granted" and r["column_id"] == "total")
    assert granted["value"] == 8 and granted["unit"] == "件"
    ws = load_workbook(xlsx_path).active
    assert ws.max_row == len(rows) + 1 and ws.cell(1, 1).value == "agency"


def test_trend_and_across_views(app) -> None:
    trend = app.views.trend(AGENCY, "T3:granted:total")
    assert 'data-year="2020" data-value="8"' in trend and "one year stored" in trend
    across, files = app.views.across(2020, "T3:granted:total")
    assert re.search(r'<a href="[^"]*">桦川县人民政府</a></th><td class="cell passes"[^>]*>8</td>', across)
    assert sorted(Path(f).suffix for f in files) == [".csv", ".json", ".xlsx"]
    empty = app.views.trend(AGENCY, "T2:fees:amount")
    assert "No stored value" in empty
    keys = [k for _, k in app.metrics]
    assert keys[0].startswith("T2:") and keys.index("T3:new:natural") < keys.index("T4:cases:review.upheld")


def test_hostile_report_text_is_escaped(tmp_path: Path) -> None:
    import ui

    store = tmp_path / "store"
    report = tmp_path / "hostile.txt"
    report.write_text(HOSTILE_REPORT, encoding="utf-8")
    summary = api.ingest([report], store=store, progress=False, vectors=False)
    assert summary.ok, summary.failed
    app = ui.build_app(store=store).govqa_app
    for question in ("示例县存在哪些主要问题", "What problems does the report identify?"):
        _, final = ask(app, question)
        assert "<script" not in final.lower()
        assert "&lt;script&gt;" in final
        assert "![x](" not in final and "](http" not in final
        assert "example" in final  # the text is there, as text
    # failing cells are highlighted, reconstructed ones marked
    _, _, t3, _, checks, *_ = app.figures_view("示例县人民政府", 2020)
    assert re.search(r'<td class="cell fails[^"]*"[^>]*data-row="processed_total" data-col="total"', t3)
    assert re.search(r'class="cell (reconstructed|implied)[^"]*"', t3) and '<sup class="mark"' in t3
    cons = app.consistency_html()
    assert "T3-C" in cons and "示例县人民政府" in cons
    assert "（七）总计等于各办理结果之和" in cons and "≠" in cons
    # report titles and file names are escaped wherever they are shown
    assert "<script" not in app.reports_html().lower()


def test_upload_bad_suffix_and_too_large(tmp_path: Path, pristine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui

    store = copy_store(pristine, tmp_path / "store")
    monkeypatch.setenv("GOVQA_MAX_FILE_MB", "0.001")  # about 1 KB
    app = ui.build_app(store=store).govqa_app
    before = [r.report_id for r in api.reports(store=store)]
    bad = tmp_path / "report<b>.exe"
    bad.write_bytes(b"MZ....")
    big = tmp_path / "big.txt"
    big.write_text("桦川县" * 2000, encoding="utf-8")
    result, rows = app.ingest_uploads([str(bad), str(big)], STAFF)
    assert [r["outcome"] for r in rows] == ["rejected", "rejected"]
    assert not bad.exists() and not big.exists()  # the temporary uploads are deleted
    assert "unsupported file type '.exe'" in rows[0]["reason"]
    assert "too large" in rows[1]["reason"] and "limit" in rows[1]["reason"]
    assert "report&lt;b&gt;.exe" in result and "<b>.exe" not in result
    assert [r.report_id for r in api.reports(store=store)] == before
    uploads = app.settings.uploads_dir
    assert not uploads.exists() or not any(uploads.iterdir())
    empty, rows = app.ingest_uploads([], STAFF)
    assert rows == [] and "Choose" in empty


def test_upload_ingests_under_generated_name(tmp_path: Path, pristine: Path) -> None:
    import ui

    store = copy_store(pristine, tmp_path / "store")
    app = ui.build_app(store=store).govqa_app
    src = tmp_path / "示例县 2020 年报.txt"
    src.write_text(HOSTILE_REPORT, encoding="utf-8")
    notreport = tmp_path / "notes.md"
    notreport.write_text("just some notes, nothing else", encoding="utf-8")
    result, rows = app.ingest_uploads([str(src), str(notreport)], STAFF)
    assert not src.exists() and not notreport.exists()  # the temporary uploads are deleted after ingest
    assert rows[0]["outcome"] == "added" and rows[0]["agency"] == "示例县人民政府" and rows[0]["year"] == 2020
    assert rows[1]["outcome"] == "failed" and rows[1]["reason"] and "notes.md" in result
    stored = [p.name for p in app.settings.uploads_dir.iterdir() if p.suffix == ".txt"]
    assert len(stored) == 1 and re.fullmatch(r"[0-9a-f]{32}\.txt", stored[0])
    assert not any(p.suffix == ".md" for p in app.settings.uploads_dir.iterdir())  # the failure is not kept
    # listed under its original name; the assistant's catalog was refreshed
    assert "示例县 2020 年报.txt" in app.reports_html()
    assert "示例县人民政府" in app.agencies()
    _, final = ask(app, "2020年示例县予以公开多少件")
    assert "3" in final and "示例县人民政府" in final
    # the same file again, through the upload event: unchanged, its copy is not kept, the lists refreshed
    src.write_text(HOSTILE_REPORT, encoding="utf-8")
    result, cleared, reports_html, consistency, agency_dd, replace_dd, delete_dd = app.upload([str(src)], STAFF)
    assert "unchanged" in result and cleared is None
    assert "示例县人民政府" in reports_html and "T3-C" in consistency
    assert set(agency_dd["choices"]) >= {AGENCY, "示例县人民政府"}
    assert len(delete_dd["choices"]) == 2
    assert len([p for p in app.settings.uploads_dir.iterdir() if p.suffix == ".txt"]) == 1
    # delete it again (staff): gone from the store, the list and the chat's catalog
    rid = rows[0]["report_id"]
    result, reports_html, *_ = app.delete(rid, True, STAFF)
    assert "deleted" in result and "示例县人民政府" not in reports_html
    assert [r.agency for r in api.reports(store=store)] == [AGENCY]
    _, final = ask(app, "2020年示例县予以公开多少件")
    assert "示例县人民政府" not in final


def test_writes_refused_without_staff_session(tmp_path: Path, pristine: Path) -> None:
    import ui
    from assistant import staff

    store = copy_store(pristine, tmp_path / "store")
    app = ui.build_app(store=store).govqa_app
    before = [r.report_id for r in api.reports(store=store)]
    for session in (None, "staff", {"user": "staff"}, True):  # nothing a client could send counts
        src = tmp_path / "forged.txt"
        src.write_text(HOSTILE_REPORT, encoding="utf-8")
        result, rows = app.ingest_uploads([str(src)], session)
        assert rows == [] and "Staff sign-in required" in result
        assert not src.exists()  # refused uploads are deleted too
        src.write_text(HOSTILE_REPORT, encoding="utf-8")
        assert "Staff sign-in required" in app.replace([str(src)], before[0], session)[0]
        assert not src.exists()
        assert "Staff sign-in required" in app.delete(before[0], True, session)[0]
    assert [r.report_id for r in api.reports(store=store)] == before
    assert not app.settings.uploads_dir.exists() or not any(app.settings.uploads_dir.iterdir())
    # sign-in: only the configured password; none configured, nobody
    assert staff.sign_in("staff", "x", staff.StaffSettings(password=None)) is None
    assert staff.sign_in("staff", "wrong", staff.StaffSettings(password="s3cret")) is None
    assert staff.is_staff(staff.sign_in("staff", "s3cret", staff.StaffSettings(password="s3cret")))


def test_compare_two_years(tmp_path: Path) -> None:
    import ui

    store = tmp_path / "store"
    reports = []
    for year, granted in ((2019, "2"), (2020, "3")):
        p = tmp_path / f"example-{year}.txt"
        p.write_text(HOSTILE_REPORT.replace("2020", str(year))
                     .replace("（一）予以公开\t3\t0\t0\t0\t0\t0\t3", f"（一）予以公开\t{granted}\t0\t0\t0\t0\t0\t{granted}"),
                     encoding="utf-8")
        reports.append(p)
    summary = api.ingest(reports, store=store, progress=False, vectors=False)
    assert summary.ok, summary.failed
    app = ui.build_app(store=store).govqa_app
    agency = "示例县人民政府"
    assert app.years(agency) == [2020, 2019]
    *_, comp, _, _, _, comp_files = app.figures_view(agency, 2020, 2019)
    assert sorted(Path(f).suffix for f in comp_files) == [".csv", ".json", ".xlsx"]
    assert "2019 → 2020" in comp
    row = re.search(r'<tr class="differs" data-cell="T3:granted:total">.*?</tr>', comp, re.S)
    assert row, comp
    values = [re.sub(r"<sup.*?</sup>", "", v) for v in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)]
    assert values == ["2", "3", "+1"]
    assert 'data-cell="T3:new:total"' not in comp  # equal cells are left out unless asked for
    *_, comp_all, _, _, _, _ = app.figures_view(agency, 2020, 2019, only_diff=False)
    assert 'data-cell="T3:new:total"' in comp_all
    trend = app.views.trend(agency, "T3:granted:total")
    points = re.findall(r'data-year="(\d+)" data-value="([^"]+)"', trend)
    assert points == [("2019", "2"), ("2020", "3")] and "<polyline" in trend


def test_escape_helpers() -> None:
    from assistant import render

    s = render.chat_escape("<script>alert(1)</script> ![x](http://example.invalid/x.png) $$x$$ **b**\nnext")
    assert "<script>" not in s and "&lt;script&gt;" in s
    assert "![" not in s and "](" not in s and "$$" not in s and "**" not in s
    assert s.endswith("<br>next")
    assert render.render("note.html", text='"<a>') == '<div class="govqa-note">&#34;&lt;a&gt;</div>'


def test_no_fstring_html_in_ui() -> None:
    """ui.py keeps layout and events: no HTML built in Python strings (templates do that)."""
    text = (Path(__file__).resolve().parent.parent / "ui.py").read_text(encoding="utf-8")
    assert not re.search(r"f[\"'][^\"']*<(div|td|tr|table|span|b|br)\b", text)
    for name in ("views.py", "render.py", "grids.py"):
        code = (Path(__file__).resolve().parent.parent / "assistant" / name).read_text(encoding="utf-8")
        assert not re.search(r"f[\"'][^\"']*<(div|td|tr|table|span|b|br)\b", code), name


def test_questions_back_become_buttons_when_the_answer_has_readings(app, monkeypatch: pytest.MonkeyPatch) -> None:
    """``answer.readings`` (full alternative questions, from question understanding) are offered as the
    chat's option buttons and listed in the copy text; an answer without the field has none."""
    from dataclasses import dataclass

    from assistant import render

    real = app.assistant.ask("how many applications were fully disclosed in 2020")
    assert render.readings(real) == [] or hasattr(real, "readings")

    @dataclass
    class Reading:
        question: str

    class WithReadings:
        def __init__(self, answer):
            self.__dict__.update(answer.__dict__)
            self.readings = [Reading("2020年桦川县予以公开多少件？"), "2020年桦川县部分公开多少件？"]

    monkeypatch.setattr(app.assistant, "ask", lambda q, conv=None: WithReadings(real))
    steps = list(app.respond("2020年桦川县公开了多少件", [], api.Conversation(), []))
    last = steps[-1][0][-1]
    assert [o["value"] for o in last["options"]] == ["2020年桦川县予以公开多少件？", "2020年桦川县部分公开多少件？"]
    assert "Did you mean" in last["content"]
    assert "  - 2020年桦川县部分公开多少件？" in render.answer_text(WithReadings(real))  # type: ignore[arg-type]


def test_retry_undo_and_edit_rebuild_the_conversation(app) -> None:
    from types import SimpleNamespace

    welcome, conv, asked = app.replay([])  # the chat starts with the welcome message
    steps = list(app.respond("2020年桦川县收到多少件政府信息公开申请", welcome, conv, asked))
    history, conv, asked = steps[-1][0], steps[-1][1], steps[-1][2]
    steps = list(app.respond("其中自然人多少件？", history, conv, asked))
    history, asked = steps[-1][0], steps[-1][2]
    assert asked == ["2020年桦川县收到多少件政府信息公开申请", "其中自然人多少件？"]
    # undo: the last question goes back to the box; the conversation is the first turn only
    history2, conv2, asked2, box, saved = app.undo(asked)
    assert box == "其中自然人多少件？" and asked2 == saved == asked[:1] and len(conv2.turns) == 1
    assert [m["role"] for m in history2] == ["assistant", "user", "assistant"]  # welcome, question, answer
    # retry: the same two answers again
    *_, last = app.retry(asked)
    assert last[2] == asked and "自然人" in last[0][-1]["content"] and len(last[1].turns) == 2
    # edit the first question (message 1 of the history): the later turn goes, the new one is answered
    *_, edited = app.edit(history, asked, SimpleNamespace(index=1, value="2020年桦川县行政复议有多少件"))
    assert edited[2] == ["2020年桦川县行政复议有多少件"]
    assert "行政复议" in edited[0][-1]["content"] and len(edited[0]) == 3


def test_consistency_says_which_copy_of_a_report_each_failing_check_is_from(real_reports: Path, tmp_path: Path,
                                                                             shared_dir: Path) -> None:
    """平潭 2020 stored as its web page and as a crawler's text: both copies break T3-C as printed
    (gold: （七）总计 自然人 20 against outcome rows adding up to 26); each failure names its copy."""
    import ui
    from tests.conftest import load_gold

    gold = load_gold(shared_dir, "2020_pingtan")
    assert gold["table3"]["（七）总计"][0] == 20
    files = [real_reports / "2020_pingtan.html", real_reports / "2020_pingtan.txt"]
    assert api.ingest(files, store=tmp_path / "store", progress=False, vectors=False).ok
    page = ui.GovQAApp(tmp_path / "store").consistency_html()
    items = re.findall(r'<li class="govqa-checkitem.*?</li>', page, flags=re.DOTALL)
    assert items and all("2020_pingtan." in i for i in items)
    html_items = [i for i in items if "canonical · 主副本: 2020_pingtan.html" in i]
    txt_items = [i for i in items if "copy · 副本: 2020_pingtan.txt" in i]
    assert len(html_items) + len(txt_items) == len(items) and html_items and txt_items
    assert any("T3-C" in i and "<b>20</b>" in i and ">20</span>" in i and ">26</span>" in i for i in html_items)
