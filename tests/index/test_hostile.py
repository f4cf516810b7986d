"""Hostile files (issue 14), and 25 kinds of broken file handled before it: each is refused with one
plain line under a 1 GiB memory ceiling and 30 s, the store is left as it was, and the good files of
the same batch are stored."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eval.hostile import (BROKEN, KINDS, SEED, docx_zip_bomb, pdf_flate_bomb, symlink_loop, write_broken_corpus,
                          write_hostile_corpus)
from index.figures_store import FiguresStore
from index.pipeline import expand_paths, ingest
from index.settings import Settings
from index.worker import FileReader
from index.types import IngestError

from .worker_hooks import slow_worker

REPO = Path(__file__).resolve().parents[2]
CEILING = 2**30  # 1 GiB of address space for the whole ingest, worker included
SECONDS = 30

CHILD = """
import json, sys
from pathlib import Path
from index.pipeline import ingest
from index.settings import Settings
s = ingest([Path(p) for p in sys.argv[2:]], Settings(home=Path(sys.argv[1]), vectors=False), progress=False)
print(json.dumps({"failed": s.failed, "skipped": s.skipped, "added": [r.path for r in s.added],
                  "unchanged": [r.path for r in s.unchanged]}))
"""

# what each kind's one line must say (the reason, not a traceback)
REASONS = {
    "docx-gridspan": "grid cells through its spans",
    "docx-zip-bomb": "would inflate to",
    "html-spans": "grid cells through its spans",
    "html-grid": "grid cells through its spans",
    "html-nested": "nests elements more than",
    "text-many-passages": "passages (limit 20,000)",
    "pdf-flate-bomb": "MemoryError",  # no cheap check: the worker's memory limit stops it
}


def _ingest_limited(home: Path, *files: Path) -> tuple[dict, float]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CEILING, CEILING))

    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, str(home), *map(str, files)], cwd=REPO, capture_output=True,
                         text=True, timeout=SECONDS + 15, preexec_fn=limit,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1]), time.perf_counter() - start


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = write_hostile_corpus(folder, [k for k in KINDS if k not in ("docx-zip-bomb", "pdf-flate-bomb")])
    # smaller than the bench's, still over the caps, and quicker to make
    files["docx-zip-bomb"] = docx_zip_bomb(folder / "docx-zip-bomb.docx", inflated_mb=300)
    files["pdf-flate-bomb"] = pdf_flate_bomb(folder / "pdf-flate-bomb.pdf", inflated_mb=1200)
    return files


@pytest.fixture(scope="module")
def stored_home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A store holding the sample report, and that report's file."""
    home = tmp_path_factory.mktemp("home")
    good = home.parent / "good-huachuan.txt"
    good.write_bytes(SEED.read_bytes())
    ingest([good], Settings(home=home, vectors=False), progress=False)
    return home, good


def _counts(home: Path) -> dict[str, int]:
    with FiguresStore(Settings(home=home).url) as s:
        return s.counts()


@pytest.mark.parametrize("kind", sorted(REASONS))
def test_a_hostile_file_costs_at_most_the_limits_and_leaves_the_store_alone(
        kind: str, corpus: dict[str, Path], stored_home: tuple[Path, Path], tmp_path: Path) -> None:
    home, good = stored_home
    before = _counts(home)
    other = tmp_path / "second-good.txt"  # a good file of the same batch, new to the store
    other.write_text(SEED.read_text(encoding="utf-8").replace("2020 年共收到", "2020 年全年共收到"), encoding="utf-8")
    result, seconds = _ingest_limited(home, corpus[kind], good, other)
    assert seconds < SECONDS, f"{kind} took {seconds:.1f} s"
    failed = dict(result["failed"])
    assert list(failed) == [str(corpus[kind])], result
    assert REASONS[kind] in failed[str(corpus[kind])] and "\n" not in failed[str(corpus[kind])]
    assert result["unchanged"] == [str(good)] and result["added"] == [str(other)]
    after = _counts(home)
    assert after["reports"] == before["reports"] + 1
    # undo the new good file so every kind starts from the same store
    with FiguresStore(Settings(home=home).url) as s:
        s.delete_report(next(r.report_id for r in s.reports() if r.source_path == str(other)))
    assert _counts(home) == before


def test_a_nul_after_the_binary_sniff_is_removed_and_the_report_stored(corpus: dict[str, Path], tmp_path: Path):
    summary = ingest([corpus["text-nul"]], Settings(home=tmp_path, vectors=False), progress=False)
    assert [(r.agency, r.year, r.n_figures) for r in summary.ingested] == [("桦川县人民政府", 2020, 198)]
    with FiguresStore(Settings(home=tmp_path).url) as s:
        rid = summary.ingested[0].report_id
        assert not any("\x00" in line.text for line in s.source_lines(rid))
        assert not any("\x00" in p.passage.text for p in s.passage_records(rid))


def test_the_worker_stops_a_file_at_its_memory_and_time_limits(tmp_path: Path, monkeypatch):
    """Past the loaders' own caps: the worker's limits hold, and it is replaced for the next file.

    The slow file takes 4 s to read whatever the machine's load (simulated, tests/index/worker_hooks.py)
    and its limit is 1 s: the limit must stop it. The worker's start-up is not on the clock, so a busy
    machine can no longer fail the good file after it (it once did, at 30 s)."""
    slow = tmp_path / "slow.txt"
    slow.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_bytes(SEED.read_bytes())
    slow_worker(tmp_path, monkeypatch, read=4)
    with FileReader(memory_mb=1024, seconds=1) as reader:
        with pytest.raises(IngestError, match=r"^slow.txt: took longer than 1 s"):
            reader.load(slow, 2**26)
        first = reader._proc
        assert len(reader.load(good, 2**26)) == 64  # a fresh worker reads the next file
        assert reader._proc is not first
    monkeypatch.undo()  # the worker imports nothing before its memory limit
    with FileReader(memory_mb=40, seconds=30) as reader:  # too little to import the parser
        with pytest.raises(IngestError, match=r"40 MiB memory limit"):
            reader.load(good, 2**26)


def test_a_symlink_loop_and_an_unreadable_folder_are_one_line_each(tmp_path: Path, monkeypatch):
    folder = tmp_path / "batch"
    (folder / "ok").mkdir(parents=True)
    (folder / "ok" / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "locked").mkdir()
    loop = symlink_loop(folder)
    real_scandir = os.scandir

    def scandir(path=".", *a, **k):  # root reads any folder, so the denial is simulated
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *a, **k)

    monkeypatch.setattr(os, "scandir", scandir)
    files, decided = expand_paths([folder])
    monkeypatch.undo()
    assert files == [folder / "ok" / "a.txt"]
    lines = {Path(d.path).name: (d.outcome, d.reason) for d in decided}
    assert lines[loop.name] == ("failed", "a symbolic link loop, not a file")
    assert lines["locked"][0] == "failed" and "cannot be read (Permission denied)" in lines["locked"][1]
    summary = ingest([folder], Settings(home=tmp_path / "home", vectors=False), progress=False)
    assert [Path(r.path).name for r in summary.ingested] == ["a.txt"]


# what each broken kind's one line must say (handled before issue 14; the batch must still go on)
BROKEN_REASONS = {
    "unsupported-type": "unsupported file type '.xls'", "empty-text": "the file is empty",
    "empty-pdf": "the file is empty", "empty-docx": "the file is empty", "empty-html": "the file is empty",
    "binary-text": "binary data, not text", "binary-html": "binary data, not HTML", "binary-md": "binary data, not text",
    "junk-pdf": "not a readable PDF", "truncated-pdf": "not a readable PDF", "garbled-pdf": "not a readable PDF",
    "noise-pdf": "not a readable PDF", "encrypted-pdf": "the PDF is encrypted",
    "scanned-blank-pdf": "the PDF has no text layer", "not-zip-docx": "not a valid .docx file",
    "truncated-docx": "not a valid .docx file", "no-body-docx": "not a valid .docx file",
    "pdf-named-docx": "not a valid .docx file", "docx-named-pdf": "not a readable PDF",
    "script-only-html": "no text could be read", "not-a-report-text": "not a government information-disclosure",
    "utf16-text": "the text encoding could not be recognised", "blank-text": "no text could be read",
    "oversized-text": "over the limit of", "dangling-link-pdf": "a symbolic link to nothing",
}


def test_a_batch_of_every_broken_kind_is_one_line_each_and_the_good_files_go_in(
        stored_home: tuple[Path, Path], tmp_path: Path) -> None:
    assert set(BROKEN_REASONS) == set(BROKEN) and len(BROKEN) == 25
    home, good = stored_home
    before = _counts(home)
    files = write_broken_corpus(tmp_path / "broken")
    other = tmp_path / "second-good.txt"
    other.write_text(SEED.read_text(encoding="utf-8").replace("2020 年共收到", "2020 年全年共收到"), encoding="utf-8")
    result, seconds = _ingest_limited(home, *files.values(), good, other)
    assert seconds < SECONDS, f"the batch took {seconds:.1f} s"
    lines = {**dict(result["failed"]), **dict(result["skipped"])}
    assert len(result["failed"]) + len(result["skipped"]) == len(lines) == len(files)  # one line a file
    for kind, path in files.items():
        reason = lines[str(path)]
        assert BROKEN_REASONS[kind] in reason and "\n" not in reason, (kind, reason)
    assert result["unchanged"] == [str(good)] and result["added"] == [str(other)]
    assert _counts(home)["reports"] == before["reports"] + 1
    with FiguresStore(Settings(home=home).url) as s:
        s.delete_report(next(r.report_id for r in s.reports() if r.source_path == str(other)))
    assert _counts(home) == before
