"""This process's access to one workspace: its Chroma client and its two locks.

Ingests take turns (``ingest.lock``); every read or write of Chroma and of the lexical index
holds ``store.lock``, shared to read and exclusive to write. An embedded Chroma client keeps
the index in memory and does not see other processes' writes, so every write records a new
``store.generation`` and a process re-opens its client when the generation moved.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from urllib.parse import urlparse

import chromadb

from factcheck.config import Settings
from factcheck.evidence.store.locks import flock
from factcheck.files import write_atomic


class Workspace:
    """One per workspace and process: the clients of one path share Chroma's in-memory
    system, which only stops (and so re-opens fresh) when its last client closes."""

    def __init__(self, settings: Settings):
        self.folder = settings.workspace
        self.chroma_path = settings.chroma_path
        self.chroma_url = settings.chroma_url
        self.epoch = 0  # counts client openings; collections are fetched again after one
        self._client: chromadb.ClientAPI | None = None
        self._generation: str | None = None
        self._thread_lock = threading.Lock()

    @property
    def _generation_file(self) -> Path:
        return self.folder / "store.generation"

    @contextmanager
    def reading(self) -> Iterator[chromadb.ClientAPI]:
        with self._thread_lock, flock(self.folder / "store.lock", exclusive=False):
            yield self._current_client()

    @contextmanager
    def writing(self) -> Iterator[chromadb.ClientAPI]:
        """Exclusive use; every other process re-opens its client before its next use."""
        with self._thread_lock, flock(self.folder / "store.lock", exclusive=True):
            client = self._current_client()
            if not self.chroma_url:
                self._generation = uuid.uuid4().hex
                write_atomic(self._generation_file, self._generation)
            yield client

    def ingesting(self, wait: bool = True) -> AbstractContextManager[bool]:
        """Held for a whole ingest; without ``wait``, yields False while another runs."""
        return flock(self.folder / "ingest.lock", exclusive=True, wait=wait)

    def _current_client(self) -> chromadb.ClientAPI:
        if self.chroma_url:
            if self._client is None:
                url = urlparse(self.chroma_url)
                self._client = chromadb.HttpClient(
                    host=url.hostname or "127.0.0.1",
                    port=url.port or 8000,
                    ssl=url.scheme == "https",
                )
                self.epoch += 1
            return self._client
        try:
            generation = self._generation_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            generation = None
        if self._client is None or generation != self._generation:
            if self._client is not None:
                self._client.close()
            self.chroma_path.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(path=str(self.chroma_path))
            self._generation = generation
            self.epoch += 1
        return self._client


_WORKSPACES: dict[tuple[Path, str | None], Workspace] = {}
_WORKSPACES_LOCK = threading.Lock()


def workspace_for(settings: Settings) -> Workspace:
    """This process's one `Workspace` for the settings' folder and Chroma server."""
    key = (settings.workspace.resolve(), settings.chroma_url)
    with _WORKSPACES_LOCK:
        return _WORKSPACES.setdefault(key, Workspace(settings))
