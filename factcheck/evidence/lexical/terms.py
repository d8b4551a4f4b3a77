"""`TermTable`: each chunk's distinct terms and how often they occur, over one vocabulary.

That is all BM25 needs, so an index is updated by tokenizing only the chunks an ingest adds
and recomputing the scores from the table (numpy, about a second per 100,000 chunks),
instead of tokenizing the whole store again. Kept as integer arrays: some 1 kB a chunk.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import bm25s
import numpy as np
import scipy.sparse

from factcheck.evidence.lexical.tokens import tokenize

K1, B = 1.5, 0.75  # bm25s's defaults (its "lucene" scoring)
_ARRAYS = "terms.npz"
_VOCABULARY = "vocabulary.json"


class TermTable:
    def __init__(
        self,
        vocabulary: dict[str, int] | None = None,
        ids: list[str] | None = None,
        terms: list[np.ndarray] | None = None,
        counts: list[np.ndarray] | None = None,
    ):
        self.vocabulary = vocabulary if vocabulary is not None else {}
        self.ids = ids or []
        self.terms = terms or []  # per chunk: its distinct term numbers (int32)
        self.counts = counts or []  # per chunk: how often each occurs (int32)

    def add(self, chunks: Iterable[tuple[str, str]]) -> None:
        """Tokenize ``(chunk id, text)`` pairs and add them."""
        for chunk_id, text in chunks:
            counted = Counter(
                self.vocabulary.setdefault(t, len(self.vocabulary)) for t in tokenize(text)
            )
            self.ids.append(chunk_id)
            self.terms.append(np.fromiter(counted.keys(), np.int32, len(counted)))
            self.counts.append(np.fromiter(counted.values(), np.int32, len(counted)))

    def extend(self, other: TermTable, ids: set[str]) -> None:
        """Add ``other``'s chunks among ``ids``, their terms renumbered into this vocabulary."""
        renumber = np.empty(len(other.vocabulary), np.int32)
        for term, number in other.vocabulary.items():
            renumber[number] = self.vocabulary.setdefault(term, len(self.vocabulary))
        for chunk_id, terms, counts in zip(other.ids, other.terms, other.counts, strict=True):
            if chunk_id in ids:
                self.ids.append(chunk_id)
                self.terms.append(renumber[terms])
                self.counts.append(counts)

    def kept(self, ids: set[str]) -> TermTable:
        """The table of the chunks in ``ids`` only, with a copy of the vocabulary (a model
        built from this table may be searching with the original)."""
        rows = [i for i, chunk_id in enumerate(self.ids) if chunk_id in ids]
        return TermTable(
            dict(self.vocabulary),
            [self.ids[i] for i in rows],
            [self.terms[i] for i in rows],
            [self.counts[i] for i in rows],
        )

    def bm25(self) -> bm25s.BM25 | None:
        """A bm25s model scoring exactly as ``bm25s.BM25().index(tokens)`` would."""
        if not self.ids:
            return None
        docs = len(self.ids)
        sizes = np.fromiter(map(len, self.terms), np.int64, docs)
        terms = np.concatenate(self.terms)
        # Scores computed in place, in one float32 array and one scratch array a term each:
        # at 100,000 chunks there are some 12 million terms, 50 MB an array.
        scores = np.concatenate(self.counts).astype(np.float32)
        lengths = np.fromiter((c.sum() for c in self.counts), np.float32, docs)
        frequency = np.bincount(terms, minlength=len(self.vocabulary))
        idf = np.log1p((docs - frequency + 0.5) / (frequency + 0.5)).astype(np.float32)
        norm = (K1 * (1 - B + B * lengths / max(float(lengths.mean()), 1.0))).astype(np.float32)
        denominator = np.repeat(norm, sizes)
        denominator += scores
        scores *= idf[terms]
        scores /= denominator
        del denominator
        index_type = np.int32 if terms.size < np.iinfo(np.int32).max else np.int64
        indptr = np.zeros(docs + 1, index_type)  # int32 where it fits: terms stay uncopied
        np.cumsum(sizes, out=indptr[1:])
        matrix = scipy.sparse.csr_matrix(
            (scores, terms, indptr), shape=(docs, len(self.vocabulary))
        ).tocsc()
        del scores, terms
        model = bm25s.BM25(k1=K1, b=B)
        model.scores = {
            "data": matrix.data,
            "indices": matrix.indices.astype(np.int32, copy=False),
            "indptr": matrix.indptr,
            "num_docs": docs,
        }
        model.vocab_dict = self.vocabulary
        model.nonoccurrence_array = None  # "lucene" scoring has none
        return model

    def save(self, folder: Path) -> None:
        """Write the table into ``folder`` (beside the index's ``index.json``)."""
        sizes = np.fromiter(map(len, self.terms), np.int64, len(self.terms))
        empty = np.zeros(0, np.int32)
        np.savez(
            folder / _ARRAYS,
            sizes=sizes,
            terms=np.concatenate(self.terms) if self.terms else empty,
            counts=np.concatenate(self.counts) if self.counts else empty,
        )
        words = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        (folder / _VOCABULARY).write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, ids: list[str]) -> TermTable | None:
        """The table saved in ``folder`` for chunks ``ids``; None when there is none or it
        cannot be read."""
        try:
            words = json.loads((folder / _VOCABULARY).read_text(encoding="utf-8"))
            with np.load(folder / _ARRAYS, allow_pickle=False) as arrays:
                sizes, terms, counts = arrays["sizes"], arrays["terms"], arrays["counts"]
        except (OSError, ValueError, KeyError):
            return None
        if len(sizes) != len(ids):
            return None
        cuts = np.cumsum(sizes)[:-1]
        vocabulary = {word: i for i, word in enumerate(words)}
        return cls(vocabulary, list(ids), np.split(terms, cuts), np.split(counts, cuts))
