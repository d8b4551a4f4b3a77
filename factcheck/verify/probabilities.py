"""A verdict from a calibrated classifier's reading of each passage, for the verifiers that
read passages with a trained model (`trained`, `encoder`).

Each passage comes with the model's probabilities of SUPPORTED, REFUTED and
NOT_ENOUGH_INFO (``LABELS`` order). A passage marked silent (it shares nothing with the
claim) is read as NOT_ENOUGH_INFO whatever the model says: silent evidence never refutes. A
passage whose most probable label is SUPPORTED or REFUTED takes that stance with that
probability as its strength, and `aggregate` weighs the stances with the publishers'
reliability; a weak reading decides nothing there (``DECIDES``). No further threshold: on the
claims each model held out of training (200 a set at most), requiring a probability of 0.5
before a passage takes a stance lowered verdict macro-F1 on 13 of the 14 (model, set) pairs,
by up to 0.09 (trained) and 0.23 (encoder), the answers drifting to NOT_ENOUGH_INFO.
When nothing decides, the score is the probability the claim is true read from the least
silent passage, and the confidence is the model's own probability of NOT_ENOUGH_INFO there,
read before silent passages were overruled. Two steps fitted on held-out claims
(`factcheck.verify.calibration`) follow the model when its artifact carries them: its
``label_weights`` rescale each passage's probabilities before they are read, and its
``calibration`` turns the verdict's confidence into the probability that its label is right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from factcheck.evidence.embeddings import DEFAULT_EMBEDDING, load_embeddings
from factcheck.models import Claim, Evidence, Finding, Stance, Verdict
from factcheck.verify.aggregate import PublisherWeights, Reading, aggregate
from factcheck.verify.base import Items
from factcheck.verify.calibration import LabelWeights, VerdictCalibration

if TYPE_CHECKING:
    from factcheck.verify.rules import RuleVerifier

SUPPORTED, REFUTED, NEI = 0, 1, 2
STANCES: tuple[Stance, Stance, Stance] = ("supports", "refutes", "neutral")
QUOTE_CHARS = 200


def truth(p: np.ndarray) -> float:
    """Probability the claim is true from one passage's (S, R, NEI): NEI mass split evenly."""
    return float(np.clip(p[SUPPORTED] + 0.5 * p[NEI], 0.0, 1.0))


@dataclass(frozen=True)
class PassageReadings:
    """A model's reading of one claim's passages: ``proba`` one row each, ``silent`` a mask,
    ``quotes`` the sentence of each passage relied on, and ``findings``, when given, the
    claim's numbers and dates compared with each passage's (`rules.RuleVerifier.compare`):
    shown with the verdict where they bear out the passage's stance, never deciding it."""

    passages: Sequence[Evidence]
    quotes: Sequence[str]
    proba: np.ndarray
    silent: np.ndarray
    findings: Sequence[tuple[Finding, ...]] = ()

    @classmethod
    def none(cls) -> PassageReadings:
        return cls((), (), np.zeros((0, 3)), np.zeros(0, dtype=bool))


def classified_verdict(
    claim: Claim,
    read: PassageReadings,
    *,
    weights: PublisherWeights,
    verifier: str,
    label_weights: LabelWeights | None = None,
    calibration: VerdictCalibration | None = None,
) -> Verdict:
    """The verdict of the passages as the model read them."""
    passages, proba = read.passages, read.proba
    if label_weights:
        proba = label_weights(proba, claim.language)
    readings, undecided, undecided_confidence = [], 0.5, None
    if len(passages):
        stances = proba.copy()
        stances[read.silent] = (0.0, 0.0, 1.0)
        predicted = stances.argmax(axis=1)
        for i in np.argsort(stances[:, NEI], kind="stable"):  # the least silent passage first
            label = int(predicted[i])  # NEI reads as the "neutral" stance, with no strength
            strength = float(stances[i, label]) if label != NEI else 0.0
            quote = read.quotes[i][:QUOTE_CHARS]
            found = read.findings[i] if read.findings else ()
            shown = tuple(f for f in found if label != NEI and f.agrees is (label == SUPPORTED))
            readings.append(Reading(passages[i], quote, STANCES[label], strength, shown))
        undecided = truth(stances[np.argmin(stances[:, NEI])])
        undecided_confidence = float(proba[:, NEI].min())
    verdict = aggregate(
        claim,
        readings,
        weights=weights,
        verifier=verifier,
        n_evidence=len(passages),
        undecided=undecided,
        calibrated=True,
        undecided_confidence=undecided_confidence,
    )
    return calibration(verdict, claim.language) if calibration else verdict


class ReadingVerifier:
    """A verifier that reads each passage with a trained model (``read_many``), then gives
    `classified_verdict` with its publisher weights, label weights and calibration, and the
    claim's numbers and dates compared with each passage's by the rule verifier (with the
    ``embedding`` model, loaded on first use) to show beside the verdict."""

    name: str
    weights: PublisherWeights
    label_weights: LabelWeights | None = None
    calibration: VerdictCalibration | None = None
    embedding: str = DEFAULT_EMBEDDING
    _rules: RuleVerifier | None = None

    def read_many(self, items: Items) -> list[PassageReadings]:
        raise NotImplementedError

    @property
    def rules(self) -> RuleVerifier:
        if self._rules is None:
            from factcheck.verify.rules import RuleVerifier  # rules imports this module's users

            self._rules = RuleVerifier(load_embeddings(self.embedding), self.weights)
        return self._rules

    def verify(self, claim: Claim, evidence: Sequence[Evidence]) -> Verdict:
        return self.verify_many([(claim, evidence)])[0]

    def verify_many(self, items: Items) -> list[Verdict]:
        compared = self.rules.compare(items)
        return [
            classified_verdict(
                claim,
                replace(read, findings=[found.get(p.chunk.id, ()) for p in read.passages]),
                weights=self.weights,
                verifier=self.name,
                label_weights=self.label_weights,
                calibration=self.calibration,
            )
            for (claim, _), read, found in zip(items, self.read_many(items), compared, strict=True)
        ]
