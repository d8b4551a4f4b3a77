"""`factcheck publishers`: the publishers of a curated evidence corpus, as a rating list.

A newsroom that rates the sources of the evidence it curated itself gives planted pages from
anyone else less say (see eval/reliability.md: with the clean sources listed, 1.0-2.2% of
verdicts flip instead of 5.2-7.3%). This writes that list for review, to paste into
``factcheck.toml``; it rates every publisher alike, to be edited by hand.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from factcheck.evidence.documents import Skip

RELIABLE = 0.9  # the rating written for every listed publisher


def publisher_counts(paths: Iterable[str | Path]) -> tuple[Counter[str], list[Skip]]:
    """How many documents each publisher has in the evidence files, and what was skipped."""
    from factcheck.evidence.documents import Skip, load_documents

    counts: Counter[str] = Counter()
    skipped: list[Skip] = []
    for item in load_documents(paths):
        if isinstance(item, Skip):
            skipped.append(item)
        elif item.publisher:
            counts[item.publisher.strip()] += 1
    return counts, skipped


def publishers_toml(counts: Counter[str], weight: float = RELIABLE) -> str:
    """A ``[publisher_weights]`` table rating each publisher ``weight``, commonest first."""
    rows = [
        f"{json.dumps(name, ensure_ascii=False)} = {weight}  # {n} document{'s' * (n != 1)}"
        for name, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    return "[publisher_weights]\n" + "".join(f"{row}\n" for row in rows)


@click.command("publishers")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--weight",
    type=click.FloatRange(0.0, 1.0),
    default=RELIABLE,
    show_default=True,
    help="The rating written for every publisher found.",
)
def publishers_command(paths: tuple[Path, ...], weight: float) -> None:
    """Print the publishers of the evidence in PATHS as a [publisher_weights] table for
    factcheck.toml; review it, and set default_publisher_weight for everyone else."""
    counts, skipped = publisher_counts(paths)
    for skip in skipped:
        click.echo(f"skipped {skip.source}: {skip.reason}", err=True)
    if not counts:
        raise click.ClickException("no document in these files names its publisher")
    click.echo(publishers_toml(counts, weight), nl=False)
