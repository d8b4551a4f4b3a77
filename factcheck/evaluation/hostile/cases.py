"""Hostile cases: real claims with their clean evidence and the documents planted against
them, built from the hand-marked articles and from dev claims of the shared sets."""

from __future__ import annotations

import random
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.config import Settings
from factcheck.evaluation.hostile.paths import ARTICLES_SUITE
from factcheck.evaluation.hostile.planting import PlantedDocument, plant
from factcheck.models import Claim, EvidenceChunk, Label, Record

if TYPE_CHECKING:
    from factcheck.evaluation.suites import ArticleCase

DEV_SETS = ("chef", "scifact", "check_covid", "climate_fever")
PER_SET = 25


class CleanCase(Record):
    """A real claim, the label it should get and its clean evidence."""

    id: str
    origin: str
    expected: Label
    claim: Claim
    clean: tuple[EvidenceChunk, ...]


class HostileCase(CleanCase):
    """A clean case with the documents planted against its expected label."""

    planted: tuple[PlantedDocument, ...]


def _with_planted(found: Iterable[CleanCase]) -> list[HostileCase]:
    """The cases with their planted documents; a case's place rotates the templates."""
    return [
        HostileCase(**dict(case), planted=plant(case.claim, case.expected, case.clean, index))
        for index, case in enumerate(found)
    ]


def build_article_cases(suite: Path = ARTICLES_SUITE) -> list[HostileCase]:
    """Cases from the hand-marked claims of an article suite, with the passages retrieved
    for each from the article's evidence (articles that are absent are left out)."""
    from factcheck.evaluation.suites import read_suite

    found: list[CleanCase] = []
    for article in read_suite(suite).articles:
        if not Path(article.article).is_file():
            print(f"left out {article.name}: {article.article} is absent", file=sys.stderr)
            continue
        found += _article_claims(article)
    return _with_planted(found)


def _article_claims(article: ArticleCase) -> list[CleanCase]:
    """The checkworthy hand-marked claims of one article the pipeline extracts, each with the
    passages retrieved for it from the article's evidence."""
    from factcheck.evaluation.evaluators.article import locate, matches, read_gold
    from factcheck.evidence import EvidenceStore, HybridRetriever, load_documents
    from factcheck.intake import read_article
    from factcheck.pipeline import Pipeline, retrieval_query

    gold, _ = read_gold(article.gold)
    document = read_article(article.article)
    found: list[CleanCase] = []
    with tempfile.TemporaryDirectory(prefix="factcheck-hostile-") as workspace:
        settings = Settings(workspace=Path(workspace), claims_dir=Path(workspace) / "claims")
        store = EvidenceStore(settings)
        store.ingest(load_documents(article.evidence))
        claims = Pipeline(settings, store=store).extract(document)
        matched = matches(claims, locate(gold, document.original))
        retriever, seen = HybridRetriever(store), set()
        for item in gold:
            extracted = matched.get(item.line)
            if not (item.checkworthy and item.expected_label and extracted):
                continue
            claim = extracted[0]
            if claim.id in seen or claim.checkworthiness < settings.checkworthiness_threshold:
                continue
            seen.add(claim.id)
            evidence = retriever.retrieve(retrieval_query(claim), settings.top_k)
            found.append(
                CleanCase(
                    id=f"{article.name}-{item.line}",
                    origin=f"{article.name} article",
                    expected=item.expected_label,
                    claim=claim,
                    clean=tuple(e.chunk for e in evidence),
                )
            )
    return found


def dev_publisher(name: str) -> str:
    """The publisher the gold evidence of a shared set is given (rated in the list)."""
    return f"{name} gold evidence"


def dev_cases(shared: Path, per_set: int) -> list[HostileCase]:
    """Cases from a seeded sample of dev claims of each shared set, with their gold evidence."""
    from factcheck.evaluation.datasets import read_dataset, sample, split_records
    from factcheck.evaluation.evaluators.base import claim_for
    from factcheck.evaluation.evaluators.evidence import gold_evidence

    found: list[CleanCase] = []
    for name in DEV_SETS:
        if not (shared / name).is_dir():
            continue
        _, records = split_records(read_dataset(shared / name).records, "dev")
        found += [
            CleanCase(
                id=f"{name}-{record.id}",
                origin=f"{name} dev",
                expected=record.label,
                claim=claim_for(record),
                clean=tuple(
                    e.chunk.model_copy(update={"publisher": dev_publisher(name)})
                    for e in gold_evidence(record)[:5]
                ),
            )
            for record in sample([r for r in records if gold_evidence(r)], per_set)
        ]
    return _with_planted(found)


def read_cases(path: Path) -> list[HostileCase]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [HostileCase.model_validate_json(line) for line in lines if line.strip()]


def cases_text(cases: list[HostileCase]) -> str:
    """The cases as JSON lines, as ``read_cases`` reads them."""
    return "".join(c.model_dump_json() + "\n" for c in cases)


def sample_cases(cases: list[HostileCase], limit: int, seed: int = 0) -> list[HostileCase]:
    """A seeded sample of ``limit`` cases, in their order."""
    keep = set(random.Random(seed).sample(range(len(cases)), limit))
    return [c for i, c in enumerate(cases) if i in keep]
