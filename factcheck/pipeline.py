"""The whole check: intake -> claims -> evidence -> verdicts -> trust -> report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from factcheck import registry
from factcheck.config import Settings
from factcheck.evidence import (
    EvidenceStore,
    HybridRetriever,
    IngestResult,
    Retriever,
    load_documents,
)
from factcheck.extract.base import Extractor
from factcheck.extract.records import write_claims
from factcheck.intake import Document, parse_article, read_article
from factcheck.models import ArticleInfo, CheckedClaim, Claim, Evidence, Report, Verdict
from factcheck.numbers.arithmetic import arithmetic_checks
from factcheck.trust import article_trust, claim_trust
from factcheck.verify.base import BatchVerifier, Verifier

ClaimCallback = Callable[[Claim], None]
VERIFY_GROUP = 16  # claims verified together: their texts are embedded in one batch


def retrieval_query(claim: Claim) -> str:
    """The claim's text with the names its sentence gave it ("下載量突破1000萬次" is about Sora)."""
    return " ".join([claim.text, *(e for e in claim.entities if e not in claim.text)])


class Pipeline:
    """The configured stages. Build once, check many articles."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        extractor: Extractor | None = None,
        verifier: Verifier | None = None,
        store: EvidenceStore | None = None,
        retriever: Retriever | None = None,
    ):
        self.settings = settings or Settings()
        self.extractor = extractor or registry.create(
            "extractor", self.settings.extractor, self.settings
        )
        self._verifier = verifier
        self._store = store
        self._retriever = retriever

    @property
    def store(self) -> EvidenceStore:
        if self._store is None:
            self._store = EvidenceStore(self.settings)
        return self._store

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            self._retriever = HybridRetriever(self.store)
        return self._retriever

    @property
    def verifier(self) -> Verifier:
        if self._verifier is None:
            self._verifier = registry.create("verifier", self.settings.verifier, self.settings)
        return self._verifier

    def ingest(
        self, paths: Iterable[str | Path], on_document: Callable[[str], None] | None = None
    ) -> IngestResult:
        return self.store.ingest(load_documents(paths), on_document=on_document)

    def extract(self, document: Document, *, save: bool = False) -> list[Claim]:
        claims = self.extractor.extract(document)
        if save:
            write_claims(claims, self.settings.claims_dir, document.id)
        return claims

    def verify(
        self, claims: list[Claim], on_claim: ClaimCallback | None = None
    ) -> list[CheckedClaim]:
        """Retrieve evidence for and verify each check-worthy claim; others pass unverified.

        Claims go through in groups of VERIFY_GROUP, verified together when the verifier
        can (`BatchVerifier`); a query that several claims share is retrieved once.
        """
        threshold = self.settings.checkworthiness_threshold
        worthy = [c for c in claims if c.checkworthiness >= threshold]
        self._embed_ahead([*map(retrieval_query, worthy), *(c.sentence for c in worthy)])
        found: dict[str, list[Evidence]] = {}
        checked = []
        for start in range(0, len(claims), VERIFY_GROUP):
            group = claims[start : start + VERIFY_GROUP]
            items = []
            for claim in group:
                if claim.checkworthiness >= threshold:
                    query = retrieval_query(claim)
                    if query not in found:
                        found[query] = self.retriever.retrieve(query, self.settings.top_k)
                    items.append((claim, found[query]))
            verdicts = iter(self._verdicts(items))
            for claim in group:
                if claim.checkworthiness >= threshold:
                    verdict = next(verdicts)
                    checked.append(
                        CheckedClaim(
                            **claim.model_dump(),
                            verdict=verdict,
                            evidence=tuple(found[retrieval_query(claim)]),
                            trust_score=claim_trust(verdict),
                        )
                    )
                else:
                    checked.append(CheckedClaim(**claim.model_dump()))
                if on_claim:
                    on_claim(claim)
        return checked

    def _verdicts(self, items: list[tuple[Claim, list[Evidence]]]) -> list[Verdict]:
        if isinstance(self.verifier, BatchVerifier):
            return self.verifier.verify_many(items)
        return [self.verifier.verify(claim, evidence) for claim, evidence in items]

    def _embed_ahead(self, texts: list[str]) -> None:
        """Embed in one batch the texts that retrieval and the verifier then embed one or two
        at a time (the claims' queries and sentences): they find them in the cache."""
        if texts and isinstance(self.retriever, HybridRetriever):
            self.retriever.store.embeddings.embed_documents(list(dict.fromkeys(texts)))

    def check(
        self, document: Document, *, save: bool = False, on_claim: ClaimCallback | None = None
    ) -> Report:
        return build_report(document, self.verify(self.extract(document, save=save), on_claim))


def build_report(document: Document, claims: list[CheckedClaim]) -> Report:
    arithmetic = arithmetic_checks(claims)
    trust = article_trust(claims, arithmetic) if any(c.verdict for c in claims) else None
    return Report(
        article=ArticleInfo(
            id=document.id,
            title=document.title,
            language=document.language,
            trust_score=trust.score if trust else None,
            source=document.source,
            published=document.published,
            url=document.url,
            publisher=document.publisher,
            hidden_prose=document.hidden_prose,
        ),
        trust=trust,
        claims=tuple(claims),
        arithmetic=tuple(arithmetic),
    )


def _document(article: str | Path | Document, published: str | None) -> Document:
    if isinstance(article, Document):
        return article
    if isinstance(article, Path):
        return read_article(article)
    return parse_article(article, published=published)


def check_article(
    article: str | Path | Document,
    *,
    evidence: Iterable[str | Path] = (),
    settings: Settings | None = None,
    published: str | None = None,
) -> Report:
    """Fact-check an article (its text, a `Path` to it, or a parsed `Document`).

    >>> report = check_article(Path("examples/demo-article.zh-Hant.txt"),
    ...                        evidence=["evidence/demo"])  # doctest: +SKIP
    >>> report.article.trust_score, report.claims[0].verdict.label  # doctest: +SKIP
    """
    pipeline = Pipeline(settings)
    if evidence:
        pipeline.ingest(evidence)
    return pipeline.check(_document(article, published))


def extract_claims(
    article: str | Path | Document,
    *,
    settings: Settings | None = None,
    published: str | None = None,
) -> list[Claim]:
    """The claims of an article, without evidence or verdicts."""
    return Pipeline(settings).extract(_document(article, published))
