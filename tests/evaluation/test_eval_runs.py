"""Whole runs: gold evidence with a real verifier, resuming, the JSON contract, retrieval."""

from __future__ import annotations

import json

import pytest

from factcheck.config import Settings
from factcheck.evaluation import metrics, report_json, report_markdown
from factcheck.evaluation.datasets import EvalRecord, GoldEvidence
from factcheck.evaluation.evaluators.base import claim_for
from factcheck.evaluation.evaluators.evidence import gold_evidence
from factcheck.evaluation.predictions import CACHE_FILE
from factcheck.evaluation.runner import run_evaluation
from factcheck.evaluation.stamp import code_stamp
from factcheck.models import Label
from factcheck.verify.aggregate import PublisherWeights
from factcheck.verify.rules import RuleVerifier

CONTRACT = {"n", "accuracy", "macro_f1", "per_label", "ece", "seconds_per_claim", "verifiers"}


@pytest.fixture
def eval_settings(tmp_path) -> Settings:
    return Settings(workspace=tmp_path / "ws", claims_dir=tmp_path / "claims")


@pytest.fixture(scope="session")
def chef_report(shared_chef, tmp_path_factory):
    out = tmp_path_factory.mktemp("chef")
    settings = Settings(workspace=out / "ws")
    return run_evaluation([str(shared_chef)], ["rules"], out=out, limit=30, settings=settings)


def test_rules_verifier_on_gold_evidence_of_a_shared_set(chef_report):
    (chef,) = chef_report.datasets
    assert (chef.name, chef.mode, chef.split) == ("chef", "evidence", "dev")
    assert list(chef.verifiers) == ["rules", "majority"]
    rules = chef.verifiers["rules"].metrics
    assert rules.n == 30
    assert sum(map(sum, rules.confusion)) == 30
    assert sum(s.support for s in rules.per_label.values()) == 30
    assert rules.accuracy_ci.low <= rules.accuracy <= rules.accuracy_ci.high
    assert 0.0 <= rules.ece <= 1.0 and sum(b.count for b in rules.reliability) == 30
    assert rules.per_language["zh"].n == 30
    assert rules.seconds_per_claim > 0 and rules.tokens is None and rules.cost_usd is None
    majority = chef.verifiers["majority"].metrics
    assert {label for label, _ in zip(majority.confusion_labels, majority.confusion, strict=True)}
    assert chef_report.run.machine.nproc >= 1 and chef_report.run.machine.python


def test_json_top_level_maps_each_set_to_the_primary_verifiers_measures(chef_report):
    found = json.loads(report_json.render(chef_report))
    assert set(found) == {"chef"}
    chef = found["chef"]
    assert set(chef) >= CONTRACT
    assert chef["primary_verifier"] == "rules"
    assert chef["accuracy"] == chef["verifiers"]["rules"]["accuracy"]
    assert set(chef["verifiers"]) == {"rules", "majority"}
    assert CONTRACT - {"verifiers"} <= set(chef["verifiers"]["majority"])
    assert {"precision", "recall", "f1", "support"} == set(next(iter(chef["per_label"].values())))
    meta = chef["run"]
    assert {"command", "commit", "machine"} <= set(meta)
    assert {"nproc", "cpu", "python"} <= set(meta["machine"])


def test_second_run_computes_nothing_new(tiny_set, tmp_path, eval_settings, substring_verifier):
    out = tmp_path / "out"
    first = run_evaluation([str(tiny_set)], ["substring"], out=out, settings=eval_settings)
    assert substring_verifier.calls == 5  # the dev split, the malformed lines left out
    cached = (out / CACHE_FILE).read_text().splitlines()
    assert len(cached) == 10  # the verifier's and the baseline's
    second = run_evaluation([str(tiny_set)], ["substring"], out=out, settings=eval_settings)
    assert substring_verifier.calls == 5
    assert (out / CACHE_FILE).read_text().splitlines() == cached
    assert first.datasets[0].verifiers == second.datasets[0].verifiers
    metrics = first.datasets[0].verifiers["substring"].metrics
    assert metrics.accuracy == 1.0 and metrics.per_language["zh"].n == 1
    assert len(first.datasets[0].skipped) == 2


def test_an_interrupted_run_resumes_where_it_stopped(tiny_set, tmp_path, eval_settings,
                                                     substring_verifier):  # fmt: skip
    out = tmp_path / "out"
    run_evaluation([str(tiny_set)], ["substring"], out=out, settings=eval_settings, limit=2)
    assert substring_verifier.calls == 2
    run_evaluation([str(tiny_set)], ["substring"], out=out, settings=eval_settings)
    assert substring_verifier.calls == 5


def test_predictions_made_with_other_settings_are_not_reused(
    tiny_set, tmp_path, eval_settings, substring_verifier
):
    out = tmp_path / "out"
    run_evaluation([str(tiny_set)], ["substring"], out=out, settings=eval_settings)
    changed = eval_settings.model_copy(update={"default_publisher_weight": 0.3})
    second = run_evaluation([str(tiny_set)], ["substring"], out=out, settings=changed)
    assert substring_verifier.calls == 10  # every prediction made again
    assert "10 cached predictions made by other code or settings dropped" in second.notes
    lines = (out / CACHE_FILE).read_text().splitlines()
    assert len(lines) == 10  # the stale ones removed from the file, not left beside
    stamps = {json.loads(line)["stamp"] for line in lines}
    assert stamps == {code_stamp(changed)} != {code_stamp(eval_settings)}
    # a line from before stamps existed (or from another checkout) is stale too
    first = next(i for i, line in enumerate(lines) if '"substring"' in line)
    lines[first] = json.dumps(json.loads(lines[first]) | {"stamp": None})
    (out / CACHE_FILE).write_text("\n".join(lines) + "\n")
    run_evaluation([str(tiny_set)], ["substring"], out=out, settings=changed)
    assert substring_verifier.calls == 11
    assert len((out / CACHE_FILE).read_text().splitlines()) == 10


def test_absent_sets_and_misplaced_modes_become_notes(tmp_path, eval_settings):
    (tmp_path / "no-set").mkdir()
    report = run_evaluation(
        [str(tmp_path / "nowhere.jsonl"), str(tmp_path / "no-set")], ["substring"],
        out=tmp_path, settings=eval_settings,
    )  # fmt: skip
    assert report.datasets == () and "absent" in report.notes[0]
    assert report.notes[1] == f"{tmp_path / 'no-set'} has no claims.jsonl"
    assert "## Notes" in report_markdown.render(report)


def test_retrieval_mode_on_a_small_corpus(tiny_set, tmp_path, eval_settings):
    corpus = [
        {"id": "d1", "title": "Sky", "text": "Everyone agrees the sky is blue."},
        {"id": "d2", "title": "Grass", "text": "Grass is green in spring and summer."},
        {"id": "d3", "title": "天空", "text": "大家都说天空是蓝色的。"},
        {"id": "d4", "title": "Water", "text": "Water boils at 100 degrees at sea level."},
    ]
    lines = [json.dumps(d, ensure_ascii=False) for d in corpus]
    (tiny_set / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run_evaluation(
        [str(tiny_set)], ["substring"], out=tmp_path / "out", mode="retrieval",
        settings=eval_settings,
    )  # fmt: skip
    (dataset,) = report.datasets
    retrieval = dataset.verifiers["substring"].retrieval
    assert retrieval.gold_field == "source"
    assert retrieval.queries == 4  # record e has no gold document
    assert retrieval.recall_at_k == 1.0  # 4 documents, k = 5
    assert 0.5 <= retrieval.mrr <= 1.0
    assert dataset.verifiers["substring"].metrics.n == 5


def test_sets_of_one_language_are_also_scored_pooled(shared_chef, tmp_path, eval_settings):
    """The per-language targets are measured over every set of the language at once."""
    ocnli = shared_chef.parent / "ocnli"
    out = tmp_path / "out"
    report = run_evaluation(
        [str(shared_chef), str(ocnli)], ["rules"], out=out, limit=15, settings=eval_settings
    )
    (pooled,) = report.languages
    assert (pooled.mode, pooled.language, pooled.sets) == ("evidence", "zh", ("chef", "ocnli"))
    assert list(pooled.verifiers) == ["rules", "majority"]
    made = [json.loads(line) for line in (out / CACHE_FILE).read_text().splitlines()]
    rules = [p for p in made if p["verifier"] == "rules"]
    assert pooled.verifiers["rules"].n == len(rules) == 30
    assert pooled.verifiers["rules"].macro_f1 == pytest.approx(
        metrics.macro_f1([p["gold"] for p in rules], [p["label"] for p in rules])
    )
    markdown = report_markdown.render(report)
    assert "## By language" in markdown
    assert "| zh | evidence | chef, ocnli | rules | 30 |" in markdown
    found = json.loads(report_json.render(report))
    assert set(found) == {"chef", "ocnli"}
    assert found["ocnli"]["pooled_languages"]["zh"]["sets"] == ["chef", "ocnli"]
    assert found["chef"]["pooled_languages"]["zh"]["verifiers"]["rules"]["n"] == 30


def test_one_set_alone_is_not_pooled_again(chef_report):
    assert chef_report.languages == ()
    assert "By language" not in report_markdown.render(chef_report)


def test_gold_sentences_that_name_no_document_are_one_source(embeddings):
    """COVIDFact's sentences name no document (all come from the claim's own source): two of
    them disagreeing are one source read two ways, not two sources in conflict."""
    says = [
        "Acme Corp sold 10 million phones in 2024, its annual report says.",
        "Acme Corp sold 3 million phones in 2024, its annual report says.",
    ]
    unnamed = EvalRecord(
        id="r1",
        claim="Acme Corp sold 10 million phones in 2024.",
        label=Label.SUPPORTED,
        evidence=tuple(GoldEvidence(text=text) for text in says),
    )
    named = unnamed.model_copy(
        update={"evidence": tuple(GoldEvidence(text=t, doc_id=f"d{i}") for i, t in enumerate(says))}
    )
    assert {e.chunk.document_id for e in gold_evidence(unnamed)} == {"r1"}
    assert [e.chunk.document_id for e in gold_evidence(named)] == ["d0", "d1"]
    verifier = RuleVerifier(embeddings, PublisherWeights({}, default=0.7))
    claim = claim_for(unnamed)
    assert verifier.verify(claim, gold_evidence(named)).label is Label.CONFLICTING
    assert verifier.verify(claim, gold_evidence(unnamed)).label is not Label.CONFLICTING


def test_the_command_evaluates_the_configured_verifier_by_default(
    tiny_set, tmp_path, substring_verifier, monkeypatch
):
    from click.testing import CliRunner

    from factcheck.cli import cli

    monkeypatch.setenv("FACTCHECK_VERIFIER", "substring")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["eval", str(tiny_set), "--out", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["tiny"]["primary_verifier"] == "substring" and substring_verifier.calls
