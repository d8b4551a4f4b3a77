"""The shared training sets as (claim, evidence, label) pairs with deterministic splits.

A pair's evidence may be empty (CHEF): such pairs are evaluated, never trained on.

Each set's own train/dev split is kept where it has one. Sets with a single split are split
by a hash of the (simplified, lower-cased) claim text, so one claim never lands on both sides.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from factcheck.script import to_simplified
from factcheck.verify.trained.model import LABELS

_STANCE = {
    "SUPPORTS": "SUPPORTED",
    "SUPPORT": "SUPPORTED",
    "REFUTES": "REFUTED",
    "CONTRADICT": "REFUTED",
    "NOT_ENOUGH_INFO": "NOT_ENOUGH_INFO",
}

# name -> (language, licence as stated in shared/eval/README.md, how pairs are built)
SETS: dict[str, tuple[str, str, str]] = {
    "chef": ("zh", "none stated", "claim + the five gold snippets joined (a fifth are empty)"),
    "ocnli": ("zh", "none stated", "hypothesis + premise (dev only: hash split)"),
    "scifact": (
        "en",
        "CC BY 4.0 claims, ODC-By abstracts",
        "one pair per rationale or cited abstract",
    ),
    "check_covid": ("en", "MIT", "claim + its abstract sentences joined"),
    "climate_fever": (
        "en",
        "none stated",
        "one pair per evidence sentence with its own stance (hash split)",
    ),
    "fever_symmetric": (
        "en",
        "CC BY-SA 3.0",
        "claim + one Wikipedia sentence (dev only: hash split)",
    ),
    "covidfact": ("en", "none stated", "claim + its retrieved sentences joined"),
}
DEV_SHARE = 0.25
# The training claims both trained models hold out, to calibrate on (`held_out`): the same
# claims for both, so that their ensemble (`factcheck.verify.ensemble`) is calibrated on
# claims neither model saw. The salt's name is historical (the encoder held them out first).
HELD_OUT_SALT = "encoder-calibration"
HELD_OUT_SHARE = 0.10


@dataclass(frozen=True)
class Pair:
    """One labelled (claim, evidence) pair."""

    dataset: str
    lang: str
    claim: str
    evidence: str
    label: str
    split: str  # "train" or "dev"
    kind: str = "gold"  # or "retrieved": related non-gold evidence labelled NEI (negatives.py)


def claim_bucket(claim: str, salt: str = "") -> float:
    """A stable number in [0, 1) from the claim text (script- and case-insensitive)."""
    key = (salt + to_simplified(claim).strip().lower()).encode("utf-8")
    return int(hashlib.sha1(key).hexdigest()[:8], 16) / 16**8


def held_out(claim: str) -> bool:
    """Whether a training claim is held out of training, to calibrate on."""
    return claim_bucket(claim, HELD_OUT_SALT) < HELD_OUT_SHARE


def _split(record: dict) -> str | None:
    if record["dataset_single_split"]:
        return "dev" if claim_bucket(record["claim"]) < DEV_SHARE else "train"
    return record["split"] if record["split"] in ("train", "dev") else None  # test: left alone


def _pairs(name: str, record: dict) -> list[tuple[str, str]]:
    """(evidence text, label) pairs built from one record."""
    label, evidence = record["label"], record["evidence"]
    if name in ("scifact", "climate_fever"):
        return [
            (e["text"], _STANCE.get(e.get("stance") or "NOT_ENOUGH_INFO", "NOT_ENOUGH_INFO"))
            for e in evidence
        ]
    text = " ".join(e["text"].strip() for e in evidence).strip()
    return [(text, label)] if label in LABELS else []


def load_pairs(root: Path, names: list[str]) -> list[Pair]:
    """All train and dev pairs of the named sets under ``root`` (shared/eval)."""
    out: list[Pair] = []
    for name in names:
        lang = SETS[name][0]
        records = [
            json.loads(line) for line in (root / name / "claims.jsonl").open(encoding="utf-8")
        ]
        single = len({r["split"] for r in records}) == 1
        for record in records:
            split = _split({**record, "dataset_single_split": single})
            if split is None:
                continue
            for evidence, label in _pairs(name, record):
                out.append(Pair(name, lang, record["claim"], evidence, label, split))
    return out
