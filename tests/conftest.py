"""Shared fixtures: the ../shared data folder (skipped cleanly when absent) and a fresh store."""

from __future__ import annotations

import json
import os
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
