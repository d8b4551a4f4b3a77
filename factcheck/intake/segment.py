"""Sentences in Chinese and English, as spans of the cleaned text.

Chinese sentences end at 。！？； (and ! ? ;), with any closing quotes kept; English ones at
. ! ? followed by a space and a new sentence, not after common abbreviations or inside a
number. A line without closing punctuation that is short is a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from factcheck.script import HAN

_CLOSERS = "”’」』）)\"'】》"
_ZH_END = re.compile(rf"[。！？；!?;…]+[{_CLOSERS}]*")
_EN_END = re.compile(rf"(?<![.!?])[.!?]+[{_CLOSERS}]*(?=\s+[\"“'‘(\[A-Z0-9\u3400-\u9fff])")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "inc", "ltd", "co", "corp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "e.g", "i.e", "u.s", "u.k", "u.n", "fig", "approx", "est", "gov", "gen", "rep", "sen",
}  # fmt: skip
_WORD_BEFORE = re.compile(r"[A-Za-z.]*$")
HEADING_MAX_CHARS = 40
_QUESTION_PARTICLES = set("嗎吗呢麼么")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the cleaned text: ``text == clean_text[start:end]``."""

    text: str
    start: int
    end: int
    kind: Literal["body", "heading"]


def _is_mojibake(line: str, match: re.Match[str]) -> bool:
    """An ASCII "?" glued to the next character stands for a character lost in decoding."""
    after = line[match.end() : match.end() + 1]
    question = line[match.start() - 1 : match.start()] in _QUESTION_PARTICLES
    return match.group() == "?" and bool(after) and not after.isspace() and not question


def _is_abbreviation(text: str, dot: int) -> bool:
    # Only the 40 characters before the dot are read (reading all of text[:dot] made long
    # lines quadratic): a word that fills them is no abbreviation.
    window = max(0, dot - 40)
    run = _WORD_BEFORE.search(text, window, dot)
    if window and run.start() == window:
        return False
    token = run.group().lstrip(".").lower().rstrip(".")
    if not token:
        return False
    return token in _ABBREVIATIONS or len(token) == 1


def _ends(line: str) -> list[int]:
    ends = {m.end() for m in _ZH_END.finditer(line) if not _is_mojibake(line, m)}
    for m in _EN_END.finditer(line):
        if line[m.start()] == "." and _is_abbreviation(line, m.start()):
            continue
        ends.add(m.end())
    return sorted(ends)


def split_sentences(text: str) -> list[Sentence]:
    """Split cleaned text into sentences; every sentence lies within one line."""
    sentences = []
    for line_match in re.finditer(r"[^\n]+", text):
        line, offset = line_match.group(), line_match.start()
        start = 0
        for end in [*_ends(line), len(line)]:
            piece = line[start:end]
            lead = len(piece) - len(piece.lstrip())
            body = piece.strip()
            if body:
                s = offset + start + lead
                sentences.append(Sentence(body, s, s + len(body), "body"))
            start = end
        last = sentences[-1] if sentences else None
        whole_line = last and last.start == offset + len(line) - len(line.lstrip())
        if last and whole_line and _is_heading(last.text):
            sentences[-1] = Sentence(last.text, last.start, last.end, "heading")
    return sentences


def _is_heading(line: str) -> bool:
    return len(line) <= HEADING_MAX_CHARS and not re.search(rf"[。！？!?.；;…][{_CLOSERS}]*$", line)


def detect_language(text: str) -> Literal["zh", "en"]:
    """'zh' when Chinese characters outweigh English words, else 'en'."""
    han = len(HAN.findall(text))
    words = len(re.findall(r"[A-Za-z]+", text))
    return "zh" if han >= words else "en"
