"""Arithmetic inside an article (`factcheck.numbers.arithmetic`): stated growth rates against
the article's own dated figures, on claims the rule extractor finds in real text."""

from __future__ import annotations

import pytest

from factcheck.extract.rules import RuleExtractor
from factcheck.intake import parse_article, read_article
from factcheck.models import CheckedClaim
from factcheck.numbers.arithmetic import growth_checks
from factcheck.pipeline import build_report
from factcheck.report import render_html, render_markdown


def checks_of(text: str):
    return growth_checks(RuleExtractor().extract(parse_article(text)))


def test_the_shared_articles_market_forecast_adds_up(shared_article_path) -> None:
    """6.15億 (2024), 7.17億 (2025), 25.63億 (2032) and "年復合增長率達20%" (traditional 復)."""
    document = read_article(shared_article_path)
    claims = RuleExtractor().extract(document)
    (check,) = growth_checks(claims)
    assert check.consistent and check.stated == "20%"
    assert check.end == "25.63億美元 (2032)"
    assert check.start in ("6.15億美元 (2024)", "7.17億美元 (2025)")
    assert "25.63" in check.note and "a year" in check.note
    ids = {c.id for c in claims}
    assert len(check.claim_ids) >= 2 and set(check.claim_ids) <= ids


def test_a_rate_the_figures_do_not_give_is_inconsistent_and_shows_both() -> None:
    (check,) = checks_of(
        "The market was worth $2 billion in 2020 and is expected to reach $3 billion in 2025, "
        "a compound annual growth rate of 25%."
    )
    assert not check.consistent
    assert check.start == "$2 billion (2020)" and check.end == "$3 billion (2025)"
    assert "8.4% a year" in check.note and "stated 25.0%" in check.note


def test_chinese_average_growth_in_simplified_script() -> None:
    (check,) = checks_of("2019年销量为100万辆，2023年达到146.4万辆，年均增长率约10%。")
    assert check.consistent
    assert check.start == "100万辆 (2019)" and check.end == "146.4万辆 (2023)"


@pytest.mark.parametrize(
    "text",
    [
        # a rate without two dated figures
        "The market is expected to grow at a compound annual growth rate of 20% to 2030.",
        # figures in two years but no stated rate
        "Sales were 100 million in 2020 and 150 million in 2024.",
        # a rate, but the figures are in different currencies
        "Revenue was $2 billion in 2020 and €3 billion in 2024, a CAGR of 10%.",
        # a growth figure that is not an annual rate
        "2020年收入為100億元，2024年達到150億元，增長50%。",
    ],
)
def test_nothing_to_check_is_not_an_error(text: str) -> None:
    assert checks_of(text) == []


def test_reports_show_the_check() -> None:
    document = parse_article(
        "The market was worth $2 billion in 2020 and is expected to reach $3 billion in 2025, "
        "a compound annual growth rate of 25%."
    )
    claims = [CheckedClaim(**c.model_dump()) for c in RuleExtractor().extract(document)]
    report = build_report(document, claims)
    assert len(report.arithmetic) == 1 and not report.arithmetic[0].consistent
    markdown = render_markdown(report)
    assert "## Arithmetic within the article" in markdown and "❌ inconsistent" in markdown
    assert "$3 billion (2025)" in render_html(report, document=document)
