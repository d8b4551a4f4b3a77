"""End to end: seconds for ``factcheck check`` of the shared article with its evidence,
cold (fresh workspace, fresh process) and warm (store filled, models cached on disk by the
OS), each run its own process with the offline defaults.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys

from factcheck.benchmarks.harness import ROOT, Figure, Options, Result, run_process

NAME = "article"
COLD_RUNS, WARM_RUNS = 2, 3
QUICK_COLD_RUNS, QUICK_WARM_RUNS = 1, 1
TARGETS = {"cold": 20.0, "warm": 10.0}  # seconds


def _article(options: Options) -> tuple:
    shared = options.shared / "articles" / "ai-video-race.zh-Hant.txt"
    if options.quick or not shared.exists():
        return ROOT / "examples" / "demo-article.zh-Hant.txt", ROOT / "evidence" / "demo"
    return shared, ROOT / "evidence" / "ai-video-2025-10"


def _relative(command: str, options: Options) -> str:
    """The command as one would type it in the repository (paths shortened)."""
    for folder, shown in ((options.work, ""), (ROOT, ""), (options.shared, "../shared/")):
        command = command.replace(f"{folder}/", shown)
    return command


def run(options: Options) -> Result:
    result = Result(NAME, "End to end: one article")
    article, evidence = _article(options)
    workspace = options.work / "article-workspace"
    report = options.work / "article-report.json"
    command = [
        *(sys.executable, "-m", "factcheck.cli", "--workspace", str(workspace), "check"),
        *(str(article), "--evidence", str(evidence), "--no-save-claims", "--out", str(report)),
    ]
    cold_runs = QUICK_COLD_RUNS if options.quick else COLD_RUNS
    warm_runs = QUICK_WARM_RUNS if options.quick else WARM_RUNS
    runs: dict[str, list] = {"cold": [], "warm": []}
    for _ in range(cold_runs):
        shutil.rmtree(workspace, ignore_errors=True)
        runs["cold"].append(run_process(command, cwd=options.work))
    for _ in range(warm_runs):
        runs["warm"].append(run_process(command, cwd=options.work))
    found = json.loads(report.read_text(encoding="utf-8"))
    verified = sum(1 for claim in found["claims"] if claim["verdict"])
    for kind, children in runs.items():
        seconds = [c.seconds for c in children]
        result.figures.append(
            Figure(
                f"{article.name}, {kind}",
                statistics.median(seconds),
                "s",
                target=TARGETS[kind],
                peak_rss_mb=max(c.peak_rss_mb for c in children),
                detail=f"median of {len(seconds)} runs: " + ", ".join(f"{s:.1f}" for s in seconds),
            )
        )
    shown = " ".join(a if " " not in a else f"'{a}'" for a in command[3:])
    result.notes += [
        f"Command: `factcheck {_relative(shown, options)}` run from the work "
        "folder (so no factcheck.toml applies): ingest the evidence, extract, retrieve, "
        f"verify, write the JSON report. {len(found['claims'])} claims, {verified} verified.",
        "Cold: the workspace deleted before each run (embedding, Chroma and BM25 index built "
        "anew). The OS page cache is not dropped (that needs root and would disturb other "
        "work on the machine), so cold means a fresh process and a fresh workspace, not a "
        "cold disk. Warm: the same command again; its ingest finds every chunk stored.",
        "Peak RSS: the largest over the runs. Targets: ≤ 20 s cold, ≤ 10 s warm.",
    ]
    return result
