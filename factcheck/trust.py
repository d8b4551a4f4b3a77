"""Trust scores: per claim, the verdict's probability that the claim is true; per article,
the mean of its verified claims weighted by check-worthiness.

A claim with NOT_ENOUGH_INFO says nothing either way, so it counts at half weight around
the neutral 0.5; an article with no verifiable claim has no score rather than a made-up one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from factcheck.models import CheckedClaim, Label, TrustScore, Verdict

UNKNOWN_WEIGHT = 0.5


def claim_trust(verdict: Verdict) -> float:
    """A claim's trust: its verdict's probability that the claim is true."""
    return verdict.score


def article_trust(claims: Sequence[CheckedClaim]) -> TrustScore:
    verified = [c for c in claims if c.verdict is not None]
    counts = Counter(c.verdict.label for c in verified if c.verdict)
    label_counts = {label: counts.get(label, 0) for label in Label}
    weights = [
        c.checkworthiness * (UNKNOWN_WEIGHT if c.verdict.label == Label.NOT_ENOUGH_INFO else 1.0)
        for c in verified
        if c.verdict
    ]
    total = sum(weights)
    if not verified or total == 0:
        return TrustScore(
            score=None,
            explanation="No check-worthy claim was verified, so the article has no trust score.",
            label_counts=label_counts,
            weighted_claims=0.0,
        )
    score = sum(w * c.verdict.score for w, c in zip(weights, verified, strict=True) if c.verdict)
    score = round(score / total, 3)
    parts = ", ".join(f"{n} {label.value}" for label, n in label_counts.items() if n)
    explanation = (
        f"{len(verified)} claims verified ({parts}); trust is their support scores averaged, "
        f"weighted by check-worthiness (NOT_ENOUGH_INFO at half weight): {score:.2f}."
    )
    return TrustScore(
        score=score, explanation=explanation, label_counts=label_counts, weighted_claims=total
    )
