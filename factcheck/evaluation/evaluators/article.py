"""Article mode: the whole pipeline on an article, against its hand-marked gold claims.

- Extraction: a claim matches a gold item when their spans overlap by at least half of the
  shorter one (the gold ``source_text`` is located verbatim in the article as read; a gold
  item not found there counts as missed). Precision: extracted claims matching some gold
  item; recall: gold items matched by some claim.
- Check-worthiness: average precision of the matched claims ranked by check-worthiness,
  the gold ``checkworthy`` ones relevant.
- Verdicts: each check-worthy gold item with an ``expected_label`` against the verdict of
  its best-overlapping claim; a claim left unverified (below the threshold) counts as
  NOT_ENOUGH_INFO. Predictions of this mode are not cached: an article takes seconds.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import ClassVar

from factcheck.evaluation import metrics
from factcheck.evaluation.baseline import MajorityBaseline
from factcheck.evaluation.evaluators.base import RunContext, Skipped
from factcheck.evaluation.predictions import Prediction
from factcheck.evaluation.results import ArticleMetrics, DatasetResult, VerifierResult
from factcheck.evaluation.scoring import verdict_metrics
from factcheck.evaluation.suites import ArticleCase
from factcheck.models import CheckedClaim, Claim, Label, Record

MIN_OVERLAP = 0.5


class GoldClaim(Record):
    line: int
    source_text: str
    checkworthy: bool
    expected_label: Label | None = None


def read_gold(path: str | Path) -> tuple[list[GoldClaim], list[str]]:
    """The gold claims of an article, and the lines skipped with their reasons."""
    gold, skipped = [], []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            gold.append(
                GoldClaim(
                    line=number,
                    source_text=raw["source_text"],
                    checkworthy=bool(raw.get("checkworthy", True)),
                    expected_label=raw.get("expected_label"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            skipped.append(f"{path}:{number}: {type(error).__name__}: {error}")
    return gold, skipped


def locate(gold: list[GoldClaim], text: str) -> dict[int, tuple[int, int]]:
    """Each gold item's span in ``text`` by line number; a repeated source_text takes the
    next occurrence."""
    spans, searched_from = {}, {}
    for item in gold:
        at = text.find(item.source_text, searched_from.get(item.source_text, 0))
        if at >= 0:
            spans[item.line] = (at, at + len(item.source_text))
            searched_from[item.source_text] = at + 1
    return spans


def matches(claims: list[Claim], spans: dict[int, tuple[int, int]]) -> dict[int, list[Claim]]:
    """The claims matching each gold span, best overlap first."""

    def overlap(claim: Claim, span: tuple[int, int]) -> float:
        return metrics.span_overlap((claim.span.start, claim.span.end), span)

    return {
        line: sorted(
            (c for c in claims if overlap(c, span) >= MIN_OVERLAP),
            key=lambda c: -overlap(c, span),
        )
        for line, span in spans.items()
    }


class ArticleEvaluator:
    mode: ClassVar[str] = "article"
    primary_metric: ClassVar[str] = "extraction_f1"

    def evaluate(self, case: ArticleCase, run: RunContext) -> DatasetResult:
        from factcheck.evidence import EvidenceStore, load_documents
        from factcheck.intake import read_article
        from factcheck.pipeline import Pipeline

        if not Path(case.article).is_file():
            raise Skipped(f"{case.name}: article {case.article} is absent")
        gold, skipped = read_gold(case.gold)
        document = read_article(case.article)
        spans = locate(gold, document.original)
        with tempfile.TemporaryDirectory(prefix="factcheck-eval-") as workspace:
            settings = run.settings.model_copy(
                update={
                    "workspace": Path(workspace),
                    "claims_dir": Path(workspace) / "claims",
                    "chroma_url": None,
                }
            )
            store = EvidenceStore(settings)
            store.ingest(load_documents(case.evidence))
            claims = Pipeline(settings, store=store).extract(document)
            matched = matches(claims, spans)
            article = article_metrics(gold, spans, claims, matched)
            expected = [
                g for g in gold if g.checkworthy and g.expected_label and matched.get(g.line)
            ]
            baseline = MajorityBaseline.from_labels(
                [g.expected_label for g in gold if g.checkworthy and g.expected_label]
            )
            verifiers = {**run.verifiers, baseline.name: baseline}
            task = run.progress.add_task(f"article {case.name}", total=len(verifiers))
            results = {}
            for name, verifier in verifiers.items():
                pipeline = Pipeline(settings, verifier=verifier, store=store)
                start = time.perf_counter()
                checked = {c.id: c for c in pipeline.verify([matched[g.line][0] for g in expected])}
                seconds = (time.perf_counter() - start) / max(len(expected), 1)
                predictions = [
                    _prediction(case.name, name, g, checked[matched[g.line][0].id], seconds)
                    for g in expected
                ]
                run.predictions.extend(predictions)
                results[name] = VerifierResult(
                    verifier=name, metrics=verdict_metrics(predictions), article=article
                )
                run.progress.advance(task)
            run.progress.remove_task(task)
        return DatasetResult(
            name=case.name,
            path=case.gold,
            mode=self.mode,
            split="all",
            primary_metric=self.primary_metric,
            records=len(gold),
            skipped=tuple(skipped),
            majority_label=str(baseline.label),
            verifiers=results,
        )


def article_metrics(
    gold: list[GoldClaim],
    spans: dict[int, tuple[int, int]],
    claims: list[Claim],
    matched: dict[int, list[Claim]],
) -> ArticleMetrics:
    matched_ids = {c.id for found in matched.values() for c in found}
    precision = len(matched_ids) / len(claims) if claims else 0.0
    recall = sum(bool(found) for found in matched.values()) / len(gold) if gold else 0.0
    worthy = {c.id: False for c in claims if c.id in matched_ids}
    by_line = {g.line: g for g in gold}
    for line, found in matched.items():
        for claim in found:
            worthy[claim.id] = worthy[claim.id] or by_line[line].checkworthy
    ranked = [c for c in claims if c.id in worthy]
    return ArticleMetrics(
        gold_spans=len(gold),
        unlocated=tuple(g.source_text for g in gold if g.line not in spans),
        claims=len(claims),
        extraction_precision=precision,
        extraction_recall=recall,
        extraction_f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        checkworthiness_ap=metrics.average_precision(
            [c.checkworthiness for c in ranked], [worthy[c.id] for c in ranked]
        ),
        verdicts_matched=sum(
            bool(matched.get(g.line)) for g in gold if g.checkworthy and g.expected_label
        ),
    )


def _prediction(
    article: str, verifier: str, gold: GoldClaim, claim: CheckedClaim, seconds: float
) -> Prediction:
    verdict = claim.verdict
    return Prediction(
        mode="article",
        dataset=article,
        verifier=verifier,
        split="all",
        id=f"line-{gold.line}",
        gold=gold.expected_label,
        label=verdict.label if verdict else Label.NOT_ENOUGH_INFO,
        score=verdict.score if verdict else 0.5,
        confidence=verdict.confidence if verdict else None,
        lang=claim.language,
        seconds=seconds,
    )
