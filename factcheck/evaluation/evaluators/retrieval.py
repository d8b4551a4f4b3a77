"""Retrieval mode: the set's corpus in a temporary store, evidence retrieved per claim.

Scored twice: retrieval (recall@k and MRR of the retrieved documents against the gold
evidence documents) and verdicts end to end on the retrieved evidence. The ``k`` chunks the
pipeline would retrieve (``top_k``) are mapped to their documents, in rank order.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import ClassVar

from factcheck.evaluation import metrics
from factcheck.evaluation.datasets import Dataset, EvalRecord, read_dataset
from factcheck.evaluation.evaluators.base import (
    RunContext,
    Skipped,
    dataset_result,
    predict,
    select,
)
from factcheck.evaluation.predictions import Prediction
from factcheck.evaluation.results import DatasetResult, RetrievalMetrics, VerifierResult
from factcheck.evaluation.scoring import verdict_metrics
from factcheck.models import Claim

GOLD_FIELDS = ("doc_id", "source")


def corpus_ids(corpus: str | Path) -> set[str]:
    ids = set()
    with Path(corpus).open(encoding="utf-8") as lines:
        for line in lines:
            try:
                ids.add(str(json.loads(line)["id"]))
            except (json.JSONDecodeError, KeyError, TypeError):
                continue
    return ids


def gold_field(records: tuple[EvalRecord, ...], ids: set[str]) -> str | None:
    """The evidence field whose values most often name a corpus document, if any does."""
    hits = Counter(
        field
        for record in records
        for item in record.evidence
        for field in GOLD_FIELDS
        if getattr(item, field) in ids
    )
    return hits.most_common(1)[0][0] if hits else None


def gold_documents(record: EvalRecord, field: str, ids: set[str]) -> set[str]:
    return {v for item in record.evidence if (v := getattr(item, field)) in ids}


class RetrievalEvaluator:
    mode: ClassVar[str] = "retrieval"
    primary_metric: ClassVar[str] = "recall_at_k"

    def evaluate(self, target: str, run: RunContext) -> DatasetResult:
        dataset = read_dataset(target)
        if dataset.corpus is None:
            raise Skipped(f"{dataset.name}: no corpus.jsonl beside {dataset.path}")
        ids = corpus_ids(dataset.corpus)
        field = gold_field(dataset.records, ids)
        if field is None:
            raise Skipped(f"{dataset.name}: no evidence field names a corpus document")
        selection = select(dataset, run)
        with tempfile.TemporaryDirectory(prefix="factcheck-eval-") as workspace:
            retrieve = _LazyRetriever(dataset, run, Path(workspace))
            predictions = predict(self.mode, dataset, selection, run, retrieve)
        gold = {r.id: gold_documents(r, field, ids) for r in selection.records}
        verifiers = {
            name: VerifierResult(
                verifier=name,
                metrics=verdict_metrics(found),
                retrieval=retrieval_metrics(found, gold, run.settings.top_k, field),
            )
            for name, found in predictions.items()
        }
        return dataset_result(self, dataset, selection, verifiers)


def retrieval_metrics(
    predictions: list[Prediction], gold: dict[str, set[str]], k: int, field: str
) -> RetrievalMetrics:
    """Recall@k and MRR over the predictions whose claim has gold documents."""
    scored = [(p.retrieved or (), gold[p.id]) for p in predictions if gold.get(p.id)]
    n = max(len(scored), 1)
    return RetrievalMetrics(
        k=k,
        queries=len(scored),
        recall_at_k=sum(metrics.recall_at_k(r, g, k) for r, g in scored) / n,
        mrr=sum(metrics.reciprocal_rank(r, g) for r, g in scored) / n,
        gold_field=field,
    )


class _LazyRetriever:
    """Ingests the corpus on first use only, so a fully cached re-run embeds nothing."""

    def __init__(self, dataset: Dataset, run: RunContext, workspace: Path):
        self.dataset, self.run, self.workspace = dataset, run, workspace
        self._retriever = None

    def __call__(self, record: EvalRecord, claim: Claim):
        from factcheck.pipeline import retrieval_query

        if self._retriever is None:
            self._retriever = self._ingest()
        evidence = self._retriever.retrieve(retrieval_query(claim), self.run.settings.top_k)
        documents = tuple(dict.fromkeys(e.chunk.document_id for e in evidence))
        return evidence, documents

    def _ingest(self):
        from factcheck.evidence import EvidenceStore, HybridRetriever, load_documents

        settings = self.run.settings.model_copy(
            update={"workspace": self.workspace, "chroma_url": None}
        )
        store = EvidenceStore(settings)
        progress = self.run.progress
        task = progress.add_task(f"ingesting {self.dataset.name} corpus", total=None)
        store.ingest(
            load_documents([self.dataset.corpus]), on_document=lambda _: progress.advance(task)
        )
        progress.remove_task(task)
        return HybridRetriever(store)
