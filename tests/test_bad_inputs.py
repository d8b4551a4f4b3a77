"""Bad input through the command line, as a user meets it: each file is either read (exit 0,
a report whose spans slice the file as read) or refused with one clear line on stderr and no
traceback; and a store filled before is left exactly as it was by bad evidence."""

from __future__ import annotations

import json

import pytest

from factcheck.intake.decoding import decode_bytes
from tests.conftest import ROOT
from tests.test_cli import run

ZH = "百度於2025年10月15日發布蒸汽機模型，首日用戶突破100萬。"
ZH_HANS = "百度于2025年10月15日发布蒸汽机模型，首日用户突破100万人次，引发行业关注。"
EN = "OpenAI released Sora 2 on September 30, 2025, and the app passed 1 million downloads."


def _files() -> dict[str, tuple[bytes, str | None]]:
    """name -> (bytes, the refusal expected on stderr, or None when the file must be read)."""
    return {
        "empty.txt": (b"", "empty"),
        "blank.txt": (b" \n\t\n   \n", "empty"),
        "binary.txt": (bytes(range(256)) * 64, "binary"),
        "huge.txt": ((EN + "\n").encode() * (50_000_000 // len(EN)), "larger than"),
        "gbk.txt": ((ZH_HANS * 3).encode("gbk"), None),
        "big5.txt": ((ZH * 3).encode("big5"), None),
        "utf16.txt": ((ZH + "\n" + EN).encode("utf-16"), None),
        "mixed.txt": (f"{ZH} {EN} Привет, мир. 😀 ".encode() * 3, None),
        "broken.html": (
            b"<html><body><p>" + EN.encode() + b"<div><p>" + ZH.encode() + b"</b></i><script>x(",
            None,
        ),
        "one-line.txt": ((EN + " ").encode() * 40_000, None),
    }  # fmt: skip


FILES = _files()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("bad-inputs")
    for name, (data, _) in FILES.items():
        (path / name).write_bytes(data)
    return path


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_bad_input_is_read_or_refused_in_one_line(folder, name):
    refusal = FILES[name][1]
    result = run("extract", name, "--no-save-claims", cwd=folder)
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    if refusal:
        assert result.returncode == 1
        assert len(stderr.strip().splitlines()) == 1 and refusal in stderr, stderr
        return
    assert result.returncode == 0, stderr
    report = json.loads(result.stdout)
    as_read = decode_bytes((folder / name).read_bytes(), source=name)
    assert report["claims"], "a readable article with dated, numeric claims yields claims"
    for claim in report["claims"]:
        span = claim["span"]
        assert as_read[span["start"] : span["end"]] == claim["source_text"]


def test_bad_evidence_leaves_the_store_as_it_was(tmp_path):
    good = ROOT / "evidence" / "demo"
    assert run("--workspace", "ws", "ingest", str(good), cwd=tmp_path).returncode == 0
    before = run("--workspace", "ws", "search", "蒸汽機", "-k", "50", "--json", cwd=tmp_path)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.jsonl").write_bytes(b'{"text": "unterminated\n\xff\xfe\x00garbage\n[1, 2]\n')
    (bad / "empty.md").write_bytes(b"")
    (bad / "binary.html").write_bytes(bytes(range(256)) * 64)
    result = run("--workspace", "ws", "ingest", str(bad), cwd=tmp_path)
    stderr = result.stderr.decode()
    assert result.returncode == 0 and "Traceback" not in stderr
    assert "0 chunks added" in stderr and "skipped" in stderr
    after = run("--workspace", "ws", "search", "蒸汽機", "-k", "50", "--json", cwd=tmp_path)
    assert json.loads(after.stdout) == json.loads(before.stdout)
