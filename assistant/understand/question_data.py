"""``index/data/question_words.toml`` (the words of questions, not report labels), read once for every module
of understanding (text folding, grounding and the named word lists of :mod:`.words` all use it)."""
from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

QUESTION_WORDS: dict[str, Any] = tomllib.loads(
    resources.files("index").joinpath("data/question_words.toml").read_text(encoding="utf-8"))
