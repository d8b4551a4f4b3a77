"""Request and response bodies of the HTTP API (reports and claims are the pipeline's records).

Request bodies forbid unknown fields, so a misspelt field is a 422, not silently ignored.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ReportFormat = Literal["json", "md", "claimreview"]
MEDIA_TYPES: dict[ReportFormat, str] = {
    "json": "application/json",
    "md": "text/markdown",
    "claimreview": "application/ld+json",
}


class Body(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CheckRequest(Body):
    """An article to fact-check."""

    text: str = Field(min_length=1, description="the article: plain text, HTML or Markdown")
    title: str | None = Field(None, max_length=500, description="overrides the title found")
    published: date | None = Field(
        None, description="the article's date: resolves 上周, last Sunday, dates without a year"
    )
    url: str | None = Field(None, max_length=2000, description="where the article appeared")
    format: ReportFormat = Field(
        "json", description="json (the report), md (Markdown) or claimreview (JSON-LD)"
    )


class EvidenceIn(Body):
    """An evidence document, as a line of an evidence JSONL file."""

    text: str
    id: str | None = Field(
        None, max_length=200, description="document id; a hash of the text when absent"
    )
    title: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=2000)
    publisher: str | None = Field(None, max_length=200)
    published: str | None = Field(
        None, pattern=r"^\d{4}(-\d{2}){0,2}$", description="YYYY-MM-DD, YYYY-MM or YYYY"
    )
    language: str | None = Field(None, max_length=16)


class EvidenceRequest(Body):
    documents: list[EvidenceIn] = Field(min_length=1)


class Skipped(Body):
    document: int = Field(description="index of the document in the request")
    reason: str


class IngestResponse(Body):
    """What an ingest did, counted in chunks (ingesting the same text twice adds nothing)."""

    documents: int = Field(description="documents ingested")
    chunks_added: int
    chunks_already_stored: int
    skipped: list[Skipped]


class HealthResponse(Body):
    status: Literal["ok"] = "ok"
    evidence_chunks: int = Field(description="chunks in the evidence store")
    verifier: str
    embedding: str
    version: str


class ErrorBody(Body):
    """Every error: a stable code (``FC100``..., or an HTTP one such as ``rate_limited``)."""

    error: str
    message: str
    hint: str | None = None
