"""Traditional and simplified Chinese: one normal form for every comparison downstream.

Records keep the text as written; matching (embeddings, the lexical index, number and
entity comparison) always goes through `to_simplified`, so 發佈 matches 发布.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

HAN = re.compile(r"[\u3400-\u9fff]")  # CJK ideographs, extension A included


def has_han(text: str) -> bool:
    return HAN.search(text) is not None


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese; other text passes through unchanged."""
    if not has_han(text):
        return text
    return _t2s().convert(text)
