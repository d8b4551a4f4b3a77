"""The first offline verifier: semantic match, then numbers and dates side by side.

For each retrieved chunk it finds the sentences closest in meaning to the claim. Numbers
and dates in the claim are compared with those in these sentences: a different value
refutes (both values shown), the same value supports. With no number or date to compare,
a very close paraphrase that names the same things supports; anything else is silence,
which gives NOT_ENOUGH_INFO, never REFUTED.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from factcheck.intake.segment import split_sentences
from factcheck.models import Citation, Claim, Evidence, Finding, Label, Verdict
from factcheck.numbers import compare_dates, compare_quantities, parse_dates, parse_quantities
from factcheck.script import to_simplified
from factcheck.verify.rationale import rationale_for

RELEVANT = 0.45  # a sentence this close to the claim may confirm or contradict its numbers
PARAPHRASE = 0.78  # this close, and naming the same things, it supports without numbers
SENTENCES_PER_CHUNK = 2
SCORES = {Label.SUPPORTED: 0.8, Label.REFUTED: 0.1, Label.NOT_ENOUGH_INFO: 0.5, Label.CONFLICTING: 0.4}


@dataclass(frozen=True)
class _Reading:
    """What one evidence sentence says about the claim."""

    evidence: Evidence
    sentence: str
    similarity: float
    findings: tuple[Finding, ...]

    @property
    def stance(self) -> str:
        if any(not f.agrees for f in self.findings):
            return "refutes"
        if self.findings or self.similarity >= PARAPHRASE:
            return "supports"
        return "neutral"


def _findings(claim: Claim, sentence: str, evidence_id: str) -> list[Finding]:
    findings = []
    stated_quantities = parse_quantities(sentence)
    for claimed in claim.quantities:
        pairs = [(c, s) for s in stated_quantities if (c := compare_quantities(claimed, s))]
        if pairs:
            comparison, stated = next(((c, s) for c, s in pairs if c.agrees), pairs[0])
            findings.append(
                Finding(
                    kind="quantity",
                    claim_value=claimed.text,
                    evidence_value=stated.text,
                    agrees=comparison.agrees,
                    note=comparison.note,
                    evidence_id=evidence_id,
                )
            )
    stated_dates = parse_dates(sentence)
    for claimed in claim.dates:
        pairs = [(c, s) for s in stated_dates if (c := compare_dates(claimed, s))]
        if pairs:
            comparison, stated = next(((c, s) for c, s in pairs if c.agrees), pairs[0])
            findings.append(
                Finding(
                    kind="date",
                    claim_value=claimed.text,
                    evidence_value=stated.text,
                    agrees=comparison.agrees,
                    note=comparison.note,
                    evidence_id=evidence_id,
                )
            )
    return findings


_VERSION = re.compile(r"\s*v?\d+(?:\.\d+)*[a-z]?$")


def _name_forms(entity: str) -> set[str]:
    """An entity as matched in evidence: "Sora 2" also matches a text that says "Sora"."""
    name = to_simplified(entity).lower()
    return {name, _VERSION.sub("", name)} - {""}


def _names_overlap(claim: Claim, sentence: str) -> bool:
    simplified = to_simplified(sentence).lower()
    forms = [form for e in claim.entities for form in _name_forms(e)]
    return not forms or any(form in simplified for form in forms)


class RuleVerifier:
    name = "rules"

    def __init__(self, embeddings: Embeddings):
        self.embeddings = embeddings

    def verify(self, claim: Claim, evidence: Sequence[Evidence]) -> Verdict:
        readings = self._read(claim, evidence)
        refuting = [r for r in readings if r.stance == "refutes"]
        supporting = [r for r in readings if r.stance == "supports"]
        refuting_docs = {r.evidence.chunk.document_id for r in refuting}
        supporting_docs = {r.evidence.chunk.document_id for r in supporting}
        if refuting and supporting and refuting_docs != supporting_docs:
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
        context = " ".join([claim.text, *[e for e in claim.entities if e not in claim.text]])
        query = np.asarray(self.embeddings.embed_query(context))
        vectors = np.asarray(self.embeddings.embed_documents([s for _, s in sentences]))
        similarities = vectors @ query
        readings = []
        for item in evidence:
            ranked = sorted(
                ((float(sim), text) for (e, text), sim in zip(sentences, similarities, strict=True)
                 if e is item),
                reverse=True,
            )[:SENTENCES_PER_CHUNK]
            for similarity, text in ranked:
                relevant = similarity >= RELEVANT and _names_overlap(claim, text)
                findings = _findings(claim, text, item.chunk.id) if relevant else []
                readings.append(_Reading(item, text, similarity if relevant else 0.0, tuple(findings)))
        return sorted(readings, key=lambda r: r.similarity, reverse=True)


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
