"""The benchmarks run (quick mode, tiny corpus) and write well-formed results; the corpus
they build and the embedding cache behind the speed work do what they say. No timings are
asserted: the figures themselves belong in eval/benchmarks/."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest

from factcheck.benchmarks import corpus
from factcheck.benchmarks.__main__ import BENCHMARKS
from factcheck.benchmarks.harness import Figure, Result, markdown, percentile
from tests.conftest import ROOT

ROW = re.compile(r"^\| (?P<figure>[^|]+) \| (?P<measured>[^|]+) \| (?P<target>[^|]*) \| "
                 r"(?P<meets>[^|]*) \| (?P<rss>[^|]*) \| (?P<detail>[^|]*) \|$")  # fmt: skip
MEASURED = re.compile(r"^[\d,]+(\.\d+)? (s|ms p95|claims/s|chunks/s)$")


@pytest.fixture(scope="module")
def quick_results(tmp_path_factory):
    work = tmp_path_factory.mktemp("bench")
    out = work / "results"
    run = subprocess.run(
        [sys.executable, "-m", "factcheck.benchmarks", "--quick", "--work", str(work),
         "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return out, run.stdout


@pytest.mark.parametrize("name", list(BENCHMARKS))
def test_quick_run_writes_a_well_formed_results_table(quick_results, name):
    out, printed = quick_results
    text = (out / f"{name}.md").read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "Written by `python -m factcheck.benchmarks --quick" in text
    for field in ("- commit: ", "- machine: ", "- load during the run: 1-minute load average"):
        assert field in text
    assert re.search(r"- machine: \d+ cores \(nproc\), \d+ GB RAM", text)
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    assert lines[0] == "| figure | measured | target | meets | peak RSS | detail |"
    figures = _rows(text)
    assert figures and len(figures) == len(lines) - 1, "every table line has six cells"
    for row in figures:
        assert MEASURED.match(row["measured"].strip()), row["measured"]
        assert re.match(r"^[\d,]+ MB$", row["rss"]), row["rss"]
        meets = row["meets"].strip()
        assert meets in ("yes", "**no**") if row["target"].strip() else meets == ""
    assert f"{name}: running (quick)" in printed


def _rows(text: str) -> list[re.Match]:
    return [m for line in text.splitlines() if (m := ROW.match(line))][1:]  # not the header


def test_every_target_in_the_brief_is_checked(quick_results):
    out, _ = quick_results
    targets = {
        row["target"].strip()
        for name in BENCHMARKS
        for row in _rows((out / f"{name}.md").read_text(encoding="utf-8"))
    }
    for target in ("≤ 1.00 s", "≤ 20.0 s", "≤ 10.0 s", "≥ 50.0 claims/s", "≥ 200 chunks/s"):
        assert target in targets


def test_retrieval_quick_run_measures_each_mode_and_store(quick_results):
    out, _ = quick_results
    text = (out / "retrieval.md").read_text(encoding="utf-8")
    for mode in ("dense", "lexical", "hybrid"):
        for store in ("200 chunks, embedded", "200 chunks, Chroma server",
                      "2,000 chunks, embedded", "2,000 chunks, Chroma server"):  # fmt: skip
            assert f"| {mode}, {store} |" in text
    assert "derived from the 200-chunk store (10 variants of each passage)" in text


def test_corpus_passages_are_distinct_short_and_bilingual(tmp_path):
    for shared in (ROOT.parent / "shared", tmp_path / "absent"):  # the fallback too
        found = corpus.passages(600, shared)
        texts = [t for _, t in found]
        assert len(set(texts)) == 600
        assert all(0 < len(t) <= corpus.PASSAGE_CHARS for t in texts)
        assert [lang for lang, _ in found[:4]] == ["zh", "en", "zh", "en"]
        assert all(re.search(r"[\u4e00-\u9fff]", t) for lang, t in found if lang == "zh")
        assert len(corpus.queries(10, shared)) == 10


def test_a_failed_figure_is_a_row_that_misses_its_target():
    failed = Figure("ingest 100,000 chunks", None, "chunks/s", 200.0, False, None, "StoreError")
    text = markdown(Result("ingest", "Ingest", [failed]), "python -m factcheck.benchmarks", "", 1)
    row = _rows(text)[0]
    assert (row["measured"], row["meets"], row["detail"]) == ("failed", "**no**", "StoreError")


def test_retrieval_figures_are_the_median_round_and_list_every_round():
    from factcheck.benchmarks.harness import Child
    from factcheck.benchmarks.retrieval import MODES, _figures

    def round_(ms: float, rss: float) -> tuple[Child, float]:
        return Child({"ms": {mode: [ms] * 20 for mode in MODES}}, 1.0, rss), 100.0 + rss

    found = _figures("Chroma server", 100_000, [round_(40, 10), round_(70, 30), round_(35, 20)])
    hybrid = next(f for f in found if f.name.startswith("hybrid"))
    assert (hybrid.value, hybrid.meets, hybrid.peak_rss_mb) == (40.0, True, 30)
    assert "p95 of each round 40.0, 70.0, 35.0 ms" in hybrid.detail
    assert "server peak RSS 130 MB" in hybrid.detail


def test_a_child_reports_its_own_peak_memory_not_its_parents():
    """Linux starts a child's ru_maxrss from its parent's high-water mark: a parent that has
    held 600 MB must still see a small child as small."""
    from factcheck.benchmarks.harness import peak_rss_mb, run_child

    held = np.ones(600 * 2**20 // 8)  # 600 MB, every page touched
    assert peak_rss_mb() > 600
    child = run_child("factcheck.benchmarks.corpus", "split_sentences", text="One. Two.")
    del held
    assert child.result == ["One.", "Two."]
    assert child.peak_rss_mb < 300


def test_a_command_is_measured_from_a_small_launcher_not_from_its_parent():
    """The same for a command run as a user runs it (the CLI): a parent that has held 600 MB
    sees a small command as small, and a large one as large."""
    from factcheck.benchmarks.harness import ChildFailed, peak_rss_mb, run_process

    held = np.ones(600 * 2**20 // 8)
    assert peak_rss_mb() > 600
    small = run_process([sys.executable, "-c", "pass"])
    large = run_process([sys.executable, "-c", "held = b'x' * (400 * 2**20)"])
    del held
    assert small.peak_rss_mb < 100
    assert 400 < large.peak_rss_mb < 550
    with pytest.raises(ChildFailed, match="boom"):
        run_process([sys.executable, "-c", "raise SystemExit('boom')"])


def test_percentile_interpolates_between_ranks():
    values = [float(v) for v in range(100, 0, -1)]
    assert percentile(values, 0.5) == pytest.approx(50.5)
    assert percentile(values, 0.95) == pytest.approx(95.05)  # rank 0.95 * 99 from the lowest
    assert percentile([3.0], 0.95) == 3.0


def test_cached_embeddings_equal_fresh_ones(embeddings):
    """The content cache behind batching: a text embedded in a batch, again alone as a
    query, and in traditional script gives the model's own vector every time."""
    texts = ["Sora 下載量突破100萬次", "Veo 3.1 was released in October 2025."]
    batch = np.array(embeddings.embed_documents(texts))
    fresh = embeddings.inner.encode(["Sora 下载量突破100万次", texts[1]])
    assert np.allclose(batch, fresh, atol=1e-6)
    assert np.allclose(embeddings.embed_query("Sora 下载量突破100万次"), fresh[0], atol=1e-6)
    again = np.array(embeddings.embed_documents([texts[1], texts[1]]))
    assert np.allclose(again, fresh[1], atol=1e-6)
    assert embeddings.embed_documents([]) == []


def test_a_forgotten_text_is_embedded_again():
    """Timing a model (`benchmarks.embeddings`) empties the cache first: texts the cache
    holds are not sent to the model, and after `forget` they are."""
    from langchain_core.embeddings import Embeddings

    from factcheck.evidence.embeddings import SimplifiedScript

    sent: list[str] = []

    class Counting(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            sent.extend(texts)
            return [[1.0, 0.0] for _ in texts]

        def embed_query(self, text: str) -> list[float]:
            return self.embed_documents([text])[0]

    model = SimplifiedScript(Counting(), "counting")
    model.embed_documents(["下載量", "Veo"])
    model.embed_documents(["下載量"])
    assert sent == ["下载量", "Veo"]
    model.forget()
    model.embed_documents(["下載量"])
    assert sent == ["下载量", "Veo", "下载量"]
