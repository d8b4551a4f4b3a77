"""`factcheck serve` as a user runs it: the venv's script in a subprocess, real HTTP on loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT

TOKEN = "service-test-token-5b1f0c9e2d7a"  # a constant: pytest may import this module twice
MAX_REQUEST_BYTES = 100_000
CORPUS = ROOT / "evidence" / "demo" / "corpus.jsonl"
START_SECONDS = 180


def corpus_documents() -> list[dict]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    url: str
    port: int
    workspace: Path
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)


def start_server(folder: Path, *, token: str | None, max_bytes: int, per_minute: int) -> Server:
    """Start ``factcheck serve`` on a free port and wait until /v1/health answers."""
    script = Path(sys.executable).with_name("factcheck")
    port = free_port()
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "FACTCHECK_SERVICE_MAX_REQUEST_BYTES": str(max_bytes),
        "FACTCHECK_SERVICE_REQUESTS_PER_MINUTE": str(per_minute),
    }
    env.pop("FACTCHECK_SERVICE_TOKEN", None)
    if token:
        env["FACTCHECK_SERVICE_TOKEN"] = token
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(script), "--workspace", str(folder / "ws"), "serve", "--port", str(port)],
            cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", port, folder / "ws", process, log)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"factcheck serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(server.url + "/v1/health", timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.3)
    server.stop()
    pytest.fail(f"factcheck serve did not answer within {START_SECONDS} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server with a token and a small body limit, no rate limit; stopped after the module."""
    running = start_server(
        tmp_path_factory.mktemp("service"), token=TOKEN, max_bytes=MAX_REQUEST_BYTES, per_minute=0
    )
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300
    ) as http:
        yield http
