"""Train the pair classifier on the shared sets and write its artifact and model-card metrics.

    python -m factcheck.verify.trained.train [--out PATH] [--sets chef ocnli ...]

Steps: load the sets as pairs (`data`), featurize them (USE vectors cached under
``.factcheck/cache``), hold out the training claims kept for calibration (10%,
`data.held_out`, the same as the encoder's), fit two PCA projections and a gradient-boosting
classifier on the rest with per-set balanced class weights, fit a temperature and class bias
on the held-out part, then report per-set dev metrics and the end-to-end speed.
Deterministic: fixed seeds and hash-based splits. The verdicts' label weights and
calibration are a second step, on the same held-out claims:
``python -m factcheck.verify.calibrate trained``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from sklearn.decomposition import PCA
from sklearn.ensemble import HistGradientBoostingClassifier

from factcheck.files import replace_metrics_section
from factcheck.verify.trained.data import SETS, Pair, held_out, load_pairs
from factcheck.verify.trained.embed import Embedder
from factcheck.verify.trained.features import PairFeatures, featurize
from factcheck.verify.trained.metrics import summary
from factcheck.verify.trained.model import (
    ARTIFACT,
    CLAIM_BLOCK,
    LABELS,
    PAIR_BLOCK,
    Forest,
    Model,
    PairClassifier,
    Projection,
    reduce,
    softmax,
)
from factcheck.verify.trained.negatives import negative_pairs

VERSION = "1.2.0"
ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT.parent / "shared" / "eval"
CACHE = ROOT / ".factcheck" / "cache"
CARD = Path(__file__).parent / "MODEL_CARD.md"
TREES = {
    "max_iter": 300,
    "learning_rate": 0.06,
    "max_leaf_nodes": 31,
    "l2_regularization": 1.0,
    "early_stopping": False,
    "random_state": 0,
}
PCA_DIMS = {"pair": 48, "claim": 16}
SPEED_PAIRS = 300


def weights(pairs: list[Pair], y: np.ndarray) -> np.ndarray:
    """Balanced classes within each set; each set weighs in proportion to sqrt(its size).

    A set's NOT_ENOUGH_INFO negatives (`negatives.py`) count as a set of their own, so they
    neither swamp nor unbalance the set's gold pairs."""
    names = np.array([f"{p.dataset}/{p.kind}" for p in pairs])  # negatives weigh as a set
    w = np.zeros(len(y))
    for name in np.unique(names):
        in_set = names == name
        present = np.unique(y[in_set])
        for label in present:
            cell = in_set & (y == label)
            w[cell] = np.sqrt(in_set.sum()) / len(present) / cell.sum()
    return w / w.mean()


def export_forest(clf: HistGradientBoostingClassifier) -> Forest:
    """Flatten sklearn's fitted trees into numpy node arrays."""
    parts, roots, classes, offset = [], [], [], 0
    for round_trees in clf._predictors:
        for k, tree in enumerate(round_trees):
            nodes = tree.nodes
            parts.append(nodes)
            roots.append(offset)
            classes.append(k)
            offset += len(nodes)
    nodes = np.concatenate(parts)
    shift = np.repeat(roots, [len(p) for p in parts])
    return Forest(
        feature=nodes["feature_idx"].astype(np.int32),
        threshold=nodes["num_threshold"].astype(np.float64),
        left=(nodes["left"] + shift).astype(np.int32),
        right=(nodes["right"] + shift).astype(np.int32),
        value=nodes["value"].astype(np.float64),
        is_leaf=nodes["is_leaf"].astype(bool),
        roots=np.array(roots, dtype=np.int32),
        tree_class=np.array(classes, dtype=np.int32),
        baseline=np.asarray(clf._baseline_prediction, dtype=np.float64).ravel(),
    )


def calibrate(logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Temperature and per-class bias minimising the (unweighted) log-loss on held-out pairs.

    Unweighted, so probabilities follow the sets' natural class mix: this gave lower ECE on
    the dev splits than calibrating with the balanced training weights, at equal macro-F1.
    """

    def loss(params: np.ndarray) -> float:
        proba = softmax(logits / np.exp(params[0]) + params[1:])
        return float(-np.mean(np.log(proba[np.arange(len(y)), y] + 1e-12)))

    best = minimize(
        loss,
        np.zeros(1 + len(LABELS)),
        method="Nelder-Mead",
        options={"maxiter": 4000, "xatol": 1e-4, "fatol": 1e-7},
    )
    return float(np.exp(best.x[0])), best.x[1:] - best.x[1:].mean()


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, calib: np.ndarray) -> Model:
    """PCA and trees on the non-calibration rows, calibration on the rest."""
    rows = ~calib
    pca = {
        name: PCA(PCA_DIMS[name], random_state=0).fit(x[rows][:, block])
        for name, block in (("pair", PAIR_BLOCK), ("claim", CLAIM_BLOCK))
    }
    proj = {
        name: Projection(p.mean_.astype(np.float32), p.components_.astype(np.float32))
        for name, p in pca.items()
    }
    z = reduce(x, proj["claim"], proj["pair"])
    clf = HistGradientBoostingClassifier(**TREES).fit(z[rows], y[rows], sample_weight=w[rows])
    forest = export_forest(clf)
    if not np.allclose(forest.logits(z[:200]), clf._raw_predict(z[:200]), atol=1e-6):
        raise AssertionError("exported trees disagree with sklearn")
    temperature, bias = calibrate(forest.logits(z[calib]), y[calib])
    return Model(VERSION, proj["claim"], proj["pair"], forest, temperature, bias)


def evaluate(model: Model, pairs: list[Pair], x: np.ndarray, y: np.ndarray) -> dict[str, dict]:
    """Per-set dev metrics on pairs with evidence, and on all pairs where some have none."""
    has_evidence = np.array([bool(p.evidence.strip()) for p in pairs])
    gold = np.array([p.kind == "gold" for p in pairs])
    proba = PairClassifier.from_model(model).predict_features(PairFeatures(x, [""] * len(x)))
    results: dict[str, dict] = {}
    names = np.array([p.dataset for p in pairs])
    for name in dict.fromkeys(p.dataset for p in pairs):
        rows = (names == name) & has_evidence & gold
        results[name] = {"lang": SETS[name][0], **summary(y[rows], proba[rows])}
        if ((names == name) & gold).sum() > rows.sum():
            everything = (names == name) & gold
            results[f"{name} (all, empty->NEI)"] = {
                "lang": SETS[name][0],
                **summary(y[everything], proba[everything]),
            }
    for name in dict.fromkeys(p.dataset for p in pairs):
        rows = (names == name) & ~gold
        if rows.any():
            results[f"{name} (retrieved)"] = retrieved_summary(SETS[name][0], proba[rows])
    return results


def retrieved_summary(lang: str, proba: np.ndarray) -> dict:
    """On related-but-silent evidence every answer should be NOT_ENOUGH_INFO."""
    pred = proba.argmax(axis=1)
    y = np.full(len(pred), LABELS.index("NOT_ENOUGH_INFO"))
    return {
        "lang": lang,
        "n": int(len(pred)),
        "nei_rate": float(np.mean(pred == y)),
        "supported_rate": float(np.mean(pred == LABELS.index("SUPPORTED"))),
        "refuted_rate": float(np.mean(pred == LABELS.index("REFUTED"))),
        "mean_p_nei": float(proba[:, -1].mean()),
        "ece": summary(y, proba)["ece"],
    }


def speed(model: Model, pairs: list[Pair]) -> float:
    """Pairs per second, end to end (fresh embedder: no cache), on a sample of dev pairs."""
    sample = [p for p in pairs if p.evidence.strip() and p.kind == "gold"][
        :: max(1, len(pairs) // SPEED_PAIRS)
    ][:SPEED_PAIRS]
    clf = PairClassifier.from_model(model, Embedder())
    clf.predict_proba(["warm up"], ["warm up the encoder."])
    start = time.perf_counter()
    for i in range(0, len(sample), 32):
        batch = sample[i : i + 32]
        clf.predict_proba([p.claim for p in batch], [p.evidence for p in batch])
    return len(sample) / (time.perf_counter() - start)


def card_section(results: dict[str, dict], rate: float, meta: dict) -> str:
    """The metrics part of MODEL_CARD.md."""
    lines = [
        f"Model version {meta['version']}; {meta['train_pairs']} training pairs, "
        f"{meta['negative_train_pairs']} of them related-but-silent NOT_ENOUGH_INFO pairs; "
        f"{meta['calibration_pairs']} pairs, of the held-out claims, kept for calibration; "
        f"temperature {meta['temperature']:.3f}, "
        f"class bias {', '.join(f'{b:+.3f}' for b in meta['bias'])}.",
        "",
        "| dev set | lang | n | macro-F1 | accuracy | ECE (15 bins) | majority macro-F1 "
        "| majority accuracy |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        if "retrieved" in name:
            continue
        lines.append(
            f"| {name} | {r['lang']} | {r['n']} | {r['macro_f1']:.3f} | {r['accuracy']:.3f} | "
            f"{r['ece']:.3f} | {r['majority_macro_f1']:.3f} | {r['majority_accuracy']:.3f} |"
        )
    lines += [
        "",
        "Retrieved dev variant: the dev claims with related but non-gold evidence "
        "(`negatives.py`), all of which should come out NOT_ENOUGH_INFO.",
        "",
        "| dev set (retrieved) | lang | n | -> NEI | -> SUPPORTED | -> REFUTED | mean P(NEI) "
        "| ECE |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        if "retrieved" not in name:
            continue
        lines.append(
            f"| {name.split(' ')[0]} | {r['lang']} | {r['n']} | {r['nei_rate']:.3f} | "
            f"{r['supported_rate']:.3f} | {r['refuted_rate']:.3f} | {r['mean_p_nei']:.3f} | "
            f"{r['ece']:.3f} |"
        )
    lines += [
        "",
        f"End-to-end speed (features + prediction, no embedding cache, 2 threads): "
        f"{rate:.0f} claim-evidence pairs/s.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ARTIFACT, help="artifact path, without suffix")
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    parser.add_argument("--data", type=Path, default=DATA, help="the shared eval folder")
    parser.add_argument("--card", default=str(CARD), help="model card to update ('' for none)")
    parser.add_argument(
        "--gold-only", action="store_true", help="no related-but-silent NEI pairs (version 1.0)"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    pairs = load_pairs(args.data, args.sets)
    embedder = Embedder(CACHE)
    if not args.gold_only:
        negatives = negative_pairs(args.data, pairs, embedder)
        print(
            f"{len(negatives)} NOT_ENOUGH_INFO pairs with related non-gold evidence "
            f"({time.perf_counter() - started:.0f}s)",
            flush=True,
        )
        pairs += negatives
    x = np.vstack(
        [
            featurize(
                [p.claim for p in pairs[i : i + 2000]],
                [p.evidence for p in pairs[i : i + 2000]],
                embedder,
            ).matrix
            for i in range(0, len(pairs), 2000)
        ]
    )
    embedder.save()
    y = np.array([LABELS.index(p.label) for p in pairs])
    print(f"featurized {len(pairs)} pairs in {time.perf_counter() - started:.0f}s", flush=True)

    train = np.array([p.split == "train" and bool(p.evidence.strip()) for p in pairs])
    train_pairs = [p for p, t in zip(pairs, train, strict=True) if t]
    calib = np.array([held_out(p.claim) for p in train_pairs])
    model = fit(x[train], y[train], weights(train_pairs, y[train]), calib)
    print(f"trained in {time.perf_counter() - started:.0f}s", flush=True)

    dev = np.array([p.split == "dev" for p in pairs])
    dev_pairs = [p for p, d in zip(pairs, dev, strict=True) if d]
    results = evaluate(model, dev_pairs, x[dev], y[dev])
    rate = speed(model, dev_pairs)
    meta = {
        "version": VERSION,
        "sets": args.sets,
        "train_pairs": int(train.sum()),
        "negative_train_pairs": int(
            sum(t and p.kind != "gold" for p, t in zip(pairs, train, strict=True))
        ),
        "calibration_pairs": int(calib.sum()),
        "temperature": model.temperature,
        "bias": model.bias.tolist(),
    }
    model.save(
        args.out,
        {
            "sets": args.sets,
            "negative_train_pairs": meta["negative_train_pairs"],
            "trees": TREES,
            "pca": PCA_DIMS,
            "dev": results,
            "pairs_per_second": rate,
        },
    )
    print(json.dumps(results, indent=1))
    print(f"speed: {rate:.0f} pairs/s; total {time.perf_counter() - started:.0f}s")
    if args.card:
        replace_metrics_section(Path(args.card), card_section(results, rate, meta))


if __name__ == "__main__":
    main()
