"""Turning a span of the cleaned article into a `Claim`: shared by every extractor.

Whatever finds the claim (rules or an LLM), its span, numbers, dates, entities and id are
computed here, the same way.
"""

from __future__ import annotations

import hashlib
from datetime import date

from factcheck.errors import InputError
from factcheck.extract.checkworthiness import classify
from factcheck.extract.entities import find_entities
from factcheck.intake import Document
from factcheck.intake.mapped_text import MappedText
from factcheck.intake.segment import detect_language, split_sentences
from factcheck.models import Claim, ClaimType, Quantity, Span
from factcheck.numbers import parse_dates, parse_quantities


def stated_quantities(text: str) -> list[Quantity]:
    """The quantities worth checking: not "一只貓" or "兩場", which only count things off."""
    return [
        q
        for q in parse_quantities(text)
        if q.value > 2
        or q.kind not in ("count", "other")
        or any(ch.isdigit() and ch.isascii() for ch in q.text)
    ]


def claim_id(article_id: str, text: str, occurrence: int) -> str:
    """Stable across runs and across edits elsewhere in the article."""
    digest = hashlib.sha256(f"{article_id}\n{text}\n{occurrence}".encode()).hexdigest()
    return "clm-" + digest[:16]


def default_year(document: Document) -> int | None:
    """The year to give dates written without one: the article's own, or the latest year
    the article writes together with a month (not later than today)."""
    if document.published and document.published[:4].isdigit():
        return int(document.published[:4])
    years = [
        int(d.iso[:4])
        for d in parse_dates(document.text)
        if d.iso and not d.year_inferred and d.granularity != "year"
    ]
    years = [y for y in years if y <= date.today().year]
    return max(years) if years else None


def reference_date(document: Document) -> date | None:
    try:
        return date.fromisoformat(document.published[:10]) if document.published else None
    except ValueError:
        return None


class ClaimBuilder:
    """Builds the claims of one document, numbering repeated texts so ids stay unique."""

    def __init__(self, document: Document):
        self.document = document
        self.year = default_year(document)
        self.reference = reference_date(document)
        self._seen: dict[str, int] = {}

    def build(
        self,
        start: int,
        end: int,
        sentence: str,
        context_entities: tuple[str, ...] = (),
        claim_type: ClaimType | None = None,
        checkworthiness: float | None = None,
    ) -> Claim:
        """A claim for the cleaned text ``[start, end)``; the type and check-worthiness of
        the rules are used unless given (an LLM's are averaged with the rules' score)."""
        document = self.document
        text = document.text[start:end]
        entities = tuple(dict.fromkeys([*context_entities, *find_entities(text)]))
        quantities = tuple(stated_quantities(text))
        dates = tuple(parse_dates(text, reference=self.reference, default_year=self.year))
        rule_type, rule_score = classify(text, sentence, quantities, dates, entities)
        score = rule_score if checkworthiness is None else (rule_score + checkworthiness) / 2
        orig_start, orig_end = document.mapped.to_original(start, end)
        occurrence = self._seen.get(text, 0)
        self._seen[text] = occurrence + 1
        return Claim(
            id=claim_id(document.id, text, occurrence),
            article_id=document.id,
            text=text,
            source_text=document.original[orig_start:orig_end],
            span=Span(start=orig_start, end=orig_end),
            sentence=sentence,
            language=document.language,
            type=claim_type or rule_type,
            checkworthiness=round(score, 3),
            entities=entities,
            quantities=quantities,
            dates=dates,
        )


def claim_from_text(
    text: str, *, article_id: str = "claims", published: str | None = None
) -> Claim:
    """A claim record for a claim given as text (an evaluation set's claim, an API call):
    the whole text is the claim, with its numbers, dates and names parsed as usual.

    >>> claim_from_text("Sora 下載量在5天內突破1000萬次。").quantities[1].value
    10000000.0
    """
    claim_text = text.strip()
    if not claim_text:
        raise InputError("the claim is empty")
    document = Document(
        id=article_id,
        source="<claim>",
        format="text",
        mapped=MappedText.identity(claim_text),
        language=detect_language(claim_text),
        title=None,
        published=published,
        url=None,
        publisher=None,
        sentences=tuple(split_sentences(claim_text)),
    )
    return ClaimBuilder(document).build(0, len(claim_text), claim_text)
