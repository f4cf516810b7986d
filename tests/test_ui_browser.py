"""The web app end to end in headless Chromium, on a phone (390×844) and a desk (1440×900):
``govqa serve`` as a subprocess over a seeded store, then the citizen's and the clerk's tasks,
asserting on what is on screen. Screenshots go to ./test-artifacts/.

Skipped when /usr/bin/chromium or the playwright package is missing (scripts/test.sh installs
Chromium with apt; never ``playwright install``).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import stop_process

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path(os.environ.get("GOVQA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
AGENCY = "桦川县人民政府"
EXAMPLE = "示例县人民政府"
PASSWORD = "browser-test-password"
TIMEOUT_MS = 60_000
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1440, "height": 900}}

# A small report of 示例县 whose 表三 breaks the rule （七）总计 = the outcomes (the other rows are missing).
EXAMPLE_REPORT = """示例县人民政府{year}年政府信息公开工作年度报告

一、总体情况

{year}年示例县认真贯彻政府信息公开条例，共收到政府信息公开申请5件。

三、收到和处理政府信息公开申请情况

一、本年新收政府信息公开申请数量\t5\t0\t0\t0\t0\t0\t5
二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0
（一）予以公开\t{granted}\t0\t0\t0\t0\t0\t{granted}
（七）总计\t5\t0\t0\t0\t0\t0\t5
四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0

五、存在的主要问题及改进情况

存在的主要问题是网站栏目更新不及时。
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"govqa serve exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"govqa serve did not answer on {url} in {timeout:.0f}s:\n{log.read_text(errors='replace')}")


def _govqa_command() -> list[str]:
    script = Path(sys.executable).parent / "govqa"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "assistant.cli"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    from assistant import api

    work = tmp_path_factory.mktemp("browser")
    store = work / "store"
    reports = work / "in"
    reports.mkdir()
    for year, granted in ((2019, 2), (2020, 3)):
        (reports / f"example-{year}.txt").write_text(EXAMPLE_REPORT.format(year=year, granted=granted),
                                                      encoding="utf-8")
    assert api.ingest(None, store=store, progress=False, vectors=False).ok
    time.sleep(1.1)  # ingest times have whole seconds: 示例县 2020 is then the newest report for certain
    assert api.ingest([reports], store=store, progress=False, vectors=False).ok
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVQA_")}
    env.update(GOVQA_VECTORS="false", GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1",
               PYTHONUNBUFFERED="1", GOVQA_STAFF_PASSWORD=PASSWORD)
    log = work / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([*_govqa_command(), "serve", "--store", str(store), "--port", str(port)],
                                cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_for(url, proc, log)
        yield url
    finally:
        stop_process(proc)
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copyfile(log, ARTIFACTS / "serve.log")


@pytest.fixture(scope="module")
def browser(server: str):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def device(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def page(browser, server: str, device: str, request: pytest.FixtureRequest):
    """A fresh browser context (its own localStorage) at the device's viewport; a screenshot is
    saved when the test fails."""
    ctx = browser.new_context(viewport=VIEWPORTS[device])
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.base = server  # type: ignore[attr-defined]
    failed_before = request.session.testsfailed
    yield pg
    if request.session.testsfailed > failed_before:
        pg.screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}.png"), full_page=True)
    ctx.close()


def _open(page, query: str = "") -> None:
    page.goto(page.base + query)
    page.wait_for_selector("#govqa-ready span[data-loaded]", state="attached")  # the page-load event has run
    _idle(page)


def _idle(page, timeout: int = TIMEOUT_MS) -> None:
    """Wait until no Gradio component shows its "processing" overlay."""
    page.wait_for_timeout(200)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=status-tracker]:not(.hide)')", timeout=timeout)


def _shot(page, device: str, name: str, full: bool = False) -> None:
    _idle(page)
    page.screenshot(path=str(ARTIFACTS / f"{device}-{name}.png"), full_page=full)


def _tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def _ask(page, question: str) -> None:
    page.fill("#govqa-question textarea", question)
    n = page.locator("#govqa-chat details.govqa-sources").count()
    page.click("#govqa-ask")
    page.wait_for_function(f"() => document.querySelectorAll('#govqa-chat details.govqa-sources').length > {n}")


def _in_view(page, selector: str) -> bool:
    return page.evaluate("""(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth; }""",
                         selector)


def _pick(page, elem_id: str, option: str) -> None:
    """Choose an option of a Gradio dropdown by typing it and clicking it in the list."""
    box = page.locator(f"#{elem_id} input")
    box.click()
    box.fill(option)
    page.get_by_role("option", name=re.compile(re.escape(option))).first.click()


def test_first_screen_has_the_question_box_and_examples(page, device: str) -> None:
    _open(page)
    assert _in_view(page, "#govqa-question textarea") and _in_view(page, "#govqa-ask")
    welcome = page.locator("#govqa-chat .govqa-welcome").inner_text()
    assert "3 reports from 2 agencies" in welcome and AGENCY in welcome and "2019–2020" in welcome
    # examples drawn from the store (its newest report: 示例县 2020), on the first screen
    example = page.locator("#govqa-chat button.option", has_text="2020年示例县收到多少件政府信息公开申请")
    assert example.count() == 1 and example.is_visible()
    box = example.bounding_box()
    assert box and box["y"] + box["height"] <= VIEWPORTS[device]["height"]
    assert page.locator("#govqa-question textarea").get_attribute("aria-label") or \
        page.locator("#govqa-question label").count()
    _shot(page, device, "first-screen")
    # an example is a question: it is answered from the store
    example.click()
    page.locator("#govqa-chat details.govqa-sources").last.wait_for()
    assert "5" in page.locator("#govqa-chat .govqa-answer .govqa-text").last.inner_text()


def test_figure_answer_cites_its_cell_and_opens_it_in_figures(page, device: str) -> None:
    _open(page)
    _ask(page, "how many applications were fully disclosed in 2020 in 桦川县")
    answer = page.locator("#govqa-chat .govqa-answer").last
    assert "8" in answer.locator(".govqa-text").inner_text()
    answer.locator("details.govqa-sources summary").click()
    source = answer.locator("li.govqa-source").first
    assert "（一）予以公开" in source.inner_text() and "line 57" in source.inner_text()
    assert source.locator("mark").inner_text() == "8"  # the answering number, marked in its row
    _shot(page, device, "answer")
    href = source.locator("a.src-open").get_attribute("href")
    assert href and "cell=T3%3Agranted%3Atotal" in href
    _open(page, href)  # the link opens the app on Figures with the cell highlighted
    cell = page.locator("#fig-t3 td.cell.focus")
    cell.wait_for()
    assert cell.get_attribute("data-cell") == "T3:granted:total" and cell.inner_text().strip() == "8"
    assert page.get_by_role("tab", name="Figures · 数字").get_attribute("aria-selected") == "true"
    info = page.locator("#fig-t3 .govqa-cellinfo")
    info.wait_for(state="visible")
    assert "（一）予以公开" in info.inner_text() and "line 57" in info.inner_text()
    _shot(page, device, "cell-from-citation")


def test_a_question_back_is_followed_by_choosing_one_of_its_readings(page, device: str) -> None:
    _open(page)
    page.fill("#govqa-question textarea", "how many applications were fully disclosed in 2020")
    page.click("#govqa-ask")
    page.locator("#govqa-chat .govqa-readings").wait_for()
    assert "which agency" in page.locator("#govqa-chat .govqa-answer").last.inner_text()
    choice = page.locator("#govqa-chat button.option", has_text=f"{EXAMPLE} 2020: 表三 “（一）予以公开”")
    assert choice.count() == 1 and choice.is_visible()
    assert page.locator("#govqa-chat button.option", has_text=f"{AGENCY} 2020").count() == 1
    _shot(page, device, "question-back")
    choice.click()
    page.locator("#govqa-chat details.govqa-sources").last.wait_for()
    answer = page.locator("#govqa-chat .govqa-answer").last
    assert re.search(r"（一）予以公开 · 总计为 3 件", answer.locator(".govqa-text").inner_text())  # 示例县 2020: granted 3
    assert answer.locator("li.govqa-source mark").first.text_content() == "3"


def test_an_english_reader_sees_each_quote_framed_in_english(page, device: str) -> None:
    _open(page)
    _ask(page, "how many applications were fully disclosed in 2020 in 桦川县")
    answer = page.locator("#govqa-chat .govqa-answer").last
    answer.locator("details.govqa-sources summary").click()
    english = answer.locator("li.govqa-source .src-en").first
    english.wait_for(state="visible")
    text = english.inner_text()
    assert "Table 3: requests received and handled › fully disclosed · total" in text, text
    assert "予以公开 = fully disclosed" in text, text
    assert english.get_attribute("lang") == "en"
    _shot(page, device, "english-framing")


def test_copy_gives_plain_text_with_citations(page, device: str) -> None:
    _open(page)
    _ask(page, "2020年桦川县收到多少件政府信息公开申请")
    page.locator("#govqa-chat .govqa-copy").last.click()
    page.locator("#govqa-chat .govqa-copy.done").last.wait_for()  # set once the clipboard write is done
    text = page.evaluate("navigator.clipboard.readText()")
    assert "<" not in text and ">" not in text, text
    lines = text.splitlines()
    assert "9" in lines[1] and lines[2].startswith("  [1] 桦川县人民政府 2020 · 表三 · 一、本年新收政府信息公开申请数量")


def test_conversation_survives_a_reload_and_undo_returns_the_question(page, device: str) -> None:
    _open(page)
    _ask(page, "2020年桦川县收到多少件政府信息公开申请")
    _ask(page, "其中自然人多少件？")
    page.reload()
    page.wait_for_function("() => document.querySelectorAll('#govqa-chat details.govqa-sources').length === 2")
    assert "自然人" in page.locator("#govqa-chat .govqa-answer").last.inner_text()
    page.locator("#govqa-chat button[aria-label=Undo]").click()
    page.wait_for_function("() => document.querySelectorAll('#govqa-chat details.govqa-sources').length === 1")
    assert page.locator("#govqa-question textarea").input_value() == "其中自然人多少件？"


def test_a_link_opens_the_app_on_a_question(page, device: str) -> None:
    _open(page, "?q=2020年桦川县行政复议有多少件")
    page.locator("#govqa-chat details.govqa-sources").last.wait_for()
    assert "1" in page.locator("#govqa-chat .govqa-answer .govqa-text").last.inner_text()
    assert "行政复议" in page.locator("#govqa-chat").inner_text()


def test_compare_two_years_and_export(page, device: str) -> None:
    _open(page, f"?agency={EXAMPLE}&year=2020")
    table = page.locator("#fig-compare-table table.compare")
    table.wait_for()
    row = table.locator("tr[data-cell='T3:granted:total']")
    values = row.locator("td").evaluate_all("tds => tds.map(td => td.firstChild ? td.firstChild.textContent : '')")
    assert values == ["2", "3", "+1"]
    assert row.locator("td.fails").count() == 2  # both years' cells break T3-C, and are marked so
    links = page.locator("#fig-compare-files a")
    names = [a.get_attribute("download") or "" for a in links.all()]
    assert any(n.endswith(".csv") and "示例县人民政府-2019-2020-compare" in n for n in names), names
    assert any(n.endswith(".xlsx") for n in names), names
    with page.expect_download() as info:
        page.locator("#fig-compare-files a[download$='.csv']").first.click()
    saved = ARTIFACTS / f"{device}-compare.csv"
    info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    assert text.startswith("table,row_label,column_label,unit,value_2019,value_2020,change")
    assert "表三,（一）予以公开,总计,件,2,3,1,T3:granted:total" in text
    # the trend of that cell: a marker and its value at each year
    page.locator("#fig-metric input").click()
    page.locator("#fig-metric input").fill("（一）予以公开 · 总计")
    page.get_by_role("option", name=re.compile(r"表三 （一）予以公开 · 总计")).first.click()
    # (the default cell, 一、本年新收 · 总计, also has two points: wait for this cell's caption)
    page.wait_for_function("() => (document.querySelector('#fig-trend .govqa-note') || {textContent: ''})"
                           ".textContent.includes('（一）予以公开 · 总计')")
    values = page.eval_on_selector_all("#fig-trend g.pt", "els => els.map(e => e.dataset.year + '=' + e.dataset.value)")
    assert values == ["2019=2", "2020=3"]
    _shot(page, device, "compare", full=True)


def test_tables_scroll_inside_their_frame_and_a_tap_shows_the_source(page, device: str) -> None:
    _open(page, f"?agency={AGENCY}&year=2020")
    page.locator("#fig-t3 table.t3").wait_for()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[device]["width"], "the page itself never scrolls sideways"
    if device == "phone":
        frame = page.evaluate("() => { const f = document.querySelector('#fig-t3 .govqa-scroll');"
                              " return [f.scrollWidth, f.clientWidth]; }")
        assert frame[0] > frame[1], "表三 is wider than a phone: it scrolls inside its frame"
    # 表二, 表三, 表四 in the official order
    tops = [page.locator(f"#fig-t{t} table").bounding_box()["y"] for t in (2, 3, 4)]
    assert tops == sorted(tops)
    cell = page.locator("#fig-t3 tr[data-row=new] td[data-col=total]")
    cell.scroll_into_view_if_needed()
    cell.click()
    info = page.locator("#fig-t3 .govqa-cellinfo")
    info.wait_for(state="visible")
    assert "一、本年新收政府信息公开申请数量" in info.inner_text() and "line 55" in info.inner_text()
    assert cell.get_attribute("aria-label").endswith(": 9")
    _shot(page, device, "figures", full=True)


def test_a_failing_check_is_explained_with_its_values(page, device: str) -> None:
    _open(page, f"?agency={EXAMPLE}&year=2020")
    checks = page.locator("#fig-checks")
    checks.locator("li.govqa-checkitem").first.wait_for()
    item = checks.locator("li.govqa-checkitem", has_text="自然人").first
    text = item.inner_text()
    assert "T3-C" in text and "（七）总计等于各办理结果之和" in text
    assert "表三 （七）总计 · 自然人 5" in text and "表三 （一）予以公开 · 自然人 3" in text
    assert "≠" in text and "相差 2" in text
    failing = page.locator("#fig-t3 td.fails[data-cell='T3:processed_total:natural']")
    assert failing.count() == 1
    _tab(page, "Reports · 年报")
    assert "T3-C" in page.locator("#rep-consistency").inner_text()
    _shot(page, device, "checks", full=True)


def test_the_public_cannot_upload_staff_can_upload_and_delete(page, device: str, tmp_path: Path) -> None:
    from index.pipeline import sample_report

    _open(page, "?tab=reports")
    page.get_by_text("Staff · 工作人员").click()
    assert not page.locator("#rep-files").is_visible() and not page.locator("#rep-delete").is_visible()
    page.fill("#staff-password input", "wrong")
    page.click("#staff-sign-in")
    page.locator("#staff-status .govqa-error").wait_for()
    assert not page.locator("#rep-files").is_visible()
    page.fill("#staff-password input", PASSWORD)
    page.click("#staff-sign-in")
    page.locator("#rep-files").wait_for(state="visible")
    with sample_report() as p:
        text = p.read_text(encoding="utf-8")
    upload = tmp_path / f"新桦县-{device}.txt"
    name = "新桦县人民政府" if device == "phone" else "新川县人民政府"
    upload.write_text(text.replace("桦川县", name.removesuffix("人民政府")).replace("2020", "2021"), encoding="utf-8")
    page.locator("#rep-files input[type=file]").set_input_files(str(upload))
    page.locator(f'#rep-files td.filename[aria-label="{upload.name}"]').wait_for()
    _idle(page)
    page.click("#rep-ingest")
    page.wait_for_function(
        "() => { const e = document.querySelector('#rep-result'); return e && e.textContent.includes('ingested'); }",
        timeout=120_000)
    result = page.locator("#rep-result").inner_text()
    assert "1 ingested" in result and name in result and "2021" in result, result
    page.locator("#rep-list tr", has_text=name).wait_for()
    assert upload.name in page.locator("#rep-list tr", has_text=name).inner_text()
    _shot(page, device, "reports-uploaded", full=True)
    _pick(page, "rep-delete-target", name)
    page.locator("#rep-delete-confirm input").check()
    page.click("#rep-delete")
    page.wait_for_function(
        "() => document.querySelector('#rep-result').textContent.includes('deleted')", timeout=60_000)
    page.wait_for_function(f"() => !document.querySelector('#rep-list').textContent.includes('{name}')")
