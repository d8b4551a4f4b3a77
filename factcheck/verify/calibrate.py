"""Fit a trained verifier's verdict calibration on the claims its model held out of training.

    python -m factcheck.verify.calibrate encoder        # or: trained

For each shared set (``--data``, ../shared/eval by default) it takes the training claims
that the model's own training held out for calibration (the ``SALT`` and
``CALIBRATION_SHARE`` of its train.py), at most ``--cap`` a set, verifies each against its
gold evidence with the calibration off, and fits `VerdictCalibration` with each set weighing
the same and, within a set, each gold label: the label mix of a set's held-back claims is
not known (CHEF's training claims are 10% NOT_ENOUGH_INFO, its dev claims a third), and the
calibration should not assume the training mix. The curves go into the artifact's JSON under
"verdict_calibration", with the claims used and the expected calibration error on them per
set and language, raw and calibrated (5-fold: each fold's confidences from curves fitted on
the other four; unweighted). Run it again after retraining: training rewrites the JSON
without the curves.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np

from factcheck.evaluation.datasets import read_dataset, sample, split_records
from factcheck.evaluation.evaluators.base import claim_for
from factcheck.evaluation.evaluators.evidence import gold_evidence
from factcheck.evaluation.metrics import expected_calibration_error
from factcheck.files import write_atomic
from factcheck.verify.calibration import (
    KEY,
    CalibrationVerdict,
    VerdictCalibration,
    kind_of,
    raw_confidence,
)
from factcheck.verify.trained.data import SETS, claim_bucket

FOLDS = 5
SET_WEIGHT = 1000.0  # the summed weight of each set's verdicts


def build(verifier: str):
    """The verifier with its calibration off, its artifact's JSON and that JSON's indent,
    and the salt and share with which its training held claims out."""
    if verifier == "trained":
        from factcheck.verify.trained import TrainedVerifier
        from factcheck.verify.trained.train import CALIBRATION_SHARE, SALT

        found = TrainedVerifier()
        artifact, indent = found.classifier.artifact, 2
    else:
        from factcheck.verify.encoder import EncoderVerifier
        from factcheck.verify.encoder.train import CALIBRATION_SHARE, SALT

        found = EncoderVerifier()
        artifact, indent = found.artifact, 1
    found.calibration = None
    return found, artifact.with_suffix(".json"), indent, (SALT, CALIBRATION_SHARE)


def collect(
    verifier, salt: str, share: float, data: Path, cap: int
) -> tuple[list[CalibrationVerdict], list[str]]:
    """The held-out claims' verdicts, each set weighing the same in all, and their sets."""
    verdicts, sets = [], []
    for name in SETS:
        _, records = split_records(read_dataset(data / name).records, "train")
        chosen = sample([r for r in records if claim_bucket(r.claim, salt) < share], cap)
        items = [(claim_for(r), gold_evidence(r)) for r in chosen]
        found = verifier.verify_many(items)
        golds = Counter(r.label for r in chosen)
        for record, verdict in zip(chosen, found, strict=True):
            verdicts.append(
                CalibrationVerdict(
                    record.lang,
                    kind_of(verdict),
                    raw_confidence(verdict),
                    verdict.label == record.label,
                    weight=SET_WEIGHT / len(golds) / golds[record.label],
                )
            )
            sets.append(name)
        print(f"{name}: {len(chosen)} claims", flush=True)
    return verdicts, sets


def cross_validated(verdicts: list[CalibrationVerdict]) -> np.ndarray:
    """Each verdict's calibrated confidence from curves fitted without its fold."""
    fold = np.random.default_rng(0).integers(0, FOLDS, len(verdicts))
    out = np.zeros(len(verdicts))
    for k in range(FOLDS):
        curves = VerdictCalibration.fit([v for v, f in zip(verdicts, fold, strict=True) if f != k])
        for i in np.flatnonzero(fold == k):
            v = verdicts[i]
            out[i] = curves.confidence(v.language, v.kind, v.raw)
    return out


def errors(verdicts: list[CalibrationVerdict], sets: list[str], confidence) -> dict:
    """Expected calibration error per set and per language."""
    groups = {name: [x == name for x in sets] for name in dict.fromkeys(sets)}
    for lang in dict.fromkeys(v.language for v in verdicts):
        groups[lang] = [v.language == lang for v in verdicts]
    return {
        group: round(
            float(
                expected_calibration_error(
                    [c for c, m in zip(confidence, mask, strict=True) if m],
                    [v.right for v, m in zip(verdicts, mask, strict=True) if m],
                )
            ),
            3,
        )
        for group, mask in groups.items()
    }


def main(argv: list[str] | None = None) -> None:
    from factcheck.verify.trained.train import DATA

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("verifier", choices=["trained", "encoder"])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared eval folder")
    parser.add_argument("--cap", type=int, default=1000, help="claims a set at most")
    args = parser.parse_args(argv)
    verifier, artifact_json, indent, held_out = build(args.verifier)
    verdicts, sets = collect(verifier, *held_out, args.data, args.cap)
    before = errors(verdicts, sets, [v.raw for v in verdicts])
    after = errors(verdicts, sets, cross_validated(verdicts))
    calibration = VerdictCalibration.fit(verdicts)
    meta = json.loads(artifact_json.read_text(encoding="utf-8"))
    meta[KEY] = {
        "curves": calibration.curves_json(),
        "claims": dict(Counter(sets)),
        "ece_raw": before,
        "ece_calibrated_5_fold": after,
    }
    write_atomic(artifact_json, json.dumps(meta, indent=indent, ensure_ascii=False) + "\n")
    print(f"ECE raw        {before}\nECE calibrated {after}\nwritten to {artifact_json}")


if __name__ == "__main__":
    main()
