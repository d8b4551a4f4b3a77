"""``factcheck eval``: the command line of the evaluation harness."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

FORMATS = ("json", "md", "html")
SUFFIX = {"json": "json", "md": "md", "html": "html"}


@click.command("eval")
@click.argument("datasets", nargs=-1, required=True)
@click.option(
    "--verifier",
    "verifiers",
    multiple=True,
    help="Verifier configuration (repeatable; the first is primary) [the configured "
    "verifier: rules unless factcheck.toml or FACTCHECK_VERIFIER says otherwise].",
)
@click.option(
    "--mode",
    type=click.Choice(["evidence", "retrieval", "article"]),
    help="Gold evidence, retrieval from the set's corpus, or whole articles "
    "[the suite's mode, else evidence].",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS),
    help="Report formats to write (repeatable) [all three].",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("eval/reports/latest"),
    show_default=True,
    help="Folder for the reports and the prediction cache.",
)
@click.option("--split", help="Split to evaluate [the suite's split, else dev].")
@click.option(
    "--limit", type=click.IntRange(min=1), help="At most N records per set (a seeded sample)."
)
@click.pass_obj
def eval_command(settings, datasets, verifiers, mode, formats, out, split, limit):
    """Evaluate verifiers on labelled sets (claims.jsonl files, their folders, or suite
    .toml files such as eval/suites/dev.toml) and write JSON, Markdown and HTML reports:
    each set, and each language over all its sets pooled.

    Predictions are cached in OUT/predictions.jsonl: a re-run skips what is done, unless
    the package's code, its model files or the settings changed since.
    """
    from rich.console import Console

    from factcheck.config import Settings
    from factcheck.evaluation import report_html, report_json, report_markdown
    from factcheck.evaluation.runner import run_evaluation
    from factcheck.progress import progress_bar

    renderers = {"json": report_json, "md": report_markdown, "html": report_html}
    err = Console(stderr=True)
    progress = progress_bar(err)
    settings = settings or Settings()
    with progress:
        report = run_evaluation(
            list(datasets),
            list(verifiers) or [settings.verifier],
            out=out,
            mode=mode,
            split=split,
            limit=limit,
            settings=settings,
            progress=progress,
            command=shlex.join(["factcheck", *sys.argv[1:]]),
        )
    out.mkdir(parents=True, exist_ok=True)
    for fmt in formats or FORMATS:
        path = out / f"report.{SUFFIX[fmt]}"
        path.write_text(renderers[fmt].render(report), encoding="utf-8")
        err.print(f"wrote {path}", markup=False, highlight=False)
    for note in report.notes:
        err.print(f"not evaluated: {note}", markup=False, highlight=False)
