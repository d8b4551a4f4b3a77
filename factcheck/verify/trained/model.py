"""The pair classifier: calibrated SUPPORTED / REFUTED / NOT_ENOUGH_INFO probabilities.

Its artifact is two files under ``artifacts/``, read with numpy and json only (no pickle):

* ``pair_classifier.npz``: two PCA projections of the dense features and the boosted trees
  of a gradient-boosting classifier, flattened into node arrays;
* ``pair_classifier.json``: version, labels, feature layout and the calibration
  (temperature and per-class bias on the trees' logits).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from factcheck.verify.trained.embed import DIM, Embedder
from factcheck.verify.trained.features import (
    DENSE_BLOCKS,
    HAND_FEATURES,
    N_FEATURES,
    PairFeatures,
    featurize,
)

LABELS = ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO")
ARTIFACT = Path(__file__).parent / "artifacts" / "pair_classifier"
HAND_START = len(DENSE_BLOCKS) * DIM
CLAIM_BLOCK = slice(0, DIM)  # u
PAIR_BLOCK = slice(DIM, 3 * DIM)  # |u-s|, u*s
_EMPTY = HAND_START + HAND_FEATURES.index("empty_evidence")


@dataclass(frozen=True)
class Projection:
    """A fitted PCA: ``(x - mean) @ components.T``."""

    mean: np.ndarray
    components: np.ndarray

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return (x - self.mean) @ self.components.T


@dataclass(frozen=True)
class Forest:
    """Boosted regression trees, one per class per round, as flat node arrays."""

    feature: np.ndarray  # int32, per node
    threshold: np.ndarray  # float64: go left when x <= threshold
    left: np.ndarray  # int32 global node index
    right: np.ndarray
    value: np.ndarray  # float64 leaf value
    is_leaf: np.ndarray  # bool
    roots: np.ndarray  # int32 global index of each tree's root
    tree_class: np.ndarray  # int32 class each tree adds to
    baseline: np.ndarray  # float64 (n_classes,)

    def logits(self, z: np.ndarray) -> np.ndarray:
        """Raw scores (n, n_classes) for reduced features ``z``."""
        node = np.broadcast_to(self.roots, (len(z), len(self.roots))).copy()
        rows = np.arange(len(z))[:, None]
        while True:
            active = ~self.is_leaf[node]
            if not active.any():
                break
            goes_left = z[rows, self.feature[node]] <= self.threshold[node]
            step = np.where(goes_left, self.left[node], self.right[node])
            node = np.where(active, step, node)
        onehot = np.eye(len(self.baseline))[self.tree_class]
        return self.baseline + self.value[node] @ onehot


def reduce(x: np.ndarray, claim_pca: Projection, pair_pca: Projection) -> np.ndarray:
    """Full pair features -> the trees' inputs: hand features, pair PCA, claim PCA."""
    return np.hstack([x[:, HAND_START:], pair_pca(x[:, PAIR_BLOCK]), claim_pca(x[:, CLAIM_BLOCK])])


def softmax(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Model:
    """Everything the artifact holds."""

    version: str
    claim_pca: Projection
    pair_pca: Projection
    forest: Forest
    temperature: float
    bias: np.ndarray

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Calibrated probabilities for full pair features."""
        return softmax(
            self.forest.logits(reduce(x, self.claim_pca, self.pair_pca)) / self.temperature
            + self.bias
        )

    def save(self, path: Path, meta: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {f"claim_pca_{k}": v for k, v in vars(self.claim_pca).items()}
        arrays |= {f"pair_pca_{k}": v for k, v in vars(self.pair_pca).items()}
        arrays |= {f"forest_{k}": v for k, v in vars(self.forest).items()}
        np.savez_compressed(path.with_suffix(".npz"), **arrays)
        info = {
            "version": self.version,
            "labels": list(LABELS),
            "n_features": N_FEATURES,
            "temperature": self.temperature,
            "bias": self.bias.tolist(),
            **meta,
        }
        path.with_suffix(".json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, path: Path) -> Model:
        info = json.loads(path.with_suffix(".json").read_text())
        if info["labels"] != list(LABELS) or info["n_features"] != N_FEATURES:
            raise ValueError(f"{path} was built for another feature layout")
        with np.load(path.with_suffix(".npz"), allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}

        def part(prefix: str) -> dict:
            return {k[len(prefix) :]: v for k, v in arrays.items() if k.startswith(prefix)}

        return cls(
            info["version"],
            Projection(**part("claim_pca_")),
            Projection(**part("pair_pca_")),
            Forest(**part("forest_")),
            float(info["temperature"]),
            np.asarray(info["bias"]),
        )


class PairClassifier:
    """Calibrated 3-way stance of an evidence text towards a claim; loads its artifact lazily."""

    def __init__(self, artifact: Path = ARTIFACT, embedder: Embedder | None = None) -> None:
        self.artifact = artifact
        self.embedder = embedder or Embedder()
        self._model: Model | None = None

    @classmethod
    def from_model(cls, model: Model, embedder: Embedder | None = None) -> PairClassifier:
        """A classifier around an in-memory model (used by training)."""
        clf = cls(embedder=embedder)
        clf._model = model
        return clf

    @property
    def model(self) -> Model:
        if self._model is None:
            self._model = Model.load(self.artifact)
        return self._model

    @property
    def version(self) -> str:
        return self.model.version

    def features(self, claims: list[str], evidences: list[str]) -> PairFeatures:
        return featurize(claims, evidences, self.embedder)

    def predict_proba(self, claims: list[str], evidences: list[str]) -> np.ndarray:
        """(n, 3) probabilities in LABELS order; an empty evidence text gives (0, 0, 1)."""
        return self.predict_features(self.features(claims, evidences))

    def predict_features(self, features: PairFeatures) -> np.ndarray:
        """Probabilities for features already computed by `features`."""
        x = features.matrix
        proba = self.model.proba(x) if len(x) else np.zeros((0, 3))
        empty = x[:, _EMPTY] > 0.5 if len(x) else np.zeros(0, bool)
        proba[empty] = (0.0, 0.0, 1.0)
        return proba
