"""GovQA inside LangChain: a retriever and a tool over a GovQA store.

- :class:`GovQARetriever` is a LangChain ``BaseRetriever``: a question → the report passages that
  GovQA's hybrid search (BM25 over characters and bigrams, fused with dense vectors) finds, as
  ``Document`` objects whose ``metadata`` is the full citation (the fields of
  :class:`~assistant.answers.Citation`, plus the passage id, kind, score and a ``source`` line).
  Use it in any RAG chain; the numbers in the tables are better asked through the tool.
- :func:`govqa_tool` is a ``StructuredTool`` named ``govqa_ask`` for agents: a question → the answer
  as the JSON text of ``govqa ask --json`` (:meth:`Answer.to_dict`), the :class:`Answer` itself as
  the tool message's ``artifact``. Figures come from checked table cells, never from a model.

The module is named so that it does not shadow the ``langchain`` package.

Example (offline; see README)::

    from assistant import api
    from assistant.langchain_adapters import GovQARetriever, govqa_tool

    api.ingest(store="demo-store", progress=False)          # the bundled sample report
    docs = GovQARetriever.from_store("demo-store", k=3).invoke("政府网站发布信息多少条")
    print(docs[0].metadata["agency"], docs[0].metadata["location"], docs[0].page_content[:40])
    print(govqa_tool(store="demo-store").invoke({"question": "how many applications were fully disclosed in 2020"}))
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from langchain_core.tools import StructuredTool
from pydantic import BaseModel, ConfigDict, Field

from index import vectors
from index.settings import Settings

from . import api
from .answers import Answer, Citation
from .qa import Assistant

__all__ = ["GovQARetriever", "AskInput", "govqa_tool", "TOOL_NAME"]

# GovQA's embedders implement LangChain's interface without importing it (a cold start's worth);
# wherever LangChain meets GovQA they are its Embeddings for isinstance too.
Embeddings.register(vectors.Embeddings)

TOOL_NAME = "govqa_ask"
TOOL_DESCRIPTION = (
    "Answers a question about Chinese government information-disclosure annual reports "
    "(政府信息公开工作年度报告) stored in GovQA, in Chinese or English: numbers from the reports' "
    "tables (applications received, disclosed, refused, reviews, lawsuits, regulations, fees …) for "
    "an agency and year, sums, rankings and changes across them, and quotes for narrative questions. "
    "Returns JSON: answer, values [{value, unit, label}] and citations [{agency, year, table, row, "
    "column, quote, location, check_status}]. State numbers only as the values give them.")


class GovQARetriever(BaseRetriever):
    """Report passages for a question, as LangChain ``Document`` objects with full citations.

    Args:
        assistant: an opened :class:`~assistant.qa.Assistant` (see :meth:`from_store`).
        k: how many passages.
        agency: only this agency's reports (a name or part of one: ``桦川县``).
        year: only reports of this year.

    ``Document.page_content`` is the passage as indexed (a narrative paragraph, or a table row
    written as a sentence); ``Document.id`` is the passage id (``report_id:index``);
    ``Document.metadata`` holds ``report_id, title, agency, year, section, table, row, column, quote,
    location, check_status`` (as in ``govqa ask --json``; for a table row the official labels and the
    check status of its 总计 cell), and ``passage_id, kind, score, source``.

    Example:
        >>> retriever = GovQARetriever.from_store("~/govqa", k=3, agency="桦川县")
        >>> retriever.invoke("政府网站发布信息")[0].metadata["section"]
        '一、总体情况 › （一）主动公开'
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    assistant: Assistant
    k: int = Field(5, ge=1)
    agency: str | None = None
    year: int | None = None

    @classmethod
    def from_store(cls, store: str | Path | None = None, *, settings: Settings | dict[str, Any] | None = None,
                   **kwargs: Any) -> GovQARetriever:
        """A retriever over the store folder (default ``$GOVQA_HOME`` or ``./.govqa``)."""
        return cls(assistant=api.open_assistant(store, settings=settings), **kwargs)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        retriever = self.assistant.retriever()
        # The search filters on stored names; the agency may be given as part of one.
        agencies: list[str | None] = [None]
        if self.agency is not None:
            agencies = list(self.assistant.store.match_agencies(self.agency))
            if not agencies:
                return []
        hits = [h for a in agencies for h in retriever.search(query, agency=a, year=self.year, k=self.k)]
        hits.sort(key=lambda h: -h.score)
        return [self._document(h) for h in hits[:self.k]]

    def _document(self, hit: Any) -> Document:
        record = hit.record
        citation = self._citation(record)
        where = " · ".join(x for x in (citation.table, citation.row, citation.column) if x) or citation.section
        metadata = {
            **asdict(citation),
            "passage_id": record.passage_id,
            "kind": record.passage.kind,
            "score": float(hit.score),
            "source": f"{record.agency} {record.year} · {where} · {citation.location}",
        }
        return Document(page_content=record.passage.text, metadata=metadata, id=record.passage_id)

    def _citation(self, record: Any) -> Citation:
        p = record.passage
        if p.kind == "table_row" and p.cell is not None:
            cells = self.assistant.store.figures(report_id=record.report_id, cells={p.cell})
            if cells:
                from .compose import cite_cell  # the one home of a cell's citation

                return cite_cell(cells[0])
        return Citation(report_id=record.report_id, title=record.title, agency=record.agency, year=record.year,
                        section=" › ".join(p.section_path) if p.section_path else p.section,
                        quote=p.text, location=p.location.describe(), check_status="n/a")


class AskInput(BaseModel):
    """The arguments of the ``govqa_ask`` tool."""

    question: str = Field(description="The question, in Chinese or English, naming the agency and year "
                                      "when it is about one (e.g. '2020年桦川县收到多少件政府信息公开申请').")


def govqa_tool(assistant: Assistant | None = None, *, store: str | Path | None = None,
               settings: Settings | dict[str, Any] | None = None) -> StructuredTool:
    """The ``govqa_ask`` tool over an assistant (or over the store folder, opened on first use).

    The tool message's content is exactly the JSON of ``govqa ask --json``; its ``artifact`` is the
    :class:`~assistant.answers.Answer`.
    """
    holder: list[Assistant] = [assistant] if assistant is not None else []

    def ask(question: str) -> tuple[str, Answer]:
        if not holder:
            holder.append(api.open_assistant(store, settings=settings))
        answer = holder[0].ask(question)
        return json.dumps(answer.to_dict(), ensure_ascii=False), answer

    return StructuredTool.from_function(func=ask, name=TOOL_NAME, description=TOOL_DESCRIPTION,
                                        args_schema=AskInput, response_format="content_and_artifact")
