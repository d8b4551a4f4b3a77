"""`factcheck batch`: many articles, one shared pipeline, resumable after an interruption.

INPUT is a folder of articles (.txt, .md, .html; sub-folders included) or a JSONL file with
one article a line: ``{"path": ...}`` (relative to the JSONL file) or ``{"text": ...}``, each
with an optional ``id``, ``published`` (YYYY-MM-DD) and ``url``. Articles are checked by
``concurrency`` threads sharing one `Pipeline`, so the models load once. DIR receives:

- one report per article, ``<id>.<format>`` (``<id>.claimreview.json`` for ClaimReview);
- ``journal.jsonl``: one line per event (started, done, failed), synced as it is written. A
  re-run (after Ctrl-C or kill -9) skips each article whose report was done from the same
  input, date, URL and format, and checks the rest again;
- ``summary.json``: per article its status, claim counts by label, trust score, seconds and
  error, in input order.

One bad article is recorded as failed with its reason; the batch goes on.

Modules: `output_files` (the names in DIR), `sources` (the articles of INPUT), `journal`,
`run` (checking articles on threads), `summary` (results and the summary), `cli` (the
command).
"""

from factcheck.batch.cli import batch_command
from factcheck.batch.run import run_batch, thread_safe_pipeline
from factcheck.batch.sources import ArticleSource

__all__ = ["ArticleSource", "batch_command", "run_batch", "thread_safe_pipeline"]
