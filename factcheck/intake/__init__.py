"""Intake: load, decode, clean and segment an article."""

from factcheck.intake.document import Document, parse_article, read_article
from factcheck.intake.segment import Sentence

__all__ = ["Document", "Sentence", "parse_article", "read_article"]
