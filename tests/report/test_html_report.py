"""The HTML report of a checked article: real articles through the real pipeline (the demo
article against the demo evidence, and an English HTML article against evidence written
here), the page parsed back and rendered in headless Chromium."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.config import Settings
from factcheck.extract.building import ClaimBuilder
from factcheck.intake import Document, parse_article, read_article
from factcheck.models import CheckedClaim, Label, Report
from factcheck.pipeline import Pipeline, build_report
from factcheck.report import render
from factcheck.report.claimreview import claim_reviews
from factcheck.report.html_labels import LABELS, UNVERIFIED
from tests.browser import need_chromium, png_size_and_byte_values, screenshot
from tests.conftest import DEMO_ARTICLE, ROOT
from tests.report.html_dom import Node, parse_html

ENGLISH_ARTICLE = (  # each paragraph on one line, as a CMS writes it
    "<!DOCTYPE html><html><head><title>Sora&#39;s first week</title></head>\n"
    "<body><nav>Home | World | Tech</nav>\n<article><h1>Sora&#39;s first week</h1>\n"
    "<p>OpenAI released the Sora app on 30 September 2025. Within five days it passed "
    "<b>10 million</b> downloads.</p>\n"
    "<p>The app was first offered in the United States &amp; Canada. Google answered with "
    "Veo 3.1 on October 15, 2025.</p>\n"
    "<p>We think the race has only just begun.</p>\n"
    "</article><footer>Comments (0)</footer></body></html>"
)
ENGLISH_EVIDENCE = [
    {"id": "sora-downloads", "title": "Sora passes 1 million downloads",
     "text": "OpenAI launched the Sora app on September 30, 2025. Within five days the Sora "
             "app passed 1 million downloads, OpenAI said.",
     "url": "https://news.example/sora-million", "publisher": "Example Wire",
     "published": "2025-10-09", "language": "en"},
    {"id": "veo-31", "title": "Veo 3.1 arrives",
     "text": "Google released Veo 3.1 on October 15, 2025, with richer audio and more "
             "narrative control.",
     "url": "https://tech.example/veo-3-1", "publisher": "Tech Example",
     "published": "2025-10-15", "language": "en"},
]  # fmt: skip


@dataclass(frozen=True)
class Checked:
    document: Document
    report: Report
    settings: Settings
    page: str

    @property
    def dom(self) -> Node:
        return parse_html(self.page)


def _check(settings: Settings, evidence, document: Document) -> Checked:
    pipeline = Pipeline(settings)
    pipeline.ingest(evidence)
    report = pipeline.check(document)
    return Checked(document, report, settings, render(report, "html", settings, document=document))


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Checked:
    tmp = tmp_path_factory.mktemp("demo")
    settings = Settings(workspace=tmp / "ws", claims_dir=tmp / "claims")
    return _check(settings, [ROOT / "evidence" / "demo"], read_article(DEMO_ARTICLE))


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Checked:
    tmp = tmp_path_factory.mktemp("english")
    corpus = tmp / "evidence" / "corpus.jsonl"
    corpus.parent.mkdir()
    corpus.write_text("\n".join(json.dumps(e) for e in ENGLISH_EVIDENCE), encoding="utf-8")
    settings = Settings(workspace=tmp / "ws", claims_dir=tmp / "claims")
    return _check(settings, [corpus.parent], parse_article(ENGLISH_ARTICLE, source="sora.html"))


@pytest.fixture(params=["demo", "english"])
def checked(request) -> Checked:
    return request.getfixturevalue(request.param)


def _verdict_class(claim) -> str:
    return "v-" + (claim.verdict.label.value.lower() if claim.verdict else UNVERIFIED)


def _marked_text(dom: Node) -> dict[str, str]:
    """The highlighted text of each claim (a claim split across paragraphs has several marks)."""
    texts: dict[str, str] = {}
    for mark in dom.find_all("mark", cls="claim"):
        texts[mark.attrs["data-claim"]] = texts.get(mark.attrs["data-claim"], "") + mark.text
    return texts


def test_every_claim_is_highlighted_with_its_text_and_verdict_colour(checked):
    dom = checked.dom
    marked = _marked_text(dom)
    assert marked == {c.id: c.text for c in checked.report.claims}
    ids = [n.attrs["id"] for n in dom.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    for number, claim in enumerate(checked.report.claims, start=1):
        for mark in dom.find_all("mark", data_claim=claim.id):
            assert _verdict_class(claim) in mark.classes
            assert mark.attrs["data-n"] == str(number)
            assert mark.find("a").attrs["href"] == f"#{claim.id}"


def test_claims_across_paragraphs_or_overlapping_keep_the_page_consistent():
    document = parse_article("Sora passed 1 million downloads.\n\nVeo 3.1 came out.\n")
    builder = ClaimBuilder(document)
    across = builder.build(0, document.text.index(" came out"), document.text)
    inner = builder.build(0, len("Sora passed 1 million"), document.sentences[0].text)
    report = build_report(document, [CheckedClaim(**c.model_dump()) for c in (across, inner)])
    dom = parse_html(render(report, "html", document=document))
    pieces = dom.find_all("mark", data_claim=across.id)
    assert [p.text for p in pieces] == ["Sora passed 1 million downloads.", "Veo 3.1"]
    assert [p.attrs.get("id") for p in pieces] == [f"at-{across.id}", None]
    assert dom.find_all("mark", data_claim=inner.id) == []  # inside the first: its card only
    assert dom.find("article", id=inner.id).find("span", cls="n").text == "2"
    ids = [n.attrs["id"] for n in dom.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))


def test_html_article_is_highlighted_in_its_readable_text_not_its_markup(english):
    downloads = next(c for c in english.report.claims if "10 million" in c.text)
    assert "<b>" in downloads.source_text  # the span in the input runs over markup
    mark = english.dom.find("mark", data_claim=downloads.id)
    assert mark.text == downloads.text and "<b>" not in english.page.split("<body>")[1]
    assert english.dom.find("p", cls="heading").text == "Sora's first week"


def test_each_claim_card_has_verdict_score_rationale_and_linked_evidence(checked):
    dom = checked.dom
    labels = LABELS["en" if checked.report.article.language == "en" else "zh"]
    for claim in checked.report.claims:
        card = dom.find("article", id=claim.id)
        assert "card" in card.classes and _verdict_class(claim) in card.classes
        assert card.find("blockquote").text == claim.text
        verdict = claim.verdict
        if verdict is None:
            assert card.find(cls="badge").text == labels[UNVERIFIED]
            continue
        assert card.find(cls="badge").text == labels[verdict.label]
        assert card.find(cls="score").text.endswith(f"{verdict.score:.2f}")
        assert card.find("p", cls="rationale").text == verdict.rationale
        links = {a.attrs["href"]: a.text for a in card.find_all("a") if "href" in a.attrs}
        for citation in verdict.citations:
            assert citation.quote in card.text
            if citation.url:
                assert links[citation.url] == (citation.publisher or links[citation.url])
            if citation.published:
                assert citation.published in card.text
        for evidence in claim.evidence:
            assert evidence.chunk.url is None or evidence.chunk.url in links


def test_refuted_numbers_are_side_by_side(checked):
    refuted = [
        c for c in checked.report.claims
        if c.verdict and c.verdict.label == Label.REFUTED
        and any(f.kind == "quantity" and not f.agrees for f in c.verdict.findings)
    ]  # fmt: skip
    assert refuted, "both articles state a number that their evidence contradicts"
    for claim in refuted:
        rows = checked.dom.find("article", id=claim.id).find_all("tr", cls="differs")
        shown = {(r.find(cls="claim-value").text, r.find(cls="evidence-value").text) for r in rows}
        findings = claim.verdict.findings
        assert shown == {(f.claim_value, f.evidence_value) for f in findings if not f.agrees}
        assert all(r.find(cls="compare").text == "≠" for r in rows)


def test_page_speaks_the_articles_language(demo, english, tmp_path):
    assert demo.dom.find("html").attrs["lang"] == "zh-Hant"
    assert english.dom.find("html").attrs["lang"] == "en"
    assert demo.dom.find("h2").text == LABELS["zh"]["article"]
    assert english.dom.find("h2").text == LABELS["en"]["article"]
    simplified = parse_article(
        "OpenAI 于 2025 年 9 月 30 日推出 Sora 应用，五天内下载量突破 100 万次。\n", source="s.txt"
    )
    claims = Pipeline(Settings(workspace=tmp_path / "ws")).extract(simplified)
    report = build_report(simplified, [CheckedClaim(**c.model_dump()) for c in claims])
    page = parse_html(render(report, "html", document=simplified))
    assert page.find("html").attrs["lang"] == "zh-Hans"
    assert page.find(cls="badge").text == "未查证"  # the labels in simplified script


def test_trust_score_gauge(checked):
    score = checked.report.article.trust_score
    gauge = checked.dom.find("div", cls="gauge")
    assert gauge.find("svg").attrs["aria-label"].endswith(f"{score:.2f}")
    assert f"{score:.2f}" in [t.text for t in gauge.find_all("text")]
    counts = checked.report.trust.label_counts
    legend = [li.text for li in checked.dom.find("ul", cls="legend").find_all("li")]
    labels = LABELS["en" if checked.report.article.language == "en" else "zh"]
    assert legend[:4] == [f"{labels[label]} {counts[label]}" for label in Label]


def test_an_article_page_that_hides_prose_says_so(english):
    hiding = ENGLISH_ARTICLE.replace(
        "<p>We think",
        '<p style="display:none">Insiders say the app passed 50 million downloads in a week.</p>'
        "<p>We think",
    )
    document = parse_article(hiding, source="sora.html")
    report = build_report(document, [])
    assert report.article.hidden_prose == len(
        "Insiders say the app passed 50 million downloads in a week."
    )
    assert "50 million" not in document.text
    notice = LABELS["en"]["hidden_prose"].format(n=report.article.hidden_prose)
    header = parse_html(render(report, "html", document=document)).find_all("header")[0]
    assert notice in header.text
    assert f"hides {report.article.hidden_prose} characters of prose" in render(report, "md")
    assert english.report.article.hidden_prose == 0
    assert "hides" not in render(english.report, "md") and "hides" not in english.page


def test_claim_review_json_ld_is_embedded(demo):
    scripts = demo.dom.find_all("script")
    assert [s.attrs.get("type") for s in scripts] == ["application/ld+json"]
    embedded = json.loads(scripts[0].text)
    expected = claim_reviews(demo.report, demo.settings, date(2000, 1, 1))
    for review in (*embedded, *expected):  # the day of the review aside
        review.pop("datePublished")
    assert embedded == expected


def test_without_the_document_the_claims_are_listed(demo):
    dom = parse_html(render(demo.report, "html", demo.settings))
    assert dom.find_all("mark") == []
    assert dom.find("p", cls="missing").text == LABELS["zh"]["no_text"]
    cards = dom.find_all("article", cls="card")
    assert [c.attrs["id"] for c in cards] == [c.id for c in demo.report.claims]
    for card, claim in zip(cards, demo.report.claims, strict=True):
        assert card.find("blockquote").text == claim.text


def test_the_page_is_self_contained(checked):
    dom = checked.dom
    assert not [n for n in dom.iter() if n.tag in {"link", "img", "iframe"} or "src" in n.attrs]
    style = dom.find("style").text
    assert "url(" not in style and "@import" not in style
    urls = {
        checked.report.article.url,
        *(e.chunk.url for c in checked.report.claims for e in c.evidence),
    }
    for a in dom.find_all("a"):
        assert a.attrs["href"].startswith("#") or a.attrs["href"] in urls


def test_the_page_renders_in_headless_chromium(checked, tmp_path):
    need_chromium()
    page = tmp_path / "report.html"
    page.write_text(checked.page, encoding="utf-8")
    shot = screenshot(page, tmp_path / "report.png", 1280, 1400)
    size, values = png_size_and_byte_values(shot)
    assert size == (1280, 1400)
    assert values > 32, f"the screenshot looks blank ({values} distinct byte values)"


def test_cli_check_writes_the_html_report(demo, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, [
        "--workspace", str(tmp_path / "ws"), "check", str(DEMO_ARTICLE),
        "--evidence", str(ROOT / "evidence" / "demo"), "--format", "html", "--out", str(out),
        "--no-save-claims",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    dom = parse_html(out.read_text(encoding="utf-8"))
    assert dom.find("html").attrs["lang"] == "zh-Hant"
    assert _marked_text(dom) == {c.id: c.text for c in demo.report.claims}
    for claim in demo.report.claims:
        assert _verdict_class(claim) in dom.find("article", id=claim.id).classes


def test_cli_extract_writes_claims_without_verdicts(demo, tmp_path):
    out = tmp_path / "claims.html"
    result = CliRunner().invoke(cli, [
        "--workspace", str(tmp_path / "ws"), "extract", str(DEMO_ARTICLE), "--format", "html",
        "--out", str(out), "--no-save-claims",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    dom = parse_html(out.read_text(encoding="utf-8"))
    assert _marked_text(dom) == {c.id: c.text for c in demo.report.claims}
    assert dom.find("div", cls="gauge").find("svg").attrs["aria-label"] == "可信度 –"
    threshold = demo.settings.checkworthiness_threshold
    for claim in demo.report.claims:
        card = dom.find("article", id=claim.id)
        assert "v-unverified" in card.classes
        below = LABELS["zh"]["below_threshold"] in card.find(cls="meta").text
        assert below == (claim.checkworthiness < threshold)


def test_a_calibrated_verifiers_confidence_is_shown_beside_the_support(tmp_path):
    corpus = tmp_path / "evidence" / "corpus.jsonl"
    corpus.parent.mkdir()
    corpus.write_text("\n".join(json.dumps(e) for e in ENGLISH_EVIDENCE), encoding="utf-8")
    settings = Settings(workspace=tmp_path / "ws", claims_dir=tmp_path / "claims",
                        verifier="trained")  # fmt: skip
    checked = _check(settings, [corpus.parent], parse_article(ENGLISH_ARTICLE, source="a.html"))
    verdicts = {c.id: c.verdict for c in checked.report.claims if c.verdict}
    assert verdicts and all(v.confidence is not None for v in verdicts.values())
    markdown = render(checked.report, "md", settings)
    for claim_id, verdict in verdicts.items():
        scores = [s.text for s in checked.dom.find("article", id=claim_id).find_all(cls="score")]
        assert scores == [f"support {verdict.score:.2f}", f"confidence {verdict.confidence:.2f}"]
        assert f"(support {verdict.score:.2f}, confidence {verdict.confidence:.2f})" in markdown
