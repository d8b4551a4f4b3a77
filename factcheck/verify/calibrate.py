"""Fit a trained verifier's label weights and verdict calibration on the claims its models
held out of training.

    python -m factcheck.verify.calibrate encoder        # or: trained, ensemble

For each shared set (``--data``, ../shared/eval by default) it takes the training claims
that both models' training held out for calibration (`trained.data.held_out`), at most
``--cap`` a set, and has the verifier read each against its gold evidence once. Every set
weighs the same and, within a set, every gold label: the label mix of a set's held-back
claims is not known (CHEF's training claims are 10% NOT_ENOUGH_INFO, its dev claims a
third), and neither step should assume the training mix. First the `LabelWeights`: per
language, the factors for SUPPORTED and REFUTED from ``GRID`` with the highest mean (over
the language's sets) label-balanced macro-F1, ties to the factors nearest 1. Then
`VerdictCalibration`, fitted on the verdicts those factors give (those that rest on no
passage on every training claim without evidence: `without_evidence`). Both go into the
artifact's JSON under "verdict_calibration", with the claims used, the macro-F1 before and
after the factors, and the expected calibration error per set and language, raw and
calibrated (5-fold: each fold's confidences from curves fitted on the other four;
unweighted; a held-out claim without evidence is also among those its fold's curve for such
verdicts was fitted on). Run it again after retraining: training rewrites the JSON without
them (the ensemble's JSON, `ensemble.ARTIFACT_JSON`, also records the models' versions).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from factcheck.evaluation.datasets import EvalRecord, read_dataset, sample, split_records
from factcheck.evaluation.evaluators.base import claim_for
from factcheck.evaluation.evaluators.evidence import gold_evidence
from factcheck.evaluation.metrics import expected_calibration_error
from factcheck.files import write_atomic
from factcheck.models import Claim, Label, Verdict
from factcheck.verify.calibration import (
    KEY,
    UNREAD,
    CalibrationVerdict,
    LabelWeights,
    VerdictCalibration,
    kind_of,
    raw_confidence,
)
from factcheck.verify.ensemble import EnsembleVerifier
from factcheck.verify.probabilities import PassageReadings, ReadingVerifier, classified_verdict
from factcheck.verify.trained.data import SETS, held_out

FOLDS = 5
SET_WEIGHT = 1000.0  # the summed weight of each set's claims
GRID = (0.5, 0.7, 0.85, 1.0, 1.2, 1.4, 1.7, 2.0, 2.5)  # the factors tried for S and for R


def build(verifier: str) -> tuple[ReadingVerifier, Path, int]:
    """The verifier with its label weights and calibration off, its artifact's JSON and that
    JSON's indent."""
    found: ReadingVerifier
    if verifier == "trained":
        from factcheck.verify.trained import TrainedVerifier

        found = TrainedVerifier()
        artifact_json, indent = found.classifier.artifact.with_suffix(".json"), 2
    elif verifier == "encoder":
        from factcheck.verify.encoder import EncoderVerifier

        found = EncoderVerifier()
        artifact_json, indent = found.artifact.with_suffix(".json"), 1
    else:
        found = EnsembleVerifier()
        artifact_json, indent = found.artifact_json, 2
    found.label_weights, found.calibration = None, None
    return found, artifact_json, indent


@dataclass(frozen=True)
class HeldOut:
    """One training claim as the model read it (held out, or without evidence: `without_evidence`),
    with its weight in the fits."""

    set: str
    record: EvalRecord
    claim: Claim
    read: PassageReadings
    weight: float


def label_balanced(records: list[EvalRecord]) -> dict[Label, float]:
    """Each gold label's weight a claim: the records weigh ``SET_WEIGHT`` in all, each
    label the same share of it."""
    golds = Counter(r.label for r in records)
    return {label: SET_WEIGHT / len(golds) / count for label, count in golds.items()}


def read_held_out(verifier: ReadingVerifier, data: Path, cap: int) -> list[HeldOut]:
    """The held-out claims of every set, each read once; each set weighing the same."""
    held = []
    for name in SETS:
        _, records = split_records(read_dataset(data / name).records, "train")
        chosen = sample([r for r in records if held_out(r.claim)], cap)
        claims = [claim_for(r) for r in chosen]
        reads = verifier.read_many(
            [(c, gold_evidence(r)) for c, r in zip(claims, chosen, strict=True)]
        )
        weight = label_balanced(chosen)
        for record, claim, read in zip(chosen, claims, reads, strict=True):
            held.append(HeldOut(name, record, claim, read, weight[record.label]))
        print(f"{name}: {len(chosen)} claims", flush=True)
    return held


def without_evidence(data: Path) -> list[HeldOut]:
    """Every training claim with no gold evidence, with the reading any verifier gives it:
    none. Its verdict (NOT_ENOUGH_INFO resting on no passage, the ``UNREAD`` kind) owes
    nothing to the model, so how often it is right is measured on all of them, not only on
    the claims the models held out (CHEF: 1,552 claims, not 161). Weighted as the held-out
    claims are, over the set's training claims."""
    found = []
    for name in SETS:
        _, records = split_records(read_dataset(data / name).records, "train")
        weight = label_balanced(records)
        found += [
            HeldOut(name, r, claim_for(r), PassageReadings.none(), weight[r.label])
            for r in records
            if not gold_evidence(r)
        ]
    return found


def verdicts_of(
    verifier: ReadingVerifier, held: list[HeldOut], label_weights: LabelWeights | None
) -> list[Verdict]:
    return [
        classified_verdict(
            h.claim,
            h.read,
            weights=verifier.weights,
            verifier=verifier.name,
            label_weights=label_weights,
        )
        for h in held
    ]


def macro_f1(held: list[HeldOut], verdicts: list[Verdict]) -> dict[str, float]:
    """Label-balanced macro-F1 of each set (over the gold labels present)."""
    from sklearn.metrics import f1_score

    out = {}
    for name in dict.fromkeys(h.set for h in held):
        mine = [(h, v) for h, v in zip(held, verdicts, strict=True) if h.set == name]
        gold = [str(h.record.label) for h, _ in mine]
        out[name] = round(
            float(
                f1_score(
                    gold,
                    [str(v.label) for _, v in mine],
                    labels=sorted(set(gold)),
                    average="macro",
                    sample_weight=[h.weight for h, _ in mine],
                    zero_division=0,
                )
            ),
            4,
        )
    return out


def fit_label_weights(verifier: ReadingVerifier, held: list[HeldOut]) -> LabelWeights:
    """Per language, the grid's factors with the best mean macro-F1 over its sets."""
    factors = {}
    for language in dict.fromkeys(h.record.lang for h in held):
        mine = [h for h in held if h.record.lang == language]

        def merit(pair: tuple[float, float], mine=mine, language=language) -> tuple:
            weights = LabelWeights({language: pair})
            found = macro_f1(mine, verdicts_of(verifier, mine, weights))
            nearness = -abs(np.log(pair[0])) - abs(np.log(pair[1]))
            return (round(float(np.mean(list(found.values()))), 4), nearness)

        factors[language] = max(((s, r) for s in GRID for r in GRID), key=merit)
    return LabelWeights(factors)


def calibration_verdicts(held: list[HeldOut], verdicts: list[Verdict]) -> list[CalibrationVerdict]:
    return [
        CalibrationVerdict(
            h.record.lang,
            kind_of(v),
            raw_confidence(v),
            v.label == h.record.label,
            weight=h.weight,
        )
        for h, v in zip(held, verdicts, strict=True)
    ]


def fitted(
    verdicts: list[CalibrationVerdict], unread: list[CalibrationVerdict]
) -> VerdictCalibration:
    """The curves of the held-out claims' verdicts, the ``UNREAD`` ones measured on
    ``unread`` (`without_evidence`) instead."""
    return VerdictCalibration.fit([v for v in verdicts if v.kind != UNREAD] + unread)


def cross_validated(
    verdicts: list[CalibrationVerdict], unread: list[CalibrationVerdict]
) -> np.ndarray:
    """Each verdict's calibrated confidence from curves fitted without its fold."""
    fold = np.random.default_rng(0).integers(0, FOLDS, len(verdicts))
    out = np.zeros(len(verdicts))
    for k in range(FOLDS):
        curves = fitted([v for v, f in zip(verdicts, fold, strict=True) if f != k], unread)
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
    parser.add_argument("verifier", choices=["trained", "encoder", "ensemble"])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared eval folder")
    parser.add_argument("--cap", type=int, default=1000, help="claims a set at most")
    args = parser.parse_args(argv)
    verifier, artifact_json, indent = build(args.verifier)
    held = read_held_out(verifier, args.data, args.cap)
    sets = [h.set for h in held]
    f1_before = macro_f1(held, verdicts_of(verifier, held, None))
    label_weights = fit_label_weights(verifier, held)
    found = verdicts_of(verifier, held, label_weights)
    f1_after = macro_f1(held, found)
    verdicts = calibration_verdicts(held, found)
    unheld = without_evidence(args.data)
    unread = calibration_verdicts(unheld, verdicts_of(verifier, unheld, label_weights))
    before = errors(verdicts, sets, [v.raw for v in verdicts])
    after = errors(verdicts, sets, cross_validated(verdicts, unread))
    calibration = fitted(verdicts, unread)
    meta = json.loads(artifact_json.read_text(encoding="utf-8")) if artifact_json.is_file() else {}
    if isinstance(verifier, EnsembleVerifier):
        meta["members"] = verifier.members()  # the calibration holds for these versions only
    meta[KEY] = {
        "label_weights": label_weights.to_json(),
        "curves": calibration.curves_json(),
        "claims": dict(Counter(sets)),
        "claims_without_evidence": dict(Counter(h.set for h in unheld)),
        "macro_f1_before_label_weights": f1_before,
        "macro_f1_with_label_weights": f1_after,
        "ece_raw": before,
        "ece_calibrated_5_fold": after,
    }
    write_atomic(artifact_json, json.dumps(meta, indent=indent, ensure_ascii=False) + "\n")
    print(f"label weights  {label_weights.to_json()}")
    print(f"macro-F1       {f1_before}\n  weighted     {f1_after}")
    print(f"ECE raw        {before}\nECE calibrated {after}\nwritten to {artifact_json}")


if __name__ == "__main__":
    main()
