"""Shared fixtures. Real models and a real ChromaDB; the shared data is optional."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SHARED_ARTICLE = SHARED / "articles" / "ai-video-race.zh-Hant.txt"
DEMO_ARTICLE = ROOT / "examples" / "demo-article.zh-Hant.txt"


def evidence_passage(i: int, text: str, published: str = "2025-10-10"):
    """A retrieved evidence chunk with provenance, for verifier tests."""
    from factcheck.models import Evidence, EvidenceChunk

    chunk = EvidenceChunk(
        id=f"e{i}",
        document_id=f"d{i}",
        text=text,
        url=f"https://example.org/{i}",
        publisher="Example News",
        published=published,
    )
    return Evidence(chunk=chunk, score=1.0)


def claim_of(text: str, language: str = "en"):
    """A check-worthy claim record of ``text`` as it stands, for verifier tests."""
    from factcheck.models import Claim, ClaimType, Span

    return Claim(
        id="c1",
        article_id="a1",
        text=text,
        source_text=text,
        span=Span(start=0, end=len(text)),
        sentence=text,
        language=language,
        type=ClaimType.QUANTITY,
        checkworthiness=0.9,
    )


def bad_evidence_items():
    """Claims with bad evidence for a verifier: a megabyte, binary, blank, and an empty claim.
    A verifier must give a verdict for each (the blank one NOT_ENOUGH_INFO), never raise."""
    megabyte = "The committee met again on Tuesday and adjourned. " * 21_000
    binary = "".join(chr(c) for c in range(1, 2000)) + "\x00\ufffd\udcff" * 50
    return [
        (claim_of("The committee met on Tuesday."), [evidence_passage(1, megabyte)]),
        (claim_of("The committee met on Tuesday."), [evidence_passage(2, binary)]),
        (claim_of("The committee met on Tuesday."), [evidence_passage(3, "   \n\t ")]),
        (claim_of(""), [evidence_passage(4, "Short.")]),
    ]


def need_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data sits beside the repository only in CI")
    return path


@pytest.fixture(scope="session")
def shared_article_path() -> Path:
    return need_shared(SHARED_ARTICLE)


@pytest.fixture(scope="session")
def embeddings():
    from factcheck.evidence.embeddings import load_embeddings

    return load_embeddings("use-multilingual")


@pytest.fixture
def settings(tmp_path):
    from factcheck.config import Settings

    return Settings(workspace=tmp_path / "ws", claims_dir=tmp_path / "claims")
