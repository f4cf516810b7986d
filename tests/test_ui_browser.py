"""The web app end to end in headless Chromium: ``govqa serve`` as a subprocess over a seeded store,
then ask, read 表三, upload a report. Screenshots go to ./test-artifacts/.

Skipped when /usr/bin/chromium or the playwright package is missing (scripts/test.sh installs
Chromium with apt; never ``playwright install``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path(os.environ.get("GOVQA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
AGENCY = "桦川县人民政府"
TIMEOUT_MS = 60_000


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
    summary = api.ingest(None, store=store, progress=False, vectors=False)
    assert summary.ok
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVQA_")}
    env.update(GOVQA_VECTORS="false", GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1",
               PYTHONUNBUFFERED="1")
    log = work / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([*_govqa_command(), "serve", "--store", str(store), "--port", str(port)],
                                cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_for(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copyfile(log, ARTIFACTS / "serve.log")


@pytest.fixture(scope="module")
def browser_page(server: str):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            pg = browser.new_page(viewport={"width": 1360, "height": 1000})
            pg.set_default_timeout(TIMEOUT_MS)
            pg.goto(server)
            pg.wait_for_selector("#govqa-question textarea")
            yield pg
        finally:
            browser.close()


@pytest.fixture
def page(browser_page, request: pytest.FixtureRequest):
    """The shared page; a screenshot of it is saved when the test fails."""
    failed_before = request.session.testsfailed
    yield browser_page
    if request.session.testsfailed > failed_before:
        browser_page.screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}.png"), full_page=True)


def _tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def _idle(page, timeout: int = TIMEOUT_MS) -> None:
    """Wait until no Gradio component shows its "processing" overlay."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=status-tracker]:not(.hide)')", timeout=timeout)


def _shot(page, name: str) -> None:
    _idle(page)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _pick(page, elem_id: str, option: str) -> None:
    """Choose an option of a Gradio dropdown by typing it and clicking it in the list."""
    box = page.locator(f"#{elem_id} input")
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).first.click()
    assert box.input_value() == option


def test_ask_shows_answer_and_sources(page) -> None:
    _tab(page, "Ask · 提问")
    page.fill("#govqa-question textarea", "how many applications did Huachuan County fully disclose in 2020")
    page.click("#govqa-ask")
    sources = page.locator("#govqa-chat details.govqa-sources").last
    sources.wait_for()
    answer = page.locator("#govqa-chat .govqa-answer").last
    assert "8" in answer.locator(".govqa-text").inner_text()
    assert "Understood as" in answer.inner_text()
    sources.locator("summary").click()
    panel = sources.inner_text()
    assert "（一）予以公开" in panel and "总计" in panel
    assert "line 57" in panel
    _shot(page, "ui-ask.png")
    # a follow-up keeps its context
    page.fill("#govqa-question textarea", "其中自然人多少件？")
    page.click("#govqa-ask")
    page.locator("#govqa-chat .govqa-answer").nth(1).locator("details.govqa-sources").wait_for()
    assert "自然人" in page.locator("#govqa-chat .govqa-answer").nth(1).inner_text()


def test_figures_table3(page) -> None:
    _tab(page, "Figures · 数字")
    _pick(page, "fig-agency", AGENCY)
    _pick(page, "fig-year", "2020")
    page.click("#fig-show")
    _idle(page)
    cell = page.locator("#fig-t3 table.t3 tbody tr").first.locator("td[data-col=total]")
    cell.wait_for()
    page.wait_for_function(
        "() => { const c = document.querySelector('#fig-t3 table.t3 tbody tr td[data-col=total]');"
        " return c && c.textContent.trim() === '9'; }", timeout=TIMEOUT_MS)
    assert cell.inner_text().strip() == "9"
    assert page.locator("#fig-t3 table.t3 tbody tr").first.get_attribute("data-row") == "new"
    assert "（一）予以公开" in page.locator("#fig-t3").inner_text()
    assert page.locator("#fig-t2 table.t2").count() == 1 and page.locator("#fig-t4 table.t4").count() == 1
    _shot(page, "ui-figures.png")
    # the shown report as CSV
    with page.expect_download() as info:
        page.click("#fig-csv")
    saved = ARTIFACTS / "figures.csv"
    info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    assert text.startswith("agency,") and "（一）予以公开" in text and AGENCY in text


def test_upload_report_is_listed(page, tmp_path: Path) -> None:
    from index.pipeline import sample_report

    with sample_report() as p:
        text = p.read_text(encoding="utf-8")
    upload = tmp_path / "新桦县-2021.txt"
    upload.write_text(text.replace("桦川县", "新桦县").replace("2020", "2021"), encoding="utf-8")
    _tab(page, "Reports · 年报")
    page.locator("#rep-files input[type=file]").set_input_files(str(upload))
    # uploaded: the file is listed with its download link
    page.locator(f'#rep-files td.filename[aria-label="{upload.name}"]').wait_for()
    page.locator("#rep-files a[data-testid=download-link]").first.wait_for()
    _idle(page)
    page.click("#rep-ingest")
    page.wait_for_function(
        "() => { const e = document.querySelector('#rep-result'); return e && e.textContent.includes('ingested'); }",
        timeout=120_000)
    result = page.locator("#rep-result").inner_text()
    assert "added" in result and "新桦县人民政府" in result and "2021" in result, result
    listing = page.locator("#rep-list")
    listing.locator("tr", has_text="新桦县人民政府").wait_for()
    row = listing.locator("tr", has_text="新桦县人民政府").inner_text()
    assert "2021" in row and upload.name in row
    _shot(page, "ui-reports.png")
    # the new report can be asked about at once
    _tab(page, "Ask · 提问")
    page.click("#govqa-clear")
    page.fill("#govqa-question textarea", "2021年新桦县收到多少件政府信息公开申请")
    page.click("#govqa-ask")
    page.locator("#govqa-chat details.govqa-sources").last.wait_for()
    assert "新桦县人民政府" in page.locator("#govqa-chat .govqa-answer").last.inner_text()
