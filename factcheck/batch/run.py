"""Checking the articles of a batch on threads that share one pipeline."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.batch.journal import Journal
from factcheck.batch.output_files import report_name
from factcheck.batch.sources import ArticleSource
from factcheck.batch.summary import ArticleResult
from factcheck.errors import FactcheckError
from factcheck.files import write_atomic
from factcheck.models import Claim, Evidence, Label, Verdict

if TYPE_CHECKING:
    from factcheck.models import Report
    from factcheck.pipeline import Pipeline
    from factcheck.verify.base import Verifier


class SerializedVerifier:
    """A verifier that is not safe to call from two threads, called by one at a time."""

    def __init__(self, verifier: Verifier):
        self.inner = verifier
        self.name = verifier.name
        self._lock = threading.Lock()

    def verify(self, claim: Claim, evidence: Sequence[Evidence]) -> Verdict:
        with self._lock:
            return self.inner.verify(claim, evidence)


def thread_safe_pipeline(pipeline: Pipeline) -> Pipeline:
    """The pipeline's components, ready to be shared by threads.

    The store, the BM25 index, the embedding model and the verifier load lazily, and two
    threads loading one at once would load it twice or write the index concurrently, so all
    load here. Extraction, retrieval and Chroma reads are safe from several threads; a verifier
    is called by one thread at a time unless it declares ``thread_safe = True`` (the rule
    verifier's embedding cache is not).
    """
    from factcheck.pipeline import Pipeline

    store = pipeline.store
    store.lexical_index()
    store.embeddings.embed_query("warm-up")  # the embedding model reads its weights on first use
    verifier = pipeline.verifier
    if not getattr(verifier, "thread_safe", False):
        verifier = SerializedVerifier(verifier)
    return Pipeline(
        pipeline.settings,
        extractor=pipeline.extractor,
        verifier=verifier,
        store=store,
        retriever=pipeline.retriever,
    )


def _reason(error: Exception) -> str:
    if isinstance(error, FactcheckError):
        text = str(error)
    else:
        text = f"unexpected {type(error).__name__}: {error}"
    return " ".join(text.split())


def _checked(source: ArticleSource, name: str, report: Report, seconds: float) -> ArticleResult:
    labels = Counter(c.verdict.label for c in report.claims if c.verdict)
    return ArticleResult(
        id=source.id,
        source=source.where,
        status="checked",
        report=name,
        claims=len(report.claims),
        labels={label: labels.get(label, 0) for label in Label},
        unverified=sum(c.verdict is None for c in report.claims),
        trust_score=report.article.trust_score,
        seconds=round(seconds, 3),
    )


def check_one(
    pipeline: Pipeline, source: ArticleSource, out: Path, fmt: str, journal: Journal,
    save_claims: bool = True,
) -> ArticleResult:  # fmt: skip
    """Check one article, write its report and journal it; a failure is a result, not raised."""
    from factcheck.report import render

    journal.write({"event": "started", "id": source.id, "source": source.where})
    started = time.perf_counter()
    fingerprint = source.fingerprint(fmt)
    name = report_name(source.id, fmt)
    try:
        document = source.document()
        report = pipeline.check(document, save=save_claims)
        write_atomic(out / name, render(report, fmt, pipeline.settings, document=document) + "\n")
    except Exception as error:  # one bad article must not stop the batch
        (out / name).unlink(missing_ok=True)  # a report from an earlier input is out of date
        result = ArticleResult(
            id=source.id, source=source.where, status="failed",
            seconds=round(time.perf_counter() - started, 3), error=_reason(error),
        )  # fmt: skip
    else:
        result = _checked(source, name, report, time.perf_counter() - started)
    journal.write({"event": "done" if result.status == "checked" else "failed",
                   **result.model_dump(mode="json"), "fingerprint": fingerprint})  # fmt: skip
    return result


def run_batch(
    pipeline: Pipeline,
    sources: Sequence[ArticleSource],
    out: Path,
    journal: Journal,
    *,
    fmt: str = "json",
    concurrency: int = 1,
    save_claims: bool = True,
    on_result: Callable[[ArticleResult], None] | None = None,
    on_interrupt: Callable[[int], None] | None = None,
) -> list[ArticleResult]:
    """Check every article not finished by an earlier run; results in input order.

    ``pipeline`` must be shareable by threads (`thread_safe_pipeline`). On Ctrl-C, articles
    not started are dropped, ``on_interrupt(running)`` is told how many are still being
    checked, those finish (and are journaled), and the interrupt goes on up.
    """
    results: dict[str, ArticleResult] = {}
    todo = []
    for source in sources:
        earlier = journal.finished(source, fmt, out)
        if earlier is None:
            todo.append(source)
        else:
            results[source.id] = earlier
            if on_result:
                on_result(earlier)
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="factcheck-batch")
    futures = [
        pool.submit(check_one, pipeline, source, out, fmt, journal, save_claims) for source in todo
    ]
    try:
        for future in as_completed(futures):
            result = future.result()
            results[result.id] = result
            if on_result:
                on_result(result)
    except KeyboardInterrupt:
        for future in futures:
            future.cancel()
        if on_interrupt:
            on_interrupt(sum(f.running() for f in futures))
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [results[source.id] for source in sources]
