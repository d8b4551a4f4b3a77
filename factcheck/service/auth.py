"""The bearer token (``service_token``): checked on the request line and headers, before any
body is read, compared in constant time. ``/v1/health`` and ``/openapi.json`` stay open so that
monitors and client generators need no secret; they reveal no articles or evidence."""

from __future__ import annotations

import hmac

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from factcheck.service.errors import HTTP_CODES, error_response

OPEN_PATHS = frozenset({"/v1/health", "/openapi.json"})


def bearer_token(headers: Headers) -> str | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


class BearerAuth:
    """ASGI middleware: 401 unless ``Authorization: Bearer <token>`` carries the token."""

    def __init__(self, app: ASGIApp, token: str):
        self.app = app
        self._token = token.encode("utf-8")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            return await self.app(scope, receive, send)
        given = bearer_token(Headers(scope=scope))
        if given is not None and hmac.compare_digest(given.encode("utf-8"), self._token):
            return await self.app(scope, receive, send)
        message = "a bearer token is required" if given is None else "the bearer token is wrong"
        response = error_response(
            401, HTTP_CODES[401], message, hint="send Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )  # fmt: skip
        await response(scope, receive, send)


def document_bearer_auth(app: FastAPI) -> None:
    """Declare the token in the OpenAPI schema, on every operation but the open ones."""

    def schema() -> dict:
        if app.openapi_schema is None:
            openapi = get_openapi(
                title=app.title, version=app.version, description=app.description,
                routes=app.routes,
            )  # fmt: skip
            openapi.setdefault("components", {})["securitySchemes"] = {
                "bearer": {"type": "http", "scheme": "bearer"}
            }
            for path, operations in openapi["paths"].items():
                if path not in OPEN_PATHS:
                    for operation in operations.values():
                        operation["security"] = [{"bearer": []}]
            app.openapi_schema = openapi
        return app.openapi_schema

    app.openapi = schema
