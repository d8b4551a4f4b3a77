"""Planted documents as evidence, read through the real evidence loader and chunker."""

from __future__ import annotations

import json
from pathlib import Path

from factcheck.config import Settings
from factcheck.evaluation.hostile.planting import PlantedDocument
from factcheck.models import Evidence


class PlantedLoader:
    """Writes each planted document to a file in ``folder``, loads and chunks it once, and
    hands back the same evidence for every verifier."""

    def __init__(self, folder: Path):
        from factcheck.evidence import EvidenceStore

        self.folder = folder
        self.store = EvidenceStore(Settings(workspace=folder / "workspace"))
        self._loaded: dict[str, list[Evidence]] = {}

    def __call__(self, document: PlantedDocument) -> list[Evidence]:
        from factcheck.evidence import load_documents
        from factcheck.evidence.documents import EvidenceDocument

        key = document.model_dump_json()
        if key not in self._loaded:
            file = self.folder / f"planted-{len(self._loaded)}"
            if document.html is not None:
                file = file.with_suffix(".html")
                file.write_text(document.html, encoding="utf-8")
            else:
                record = {"text": document.text, "publisher": document.publisher}
                file = file.with_suffix(".jsonl")
                file.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            chunks = [
                chunk
                for item in load_documents([file])
                if isinstance(item, EvidenceDocument)
                for chunk in self.store.chunk(item)
            ]
            self._loaded[key] = [Evidence(chunk=c, score=1.0) for c in chunks]
        return self._loaded[key]
