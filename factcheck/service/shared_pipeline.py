"""One pipeline for every request: models loaded once, calls into it serialized by a lock.

Requests run on a thread pool. The embedded Chroma, the BM25 index and the verifiers'
caches are shared by all of them, so every call into the pipeline holds one lock; parsing
an article touches none of it and runs outside.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib.metadata import version

from factcheck.config import Settings
from factcheck.evidence import EvidenceDocument, IngestResult, Skip
from factcheck.evidence.documents import content_id
from factcheck.intake import Document
from factcheck.models import Report
from factcheck.pipeline import Pipeline
from factcheck.service.reports import save_report
from factcheck.service.schemas import EvidenceIn, HealthResponse


class SharedPipeline:
    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.lock = threading.Lock()
        self.evidence_chunks = pipeline.store.count()

    @classmethod
    def load(cls, settings: Settings) -> SharedPipeline:
        """Open the store and load the embedding, the verifier and the BM25 index now, so that
        a bad setting fails at start-up and the first request is not the slow one."""
        pipeline = Pipeline(settings)
        pipeline.verifier  # noqa: B018 - loading is the point
        pipeline.store.lexical_index()
        return cls(pipeline)

    def health(self) -> HealthResponse:
        """Counts the evidence afresh when the pipeline is idle; while a request holds it,
        health does not wait and reports the count it saw last."""
        if self.lock.acquire(blocking=False):
            try:
                self.evidence_chunks = self.pipeline.store.count()
            finally:
                self.lock.release()
        return HealthResponse(
            evidence_chunks=self.evidence_chunks,
            verifier=self.pipeline.settings.verifier,
            embedding=self.pipeline.store.embeddings.name,
            version=version("factcheck"),
        )

    def check(self, document: Document) -> Report:
        """Check the article and keep its report in the workspace."""
        with self.lock:
            report = self.pipeline.check(document)
        save_report(self.pipeline.settings.reports_path, report)
        return report

    def ingest(self, documents: Sequence[EvidenceIn]) -> IngestResult:
        with self.lock:
            return self.pipeline.store.ingest(evidence_documents(documents))


def evidence_documents(documents: Sequence[EvidenceIn]) -> list[EvidenceDocument | Skip]:
    """Request documents as the store takes them; an empty text is skipped, as in JSONL files.
    A `Skip`'s source is the document's index in the request."""
    converted: list[EvidenceDocument | Skip] = []
    for index, document in enumerate(documents):
        text = document.text.strip()
        if not text:
            converted.append(Skip(str(index), "empty text"))
            continue
        fields = document.model_dump(exclude={"id", "text"}, exclude_none=True)
        converted.append(EvidenceDocument(id=document.id or content_id(text), text=text, **fields))
    return converted
