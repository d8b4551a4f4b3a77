"""``python -m factcheck.evaluation.hostile``: see ``cli.py``."""

from factcheck.evaluation.hostile.cli import main

main()
