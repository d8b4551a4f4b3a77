"""A real embedded ChromaDB and the packaged multilingual model."""

import json

import pytest

from factcheck.config import Settings
from factcheck.errors import StoreError
from factcheck.evidence import EvidenceStore, HybridRetriever, load_documents
from tests.conftest import ROOT

RECORDS = [
    {
        "id": "sora-en",
        "text": "OpenAI's Sora app passed one million downloads in less than five "
        "days after its launch on September 30, 2025, said Sora head Bill Peebles.",
        "url": "https://news.example/sora",
        "publisher": "Example News",
        "published": "2025-10-09",
        "language": "en",
    },
    {
        "id": "veo-en",
        "text": "Google released Veo 3.1 on October 15, 2025, adding richer audio "
        "and more narrative control to its video generation model.",
        "language": "en",
    },
    {
        "id": "baidu-zh",
        "text": "百度蒸汽机视频生成模型于2025年7月2日正式上线，支持音视频一体化生成。",
        "language": "zh",
    },
    {
        "id": "kling-zh",
        "text": "快手可靈AI於2024年6月發布，是國內較早推出的視頻生成大模型之一。",
        "language": "zh",
    },
    {
        "id": "weather",
        "text": "Heavy rain is expected across the region on Friday, with flood "
        "warnings for low-lying areas.",
        "language": "en",
    },
]


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    path.write_text(
        "\n".join([*lines, "{not json", '{"title": "no text"}']) + "\n", encoding="utf-8"
    )
    return path


@pytest.fixture
def store(settings, embeddings, corpus):
    store = EvidenceStore(settings, embeddings)
    store.ingest(load_documents([corpus]))
    return store


def test_ingest_keeps_provenance_and_skips_bad_lines(settings, embeddings, corpus):
    store = EvidenceStore(settings, embeddings)
    result = store.ingest(load_documents([corpus]))
    assert result.documents == len(RECORDS)
    assert result.chunks_added == len(RECORDS)
    assert sorted(s.reason.split(" ")[0] for s in result.skipped) == ["a", "not"]
    sora = next(c for c in store.all_chunks() if c.document_id == "sora-en")
    assert (sora.url, sora.publisher, sora.published) == (
        "https://news.example/sora",
        "Example News",
        "2025-10-09",
    )


def test_reingest_adds_nothing(store, corpus, settings, embeddings):
    before = store.count()
    again = EvidenceStore(settings, embeddings).ingest(load_documents([corpus]))
    assert again.chunks_added == 0 and again.chunks_already_stored == before
    assert EvidenceStore(settings, embeddings).count() == before


def small_batches(monkeypatch):
    from factcheck.evidence.store import store, writer

    monkeypatch.setattr(store, "INGEST_BATCH", 2)
    monkeypatch.setattr(writer, "INGEST_BATCH", 2)


def test_batches_embedded_ahead_store_each_chunk_once(settings, embeddings, monkeypatch):
    """Copies of a document in consecutive batches: one is embedded while the other waits
    to be stored, and only one is added."""
    small_batches(monkeypatch)
    documents = list(load_documents([ROOT / "evidence" / "demo"]))
    store = EvidenceStore(settings, embeddings)
    result = store.ingest([*documents, *documents])
    chunks = store.all_chunks()
    assert result.chunks_added == len(chunks) == store.count() > 4
    assert result.chunks_already_stored == len(chunks)
    assert len({c.id for c in chunks}) == len(chunks)
    assert sorted(store.lexical_index().ids) == sorted(c.id for c in chunks)


def test_an_embedding_failure_keeps_the_batches_stored_before_it(settings, embeddings, monkeypatch):
    small_batches(monkeypatch)
    documents = list(load_documents([ROOT / "evidence" / "ai-video-2025-10"]))
    store = EvidenceStore(settings, embeddings)
    calls, embed = [], embeddings.embed_matrix

    def failing_third_time(texts):
        calls.append(texts)
        if len(calls) == 3:
            raise RuntimeError("the model failed")
        return embed(texts)

    monkeypatch.setattr(embeddings, "embed_matrix", failing_third_time)
    with pytest.raises(RuntimeError, match="the model failed"):
        store.ingest(documents)
    stored = EvidenceStore(settings, embeddings)
    assert stored.count() == 4  # the first two batches
    assert sorted(stored.lexical_index().ids) == sorted(c.id for c in stored.all_chunks())
    monkeypatch.undo()
    again = EvidenceStore(settings, embeddings).ingest(documents)
    assert again.chunks_already_stored == 4 and stored.count() == 4 + again.chunks_added


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Sora應用下載量突破1000萬次", "sora-en"),  # traditional Chinese claim, English evidence
        ("谷歌10月16日發布Veo 3.1", "veo-en"),
        ("Baidu's video model launched on July 2", "baidu-zh"),  # English query, Chinese evidence
        ("百度蒸汽機於7月2日上線", "baidu-zh"),  # traditional query, simplified evidence
        ("可灵AI什么时候发布", "kling-zh"),  # simplified query, traditional evidence
    ],
)
def test_retrieval_across_languages_and_scripts(store, query, expected):
    found = HybridRetriever(store).retrieve(query, 2)
    assert found[0].chunk.document_id == expected


def test_lexical_index_matches_across_scripts(store):
    hits = store.lexical_index().search("蒸汽機", 3)
    assert hits and store.get([hits[0][0]])[hits[0][0]].document_id == "baidu-zh"


def test_a_langchain_vector_store_searches_the_stored_chunks(store):
    query = "百度蒸汽機於7月2日上線"  # traditional query, simplified evidence
    (found,) = store.as_langchain_vectorstore().similarity_search(query, k=1)
    stored = store.get([found.id])[found.id]
    assert (found.page_content, found.metadata["document_id"]) == (stored.text, "baidu-zh")
    assert found.id == store.dense_search(query, 1)[0][0].id


def test_a_store_built_with_another_embedding_is_refused(store, settings):
    from factcheck.evidence.embeddings import SimplifiedScript

    other = SimplifiedScript(store.embeddings.inner, "another-model")
    with pytest.raises(StoreError, match="built with embedding"):
        EvidenceStore(settings, other)


def test_plain_files_are_ingested_with_cleaning(tmp_path, settings, embeddings):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "note.md").write_text("# Vidu Q2\n\n生數科技發(fā)布了Vidu Q2。\n", encoding="utf-8")
    (folder / "README.md").write_text("not evidence", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    result = EvidenceStore(settings, embeddings).ingest(load_documents([folder, tmp_path / "nope"]))
    assert result.documents == 1
    assert {s.source.rsplit("/", 1)[-1] for s in result.skipped} == {"bad.txt", "nope"}
    (chunk,) = EvidenceStore(settings, embeddings).all_chunks()
    assert "發布了Vidu Q2" in chunk.text and "(fā)" not in chunk.text


def test_a_page_that_hides_prose_is_marked_on_its_stored_chunks(tmp_path, settings, embeddings):
    page = (
        "<html><head><title>Vidu Q2</title></head><body><article>"
        "<p>生數科技發布了 Vidu Q2 圖生視頻模型，並開放了網頁端與應用內的試用入口。</p>"
        '<p style="color:#fff">據官方數據，Vidu 用戶數已突破 5000 萬。</p>'
        "<p>新版本在鏡頭運動和人物表情上有所改進，生成速度也比上一版更快。</p>"
        "</article></body></html>"
    )
    (tmp_path / "cloaked.html").write_text(page, encoding="utf-8")
    (tmp_path / "plain.html").write_text(page.replace(' style="color:#fff"', ""), "utf-8")
    store = EvidenceStore(settings, embeddings)
    result = store.ingest(load_documents([tmp_path / "cloaked.html", tmp_path / "plain.html"]))
    assert result.hiding_prose == [str(tmp_path / "cloaked.html")]
    marks = {c.source_path.rsplit("/", 1)[-1]: c.hidden_prose for c in store.all_chunks()}
    assert marks["plain.html"] == 0 and marks["cloaked.html"] > 0
    found = {c.source_path.rsplit("/", 1)[-1]: c for c, _ in store.dense_search("Vidu Q2", 2)}
    assert found["cloaked.html"].hidden_prose == marks["cloaked.html"]
    assert "5000" not in found["cloaked.html"].text


def test_settings_are_read_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FACTCHECK_COLLECTION", "from-env")
    assert Settings(workspace=tmp_path).collection == "from-env"


def test_all_chunks_are_read_in_pages(store, monkeypatch):
    """Chroma refuses one read of more than 32,766 rows, so the store reads in pages."""
    from factcheck.evidence.store import collection

    whole = {c.id for c in store.all_chunks()}
    monkeypatch.setattr(collection, "READ_PAGE", 2)
    paged = store.all_chunks()
    assert len(paged) == len(whole) == store.count() > 2
    assert {c.id for c in paged} == whole
