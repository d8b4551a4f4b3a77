"""Arithmetic inside an article (`factcheck.numbers.arithmetic`): stated growth rates and
percentage changes against the article's own figures, on claims the rule extractor finds in
real text, and what a check that does not add up does to the article's trust score."""

from __future__ import annotations

import pytest

from factcheck.extract.rules import RuleExtractor
from factcheck.intake import parse_article, read_article
from factcheck.models import CheckedClaim, Label, Verdict
from factcheck.numbers.arithmetic import (
    arithmetic_checks,
    change_checks,
    growth_checks,
    share_checks,
)
from factcheck.pipeline import build_report
from factcheck.report import render_html, render_markdown


def checks_of(text: str):
    return growth_checks(RuleExtractor().extract(parse_article(text)))


def changes_of(text: str):
    return change_checks(RuleExtractor().extract(parse_article(text)))


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


def test_a_stated_change_the_figures_do_not_give_shows_both() -> None:
    (check,) = changes_of("公司營收從去年的10億元增加到15億元，增長了20%。")
    assert check.kind == "percent_change" and not check.consistent
    assert (check.stated, check.start, check.end) == ("增長了20%", "10億元", "15億元")
    assert "is +50.0%" in check.note and "stated +20%" in check.note


@pytest.mark.parametrize(
    ("text", "stated", "start", "end"),
    [
        ("Revenue was $12 million, up 20% from $10 million.", "up 20%", "$10 million",
         "$12 million"),
        ("Revenue rose 20% to $12 million from $10 million.", "rose 20%", "$10 million",
         "$12 million"),
        ("用户数由1000万增至1500万，增幅达50%。", "增幅达50%", "1000万", "1500万"),
        ("2020年收入為100億元，2024年達到150億元，增長50%。", "增長50%", "100億元 (2020)",
         "150億元 (2024)"),
        ("The number of screening tests rose from 6,257 to 7,019, a 12% increase.",
         "12% increase", "6,257", "7,019"),
        ("Deaths declined by 28% from 33.2 per 1,000 births to 23.9.", "declined by 28%",
         "33.2", "23.9"),
    ],
)  # fmt: skip
def test_a_change_its_figures_give_is_consistent(text, stated, start, end) -> None:
    (check,) = changes_of(text)
    assert check.consistent, check.note
    assert (check.stated, check.start, check.end) == (stated, start, end)


def test_a_fall_is_read_as_a_fall() -> None:
    (check,) = changes_of("The number of users fell from 1,000 to 700, a drop of 25 percent.")
    assert not check.consistent and "is -30.0%" in check.note and "stated -25%" in check.note
    (check,) = changes_of("Users fell 30% from 1,000 to 700.")
    assert check.consistent


@pytest.mark.parametrize(
    "text",
    [
        # a level, not a change
        "Unemployment fell to 4% from 5% last year.",
        "出货量同比下降30%至700万台。",
        # percentage points
        "Its share rose 3 percentage points from 10% to 13%.",
        "五年生存率從30.9%提升到40.5%，提高了近10個百分點。",
        # the amount after 增加 is the difference, not a level: nothing to start from
        "全年發行債券3.55萬億元，同比增加1.42萬億元、增長67%。",
        # amounts of different things
        "The company, which had 500 employees in 2020, said sales rose 15% to 2,000 units in 2024.",
        # a stated annual growth rate is the growth check's, not a change
        "Revenue grew from $2 billion in 2020 to $3 billion in 2025, a CAGR of 25%.",
        # two changes in one claim: which figures go with which is not clear
        "Revenue rose 20% and profit fell 5% from $2 million to $1 million.",
    ],
)
def test_no_change_to_check_is_not_an_error(text: str) -> None:
    assert changes_of(text) == []


@pytest.mark.parametrize(
    ("text", "consistent"),
    [
        ("用戶數從100萬增至400萬，增長了3倍。", True),  # four times as many: 增長3倍 strictly
        ("用戶數從100萬增至300萬，增長了3倍。", True),  # three times: as 增長3倍 is often written
        ("Downloads grew 3x from 1 million to 1.5 million.", False),
    ],
)
def test_a_rise_of_so_many_times(text: str, consistent: bool) -> None:
    (check,) = changes_of(text)
    assert check.consistent is consistent, check.note
    assert "3 or 4 times" in check.note


def shares_of(text: str):
    return share_checks(RuleExtractor().extract(parse_article(text)))


@pytest.mark.parametrize(
    ("text", "consistent", "part", "whole"),
    [
        ("全國共有學生1000萬人，其中女生600萬人，佔比50%。", False, "600萬人", "1000萬人"),
        ("公司營收100億元，其中海外收入30億元，占總營收的30%。", True, "30億元", "100億元"),
        ("Of the 4,000 employees, 1,200 (30%) work remotely.", True, "1,200", "4,000 employees"),
        ("1,200 of the 4,000 employees, or 40%, work remotely.", False, "1,200",
         "4,000 employees"),
        ("Forty-six of 258 aneurysms (18%) grew larger.", True, "Forty-six", "258 aneurysms"),
        ("Forty-six of the 258 aneurysms (28%) grew larger.", False, "Forty-six",
         "258 aneurysms"),
        ("Severe hepatotoxicity was observed in 31 (10.4%) of 298 patients (95% confidence "
         "interval, 7.2%-14.4%).", True, "31", "298 patients"),
    ],
)  # fmt: skip
def test_a_stated_share_against_its_part_and_whole(text, consistent, part, whole) -> None:
    (check,) = shares_of(text)
    assert check.kind == "share" and check.consistent is consistent, check.note
    assert (check.start, check.end) == (part, whole)


@pytest.mark.parametrize(
    "text",
    [
        # three counts (46, 258, 38): which two are the part and the whole is not guessed
        "Forty-six of 258 (18%) aneurysms in 38 patients grew larger.",
        # not tied as a share: a mean and its deviation
        "Patients lost a mean [SD] of 37 [33] ml/kg, or 6.7% [6.0%].",
        # a change, not a share
        "Revenue rose to $12 million from $10 million, or 20%.",
        # figures for different years
        "2023年營收100億元，2024年其中海外收入30億元，佔比50%。",
    ],
)
def test_no_share_to_check_is_not_an_error(text: str) -> None:
    assert shares_of(text) == []


def test_a_percentage_that_qualifies_a_noun_is_no_share() -> None:
    (check,) = shares_of(
        "Of 10,808 adult patients (49% male), 274 (2.5%) were admitted for heart failure."
    )
    assert (check.stated, check.start, check.end, check.consistent) == (
        "2.5%",
        "274",
        "10,808",
        True,
    )


def _verified(claims, score: float) -> list[CheckedClaim]:
    verdict = Verdict(label=Label.SUPPORTED, score=score, rationale="r", verifier="test")
    return [CheckedClaim(**c.model_dump(), verdict=verdict) for c in claims]


def test_figures_that_do_not_add_up_lower_the_articles_trust() -> None:
    text = "The firm's revenue rose from $10 million in 2023 to $15 million in 2024, up 20%."
    document = parse_article(text)
    claims = _verified(RuleExtractor().extract(document), 0.9)
    report = build_report(document, claims)
    (check,) = report.arithmetic
    assert not check.consistent and set(check.claim_ids) <= {c.id for c in claims}
    assert report.trust is not None and report.trust.score is not None
    assert report.trust.score < 0.9 * 0.75
    assert "1 set of figures that does not add up" in report.trust.explanation
    assert "❌ inconsistent: up 20% from $10 million (2023) to $15 million (2024)" in (
        render_markdown(report)
    )
    page = render_html(report, document=document)
    assert "does not add up counts as a false claim" in page and "is inconsistent" in page
    consistent = parse_article(text.replace("up 20%", "up 50%"))
    report = build_report(consistent, _verified(RuleExtractor().extract(consistent), 0.9))
    assert report.arithmetic[0].consistent and report.trust.score == 0.9
    assert "add up" not in report.trust.explanation
    assert "does not add up" not in render_html(report, document=consistent)


def test_both_kinds_come_from_one_call(shared_article_path) -> None:
    claims = RuleExtractor().extract(read_article(shared_article_path))
    assert arithmetic_checks(claims) == (
        growth_checks(claims) + change_checks(claims) + share_checks(claims)
    )
