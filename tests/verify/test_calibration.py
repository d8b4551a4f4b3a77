"""Verdict calibration: the curves' fitting, their use, and the shipped trained verifier's
calibration measured on dev claims it never saw (skipped without ../shared/eval)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from factcheck.evaluation.datasets import read_dataset, sample, split_records
from factcheck.evaluation.evaluators.base import claim_for
from factcheck.evaluation.evaluators.evidence import gold_evidence
from factcheck.evaluation.metrics import expected_calibration_error, macro_f1
from factcheck.models import Label
from factcheck.verify.aggregate import PublisherWeights
from factcheck.verify.calibration import (
    KEY,
    UNREAD,
    CalibrationVerdict,
    LabelWeights,
    VerdictCalibration,
    kind_of,
    label_confidence,
    raw_confidence,
)
from factcheck.verify.probabilities import PassageReadings, classified_verdict
from factcheck.verify.trained import TrainedVerifier
from tests.conftest import SHARED, claim_of, evidence_passage

S, R, N = Label.SUPPORTED, Label.REFUTED, Label.NOT_ENOUGH_INFO


@pytest.mark.parametrize(
    ("label", "score", "expected"),
    [(S, 0.8, 0.8), (R, 0.1, 0.9), (N, 0.5, 1.0), (N, 0.8, 0.4), (Label.CONFLICTING, 0.4, 0.8)],
)
def test_label_confidence(label, score, expected):
    assert label_confidence(label, score) == pytest.approx(expected)
    assert label_confidence(label, score, confidence=0.42) == 0.42  # the verdict's own


def overconfident(language: str, kind: str, n: int, seed: int = 0) -> list[CalibrationVerdict]:
    """Verdicts whose raw confidence is 0.95 but which are right 60% of the time."""
    right = np.random.default_rng(seed).random(n) < 0.6
    return [CalibrationVerdict(language, kind, 0.95, bool(r)) for r in right]


def test_an_overconfident_kind_is_brought_down_to_its_rate_of_right_verdicts():
    curves = VerdictCalibration.fit(overconfident("zh", "SUPPORTED", 400))
    assert curves.confidence("zh", "SUPPORTED", 0.95) == pytest.approx(0.6, abs=0.06)
    # too few English verdicts of their own: the curve over both languages serves them
    assert curves.confidence("en", "SUPPORTED", 0.95) == pytest.approx(0.6, abs=0.06)
    assert curves.confidence("zh", "REFUTED", 0.7) == 0.7  # no curve: the raw confidence


def test_kinds_with_one_outcome_or_too_few_verdicts_get_their_rate_not_a_curve():
    """A verifier that seldom answers CONFLICTING: its raw confidence for one (near 1 when
    the score is near 0.5) is not believed; the kind's rate of right verdicts is, counted
    with one right and one wrong added."""
    always = [CalibrationVerdict("en", "REFUTED", 0.8, True) for _ in range(100)]
    few = [CalibrationVerdict("en", "CONFLICTING", 0.95, i < 2) for i in range(10)]
    curves = VerdictCalibration.fit(always + few)
    assert set(curves.curves) == {"*:REFUTED", "*:CONFLICTING"}  # none per language
    assert curves.confidence("en", "CONFLICTING", 0.95) == pytest.approx(3 / 12)
    assert curves.confidence("zh", "CONFLICTING", 0.5) == pytest.approx(3 / 12)
    assert curves.confidence("en", "REFUTED", 0.6) == pytest.approx(101 / 102)
    assert curves.confidence("en", "SUPPORTED", 0.7) == 0.7  # never seen: the raw confidence


def test_a_curve_never_falls_as_the_raw_confidence_rises():
    rng = np.random.default_rng(1)
    raws = rng.uniform(0.4, 0.99, 300)
    inverted = [CalibrationVerdict("en", "SUPPORTED", r, bool(rng.random() > r)) for r in raws]
    curves = VerdictCalibration.fit(inverted)
    low, high = (curves.confidence("en", "SUPPORTED", r) for r in (0.5, 0.95))
    rate = np.mean([v.right for v in inverted])
    assert low == pytest.approx(high) and low == pytest.approx(rate, abs=0.01)


def test_a_verdict_without_evidence_is_its_own_kind_and_keeps_label_and_score():
    verifier = TrainedVerifier()
    bare = verifier.verify(claim_of("The plant opened in 2019."), [])
    assert kind_of(bare) == UNREAD and bare.label == N
    read = verifier.verify(
        claim_of("The plant opened in 2019."),
        [evidence_passage(1, "The plant opened in 2019, the company said.")],
    )
    assert kind_of(read) == str(read.label)
    verifier.calibration = None
    raw = verifier.verify(
        claim_of("The plant opened in 2019."),
        [evidence_passage(1, "The plant opened in 2019, the company said.")],
    )
    assert (raw.label, raw.score) == (read.label, read.score)


@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared/eval is absent")
def test_a_verdict_on_no_evidence_is_believed_as_often_as_such_dev_claims_are_unverifiable():
    """CHEF's training claims without evidence are 29% NOT_ENOUGH_INFO, its dev claims
    without evidence 70% (the dev split has as many claims of each label): weighing every
    gold label the same over all training claims without evidence, the curve comes within
    0.05 of the dev rate."""
    from factcheck.verify.calibrate import calibration_verdicts, without_evidence

    unheld = without_evidence(SHARED / "eval")
    weights = PublisherWeights({}, 0.5)
    verdicts = [classified_verdict(h.claim, h.read, weights=weights, verifier="t") for h in unheld]
    assert {kind_of(v) for v in verdicts} == {UNREAD}
    curves = VerdictCalibration.fit(calibration_verdicts(unheld, verdicts))
    believed = curves.confidence("zh", UNREAD, raw_confidence(verdicts[0]))
    _, dev = split_records(read_dataset(SHARED / "eval" / "chef").records, "dev")
    bare = [r.label == N for r in dev if not gold_evidence(r)]
    assert abs(believed - np.mean(bare)) < 0.05, (believed, np.mean(bare))
    assert np.mean([h.record.label == N for h in unheld]) < 0.35  # unweighted: far off


def test_curves_round_trip_through_the_artifacts_json(tmp_path):
    curves = VerdictCalibration.fit(overconfident("zh", "SUPPORTED", 200))
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"version": "x", KEY: {"curves": curves.curves_json()}}))
    loaded = VerdictCalibration.load(path)
    assert loaded is not None
    assert loaded.confidence("zh", "SUPPORTED", 0.9) == pytest.approx(
        curves.confidence("zh", "SUPPORTED", 0.9), abs=1e-4
    )
    path.write_text('{"version": "x"}')  # an artifact trained again, not yet calibrated
    assert VerdictCalibration.load(path) is None


def test_label_weights_rescale_each_passage_and_only_for_their_language():
    weights = LabelWeights({"zh": (2.0, 1.0)})
    proba = np.array([[0.3, 0.1, 0.6], [0.0, 0.0, 1.0]])
    scaled = weights(proba, "zh")
    assert scaled[0] == pytest.approx([0.6 / 1.3, 0.1 / 1.3, 0.6 / 1.3])
    assert scaled[1] == pytest.approx([0.0, 0.0, 1.0])  # certain silence stays silence
    assert weights(proba, "en") is proba


def test_label_weights_can_turn_a_hesitant_passage_into_a_stance():
    claim = claim_of("The plant opened in 2019.")
    passage = evidence_passage(1, "The plant opened in 2019, the company said.")

    def label(silent: bool, factors: tuple[float, float] | None) -> Label:
        read = PassageReadings([passage], [""], np.array([[0.4, 0.1, 0.5]]), np.array([silent]))
        found = classified_verdict(
            claim,
            read,
            weights=PublisherWeights({}, 1.0),
            verifier="t",
            label_weights=LabelWeights({"en": factors}) if factors else None,
        )
        return found.label

    assert (label(False, None), label(False, (1.7, 1.0))) == (N, S)
    assert label(True, (9.0, 9.0)) == N  # silent evidence never takes a stance


def test_label_weights_round_trip_through_the_artifacts_json(tmp_path):
    path = tmp_path / "model.json"
    weights = LabelWeights({"zh": (1.7, 1.4), "en": (1.2, 1.0)})
    path.write_text(json.dumps({KEY: {"label_weights": weights.to_json(), "curves": {}}}))
    assert LabelWeights.load(path) == weights
    path.write_text(json.dumps({KEY: {"curves": {}}}))  # calibrated before label weights
    assert LabelWeights.load(path) is None


DEV_SETS = ["chef", "ocnli", "covidfact"]


@pytest.fixture(scope="module", params=["trained", "encoder", "ensemble"])
def shipped(request):
    from factcheck import registry
    from factcheck.config import Settings

    return registry.create("verifier", request.param, Settings())


@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared/eval is absent")
@pytest.mark.parametrize("name", DEV_SETS)
def test_the_shipped_calibration_lowers_the_error_on_dev_claims(shipped, name, request):
    """Dev claims (never trained or calibrated on): the calibrated confidences are closer
    to the rate of right verdicts than the raw ones."""
    if (shipped.name, name) == ("trained", "covidfact"):
        request.applymarker(
            pytest.mark.xfail(
                strict=True,
                reason="a known limit: the pair classifier reads COVIDFact closer to its rate "
                "of right verdicts than the other English sets, and its curves are per "
                "language (ECE 0.155 raw, 0.169 calibrated; fitted again, 0.196)",
            )
        )
    _, records = split_records(read_dataset(SHARED / "eval" / name).records, "dev")
    chosen = sample(records, 150)
    curves = shipped.calibration
    assert curves is not None, "the shipped artifact carries its curves"
    shipped.calibration = None
    claims = [claim_for(r) for r in chosen]
    items = [(claim, gold_evidence(r)) for claim, r in zip(claims, chosen, strict=True)]
    try:
        raw = shipped.verify_many(items)
    finally:
        shipped.calibration = curves
    calibrated = [curves(v, c.language) for v, c in zip(raw, claims, strict=True)]
    right = [v.label == r.label for v, r in zip(raw, chosen, strict=True)]
    before = expected_calibration_error([raw_confidence(v) for v in raw], right)
    after = expected_calibration_error([v.confidence for v in calibrated], right)
    assert after < before, (name, before, after)
    assert all(0 < v.confidence < 1 for v in calibrated)


@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared/eval is absent")
def test_the_shipped_label_weights_raise_macro_f1_on_chinese_dev_claims(shipped):
    """CHEF and OCNLI dev claims (never trained or calibrated on): verdicts read with the
    shipped label weights score a higher macro-F1 than the model's plain reading."""
    assert shipped.label_weights is not None, "the shipped artifact carries label weights"
    chosen = [
        record
        for name in ("chef", "ocnli")
        for record in sample(
            split_records(read_dataset(SHARED / "eval" / name).records, "dev")[1], 150
        )
    ]
    claims = [claim_for(r) for r in chosen]
    reads = shipped.read_many([(c, gold_evidence(r)) for c, r in zip(claims, chosen, strict=True)])
    gold = [r.label for r in chosen]

    def score(label_weights) -> float:
        found = [
            classified_verdict(
                claim, read, weights=shipped.weights, verifier="t", label_weights=label_weights
            ).label
            for claim, read in zip(claims, reads, strict=True)
        ]
        return macro_f1(gold, found)

    assert score(shipped.label_weights) > score(None)
