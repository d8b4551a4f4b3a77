"""The evidence store: chunks with provenance in ChromaDB, plus the lexical index.

Embedded (`chromadb.PersistentClient` in the workspace) by default, or a Chroma server when
``chroma_url`` is set. Chunk ids are content hashes, so ingesting the same content twice
adds nothing. The collection records which embedding model filled it; opening it with
another model is an error, not a silent mix of vector spaces.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlparse

import chromadb
from langchain_chroma import Chroma
from langchain_text_splitters import RecursiveCharacterTextSplitter

from factcheck.config import Settings
from factcheck.errors import StoreError
from factcheck.evidence.documents import EvidenceDocument, Skip
from factcheck.evidence.embeddings import SimplifiedScript, load_embeddings
from factcheck.evidence.lexical import LexicalIndex
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
_ADD_BATCH = 64


@dataclass
class IngestResult:
    documents: int = 0
    chunks_added: int = 0
    chunks_already_stored: int = 0
    skipped: list[Skip] = field(default_factory=list)


def chunk_id(document_id: str, text: str) -> str:
    return "ev-" + hashlib.sha256(f"{document_id}\n{text}".encode()).hexdigest()[:20]


def _client(settings: Settings) -> chromadb.ClientAPI:
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or 8000,
            ssl=url.scheme == "https",
        )
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path))


class EvidenceStore:
    def __init__(self, settings: Settings, embeddings: SimplifiedScript | None = None):
        self.settings = settings
        self.embeddings = embeddings or load_embeddings(settings.embedding)
        where = settings.chroma_url or str(settings.chroma_path)
        try:
            self._client = _client(settings)
            self.vectors = Chroma(
                client=self._client,
                collection_name=settings.collection,
                embedding_function=self.embeddings,
                collection_configuration={"hnsw": {"space": "cosine"}},
                collection_metadata={"embedding": self.embeddings.name},
            )
            stored_with = (self.vectors._collection.metadata or {}).get("embedding")
        except Exception as error:  # chromadb raises many types; all mean the same here
            raise StoreError(f"cannot open the evidence store: {error}", source=where) from error
        if stored_with and stored_with != self.embeddings.name:
            raise StoreError(
                f"collection {settings.collection!r} was built with embedding {stored_with!r}, "
                f"not {self.embeddings.name!r}",
                hint="use the same --embedding, or another --collection",
                source=where,
            )
        self._lexical: LexicalIndex | None = None

    @property
    def _lexical_folder(self):
        return self.settings.workspace / "lexical" / self.settings.collection

    def count(self) -> int:
        return self.vectors._collection.count()

    def splitter(self) -> RecursiveCharacterTextSplitter:
        return RecursiveCharacterTextSplitter(
            chunk_size=self.settings.chunk_size,
            chunk_overlap=self.settings.chunk_overlap,
            separators=CHUNK_SEPARATORS,
            keep_separator="end",
        )

    def chunk(self, document: EvidenceDocument) -> list[EvidenceChunk]:
        provenance = document.model_dump(exclude={"id", "text"})
        return [
            EvidenceChunk(
                id=chunk_id(document.id, text),
                document_id=document.id,
                text=text,
                chunk_index=index,
                **provenance,
            )
            for index, text in enumerate(self.splitter().split_text(document.text))
        ]

    def ingest(
        self,
        documents: Iterable[EvidenceDocument | Skip],
        on_document: Callable[[str], None] | None = None,
    ) -> IngestResult:
        """Chunk, embed and store documents; chunks already stored are not embedded again."""
        result = IngestResult()
        pending: dict[str, EvidenceChunk] = {}
        for item in documents:
            if isinstance(item, Skip):
                result.skipped.append(item)
                continue
            result.documents += 1
            for chunk in self.chunk(item):
                pending.setdefault(chunk.id, chunk)
            if len(pending) >= _ADD_BATCH:
                self._add(list(pending.values()), result)
                pending.clear()
            if on_document:
                on_document(item.source_path or item.id)
        self._add(list(pending.values()), result)
        if result.chunks_added:
            self.rebuild_lexical_index()
        return result

    def _add(self, chunks: list[EvidenceChunk], result: IngestResult) -> None:
        if not chunks:
            return
        stored = set(self.vectors._collection.get(ids=[c.id for c in chunks], include=[])["ids"])
        new = [c for c in chunks if c.id not in stored]
        result.chunks_already_stored += len(chunks) - len(new)
        if not new:
            return
        metadatas = [
            {k: v for k, v in c.model_dump(exclude={"id", "text"}).items() if v is not None}
            for c in new
        ]
        self.vectors.add_texts([c.text for c in new], metadatas=metadatas, ids=[c.id for c in new])
        result.chunks_added += len(new)

    def all_chunks(self) -> list[EvidenceChunk]:
        found = self.vectors._collection.get(include=["documents", "metadatas"])
        return [
            EvidenceChunk(id=i, text=t, **(m or {}))
            for i, t, m in zip(found["ids"], found["documents"], found["metadatas"], strict=True)
        ]

    def get(self, ids: list[str]) -> dict[str, EvidenceChunk]:
        found = self.vectors._collection.get(ids=ids, include=["documents", "metadatas"])
        return {
            i: EvidenceChunk(id=i, text=t, **(m or {}))
            for i, t, m in zip(found["ids"], found["documents"], found["metadatas"], strict=True)
        }

    def rebuild_lexical_index(self) -> LexicalIndex:
        chunks = self.all_chunks()
        index = LexicalIndex.build([c.id for c in chunks], [c.text for c in chunks])
        index.save(self._lexical_folder)
        self._lexical = index
        return index

    def lexical_index(self) -> LexicalIndex:
        if self._lexical is None or len(self._lexical.ids) != self.count():
            loaded = LexicalIndex.load(self._lexical_folder)
            fresh = loaded is not None and len(loaded.ids) == self.count()
            self._lexical = loaded if fresh else self.rebuild_lexical_index()
        return self._lexical

    def dense_search(self, query: str, k: int) -> list[tuple[EvidenceChunk, float]]:
        """The ``k`` chunks nearest to the query, with cosine similarity."""
        if k <= 0 or self.count() == 0:
            return []
        hits = self.vectors.similarity_search_with_score(query, k=min(k, self.count()))
        return [
            (EvidenceChunk(id=doc.id, text=doc.page_content, **doc.metadata), 1.0 - distance)
            for doc, distance in hits
        ]
