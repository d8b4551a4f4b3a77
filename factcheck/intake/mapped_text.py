"""Text that remembers where each of its characters came from.

Cleaning deletes boilerplate and repairs noise, but a claim's span must still point into the
article as read. A `MappedText` is the cleaned text plus pieces that map it back: a *copy*
piece maps character for character, a *replacement* piece (a decoded HTML entity, a
paragraph break) maps as a whole onto the original range it replaced.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Piece:
    clean_start: int
    clean_end: int
    orig_start: int
    orig_end: int
    copy: bool


@dataclass(frozen=True)
class MappedText:
    original: str
    text: str
    pieces: tuple[Piece, ...]

    @classmethod
    def identity(cls, original: str) -> MappedText:
        return cls.build(original, [(original, 0, len(original), True)])

    @classmethod
    def build(cls, original: str, parts: Iterable[tuple[str, int, int, bool]]) -> MappedText:
        """Join ``(text, orig_start, orig_end, copy)`` parts, in order, into one text."""
        pieces: list[Piece] = []
        chunks: list[str] = []
        pos = 0
        for text, orig_start, orig_end, copy in parts:
            if not text:
                continue
            last = pieces[-1] if pieces else None
            if copy and last and last.copy and last.orig_end == orig_start:
                pieces[-1] = Piece(
                    last.clean_start, pos + len(text), last.orig_start, orig_end, True
                )
            else:
                pieces.append(Piece(pos, pos + len(text), orig_start, orig_end, copy))
            chunks.append(text)
            pos += len(text)
        return cls(original, "".join(chunks), tuple(pieces))

    @cached_property
    def _starts(self) -> list[int]:
        return [p.clean_start for p in self.pieces]

    def _piece_at(self, clean_pos: int) -> Piece:
        return self.pieces[max(bisect.bisect_right(self._starts, clean_pos) - 1, 0)]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span ``[start, end)`` to the original text."""
        if not self.pieces:
            return (0, 0)
        first = self._piece_at(start)
        if start >= first.clean_end:  # the end of the text: after the last piece
            orig_start = first.orig_end
        elif first.copy:
            orig_start = first.orig_start + (start - first.clean_start)
        else:
            orig_start = first.orig_start
        if end <= start:
            return (orig_start, orig_start)
        last = self._piece_at(end - 1)
        orig_end = last.orig_start + (end - last.clean_start) if last.copy else last.orig_end
        return (orig_start, orig_end)

    def _parts(self, start: int, end: int) -> list[tuple[str, int, int, bool]]:
        parts: list[tuple[str, int, int, bool]] = []
        first = max(bisect.bisect_right(self._starts, start) - 1, 0)
        for index in range(first, len(self.pieces)):
            piece = self.pieces[index]
            if piece.clean_start >= end:
                break
            lo, hi = max(start, piece.clean_start), min(end, piece.clean_end)
            if lo >= hi:
                continue
            if piece.copy:
                offset = piece.orig_start - piece.clean_start
                parts.append((self.text[lo:hi], lo + offset, hi + offset, True))
            else:
                parts.append((self.text[lo:hi], piece.orig_start, piece.orig_end, False))
        return parts

    def edit(self, edits: Iterable[tuple[int, int, str]]) -> MappedText:
        """Replace clean ranges ``(start, end, replacement)``; ranges must not overlap."""
        parts: list[tuple[str, int, int, bool]] = []
        pos = 0
        for start, end, replacement in sorted(edits):
            if start < pos:
                raise ValueError(f"overlapping edit at {start}")
            parts.extend(self._parts(pos, start))
            if replacement:
                parts.append((replacement, *self.to_original(start, end), False))
            pos = end
        parts.extend(self._parts(pos, len(self.text)))
        return MappedText.build(self.original, parts)
