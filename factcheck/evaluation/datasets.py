"""Reading an evaluation set in the shared JSONL layout.

A set is a ``claims.jsonl`` (or any ``*.jsonl``) of records
``{"id", "claim", "label", "evidence": [{"text", "doc_id"?, "source"?, ...}], "lang", "split"}``,
optionally with a ``corpus.jsonl`` beside it (``{"id", "title", "text", "source"}``) for
retrieval. A line that cannot be used becomes a `SkippedLine` with its reason, never an
exception.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from pydantic import Field, ValidationError

from factcheck.models import Label, Record
from factcheck.verify.trained.data import DEV_SHARE, claim_bucket

CLAIMS_FILE = "claims.jsonl"
CORPUS_FILE = "corpus.jsonl"


class GoldEvidence(Record):
    """One gold evidence item; ``doc_id`` or ``source`` may name a corpus document."""

    text: str
    doc_id: str | None = None
    source: str | None = None
    title: str | None = None


class EvalRecord(Record):
    id: str
    claim: str = Field(min_length=1)
    label: Label
    evidence: tuple[GoldEvidence, ...] = ()
    lang: str = "en"
    split: str = "all"


class SkippedLine(Record):
    line: int
    reason: str


class Dataset(Record):
    name: str
    path: str
    records: tuple[EvalRecord, ...]
    skipped: tuple[SkippedLine, ...] = ()
    corpus: str | None = Field(default=None, description="the corpus.jsonl beside, if any")


def dataset_name(path: Path) -> str:
    """A set is named by its file's stem, or by its folder when the file is claims.jsonl."""
    return path.parent.name if path.name == CLAIMS_FILE else path.stem


def claims_path(path: str | Path) -> Path:
    """The claims file of a set given as the file or as its folder."""
    path = Path(path)
    return path / CLAIMS_FILE if path.is_dir() else path


def parse_record(line: str) -> EvalRecord:
    """One JSONL line as a record; raises ValueError with a short reason."""
    raw = json.loads(line)
    if not isinstance(raw, dict):
        raise ValueError("a record must be a JSON object")
    evidence = [
        {k: str(item[k]) for k in ("text", "doc_id", "source", "title") if item.get(k) is not None}
        for item in raw.get("evidence") or []
        if isinstance(item, dict)
    ]
    return EvalRecord(
        id=str(raw.get("id", "")),
        claim=str(raw.get("claim") or "").strip(),
        label=raw.get("label"),
        evidence=[e for e in evidence if "text" in e],
        lang=str(raw.get("lang") or "en"),
        split=str(raw.get("split") or "all"),
    )


def read_dataset(path: str | Path) -> Dataset:
    """Every usable record of a set; malformed lines are recorded as skipped."""
    file = claims_path(path)
    records, skipped = [], []
    with file.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = parse_record(line)
            except json.JSONDecodeError as error:
                skipped.append(SkippedLine(line=number, reason=f"not JSON ({error.msg})"))
                continue
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(map(str, first["loc"]))
                skipped.append(SkippedLine(line=number, reason=f"{where}: {first['msg']}"))
                continue
            except ValueError as error:
                skipped.append(SkippedLine(line=number, reason=str(error)))
                continue
            if not record.id:
                record = record.model_copy(update={"id": f"line-{number}"})
            records.append(record)
    corpus = file.parent / CORPUS_FILE
    return Dataset(
        name=dataset_name(file),
        path=str(file),
        records=tuple(records),
        skipped=tuple(skipped),
        corpus=str(corpus) if corpus.is_file() and corpus != file else None,
    )


def split_records(records: tuple[EvalRecord, ...], split: str) -> tuple[str, list[EvalRecord]]:
    """The records of ``split``, with the split actually used.

    A set that comes in one split only (Climate-FEVER's "all", OCNLI's and FEVER-symmetric's
    "dev") is split by claim hash when "dev" or "train" is asked for: its dev part is the
    quarter that the trained verifier holds out, so that no verifier is scored on what it was
    trained on; its train part the rest, as the verifiers' training reads it.
    """
    splits = {r.split for r in records}
    if split in ("dev", "train") and len(splits) == 1:
        dev = split == "dev"
        chosen = [r for r in records if (claim_bucket(r.claim) < DEV_SHARE) == dev]
        part = "hash-held-out quarter" if dev else "hash-training three quarters"
        return f"{splits.pop()}, {part}", chosen
    chosen = [r for r in records if r.split == split]
    if not chosen:
        split, chosen = "all", [r for r in records if r.split == "all"]
    return split, chosen


def sample(records: list[EvalRecord], limit: int | None, seed: int = 0) -> list[EvalRecord]:
    """At most ``limit`` records: a seeded random sample, kept in file order."""
    if limit is None or len(records) <= limit:
        return records
    keep = set(random.Random(seed).sample(range(len(records)), limit))
    return [r for i, r in enumerate(records) if i in keep]
