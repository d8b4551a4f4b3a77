"""schema.org ClaimReview (JSON-LD) for each verified claim, as fact-check search engines
read it. Ratings use a 1 to 5 scale, always stated, with the verdict's label as its name."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from factcheck.config import Settings
from factcheck.models import CheckedClaim, Label, Report
from factcheck.report.links import safe_url

WORST, BEST = 1, 5
RATINGS = {  # label -> (ratingValue, alternateName)
    Label.REFUTED: (1, "False"),
    Label.CONFLICTING: (3, "Conflicting"),
    Label.NOT_ENOUGH_INFO: (3, "Unproven"),
    Label.SUPPORTED: (5, "True"),
}


def _organization(name: str, url: str | None) -> dict[str, Any]:
    return {"@type": "Organization", "name": name, **({"url": url} if url else {})}


def claim_review(
    claim: CheckedClaim, report: Report, settings: Settings, reviewed_on: date
) -> dict[str, Any]:
    assert claim.verdict is not None
    value, name = RATINGS[claim.verdict.label]
    article = report.article
    article_url = safe_url(article.url)
    appearance = {"@type": "CreativeWork", "url": article_url} if article_url else None
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": _organization(article.publisher or article.title or article.id, None),
        **({"datePublished": article.published} if article.published else {}),
        **({"appearance": appearance} if appearance else {}),
    }
    base = (settings.review_url or "").rstrip("/")
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base}/{article.id}#{claim.id}" if base else f"#{claim.id}",
        "claimReviewed": claim.text,
        "datePublished": reviewed_on.isoformat(),
        "author": _organization(settings.organization, settings.organization_url),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": name,
            "ratingExplanation": claim.verdict.rationale,
        },
        "itemReviewed": item,
    }


def claim_reviews(
    report: Report, settings: Settings, reviewed_on: date | None = None
) -> list[dict[str, Any]]:
    """One ClaimReview per verified claim of the report."""
    day = reviewed_on or date.today()
    return [claim_review(c, report, settings, day) for c in report.claims if c.verdict]


def claim_reviews_json(reviews: list[dict[str, Any]]) -> str:
    """The reviews as JSON that is safe inside ``<script type="application/ld+json">``:
    ``<``, ``>`` and ``&`` are written ``\\u003c``, ``\\u003e`` and ``\\u0026`` (they occur only
    inside strings), so no text can close the element; the JSON value is the same."""
    text = json.dumps(reviews, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def json_ld_script(reviews: list[dict[str, Any]]) -> str:
    """The reviews as a JSON-LD element for the ``<head>`` of an HTML page."""
    return f'<script type="application/ld+json">\n{claim_reviews_json(reviews)}\n</script>'
