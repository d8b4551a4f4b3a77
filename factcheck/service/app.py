"""The HTTP API: check articles, fetch their reports and claims, add evidence.

Every response is JSON (or Markdown / JSON-LD when a report is asked for in that format), so
whatever an article holds, ``<script>`` included, comes back as data. Middleware, outermost
first: ``nosniff`` header, rate limit, bearer token, body size.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from importlib.metadata import version
from typing import Annotated

from fastapi import APIRouter, FastAPI, Path, Query, Request, Response
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from factcheck.config import Settings
from factcheck.intake import Document, parse_article
from factcheck.intake.decoding import decode_bytes
from factcheck.intake.document import article_id_for
from factcheck.models import Claim, Report
from factcheck.report import render
from factcheck.service.auth import BearerAuth, document_bearer_auth
from factcheck.service.errors import install_error_handlers
from factcheck.service.limits import BodySizeLimit, RateLimit
from factcheck.service.reports import ARTICLE_ID_PATTERN, claim_records, load_report
from factcheck.service.schemas import (
    MEDIA_TYPES,
    CheckRequest,
    ErrorBody,
    EvidenceRequest,
    HealthResponse,
    IngestResponse,
    ReportFormat,
    Skipped,
)
from factcheck.service.shared_pipeline import SharedPipeline

API_SOURCE = "<api>"  # an article's `source` when it came through the API

_ERRORS = {status: {"model": ErrorBody} for status in (401, 413, 422, 429, 503)}
_REPORT_RESPONSES = {
    **_ERRORS,
    200: {
        "description": "the report, as JSON, Markdown or ClaimReview JSON-LD (`format`)",
        "content": {
            MEDIA_TYPES["md"]: {"schema": {"type": "string"}},
            MEDIA_TYPES["claimreview"]: {"schema": {"type": "array", "items": {"type": "object"}}},
        },
    },
}

ArticleId = Annotated[str, Path(pattern=ARTICLE_ID_PATTERN, description="as in the report")]
Format = Annotated[ReportFormat, Query(alias="format", description="json, md or claimreview")]

router = APIRouter(prefix="/v1")


def _shared(request: Request) -> SharedPipeline:
    return request.app.state.pipeline


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def article_document(body: CheckRequest) -> Document:
    """The request's article, refused as `InputError` when it is blank or binary."""
    decode_bytes(body.text.encode("utf-8"), source=API_SOURCE)  # as for a file: blank, binary
    document = parse_article(
        body.text,
        source=API_SOURCE,
        article_id=article_id_for(None, body.text),
        published=body.published.isoformat() if body.published else None,
        url=body.url,
    )
    return replace(document, title=body.title) if body.title else document


def report_response(report: Report, fmt: ReportFormat, settings: Settings) -> Response:
    return Response(render(report, fmt, settings), media_type=MEDIA_TYPES[fmt])


def _stored_report(request: Request, article_id: str) -> Report:
    report = load_report(_settings(request).reports_path, article_id)
    if report is None:
        raise HTTPException(404, f"no article {article_id} has been checked here")
    return report


@router.get("/health", response_model=HealthResponse)
def health(request: Request) -> HealthResponse:
    """Liveness and what the service runs with. Open: needs no token."""
    return _shared(request).health()


@router.post("/check", response_model=Report, responses=_REPORT_RESPONSES)
def check(body: CheckRequest, request: Request) -> Response:
    """Fact-check an article; the report is kept and can be fetched by its article id."""
    report = _shared(request).check(article_document(body))
    return report_response(report, body.format, _settings(request))


@router.get(
    "/articles/{article_id}",
    response_model=Report,
    responses={**_REPORT_RESPONSES, 404: {"model": ErrorBody}},
)
def article_report(article_id: ArticleId, request: Request, fmt: Format = "json") -> Response:
    """The report of an article checked earlier."""
    return report_response(_stored_report(request, article_id), fmt, _settings(request))


@router.get(
    "/articles/{article_id}/claims",
    response_model=list[Claim],
    responses={**_ERRORS, 404: {"model": ErrorBody}},
)
def article_claims(article_id: ArticleId, request: Request) -> list[Claim]:
    """The claim records of an article checked earlier (its report without verdicts)."""
    return claim_records(_stored_report(request, article_id))


@router.post("/evidence", response_model=IngestResponse, responses=_ERRORS)
def add_evidence(body: EvidenceRequest, request: Request) -> IngestResponse:
    """Add evidence documents to the store; text already stored is not added twice."""
    result = _shared(request).ingest(body.documents)
    return IngestResponse(
        documents=result.documents,
        chunks_added=result.chunks_added,
        chunks_already_stored=result.chunks_already_stored,
        skipped=[Skipped(document=int(s.source), reason=s.reason) for s in result.skipped],
    )


class NoSniff:
    """``X-Content-Type-Options: nosniff`` on every response: browsers take the declared type."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"x-content-type-options", b"nosniff")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_header)


def create_app(settings: Settings, pipeline: SharedPipeline | None = None) -> FastAPI:
    """The API over ``pipeline``, or over a pipeline loaded at start-up from ``settings``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.pipeline = pipeline or SharedPipeline.load(settings)
        yield

    middleware = [Middleware(NoSniff)]
    if settings.service_requests_per_minute > 0:
        middleware.append(Middleware(RateLimit, per_minute=settings.service_requests_per_minute))
    if settings.service_token:
        middleware.append(Middleware(BearerAuth, token=settings.service_token))
    middleware.append(Middleware(BodySizeLimit, max_bytes=settings.service_max_request_bytes))
    app = FastAPI(
        title="factcheck",
        description="Claim fact-checking for newsrooms: articles in, claims, verdicts, trust out.",
        version=version("factcheck"),
        lifespan=lifespan,
        middleware=middleware,
        docs_url=None,  # the interactive pages load scripts from a CDN; the service is offline
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(router)
    if settings.service_token:
        document_bearer_auth(app)
    return app
