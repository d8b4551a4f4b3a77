"""The chunk journal (``chunks/<collection>.jsonl``), from which a damaged index is rebuilt.

Chroma's embedded vector index can be left unreadable by a kill while it is being written
(here, once in about 300 kills of a process writing without pause). So each batch is first
appended to the journal, and opening a store whose index fails rebuilds the collection from
it, re-embedding it. A marker file beside the journal says a rebuild is under way, so one a
crash cut short is finished at the next opening.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from factcheck.errors import StoreError
from factcheck.evidence.store.collection import ChromaCollection
from factcheck.files import write_atomic
from factcheck.models import EvidenceChunk


class ChunkJournal:
    """Every chunk stored, one JSON line each, appended before Chroma stores it."""

    def __init__(self, path: Path):
        self.path = path
        self.rebuilding = path.with_suffix(".rebuilding")  # present while a rebuild runs

    def exists(self) -> bool:
        return self.path.exists()

    def write(self, chunks: list[EvidenceChunk]) -> None:
        """Replace the journal with ``chunks``, atomically."""
        write_atomic(self.path, "".join(_lines(chunks)))

    def append(self, chunks: list[EvidenceChunk]) -> None:
        """Append whole lines; a last line that a crash cut short is ended first, not joined."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a+b") as out:
            size = out.seek(0, os.SEEK_END)
            if size:
                out.seek(size - 1)
                if out.read(1) != b"\n":
                    out.write(b"\n")
            out.write("".join(_lines(chunks)).encode("utf-8"))

    def read(self) -> list[EvidenceChunk]:
        """The journaled chunks, each once, skipping a line a crash cut short."""
        chunks: dict[str, EvidenceChunk] = {}
        for line in self.path.read_text(encoding="utf-8").split("\n"):
            try:
                chunk = EvidenceChunk.model_validate_json(line)
            except ValidationError:
                continue  # the empty last line, or one a crash cut short
            chunks.setdefault(chunk.id, chunk)
        return list(chunks.values())


def _lines(chunks: list[EvidenceChunk]) -> list[str]:
    return [f"{chunk.model_dump_json()}\n" for chunk in chunks]


def rebuild_if_damaged(
    journal: ChunkJournal,
    chroma: ChromaCollection,
    restore: Callable[[list[EvidenceChunk]], None],
) -> None:
    """Rebuild the collection from the journal if its vector index is damaged, or finish such
    a rebuild that a crash cut short. ``restore`` stores the journaled chunks Chroma lacks
    (without journaling them again) and reconciles the lexical index; it runs under the
    ingest lock."""
    if not journal.rebuilding.exists() and not chroma.vectors_damaged():
        return
    if not journal.exists():
        raise StoreError(
            "the vector index is damaged and there is no chunk journal to rebuild it from",
            hint=f"remove {chroma.workspace.chroma_path} and ingest the evidence again",
            source=chroma.where,
        )
    with chroma.workspace.ingesting():
        if not journal.rebuilding.exists() and not chroma.vectors_damaged():
            return  # another process healed it meanwhile
        journal.rebuilding.touch()
        if chroma.vectors_damaged():
            chroma.recreate()
        restore(journal.read())
        journal.rebuilding.unlink()
