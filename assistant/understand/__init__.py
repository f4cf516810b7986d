"""Question understanding without a model: a question in, a typed :class:`Query` out.

``understand(question, catalog, context)`` finds, by vocabulary alone:

* the **agency** (full names, short forms such as 桦川县 for 桦川县人民政府, department abbreviations
  such as 沭阳县发改局, English or pinyin place names such as "Huachuan County" or "pingtan"),
  looked up in a :class:`Catalog` index: every substring of the question is a dict lookup, so the
  cost does not grow with the number of agencies; the longest, most specific name wins (淮安市洪泽区
  → 洪泽区人民政府, not also 淮安市); a place name no stored name matches may match one that differs in
  a single character (a stored OCR typo such as 沐阳县 for 沭阳县), flagged ``fuzzy_agency``;
* the **years** (2020, 2020年, 二〇二〇年, ranges, "past three years", 去年 relative to the newest
  stored year);
* the **metric**: a 表三 row, a 表二 cell, a 表四 cell, or a derived metric, and the 表三 applicant
  column; all of this vocabulary comes from :mod:`index.reportformat` (labels, English names and
  aliases), none of it is spelled here;
* the **operation** (value, compare, change, trend, sum, rank, ratio), the **route** (figures,
  narrative or both), the **language**, and what was mentioned but is not stored (``unresolved``),
  including quantities no report format records (staff numbers, website visits: ``_NOT_RECORDED``).

A follow-up (``context`` = the previous turn's Query) keeps every part the new question does not
restate: "and in 2021?" changes only the years, "那部分公开呢？" only the metric.

Relative years count from the newest stored year (of the agency when it is known, else of the
catalog): 今年 / this year / 最新 = that year, 去年 / last year = one before, 前年 = two before.
"""

from .agencies import Catalog
from .resolve import understand
from .types import AgencyMention, Language, Metric, Operation, Query, Route, Unresolved
from .years import format_of

__all__ = [
    "AgencyMention",
    "Catalog",
    "Language",
    "Metric",
    "Operation",
    "Query",
    "Route",
    "Unresolved",
    "format_of",
    "understand",
]
