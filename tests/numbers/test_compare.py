"""compare_quantities, compare_dates and the growth-rate check."""

from __future__ import annotations

import dataclasses

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
    ("more than 10 million", "9.8 million", True),  # within the tolerance of the bound
    ("不到2周", "10天", True),
    ("不到2周", "20天", False),
    ("不會超過3家", "2家", True),
    ("不會超過3家", "5家", False),
    ("about 100", "97", True),
    ("about 100", "88", True),
    ("about 100", "80", False),
    ("100", "97", True),
    ("100", "90", False),
    ("6.15億美元", "$615 million", True),
    ("6.15億美元", "$6.15 billion", False),
    ("近百億美元", "$9.5 billion", True),
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
    ("不到2周", "more than 5 days", True),
]


@pytest.mark.parametrize(("claimed", "stated", "agrees"), AGREEMENT)
def test_agreement(claimed, stated, agrees):
    comparison = compare(claimed, stated)
    assert comparison is not None
    assert comparison.agrees is agrees, comparison.note


@pytest.mark.parametrize(("claimed", "stated"), [
    ("6.15億美元", "50億元"),  # USD against CNY
    ("50億港元", "50億元"),
    ("5天", "5%"),
    ("3倍", "3家"),
    ("20%", "3倍"),
    ("5天", "5個月"),  # days do not convert to calendar months
    ("20%", "提高2个百分点"),  # percent against percentage points
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


def test_coarser_granularity_wins():
    assert compare_dates(day("2025年10月"), day("10月21日")).agrees
    assert compare_dates(day("2025-10-21"), day("2025年")).agrees
    assert compare_dates(day("September 2025"), day("2025-09-30")).agrees


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
    unit=st.sampled_from([None, "USD", "CNY", "%", "x", "s", "min", "day", "month", "次"]),
    kind=st.sampled_from(["count", "currency", "percent", "multiplier", "fraction", "duration",
                          "other"]),
    bound=st.sampled_from(["exact", "approximate", "at_least", "at_most"]),
)


@given(QUANTITIES, QUANTITIES)
def test_compare_quantities_never_raises(claimed, stated):
    comparison = compare_quantities(claimed, stated)
    assert comparison is None or "; evidence: " in comparison.note
