"""The store's embedding model as Chroma sees it."""

from __future__ import annotations

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from factcheck.evidence.embeddings import SimplifiedScript, load_embeddings


@register_embedding_function
class StoreEmbeddingFunction(EmbeddingFunction[Documents]):
    """The collection records the model's name; Chroma rebuilds one from that name when it
    reads a collection's configuration, and the model is loaded only if that one is used."""

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
