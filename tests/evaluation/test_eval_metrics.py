"""The measures on cases computed by hand."""

from __future__ import annotations

import pytest

from factcheck.evaluation import metrics
from factcheck.models import Label

S, R, N = Label.SUPPORTED, Label.REFUTED, Label.NOT_ENOUGH_INFO
GOLD = [S, S, S, R, R, N]
PRED = [S, S, R, R, N, N]


def test_accuracy():
    assert metrics.accuracy(GOLD, PRED) == pytest.approx(4 / 6)
    assert metrics.accuracy([], []) == 0.0


def test_precision_recall_f1_per_label():
    # S: tp 2, predicted 2, gold 3 -> P 1, R 2/3, F1 0.8
    assert metrics.precision_recall_f1(GOLD, PRED, S) == pytest.approx((1.0, 2 / 3, 0.8))
    # R: tp 1, predicted 2, gold 2 -> P 0.5, R 0.5, F1 0.5
    assert metrics.precision_recall_f1(GOLD, PRED, R) == pytest.approx((0.5, 0.5, 0.5))
    # N: tp 1, predicted 2, gold 1 -> P 0.5, R 1, F1 2/3
    assert metrics.precision_recall_f1(GOLD, PRED, N) == pytest.approx((0.5, 1.0, 2 / 3))


def test_macro_f1_averages_only_labels_present_in_gold():
    assert metrics.macro_f1(GOLD, PRED) == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)
    # CONFLICTING is predicted but absent from the gold: not averaged, costs S precision.
    gold, pred = [S, S, R, R], [S, Label.CONFLICTING, R, R]
    # S: P 1, R 0.5, F1 2/3; R: P 1, R 1, F1 1
    assert metrics.macro_f1(gold, pred) == pytest.approx((2 / 3 + 1) / 2)


def test_confusion_matrix_rows_are_gold():
    assert metrics.confusion_matrix(GOLD, PRED, [S, R, N]) == [[2, 1, 0], [0, 1, 1], [0, 0, 1]]


def test_ece_and_reliability_bins():
    confidence = [0.9, 0.9, 0.9, 0.9, 0.3, 0.3]
    correct = [True, True, True, False, False, True]
    bins = metrics.reliability_bins(confidence, correct, bins=15)
    # 0.3 falls in (4/15, 5/15], 0.9 in (13/15, 14/15]
    assert [(round(lo * 15), n) for lo, _, n, _, _ in bins] == [(4, 2), (13, 4)]
    # 4/6 * |0.75 - 0.9| + 2/6 * |0.5 - 0.3| = 0.1 + 0.0667
    assert metrics.expected_calibration_error(confidence, correct) == pytest.approx(0.1 + 0.2 / 3)


def test_bin_edges_are_upper_inclusive():
    (lo, hi, n, _, _), *_ = metrics.reliability_bins([0.8], [True], bins=15)
    assert (round(lo * 15), round(hi * 15), n) == (11, 12, 1)
    assert metrics.reliability_bins([0.0, 1.0], [True, True], bins=15)[0][:3] == (0.0, 1 / 15, 1)


def test_perfect_calibration_has_zero_ece():
    assert metrics.expected_calibration_error([1.0, 1.0], [True, True]) == 0.0


def test_brier_score():
    # (0.9 - 1)^2 + (0.2 - 0)^2 + (0.5 - 1)^2 = 0.01 + 0.04 + 0.25
    assert metrics.brier_score([0.9, 0.2, 0.5], [True, False, True]) == pytest.approx(0.30 / 3)


def test_bootstrap_interval_brackets_the_estimate_and_is_reproducible():
    gold = [S] * 50 + [R] * 50
    pred = [S] * 40 + [R] * 10 + [R] * 30 + [S] * 20
    low, high = metrics.bootstrap_interval(gold, pred, metrics.accuracy, resamples=200, seed=0)
    assert low < 0.7 < high
    assert low > 0.55 and high < 0.85
    assert (low, high) == metrics.bootstrap_interval(gold, pred, metrics.accuracy, seed=0)
    assert metrics.bootstrap_interval([S] * 5, [S] * 5, metrics.accuracy) == (1.0, 1.0)


def test_recall_at_k_and_reciprocal_rank():
    ranked = ["d3", "d1", "d7", "d2"]
    assert metrics.recall_at_k(ranked, {"d1", "d2"}, k=2) == 0.5
    assert metrics.recall_at_k(ranked, {"d1", "d2"}, k=4) == 1.0
    assert metrics.reciprocal_rank(ranked, {"d7", "d2"}) == pytest.approx(1 / 3)
    assert metrics.reciprocal_rank(ranked, {"d9"}) == 0.0


def test_average_precision():
    # ranked: a(rel) b(not) c(rel) d(not): (1/1 + 2/3) / 2
    scores, relevant = [0.9, 0.8, 0.7, 0.1], [True, False, True, False]
    assert metrics.average_precision(scores, relevant) == pytest.approx((1 + 2 / 3) / 2)
    assert metrics.average_precision([0.1, 0.9], [True, False]) == pytest.approx(0.5)
    assert metrics.average_precision([0.5], [False]) == 0.0


def test_span_overlap_over_the_shorter_span():
    assert metrics.span_overlap((0, 10), (5, 7)) == 1.0
    assert metrics.span_overlap((0, 10), (8, 12)) == 0.5
    assert metrics.span_overlap((0, 4), (4, 8)) == 0.0
