"""End to end, offline: the shared article against the shipped evidence, and the demo."""

import json

import pytest

from factcheck.config import Settings
from factcheck.models import Label, Report
from factcheck.pipeline import Pipeline, check_article
from factcheck.report import render, report_schema, shipped_schema
from tests.conftest import DEMO_ARTICLE, ROOT


@pytest.fixture(scope="module")
def shared_report(shared_article_path, tmp_path_factory) -> Report:
    work = tmp_path_factory.mktemp("shared")
    settings = Settings(workspace=work / "ws", claims_dir=work / "claims")
    return check_article(
        shared_article_path, evidence=[ROOT / "evidence" / "ai-video-2025-10"], settings=settings
    )


def test_the_ten_million_downloads_claim_is_refuted_with_both_numbers(shared_report):
    claim = next(c for c in shared_report.claims if "1000萬次" in c.text)
    assert claim.verdict is not None and claim.verdict.label == Label.REFUTED
    finding = next(f for f in claim.verdict.findings if not f.agrees)
    assert "1000萬" in finding.claim_value
    assert "100" in finding.evidence_value or "million" in finding.evidence_value
    assert "10,000,000" in finding.note and "1,000,000" in finding.note
    assert claim.verdict.citations and all(c.url for c in claim.verdict.citations)


def test_report_has_trust_and_verdicts_for_checkworthy_claims(shared_report):
    article = shared_report.article
    assert article.language == "zh" and article.trust_score is not None
    assert 0 <= article.trust_score <= 1
    for claim in shared_report.claims:
        assert (claim.verdict is None) == (claim.checkworthiness < 0.5)
    labels = {c.verdict.label for c in shared_report.claims if c.verdict}
    assert Label.NOT_ENOUGH_INFO in labels and Label.SUPPORTED in labels


def test_json_report_contract(shared_report, shared_article_path):
    data = json.loads(render(shared_report, "json"))
    assert {"id", "title", "language", "trust_score"} <= set(data["article"])
    original = shared_article_path.read_text(encoding="utf-8")
    for claim in data["claims"]:
        assert {"id", "text", "span", "checkworthiness", "type", "verdict"} <= set(claim)
        assert original[claim["span"]["start"] : claim["span"]["end"]] == claim["source_text"]
        if claim["verdict"]:
            assert {"label", "score", "rationale", "citations"} <= set(claim["verdict"])
    assert Report.model_validate(data) == shared_report


def test_shipped_schema_is_the_generated_one():
    assert shipped_schema() == report_schema()


def test_markdown_report_shows_numbers_side_by_side(shared_report):
    markdown = render(shared_report, "md")
    assert "Trust score" in markdown and "REFUTED" in markdown
    assert "1000萬次" in markdown and "differs" in markdown


def test_demo_runs_without_shared_data(tmp_path):
    settings = Settings(workspace=tmp_path / "ws", claims_dir=tmp_path / "claims")
    pipeline = Pipeline(settings)
    pipeline.ingest([ROOT / "evidence" / "demo"])
    from factcheck.intake import read_article

    report = pipeline.check(read_article(DEMO_ARTICLE), save=True)
    verified = [c for c in report.claims if c.verdict]
    assert len(verified) >= 10
    assert (tmp_path / "claims" / "demo-article.zh-Hant.jsonl").exists()
    refuted = [c for c in verified if c.verdict.label == Label.REFUTED]
    assert refuted, "the demo's deliberate errors are caught"


def test_library_call_on_text(tmp_path):
    import factcheck

    text = (
        "OpenAI推出的Sora應用在不到5天內下載量突破1000萬次。"
        "嫦娥六號於2024年6月25日返回地球。"
    )
    settings = factcheck.Settings(workspace=tmp_path / "ws", claims_dir=tmp_path / "claims")
    report = factcheck.check_article(
        text, evidence=[ROOT / "evidence" / "ai-video-2025-10"], settings=settings
    )
    assert isinstance(report, factcheck.Report)
    downloads = next(c for c in report.claims if "1000萬次" in c.text)
    assert downloads.verdict.label == factcheck.Label.REFUTED
    assert text[downloads.span.start : downloads.span.end] == downloads.source_text
    chang_e = next(c for c in report.claims if "嫦娥六號" in c.text)
    assert chang_e.verdict.label == factcheck.Label.NOT_ENOUGH_INFO  # nothing on it in this corpus
