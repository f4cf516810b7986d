"""Input that is no answerable question, refused before it is understood: too long, no words at
all (an emoji), or a year no report can have."""

from __future__ import annotations

import re

from .answers import Answer
from .refusal import refusal

MAX_QUESTION_CHARS = 500  # a question, not a document: longer input is refused before any work
# The disclosure regulations took effect in 2008: no annual report is older; none is far in the future.
FIRST_REPORT_YEAR, LAST_REPORT_YEAR = 2008, 2100
_YEAR_MENTION = re.compile(r"(\d{4,})\s*年|\byears?\s+(\d{4,})\b", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")


def screen_question(question: str) -> Answer | None:
    """A refusal for input that is no answerable question, before it is understood; else None.

    Too long (over :data:`MAX_QUESTION_CHARS`), no letter, digit or Chinese character at all (an
    emoji or punctuation only: never "the last question again"), or a year no report can have
    ("99999年", "1066年": never read as another year).
    """
    text = (question or "").strip()
    lang = "zh" if _CJK.search(text) or not text.isascii() else "en"
    if len(text) > MAX_QUESTION_CHARS:
        return refusal(lang, "", f"问题太长（{len(text)} 字），请缩短到 {MAX_QUESTION_CHARS} 字以内。",
                       f"The question is too long ({len(text)} characters); please keep it under "
                       f"{MAX_QUESTION_CHARS}.")
    if text and not any(ch.isalnum() for ch in text):
        return refusal(lang, "", "没有读到问题的文字，请用中文或英文提问。",
                       "There is no question in that text: please ask in Chinese or English.")
    for m in _YEAR_MENTION.finditer(text):
        year = int(m.group(1) or m.group(2))
        if not FIRST_REPORT_YEAR <= year <= LAST_REPORT_YEAR:
            return refusal(lang, "", f"{year}年不是年报的年份（政府信息公开年度报告自{FIRST_REPORT_YEAR}年起）。",
                           f"{year} is not a report year (annual disclosure reports start in "
                           f"{FIRST_REPORT_YEAR}).")
    return None
