"""The results of an evaluation run: frozen pydantic models, serialised as they are."""

from __future__ import annotations

from pydantic import Field

from factcheck.models import Record


class LabelScores(Record):
    precision: float
    recall: float
    f1: float
    support: int = Field(description="gold items with this label")


class Interval(Record):
    """A 95% percentile bootstrap interval."""

    low: float
    high: float


class ReliabilityBin(Record):
    lower: float
    upper: float
    count: int
    confidence: float = Field(description="mean confidence of the predicted label in the bin")
    accuracy: float


class LanguageScores(Record):
    n: int
    accuracy: float
    macro_f1: float


class VerdictMetrics(Record):
    """How well predicted labels match gold labels, and how well calibrated they are."""

    n: int
    accuracy: float
    accuracy_ci: Interval
    macro_f1: float = Field(description="mean F1 over the labels present in the gold data")
    macro_f1_ci: Interval
    per_label: dict[str, LabelScores]
    confusion_labels: tuple[str, ...] = Field(description="rows: gold; columns: predicted")
    confusion: tuple[tuple[int, ...], ...]
    ece: float = Field(description="expected calibration error, 15 bins, predicted label")
    brier: float = Field(description="top-label Brier score")
    reliability: tuple[ReliabilityBin, ...]
    per_language: dict[str, LanguageScores]
    seconds_per_claim: float
    tokens: int | None = Field(default=None, description="LLM tokens; null for offline verifiers")
    cost_usd: float | None = Field(default=None, description="LLM cost; null when offline")


class RetrievalMetrics(Record):
    k: int
    queries: int = Field(description="claims with at least one gold document in the corpus")
    recall_at_k: float
    mrr: float
    gold_field: str = Field(description="the evidence field naming the corpus document")


class ArticleMetrics(Record):
    """Claim extraction against hand-marked gold spans, and check-worthiness ranking."""

    gold_spans: int
    unlocated: tuple[str, ...] = Field(description="gold source_texts not found in the article")
    claims: int
    extraction_precision: float
    extraction_recall: float
    extraction_f1: float
    checkworthiness_ap: float = Field(description="average precision, gold checkworthy relevant")
    verdicts_matched: int


class VerifierResult(Record):
    verifier: str
    metrics: VerdictMetrics
    retrieval: RetrievalMetrics | None = None
    article: ArticleMetrics | None = None


class DatasetResult(Record):
    name: str
    path: str
    mode: str
    split: str
    primary_metric: str = Field(description="the measure this mode is judged by")
    records: int = Field(description="records of the split before --limit")
    skipped: tuple[str, ...] = Field(default=(), description="lines or items left out, and why")
    majority_label: str | None = None
    verifiers: dict[str, VerifierResult] = Field(
        description="by configuration, in command-line order; the baseline last"
    )


class LanguageResult(Record):
    """Every set of one mode in one language, pooled: the claims of all of them as one."""

    mode: str
    language: str
    sets: tuple[str, ...]
    verifiers: dict[str, VerdictMetrics] = Field(
        description="by configuration, as in the sets; `majority` is each set's own baseline"
    )


class Machine(Record):
    nproc: int
    cpu: str
    python: str
    platform: str


class RunInfo(Record):
    command: str
    commit: str | None
    machine: Machine
    started: str
    seconds: float


class EvaluationReport(Record):
    run: RunInfo
    verifiers: tuple[str, ...]
    datasets: tuple[DatasetResult, ...]
    languages: tuple[LanguageResult, ...] = Field(
        default=(), description="per mode and language, when two or more sets share them"
    )
    notes: tuple[str, ...] = Field(
        default=(),
        description="what was not evaluated, and cached predictions dropped as stale",
    )
