"""One verifier's prediction for one record, and the JSONL cache that makes runs resumable.

Each prediction is appended to ``<out>/predictions.jsonl`` as soon as it is made, keyed by
(mode, dataset, verifier, split, record id); a re-run reads the file and skips the keys
already there, so an interrupted run picks up where it stopped. Every prediction carries the
run's stamp (``stamp.code_stamp``: the package's code and model files, and the settings);
predictions with another stamp are stale, dropped from the file when it is opened.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import Field, ValidationError

from factcheck.files import write_atomic
from factcheck.models import Label, Record

CACHE_FILE = "predictions.jsonl"


class Prediction(Record):
    mode: str
    dataset: str
    verifier: str
    split: str
    id: str
    gold: Label
    label: Label
    score: float = Field(description="the verdict's probability that the claim is true")
    confidence: float | None = Field(
        default=None, description="the verdict's probability that its label is right, if given"
    )
    lang: str
    seconds: float
    tokens: int | None = None
    cost_usd: float | None = None
    retrieved: tuple[str, ...] | None = Field(
        default=None, description="retrieval mode: document ids in rank order"
    )
    stamp: str | None = Field(default=None, description="the code and settings that made it")

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.mode, self.dataset, self.verifier, self.split, self.id)


class PredictionCache:
    """Predictions already made with this ``stamp``, read from and appended to a JSONL file."""

    def __init__(self, path: Path, stamp: str):
        self.path, self.stamp = path, stamp
        self.stale = 0  # predictions made by other code or settings, dropped
        self._done: dict[tuple[str, str, str, str, str], Prediction] = {}
        if not path.is_file():
            return
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                prediction = Prediction.model_validate_json(line)
            except ValidationError:
                continue  # a line cut short by an interruption
            if prediction.stamp == stamp:
                self._done[prediction.key] = prediction
            else:
                self.stale += 1
        if self.stale:
            write_atomic(path, "".join(_line(p) for p in self._done.values()))

    def __len__(self) -> int:
        return len(self._done)

    def get(self, key: tuple[str, str, str, str, str]) -> Prediction | None:
        return self._done.get(key)

    def add(self, prediction: Prediction) -> None:
        """Keep ``prediction`` (stamped with this cache's stamp) and append it to the file."""
        prediction = prediction.model_copy(update={"stamp": self.stamp})
        self._done[prediction.key] = prediction
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(_line(prediction))


def _line(prediction: Prediction) -> str:
    return json.dumps(prediction.model_dump(mode="json"), ensure_ascii=False) + "\n"
