"""``journal.jsonl``: the events of a batch (started, done, failed), so a re-run can resume."""

from __future__ import annotations

import fcntl
import json
import os
import threading
from pathlib import Path

from pydantic import ValidationError

from factcheck.batch.output_files import report_name
from factcheck.batch.sources import ArticleSource
from factcheck.batch.summary import ArticleResult
from factcheck.errors import InputError


def _done_events(text: str) -> dict[str, dict]:
    """The "done" event of each article whose last readable event is one."""
    last: dict[str, dict] = {}
    for line in text.splitlines():
        try:
            event = json.loads(line)
            last[event["id"]] = event
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
    return {i: e for i, e in last.items() if e.get("event") == "done"}


class Journal:
    """The batch's events, appended and synced one line at a time.

    A line cut short by a kill is ignored when read back. An exclusive lock keeps a second
    batch from writing to the same folder at the same time.
    """

    def __init__(self, path: Path):
        self._lock = threading.Lock()
        self._file = path.open("a", encoding="utf-8")
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._file.close()
            raise InputError(
                "another batch is writing to this folder", source=str(path.parent)
            ) from None
        text = path.read_text(encoding="utf-8", errors="replace")
        self._done = _done_events(text)
        if text and not text.endswith("\n"):
            self._file.write("\n")  # end the line a kill cut short; it stays unreadable

    def finished(self, source: ArticleSource, fmt: str, out: Path) -> ArticleResult | None:
        """The result of an earlier run, if its report is there and was made from this input."""
        event = self._done.get(source.id)
        if event is None or event.get("fingerprint") != source.fingerprint(fmt):
            return None
        if not (out / report_name(source.id, fmt)).is_file():
            return None
        fields = {k: v for k, v in event.items() if k in ArticleResult.model_fields}
        try:
            return ArticleResult.model_validate({**fields, "earlier_run": True})
        except ValidationError:  # a line edited by hand: check the article again
            return None

    def write(self, event: dict) -> None:
        line = json.dumps(event, ensure_ascii=False) + "\n"
        with self._lock:
            self._file.write(line)
            self._file.flush()
            os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()
