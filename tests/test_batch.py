"""`factcheck batch`: real articles, the real pipeline, real processes (one killed with -9)."""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from click.testing import CliRunner

from factcheck.batch.journal import Journal
from factcheck.batch.output_files import JOURNAL, SUMMARY, report_name
from factcheck.batch.run import run_batch, thread_safe_pipeline
from factcheck.batch.sources import ArticleSource, list_articles
from factcheck.cli import cli
from factcheck.errors import InputError
from factcheck.models import Label, Report
from factcheck.pipeline import Pipeline
from factcheck.report import FORMATS
from tests.conftest import DEMO_ARTICLE, ROOT

CORPUS = ROOT / "evidence" / "demo"
ENGLISH_ARTICLE = """# Chang'e-6 returns the first far-side samples

China's Chang'e-6 mission launched from Wenchang on May 3, 2024. The lander touched down on
the far side of the Moon on June 2. The return capsule landed in Inner Mongolia on June 25,
2024, after a mission of 53 days. It brought back 1,935.3 grams of lunar soil and rock, the
first samples ever collected from the far side.
"""


def run(*args, cwd, **popen):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "200"}
    command = [sys.executable, "-m", "factcheck.cli", *map(str, args)]
    if popen:
        return subprocess.Popen(command, cwd=cwd, env=env, **popen)
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=900)


def journal_events(out):
    events = []
    for line in (out / JOURNAL).read_text(encoding="utf-8").splitlines():
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a line cut short by kill -9
    return events


def done_ids(out):
    if not (out / JOURNAL).is_file():
        return set()
    return {e["id"] for e in journal_events(out) if e["event"] == "done"}


def reports_in(out):
    return sorted(p.name for p in out.iterdir() if p.name not in {SUMMARY, JOURNAL}
                  and not p.name.startswith("."))  # fmt: skip


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    """One pipeline with the demo evidence, shared by the in-process tests."""
    from factcheck.config import Settings

    work = tmp_path_factory.mktemp("batch-store")
    shared = Pipeline(Settings(workspace=work / "ws", claims_dir=work / "claims"))
    shared.ingest([CORPUS])
    return thread_safe_pipeline(shared)


def test_folder_batch_reports_the_good_and_records_the_bad(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / DEMO_ARTICLE.name).write_bytes(DEMO_ARTICLE.read_bytes())
    (articles / "change6.en.md").write_text(ENGLISH_ARTICLE, encoding="utf-8")
    (articles / "empty.txt").write_bytes(b"")
    (articles / "scan.html").write_bytes(bytes(range(256)) * 20)
    out = tmp_path / "reports"

    result = run("batch", articles, "--out", out, "--evidence", CORPUS, "--concurrency", 2,
                 cwd=tmp_path)  # fmt: skip

    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "2 checked, 2 failed" in result.stderr
    assert reports_in(out) == ["change6.en.json", "demo-article.zh-Hant.json"]
    summary = json.loads((out / SUMMARY).read_text(encoding="utf-8"))
    assert (summary["checked"], summary["failed"]) == (2, 2)
    by_id = {a["id"]: a for a in summary["articles"]}
    assert list(by_id) == ["change6.en", "demo-article.zh-Hant", "empty", "scan"]  # input order
    assert by_id["empty"]["status"] == "failed" and "empty" in by_id["empty"]["error"]
    assert by_id["scan"]["status"] == "failed" and "binary" in by_id["scan"]["error"]
    for article_id in ("change6.en", "demo-article.zh-Hant"):
        entry = by_id[article_id]
        report = Report.model_validate_json((out / entry["report"]).read_text(encoding="utf-8"))
        labels = Counter(c.verdict.label.value for c in report.claims if c.verdict)
        assert entry["status"] == "checked" and entry["error"] is None
        assert entry["claims"] == len(report.claims) > 0
        assert entry["labels"] == {label.value: labels.get(label, 0) for label in Label}
        assert entry["unverified"] == sum(c.verdict is None for c in report.claims)
        assert entry["trust_score"] == report.article.trust_score is not None
        assert entry["seconds"] > 0
        assert (tmp_path / "claims" / f"{article_id}.jsonl").exists()
    assert by_id["demo-article.zh-Hant"]["labels"]["REFUTED"] >= 2  # the demo's planted errors
    assert {e["id"] for e in journal_events(out) if e["event"] == "failed"} == {"empty", "scan"}


def test_resume_after_kill_9_skips_the_finished_and_redoes_the_rest(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    demo = DEMO_ARTICLE.read_text(encoding="utf-8")
    ids = [f"copy{n}" for n in range(1, 7)]
    for n, article_id in enumerate(ids, start=1):
        (articles / f"{article_id}.txt").write_text(f"第{n}版\n{demo}", encoding="utf-8")
    out = tmp_path / "reports"
    args = ("batch", articles, "--out", out, "--evidence", CORPUS, "--concurrency", 1)

    first = run(*args, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Killed once an article is journaled done: a report written but not yet journaled
        # is redone on the re-run, so waiting for the report alone would race.
        while not done_ids(out) and first.poll() is None:
            time.sleep(0.01)
        os.kill(first.pid, signal.SIGKILL)
    finally:
        first.wait(timeout=60)
    assert first.returncode == -signal.SIGKILL, "the batch ended before it could be killed"
    finished = done_ids(out)
    assert 1 <= len(finished) < len(ids)
    written = {i: (out / f"{i}.json").stat().st_mtime_ns for i in finished}

    second = run(*args, cwd=tmp_path)

    assert second.returncode == 0, second.stderr
    assert reports_in(out) == [f"{i}.json" for i in ids]
    assert {i: (out / f"{i}.json").stat().st_mtime_ns for i in finished} == written
    starts = Counter(e["id"] for e in journal_events(out) if e["event"] == "started")
    assert all(starts[i] == 1 for i in finished)
    summary = json.loads((out / SUMMARY).read_text(encoding="utf-8"))
    assert summary["checked"] == len(ids) and summary["failed"] == 0
    assert {a["id"] for a in summary["articles"] if a["earlier_run"]} == finished
    for i in ids:
        report = json.loads((out / f"{i}.json").read_text(encoding="utf-8"))
        assert report["article"]["id"] == i and report["claims"]


def test_jsonl_input_with_relative_paths_inline_text_and_bad_lines(tmp_path, monkeypatch):
    (tmp_path / "in" / "articles").mkdir(parents=True)
    (tmp_path / "in" / "articles" / "demo.txt").write_bytes(DEMO_ARTICLE.read_bytes())
    lines = [
        {"path": "articles/demo.txt", "published": "2025-06-25"},
        {"text": ENGLISH_ARTICLE, "id": "landing", "url": "https://example.org/landing"},
        {"text": "嫦娥六號帶回1935.3克月背樣品。"},
        "not json",
        {"id": "nothing-to-check"},
        {"path": "articles/missing.txt"},
        {"text": "Another text under a used id.", "id": "landing"},
    ]
    jsonl = tmp_path / "in" / "batch.jsonl"
    jsonl.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"

    args = ["--workspace", "ws", "batch", str(jsonl), "--out", str(out), "--evidence", str(CORPUS)]
    result = CliRunner().invoke(cli, args)

    assert result.exit_code == 1, result.output
    summary = json.loads((out / SUMMARY).read_text(encoding="utf-8"))
    status = {a["id"]: (a["status"], a["error"]) for a in summary["articles"]}
    inline_id = next(i for i in status if i.startswith("text-"))
    assert [i for i, (s, _) in status.items() if s == "checked"] == ["demo", "landing", inline_id]
    assert "not JSON" in status["line-4"][1]
    assert "path" in status["line-5"][1] and "text" in status["line-5"][1]
    assert "no such file" in status["missing"][1]
    assert "already used" in status["landing#1"][1]
    demo = json.loads((out / "demo.json").read_text(encoding="utf-8"))
    assert demo["article"]["published"] == "2025-06-25"
    assert demo["article"]["source"] == str(tmp_path / "in" / "articles" / "demo.txt")
    landing = json.loads((out / "landing.json").read_text(encoding="utf-8"))
    assert landing["article"]["url"] == "https://example.org/landing"
    assert landing["article"]["language"] == "en"
    assert reports_in(out) == sorted(["demo.json", "landing.json", f"{inline_id}.json"])


def test_threads_give_the_reports_one_thread_gives(pipeline, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    demo = DEMO_ARTICLE.read_text(encoding="utf-8")
    (folder / "demo.txt").write_text(demo, encoding="utf-8")
    (folder / "english.md").write_text(ENGLISH_ARTICLE, encoding="utf-8")
    (folder / "half.txt").write_text(demo[: len(demo) // 2], encoding="utf-8")
    sources = list_articles(folder)
    out = tmp_path / "out"
    out.mkdir()
    journal = Journal(out / JOURNAL)
    try:
        results = run_batch(pipeline, sources, out, journal, concurrency=3, save_claims=False)
    finally:
        journal.close()
    assert [r.status for r in results] == ["checked"] * 3
    for source in sources:
        alone = pipeline.check(source.document())
        assert (out / f"{source.id}.json").read_text(encoding="utf-8") == (
            alone.model_dump_json(indent=2) + "\n"
        )


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_report_format_is_written(pipeline, tmp_path, fmt):
    source = ArticleSource(id="landing", where="<test>", text=ENGLISH_ARTICLE)
    journal = Journal(tmp_path / JOURNAL)
    try:
        [result] = run_batch(pipeline, [source], tmp_path, journal, fmt=fmt, save_claims=False)
    finally:
        journal.close()
    assert result.status == "checked", result.error
    text = (tmp_path / report_name("landing", fmt)).read_text(encoding="utf-8")
    assert result.report == report_name("landing", fmt)
    assert result.report not in {SUMMARY, JOURNAL}
    if fmt in {"json", "claimreview"}:
        assert json.loads(text)
    assert "1,935.3 grams" in text


def test_folder_listing_ids_hidden_files_and_the_output_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".drafts").mkdir()
    (tmp_path / "out").mkdir()
    for name in ("a.txt", "a.md", "sub/a.html", "summary.txt", ".hidden.txt", ".drafts/b.txt",
                 "out/a.md", "notes.pdf"):  # fmt: skip
        (tmp_path / name).write_text("text", encoding="utf-8")
    sources = list_articles(tmp_path, tmp_path / "out")
    assert [(s.id, s.problem is None) for s in sources] == [
        ("a", True), ("a#1", False), ("sub-a", True), ("summary#1", False),
    ]  # fmt: skip
    assert "already used" in sources[1].problem and "reserved" in sources[3].problem
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no articles"):
        list_articles(tmp_path / "empty")
    with pytest.raises(InputError, match="folder of articles or a .jsonl"):
        list_articles(tmp_path / "a.txt")


def test_journal_survives_a_torn_line_and_locks_the_folder(tmp_path):
    path = tmp_path / JOURNAL
    source = ArticleSource(id="a", where="a.txt", text="Some text.")
    done = {"event": "done", "id": "a", "source": "a.txt", "status": "checked", "seconds": 1.0,
            "report": "a.json", "fingerprint": source.fingerprint("json")}  # fmt: skip
    path.write_text(json.dumps(done) + '\n{"event": "started", "id": "b"', encoding="utf-8")
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    journal = Journal(path)
    try:
        earlier = journal.finished(source, "json", tmp_path)
        assert earlier is not None and earlier.earlier_run and earlier.report == "a.json"
        assert journal.finished(source, "md", tmp_path) is None  # another format: redo
        changed = ArticleSource(id="a", where="a.txt", text="Other text.")
        assert journal.finished(changed, "json", tmp_path) is None  # another input: redo
        with pytest.raises(InputError, match="another batch"):
            Journal(path)
        journal.write({"event": "started", "id": "c"})
    finally:
        journal.close()
    assert [e["id"] for e in journal_events(tmp_path)] == ["a", "c"]
