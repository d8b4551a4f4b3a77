"""A claim's number or date set against the one the evidence gives, and the arithmetic of a
stated growth rate, change or multiple against two figures.

>>> from factcheck.numbers.quantities import parse_quantities
>>> claimed, = parse_quantities("下載量突破1000萬次")
>>> stated, = parse_quantities("1 million downloads")
>>> comparison = compare_quantities(claimed, stated)
>>> comparison.agrees, comparison.note.split("; ")
(False, ['claim: 突破1000萬次 (at least 10,000,000)', 'evidence: 1 million downloads (1,000,000)'])

Conventions:

- The answer has three values, because a verifier reads "agrees" as support. With the claim's
  interval C (its value within the tolerance, open-ended for "at least" / "at most") and the
  evidence's E (a point, open-ended for its bound): the evidence confirms the claim
  (``agrees=True``) when E lies within C, contradicts it (``agrees=False``) when E and C do
  not meet, and decides nothing (``None``) when they overlap only in part: "more than 100" or
  "over 5 million" neither confirms nor refutes "more than 10 million". ``None`` is returned
  in place of a `Comparison`, as for things that cannot be compared, so that a caller that
  keeps only comparisons never takes an undecided pair for support.
- The tolerance is `rel_tolerance` of the claim's value (0.5%: "1953.3克" is not "1935.3 克"),
  `APPROXIMATE_TOLERANCE` when either side is approximate, and never less than the rounding of
  either number as written ("1.2 hours" is 70 minutes).
- Quantities compare within a dimension (see `units.dimension`): counts and unitless numbers
  are one (1000萬次 against "1 million"), percentages and fractions another (10% against
  1/10), each currency its own. Units convert within a dimension: s, min, h, day and week;
  month and year; m, km and miles; g, kg and t; W to GW. A count never compares with a
  physical unit or a duration, nor mass with length: None.
- Dates are periods (a day, a month, a year) and follow the same three values; a claimed day
  reaches one day either side, as 30 September in the US is 1 October in Beijing.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date

from factcheck.models import Bound, DateMention, Quantity
from factcheck.numbers.units import dimension

APPROXIMATE_TOLERANCE = 0.06  # "about 100", "近百億": within 6%
_BOUND_WORDS = {
    "exact": "",
    "approximate": "about ",
    "at_least": "at least ",
    "at_most": "at most ",
}
_NO_SPACE = ("%", "x", "°C")  # 20%, 3x, 35°C


@dataclass(frozen=True)
class Comparison:
    """Whether the evidence confirms (True) or contradicts (False) the claim, and a note."""

    agrees: bool
    note: str


def _number(value: float) -> str:
    """``10000000`` -> ``10,000,000``; ``0.1`` -> ``0.1``."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.6g}"


def _show(q: Quantity) -> str:
    """``突破1000萬次 (at least 10,000,000)``, ``6.15億美元 (615,000,000 USD)``."""
    if q.kind in ("count", "fraction") or not q.unit:
        unit = ""
    else:
        unit = q.unit if q.unit in _NO_SPACE else f" {q.unit}"
    return f"{q.text} ({_BOUND_WORDS[q.bound]}{_number(q.value)}{unit})"


def _verdict(low: float, high: float, evidence_low: float, evidence_high: float) -> bool | None:
    """True if the evidence lies within [low, high], False if apart from it, else None."""
    if low <= evidence_low and evidence_high <= high:
        return True
    if evidence_high < low or high < evidence_low:
        return False
    return None


_DECIMALS = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def _rounding(q: Quantity, factor: float) -> float:
    """Half a unit of the last decimal written: "1.2 hours" may be anything from 1.15 to 1.25.
    A whole number ("1 hour", "100") is taken as exact."""
    match = _DECIMALS.search(q.text)
    decimals = len(match.group(1) or "") if match else 0
    if not decimals:
        return 0.0
    scale = q.value / q.number if q.number else 1.0
    return 0.5 * 10.0**-decimals * abs(scale) * factor


def _open_ended(bound: Bound, low: float, high: float) -> tuple[float, float]:
    """[low, high], open above for "at least" and below for "at most"."""
    return (-math.inf if bound == "at_most" else low, math.inf if bound == "at_least" else high)


def compare_quantities(
    claimed: Quantity, stated: Quantity, rel_tolerance: float = 0.005
) -> Comparison | None:
    """Whether the evidence confirms or contradicts the claim's quantity; None if it does
    neither, or if the two cannot be compared.

    >>> from factcheck.numbers.quantities import parse_quantities
    >>> compare_quantities(*parse_quantities("more than 10 million, 12 million")).agrees
    True
    >>> compare_quantities(*parse_quantities("突破1000萬次, 突破 100")) is None
    True
    >>> print(compare_quantities(*parse_quantities("重達8噸多, 8,200 kg")).note)
    claim: 8噸多 (at least 8 t); evidence: 8,200 kg (8,200 kg)
    >>> compare_quantities(*parse_quantities("5天, 5%")) is None
    True
    """
    claimed_dimension, claimed_factor = dimension(claimed.unit, claimed.kind)
    stated_dimension, stated_factor = dimension(stated.unit, stated.kind)
    if claimed_dimension != stated_dimension:
        return None
    claim, evidence = claimed.value * claimed_factor, stated.value * stated_factor
    if not (math.isfinite(claim) and math.isfinite(evidence)):
        return None
    approximate = "approximate" in (claimed.bound, stated.bound)
    slack = abs(claim) * (APPROXIMATE_TOLERANCE if approximate else rel_tolerance)
    slack = max(slack, _rounding(claimed, claimed_factor), _rounding(stated, stated_factor))
    low, high = _open_ended(claimed.bound, claim - slack, claim + slack)
    agrees = _verdict(low, high, *_open_ended(stated.bound, evidence, evidence))
    if agrees is None:
        return None
    return Comparison(agrees, f"claim: {_show(claimed)}; evidence: {_show(stated)}")


def _day_month(day: date) -> str:
    return f"{day.day} {day:%B}"


def _period(iso: str) -> tuple[date, date]:
    """The first and last day of ``2025``, ``2025-10`` or ``2025-10-01``."""
    parts = [int(part) for part in iso.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else None
    if len(parts) == 3:
        return (date(*parts),) * 2
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def compare_dates(claimed: DateMention, stated: DateMention) -> Comparison | None:
    """Whether the evidence's date confirms or contradicts the claim's; None if it does neither
    (a year against a day in it) or if either date is unresolved.

    A difference of one day is taken for a time-zone difference and agrees.

    >>> from factcheck.numbers.dates import parse_dates
    >>> print(compare_dates(*parse_dates("10月1日 / Sep 30", default_year=2025)).note)
    claim: 10月1日 (2025-10-01); evidence: Sep 30 (2025-09-30); 30 September in the US is \
1 October in Beijing: a time-zone difference, not an error
    >>> compare_dates(*parse_dates("2025年10月 / 10月21日", default_year=2025)).agrees
    True
    >>> compare_dates(*parse_dates("10月21日 / 2025年", default_year=2025)) is None
    True
    """
    if claimed.iso is None or stated.iso is None:
        return None
    (first, last), (stated_first, stated_last) = _period(claimed.iso), _period(stated.iso)
    slack = 1 if first == last else 0  # a claimed day reaches across time zones
    agrees = _verdict(
        first.toordinal() - slack,
        last.toordinal() + slack,
        stated_first.toordinal(),
        stated_last.toordinal(),
    )
    if agrees is None:
        return None
    note = f"claim: {claimed.text} ({claimed.iso}); evidence: {stated.text} ({stated.iso})"
    if agrees and first == last and stated_first == stated_last and stated_first != first:
        earlier, later = sorted((first, stated_first))
        note += (
            f"; {_day_month(earlier)} in the US is {_day_month(later)} in Beijing: "
            "a time-zone difference, not an error"
        )
    return Comparison(agrees, note)


def growth_rate(start: float, end: float, years: float) -> float:
    """Compound annual growth rate from `start` to `end` over `years`.

    >>> round(growth_rate(100, 121, 2), 6)
    0.1
    """
    if start <= 0 or end < 0 or years <= 0:
        raise ValueError(f"no growth rate from {start} to {end} over {years} years")
    return (end / start) ** (1 / years) - 1


def check_stated_growth(
    start: float, end: float, years: float, stated_rate: float, tolerance: float = 0.02
) -> Comparison:
    """Whether a stated annual rate (a fraction: 0.20 for 20%) takes `start` to `end`.

    `tolerance` is in rate points: 0.02 accepts 18% to 22% for a stated 20%.

    >>> print(check_stated_growth(6.15, 25.63, 8, 0.20).note)
    6.15 to 25.63 over 8 years is 19.5% a year; stated 20.0%, which would give 26.44
    """
    actual = growth_rate(start, end, years)
    implied = start * (1 + stated_rate) ** years
    note = (
        f"{_number(start)} to {_number(end)} over {_number(years)} years is {actual:.1%} a "
        f"year; stated {stated_rate:.1%}, which would give {implied:,.2f}"
    )
    return Comparison(abs(actual - stated_rate) <= tolerance, note)


MULTIPLE_TOLERANCE = 0.1  # "3倍" is read as 2.7 to 3.3 times


def _ratio(start: Quantity, end: Quantity) -> tuple[float, float, float, str] | None:
    """``end / start`` (lowest and highest the figures' rounding allows, and as written) and
    the unit to show amounts in; None if the two do not compare."""
    (start_dimension, start_factor), (end_dimension, end_factor) = (
        dimension(start.unit, start.kind),
        dimension(end.unit, end.kind),
    )
    if start_dimension != end_dimension or start.value <= 0 or end.value < 0:
        return None
    low_start = max(start.value * start_factor - _rounding(start, start_factor), 1e-12)
    high_start = start.value * start_factor + _rounding(start, start_factor)
    low_end = end.value * end_factor - _rounding(end, end_factor)
    high_end = end.value * end_factor + _rounding(end, end_factor)
    ratio = end.value * end_factor / (start.value * start_factor)
    unit = "" if start_dimension == "number" else f" {start.unit}"
    return low_end / high_start, high_end / low_start, ratio, unit


def check_stated_change(
    start: Quantity, end: Quantity, stated: Quantity, direction: int, tolerance: float = 1.0
) -> Comparison | None:
    """Whether a stated percentage change ("rose 20%", "下降30%"; `direction` +1 for a rise,
    -1 for a fall) takes the figure `start` to `end`; None if the two do not compare.

    Either figure may be anything its rounding as written allows ("2.1 million" is 2.05 to
    2.15 million); the stated change is read within `tolerance` percentage points (a report
    rounds 19.6% to 20%), `APPROXIMATE_TOLERANCE` of itself if approximate, and open-ended
    for "more than" and "less than".

    >>> from factcheck.numbers.quantities import parse_quantities
    >>> start, end, stated = parse_quantities("1,000 users, 1,200 users, 30%")
    >>> print(check_stated_change(start, end, stated, +1).note)
    1,000 users (1,000) to 1,200 users (1,200) is +20.0%; stated +30%, which would give 1,300
    """
    found = _ratio(start, end)
    if found is None:
        return None
    low_ratio, high_ratio, ratio, unit = found
    claimed = direction * stated.value
    slack = max(tolerance, _rounding(stated, 1.0))
    if stated.bound == "approximate":
        slack = max(slack, abs(claimed) * APPROXIMATE_TOLERANCE)
    bound = (
        stated.bound
        if direction > 0
        else {"at_least": "at_most", "at_most": "at_least"}.get(stated.bound, stated.bound)
    )  # "fell more than 20%" is a change of at most -20%
    low, high = _open_ended(bound, claimed - slack, claimed + slack)
    agrees = not (100 * (high_ratio - 1) < low or high < 100 * (low_ratio - 1))
    would_give = start.value * (1 + claimed / 100)
    note = (
        f"{_show(start)} to {_show(end)} is {100 * (ratio - 1):+.1f}%; stated "
        f"{_BOUND_WORDS[bound]}{claimed:+g}%, which would give {_number(would_give)}{unit}"
    )
    return Comparison(agrees, note)


def check_stated_multiple(start: Quantity, end: Quantity, stated: Quantity) -> Comparison | None:
    """Whether a stated rise of so many times ("增長3倍", "grew 3x") takes `start` to `end`;
    None if the two do not compare.

    "增長3倍" strictly means four times as much, and is as often written for three times: both
    readings hold, each within `MULTIPLE_TOLERANCE` of itself (and the figures' rounding).

    >>> from factcheck.numbers.quantities import parse_quantities
    >>> start, end, stated = parse_quantities("10, 15, 3倍")
    >>> print(check_stated_multiple(start, end, stated).note)
    10 (10) to 15 (15) is 1.5 times; stated 3倍, 3 or 4 times, which would give 30 or 40
    """
    found = _ratio(start, end)
    if found is None or stated.value <= 0:
        return None
    low_ratio, high_ratio, ratio, unit = found
    readings = (stated.value, stated.value + 1)
    agrees = any(
        not (high_ratio < k * (1 - MULTIPLE_TOLERANCE) or k * (1 + MULTIPLE_TOLERANCE) < low_ratio)
        for k in readings
    )
    times, gives = (" or ".join(_number(f) for f in values) for values in (
        readings, [start.value * k for k in readings]))  # fmt: skip
    note = (
        f"{_show(start)} to {_show(end)} is {ratio:.3g} times; stated {stated.text}, {times} "
        f"times, which would give {gives}{unit}"
    )
    return Comparison(agrees, note)


SHARE_TOLERANCE = 0.05  # a stated 35% holds for 33.25% to 36.75%


def check_stated_share(part: Quantity, whole: Quantity, stated: Quantity,
                       tolerance: float = 1.0) -> Comparison | None:
    """Whether a stated share ("佔比50%", "1,200 of the 4,000 employees (30%)") is `part` of
    `whole`, within `tolerance` percentage points or `SHARE_TOLERANCE` of itself, whichever
    is more (a round "6,700" may have been 6,900), `APPROXIMATE_TOLERANCE` if approximate,
    and the figures' rounding; None if the two do not compare.

    >>> from factcheck.numbers.quantities import parse_quantities
    >>> part, whole, stated = parse_quantities("600萬人, 1000萬人, 50%")
    >>> print(check_stated_share(part, whole, stated).note)
    600萬人 (6,000,000) of 1000萬人 (10,000,000) is 60.0%; stated 50%, which would give 5,000,000
    """
    found = _ratio(whole, part)
    if found is None:
        return None
    low_ratio, high_ratio, ratio, unit = found
    slack = max(tolerance, _rounding(stated, 1.0), stated.value * SHARE_TOLERANCE)
    if stated.bound == "approximate":
        slack = max(slack, stated.value * APPROXIMATE_TOLERANCE)
    low, high = _open_ended(stated.bound, stated.value - slack, stated.value + slack)
    agrees = not (100 * high_ratio < low or high < 100 * low_ratio)
    note = (
        f"{_show(part)} of {_show(whole)} is {100 * ratio:.1f}%; stated "
        f"{_BOUND_WORDS[stated.bound]}{stated.value:g}%, which would give "
        f"{_number(whole.value * stated.value / 100)}{unit}"
    )
    return Comparison(agrees, note)
