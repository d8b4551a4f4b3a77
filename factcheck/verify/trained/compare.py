"""Compare the verifiers (rules, trained, hybrid) on the dev splits, and tune the hybrid's
classifier thresholds.

    python -m factcheck.verify.trained.compare [--per-set 80]

Every dev claim becomes a claim record (`claim_from_text`: numbers, dates and names parsed as
for an article) and its evidence is cut into chunks of about 500 characters (at most five,
like the pipeline's top-5), in two variants: its gold evidence (gold label), and related
but non-gold evidence from `negatives.py` (should be NOT_ENOUGH_INFO). The sample is split
in two halves by a hash of the claim: the hybrid's thresholds are chosen on half A (best mean
macro-F1 over gold and retrieved pairs, with at most 5% REFUTED on retrieved evidence) and
every figure is reported on half B.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

import numpy as np

from factcheck.extract.building import claim_from_text
from factcheck.models import Evidence, EvidenceChunk
from factcheck.verify.trained.data import SETS, claim_bucket, load_pairs
from factcheck.verify.trained.embed import Embedder
from factcheck.verify.trained.metrics import macro_f1
from factcheck.verify.trained.negatives import negative_pairs
from factcheck.verify.trained.text import split_sentences
from factcheck.verify.trained.train import CACHE, DATA

LABELS = ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO", "CONFLICTING")
CHUNK = 500
SUPPORT_GRID = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
REFUTE_GRID = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.01)
MAX_FALSE_REFUTE = 0.05


def chunks(text: str, name: str) -> list[Evidence]:
    """Evidence text cut into at most five chunks of about CHUNK characters."""
    out, current = [], ""
    for sentence in split_sentences(text):
        if current and len(current) + len(sentence) > CHUNK:
            out.append(current)
            current = ""
        current = f"{current} {sentence}".strip()
    if current:
        out.append(current)
    return [
        Evidence(chunk=EvidenceChunk(id=f"{name}-{i}", document_id=f"{name}-{i}", text=t), score=1)
        for i, t in enumerate(out[:5])
    ]


def sample(per_set: int, names: list[str]) -> list[dict]:
    pairs = [p for p in load_pairs(DATA, names) if p.split == "dev"]
    negatives = negative_pairs(DATA, pairs, Embedder(CACHE))
    items = []
    for name in names:
        for kind, pool in (("gold", pairs), ("retrieved", negatives)):
            mine = [p for p in pool if p.dataset == name and p.evidence.strip()]
            mine = [p for p in mine if p.label in LABELS[:3]]
            for p in mine[:: max(1, len(mine) // per_set)][:per_set]:
                items.append(
                    {
                        "set": name,
                        "kind": kind,
                        "claim": p.claim,
                        "evidence": p.evidence,
                        "label": p.label,
                        "half": "A" if claim_bucket(p.claim, "hybrid") < 0.5 else "B",
                    }
                )
    return items


def score(items: list[dict], predicted: list[str]) -> dict[str, dict]:
    """Per set: gold macro-F1 and accuracy, retrieved -> NEI and -> REFUTED rates, and the
    macro-F1 over gold and retrieved together."""
    out = {}
    for name in dict.fromkeys(i["set"] for i in items):
        rows = [k for k, i in enumerate(items) if i["set"] == name]
        gold = [k for k in rows if items[k]["kind"] == "gold"]
        neg = [k for k in rows if items[k]["kind"] == "retrieved"]

        def arr(ks, source):
            return np.array([LABELS.index(source[k]) for k in ks])

        y, p = arr(gold, [i["label"] for i in items]), arr(gold, predicted)
        ya, pa = arr(rows, [i["label"] for i in items]), arr(rows, predicted)
        out[name] = {
            "n_gold": len(gold),
            "n_retrieved": len(neg),
            "gold_macro_f1": macro_f1(y, p) if len(gold) else float("nan"),
            "gold_accuracy": float(np.mean(y == p)) if len(gold) else float("nan"),
            "retrieved_nei": float(np.mean([predicted[k] == "NOT_ENOUGH_INFO" for k in neg])),
            "retrieved_refuted": float(np.mean([predicted[k] == "REFUTED" for k in neg])),
            "all_macro_f1": macro_f1(ya, pa),
        }
    return out


def main(argv: list[str] | None = None) -> None:
    from factcheck.evidence.embeddings import load_embeddings
    from factcheck.verify.hybrid import HybridVerifier
    from factcheck.verify.trained import TrainedVerifier

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-set", type=int, default=80, help="pairs per set and variant")
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    items = sample(args.per_set, args.sets)
    hybrid = HybridVerifier(load_embeddings("use-multilingual"))
    trained = TrainedVerifier(hybrid.classifier)
    predictions: dict[str, list[str]] = {"rules": [], "trained": []}
    readings = []
    for n, item in enumerate(items):
        claim = claim_from_text(item["claim"])
        evidence = chunks(item["evidence"], f"e{n}")
        reading = hybrid.read(claim, evidence)
        readings.append((claim, reading, len(evidence)))
        predictions["rules"].append(hybrid.rules.verify(claim, evidence).label.value)
        predictions["trained"].append(trained.verify(claim, evidence).label.value)
    print(f"read {len(items)} pairs in {time.perf_counter() - started:.0f}s", flush=True)

    def hybrid_labels(support: float, refute: float) -> list[str]:
        return [
            hybrid.decide(c, r, n, support=support, refute=refute).label.value
            for c, r, n in readings
        ]

    tune = [k for k, i in enumerate(items) if i["half"] == "A"]
    report = [k for k, i in enumerate(items) if i["half"] == "B"]
    best, best_value = None, -1.0
    for support, refute in itertools.product(SUPPORT_GRID, REFUTE_GRID):
        labels = hybrid_labels(support, refute)
        result = score([items[k] for k in tune], [labels[k] for k in tune])
        false_refute = np.mean([r["retrieved_refuted"] for r in result.values()])
        value = float(np.mean([r["all_macro_f1"] for r in result.values()]))
        if false_refute <= MAX_FALSE_REFUTE and value > best_value:
            best, best_value = (support, refute), value
    assert best is not None
    print(f"hybrid thresholds chosen on half A: support {best[0]}, refute {best[1]}")
    predictions["hybrid"] = hybrid_labels(*best)
    predictions[f"hybrid (shipped {hybrid.support}/{hybrid.refute})"] = hybrid_labels(
        hybrid.support, hybrid.refute
    )
    figures = {
        name: score([items[k] for k in report], [labels[k] for k in report])
        for name, labels in predictions.items()
    }
    print(
        "| verifier | set | gold n | gold macro-F1 | gold acc | retrieved n | -> NEI "
        "| -> REFUTED | macro-F1 gold+retrieved |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, per_set in figures.items():
        for set_name, r in per_set.items():
            print(
                f"| {name} | {set_name} | {r['n_gold']} | {r['gold_macro_f1']:.3f} | "
                f"{r['gold_accuracy']:.3f} | {r['n_retrieved']} | {r['retrieved_nei']:.3f} | "
                f"{r['retrieved_refuted']:.3f} | {r['all_macro_f1']:.3f} |"
            )
        mean = {k: np.mean([r[k] for r in per_set.values()]) for k in next(iter(per_set.values()))}
        print(
            f"| {name} | **mean** | | {mean['gold_macro_f1']:.3f} | {mean['gold_accuracy']:.3f} "
            f"| | {mean['retrieved_nei']:.3f} | {mean['retrieved_refuted']:.3f} | "
            f"{mean['all_macro_f1']:.3f} |"
        )
    if args.out:
        args.out.write_text(json.dumps({"thresholds": best, "figures": figures}, indent=1))
    print(f"total {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
