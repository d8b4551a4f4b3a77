"""`factcheck init`: the folder it makes, and a settings file that Settings really loads."""

import os
import re
import subprocess
import sys
import tomllib

import pytest

from factcheck.config import Settings
from factcheck.evidence.documents import EVIDENCE_SUFFIXES
from factcheck.workspace import init_workspace, settings_toml

_DEFAULT_LINE = re.compile(r"^# (\w+) = (.+)$", re.M)


def run_init(*args, cwd):
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "factcheck.cli", "init", *args],
        cwd=cwd, capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


@pytest.fixture
def clean_env(monkeypatch):
    for name in os.environ:
        if name.startswith("FACTCHECK_"):
            monkeypatch.delenv(name)


def test_init_makes_the_folder_with_every_setting(tmp_path):
    result = run_init("newsroom", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "newsroom"
    assert (folder / "claims").is_dir() and (folder / "evidence").is_dir()
    readme = (folder / "evidence" / "README.md").read_text(encoding="utf-8")
    assert all(suffix in readme for suffix in EVIDENCE_SUFFIXES)
    assert "publisher" in readme and "factcheck ingest evidence" in readme
    toml = (folder / "factcheck.toml").read_text(encoding="utf-8")
    comments = " ".join(line[2:] for line in toml.splitlines() if line.startswith("# "))
    for name, field in Settings.model_fields.items():
        assert re.search(rf"^# {name} =", toml, re.M), name
        assert (field.description or "") in comments, name
    assert tomllib.loads(toml) == {}  # everything is commented out: the defaults hold
    assert "/.factcheck/" in (folder / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "wrote" in result.stderr and "next:" in result.stderr


def test_uncommented_defaults_load_as_the_defaults(tmp_path, monkeypatch, clean_env):
    """Every default line, uncommented, is valid TOML for its setting and gives its default."""
    init_workspace(tmp_path)
    text = (tmp_path / "factcheck.toml").read_text(encoding="utf-8")
    uncommented = _DEFAULT_LINE.sub(r"\1 = \2", text)
    values = tomllib.loads(uncommented)
    with_defaults = {n for n, f in Settings.model_fields.items() if f.get_default() is not None}
    assert set(values) == with_defaults
    (tmp_path / "factcheck.toml").write_text(uncommented, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    loaded = Settings()
    for name in with_defaults:
        assert getattr(loaded, name) == Settings.model_fields[name].get_default(
            call_default_factory=True
        )


def test_a_changed_setting_is_read(tmp_path, monkeypatch, clean_env):
    init_workspace(tmp_path)
    path = tmp_path / "factcheck.toml"
    text = path.read_text(encoding="utf-8").replace("# top_k = 5", "top_k = 9")
    text = text.replace("# chroma_url =", 'chroma_url = "http://127.0.0.1:8000"')
    text = text.replace("# publisher_weights = {}", 'publisher_weights = {"Reuters" = 1.0}')
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    loaded = Settings()
    assert loaded.top_k == 9 and loaded.chroma_url == "http://127.0.0.1:8000"
    assert loaded.publisher_weights == {"Reuters": 1.0}


def test_init_refuses_to_overwrite_unless_forced(tmp_path):
    (tmp_path / "factcheck.toml").write_text("top_k = 7\n", encoding="utf-8")
    refused = run_init(cwd=tmp_path)
    assert refused.returncode != 0
    assert "already there" in refused.stderr and "--force" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert (tmp_path / "factcheck.toml").read_text(encoding="utf-8") == "top_k = 7\n"
    assert not (tmp_path / "evidence").exists()  # nothing made when refusing

    forced = run_init("--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert (tmp_path / "factcheck.toml").read_text(encoding="utf-8") == settings_toml()


def test_gitignore_is_extended_once(tmp_path):
    (tmp_path / ".gitignore").write_text("*.pyc", encoding="utf-8")  # no final newline
    init_workspace(tmp_path)
    init_workspace(tmp_path, force=True)
    lines = (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert lines == ["*.pyc", "/.factcheck/"]
