"""A whole evaluation run: targets expanded, verifiers built, each target evaluated."""

from __future__ import annotations

import shlex
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rich.progress import Progress

from factcheck import registry
from factcheck.config import Settings
from factcheck.evaluation.datasets import CLAIMS_FILE, claims_path
from factcheck.evaluation.evaluators import EVALUATORS, RunContext
from factcheck.evaluation.evaluators.base import Skipped
from factcheck.evaluation.predictions import CACHE_FILE, PredictionCache
from factcheck.evaluation.results import EvaluationReport, RunInfo
from factcheck.evaluation.scoring import pooled_by_language
from factcheck.evaluation.stamp import code_stamp, git_commit, machine
from factcheck.evaluation.suites import ArticleCase, is_suite, read_suite

DEFAULT_SPLIT = "dev"


@dataclass(frozen=True)
class Target:
    """One thing to evaluate: a set's path, or an article case, in a mode and split."""

    item: str | ArticleCase
    mode: str
    split: str


def expand(paths: list[str], mode: str | None, split: str | None) -> tuple[list[Target], list[str]]:
    """Suites become their sets or articles; the notes say what cannot be evaluated."""
    targets, notes = [], []
    for path in paths:
        if not is_suite(path):
            targets.append(Target(path, mode or "evidence", split or DEFAULT_SPLIT))
            continue
        suite = read_suite(path)
        chosen_mode = mode or suite.mode or "evidence"
        chosen_split = split or suite.split or DEFAULT_SPLIT
        items = suite.articles if chosen_mode == "article" else suite.datasets
        if not items:
            notes.append(f"suite {suite.name} has nothing for mode {chosen_mode}")
        targets.extend(Target(item, chosen_mode, chosen_split) for item in items)
    return targets, notes


def run_evaluation(
    paths: list[str],
    verifiers: list[str],
    *,
    out: Path,
    mode: str | None = None,
    split: str | None = None,
    limit: int | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
    command: str | None = None,
) -> EvaluationReport:
    """Evaluate every target with every verifier (the first is the primary one) and the
    majority baseline; predictions are cached in ``out`` and reused on re-runs."""
    settings = settings or Settings()
    started, clock = datetime.now(UTC), time.perf_counter()
    targets, notes = expand(paths, mode, split)
    run = RunContext(
        settings=settings,
        verifiers={name: registry.create("verifier", name, settings) for name in verifiers},
        cache=PredictionCache(out / CACHE_FILE, code_stamp(settings)),
        progress=progress or Progress(disable=True),
        limit=limit,
    )
    if run.cache.stale:
        notes.append(f"{run.cache.stale} cached predictions made by other code or settings dropped")
    results = []
    for target in targets:
        if target.mode not in EVALUATORS:
            notes.append(f"unknown mode {target.mode!r}")
            continue
        if (target.mode == "article") != isinstance(target.item, ArticleCase):
            notes.append(f"{target.item}: article mode needs an article suite, and only it does")
            continue
        if isinstance(target.item, str) and not claims_path(target.item).is_file():
            folder = Path(target.item).is_dir()
            notes.append(f"{target.item} {f'has no {CLAIMS_FILE}' if folder else 'is absent'}")
            continue
        run.split = target.split
        try:
            results.append(EVALUATORS[target.mode]().evaluate(target.item, run))
        except Skipped as skipped:
            notes.append(str(skipped))
    return EvaluationReport(
        run=RunInfo(
            command=command or shlex.join(sys.argv),
            commit=git_commit(Path(__file__).parent),
            machine=machine(),
            started=started.isoformat(timespec="seconds"),
            seconds=round(time.perf_counter() - clock, 1),
        ),
        verifiers=tuple(verifiers),
        datasets=tuple(results),
        languages=pooled_by_language(run.predictions),
        notes=tuple(notes),
    )
