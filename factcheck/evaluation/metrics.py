"""Pure measures on plain sequences: classification, calibration, retrieval and spans.

Labels are any hashable values. ``confidence`` is the probability a verifier gives its own
predicted label (see `factcheck.verify.calibration.label_confidence`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Sequence


def accuracy(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Share of predictions equal to the gold label (0.0 for no items)."""
    if not gold:
        return 0.0
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)


def precision_recall_f1(
    gold: Sequence[Hashable], predicted: Sequence[Hashable], label: Hashable
) -> tuple[float, float, float]:
    """Precision, recall and F1 of one label; 0.0 where a denominator is zero."""
    pairs = list(zip(gold, predicted, strict=True))
    tp = sum(g == label and p == label for g, p in pairs)
    n_predicted = sum(p == label for _, p in pairs)
    n_gold = sum(g == label for g, _ in pairs)
    precision = tp / n_predicted if n_predicted else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1


def macro_f1(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Mean F1 over the labels present in ``gold``; predicting an absent label only costs
    precision of the present ones."""
    labels = sorted(set(gold), key=str)
    if not labels:
        return 0.0
    return sum(precision_recall_f1(gold, predicted, lb)[2] for lb in labels) / len(labels)


def confusion_matrix(
    gold: Sequence[Hashable], predicted: Sequence[Hashable], labels: Sequence[Hashable]
) -> list[list[int]]:
    """``matrix[i][j]``: items of gold ``labels[i]`` predicted as ``labels[j]``."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, predicted, strict=True):
        matrix[index[g]][index[p]] += 1
    return matrix


def reliability_bins(
    confidence: Sequence[float], correct: Sequence[bool], bins: int = 15
) -> list[tuple[float, float, int, float, float]]:
    """Equal-width bins over [0, 1] (the first includes 0): ``(lower, upper, count,
    mean confidence, accuracy)`` for each bin holding at least one item."""
    grouped: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for c, ok in zip(confidence, correct, strict=True):
        grouped[min(int(c * bins - 1e-9) if c > 0 else 0, bins - 1)].append((c, ok))
    return [
        (
            i / bins,
            (i + 1) / bins,
            len(items),
            sum(c for c, _ in items) / len(items),
            sum(ok for _, ok in items) / len(items),
        )
        for i, items in enumerate(grouped)
        if items
    ]


def expected_calibration_error(
    confidence: Sequence[float], correct: Sequence[bool], bins: int = 15
) -> float:
    """Sum over bins of (share of items) x |accuracy - mean confidence|."""
    n = len(confidence)
    if not n:
        return 0.0
    return sum(
        count / n * abs(acc - conf)
        for _, _, count, conf, acc in reliability_bins(confidence, correct, bins)
    )


def brier_score(confidence: Sequence[float], correct: Sequence[bool]) -> float:
    """Top-label Brier score: mean of (confidence - 1 if correct else 0) squared."""
    if not confidence:
        return 0.0
    pairs = zip(confidence, correct, strict=True)
    return sum((c - float(ok)) ** 2 for c, ok in pairs) / len(confidence)


def bootstrap_interval(
    gold: Sequence[Hashable],
    predicted: Sequence[Hashable],
    measure: Callable[[Sequence[Hashable], Sequence[Hashable]], float],
    resamples: int = 200,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of ``measure`` over items resampled with replacement."""
    n = len(gold)
    if not n:
        return 0.0, 0.0
    rng = random.Random(seed)
    values = []
    for _ in range(resamples):
        picks = [rng.randrange(n) for _ in range(n)]
        values.append(measure([gold[i] for i in picks], [predicted[i] for i in picks]))
    values.sort()
    tail = (1.0 - level) / 2
    low = values[int(tail * (resamples - 1))]
    high = values[int(round((1.0 - tail) * (resamples - 1)))]
    return low, high


def recall_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Share of the relevant items among the first ``k`` ranked."""
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:k])) / len(relevant)


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    """1 / rank of the first relevant item, 0.0 when none is ranked."""
    for rank, item in enumerate(ranked, start=1):
        if item in relevant:
            return 1.0 / rank
    return 0.0


def average_precision(scores: Sequence[float], relevant: Sequence[bool]) -> float:
    """Average precision of ranking items by ``scores`` (highest first; ties keep input
    order): mean over relevant items of the precision at their rank."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, total = 0, 0.0
    for rank, i in enumerate(order, start=1):
        if relevant[i]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def span_overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Characters shared by two half-open spans over the length of the shorter one."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return max(shared, 0) / shorter if shorter > 0 else 0.0
