"""The XLM-R SentencePiece tokenizer of multilingual-e5-small, rebuilt from the model file.

The file embeds the unigram vocabulary (pieces and scores) and a per-code-point
normalisation map. Text is normalised with that map, runs of spaces are collapsed, and the
`tokenizers` library's Unigram model with a Metaspace pre-tokenizer (``▁`` for spaces, one
prepended) cuts it into pieces. Pairs are assembled as XLM-R does:
``<s> claim </s></s> evidence </s>``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tokenizers import Tokenizer, models, pre_tokenizers

from factcheck.verify.encoder.weights import Vocabulary, load_file

_SPACES = re.compile(" {2,}")


class PieceTokenizer:
    """Text to XLM-R piece ids (no special tokens), and pair assembly."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._table = str.maketrans(vocabulary.normalisation)
        model = models.Unigram(
            [(p, float(s)) for p, s in zip(vocabulary.pieces, vocabulary.scores, strict=True)],
            unk_id=vocabulary.unk,
            byte_fallback=False,
        )
        self._tokenizer = Tokenizer(model)
        self._tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(
            replacement="▁", prepend_scheme="always", split=True
        )

    def normalise(self, text: str) -> str:
        return _SPACES.sub(" ", text.translate(self._table))

    def ids(self, texts: list[str]) -> list[list[int]]:
        """Piece ids of each text, without ``<s>`` and ``</s>``."""
        encodings = self._tokenizer.encode_batch(
            [self.normalise(t) for t in texts], add_special_tokens=False
        )
        return [e.ids for e in encodings]

    def pieces(self, text: str) -> list[str]:
        return [self.vocabulary.pieces[i] for i in self.ids([text])[0]]

    def pair(self, first: list[int], second: list[int]) -> list[int]:
        v = self.vocabulary
        return [v.bos, *first, v.eos, v.eos, *second, v.eos]


@lru_cache(maxsize=1)
def load_tokenizer() -> PieceTokenizer:
    return PieceTokenizer(load_file().vocabulary)
