"""Offline verifier throughput: claims per second, each claim with its top-5 passages.

Inputs (built before the clock starts): the check-worthy claims of the shared article and
of the demo article with the 5 passages the hybrid retriever finds for each in their
evidence corpora, and (with ``../shared/eval``, not in quick runs) CHEF and SciFact dev
claims with up to 5 passages of their gold evidence. Each verifier runs in its own
process, its models loaded by verifying a first claim before the clock starts; its cache
of sentence embeddings otherwise starts empty, as in a fresh ``factcheck check``. Claims
are verified as `Pipeline.verify` does: in groups of 16, through ``verify_many`` when the
verifier has it, else one call each.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from pathlib import Path

from factcheck.benchmarks import corpus
from factcheck.benchmarks.harness import ROOT, ChildFailed, Figure, Options, Result, run_child

NAME = "verifier"
VERIFIERS, QUICK_VERIFIERS = ("rules", "hybrid", "trained", "encoder", "ensemble"), ("rules",)
DEFAULT = "rules"
TARGET = 50.0  # claims per second, for the default verifier
PASSAGES = 5
GOLD_CLAIMS = 100  # per gold set


def _articles(shared: Path, quick: bool) -> list[tuple[Path, Path]]:
    demo = (ROOT / "examples" / "demo-article.zh-Hant.txt", ROOT / "evidence" / "demo")
    article = shared / "articles" / "ai-video-race.zh-Hant.txt"
    if quick or not article.exists():
        return [demo]
    return [(article, ROOT / "evidence" / "ai-video-2025-10"), demo]


def _article_inputs(article: Path, evidence: Path, workspace: Path) -> list:
    from factcheck.config import Settings
    from factcheck.intake import read_article
    from factcheck.pipeline import Pipeline, retrieval_query

    settings = Settings(workspace=workspace)
    pipeline = Pipeline(settings)
    pipeline.ingest([evidence])
    claims = pipeline.extract(read_article(article))
    worthy = [c for c in claims if c.checkworthiness >= settings.checkworthiness_threshold]
    return [(c, pipeline.retriever.retrieve(retrieval_query(c), PASSAGES)) for c in worthy]


def _gold_inputs(shared: Path) -> list:
    from factcheck.extract.building import claim_from_text
    from factcheck.models import Evidence, EvidenceChunk

    inputs = []
    for name in ("chef", "scifact"):
        records = corpus.jsonl(shared / "eval" / name / "claims.jsonl")
        dev = [r for r in records if r["split"] == "dev" and any(e["text"] for e in r["evidence"])]
        for record in dev[:GOLD_CLAIMS]:
            sentences = [s for e in record["evidence"] for s in corpus.split_sentences(e["text"])]
            passages = list(corpus.pack(sentences))[:PASSAGES]
            evidence = [
                Evidence(
                    chunk=EvidenceChunk(
                        id=f"{name}-{record['id']}-{i}",
                        document_id=f"{name}-{record['id']}",
                        text=text,
                    ),
                    score=1.0,
                )
                for i, text in enumerate(passages)
            ]
            inputs.append((claim_from_text(record["claim"]), evidence))
    return inputs


def measure(verifier: str, shared: str, quick: bool) -> dict:
    """In a child process: seconds to verify every input claim, and what they were."""
    from factcheck import registry
    from factcheck.config import Settings
    from factcheck.pipeline import VERIFY_GROUP
    from factcheck.verify.base import BatchVerifier

    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as folder:
        inputs = []
        for i, (article, evidence) in enumerate(_articles(Path(shared), quick)):
            inputs += _article_inputs(article, evidence, Path(folder) / str(i))
    sources = {"article claims with retrieved passages": len(inputs)}
    if not quick and (Path(shared) / "eval").is_dir():
        gold = _gold_inputs(Path(shared))
        sources["CHEF and SciFact dev claims with gold passages"] = len(gold)
        inputs += gold
    model = registry.create("verifier", verifier, Settings())
    model.verify(*inputs[-1])  # loads the models; this claim is not counted
    inputs = inputs[:-1]
    batched = isinstance(model, BatchVerifier)
    start = time.perf_counter()
    verdicts = []
    for at in range(0, len(inputs), VERIFY_GROUP):
        group = inputs[at : at + VERIFY_GROUP]
        verdicts += model.verify_many(group) if batched else [model.verify(*i) for i in group]
    seconds = time.perf_counter() - start
    labels = Counter(v.label.value for v in verdicts)
    return {"seconds": seconds, "claims": len(inputs), "sources": sources, "labels": labels,
            "batched": batched}  # fmt: skip


def run(options: Options) -> Result:
    result = Result(NAME, "Offline verifier throughput")
    sources: dict = {}
    for name in QUICK_VERIFIERS if options.quick else VERIFIERS:
        figure = f"{name}{' (default)' if name == DEFAULT else ''}"
        target = TARGET if name == DEFAULT else None
        try:
            child = run_child(
                __name__, "measure", verifier=name, shared=str(options.shared), quick=options.quick
            )
        except ChildFailed as error:
            result.figures.append(
                Figure(figure, None, "claims/s", target, False, None, error.reason)
            )
            continue
        found = child.result
        sources = found["sources"]
        labels = ", ".join(f"{n} {label}" for label, n in sorted(found["labels"].items()))
        result.figures.append(
            Figure(
                figure,
                found["claims"] / found["seconds"],
                "claims/s",
                target=target,
                at_most=False,
                peak_rss_mb=child.peak_rss_mb,
                detail=f"{found['claims']} claims in {found['seconds']:.1f} s, "
                f"{'verify_many' if found['batched'] else 'verify'} ({labels})",
            )
        )
    inputs = "; ".join(f"{n} {what}" for what, n in sources.items())
    articles = ", ".join(a.name for a, _ in _articles(options.shared, options.quick))
    gold = (
        f" Gold sets: the first {GOLD_CLAIMS} dev claims with evidence of each, their "
        f"evidence packed into passages of at most {corpus.PASSAGE_CHARS} characters."
    )
    result.notes += [
        f"Inputs: {inputs} (one claim of them verified before the clock starts, to load the "
        f"models). Articles: {articles}, each against its evidence corpus, {PASSAGES} "
        "passages per claim from the hybrid retriever." + (gold if len(sources) > 1 else ""),
        f"Target: ≥ {TARGET:.0f} claims/s for the default verifier (`{DEFAULT}`); the others "
        "are shown for comparison.",
    ]
    return result
