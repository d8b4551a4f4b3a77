"""Request limits as ASGI middleware: body size and requests per minute per client.

The body limit trusts no header: a declared ``Content-Length`` over the limit is refused at
once, and the bytes actually received are counted as they arrive (chunked bodies declare no
length), so reading stops at the first byte over the limit.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from factcheck.service.errors import HTTP_CODES, error_response

WINDOW_SECONDS = 60.0


class BodySizeLimit:
    """413 for a request body over ``max_bytes``, declared or received."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> str:
        return f"the request body is larger than {self.max_bytes:,} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            response = error_response(413, HTTP_CODES[413], self._too_large())
            return await response(scope, receive, send)
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise HTTPException(413, self._too_large())  # rendered by the app's handler
            return message

        await self.app(scope, receive_within_limit, send)


class RateLimit:
    """429 with ``Retry-After`` once a client (by address) has made ``per_minute`` requests
    in the last 60 seconds. Refused requests do not count."""

    def __init__(self, app: ASGIApp, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.app = app
        self.per_minute = per_minute
        self.clock = clock
        self._recent: dict[str, deque[float]] = {}
        self._last_sweep = clock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        now = self.clock()
        self._forget_idle_clients(now)
        client = scope["client"][0] if scope.get("client") else "unknown"
        recent = self._recent.setdefault(client, deque())
        while recent and recent[0] <= now - WINDOW_SECONDS:
            recent.popleft()
        if len(recent) >= self.per_minute:
            retry_after = max(1, math.ceil(recent[0] + WINDOW_SECONDS - now))
            response = error_response(
                429, HTTP_CODES[429], f"more than {self.per_minute} requests a minute",
                hint=f"retry in {retry_after} s", headers={"Retry-After": str(retry_after)},
            )  # fmt: skip
            return await response(scope, receive, send)
        recent.append(now)
        await self.app(scope, receive, send)

    def _forget_idle_clients(self, now: float) -> None:
        """Drop clients silent for a whole window, once a window, so memory stays bounded."""
        if now - self._last_sweep < WINDOW_SECONDS:
            return
        self._last_sweep = now
        idle = [
            c for c, times in self._recent.items() if not times or times[-1] <= now - WINDOW_SECONDS
        ]
        for client in idle:
            del self._recent[client]
