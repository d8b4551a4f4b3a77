"""ClaimReview JSON-LD: every required and recommended field, for every label."""

from datetime import date

from factcheck.config import Settings
from factcheck.extract.building import claim_from_text
from factcheck.models import ArticleInfo, CheckedClaim, Label, Report, Verdict
from factcheck.report.claimreview import claim_reviews


def _report() -> Report:
    claims = []
    for text, label, score in [
        ("Sora 下載量突破1000萬次。", Label.REFUTED, 0.1),
        ("Sora 於9月30日上線。", Label.SUPPORTED, 0.8),
        ("Sora 首周下載量超過 ChatGPT。", Label.CONFLICTING, 0.4),
        ("Sora 成本不到十分之一。", Label.NOT_ENOUGH_INFO, 0.5),
    ]:
        claim = claim_from_text(text, article_id="a1")
        verdict = Verdict(label=label, score=score, rationale=f"because {label}", verifier="t")
        claims.append(CheckedClaim(**claim.model_dump(), verdict=verdict, trust_score=score))
    claims.append(CheckedClaim(**claim_from_text("我們認為它很好。").model_dump()))  # unverified
    article = ArticleInfo(
        id="a1", title="標題", language="zh", trust_score=0.4, source="a.html",
        published="2025-10-27", url="https://news.example/a1", publisher="Example News",
    )  # fmt: skip
    return Report(article=article, claims=tuple(claims))


def test_every_verified_claim_has_a_complete_claim_review():
    settings = Settings(organization="Desk", organization_url="https://desk.example",
                        review_url="https://desk.example/reviews/")  # fmt: skip
    reviews = claim_reviews(_report(), settings, reviewed_on=date(2026, 11, 24))
    assert len(reviews) == 4
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["claimReviewed"] and review["datePublished"] == "2026-11-24"
        assert review["url"].startswith("https://desk.example/reviews/a1#clm-")
        assert review["author"] == {
            "@type": "Organization", "name": "Desk", "url": "https://desk.example"
        }  # fmt: skip
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
        assert 1 <= rating["ratingValue"] <= 5 and rating["alternateName"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"]["name"] == "Example News"
        assert item["datePublished"] == "2025-10-27"
        assert item["appearance"] == {"@type": "CreativeWork", "url": "https://news.example/a1"}
    by_name = {
        r["reviewRating"]["alternateName"]: r["reviewRating"]["ratingValue"] for r in reviews
    }
    assert by_name == {"False": 1, "True": 5, "Conflicting": 3, "Unproven": 3}
