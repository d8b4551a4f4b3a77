"""Run benchmarks, print their figures and write them to ``eval/benchmarks/<name>.md``.

    python -m factcheck.benchmarks [NAME ...] [--quick] [--work DIR] [--out DIR]

NAME is any of startup, verifier, article, ingest, retrieval (default: all, in that
order). ``--quick`` runs each on a tiny corpus, to check that it works, and writes its
results into the work folder unless ``--out`` says otherwise. The exit status is 1 if a
figure could not be measured (its row says why). The embedding comparison is separate:
``python -m factcheck.benchmarks.embeddings``.

On 2 cores a full run takes about 20 minutes, most of it the 100,000-chunk ingest and the
retrieval rounds. The first one also builds the 1,000,000-chunk store of the retrieval
benchmark (about 30 minutes, 11 GB in the work folder), which later runs reuse.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from rich.console import Console

from factcheck.benchmarks import article, ingest, retrieval, startup, verifier
from factcheck.benchmarks.harness import (
    ROOT,
    SHARED,
    LoadSampler,
    Options,
    print_table,
    write_markdown,
)

BENCHMARKS = {m.NAME: m for m in (startup, verifier, article, ingest, retrieval)}
WORK = ROOT / ".factcheck" / "benchmarks"  # git-ignored; holds stores that later runs reuse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m factcheck.benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(BENCHMARKS))
    parser.add_argument("--quick", action="store_true", help="a tiny corpus, to check it works")
    parser.add_argument("--work", type=Path, help=f"stores and corpora [{WORK}]")
    parser.add_argument("--out", type=Path, help="results folder [eval/benchmarks]")
    parser.add_argument("--shared", type=Path, default=SHARED, help=f"shared data [{SHARED}]")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so children are stopped too
    if unknown := [n for n in args.names if n not in BENCHMARKS]:
        parser.error(f"unknown benchmark(s) {unknown}; choose from {list(BENCHMARKS)}")
    work = args.work or (WORK.with_name("benchmarks-quick") if args.quick else WORK)
    out = args.out or (work / "results" if args.quick else ROOT / "eval" / "benchmarks")
    work.mkdir(parents=True, exist_ok=True)
    options = Options(quick=args.quick, work=work.resolve(), shared=args.shared)
    command = " ".join(["python -m factcheck.benchmarks", *(argv or sys.argv[1:])])
    console = Console()
    if not console.is_terminal:
        console = Console(width=140)  # a log file: room for the detail column
    failed = []
    for name in args.names or list(BENCHMARKS):
        console.print(f"[bold]{name}[/]: running{' (quick)' if args.quick else ''}")
        start = time.perf_counter()
        try:
            with LoadSampler() as load:
                result = BENCHMARKS[name].run(options)
        except RuntimeError as error:
            console.print(f"[red]{name} failed:[/]")
            console.print(str(error), markup=False, highlight=False)
            failed.append(name)
            continue
        print_table(result, console)
        if any(figure.value is None for figure in result.figures):
            failed.append(name)
        written = write_markdown(result, out, command, load.summary(), time.perf_counter() - start)
        console.print(f"wrote {written}")
    if failed:
        console.print(f"[red]not measured in full:[/] {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
