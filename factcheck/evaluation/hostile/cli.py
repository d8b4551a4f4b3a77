"""The command line of the hostile-evidence suite (``python -m factcheck.evaluation.hostile``):
build the cases, or run verifiers on them and write the reports."""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from factcheck.evaluation.hostile.cases import (
    PER_SET,
    build_article_cases,
    cases_text,
    dev_cases,
    read_cases,
    sample_cases,
)
from factcheck.evaluation.hostile.paths import CASES, OUT, PUBLISHERS, SHARED_EVAL
from factcheck.evaluation.hostile.publishers import (
    CONFIGURATIONS,
    configurations,
    publisher_list,
)
from factcheck.evaluation.hostile.report import build_report, write_reports
from factcheck.evaluation.hostile.run import run_verifiers
from factcheck.files import write_atomic

COMMAND = ("python", "-m", "factcheck.evaluation.hostile")


def main(argv: list[str] | None = None) -> None:
    from factcheck.evaluation import hostile

    description = (hostile.__doc__ or "").split("\n\n")[0]
    parser = argparse.ArgumentParser(prog=" ".join(COMMAND), description=description)
    parser.add_argument("--verifier", action="append", help="verifier name (repeatable) [rules]")
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--publishers", type=Path, default=PUBLISHERS)
    parser.add_argument("--shared", type=Path, default=SHARED_EVAL, help="shared eval sets")
    parser.add_argument("--per-set", type=int, default=PER_SET, help="dev claims per shared set")
    parser.add_argument("--limit", type=int, help="at most N cases (a seeded sample)")
    parser.add_argument("--config", action="append", choices=CONFIGURATIONS,
                        help="publisher configuration (repeatable) [all three]")  # fmt: skip
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--build", action="store_true", help="rebuild --cases and --publishers")
    args = parser.parse_args(argv)

    if args.build:
        cases = build_article_cases()
        write_atomic(args.cases, cases_text(cases))
        write_atomic(args.publishers, publisher_list(cases))
        print(f"wrote {len(cases)} cases to {args.cases} and the list {args.publishers}")
        return
    started, clock = datetime.now(UTC), time.perf_counter()
    cases = read_cases(args.cases) + dev_cases(args.shared, args.per_set)
    if args.limit and len(cases) > args.limit:
        cases = sample_cases(cases, args.limit)
    configs = configurations(args.publishers)
    if args.config:
        configs = {name: settings for name, settings in configs.items() if name in args.config}
    verifiers = run_verifiers(args.verifier or ["rules"], configs, cases)
    report = build_report(
        command=shlex.join([*COMMAND, *(argv or sys.argv[1:])]),
        started=started,
        seconds=time.perf_counter() - clock,
        cases=cases,
        publishers=args.publishers,
        verifiers=verifiers,
    )
    write_reports(report, args.out)
    print(f"wrote {args.out / 'report.json'} and report.md", file=sys.stderr)
