"""The offline extractor on real text: atomic claims, spans into the input as read."""

import json

import pytest

from factcheck.extract.records import read_claims, write_claims
from factcheck.extract.rules import RuleExtractor
from factcheck.intake import parse_article, read_article
from factcheck.intake.cleaning import without_pinyin_noise
from factcheck.models import ClaimType
from tests.conftest import ROOT

GOLD = ROOT / "eval" / "articles" / "ai-video-race.gold.jsonl"
THRESHOLD = 0.5


@pytest.fixture(scope="module")
def shared(shared_article_path):
    document = read_article(shared_article_path)
    return document, RuleExtractor().extract(document)


def _best_overlap(claims, start, end):
    overlapping = [c for c in claims if c.span.start < end and start < c.span.end]
    return max(
        overlapping, key=lambda c: min(end, c.span.end) - max(start, c.span.start), default=None
    )


def test_every_span_slices_the_original_to_the_claim(shared):
    document, claims = shared
    for claim in claims:
        assert document.original[claim.span.start : claim.span.end] == claim.source_text
        # the source text is the claim as written: cleaning only removed pinyin noise
        assert without_pinyin_noise(claim.source_text) == claim.text


def test_hand_marked_claims_are_found_with_the_right_checkworthiness(shared):
    document, claims = shared
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    right = 0
    for item in gold:
        start = document.original.index(item["source_text"])
        claim = _best_overlap(claims, start, start + len(item["source_text"]))
        right += claim is not None and (claim.checkworthiness >= THRESHOLD) == item["checkworthy"]
    assert right / len(gold) >= 0.9, f"{right} of {len(gold)} hand-marked claims"


def test_no_boilerplate_becomes_a_claim(shared):
    _, claims = shared
    for claim in claims:
        for phrase in (
            "訂閱",
            "糾錯",
            "評論",
            "原文標題",
            "聲明",
            "公網安備",
            ".jpg",
            ".gif",
            "END",
        ):
            assert phrase not in claim.source_text


def test_compound_sentence_gives_atomic_claims(shared):
    _, claims = shared
    downloads = next(c for c in claims if "1000萬次" in c.text)
    assert downloads.text == "下載量突破1000萬次"
    assert downloads.type == ClaimType.QUANTITY
    assert "Sora 2" in downloads.entities  # carried from earlier in the sentence
    (quantity,) = downloads.quantities
    assert (quantity.value, quantity.bound) == (10_000_000, "at_least")
    top = next(c for c in claims if "App Store" in c.text)
    assert "1000萬" not in top.text


def test_dates_take_the_articles_year(shared):
    _, claims = shared
    veo = next(c for c in claims if "Veo 3.1" in c.text and c.dates)
    assert veo.dates[0].iso == "2025-10-16" and veo.dates[0].year_inferred


def test_opinion_and_rhetoric_are_kept_below_the_threshold(shared):
    _, claims = shared
    rhetoric = [c for c in claims if "是不是" in c.text or "一定會誕生" in c.text]
    assert rhetoric and all(c.checkworthiness < THRESHOLD for c in rhetoric)


def test_english_article():
    text = (
        "OpenAI launched the Sora app on September 30, 2025. According to Bill Peebles, it passed "
        "one million downloads in less than five days, faster than ChatGPT. We think it will "
        "change video forever."
    )
    claims = RuleExtractor().extract(parse_article(text))
    worthy = [c for c in claims if c.checkworthiness >= THRESHOLD]
    assert any(c.dates and c.dates[0].iso == "2025-09-30" for c in worthy)
    assert any(q.value == 1_000_000 for c in worthy for q in c.quantities)
    assert all("change video forever" not in c.text for c in worthy)


def test_an_english_date_keeps_its_year_inside_the_claim():
    text = "OpenAI released Sora 2 on September 30, 2025, and the app passed 1 million downloads."
    claims = RuleExtractor().extract(parse_article(text))
    dated = next(c for c in claims if c.dates)
    assert dated.text.endswith("September 30, 2025") and dated.dates[0].iso == "2025-09-30"
    assert not dated.dates[0].year_inferred
    assert any(q.value == 1_000_000 for c in claims for q in c.quantities)


def test_claim_records_are_stable_and_rewritten_not_duplicated(shared, tmp_path):
    document, claims = shared
    again = RuleExtractor().extract(document)
    assert [c.id for c in claims] == [c.id for c in again]
    assert len({c.id for c in claims}) == len(claims)
    path = write_claims(claims, tmp_path, document.id)
    write_claims(again, tmp_path, document.id)
    assert read_claims(path) == claims
    assert len(path.read_text(encoding="utf-8").splitlines()) == len(claims)
