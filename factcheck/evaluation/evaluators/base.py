"""What every evaluator shares: the run's context and the cached prediction loop."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from rich.progress import Progress

from factcheck.config import Settings
from factcheck.evaluation.baseline import MajorityBaseline
from factcheck.evaluation.datasets import Dataset, EvalRecord, sample, split_records
from factcheck.evaluation.predictions import Prediction, PredictionCache
from factcheck.evaluation.results import DatasetResult, VerifierResult
from factcheck.models import Claim, Evidence
from factcheck.verify.base import Verifier

# Evidence for a record, and the document ids retrieved for it (None on gold evidence).
EvidenceFor = Callable[[EvalRecord, Claim], tuple[list[Evidence], tuple[str, ...] | None]]


class Skipped(Exception):
    """A target that cannot be evaluated; the reason goes into the report's notes."""


@dataclass
class RunContext:
    """Everything an evaluator needs besides its target."""

    settings: Settings
    verifiers: dict[str, Verifier]
    cache: PredictionCache
    progress: Progress
    split: str = "dev"
    limit: int | None = None
    predictions: list[Prediction] = field(default_factory=list)  # every one of this run


class Evaluator(Protocol):
    mode: ClassVar[str]
    primary_metric: ClassVar[str]

    def evaluate(self, target: Any, run: RunContext): ...


@dataclass(frozen=True)
class Selection:
    """The records a set is evaluated on, and its majority baseline."""

    split: str
    records: list[EvalRecord]
    split_size: int
    baseline: MajorityBaseline


def select(dataset: Dataset, run: RunContext) -> Selection:
    """The split's records (sampled down to ``--limit``); the baseline's label is the
    commonest of the whole split."""
    split, records = split_records(dataset.records, run.split)
    if not records:
        raise Skipped(f"{dataset.name}: no records in split {run.split!r} or 'all'")
    baseline = MajorityBaseline.from_labels([r.label for r in records])
    return Selection(split, sample(records, run.limit), len(records), baseline)


def dataset_result(
    evaluator: Evaluator,
    dataset: Dataset,
    selection: Selection,
    verifiers: dict[str, VerifierResult],
) -> DatasetResult:
    """The result of a set evaluated on its selected records."""
    return DatasetResult(
        name=dataset.name,
        path=dataset.path,
        mode=evaluator.mode,
        split=selection.split,
        primary_metric=evaluator.primary_metric,
        records=selection.split_size,
        skipped=tuple(f"line {s.line}: {s.reason}" for s in dataset.skipped),
        majority_label=str(selection.baseline.label),
        verifiers=verifiers,
    )


def predict(
    mode: str,
    dataset: Dataset,
    selection: Selection,
    run: RunContext,
    evidence_for: EvidenceFor,
) -> dict[str, list[Prediction]]:
    """Every verifier's (and the baseline's) prediction for every selected record, taken
    from the cache when there, else made, timed and cached at once; also kept in
    ``run.predictions``."""
    verifiers = {**run.verifiers, selection.baseline.name: selection.baseline}
    found: dict[str, list[Prediction]] = {name: [] for name in verifiers}
    task = run.progress.add_task(f"{mode} {dataset.name}", total=len(selection.records))
    for record in selection.records:
        prepared: tuple[Claim, list[Evidence], tuple[str, ...] | None] | None = None
        for name, verifier in verifiers.items():
            key = (mode, dataset.name, name, selection.split, record.id)
            cached = run.cache.get(key)
            if cached is None:
                if prepared is None:
                    claim = claim_for(record)
                    prepared = (claim, *evidence_for(record, claim))
                claim, evidence, retrieved = prepared
                start = time.perf_counter()
                verdict = verifier.verify(claim, evidence)
                cached = Prediction(
                    mode=mode,
                    dataset=dataset.name,
                    verifier=name,
                    split=selection.split,
                    id=record.id,
                    gold=record.label,
                    label=verdict.label,
                    score=verdict.score,
                    confidence=verdict.confidence,
                    lang=record.lang,
                    seconds=time.perf_counter() - start,
                    retrieved=retrieved,
                )
                run.cache.add(cached)
            found[name].append(cached)
        run.progress.advance(task)
    run.progress.remove_task(task)
    run.predictions.extend(p for ps in found.values() for p in ps)
    return found


def claim_for(record: EvalRecord) -> Claim:
    from factcheck.extract.building import claim_from_text

    return claim_from_text(record.claim, article_id=record.id)
