"""Start-up: seconds for ``factcheck --help`` and for ``import factcheck``, each run in a
fresh process."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from factcheck.benchmarks.harness import Figure, Options, Result, run_process

NAME = "startup"
RUNS, QUICK_RUNS = 7, 2
TARGET = 1.0  # seconds, for factcheck --help


def _factcheck() -> list[str]:
    """The installed ``factcheck`` script beside this Python, else the module."""
    script = Path(sys.executable).with_name("factcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "factcheck.cli"]


def run(options: Options) -> Result:
    result = Result(NAME, "Start-up")
    runs = QUICK_RUNS if options.quick else RUNS
    commands = {
        "factcheck --help": ([*_factcheck(), "--help"], TARGET),
        "python -c 'import factcheck'": ([sys.executable, "-c", "import factcheck"], None),
    }
    for name, (command, target) in commands.items():
        children = [run_process(command, cwd=options.work) for _ in range(runs)]
        seconds = [c.seconds for c in children]
        result.figures.append(
            Figure(
                name,
                statistics.median(seconds),
                "s",
                target=target,
                peak_rss_mb=max(c.peak_rss_mb for c in children),
                detail=f"median of {runs} runs; max {max(seconds):.2f} s",
            )
        )
    result.notes.append(
        f"Each run a fresh process (wall time from spawn to exit). Target: `factcheck "
        f"--help` < {TARGET:.0f} s."
    )
    return result
