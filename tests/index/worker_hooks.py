"""A slow machine, simulated for the file-reading worker (``index.worker.FileReader``).

The worker is a fresh interpreter whose import path is the parent's ``sys.path``; a
``sitecustomize`` module put first on that path runs when it starts. It reads two variables:
``GOVQA_TEST_SLOW_START`` (seconds to sleep before the worker imports anything: a cold start on a
busy machine) and ``GOVQA_TEST_SLOW_READ`` (seconds every load of a file whose name contains
"slow" takes: a file that really is slow to read, whatever the machine's load).
"""

from __future__ import annotations

from pathlib import Path

import pytest

SITECUSTOMIZE = '''
import os, time

if os.environ.get("GOVQA_TEST_SLOW_START"):
    time.sleep(float(os.environ["GOVQA_TEST_SLOW_START"]))
if os.environ.get("GOVQA_TEST_SLOW_READ"):
    import index.loaders as loaders

    _load = loaders.load

    def load(path, *args, **kwargs):
        if "slow" in os.path.basename(str(path)):
            time.sleep(float(os.environ["GOVQA_TEST_SLOW_READ"]))
        return _load(path, *args, **kwargs)

    loaders.load = load
'''


def slow_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, start: float = 0.0, read: float = 0.0) -> None:
    """Make the workers started from now on (in this test) start ``start`` s late and read a
    "slow" file in ``read`` s more."""
    hook = tmp_path / "worker-hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(hook))
    for name, seconds in (("GOVQA_TEST_SLOW_START", start), ("GOVQA_TEST_SLOW_READ", read)):
        if seconds:
            monkeypatch.setenv(name, str(seconds))
        else:
            monkeypatch.delenv(name, raising=False)
