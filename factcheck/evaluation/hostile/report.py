"""The hostile-evidence reports: ``report.json`` with every flip, ``report.md`` to read."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from pathlib import Path

from factcheck.evaluation.hostile.cases import HostileCase
from factcheck.evaluation.hostile.paths import ROOT
from factcheck.evaluation.stamp import git_commit, machine
from factcheck.files import write_atomic
from factcheck.llm.usage import LLMUsage

TARGET = 0.05  # at most this share of verdicts flipped
FLIPS_LISTED = 20  # flips listed per verifier and configuration in report.md


def build_report(
    command: str,
    started: datetime,
    seconds: float,
    cases: list[HostileCase],
    publishers: Path,
    verifiers: dict[str, dict[str, dict]],
) -> dict:
    """The report as JSON: the run's stamp, the cases by origin and each verifier's results
    by publisher configuration."""
    return {
        "run": {
            "command": command,
            "commit": git_commit(ROOT),
            "machine": machine().model_dump(mode="json"),
            "started": started.isoformat(timespec="seconds"),
            "seconds": round(seconds, 1),
        },
        "cases": len(cases),
        "origins": dict(Counter(c.origin for c in cases)),
        "publisher_list": str(_shown(publishers)),
        "verifiers": verifiers,
    }


def _shown(path: Path) -> Path:
    """A path relative to the repository when it is inside it."""
    return path.resolve().relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path


def write_reports(report: dict, out: Path) -> None:
    write_atomic(out / "report.json", json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    write_atomic(out / "report.md", render_markdown(report))


def render_markdown(report: dict) -> str:
    run, m = report["run"], report["run"]["machine"]
    lines = [
        "# Hostile evidence: verdict flips",
        "",
        f"- command: `{run['command']}`",
        f"- commit: {run['commit']}; machine: {m['nproc']} cores (nproc), {m['cpu']}; "
        f"Python {m['python']}; started {run['started']}, took {run['seconds']} s",
        f"- cases: {report['cases']} ("
        + ", ".join(f"{origin} {n}" for origin, n in report["origins"].items())
        + f"); target: at most {TARGET:.0%} of verdicts flipped",
        f"- publishers: *as configured* (the settings), *listed sources* (the list in "
        f"`{report['publisher_list']}`, anyone else at the configured default), *listed "
        f"sources, others weak* (the list and its own default for everyone else)",
        "",
        "A flip is a verdict whose label changes when one planted document joins the clean "
        "evidence. *cites* counts verdicts that cite the planted document. *control* adds an "
        "unrelated real passage (another case's) instead: flips there are instability, not "
        "deception.",
        "",
        "| verifier | publishers | kind | planted | flipped | flip rate | cites |",
        "|---|---|---|---|---|---|---|",
    ]
    for verifier, configs in report["verifiers"].items():
        for config, result in configs.items():
            rows = [*result["kinds"].items(), ("**overall**", result["overall"])]
            if result.get("control", {}).get("planted"):
                rows.append(("control", result["control"]))
            for kind, rate in rows:
                lines.append(
                    f"| {verifier} | {config} | {kind} | {rate['planted']} | {rate['flipped']} "
                    f"| {rate['rate']:.1%} | {rate['cites_planted']} |"
                )
    used = [
        f"- {verifier}, {config}: {LLMUsage(**result['llm_usage']).summary()}"
        for verifier, configs in report["verifiers"].items()
        for config, result in configs.items()
        if result.get("llm_usage")
    ]
    if used:
        lines += ["", "What the LLM verifier asked of its model (a fallback is a verdict the "
                  "offline verifier gave instead):", "", *used]  # fmt: skip
    lines += ["", "## By variant", ""]
    lines += ["| verifier | publishers | kind/variant | planted | flipped | flip rate |"]
    lines += ["|---|---|---|---|---|---|"]
    for verifier, configs in report["verifiers"].items():
        for config, result in configs.items():
            for variant, rate in result["variants"].items():
                lines.append(
                    f"| {verifier} | {config} | {variant} | {rate['planted']} "
                    f"| {rate['flipped']} | {rate['rate']:.1%} |"
                )
    lines += ["", "## Flips", ""]
    for verifier, configs in report["verifiers"].items():
        for config, result in configs.items():
            flips = result["flips"]
            lines.append(f"- {verifier}, {config}: {len(flips)}")
            lines += [
                f"  - {f['case']} {f['kind']}/{f['variant']}: {f['clean']} -> {f['attacked']}"
                for f in flips[:FLIPS_LISTED]
            ]
            if len(flips) > FLIPS_LISTED:
                lines.append(f"  - and {len(flips) - FLIPS_LISTED} more (report.json lists all)")
    return "\n".join(lines) + "\n"
