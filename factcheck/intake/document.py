"""Intake: an article as read, cleaned, with its language, title and sentences."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from factcheck.errors import InputError
from factcheck.intake.cleaning import remove_boilerplate, repair_pinyin_noise, strip_markdown
from factcheck.intake.decoding import decode_bytes
from factcheck.intake.html import html_main_text
from factcheck.intake.mapped_text import MappedText
from factcheck.intake.segment import Sentence, detect_language, split_sentences

TextFormat = Literal["text", "markdown", "html"]
MAX_ARTICLE_BYTES = 20_000_000


@dataclass(frozen=True)
class Document:
    """An article after intake. ``mapped.original`` is the input as read."""

    id: str
    source: str
    format: TextFormat
    mapped: MappedText
    language: Literal["zh", "en"]
    title: str | None
    published: str | None
    url: str | None
    publisher: str | None
    sentences: tuple[Sentence, ...]
    hidden_prose: int = 0  # characters of prose an HTML page hides within its main text

    @property
    def original(self) -> str:
        return self.mapped.original

    @property
    def text(self) -> str:
        return self.mapped.text


def guess_format(text: str, name: str | None = None) -> TextFormat:
    suffix = Path(name).suffix.lower() if name else ""
    if suffix in {".html", ".htm", ".xhtml"}:
        return "html"
    if suffix in {".md", ".markdown"}:
        return "markdown"
    head = text[:2000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(body|article|p|div)\b", head):
        return "html"
    return "text"


def article_id_for(source: str | None, text: str) -> str:
    """A stable id: the file's stem, or a content hash for text without a name."""
    if source and source != "<stdin>":
        stem = Path(source).name
        for suffix in (".txt", ".md", ".markdown", ".html", ".htm"):
            stem = stem.removesuffix(suffix)
        return re.sub(r"[^\w.-]+", "-", stem).strip("-") or "article"
    return "text-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def read_article(
    path: str | Path, *, published: str | None = None, url: str | None = None
) -> Document:
    """Read an article file (text, Markdown or HTML; any common encoding)."""
    file = Path(path)
    if file.is_dir():
        raise InputError(
            "is a folder, not an article", source=str(path), hint="factcheck batch checks a folder"
        )
    if not file.is_file():
        raise InputError("no such file", source=str(path))
    if file.stat().st_size > MAX_ARTICLE_BYTES:
        raise InputError(f"the file is larger than {MAX_ARTICLE_BYTES:,} bytes", source=str(path))
    text = decode_bytes(file.read_bytes(), source=str(path))
    return parse_article(text, source=str(path), published=published, url=url)


def parse_article(
    text: str,
    *,
    source: str = "<stdin>",
    article_id: str | None = None,
    text_format: TextFormat | None = None,
    published: str | None = None,
    url: str | None = None,
) -> Document:
    """Clean and segment article text that is already decoded."""
    if not text.strip():
        raise InputError("the article is empty", source=source)
    text_format = text_format or guess_format(text, None if source == "<stdin>" else source)
    meta: dict[str, str | None] = {}
    hidden_prose = 0
    if text_format == "html":
        mapped, meta, hidden_prose = html_main_text(text)
    else:
        mapped = MappedText.identity(text)
        if text_format == "markdown":
            mapped = strip_markdown(mapped)
    mapped = remove_boilerplate(repair_pinyin_noise(mapped))
    sentences = tuple(split_sentences(mapped.text))
    if not sentences:
        raise InputError("no article text is left after removing page boilerplate", source=source)
    headings = [s.text for s in sentences if s.kind == "heading"]
    return Document(
        id=article_id or article_id_for(source, text),
        source=source,
        format=text_format,
        mapped=mapped,
        language=detect_language(mapped.text),
        title=meta.get("title") or (headings[0] if headings else None),
        published=published or meta.get("published"),
        url=url or meta.get("url"),
        publisher=meta.get("publisher"),
        sentences=sentences,
        hidden_prose=hidden_prose,
    )
