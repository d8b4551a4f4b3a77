"""The first offline verifier: semantic match, then numbers and dates side by side.

It reads the evidence sentences closest in meaning to the claim. A number or date of the
claim is set against the evidence's number or date whose surrounding words are most alike
(so "下載量突破1000萬次" meets "one million downloads", not "five days"). A different value
refutes, with both values shown; the same value supports. With nothing to compare, a close
paraphrase that names the same things supports. Anything else is silence, which gives
NOT_ENOUGH_INFO, never REFUTED.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from factcheck.intake.segment import split_sentences
from factcheck.models import (
    Citation,
    Claim,
    DateMention,
    Evidence,
    Finding,
    Label,
    Quantity,
    Verdict,
)
from factcheck.numbers import compare_dates, compare_quantities, parse_dates, parse_quantities
from factcheck.numbers.compare import Comparison
from factcheck.script import has_han, to_simplified
from factcheck.verify.rationale import rationale_for

RELEVANT = 0.3  # sentences at least this close to the claim are read for numbers and dates
# A different value refutes only in a sentence this close to the claim (and not naming
# something else): a date differs more often because the sentence is about another event.
CONTRADICTS = {"quantity": 0.45, "date": 0.6}
OTHER_NAMES = 0.5  # a sentence not naming the claim's names confirms only if this close
PARAPHRASE = 0.78  # this close, and naming the same things, a sentence supports without numbers
SAME_SUBJECT = 0.35  # two values stand for the same thing when their surroundings are this alike
CONFLICT_MARGIN = 0.1  # sources conflict when their sentences are about as close to the claim
SENTENCES_READ = 8
WINDOW_CHARS = {"zh": 12, "en": 40}
EMBEDDING_CACHE = 50_000
SCORES = {
    Label.SUPPORTED: 0.8,
    Label.REFUTED: 0.1,
    Label.NOT_ENOUGH_INFO: 0.5,
    Label.CONFLICTING: 0.4,
}
_VERSION = re.compile(r"\s*v?\d+(?:\.\d+)*[a-z]?$")

Mention = Quantity | DateMention


@dataclass(frozen=True)
class _Reading:
    """What one evidence sentence says about the claim."""

    evidence: Evidence
    sentence: str
    similarity: float
    findings: tuple[Finding, ...]
    names: bool | None  # the claim's names are in the sentence; None: cannot tell
    # names=False means the sentence may be about something else: it cannot refute.

    @property
    def stance(self) -> str:
        contradicting = [
            f for f in self.findings if not f.agrees and self.similarity >= CONTRADICTS[f.kind]
        ]
        if contradicting and self.names is not False:
            return "refutes"
        confirms = self.similarity >= (RELEVANT if self.names is not False else OTHER_NAMES)
        if confirms and any(f.agrees for f in self.findings):
            return "supports"
        if self.similarity >= PARAPHRASE and self.names:
            return "supports"
        return "neutral"


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


def _window(text: str, mention: Mention) -> str:
    width = WINDOW_CHARS["zh" if has_han(text) else "en"]
    return text[max(0, mention.span.start - width) : mention.span.end + width]


def _year_of(evidence: Evidence, claim: Claim) -> int | None:
    """The year for the evidence's dates written without one: its publication year, or the
    latest year it writes in full; failing both, the year of a day the claim names, so that
    "6 月 2 日" can meet "2024年6月12日" (but a bare claimed year is never confirmed so)."""
    chunk = evidence.chunk
    if chunk.published and chunk.published[:4].isdigit():
        return int(chunk.published[:4])
    years = [int(d.iso[:4]) for d in parse_dates(chunk.text) if d.iso and not d.year_inferred]
    days = [int(d.iso[:4]) for d in claim.dates if d.iso and d.granularity == "day"]
    return max(years) if years else (days[0] if days else None)


class RuleVerifier:
    name = "rules"

    def __init__(self, embeddings: Embeddings):
        self.embeddings = embeddings
        self._vectors: dict[str, np.ndarray] = {}  # the same passages come back for many claims

    def _embed(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if len(self._vectors) + len(missing) > EMBEDDING_CACHE:
            self._vectors.clear()
        for text, vector in zip(missing, self.embeddings.embed_documents(missing), strict=True):
            self._vectors[text] = np.asarray(vector)
        return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, 1))

    def verify(self, claim: Claim, evidence: Sequence[Evidence]) -> Verdict:
        readings = self._read(claim, evidence)
        refuting = [r for r in readings if r.stance == "refutes"]
        supporting = [r for r in readings if r.stance == "supports"]
        refuting_docs = {r.evidence.chunk.document_id for r in refuting}
        supporting_docs = {r.evidence.chunk.document_id for r in supporting}
        if refuting and supporting and not refuting_docs & supporting_docs:
            # Sources conflict when both are about equally close to the claim; otherwise the
            # closer one is taken to speak about the claim, the other about something else.
            gap = supporting[0].similarity - refuting[0].similarity
            if gap > CONFLICT_MARGIN:
                label, used = Label.SUPPORTED, supporting
            elif gap < -CONFLICT_MARGIN:
                label, used = Label.REFUTED, refuting
            else:
                label, used = Label.CONFLICTING, refuting + supporting
        elif refuting:
            label, used = Label.REFUTED, refuting
        elif supporting:
            label, used = Label.SUPPORTED, supporting
        else:
            label, used = Label.NOT_ENOUGH_INFO, readings[:1]
        findings = tuple(f for r in used for f in r.findings)
        return Verdict(
            label=label,
            score=SCORES[label],
            rationale=rationale_for(claim.language, label, findings, len(evidence)),
            citations=tuple(_citation(r) for r in used),
            findings=findings,
            verifier=self.name,
        )

    def _read(self, claim: Claim, evidence: Sequence[Evidence]) -> list[_Reading]:
        sentences = [(e, s.text) for e in evidence for s in split_sentences(e.chunk.text)]
        if not sentences:
            return []
        # A short atomic claim ("近地點約200公里") is matched both as it stands, with the names
        # its sentence gave it, and as its whole sentence; a sentence counts by the closer.
        context = " ".join([claim.text, *[e for e in claim.entities if e not in claim.text]])
        queries = self._embed(list(dict.fromkeys([context, claim.sentence])))
        similarities = (self._embed([s for _, s in sentences]) @ queries.T).max(axis=1)
        order = np.argsort(-similarities)[:SENTENCES_READ]
        readings = []
        for index in order:
            item, sentence = sentences[index]
            similarity = float(similarities[index])
            if similarity < RELEVANT:
                break
            findings = tuple(self._findings(claim, sentence, item))
            readings.append(
                _Reading(item, sentence, similarity, findings, _names_in(claim, sentence))
            )
        return readings

    def _findings(self, claim: Claim, sentence: str, evidence: Evidence) -> list[Finding]:
        stated_dates = parse_dates(sentence, default_year=_year_of(evidence, claim))
        pairs: list[tuple[Mention, Mention, Comparison, str]] = []
        for claimed in claim.quantities:
            for stated in parse_quantities(sentence):
                if comparison := compare_quantities(claimed, stated):
                    pairs.append((claimed, stated, comparison, "quantity"))
        for claimed_date in claim.dates:
            for stated_date in stated_dates:
                if comparison := compare_dates(claimed_date, stated_date):
                    pairs.append((claimed_date, stated_date, comparison, "date"))
        if not pairs:
            return []
        windows = self._embed(
            [_window(claim.text, c) for c, *_ in pairs]
            + [_window(sentence, s) for _, s, *_ in pairs]
        )
        alike = np.sum(windows[: len(pairs)] * windows[len(pairs) :], axis=1)
        chosen: dict[int, int] = {}  # claimed mention -> the pair that speaks to it
        for i, (claimed, _, comparison, _) in enumerate(pairs):
            if alike[i] < SAME_SUBJECT:
                continue
            current = chosen.get(id(claimed))
            # An agreeing value wins: a sentence giving several dates confirms the one it shares.
            rank = (comparison.agrees, alike[i])
            if current is None or rank > (pairs[current][2].agrees, alike[current]):
                chosen[id(claimed)] = i
        findings = [
            Finding(
                kind=pairs[i][3],  # type: ignore[arg-type]
                claim_value=pairs[i][0].text,
                evidence_value=pairs[i][1].text,
                agrees=pairs[i][2].agrees,
                note=pairs[i][2].note,
                evidence_id=evidence.chunk.id,
            )
            for i in chosen.values()
        ]
        if claim.quantities and any(f.kind == "date" and not f.agrees for f in findings):
            return []  # figures for another year or day: nothing to compare
        return findings


def _citation(reading: _Reading) -> Citation:
    chunk = reading.evidence.chunk
    return Citation(
        evidence_id=chunk.id,
        quote=reading.sentence,
        stance=reading.stance,  # type: ignore[arg-type]
        url=chunk.url,
        publisher=chunk.publisher,
        published=chunk.published,
    )
