"""Reports the service has checked, one JSON file each in the reports folder
(``Settings.reports_path``: ``<workspace>/reports/`` unless ``service_reports_dir`` says).

Article ids come from clients, so an id is checked against the one form the service creates
(`article_id_for` on text without a file name: ``text-`` and 12 hex digits) before any path
is built from it; nothing a client sends can name another file.
"""

from __future__ import annotations

import re
from pathlib import Path

from factcheck.errors import InputError
from factcheck.extract.records import claim_record
from factcheck.files import write_atomic
from factcheck.models import Claim, Report

ARTICLE_ID_PATTERN = r"^text-[0-9a-f]{12}$"
_ARTICLE_ID = re.compile(ARTICLE_ID_PATTERN)


def report_path(folder: Path, article_id: str) -> Path:
    """Where the report of ``article_id`` is kept; `InputError` for anything but a valid id."""
    if not _ARTICLE_ID.fullmatch(article_id):
        raise InputError(f"{article_id[:80]!r} is not an article id (text- and 12 hex digits)")
    return folder / f"{article_id}.json"


def save_report(folder: Path, report: Report) -> Path:
    return write_atomic(report_path(folder, report.article.id), report.model_dump_json(indent=2))


def load_report(folder: Path, article_id: str) -> Report | None:
    """The stored report, or None when no article with this id was checked here."""
    path = report_path(folder, article_id)
    if not path.is_file():
        return None
    return Report.model_validate_json(path.read_text(encoding="utf-8"))


def claim_records(report: Report) -> list[Claim]:
    """The report's claims as claim records (the fields of `Claim`, as in ``claims/``)."""
    return [claim_record(c) for c in report.claims]
