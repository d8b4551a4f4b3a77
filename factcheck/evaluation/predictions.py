"""One verifier's prediction for one record, and the JSONL cache that makes runs resumable.

Each prediction is appended to ``<out>/predictions.jsonl`` as soon as it is made, keyed by
(mode, dataset, verifier, split, record id); a re-run reads the file and skips the keys
already there, so an interrupted run picks up where it stopped.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import Field, ValidationError

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

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.mode, self.dataset, self.verifier, self.split, self.id)


class PredictionCache:
    """Predictions already made, read from and appended to a JSONL file."""

    def __init__(self, path: Path):
        self.path = path
        self._done: dict[tuple[str, str, str, str, str], Prediction] = {}
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    prediction = Prediction.model_validate_json(line)
                except ValidationError:
                    continue  # a line cut short by an interruption
                self._done[prediction.key] = prediction

    def __len__(self) -> int:
        return len(self._done)

    def get(self, key: tuple[str, str, str, str, str]) -> Prediction | None:
        return self._done.get(key)

    def add(self, prediction: Prediction) -> None:
        self._done[prediction.key] = prediction
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(prediction.model_dump(mode="json"), ensure_ascii=False) + "\n")
