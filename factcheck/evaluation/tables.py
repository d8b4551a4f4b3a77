"""The summary table shared by the Markdown and HTML reports, as plain strings."""

from __future__ import annotations

from factcheck.evaluation.results import DatasetResult, EvaluationReport, VerifierResult

SUMMARY_HEADER = (
    "set",
    "mode",
    "verifier",
    "n",
    "accuracy [95% CI]",
    "macro-F1 [95% CI]",
    "ECE",
    "Brier",
    "s/claim",
    "mode measures",
)


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


def summary_row(dataset: DatasetResult, name: str, result: VerifierResult) -> tuple[str, ...]:
    m = result.metrics
    return (
        dataset.name,
        f"{dataset.mode} ({dataset.split})",
        name,
        str(m.n),
        f"{pct(m.accuracy)} [{pct(m.accuracy_ci.low)}–{pct(m.accuracy_ci.high)}]",
        f"{pct(m.macro_f1)} [{pct(m.macro_f1_ci.low)}–{pct(m.macro_f1_ci.high)}]",
        f"{m.ece:.3f}",
        f"{m.brier:.3f}",
        f"{m.seconds_per_claim:.3f}",
        mode_measures(result),
    )


def summary_rows(report: EvaluationReport) -> list[tuple[str, ...]]:
    return [
        summary_row(dataset, name, result)
        for dataset in report.datasets
        for name, result in dataset.verifiers.items()
    ]


def stamp_lines(report: EvaluationReport) -> list[str]:
    run, m = report.run, report.run.machine
    return [
        f"command: {run.command}",
        f"commit: {run.commit or 'unknown'}",
        f"machine: {m.nproc} cores (nproc), {m.cpu}; Python {m.python}; {m.platform}",
        f"started: {run.started}; took {run.seconds:.0f} s",
    ]
