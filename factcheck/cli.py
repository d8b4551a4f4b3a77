"""The ``factcheck`` command line. Every command prints errors as one line, exit code 1."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from factcheck.batch import batch_command
from factcheck.config import Settings
from factcheck.errors import FactcheckError
from factcheck.evaluation.cli import eval_command
from factcheck.files import write_atomic
from factcheck.progress import ingest_with_progress, progress_bar, warn_if_empty
from factcheck.publishers import publishers_command
from factcheck.report import FORMATS
from factcheck.service.cli import serve_command
from factcheck.workspace import init_command

err = Console(stderr=True)


class _Group(click.Group):
    """Turns every failure into one line on stderr, unless --debug asks for the traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except FactcheckError as error:
            if ctx.params.get("debug"):
                raise
            raise click.ClickException(str(error)) from None
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            message = f"unexpected {type(error).__name__}: {error} (--debug shows the traceback)"
            raise click.ClickException(message) from None


def _progress() -> Progress:
    return progress_bar(err)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--workspace", type=click.Path(path_type=Path), help="Folder for the local store [.factcheck]."
)
@click.option(
    "--chroma-url", help="Use a Chroma server (http://host:port) instead of the local store."
)
@click.option("--collection", help="Chroma collection holding the evidence [evidence].")
@click.option("--embedding", help="use-multilingual | minilm | sentence-transformers:<path>.")
@click.option(
    "--verifier", help="Verifier: rules | hybrid | trained | encoder | ensemble | llm [rules]."
)
@click.option("--extractor", help="Claim extractor: rules | llm [rules].")
@click.option(
    "--llm",
    help="LLM for the llm extractor and verifier: a LangChain provider string "
    "(openai:gpt-4o-mini) or llamacpp:<path to a GGUF>.",
)
@click.option("--llm-base-url", help="OpenAI-compatible endpoint serving the LLM.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.pass_context
def cli(ctx: click.Context, debug: bool, **overrides):
    """Fact-check news articles against an evidence store, offline by default.

    Settings come from these options, FACTCHECK_* environment variables and
    factcheck.toml, in that order of precedence.
    """
    ctx.obj = Settings(**{k: v for k, v in overrides.items() if v is not None})


def _read_input(article: str, published_on: datetime | None, url: str | None):
    from factcheck.intake import parse_article, read_article
    from factcheck.intake.decoding import decode_bytes

    published = published_on.date().isoformat() if published_on else None
    if article == "-":
        text = decode_bytes(sys.stdin.buffer.read(), source="<stdin>")
        return parse_article(text, published=published, url=url)
    return read_article(article, published=published, url=url)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text)
    else:
        write_atomic(out, text + "\n")
        err.print(f"wrote {out}")


_format = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="json",
    show_default=True,
    help="Report format: JSON, Markdown, schema.org ClaimReview JSON-LD, or an HTML page.",
)
_out = click.option("--out", type=click.Path(path_type=Path), help="Write here instead of stdout.")
_published = click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The article's date (YYYY-MM-DD): resolves 上周, last Sunday and dates without a year.",
)
_url = click.option("--url", help="Where the article appeared (its ClaimReview appearance).")
_save = click.option("--save-claims/--no-save-claims", default=True, show_default=True,
                     help="Write the claim records to claims/<article-id>.jsonl.")  # fmt: skip


def _article_options(command):
    """The options of the commands that read an article: format, output, claims, date, URL."""
    for option in (_url, _published, _save, _out, _format):
        command = option(command)
    return command


@cli.command()
@click.argument("article")
@click.option("--evidence", "evidence_paths", multiple=True, type=click.Path(exists=True),
              help="Evidence file or folder to ingest first (repeatable).")  # fmt: skip
@_article_options
@click.pass_obj
def check(settings: Settings, article, evidence_paths, fmt, out, save_claims, published, url):
    """Fact-check ARTICLE (a file, or - for stdin): claims, evidence, verdicts, trust."""
    from factcheck.pipeline import Pipeline, build_report
    from factcheck.report import render

    document = _read_input(article, published, url)
    pipeline = Pipeline(settings)
    if evidence_paths:
        ingest_with_progress(pipeline, evidence_paths, err)
    warn_if_empty(pipeline.store, err, "every claim will be NOT_ENOUGH_INFO")
    claims = pipeline.extract(document, save=save_claims)
    with _progress() as progress:
        task = progress.add_task("checking claims", total=len(claims))
        checked = pipeline.verify(claims, on_claim=lambda _: progress.advance(task))
    report = build_report(document, checked)
    _write(render(report, fmt, settings, document=document), out)
    if report.trust:
        err.print(report.trust.explanation, markup=False, highlight=False)
    usage = getattr(pipeline.verifier, "usage", None)  # an LLM verifier's calls, tokens, cost
    if usage is not None:
        err.print(usage.summary(), markup=False, highlight=False)


@cli.command()
@click.argument("article")
@_article_options
@click.pass_obj
def extract(settings: Settings, article, fmt, out, save_claims, published, url):
    """Extract the claims of ARTICLE (a file, or - for stdin), without verifying them."""
    from factcheck.models import CheckedClaim
    from factcheck.pipeline import Pipeline, build_report
    from factcheck.report import render

    document = _read_input(article, published, url)
    claims = Pipeline(settings).extract(document, save=save_claims)
    report = build_report(document, [CheckedClaim(**c.model_dump()) for c in claims])
    _write(render(report, fmt, settings, document=document), out)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.pass_obj
def ingest(settings: Settings, paths):
    """Add evidence files (txt, md, html, jsonl) or folders of them to the store.

    Prints what was added, what was skipped and why, and each HTML page that hid prose from
    its readers (blanked; from an unrated publisher such a page decides nothing alone)."""
    from factcheck.pipeline import Pipeline

    ingest_with_progress(Pipeline(settings), paths, err)


@cli.command()
@click.argument("query")
@click.option("-k", "--top-k", type=click.IntRange(min=1), default=5, show_default=True,
              help="How many passages.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def search(settings: Settings, query, top_k, as_json):
    """Search the evidence store (hybrid: embeddings and BM25)."""
    from factcheck.errors import InputError
    from factcheck.evidence import EvidenceStore, HybridRetriever

    if not query.strip():
        raise InputError("nothing to search for: the query is empty")
    store = EvidenceStore(settings)
    warn_if_empty(store, err, "nothing will be found")
    found = HybridRetriever(store).retrieve(query, top_k)
    if as_json:
        click.echo(
            json.dumps([e.model_dump(mode="json") for e in found], ensure_ascii=False, indent=2)
        )
        return
    table = Table("#", "score", "publisher", "date", "passage")
    for rank, hit in enumerate(found, start=1):
        chunk = hit.chunk
        table.add_row(str(rank), f"{hit.score:.4f}", chunk.publisher or "", chunk.published or "",
                      chunk.text[:160])  # fmt: skip
    Console().print(table)


@cli.command()
def schema():
    """Print the JSON Schema of the JSON report."""
    from factcheck.report import report_schema

    click.echo(json.dumps(report_schema(), ensure_ascii=False, indent=2))


cli.add_command(eval_command)
cli.add_command(batch_command)
cli.add_command(init_command)
cli.add_command(serve_command)
cli.add_command(publishers_command)


def main() -> None:
    cli(prog_name="factcheck")


if __name__ == "__main__":
    main()
