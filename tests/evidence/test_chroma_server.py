"""The evidence store on a real Chroma server, started on loopback by the test itself."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factcheck.config import Settings
from factcheck.evidence import EvidenceStore, HybridRetriever, load_documents
from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    beside_python = Path(sys.executable).with_name("chroma")  # the venv's, when PATH lacks it
    chroma = str(beside_python) if beside_python.exists() else shutil.which("chroma")
    if chroma is None:
        pytest.skip("the chroma command (from the chromadb package) is not installed")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    server = subprocess.Popen(
        [chroma, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("the Chroma server did not start within 60 s")
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=30)


def test_ingest_and_search_through_a_chroma_server(chroma_url, tmp_path, embeddings):
    settings = Settings(workspace=tmp_path / "ws", chroma_url=chroma_url)
    corpus = ROOT / "evidence" / "ai-video-2025-10"
    first = EvidenceStore(settings, embeddings).ingest(load_documents([corpus]))
    assert first.chunks_added > 0 and not first.skipped
    again = EvidenceStore(settings, embeddings).ingest(load_documents([corpus]))
    assert again.chunks_added == 0 and again.chunks_already_stored == first.chunks_added
    found = HybridRetriever(EvidenceStore(settings, embeddings)).retrieve("Sora下載量突破100萬", 3)
    assert any("Sora" in hit.chunk.text for hit in found)
    assert not (tmp_path / "ws" / "chroma").exists()  # nothing stored locally
