"""The names of the files a batch writes to its output folder."""

from __future__ import annotations

from pathlib import Path

JOURNAL = "journal.jsonl"
SUMMARY = "summary.json"
RESERVED_IDS = {Path(SUMMARY).stem}  # its JSON report would be summary.json


def report_name(article_id: str, fmt: str) -> str:
    """``<id>.<format>``; ClaimReview is JSON-LD, so ``<id>.claimreview.json``."""
    return f"{article_id}.claimreview.json" if fmt == "claimreview" else f"{article_id}.{fmt}"
