"""One writer at a time, readers never wait (issue 14): two ingests of different folders into one
store while `reports`, `ask` and the running web app (its HTTP queue API: the chat and the page
load) read throughout. The scenario lives in eval/concurrency.py; bench/concurrency.py repeats it."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.concurrency import MAX_READ_SECONDS, READER_KINDS, run_scenario, write_folders


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_folders(tmp_path_factory.mktemp("concurrent"))


@pytest.mark.slow
def test_two_ingests_while_the_library_and_the_web_app_read(folders: tuple[Path, Path], tmp_path: Path) -> None:
    run = run_scenario(*folders, tmp_path / "store")
    assert run.writer_codes == [0, 0], run.writer_output
    assert run.errors == []
    for kind in READER_KINDS:  # every kind read while the writers ran, not once before them
        assert len(run.waits[kind]) >= 6, (kind, len(run.waits[kind]))
    slowest = run.slowest()
    assert slowest[0] <= MAX_READ_SECONDS, f"a reader waited {slowest[0]:.2f} s ({slowest[1]})"
    assert len(run.sql_ids) == 12  # 6 reports a folder (the seeded one is "unchanged" the second time)
    assert run.vector_ids == run.sql_ids and run.n_vectors == run.n_passages
    # a narrative answer with citations; the web app, never restarted, answers a figure of an agency
    # first stored by the second writer with the generator's value and lists it on a page load
    assert run.after == {"narrative": "", "web sees new agency": "", "web page lists new agency": ""}
