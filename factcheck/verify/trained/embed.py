"""Sentence embeddings (multilingual USE v3, 512-d, L2-normalised) with an optional disk cache.

The cache, used by training, maps the SHA-1 of each text to its vector and lives in a
git-ignored folder, so re-training after the first pass does not re-embed anything. Its file
is named after the model that made the vectors (``CACHE_FILE``): vectors of another model,
or of the same one computed another way, are never mixed in.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np

DIM = 512
BATCH = 256
CACHE_FILE = "use-int8.npz"  # the vectors of `evidence.use_int8.QuantizedUSE`


@lru_cache(maxsize=1)
def _use():
    """The process's one USE model, shared with the evidence store's embeddings."""
    from factcheck.evidence.embeddings import UniversalSentenceEncoder, load_embeddings

    model = load_embeddings("use-multilingual").inner
    assert isinstance(model, UniversalSentenceEncoder)
    return model


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class Embedder:
    """Embeds texts with USE; remembers vectors in memory and, if given a folder, on disk."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self._vectors: dict[str, np.ndarray] = {}
        self._new: dict[str, np.ndarray] = {}
        if cache_dir is not None and (cache_dir / CACHE_FILE).exists():
            with np.load(cache_dir / CACHE_FILE) as data:
                self._vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), 512) float32 unit vectors; empty texts give zero vectors."""
        keys = [_key(t) for t in texts]
        missing = list(
            {k: t for k, t in zip(keys, texts, strict=True) if t and k not in self._vectors}.items()
        )
        for i in range(0, len(missing), BATCH):
            batch = missing[i : i + BATCH]
            vectors = _use().encode([t for _, t in batch]).astype(np.float32)
            for (k, _), v in zip(batch, vectors, strict=True):
                self._vectors[k] = v
                self._new[k] = v
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, (k, t) in enumerate(zip(keys, texts, strict=True)):
            if t:
                out[i] = self._vectors[k]
        return out

    def save(self) -> None:
        """Write the disk cache if anything new was embedded."""
        if self.cache_dir is None or not self._new:
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        keys = list(self._vectors)
        np.savez(
            self.cache_dir / CACHE_FILE,
            keys=np.array(keys),
            vectors=np.stack([self._vectors[k] for k in keys]).astype(np.float32),
        )
        self._new.clear()
