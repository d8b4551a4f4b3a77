"""Evidence mode: each verifier on the gold evidence of every record."""

from __future__ import annotations

from typing import ClassVar

from factcheck.evaluation.datasets import EvalRecord, read_dataset
from factcheck.evaluation.evaluators.base import RunContext, dataset_result, predict, select
from factcheck.evaluation.results import DatasetResult, VerifierResult
from factcheck.evaluation.scoring import verdict_metrics
from factcheck.models import Claim, Evidence, EvidenceChunk


def gold_evidence(record: EvalRecord) -> list[Evidence]:
    """The record's non-empty evidence texts, one chunk each, in the order given. A chunk's
    document is the one its item names (``doc_id``, else ``source``); items that name none
    are of one unnamed document of the record (COVIDFact's sentences, all retrieved from the
    claim's own source), so that they never count as independent sources that conflict."""
    return [
        Evidence(
            chunk=EvidenceChunk(
                id=f"{record.id}#{i}",
                document_id=item.doc_id or item.source or record.id,
                text=item.text,
                title=item.title,
            ),
            score=1.0,
        )
        for i, item in enumerate(record.evidence)
        if item.text.strip()
    ]


class EvidenceEvaluator:
    mode: ClassVar[str] = "evidence"
    primary_metric: ClassVar[str] = "macro_f1"

    def evaluate(self, target: str, run: RunContext) -> DatasetResult:
        dataset = read_dataset(target)
        selection = select(dataset, run)

        def evidence_for(record: EvalRecord, claim: Claim):
            return gold_evidence(record), None

        predictions = predict(self.mode, dataset, selection, run, evidence_for)
        verifiers = {
            name: VerifierResult(verifier=name, metrics=verdict_metrics(found))
            for name, found in predictions.items()
        }
        return dataset_result(self, dataset, selection, verifiers)
