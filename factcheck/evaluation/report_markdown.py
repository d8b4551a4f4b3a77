"""The Markdown summary: the stamp, one row per set and configuration, the languages pooled
over their sets, each set's per-label scores, and the notes."""

from __future__ import annotations

from factcheck.evaluation.results import EvaluationReport
from factcheck.evaluation.tables import (
    LANGUAGE_HEADER,
    LANGUAGE_NOTE,
    SUMMARY_HEADER,
    language_rows,
    stamp_lines,
    summary_rows,
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(report: EvaluationReport) -> str:
    lines = ["# Evaluation report", "", *(f"- {line}" for line in stamp_lines(report)), ""]
    lines += [
        "Accuracy and macro-F1 in percent with 95% bootstrap intervals (200 resamples); "
        "macro-F1 over the labels present in the gold data; ECE over 15 bins of the "
        "predicted label's confidence; `majority` predicts the split's commonest label.",
        "",
        "| " + " | ".join(SUMMARY_HEADER) + " |",
        "|" + "---|" * len(SUMMARY_HEADER),
    ]
    lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in summary_rows(report)]
    if report.languages:
        lines += ["", "## By language", "", LANGUAGE_NOTE, ""]
        lines += ["| " + " | ".join(LANGUAGE_HEADER) + " |", "|" + "---|" * len(LANGUAGE_HEADER)]
        lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in language_rows(report)]
    for dataset in report.datasets:
        lines += ["", f"## {dataset.name}", ""]
        lines.append(
            f"{dataset.mode} mode, split {dataset.split}: {dataset.records} records "
            f"(majority label {dataset.majority_label}); primary measure "
            f"`{dataset.primary_metric}`."
        )
        if dataset.skipped:
            lines.append(f"Skipped {len(dataset.skipped)} lines, first: {dataset.skipped[0]}.")
        lines += [
            "",
            "| verifier | label | precision | recall | F1 | support |",
            "|---|---|---|---|---|---|",
        ]
        for name, result in dataset.verifiers.items():
            for label, s in result.metrics.per_label.items():
                lines.append(
                    f"| {name} | {label} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} "
                    f"| {s.support} |"
                )
    if report.notes:
        lines += ["", "## Notes", "", *(f"- {_cell(note)}" for note in report.notes)]
    return "\n".join(lines) + "\n"
