"""Evaluation measures: accuracy, macro-F1 over the labels present, expected calibration error."""

from __future__ import annotations

import numpy as np


def macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    """Mean F1 over the labels present in ``y`` (a label never predicted scores 0)."""
    scores = []
    for label in np.unique(y):
        tp = np.sum((pred == label) & (y == label))
        precision = tp / max(np.sum(pred == label), 1)
        recall = tp / np.sum(y == label)
        scores.append(0.0 if tp == 0 else 2 * precision * recall / (precision + recall))
    return float(np.mean(scores))


def ece(y: np.ndarray, proba: np.ndarray, bins: int = 15) -> float:
    """Expected calibration error of the top label, in ``bins`` equal-width confidence bins."""
    confidence = proba.max(axis=1)
    correct = proba.argmax(axis=1) == y
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        in_bin = (confidence > lo) & (confidence <= hi)
        if in_bin.any():
            total += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return float(total)


def summary(y: np.ndarray, proba: np.ndarray) -> dict[str, float]:
    """Accuracy, macro-F1 and ECE of ``proba``, and the majority-class baseline on ``y``."""
    pred = proba.argmax(axis=1)
    majority = np.full_like(y, np.bincount(y).argmax())
    return {
        "n": int(len(y)),
        "accuracy": float(np.mean(pred == y)),
        "macro_f1": macro_f1(y, pred),
        "ece": ece(y, proba),
        "majority_accuracy": float(np.mean(majority == y)),
        "majority_macro_f1": macro_f1(y, majority),
    }
