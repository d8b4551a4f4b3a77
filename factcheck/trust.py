"""Trust scores: per claim, the verdict's probability that the claim is true; per article,
the mean of its verified claims weighted by check-worthiness.

A claim with NOT_ENOUGH_INFO says nothing either way, so it counts at half weight around
the neutral 0.5; an article with no verifiable claim has no score rather than a made-up one.
Figures that do not add up (`factcheck.numbers.arithmetic`: a stated growth rate, change or
share its own figures do not give) mean one of the claims that give them is wrong whatever the
evidence says: each such check counts as one more claim with score 0, at the check-worthiness
of the most check-worthy claim it names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from factcheck.models import ArithmeticCheck, CheckedClaim, Label, TrustScore, Verdict

UNKNOWN_WEIGHT = 0.5


def claim_trust(verdict: Verdict) -> float:
    """A claim's trust: its verdict's probability that the claim is true."""
    return verdict.score


def article_trust(
    claims: Sequence[CheckedClaim], arithmetic: Sequence[ArithmeticCheck] = ()
) -> TrustScore:
    verified = [c for c in claims if c.verdict is not None]
    counts = Counter(c.verdict.label for c in verified if c.verdict)
    label_counts = {label: counts.get(label, 0) for label in Label}
    scored = [
        (
            c.checkworthiness * (UNKNOWN_WEIGHT if c.verdict.label == Label.NOT_ENOUGH_INFO else 1),
            c.verdict.score,
        )
        for c in verified
        if c.verdict
    ]
    worth = {c.id: c.checkworthiness for c in claims}
    inconsistent = [check for check in arithmetic if not check.consistent]
    scored += [(max(worth.get(i, 1.0) for i in check.claim_ids), 0.0) for check in inconsistent]
    total = sum(weight for weight, _ in scored)
    if not verified or total == 0:
        return TrustScore(
            score=None,
            explanation="No check-worthy claim was verified, so the article has no trust score.",
            label_counts=label_counts,
            weighted_claims=0.0,
        )
    score = round(sum(weight * value for weight, value in scored) / total, 3)
    parts = ", ".join(f"{n} {label.value}" for label, n in label_counts.items() if n)
    explanation = (
        f"{len(verified)} claims verified ({parts}); trust is their support scores averaged, "
        f"weighted by check-worthiness (NOT_ENOUGH_INFO at half weight)"
    )
    if inconsistent:
        explanation += (
            ", with 1 set of figures that does not add up counted as a false claim"
            if len(inconsistent) == 1
            else f", with {len(inconsistent)} sets of figures that do not add up counted as "
            "false claims"
        )
    return TrustScore(
        score=score,
        explanation=f"{explanation}: {score:.2f}.",
        label_counts=label_counts,
        weighted_claims=total,
    )
