"""The records that flow through the pipeline.

Every record is a frozen pydantic model that forbids unknown fields, so a record read back
from `claims/` or a JSON report is exactly what was written. Offsets are character offsets
into a Python ``str``; a ``Span`` is half-open, ``text[span.start:span.end]``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Record(BaseModel):
    """Base of every record: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(Record):
    """A half-open character range ``[start, end)``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        return self


class Label(StrEnum):
    """A verdict's label."""

    SUPPORTED = "SUPPORTED"
    REFUTED = "REFUTED"
    NOT_ENOUGH_INFO = "NOT_ENOUGH_INFO"
    CONFLICTING = "CONFLICTING"


class ClaimType(StrEnum):
    """What kind of fact a claim states; the first that applies, in this order."""

    QUANTITY = "quantity"  # numbers, amounts, percentages, multiples
    DATE = "date"  # when something happened
    RANKING = "ranking"  # rankings, records and "firsts"
    ATTRIBUTION = "attribution"  # a statement attributed to a named or unnamed source
    PRODUCT = "product"  # what a product or organisation is or does
    OPINION = "opinion"  # opinion, prediction or rhetoric: kept, not verified


QuantityKind = Literal[
    "count", "currency", "percent", "multiplier", "fraction", "duration", "other"
]
Bound = Literal["exact", "approximate", "at_least", "at_most"]


class Quantity(Record):
    """A number as written in a text, with its value resolved.

    ``1000萬次`` is ``number=1000, scale="萬", value=10_000_000, unit="次"``.
    """

    text: str = Field(description="the quantity as written")
    span: Span = Field(description="offsets of `text` within the text it was parsed from")
    value: float = Field(description="the value with its scale applied")
    number: float = Field(description="the number as written, before the scale")
    scale: str | None = Field(default=None, description="萬, 億, million, billion, k ...")
    unit: str | None = Field(
        default=None, description="normalised unit: USD, CNY, %, x, s, day, ..."
    )
    kind: QuantityKind = "other"
    bound: Bound = Field(default="exact", description="'more than 10 million' is at_least")


DateGranularity = Literal["day", "month", "year"]


class DateMention(Record):
    """A date as written, resolved to ISO form where possible (``2025-10-01``, ``2025-10``)."""

    text: str
    span: Span = Field(description="offsets of `text` within the text it was parsed from")
    iso: str | None = Field(
        default=None, description="YYYY, YYYY-MM or YYYY-MM-DD; None if unresolved"
    )
    granularity: DateGranularity = "day"
    relative: bool = Field(
        default=False, description="written relative to another date (上周, last Sunday)"
    )
    year_inferred: bool = Field(default=False, description="the year was not written but inferred")


class Claim(Record):
    """A check-worthy (or explicitly not check-worthy) factual statement in an article."""

    id: str = Field(description="stable id derived from the article id and the span")
    article_id: str
    text: str = Field(description="the claim's text after cleaning")
    source_text: str = Field(description="the input text as read, sliced by `span`")
    span: Span = Field(description="offsets into the input text as read, before cleaning")
    sentence: str = Field(description="the cleaned sentence the claim comes from")
    language: Literal["zh", "en"]
    type: ClaimType
    checkworthiness: float = Field(ge=0.0, le=1.0)
    entities: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = Field(default=(), description="spans are within `text`")
    dates: tuple[DateMention, ...] = Field(default=(), description="spans are within `text`")


class EvidenceChunk(Record):
    """A passage of an evidence document, with the provenance of its document."""

    id: str = Field(description="content hash of the chunk and its document id")
    document_id: str
    text: str
    chunk_index: int = 0
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = Field(default=None, description="ISO date of the document")
    language: str | None = None
    source_path: str | None = Field(default=None, description="file the document was ingested from")
    hidden_prose: int = Field(
        default=0,
        description="characters of prose the document's page hid from readers within its main "
        "text (blanked before reading: `factcheck.intake.hidden`)",
    )


class Evidence(Record):
    """An evidence chunk as retrieved for one claim."""

    chunk: EvidenceChunk
    score: float = Field(description="fused retrieval score; higher is more relevant")
    dense_rank: int | None = None
    lexical_rank: int | None = None


Stance = Literal["supports", "refutes", "neutral"]


class Citation(Record):
    """The evidence a verdict rests on, with the quoted passage."""

    evidence_id: str
    quote: str = Field(description="the passage of the evidence relied on, verbatim")
    stance: Stance
    url: str | None = None
    publisher: str | None = None
    published: str | None = None

    @classmethod
    def of(cls, chunk: EvidenceChunk, quote: str, stance: Stance) -> Citation:
        """A citation of ``quote`` from ``chunk``, carrying the chunk's provenance."""
        return cls(
            evidence_id=chunk.id,
            quote=quote,
            stance=stance,
            url=chunk.url,
            publisher=chunk.publisher,
            published=chunk.published,
        )


class Finding(Record):
    """A number or date in the claim set against the one the evidence gives."""

    kind: Literal["quantity", "date"]
    claim_value: str = Field(description="as written in the claim, e.g. 1000萬次")
    evidence_value: str = Field(description="as written in the evidence, e.g. 1 million")
    agrees: bool
    note: str = Field(description="one line: how the two compare")
    evidence_id: str


class Verdict(Record):
    """The outcome of verifying one claim."""

    label: Label
    score: float = Field(ge=0.0, le=1.0, description="probability that the claim is true")
    rationale: str
    citations: tuple[Citation, ...] = ()
    findings: tuple[Finding, ...] = ()
    verifier: str = Field(description="name of the verifier that produced this verdict")
    confidence: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="probability that the label is right, from verifiers calibrated to give "
        "it (trained models); None from the others",
    )


class CheckedClaim(Claim):
    """A claim with the evidence found for it, its verdict and its trust score.

    ``verdict`` is None for claims below the check-worthiness threshold.
    """

    verdict: Verdict | None = None
    evidence: tuple[Evidence, ...] = ()
    trust_score: float | None = Field(default=None, ge=0.0, le=1.0)


class TrustScore(Record):
    """An article's trust score and how it was reached."""

    score: float | None = Field(ge=0.0, le=1.0, description="None when no claim could be verified")
    explanation: str
    label_counts: dict[Label, int]
    weighted_claims: float = Field(
        description="the weights averaged: check-worthiness over the verified claims "
        "(NOT_ENOUGH_INFO at half) and over the arithmetic checks that do not add up"
    )


class ArticleInfo(Record):
    id: str
    title: str | None
    language: Literal["zh", "en"]
    trust_score: float | None = Field(ge=0.0, le=1.0)
    source: str = Field(description="path the article was read from, <stdin>, or <api>")
    published: str | None = None
    url: str | None = Field(default=None, description="where the article appeared")
    publisher: str | None = Field(default=None, description="the site or outlet that published it")
    hidden_prose: int = Field(
        default=0,
        description="characters of prose the article's HTML page hid from readers within its "
        "text (blanked before reading: `factcheck.intake.hidden`)",
    )


class ArithmeticCheck(Record):
    """A rate, change or share the article states, set against its own figures
    (`factcheck.numbers.arithmetic`)."""

    kind: Literal["growth_rate", "percent_change", "share"] = Field(
        description="growth_rate: a compound annual growth rate over figures for two years; "
        "percent_change: a change in percent, or a rise of so many times, between two figures; "
        "share: the part (start) of a whole (end) in percent"
    )
    stated: str = Field(description="the rate or change as written, e.g. 20%, rose 20%")
    start: str = Field(
        description="the first figure, with its year if it has one, e.g. 7.17億美元 (2025)"
    )
    end: str = Field(description="the last figure, e.g. 25.63億美元 (2032)")
    consistent: bool = Field(description="whether the stated rate or change takes start to end")
    note: str = Field(description="one line: what the figures imply, and what the stated gives")
    claim_ids: tuple[str, ...] = Field(description="the claims whose figures are used")


class Report(Record):
    """The JSON report of one checked article: a public contract (see `factcheck schema`)."""

    schema_version: Literal["1"] = "1"
    article: ArticleInfo
    trust: TrustScore | None = None
    claims: tuple[CheckedClaim, ...]
    arithmetic: tuple[ArithmeticCheck, ...] = Field(
        default=(),
        description="rates, changes and shares the article states, checked against its own figures",
    )
