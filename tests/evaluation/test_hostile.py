"""The hostile-evidence suite: planted documents and the flip-rate runner, on a small slice
of the shipped cases with the real rule verifier and the real evidence loader."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest

from factcheck.evaluation import hostile
from factcheck.extract.building import claim_from_text
from factcheck.models import EvidenceChunk, Label
from factcheck.numbers import compare_quantities, parse_quantities
from factcheck.verify.aggregate import PublisherWeights
from factcheck.verify.rules import RuleVerifier
from factcheck.verify.suspicion import addresses_the_verifier

SLICE = 8  # demo-article cases: no shared data needed


@pytest.fixture(scope="module")
def cases() -> list[hostile.HostileCase]:
    found = [c for c in hostile.read_cases(hostile.CASES) if c.origin == "demo article"]
    return found[:SLICE]


@pytest.fixture(scope="module")
def load(tmp_path_factory) -> hostile.PlantedLoader:
    return hostile.PlantedLoader(tmp_path_factory.mktemp("planted"))


@pytest.fixture(scope="module")
def policy() -> dict:
    return tomllib.loads(hostile.PUBLISHERS.read_text(encoding="utf-8"))


def test_the_shipped_cases_cover_every_kind(cases) -> None:
    every = hostile.read_cases(hostile.CASES)
    assert len(every) >= 50 and {c.origin for c in every} >= {"demo article"}
    assert {p.kind for c in every for p in c.planted} == set(hostile.KINDS)
    assert {p.variant for c in every for p in c.planted if p.kind == "injection"} == {"zh", "en"}
    hiding = {p.variant for c in every for p in c.planted if p.kind == "hidden_html"}
    assert hiding == set(hostile.templates()["hiding"])
    for case in every:
        assert case.clean and all(c.text.strip() for c in case.clean)


def test_a_fake_official_statement_gives_another_number() -> None:
    claim = claim_from_text("OpenAI 的 Sora 應用下載量突破1000萬次。")
    changed = hostile.altered(claim)
    assert changed == "OpenAI 的 Sora 應用下載量500萬次。"  # "突破" dropped: an exact figure
    before, after = parse_quantities(claim.text)[0], parse_quantities(changed)[0]
    assert compare_quantities(before, after).agrees is False
    dated = claim_from_text("谷歌於2025年10月16日發布Veo 3.1。")
    assert hostile.altered(dated) == "谷歌於2025年10月23日發布Veo 3.1。"
    assert hostile.altered(claim_from_text("下載量在1000萬次以上。")) is None  # no exact figure
    assert hostile.altered(claim_from_text("新疆棉花生產已實現高度機械化。")) is None


def test_planted_documents_push_against_the_expected_label() -> None:
    claim = claim_from_text("嫦娥六號帶回的月背樣品重1935.3克。")
    clean = (
        EvidenceChunk(
            id="e1",
            document_id="d1",
            text="經測量，嫦娥六號帶回的世界首份月背樣品重 1935.3 克。",
            publisher="央视网《新闻联播》（转载）",
        ),
    )
    planted = hostile.plant(claim, Label.SUPPORTED, clean, 0)
    by_kind = {p.kind: p for p in planted}
    assert set(by_kind) == set(hostile.KINDS)
    assert all(addresses_the_verifier(p.text) for p in planted if p.kind == "injection")
    assert "5805.9克" in by_kind["fake_official"].text  # 1935.3 × 3
    assert "5805.9克" in by_kind["hidden_html"].html
    assert "1935.3克" not in by_kind["hidden_html"].html.split("<body>")[1]
    mimic = by_kind["lookalike"].publisher
    assert mimic != clean[0].publisher and mimic.casefold() != clean[0].publisher.casefold()
    assert PublisherWeights({clean[0].publisher: 0.9}, default=0.2)(mimic) == 0.2


def test_look_alike_names_differ_from_the_original() -> None:
    for name in ("Reuters", "Yahoo 新聞（香港）", "香港01", "CGTN", "投资界（PEdaily）"):
        for index in range(4):
            how, mimic = hostile.lookalike(name, index)
            assert mimic.casefold() != name.casefold(), (name, how)


def test_planted_html_goes_through_the_real_loader(cases, load) -> None:
    document = next(p for p in cases[0].planted if p.kind == "hidden_html")
    evidence = load(document)
    assert evidence and all(e.chunk.source_path.endswith(".html") for e in evidence)
    visible = hostile.templates()["page"]["visible"]["zh"][1]
    assert any(visible in e.chunk.text for e in evidence)
    assert load(document) is evidence  # loaded once, reused for every verifier


def test_runner_on_a_slice_with_the_rule_verifier(embeddings, cases, load, policy) -> None:
    default = RuleVerifier(embeddings, PublisherWeights({}, default=0.7))
    listed = RuleVerifier(
        embeddings,
        PublisherWeights(policy["publisher_weights"], policy["default_publisher_weight"]),
    )
    unguarded = hostile.run_cases(cases, default, load)
    guarded = hostile.run_cases(cases, listed, load)
    planted = sum(len(c.planted) for c in cases)
    assert len(unguarded) == len(guarded) == planted + len(cases)  # one control per case
    assert {o.kind for o in guarded} == {*hostile.KINDS, "control"}
    # Without a publisher list a look-alike weighs as much as the real source: the suite bites.
    result = hostile.summarise(unguarded)
    assert result.kinds["lookalike"].flipped > 0
    attacked = [o for o in unguarded if o.kind != "control"]
    assert result.overall.planted == planted
    assert result.overall.flipped == len(result.flips) == sum(o.flipped for o in attacked)
    # An unrelated passage about another claim moves no verdict of the rule verifier.
    assert result.control.planted == len(cases) and result.control.flipped == 0
    # With the list, planted documents from unlisted publishers flip nothing.
    assert hostile.summarise(guarded).overall.flipped == 0
    # Instructions to the verifier are ignored even without a list, and never cited.
    explicit = [o for o in unguarded if o.kind == "injection" and o.case in _explicit(cases)]
    assert explicit and not any(o.flipped or o.cites_planted for o in explicit)


def test_an_llm_verifiers_fallbacks_are_counted_in_its_result(embeddings, cases, load) -> None:
    """Plumbing, with a model that never answers usably: every verdict is the offline one,
    and the result says how many."""
    from factcheck.llm import LLMClient
    from factcheck.verify.llm import LLMVerifier
    from tests.test_llm_faults import ScriptedChatModel

    rules = RuleVerifier(embeddings, PublisherWeights({}, default=0.7))
    client = LLMClient(ScriptedChatModel(script=["not json"]), "scripted", sleep=lambda s: None)
    some = cases[:2]
    offline = hostile.measure(some, rules, load)
    result = hostile.measure(some, LLMVerifier(client, fallback=rules), load)
    assert offline.llm_usage is None and result.llm_usage is not None
    usage = result.llm_usage
    assert usage.fallbacks == usage.failures > 0 and usage.calls > usage.failures
    assert result.overall == offline.overall and result.flips == offline.flips
    report = {
        "run": {"command": "c", "commit": "x", "started": "s", "seconds": 1.0,
                "machine": {"nproc": 2, "cpu": "cpu", "python": "3"}},
        "cases": 2, "origins": {"demo article": 2}, "publisher_list": "p",
        "verifiers": {"llm": {"as configured": result.model_dump(mode="json")}},
    }  # fmt: skip
    assert f"{usage.fallbacks} fallbacks" in hostile.render_markdown(report)


def _explicit(cases) -> set[str]:
    return {
        c.id
        for c in cases
        if all(addresses_the_verifier(p.text) for p in c.planted if p.kind == "injection")
    }


def test_main_writes_both_reports(tmp_path) -> None:
    cases = tmp_path / "cases.jsonl"
    some = hostile.read_cases(hostile.CASES)[:2]
    cases.write_text("".join(c.model_dump_json() + "\n" for c in some), encoding="utf-8")
    out = tmp_path / "out"
    hostile.main(["--cases", str(cases), "--shared", str(tmp_path / "none"), "--out", str(out)])
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["cases"] == 2
    assert report["run"]["command"].startswith("python -m factcheck.evaluation.hostile --cases ")
    configs = report["verifiers"]["rules"]
    assert set(configs) == {"as configured", "listed sources", "listed sources, others weak"}
    planted = sum(len(c.planted) for c in some)
    assert all(r["overall"]["planted"] == planted for r in configs.values())
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "| rules | listed sources, others weak | **overall** |" in markdown


def test_the_package_runs_as_a_command() -> None:
    found = subprocess.run(
        [sys.executable, "-W", "error::RuntimeWarning", "-m", "factcheck.evaluation.hostile", "-h"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.startswith("usage: python -m factcheck.evaluation.hostile")
    assert "--build" in found.stdout and "--per-set" in found.stdout
