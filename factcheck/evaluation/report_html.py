"""The HTML report: one self-contained page (inline CSS and SVG, no scripts, no fetches),
every text from the run escaped."""

from __future__ import annotations

from html import escape

from factcheck.evaluation.plots import bars_svg, confusion_svg, reliability_svg
from factcheck.evaluation.results import DatasetResult, EvaluationReport, VerifierResult
from factcheck.evaluation.tables import (
    LANGUAGE_HEADER,
    LANGUAGE_NOTE,
    SUMMARY_HEADER,
    language_rows,
    stamp_lines,
    summary_rows,
)

STYLE = """
body { font-family: system-ui, sans-serif; margin: 24px; color: #202124; max-width: 1200px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid #dadce0; padding: 4px 8px; text-align: left; }
th { background: #f1f3f4; }
.stamp { color: #5f6368; font-size: 13px; }
.plots { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.plot { border: 1px solid #eee; padding: 6px; }
h2 { border-bottom: 1px solid #dadce0; padding-bottom: 4px; margin-top: 32px; }
"""


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _overview(report: EvaluationReport) -> str:
    if not report.datasets:
        return ""
    series = list(next(iter(report.datasets)).verifiers)
    groups = [d.name for d in report.datasets]
    plots = []
    for measure in ("macro_f1", "accuracy"):
        values = [
            [getattr(d.verifiers[s].metrics, measure) if s in d.verifiers else 0.0 for s in series]
            for d in report.datasets
        ]
        plots.append(bars_svg(groups, series, values, f"{measure} per set"))
    return '<div class="plots">' + "".join(f'<div class="plot">{p}</div>' for p in plots) + "</div>"


def _by_language(report: EvaluationReport) -> str:
    if not report.languages:
        return ""
    table = _table(LANGUAGE_HEADER, language_rows(report))
    return f"<h2>By language</h2><p>{escape(LANGUAGE_NOTE)}</p>{table}"


def _verifier_section(dataset: DatasetResult, name: str, result: VerifierResult) -> str:
    m = result.metrics
    per_label = _table(
        ("label", "precision", "recall", "F1", "support"),
        [
            (label, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support))
            for label, s in m.per_label.items()
        ],
    )
    languages = _table(
        ("language", "n", "accuracy", "macro-F1"),
        [
            (lang, str(s.n), f"{s.accuracy:.3f}", f"{s.macro_f1:.3f}")
            for lang, s in m.per_language.items()
        ],
    )
    plots = [
        confusion_svg(m.confusion_labels, m.confusion, f"{dataset.name} · {name}: confusion"),
        reliability_svg(m.reliability, f"{name}: reliability (ECE {m.ece:.3f})"),
    ]
    return (
        f"<h3>{escape(name)}</h3>"
        f'<div class="plots"><div>{per_label}{languages}</div>'
        + "".join(f'<div class="plot">{p}</div>' for p in plots)
        + "</div>"
    )


def _dataset_section(dataset: DatasetResult) -> str:
    intro = (
        f"{dataset.mode} mode, split {dataset.split}: {dataset.records} records in the split; "
        f"majority label {dataset.majority_label}; primary measure {dataset.primary_metric}; "
        f"source {dataset.path}"
    )
    skipped = (
        f"<p>Skipped {len(dataset.skipped)}: {escape('; '.join(dataset.skipped[:5]))}</p>"
        if dataset.skipped
        else ""
    )
    sections = "".join(
        _verifier_section(dataset, name, result) for name, result in dataset.verifiers.items()
    )
    return f"<h2>{escape(dataset.name)}</h2><p>{escape(intro)}</p>{skipped}{sections}"


def render(report: EvaluationReport) -> str:
    stamp = "".join(f"<li>{escape(line)}</li>" for line in stamp_lines(report))
    notes = (
        "<h2>Notes</h2><ul>" + "".join(f"<li>{escape(n)}</li>" for n in report.notes) + "</ul>"
        if report.notes
        else ""
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>factcheck evaluation</title><style>{STYLE}</style></head><body>"
        f'<h1>factcheck evaluation</h1><ul class="stamp">{stamp}</ul>'
        "<p>Accuracy and macro-F1 in percent with 95% bootstrap intervals (200 resamples). "
        "Confidence of the predicted label: the verdict score for SUPPORTED, one minus it for "
        "REFUTED, 1 − |2·score − 1| otherwise. <code>majority</code> predicts the split's "
        "commonest label.</p>"
        f"{_table(SUMMARY_HEADER, summary_rows(report))}{_overview(report)}"
        f"{_by_language(report)}"
        + "".join(_dataset_section(d) for d in report.datasets)
        + f"{notes}</body></html>\n"
    )
