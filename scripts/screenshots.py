"""Regenerate docs/screenshots/: the Figures and Reports tabs on a phone (390×844) and a desk (1440×900)
over three real reports ingested together (issue 12's closing note):

- 平潭综合实验区 2020 as the agency's web page (real/2020_pingtan.html) and as a crawler's text of the
  same page (real/2020_pingtan.txt): one report stored twice, the canonical copy shown and the other
  listed; this report breaks T3-C as printed ((七)总计 20/21 against outcome rows adding up to 26/27,
  ../shared/gold/2020_pingtan.json), so Figures explains a failing check with its values;
- 平潭综合实验区公安局 2021 (real/2021_pingtan-gaj.txt), a department's report that breaks T3-A.

    PYTHONPATH=. .venv/bin/python scripts/screenshots.py [--shared ../shared] [--out docs/screenshots]

Needs /usr/bin/chromium (apt) and the playwright package (never ``playwright install``). Each PNG is
quantised to a palette (Pillow) so it stays well under 300 KB.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("GOVQA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1440, "height": 900}}
REPORTS = ("2020_pingtan.html", "2020_pingtan.txt", "2021_pingtan-gaj.txt")
AGENCY, YEAR = "平潭综合实验区", 2020
MAX_BYTES = 300_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(store: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVQA_")}
    env.update(GOVQA_VECTORS="false", GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1",
               PYTHONPATH=str(REPO))
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--store", str(store),
                                 "--port", str(port)], cwd=store.parent, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"govqa serve exited:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("govqa serve did not start")


def _small_png(path: Path) -> int:
    """Quantise a screenshot to 256 colours (text and flat colours survive it); returns its size."""
    from PIL import Image

    with Image.open(path) as im:
        im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path.stat().st_size


def _wait_ready(page) -> None:  # a playwright Page
    page.wait_for_selector("#govqa-ready span[data-loaded]", state="attached")
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=status-tracker]:not(.hide)')")


def shoot(url: str, out: Path) -> list[tuple[str, int]]:
    from playwright.sync_api import sync_playwright

    shots: list[tuple[str, int]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            for device, viewport in VIEWPORTS.items():
                ctx = browser.new_context(viewport=viewport, device_scale_factor=1)
                page = ctx.new_page()
                page.set_default_timeout(60_000)

                def save(name: str, element: str | None = None, page=page, device=device) -> None:
                    path = out / f"{device}-{name}.png"
                    if element:
                        page.locator(element).screenshot(path=str(path))
                    else:
                        page.screenshot(path=str(path))
                    shots.append((path.name, _small_png(path)))

                page.goto(f"{url}?agency={AGENCY}&year={YEAR}")
                _wait_ready(page)
                page.locator("#fig-head .govqa-copies").first.wait_for()
                save("figures-canonical-copy")  # the head: canonical copy, the copy list, 表二 begins
                page.locator("#fig-t3").scroll_into_view_if_needed()
                save("figures-table3-failing", "#fig-t3")  # 表三 with the failing cells marked
                page.locator("#fig-checks li.govqa-checkitem").first.wait_for()
                save("figures-check-explained", "#fig-checks")  # the rule in words, both sides' values
                page.goto(f"{url}?tab=reports")
                _wait_ready(page)
                page.locator("#rep-list table").wait_for()
                save("reports")  # the list: both copies (canonical / copy) and the department's report
                save("reports-consistency", "#rep-consistency")
                ctx.close()
        finally:
            browser.close()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    real = args.shared / "reports" / "real"
    files = [real / name for name in REPORTS]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise SystemExit(f"missing reports: {', '.join(missing)}")
    if not CHROMIUM.is_file():
        raise SystemExit(f"{CHROMIUM} is not installed (apt-get install chromium)")
    os.environ.update(GOVQA_VECTORS="false", HF_HUB_OFFLINE="1")
    sys.path.insert(0, str(REPO))
    from assistant import api

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="govqa-shots-") as tmp:
        store = Path(tmp) / "store"
        summary = api.ingest(files, store=store, progress=False, vectors=False)
        print("\n".join(f"{r.outcome}: {Path(r.path).name} → {r.agency} {r.year}, {r.n_failed_checks} failing checks"
                        for r in summary.results))
        proc, url = _serve(store, Path(tmp) / "serve.log")
        try:
            shots = shoot(url, args.out)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    for name, size in shots:
        print(f"{name}: {size / 1000:.0f} KB")
    too_big = [name for name, size in shots if size > MAX_BYTES]
    if too_big:
        raise SystemExit(f"over {MAX_BYTES // 1000} KB: {', '.join(too_big)}")


if __name__ == "__main__":
    main()
