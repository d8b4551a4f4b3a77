"""`factcheck publishers`: a corpus's publishers as a rating list that the settings load."""

from __future__ import annotations

import json
import tomllib

from factcheck.config import Settings
from factcheck.verify.aggregate import PublisherWeights
from tests.conftest import ROOT
from tests.test_cli import run

CORPUS = ROOT / "evidence" / "ai-video-2025-10"


def _publishers(corpus) -> set[str]:
    records = (json.loads(line) for line in (corpus / "corpus.jsonl").open(encoding="utf-8"))
    return {r["publisher"].strip() for r in records if r.get("publisher")}


def test_the_list_rates_every_publisher_of_the_corpus_and_loads_as_settings(
    tmp_path, monkeypatch
):
    result = run("publishers", str(CORPUS), "--weight", "0.8", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    table = tomllib.loads(result.stdout.decode())["publisher_weights"]
    assert set(table) == _publishers(CORPUS) and len(table) > 10
    assert set(table.values()) == {0.8}
    settings_file = tmp_path / "factcheck.toml"
    settings_file.write_text("default_publisher_weight = 0.3\n" + result.stdout.decode())
    monkeypatch.chdir(tmp_path)
    weights = PublisherWeights.from_settings(Settings())
    assert all(weights(name) == 0.8 for name in table) and weights("Somebody Else") == 0.3


def test_files_without_publishers_are_a_clear_error(tmp_path):
    plain = tmp_path / "notes.txt"
    plain.write_text("A note without provenance.", encoding="utf-8")
    result = run("publishers", str(plain), cwd=tmp_path)
    assert result.returncode != 0
    assert "names its publisher" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
