"""Features of a (claim, evidence) pair that read the evidence, not only the claim.

Two blocks, computed on `to_simplified` text:

* dense: the USE vector of the claim ``u`` and its interactions ``|u-s|, u*s`` with the vector
  ``s`` of the evidence sentence closest to the claim;
* hand: similarities (whole evidence, best sentence, top-2), token and n-gram coverage of the
  claim by the evidence, number agreement, negation, debunk and antonym cues in each side and
  their difference, lengths, an empty-evidence flag and a Chinese flag.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from factcheck.script import to_simplified
from factcheck.verify.trained.cues import antonym_clash, cue_counts
from factcheck.verify.trained.embed import DIM, Embedder
from factcheck.verify.trained.text import char_bigrams, numbers, split_sentences, tokens

HAND_FEATURES = (
    "cos_evidence",
    "cos_best",
    "cos_top2",
    "cos_mean",
    "log_sentences",
    "cover_evidence",
    "cover_best",
    "jaccard_best",
    "gram_cover_evidence",
    "gram_cover_best",
    "log_uncovered",
    "claim_has_number",
    "number_found",
    "number_missing",
    "number_other",
    "neg_claim",
    "neg_best",
    "neg_evidence",
    "neg_diff",
    "neg_mismatch",
    "debunk_claim",
    "debunk_best",
    "debunk_evidence",
    "antonym_best",
    "antonym_evidence",
    "log_claim_chars",
    "log_evidence_chars",
    "empty_evidence",
    "chinese",
)
DENSE_BLOCKS = ("u", "abs_u_s", "u_s")
N_FEATURES = len(DENSE_BLOCKS) * DIM + len(HAND_FEATURES)
MAX_EVIDENCE_CHARS = 4000


@dataclass(frozen=True)
class PairFeatures:
    """Feature matrix of a batch of pairs and each pair's evidence sentence closest to its claim."""

    matrix: np.ndarray
    best_sentences: list[str]


def _grams(text: str, toks: list[str], chinese: bool) -> set[str]:
    if chinese:
        return char_bigrams(text)
    return {f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)}


def _cover(part: set[str], whole: set[str]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def _hand(claim: str, evidence: str, best: str, sims: np.ndarray, n_sent: int) -> list[float]:
    chinese = any("\u3400" <= ch <= "\u9fff" for ch in claim)
    ct, et, bt = tokens(claim), tokens(evidence), tokens(best)
    cs, es, bs = set(ct), set(et), set(bt)
    cg, eg, bg = (
        _grams(claim, ct, chinese),
        _grams(evidence, et, chinese),
        _grams(best, bt, chinese),
    )
    cn, en = numbers(claim), numbers(evidence)
    neg_c, deb_c = cue_counts(claim, chinese)
    neg_b, deb_b = cue_counts(best, chinese)
    neg_e, deb_e = cue_counts(evidence, chinese)
    top = np.sort(sims)[::-1] if len(sims) else np.zeros(1)
    return [
        0.0,  # cos_evidence, filled in from the dense block
        float(top[0]),
        float(top[:2].mean()),
        float(sims.mean()) if len(sims) else 0.0,
        float(np.log1p(n_sent)),
        _cover(cs, es),
        _cover(cs, bs),
        len(cs & bs) / len(cs | bs) if cs | bs else 0.0,
        _cover(cg, eg),
        _cover(cg, bg),
        float(np.log1p(len(cs - es))),
        float(bool(cn)),
        _cover(cn, en),
        float(bool(cn - en)),
        float(bool(cn - en) and bool(en - cn)),
        float(neg_c),
        float(neg_b),
        float(neg_e) / max(n_sent, 1),
        float(neg_c - neg_b),
        float((neg_c > 0) != (neg_b > 0)),
        float(deb_c),
        float(deb_b),
        float(deb_e) / max(n_sent, 1),
        float(antonym_clash(claim, best)),
        float(antonym_clash(claim, evidence)),
        float(np.log1p(len(claim))),
        float(np.log1p(len(evidence))),
        float(not evidence.strip()),
        float(chinese),
    ]


def featurize(claims: list[str], evidences: list[str], embedder: Embedder) -> PairFeatures:
    """Features for pairs ``(claims[i], evidences[i])``; evidence may be empty."""
    if len(claims) != len(evidences):
        raise ValueError("claims and evidences differ in length")
    simple_claims = [to_simplified(c.strip()) for c in claims]
    originals = [split_sentences(e) for e in evidences]
    simple_sents = [[to_simplified(s) for s in sents] for sents in originals]
    flat = [s for sents in simple_sents for s in sents]
    vectors = embedder.encode(simple_claims + flat)
    u, sent_vecs = vectors[: len(claims)], vectors[len(claims) :]

    v = np.zeros_like(u)  # mean evidence vector, for the cos_evidence feature
    s = np.zeros_like(u)
    hand = np.zeros((len(claims), len(HAND_FEATURES)), dtype=np.float32)
    best_sentences: list[str] = []
    start = 0
    for i, sents in enumerate(simple_sents):
        block = sent_vecs[start : start + len(sents)]
        start += len(sents)
        sims = block @ u[i] if len(sents) else np.zeros(0, dtype=np.float32)
        best = int(np.argmax(sims)) if len(sents) else -1
        if len(sents):
            mean = block.mean(axis=0)
            v[i] = mean / (np.linalg.norm(mean) + 1e-8)
            s[i] = block[best]
        evidence = to_simplified(evidences[i][:MAX_EVIDENCE_CHARS])
        hand[i] = _hand(simple_claims[i], evidence, sents[best] if sents else "", sims, len(sents))
        best_sentences.append(originals[i][best] if sents else "")
    hand[:, 0] = np.einsum("ij,ij->i", u, v)
    dense = np.hstack([u, np.abs(u - s), u * s])
    return PairFeatures(np.hstack([dense, hand]).astype(np.float32), best_sentences)
