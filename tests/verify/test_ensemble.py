"""The ensemble verifier (`factcheck.verify.ensemble`): the encoder's and the pair
classifier's readings combined, on real models and the shipped calibration."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest

from factcheck import registry
from factcheck.config import Settings
from factcheck.models import Label
from factcheck.verify.calibration import KEY
from factcheck.verify.ensemble import ARTIFACT_JSON, EnsembleVerifier, geometric_mean
from tests.conftest import bad_evidence_items, claim_of, evidence_passage


@pytest.fixture(scope="module")
def verifier() -> EnsembleVerifier:
    return registry.create("verifier", "ensemble", Settings())


def test_geometric_mean_is_a_distribution_that_keeps_agreement() -> None:
    a = np.array([[0.8, 0.1, 0.1], [0.1, 0.1, 0.8], [0.0, 1.0, 0.0]])
    b = np.array([[0.6, 0.2, 0.2], [0.4, 0.2, 0.4], [1.0, 0.0, 0.0]])
    mixed = geometric_mean(a, b)
    assert np.allclose(mixed.sum(axis=1), 1.0) and (mixed > 0).all()
    assert mixed[0].argmax() == 0  # both say SUPPORTED
    assert mixed[1].argmax() == 2  # one sure of NEI, one torn between S and NEI
    assert np.isclose(mixed[2, 0], mixed[2, 1])  # certain and opposed: neither wins


def test_the_shipped_calibration_is_for_the_shipped_models(verifier: EnsembleVerifier) -> None:
    recorded = json.loads(ARTIFACT_JSON.read_text(encoding="utf-8"))
    assert recorded["members"] == verifier.members()
    assert verifier.label_weights is not None and verifier.calibration is not None
    assert set(recorded[KEY]["claims"]) >= {"chef", "ocnli", "scifact"}


def test_a_stale_calibration_is_left_unused(tmp_path, caplog) -> None:
    stale = json.loads(ARTIFACT_JSON.read_text(encoding="utf-8"))
    stale["members"] = {**stale["members"], "encoder": "0.0.1"}
    path = tmp_path / "ensemble.json"
    path.write_text(json.dumps(stale), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        found = EnsembleVerifier(artifact_json=path)
    assert found.label_weights is None and found.calibration is None
    assert "calibrate ensemble" in caplog.text


def test_verdicts_rest_on_both_models(verifier: EnsembleVerifier) -> None:
    supporting = "The Eiffel Tower, completed in 1889, stands on the Champ de Mars in Paris."
    items = [
        (
            claim_of("The Eiffel Tower is in Paris."),
            [evidence_passage(1, supporting), evidence_passage(2, "Bananas grow in the tropics.")],
        ),
        (
            claim_of("The Eiffel Tower was completed in 1889."),
            [evidence_passage(3, "Bananas are rich in potassium and grow in tropical climates.")],
        ),
        (claim_of("Nothing to read."), []),
    ]
    reads = verifier.read_many(items)
    first = reads[0]
    by_encoder = verifier.encoder.read_many(items[:1])[0].proba
    by_trained = verifier.trained.read_many(items[:1])[0].proba
    assert np.allclose(first.proba, geometric_mean(by_encoder, by_trained))
    supported, unrelated, empty = verifier.verify_many(items)
    assert supported.verifier == "ensemble" and supported.label is Label.SUPPORTED
    assert supported.citations[0].evidence_id == "e1" and supported.citations[0].quote in supporting
    assert unrelated.label is Label.NOT_ENOUGH_INFO
    assert empty.label is Label.NOT_ENOUGH_INFO and empty.citations == ()
    assert all(v.confidence is not None and 0 < v.confidence < 1 for v in (supported, unrelated))


def test_bad_evidence_never_raises(verifier: EnsembleVerifier) -> None:
    items = bad_evidence_items()
    verdicts = verifier.verify_many(items)
    assert len(verdicts) == 4
    assert all(0.0 <= v.score <= 1.0 for v in verdicts)
    assert verdicts[2].label is Label.NOT_ENOUGH_INFO and verdicts[2].citations == ()
