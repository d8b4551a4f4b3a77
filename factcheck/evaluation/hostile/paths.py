"""Where the hostile-evidence suite reads its cases and wording and writes its reports."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "eval" / "hostile" / "cases.jsonl"
TEMPLATES = ROOT / "eval" / "hostile" / "templates.toml"
PUBLISHERS = ROOT / "eval" / "hostile" / "publishers.toml"
ARTICLES_SUITE = ROOT / "eval" / "suites" / "articles.toml"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
OUT = ROOT / "eval" / "reports" / "hostile"
