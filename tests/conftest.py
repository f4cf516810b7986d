"""Shared fixtures: the ../shared data folder (skipped cleanly when absent), a fresh store, a
figures-store database URL on each back end (SQLite; PostgreSQL when GOVQA_TEST_POSTGRES_URL names
a server, as scripts/test.sh arranges), and a Chroma server (`chroma run` on loopback, started for
the session; GOVQA_TEST_CHROMA_URL names one to use instead)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GOVQA_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "reports").is_dir():
        pytest.skip(f"test data folder {SHARED} is absent (it holds the real reports and gold files)")
    return SHARED


@pytest.fixture(scope="session")
def real_reports(shared_dir: Path) -> Path:
    return shared_dir / "reports" / "real"


def load_gold(shared_dir: Path, name: str) -> dict:
    return json.loads((shared_dir / "gold" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def store_home(tmp_path: Path) -> Path:
    home = tmp_path / "govqa-home"
    home.mkdir()
    return home


POSTGRES_URL = os.environ.get("GOVQA_TEST_POSTGRES_URL")
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty figures-store database on each back end: a SQLite file, or a schema of its own on
    the test PostgreSQL server (dropped afterwards), reached through the URL's search_path."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store' / 'figures.sqlite'}"
        return
    if not POSTGRES_URL:
        pytest.skip("GOVQA_TEST_POSTGRES_URL is not set (scripts/test.sh starts a PostgreSQL server)")
    yield from postgres_schema_url(POSTGRES_URL)


def postgres_schema_url(server_url: str) -> Iterator[str]:
    from sqlalchemy import create_engine

    from index.figures_store import engine_url

    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(engine_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield engine_url(server_url).update_query_dict(
            {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a Chroma server for the session: `chroma run --path TMP` on a free loopback port,
    stopped at the end (or GOVQA_TEST_CHROMA_URL's server, left running)."""
    given = os.environ.get("GOVQA_TEST_CHROMA_URL")
    if given:
        yield given
        return
    exe = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if exe is None:
        pytest.skip("the chroma command (from the chromadb package) is not installed")
    folder = tmp_path_factory.mktemp("chroma-server")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - open while the server runs
    proc = subprocess.Popen([exe, "run", "--path", str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"chroma run did not start: {(folder / 'server.log').read_text(errors='replace')[-2000:]}")
                time.sleep(0.2)
        yield url
    finally:
        stop_process(proc)
        log.close()


@pytest.fixture
def chroma_url(chroma_server: str) -> Iterator[str]:
    """The session's Chroma server, emptied after the test (collections are named after embedders)."""
    yield chroma_server
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from urllib.parse import urlsplit

    u = urlsplit(chroma_server)
    client = chromadb.HttpClient(host=u.hostname, port=u.port, settings=ChromaSettings(anonymized_telemetry=False))
    for c in client.list_collections():
        client.delete_collection(c.name)


# One home for the test's child processes (the concurrency bench starts the same ones); re-exported.
from eval.concurrency import ingest_process as cli_ingest_process  # noqa: F401
from eval.concurrency import stop_process
