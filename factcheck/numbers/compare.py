"""A claim's number or date set against the one the evidence gives, and growth-rate arithmetic.

>>> from factcheck.numbers.quantities import parse_quantities
>>> claimed, = parse_quantities("下載量突破1000萬次")
>>> stated, = parse_quantities("1 million downloads")
>>> comparison = compare_quantities(claimed, stated)
>>> comparison.agrees, comparison.note.split("; ")
(False, ['claim: 突破1000萬次 (at least 10,000,000)', 'evidence: 1 million downloads (1,000,000)'])

Conventions:

- Counts and unitless numbers are one dimension (1000萬次 against "1 million"); percentages
  and fractions are another (10% against 1/10); each currency is its own; durations convert
  between s, min, h, day and week, and between month and year, but not from one group to the
  other.
- An exact claim agrees when the evidence is within `rel_tolerance` of it, an approximate one
  (on either side) within three times that; "at least" and "at most" are open-ended.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from factcheck.models import DateMention, Quantity

_APPROXIMATE_SLACK = 3  # "about 100" tolerates three times the exact tolerance
_DIMENSIONS = {  # unit -> (dimension, factor to the dimension's base unit)
    "%": ("ratio", 0.01),
    "s": ("time", 1), "min": ("time", 60), "h": ("time", 3_600), "day": ("time", 86_400),
    "week": ("time", 604_800),
    "month": ("calendar", 1), "year": ("calendar", 12),
}
_BOUND_WORDS = {"exact": "", "approximate": "about ", "at_least": "at least ",
                "at_most": "at most "}
_ISO_LENGTH = {"year": 4, "month": 7, "day": 10}


@dataclass(frozen=True)
class Comparison:
    """Whether the evidence agrees with the claim, and a one-line note showing both."""

    agrees: bool
    note: str


def _dimension(q: Quantity) -> tuple[str, float]:
    if q.kind in ("count", "other"):
        return "number", 1.0
    if q.kind == "fraction":
        return "ratio", 1.0
    return _DIMENSIONS.get(q.unit or "", (f"{q.kind} {q.unit}", 1.0))


def _number(value: float) -> str:
    """``10000000`` -> ``10,000,000``; ``0.1`` -> ``0.1``."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.6g}"


def _show(q: Quantity) -> str:
    """``突破1000萬次 (at least 10,000,000)``, ``6.15億美元 (615,000,000 USD)``."""
    if q.kind in ("count", "other", "fraction") or not q.unit:
        unit = ""
    else:
        unit = q.unit if q.unit in ("%", "x") else f" {q.unit}"
    return f"{q.text} ({_BOUND_WORDS[q.bound]}{_number(q.value)}{unit})"


def compare_quantities(claimed: Quantity, stated: Quantity,
                       rel_tolerance: float = 0.05) -> Comparison | None:
    """Whether the evidence's quantity agrees with the claim's; None if they cannot be compared.

    >>> from factcheck.numbers.quantities import parse_quantities
    >>> compare_quantities(*parse_quantities("more than 10 million, 12 million")).agrees
    True
    >>> compare_quantities(*parse_quantities("5天, 5%")) is None
    True
    """
    dimension, claimed_factor = _dimension(claimed)
    stated_dimension, stated_factor = _dimension(stated)
    if dimension != stated_dimension:
        return None
    claim, evidence = claimed.value * claimed_factor, stated.value * stated_factor
    tolerance = rel_tolerance * (
        _APPROXIMATE_SLACK if "approximate" in (claimed.bound, stated.bound) else 1)
    low, high = claim - tolerance * abs(claim), claim + tolerance * abs(claim)
    if claimed.bound == "at_least":
        high = math.inf
    if claimed.bound == "at_most":
        low = -math.inf
    evidence_low = -math.inf if stated.bound == "at_most" else evidence
    evidence_high = math.inf if stated.bound == "at_least" else evidence
    agrees = evidence_low <= high and low <= evidence_high
    return Comparison(agrees, f"claim: {_show(claimed)}; evidence: {_show(stated)}")


def _day_month(day: date) -> str:
    return f"{day.day} {day:%B}"


def compare_dates(claimed: DateMention, stated: DateMention) -> Comparison | None:
    """Compare at the coarser granularity; None if either date is unresolved.

    A difference of one day is taken for a time-zone difference and agrees.

    >>> from factcheck.numbers.dates import parse_dates
    >>> print(compare_dates(*parse_dates("10月1日 / Sep 30", default_year=2025)).note)
    claim: 10月1日 (2025-10-01); evidence: Sep 30 (2025-09-30); 30 September in the US is \
1 October in Beijing: a time-zone difference, not an error
    """
    if claimed.iso is None or stated.iso is None:
        return None
    note = f"claim: {claimed.text} ({claimed.iso}); evidence: {stated.text} ({stated.iso})"
    length = min(_ISO_LENGTH[claimed.granularity], _ISO_LENGTH[stated.granularity],
                 len(claimed.iso), len(stated.iso))
    if claimed.iso[:length] == stated.iso[:length]:
        return Comparison(True, note)
    if length == _ISO_LENGTH["day"]:
        earlier, later = sorted(map(date.fromisoformat, (claimed.iso, stated.iso)))
        if (later - earlier).days == 1:
            return Comparison(True, f"{note}; {_day_month(earlier)} in the US is "
                                    f"{_day_month(later)} in Beijing: a time-zone difference, "
                                    "not an error")
    return Comparison(False, note)


def growth_rate(start: float, end: float, years: float) -> float:
    """Compound annual growth rate from `start` to `end` over `years`.

    >>> round(growth_rate(100, 121, 2), 6)
    0.1
    """
    if start <= 0 or end < 0 or years <= 0:
        raise ValueError(f"no growth rate from {start} to {end} over {years} years")
    return (end / start) ** (1 / years) - 1


def check_stated_growth(start: float, end: float, years: float, stated_rate: float,
                        tolerance: float = 0.02) -> Comparison:
    """Whether a stated annual rate (a fraction: 0.20 for 20%) takes `start` to `end`.

    `tolerance` is in rate points: 0.02 accepts 18% to 22% for a stated 20%.

    >>> print(check_stated_growth(6.15, 25.63, 8, 0.20).note)
    6.15 to 25.63 over 8 years is 19.5% a year; stated 20.0%, which would give 26.44
    """
    actual = growth_rate(start, end, years)
    implied = start * (1 + stated_rate) ** years
    note = (f"{_number(start)} to {_number(end)} over {_number(years)} years is {actual:.1%} a "
            f"year; stated {stated_rate:.1%}, which would give {implied:,.2f}")
    return Comparison(abs(actual - stated_rate) <= tolerance, note)
