"""Real text for the ingest and retrieval benchmarks: passages of about 500 characters,
half Chinese and half English, and real claims to query them with.

With ``../shared/eval`` present: Chinese sentences from the CHEF evidence and the OCNLI
premises, English sentences from the SciFact, Check-COVID and Climate-FEVER corpora.
Without it: the sentences of the project's own evidence corpora (``evidence/``). The first
pass packs each source's sentences in their order into passages; when more passages are
needed than that gives, further passes pack the same sentences in a seeded shuffled order,
so every passage is distinct (real sentences, new neighbours).
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

from factcheck.benchmarks.harness import ROOT

PASSAGE_CHARS = 500
_SENTENCE_END = re.compile(r"(?<=[。！？!?；])|(?<=[.!?;])\s+")
_ZH_SOURCES = (("chef", "claims.jsonl", "evidence"), ("ocnli", "claims.jsonl", "evidence"))
_EN_SOURCES = (
    ("scifact", "corpus.jsonl", "text"),
    ("check_covid", "corpus.jsonl", "text"),
    ("climate_fever", "corpus.jsonl", "text"),
)


def jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _texts(eval_dir: Path, sources: tuple[tuple[str, str, str], ...]) -> Iterator[str]:
    for name, file, key in sources:
        path = eval_dir / name / file
        if not path.exists():
            continue
        for record in jsonl(path):
            if key == "evidence":
                yield from (e["text"] for e in record.get("evidence") or [] if e.get("text"))
            elif record.get(key):
                yield record[key]


def _sentences(texts: Iterator[str]) -> list[str]:
    found = (s for text in texts for s in split_sentences(text))
    return list(dict.fromkeys(s for s in found if len(s) >= 8))


def sentence_pools(shared: Path) -> tuple[list[str], list[str]]:
    """Chinese and English sentences, in source order, each once."""
    eval_dir = shared / "eval"
    if eval_dir.is_dir():
        return _sentences(_texts(eval_dir, _ZH_SOURCES)), _sentences(_texts(eval_dir, _EN_SOURCES))
    records = [r for f in sorted((ROOT / "evidence").rglob("*.jsonl")) for r in jsonl(f)]
    zh = _sentences(r["text"] for r in records if r.get("language") == "zh")
    en = _sentences(r["text"] for r in records if r.get("language") != "zh")
    return zh, en


def split_sentences(text: str) -> list[str]:
    return [s for s in (s.strip() for s in _SENTENCE_END.split(text)) if s]


def join_sentences(sentences: list[str]) -> str:
    """Chinese sentences run on; others are separated by a space."""
    text = ""
    for sentence in sentences:
        text += sentence if not text or sentence[0] > "\u2e80" else " " + sentence
    return text


def pack(sentences: list[str]) -> Iterator[str]:
    """Passages of whole sentences, each up to PASSAGE_CHARS (a longer sentence is cut)."""
    passage: list[str] = []
    for sentence in sentences:
        if passage and len(join_sentences([*passage, sentence])) > PASSAGE_CHARS:
            yield join_sentences(passage)
            passage = []
        passage.append(sentence[:PASSAGE_CHARS])
    if passage:
        yield join_sentences(passage)


def _packed(sentences: list[str]) -> Iterator[str]:
    """Passages of the sentences in source order, then in ever new shuffled orders."""
    yield from pack(sentences)
    for round_ in itertools.count(1):
        yield from pack(random.Random(round_).sample(sentences, len(sentences)))


def passages(n: int, shared: Path) -> list[tuple[str, str]]:
    """``n`` distinct ``(language, passage)`` pairs, Chinese and English alternating."""
    zh, en = sentence_pools(shared)
    streams = {"zh": _packed(zh), "en": _packed(en)}
    seen: set[str] = set()
    found: list[tuple[str, str]] = []
    for language in itertools.cycle(streams):
        if len(found) >= n:
            break
        passage = next(p for p in streams[language] if p not in seen)
        seen.add(passage)
        found.append((language, passage))
    return found


def write_corpus(path: Path, n: int, shared: Path) -> Path:
    """The passages as an evidence JSONL file with provenance, one document per passage."""
    return write_records(path, passages(n, shared))


def write_records(path: Path, found: list[tuple[str, str]], first: int = 0) -> Path:
    """``(language, passage)`` pairs as evidence JSONL, numbered from ``first``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for i, (language, text) in enumerate(found, start=first):
            record = {
                "id": f"bench-{i}",
                "text": text,
                "title": f"Benchmark passage {i}",
                "url": f"https://example.org/bench/{i}",
                "publisher": "Benchmark corpus",
                "published": "2025-10-01",
                "language": language,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def queries(n: int, shared: Path) -> list[str]:
    """``n`` claims, Chinese and English alternating: dev claims of CHEF and of SciFact and
    Check-COVID, or, without the shared data, sentences of the project's evidence."""
    eval_dir = shared / "eval"
    if eval_dir.is_dir():
        zh = [r["claim"] for r in jsonl(eval_dir / "chef" / "claims.jsonl") if r["split"] == "dev"]
        en = [
            r["claim"]
            for name in ("scifact", "check_covid")
            for r in jsonl(eval_dir / name / "claims.jsonl")
        ]
    else:
        zh, en = sentence_pools(shared)
    zh, en = list(dict.fromkeys(zh)), list(dict.fromkeys(en))
    rng = random.Random(0)
    zh, en = rng.sample(zh, min(len(zh), n)), rng.sample(en, min(len(en), n))
    mixed = [q for pair in itertools.zip_longest(zh, en) for q in pair if q]
    return mixed[:n]
