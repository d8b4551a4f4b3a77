"""Reports of a checked article: JSON (the public contract), Markdown, ClaimReview, HTML."""

from __future__ import annotations

import json
from importlib import resources
from typing import TYPE_CHECKING

from factcheck.config import Settings
from factcheck.models import Report
from factcheck.report.claimreview import claim_reviews, claim_reviews_json
from factcheck.report.html import render_html
from factcheck.report.markdown import render_markdown

if TYPE_CHECKING:
    from factcheck.intake import Document

FORMATS = ("json", "md", "claimreview", "html")


def report_schema() -> dict:
    """The JSON Schema of the report, generated from the records."""
    return Report.model_json_schema()


def shipped_schema() -> dict:
    """The schema file shipped with the package (kept equal to `report_schema` by a test)."""
    return json.loads(resources.files(__package__).joinpath("report.schema.json").read_text())


def render(
    report: Report,
    fmt: str,
    settings: Settings | None = None,
    *,
    document: Document | None = None,
) -> str:
    """The report in ``fmt``. Only ``html`` reads the ``document`` the report was made from:
    it highlights the claims in the article's cleaned text."""
    if fmt == "json":
        return report.model_dump_json(indent=2)
    if fmt == "md":
        return render_markdown(report)
    if fmt == "claimreview":
        return claim_reviews_json(claim_reviews(report, settings or Settings()))
    if fmt == "html":
        return render_html(report, settings, document)
    raise ValueError(f"unknown report format {fmt!r}")


__all__ = [
    "FORMATS", "render", "render_html", "render_markdown", "report_schema", "shipped_schema"
]  # fmt: skip
