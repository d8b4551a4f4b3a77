"""The metrics section of MODEL_CARD.md, written from the artifact's JSON."""

from __future__ import annotations

from pathlib import Path

from factcheck.files import replace_metrics_section


def metrics_section(meta: dict) -> str:
    earlier = meta.get("resumed_from")
    resumed = (
        f" (training of version {earlier['version']}, {earlier['pairs']} pairs in "
        f"{earlier['minutes']} minutes, continued with sampling seed {meta['seed']})"
        if earlier
        else ""
    )
    lines = [
        f"Model version {meta['version']}; max length {meta['max_length']}; "
        f"{meta['trained_pairs']} training pairs seen in {meta['train_minutes']} minutes"
        f"{resumed}, the last run at {meta['train_pairs_per_second']} pairs/s; temperature "
        f"{meta['temperature']:.3f}.",
        "",
        "| dev set | lang | n | macro-F1 | accuracy | ECE (15 bins) | majority macro-F1 "
        "| majority accuracy |",
        "|---|---|---|---|---|---|---|---|",
    ]
    dev = meta["dev"]
    for name, r in dev.items():
        if "retrieved" not in name:
            lines.append(
                f"| {name} | {r['lang']} | {r['n']} | {r['macro_f1']:.3f} | {r['accuracy']:.3f} "
                f"| {r['ece']:.3f} | {r['majority_macro_f1']:.3f} | {r['majority_accuracy']:.3f} |"
            )
    lines += [
        "",
        "Retrieved dev variant (related but non-gold evidence, all of which should come out "
        "NOT_ENOUGH_INFO):",
        "",
        "| dev set (retrieved) | lang | n | -> NEI | -> SUPPORTED | -> REFUTED | mean P(NEI) "
        "| ECE |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in dev.items():
        if "retrieved" in name:
            lines.append(
                f"| {name.split(' ')[0]} | {r['lang']} | {r['n']} | {r['nei_rate']:.3f} | "
                f"{r['supported_rate']:.3f} | {r['refuted_rate']:.3f} | {r['mean_p_nei']:.3f} "
                f"| {r['ece']:.3f} |"
            )
    lines += [
        "",
        f"Pair scoring speed (encoding included, 2 threads): "
        f"{meta['inference_pairs_per_second']} pairs/s.",
    ]
    return "\n".join(lines)


def update_card(path: Path, meta: dict) -> None:
    replace_metrics_section(path, metrics_section(meta))
