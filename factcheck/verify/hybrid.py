"""`HybridVerifier`: the rule verifier's number and date findings first, then the trained
pair classifier on the evidence sentences closest to the claim.

1. No usable evidence: NOT_ENOUGH_INFO.
2. The rule verifier (`rules.py`) compares the claim's numbers and dates with those of the
   closest evidence sentences. When that comparison decides (SUPPORTED, REFUTED or
   CONFLICTING with findings), its verdict stands: it is precise and shows both values.
3. Otherwise the pair classifier (`trained/`) reads the ``WINDOWS`` evidence sentences closest
   to the claim, each with its neighbours in the chunk (about the size of the passages it was
   trained on). A window supports with strength P(SUPPORTED) when that is >= ``SUPPORT`` and
   refutes with strength P(REFUTED) when that is >= ``REFUTE``; a close paraphrase that names
   the same things (the rule verifier's support without findings) supports too. These
   readings are weighed with the publishers' reliability by `factcheck.verify.aggregate`
   (so a paraphrase stands unless a source refutes it about as confidently: CONFLICTING).
   Thresholds were chosen on dev data (see ``THRESHOLDS_NOTE``).

Silence never refutes: a refutation needs a contradicting number or date, or a confident
classifier. When nothing decides, the score is P(SUPPORTED) + P(NEI)/2 of the window the
classifier finds least silent, kept within [NEI_LOW, NEI_HIGH].

One embedding model: the rule verifier gets the process's shared model from
`factcheck.evidence.embeddings.load_embeddings`, and the classifier's USE features come from
the same cached instance (`trained.embed._use`), so with the default ``use-multilingual``
embedding the model is loaded once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from factcheck.models import Claim, Evidence, Label, Verdict
from factcheck.verify.aggregate import PublisherWeights, Reading, aggregate
from factcheck.verify.base import Items
from factcheck.verify.probabilities import NEI, REFUTED, SUPPORTED, truth
from factcheck.verify.rules import Hit, RuleVerifier
from factcheck.verify.trained.model import PairClassifier

WINDOWS = 3  # closest sentences read by the classifier
NEIGHBOURS = 1  # sentences each side of a closest sentence in its window
SUPPORT = 0.4
REFUTE = 0.65
NEI_LOW, NEI_HIGH = 0.35, 0.65
THRESHOLDS_NOTE = "tuned on half of the dev claims, reported on the other half: see MODEL_CARD.md"


@dataclass(frozen=True)
class HybridReading:
    """Everything the decision needs: the rule readings and the classifier on each window."""

    rules: list[Reading]
    windows: list[Hit]
    proba: np.ndarray  # (len(windows), 3) in LABELS order


def window_text(hit: Hit) -> str:
    """The closest sentence with its neighbours: the classifier's input."""
    return " ".join(hit.sentences[max(0, hit.index - NEIGHBOURS) : hit.index + NEIGHBOURS + 1])


class HybridVerifier:
    """Rule findings when they decide, else the calibrated classifier (name ``hybrid``)."""

    name = "hybrid"

    def __init__(
        self,
        embeddings: Embeddings,
        classifier: PairClassifier | None = None,
        support: float = SUPPORT,
        refute: float = REFUTE,
        weights: PublisherWeights | None = None,
    ) -> None:
        self.rules = RuleVerifier(embeddings, weights)
        self.weights = self.rules.weights
        self.classifier = classifier or PairClassifier()
        self.support = support
        self.refute = refute

    def verify(self, claim: Claim, evidence: Sequence[Evidence]) -> Verdict:
        return self.verify_many([(claim, evidence)])[0]

    def verify_many(self, items: Items) -> list[Verdict]:
        """Verdicts for many pairs; embeddings and the classifier run once for all of them."""
        readings = self.read_many(items)
        return [
            self.decide(claim, reading, len(evidence))
            for (claim, evidence), reading in zip(items, readings, strict=True)
        ]

    def read(self, claim: Claim, evidence: Sequence[Evidence]) -> HybridReading | None:
        return self.read_many([(claim, evidence)])[0]

    def read_many(self, items: Items) -> list[HybridReading | None]:
        usable = [(c, [e for e in ev if e.chunk.text.strip()]) for c, ev in items]
        rules = self.rules.read_many(usable)
        windows = self.rules.closest(usable, WINDOWS)
        flat = [
            (claim.text, window_text(w))
            for (claim, _), found in zip(usable, windows, strict=True)
            for w in found
        ]
        proba = (
            self.classifier.predict_proba([c for c, _ in flat], [t for _, t in flat])
            if flat
            else np.zeros((0, 3))
        )
        found: list[HybridReading | None] = []
        start = 0
        for (_, evidence), rule, hits in zip(usable, rules, windows, strict=True):
            reading = HybridReading(rule, hits, proba[start : start + len(hits)])
            found.append(reading if evidence else None)
            start += len(hits)
        return found

    def decide(
        self,
        claim: Claim,
        reading: HybridReading | None,
        n_evidence: int,
        support: float | None = None,
        refute: float | None = None,
    ) -> Verdict:
        """The verdict from a reading (thresholds overridable, for tuning on dev data)."""
        support = self.support if support is None else support
        refute = self.refute if refute is None else refute
        if reading is None:
            return self._aggregate(claim, [], n_evidence)
        rule = self._aggregate(claim, reading.rules, n_evidence)
        if rule.findings and rule.label is not Label.NOT_ENOUGH_INFO:
            return rule
        windows, proba = reading.windows, reading.proba
        if not windows:
            return rule
        classified = []
        for i in np.argsort(proba[:, NEI], kind="stable"):  # the least silent window first
            if proba[i, SUPPORTED] >= support:
                stance, strength = "supports", float(proba[i, SUPPORTED])
            elif proba[i, REFUTED] >= refute:
                stance, strength = "refutes", float(proba[i, REFUTED])
            else:
                stance, strength = "neutral", 0.0
            hit = windows[i]
            classified.append(Reading(hit.evidence, hit.sentence, stance, strength))
        paraphrases = [r for r in reading.rules if r.stance == "supports" and not r.findings]
        least_silent = proba[np.argmin(proba[:, NEI])]
        undecided = float(np.clip(truth(least_silent), NEI_LOW, NEI_HIGH))
        return self._aggregate(claim, classified + paraphrases, n_evidence, undecided)

    def _aggregate(
        self, claim: Claim, readings: list[Reading], n_evidence: int, undecided: float = 0.5
    ) -> Verdict:
        return aggregate(
            claim,
            readings,
            weights=self.weights,
            verifier=self.name,
            n_evidence=n_evidence,
            undecided=undecided,
        )
