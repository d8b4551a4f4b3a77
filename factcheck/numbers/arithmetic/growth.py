"""A stated compound annual growth rate set against the figures the same sentence gives for
two years.

"2024年...規模已達6.15億美元，2025年將達到7.17億美元，預計2032年將增至25.63億美元，年復合增長率達20%"
states a rate and three dated figures; the rate should take the figures from one year to
another. `growth_checks` finds such sentences among an article's claims and says whether the
rate holds (`numbers.compare.check_stated_growth`, within 2 rate points), showing the figures
and the rate they imply.

Reading, per sentence (the claims extracted from one sentence share its text):

- the stated rate: a percentage in a claim that names a compound or average annual growth
  rate (``RATE_WORDS``: 年複合增長率, 年均增長, CAGR, compound annual growth ...; either script);
- the dated figures: every other quantity of the sentence's claims with its year in the same
  claim (`figures.figures`: the year right after it, "$2 billion in 2020", else the
  nearest year written before it, "2025年將達到7.17億美元"); a figure with neither is left
  out, and so is a percentage;
- the span: the latest year's figure is the end; each earlier year's figure of the same
  dimension (`numbers.units.dimension`: one currency, or counts) is a possible start.
  Reports rarely say which year the rate runs from (the first figure, or the year after it
  when the first is the last actual one), so the rate holds when it takes any start to the
  end; the note shows the closest start, or, when none fits, the earliest.

Nothing is checked when the sentence lacks a rate, or dated figures of one dimension in two
different years: silence is not an error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factcheck.models import ArithmeticCheck, Claim, Quantity
from factcheck.numbers.arithmetic.figures import (
    Figure,
    arithmetic_check,
    by_year,
    figures,
    sentences,
)
from factcheck.numbers.compare import check_stated_growth, growth_rate
from factcheck.script import to_simplified

RATE_WORDS = re.compile(  # matched on simplified text: 年複合/年復合增長率 read 年复合增长率
    r"(年复合增长|复合年增长|年均复合增长|年均增长|年均增幅|\bCAGR\b|compound(ed)? annual growth"
    r"|average annual growth|annual(ised|ized)? growth rate)",
    re.IGNORECASE,
)


def names_a_rate(claim: Claim) -> bool:
    """Whether the claim names a compound or average annual growth rate."""
    return bool(RATE_WORDS.search(to_simplified(claim.text)))


def _stated_rate(claim: Claim) -> Quantity | None:
    """The percentage a claim gives as an annual growth rate, if it names one."""
    if not names_a_rate(claim):
        return None
    rates = [q for q in claim.quantities if q.kind == "percent"]
    return rates[0] if len(rates) == 1 else None


def _check(rate: Quantity, rate_claim: Claim, amounts: list[Figure]) -> ArithmeticCheck | None:
    """The rate against the figures of the latest year's dimension, if two years have them."""
    span = by_year(amounts)
    if span is None:
        return None
    end, earlier = span
    starts = [f for f in earlier if f.quantity.value > 0]
    if not starts or end.quantity.value < 0:
        return None
    stated = rate.value / 100

    def compared(start: Figure):
        """The rate from ``start`` to the end, both figures in the start's scale as written."""
        scale = start.quantity.number / start.quantity.value
        return check_stated_growth(
            start.quantity.number, end.quantity.value * scale, end.year - start.year, stated
        )

    def gap(start: Figure) -> float:
        years = end.year - start.year
        return abs(growth_rate(start.quantity.value, end.quantity.value, years) - stated)

    start = min(starts, key=gap)
    comparison = compared(start)
    if not comparison.agrees:  # no start fits: show the earliest
        start = min(starts, key=lambda f: f.year)
        comparison = compared(start)
    return arithmetic_check("growth_rate", rate.text, rate_claim, start, end, comparison)


def growth_checks(claims: Sequence[Claim]) -> list[ArithmeticCheck]:
    """Every stated annual growth rate that the same sentence's dated figures can check."""
    checks = []
    for members in sentences(claims):
        amounts = [f for claim in members for f in figures(claim)]
        for claim in members:
            rate = _stated_rate(claim)
            if rate is not None:
                found = _check(rate, claim, amounts)
                if found is not None:
                    checks.append(found)
    return checks
