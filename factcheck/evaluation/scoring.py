"""Predictions to `VerdictMetrics`: the measures of `metrics` put together."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from factcheck.evaluation import metrics
from factcheck.evaluation.predictions import Prediction
from factcheck.evaluation.results import (
    Interval,
    LabelScores,
    LanguageResult,
    LanguageScores,
    ReliabilityBin,
    VerdictMetrics,
)
from factcheck.models import Label
from factcheck.verify.calibration import label_confidence

BINS = 15
RESAMPLES = 200
SEED = 0


def verdict_metrics(predictions: Sequence[Prediction]) -> VerdictMetrics:
    """Accuracy, macro-F1 (with bootstrap intervals), per-label scores, confusion matrix,
    calibration, per-language scores and speed of a list of predictions."""
    gold = [p.gold for p in predictions]
    predicted = [p.label for p in predictions]
    labels = [lb for lb in Label if lb in set(gold) | set(predicted)]
    confidence = [label_confidence(p.label, p.score, p.confidence) for p in predictions]
    correct = [g == p for g, p in zip(gold, predicted, strict=True)]
    interval = partial(metrics.bootstrap_interval, resamples=RESAMPLES, seed=SEED)
    tokens = [p.tokens for p in predictions if p.tokens is not None]
    costs = [p.cost_usd for p in predictions if p.cost_usd is not None]
    return VerdictMetrics(
        n=len(predictions),
        accuracy=metrics.accuracy(gold, predicted),
        accuracy_ci=_interval(interval(gold, predicted, metrics.accuracy)),
        macro_f1=metrics.macro_f1(gold, predicted),
        macro_f1_ci=_interval(interval(gold, predicted, metrics.macro_f1)),
        per_label={str(lb): _label_scores(gold, predicted, lb) for lb in labels if lb in gold},
        confusion_labels=tuple(map(str, labels)),
        confusion=tuple(map(tuple, metrics.confusion_matrix(gold, predicted, labels))),
        ece=metrics.expected_calibration_error(confidence, correct, BINS),
        brier=metrics.brier_score(confidence, correct),
        reliability=tuple(
            ReliabilityBin(lower=lo, upper=hi, count=n, confidence=c, accuracy=a)
            for lo, hi, n, c, a in metrics.reliability_bins(confidence, correct, BINS)
        ),
        per_language=_per_language(predictions),
        seconds_per_claim=sum(p.seconds for p in predictions) / max(len(predictions), 1),
        tokens=sum(tokens) if tokens else None,
        cost_usd=sum(costs) if costs else None,
    )


def _interval(bounds: tuple[float, float]) -> Interval:
    return Interval(low=bounds[0], high=bounds[1])


def _label_scores(gold: list[Label], predicted: list[Label], label: Label) -> LabelScores:
    precision, recall, f1 = metrics.precision_recall_f1(gold, predicted, label)
    return LabelScores(precision=precision, recall=recall, f1=f1, support=gold.count(label))


def _per_language(predictions: Sequence[Prediction]) -> dict[str, LanguageScores]:
    scores = {}
    for lang in sorted({p.lang for p in predictions}):
        chosen = [p for p in predictions if p.lang == lang]
        gold, predicted = [p.gold for p in chosen], [p.label for p in chosen]
        scores[lang] = LanguageScores(
            n=len(chosen),
            accuracy=metrics.accuracy(gold, predicted),
            macro_f1=metrics.macro_f1(gold, predicted),
        )
    return scores


def pooled_by_language(predictions: Sequence[Prediction]) -> tuple[LanguageResult, ...]:
    """For each mode and language that two or more sets share, every verifier's measures
    over the claims of all those sets at once (the targets are per language, not per set)."""
    groups: dict[tuple[str, str], list[Prediction]] = {}
    for p in predictions:
        groups.setdefault((p.mode, p.lang), []).append(p)
    pooled = []
    for (mode, lang), found in groups.items():
        sets = tuple(dict.fromkeys(p.dataset for p in found))
        if len(sets) < 2:
            continue
        by_verifier: dict[str, list[Prediction]] = {}
        for p in found:
            by_verifier.setdefault(p.verifier, []).append(p)
        pooled.append(
            LanguageResult(
                mode=mode,
                language=lang,
                sets=sets,
                verifiers={name: verdict_metrics(ps) for name, ps in by_verifier.items()},
            )
        )
    return tuple(pooled)
