"""The offline default verifier's learned core.

`PairClassifier` gives calibrated SUPPORTED / REFUTED / NOT_ENOUGH_INFO probabilities for a
(claim, evidence) pair from features that read the evidence; `TrainedVerifier` applies it to
each retrieved chunk and aggregates into a `Verdict`. Training: ``python -m
factcheck.verify.trained.train``; see MODEL_CARD.md.
"""

from factcheck.verify.trained.model import LABELS, PairClassifier
from factcheck.verify.trained.verifier import TrainedVerifier

__all__ = ["LABELS", "PairClassifier", "TrainedVerifier"]
