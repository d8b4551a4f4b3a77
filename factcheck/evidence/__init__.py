"""Evidence: documents with provenance, chunked into ChromaDB, retrieved by hybrid search."""

from factcheck.evidence.documents import EvidenceDocument, Skip, load_documents
from factcheck.evidence.retrieval import HybridRetriever, Retriever
from factcheck.evidence.store import EvidenceStore, IngestResult

__all__ = [
    "EvidenceDocument",
    "EvidenceStore",
    "HybridRetriever",
    "IngestResult",
    "Retriever",
    "Skip",
    "load_documents",
]
