"""How far to believe a verdict: the probability that its label is right.

A verdict from a trained model comes with a raw confidence (`label_confidence`): the
deciding passage's probability for SUPPORTED or REFUTED, the least silent passage's
probability of NOT_ENOUGH_INFO, or, for CONFLICTING, what the score implies. The raw figure
is the model's, calibrated on single passages; a verdict takes the strongest of several
passages, and how far that misleads differs by language and label. A verdict that rests on
no passage at all (none given, or none usable) is its own kind, ``UNREAD``: its raw
confidence says nothing. `VerdictCalibration` maps the raw confidence through one
logistic curve per (language, kind), ``sigmoid(a * logit(raw) + b)``, fitted
(`VerdictCalibration.fit`) on the verdicts a verifier gives for claims its model held out
of training (`python -m factcheck.verify.calibrate`); how often an ``UNREAD`` verdict is
right owes nothing to the model, so its curve is fitted on every training claim without
evidence. A (language, kind) with too few verdicts, or with only right or only wrong ones,
uses the kind's curve over both languages. A kind that has no curve even over both
languages (a verifier seldom answers CONFLICTING) gets its rate of right verdicts, counted
with one right and one wrong added, whatever the raw confidence; a kind never seen keeps
the raw confidence. Where the fitted curve would fall as the raw confidence rises, the
kind's rate of right verdicts is used instead, whatever the raw confidence.

Before that, `LabelWeights` may shift the labels themselves: both trained models answer
NOT_ENOUGH_INFO more often than the held-out claims warrant (their training pairs are half
silence), so per language a factor for SUPPORTED and one for REFUTED rescale each passage's
probabilities before its most probable label is read; the calibration step chooses them
for macro-F1 on the same held-out claims, and the curves are fitted on the verdicts they give.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from factcheck.models import Label, Verdict

MIN_VERDICTS = 30  # fewer in a cell: the curve over both languages is used
EPSILON = 1e-4
ANY_LANGUAGE = "*"
UNREAD = "UNREAD"
KEY = "verdict_calibration"  # where an artifact's JSON keeps the curves


def label_confidence(label: Label, score: float, confidence: float | None = None) -> float:
    """The probability of the predicted label: the verdict's own ``confidence`` when it gives
    one, else read from its ``score`` = P(claim true).

    SUPPORTED: ``score``; REFUTED: ``1 - score``; NOT_ENOUGH_INFO and CONFLICTING say the
    evidence does not decide, which is most believable at 0.5 and not at all at 0 or 1:
    ``1 - |2 * score - 1|``.
    """
    if confidence is not None:
        return confidence
    if label == Label.SUPPORTED:
        return score
    if label == Label.REFUTED:
        return 1.0 - score
    return 1.0 - abs(2.0 * score - 1.0)


def _logit(p: np.ndarray | float) -> np.ndarray:
    p = np.clip(p, EPSILON, 1 - EPSILON)
    return np.log(p / (1 - p))


def kind_of(verdict: Verdict) -> str:
    """The verdict's label, or ``UNREAD`` when it cites no passage."""
    return str(verdict.label) if verdict.citations else UNREAD


def raw_confidence(verdict: Verdict) -> float:
    return label_confidence(verdict.label, verdict.score, verdict.confidence)


@dataclass(frozen=True)
class CalibrationVerdict:
    """One verdict of the calibration claims: its kind, raw confidence and rightness."""

    language: str
    kind: str  # `kind_of`
    raw: float  # `raw_confidence`
    right: bool
    weight: float = 1.0


@dataclass(frozen=True)
class VerdictCalibration:
    """``curves``: "zh:SUPPORTED" (or "*:SUPPORTED", any language) -> (a, b)."""

    curves: Mapping[str, tuple[float, float]]

    def confidence(self, language: str, kind: str, raw: float) -> float:
        found = self.curves.get(f"{language}:{kind}") or self.curves.get(f"{ANY_LANGUAGE}:{kind}")
        if found is None:
            return raw
        a, b = found
        return float(1.0 / (1.0 + np.exp(-(a * _logit(raw) + b))))

    def __call__(self, verdict: Verdict, language: str) -> Verdict:
        """``verdict`` with its calibrated confidence."""
        calibrated = self.confidence(language, kind_of(verdict), raw_confidence(verdict))
        return verdict.model_copy(update={"confidence": calibrated})

    def curves_json(self) -> dict[str, list[float]]:
        return {cell: [round(a, 5), round(b, 5)] for cell, (a, b) in sorted(self.curves.items())}

    @classmethod
    def load(cls, artifact_json: Path) -> VerdictCalibration | None:
        """The curves kept in a model artifact's JSON, None if it has none."""
        data = json.loads(artifact_json.read_text(encoding="utf-8")).get(KEY)
        if not data:
            return None
        return cls({cell: (float(a), float(b)) for cell, (a, b) in data["curves"].items()})

    @classmethod
    def fit(cls, verdicts: Sequence[CalibrationVerdict]) -> VerdictCalibration:
        """A curve for every (language, kind) and every kind with enough verdicts of both
        outcomes: weighted logistic regression of rightness on the raw confidence's logit.
        A kind with too few over both languages: a flat curve at its smoothed rate."""
        from sklearn.linear_model import LogisticRegression

        cells: dict[str, list[CalibrationVerdict]] = {}
        for v in verdicts:
            for language in (v.language, ANY_LANGUAGE):
                cells.setdefault(f"{language}:{v.kind}", []).append(v)
        curves = {}
        for cell, found in cells.items():
            if len(found) < MIN_VERDICTS or len({v.right for v in found}) < 2:
                if cell.startswith(ANY_LANGUAGE):  # too few for a curve: the kind's rate
                    rate = (sum(v.right for v in found) + 1) / (len(found) + 2)
                    curves[cell] = (0.0, float(_logit(rate)))
                continue
            x = _logit(np.array([v.raw for v in found]))[:, None]
            y = np.array([v.right for v in found])
            weight = np.array([v.weight for v in found])
            model = LogisticRegression(C=100.0).fit(x, y, sample_weight=weight)
            a, b = float(model.coef_[0, 0]), float(model.intercept_[0])
            if a < 0:  # surer and less often right: believe the kind's rate, not the model
                a, b = 0.0, float(_logit(np.average(y, weights=weight)))
            curves[cell] = (a, b)
        return cls(curves)


@dataclass(frozen=True)
class LabelWeights:
    """``factors``: language -> (SUPPORTED's, REFUTED's); NOT_ENOUGH_INFO's is 1."""

    factors: Mapping[str, tuple[float, float]]

    def __call__(self, proba: np.ndarray, language: str) -> np.ndarray:
        """Each row of (S, R, NEI) probabilities rescaled by ``language``'s factors."""
        found = self.factors.get(language)
        if found is None or not len(proba):
            return proba
        scaled = proba * np.array([*found, 1.0])
        return scaled / scaled.sum(axis=1, keepdims=True)

    def __bool__(self) -> bool:
        return bool(self.factors)

    def to_json(self) -> dict[str, list[float]]:
        return {language: list(pair) for language, pair in sorted(self.factors.items())}

    @classmethod
    def load(cls, artifact_json: Path) -> LabelWeights | None:
        """The factors kept in a model artifact's JSON, None if it has none."""
        data = json.loads(artifact_json.read_text(encoding="utf-8")).get(KEY) or {}
        if not data.get("label_weights"):
            return None
        return cls({lang: (float(s), float(r)) for lang, (s, r) in data["label_weights"].items()})
