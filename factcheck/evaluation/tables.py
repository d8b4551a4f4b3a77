"""The summary tables shared by the Markdown and HTML reports, as plain strings."""

from __future__ import annotations

from factcheck.evaluation.results import (
    DatasetResult,
    EvaluationReport,
    VerdictMetrics,
    VerifierResult,
)

MEASURES = ("n", "accuracy [95% CI]", "macro-F1 [95% CI]", "ECE", "Brier")  # `_measures`
SUMMARY_HEADER = ("set", "mode", "verifier", *MEASURES, "s/claim", "mode measures")
LANGUAGE_HEADER = ("language", "mode", "sets", "verifier", *MEASURES)


def pct(value: float) -> str:
    return f"{100 * value:.1f}"


def mode_measures(result: VerifierResult) -> str:
    if result.retrieval:
        r = result.retrieval
        return f"recall@{r.k} {pct(r.recall_at_k)}, MRR {r.mrr:.3f} ({r.queries} queries)"
    if result.article:
        a = result.article
        return (
            f"extraction P {pct(a.extraction_precision)} R {pct(a.extraction_recall)} "
            f"F1 {pct(a.extraction_f1)}, check-worthiness AP {a.checkworthiness_ap:.3f}"
        )
    return ""


def _measures(m: VerdictMetrics) -> tuple[str, ...]:
    return (
        str(m.n),
        f"{pct(m.accuracy)} [{pct(m.accuracy_ci.low)}–{pct(m.accuracy_ci.high)}]",
        f"{pct(m.macro_f1)} [{pct(m.macro_f1_ci.low)}–{pct(m.macro_f1_ci.high)}]",
        f"{m.ece:.3f}",
        f"{m.brier:.3f}",
    )


def summary_row(dataset: DatasetResult, name: str, result: VerifierResult) -> tuple[str, ...]:
    m = result.metrics
    return (
        dataset.name,
        f"{dataset.mode} ({dataset.split})",
        name,
        *_measures(m),
        f"{m.seconds_per_claim:.3f}",
        mode_measures(result),
    )


def summary_rows(report: EvaluationReport) -> list[tuple[str, ...]]:
    return [
        summary_row(dataset, name, result)
        for dataset in report.datasets
        for name, result in dataset.verifiers.items()
    ]


def language_rows(report: EvaluationReport) -> list[tuple[str, ...]]:
    """One row per (language, mode, verifier): every set of the run in that language pooled."""
    return [
        (pooled.language, pooled.mode, ", ".join(pooled.sets), name, *_measures(m))
        for pooled in report.languages
        for name, m in pooled.verifiers.items()
    ]


LANGUAGE_NOTE = (
    "Each language's claims of every set above pooled (where two or more sets share the "
    "language and mode): the per-language targets are measured on these; the majority row is "
    "each set's own baseline."
)


def stamp_lines(report: EvaluationReport) -> list[str]:
    run, m = report.run, report.run.machine
    return [
        f"command: {run.command}",
        f"commit: {run.commit or 'unknown'}",
        f"machine: {m.nproc} cores (nproc), {m.cpu}; Python {m.python}; {m.platform}",
        f"started: {run.started}; took {run.seconds:.0f} s",
    ]
