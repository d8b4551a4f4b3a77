"""What every report is stamped with: the command, the commit and the machine."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

from factcheck.evaluation.results import Machine


def git_commit(where: Path) -> str | None:
    """``git rev-parse --short HEAD`` of the checkout holding ``where``, if any."""
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=where,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return found.stdout.strip() or None if found.returncode == 0 else None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> Machine:
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return Machine(
        nproc=nproc or 1,
        cpu=cpu_model(),
        python=platform.python_version(),
        platform=platform.platform(),
    )
