"""The baseline: a plain LangChain RAG over the same reports, scored by the same metrics.

Each report's loaded text (``index.loaders.load(path).text``) is cut by a
``RecursiveCharacterTextSplitter``, embedded with the same embedder GovQA uses
(``index.vectors.get_embeddings``; the ``hash`` embedder for fast tests) into an in-memory vector
store, and a question is answered by the best chunk: the chunk is the answer text, its first number
the numeric answer, and the top-k chunks are the citations (ranked). No tables, no labels, no
refusals, no memory of earlier turns: what a generic RAG pipeline does with these reports.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import InMemoryVectorStore
from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.answers import Answer, Citation, Value

__all__ = ["BaselineRAG", "first_number"]

SEPARATORS = ["\n\n", "\n", "。", "；", "，", " ", ""]
_NUMBER = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元|%|％)?")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def first_number(text: str) -> tuple[float, str] | None:
    """The first number in a text and the unit written right after it (元/万元/亿元/%), if any."""
    m = _NUMBER.search(text)
    if not m:
        return None
    raw = m.group(1).replace(",", "")
    try:
        value: float = float(raw)
    except ValueError:
        return None
    unit = (m.group(2) or "").replace("％", "%")
    return (int(value) if value.is_integer() else value), unit


class BaselineRAG:
    """Plain retrieval-augmented answering: top-k chunks by embedding similarity, the best one answers.

    Args:
        documents: one LangChain ``Document`` per report, with metadata ``agency``, ``year``,
            ``title`` and ``report`` (file base name).
        embeddings: any LangChain ``Embeddings``.
        chunk_size, chunk_overlap: for the ``RecursiveCharacterTextSplitter``.
        k: chunks retrieved (cited) per question.
    """

    def __init__(self, documents: Sequence[Document], embeddings: Embeddings, *, chunk_size: int = 400,
                 chunk_overlap: int = 60, k: int = 5) -> None:
        splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap,
                                                  separators=SEPARATORS, keep_separator="end")
        self.chunks = splitter.split_documents(list(documents))
        for i, chunk in enumerate(self.chunks):
            chunk.metadata["chunk"] = i
        self.store = InMemoryVectorStore(embedding=embeddings)
        if self.chunks:
            self.store.add_documents(self.chunks)
        self.k = k

    @classmethod
    def from_files(cls, files: Sequence[Path], meta: Mapping[str, Mapping[str, Any]] | None = None, *,
                   embeddings: Embeddings | None = None, embedder: str | None = None, **kwargs: Any) -> BaselineRAG:
        """Load each file with ``index.loaders.load`` and index its text.

        ``meta`` maps a file path (as a string) to its ``agency``, ``year``, ``title`` and ``report``
        (the benchmark knows them from the gold or truth files); ``embedder`` names the backend for
        ``index.vectors.get_embeddings`` when no ``embeddings`` are given (default: the settings').
        """
        from index.loaders import load

        if embeddings is None:
            from index.settings import get_settings
            from index.vectors import get_embeddings

            embeddings = get_embeddings(get_settings(embedder=embedder))
        docs = []
        for path in files:
            m = dict((meta or {}).get(str(path), {}))
            m.setdefault("report", Path(path).stem)
            m.setdefault("agency", "")
            m.setdefault("year", 0)
            m.setdefault("title", Path(path).name)
            m["source"] = str(path)
            docs.append(Document(page_content=load(path).text, metadata=m))
        return cls(docs, embeddings, **kwargs)

    def ask(self, question: str, conversation: Any = None) -> Answer:
        """The best chunk as the answer, its first number as the value, the top-k chunks as citations."""
        lang = "en" if len(re.findall(r"[A-Za-z]", question)) > len(_CJK.findall(question)) else "zh"
        hits = self.store.similarity_search_with_score(question, k=self.k) if self.chunks else []
        citations = [Citation(report_id=str(d.metadata.get("report", "")), title=str(d.metadata.get("title", "")),
                              agency=str(d.metadata.get("agency", "")), year=int(d.metadata.get("year") or 0),
                              section="", quote=d.page_content, location=f"chunk {d.metadata.get('chunk')}")
                     for d, _ in hits]
        if not hits:
            return Answer(answer="", language=lang, route="narrative")  # type: ignore[arg-type]
        best = hits[0][0].page_content
        number = first_number(best)
        values = [Value(number[0], number[1], "first number of the best chunk")] if number else []
        return Answer(answer=best, language=lang, route="narrative", parsed="baseline: top chunk",  # type: ignore[arg-type]
                      values=values, citations=citations)
