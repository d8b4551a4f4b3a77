"""Retrieval latency, p50 and p95 per query: dense (Chroma, query embedding included),
lexical (BM25) and hybrid (both, fused: what `factcheck check` runs per claim), at 10,000,
100,000 and 1,000,000 chunks, with the embedded Chroma and with a Chroma server.

10k and 100k: the ingested corpora of the ingest benchmark (built here if absent).
1M cannot be embedded here in reasonable time, so it is derived from the 10k store: each
of its passages gives VARIANTS chunks, its sentences rotated by one more place each time
(real text; a passage of n sentences has n distinct rotations) with the passage's real
vector plus Gaussian noise (SIGMA per dimension, then normalised: cosine about 0.9 to the
original), inserted straight through chromadb; its BM25 index is built from the base
passages' tokens (a rotation has the same tokens). It is built once and kept.
The server runs ``chroma run --path`` on the very folder the embedded client used.
Every store and backend is measured ROUNDS times, the rounds interleaved; a figure is the
median round's p95, and each round's p95 is listed beside it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from factcheck.benchmarks import corpus, ingest
from factcheck.benchmarks.harness import (
    CHILD_ENV,
    Child,
    ChildFailed,
    Figure,
    Options,
    Result,
    peak_rss_mb,
    percentile,
    run_child,
)

NAME = "retrieval"
SIZES = (10_000, 100_000)
QUICK_SIZES = (200,)
VARIANTS, QUICK_VARIANTS = 100, 10  # derived store: base size x variants chunks
SIGMA = 0.02
QUERIES, QUICK_QUERIES = 200, 10  # per mode; each mode gets its own queries
ROUNDS, QUICK_ROUNDS = 3, 1  # the whole measurement, repeated: the machine varies run to run
K = 5  # results per hybrid query; dense and lexical fetch the hybrid's candidate pool
TARGET_MS = 50.0  # hybrid p95 at 100,000 chunks
TARGET_SIZE = 100_000
MODES = ("dense", "lexical", "hybrid")
BACKENDS = ("embedded", "Chroma server")
_ADD_BATCH = 5_000  # under Chroma's largest batch
_QUERY_SOURCES = {True: "CHEF dev (zh), SciFact and Check-COVID (en)", False: "evidence/ sentences"}


class _WithLexical:
    """A store whose BM25 index is given (the derived store's), for `HybridRetriever`."""

    def __init__(self, store, index):
        self._store, self._index = store, index

    def dense_search(self, query: str, k: int):
        return self._store.dense_search(query, k)

    def get(self, ids: list[str]):
        return self._store.get(ids)

    def lexical_index(self):
        return self._index


def measure(workspace: str, chroma_url: str | None, queries: list[str], lexical: str) -> dict:
    """In a child process: milliseconds per query for each mode, after one warm-up query
    each (which loads the model, the HNSW index and the BM25 index)."""
    from factcheck.config import Settings
    from factcheck.evidence import EvidenceStore, HybridRetriever
    from factcheck.evidence.lexical import LexicalIndex
    from factcheck.evidence.retrieval import CANDIDATES_PER_RESULT

    store = EvidenceStore(Settings(workspace=Path(workspace), chroma_url=chroma_url))
    source = _WithLexical(store, LexicalIndex.load(Path(lexical))) if lexical else store
    retriever = HybridRetriever(source)  # type: ignore[arg-type]
    pool = K * CANDIDATES_PER_RESULT
    run = {
        "dense": lambda q: store.dense_search(q, pool),
        "lexical": lambda q: source.lexical_index().search(q, pool),
        "hybrid": lambda q: retriever.retrieve(q, K),
    }
    for search in run.values():
        search("warm-up query 预热查询")
    per_mode = len(queries) // len(MODES)
    times: dict[str, list[float]] = {}
    for i, mode in enumerate(MODES):
        times[mode] = []
        for query in queries[i * per_mode : (i + 1) * per_mode]:
            start = time.perf_counter()
            run[mode](query)
            times[mode].append((time.perf_counter() - start) * 1000)
    return {"count": store.count(), "ms": times}


def build_derived(base: str, workspace: str, lexical: str, variants: int) -> dict:
    """In a child process: the derived store (see the module docstring)."""
    import chromadb
    import numpy as np

    from factcheck.config import Settings
    from factcheck.evidence import EvidenceStore

    start = time.perf_counter()
    found = _base_collection(base).get(include=["embeddings", "documents", "metadatas"])
    settings = Settings(workspace=Path(workspace))
    EvidenceStore(settings)  # creates the collection as the store makes it
    target = chromadb.PersistentClient(path=str(settings.chroma_path)).get_collection(
        settings.collection
    )
    vectors = np.asarray(found["embeddings"], dtype=np.float32)
    rng = np.random.default_rng(0)
    rows = [(i, v) for v in range(variants) for i in range(len(found["ids"]))]
    for at in range(0, len(rows), _ADD_BATCH):
        batch = rows[at : at + _ADD_BATCH]
        noisy = np.stack([vectors[i] for i, _ in batch])
        noisy += rng.normal(0.0, SIGMA, noisy.shape).astype(np.float32) * np.array(
            [[v > 0] for _, v in batch], dtype=np.float32
        )
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        target.add(
            ids=[f"{found['ids'][i]}-v{v}" for i, v in batch],
            embeddings=noisy,
            documents=[_rotated(found["documents"][i], v) for i, v in batch],
            metadatas=[_variant_metadata(found["metadatas"][i], v) for i, v in batch],
        )
    added = time.perf_counter() - start
    build_derived_lexical(base, lexical, variants)
    return {"chunks": target.count(), "chroma_seconds": added,
            "seconds": time.perf_counter() - start}  # fmt: skip


def build_derived_lexical(base: str, lexical: str, variants: int) -> dict:
    """The derived store's BM25 index, from the base passages' terms (a rotation of a
    passage has the same terms)."""
    from factcheck.evidence.lexical import LexicalIndex, TermTable

    start = time.perf_counter()
    found = _base_collection(base).get(include=["documents"])
    passages = TermTable()
    passages.add(zip(found["ids"], found["documents"], strict=True))
    rows = [(i, v) for v in range(variants) for i in range(len(found["ids"]))]
    table = TermTable(
        passages.vocabulary,
        [f"{found['ids'][i]}-v{v}" for i, v in rows],
        [passages.terms[i] for i, _ in rows],
        [passages.counts[i] for i, _ in rows],
    )
    shutil.rmtree(lexical, ignore_errors=True)
    LexicalIndex.from_table(table).commit(Path(lexical))
    return {"seconds": time.perf_counter() - start}


def _base_collection(base: str):
    import chromadb

    from factcheck.config import Settings

    source = Settings(workspace=Path(base))
    return chromadb.PersistentClient(path=str(source.chroma_path)).get_collection(source.collection)


def _variant_metadata(metadata: dict, variant: int) -> dict:
    return {**metadata, "document_id": f"{metadata['document_id']}-v{variant}"}


def _rotated(text: str, by: int) -> str:
    sentences = corpus.split_sentences(text)
    if len(sentences) < 2:
        return text
    by %= len(sentences)
    return corpus.join_sentences(sentences[by:] + sentences[:by])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def chroma_server(path: Path):
    """``chroma run`` on ``path`` (loopback, a free port); yields (url, peak RSS in MB when
    it has stopped, as a one-item list filled on exit)."""
    beside_python = Path(sys.executable).with_name("chroma")
    chroma = str(beside_python) if beside_python.exists() else shutil.which("chroma")
    if chroma is None:
        raise ChildFailed(["chroma"], "the chroma command (from the chromadb package) is absent")
    port = _free_port()
    server = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **CHILD_ENV},
    )
    peak: list[float] = []
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise ChildFailed([chroma, "run"], "the Chroma server did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", peak
    finally:
        peak.append(peak_rss_mb(server.pid) or 0.0)  # before it ends: see `peak_rss_mb`
        server.terminate()
        server.wait()


def _ensure_derived(options: Options, base_size: int, variants: int) -> tuple[Path, Path, str]:
    """The derived store and its BM25 folder, built unless kept from an earlier run."""
    from factcheck.evidence.lexical import LexicalIndex

    size = base_size * variants
    workspace = options.work / "stores" / f"derived-{size}"
    lexical = workspace / "bench-lexical"
    spec = {"base": base_size, "variants": variants, "sigma": SIGMA, "shared": options.has_shared}
    marker = workspace / "derived.json"
    if marker.exists() and json.loads(marker.read_text(encoding="utf-8"))["spec"] == spec:
        built = json.loads(marker.read_text(encoding="utf-8"))
    else:
        base = ingest.ensure_store(options, base_size)
        shutil.rmtree(workspace, ignore_errors=True)
        child = run_child(
            __name__,
            "build_derived",
            base=str(base),
            workspace=str(workspace),
            lexical=str(lexical),
            variants=variants,
        )
        built = {"spec": spec, **child.result, "peak_rss_mb": child.peak_rss_mb}
        marker.write_text(json.dumps(built), encoding="utf-8")
    if LexicalIndex.load(lexical) is None:  # made under other tokenizer rules
        run_child(
            __name__,
            "build_derived_lexical",
            base=str(ingest.ensure_store(options, base_size)),
            lexical=str(lexical),
            variants=variants,
        )
    note = (
        f"{built['chunks']:,}-chunk store derived from the {base_size:,}-chunk store "
        f"({variants} variants of each passage) in {_duration(built['seconds'])} "
        f"({_duration(built['chroma_seconds'])} of it inserting into Chroma; "
        f"builder's peak RSS {built['peak_rss_mb']:,.0f} MB)"
    )
    return workspace, lexical, note


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"


def _figures(backend: str, size: int, rounds: list[tuple[Child, float | None]]) -> list[Figure]:
    """A figure per mode: the median over the rounds of each round's p95 (and p50)."""
    figures = []
    server_rss = max((rss for _, rss in rounds if rss), default=None)
    rss = f"; server peak RSS {server_rss:,.0f} MB" if server_rss else ""
    for mode in MODES:
        runs = [child.result["ms"][mode] for child, _ in rounds]
        p95 = [percentile(times, 0.95) for times in runs]
        each = ", ".join(f"{v:.1f}" for v in p95)
        spread = f"; p95 of each round {each} ms" if len(runs) > 1 else ""
        figures.append(
            Figure(
                f"{mode}, {size:,} chunks, {backend}",
                statistics.median(p95),
                "ms p95",
                target=TARGET_MS if mode == "hybrid" and size == TARGET_SIZE else None,
                peak_rss_mb=max(child.peak_rss_mb for child, _ in rounds),
                detail=f"p50 {statistics.median(percentile(t, 0.5) for t in runs):.1f} ms, "
                f"{len(runs[0])} queries{spread}{rss}",
            )
        )
    return figures


def _failed(size: int, backend: str, error: ChildFailed) -> Figure:
    target = TARGET_MS if size == TARGET_SIZE else None
    return Figure(f"all modes, {size:,} chunks, {backend}", None, "ms p95", target,
                  detail=error.reason)  # fmt: skip


def _measured(backend: str, workspace: Path, lexical: str, queries) -> tuple[Child, float | None]:
    """One round: the child's timings, and the server's peak RSS (None when embedded)."""
    common = {"workspace": str(workspace), "queries": queries, "lexical": lexical}
    if backend == "embedded":
        return run_child(__name__, "measure", chroma_url=None, **common), None
    with chroma_server(workspace / "chroma") as (url, server_rss):
        child = run_child(__name__, "measure", chroma_url=url, **common)
    return child, server_rss[0]


def run(options: Options) -> Result:
    result = Result(NAME, "Retrieval latency")
    count = (QUICK_QUERIES if options.quick else QUERIES) * len(MODES)
    queries = corpus.queries(count, options.shared)
    sizes = QUICK_SIZES if options.quick else SIZES
    variants = QUICK_VARIANTS if options.quick else VARIANTS
    derived_size = sizes[0] * variants
    derived_note = f"{derived_size:,}-chunk store derived from the {sizes[0]:,}-chunk store"
    stores: dict[int, tuple[Path, str]] = {}
    for size in (*sizes, derived_size):
        try:
            if size == derived_size:
                workspace, lexical, derived_note = _ensure_derived(options, sizes[0], variants)
            else:
                workspace, lexical = ingest.ensure_store(options, size), ""
            stores[size] = (workspace, lexical)
        except ChildFailed as error:
            result.figures += [_failed(size, backend, error) for backend in BACKENDS]
    rounds = QUICK_ROUNDS if options.quick else ROUNDS
    measured: dict[tuple[int, str], list[tuple[Child, float | None]]] = {}
    failed: dict[tuple[int, str], ChildFailed] = {}
    for _ in range(rounds):  # interleaved, so a slow spell of the machine hits every figure
        for size, (workspace, lexical) in stores.items():
            for backend in BACKENDS:
                if (size, backend) in failed:
                    continue
                try:
                    found = _measured(backend, workspace, lexical, queries)
                except ChildFailed as error:
                    failed[size, backend] = error
                    continue
                measured.setdefault((size, backend), []).append(found)
    for size in stores:
        for backend in BACKENDS:
            if (size, backend) in failed:
                result.figures.append(_failed(size, backend, failed[size, backend]))
            else:
                result.figures += _figures(backend, size, measured[size, backend])
    source = "../shared/eval" if options.has_shared else "evidence/ (../shared absent)"
    result.notes += [
        f"Stores: the ingest benchmark's corpora ({source}; passages of at most "
        f"{corpus.PASSAGE_CHARS} characters, Chinese and English alternating) and a "
        + derived_note
        + ". Its vectors are each a real passage's embedding plus Gaussian noise "
        f"(σ = {SIGMA} per dimension, renormalised; cosine about 0.9 to the original) and "
        "its texts the passage with its sentences rotated, inserted straight through "
        "chromadb; its BM25 index is built from the base passages' tokens and searched "
        "through `LexicalIndex` as loaded from disk. It stands in for a store of that size "
        "built from real evidence: its passages come in clusters of near-duplicates.",
        f"Queries: {count} real claims ({_QUERY_SOURCES[options.has_shared]}), "
        "Chinese and English alternating; each mode gets its own third, so no query is "
        "answered from the embedding cache. One warm-up query per mode first (loading the "
        "model and the indexes is not counted).",
        f"dense: `EvidenceStore.dense_search(query, {K * 4})`, the query's embedding "
        f"included; lexical: `EvidenceStore.lexical_index().search(query, {K * 4})` (for the "
        "derived store its own `LexicalIndex`), jieba tokenisation included; hybrid: "
        f"`HybridRetriever.retrieve(query, {K})`, both plus fusion and fetching the "
        "lexical-only hits from Chroma.",
        f"Each store and backend is measured in {rounds} rounds, each in a fresh process, "
        "the rounds interleaved over stores and backends: a figure is the median of the "
        "rounds' p95 (and p50); the detail lists each round's p95. The same code on this "
        "machine has varied by a third from one run to the next.",
        "Chroma server: `chroma run --path <store>/chroma --host 127.0.0.1` on the same "
        "folder, on this machine (loopback HTTP); its peak RSS is given in the detail column.",
        f"Target: hybrid p95 ≤ {TARGET_MS:.0f} ms at {TARGET_SIZE:,} chunks.",
    ]
    return result
