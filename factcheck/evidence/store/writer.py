"""`BatchWriter`: an ingest's batches, each embedded while the one before it is stored.

Embedding a batch (the model, on every core) and storing the one before it (Chroma's insert,
the journal) overlap, and so does tokenizing each batch for the BM25 index
(`SyncedLexicalIndex.tokenize_ahead`). A batch is journaled, then added to Chroma whole; a
crash loses at most the batch being embedded and the one being stored, and a re-run skips
what is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from factcheck.evidence.store.collection import ChromaCollection
from factcheck.evidence.store.journal import ChunkJournal
from factcheck.evidence.store.lexical_sync import SyncedLexicalIndex
from factcheck.memory import release_freed_memory
from factcheck.models import EvidenceChunk

# Chunks embedded and stored together.
INGEST_BATCH = 256


class BatchWriter:
    """Use as a context manager: ``add`` batches, and the last is stored on leaving."""

    def __init__(
        self,
        chroma: ChromaCollection,
        embed: Callable[[list[str]], np.ndarray],
        journal: ChunkJournal | None,
        lexical: SyncedLexicalIndex,
    ):
        self.chroma = chroma
        self.embed = embed
        self.journal = journal  # None: the chunks need no journaling (or come from it)
        self.lexical = lexical
        self.added = self.already_stored = 0
        self._embedding = ThreadPoolExecutor(1, thread_name_prefix="ingest-embed")
        self._waiting: tuple[list[EvidenceChunk], Future] | None = None

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, *exc) -> None:
        try:
            self._store_waiting()
        finally:
            self._embedding.shutdown(cancel_futures=True)

    def add(self, chunks: list[EvidenceChunk]) -> None:
        """Embed the chunks not stored yet, a batch at a time, and store each batch once the
        next one is being embedded."""
        for start in range(0, len(chunks), INGEST_BATCH):
            batch = chunks[start : start + INGEST_BATCH]
            with self.chroma.session() as collection:
                stored = set(collection.get(ids=[c.id for c in batch], include=[])["ids"])
            if self._waiting is not None:  # embedded, not stored yet
                stored.update(c.id for c in self._waiting[0])
            new = [c for c in batch if c.id not in stored]
            self.already_stored += len(batch) - len(new)
            if not new:
                continue
            self.lexical.tokenize_ahead([(c.id, c.text) for c in new])
            vectors = self._embedding.submit(self.embed, [c.text for c in new])
            self._store_waiting()
            self._waiting = (new, vectors)

    def _store_waiting(self) -> None:
        if self._waiting is None:
            return
        chunks, vectors = self._waiting
        self._waiting = None
        embeddings = vectors.result()
        if self.journal is not None:
            self.journal.append(chunks)
        metadatas = [
            {k: v for k, v in c.model_dump(exclude={"id", "text"}).items() if v is not None}
            for c in chunks
        ]
        with self.chroma.session(write=True) as collection:
            collection.add(
                ids=[c.id for c in chunks],
                embeddings=embeddings,
                documents=[c.text for c in chunks],
                metadatas=metadatas,
            )
        self.added += len(chunks)
        release_freed_memory()  # a batch's texts, vectors and Chroma's copies
