"""Every failure as one JSON object, ``{"error": code, "message": ...}``; never a traceback.

`FactcheckError`s keep their codes (``FC100`` for an article that cannot be read, ...);
HTTP-level refusals get a named code (`HTTP_CODES`); anything unexpected is a 500 naming
only the exception type (the traceback goes to the server log).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from factcheck.errors import FactcheckError, InputError
from factcheck.service.schemas import ErrorBody

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    422: "invalid_request",
    429: "rate_limited",
}
_MAX_MESSAGE = 500
_SEND_JSON = "send the body as JSON, with Content-Type: application/json"


def error_response(
    status: int,
    code: str,
    message: str,
    hint: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorBody(error=code, message=message[:_MAX_MESSAGE], hint=hint)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers)


def status_of(error: FactcheckError) -> int:
    """An unreadable article is the client's to fix (422); the store or a model failing is ours."""
    return 422 if isinstance(error, InputError) else 503


async def _factcheck_error(request: Request, error: FactcheckError) -> JSONResponse:
    return error_response(status_of(error), error.code, error.message, error.hint)


async def _http_error(request: Request, error: HTTPException) -> JSONResponse:
    code = HTTP_CODES.get(error.status_code, f"http_{error.status_code}")
    return error_response(error.status_code, code, str(error.detail), headers=error.headers)


async def _validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    problems = [
        f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
        for problem in error.errors()
    ]
    about_body = any(problem["loc"][:1] == ("body",) for problem in error.errors())
    not_json = "json" not in request.headers.get("content-type", "")
    hint = _SEND_JSON if about_body and not_json else None
    return error_response(422, HTTP_CODES[422], "; ".join(problems), hint)


async def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
    return error_response(500, "internal_error", f"unexpected {type(error).__name__}")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(FactcheckError, _factcheck_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)
