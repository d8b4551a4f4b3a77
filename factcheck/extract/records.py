"""Claim records on disk: one JSONL file per article in ``claims/``, one claim per line.

Lines are in article order and each is a `Claim` as JSON, so a file reads well in review
and diffs cleanly. Ids are stable, so a re-run rewrites the same lines instead of adding
new ones. Files are replaced atomically: a crash leaves the old file or the new, never half.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from factcheck.errors import InputError
from factcheck.files import write_atomic
from factcheck.models import Claim


def claims_path(claims_dir: Path, article_id: str) -> Path:
    return claims_dir / f"{article_id}.jsonl"


def claim_record(claim: Claim) -> Claim:
    """The `Claim` fields of a claim or a checked claim: what a claim file holds."""
    return Claim.model_validate(claim.model_dump(include=set(Claim.model_fields)))


def write_claims(claims: Sequence[Claim], claims_dir: Path, article_id: str) -> Path:
    """Replace the article's claim file with these claims (fields of `Claim` only)."""
    claims_dir.mkdir(parents=True, exist_ok=True)
    path = claims_path(claims_dir, article_id)
    ordered = sorted(claims, key=lambda c: (c.span.start, c.span.end))
    lines = [claim_record(c).model_dump_json() for c in ordered]
    write_atomic(path, "\n".join(lines) + ("\n" if lines else ""))
    return path


def read_claims(path: Path) -> list[Claim]:
    claims = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                claims.append(Claim.model_validate_json(line))
            except ValueError as error:
                raise InputError(
                    f"line {number} is not a claim record: {error}", source=str(path)
                ) from error
    return claims
