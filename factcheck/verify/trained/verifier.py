"""`TrainedVerifier`: the pair classifier applied to each evidence chunk, then aggregated.

Aggregation: no evidence -> NOT_ENOUGH_INFO; a confident SUPPORTED and a confident REFUTED
from different chunks -> CONFLICTING; otherwise the strongest confident chunk decides, and
when no chunk is confident the verdict is NOT_ENOUGH_INFO (silent evidence never refutes).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from factcheck.models import Citation, Claim, Evidence, Label, Verdict
from factcheck.verify.trained.features import HAND_FEATURES
from factcheck.verify.trained.model import HAND_START, PairClassifier

SUPPORTED, REFUTED, NEI = 0, 1, 2
_STANCE = {SUPPORTED: "supports", REFUTED: "refutes", NEI: "neutral"}
_VERB = {SUPPORTED: "supports", REFUTED: "refutes"}
QUOTE_CHARS = 200
RELEVANT = 0.3  # as the rule verifier: a closest sentence below this cosine is unrelated
_COS_BEST = HAND_START + HAND_FEATURES.index("cos_best")


def truth(p: np.ndarray) -> float:
    """Probability the claim is true from one chunk's (S, R, NEI): NEI mass split evenly."""
    return float(np.clip(p[SUPPORTED] + 0.5 * p[NEI], 0.0, 1.0))


class TrainedVerifier:
    """The offline learned verifier (name ``trained``)."""

    name = "trained"

    def __init__(self, classifier: PairClassifier | None = None, confident: float = 0.5) -> None:
        self.classifier = classifier or PairClassifier()
        self.confident = confident

    def verify(self, claim: Claim, evidence: Sequence[Evidence]) -> Verdict:
        usable = [e for e in evidence if e.chunk.text.strip()]
        if not usable:
            return Verdict(
                label=Label.NOT_ENOUGH_INFO,
                score=0.5,
                verifier=self.name,
                rationale="No evidence was found for this claim.",
            )
        features = self.classifier.features(
            [claim.text] * len(usable), [e.chunk.text for e in usable]
        )
        proba = self.classifier.predict_features(features)
        # A passage whose closest sentence is unrelated to the claim is silence (the classifier
        # was trained on related evidence; on unrelated text it can refute at random).
        unrelated = features.matrix[:, _COS_BEST] < RELEVANT
        proba[unrelated] = (0.0, 0.0, 1.0)
        quotes = [q[:QUOTE_CHARS] for q in features.best_sentences]
        predicted = proba.argmax(axis=1)
        confident = [
            i
            for i in range(len(usable))
            if predicted[i] != NEI and proba[i, predicted[i]] >= self.confident
        ]
        supporting = [i for i in confident if predicted[i] == SUPPORTED]
        refuting = [i for i in confident if predicted[i] == REFUTED]

        def cite(i: int, stance: int) -> Citation:
            chunk = usable[i].chunk
            return Citation(
                evidence_id=chunk.id,
                quote=quotes[i],
                stance=_STANCE[stance],  # type: ignore[arg-type]
                url=chunk.url,
                publisher=chunk.publisher,
                published=chunk.published,
            )

        if supporting and refuting:
            s = max(supporting, key=lambda i: proba[i, SUPPORTED])
            r = max(refuting, key=lambda i: proba[i, REFUTED])
            return Verdict(
                label=Label.CONFLICTING,
                score=(truth(proba[s]) + truth(proba[r])) / 2,
                rationale=f"{_name(usable[s])} supports the claim ({proba[s, SUPPORTED]:.2f}) but "
                f"{_name(usable[r])} refutes it ({proba[r, REFUTED]:.2f}).",
                citations=(cite(s, SUPPORTED), cite(r, REFUTED)),
                verifier=self.name,
            )
        if confident:
            best = max(confident, key=lambda i: proba[i, predicted[i]])
            label = int(predicted[best])
            same = sorted(
                (i for i in confident if predicted[i] == label), key=lambda i: -proba[i, label]
            )
            return Verdict(
                label=Label.SUPPORTED if label == SUPPORTED else Label.REFUTED,
                score=truth(proba[best]),
                rationale=f"{_name(usable[best])} {_VERB[label]} the claim "
                f"({proba[best, label]:.2f}): \u201c{quotes[best]}\u201d",
                citations=tuple(cite(i, label) for i in same[:3]),
                verifier=self.name,
            )
        closest = int(np.argmin(proba[:, NEI]))
        return Verdict(
            label=Label.NOT_ENOUGH_INFO,
            score=truth(proba[closest]),
            rationale=f"None of {len(usable)} evidence passages clearly supports or refutes "
            f"the claim; the closest is {_name(usable[closest])}.",
            citations=(cite(closest, NEI),),
            verifier=self.name,
        )


def _name(evidence: Evidence) -> str:
    """A short human name for an evidence chunk: publisher or title, else its document id."""
    chunk = evidence.chunk
    return chunk.publisher or (f"\u201c{chunk.title}\u201d" if chunk.title else chunk.document_id)
