"""No anonymous writes, tried the way an attacker would: the running app's queue API over plain HTTP.

Every event of the web app that writes to the store (upload, replace, delete) is called without a
staff sign-in — with a file uploaded through Gradio's own upload route, and with a forged copy of a
stored report — and must be refused with the store unchanged and the uploaded file deleted. The same
calls after a sign-in in the same session succeed, so the test can fail.
"""

from __future__ import annotations

import json
import shutil
import socket
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant import api

PASSWORD = "correct horse battery staple"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory):
    import os

    saved = {k: v for k, v in os.environ.items() if k.startswith("GOVQA_")}  # restored afterwards: a later
    for name in ("GOVQA_HOME", "GOVQA_DATABASE_URL"):  # test must not inherit vectors off (test_repair did)
        os.environ.pop(name, None)
    os.environ["GOVQA_VECTORS"] = "false"
    os.environ["GOVQA_STAFF_PASSWORD"] = PASSWORD
    import ui

    store = tmp_path_factory.mktemp("http") / "store"
    assert api.ingest(None, store=store, progress=False, vectors=False).ok
    port = _free_port()
    demo = ui.serve(store=store, port=port, block=False)
    try:
        yield demo, f"http://127.0.0.1:{port}", store
    finally:
        demo.close()
        for name in [k for k in os.environ if k.startswith("GOVQA_")]:
            os.environ.pop(name)
        os.environ.update(saved)


def _fn_index(demo: Any, name: str) -> int:
    hits = [i for i, fn in demo.fns.items() if getattr(fn.fn, "__name__", "") == name]
    assert hits, name
    return hits[0]


def _call(base: str, fn_index: int, data: list[Any], session: str) -> list[Any]:
    """One event through the queue, as the browser sends it; returns the outputs."""
    with httpx.Client(base_url=base, timeout=60) as client:
        r = client.post("/gradio_api/queue/join", json={"data": data, "fn_index": fn_index, "session_hash": session,
                                                        "event_data": None, "trigger_id": None})
        r.raise_for_status()
        with client.stream("GET", "/gradio_api/queue/data", params={"session_hash": session}) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                msg = json.loads(line[5:])
                if msg.get("msg") == "process_completed":
                    assert msg.get("success"), msg
                    return msg["output"]["data"]
    raise AssertionError("no result")


def _upload(base: str, path: Path) -> dict[str, Any]:
    with httpx.Client(base_url=base, timeout=60) as client:
        r = client.post("/gradio_api/upload", files={"files": (path.name, path.read_bytes())})
        r.raise_for_status()
        server_path = r.json()[0]
    return {"path": server_path, "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}


def _forged(tmp_path: Path) -> Path:
    """A forged copy of the stored sample: 收到申请 9 → 999 (the attack of issue 14)."""
    from index.pipeline import sample_report

    with sample_report() as p:
        text = p.read_text(encoding="utf-8")
    forged = tmp_path / "huachuan-2020-forged.txt"
    forged.write_text(text.replace("一、本年新收政府信息公开申请数量\t9", "一、本年新收政府信息公开申请数量\t999"), encoding="utf-8")
    return forged


def test_every_write_event_is_refused_without_sign_in(running, tmp_path: Path) -> None:
    demo, base, store = running
    assert set(demo.govqa_write_events) == {"upload", "replace", "delete"}
    # every event whose handler writes is one of those three, each wired once
    writers = [getattr(fn.fn, "__name__", "") for fn in demo.fns.values()
               if getattr(fn.fn, "__name__", "") in ("upload", "replace", "delete", "ingest_uploads", "_ingest")]
    assert sorted(writers) == ["delete", "replace", "upload"]
    before = [(r.report_id, r.sha256) for r in api.reports(store=store)]
    target = before[0][0]
    session = uuid.uuid4().hex
    forged = _forged(tmp_path)

    upload = _upload(base, forged)
    out = _call(base, _fn_index(demo, "upload"), [[upload], None], session)
    assert "Staff sign-in required" in out[0]
    assert not Path(upload["path"]).exists(), "a refused upload is deleted"

    upload = _upload(base, forged)
    out = _call(base, _fn_index(demo, "replace"), [[upload], target, None], session)
    assert "Staff sign-in required" in out[0]
    assert not Path(upload["path"]).exists()

    out = _call(base, _fn_index(demo, "delete"), [target, True, None], session)
    assert "Staff sign-in required" in out[0]

    # a wrong password signs nobody in; the writes stay refused in that session
    _call(base, _fn_index(demo, "sign_in"), ["staff", "guess", None], session)
    out = _call(base, _fn_index(demo, "delete"), [target, True, None], session)
    assert "Staff sign-in required" in out[0]

    assert [(r.report_id, r.sha256) for r in api.reports(store=store)] == before
    assert api.ask("2020年桦川县收到多少件政府信息公开申请", store=store).values[0].value == 9
    uploads = api.resolve_settings(store=store).uploads_dir
    assert not uploads.exists() or not any(uploads.iterdir())


def test_the_same_calls_work_after_staff_sign_in(running, tmp_path: Path) -> None:
    demo, base, store = running
    session = uuid.uuid4().hex
    out = _call(base, _fn_index(demo, "sign_in"), ["staff", PASSWORD, None], session)
    assert "Signed in as staff" in out[1]
    sample = tmp_path / "新桦县-2021.txt"
    from index.pipeline import sample_report

    with sample_report() as p:
        shutil.copyfile(p, tmp_path / "orig.txt")
    sample.write_text((tmp_path / "orig.txt").read_text(encoding="utf-8").replace("桦川县", "新桦县")
                      .replace("2020", "2021"), encoding="utf-8")
    upload = _upload(base, sample)
    out = _call(base, _fn_index(demo, "upload"), [[upload], None], session)
    assert "1 ingested" in out[0] and "新桦县人民政府" in out[0], out[0]
    assert not Path(upload["path"]).exists(), "the temporary upload is deleted after ingest"
    added = next(r for r in api.reports(store=store) if r.agency == "新桦县人民政府")
    out = _call(base, _fn_index(demo, "delete"), [added.report_id, True, None], session)
    assert "deleted" in out[0]
    assert [r.agency for r in api.reports(store=store)] == ["桦川县人民政府"]
