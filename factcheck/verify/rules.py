"""The first offline verifier: semantic match, then numbers and dates side by side.

It reads the evidence sentences closest in meaning to the claim. A number or date of the
claim is set against the evidence's number or date whose surrounding words are most alike
(so "下載量突破1000萬次" meets "one million downloads", not "five days"). A different value
refutes, with both values shown; the same value supports. With nothing to compare, a close
paraphrase that names the same things supports. A sentence that debunks what it repeats
("網傳…純屬謠言") never supports. Anything else is silence, which gives NOT_ENOUGH_INFO,
never REFUTED. The sentences' stances are weighed together, with their publishers'
reliabilities, by `factcheck.verify.aggregate`.

Speed: `verify_many` embeds the texts of many claims in two batches (the sentences, then the
words around their numbers), and every embedding, sentence split and parse is cached by
content, since the same passages come back for many claims.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from langchain_core.embeddings import Embeddings

from factcheck.config import Settings
from factcheck.intake.segment import split_sentences
from factcheck.models import Claim, DateMention, Evidence, Finding, Quantity, Stance, Verdict
from factcheck.numbers import compare_dates, compare_quantities, parse_dates, parse_quantities
from factcheck.numbers.compare import Comparison
from factcheck.script import has_han, to_simplified
from factcheck.verify.aggregate import PublisherWeights, Reading, aggregate, reliabilities
from factcheck.verify.base import Items
from factcheck.verify.trained.cues import cue_counts

RELEVANT = 0.3  # sentences at least this close to the claim are read for numbers and dates
# A different value refutes only in a sentence this close to the claim (and not naming
# something else): a date differs more often because the sentence is about another event.
CONTRADICTS = {"quantity": 0.45, "date": 0.6}
OTHER_NAMES = 0.5  # a sentence not naming the claim's names confirms only if this close
PARAPHRASE = 0.78  # this close, and naming the same things, a sentence supports without numbers
SAME_SUBJECT = 0.35  # two values stand for the same thing when their surroundings are this alike
# How strongly a sentence takes its stance: in full when a number or date it states decides
# (closeness beyond the thresholds above proves nothing more, so a planted copy of the
# claim's words gains nothing over a plain report); for a paraphrase, its similarity over
# FULL_STRENGTH, at most 1.
FULL_STRENGTH = 0.6
SENTENCES_READ = 8
WINDOW_CHARS = {"zh": 12, "en": 40}
EMBEDDING_CACHE = 50_000
_VERSION = re.compile(r"\s*v?\d+(?:\.\d+)*[a-z]?$")

Mention = Quantity | DateMention


@dataclass(frozen=True)
class Hit:
    """An evidence sentence close to a claim, with the other sentences of its chunk."""

    evidence: Evidence
    sentences: tuple[str, ...]
    index: int
    similarity: float

    @property
    def sentence(self) -> str:
        return self.sentences[self.index]


@lru_cache(maxsize=8192)
def sentences_of(text: str) -> tuple[str, ...]:
    """A chunk's sentences (cached: the same chunks come back for many claims)."""
    return tuple(s.text for s in split_sentences(text))


@lru_cache(maxsize=32768)
def _stated(
    sentence: str, year: int | None
) -> tuple[tuple[Quantity, ...], tuple[DateMention, ...]]:
    """The quantities and dates a sentence states (cached by content)."""
    return tuple(parse_quantities(sentence)), tuple(parse_dates(sentence, default_year=year))


@lru_cache(maxsize=8192)
def _written_years(text: str) -> tuple[int, ...]:
    return tuple(int(d.iso[:4]) for d in parse_dates(text) if d.iso and not d.year_inferred)


@lru_cache(maxsize=32768)
def _debunks(text: str) -> int:
    simplified = to_simplified(text)
    return cue_counts(simplified, has_han(simplified))[1]


def _name_forms(entity: str) -> set[str]:
    """An entity as matched in evidence: "Sora 2" also matches a text that says "Sora"."""
    name = to_simplified(entity).lower()
    return {name, _VERSION.sub("", name)} - {""}


def _names_in(claim: Claim, sentence: str) -> bool | None:
    """Whether the sentence names what the claim names; None when the claim names nothing
    or only in another script than the sentence's (a Chinese name in English text)."""
    comparable = [e for e in claim.entities if has_han(e) == has_han(sentence) or not has_han(e)]
    if not comparable:
        return None
    simplified = to_simplified(sentence).lower()
    return any(form in simplified for e in comparable for form in _name_forms(e))


def _stance(claim: Claim, hit: Hit, findings: Sequence[Finding]) -> Stance:
    """names=False: the sentence may be about something else, so it cannot refute."""
    names = _names_in(claim, hit.sentence)
    similarity = hit.similarity
    contradicting = [f for f in findings if not f.agrees and similarity >= CONTRADICTS[f.kind]]
    if contradicting and names is not False:
        return "refutes"
    if _debunks(hit.sentence) > _debunks(claim.text):
        return "neutral"  # it repeats the claim to call it false: no confirmation
    confirms = similarity >= (RELEVANT if names is not False else OTHER_NAMES)
    if confirms and any(f.agrees for f in findings):
        return "supports"
    if similarity >= PARAPHRASE and names:
        return "supports"
    return "neutral"


def _window(text: str, mention: Mention) -> str:
    width = WINDOW_CHARS["zh" if has_han(text) else "en"]
    return text[max(0, mention.span.start - width) : mention.span.end + width]


def _windows(claim: Claim, hit: Hit, pairs: list[_Pair]) -> list[str]:
    """The words around each compared value: the claim's, then the sentence's."""
    return [_window(claim.text, p.claimed) for p in pairs] + [
        _window(hit.sentence, p.stated) for p in pairs
    ]


def _year_of(evidence: Evidence, claim: Claim) -> int | None:
    """The year for the evidence's dates written without one: its publication year, or the
    latest year it writes in full; failing both, the year of a day the claim names, so that
    "6 月 2 日" can meet "2024年6月12日" (but a bare claimed year is never confirmed so)."""
    chunk = evidence.chunk
    if chunk.published and chunk.published[:4].isdigit():
        return int(chunk.published[:4])
    years = _written_years(chunk.text)
    days = [int(d.iso[:4]) for d in claim.dates if d.iso and d.granularity == "day"]
    return max(years) if years else (days[0] if days else None)


@dataclass(frozen=True)
class _Pair:
    """A claimed value and a stated one that can be compared."""

    claimed: Mention
    stated: Mention
    comparison: Comparison
    kind: str


def _pairs(claim: Claim, hit: Hit) -> list[_Pair]:
    quantities, dates = _stated(hit.sentence, _year_of(hit.evidence, claim))
    pairs = [
        _Pair(claimed, stated, comparison, "quantity")
        for claimed in claim.quantities
        for stated in quantities
        if (comparison := compare_quantities(claimed, stated))
    ]
    pairs += [
        _Pair(claimed, stated, comparison, "date")
        for claimed in claim.dates
        for stated in dates
        if (comparison := compare_dates(claimed, stated))
    ]
    return pairs


class RuleVerifier:
    name = "rules"

    def __init__(self, embeddings: Embeddings, weights: PublisherWeights | None = None):
        self.embeddings = embeddings
        self.weights = weights or PublisherWeights.from_settings(Settings())
        self._vectors: dict[str, np.ndarray] = {}  # the same passages come back for many claims

    def _embed(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if len(self._vectors) + len(missing) > EMBEDDING_CACHE:
            self._vectors.clear()
        if missing:
            vectors = self.embeddings.embed_documents(missing)
            self._vectors.update(zip(missing, map(np.asarray, vectors), strict=True))
        return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, 1))

    def verify(self, claim: Claim, evidence: Sequence[Evidence]) -> Verdict:
        return self.verify_many([(claim, evidence)])[0]

    def verify_many(self, items: Items) -> list[Verdict]:
        """Verdicts for many (claim, evidence) pairs, their texts embedded together."""
        return [
            aggregate(
                claim,
                readings,
                weights=self.weights,
                verifier=self.name,
                n_evidence=len(evidence),
            )
            for (claim, evidence), readings in zip(items, self.read_many(items), strict=True)
        ]

    def closest(self, items: Items, limit: int) -> list[list[Hit]]:
        """For each pair, its evidence sentences at least RELEVANT to the claim, the closest
        first, similarity weighed by the reliability of their publishers: many near-copies of
        the claim planted on unknown sites do not push a reliable source out of what is read.

        A short atomic claim ("近地點約200公里") is matched both as it stands, with the names
        its sentence gave it, and as its whole sentence; a sentence counts by the closer.
        """
        queries = [_queries(claim) for claim, _ in items]
        chunks = [[(e, sentences_of(e.chunk.text)) for e in evidence] for _, evidence in items]
        sentences = [s for passages in chunks for _, ss in passages for s in ss]
        self._embed([t for q in queries for t in q] + sentences)  # in one batch
        found = []
        for query, passages in zip(queries, chunks, strict=True):
            flat = [(e, ss, i) for e, ss in passages for i in range(len(ss))]
            if not flat:
                found.append([])
                continue
            similarity = (self._embed([ss[i] for _, ss, i in flat]) @ self._embed(query).T).max(1)
            trusts = reliabilities([e for e, _ in passages], self.weights)
            trust = np.repeat(trusts, [len(ss) for _, ss in passages])  # one per sentence
            hits = [
                Hit(flat[k][0], flat[k][1], flat[k][2], float(similarity[k]))
                for k in np.argsort(-similarity * trust, kind="stable")[:limit]
                if similarity[k] >= RELEVANT
            ]
            found.append(hits)
        return found

    def read_many(self, items: Items) -> list[list[Reading]]:
        """What each sentence read says about its claim, closest first."""
        compared = [
            [(hit, _pairs(claim, hit)) for hit in found]
            for (claim, _), found in zip(items, self.closest(items, SENTENCES_READ), strict=True)
        ]
        self._embed(  # the words around every compared value, in one batch
            [
                text
                for (claim, _), found in zip(items, compared, strict=True)
                for hit, pairs in found
                for text in _windows(claim, hit, pairs)
            ]
        )
        return [
            [self._reading(claim, hit, pairs) for hit, pairs in found]
            for (claim, _), found in zip(items, compared, strict=True)
        ]

    def compare(self, items: Items) -> list[dict[str, tuple[Finding, ...]]]:
        """For each claim, its numbers and dates compared with those of its closest evidence
        sentences: the findings by evidence chunk id."""
        out = []
        for readings in self.read_many(items):
            found: dict[str, tuple[Finding, ...]] = {}
            for reading in readings:
                chunk = reading.evidence.chunk.id
                found[chunk] = tuple(dict.fromkeys((*found.get(chunk, ()), *reading.findings)))
            out.append(found)
        return out

    def _reading(self, claim: Claim, hit: Hit, pairs: list[_Pair]) -> Reading:
        findings = self._findings(claim, hit, pairs)
        stance = _stance(claim, hit, findings)
        by_value = stance != "neutral" and any(f.agrees is (stance == "supports") for f in findings)
        strength = 1.0 if by_value else min(1.0, hit.similarity / FULL_STRENGTH)
        return Reading(hit.evidence, hit.sentence, stance, strength, findings)

    def _findings(self, claim: Claim, hit: Hit, pairs: list[_Pair]) -> tuple[Finding, ...]:
        if not pairs:
            return ()
        windows = self._embed(_windows(claim, hit, pairs))
        alike = np.sum(windows[: len(pairs)] * windows[len(pairs) :], axis=1)
        chosen: dict[int, int] = {}  # claimed mention -> the pair that speaks to it
        for i, pair in enumerate(pairs):
            if alike[i] < SAME_SUBJECT:
                continue
            current = chosen.get(id(pair.claimed))
            # An agreeing value wins: a sentence giving several dates confirms the one it shares.
            rank = (pair.comparison.agrees, alike[i])
            if current is None or rank > (pairs[current].comparison.agrees, alike[current]):
                chosen[id(pair.claimed)] = i
        findings = tuple(
            Finding(
                kind=pairs[i].kind,  # type: ignore[arg-type]
                claim_value=pairs[i].claimed.text,
                evidence_value=pairs[i].stated.text,
                agrees=pairs[i].comparison.agrees,
                note=pairs[i].comparison.note,
                evidence_id=hit.evidence.chunk.id,
            )
            for i in chosen.values()
        )
        if claim.quantities and any(f.kind == "date" and not f.agrees for f in findings):
            return ()  # figures for another year or day: nothing to compare
        return findings


def _queries(claim: Claim) -> list[str]:
    context = " ".join([claim.text, *[e for e in claim.entities if e not in claim.text]])
    return list(dict.fromkeys([context, claim.sentence]))
