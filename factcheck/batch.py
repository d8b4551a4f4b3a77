"""`factcheck batch`: many articles, one shared pipeline, resumable after an interruption.

INPUT is a folder of articles (.txt, .md, .html; sub-folders included) or a JSONL file with
one article a line: ``{"path": ...}`` (relative to the JSONL file) or ``{"text": ...}``, each
with an optional ``id``, ``published`` (YYYY-MM-DD) and ``url``. Articles are checked by
``concurrency`` threads sharing one `Pipeline`, so the models load once. DIR receives:

- one report per article, ``<id>.<format>`` (``<id>.claimreview.json`` for ClaimReview);
- ``journal.jsonl``: one line per event (started, done, failed), synced as it is written. A
  re-run (after Ctrl-C or kill -9) skips each article whose report was done from the same
  input, date, URL and format, and checks the rest again;
- ``summary.json``: per article its status, claim counts by label, trust score, seconds and
  error, in input order.

One bad article is recorded as failed with its reason; the batch goes on.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import click
from pydantic import ValidationError, model_validator
from rich.table import Table

from factcheck.config import Settings
from factcheck.errors import FactcheckError, InputError
from factcheck.files import write_atomic
from factcheck.models import Claim, Evidence, Label, Record, Verdict
from factcheck.report import FORMATS

if TYPE_CHECKING:
    from factcheck.intake import Document
    from factcheck.models import Report
    from factcheck.pipeline import Pipeline
    from factcheck.verify.base import Verifier

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
JOURNAL = "journal.jsonl"
SUMMARY = "summary.json"
RESERVED_IDS = {"summary"}  # its JSON report would be summary.json
_UNSAFE = re.compile(r"[^\w.-]+")


# -- sharing one pipeline between threads ---------------------------------------------------


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


# -- the articles of a batch ----------------------------------------------------------------


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


# -- results, journal and summary -----------------------------------------------------------


class ArticleResult(Record):
    """How one article of a batch went."""

    id: str
    source: str
    status: Literal["checked", "failed"]
    report: str | None = None
    claims: int = 0
    labels: dict[Label, int] = {}
    unverified: int = 0
    trust_score: float | None = None
    seconds: float
    error: str | None = None
    earlier_run: bool = False


class BatchSummary(Record):
    """``summary.json``: every article of the batch, in input order."""

    input: str
    format: str
    checked: int
    failed: int
    seconds: float
    articles: tuple[ArticleResult, ...]


def report_name(article_id: str, fmt: str) -> str:
    """``<id>.<format>``; ClaimReview is JSON-LD, so ``<id>.claimreview.json``."""
    return f"{article_id}.claimreview.json" if fmt == "claimreview" else f"{article_id}.{fmt}"


def _done_events(text: str) -> dict[str, dict]:
    """The "done" event of each article whose last readable event is one."""
    last: dict[str, dict] = {}
    for line in text.splitlines():
        try:
            event = json.loads(line)
            last[event["id"]] = event
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
    return {i: e for i, e in last.items() if e.get("event") == "done"}


class Journal:
    """``journal.jsonl``: the batch's events, appended and synced one line at a time.

    A line cut short by a kill is ignored when read back. An exclusive lock keeps a second
    batch from writing to the same folder at the same time.
    """

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._file = path.open("a", encoding="utf-8")
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._file.close()
            raise InputError(
                "another batch is writing to this folder", source=str(path.parent)
            ) from None
        text = path.read_text(encoding="utf-8", errors="replace")
        self._done = _done_events(text)
        if text and not text.endswith("\n"):
            self._file.write("\n")  # end the line a kill cut short; it stays unreadable

    def finished(self, source: ArticleSource, fmt: str, out: Path) -> ArticleResult | None:
        """The result of an earlier run, if its report is there and was made from this input."""
        event = self._done.get(source.id)
        if event is None or event.get("fingerprint") != source.fingerprint(fmt):
            return None
        if not (out / report_name(source.id, fmt)).is_file():
            return None
        fields = {k: v for k, v in event.items() if k in ArticleResult.model_fields}
        try:
            return ArticleResult.model_validate({**fields, "earlier_run": True})
        except ValidationError:  # a line edited by hand: check the article again
            return None

    def write(self, event: dict) -> None:
        line = json.dumps(event, ensure_ascii=False) + "\n"
        with self._lock:
            self._file.write(line)
            self._file.flush()
            os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()


def _reason(error: Exception) -> str:
    if isinstance(error, FactcheckError):
        text = str(error)
    else:
        text = f"unexpected {type(error).__name__}: {error}"
    return " ".join(text.split())


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


def summarize(
    input_path: Path, fmt: str, results: Iterable[ArticleResult], seconds: float
) -> BatchSummary:
    articles = tuple(results)
    return BatchSummary(
        input=str(input_path),
        format=fmt,
        checked=sum(a.status == "checked" for a in articles),
        failed=sum(a.status == "failed" for a in articles),
        seconds=round(seconds, 3),
        articles=articles,
    )


def summary_table(summary: BatchSummary) -> Table:
    """One row per article: its claims by label (NEI: not enough info), trust, time, error."""
    short = {Label.NOT_ENOUGH_INFO: "NEI"}
    labels = [short.get(label, label.value.lower()) for label in Label]
    title = f"{summary.checked} checked, {summary.failed} failed"
    table = Table("article", "status", "claims", *labels, "unverified", "trust", "seconds",
                  "error", title=title)  # fmt: skip
    for a in summary.articles:
        status = f"{a.status} (earlier run)" if a.earlier_run else a.status
        counts = [str(a.claims), *(str(a.labels.get(label, 0)) for label in Label),
                  str(a.unverified)]  # fmt: skip
        if a.status == "failed":
            counts = [""] * len(counts)
        trust = "" if a.trust_score is None else f"{a.trust_score:.2f}"
        table.add_row(a.id, status, *counts, trust, f"{a.seconds:.1f}", a.error or "")
    return table


# -- the command ----------------------------------------------------------------------------


@click.command("batch")
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the reports, journal.jsonl and summary.json.")  # fmt: skip
@click.option("--evidence", "evidence_paths", multiple=True, type=click.Path(exists=True),
              help="Evidence file or folder to ingest first (repeatable).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True,
              help="Report format.")  # fmt: skip
@click.option("--concurrency", type=click.IntRange(min=1),
              help="Articles checked at once [settings: concurrency].")  # fmt: skip
@click.option("--save-claims/--no-save-claims", default=True, show_default=True,
              help="Write the claim records to claims/<article-id>.jsonl.")  # fmt: skip
@click.pass_obj
def batch_command(
    settings: Settings, input_path: Path, out: Path, evidence_paths: tuple[str, ...], fmt: str,
    concurrency: int | None, save_claims: bool,
) -> None:  # fmt: skip
    """Fact-check every article of INPUT (a folder, or a JSONL file) into a report each.

    \b
    JSONL lines: {"path": "a.txt"} (relative to the JSONL file) or {"text": "..."},
    each with optional "id", "published" (YYYY-MM-DD) and "url".
    A re-run with the same --out skips the articles already done and redoes the rest.
    Exit code 1 if any article failed; summary.json in --out says which and why.
    """
    from factcheck.cli import _ingest, _progress, err
    from factcheck.pipeline import Pipeline

    started = time.perf_counter()
    sources = list_articles(input_path, out)
    out.mkdir(parents=True, exist_ok=True)
    journal = Journal(out / JOURNAL)
    try:
        pipeline = Pipeline(settings)
        if evidence_paths:
            _ingest(pipeline, evidence_paths)
        shared = thread_safe_pipeline(pipeline)
        with _progress() as progress:
            task = progress.add_task("checking articles", total=len(sources))
            results = run_batch(
                shared, sources, out, journal, fmt=fmt,
                concurrency=concurrency or settings.concurrency, save_claims=save_claims,
                on_result=lambda _: progress.advance(task),
                on_interrupt=lambda running: err.print(
                    f"interrupted: finishing the {running} article(s) being checked; "
                    "run the same command again to resume"
                ),
            )  # fmt: skip
    finally:
        journal.close()
    summary = summarize(input_path, fmt, results, time.perf_counter() - started)
    write_atomic(out / SUMMARY, summary.model_dump_json(indent=2) + "\n")
    err.print(summary_table(summary))
    err.print(f"reports and {SUMMARY} in {out}", markup=False, highlight=False)
    if summary.failed:
        raise click.exceptions.Exit(1)
