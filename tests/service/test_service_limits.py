"""Request limits: body size on the bytes that arrive, and requests per minute per client."""

from __future__ import annotations

import asyncio
import json
import socket

import httpx
import pytest

from factcheck.config import Settings
from factcheck.service.app import create_app
from factcheck.service.limits import WINDOW_SECONDS, RateLimit
from tests.service.conftest import MAX_REQUEST_BYTES, TOKEN, start_server

SORA = "OpenAI 於 2025 年 9 月 30 日推出 Sora 應用，五天內下載量突破 100 萬次。"
PER_MINUTE = 4


def _too_large(response: httpx.Response) -> None:
    assert response.status_code == 413, response.text
    body = response.json()
    assert body["error"] == "request_too_large" and f"{MAX_REQUEST_BYTES:,}" in body["message"]


def test_a_declared_oversized_body_is_refused(client):
    body = json.dumps({"text": "x" * MAX_REQUEST_BYTES}).encode()
    response = client.post("/v1/check", content=body, headers={"Content-Type": "application/json"})
    assert response.request.headers["content-length"] == str(len(body))
    _too_large(response)


def _chunks(size: int, piece: int = 8192):
    yield b'{"text": "'
    for _ in range(size // piece):
        yield b"x" * piece
    yield b'"}'


def test_a_chunked_oversized_body_is_refused(client):
    response = client.post(
        "/v1/check",
        content=_chunks(2 * MAX_REQUEST_BYTES),
        headers={"Content-Type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    assert response.request.headers["transfer-encoding"] == "chunked"
    _too_large(response)


def test_a_chunked_body_within_the_limit_is_checked(client):
    body = json.dumps({"text": SORA}).encode()
    response = client.post(
        "/v1/check",
        content=iter([body[:10], body[10:]]),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["claims"]


def test_a_lying_content_length_cannot_carry_a_larger_body(server):
    """The server reads the declared bytes only; the rest is not a body (and not a request)."""
    head = (
        "POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {TOKEN}\r\nContent-Length: 20\r\n\r\n"
    )
    payload = head.encode() + json.dumps({"text": SORA * 4000}).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
        connection.sendall(payload)
        status_line = connection.makefile("rb").readline().decode()
    assert status_line.split()[1].startswith("4"), status_line
    assert httpx.get(server.url + "/v1/health").status_code == 200


def test_bytes_beyond_a_small_content_length_are_counted(tmp_path):
    """An ASGI server that hands on more than was declared still hits the limit."""
    settings = Settings(workspace=tmp_path, service_max_request_bytes=1000)
    app = create_app(settings)  # the body is refused before any model is needed
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/v1/check", "raw_path": b"/v1/check", "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"10")],
        "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 80),
    }  # fmt: skip
    parts = [b'{"text": "', *[b"x" * 300] * 5, b'"}']
    messages = [{"type": "http.request", "body": p, "more_body": True} for p in parts]
    messages[-1]["more_body"] = False
    sent = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["error"] == "request_too_large"


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory):
    running = start_server(
        tmp_path_factory.mktemp("limited"), token=None, max_bytes=MAX_REQUEST_BYTES,
        per_minute=PER_MINUTE,
    )  # fmt: skip
    yield running
    running.stop()


def test_the_rate_limit_answers_429_with_retry_after(limited_server):
    statuses = []
    with httpx.Client(base_url=limited_server.url) as http:
        for _ in range(PER_MINUTE + 1):
            response = http.get("/v1/health")
            statuses.append(response.status_code)
            if response.status_code == 429:
                break
    assert statuses[-1] == 429 and set(statuses[:-1]) == {200}
    assert len(statuses) <= PER_MINUTE  # the health checks of start_server counted too
    assert 1 <= int(response.headers["retry-after"]) <= WINDOW_SECONDS
    assert response.json()["error"] == "rate_limited"


class _Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _call(limiter: RateLimit, client: str) -> int:
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "client": (client, 1)}
    asyncio.run(limiter(scope, receive, send))
    return sent[0]["status"]


async def _ok(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def test_the_window_slides_per_client_and_refusals_do_not_count():
    clock = _Clock()
    limiter = RateLimit(_ok, per_minute=2, clock=clock)
    assert [_call(limiter, "10.0.0.1") for _ in range(3)] == [200, 200, 429]
    assert _call(limiter, "10.0.0.2") == 200  # another client has its own budget
    clock.now += WINDOW_SECONDS / 2
    assert _call(limiter, "10.0.0.1") == 429
    clock.now += WINDOW_SECONDS / 2  # the first two fall out of the window; refusals never entered
    assert [_call(limiter, "10.0.0.1") for _ in range(3)] == [200, 200, 429]
