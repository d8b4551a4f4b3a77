"""The BM25 index: scores as bm25s computes them, updated by tokenizing only new chunks."""

from __future__ import annotations

import json

import bm25s
import pytest

from factcheck.evidence import EvidenceStore
from factcheck.evidence.documents import load_documents
from factcheck.evidence.lexical import LexicalIndex, TermTable, current_version, tokenize
from factcheck.evidence.lexical import terms as terms_module
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def passages() -> list[tuple[str, str]]:
    """(id, text) of the repository's evidence documents: Chinese and English news text."""
    documents = load_documents([ROOT / "evidence"])
    return [(d.id, d.text) for d in documents if not hasattr(d, "reason")]


def _queries(passages):
    """Real queries: the opening words of every fifth passage."""
    return [text[:40] for _, text in passages[::5]]


def _results(index: LexicalIndex, queries):
    return [[(i, round(s, 3)) for i, s in index.search(q, 8)] for q in queries]


def test_tokens_keep_numbers_and_accented_words_and_cut_chinese_into_words():
    assert tokenize("Downloads rose 3.5% at the Café in 2025.") == [
        "downloads", "rose", "3.5%", "at", "the", "café", "in", "2025",
    ]  # fmt: skip
    chinese = tokenize("Sora 2下載量突破1000萬次")
    assert chinese[:2] == ["sora", "2"] and "下载量" in chinese and "1000" in chinese
    assert tokenize("發佈") == tokenize("发布")


def test_scores_are_those_bm25s_computes_from_the_same_tokens(passages):
    ids = [i for i, _ in passages]
    reference = bm25s.BM25()
    reference.index([tokenize(t) or [""] for _, t in passages], show_progress=False)
    ours = LexicalIndex.build(passages)
    assert len(passages) > 20
    for query in _queries(passages):
        tokens = [t for t in tokenize(query) if t in reference.vocab_dict]
        rows, scores = reference.retrieve([tokens], k=8, show_progress=False)
        found = ours.search(query, 8)
        hits = zip(rows[0], scores[0], strict=True)
        assert [i for i, _ in found] == [ids[r] for r, s in hits if s > 0]
        assert [s for _, s in found] == pytest.approx([s for s in scores[0] if s > 0], rel=1e-5)


def test_an_index_extended_or_cut_down_searches_as_one_built_from_scratch(passages):
    half = len(passages) // 2
    table = TermTable()
    table.add(passages[:half])
    table.add(passages[half:])
    extended = LexicalIndex.from_table(table)
    assert _results(extended, _queries(passages)) == _results(
        LexicalIndex.build(passages), _queries(passages)
    )
    # A table tokenized on its own (an ingest's batches, tokenized ahead) joins another.
    ahead = TermTable()
    ahead.add(passages[half:])
    joined = TermTable()
    joined.add(passages[:half])
    joined.extend(ahead, {i for i, _ in passages[half:]})
    assert _results(LexicalIndex.from_table(joined), _queries(passages)) == _results(
        LexicalIndex.build(passages), _queries(passages)
    )
    kept = {i for i, _ in passages[::2]}
    cut = LexicalIndex.from_table(table.kept(kept))
    rebuilt = LexicalIndex.build(p for p in passages if p[0] in kept)
    assert cut.ids == rebuilt.ids
    assert _results(cut, _queries(passages)) == _results(rebuilt, _queries(passages))


def test_a_committed_index_loads_with_its_terms(tmp_path, passages):
    built = LexicalIndex.build(passages)
    built.commit(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    assert loaded is not None and loaded.ids == built.ids
    assert _results(loaded, _queries(passages)) == _results(built, _queries(passages))
    table = loaded.term_table()
    assert table is not None and table.ids == built.ids
    assert [t.tolist() for t in table.terms] == [t.tolist() for t in built.term_table().terms]


def test_an_ingest_tokenizes_only_the_chunks_it_adds(settings, embeddings, monkeypatch):
    store = EvidenceStore(settings, embeddings)
    first = store.ingest(load_documents([ROOT / "evidence" / "demo"]))
    tokenized: list[str] = []

    def counting(text: str) -> list[str]:
        tokenized.append(text)
        return tokenize(text)

    monkeypatch.setattr(terms_module, "tokenize", counting)
    second = store.ingest(load_documents([ROOT / "evidence" / "ai-video-2025-10"]))
    assert first.chunks_added > 0 and second.chunks_added > 0
    assert len(tokenized) == second.chunks_added
    index = store.lexical_index()
    assert sorted(index.ids) == sorted(c.id for c in store.all_chunks())
    assert _results(index, ["Sora 2 下載量"]) == _results(
        LexicalIndex.build((c.id, c.text) for c in store.all_chunks()), ["Sora 2 下載量"]
    )


def test_an_index_made_under_other_tokenizer_rules_is_rebuilt(settings, embeddings):
    store = EvidenceStore(settings, embeddings)
    store.ingest(load_documents([ROOT / "evidence" / "demo"]))
    folder = settings.workspace / "lexical" / settings.collection
    old = folder / current_version(folder) / "index.json"
    saved = json.loads(old.read_text(encoding="utf-8"))
    old.write_text(json.dumps({**saved, "tokenizer": "older rules"}), encoding="utf-8")

    index = EvidenceStore(settings, embeddings).lexical_index()
    assert sorted(index.ids) == sorted(saved["ids"])
    assert current_version(folder) == index.version != old.parent.name
    first = store.all_chunks()[0]
    assert first.id in [i for i, _ in index.search(first.text[:40], 3)]
