"""What every benchmark shares: figures against targets, one child process per figure (so
each has its own peak memory), the machine and its load during the run, and the results
as a rich table and a Markdown file.

A child runs ``python -m factcheck.benchmarks.harness MODULE FUNCTION RESULT_FILE KWARGS``:
it calls ``MODULE.FUNCTION(**KWARGS)`` and writes the returned dict to RESULT_FILE as JSON.
The child reports its own peak resident memory (`peak_rss_mb`); a command that cannot (the
CLI, timed as a user runs it) is measured by a small launcher (`run_process`).
"""

from __future__ import annotations

import datetime
import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from factcheck.evaluation.stamp import git_commit, machine
from factcheck.files import write_atomic

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CHILD_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
MEMORY_TARGET_MB = 1536.0


@dataclass
class Options:
    """How a benchmark runs: ``quick`` on a tiny corpus (for tests), in ``work`` (stores,
    corpora), reading the shared data from ``shared`` when it is there."""

    quick: bool
    work: Path
    shared: Path = SHARED

    @property
    def has_shared(self) -> bool:
        return (self.shared / "eval").is_dir()


@dataclass
class Figure:
    """One measured figure, or None if measuring it failed (``detail`` says why). ``target``
    is a bound: at most it (``at_most``) or at least it."""

    name: str
    value: float | None
    unit: str
    target: float | None = None
    at_most: bool = True
    peak_rss_mb: float | None = None
    detail: str = ""

    @property
    def meets(self) -> bool | None:
        if self.target is None:
            return None
        if self.value is None:
            return False
        return self.value <= self.target if self.at_most else self.value >= self.target

    def target_text(self) -> str:
        if self.target is None:
            return ""
        return f"{'≤' if self.at_most else '≥'} {_number(self.target)} {self.unit}"

    def measured_text(self) -> str:
        return "failed" if self.value is None else f"{_number(self.value)} {self.unit}"


@dataclass
class Result:
    """A benchmark's figures, with what the reader needs to interpret them."""

    name: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class ChildFailed(RuntimeError):
    """A measuring process ended with an error; ``reason`` is its last line."""

    def __init__(self, command: list[str], stderr: str):
        lines = stderr.strip().splitlines() or ["(no message)"]
        self.reason = lines[-1][:300]
        super().__init__(f"{' '.join(command[:6])} failed:\n" + "\n".join(lines[-15:]))


@dataclass
class Child:
    """What a child process returned, and its cost."""

    result: dict
    seconds: float
    peak_rss_mb: float


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if value >= 0.1 else f"{value:.3f}"


def run_child(module: str, function: str, **kwargs) -> Child:
    """``module.function(**kwargs)`` in a fresh Python process, in an empty folder; its peak
    RSS as the child itself read it at the end (see `peak_rss_mb`)."""
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as folder:
        out = Path(folder) / "result.json"
        command = [sys.executable, "-m", __name__, module, function, str(out)]
        child = run_process(
            [*command, json.dumps(kwargs, default=str)], result_file=out, cwd=Path(folder)
        )
    return Child(child.result["result"], child.seconds, child.result["peak_rss_mb"])


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """A running process's resident-memory high-water mark (``VmHWM``), in MB; None where
    /proc does not give it. The ``ru_maxrss`` a parent reads for its child is no substitute
    when the parent has grown: Linux starts the child's figure from the parent's own mark
    at the fork, so a parent that once held 1 GB reports every later child at 1 GB or more."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kilobytes
    return None


# Runs a command as its own child and writes the child's ru_maxrss (kB) to argv[1]: a small,
# freshly started process, so the figure starts from its few MB and not from the benchmark's.
_LAUNCHER = """import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_process(
    command: list[str], *, result_file: Path | None = None, cwd: Path | None = None
) -> Child:
    """Run ``command`` to its end; its wall time, peak RSS and (if any) JSON result. The peak
    is ``ru_maxrss`` as read by a small launcher process (`_LAUNCHER`): read here, it would
    start from this process's own high-water mark (see `peak_rss_mb`). The command sees no
    FACTCHECK_* variable: with ``cwd`` free of a factcheck.toml, the defaults hold."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")} | CHILD_ENV
    with tempfile.NamedTemporaryFile(prefix="factcheck-rss-", suffix=".txt") as rss:
        launcher = [sys.executable, "-S", "-c", _LAUNCHER, rss.name, *command]
        start = time.perf_counter()
        process = subprocess.Popen(
            launcher,
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # the launcher and the command, killed together
        )
        try:
            stderr = process.stderr.read() if process.stderr else b""  # type: ignore[union-attr]
            process.wait()
        except BaseException:  # interrupted: take the command down too
            os.killpg(process.pid, 9)
            process.wait()
            raise
        seconds = time.perf_counter() - start
        if process.returncode != 0:
            raise ChildFailed(command, stderr.decode("utf-8", "replace"))
        peak_kb = int(Path(rss.name).read_text(encoding="utf-8"))
    result = json.loads(result_file.read_text(encoding="utf-8")) if result_file else {}
    return Child(result, seconds, peak_kb / 1024)  # Linux reports kilobytes


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0.95 for p95), interpolating linearly between ranks."""
    return float(np.percentile(values, share * 100))


class LoadSampler:
    """The 1-minute load average, sampled every few seconds while a benchmark runs."""

    def __init__(self, every: float = 5.0):
        self.samples = [os.getloadavg()[0]]
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self._every):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])

    def summary(self) -> str:
        mean = statistics.fmean(self.samples)
        return (
            f"1-minute load average {self.samples[0]:.2f} at the start, mean {mean:.2f}, "
            f"max {max(self.samples):.2f} ({len(self.samples)} samples)"
        )


def memory_total_gb() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


def machine_text() -> str:
    found = machine()
    return (
        f"{found.nproc} cores (nproc), {memory_total_gb():.0f} GB RAM, {found.cpu}, "
        f"Python {found.python}, {found.platform}"
    )


def print_table(result: Result, console: Console) -> None:
    table = Table("figure", "measured", "target", "meets", "peak RSS", "detail", title=result.title)
    for figure in result.figures:
        meets = {True: "[green]yes[/]", False: "[red]no[/]", None: ""}[figure.meets]
        rss = f"{figure.peak_rss_mb:,.0f} MB" if figure.peak_rss_mb else ""
        table.add_row(
            figure.name, figure.measured_text(), figure.target_text(), meets, rss, figure.detail
        )
    console.print(table)


def markdown(result: Result, command: str, load: str, seconds: float) -> str:
    rows = [
        "| figure | measured | target | meets | peak RSS | detail |",
        "|---|---|---|---|---|---|",
    ]
    for figure in result.figures:
        meets = {True: "yes", False: "**no**", None: ""}[figure.meets]
        rss = f"{figure.peak_rss_mb:,.0f} MB" if figure.peak_rss_mb else ""
        cells = [figure.name, figure.measured_text(), figure.target_text(), meets, rss]
        rows.append("| " + " | ".join([*cells, figure.detail.replace("|", "/")]) + " |")
    notes = "\n".join(f"- {note}" for note in result.notes)
    return f"""# {result.title}

Written by `{command}`: do not edit by hand, rerun it.

- date: {datetime.datetime.now().isoformat(timespec="seconds")}
- commit: {git_commit(ROOT) or "uncommitted"}
- machine: {machine_text()}
- load during the run: {load}
- wall time of the benchmark: {seconds:.0f} s

{chr(10).join(rows)}

Peak RSS is the resident-memory high-water mark of the process that measured the figure
(each figure is measured in its own process; memory target ≤ {MEMORY_TARGET_MB:,.0f} MB).

{notes}
"""


def write_markdown(result: Result, out: Path, command: str, load: str, seconds: float) -> Path:
    return write_atomic(out / f"{result.name}.md", markdown(result, command, load, seconds))


def _child_main(argv: list[str]) -> None:
    module, function, out, kwargs = argv
    found = getattr(importlib.import_module(module), function)(**json.loads(kwargs))
    own_peak = peak_rss_mb() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Path(out).write_text(json.dumps({"result": found, "peak_rss_mb": own_peak}), encoding="utf-8")


if __name__ == "__main__":
    _child_main(sys.argv[1:])
