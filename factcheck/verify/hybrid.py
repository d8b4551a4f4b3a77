"""`HybridVerifier`: the rule verifier's number and date findings first, then the trained
pair classifier on the evidence sentences closest to the claim.

1. No usable evidence: NOT_ENOUGH_INFO.
2. The rule verifier (`rules.py`) compares the claim's numbers and dates with those of the
   closest evidence sentences. When that comparison decides (SUPPORTED, REFUTED or
   CONFLICTING with findings), its verdict stands: it is precise and shows both values.
3. Otherwise the pair classifier (`trained/`) reads the ``WINDOWS`` evidence sentences closest
   to the claim, each with its neighbours in the chunk (about the size of the passages it was
   trained on). It answers SUPPORTED when one window gives P(SUPPORTED) >= ``SUPPORT`` and
   REFUTED when one gives P(REFUTED) >= ``REFUTE``; both, from different documents, is
   CONFLICTING; neither is NOT_ENOUGH_INFO. A close paraphrase that names the same things (the
   rule verifier's SUPPORTED without findings) supports unless the classifier confidently
   refutes. Thresholds were chosen on dev data (see ``THRESHOLDS_NOTE``).

Silence never refutes: a refutation needs a contradicting number or date, or a confident
classifier. The score is the probability the claim is true: the rule verifier's score when
it decides, else P(SUPPORTED) + P(NEI)/2 of the deciding window (kept within
[NEI_LOW, NEI_HIGH] for NOT_ENOUGH_INFO).

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

from factcheck.intake.segment import split_sentences
from factcheck.models import Citation, Claim, Evidence, Label, Verdict
from factcheck.verify.rationale import rationale_for
from factcheck.verify.rules import RELEVANT, RuleVerifier
from factcheck.verify.trained.model import PairClassifier

SUPPORTED, REFUTED, NEI = 0, 1, 2
WINDOWS = 3  # closest sentences read by the classifier
NEIGHBOURS = 1  # sentences each side of a closest sentence in its window
SUPPORT = 0.4
REFUTE = 0.65
NEI_LOW, NEI_HIGH = 0.35, 0.65
THRESHOLDS_NOTE = "tuned on half of the dev claims, reported on the other half: see MODEL_CARD.md"
_STANCE = {SUPPORTED: "supports", REFUTED: "refutes", NEI: "neutral"}


@dataclass(frozen=True)
class Window:
    """An evidence sentence close to the claim, with its neighbours as the classifier's input."""

    evidence: Evidence
    sentence: str
    text: str
    similarity: float


@dataclass(frozen=True)
class Reading:
    """Everything the decision needs: the rule verdict and the classifier on each window."""

    rule: Verdict
    windows: list[Window]
    proba: np.ndarray  # (len(windows), 3) in LABELS order


def truth(p: np.ndarray) -> float:
    return float(np.clip(p[SUPPORTED] + 0.5 * p[NEI], 0.0, 1.0))


class HybridVerifier:
    """Rule findings when they decide, else the calibrated classifier (name ``hybrid``)."""

    name = "hybrid"

    def __init__(
        self,
        embeddings: Embeddings,
        classifier: PairClassifier | None = None,
        support: float = SUPPORT,
        refute: float = REFUTE,
    ) -> None:
        self.rules = RuleVerifier(embeddings)
        self.classifier = classifier or PairClassifier()
        self.support = support
        self.refute = refute

    def verify(self, claim: Claim, evidence: Sequence[Evidence]) -> Verdict:
        return self.decide(claim, self.read(claim, evidence), len(evidence))

    def read(self, claim: Claim, evidence: Sequence[Evidence]) -> Reading | None:
        usable = [e for e in evidence if e.chunk.text.strip()]
        if not usable:
            return None
        rule = self.rules.verify(claim, usable)
        windows = self._windows(claim, usable)
        proba = (
            self.classifier.predict_proba([claim.text] * len(windows), [w.text for w in windows])
            if windows
            else np.zeros((0, 3))
        )
        return Reading(rule, windows, proba)

    def _windows(self, claim: Claim, evidence: list[Evidence]) -> list[Window]:
        per_chunk = [[s.text for s in split_sentences(e.chunk.text)] for e in evidence]
        flat = [(i, j) for i, sents in enumerate(per_chunk) for j in range(len(sents))]
        if not flat:
            return []
        context = " ".join([claim.text, *[e for e in claim.entities if e not in claim.text]])
        queries = self.rules._embed(list(dict.fromkeys([context, claim.sentence])))
        vectors = self.rules._embed([per_chunk[i][j] for i, j in flat])
        similarity = (vectors @ queries.T).max(axis=1)
        windows = []
        for k in np.argsort(-similarity)[:WINDOWS]:
            if similarity[k] < RELEVANT:  # an unrelated sentence is silence: not read
                break
            i, j = flat[k]
            sents = per_chunk[i]
            text = " ".join(sents[max(0, j - NEIGHBOURS) : j + NEIGHBOURS + 1])
            windows.append(Window(evidence[i], sents[j], text, float(similarity[k])))
        return windows

    def decide(
        self,
        claim: Claim,
        reading: Reading | None,
        n_evidence: int,
        support: float | None = None,
        refute: float | None = None,
    ) -> Verdict:
        """The verdict from a reading (thresholds overridable, for tuning on dev data)."""
        support = self.support if support is None else support
        refute = self.refute if refute is None else refute
        if reading is None:
            return self._verdict(claim, Label.NOT_ENOUGH_INFO, 0.5, (), (), n_evidence)
        rule, windows, proba = reading.rule, reading.windows, reading.proba
        if rule.findings and rule.label is not Label.NOT_ENOUGH_INFO:
            return rule.model_copy(update={"verifier": self.name})
        sup = [i for i in range(len(windows)) if proba[i, SUPPORTED] >= support]
        ref = [i for i in range(len(windows)) if proba[i, REFUTED] >= refute]
        paraphrase = rule.label is Label.SUPPORTED
        sup.sort(key=lambda i: -proba[i, SUPPORTED])
        ref.sort(key=lambda i: -proba[i, REFUTED])
        docs = {windows[i].evidence.chunk.document_id for i in sup}
        if sup and ref and not docs & {windows[i].evidence.chunk.document_id for i in ref}:
            score = (truth(proba[sup[0]]) + truth(proba[ref[0]])) / 2
            cites = [self._cite(windows[sup[0]], SUPPORTED), self._cite(windows[ref[0]], REFUTED)]
            return self._verdict(claim, Label.CONFLICTING, score, cites, (), n_evidence)
        if ref and not sup:
            if paraphrase and proba[ref[0], REFUTED] < max(refute, 0.8):
                return rule.model_copy(update={"verifier": self.name})
            cites = [self._cite(windows[i], REFUTED) for i in ref]
            return self._verdict(claim, Label.REFUTED, truth(proba[ref[0]]), cites, (), n_evidence)
        if sup:
            cites = [self._cite(windows[i], SUPPORTED) for i in sup]
            return self._verdict(
                claim, Label.SUPPORTED, truth(proba[sup[0]]), cites, (), n_evidence
            )
        if paraphrase:
            return rule.model_copy(update={"verifier": self.name})
        if not windows:
            return self._verdict(claim, Label.NOT_ENOUGH_INFO, 0.5, (), (), n_evidence)
        closest = int(np.argmin(proba[:, NEI]))
        score = float(np.clip(truth(proba[closest]), NEI_LOW, NEI_HIGH))
        cites = [self._cite(windows[closest], NEI)]
        return self._verdict(claim, Label.NOT_ENOUGH_INFO, score, cites, (), n_evidence)

    def _verdict(self, claim, label, score, citations, findings, n_evidence) -> Verdict:
        return Verdict(
            label=label,
            score=float(np.clip(score, 0.0, 1.0)),
            rationale=rationale_for(claim.language, label, findings, n_evidence),
            citations=tuple(citations),
            findings=tuple(findings),
            verifier=self.name,
        )

    @staticmethod
    def _cite(window: Window, stance: int) -> Citation:
        chunk = window.evidence.chunk
        return Citation(
            evidence_id=chunk.id,
            quote=window.sentence,
            stance=_STANCE[stance],  # type: ignore[arg-type]
            url=chunk.url,
            publisher=chunk.publisher,
            published=chunk.published,
        )
