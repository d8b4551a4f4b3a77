"""`TrainedVerifier`: the pair classifier applied to each evidence chunk, then aggregated
as `factcheck.verify.probabilities` describes. A chunk whose closest sentence is unrelated
to the claim (cosine below ``RELEVANT``) is silent."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from factcheck.config import Settings
from factcheck.models import Claim, Evidence, Verdict
from factcheck.verify.aggregate import PublisherWeights
from factcheck.verify.calibration import VerdictCalibration
from factcheck.verify.probabilities import classified_verdict
from factcheck.verify.trained.features import HAND_FEATURES
from factcheck.verify.trained.model import HAND_START, PairClassifier

RELEVANT = 0.3  # as the rule verifier: a closest sentence below this cosine is unrelated
_COS_BEST = HAND_START + HAND_FEATURES.index("cos_best")


class TrainedVerifier:
    """The offline learned verifier (name ``trained``)."""

    name = "trained"

    def __init__(
        self,
        classifier: PairClassifier | None = None,
        weights: PublisherWeights | None = None,
    ) -> None:
        self.classifier = classifier or PairClassifier()
        self.weights = weights or PublisherWeights.from_settings(Settings())
        self.calibration = VerdictCalibration.load(self.classifier.artifact.with_suffix(".json"))

    def verify(self, claim: Claim, evidence: Sequence[Evidence]) -> Verdict:
        usable = [e for e in evidence if e.chunk.text.strip()]
        if not usable:
            return classified_verdict(
                claim, [], [], np.zeros((0, 3)), np.zeros(0, bool), **self._settings()
            )
        features = self.classifier.features(
            [claim.text] * len(usable), [e.chunk.text for e in usable]
        )
        return classified_verdict(
            claim,
            usable,
            features.best_sentences,
            self.classifier.predict_features(features),
            # trained on related evidence, the classifier can refute unrelated text at random
            features.matrix[:, _COS_BEST] < RELEVANT,
            **self._settings(),
        )

    def verify_many(self, items: Sequence[tuple[Claim, Sequence[Evidence]]]) -> list[Verdict]:
        return [self.verify(claim, evidence) for claim, evidence in items]

    def _settings(self) -> dict:
        return {"weights": self.weights, "verifier": self.name, "calibration": self.calibration}
