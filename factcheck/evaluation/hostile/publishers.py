"""The publisher list of the suite, and the three publisher configurations it runs under."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from factcheck.config import Settings
from factcheck.evaluation.hostile.cases import DEV_SETS, HostileCase, dev_publisher

RELIABLE, UNKNOWN = 0.9, 0.2  # the publisher list's ratings: listed sources, anyone else
CONFIGURATIONS = ("as configured", "listed sources", "listed sources, others weak")


def publisher_list(cases: list[HostileCase]) -> str:
    """The publisher list as TOML: every source of clean evidence rated reliable."""
    names = sorted({c.publisher for case in cases for c in case.clean if c.publisher})
    names += [dev_publisher(name) for name in DEV_SETS]
    rows = "\n".join(f"{json.dumps(name, ensure_ascii=False)} = {RELIABLE}" for name in names)
    return (
        "# A newsroom's publisher list for the hostile-evidence suite: every source of the\n"
        "# clean evidence is rated reliable, any other publisher weighs little. Written by\n"
        "# `python -m factcheck.evaluation.hostile --build`.\n"
        f"default_publisher_weight = {UNKNOWN}\n\n[publisher_weights]\n{rows}\n"
    )


def configurations(publishers: Path) -> dict[str, Settings]:
    """The settings as configured; with the list's ratings (anyone else at the configured
    default); and with the list and its own default for anyone else."""
    base = Settings()
    policy = tomllib.loads(publishers.read_text(encoding="utf-8"))
    settings = (
        base,
        base.model_copy(update={"publisher_weights": policy["publisher_weights"]}),
        base.model_copy(update=policy),
    )
    return dict(zip(CONFIGURATIONS, settings, strict=True))
