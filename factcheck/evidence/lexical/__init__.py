"""The BM25 side of hybrid retrieval: tokens, the per-chunk term table, the committed index."""

from factcheck.evidence.lexical.index import LexicalIndex, current_version
from factcheck.evidence.lexical.terms import TermTable
from factcheck.evidence.lexical.tokens import tokenize

__all__ = ["LexicalIndex", "TermTable", "current_version", "tokenize"]
