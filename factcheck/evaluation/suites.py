"""Suite files (``eval/suites/*.toml``): named lists of sets, or of articles with gold.

A suite's relative paths resolve against its ``root`` (itself relative to the suite file;
default: the suite's folder), so the shipped suites, with ``root = "../.."``, name paths as
seen from the repository root::

    root = "../.."
    mode = "evidence"            # default mode for `factcheck eval SUITE`
    split = "dev"                # default split
    datasets = ["../shared/eval/chef", "../shared/eval/scifact/claims.jsonl"]

An article suite lists each article with its evidence and its gold file (article layout:
one JSON line per hand-marked claim, ``{"source_text", "checkworthy", "expected_label",
"type"?, "why"?}``, where ``source_text`` is quoted verbatim from the article as read)::

    mode = "article"
    [[articles]]
    name = "ai-video-race"
    article = "../shared/articles/ai-video-race.zh-Hant.txt"
    evidence = ["evidence/ai-video-2025-10"]
    gold = "eval/articles/ai-video-race.gold.jsonl"
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import Field

from factcheck.errors import InputError
from factcheck.models import Record


class ArticleCase(Record):
    name: str
    article: str
    evidence: tuple[str, ...] = ()
    gold: str


class Suite(Record):
    name: str
    mode: str | None = None
    split: str | None = None
    datasets: tuple[str, ...] = ()
    articles: tuple[ArticleCase, ...] = Field(default=())


def is_suite(path: str | Path) -> bool:
    return Path(path).suffix == ".toml"


def read_suite(path: str | Path) -> Suite:
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"cannot read suite {path}: {error}") from error
    root = path.parent / raw.get("root", ".")

    def resolve(value: str) -> str:
        return os.path.normpath(value if Path(value).is_absolute() else root / value)

    articles = [
        {
            **article,
            "article": resolve(article["article"]),
            "gold": resolve(article["gold"]),
            "evidence": [resolve(e) for e in article.get("evidence", [])],
        }
        for article in raw.get("articles", [])
    ]
    return Suite(
        name=path.stem,
        mode=raw.get("mode"),
        split=raw.get("split"),
        datasets=[resolve(d) for d in raw.get("datasets", [])],
        articles=articles,
    )
