"""Reports of a checked article: JSON (the public contract), Markdown, ClaimReview."""

from __future__ import annotations

import json
from importlib import resources

from factcheck.config import Settings
from factcheck.models import Report
from factcheck.report.claimreview import claim_reviews
from factcheck.report.markdown import render_markdown

FORMATS = ("json", "md", "claimreview")


def report_schema() -> dict:
    """The JSON Schema of the report, generated from the records."""
    return Report.model_json_schema()


def shipped_schema() -> dict:
    """The schema file shipped with the package (kept equal to `report_schema` by a test)."""
    return json.loads(resources.files(__package__).joinpath("report.schema.json").read_text())


def render(report: Report, fmt: str, settings: Settings | None = None) -> str:
    if fmt == "json":
        return report.model_dump_json(indent=2)
    if fmt == "md":
        return render_markdown(report)
    if fmt == "claimreview":
        reviews = claim_reviews(report, settings or Settings())
        return json.dumps(reviews, ensure_ascii=False, indent=2)
    raise ValueError(f"unknown report format {fmt!r}")


__all__ = ["FORMATS", "render", "render_markdown", "report_schema", "shipped_schema"]
