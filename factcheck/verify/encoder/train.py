"""Fine-tune the cross-encoder on the shared sets; calibrate; write the artifact and metrics.

    nice -n 5 python -m factcheck.verify.encoder.train --card factcheck/verify/encoder/MODEL_CARD.md

Steps: load the pairs (`factcheck.verify.trained.data`: the same sets and train/dev split),
add related-but-silent NOT_ENOUGH_INFO pairs (`trained/negatives.py`) and unrelated ones (a
random other claim's evidence), hold out 10% of the training claims (hash with a salt) for
calibration, sample ``--pairs`` training pairs with the trained model's weights (each set by
the square root of its size, classes balanced within a set), train LoRA adapters, the
LayerNorms and the head for ``--max-minutes`` (AdamW; the learning rate warms up and decays
linearly over that time), saving a checkpoint every ``--checkpoint-minutes``. Then fit a
temperature on the held-out claims, save the artifact, and measure dev metrics (never
trained on) into the artifact's JSON and the model card. Sampling and seeds are fixed; how
many pairs are seen depends on the machine's speed. The verdicts' label weights and
calibration are a second step, on the same held-out claims:
``python -m factcheck.verify.calibrate encoder``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch
from scipy.optimize import minimize_scalar

from factcheck.verify.encoder.card import update_card
from factcheck.verify.encoder.inputs import pad
from factcheck.verify.encoder.model import ARTIFACT, LABELS, CrossEncoder, load, save
from factcheck.verify.encoder.scorer import PairScorer, softmax
from factcheck.verify.encoder.tokenizer import load_tokenizer
from factcheck.verify.encoder.weights import load_file
from factcheck.verify.trained.data import (
    HELD_OUT_SHARE,
    SETS,
    Pair,
    claim_bucket,
    held_out,
    load_pairs,
)
from factcheck.verify.trained.metrics import summary
from factcheck.verify.trained.train import CACHE, DATA, retrieved_summary, weights

VERSION = "1.3.0"
CALIBRATION_PAIRS = 1000
RANDOM_SHARE = 0.3  # share of training claims that also get an unrelated passage as NEI
WARMUP = 0.05
DEV_CAP = {"gold": 400, "retrieved": 120}
FIXED_PAIRS = [
    ("The Eiffel Tower is in Paris.", "The Eiffel Tower, completed in 1889, stands in Paris."),
    ("Sora App 上线 5 天下载量突破1000万次", "Sora App 上线不到 5 天，下载量就达到 100 万次。"),
    ("Vitamin C cures the common cold.", "The stock market closed higher on Friday."),
]


def random_negatives(pairs: list[Pair], rng: np.random.Generator) -> list[Pair]:
    """NEI pairs: a share of the training claims with the evidence of a random other claim."""
    gold = [p for p in pairs if p.split == "train" and p.kind == "gold" and p.evidence.strip()]
    claims = list(dict.fromkeys((p.dataset, p.lang, p.claim) for p in gold))
    chosen = rng.choice(len(claims), int(RANDOM_SHARE * len(claims)), replace=False)
    out = []
    for i in sorted(chosen):
        dataset, lang, claim = claims[i]
        other = gold[int(rng.integers(len(gold)))]
        if other.claim != claim:
            out.append(
                Pair(dataset, lang, claim, other.evidence, "NOT_ENOUGH_INFO", "train", "random")
            )
    return out


def all_pairs(data: Path, sets: list[str], negatives: bool) -> list[Pair]:
    pairs = load_pairs(data, sets)
    if negatives:
        from factcheck.verify.trained.embed import Embedder
        from factcheck.verify.trained.negatives import negative_pairs

        pairs += negative_pairs(data, pairs, Embedder(CACHE))
    return pairs + random_negatives(pairs, np.random.default_rng(0))


def batches(encoded: list[list[int]], size: int, rng: np.random.Generator) -> list[list[int]]:
    """Batches of similar length: sorted within windows of 32 batches, windows shuffled."""
    out = []
    window = 32 * size
    for start in range(0, len(encoded), window):
        rows = sorted(
            range(start, min(start + window, len(encoded))), key=lambda i: len(encoded[i])
        )
        group = [rows[i : i + size] for i in range(0, len(rows), size)]
        out += [group[i] for i in rng.permutation(len(group))]
    return out


def learning_rate_share(progress: float) -> float:
    """Linear warm-up over the first WARMUP of the training time, then linear decay to 0.

    The schedule follows the clock, not a step count, so that a run slowed down or paused by
    other work on the machine still ends its time budget with a decayed learning rate."""
    return max(0.0, min(progress / WARMUP, (1.0 - progress) / (1.0 - WARMUP)))


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature minimising the (unweighted) log-loss on held-out pairs."""

    def loss(log_t: float) -> float:
        proba = softmax(logits / np.exp(log_t))
        return float(-np.mean(np.log(proba[np.arange(len(y)), y] + 1e-12)))

    return float(np.exp(minimize_scalar(loss, bounds=(-3, 3), method="bounded").x))


def train(args: argparse.Namespace, pairs: list[Pair], meta: dict) -> CrossEncoder:
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    pool = [p for p in pairs if p.split == "train" and p.evidence.strip() and not held_out(p.claim)]
    y = np.array([LABELS.index(p.label) for p in pool])
    w = weights(pool, y)
    sample = rng.choice(len(pool), args.pairs, p=w / w.sum())
    tok = load_tokenizer()
    if args.resume:
        model, before = load(args.resume)
        model.train()
        meta["resumed_from"] = {
            "version": before["version"],
            "pairs": before["trained_pairs"],
            "minutes": before["train_minutes"],
            "seed": before.get("seed", 0),
        }
    else:
        model = CrossEncoder(load_file(), rank=args.rank)
    scorer = PairScorer(model, tok, args.max_length)
    started = time.perf_counter()
    encoded = [
        e.ids
        for e in scorer.encode([pool[i].claim for i in sample], [pool[i].evidence for i in sample])
    ]
    labels = torch.tensor(y[sample])
    print(
        f"{len(pool)} training pairs; {len(sample)} sampled, encoded in "
        f"{time.perf_counter() - started:.0f}s",
        flush=True,
    )
    plan = batches(encoded, args.batch, rng)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    model.train()
    started = last_save = time.perf_counter()
    budget = 60 * args.max_minutes
    seen, running = 0, []
    for step, rows in enumerate(plan):
        ids, mask = pad([encoded[i] for i in rows], tok.vocabulary.pad)
        loss = torch.nn.functional.cross_entropy(model(ids, mask), labels[rows])
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        for group in optimizer.param_groups:
            group["lr"] = args.lr * learning_rate_share((time.perf_counter() - started) / budget)
        optimizer.step()
        seen += len(rows)
        running.append(float(loss.detach()))
        elapsed = time.perf_counter() - started
        if step % 10 == 0:
            print(
                f"step {step}/{len(plan)} pairs {seen} loss {np.mean(running[-20:]):.4f} "
                f"{seen / elapsed:.2f} pairs/s {elapsed / 60:.1f} min",
                flush=True,
            )
        if time.perf_counter() - last_save > 60 * args.checkpoint_minutes:
            save(
                model,
                args.out,
                {**meta, "temperature": 1.0, "trained_pairs": seen, "checkpoint": True},
            )
            last_save = time.perf_counter()
        if elapsed > budget:
            print(f"time budget reached after {seen} pairs", flush=True)
            break
    earlier = meta.get("resumed_from", {})
    meta["trained_pairs"] = seen + earlier.get("pairs", 0)
    meta["train_minutes"] = round(
        (time.perf_counter() - started) / 60 + earlier.get("minutes", 0), 1
    )
    meta["train_pairs_per_second"] = round(seen / (time.perf_counter() - started), 2)
    model.eval()
    return model


def calibrate(scorer: PairScorer, pairs: list[Pair]) -> float:
    held = [p for p in pairs if p.split == "train" and p.evidence.strip() and held_out(p.claim)]
    held = [held[i] for i in np.random.default_rng(1).permutation(len(held))[:CALIBRATION_PAIRS]]
    logits = scorer.logits(scorer.encode([p.claim for p in held], [p.evidence for p in held]))
    y = np.array([LABELS.index(p.label) for p in held])
    return fit_temperature(logits.astype(np.float64), y)


def fixed_logits(scorer: PairScorer) -> list[dict]:
    encoded = scorer.encode([c for c, _ in FIXED_PAIRS], [e for _, e in FIXED_PAIRS])
    logits = scorer.logits(encoded)
    return [
        {"claim": c, "evidence": e, "logits": [round(float(v), 5) for v in row]}
        for (c, e), row in zip(FIXED_PAIRS, logits, strict=True)
    ]


def _capped(pairs: list[Pair], cap: int) -> list[Pair]:
    """At most ``cap`` pairs, chosen by claim hash (stable, the same for every model)."""
    return sorted(pairs, key=lambda p: (claim_bucket(p.claim, "encoder-dev"), p.evidence))[:cap]


def evaluate(scorer: PairScorer, pairs: list[Pair]) -> dict[str, dict]:
    """Per-set dev metrics: gold pairs with evidence, CHEF with empty evidence as NEI, and
    the retrieved variant (related but silent evidence, all of which should be NEI)."""
    results: dict[str, dict] = {}
    dev = [p for p in pairs if p.split == "dev"]
    nei = LABELS.index("NOT_ENOUGH_INFO")
    for name in dict.fromkeys(p.dataset for p in dev):
        lang = SETS[name][0]
        gold = _capped(
            [p for p in dev if p.dataset == name and p.kind == "gold" and p.evidence.strip()],
            DEV_CAP["gold"],
        )
        proba = scorer.proba(scorer.encode([p.claim for p in gold], [p.evidence for p in gold]))
        y = np.array([LABELS.index(p.label) for p in gold])
        results[name] = {"lang": lang, **summary(y, proba)}
        empty = [
            p for p in dev if p.dataset == name and p.kind == "gold" and not p.evidence.strip()
        ]
        if empty:
            share = len(empty) / (
                len(empty)
                + len(
                    [
                        p
                        for p in dev
                        if p.dataset == name and p.kind == "gold" and p.evidence.strip()
                    ]
                )
            )
            n_empty = round(share / (1 - share) * len(gold))
            y_all = np.concatenate([y, [LABELS.index(p.label) for p in _capped(empty, n_empty)]])
            p_all = np.vstack([proba, np.tile(np.eye(3)[nei], (len(y_all) - len(y), 1))])
            results[f"{name} (all, empty->NEI)"] = {"lang": lang, **summary(y_all, p_all)}
        retrieved = _capped(
            [p for p in dev if p.dataset == name and p.kind == "retrieved"], DEV_CAP["retrieved"]
        )
        if retrieved:
            proba = scorer.proba(
                scorer.encode([p.claim for p in retrieved], [p.evidence for p in retrieved])
            )
            results[f"{name} (retrieved)"] = retrieved_summary(lang, proba)
        print(name, json.dumps(results[name]), flush=True)
    return results


def speed(scorer: PairScorer, pairs: list[Pair], n: int = 200) -> float:
    """Pairs per second, encoding included, on dev gold pairs."""
    dev = [p for p in pairs if p.split == "dev" and p.kind == "gold" and p.evidence.strip()]
    sample = [dev[i] for i in np.random.default_rng(2).permutation(len(dev))[:n]]
    start = time.perf_counter()
    scorer.proba(scorer.encode([p.claim for p in sample], [p.evidence for p in sample]))
    return len(sample) / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ARTIFACT, help="artifact path, no suffix")
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    parser.add_argument("--data", type=Path, default=DATA, help="the shared eval folder")
    parser.add_argument("--pairs", type=int, default=36000, help="pairs sampled (a cap)")
    parser.add_argument("--max-length", type=int, default=192)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=4e-4)
    parser.add_argument("--rank", type=int, default=16, help="LoRA rank")
    parser.add_argument("--max-minutes", type=float, default=57.0, help="training time")
    parser.add_argument("--checkpoint-minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0, help="sampling and initialisation seed")
    parser.add_argument(
        "--resume", type=Path, help="continue training this artifact (its LoRA settings kept)"
    )
    parser.add_argument("--no-negatives", action="store_true", help="skip retrieved NEI pairs")
    parser.add_argument("--evaluate-only", action="store_true", help="re-measure an artifact")
    parser.add_argument("--skip-dev", action="store_true", help="no dev metrics (smoke runs)")
    parser.add_argument("--card", default="", help="model card to update ('' for none)")
    args = parser.parse_args(argv)
    torch.set_num_threads(2)

    started = time.perf_counter()
    pairs = all_pairs(args.data, args.sets, not args.no_negatives)
    print(f"{len(pairs)} pairs loaded in {time.perf_counter() - started:.0f}s", flush=True)
    if args.evaluate_only:
        model, meta = load(args.out)
        scorer = PairScorer(model, load_tokenizer(), meta["max_length"], meta["temperature"])
    else:
        meta = {
            "version": VERSION,
            "sets": args.sets,
            "max_length": args.max_length,
            "seed": args.seed,
            "training": {
                "pairs": args.pairs,
                "batch": args.batch,
                "lr": args.lr,
                "negatives": not args.no_negatives,
                "random_negative_share": RANDOM_SHARE,
                "calibration_share": HELD_OUT_SHARE,
            },
        }
        model = train(args, pairs, meta)
        scorer = PairScorer(model, load_tokenizer(), args.max_length)
        scorer.temperature = meta["temperature"] = calibrate(scorer, pairs)
        meta["fixed_pairs"] = fixed_logits(scorer)
        meta.pop("checkpoint", None)
        save(model, args.out, meta)
        print(f"saved; temperature {scorer.temperature:.3f}", flush=True)
    if not args.skip_dev:
        meta["dev"] = evaluate(scorer, pairs)
        meta["inference_pairs_per_second"] = round(speed(scorer, pairs), 1)
        save(scorer.model, args.out, meta)
        if args.card:
            update_card(Path(args.card), meta)
    print(f"done in {(time.perf_counter() - started) / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
