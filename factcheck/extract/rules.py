"""The offline claim extractor: clauses, anchors and cue words, no model.

A sentence is cut into clauses at commas and semicolons (never inside quotes or numbers).
A clause that states a number, a date or a ranking anchors an atomic claim; clauses without
an anchor join the claim they belong to (a leading one joins the next, a trailing one the
previous). Entities from earlier in the sentence are kept with each claim, so that
"下載量突破1000萬次" still knows it is about Sora 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.extract.building import ClaimBuilder, stated_quantities
from factcheck.extract.cues import RANKING
from factcheck.extract.entities import find_entities
from factcheck.intake import Document
from factcheck.models import Claim
from factcheck.numbers import parse_dates
from factcheck.script import to_simplified

# A comma ends a clause unless it groups digits (1,000) or comes between a day and a year
# ("September 30, 2025").
_CLAUSE_BREAK = re.compile(r"[，；;]|,(?!\d{3})(?!(?<=\d,) ?(?:1[89]|20)\d{2}\b)|——")
_OPEN_QUOTES, _CLOSE_QUOTES = "“「『《(（", "”」』》)）"
_EDGE = " \t，,；;。.！!？?:：、—"
_MIN_CLAUSE = 8


@dataclass(frozen=True)
class _Clause:
    start: int  # offsets within the sentence
    end: int
    anchored: bool


def _clause_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch in _OPEN_QUOTES) - (ch in _CLOSE_QUOTES)
        if depth <= 0 and _CLAUSE_BREAK.match(text, i) and i > start:
            bounds.append((start, i))
            start = i + 1
    bounds.append((start, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip(_EDGE)]


def _anchored(text: str) -> bool:
    return bool(stated_quantities(text) or parse_dates(text) or RANKING.search(to_simplified(text)))


def _group(text: str) -> list[tuple[int, int]]:
    """Clause groups, each holding at most one anchored clause that is a claim of its own.

    A short clause ("10月15日", "上周") cannot stand alone: it waits for the next clause.
    """
    clauses = [_Clause(s, e, _anchored(text[s:e])) for s, e in _clause_bounds(text)]
    groups: list[list[_Clause]] = []
    waiting: list[_Clause] = []
    for clause in clauses:
        if len(text[clause.start : clause.end].strip(_EDGE)) < _MIN_CLAUSE:
            waiting.append(clause)
        elif not groups or clause.anchored or any(c.anchored for c in waiting):
            groups.append([*waiting, clause])
            waiting = []
        else:
            groups[-1].extend([*waiting, clause])
            waiting = []
    if waiting:
        if groups:
            groups[-1].extend(waiting)
        else:
            groups.append(waiting)
    return [(g[0].start, g[-1].end) for g in groups]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


class RuleExtractor:
    """Offline extractor; see the module docstring."""

    name = "rules"

    def extract(self, document: Document) -> list[Claim]:
        builder = ClaimBuilder(document)
        claims = []
        for sentence in document.sentences:
            if sentence.kind != "body":
                continue
            sentence_entities = find_entities(sentence.text)
            for group_start, group_end in _group(sentence.text):
                start, end = _trim(sentence.text, group_start, group_end)
                if start >= end:
                    continue
                before = sentence.text[:start]
                context = tuple(e for e in sentence_entities if e in before)
                claims.append(
                    builder.build(
                        sentence.start + start, sentence.start + end, sentence.text, context
                    )
                )
        return claims
