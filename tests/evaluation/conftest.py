"""Fixtures of the evaluation tests: a tiny set in the shared layout and a counting verifier."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from factcheck import registry
from factcheck.models import Claim, Evidence, Label, Verdict

ROOT = Path(__file__).resolve().parents[2]
SHARED_EVAL = ROOT.parent / "shared" / "eval"

TINY_RECORDS = [
    {"id": "a", "claim": "The sky is blue.", "label": "SUPPORTED", "lang": "en", "split": "dev",
     "evidence": [{"text": "The sky is blue, everyone agrees.", "source": "d1"}]},
    {"id": "b", "claim": "Grass is red.", "label": "REFUTED", "lang": "en", "split": "dev",
     "evidence": [{"text": "Grass is green.", "source": "d2"}]},
    {"id": "c", "claim": "天空是蓝色的", "label": "SUPPORTED", "lang": "zh", "split": "dev",
     "evidence": [{"text": "大家都说天空是蓝色的", "source": "d3"}]},
    {"id": "d", "claim": "Water boils at 50 degrees.", "label": "REFUTED", "lang": "en",
     "split": "dev", "evidence": [{"text": "Water boils at 100 degrees.", "source": "d4"}]},
    {"id": "e", "claim": "Mars has two moons.", "label": "NOT_ENOUGH_INFO", "lang": "en",
     "split": "dev", "evidence": []},
    {"id": "f", "claim": "Training claim.", "label": "SUPPORTED", "lang": "en", "split": "train",
     "evidence": []},
]  # fmt: skip


class SubstringVerifier:
    """SUPPORTED when some evidence contains the claim (minus its full stop), REFUTED when
    there is evidence, NOT_ENOUGH_INFO without; counts its calls."""

    name = "substring"
    calls = 0

    def verify(self, claim: Claim, evidence: Sequence[Evidence]) -> Verdict:
        type(self).calls += 1
        text = claim.text.rstrip(".")
        if not evidence:
            label, score = Label.NOT_ENOUGH_INFO, 0.5
        elif any(text in e.chunk.text for e in evidence):
            label, score = Label.SUPPORTED, 0.9
        else:
            label, score = Label.REFUTED, 0.2
        return Verdict(label=label, score=score, rationale="test", verifier=self.name)


registry.register("verifier", "substring")(lambda settings: SubstringVerifier())


@pytest.fixture
def substring_verifier() -> type[SubstringVerifier]:
    SubstringVerifier.calls = 0
    return SubstringVerifier


@pytest.fixture
def tiny_set(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    folder.mkdir()
    lines = [json.dumps(r, ensure_ascii=False) for r in TINY_RECORDS]
    lines.insert(2, '{"id": "broken", "claim": ')  # cut short
    lines.insert(4, json.dumps({"id": "x", "claim": "No label here.", "evidence": []}))
    (folder / "claims.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def shared_chef() -> Path:
    path = SHARED_EVAL / "chef"
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared sets sit beside the repository only in CI")
    return path
