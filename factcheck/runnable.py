"""The pipeline as a LangChain `Runnable`: an article in, a `Report` out.

An article is its text (``str``), a `Path` to a file, a parsed `Document`, or a dict as a
line of ``factcheck batch`` JSONL: ``{"text": ..., "published"?: ..., "url"?: ..., "id"?:
...}`` or ``{"path": ...}``. ``invoke``, ``batch`` (threads, bounded by
``config["max_concurrency"]``), ``stream`` and composition with ``|`` come from LangChain:

    chain = as_runnable() | RunnableLambda(lambda report: report.article.trust_score)
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from langchain_core.runnables import Runnable, RunnableConfig

from factcheck.batch import ArticleSource, thread_safe_pipeline
from factcheck.config import Settings
from factcheck.intake import Document, parse_article, read_article
from factcheck.models import Report
from factcheck.pipeline import Pipeline

Article = str | Path | Document | Mapping[str, Any]


def to_document(article: Article) -> Document:
    """An article in any of the accepted forms, parsed."""
    if isinstance(article, Document):
        return article
    if isinstance(article, Path):
        return read_article(article)
    if isinstance(article, str):
        return parse_article(article)
    return ArticleSource.from_record(dict(article), Path(), "<input>").document()


class FactcheckRunnable(Runnable[Article, Report]):
    """`Pipeline.check` as a Runnable. The pipeline (models, store) loads on first use, once,
    and is shared by the threads of ``batch``."""

    name = "factcheck"

    def __init__(self, pipeline: Pipeline | None = None, settings: Settings | None = None):
        self._given = pipeline
        self._settings = settings
        self._shared: Pipeline | None = None
        self._lock = threading.Lock()

    @property
    def pipeline(self) -> Pipeline:
        with self._lock:
            if self._shared is None:
                self._shared = thread_safe_pipeline(self._given or Pipeline(self._settings))
            return self._shared

    def invoke(self, input: Article, config: RunnableConfig | None = None, **kwargs: Any) -> Report:
        return self._call_with_config(self._check, input, config, run_type="chain")

    def _check(self, article: Article) -> Report:
        return self.pipeline.check(to_document(article))


def as_runnable(
    pipeline: Pipeline | None = None, settings: Settings | None = None
) -> FactcheckRunnable:
    """The pipeline (given, or built from ``settings``) as a LangChain Runnable."""
    return FactcheckRunnable(pipeline, settings)
