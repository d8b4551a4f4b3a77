"""The claim-extraction stage's interface."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from factcheck.intake import Document
from factcheck.models import Claim


@runtime_checkable
class Extractor(Protocol):
    """Finds the factual claims of a document, each tied to its span in the input as read.

    Opinions, predictions and rhetoric are returned too, with low check-worthiness.
    """

    name: str

    def extract(self, document: Document) -> list[Claim]: ...
