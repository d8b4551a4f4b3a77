"""The rule verifier: batched verification and sentences that debunk what they repeat."""

from __future__ import annotations

from factcheck.evaluation.hostile import CASES, read_cases
from factcheck.extract.building import claim_from_text
from factcheck.models import Evidence, Label
from factcheck.verify.aggregate import PublisherWeights
from factcheck.verify.rules import RuleVerifier
from tests.conftest import bad_evidence_items, evidence_passage


def test_verify_many_gives_the_verdicts_of_verify(embeddings) -> None:
    """The demo article's claims with the passages retrieved for them (eval/hostile)."""
    cases = [c for c in read_cases(CASES) if c.origin == "demo article"]
    items = [(c.claim, [Evidence(chunk=chunk, score=1.0) for chunk in c.clean]) for c in cases]
    table = PublisherWeights({}, default=0.7)
    batched = RuleVerifier(embeddings, table).verify_many(items)
    one_by_one = RuleVerifier(embeddings, table)
    assert batched == [one_by_one.verify(claim, evidence) for claim, evidence in items]
    labels = {v.label for v in batched}
    assert {Label.SUPPORTED, Label.REFUTED} <= labels  # the demo article's three errors show
    assert all(v.citations for v in batched if v.label is not Label.NOT_ENOUGH_INFO)


def test_a_sentence_that_debunks_the_claim_does_not_support_it(embeddings) -> None:
    verifier = RuleVerifier(embeddings, PublisherWeights({}, default=0.7))
    claim = claim_from_text("OpenAI 的 Sora 應用下載量突破100萬次。")
    plain = "OpenAI 表示，Sora 應用的下載量已突破 100 萬次。"
    debunked = "網傳 OpenAI 的 Sora 應用下載量已突破 100 萬次，此說法純屬謠言。"
    assert verifier.verify(claim, [evidence_passage(1, plain)]).label is Label.SUPPORTED
    assert verifier.verify(claim, [evidence_passage(1, debunked)]).label is Label.NOT_ENOUGH_INFO


def test_bad_evidence_never_raises(embeddings) -> None:
    """A lone surrogate (a JSON escape, a library caller) reaches the embedding model as "?"."""
    verdicts = RuleVerifier(embeddings).verify_many(bad_evidence_items())
    assert len(verdicts) == 4 and all(0.0 <= v.score <= 1.0 for v in verdicts)
    assert verdicts[2].label is Label.NOT_ENOUGH_INFO


def test_a_count_in_words_that_opens_the_claim_is_no_name_to_look_for(embeddings) -> None:
    """A passage that names none of the claim's names cannot refute it; "Forty-six" is a
    count, not a name, so a passage that writes the count otherwise still can."""
    verifier = RuleVerifier(embeddings, PublisherWeights({}, default=0.7))
    claim = claim_from_text("Forty-six of the 258 patients in the trial died within a year.")
    assert "Forty-six" not in claim.entities
    passage = "Fifty-six of the 258 patients in the trial died within a year of treatment."
    verdict = verifier.verify(claim, [evidence_passage(1, passage)])
    assert verdict.label is Label.REFUTED, verdict.rationale
