"""`EnsembleVerifier`: the cross-encoder (`encoder`) and the pair classifier (`trained`) both
read every passage; each passage's probabilities are their geometric mean, and the verdict
follows `factcheck.verify.probabilities` as for either model alone.

The two models make different mistakes: the encoder reads the claim and the passage
together, the classifier compares embeddings and counts numbers, negations and antonyms.
Their mean weighs them equally; the weight is not fitted. The passage is silent, and its
quote chosen, as the encoder reads it.

Both models hold out the same training claims (`factcheck.verify.trained.data.held_out`),
so the ensemble's label weights and verdict calibration are fitted on claims neither saw:
``python -m factcheck.verify.calibrate ensemble`` writes them, with the two models'
versions, to ``ensemble.json`` beside this module. Retraining either model makes them stale:
they are then left unused (the probabilities are still the two calibrated models' mean)
until the calibration is run again.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

from factcheck.config import Settings
from factcheck.evidence.embeddings import DEFAULT_EMBEDDING
from factcheck.verify.aggregate import PublisherWeights
from factcheck.verify.base import Items
from factcheck.verify.calibration import KEY, LabelWeights, VerdictCalibration
from factcheck.verify.encoder import EncoderVerifier
from factcheck.verify.probabilities import PassageReadings, ReadingVerifier
from factcheck.verify.trained import TrainedVerifier

ARTIFACT_JSON = Path(__file__).with_name("ensemble.json")
_log = logging.getLogger(__name__)


def geometric_mean(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Rows of two probability matrices combined: sqrt(a * b), normalised per row."""
    combined = np.sqrt(np.clip(a, 1e-6, 1.0) * np.clip(b, 1e-6, 1.0))
    return combined / combined.sum(axis=1, keepdims=True)


class EnsembleVerifier(ReadingVerifier):
    """The offline ensemble verifier (name ``ensemble``)."""

    name = "ensemble"

    def __init__(
        self,
        weights: PublisherWeights | None = None,
        artifact_json: Path = ARTIFACT_JSON,
        embedding: str = DEFAULT_EMBEDDING,
    ) -> None:
        self.weights = weights or PublisherWeights.from_settings(Settings())
        self.embedding = embedding
        self.encoder = EncoderVerifier(self.weights)
        self.trained = TrainedVerifier(weights=self.weights)
        for member in (self.encoder, self.trained):  # the ensemble's own apply instead
            member.label_weights, member.calibration = None, None
        self.artifact_json = artifact_json
        calibrated_for = self._calibrated_for()
        if calibrated_for == self.members():
            self.label_weights = LabelWeights.load(artifact_json)
            self.calibration = VerdictCalibration.load(artifact_json)
        elif calibrated_for is not None:
            _log.warning(
                "the ensemble's calibration in %s was fitted for %s, not %s: left unused; "
                "run python -m factcheck.verify.calibrate ensemble",
                artifact_json,
                calibrated_for,
                self.members(),
            )

    def members(self) -> dict[str, str]:
        """The version of each model in the ensemble."""
        files = {
            "encoder": self.encoder.artifact.with_suffix(".json"),
            "trained": self.trained.classifier.artifact.with_suffix(".json"),
        }
        return {
            name: json.loads(file.read_text(encoding="utf-8"))["version"]
            for name, file in files.items()
        }

    def _calibrated_for(self) -> dict[str, str] | None:
        """The models' versions the shipped calibration was fitted for, None without one."""
        if not self.artifact_json.is_file():
            return None
        data = json.loads(self.artifact_json.read_text(encoding="utf-8"))
        return data.get("members") if data.get(KEY) else None

    def read_many(self, items: Items) -> list[PassageReadings]:
        by_encoder = self.encoder.read_many(items)
        by_trained = self.trained.read_many(items)
        return [
            PassageReadings(e.passages, e.quotes, geometric_mean(e.proba, t.proba), e.silent)
            if len(e.passages)
            else e
            for e, t in zip(by_encoder, by_trained, strict=True)
        ]
