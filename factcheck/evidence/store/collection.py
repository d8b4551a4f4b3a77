"""The store's Chroma collection, used under the workspace's store lock: fetched anew after
the client re-opens, created the first time, and re-created to rebuild a damaged index."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import chromadb
from chromadb.api.types import GetResult
from chromadb.errors import ChromaError, InternalError, NotFoundError

from factcheck.config import Settings
from factcheck.errors import StoreError
from factcheck.evidence.store.embedding_function import StoreEmbeddingFunction
from factcheck.evidence.store.workspace import workspace_for
from factcheck.models import EvidenceChunk


def chunk_of(chunk_id: str, text: str, metadata: Mapping[str, Any] | None) -> EvidenceChunk:
    """A chunk from its id, document and metadata in Chroma."""
    return EvidenceChunk(id=chunk_id, text=text, **(metadata or {}))


def chunks_of(found: GetResult) -> list[EvidenceChunk]:
    """The chunks of a ``get`` that included documents and metadatas."""
    rows = zip(found["ids"], found["documents"], found["metadatas"], strict=True)
    return [chunk_of(*row) for row in rows]


READ_PAGE = 10_000  # rows per read: SQLite refuses a query with more than 32,766 variables
TEXT_PAGE = 1_000  # passages per read when tokenizing: 10,000 at once held some 150 MB


class ChromaCollection:
    def __init__(self, settings: Settings, embedding_function: StoreEmbeddingFunction):
        self.name = settings.collection
        self.where = settings.chroma_url or str(settings.chroma_path)  # for error messages
        self.workspace = workspace_for(settings)
        self.embedding_function = embedding_function
        self._collection: chromadb.Collection | None = None
        self._epoch = 0

    def open(self) -> chromadb.Collection:
        """The collection, created (under the write lock) the first time."""
        try:
            with self.workspace.reading() as client:
                return self._fetch(client)
        except NotFoundError:
            with self.workspace.writing() as client:
                return self._fetch(client, create=True)

    def _fetch(self, client: chromadb.ClientAPI, create: bool = False) -> chromadb.Collection:
        if self._collection is None or self._epoch != self.workspace.epoch:
            if create:
                self._collection = client.get_or_create_collection(
                    self.name,
                    embedding_function=self.embedding_function,
                    configuration={"hnsw": {"space": "cosine"}},
                    metadata={"embedding": self.embedding_function.model},
                )
            else:
                self._collection = client.get_collection(
                    self.name, embedding_function=self.embedding_function
                )
            self._epoch = self.workspace.epoch
        return self._collection

    @contextmanager
    def session(self, write: bool = False) -> Iterator[chromadb.Collection]:
        """The collection, under the store lock (shared, or exclusive to ``write``)."""
        try:
            with self.workspace.writing() if write else self.workspace.reading() as client:
                yield self._fetch(client)
        except (ChromaError, OSError) as error:
            action = "write" if write else "read"
            raise StoreError(
                f"cannot {action} the evidence store: {error}", source=self.where
            ) from error

    def all_chunks(self) -> list[EvidenceChunk]:
        """Every stored chunk, read in pages (one unpaged get fails past 32,766 rows)."""
        chunks: list[EvidenceChunk] = []
        with self.session() as collection:
            while page := chunks_of(
                collection.get(
                    include=["documents", "metadatas"], limit=READ_PAGE, offset=len(chunks)
                )
            ):
                chunks.extend(page)
        return chunks

    def texts(self, ids: list[str]) -> Iterator[list[tuple[str, str]]]:
        """``(chunk id, text)`` of the stored chunks among ``ids``, a page at a time."""
        for start in range(0, len(ids), TEXT_PAGE):
            with self.session() as collection:
                found = collection.get(ids=ids[start : start + TEXT_PAGE], include=["documents"])
            yield list(zip(found["ids"], found["documents"], strict=True))

    def vectors_damaged(self) -> bool:
        """Whether Chroma fails to bring its vector index up to date (``count`` makes it)."""
        try:
            with self.workspace.reading() as client:
                self._fetch(client).count()
        except InternalError:
            return True
        return False

    def recreate(self) -> None:
        """Delete the collection and create it empty."""
        with self.workspace.writing() as client:
            client.delete_collection(self.name)
            self.workspace.epoch += 1  # every store in this process fetches it anew
            self._fetch(client, create=True)
