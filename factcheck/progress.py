"""What the long commands tell the user on stderr: a progress bar on a terminal (hidden
elsewhere), the tally of an ingest, and a warning when the evidence store is empty."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def progress_bar(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def ingest_with_progress(pipeline, paths, console: Console) -> None:
    """Ingest evidence files or folders, with a bar and a one-line tally on ``console``."""
    from factcheck.evidence.documents import evidence_files

    total = sum(1 for _ in evidence_files(paths))
    with progress_bar(console) as progress:
        task = progress.add_task("ingesting evidence", total=total)
        result = pipeline.ingest(paths, on_document=lambda _: progress.advance(task))
    console.print(
        f"{result.documents} documents: {result.chunks_added} chunks added, "
        f"{result.chunks_already_stored} already stored, {len(result.skipped)} skipped"
    )
    for skip in result.skipped:
        console.print(f"  skipped {skip.source}: {skip.reason}", markup=False, highlight=False)
    for source in result.hiding_prose:
        console.print(
            f"  {source} hides prose from its readers (blanked; from an unrated publisher "
            "it decides nothing alone)",
            markup=False,
            highlight=False,
        )


def warn_if_empty(store, console: Console, consequence: str) -> None:
    """Say so when the evidence store holds nothing, what follows, and how to fill it."""
    if not store.count():
        console.print(
            f"the evidence store ({store.where}) is empty: {consequence}; "
            "add evidence with --evidence PATH or factcheck ingest PATH",
            markup=False,
            highlight=False,
        )
