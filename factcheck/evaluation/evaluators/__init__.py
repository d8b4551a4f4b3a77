"""One evaluator per mode, each declaring the measure it is judged by."""

from factcheck.evaluation.evaluators.article import ArticleEvaluator
from factcheck.evaluation.evaluators.base import Evaluator, RunContext
from factcheck.evaluation.evaluators.evidence import EvidenceEvaluator
from factcheck.evaluation.evaluators.retrieval import RetrievalEvaluator

EVALUATORS: dict[str, type[Evaluator]] = {
    "evidence": EvidenceEvaluator,
    "retrieval": RetrievalEvaluator,
    "article": ArticleEvaluator,
}

__all__ = ["EVALUATORS", "Evaluator", "RunContext"]
