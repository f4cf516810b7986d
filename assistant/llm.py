"""The optional LLM writer: a LangChain chat model words the narrative answer from the evidence only.

Off by default. When ``GOVQA_LLM_MODEL`` is set, :func:`chat_model_from_settings` builds the model
(``ollama:NAME`` → ``ChatOllama``; any other name → ``ChatOpenAI`` against ``GOVQA_LLM_BASE_URL``),
imported lazily from the ``llm`` extra. :func:`write_answer` hands the model the question and the
numbered quotes the extractive answer already chose, and accepts its text only when every number
in it can be found in those quotes, in the computed values or in the question (the guard). Any
other outcome — an invented number, an empty reply, an error, a timeout — returns None, and the
caller keeps the extractive answer: the model may phrase, it may not add facts.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .answers import Citation, Value

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from index.settings import Settings

log = logging.getLogger(__name__)

OLLAMA_PREFIX = "ollama:"

SYSTEM_PROMPT = (
    "You answer questions about Chinese government information-disclosure annual reports "
    "(政府信息公开工作年度报告). Use only the numbered evidence you are given. After each statement, cite "
    "the evidence it rests on by its number in square brackets, e.g. [1]. Do not add any fact or number "
    "that is not in the evidence; quote numbers exactly as the evidence writes them. If the evidence does "
    "not answer the question, say so. Answer in {language}, in at most four sentences."
)
LANGUAGE_NAMES = {"zh": "Chinese (简体中文)", "en": "English"}

# Arabic numbers as written in reports and answers: 2,159 · 1.8 · 180000000 · 12%
_NUMBER = re.compile(r"\d+(?:[,，]\d{3})*(?:\.\d+)?")
_CITATION_MARK = re.compile(r"\[(\d{1,2})\]")


class LLMUnavailable(RuntimeError):
    """The configured chat model cannot be built (its integration package is not installed)."""


def chat_model_from_settings(settings: Settings) -> BaseChatModel | None:
    """The chat model the settings name, or None when no LLM is configured.

    Raises:
        LLMUnavailable: the model is configured but its LangChain integration is not installed.
    """
    name = (settings.llm_model or "").strip()
    if not name:
        return None
    if name.startswith(OLLAMA_PREFIX):
        try:
            from langchain_ollama import ChatOllama
        except ImportError as exc:
            raise LLMUnavailable("GOVQA_LLM_MODEL names an Ollama model: pip install 'govqa[llm]'") from exc
        kwargs: dict[str, Any] = {"model": name[len(OLLAMA_PREFIX):], "temperature": 0}
        if settings.llm_base_url:
            kwargs["base_url"] = settings.llm_base_url
        return ChatOllama(**kwargs)
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:
        raise LLMUnavailable("GOVQA_LLM_MODEL names an OpenAI-compatible model: pip install 'govqa[llm]'") from exc
    # A local OpenAI-compatible server usually wants no key; the client insists on one.
    return ChatOpenAI(model=name, base_url=settings.llm_base_url, api_key=settings.llm_api_key or "none",
                      temperature=0, timeout=60, max_retries=1)


def _normalise(number: str) -> str:
    plain = number.replace(",", "").replace("，", "")
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    return plain.lstrip("0") or "0"


def numbers_in(text: str) -> set[str]:
    """The Arabic numbers of ``text``, normalised (no thousands separators, no trailing zeros)."""
    return {_normalise(m.group(0)) for m in _NUMBER.finditer(text)}


def _value_forms(value: int | float | None) -> set[str]:
    if value is None:
        return set()
    forms = {_normalise(f"{value:.2f}"), _normalise(str(value))}
    if isinstance(value, float) and value < 1:  # a rate: also as a percentage
        forms |= {_normalise(f"{100 * value:.1f}"), _normalise(f"{100 * value:.0f}")}
    return forms


def unsupported_numbers(text: str, evidence: Iterable[str], values: Iterable[Value] = (),
                        question: str = "", n_citations: int = 0) -> list[str]:
    """The numbers of ``text`` found neither in the evidence, the computed values nor the question.

    Citation marks ``[1]`` … ``[n_citations]`` are references, not figures; a mark beyond the
    evidence is itself unsupported.
    """
    allowed = set().union(*(numbers_in(e) for e in evidence), numbers_in(question))
    for v in values:
        allowed |= _value_forms(v.value)
    bad: list[str] = []
    for m in _CITATION_MARK.finditer(text):
        if not 1 <= int(m.group(1)) <= n_citations:
            bad.append(m.group(0))
    body = _CITATION_MARK.sub(" ", text)
    bad += [n for n in sorted(numbers_in(body)) if n not in allowed]
    return bad


def evidence_block(citations: Sequence[Citation]) -> str:
    lines = []
    for i, c in enumerate(citations, start=1):
        where = " · ".join(str(p) for p in (c.agency, c.year, c.section) if p)
        lines.append(f"[{i}] ({where}) {c.quote}")
    return "\n".join(lines)


def write_answer(model: BaseChatModel, question: str, language: str, citations: Sequence[Citation],
                 values: Sequence[Value] = ()) -> str | None:
    """The model's answer to ``question`` from ``citations`` (numbered from 1), or None when it fails
    the guard, errs or says nothing."""
    from langchain_core.messages import HumanMessage, SystemMessage

    if not citations:
        return None
    messages = [
        SystemMessage(SYSTEM_PROMPT.format(language=LANGUAGE_NAMES.get(language, "English"))),
        HumanMessage(f"Evidence:\n{evidence_block(citations)}\n\nQuestion: {question}"),
    ]
    try:
        reply = model.invoke(messages)
    except Exception as exc:  # noqa: BLE001 - any model failure falls back to the extractive answer
        log.warning("LLM call failed, keeping the extractive answer: %s", exc)
        return None
    text = reply.content if isinstance(reply.content, str) else "".join(
        part.get("text", "") if isinstance(part, dict) else str(part) for part in reply.content)
    text = text.strip()
    if not text:
        return None
    quotes = [c.quote or "" for c in citations] + [f"{c.year}" for c in citations]
    bad = unsupported_numbers(text, quotes, values, question, len(citations))
    if bad:
        log.warning("LLM answer dropped: numbers not in the evidence: %s", ", ".join(bad))
        return None
    return text


__all__ = ["LLMUnavailable", "chat_model_from_settings", "numbers_in", "unsupported_numbers", "write_answer"]
