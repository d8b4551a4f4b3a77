"""`AnswerCache`: valid LLM answers on disk, so the same question is never paid for twice.

One JSON file per question, ``<directory>/<key>.json`` holding ``{"model": ..., "text": ...}``;
the key is the SHA-256 of the model's name, the messages and the answer's JSON schema.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from langchain_core.messages import BaseMessage
from langchain_core.output_parsers import PydanticOutputParser
from pydantic import BaseModel

from factcheck.files import write_atomic


class AnswerCache:
    """The answers of one model; with no ``directory``, nothing is kept."""

    def __init__(self, directory: Path | None, model: str) -> None:
        self.directory = directory
        self.model = model

    def key(self, messages: list[BaseMessage], schema: type[BaseModel]) -> str:
        prompt = {
            "model": self.model,
            "messages": [[m.type, m.text] for m in messages],
            "schema": schema.model_json_schema(),
        }
        text = json.dumps(prompt, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def read(self, key: str, parser: PydanticOutputParser) -> BaseModel | None:
        """The cached answer parsed, or None when there is none or it no longer parses."""
        file = self._file(key)
        if file is None or not file.is_file():
            return None
        try:
            return parser.parse(json.loads(file.read_text(encoding="utf-8"))["text"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # unreadable or stale entry: ask again, and overwrite it

    def write(self, key: str, text: str) -> None:
        if file := self._file(key):
            write_atomic(file, json.dumps({"model": self.model, "text": text}, ensure_ascii=False))

    def _file(self, key: str) -> Path | None:
        return self.directory / f"{key}.json" if self.directory else None
