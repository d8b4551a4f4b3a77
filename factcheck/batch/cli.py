"""The ``factcheck batch`` command."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.console import Console

from factcheck.batch.journal import Journal
from factcheck.batch.output_files import JOURNAL, SUMMARY
from factcheck.batch.run import run_batch, thread_safe_pipeline
from factcheck.batch.sources import list_articles
from factcheck.batch.summary import summarize, summary_table
from factcheck.config import Settings
from factcheck.files import write_atomic
from factcheck.progress import ingest_with_progress, progress_bar, warn_if_empty
from factcheck.report import FORMATS

err = Console(stderr=True)


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
    from factcheck.pipeline import Pipeline

    started = time.perf_counter()
    sources = list_articles(input_path, out)
    out.mkdir(parents=True, exist_ok=True)
    journal = Journal(out / JOURNAL)
    try:
        pipeline = Pipeline(settings)
        if evidence_paths:
            ingest_with_progress(pipeline, evidence_paths, err)
        warn_if_empty(pipeline.store, err, "every claim will be NOT_ENOUGH_INFO")
        shared = thread_safe_pipeline(pipeline)
        with progress_bar(err) as progress:
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
