"""Ingest throughput: chunks per second from an evidence JSONL file into a fresh embedded
store (reading, chunking, embedding, Chroma, the BM25 index), at 10,000 and 100,000 chunks;
the embedding model alone on the same passages (the ceiling it sets); and a day's top-up,
1,000 new chunks added to a copy of the largest store.

The stores are kept in the work folder (``stores/corpus-N``), where the retrieval
benchmark finds them.
"""

from __future__ import annotations

import itertools
import json
import shutil
import time
from pathlib import Path

from factcheck.benchmarks import corpus
from factcheck.benchmarks.harness import Child, ChildFailed, Figure, Options, Result, run_child

NAME = "ingest"
SIZES = (10_000, 100_000)
QUICK_SIZES = (200,)
TOP_UP, QUICK_TOP_UP = 1_000, 50  # new chunks added to the largest store
EMBED_ALONE = 2_000  # passages embedded by the model alone, after the ingest
TARGET = 200.0  # chunks per second
_DONE = "ingested.json"  # written when the ingest has finished
_failed: dict[int, ChildFailed] = {}  # ingests that failed in this process, by size


def store_folder(work: Path, chunks: int) -> Path:
    """The workspace holding the corpus of ``chunks`` passages, ingested."""
    return work / "stores" / f"corpus-{chunks}"


def ingest_corpus(options: Options, chunks: int) -> Child:
    """Write the corpus of ``chunks`` passages and ingest it into a fresh store folder."""
    path = corpus.write_corpus(
        options.work / "corpora" / f"corpus-{chunks}.jsonl", chunks, options.shared
    )
    workspace = store_folder(options.work, chunks)
    shutil.rmtree(workspace, ignore_errors=True)
    try:
        child = run_child(
            __name__,
            "measure",
            corpus_path=str(path),
            workspace=str(workspace),
            embed_alone=EMBED_ALONE,
        )
    except ChildFailed as error:
        _failed[chunks] = error
        raise
    (workspace / _DONE).write_text(json.dumps({"shared": options.has_shared}), encoding="utf-8")
    return child


def ensure_store(options: Options, chunks: int) -> Path:
    """The store folder of ``chunks`` passages, ingested now unless a run left it whole.
    An ingest that failed in this process is not tried again: it raises its error."""
    done = store_folder(options.work, chunks) / _DONE
    if chunks in _failed:
        raise _failed[chunks]
    if not done.exists() or json.loads(done.read_text())["shared"] != options.has_shared:
        ingest_corpus(options, chunks)
    return done.parent


def measure(corpus_path: str, workspace: str, embed_alone: int = 0) -> dict:
    """In a child process: ingest the corpus into the workspace, the model loaded first;
    then, if ``embed_alone``, embed that many of its passages with the bare model."""
    from factcheck.benchmarks.corpus import jsonl
    from factcheck.config import Settings
    from factcheck.pipeline import Pipeline

    pipeline = Pipeline(Settings(workspace=Path(workspace)))
    pipeline.store.embeddings.embed_documents(["load the model before the clock starts"])
    start = time.perf_counter()
    result = pipeline.ingest([corpus_path])
    seconds = time.perf_counter() - start
    texts = [r["text"] for r in itertools.islice(jsonl(Path(corpus_path)), embed_alone)]
    start = time.perf_counter()
    pipeline.store.embeddings.inner.embed_documents(texts)  # the model, without the cache
    return {
        "seconds": seconds,
        "added": result.chunks_added,
        "already_stored": result.chunks_already_stored,
        "skipped": len(result.skipped),
        "embedded_alone": len(texts),
        "embed_seconds": time.perf_counter() - start,
    }


def top_up(options: Options, size: int, new: int) -> Child:
    """Ingest ``new`` passages unseen by the store of ``size`` into a copy of that store."""
    path = options.work / "corpora" / f"top-up-{size}+{new}.jsonl"
    every = corpus.passages(size + new, options.shared)[size:]
    corpus.write_records(path, every, first=size)
    copy = options.work / "stores" / f"top-up-{size}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(ensure_store(options, size), copy)
    try:
        return run_child(__name__, "measure", corpus_path=str(path), workspace=str(copy))
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def run(options: Options) -> Result:
    result = Result(NAME, "Ingest throughput")
    sizes = QUICK_SIZES if options.quick else SIZES
    for size in sizes:
        name = f"ingest {size:,} chunks"
        try:
            child = ingest_corpus(options, size)
        except ChildFailed as error:
            result.figures.append(Figure(name, None, "chunks/s", TARGET, False, None, error.reason))
            continue
        found = child.result
        result.figures += [
            Figure(
                name,
                found["added"] / found["seconds"],
                "chunks/s",
                target=TARGET,
                at_most=False,
                peak_rss_mb=child.peak_rss_mb,
                detail=f"{found['added']:,} chunks added in {found['seconds']:.1f} s",
            ),
            Figure(
                f"embedding alone, {found['embedded_alone']:,} of those passages",
                found["embedded_alone"] / found["embed_seconds"],
                "chunks/s",
                peak_rss_mb=child.peak_rss_mb,
                detail="the model without Chroma, BM25 or the journal: the ceiling it sets",
            ),
        ]
    new = QUICK_TOP_UP if options.quick else TOP_UP
    name = f"add {new:,} new chunks to the {sizes[-1]:,}-chunk store"
    try:
        child = top_up(options, sizes[-1], new)
        found = child.result
        result.figures.append(
            Figure(
                name,
                found["added"] / found["seconds"],
                "chunks/s",
                peak_rss_mb=child.peak_rss_mb,
                detail=f"{found['added']:,} chunks added in {found['seconds']:.1f} s, BM25 "
                "brought up to date included",
            )
        )
    except ChildFailed as error:
        result.figures.append(Figure(name, None, "chunks/s", detail=error.reason))
    source = "../shared/eval" if options.has_shared else "evidence/ (../shared absent)"
    result.notes += [
        f"Corpus: {source}; one JSONL record per passage of at most "
        f"{corpus.PASSAGE_CHARS} characters (whole sentences), Chinese and English "
        "alternating (`factcheck/benchmarks/corpus.py`).",
        "Timed: `Pipeline.ingest([corpus.jsonl])` on a fresh workspace with the default "
        "settings (embedded Chroma, use-multilingual), the embedding model loaded before the "
        "clock starts; bringing the BM25 index up to date at the end is included. The top-up "
        "ingests passages the store has not seen into a copy of it.",
    ]
    return result
