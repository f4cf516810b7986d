"""The refusal: an answer that gives no number, says why, and says what is stored instead.

Every path that cannot answer from the reports (input that is no question, a report or figure not
stored, a narrative question no passage answers) words its refusal through :func:`refusal`.
"""

from __future__ import annotations

from .answers import Answer


def refusal(lang: str, parsed: str, reason_zh: str, reason_en: str, available_zh: str = "",
            available_en: str = "") -> Answer:
    """A plain "not in the corpus" answer that says what is there instead; never a number."""
    if lang == "zh":
        text = reason_zh + (f"\n已收录：{available_zh}" if available_zh else "")
    else:
        text = reason_en + (f"\nWhat is stored: {available_en}" if available_en else "")
    return Answer(answer=text, language=lang, route="refusal", parsed=parsed)  # type: ignore[arg-type]


__all__ = ["refusal"]
