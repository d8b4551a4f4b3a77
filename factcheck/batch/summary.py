"""How each article of a batch went, and ``summary.json`` and the table made from them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from rich.table import Table

from factcheck.models import Label, Record


class ArticleResult(Record):
    """How one article of a batch went."""

    id: str
    source: str
    status: Literal["checked", "failed"]
    report: str | None = None
    claims: int = 0
    labels: dict[Label, int] = {}
    unverified: int = 0
    trust_score: float | None = None
    seconds: float
    error: str | None = None
    earlier_run: bool = False


class BatchSummary(Record):
    """``summary.json``: every article of the batch, in input order."""

    input: str
    format: str
    checked: int
    failed: int
    seconds: float
    articles: tuple[ArticleResult, ...]


def summarize(
    input_path: Path, fmt: str, results: Iterable[ArticleResult], seconds: float
) -> BatchSummary:
    articles = tuple(results)
    return BatchSummary(
        input=str(input_path),
        format=fmt,
        checked=sum(a.status == "checked" for a in articles),
        failed=sum(a.status == "failed" for a in articles),
        seconds=round(seconds, 3),
        articles=articles,
    )


def summary_table(summary: BatchSummary) -> Table:
    """One row per article: its claims by label (NEI: not enough info), trust, time, error."""
    short = {Label.NOT_ENOUGH_INFO: "NEI"}
    labels = [short.get(label, label.value.lower()) for label in Label]
    title = f"{summary.checked} checked, {summary.failed} failed"
    table = Table("article", "status", "claims", *labels, "unverified", "trust", "seconds",
                  "error", title=title)  # fmt: skip
    for a in summary.articles:
        status = f"{a.status} (earlier run)" if a.earlier_run else a.status
        counts = [str(a.claims), *(str(a.labels.get(label, 0)) for label in Label),
                  str(a.unverified)]  # fmt: skip
        if a.status == "failed":
            counts = [""] * len(counts)
        trust = "" if a.trust_score is None else f"{a.trust_score:.2f}"
        table.add_row(a.id, status, *counts, trust, f"{a.seconds:.1f}", a.error or "")
    return table
