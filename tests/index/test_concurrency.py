"""One writer at a time, readers never wait (issue 14): two ingests of different folders into one
store while `reports` and `ask` read throughout."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant import api
from eval.synth import generate_corpus
from index.figures_store import FiguresStore
from tests.conftest import cli_ingest_process
from index.settings import Settings
from index.vectors import VectorIndex

REPO = Path(__file__).resolve().parents[2]
MAX_READ_SECONDS = 2.0



@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("concurrent")
    out = []
    for seed in (1, 2):  # different agencies
        generate_corpus(base / f"c{seed}", agencies=3, years=[2020, 2021], renderings=["text"], seed=seed,
                        noise=0.0, progress=False)
        out.append(base / f"c{seed}" / "text")
    return out[0], out[1]


@pytest.mark.slow
def test_two_ingests_and_readers_at_once(folders: tuple[Path, Path], tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GOVQA_EMBEDDER", "hash")
    home = tmp_path / "store"
    settings = Settings(home=home, embedder="hash")
    first = sorted(folders[0].glob("*.txt"))[0]
    seeded = api.ingest([first], store=home, settings=settings, progress=False)  # readers need a store
    assert seeded.ok, seeded.failed
    agency = seeded.ingested[0].agency
    api.ask(f"{agency}2020年主动公开了哪些信息", store=home, settings=settings)  # imports done before timing
    writers = [cli_ingest_process(folders[0], home), cli_ingest_process(folders[1], home)]
    errors: list[str] = []
    waits: list[tuple[float, str]] = []
    reads = 0
    while any(w.poll() is None for w in writers) or reads < 6:
        for name, call in (
            ("reports", lambda: api.reports(store=home, settings=settings)),
            ("ask figure", lambda: api.ask(f"2020年{agency}收到多少件政府信息公开申请", store=home, settings=settings)),
            ("ask narrative", lambda: api.ask(f"{agency}2020年主动公开了哪些信息", store=home, settings=settings)),
        ):
            start = time.perf_counter()
            try:
                result = call()
                if name.startswith("ask") and result.route == "refusal" and "没有" not in result.answer \
                        and "not" not in result.answer.lower():
                    errors.append(f"{name}: {result.answer[:80]}")
            except Exception as exc:  # noqa: BLE001 — every error counts
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
            waits.append((time.perf_counter() - start, name))
        reads += 1
    outs = [w.communicate() for w in writers]
    assert [w.returncode for w in writers] == [0, 0], [o[1][-1500:] for o in outs]
    assert errors == []
    slowest = max(waits)
    assert slowest[0] < MAX_READ_SECONDS, f"a reader waited {slowest[0]:.2f} s ({slowest[1]}) over {len(waits)} reads"
    with FiguresStore(settings.url) as store:
        sql_ids = {r.report_id for r in store.reports()}
        n_passages = store.counts()["passages"]
    assert len(sql_ids) == 12  # 6 reports a folder (the seeded one is "unchanged" the second time)
    vectors = VectorIndex(settings)
    assert vectors.report_ids() == sql_ids and vectors.count() == n_passages
    answer = api.ask(f"{agency}2020年主动公开了哪些信息", store=home, settings=settings)
    assert answer.route in ("narrative", "both") and answer.citations, answer.answer
