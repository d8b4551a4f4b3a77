"""The shipped trained pair classifier and `TrainedVerifier`.

The dev-sample checks read the shared evaluation sets from ``../shared/eval`` and are skipped
when that folder is absent; the rest only need the shipped artifact.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from factcheck.models import Label, Verdict
from factcheck.verify.base import Verifier
from factcheck.verify.trained import LABELS, PairClassifier, TrainedVerifier
from factcheck.verify.trained.data import load_pairs
from factcheck.verify.trained.metrics import summary
from factcheck.verify.trained.model import ARTIFACT
from tests.conftest import claim_of, evidence_passage

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"
needs_eval = pytest.mark.skipif(not EVAL.is_dir(), reason=f"shared eval sets not found at {EVAL}")
SAMPLE = 150


@pytest.fixture(scope="module")
def classifier() -> PairClassifier:
    return PairClassifier()


def dev_sample(name: str) -> tuple[list[str], list[str], np.ndarray]:
    """Every k-th dev pair with evidence: pairs the model never trained on."""
    pairs = [p for p in load_pairs(EVAL, [name]) if p.split == "dev" and p.evidence.strip()]
    pairs = pairs[:: max(1, len(pairs) // SAMPLE)][:SAMPLE]
    return (
        [p.claim for p in pairs],
        [p.evidence for p in pairs],
        np.array([LABELS.index(p.label) for p in pairs]),
    )


def test_artifact_is_small_safe_and_versioned(classifier: PairClassifier) -> None:
    size = (
        ARTIFACT.with_suffix(".npz").stat().st_size + ARTIFACT.with_suffix(".json").stat().st_size
    )
    assert size < 5_000_000
    with np.load(ARTIFACT.with_suffix(".npz"), allow_pickle=False) as data:
        assert all(data[k].dtype != object for k in data.files)
    assert classifier.version


def test_probabilities_are_valid(classifier: PairClassifier) -> None:
    proba = classifier.predict_proba(
        ["The sky is blue.", "天空是蓝色的。", "x"],
        ["The sky is blue today.", "天空是藍色的。", ""],
    )
    assert proba.shape == (3, 3)
    assert np.all((proba >= 0) & (proba <= 1))
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert proba[2].argmax() == LABELS.index("NOT_ENOUGH_INFO")


def test_supporting_pair_beats_unrelated_pair(classifier: PairClassifier) -> None:
    claims = [
        "The Eiffel Tower is in Paris.",
        "The Eiffel Tower is in Paris.",
        "新冠疫苗已在中国获批上市。",
        "新冠疫苗已在中国获批上市。",
    ]
    evidences = [
        "The Eiffel Tower is a wrought-iron tower in Paris, France.",
        "Bananas are rich in potassium and grow in tropical climates.",
        "国家药监局已附条件批准新冠疫苗在中国上市。",
        "今年夏天的降雨量比往年偏多。",
    ]
    proba = classifier.predict_proba(claims, evidences)
    supported = proba[:, LABELS.index("SUPPORTED")]
    assert supported[0] > supported[1]
    assert supported[2] > supported[3]


@needs_eval
@pytest.mark.parametrize("name", ["chef", "scifact"])
def test_beats_majority_baseline_on_held_out_dev(classifier: PairClassifier, name: str) -> None:
    claims, evidences, y = dev_sample(name)
    result = summary(y, classifier.predict_proba(claims, evidences))
    assert result["macro_f1"] >= result["majority_macro_f1"] + 0.2, result
    assert result["accuracy"] >= result["majority_accuracy"] + 0.05, result
    assert result["ece"] <= 0.2, result


def test_verifier_protocol_and_empty_evidence_passage() -> None:
    verifier = TrainedVerifier()
    assert isinstance(verifier, Verifier)
    assert verifier.name == "trained"
    verdict = verifier.verify(claim_of("The Eiffel Tower is in Paris."), [])
    assert verdict.label is Label.NOT_ENOUGH_INFO
    assert verdict.citations == ()
    blank = verifier.verify(claim_of("The Eiffel Tower is in Paris."), [evidence_passage(1, "   ")])
    assert blank.label is Label.NOT_ENOUGH_INFO


def test_verifier_cites_the_supporting_passage() -> None:
    verifier = TrainedVerifier()
    supporting = (
        "據新疆農業部門發布的數據，新疆棉花生產早已經實現高度機械化。機械採摘率已達69.83%。"
    )
    verdict = verifier.verify(
        claim_of("新疆棉花生产已实现高度机械化。", "zh"),
        [evidence_passage(1, supporting), evidence_passage(2, "今天天气很好，适合出去散步。")],
    )
    assert isinstance(verdict, Verdict)
    assert verdict.verifier == "trained"
    assert 0.0 <= verdict.score <= 1.0
    assert verdict.label is Label.SUPPORTED
    top = verdict.citations[0]
    assert top.evidence_id == "e1" and top.stance == "supports"
    assert top.quote in supporting and "機械化" in top.quote
    assert top.url == "https://example.org/1" and top.publisher == "Example News"
