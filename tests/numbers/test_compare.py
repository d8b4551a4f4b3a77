"""compare_quantities, compare_dates and the growth-rate check."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.models import DateMention, Quantity, Span
from factcheck.numbers import (
    Comparison,
    check_stated_growth,
    compare_dates,
    compare_quantities,
    growth_rate,
    parse_dates,
    parse_quantities,
    units,
)


def quantity(text: str) -> Quantity:
    found = parse_quantities(text)
    assert len(found) == 1, found
    return found[0]


def day(text: str, year: int = 2025) -> DateMention:
    found = parse_dates(text, default_year=year)
    assert len(found) == 1, found
    return found[0]


def compare(claimed: str, stated: str) -> Comparison | None:
    return compare_quantities(quantity(claimed), quantity(stated))


# claim, evidence, agrees
AGREEMENT = [
    ("1000萬次", "10 million downloads", True),
    ("1000萬次", "1 million", False),
    ("突破1000萬次", "12 million downloads", True),
    ("突破1000萬次", "1 million downloads", False),
    ("more than 10 million", "9.8 million", False),  # 2% short of the bound
    ("more than 10 million", "9.95 million", True),  # within the tolerance of the bound
    ("不到2周", "10天", True),
    ("不到2周", "20天", False),
    ("不會超過3家", "2家", True),
    ("不會超過3家", "5家", False),
    ("about 100", "97", True),
    ("about 100", "96", True),
    ("about 100", "88", False),
    ("about 100", "80", False),
    ("100", "99.5", True),
    ("100", "97", False),
    ("1953.3克", "1935.3 克", False),
    ("100", "90", False),
    ("6.15億美元", "$615 million", True),
    ("6.15億美元", "$6.15 billion", False),
    ("近百億美元", "$9.5 billion", True),
    ("突破100億美元", "可達百億美元", True),  # a round amount: of the order of
    ("20%", "百分之二十", True),
    ("20%", "25%", False),
    ("1/10", "10%", True),
    ("十分之一", "1/5", False),
    ("3倍", "three times", True),
    ("3倍", "2x", False),
    ("70分鐘", "1.2 hours", True),
    ("70分鐘", "1 hour", False),
    ("兩週", "14 days", True),
    ("3個月", "0.25 years", True),
    ("九位導演", "9 directors", True),
    ("0人", "0", True),
    ("超過15家", "at least 20 companies", True),
    ("超過15家", "fewer than 10 companies", False),
    ("超過15家", "15家以上", True),
    ("突破1000萬次", "more than 10 million downloads", True),
    ("not more than 2 weeks", "不到10天", True),
    ("超過500萬", "不到100萬", False),
    ("近地點約200公里", "perigee of 200 km", True),
    ("200公里", "200,000 metres", True),
    ("76 万公里", "760,000 km", True),
    ("1 mile", "1.6 km", True),
    ("樣品重量為1953.3克", "1.9533 kg", True),
    ("1,935.3 克", "1953.3克", False),  # 0.9% apart: a different figure, not rounding
    ("1,935.3 克", "2.5 kg", False),
    ("重達8噸多", "8,200 kg", True),
    ("重達8噸多", "7 tonnes", False),
    ("8 噸", "8 t", True),
    ("500 MW", "0.5 GW", True),
    ("2 TB", "2,000 GB", True),
    ("下载量就达到 100 万次", "1 million downloads", True),
    ("下载量就达到 100 万次", "100 downloads", False),
]


@pytest.mark.parametrize(("claimed", "stated", "agrees"), AGREEMENT)
def test_agreement(claimed, stated, agrees):
    comparison = compare(claimed, stated)
    assert comparison is not None
    assert comparison.agrees is agrees, comparison.note


# the evidence overlaps the claim without pinning it down: neither support nor refutation
INCONCLUSIVE = [
    ("突破1000萬次", "突破 100"),
    ("突破1000萬次", "超過500萬"),
    ("more than 10 million downloads", "over 5 million"),
    ("1000萬次", "突破1000萬"),  # "more than 10 million" does not confirm "10 million"
    ("exactly 5 days", "less than five days"),
    ("5天", "不到5天"),
    ("不到2周", "more than 5 days"),
    ("至少3家", "最多5家"),
    ("重達8噸多", "more than 7 tonnes"),
    ("about 200 km", "under 300 km"),
]


@pytest.mark.parametrize(("claimed", "stated"), INCONCLUSIVE)
def test_inconclusive(claimed, stated):
    assert compare(claimed, stated) is None


@pytest.mark.parametrize(("claimed", "stated"), [
    ("6.15億美元", "50億元"),  # USD against CNY
    ("50億港元", "50億元"),
    ("5天", "5%"),
    ("3倍", "3家"),
    ("20%", "3倍"),
    ("5天", "5個月"),  # days do not convert to calendar months
    ("20%", "提高2个百分点"),  # percent against percentage points
    ("8噸", "8公里"),  # mass against length
    ("8 tonnes", "8 km"),
    ("5 kg", "5 GB"),
    ("100 万次", "100万公里"),  # a count against a physical unit
    ("3 studios", "3 km"),
    ("3次", "3天"),  # a count against a duration
    ("5 downloads", "5 days"),
    ("5", "5 kg"),  # a plain number against a physical unit
    ("200 km", "200 seconds"),
    ("35℃", "35%"),
])
def test_not_comparable(claimed, stated):
    assert compare(claimed, stated) is None


def test_note_shows_both_values():
    assert compare("1000萬次", "1 million").note == (
        "claim: 1000萬次 (10,000,000); evidence: 1 million (1,000,000)")
    assert compare("突破100億美元", "$1.2 billion").note == (
        "claim: 突破100億美元 (at least 10,000,000,000 USD); evidence: $1.2 billion "
        "(1,200,000,000 USD)")
    assert compare("30%左右", "1/10").note == "claim: 30%左右 (about 30%); evidence: 1/10 (0.1)"
    assert compare("70分鐘", "1 hour").note == "claim: 70分鐘 (70 min); evidence: 1 hour (1 h)"
    assert compare("重達8噸多", "7 tonnes").note == (
        "claim: 8噸多 (at least 8 t); evidence: 7 tonnes (7 t)")
    assert compare("近地點約200公里", "perigee of 200 km").note == (
        "claim: 約200公里 (about 200 km); evidence: 200 km (200 km)")
    assert compare("下载量就达到 100 万次", "1 million downloads").note == (
        "claim: 100 万次 (1,000,000); evidence: 1 million downloads (1,000,000)")
    assert compare("35℃", "35 °C").note == "claim: 35℃ (35°C); evidence: 35 °C (35°C)"


def test_tolerance_is_a_parameter():
    claimed, stated = quantity("100"), quantity("90")
    assert not compare_quantities(claimed, stated).agrees
    assert compare_quantities(claimed, stated, rel_tolerance=0.1).agrees


def test_comparison_is_frozen():
    comparison = compare("3倍", "3x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        comparison.agrees = False  # type: ignore[misc]


def test_same_date():
    comparison = compare_dates(day("10月1日"), day("October 1, 2025"))
    assert comparison == Comparison(
        True, "claim: 10月1日 (2025-10-01); evidence: October 1, 2025 (2025-10-01)")


def test_one_day_apart_is_a_time_zone_difference():
    comparison = compare_dates(day("10月1日"), day("Sep 30"))
    assert comparison.agrees
    assert comparison.note.endswith(
        "30 September in the US is 1 October in Beijing: a time-zone difference, not an error")
    assert compare_dates(day("Sep 30"), day("10月1日")).agrees


def test_different_days_disagree():
    comparison = compare_dates(day("10月21日"), day("10月15日"))
    assert comparison == Comparison(
        False, "claim: 10月21日 (2025-10-21); evidence: 10月15日 (2025-10-15)")


def test_different_months_and_years_disagree():
    assert not compare_dates(day("2025年10月"), day("2025年9月")).agrees
    assert not compare_dates(day("2024年"), day("2025-09-30")).agrees


def test_a_finer_date_within_the_claim_agrees():
    assert compare_dates(day("2025年10月"), day("10月21日")).agrees
    assert compare_dates(day("2025年"), day("2025-10-21")).agrees
    assert compare_dates(day("September 2025"), day("2025-09-30")).agrees


def test_a_coarser_date_around_the_claim_is_inconclusive():
    assert compare_dates(day("2025-10-21"), day("2025年")) is None
    assert compare_dates(day("10月21日"), day("2025年10月")) is None
    assert compare_dates(day("2025年10月"), day("2025年")) is None
    assert compare_dates(day("10月1日"), day("September 2025")) is None  # 30 September, US time
    assert compare_dates(day("10月15日"), day("September 2025")).agrees is False
    assert compare_dates(day("2025-10-21"), day("2024年")).agrees is False


def test_spaced_chinese_dates_compare():
    comparison = compare_dates(day("2024 年 6 月 2 日"), day("June 2, 2024"))
    assert comparison == Comparison(
        True, "claim: 2024 年 6 月 2 日 (2024-06-02); evidence: June 2, 2024 (2024-06-02)")
    assert compare_dates(day("6 月 2 日", 2024), day("on 2 June", 2024)).agrees
    assert compare_dates(day("6 月 4 日", 2024), day("June 2, 2024")).agrees is False


def test_unresolved_dates_are_not_compared():
    unresolved = parse_dates("10月1日")[0]
    assert unresolved.iso is None
    assert compare_dates(unresolved, day("10月1日")) is None
    assert compare_dates(day("10月1日"), parse_dates("上周")[0]) is None


def test_growth_rate():
    assert growth_rate(100, 121, 2) == pytest.approx(0.10)
    assert growth_rate(6.15, 25.63, 8) == pytest.approx(0.1953, abs=1e-4)
    assert growth_rate(5, 5, 3) == 0


@pytest.mark.parametrize(("start", "end", "years"), [(0, 5, 1), (-1, 5, 1), (1, -5, 1),
                                                     (1, 5, 0)])
def test_growth_rate_rejects_impossible_input(start, end, years):
    with pytest.raises(ValueError):
        growth_rate(start, end, years)


def test_article_growth_claim_holds():
    # 2024年 6.15億美元 -> 2032年 25.63億美元, 年復合增長率達20%
    comparison = check_stated_growth(6.15, 25.63, 2032 - 2024, 0.20)
    assert comparison.agrees
    assert comparison.note == (
        "6.15 to 25.63 over 8 years is 19.5% a year; stated 20.0%, which would give 26.44")
    assert check_stated_growth(7.17, 25.63, 2032 - 2025, 0.20).agrees


def test_wrong_growth_claim():
    comparison = check_stated_growth(6.15, 25.63, 8, 0.30)
    assert not comparison.agrees
    assert "stated 30.0%" in comparison.note
    assert check_stated_growth(6.15, 25.63, 8, 0.23, tolerance=0.05).agrees


def test_shared_article_numbers_compare(shared_article_path):
    text = shared_article_path.read_text(encoding="utf-8")
    by_text = {q.text: q for q in parse_quantities(text)}
    start, end = by_text["6.15億美元"], by_text["25.63億美元"]
    stated = by_text["20%"]
    comparison = check_stated_growth(start.value, end.value, 8, stated.value / 100)
    assert comparison.agrees
    assert not compare_quantities(by_text["突破1000萬次"], quantity("1 million downloads")).agrees


QUANTITIES = st.builds(
    Quantity,
    text=st.just("x"),
    span=st.just(Span(start=0, end=1)),
    value=st.floats(allow_nan=False, allow_infinity=False),
    number=st.just(1.0),
    unit=st.sampled_from([None, "USD", "CNY", "%", "x", "s", "min", "day", "month", "次", "km",
                          "m", "g", "kg", "t", "°C", "GB", "pp"]),
    kind=st.sampled_from(["count", "currency", "percent", "multiplier", "fraction", "duration",
                          "other"]),
    bound=st.sampled_from(["exact", "approximate", "at_least", "at_most"]),
)


@given(QUANTITIES, QUANTITIES)
def test_compare_quantities_never_raises(claimed, stated):
    comparison = compare_quantities(claimed, stated)
    assert comparison is None or "; evidence: " in comparison.note


PHYSICAL = {"km", "m", "g", "kg", "t", "°C", "GB"}


@given(QUANTITIES, QUANTITIES)
def test_counts_never_meet_physical_units_or_durations(claimed, stated):
    if claimed.kind == "count" and (stated.kind == "duration" or (
            stated.kind == "other" and stated.unit in PHYSICAL)):
        assert compare_quantities(claimed, stated) is None
        assert compare_quantities(stated, claimed) is None


@given(QUANTITIES)
def test_a_quantity_confirms_itself(q):
    comparison = compare_quantities(q, q)
    assert comparison is None or comparison.agrees


@given(QUANTITIES, QUANTITIES)
def test_a_point_of_evidence_is_never_inconclusive(claimed, stated):
    """A point lies inside the claim's interval or outside it."""
    point = stated.model_copy(update={"bound": "exact"})
    (dimension, factor), (other, other_factor) = (
        units.dimension(q.unit, q.kind) for q in (claimed, point))
    if dimension == other and math.isfinite(claimed.value * factor * 1.15) and math.isfinite(
            point.value * other_factor):
        assert compare_quantities(claimed, point) is not None


def test_a_day_inside_a_claimed_year_is_no_time_zone_matter():
    year, day = parse_dates("2024年 / March 20, 2024")
    comparison = compare_dates(year, day)
    assert comparison.agrees and "time-zone" not in comparison.note
