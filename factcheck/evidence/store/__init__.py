"""The evidence store: chunks with provenance in ChromaDB, plus the lexical index.

Embedded (`chromadb.PersistentClient` in the workspace) by default, or a Chroma server when
``chroma_url`` is set. Chunk ids are content hashes, so ingesting the same content twice
adds nothing. The collection records which embedding model filled it; opening it with
another model is an error, not a silent mix of vector spaces.

Crashes and concurrent use (any number of processes and threads on one workspace): an
ingest embeds and adds chunks in batches; Chroma stores each batch whole or not at all, and
a re-run skips what is stored, so an ingest killed part-way is finished by running it again.
The rest is one module each:

- ``workspace``: the kernel locks every read and write holds (``locks``), and the
  generation file that makes other processes re-open their embedded Chroma client;
- ``lexical_sync``: the BM25 index, committed after the batches and rebuilt from Chroma
  when a crash left it behind;
- ``journal``: the chunk journal, from which a vector index a kill damaged is rebuilt;
- ``writer``: an ingest's batches, each embedded while the one before it is stored;
- ``collection``: the Chroma collection under those locks; ``chunking``: documents cut into
  chunks; ``embedding_function``: the model as Chroma sees it; ``store``: `EvidenceStore`.

With a Chroma server, the server orders the writes (from any machine); ``add`` keeps the
first copy of an id. The locks and the lexical index stay per workspace: ingests through
one workspace take turns, and its lexical index is rebuilt when the server's count moves.
"""

from factcheck.evidence.store.store import EvidenceStore, IngestResult

__all__ = ["EvidenceStore", "IngestResult"]
