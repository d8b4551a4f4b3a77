"""The verification stage's interface."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from factcheck.models import Claim, Evidence, Verdict

Items = Sequence[tuple[Claim, Sequence[Evidence]]]  # claims, each with its evidence


@runtime_checkable
class Verifier(Protocol):
    """Turns a claim and the evidence retrieved for it into a verdict.

    Evidence that is merely silent about the claim must give NOT_ENOUGH_INFO, never REFUTED.
    """

    name: str

    def verify(self, claim: Claim, evidence: Sequence[Evidence]) -> Verdict: ...


@runtime_checkable
class BatchVerifier(Verifier, Protocol):
    """A verifier that verifies many claims at once, faster than one by one."""

    def verify_many(self, items: Items) -> list[Verdict]: ...
