"""Question → answer: understand, route to the figures store or the narrative index, compose.

:class:`Assistant` holds an opened store (and, lazily, the retrieval index) so that the chat,
the CLI and the benchmark all answer through the same :meth:`Assistant.ask`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from index import reportformat as rf
from index.figures_store import FigureRecord, FiguresStore
from index.settings import Settings

from .across import across_answer
from .answers import Answer
from .clarify import find_gap
from .compose import cells_compared, cells_ranked, clarify, columns_compared, figure_answer, reports_ratio
from .narrative import LLM_NOTE, narrative_answer
from .refusal import refusal
from .lookup import group_rows, MetricValue, merge_copies, metric_value
from .reports_answers import canonical_reports, check_answer, overview_answer
from .screen import screen_question
from .understand import Catalog, Query, format_of, understand
from .understand.types import applicant_label

MAX_AGENCIES_LISTED = 8
NARRATIVE_HITS = 5  # passages a narrative answer quotes from
# Sections a question may ask about as a whole (五: the problems named and the fixes planned), listed point by point
# after the quotes when the section is this short (section 一, the year's whole work, never is)
WHOLE_SECTIONS = (rf.SECTION_BY_KEY["problems"].number,)
WHOLE_SECTION_CHARS = 3000
_FROM_SETTINGS: Any = object()  # the chat model is built from the settings on first use


@dataclass
class Conversation:
    """The context a follow-up inherits: the previous turn's understood question."""

    last: Query | None = None
    turns: list[tuple[str, Answer]] = field(default_factory=list)


def metric_labels(q: Query, fmt: str) -> tuple[str, str]:
    """The asked metric's (Chinese, English) name in a report format, with its 表三 column."""
    assert q.metric is not None
    labels = (q.metric.label(fmt, "zh"), q.metric.label(fmt, "en"))  # type: ignore[arg-type]
    if q.applicant and q.applicant != rf.APPLICANT_TOTAL and q.metric.table == 3 and not q.metric.derived:
        name = applicant_label(q.applicant)
        return f"{labels[0]} · {name[0]}", f"{labels[1]}, {name[1]}"
    if q.metric.table == 3 and not q.metric.derived:
        return f"{labels[0]} · 总计", f"{labels[1]}, total (总计)"
    return labels


class Assistant:
    """Answers questions over one store. Thread-safe for concurrent ``ask`` calls."""

    def __init__(self, settings: Settings, store: FiguresStore | None = None, chat_model: Any = _FROM_SETTINGS) -> None:
        """``chat_model``: a LangChain chat model that words narrative answers (default: the one the
        settings name, if any; None: extractive answers only)."""
        self.settings = settings
        self.store = store or FiguresStore(settings.url)
        self._lock = threading.Lock()
        self._chat_model = chat_model
        self._retriever = None
        self._retriever_count = -1
        self._version = self._store_version()  # read before the catalog: a write in between is seen
        self.catalog = self._load_catalog()

    # -- data ---------------------------------------------------------------------------------
    def _load_catalog(self) -> Catalog:
        return Catalog((r.agency, r.year) for r in self.store.reports())

    def _refresh_if_written(self) -> None:
        """Another process (a CLI ingest, a repair) wrote the store since the catalog was read: read
        it again, so a report ingested elsewhere is found without a restart (a stat and a tiny read)."""
        version = self._store_version()
        if version != self._version:
            self._version = version
            self.refresh()

    def _store_version(self) -> str | None:
        try:
            from index.storelock import store_version

            return store_version(self.settings)
        except Exception:  # noqa: BLE001 - no version file (a store never written by this build)
            return None

    def refresh(self) -> None:
        """Re-read the catalog after an ingest; the retrieval index is rebuilt on next use."""
        with self._lock:
            self.catalog = self._load_catalog()
            self._retriever = None

    def retriever(self):  # noqa: ANN201 - assistant.retrieve.Retriever, imported lazily
        with self._lock:
            if self._retriever is None:
                from .retrieve import Retriever

                records = self.store.passage_records()
                vectors = None
                if self.settings.vectors:
                    try:
                        from index.vectors import VectorIndex

                        vectors = VectorIndex(self.settings)
                    except Exception:  # noqa: BLE001 - no vector store: lexical retrieval still answers
                        vectors = None
                self._retriever = Retriever(records, vectors)
            return self._retriever

    def chat_model(self):  # noqa: ANN201 - a langchain BaseChatModel or None, imported lazily
        with self._lock:
            if self._chat_model is _FROM_SETTINGS:
                from .llm import chat_model_from_settings

                self._chat_model = chat_model_from_settings(self.settings)
            return self._chat_model

    # -- answering ----------------------------------------------------------------------------
    def ask(self, question: str, conversation: Conversation | None = None) -> Answer:
        """Answer one question (a follow-up when ``conversation`` holds earlier turns)."""
        question = (question or "").strip()
        if not question:
            return refusal("zh", "", "请输入一个问题。", "Please type a question.")
        screened = screen_question(question)
        if screened is not None:
            return screened
        self._refresh_if_written()
        context = conversation.last if conversation else None
        # the turns before the last (up to three): "这三个里哪个最多" works on the figures of the last three turns
        earlier = tuple(a.query for _, a in conversation.turns[-4:-1] if a.query is not None) if conversation else ()
        query = understand(question, self.catalog, context=context, earlier=earlier)
        if query.stated and query.unaccounted and query.metric is not None and self._stated_are_printed(query):
            # "淮安市2024年新收申请3119件，其中律所提的61件": the counts the question repeats are printed in the row
            # asked, so their numbers are accounted for (and a follow-up carries this reading on)
            query = replace(query, unaccounted=(), flags=(*query.flags, "stated_printed"))
        answer = self._answer(query)
        answer.query = query
        if conversation is not None:
            conversation.last = query
            conversation.turns.append((question, answer))
        return answer

    def _answer(self, q: Query) -> Answer:
        lang = q.language
        parsed = q.describe()
        if len(self.catalog) == 0:
            return refusal(lang, parsed, "还没有收录任何年报，请先导入（govqa ingest）。",
                           "No reports are stored yet: ingest some first (govqa ingest).")
        blocking = [u for u in q.unresolved if u.kind in ("agency", "year", "metric")]
        if blocking and q.route == "both" and all(u.kind == "metric" for u in blocking) and len(q.agencies) == 1:
            # "What does it say about fees?": the text is asked for too; the cell its format lacks is not
            # stated, the text is quoted (and no number of the text is read as that cell: "the catch-all
            # 'other handling' outcome" of a 2019-format report was answered with the text's total)
            return self._narrative(q, parsed, state_numbers=False)
        if blocking:
            return self._refuse_unresolved(q, parsed)
        if q.route in ("check", "overview"):
            return self._about_reports(q, parsed)
        gap = find_gap(q, self.catalog)  # figure questions, and questions nothing in them explains
        if gap is not None:
            if q.route == "both" and q.unaccounted and len(q.agencies) == 1 and not gap.refuse:
                # it asks for the text too ("how … through which channels"): quote it, state no number
                return self._narrative(q, parsed)
            if len(q.agencies) == 1 and (q.metric is None or all(len(w) >= 3 for w in q.unaccounted)) \
                    and "requests_unnamed" not in q.flags and "cell_unnamed" not in q.flags and self._text_says(q):
                # words no table cell explains, printed as such in that report's text ("《问政平潭》收到多少
                # 群众诉求", "网络问政"): the text is what is asked about; quoted, no number stated. (Beside a
                # cell read as well, only a term of three characters or more: "行政复议中'部分纠正'的" qualifies a
                # cell the tables lack, and is refused as before)
                return self._narrative(q, parsed)
            if gap.refuse or not gap.readings:
                zh, en = self._available_text(lang, q.agency)
                return refusal(lang, parsed, gap.zh, gap.en, zh, en)
            return clarify(lang, parsed, gap.zh, gap.en, list(gap.readings))
        if q.route == "figures" or (q.route == "both" and q.metric is not None):
            answer = self._figures(q, parsed)
            if q.route == "both" and answer.route == "figures":
                # the text quoted beside a stated cell states no number of its own: "The report's text gives
                # 1295 件" beside 其他 276 read as a second answer
                extra = self._narrative(q, parsed, state_numbers=False)
                if extra.route == "narrative":
                    answer.answer += "\n\n" + extra.answer
                    answer.citations += extra.citations
                    answer.route = "both"
            return answer
        return self._narrative(q, parsed)

    def _stated_are_printed(self, q: Query) -> bool:
        """Whether every number left over is a count the question states (``q.stated``) and each is printed in the
        row asked of the reports asked — the row's total or one of its applicant columns (a group's sum counts as
        printed: 不予公开 20 is its rows added up), or in a share's base. A count printed elsewhere, or nowhere, stays
        unaccounted."""
        words = {w for f in q.stated for w in f.words}
        if set(q.unaccounted) - words or q.metric is None:
            return False
        metrics = (q.metric, *q.compared)
        columns: tuple[str | None, ...] = (None, *(c.id for c in rf.APPLICANT_COLUMNS)) if q.metric.table == 3 \
            else (None,)
        printed: set[float] = set()
        for agency in q.agencies:
            for name in self.catalog.names(agency):
                for year in q.years:
                    figs = self.store.figures(agency=name, year=year, table=q.metric.table, canonical_only=True)
                    if not figs:
                        continue
                    fmt = figs[0].format if figs[0].format in rf.FORMATS else "2021"
                    for metric in metrics:
                        for column in columns:
                            # the cell, and a share's base ("Out of the 21 requests they handled, what share …")
                            for cells in (metric.cells(fmt, column), metric.denominator(fmt, column)):  # type: ignore[arg-type]
                                mv = metric_value(cells, (), figs) if cells else None
                                if mv is not None and mv.value is not None:
                                    printed.add(mv.value)
        return bool(printed) and all(f.value in printed for f in q.stated)

    def _about_reports(self, q: Query, parsed: str) -> Answer:
        """Check and overview questions: about whole reports of one named agency."""
        lang = q.language
        if q.route == "check" and not q.agencies and "all_reports" in q.flags:
            # "which of the stored reports fail a rule?": every stored report, the failing ones listed
            everything = [r for a in self.catalog.agencies
                          for r in canonical_reports(self.store, self.catalog.names(a), q.years)]
            return check_answer(self.store, everything, lang, parsed, "", table=q.section, only_failing=True)
        if q.route == "check" and len(q.agencies) > 1 and not q.ambiguous and (q.agency_years or q.years):
            # "which of these reports (Huai'an 2024, Hongze 2023, …) fail a rule?": each one named, the failing listed
            pairs = q.agency_years or tuple((a, y) for a in q.agencies for y in q.years)
            named = [r for a, y in pairs for r in canonical_reports(self.store, self.catalog.names(a), [y])]
            if named:
                return check_answer(self.store, named, lang, parsed, "", table=q.section, only_failing=True)
        if len(q.agencies) != 1:
            readings = [f"{a}{'、'.join(map(str, q.years))}{'年' if q.years else ''}的年报"
                        f"{'勾稽关系对得上吗？' if q.route == 'check' else '概况'}" if lang == "zh" else
                        (f"Do {a}'s {', '.join(map(str, q.years))} figures add up?" if q.route == "check"
                         else f"Tell me about {a}'s reports") for a in (q.agencies or self.catalog.agencies)[:3]]
            return clarify(lang, parsed, "请指明是哪个机关的年报。", "Which agency's report do you mean?", readings)
        agency = q.agencies[0]
        reports = canonical_reports(self.store, self.catalog.names(agency), q.years)
        if q.route == "check":
            return check_answer(self.store, reports, lang, parsed, agency, table=q.section)
        return overview_answer(self.store, reports, lang, parsed, agency)

    def _available_text(self, lang: str, agency: str | None = None) -> tuple[str, str]:
        if agency:
            years = "、".join(map(str, self.catalog.years(agency)))
            return f"{agency}：{years}年", f"{agency}: {years.replace('、', ', ')}"
        agencies = list(self.catalog.agencies)
        shown = agencies[:MAX_AGENCIES_LISTED]
        more = len(agencies) - len(shown)
        zh = "；".join(f"{a}（{'、'.join(map(str, self.catalog.years(a)))}）" for a in shown)
        en = "; ".join(f"{a} ({', '.join(map(str, self.catalog.years(a)))})" for a in shown)
        if more > 0:
            zh += f" 等 {len(agencies)} 个机关"
            en += f" and {more} more agencies"
        return zh, en

    def _refuse_unresolved(self, q: Query, parsed: str) -> Answer:
        zh = "；".join(u.describe("zh") for u in q.unresolved)
        en = "; ".join(u.describe("en") for u in q.unresolved)
        agency = next((u.agency for u in q.unresolved if u.agency), q.agency)
        avail_zh, avail_en = self._available_text(q.language, agency if agency in self.catalog.agencies else None)
        return refusal(q.language, parsed, f"没有找到：{zh}。", f"Not in the stored reports: {en}.", avail_zh, avail_en)

    def _target_agencies(self, q: Query) -> list[str] | None:
        if q.agencies:
            return list(q.agencies)
        if q.operation in ("sum", "rank"):
            return None  # every agency
        agencies = list(self.catalog.agencies)
        years = set(q.years)
        if years:
            agencies = [a for a in agencies if years & set(self.catalog.years(a))]
        return agencies if len(agencies) <= 5 else []

    def _figures(self, q: Query, parsed: str) -> Answer:
        lang = q.language
        assert q.metric is not None
        if q.compared:
            # "维持的多还是纠正的多": each cell read as its own question, then side by side
            sides = [self._figures(replace(q, metric=m, compared=(), operation="value"), parsed) for m in q.compared]
            if q.operation == "rank":
                return cells_ranked(sides, q.compared, q, lang, parsed, fewest="rank_least" in q.flags)
            return cells_compared(sides, q.compared, q, lang, parsed)
        if q.ratio_of:
            # "2022年的新收申请量是2021年的百分之几": each report's cell read as its own question, then the ratio
            sides = [self._figures(replace(q, operation="value", agencies=(a,), years=(y,), agency_years=(),
                                           ratio_of=(), mentions=()), parsed) for a, y in q.ratio_of]
            fmt = format_of(q.years[-1]) if q.years else "2021"
            return reports_ratio(sides, q.ratio_of, q.metric.label(fmt, lang), lang, parsed)
        if q.compared_columns:
            # "是企业来的多还是律所来的多": the row's two columns, each read as its own question, side by side
            sides = [self._figures(replace(q, applicant=a, compared_columns=(), operation="value"), parsed)
                     for a in q.compared_columns]
            return columns_compared(sides, q.metric, q.compared_columns, q, lang, parsed)
        agencies = self._target_agencies(q)
        if agencies == []:
            zh, en = self._available_text(lang)
            return refusal(lang, parsed, "请指明是哪个机关的年报。", "Please name the agency whose report you mean.", zh, en)
        years = list(q.years)
        if q.operation in ("compare", "change") and len(years) > 2:
            years = [years[0], years[-1]]
        if q.operation == "trend" and agencies and len(years) < 2:
            years = sorted({y for a in agencies for y in self.catalog.years(a)})
        if agencies is None and not q.agency_years:  # across every agency of a year: the store's per-year tables
            fast = across_answer(self.store, q, years, parsed, lambda fmt: metric_labels(q, fmt))
            if fast is not None:
                return fast
        values: list[MetricValue] = []
        unreadable: list[MetricValue] = []
        table = q.metric.table
        # the metric's cells in either format: across all agencies, a whole table is ~160 cells a report
        cells = {k for fmt in rf.FORMATS for k in (*q.metric.cells(fmt, q.applicant),  # type: ignore[arg-type]
                                                    *q.metric.denominator(fmt, q.applicant))}  # type: ignore[arg-type]
        cells |= group_rows(cells)  # a group printed as one row stands for its sub-rows (lookup)
        # (agency, stored name, year) to read: each agency with its own year when the question pairs
        # them ("淮安市2024、沭阳县2025"), else every agency in every year asked
        if q.agency_years:
            targets = [(a, n, y) for a, y in q.agency_years for n in self.catalog.names(a)]
        elif agencies is None:
            targets = [(None, None, y) for y in years or [None]]
        else:
            targets = [(a, n, y) for y in years or [None] for a in agencies for n in self.catalog.names(a)]
        for agency, name, year in targets:
            records: Sequence[FigureRecord]
            records = self.store.figures(agency=name, year=year, table=table, cells=cells)
            by_report: dict[str, list[FigureRecord]] = {}
            for r in records:
                by_report.setdefault(r.report_id, []).append(r)
            for figs in by_report.values():
                fmt = figs[0].format if figs[0].format in rf.FORMATS else "2021"
                num = q.metric.cells(fmt, q.applicant)  # type: ignore[arg-type]
                den = q.metric.denominator(fmt, q.applicant)  # type: ignore[arg-type]
                mv = metric_value(num, den, figs)
                if mv is not None and mv.value is not None:
                    if agency is not None:
                        mv.agency = agency  # one agency under several stored names speaks as one
                    values.append(mv)
                elif mv is not None and mv.uncertain:
                    unreadable.append(mv)
        values = merge_copies(values)
        # reports whose cell could not be read and of which no other copy gives it
        read = {(self.catalog.display(v.agency), v.year) for v in values}
        unread = [u for u in unreadable if (self.catalog.display(u.agency), u.year) not in read]
        if unread:
            # a total, ranking, comparison or series without one of its reports would be a wrong answer
            cell = unread[0].uncertain[0]
            raw = getattr(cell, "raw", "") or ""
            where = f"{cell.agency} {cell.year}"
            whole_zh = "，缺了它答案不完整" if values else ""
            whole_en = "; without it the answer would be incomplete" if values else ""
            return refusal(lang, parsed,
                           f"{where}年报告中这一格没能可靠读出（原文：“{raw}”；{cell.source_text[:80]}）{whole_zh}，"
                           "所以不给出数字。",
                           f"The {where} report's cell could not be read reliably (printed: “{raw}”; "
                           f"{cell.source_text[:80]}){whole_en}, so no number is given.")
        if not values:
            zh, en = self._available_text(lang, q.agency)
            return refusal(lang, parsed, "所收录的年报中没有这一数字。", "The stored reports do not give this figure.",
                           zh, en)
        fmt = values[0].format if values[0].format in rf.FORMATS else "2021"
        return figure_answer(metric_labels(q, fmt), values, q.operation, lang, parsed, fewest="rank_least" in q.flags,
                             order=agencies or (),
                             first=("larger" if "which_more" in q.flags else "smaller" if "which_less" in q.flags else None),
                             difference_first="difference_asked" in q.flags or q.operation == "change")

    def _text_says(self, q: Query) -> bool:
        """Whether every word the question leaves unaccounted (Chinese, two characters or more) is printed in
        one prose passage of the agency's report(s) asked about."""
        left = [w for w in q.unaccounted if len(w) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in w)]
        if not left or len(left) != len(q.unaccounted):
            return False
        names = tuple(n for a in q.agencies for n in self.catalog.names(a))
        hits = self.retriever().search(" ".join(left), agency=names, year=tuple(q.years) or None, k=NARRATIVE_HITS)
        return any(h.record.passage.kind != "table_row" and all(w in h.record.passage.text for w in left)
                   for h in hits)

    def _narrative(self, q: Query, parsed: str, state_numbers: bool = True) -> Answer:
        retriever = self.retriever()
        query_text = q.search_text or q.question
        # every year the question names or implies ("2020 and 2021", "last year's problems in the 2022
        # report"), never the agency's other reports
        year = tuple(q.years) or None
        # The preamble (title, legal basis) shares the agency's words with every question and
        # answers none: search the six sections unless the question points at one.
        sections = rf.sections_to_search(q.section)
        # every stored name of every agency asked about (two agencies: passages of those two only)
        names = tuple(n for a in q.agencies for n in self.catalog.names(a)) or None
        prose_only = bool(q.topics) or q.route == "both"
        hits = retriever.search(query_text, agency=names, year=year, k=3 * NARRATIVE_HITS if prose_only
                                else NARRATIVE_HITS, sections=sections)
        if prose_only:
            # A topic is a word that names nothing in a table (see understand): the table rows,
            # indexed as sentences, cannot answer it however many words they share with it. Nor is the text
            # asked for beside a cell stated ("what does the report say in the text about the suits?") its row.
            prose = [h for h in hits if h.record.passage.kind != "table_row"]
            hits = (prose or hits)[:NARRATIVE_HITS]
        if not hits:
            hits = retriever.search(query_text, agency=names, year=year, k=NARRATIVE_HITS)
        if not hits:
            zh, en = self._available_text(q.language, q.agency)
            return refusal(q.language, parsed, "所收录的年报中没有找到相关内容。",
                           "Nothing in the stored reports answers this.", zh, en)
        reports = {(h.record.agency, h.record.year) for h in hits}  # (a report may be stored in two copies)
        # a question about the problems-and-improvements section as such ("what problems did it name, what will it
        # do?") is answered by the whole section's points as well: one report's, the section short enough to list
        whole = retriever.section_passages(hits[0].record.report_id, q.section) if q.section in WHOLE_SECTIONS \
            and len(reports) == 1 else []
        if sum(len(r.passage.text) for r in whole) > WHOLE_SECTION_CHARS:
            whole = []
        return self._worded(q, narrative_answer(hits, query_text, q.language, parsed, whole_section=whole,
                                                      # a word nothing explains, no agency or several (a
                                                      # quote is one report's): quote, state no number
                                                      state_numbers=state_numbers and not q.unaccounted
                                                      and "points_at_table" not in q.flags
                                                      and "cell_words_open" not in q.flags and (
                                                          len(q.agencies) == 1
                                                          or (not q.agencies and len(self.catalog) == 1))))

    def _worded(self, q: Query, answer: Answer) -> Answer:
        """The narrative answer in the LLM's words when one is configured and its text passes the
        number guard; otherwise the extractive answer unchanged."""
        model = self.chat_model()
        if model is None:
            return answer
        from .llm import words, write_answer

        if not words(answer.route, answer.citations):  # the one rule of which answers a model may word
            return answer

        text = write_answer(model, q.question, q.language, answer.citations, answer.values)
        if text is None:
            return answer
        answer.answer = f"{text}\n{LLM_NOTE[q.language]}"
        return answer
