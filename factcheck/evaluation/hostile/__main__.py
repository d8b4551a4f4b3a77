"""``python -m factcheck.evaluation.hostile``: see ``cli.py``. A configuration or model error
(an absent GGUF file, a provider without a key) is one line on stderr and exit status 1."""

import sys

from factcheck.errors import FactcheckError
from factcheck.evaluation.hostile.cli import main

try:
    main()
except FactcheckError as error:
    sys.exit(f"error: {error}")
