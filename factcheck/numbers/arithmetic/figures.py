"""The figures an article's sentence gives, read from its claims: what the arithmetic checks
compare.

The claims extracted from one sentence share its text (`Claim.sentence`) and split its
quantities among them; `sentences` gathers them again, in the order they are written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.models import ArithmeticCheck, Claim, Quantity
from factcheck.numbers.compare import Comparison
from factcheck.numbers.units import dimension
from factcheck.script import to_simplified

WINDOW = 16  # characters read either side of a quantity for the words around it
REACH = 80  # the figures of a change or share are at most this many characters from it

_YEAR = re.compile(r"^(\d{4})")
_YEAR_AFTER = re.compile(r"\s*(?:in|by|for|as of|at the end of)\s+(?:fiscal\s+)?(\d{4})\b", re.I)


@dataclass(frozen=True)
class Figure:
    """A quantity of a claim, with the year it is given for (None if none is written)."""

    quantity: Quantity
    claim: Claim
    year: int | None = None

    @property
    def measure(self) -> tuple[str, float]:
        """The dimension the figure measures and the factor to its base unit."""
        return dimension(self.quantity.unit, self.quantity.kind)

    @property
    def position(self) -> int:
        """Where the figure stands in the article, near enough to measure distances."""
        return position(self.claim, self.quantity)

    def pairs_with(self, other: Figure) -> bool:
        """Whether the two measure the same thing: one dimension, and for counts the same noun
        or measure word where both have one (500 employees are not 2,000 units)."""
        if self.measure != other.measure:
            return False
        units = (self.quantity.unit, other.quantity.unit)
        return self.measure[0] != "number" or None in units or units[0] == units[1]

    def shown(self) -> str:
        """``6.15億美元 (2024)``, or the figure as written when it has no year."""
        text = self.quantity.text
        return f"{text} ({self.year})" if self.year is not None else text


def position(claim: Claim, quantity: Quantity) -> int:
    """Where a quantity of a claim stands in the article (the claim's offset in the text as
    read plus the quantity's in the cleaned claim: near enough to measure distances)."""
    return claim.span.start + quantity.span.start


def before(claim: Claim, quantity: Quantity) -> str:
    """The text just before a quantity of a claim, in simplified script."""
    start = quantity.span.start
    return to_simplified(claim.text[max(0, start - WINDOW) : start])


def sentences(claims: Sequence[Claim]) -> list[list[Claim]]:
    """The claims grouped by the sentence they come from, each group in reading order."""
    grouped: dict[str, list[Claim]] = {}
    for claim in claims:
        grouped.setdefault(claim.sentence, []).append(claim)
    return [sorted(members, key=lambda c: c.span.start) for members in grouped.values()]


def figures(claim: Claim) -> list[Figure]:
    """The claim's amounts, in order, each with its year where one is written: the year right
    after it ("$2 billion in 2020", "by 2025"), else the nearest written before it
    ("2024年...6.15億"). Percentages, fractions, multiples and durations are not amounts."""
    years = sorted(
        (d.span.start, int(m.group(1)))
        for d in claim.dates
        if d.iso and not d.relative and (m := _YEAR.match(d.iso))
    )
    out = []
    for quantity in claim.quantities:
        if quantity.kind in ("percent", "fraction", "multiplier", "duration"):
            continue
        after = _YEAR_AFTER.match(claim.text, quantity.span.end)
        before = [year for start, year in years if start < quantity.span.start]
        if after and any(start == after.start(1) for start, _ in years):
            out.append(Figure(quantity, claim, int(after.group(1))))
        else:
            out.append(Figure(quantity, claim, before[-1] if before else None))
    return out


def by_year(amounts: Sequence[Figure]) -> tuple[Figure, list[Figure]] | None:
    """Of the amounts that have a year: the latest year's (the end of a span) and the earlier
    years' that measure the same thing (its possible starts); None if none has a year."""
    dated = [f for f in amounts if f.year is not None]
    if not dated:
        return None
    end = max(dated, key=lambda f: f.year or 0)
    earlier = [f for f in dated if (f.year or 0) < (end.year or 0) and f.pairs_with(end)]
    return end, earlier


def arithmetic_check(
    kind: str, stated: str, claim: Claim, start: Figure, end: Figure, comparison: Comparison
) -> ArithmeticCheck:
    """The record of a check: what ``claim`` states against the figures ``start`` and ``end``."""
    return ArithmeticCheck(
        kind=kind,
        stated=stated,
        start=start.shown(),
        end=end.shown(),
        consistent=comparison.agrees,
        note=comparison.note,
        claim_ids=tuple(dict.fromkeys((claim.id, start.claim.id, end.claim.id))),
    )
