"""The evidence store: chunks with provenance in ChromaDB, plus the lexical index.

Embedded (`chromadb.PersistentClient` in the workspace) by default, or a Chroma server when
``chroma_url`` is set. Chunk ids are content hashes, so ingesting the same content twice
adds nothing. The collection records which embedding model filled it; opening it with
another model is an error, not a silent mix of vector spaces.

Crashes and concurrent use (any number of processes and threads on one workspace):

- An ingest embeds and adds chunks in batches; Chroma stores each batch whole or not at
  all, and a re-run skips what is stored, so an ingest killed part-way is finished by
  running it again.
- Ingests on one workspace take turns (``ingest.lock``). Every read or write of Chroma and
  of the lexical index holds ``store.lock``, shared to read and exclusive to write, so no
  reader sees a write in progress. Both are kernel locks (``flock``), released when their
  holder dies, kill -9 included.
- An embedded Chroma client keeps the index in memory and does not see other processes'
  writes; writing through such a client corrupts the store. So every write first records a
  new ``store.generation``, and a process re-opens its client when the generation moved.
- The lexical index is committed after the batches (`LexicalIndex.commit`), and checked
  against Chroma's ids when loaded: if they differ while no ingest runs (a crash between
  the two writes), it is rebuilt from Chroma's documents.
- Chroma's embedded vector index itself can be left unreadable by a kill while it is being
  written (here, once in about 300 kills of a process writing without pause). So each
  batch is first appended to a chunk journal (``chunks/<collection>.jsonl``), and opening a
  store whose index fails rebuilds the collection from the journal, re-embedding it.

With a Chroma server, the server orders the writes (from any machine); ``add`` keeps the
first copy of an id. The locks and the lexical index stay per workspace: ingests through
one workspace take turns, and its lexical index is rebuilt when the server's count moves.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import chromadb
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.errors import ChromaError, InternalError, NotFoundError
from chromadb.utils.embedding_functions import register_embedding_function
from langchain_text_splitters import RecursiveCharacterTextSplitter
from pydantic import ValidationError

from factcheck.config import Settings
from factcheck.errors import StoreError
from factcheck.evidence.documents import EvidenceDocument, Skip
from factcheck.evidence.embeddings import SimplifiedScript, load_embeddings
from factcheck.evidence.lexical import LexicalIndex, current_version
from factcheck.files import write_atomic
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
# Chunks embedded and stored together: a crash loses at most one batch of embedding work.
INGEST_BATCH = 256


@dataclass
class IngestResult:
    documents: int = 0
    chunks_added: int = 0
    chunks_already_stored: int = 0
    skipped: list[Skip] = field(default_factory=list)


def chunk_id(document_id: str, text: str) -> str:
    return "ev-" + hashlib.sha256(f"{document_id}\n{text}".encode()).hexdigest()[:20]


@register_embedding_function
class StoreEmbeddingFunction(EmbeddingFunction[Documents]):
    """The store's embedding model as Chroma sees it: the collection records its name.

    Chroma rebuilds one from that name when it reads a collection's configuration; the
    model is loaded only if that one is then used.
    """

    def __init__(self, model: str, embeddings: SimplifiedScript | None = None):
        self.model = model
        self._embeddings = embeddings

    @property
    def embeddings(self) -> SimplifiedScript:
        if self._embeddings is None:
            self._embeddings = load_embeddings(self.model)
        return self._embeddings

    def __call__(self, input: Documents) -> Embeddings:
        return self.embeddings.embed_documents(list(input))

    def embed_query(self, input: Documents) -> Embeddings:
        return [self.embeddings.embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "factcheck"

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]

    def get_config(self) -> dict[str, str]:
        return {"embedding": self.model}

    @staticmethod
    def build_from_config(config: dict[str, str]) -> StoreEmbeddingFunction:
        return StoreEmbeddingFunction(config["embedding"])


@contextmanager
def _flock(path: Path, *, exclusive: bool, wait: bool = True) -> Iterator[bool]:
    """Lock ``path`` against other processes and threads; yields False if ``wait`` is off and
    the lock is taken. Each call opens the file anew, so two threads exclude each other too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:  # closing it releases the lock
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(handle, mode if wait else mode | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True


class _Workspace:
    """This process's access to one workspace: the Chroma client and the two locks.

    One per workspace and process: the clients of one path share Chroma's in-memory system,
    which only stops (and so re-opens fresh) when its last client closes.
    """

    def __init__(self, settings: Settings):
        self.folder = settings.workspace
        self.chroma_path = settings.chroma_path
        self.chroma_url = settings.chroma_url
        self.epoch = 0  # counts client openings; collections are fetched again after one
        self._client: chromadb.ClientAPI | None = None
        self._generation: str | None = None
        self._thread_lock = threading.Lock()

    @property
    def _generation_file(self) -> Path:
        return self.folder / "store.generation"

    @contextmanager
    def reading(self) -> Iterator[chromadb.ClientAPI]:
        with self._thread_lock, _flock(self.folder / "store.lock", exclusive=False):
            yield self._current_client()

    @contextmanager
    def writing(self) -> Iterator[chromadb.ClientAPI]:
        """Exclusive use; every other process re-opens its client before its next use."""
        with self._thread_lock, _flock(self.folder / "store.lock", exclusive=True):
            client = self._current_client()
            if not self.chroma_url:
                self._generation = uuid.uuid4().hex
                write_atomic(self._generation_file, self._generation)
            yield client

    def ingesting(self, wait: bool = True):
        """Held for a whole ingest; without ``wait``, yields False while another runs."""
        return _flock(self.folder / "ingest.lock", exclusive=True, wait=wait)

    def _current_client(self) -> chromadb.ClientAPI:
        if self.chroma_url:
            if self._client is None:
                url = urlparse(self.chroma_url)
                self._client = chromadb.HttpClient(
                    host=url.hostname or "127.0.0.1",
                    port=url.port or 8000,
                    ssl=url.scheme == "https",
                )
                self.epoch += 1
            return self._client
        try:
            generation = self._generation_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            generation = None
        if self._client is None or generation != self._generation:
            if self._client is not None:
                self._client.close()
            self.chroma_path.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(path=str(self.chroma_path))
            self._generation = generation
            self.epoch += 1
        return self._client


_WORKSPACES: dict[tuple[Path, str | None], _Workspace] = {}
_WORKSPACES_LOCK = threading.Lock()


def _workspace(settings: Settings) -> _Workspace:
    key = (settings.workspace.resolve(), settings.chroma_url)
    with _WORKSPACES_LOCK:
        return _WORKSPACES.setdefault(key, _Workspace(settings))


def _chunks(found) -> list[EvidenceChunk]:
    return [
        EvidenceChunk(id=i, text=t, **(m or {}))
        for i, t, m in zip(found["ids"], found["documents"], found["metadatas"], strict=True)
    ]


def _append_lines(path: Path, lines: list[str]) -> None:
    """Append whole lines; a last line that a crash cut short is ended first, not joined."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as out:
        size = out.seek(0, os.SEEK_END)
        if size:
            out.seek(size - 1)
            if out.read(1) != b"\n":
                out.write(b"\n")
        out.write("".join(f"{line}\n" for line in lines).encode("utf-8"))


class EvidenceStore:
    def __init__(self, settings: Settings, embeddings: SimplifiedScript | None = None):
        self.settings = settings
        self.embeddings = embeddings or load_embeddings(settings.embedding)
        self.embedding_function = StoreEmbeddingFunction(self.embeddings.name, self.embeddings)
        self._where = settings.chroma_url or str(settings.chroma_path)
        self._workspace = _workspace(settings)
        self._collection: chromadb.Collection | None = None
        self._collection_epoch = 0
        self._lexical: LexicalIndex | None = None
        self._lexical_state: tuple[str | None, int] | None = None  # (version, Chroma's count)
        # A Chroma server keeps its own data safe; an embedded store journals its chunks.
        self._journal = (
            None
            if settings.chroma_url
            else settings.workspace / "chunks" / f"{settings.collection}.jsonl"
        )
        try:
            collection = self._open_collection()
            stored_with = (collection.metadata or {}).get("embedding")
            if stored_with and stored_with != self.embeddings.name:
                raise StoreError(
                    f"collection {settings.collection!r} was built with embedding "
                    f"{stored_with!r}, not {self.embeddings.name!r}",
                    hint="use the same --embedding, or another --collection",
                    source=self._where,
                )
            if self._journal is not None:
                self._heal_vectors(self._journal)
        except StoreError:
            raise
        except Exception as error:  # chromadb raises many types; all mean the same here
            raise StoreError(
                f"cannot open the evidence store: {error}", source=self._where
            ) from error

    def _open_collection(self) -> chromadb.Collection:
        """The collection, created (under the write lock) the first time."""
        try:
            with self._workspace.reading() as client:
                return self._fetch(client)
        except NotFoundError:
            with self._workspace.writing() as client:
                return self._fetch(client, create=True)

    def _fetch(self, client: chromadb.ClientAPI, create: bool = False) -> chromadb.Collection:
        if self._collection is None or self._collection_epoch != self._workspace.epoch:
            if create:
                self._collection = client.get_or_create_collection(
                    self.settings.collection,
                    embedding_function=self.embedding_function,
                    configuration={"hnsw": {"space": "cosine"}},
                    metadata={"embedding": self.embeddings.name},
                )
            else:
                self._collection = client.get_collection(
                    self.settings.collection, embedding_function=self.embedding_function
                )
            self._collection_epoch = self._workspace.epoch
        return self._collection

    @contextmanager
    def _session(self, write: bool = False) -> Iterator[chromadb.Collection]:
        """The collection, under the store lock (shared, or exclusive to ``write``)."""
        try:
            with self._workspace.writing() if write else self._workspace.reading() as client:
                yield self._fetch(client)
        except (ChromaError, OSError) as error:
            action = "write" if write else "read"
            raise StoreError(
                f"cannot {action} the evidence store: {error}", source=self._where
            ) from error

    def _vectors_damaged(self) -> bool:
        """Whether Chroma fails to bring its vector index up to date (``count`` makes it)."""
        try:
            with self._workspace.reading() as client:
                self._fetch(client).count()
        except InternalError:
            return True
        return False

    def _heal_vectors(self, journal: Path) -> None:
        """Rebuild the collection from the chunk journal if its vector index is damaged, or
        finish such a rebuild that a crash cut short (the marker file says so)."""
        rebuilding = journal.with_suffix(".rebuilding")
        if not rebuilding.exists() and not self._vectors_damaged():
            return
        if not journal.exists():
            raise StoreError(
                "the vector index is damaged and there is no chunk journal to rebuild it from",
                hint=f"remove {self.settings.chroma_path} and ingest the evidence again",
                source=self._where,
            )
        with self._workspace.ingesting():
            if not rebuilding.exists() and not self._vectors_damaged():
                return  # another process healed it meanwhile
            rebuilding.touch()
            if self._vectors_damaged():
                with self._workspace.writing() as client:
                    client.delete_collection(self.settings.collection)
                    self._workspace.epoch += 1  # every store in this process fetches it anew
                    self._fetch(client, create=True)
            self._add(self._journal_chunks(journal), IngestResult(), journaled=True)
            self._reconcile_lexical()
            rebuilding.unlink()

    @staticmethod
    def _journal_chunks(journal: Path) -> list[EvidenceChunk]:
        chunks: dict[str, EvidenceChunk] = {}
        for line in journal.read_text(encoding="utf-8").split("\n"):
            try:
                chunk = EvidenceChunk.model_validate_json(line)
            except ValidationError:
                continue  # the empty last line, or one a crash cut short
            chunks.setdefault(chunk.id, chunk)
        return list(chunks.values())

    @property
    def _lexical_folder(self) -> Path:
        return self.settings.workspace / "lexical" / self.settings.collection

    def count(self) -> int:
        with self._session() as collection:
            return collection.count()

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
        """Chunk, embed and store documents in batches; chunks already stored are not
        embedded again. Waits while another ingest of this workspace runs."""
        result = IngestResult()
        with self._workspace.ingesting():
            if self._journal is not None and not self._journal.exists():  # a store made before
                lines = [c.model_dump_json() for c in self.all_chunks()]
                write_atomic(self._journal, "".join(f"{line}\n" for line in lines))
            pending: dict[str, EvidenceChunk] = {}
            for item in documents:
                if isinstance(item, Skip):
                    result.skipped.append(item)
                    continue
                result.documents += 1
                for chunk in self.chunk(item):
                    pending.setdefault(chunk.id, chunk)
                if len(pending) >= INGEST_BATCH:
                    self._add(list(pending.values()), result)
                    pending.clear()
                if on_document:
                    on_document(item.source_path or item.id)
            self._add(list(pending.values()), result)
            self._reconcile_lexical()
        return result

    def _add(
        self, chunks: list[EvidenceChunk], result: IngestResult, journaled: bool = False
    ) -> None:
        """Store the chunks not stored yet, a batch at a time, each journaled first (unless
        ``journaled``: they come from the journal)."""
        for start in range(0, len(chunks), INGEST_BATCH):
            batch = chunks[start : start + INGEST_BATCH]
            with self._session() as collection:
                stored = set(collection.get(ids=[c.id for c in batch], include=[])["ids"])
            new = [c for c in batch if c.id not in stored]
            result.chunks_already_stored += len(batch) - len(new)
            if not new:
                continue
            vectors = self.embedding_function([c.text for c in new])  # outside the lock
            if self._journal is not None and not journaled:
                _append_lines(self._journal, [c.model_dump_json() for c in new])
            metadatas = [
                {k: v for k, v in c.model_dump(exclude={"id", "text"}).items() if v is not None}
                for c in new
            ]
            with self._session(write=True) as collection:
                collection.add(
                    ids=[c.id for c in new],
                    embeddings=vectors,
                    documents=[c.text for c in new],
                    metadatas=metadatas,
                )
            result.chunks_added += len(new)

    def all_chunks(self) -> list[EvidenceChunk]:
        with self._session() as collection:
            return _chunks(collection.get(include=["documents", "metadatas"]))

    def get(self, ids: list[str]) -> dict[str, EvidenceChunk]:
        if not ids:
            return {}
        with self._session() as collection:
            found = collection.get(ids=ids, include=["documents", "metadatas"])
        return {chunk.id: chunk for chunk in _chunks(found)}

    def _reconcile_lexical(self) -> LexicalIndex:
        """The committed lexical index if it holds exactly Chroma's chunks, else one rebuilt
        from them and committed. The caller holds the ingest lock: Chroma does not change."""
        with self._session() as collection:
            index = LexicalIndex.load(self._lexical_folder)
            stored = collection.get(include=[])["ids"]
        if index is None or set(index.ids) != set(stored):
            chunks = self.all_chunks()
            index = LexicalIndex.build([c.id for c in chunks], [c.text for c in chunks])
            with self._session(write=True):
                index.commit(self._lexical_folder)
        self._lexical, self._lexical_state = index, (index.version, len(stored))
        return index

    def lexical_index(self) -> LexicalIndex:
        """The committed BM25 index, checked against Chroma's ids whenever either changed.

        If they differ while no ingest runs, a crash came between the two writes: the index
        is rebuilt from Chroma. While an ingest runs, its last commit is used (a subset of
        what Chroma holds); the ingest commits a new one when it ends.
        """
        with self._session() as collection:
            state = (current_version(self._lexical_folder), collection.count())
            if self._lexical is not None and state == self._lexical_state:
                return self._lexical
            index = LexicalIndex.load(self._lexical_folder)
            stored = set(collection.get(include=[])["ids"])
        if index is None or set(index.ids) != stored:
            with self._workspace.ingesting(wait=False) as idle:
                if idle:
                    return self._reconcile_lexical()
        self._lexical, self._lexical_state = index or LexicalIndex.build([], []), state
        return self._lexical

    def dense_search(self, query: str, k: int) -> list[tuple[EvidenceChunk, float]]:
        """The ``k`` chunks nearest to the query, with cosine similarity."""
        if k <= 0:
            return []
        vector = self.embedding_function.embed_query([query])
        with self._session() as collection:
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
        return [
            (EvidenceChunk(id=i, text=t, **(m or {})), 1.0 - distance) for i, t, m, distance in rows
        ]
