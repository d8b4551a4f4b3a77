"""Check-worthiness: how much a claim states a checkable fact, from 0 to 1.

A transparent additive score over cue words, numbers, dates and names; the weights are
constants here so that a newsroom can read and tune them in one place.
"""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.extract.cues import ATTRIBUTION, OPINION, PRODUCT, QUESTION, RANKING, SCHEDULED
from factcheck.models import ClaimType, DateMention, Quantity
from factcheck.script import to_simplified

BASE = 0.2
WEIGHTS = {
    "quantity": 0.35,
    "date": 0.3,
    "ranking": 0.2,
    "entity": 0.15,
    "product": 0.15,  # an entity doing something: launched, supports, released
    "attribution": 0.1,
}
OPINION_CAP = 0.4  # an opinion or prediction is kept, below the default threshold of 0.5
ATTRIBUTED_FORECAST_CAP = 0.55  # "據X, 2032年將達到25.63億美元": the source's figure is checkable
QUESTION_PENALTY = 0.4
SHORT_PENALTY = 0.2
SHORT_CLAIM = 8


def classify(
    claim_text: str,
    sentence: str,
    quantities: Sequence[Quantity],
    dates: Sequence[DateMention],
    entities: Sequence[str],
) -> tuple[ClaimType, float]:
    """The claim's type and its check-worthiness."""
    text, whole = to_simplified(claim_text).lower(), to_simplified(sentence).lower()
    ranking, attributed = bool(RANKING.search(text)), bool(ATTRIBUTION.search(whole))
    opinion = bool(OPINION.search(text)) and not (dates and SCHEDULED.search(text))
    score = BASE
    score += WEIGHTS["quantity"] * bool(quantities) + WEIGHTS["date"] * bool(dates)
    score += WEIGHTS["ranking"] * ranking + WEIGHTS["entity"] * bool(entities)
    score += WEIGHTS["product"] * bool(entities and PRODUCT.search(text))
    score += WEIGHTS["attribution"] * attributed
    if QUESTION.search(text):
        score -= QUESTION_PENALTY
    if len(claim_text) < SHORT_CLAIM:
        score -= SHORT_PENALTY
    if opinion:
        cap = ATTRIBUTED_FORECAST_CAP if attributed and quantities else OPINION_CAP
        score = min(score, cap)
    score = round(min(max(score, 0.0), 1.0), 3)
    if opinion and score <= OPINION_CAP:
        return ClaimType.OPINION, score
    if quantities:
        return ClaimType.QUANTITY, score
    if dates:
        return ClaimType.DATE, score
    if ranking:
        return ClaimType.RANKING, score
    if attributed:
        return ClaimType.ATTRIBUTION, score
    return ClaimType.PRODUCT, score
