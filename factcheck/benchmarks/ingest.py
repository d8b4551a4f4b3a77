"""Ingest throughput: chunks per second from an evidence JSONL file into a fresh embedded
store (reading, chunking, embedding, Chroma, the BM25 index), at 10,000 and 100,000 chunks.

The stores are kept in the work folder (``stores/corpus-N``), where the retrieval
benchmark finds them.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from factcheck.benchmarks import corpus
from factcheck.benchmarks.harness import Child, ChildFailed, Figure, Options, Result, run_child

NAME = "ingest"
SIZES = (10_000, 100_000)
QUICK_SIZES = (200,)
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
        child = run_child(__name__, "measure", corpus_path=str(path), workspace=str(workspace))
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


def measure(corpus_path: str, workspace: str) -> dict:
    """In a child process: ingest the corpus into a fresh workspace, the model loaded first."""
    from factcheck.config import Settings
    from factcheck.pipeline import Pipeline

    pipeline = Pipeline(Settings(workspace=Path(workspace)))
    pipeline.store.embeddings.embed_documents(["load the model before the clock starts"])
    start = time.perf_counter()
    result = pipeline.ingest([corpus_path])
    return {
        "seconds": time.perf_counter() - start,
        "added": result.chunks_added,
        "already_stored": result.chunks_already_stored,
        "skipped": len(result.skipped),
    }


def run(options: Options) -> Result:
    result = Result(NAME, "Ingest throughput")
    for size in QUICK_SIZES if options.quick else SIZES:
        name = f"ingest {size:,} chunks"
        try:
            child = ingest_corpus(options, size)
        except ChildFailed as error:
            result.figures.append(Figure(name, None, "chunks/s", TARGET, False, None, error.reason))
            continue
        found = child.result
        result.figures.append(
            Figure(
                name,
                found["added"] / found["seconds"],
                "chunks/s",
                target=TARGET,
                at_most=False,
                peak_rss_mb=child.peak_rss_mb,
                detail=f"{found['added']:,} chunks added in {found['seconds']:.1f} s",
            )
        )
    source = "../shared/eval" if options.has_shared else "evidence/ (../shared absent)"
    result.notes += [
        f"Corpus: {source}; one JSONL record per passage of at most "
        f"{corpus.PASSAGE_CHARS} characters (whole sentences), Chinese and English "
        "alternating (`factcheck/benchmarks/corpus.py`).",
        "Timed: `Pipeline.ingest([corpus.jsonl])` on a fresh workspace with the default "
        "settings (embedded Chroma, use-multilingual), the embedding model loaded before the "
        "clock starts; the rebuild of the BM25 index at the end is included.",
    ]
    return result
