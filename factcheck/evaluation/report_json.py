"""The JSON report: a contract read by scripts and dashboards.

The top level maps each evaluated set's name to the primary (first) verifier's measures:
``n``, ``accuracy``, ``macro_f1``, ``per_label`` ({label: precision, recall, f1,
support}), ``ece``, ``seconds_per_claim``, and the rest of them (``accuracy_ci``,
``macro_f1_ci``, ``brier``, ``confusion``, ``reliability``, ``per_language``, ``tokens``,
``cost_usd``, and ``retrieval`` or ``article`` in those modes), beside ``mode``,
``split``, ``primary_verifier``, ``primary_metric``, ``majority_label`` and ``verifiers``:
every configuration, the ``majority`` baseline included, under its name with the same
measures, ``run``: the stamp of the run that produced it (command, commit, machine), and
``pooled_languages``: for each language of the set that other sets of the run share in the
same mode, ``sets`` and each configuration's headline measures (``POOLED_MEASURES``) over
all their claims at once (the Markdown and HTML reports show them once, under "By language").
Every top-level key is a set, so a reader can iterate over them.
"""

from __future__ import annotations

import json
from typing import Any

from factcheck.evaluation.results import (
    DatasetResult,
    EvaluationReport,
    LanguageResult,
    VerifierResult,
)

POOLED_MEASURES = {"n", "accuracy", "accuracy_ci", "macro_f1", "macro_f1_ci", "per_label", "ece"}


def verifier_dict(result: VerifierResult) -> dict[str, Any]:
    flat = result.metrics.model_dump(mode="json")
    for extra in ("retrieval", "article"):
        if getattr(result, extra) is not None:
            flat[extra] = getattr(result, extra).model_dump(mode="json")
    return flat


def dataset_dict(
    dataset: DatasetResult, run: dict[str, Any], languages: tuple[LanguageResult, ...]
) -> dict[str, Any]:
    verifiers = {name: verifier_dict(result) for name, result in dataset.verifiers.items()}
    primary = next(iter(dataset.verifiers))
    return {
        **verifiers[primary],
        "mode": dataset.mode,
        "split": dataset.split,
        "records_in_split": dataset.records,
        "primary_verifier": primary,
        "primary_metric": dataset.primary_metric,
        "majority_label": dataset.majority_label,
        "skipped": list(dataset.skipped),
        "path": dataset.path,
        "verifiers": verifiers,
        "run": run,
        "pooled_languages": {
            pooled.language: {
                "sets": list(pooled.sets),
                "verifiers": {
                    name: m.model_dump(mode="json", include=POOLED_MEASURES)
                    for name, m in pooled.verifiers.items()
                },
            }
            for pooled in languages
            if pooled.mode == dataset.mode and dataset.name in pooled.sets
        },
    }


def to_dict(report: EvaluationReport) -> dict[str, Any]:
    run = report.run.model_dump(mode="json")
    found: dict[str, Any] = {}
    for dataset in report.datasets:
        name = dataset.name if dataset.name not in found else f"{dataset.name}:{dataset.mode}"
        found[name] = dataset_dict(dataset, run, report.languages)
    return found


def render(report: EvaluationReport) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2)
