"""The majority-class baseline, as a verifier: every claim gets the split's commonest label."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from factcheck.models import Claim, Evidence, Label, Verdict

NAME = "majority"


class MajorityBaseline:
    """Predicts ``label`` whatever the claim and evidence; its score is the label's share of
    the split turned into P(claim true): ``share`` for SUPPORTED, ``1 - share`` for
    REFUTED, 0.5 otherwise."""

    name = NAME

    def __init__(self, label: Label, share: float):
        self.label = label
        self.share = share

    @classmethod
    def from_labels(cls, labels: Sequence[Label]) -> MajorityBaseline:
        (label, count), *_ = Counter(labels).most_common(1)
        return cls(label, count / len(labels))

    def verify(self, claim: Claim, evidence: Sequence[Evidence]) -> Verdict:
        score = {Label.SUPPORTED: self.share, Label.REFUTED: 1.0 - self.share}.get(self.label, 0.5)
        return Verdict(
            label=self.label,
            score=score,
            rationale="The most common label of the split.",
            verifier=self.name,
        )
