"""Text helpers for pair features: script normalisation, sentences, tokens and numbers.

Everything here works on text already passed through `to_simplified`, so traditional and
simplified Chinese give the same tokens.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|(?<=[.])\s+(?=[\"'(\[A-Z0-9\u3400-\u9fff])|\n+")
_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CJK = re.compile(r"[\u3400-\u9fff]")

MAX_SENTENCES = 40
MAX_SENTENCE_CHARS = 400

_EN_STOP_WORDS = (
    "a an the of to in on at for by with from and or as is are was were be been being it "
    "its this that these those which who whom what there their they he she his her we our "
    "you your i me my has have had do does did will would can could may might shall "
    "should than then so such into about over after before between during through also only"
)
_ZH_STOP_WORDS = (
    "的 了 在 是 和 与 及 也 就 都 而 或 被 把 对 为 于 以 之 其 "
    "这 那 个 一 有 中 等 将 会 上 下 并 着 从 到"
)
_EN_STOP = frozenset(_EN_STOP_WORDS.split())
_ZH_STOP = frozenset(_ZH_STOP_WORDS.split())


def split_sentences(text: str) -> list[str]:
    """Split a passage into at most MAX_SENTENCES non-empty, length-capped sentences."""
    parts = [p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()]
    parts = [p[:MAX_SENTENCE_CHARS] for p in parts if len(p) > 1]
    return parts[:MAX_SENTENCES] or ([text.strip()[:MAX_SENTENCE_CHARS]] if text.strip() else [])


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    """Content tokens: jieba words for Chinese, lower-cased crude stems for English."""
    if _CJK.search(text):
        words = [w.strip().lower() for w in _jieba().lcut(text)]
        return [w for w in words if w and w not in _ZH_STOP and (_CJK.search(w) or w.isalnum())]
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _EN_STOP]


def char_bigrams(text: str) -> set[str]:
    """CJK character bigrams, robust to word-segmentation differences."""
    chars = "".join(_CJK.findall(text))
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def numbers(text: str) -> set[str]:
    """Numbers as written, separators removed (``1,000`` and ``1000`` match)."""
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}
