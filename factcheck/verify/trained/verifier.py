"""`TrainedVerifier`: the pair classifier applied to each evidence chunk, then aggregated
as `factcheck.verify.probabilities` describes. A chunk whose closest sentence is unrelated
to the claim (cosine below ``RELEVANT``) is silent."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.config import Settings
from factcheck.evidence.embeddings import DEFAULT_EMBEDDING
from factcheck.models import Claim, Evidence
from factcheck.verify.aggregate import PublisherWeights
from factcheck.verify.base import Items
from factcheck.verify.calibration import LabelWeights, VerdictCalibration
from factcheck.verify.probabilities import PassageReadings, ReadingVerifier
from factcheck.verify.trained.features import HAND_FEATURES
from factcheck.verify.trained.model import HAND_START, PairClassifier

RELEVANT = 0.3  # as the rule verifier: a closest sentence below this cosine is unrelated
_COS_BEST = HAND_START + HAND_FEATURES.index("cos_best")


class TrainedVerifier(ReadingVerifier):
    """The offline learned verifier (name ``trained``)."""

    name = "trained"

    def __init__(
        self,
        classifier: PairClassifier | None = None,
        weights: PublisherWeights | None = None,
        embedding: str = DEFAULT_EMBEDDING,
    ) -> None:
        self.classifier = classifier or PairClassifier()
        self.weights = weights or PublisherWeights.from_settings(Settings())
        self.embedding = embedding
        artifact_json = self.classifier.artifact.with_suffix(".json")
        self.label_weights = LabelWeights.load(artifact_json)
        self.calibration = VerdictCalibration.load(artifact_json)

    def read(self, claim: Claim, evidence: Sequence[Evidence]) -> PassageReadings:
        """The classifier's reading of each non-empty passage."""
        usable = [e for e in evidence if e.chunk.text.strip()]
        if not usable:
            return PassageReadings.none()
        features = self.classifier.features(
            [claim.text] * len(usable), [e.chunk.text for e in usable]
        )
        return PassageReadings(
            usable,
            features.best_sentences,
            self.classifier.predict_features(features),
            # trained on related evidence, the classifier can refute unrelated text at random
            features.matrix[:, _COS_BEST] < RELEVANT,
        )

    def read_many(self, items: Items) -> list[PassageReadings]:
        return [self.read(claim, evidence) for claim, evidence in items]
