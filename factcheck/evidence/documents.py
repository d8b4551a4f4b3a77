"""Evidence files to documents with provenance: txt, md, html and JSONL records.

A JSONL record is ``{"id", "text", "title", "url", "publisher", "published", "language"}``;
only ``text`` is required. A file or line that cannot be used becomes a `Skip` with its
reason, never an exception, so one bad record does not stop an ingest. A text, Markdown or
HTML file is one document, at most ``MAX_ARTICLE_BYTES`` like an article; a JSONL file is
read a line at a time, so it may be of any size, and each line is held to the same limit.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import InputError
from factcheck.intake import read_article
from factcheck.intake.decoding import decode_bytes
from factcheck.intake.document import MAX_ARTICLE_BYTES
from factcheck.models import Record

EVIDENCE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}
_METADATA_FIELDS = ("title", "url", "publisher", "published", "language")
_SNIFF_BYTES = 65536  # enough of a JSONL file to tell text from binary
_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # bytes kept by the surrogateescape error handler


class EvidenceDocument(Record):
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    language: str | None = None
    source_path: str | None = None
    hidden_prose: int = 0


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
            if item.suffix.lower() == ".jsonl":
                yield from _records(item)
            else:
                yield _file_document(item)
        except InputError as error:
            yield Skip(str(item), error.message)
        except OSError as error:
            yield Skip(str(item), f"cannot be read: {error.strerror or error}")


def _file_document(path: Path) -> EvidenceDocument:
    article = read_article(path)
    return EvidenceDocument(
        id=content_id(article.text),
        text=article.text,
        title=article.title,
        url=article.url,
        publisher=article.publisher,
        published=article.published,
        language=article.language,
        source_path=str(path),
        hidden_prose=article.hidden_prose,
    )


def _records(path: Path) -> Iterator[EvidenceDocument | Skip]:
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
        decode_bytes(head, source=str(path))  # an empty or binary file is skipped whole
        handle.seek(0)
        lines = io.TextIOWrapper(handle, encoding=_encoding(head), errors="surrogateescape")
        for number, line in enumerate(_lines(lines, MAX_ARTICLE_BYTES), start=1):
            where = f"{path}:{number}"
            if line is None:
                yield Skip(where, f"the line is longer than {MAX_ARTICLE_BYTES:,} characters")
            elif line.strip():
                yield _record(line, where, path)


def _encoding(head: bytes) -> str:
    """UTF-16 or UTF-32 when a byte-order mark says so; else UTF-8, line by line."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"


def _lines(stream: io.TextIOBase, limit: int) -> Iterator[str | None]:
    """The stream's lines, never holding more than ``limit`` characters of one: a longer
    line is read through and given as None."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith("\n"):
            yield line
            continue
        while (rest := stream.readline(limit)) and not rest.endswith("\n"):
            pass
        yield None


def _record(line: str, where: str, path: Path) -> EvidenceDocument | Skip:
    if _NOT_UTF8.search(line):  # another encoding (GB18030, Big5, ...): detect it per line
        try:
            line = decode_bytes(line.encode("utf-8", "surrogateescape"), source=where)
        except InputError as error:
            return Skip(where, error.message)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Skip(where, f"not JSON ({error.msg})")
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return Skip(where, 'a record needs a "text" string')
    body = record["text"].strip()
    if not body:
        return Skip(where, "empty text")
    metadata = {k: str(record[k]) for k in _METADATA_FIELDS if record.get(k) not in (None, "")}
    doc_id = str(record.get("id") or content_id(body))
    return EvidenceDocument(id=doc_id, text=body, source_path=str(path), **metadata)
