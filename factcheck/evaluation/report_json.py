"""The JSON report: a contract read by scripts and dashboards.

The top level maps each evaluated set's name to the primary (first) verifier's measures:
``n``, ``accuracy``, ``macro_f1``, ``per_label`` ({label: precision, recall, f1,
support}), ``ece``, ``seconds_per_claim``, and the rest of them (``accuracy_ci``,
``macro_f1_ci``, ``brier``, ``confusion``, ``reliability``, ``per_language``, ``tokens``,
``cost_usd``, and ``retrieval`` or ``article`` in those modes), beside ``mode``,
``split``, ``primary_verifier``, ``primary_metric``, ``majority_label`` and ``verifiers``:
every configuration, the ``majority`` baseline included, under its name with the same
measures. The one key starting with an underscore, ``_meta``, is not a set: it holds the
run's stamp (command, commit, machine), the verifiers and the notes.
"""

from __future__ import annotations

import json
from typing import Any

from factcheck.evaluation.results import DatasetResult, EvaluationReport, VerifierResult

META_KEY = "_meta"


def verifier_dict(result: VerifierResult) -> dict[str, Any]:
    flat = result.metrics.model_dump(mode="json")
    for extra in ("retrieval", "article"):
        if getattr(result, extra) is not None:
            flat[extra] = getattr(result, extra).model_dump(mode="json")
    return flat


def dataset_dict(dataset: DatasetResult) -> dict[str, Any]:
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
    }


def to_dict(report: EvaluationReport) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for dataset in report.datasets:
        name = dataset.name if dataset.name not in found else f"{dataset.name}:{dataset.mode}"
        found[name] = dataset_dict(dataset)
    found[META_KEY] = {
        **report.run.model_dump(mode="json"),
        "verifiers": list(report.verifiers),
        "notes": list(report.notes),
    }
    return found


def render(report: EvaluationReport) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2)
