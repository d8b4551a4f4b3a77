"""Traditional and simplified Chinese: one normal form for every comparison downstream.

Records keep the text as written; matching (embeddings, the lexical index, number and
entity comparison) always goes through `to_simplified`, so 發佈 matches 发布.
"""

from __future__ import annotations

from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese; other text passes through unchanged."""
    if not text or not any("\u3400" <= ch <= "\u9fff" for ch in text):
        return text
    return _t2s().convert(text)
