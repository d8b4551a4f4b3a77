"""`EvidenceStore`: ingest and search over the workspace's collection (see the package)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from langchain_text_splitters import RecursiveCharacterTextSplitter

from factcheck.config import Settings
from factcheck.errors import StoreError
from factcheck.evidence.documents import EvidenceDocument, Skip
from factcheck.evidence.embeddings import SimplifiedScript, load_embeddings
from factcheck.evidence.lexical import LexicalIndex
from factcheck.evidence.store.chunking import chunk_document, text_splitter
from factcheck.evidence.store.collection import ChromaCollection, chunk_of, chunks_of
from factcheck.evidence.store.embedding_function import StoreEmbeddingFunction
from factcheck.evidence.store.journal import ChunkJournal, rebuild_if_damaged
from factcheck.evidence.store.lexical_sync import SyncedLexicalIndex
from factcheck.evidence.store.writer import INGEST_BATCH, BatchWriter
from factcheck.models import EvidenceChunk

if TYPE_CHECKING:
    from langchain_chroma import Chroma


@dataclass
class IngestResult:
    documents: int = 0
    chunks_added: int = 0
    chunks_already_stored: int = 0
    skipped: list[Skip] = field(default_factory=list)
    hiding_prose: list[str] = field(default_factory=list)  # pages that hid prose from readers


class EvidenceStore:
    def __init__(self, settings: Settings, embeddings: SimplifiedScript | None = None):
        self.settings = settings
        self.embeddings = embeddings or load_embeddings(settings.embedding)
        self.embedding_function = StoreEmbeddingFunction(self.embeddings.name, self.embeddings)
        self._chroma = ChromaCollection(settings, self.embedding_function)
        self._lexical = SyncedLexicalIndex(
            settings.workspace / "lexical" / settings.collection, self._chroma
        )
        # A Chroma server keeps its own data safe; an embedded store journals its chunks.
        self._journal = (
            None
            if settings.chroma_url
            else ChunkJournal(settings.workspace / "chunks" / f"{settings.collection}.jsonl")
        )
        try:
            collection = self._chroma.open()
            stored_with = (collection.metadata or {}).get("embedding")
            if stored_with and stored_with != self.embeddings.name:
                raise StoreError(
                    f"collection {settings.collection!r} was built with embedding "
                    f"{stored_with!r}, not {self.embeddings.name!r}",
                    hint="use the same --embedding, or another --collection",
                    source=self._chroma.where,
                )
            if self._journal is not None:
                rebuild_if_damaged(self._journal, self._chroma, self._restore)
        except StoreError:
            raise
        except Exception as error:  # chromadb raises many types; all mean the same here
            raise StoreError(
                f"cannot open the evidence store: {error}", source=self._chroma.where
            ) from error

    @property
    def where(self) -> str:
        """Where the store lives: its folder or its Chroma server's URL."""
        return self._chroma.where

    def count(self) -> int:
        with self._chroma.session() as collection:
            return collection.count()

    def splitter(self) -> RecursiveCharacterTextSplitter:
        return text_splitter(self.settings.chunk_size, self.settings.chunk_overlap)

    def chunk(self, document: EvidenceDocument) -> list[EvidenceChunk]:
        return chunk_document(document, self.splitter())

    def ingest(
        self,
        documents: Iterable[EvidenceDocument | Skip],
        on_document: Callable[[str], None] | None = None,
    ) -> IngestResult:
        """Chunk, embed and store documents in batches; chunks already stored are not
        embedded again. Waits while another ingest of this workspace runs."""
        result = IngestResult()
        with self._chroma.workspace.ingesting():
            if self._journal is not None and not self._journal.exists():  # a store made before
                self._journal.write(self.all_chunks())
            pending: dict[str, EvidenceChunk] = {}
            with self._writer() as writer:
                for item in documents:
                    if isinstance(item, Skip):
                        result.skipped.append(item)
                        continue
                    result.documents += 1
                    if item.hidden_prose:
                        result.hiding_prose.append(item.source_path or item.id)
                    for chunk in self.chunk(item):
                        pending.setdefault(chunk.id, chunk)
                    if len(pending) >= INGEST_BATCH:
                        writer.add(list(pending.values()))
                        pending.clear()
                    if on_document:
                        on_document(item.source_path or item.id)
                writer.add(list(pending.values()))
            result.chunks_added, result.chunks_already_stored = writer.added, writer.already_stored
            self._lexical.reconcile()
        return result

    def _writer(self, journaled: bool = False) -> BatchWriter:
        """A writer of batches into Chroma, journaling each first (unless ``journaled``:
        they come from the journal)."""
        journal = None if journaled else self._journal
        return BatchWriter(self._chroma, self.embeddings.embed_matrix, journal, self._lexical)

    def _restore(self, journaled: list[EvidenceChunk]) -> None:
        """Store the journaled chunks Chroma lacks, then the lexical index to match."""
        with self._writer(journaled=True) as writer:
            writer.add(journaled)
        self._lexical.reconcile()

    def all_chunks(self) -> list[EvidenceChunk]:
        return self._chroma.all_chunks()

    def get(self, ids: list[str]) -> dict[str, EvidenceChunk]:
        if not ids:
            return {}
        with self._chroma.session() as collection:
            found = collection.get(ids=ids, include=["documents", "metadatas"])
        return {chunk.id: chunk for chunk in chunks_of(found)}

    def lexical_index(self) -> LexicalIndex:
        """The committed BM25 index, over exactly Chroma's chunks unless an ingest runs
        (see `SyncedLexicalIndex.current`)."""
        return self._lexical.current()

    def dense_search(self, query: str, k: int) -> list[tuple[EvidenceChunk, float]]:
        """The ``k`` chunks nearest to the query, with cosine similarity."""
        if k <= 0:
            return []
        vector = self.embedding_function.embed_query([query])
        with self._chroma.session() as collection:
            stored = collection.count()
            if stored == 0:
                return []
            found = collection.query(
                query_embeddings=vector,
                n_results=min(k, stored),
                include=["documents", "metadatas", "distances"],
            )
        rows = zip(
            found["ids"][0],
            found["documents"][0],
            found["metadatas"][0],
            found["distances"][0],
            strict=True,
        )
        return [(chunk_of(i, t, m), 1.0 - distance) for i, t, m, distance in rows]

    def as_langchain_vectorstore(self) -> Chroma:
        """The collection as a LangChain vector store (`langchain_chroma.Chroma`) that embeds
        queries with this store's model.

        For searching: texts added through it skip the chunk journal, the BM25 index and the
        locks, so add evidence with `ingest`. It holds this process's current Chroma client,
        which an embedded store closes once another process has written: ask for a new one
        then.
        """
        from langchain_chroma import Chroma

        with self._chroma.workspace.reading() as client:
            return Chroma(
                client=client,
                collection_name=self.settings.collection,
                embedding_function=self.embeddings,
            )
