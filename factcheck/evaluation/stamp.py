"""What every report is stamped with: the command, the commit and the machine; and what
every cached prediction is stamped with: the code, model files and settings that made it."""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
from pathlib import Path

from factcheck.config import Settings
from factcheck.evaluation.results import Machine

PACKAGE = Path(__file__).parents[1]
MADE_OF = {".py", ".json", ".npz", ".safetensors"}  # code and model artifacts, not docs


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


def code_stamp(settings: Settings) -> str:
    """A fingerprint of the package's code and model files and of ``settings``: a prediction
    cached under another stamp may differ from what this code would predict now."""
    digest = hashlib.sha256(settings.model_dump_json().encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in MADE_OF and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
