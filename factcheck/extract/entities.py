"""Named things in a sentence: products, organisations, people and places.

Latin-script names (``Sora 2``, ``Veo 3.1``, ``App Store``) are found by pattern (a count
in words that opens a sentence, ``Forty-six``, is none: a passage that writes it as 46 must
still be able to refute the claim); Chinese
ones by jieba's part-of-speech tags (person, place, organisation, other proper noun), read
on simplified text and returned as written.
"""

from __future__ import annotations

import re

import jieba.posseg

from factcheck.numbers.units import NUMBER_WORDS
from factcheck.script import has_han, to_simplified

_LATIN_NAME = re.compile(
    r"(?<![A-Za-z0-9])[a-z]?[A-Z][A-Za-z0-9&+\-]*"
    r"(?:[ .](?:[A-Z][A-Za-z0-9&+\-]*|v?\d+(?:\.\d+)*[A-Za-z]?)(?![A-Za-z0-9]))*"
)
# The numbered part of a Chinese mission, rocket or model name: 嫦娥|六號, 長征|五號.
_HAN_SERIAL = re.compile(r"[一二三四五六七八九十百0-9]+[号型]$")
_PROPER_TAGS = {"nr", "ns", "nt", "nz", "nrt", "nrfg"}
_NOT_NAMES = {"The", "A", "An", "In", "On", "At", "It", "This", "That", "He", "She", "They", "We"}


def _counts_in_words(name: str) -> bool:
    """A number written in words that opens a sentence: "Forty-six", "Twenty Five"."""
    return all(word in NUMBER_WORDS for word in re.split(r"[ -]", name.lower()))


def find_entities(text: str) -> list[str]:
    """Entities in order of first appearance, each once, as written in ``text``."""
    found: dict[str, int] = {}
    for m in _LATIN_NAME.finditer(text):
        name = m.group().strip(" .")
        if len(name) > 1 and name not in _NOT_NAMES and not _counts_in_words(name):
            found.setdefault(name, m.start())
    simplified = to_simplified(text)
    same_length = len(simplified) == len(text)
    position, previous_start = 0, 0
    for word, tag in jieba.posseg.cut(simplified):
        start, position = position, position + len(word)
        han = has_han(word)
        if _HAN_SERIAL.search(word) and (start - previous_start >= 2 or len(word) > 3):
            name_start = start if len(word) > 3 else previous_start
            found.setdefault(text[name_start:position] if same_length else word, name_start)
        elif tag in _PROPER_TAGS and len(word) >= 2 and han:
            found.setdefault(text[start:position] if same_length else word, start)
        previous_start = start
    return sorted(found, key=found.__getitem__)
