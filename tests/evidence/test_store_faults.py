"""The evidence store under faults: kill -9 mid-ingest, two ingests at once, bad files.

Real ingests (the ``factcheck ingest`` command in its own process) of a couple of thousand
short texts from real writing, into a real embedded ChromaDB, with the packaged embedding.
"""

import codecs
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import chromadb
import pytest

from factcheck.config import Settings
from factcheck.evidence import EvidenceStore, HybridRetriever, load_documents
from factcheck.evidence.lexical import LexicalIndex, current_version
from factcheck.intake.document import MAX_ARTICLE_BYTES
from factcheck.script import to_simplified
from tests.conftest import ROOT, SHARED

TEXTS = 2000
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")


def real_texts(count: int) -> list[str]:
    """``count`` distinct short texts: sentences of the corpora in evidence/, claims of the
    shared sets when they are there, then pairs of evidence sentences. Texts that read alike
    in simplified script count once (they embed alike)."""
    sentences = [
        sentence.strip()
        for corpus in sorted((ROOT / "evidence").glob("*/corpus.jsonl"))
        for line in corpus.read_text(encoding="utf-8").splitlines()
        for sentence in _SENTENCE_END.split(json.loads(line)["text"])
        if len(sentence.strip()) > 20
    ]
    claims = []
    for path in sorted((SHARED / "eval").glob("*/claims.jsonl")):  # none when shared is absent
        with path.open(encoding="utf-8") as lines:
            claims += [json.loads(line)["claim"] for line in itertools.islice(lines, 300)]
    pairs = (f"{a} {b}" for a, b in itertools.permutations(sentences, 2))
    distinct: dict[str, str] = {}
    for text in itertools.chain(sentences, claims, pairs):
        if 10 <= len(text.strip()) <= 400:
            distinct.setdefault(to_simplified(text.strip()), text.strip())
        if len(distinct) == count:
            return list(distinct.values())
    raise AssertionError(f"only {len(distinct)} distinct texts")


def write_corpus(path: Path, texts: dict[str, str]) -> Path:
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in texts.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {f"t{n:05d}": text for n, text in enumerate(real_texts(TEXTS))}


@pytest.fixture
def start_ingest():
    """Starts ``factcheck --workspace W ingest CORPUS`` processes; kills any left running."""
    started: list[subprocess.Popen] = []

    def start(workspace: Path, corpus: Path) -> subprocess.Popen:
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
        command = [sys.executable, "-m", "factcheck.cli", "--workspace", str(workspace)]
        process = subprocess.Popen(
            [*command, "ingest", str(corpus)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def expected_ids(store: EvidenceStore, corpus: Path) -> set[str]:
    return {c.id for doc in load_documents([corpus]) for c in store.chunk(doc)}


def assert_consistent(store: EvidenceStore, expected: set[str], *, complete: bool) -> None:
    """Every chunk once, none foreign, the lexical index over exactly Chroma's chunks, and
    each of a sample found by its own text."""
    chunks = store.all_chunks()
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids)) == store.count()
    assert len({c.text for c in chunks}) == len(chunks)
    assert set(ids) == expected if complete else set(ids) < expected
    assert set(store.get(sorted(ids))) == set(ids)
    assert sorted(store.lexical_index().ids) == sorted(ids)
    for chunk in chunks[:: max(1, len(chunks) // 15)]:
        (nearest, similarity), *_ = store.dense_search(chunk.text, 3)
        assert nearest.id == chunk.id and similarity > 0.99


def test_an_ingest_killed_midway_is_finished_by_running_it_again(
    tmp_path, settings, embeddings, texts, start_ingest
):
    corpus = write_corpus(tmp_path / "corpus.jsonl", texts)
    ingest = start_ingest(settings.workspace, corpus)
    store = EvidenceStore(settings, embeddings)
    expected = expected_ids(store, corpus)
    while store.count() < len(expected) // 4:
        assert ingest.poll() is None, f"the ingest ended before it could be killed: {ingest}"
        time.sleep(0.1)
    ingest.send_signal(signal.SIGKILL)
    assert ingest.wait(timeout=60) == -signal.SIGKILL

    assert 0 < store.count() < len(expected)
    assert_consistent(store, expected, complete=False)  # the lexical index healed on opening

    again = start_ingest(settings.workspace, corpus)
    _, stderr = again.communicate(timeout=900)
    assert again.returncode == 0, stderr
    assert_consistent(store, expected, complete=True)
    sample = list(texts.items())[:: len(texts) // 10]
    retriever = HybridRetriever(store)
    for record_id, text in sample:
        assert retriever.retrieve(text, 3)[0].chunk.document_id == record_id


def test_two_ingests_at_once_store_every_chunk_once(
    tmp_path, settings, embeddings, texts, start_ingest
):
    items = list(texts.items())
    third = len(items) // 3
    first = write_corpus(tmp_path / "first.jsonl", dict(items[: 2 * third]))
    second = write_corpus(tmp_path / "second.jsonl", dict(items[third:]))
    ingests = [start_ingest(settings.workspace, corpus) for corpus in (first, second)]
    store = EvidenceStore(settings, embeddings)
    expected = expected_ids(store, first) | expected_ids(store, second)
    retriever = HybridRetriever(store)
    reads = 0
    while any(ingest.poll() is None for ingest in ingests):  # a reader, open all along
        for hit in retriever.retrieve(items[reads % len(items)][1], 3):
            assert hit.chunk.id in expected
        reads += 1
        time.sleep(0.2)
    outputs = [ingest.communicate()[1] for ingest in ingests]
    assert [ingest.returncode for ingest in ingests] == [0, 0], outputs
    added = [int(re.search(r"(\d+) chunks added", output)[1]) for output in outputs]
    assert sum(added) == len(expected) and reads > 0
    assert_consistent(store, expected, complete=True)


def test_a_lexical_index_a_crash_left_behind_is_rebuilt_on_opening(settings, embeddings):
    store = EvidenceStore(settings, embeddings)
    store.ingest(load_documents([ROOT / "evidence" / "demo"]))
    stored = store.all_chunks()
    folder = settings.workspace / "lexical" / settings.collection
    # Chroma written, the lexical commit never made: an index of fewer chunks is current ...
    behind = LexicalIndex.build((c.id, c.text) for c in stored[:3])
    behind.commit(folder)
    # ... beside a version a crash cut short before CURRENT named it.
    (folder / "cut-short").mkdir()
    (folder / "cut-short" / "index.json").write_text('{"ids": ["ev-', encoding="utf-8")

    healed = EvidenceStore(settings, embeddings).lexical_index()
    assert sorted(healed.ids) == sorted(c.id for c in stored)
    assert current_version(folder) == healed.version != behind.version
    assert sorted(p.name for p in folder.iterdir()) == sorted(["CURRENT", healed.version])


def test_an_unreadable_lexical_index_is_rebuilt(settings, embeddings):
    store = EvidenceStore(settings, embeddings)
    store.ingest(load_documents([ROOT / "evidence" / "demo"]))
    folder = settings.workspace / "lexical" / settings.collection
    version = folder / current_version(folder)
    for file in version.glob("*.npy"):
        file.write_bytes(file.read_bytes()[:20])
    index = EvidenceStore(settings, embeddings).lexical_index()
    assert sorted(index.ids) == sorted(c.id for c in store.all_chunks())
    assert index.version != version.name
    hits = index.search("how many grams of samples did Chang'e-6 collect", 3)
    assert hits and "1,935.3" in store.get([hits[0][0]])[hits[0][0]].text


def copy_of(settings: Settings, name: str) -> Settings:
    """The workspace copied, for a fresh Chroma client (this process keeps the original's)."""
    shutil.copytree(settings.workspace, settings.workspace.with_name(name))
    return settings.model_copy(update={"workspace": settings.workspace.with_name(name)})


def test_a_vector_index_a_crash_damaged_is_rebuilt_from_the_journal(
    tmp_path, settings, embeddings, texts
):
    # Chroma writes its index files once a collection passes 1,000 vectors
    corpus = write_corpus(tmp_path / "corpus.jsonl", dict(list(texts.items())[:1200]))
    store = EvidenceStore(settings, embeddings)
    store.ingest(load_documents([corpus]))
    damaged = copy_of(settings, "damaged")
    (segment,) = (p for p in damaged.chroma_path.iterdir() if p.is_dir())
    pickle = segment / "index_metadata.pickle"
    pickle.write_bytes(pickle.read_bytes()[:100])  # as a kill while Chroma writes it leaves it
    client = chromadb.PersistentClient(path=str(damaged.chroma_path))
    with pytest.raises(chromadb.errors.InternalError):
        client.get_collection("evidence").count()
    client.close()

    healed = EvidenceStore(damaged, embeddings)
    assert sorted(healed.all_chunks(), key=str) == sorted(store.all_chunks(), key=str)
    assert_consistent(healed, {c.id for c in store.all_chunks()}, complete=True)


def test_a_rebuild_cut_short_is_finished_on_opening(settings, embeddings):
    store = EvidenceStore(settings, embeddings)
    store.ingest(load_documents([ROOT / "evidence" / "demo"]))
    stored = sorted(c.id for c in store.all_chunks())
    cut = copy_of(settings, "cut")
    journal = cut.workspace / "chunks" / "evidence.jsonl"
    with journal.open("a", encoding="utf-8") as out:
        out.write('{"id": "ev-torn", "document_id": "x", "te')  # an append a kill cut short
    journal.with_suffix(".rebuilding").touch()
    client = chromadb.PersistentClient(path=str(cut.chroma_path))
    client.get_collection("evidence").delete(ids=stored[: len(stored) // 2])
    client.close()

    reopened = EvidenceStore(cut, embeddings)
    assert sorted(c.id for c in reopened.all_chunks()) == stored
    assert sorted(reopened.lexical_index().ids) == stored
    assert not journal.with_suffix(".rebuilding").exists()


def test_a_store_without_a_journal_gets_one_at_its_next_ingest(settings, embeddings):
    store = EvidenceStore(settings, embeddings)
    store.ingest(load_documents([ROOT / "evidence" / "demo"]))
    journal = settings.workspace / "chunks" / "evidence.jsonl"
    journal.unlink()  # as in a store made before the journal
    store.ingest(load_documents([ROOT / "evidence" / "ai-video-2025-10"]))
    journaled = [json.loads(line)["id"] for line in journal.read_text("utf-8").splitlines()]
    assert sorted(journaled) == sorted(c.id for c in store.all_chunks())


GOOD = {
    "good-en": "Veo 3.1 was released by Google on October 15, 2025, with richer audio.",
    "good-zh": "百度蒸汽机视频生成模型于2025年7月2日正式上线，支持音视频一体化生成。",
    "gb18030": "快手可灵AI于2024年6月发布，是国内较早推出的视频生成大模型之一。",
    "utf16": "Sora 應用在上線不到五天內下載量突破一百萬次。",
    "after-long": "Grok Imagine 0.9 was released in October 2025 by xAI.",
}


BIG5 = (
    "快手可靈AI於2024年6月發布，是國內較早推出的視頻生成大模型之一。"
    "可靈的導演共創計劃邀請多位電影導演使用模型創作短片，並在上海國際電影節期間放映。"
)


def record(record_id: str) -> str:
    return json.dumps({"id": record_id, "text": GOOD[record_id]}, ensure_ascii=False) + "\n"


def bad_folder(folder: Path) -> Path:
    """Files an ingest meets in the wild; the good records in them are in GOOD."""
    folder.mkdir()
    (folder / "mixed.jsonl").write_text(
        record("good-en")
        + "{not json\n[1, 2]\n"
        + '{"title": "no text"}\n{"text": "   "}\n\n'
        + record("good-zh"),
        encoding="utf-8",
    )
    (folder / "gb18030.jsonl").write_bytes(record("gb18030").encode("gb18030"))
    (folder / "utf16.jsonl").write_bytes(codecs.BOM_UTF16_LE + record("utf16").encode("utf-16-le"))
    long_line = '{"text": "' + "x" * MAX_ARTICLE_BYTES + '"}\n'
    (folder / "long-line.jsonl").write_text(long_line + record("after-long"), encoding="utf-8")
    (folder / "binary.jsonl").write_bytes(bytes(range(256)) * 64)
    (folder / "empty.jsonl").write_bytes(b"")
    (folder / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03\xff" * 400)
    (folder / "huge.txt").write_bytes(b"Sora downloads. " * (MAX_ARTICLE_BYTES // 16 + 1))
    (folder / "no-text.html").write_text(
        "<html><body><script>var views = 1;</script></body></html>", encoding="utf-8"
    )
    (folder / "big5.txt").write_bytes(BIG5.encode("big5"))
    return folder


def test_bad_evidence_is_skipped_and_the_store_is_left_as_it_was(tmp_path, settings, embeddings):
    store = EvidenceStore(settings, embeddings)
    store.ingest(load_documents([ROOT / "evidence" / "demo"]))
    before = {c.id: c for c in store.all_chunks()}

    result = store.ingest(load_documents([bad_folder(tmp_path / "bad")]))

    reasons = {Path(s.source).name: s.reason for s in result.skipped}
    assert reasons == {
        "mixed.jsonl:2": "not JSON (Expecting property name enclosed in double quotes)",
        "mixed.jsonl:3": 'a record needs a "text" string',
        "mixed.jsonl:4": 'a record needs a "text" string',
        "mixed.jsonl:5": "empty text",
        "long-line.jsonl:1": f"the line is longer than {MAX_ARTICLE_BYTES:,} characters",
        "binary.jsonl": reasons["binary.jsonl"],
        "empty.jsonl": "the input is empty",
        "blank.txt": "the input is empty",
        "binary.txt": reasons["binary.txt"],
        "huge.txt": f"the file is larger than {MAX_ARTICLE_BYTES:,} bytes",
        "no-text.html": "no article text is left after removing page boilerplate",
    }
    assert "binary" in reasons["binary.jsonl"] and "binary" in reasons["binary.txt"]
    after = {c.id: c for c in store.all_chunks()}
    assert {i: after[i] for i in before} == before  # nothing stored was touched
    added = [after[i] for i in set(after) - set(before)]
    assert result.chunks_added == len(added) and result.documents == len(GOOD) + 1
    by_document = {c.document_id: c.text for c in added}
    assert {i: by_document.get(i) for i in GOOD} == GOOD  # decoded right, whatever the encoding
    assert [t for i, t in by_document.items() if i not in GOOD] == [BIG5]
    assert sorted(store.lexical_index().ids) == sorted(after)
