"""A BM25 index over the evidence chunks, with jieba segmentation for Chinese.

Tokens are taken from simplified, lower-cased text, so 發佈 and 发布 are one term. The index
is rebuilt from the store after an ingest and saved beside it; a search that finds it
missing or out of date rebuilds it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import bm25s
import jieba

from factcheck.script import to_simplified

_TOKEN = re.compile(r"[\w\u3400-\u9fff]")


def tokenize(text: str) -> list[str]:
    """Search-engine tokens: jieba words for Chinese, words and numbers for English."""
    words = jieba.lcut_for_search(to_simplified(text).lower())
    return [w for w in (w.strip() for w in words) if w and _TOKEN.search(w)]


class LexicalIndex:
    """BM25 over chunk texts, addressed by chunk id."""

    def __init__(self, ids: list[str], model: bm25s.BM25 | None):
        self.ids = ids
        self._model = model

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> LexicalIndex:
        if not ids:
            return cls([], None)
        model = bm25s.BM25()
        model.index([tokenize(t) or ["<empty>"] for t in texts], show_progress=False)
        return cls(list(ids), model)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """The ``k`` best ``(chunk id, BM25 score)`` pairs with a positive score."""
        if self._model is None or k <= 0:
            return []
        vocab = self._model.vocab_dict
        tokens = [t for t in tokenize(query) if t in vocab]
        if not tokens:
            return []
        k = min(k, len(self.ids))
        rows, scores = self._model.retrieve([tokens], k=k, show_progress=False)
        return [
            (self.ids[int(row)], float(score))
            for row, score in zip(rows[0], scores[0], strict=True)
            if score > 0
        ]

    def save(self, folder: Path) -> None:
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        (tmp / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")
        if self._model is not None:
            self._model.save(str(tmp), show_progress=False)
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        try:
            ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
            model = bm25s.BM25.load(str(folder), show_progress=False) if ids else None
        except (OSError, ValueError):
            return None
        return cls(ids, model)


__all__ = ["LexicalIndex", "tokenize"]
