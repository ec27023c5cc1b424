"""Configuration, one settings class per concern, read from the environment and `.env`.

Every key is documented in `.env.example`; command-line options override these values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge.errors import InputError

__all__ = [
    "AnswerSettings",
    "EmbeddingSettings",
    "IngestSettings",
    "Settings",
    "StoreSettings",
    "read_settings",
    "setting_problems",
]

_ENV = SettingsConfigDict(
    env_prefix="FACTDESK_", env_file=".env", extra="ignore", env_ignore_empty=True
)


class StoreSettings(BaseSettings):
    """Where corpora live, which database holds their records, and which Chroma their vectors."""

    model_config = _ENV

    data_dir: Path = Path("data")
    scope: str = "default"
    # A PostgreSQL URL (postgresql+psycopg://user:password@host:5432/db) for the registry, the
    # usage log and the server settings; None: one SQLite file each under data_dir.
    database_url: SecretStr | None = None  # may hold a password: never logged
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_token: SecretStr | None = None  # sent to the Chroma server, never logged

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()


class EmbeddingSettings(BaseSettings):
    """How passages and questions are turned into vectors."""

    model_config = _ENV

    embeddings_backend: Literal["onnx", "torch"] = "onnx"
    embeddings_precision: Literal["fp32", "int8"] | None = None  # None: int8 on onnx
    embed_batch_size: int = Field(default=16, ge=1, le=512)
    model_cache_dir: Path = Path.home() / ".cache" / "factdesk"

    @field_validator("model_cache_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()


class IngestSettings(BaseSettings):
    """Limits that keep a bad or hostile source from hurting the index."""

    model_config = _ENV

    max_file_mb: float = Field(default=10.0, gt=0)
    url_timeout_s: float = Field(default=15.0, gt=0)
    url_max_mb: float = Field(default=5.0, gt=0)
    url_allow_private: bool = False
    passage_chars: int = Field(default=200, ge=80, le=2000)
    loaded_by: str = "cli"


class AnswerSettings(BaseSettings):
    """How questions are answered."""

    model_config = _ENV

    max_question_chars: int = Field(default=500, ge=20)
    retrieve_k: int = Field(default=32, ge=4, le=200)
    stance: Literal["hybrid", "model", "lexical", "llm"] = "hybrid"
    stance_model: str | None = None  # None: the model shipped in knowledge/stance/model
    # After `factdesk ask "..."` answers in-process (no server was running), start `factdesk
    # serve` in the background so the next `ask` is answered warm; it stops after this many
    # minutes without a question. 0: never start one.
    auto_serve_minutes: float = Field(default=10.0, ge=0, le=24 * 60)


class Settings:
    """All settings together, as the `Desk` takes them."""

    def __init__(
        self,
        store: StoreSettings | None = None,
        embedding: EmbeddingSettings | None = None,
        ingest: IngestSettings | None = None,
        answer: AnswerSettings | None = None,
    ) -> None:
        self.store = store or read_settings(StoreSettings)
        self.embedding = embedding or read_settings(EmbeddingSettings)
        self.ingest = ingest or read_settings(IngestSettings)
        self.answer = answer or read_settings(AnswerSettings)


_Section = TypeVar("_Section", bound=BaseSettings)


def read_settings(section: type[_Section], **values: Any) -> _Section:
    """One settings class from the environment and `.env`; a bad value is an InputError that
    names the variable ("FACTDESK_STANCE: Input should be 'hybrid', ..."), not a traceback."""
    try:
        return section(**values)
    except ValidationError as exc:
        raise InputError(
            "bad setting: " + setting_problems(section, exc) + " (fix it in .env or the "
            "environment; .env.example lists every setting)"
        ) from exc


def setting_problems(section: type[BaseSettings], exc: ValidationError) -> str:
    """What is wrong, one "VARIABLE: problem" per bad value, joined by "; ". A field read
    under its own name is named with the class's prefix (FACTDESK_STANCE); one read under an
    alias (DISCORD_TOKEN) is named by it; a check across fields gives its message alone."""
    prefix = str(section.model_config.get("env_prefix", ""))
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        if where in section.model_fields:
            where = f"{prefix}{where}".upper()
        message = str(error["msg"]).removeprefix("Value error, ")
        problems.append(f"{where}: {message}" if where else message)
    return "; ".join(problems)
