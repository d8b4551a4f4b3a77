"""The BM25 index kept over exactly Chroma's chunks.

An ingest commits the lexical index after its batches (`LexicalIndex.commit`), tokenizing
only the chunks it added: each batch in a background thread while the next one is embedded
(`tokenize_ahead`), so that jieba's time overlaps the embedding model's. When loaded, the
index is checked against Chroma's ids: if they differ while no ingest runs (a crash between
the two writes), it is brought up to Chroma's chunks the same way.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import chromadb

from factcheck.evidence.lexical import LexicalIndex, TermTable, current_version
from factcheck.evidence.store.collection import ChromaCollection
from factcheck.memory import release_freed_memory


class SyncedLexicalIndex:
    def __init__(self, folder: Path, chroma: ChromaCollection):
        self.folder = folder
        self.chroma = chroma
        self._index: LexicalIndex | None = None
        self._state: tuple[str | None, int] | None = None  # (version, Chroma's count) checked
        self._ahead = TermTable()  # chunks being added, tokenized before reconcile needs them
        self._tokenizing: list[Future] = []
        self._worker: ThreadPoolExecutor | None = None

    def tokenize_ahead(self, chunks: list[tuple[str, str]]) -> None:
        """Tokenize ``(chunk id, text)`` pairs being added, in a background thread, for the
        next `reconcile` (which tokenizes any chunk Chroma holds and this did not reach)."""
        if self._worker is None:
            self._worker = ThreadPoolExecutor(1, thread_name_prefix="bm25-tokenize")
        self._tokenizing.append(self._worker.submit(self._ahead.add, chunks))

    def _take_ahead(self) -> TermTable:
        """The chunks tokenized ahead, once every batch submitted is done."""
        try:
            for job in self._tokenizing:
                job.result()
        finally:
            if self._worker is not None:
                self._worker.shutdown()
            ahead, self._ahead = self._ahead, TermTable()
            self._tokenizing, self._worker = [], None
        return ahead

    def _committed(self, collection: chromadb.Collection) -> tuple[LexicalIndex | None, set[str]]:
        """The committed index and Chroma's ids; the caller holds the store lock."""
        return LexicalIndex.load(self.folder), set(collection.get(include=[])["ids"])

    def reconcile(self) -> LexicalIndex:
        """The committed index if it holds exactly Chroma's chunks, else one brought up to
        them and committed: chunks Chroma lacks are dropped, and only the chunks the index
        lacks are read and tokenized. The caller holds the ingest lock: Chroma does not
        change."""
        ahead = self._take_ahead()
        with self.chroma.session() as collection:
            index, stored = self._committed(collection)
        if index is None or set(index.ids) != stored:
            table = index.term_table() if index is not None else None
            table = table.kept(stored) if table is not None else TermTable()
            table.extend(ahead, stored.difference(table.ids))
            for page in self.chroma.texts(sorted(stored.difference(table.ids))):
                table.add(page)
                release_freed_memory()
            index = LexicalIndex.from_table(table)
            with self.chroma.session(write=True):
                index.commit(self.folder)
        self._index, self._state = index, (index.version, len(stored))
        return index

    def current(self) -> LexicalIndex:
        """The committed index, checked against Chroma's ids whenever either changed.

        If they differ while no ingest runs, a crash came between the two writes: the index
        is rebuilt from Chroma. While an ingest runs, its last commit is used (a subset of
        what Chroma holds); the ingest commits a new one when it ends.
        """
        with self.chroma.session() as collection:
            state = (current_version(self.folder), collection.count())
            if self._index is not None and state == self._state:
                return self._index
            index, stored = self._committed(collection)
        if index is None or set(index.ids) != stored:
            with self.chroma.workspace.ingesting(wait=False) as idle:
                if idle:
                    return self.reconcile()
        self._index, self._state = index or LexicalIndex.build([]), state
        return self._index
