"""What every verifier that reads passages with a trained model (`trained`, `encoder`,
`ensemble`: `factcheck.verify.probabilities.ReadingVerifier`) shares, on the real models."""

from __future__ import annotations

import pytest

from factcheck import registry
from factcheck.config import Settings
from factcheck.extract.building import claim_from_text
from factcheck.models import Label
from tests.conftest import evidence_passage


@pytest.mark.parametrize("name", ["trained", "encoder", "ensemble"])
def test_the_numbers_are_shown_side_by_side(name: str) -> None:
    """The model decides; the rule verifier's comparison of the numbers is shown where it
    bears out the model's stance."""
    verifier = registry.create("verifier", name, Settings())
    evidence = [
        evidence_passage(1, "The Sora app reached 1 million downloads in less than five days.")
    ]
    wrong = verifier.verify(
        claim_from_text("The Sora app passed 10 million downloads in five days."), evidence
    )
    assert wrong.label is Label.REFUTED
    (finding,) = wrong.findings
    assert (finding.claim_value, finding.evidence_value) == (
        "10 million downloads",
        "1 million downloads",
    )
    assert not finding.agrees and "10,000,000" in wrong.rationale and "1,000,000" in wrong.rationale
    right = verifier.verify(
        claim_from_text("The Sora app passed 1 million downloads in five days."), evidence
    )
    assert right.label is Label.SUPPORTED and all(f.agrees for f in right.findings)
