"""Documents cut into chunks whose ids are content hashes."""

from __future__ import annotations

import hashlib

from langchain_text_splitters import RecursiveCharacterTextSplitter

from factcheck.evidence.documents import EvidenceDocument
from factcheck.models import EvidenceChunk

# Chinese sentence ends first, so chunks break where sentences do in either language.
CHUNK_SEPARATORS = [
    "\n\n",
    "\n",
    "。",
    "！",
    "？",
    "；",
    ". ",
    "! ",
    "? ",
    "; ",
    "，",
    ", ",
    " ",
    "",
]


def chunk_id(document_id: str, text: str) -> str:
    return "ev-" + hashlib.sha256(f"{document_id}\n{text}".encode()).hexdigest()[:20]


def text_splitter(chunk_size: int, chunk_overlap: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        separators=CHUNK_SEPARATORS,
        keep_separator="end",
    )


def chunk_document(
    document: EvidenceDocument, split: RecursiveCharacterTextSplitter
) -> list[EvidenceChunk]:
    """The document's chunks, each with the document's provenance."""
    provenance = document.model_dump(exclude={"id", "text"})
    return [
        EvidenceChunk(
            id=chunk_id(document.id, text),
            document_id=document.id,
            text=text,
            chunk_index=index,
            **provenance,
        )
        for index, text in enumerate(split.split_text(document.text))
    ]
