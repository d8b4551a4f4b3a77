"""The articles of a batch: the files of a folder or the lines of a JSONL file, each with an
id of its own that is also a safe file name."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError, model_validator

from factcheck.batch.output_files import RESERVED_IDS, SUMMARY
from factcheck.errors import InputError
from factcheck.models import Record

if TYPE_CHECKING:
    from factcheck.intake import Document

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_UNSAFE = re.compile(r"[^\w.-]+")


def safe_id(text: str) -> str:
    """An article id that is also a safe file name."""
    return _UNSAFE.sub("-", text).strip("-.") or "article"


class ArticleRecord(Record):
    """One article given as data: a JSONL line of a batch, or a dict given to the Runnable."""

    path: str | None = None
    text: str | None = None
    id: str | None = None
    published: date | None = None
    url: str | None = None

    @model_validator(mode="after")
    def _path_or_text(self) -> ArticleRecord:
        if (self.path is None) == (self.text is None):
            raise ValueError('give either "path" or "text"')
        return self


@dataclass(frozen=True)
class ArticleSource:
    """One article of a batch: a file or inline text, and what the input says about it."""

    id: str
    where: str  # the file, or "<jsonl file>:<line>", for messages and the report's source
    path: Path | None = None
    text: str | None = None
    published: str | None = None
    url: str | None = None
    problem: str | None = None  # why it cannot be checked at all (a bad line, a repeated id)

    @classmethod
    def from_record(cls, record: object, base: Path, where: str) -> ArticleSource:
        """An article from a dict (``path`` relative to ``base``); `InputError` if unusable."""
        from factcheck.intake.document import article_id_for

        try:
            item = ArticleRecord.model_validate(record)
        except ValidationError as error:
            reasons = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in error.errors()
            )
            raise InputError(f"not an article record ({reasons})", source=where) from None
        path = base / item.path if item.path is not None else None
        if item.id:
            article_id = safe_id(item.id)
        elif path is not None:
            article_id = article_id_for(str(path), "")
        else:
            article_id = article_id_for(None, item.text or "")
        return cls(
            id=article_id,
            where=str(path) if path is not None else where,
            path=path,
            text=item.text,
            published=item.published.isoformat() if item.published else None,
            url=item.url,
        )

    def document(self) -> Document:
        """The article read and parsed; `InputError` says why it cannot be."""
        from factcheck.intake import parse_article, read_article

        if self.problem:
            raise InputError(self.problem, source=self.where)
        if self.path is not None:
            document = read_article(self.path, published=self.published, url=self.url)
            return replace(document, id=self.id)
        return parse_article(
            self.text or "",
            source=self.where,
            article_id=self.id,
            published=self.published,
            url=self.url,
        )

    def fingerprint(self, fmt: str) -> str | None:
        """What a report is made from (content, date, URL, format); None if unreadable."""
        try:
            content = self.path.read_bytes() if self.path else (self.text or "").encode()
        except OSError:
            return None
        digest = hashlib.sha256(content)
        for part in (self.published, self.url, fmt):
            digest.update(b"\0" + (part or "").encode())
        return digest.hexdigest()


def list_articles(input_path: Path, out: Path | None = None) -> list[ArticleSource]:
    """The articles of a folder (leaving out hidden files and ``out``) or of a JSONL file,
    each with an id of its own: a repeated or reserved id is recorded as a problem."""
    if input_path.is_dir():
        sources = _folder_articles(input_path, out)
    elif input_path.is_file() and input_path.suffix.lower() == ".jsonl":
        sources = _jsonl_articles(input_path)
    else:
        raise InputError(
            "not a folder of articles or a .jsonl file", hint="see factcheck batch --help",
            source=str(input_path),
        )  # fmt: skip
    if not sources:
        kinds = ", ".join(ARTICLE_SUFFIXES)
        raise InputError(f"no articles ({kinds} files, or JSONL lines)", source=str(input_path))
    return _unique_ids(sources)


def _folder_articles(folder: Path, out: Path | None) -> list[ArticleSource]:
    skip = out.resolve() if out else None
    sources = []
    for file in sorted(folder.rglob("*")):
        relative = file.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if skip and file.resolve().is_relative_to(skip):
            continue
        if file.is_file() and file.suffix.lower() in ARTICLE_SUFFIXES:
            article_id = safe_id("-".join(relative.with_suffix("").parts))
            sources.append(ArticleSource(id=article_id, where=str(file), path=file))
    return sources


def _jsonl_articles(path: Path) -> list[ArticleSource]:
    from factcheck.intake.decoding import decode_bytes

    lines = decode_bytes(path.read_bytes(), source=str(path)).splitlines()
    sources = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where, line_id = f"{path}:{number}", f"line-{number}"
        try:
            sources.append(ArticleSource.from_record(json.loads(line), path.parent, where))
        except json.JSONDecodeError as error:
            sources.append(ArticleSource(line_id, where, problem=f"not JSON ({error.msg})"))
        except InputError as error:
            sources.append(ArticleSource(line_id, where, problem=error.message))
    return sources


def _unique_ids(sources: list[ArticleSource]) -> list[ArticleSource]:
    """A repeated or reserved id becomes ``<id>#<n>`` (no article id holds a ``#``) and the
    article a recorded failure saying why."""
    first: dict[str, str] = {}
    repeats: Counter[str] = Counter()
    unique = []
    for source in sources:
        if source.id in RESERVED_IDS:
            problem = f"the id {source.id!r} is reserved for {SUMMARY}; give the article another"
        elif source.id in first:
            problem = f"the id {source.id!r} is already used by {first[source.id]}"
        else:
            first[source.id] = source.where
            unique.append(source)
            continue
        repeats[source.id] += 1
        unique.append(replace(source, id=f"{source.id}#{repeats[source.id]}", problem=problem))
    return unique
