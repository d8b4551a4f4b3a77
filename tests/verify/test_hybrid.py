"""The hybrid verifier's contract, with the real embedding model and the shipped classifier."""

from __future__ import annotations

import pytest

from factcheck import registry
from factcheck.config import Settings
from factcheck.extract.building import claim_from_text
from factcheck.models import Label
from factcheck.verify.base import Verifier
from factcheck.verify.hybrid import HybridVerifier
from tests.conftest import evidence_passage


@pytest.fixture(scope="module")
def verifier(embeddings) -> HybridVerifier:
    return HybridVerifier(embeddings)


def test_registered_and_shares_the_embedding_model(tmp_path) -> None:
    from factcheck.evidence.embeddings import load_embeddings
    from factcheck.verify.trained.embed import _use

    made = registry.create("verifier", "hybrid", Settings(workspace=tmp_path))
    assert isinstance(made, Verifier) and made.name == "hybrid"
    shared = load_embeddings("use-multilingual")
    assert made.rules.embeddings is shared
    assert _use() is shared.inner  # the classifier's features use the same loaded model


def test_no_evidence_is_not_enough_info(verifier: HybridVerifier) -> None:
    claim = claim_from_text("Sora 下載量在5天內突破1000萬次。")
    for given in ([], [evidence_passage(1, "   ")]):
        verdict = verifier.verify(claim, given)
        assert verdict.label is Label.NOT_ENOUGH_INFO
        assert verdict.citations == () and verdict.score == 0.5
        assert verdict.verifier == "hybrid"
        assert "證據" in verdict.rationale  # in the claim's language


def test_a_different_number_refutes_with_both_values(verifier: HybridVerifier) -> None:
    claim = claim_from_text("OpenAI 的 Sora 應用下載量突破1000萬次。")
    stated = "OpenAI 表示，Sora 應用的下載量達到 100 萬次。"
    verdict = verifier.verify(claim, [evidence_passage(1, stated)])
    assert verdict.label is Label.REFUTED
    assert verdict.score < 0.5
    finding = next(f for f in verdict.findings if f.kind == "quantity" and not f.agrees)
    assert "1000萬" in finding.claim_value and "100 萬" in finding.evidence_value
    assert verdict.citations[0].quote in stated and verdict.citations[0].stance == "refutes"
    assert "不符" in verdict.rationale


def test_an_unrelated_passage_is_not_enough_info(verifier: HybridVerifier) -> None:
    claim = claim_from_text("The Eiffel Tower was completed in 1889 for the World's Fair.")
    verdict = verifier.verify(
        claim,
        [
            evidence_passage(
                1, "Bananas are rich in potassium and grow best in warm, humid climates."
            )
        ],
    )
    assert verdict.label is Label.NOT_ENOUGH_INFO
    assert 0.35 <= verdict.score <= 0.65


def test_related_but_silent_evidence_does_not_refute(verifier: HybridVerifier) -> None:
    claim = claim_from_text("Google 的 Veo 3.1 支持生成長達一分鐘的影片。")
    silent = (
        "Google 於 10 月 15 日推出 Veo 3.1，強化了音訊生成與畫面控制，"
        "並在 Gemini 應用和 Flow 中提供。"
    )
    verdict = verifier.verify(claim, [evidence_passage(1, silent)])
    assert verdict.label is not Label.REFUTED


@pytest.mark.xfail(
    reason="known limit of the pair classifier (1.1.0, 1.2.0): with no shared words it reads a "
    "cross-language paraphrase as related-but-silent (P(NEI) about 0.96); see MODEL_CARD.md",
    strict=True,
)
def test_a_paraphrase_in_the_other_language_supports(verifier: HybridVerifier) -> None:
    claim = claim_from_text("新疆棉花生產早已實現高度機械化，不需要大量採棉工。")
    english = (
        "Cotton production in Xinjiang has long been highly mechanized, so large numbers "
        "of cotton pickers are not needed."
    )
    verdict = verifier.verify(claim, [evidence_passage(1, english)])
    assert verdict.label is Label.SUPPORTED
    assert verdict.score > 0.5
    assert verdict.citations[0].quote == english and verdict.citations[0].stance == "supports"
    assert verdict.citations[0].url == "https://example.org/1"
    assert "一致" in verdict.rationale
