"""Every default in one place, overridable by ``factcheck.toml`` and ``FACTCHECK_*`` variables.

Precedence, highest first: arguments passed in code or on the command line, environment
variables (``FACTCHECK_CHROMA_URL=http://127.0.0.1:8000``), ``factcheck.toml`` in the working
directory, the defaults below.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


class Settings(BaseSettings):
    """The toolkit's configuration."""

    model_config = SettingsConfigDict(
        env_prefix="FACTCHECK_", toml_file="factcheck.toml", extra="forbid", frozen=True
    )

    workspace: Path = Field(Path(".factcheck"), description="git-ignored folder for the store")
    claims_dir: Path = Field(Path("claims"), description="where claim records are written")
    chroma_url: str | None = Field(None, description="a Chroma server, e.g. http://127.0.0.1:8000")
    collection: str = Field("evidence", description="the Chroma collection holding evidence")
    embedding: str = Field(
        "use-multilingual",
        description="use-multilingual | minilm | sentence-transformers:<path or name>",
    )
    extractor: str = Field("rules", description="rules | llm")
    verifier: str = Field(
        "rules", description="rules | hybrid | trained | encoder | ensemble | llm"
    )
    llm: str | None = Field(
        None, description="LangChain provider string, e.g. openai:gpt-4o-mini, ollama:qwen2.5"
    )
    llm_base_url: str | None = Field(None, description="OpenAI-compatible endpoint for the LLM")
    organization: str = Field("factcheck", description="the reviewing organisation, in ClaimReview")
    organization_url: str | None = Field(None, description="its web site")
    review_url: str | None = Field(None, description="base URL where reviews are published")
    chunk_size: int = Field(500, description="characters per evidence chunk")
    chunk_overlap: int = Field(80, description="characters shared by neighbouring chunks")
    top_k: int = Field(5, description="evidence chunks retrieved per claim")
    checkworthiness_threshold: float = Field(
        0.5, description="claims scoring below this are kept but not verified"
    )
    publisher_weights: dict[str, float] = Field(
        default_factory=dict,
        description="reliability of each publisher in [0, 1], e.g. {\"Reuters\" = 1.0}; "
        "evidence from a publisher not listed weighs default_publisher_weight",
    )
    default_publisher_weight: float = Field(
        0.7, ge=0.0, le=1.0, description="reliability of a publisher not in publisher_weights"
    )
    llm_timeout: float = Field(60.0, description="seconds before one LLM call is abandoned")
    llm_max_retries: int = Field(3, ge=0, description="retries with backoff per LLM call")
    llm_cost_per_million_input: float = Field(0.0, description="price of 1M prompt tokens")
    llm_cost_per_million_output: float = Field(0.0, description="price of 1M completion tokens")
    concurrency: int = Field(2, ge=1, description="articles checked at once by `batch`")
    service_token: str | None = Field(
        None, description="bearer token the HTTP service requires; None leaves it open"
    )
    service_max_request_bytes: int = Field(5_000_000, description="largest request body accepted")
    service_requests_per_minute: int = Field(120, description="per client; 0 turns the limit off")
    service_reports_dir: Path | None = Field(
        None,
        description="where the HTTP service keeps the reports it checked (None: "
        "<workspace>/reports); several workers pointed at one folder share them",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    @property
    def chroma_path(self) -> Path:
        return self.workspace / "chroma"

    @property
    def llm_cache_path(self) -> Path:
        return self.workspace / "llm-cache"

    @property
    def reports_path(self) -> Path:
        return self.service_reports_dir or self.workspace / "reports"
