"""A BM25 index over the evidence chunks, with jieba segmentation for Chinese.

Tokens are taken from simplified, lower-cased text, so 發佈 and 发布 are one term. The store
commits the index after an ingest as a new version folder beside a ``CURRENT`` file naming
the live one; ``CURRENT`` is replaced atomically, so a crash at any point leaves the previous
index or the new one, never a mix. A version that cannot be read loads as None, and the
store rebuilds it from Chroma.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from pathlib import Path

import bm25s
import jieba

from factcheck.files import write_atomic
from factcheck.script import to_simplified

_TOKEN = re.compile(r"[\w\u3400-\u9fff]")
POINTER = "CURRENT"


def tokenize(text: str) -> list[str]:
    """Search-engine tokens: jieba words for Chinese, words and numbers for English."""
    words = jieba.lcut_for_search(to_simplified(text).lower())
    return [w for w in (w.strip() for w in words) if w and _TOKEN.search(w)]


def current_version(root: Path) -> str | None:
    """The name of the committed version under ``root``, or None before the first commit."""
    try:
        name = (root / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return name if name and Path(name).name == name else None


class LexicalIndex:
    """BM25 over chunk texts, addressed by chunk id; ``version`` names its committed folder."""

    def __init__(self, ids: list[str], model: bm25s.BM25 | None, version: str | None = None):
        self.ids = ids
        self._model = model
        self.version = version

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

    def commit(self, root: Path) -> None:
        """Save as a new version under ``root``, make it current, remove every other version.

        The caller holds the store's write lock, so no reader is loading an older version.
        """
        version = uuid.uuid4().hex
        folder = root / version
        folder.mkdir(parents=True)
        (folder / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")
        if self._model is not None:
            self._model.save(str(folder), show_progress=False)
        write_atomic(root / POINTER, version)
        self.version = version
        for entry in root.iterdir():  # older versions, and a crashed commit's leftovers
            if entry.name not in (POINTER, version):
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)

    @classmethod
    def load(cls, root: Path) -> LexicalIndex | None:
        """The committed index, or None when there is none or it cannot be read."""
        version = current_version(root)
        if version is None:
            return None
        folder = root / version
        try:
            ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
            model = bm25s.BM25.load(str(folder), show_progress=False) if ids else None
        except (OSError, ValueError):
            return None
        return cls(ids, model, version)


__all__ = ["LexicalIndex", "current_version", "tokenize"]
