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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
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


def _messages(question: str, language: str, citations: Sequence[Citation]) -> list[Any]:
    from langchain_core.messages import HumanMessage, SystemMessage

    return [
        SystemMessage(SYSTEM_PROMPT.format(language=LANGUAGE_NAMES.get(language, "English"))),
        HumanMessage(f"Evidence:\n{evidence_block(citations)}\n\nQuestion: {question}"),
    ]


def _text(content: Any) -> str:
    """A message's (or chunk's) content as text: a string, or the text parts of a list."""
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content or ())


def guard(text: str, question: str, citations: Sequence[Citation], values: Sequence[Value] = ()) -> str | None:
    """``text`` when every number in it is in the quotes, the computed values or the question (and it
    cites only quotes it was given); None otherwise, or when it is empty."""
    text = text.strip()
    if not text:
        return None
    quotes = [c.quote or "" for c in citations] + [f"{c.year}" for c in citations]
    bad = unsupported_numbers(text, quotes, values, question, len(citations))
    if bad:
        log.warning("LLM answer dropped: numbers not in the evidence: %s", ", ".join(bad))
        return None
    return text


def words(route: str, citations: Sequence[Citation]) -> bool:
    """Whether an answer is one the model may word: a narrative answer with quotes (never figures)."""
    return route == "narrative" and bool(citations)


def write_answer(model: BaseChatModel, question: str, language: str, citations: Sequence[Citation],
                 values: Sequence[Value] = ()) -> str | None:
    """The model's answer to ``question`` from ``citations`` (numbered from 1), or None when it fails
    the guard, errs or says nothing."""
    if not citations:
        return None
    try:
        reply = model.invoke(_messages(question, language, citations))
    except Exception as exc:  # noqa: BLE001 - any model failure falls back to the extractive answer
        log.warning("LLM call failed, keeping the extractive answer: %s", exc)
        return None
    return guard(_text(reply.content), question, citations, values)


@dataclass(frozen=True)
class Draft:
    """What a streamed answer says so far. ``done``: the stream ended and ``text`` is the guarded
    answer, or None when it failed the guard, erred or said nothing (keep the extractive answer)."""

    text: str | None
    done: bool = False


def stream_answer(model: BaseChatModel, question: str, language: str, citations: Sequence[Citation],
                  values: Sequence[Value] = ()) -> Iterator[Draft]:
    """:func:`write_answer` token by token: a :class:`Draft` with the text so far after each chunk the
    model sends, then the guarded whole (``done``). The partial text is unchecked: show it as a draft
    and replace it with the final one."""
    if not citations:
        yield Draft(None, done=True)
        return
    so_far = ""
    try:
        for chunk in model.stream(_messages(question, language, citations)):
            piece = _text(getattr(chunk, "content", chunk))
            if piece:
                so_far += piece
                yield Draft(so_far)
    except Exception as exc:  # noqa: BLE001 - any model failure falls back to the extractive answer
        log.warning("LLM stream failed, keeping the extractive answer: %s", exc)
        yield Draft(None, done=True)
        return
    yield Draft(guard(so_far, question, citations, values), done=True)


TRANSLATE_PROMPT = (
    "Translate this sentence from a Chinese government information-disclosure annual report into plain "
    "English. Keep every number exactly as written, in Arabic digits; add nothing, explain nothing. "
    "Reply with the translation only."
)


def _number_list(text: str) -> list[str]:
    """Every Arabic number of ``text``, normalised, with repeats, sorted."""
    return sorted(_normalise(m.group(0)) for m in _NUMBER.finditer(text))


def translate_quote(model: BaseChatModel, quote: str) -> str | None:
    """An English translation of a report's sentence, or None. Guarded like every model output, and
    more strictly: the translation must write the very numbers of the quote, as many times each, in
    any order (English may reorder a sentence); a number added, dropped or changed (20 → 2.0, 21 → 12,
    三 → 3) rejects it, so a translation can never state another figure."""
    from langchain_core.messages import HumanMessage, SystemMessage

    if not quote.strip():
        return None
    try:
        reply = model.invoke([SystemMessage(TRANSLATE_PROMPT), HumanMessage(quote)])
    except Exception as exc:  # noqa: BLE001 - no translation is shown; the quote still is
        log.warning("LLM translation failed: %s", exc)
        return None
    text = _text(reply.content).strip()
    if not text or _number_list(text) != _number_list(quote):
        if text:
            log.warning("LLM translation dropped: its numbers differ from the quote's")
        return None
    return text


__all__ = ["Draft", "LLMUnavailable", "chat_model_from_settings", "guard", "numbers_in", "stream_answer",
           "translate_quote", "unsupported_numbers", "words", "write_answer"]
