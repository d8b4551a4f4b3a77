"""Article and evidence text holding HTML, script or Markdown is shown as text in every
report: a hostile article is checked against hostile evidence by the real pipeline, and the
HTML page, the Markdown (rendered by a CommonMark parser that passes raw HTML through) and
the ClaimReview JSON-LD are parsed back."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import urlsplit

import pytest
from markdown_it import MarkdownIt

from factcheck.config import Settings
from factcheck.extract.building import claim_from_text
from factcheck.intake import parse_article
from factcheck.models import (
    ArticleInfo,
    CheckedClaim,
    Citation,
    Finding,
    Label,
    Report,
    Verdict,
)
from factcheck.pipeline import Pipeline
from factcheck.report import render
from factcheck.report.claimreview import claim_reviews, claim_reviews_json, json_ld_script
from factcheck.report.links import safe_url
from tests.report.html_dom import Node, parse_html

HOSTILE_ARTICLE = (
    "# Sora <script>alert(1)</script> week\n\n"
    "The Sora app <img src=x onerror=alert(2)> passed 10 million downloads within five days "
    "</script><script>alert(3)</script>.\n\n"
    "It launched on 30 September 2025 | [click](javascript:alert(4)) & `code` **bold**.\n\n"
    'We think <a href="javascript:alert(5)">this</a> is only the start.\n'
)
HOSTILE_EVIDENCE = [
    {"id": "hostile-1", "title": "<b>Sora</b> ](javascript:alert(6))",
     "text": "<script>alert(7)</script> Within five days the Sora app passed 1 million "
             "downloads </script>. OpenAI launched the Sora app on September 30, 2025.",
     "url": "javascript:alert(8)", "publisher": "<img src=x onerror=alert(9)>",
     "published": "2025-10-09", "language": "en"},
    {"id": "hostile-2", "title": "Launch",
     "text": "OpenAI released the Sora app on September 30, 2025 | `x` "
             "<iframe src=javascript:alert(10)>",
     "url": "https://ok.example/a?q=<script>", "publisher": "Wire | [x](javascript:alert(11))",
     "published": "2025-10-01", "language": "en"},
]  # fmt: skip
ARTICLE_URL = "javascript:alert(12)"
FORBIDDEN_TAGS = {"img", "iframe", "object", "embed", "frame", "base", "form", "input", "link"}


def markdown_to_html(text: str) -> str:
    """CommonMark with raw HTML passed through and every link destination accepted, as the
    most permissive renderer a report may meet (markdown-it alone drops javascript: links)."""
    parser = MarkdownIt("commonmark")
    parser.validateLink = lambda url: True
    return parser.render(text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "evidence" / "corpus.jsonl"
    corpus.parent.mkdir()
    corpus.write_text("\n".join(json.dumps(e) for e in HOSTILE_EVIDENCE), encoding="utf-8")
    settings = Settings(workspace=tmp / "ws", claims_dir=tmp / "claims")
    pipeline = Pipeline(settings)
    pipeline.ingest([corpus.parent])
    document = parse_article(HOSTILE_ARTICLE, source="hostile.txt", url=ARTICLE_URL)
    return settings, document, pipeline.check(document)


def assert_nothing_executable(dom: Node) -> None:
    """No element or attribute that runs code or loads anything: scripts are JSON data only,
    links are http(s) or within the page."""
    for node in dom.iter():
        assert node.tag not in FORBIDDEN_TAGS, f"<{node.tag}> in the output"
        if node.tag == "script":
            assert node.attrs.get("type") == "application/ld+json"
            json.loads(node.text)
        for name, value in node.attrs.items():
            assert not name.startswith("on") and name not in {"style", "srcdoc", "formaction"}
            if name in {"href", "src", "action", "xlink:href"}:
                assert value.startswith("#") or urlsplit(value).scheme in {"http", "https"}, value


def visible_text(dom: Node) -> str:
    return "".join(n.text for n in dom.find_all("body"))


def test_the_hostile_text_made_claims_and_was_cited(hostile):
    _, _, report = hostile
    texts = " ".join(c.text for c in report.claims)
    assert "<img src=x onerror=alert(2)>" in texts and "[click](javascript:alert(4))" in texts
    cited = [c for claim in report.claims if claim.verdict for c in claim.verdict.citations]
    assert {c.url for c in cited} >= {"javascript:alert(8)"}
    assert any("<script>alert(7)</script>" in c.quote for c in cited)


def test_html_report_shows_hostile_text_as_text(hostile):
    settings, document, report = hostile
    dom = parse_html(render(report, "html", settings, document=document))
    assert_nothing_executable(dom)
    text = visible_text(dom)
    for shown in ("<script>alert(1)</script>", "</script><script>alert(3)</script>",
                  "<img src=x onerror=alert(9)>", ARTICLE_URL):  # fmt: skip
        assert shown in text
    hrefs = {a.attrs.get("href") for a in dom.find_all("a")}
    assert not {"javascript:alert(8)", ARTICLE_URL, "https://ok.example/a?q=<script>"} & hrefs
    marked = {m.attrs["data-claim"]: m.text for m in dom.find_all("mark")}
    assert marked == {c.id: c.text for c in report.claims}


def test_markdown_report_shows_hostile_text_as_text(hostile):
    _, _, report = hostile
    dom = parse_html(markdown_to_html(render(report, "md")))
    assert_nothing_executable(dom)
    verified = [c for c in report.claims if c.verdict]
    assert len(dom.find_all("h1")) == 1 and "<script>alert(1)</script>" in dom.find("h1").text
    assert len(dom.find_all("h3")) == len(verified)
    assert [b.text.strip() for b in dom.find_all("blockquote")] == [c.text for c in verified]
    assert "<img src=x onerror=alert(9)>" in dom.text
    assert dom.find_all("a") == []  # neither evidence URL is a safe http(s) link


def test_claimreview_cannot_close_a_script_element(hostile):
    settings, _, report = hostile
    reviews = claim_reviews(report, settings, date(2025, 11, 1))
    assert "</script>" in json.dumps(reviews, ensure_ascii=False)
    text = claim_reviews_json(reviews)
    assert "<" not in text and ">" not in text and json.loads(text) == reviews
    scripts = parse_html(f"<html><head>{json_ld_script(reviews)}</head></html>").find_all("script")
    assert len(scripts) == 1 and json.loads(scripts[0].text) == reviews
    cli_output = render(report, "claimreview", settings)
    assert "<" not in cli_output and len(json.loads(cli_output)) == len(reviews)
    assert all("appearance" not in r["itemReviewed"] for r in reviews)  # javascript: URL


def _crafted_report() -> Report:
    """Numbers and sources that no parser would produce, to reach every field."""
    claim = claim_from_text("Sora `passed` 10 million | downloads <b>in</b> 5 days.")
    finding = Finding(
        kind="quantity", claim_value="10`0 <b>x</b> | y", evidence_value="``` </script> ``",
        agrees=False, note="n", evidence_id="e1",
    )  # fmt: skip
    citations = (
        Citation(evidence_id="e1", quote="q1 *x* <i>y</i>", stance="refutes",
                 url="https://example.org/a_(b)", publisher="P](javascript:alert(1))"),
        Citation(evidence_id="e2", quote="q2", stance="neutral", url=" javascript:alert(2)",
                 publisher="Q"),
        Citation(evidence_id="e3", quote="q3", stance="neutral",
                 url="java\nscript:alert(3)", publisher="R"),
    )  # fmt: skip
    verdict = Verdict(
        label=Label.REFUTED, score=0.1, rationale="1. <em>no</em>", findings=(finding,),
        citations=citations, verifier="rules",
    )  # fmt: skip
    checked = CheckedClaim(**claim.model_dump(), verdict=verdict, trust_score=0.1)
    article = ArticleInfo(id="a", title="- `t` | <u>", language="en", trust_score=0.1,
                          source="x`y`.txt")  # fmt: skip
    return Report(article=article, claims=(checked,))


def test_markdown_code_spans_links_and_lists_hold_any_text():
    report = _crafted_report()
    dom = parse_html(markdown_to_html(render(report, "md")))
    assert_nothing_executable(dom)
    codes = [c.text for c in dom.find_all("code")]
    assert codes == ["x`y`.txt", "10`0 <b>x</b> | y", "``` </script> ``"]
    assert [a.attrs["href"] for a in dom.find_all("a")] == ["https://example.org/a_%28b%29"]
    assert dom.find("a").text == "P](javascript:alert(1))"
    assert dom.find("h1").text == "Fact-check: - `t` | <u>"
    assert "1. <em>no</em>" in dom.text and dom.find_all("ol") == []


def test_html_links_only_http_urls():
    report = _crafted_report()
    dom = parse_html(render(report, "html", Settings()))
    assert_nothing_executable(dom)
    links = {a.text: a.attrs["href"] for a in dom.find_all("a") if a.attrs["href"][0] != "#"}
    assert links == {"P](javascript:alert(1))": "https://example.org/a_(b)"}
    assert "10`0 <b>x</b> | y" in dom.find("td", cls="claim-value").text


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1#c", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ('https://example.org/"onmouseover="alert(1)', False),
        ("//example.org/a", False),
        ("https://", False),
        ("https://[::1", False),
        (None, False),
    ],
)
def test_safe_url(url, safe):
    assert safe_url(url) == (url if safe else None)
