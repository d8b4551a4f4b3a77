"""(claim, evidence) pairs as token ids that fit the model, the same way in training and use.

The claim (``query: `` + claim, at most ``CLAIM_TOKENS`` pieces) comes first. Evidence that
fits the rest of ``max_length`` goes in whole. Longer evidence is cut into sentences, and
the sentences sharing most content words with the claim are kept, in their original order,
until the budget is spent, so that a long passage is read where it speaks to the claim.
Both texts are converted to simplified Chinese first (the training data mostly is).
The sentence sharing most words with the claim is also the quote a verdict cites, and the
number of claim words (and Chinese character pairs) found in the evidence tells whether the
two share anything at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from factcheck.script import to_simplified
from factcheck.verify.encoder.tokenizer import PieceTokenizer
from factcheck.verify.trained.text import char_bigrams, split_sentences, tokens

CLAIM_TOKENS = 64
SCAN_CHARS = 20_000  # evidence beyond this is not read (a chunk is about 500 characters)
WHOLE_CHARS = 1_500  # evidence up to this length is tokenized whole before any selection


@dataclass(frozen=True)
class Encoded:
    ids: list[int]
    quote: str  # the evidence sentence most relevant to the claim, verbatim
    shared: int = 0  # claim words and Chinese character pairs also in the evidence


def encode_pair(tok: PieceTokenizer, claim: str, evidence: str, max_length: int) -> Encoded:
    """Token ids for one pair (at most ``max_length``), the quote and the shared words."""
    simple_claim = to_simplified(claim)
    claim_ids = tok.ids(["query: " + simple_claim])[0][:CLAIM_TOKENS]
    budget = max_length - len(claim_ids) - 4
    evidence = evidence[:SCAN_CHARS]
    sentences = split_sentences(evidence) if evidence.strip() else []
    claim_words = set(tokens(simple_claim))
    words = [set(tokens(to_simplified(s))) for s in sentences]
    scores = [len(claim_words & w) / (1.0 + 0.05 * len(w)) for w in words]
    quote = sentences[int(np.argmax(scores))] if sentences else evidence.strip()
    read = to_simplified(" ".join(sentences))
    shared = len(claim_words & set().union(*words)) + len(
        char_bigrams(simple_claim) & char_bigrams(read)
    )
    if len(evidence) <= WHOLE_CHARS:
        whole = tok.ids(["passage: " + to_simplified(evidence)])[0]
        if len(whole) <= budget:
            return Encoded(tok.pair(claim_ids, whole), quote, shared)
    pieces = tok.ids([to_simplified(s) for s in sentences])
    prefix = tok.ids(["passage:"])[0]
    chosen: set[int] = set()
    used = len(prefix)
    for i in sorted(range(len(sentences)), key=lambda i: (-scores[i], i)):
        if used + len(pieces[i]) <= budget:
            chosen.add(i)
            used += len(pieces[i])
    if not chosen and sentences:  # the best sentence alone is too long: its start
        best = int(np.argmax(scores))
        return Encoded(tok.pair(claim_ids, [*prefix, *pieces[best]][:budget]), quote, shared)
    body = [piece for i in sorted(chosen) for piece in pieces[i]]
    return Encoded(tok.pair(claim_ids, [*prefix, *body]), quote, shared)


def pad(batch: list[list[int]], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Right-padded ids and the attention mask."""
    width = max(len(ids) for ids in batch)
    ids = np.full((len(batch), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(batch), width), dtype=np.int64)
    for row, seq in enumerate(batch):
        ids[row, : len(seq)] = seq
        mask[row, : len(seq)] = 1
    return ids, mask


def length_batches(lengths: list[int], size: int) -> list[list[int]]:
    """Indices grouped into batches of similar length (longest first), for little padding."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    return [order[i : i + size] for i in range(0, len(order), size)]
