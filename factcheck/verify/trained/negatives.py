"""NOT_ENOUGH_INFO pairs from evidence that is related to a claim but not its gold evidence.

In the pipeline the evidence is retrieved: the top chunks are usually about the same topic
and often silent about the claim itself. Gold pairs alone never show the classifier such
evidence, so it learns "related evidence -> SUPPORTED or REFUTED". Two sources of
related-but-silent evidence, both labelled NOT_ENOUGH_INFO:

* ``retrieved``: for sets with a retrieval corpus (SciFact, Check-COVID, Climate-FEVER), the
  best passages for the claim that are not among its gold documents: BM25 over abstracts
  (cut to a chunk of about ``CHUNK_CHARS`` around the sentence sharing most words with the
  claim, as the evidence store cuts documents), USE cosine over Climate-FEVER's sentences;
* ``hard_negative``: for the other sets, the gold evidence of a *different* claim of the
  same split that is closest to this claim (USE cosine of the claim with the mean of the
  evidence's sentence vectors). Claims nearly identical to this one (cosine >= SAME_CLAIM, or
  the same evidence text) are skipped: their evidence may well speak to this claim.

A negative takes its claim's split, and a train claim only draws on train claims' evidence,
so no dev claim or dev evidence reaches training. The dev negatives form the "retrieved"
dev variant: evidence that should come out NOT_ENOUGH_INFO.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from factcheck.script import to_simplified
from factcheck.verify.trained.data import Pair
from factcheck.verify.trained.embed import Embedder
from factcheck.verify.trained.text import split_sentences, tokens

CORPUS_SETS = {"scifact", "check_covid", "climate_fever"}
PER_CLAIM = {"corpus": 2, "other": 1}
SAME_CLAIM = 0.8  # claims this alike may share facts: their evidence is not a negative
CHUNK_CHARS = 500
BM25_DEPTH = 8
KIND = "retrieved"


def _unit(x: np.ndarray) -> np.ndarray:
    return x / (np.linalg.norm(x, axis=1, keepdims=True) + 1e-8)


def evidence_vectors(texts: list[str], embedder: Embedder) -> np.ndarray:
    """Mean USE vector of each text's sentences (unit length; zero for empty text)."""
    sents = [[to_simplified(s) for s in split_sentences(t)] for t in texts]
    flat = embedder.encode([s for ss in sents for s in ss])
    out = np.zeros((len(texts), flat.shape[1] if len(flat) else 512), dtype=np.float32)
    start = 0
    for i, ss in enumerate(sents):
        if ss:
            out[i] = flat[start : start + len(ss)].mean(axis=0)
        start += len(ss)
    return _unit(out)


def _claims(pairs: list[Pair]) -> dict[tuple[str, str], dict]:
    """One entry per (set, claim): its split, language and gold evidence texts."""
    claims: dict[tuple[str, str], dict] = {}
    for p in pairs:
        entry = claims.setdefault(
            (p.dataset, p.claim), {"split": p.split, "lang": p.lang, "evidence": set()}
        )
        if p.evidence.strip():
            entry["evidence"].add(p.evidence.strip())
    return claims


def _chunk_around(sentences: list[str], claim_tokens: set[str]) -> str:
    """Consecutive sentences of about CHUNK_CHARS around the one sharing most claim words."""
    if not sentences:
        return ""
    overlap = [len(claim_tokens & set(tokens(s.lower()))) for s in sentences]
    lo = hi = int(np.argmax(overlap))
    size = len(sentences[lo])
    while size < CHUNK_CHARS and (lo > 0 or hi < len(sentences) - 1):
        if hi < len(sentences) - 1:
            hi += 1
            size += len(sentences[hi]) + 1
        if size < CHUNK_CHARS and lo > 0:
            lo -= 1
            size += len(sentences[lo]) + 1
    return " ".join(s.strip() for s in sentences[lo : hi + 1])


def _gold_ids(root: Path, name: str) -> dict[str, set[str]]:
    """Claim text -> ids of its gold and cited corpus documents."""
    out: dict[str, set[str]] = defaultdict(set)
    for line in (root / name / "claims.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        ids = out[record["claim"]]
        ids.update(str(e.get("doc_id") or e.get("source")) for e in record["evidence"])
        meta = record.get("meta") or {}
        ids.update(str(i) for i in meta.get("cited_doc_ids", []))
        if meta.get("cord_id"):
            ids.add(str(meta["cord_id"]))
    return out


def _abstract_negatives(root: Path, name: str, claims: dict) -> list[Pair]:
    """BM25 over a set's abstracts: the best non-gold abstracts, cut to a chunk."""
    import bm25s

    from factcheck.evidence.lexical import tokenize

    corpus = [json.loads(line) for line in (root / name / "corpus.jsonl").open(encoding="utf-8")]
    index = bm25s.BM25()
    index.index(
        [tokenize(f"{d['title']} {d['text']}") or ["<empty>"] for d in corpus], show_progress=False
    )
    gold = _gold_ids(root, name)
    dev_gold = {
        i for (d, c), e in claims.items() if d == name and e["split"] == "dev" for i in gold[c]
    }
    out = []
    for (dataset, claim), entry in claims.items():
        if dataset != name:
            continue
        # Train claims never draw on a dev claim's gold documents.
        barred = gold[claim] | (dev_gold if entry["split"] == "train" else set())
        query = [t for t in tokenize(claim) if t in index.vocab_dict]
        if not query:
            continue
        rows, _ = index.retrieve([query], k=BM25_DEPTH, show_progress=False)
        claim_tokens = set(tokens(claim.lower()))
        taken = 0
        for row in rows[0]:
            doc = corpus[int(row)]
            if str(doc["id"]) in barred:
                continue
            sentences = doc.get("sentences") or split_sentences(doc["text"])
            text = _chunk_around(list(sentences), claim_tokens)
            if text and text not in entry["evidence"]:
                out.append(
                    Pair(name, entry["lang"], claim, text, "NOT_ENOUGH_INFO", entry["split"], KIND)
                )
                taken += 1
            if taken == PER_CLAIM["corpus"]:
                break
    return out


def _dense_negatives(
    name: str,
    claims: dict,
    candidates: list[tuple[str, str, str]],  # (split, source claim, evidence text)
    per_claim: int,
    embedder: Embedder,
) -> list[Pair]:
    """For each claim, the closest evidence texts among ``candidates`` of its own split that
    belong to a clearly different claim."""
    mine = [(claim, e) for (d, claim), e in claims.items() if d == name]
    if not mine or not candidates:
        return []
    claim_vecs = embedder.encode([to_simplified(c) for c, _ in mine])
    cand_vecs = evidence_vectors([t for *_, t in candidates], embedder)
    source_vecs = embedder.encode([to_simplified(c) for _, c, _ in candidates])
    cand_split = np.array([s for s, *_ in candidates])
    out = []
    for block in range(0, len(mine), 1000):
        sims_block = claim_vecs[block : block + 1000] @ cand_vecs.T
        alike_block = claim_vecs[block : block + 1000] @ source_vecs.T
        for k, (claim, entry) in enumerate(mine[block : block + 1000]):
            sims, alike = sims_block[k], alike_block[k]
            sims[(cand_split != entry["split"]) | (alike >= SAME_CLAIM)] = -np.inf
            taken = 0
            for j in np.argsort(-sims)[: 4 * per_claim + 4]:
                if not np.isfinite(sims[j]):
                    break
                _, source, text = candidates[j]
                if source == claim or text in entry["evidence"]:
                    continue
                out.append(
                    Pair(name, entry["lang"], claim, text, "NOT_ENOUGH_INFO", entry["split"], KIND)
                )
                taken += 1
                if taken == per_claim:
                    break
    return out


def negative_pairs(root: Path, pairs: list[Pair], embedder: Embedder) -> list[Pair]:
    """NOT_ENOUGH_INFO pairs with related but non-gold evidence for every claim of ``pairs``."""
    claims = _claims(pairs)
    names = list(dict.fromkeys(p.dataset for p in pairs))
    out: list[Pair] = []
    for name in names:
        if name in ("scifact", "check_covid") and (root / name / "corpus.jsonl").exists():
            out += _abstract_negatives(root, name, claims)
        elif name == "climate_fever" and (root / name / "corpus.jsonl").exists():
            gold = _gold_ids(root, name)
            corpus = [
                json.loads(line) for line in (root / name / "corpus.jsonl").open(encoding="utf-8")
            ]
            # Corpus sentences are shared by all claims; exclude each claim's gold sentences.
            mine = {k: v for k, v in claims.items() if k[0] == name}
            for (_, claim), entry in mine.items():
                entry["evidence"] |= {
                    doc["text"].strip() for doc in corpus if doc["id"] in gold[claim]
                }
            # Train claims draw only on sentences that are no dev claim's gold evidence.
            dev_gold = {i for (d, c), e in mine.items() if e["split"] == "dev" for i in gold[c]}
            candidates = [("dev", "", doc["text"]) for doc in corpus] + [
                ("train", "", doc["text"]) for doc in corpus if doc["id"] not in dev_gold
            ]
            out += _dense_negatives(name, mine, candidates, PER_CLAIM["corpus"], embedder)
        else:
            candidates = list(
                dict.fromkeys(
                    (p.split, p.claim, p.evidence.strip())
                    for p in pairs
                    if p.dataset == name and p.evidence.strip() and p.kind == "gold"
                )
            )
            out += _dense_negatives(name, claims, candidates, PER_CLAIM["other"], embedder)
    return out
