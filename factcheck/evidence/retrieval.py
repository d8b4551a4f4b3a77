"""Hybrid retrieval: dense embeddings and BM25, fused by reciprocal rank.

Dense search carries meaning across languages and scripts (a Chinese claim finds English
evidence); BM25 carries exact names and numbers. Reciprocal rank fusion needs no score
calibration between the two.
"""

from __future__ import annotations

from typing import Protocol

from factcheck.evidence.store import EvidenceStore
from factcheck.models import Evidence

RRF_K = 60
CANDIDATES_PER_RESULT = 4


class Retriever(Protocol):
    def retrieve(self, query: str, k: int) -> list[Evidence]: ...


class HybridRetriever:
    def __init__(self, store: EvidenceStore):
        self.store = store

    def retrieve(self, query: str, k: int) -> list[Evidence]:
        pool = k * CANDIDATES_PER_RESULT
        dense = self.store.dense_search(query, pool)
        lexical = self.store.lexical_index().search(query, pool)
        chunks = {chunk.id: chunk for chunk, _ in dense}
        dense_rank = {chunk.id: rank for rank, (chunk, _) in enumerate(dense, start=1)}
        lexical_rank = {chunk_id: rank for rank, (chunk_id, _) in enumerate(lexical, start=1)}
        missing = [i for i in lexical_rank if i not in chunks]
        if missing:
            chunks.update(self.store.get(missing))
        fused = {
            i: sum(1.0 / (RRF_K + r[i]) for r in (dense_rank, lexical_rank) if i in r)
            for i in chunks
        }
        best = sorted(fused, key=fused.__getitem__, reverse=True)[:k]
        return [
            Evidence(
                chunk=chunks[i],
                score=fused[i],
                dense_rank=dense_rank.get(i),
                lexical_rank=lexical_rank.get(i),
            )
            for i in best
        ]
