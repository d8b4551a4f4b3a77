"""Evidence files to documents with provenance: txt, md, html and JSONL records.

A JSONL record is ``{"id", "text", "title", "url", "publisher", "published", "language"}``;
only ``text`` is required. A file or line that cannot be used becomes a `Skip` with its
reason, never an exception, so one bad record does not stop an ingest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import InputError
from factcheck.intake import parse_article
from factcheck.intake.decoding import decode_bytes
from factcheck.intake.document import guess_format
from factcheck.models import Record

EVIDENCE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}
_METADATA_FIELDS = ("title", "url", "publisher", "published", "language")


class EvidenceDocument(Record):
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    language: str | None = None
    source_path: str | None = None


@dataclass(frozen=True)
class Skip:
    """An input that was not ingested, and why."""

    source: str
    reason: str


def content_id(text: str) -> str:
    return "doc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def evidence_files(paths: Iterable[str | Path]) -> Iterator[Path | Skip]:
    """The evidence files under the given paths; folders are walked, READMEs left out."""
    for path in map(Path, paths):
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                usable = file.suffix.lower() in EVIDENCE_SUFFIXES
                if file.is_file() and usable and not file.name.upper().startswith("README"):
                    yield file
        elif path.is_file():
            yield path
        else:
            yield Skip(str(path), "no such file or folder")


def load_documents(paths: Iterable[str | Path]) -> Iterator[EvidenceDocument | Skip]:
    for item in evidence_files(paths):
        if isinstance(item, Skip):
            yield item
            continue
        try:
            text = decode_bytes(item.read_bytes(), source=str(item))
        except InputError as error:
            yield Skip(str(item), error.message)
            continue
        if item.suffix.lower() == ".jsonl":
            yield from _records(text, item)
        else:
            yield from _file_document(text, item)


def _records(text: str, path: Path) -> Iterator[EvidenceDocument | Skip]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Skip(where, f"not JSON ({error.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield Skip(where, 'a record needs a "text" string')
            continue
        body = record["text"].strip()
        if not body:
            yield Skip(where, "empty text")
            continue
        metadata = {k: str(record[k]) for k in _METADATA_FIELDS if record.get(k) not in (None, "")}
        doc_id = str(record.get("id") or content_id(body))
        yield EvidenceDocument(id=doc_id, text=body, source_path=str(path), **metadata)


def _file_document(text: str, path: Path) -> Iterator[EvidenceDocument | Skip]:
    try:
        article = parse_article(text, source=str(path), text_format=guess_format(text, path.name))
    except InputError as error:
        yield Skip(str(path), error.message)
        return
    yield EvidenceDocument(
        id=content_id(article.text),
        text=article.text,
        title=article.title,
        url=article.url,
        published=article.published,
        language=article.language,
        source_path=str(path),
    )
