"""A cold `govqa ask` of a narrative question loads only what answering it needs (issue 13: ≤ 1 s).

Each heavy library that once sat on this path is named with what it cost a cold start on the
2-core machine: pypinyin ~0.35 s (romanising place names, now kept in a disk memo),
langchain_core ~0.1 s (the Embeddings base class), jinja2 (HTML templates, not the CLI's text),
chromadb (a filtered dense search reads cached vectors), gradio, bm25s/scipy (BM25 is numpy).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

NOT_ON_THE_COLD_PATH = ("pypinyin", "langchain_core", "langchain", "jinja2", "chromadb", "gradio", "bm25s",
                        "scipy", "torch", "sentence_transformers")

# The answer, then the modules the process loaded, as JSON on the last line.
_ASK = """
import json, sys
from assistant.cli import cli
try:
    cli.main(args=["ask", sys.argv[1], "--store", sys.argv[2]], prog_name="govqa", standalone_mode=False)
finally:
    print()
    print(json.dumps(sorted(sys.modules)))
"""


def _ask(question: str, home: Path, cache: Path) -> tuple[str, set[str]]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "GOVQA_EMBEDDER": "hash", "HF_HUB_OFFLINE": "1",
           "XDG_CACHE_HOME": str(cache)}
    out = subprocess.run([sys.executable, "-c", _ASK, question, str(home)], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=120, check=True).stdout
    text, _, modules = out.rstrip().rpartition("\n")
    return text, {m.split(".")[0] for m in json.loads(modules)}


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("cold") / "store"
    env = {**os.environ, "PYTHONPATH": str(REPO), "GOVQA_EMBEDDER": "hash", "HF_HUB_OFFLINE": "1"}
    subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", "--store", str(home)], cwd=REPO, env=env,
                   capture_output=True, text=True, timeout=300, check=True)
    return home


def test_a_chinese_narrative_question_loads_no_heavy_library(seed_store: Path, tmp_path: Path):
    text, loaded = _ask("桦川县2020年政务公开工作存在哪些问题？", seed_store, tmp_path)
    assert "政府信息公开不及时" in text  # the gold passage (eval/datasets/handwritten.jsonl hw-082)
    assert not loaded & set(NOT_ON_THE_COLD_PATH), loaded & set(NOT_ON_THE_COLD_PATH)


def test_an_english_question_romanises_a_place_name_once(seed_store: Path, tmp_path: Path):
    question = "How many items did Huachuan County publish on its government website in 2020?"
    first, loaded = _ask(question, seed_store, tmp_path)
    assert "2159" in first  # hw-083's gold: 共发布信息2159条
    assert "pypinyin" in loaded  # nothing romanised yet: computed, and kept
    again, loaded = _ask(question, seed_store, tmp_path)
    assert again == first
    assert not loaded & set(NOT_ON_THE_COLD_PATH), loaded & set(NOT_ON_THE_COLD_PATH)
