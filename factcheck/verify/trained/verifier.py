"""`TrainedVerifier`: the pair classifier applied to each evidence chunk, then aggregated.

Each chunk the classifier confidently reads as SUPPORTED or REFUTED (the predicted label's
probability at least ``confident``) takes that stance with that probability as its strength;
the stances are weighed with the publishers' reliability by `factcheck.verify.aggregate`.
A chunk whose closest sentence is unrelated to the claim is silent, and silent evidence
never refutes. When nothing decides, the score is the probability the claim is true read
from the chunk the classifier finds least silent.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from factcheck.config import Settings
from factcheck.models import Claim, Evidence, Verdict
from factcheck.verify.aggregate import PublisherWeights, Reading, aggregate
from factcheck.verify.trained.features import HAND_FEATURES
from factcheck.verify.trained.model import HAND_START, PairClassifier

SUPPORTED, REFUTED, NEI = 0, 1, 2
_STANCE = {SUPPORTED: "supports", REFUTED: "refutes", NEI: "neutral"}
QUOTE_CHARS = 200
RELEVANT = 0.3  # as the rule verifier: a closest sentence below this cosine is unrelated
_COS_BEST = HAND_START + HAND_FEATURES.index("cos_best")


def truth(p: np.ndarray) -> float:
    """Probability the claim is true from one chunk's (S, R, NEI): NEI mass split evenly."""
    return float(np.clip(p[SUPPORTED] + 0.5 * p[NEI], 0.0, 1.0))


class TrainedVerifier:
    """The offline learned verifier (name ``trained``)."""

    name = "trained"

    def __init__(
        self,
        classifier: PairClassifier | None = None,
        confident: float = 0.5,
        weights: PublisherWeights | None = None,
    ) -> None:
        self.classifier = classifier or PairClassifier()
        self.confident = confident
        self.weights = weights or PublisherWeights.from_settings(Settings())

    def verify(self, claim: Claim, evidence: Sequence[Evidence]) -> Verdict:
        usable = [e for e in evidence if e.chunk.text.strip()]
        if not usable:
            return aggregate(
                claim, [], weights=self.weights, verifier=self.name, n_evidence=len(usable)
            )
        features = self.classifier.features(
            [claim.text] * len(usable), [e.chunk.text for e in usable]
        )
        proba = self.classifier.predict_features(features)
        silent = float(proba[:, NEI].min())  # as the classifier reads it, before the override
        # A passage whose closest sentence is unrelated to the claim is silence (the classifier
        # was trained on related evidence; on unrelated text it can refute at random).
        unrelated = features.matrix[:, _COS_BEST] < RELEVANT
        proba[unrelated] = (0.0, 0.0, 1.0)
        predicted = proba.argmax(axis=1)
        readings = []
        for i in np.argsort(proba[:, NEI], kind="stable"):  # the least silent chunk first
            label = int(predicted[i])
            confident = label != NEI and proba[i, label] >= self.confident
            readings.append(
                Reading(
                    usable[i],
                    features.best_sentences[i][:QUOTE_CHARS],
                    _STANCE[label] if confident else "neutral",  # type: ignore[arg-type]
                    float(proba[i, label]) if confident else 0.0,
                )
            )
        return aggregate(
            claim,
            readings,
            weights=self.weights,
            verifier=self.name,
            n_evidence=len(usable),
            undecided=truth(proba[np.argmin(proba[:, NEI])]),
            calibrated=True,
            undecided_confidence=silent,
        )
