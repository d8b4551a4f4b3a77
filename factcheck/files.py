"""Files written whole or not at all: a crash leaves the old file or the new, never half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, text: str, mode: int = 0o644) -> Path:
    """Replace ``path`` with ``text`` (UTF-8) through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)  # mkstemp makes it private; records are for review
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


METRICS_START, METRICS_END = "<!-- metrics:start -->", "<!-- metrics:end -->"


def replace_metrics_section(path: Path, section: str) -> None:
    """Replace the text between the metrics markers of a model card (atomically)."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(METRICS_START, 1)
    tail = rest.split(METRICS_END, 1)[1]
    write_atomic(path, f"{head}{METRICS_START}\n{section}\n{METRICS_END}{tail}")
