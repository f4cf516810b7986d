"""An answer shown in the chat in stages: what the web app streams between the question and the final
message.

Without an LLM: the answer text, then (a moment later) the same answer with its sources. With an LLM
(:mod:`assistant.llm`): a narrative answer is re-worded by the model token by token (each chunk is
shown as an unchecked draft; the whole text replaces the extractive answer only if it passes the
number guard), and an English answer's quotes get a checked machine translation beside their
English framing (:func:`assistant.render.english_view`). Figures never go through the model.

    stager = AnswerStager(lambda: None)          # or a factory of a LangChain chat model
    for html in stager.stages(question, answer):  # chat message HTML; the last one is final
        ...
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from . import llm, render
from .answers import Answer
from .narrative import LLM_NOTE

log = logging.getLogger(__name__)

STAGE_SOURCES = "Adding the sources… · 正在附上来源…"
STAGE_WRITING = "Writing the answer from the quotes… · 正在根据引文撰写回答…"
STAGE_DRAFT = ("Draft — its numbers are checked against the quotes when it is complete · "
               "草稿：写完后核对其中的数字")
STAGE_TRANSLATING = "Translating the quotes… · 正在翻译引文…"
#: Worded answers and translations kept, so a replayed conversation (reload, undo, edit) does not
#: call the model again for a question it already answered.
CACHE_SIZE = 256


class AnswerStager:
    """Streams answers in stages; ``model`` is called (once, lazily) for the chat model or None."""

    def __init__(self, model: Callable[[], Any]) -> None:
        self._model_factory = model
        self._model: Any = None
        self._resolved = False
        self._lock = threading.Lock()
        self._done: OrderedDict[tuple[str, ...], tuple[str | None, tuple[str | None, ...]]] = OrderedDict()

    def model(self) -> Any:
        with self._lock:
            if not self._resolved:
                try:
                    self._model = self._model_factory()
                except Exception as exc:  # noqa: BLE001 - a model that cannot be built: extractive answers
                    log.warning("no LLM: %s", exc)
                    self._model = None
                self._resolved = True
            return self._model

    def _key(self, question: str, answer: Answer) -> tuple[str, ...]:
        return (question, answer.language, answer.answer, *(c.quote for c in answer.citations))

    def _remember(self, key: tuple[str, ...], worded: str | None, translations: tuple[str | None, ...]) -> None:
        with self._lock:
            self._done[key] = (worded, translations)
            self._done.move_to_end(key)
            while len(self._done) > CACHE_SIZE:
                self._done.popitem(last=False)

    def stages(self, question: str, answer: Answer) -> Iterator[str]:
        """The chat message of ``answer`` at each stage (HTML); the last one is the final message.
        A worded answer replaces ``answer.answer`` (with the note that a model wrote it)."""
        model = self.model()
        key = self._key(question, answer)
        with self._lock:
            known = self._done.get(key)
        worded: str | None = None
        translations: tuple[str | None, ...] = ()
        if known is not None:
            worded, translations = known
        elif model is not None:
            if llm.words(answer.route, answer.citations):
                yield render.answer_html(answer, "", final=False, stage=STAGE_WRITING)
                for draft in llm.stream_answer(model, question, answer.language, answer.citations, answer.values):
                    if draft.done:
                        worded = draft.text
                    elif draft.text:
                        yield render.answer_html(answer, draft.text, final=False, stage=STAGE_DRAFT, draft=True)
            if answer.language == "en" and any(not c.table and c.quote for c in answer.citations):
                yield render.answer_html(answer, worded or answer.answer, final=False, stage=STAGE_TRANSLATING)
                # a table row is framed by its cell's English names; only the report's sentences are translated
                translations = tuple(llm.translate_quote(model, c.quote) if not c.table and c.quote else None
                                     for c in answer.citations)
            self._remember(key, worded, translations)
        if worded:
            answer.answer = f"{worded}\n{LLM_NOTE[answer.language]}"
        elif answer.citations and model is None:
            yield render.answer_html(answer, final=False, stage=STAGE_SOURCES)
        yield render.answer_html(answer, translations=translations)

    def final(self, question: str, answer: Answer) -> str:
        """The final chat message only (a replayed turn)."""
        html = ""
        for html in self.stages(question, answer):
            pass
        return html


__all__ = ["STAGE_DRAFT", "STAGE_SOURCES", "STAGE_TRANSLATING", "STAGE_WRITING", "AnswerStager"]
