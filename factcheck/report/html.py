"""The HTML report of one checked article: a self-contained page (inline CSS and SVG, nothing
fetched, nothing to run) showing the article's readable text with every claim highlighted in
its verdict's colour, a card per claim (verdict, support, rationale, the numbers and dates set
against the evidence, the evidence with links) and the article's trust score as a gauge.

Every text taken from the article or the evidence is escaped, and only http(s) URLs become
links. The ClaimReview JSON-LD of the verified claims is embedded in the head.
"""

from __future__ import annotations

import math
import re
from html import escape
from typing import TYPE_CHECKING

from factcheck.config import Settings
from factcheck.models import CheckedClaim, Citation, EvidenceChunk, Finding, Label, Report
from factcheck.report.claimreview import claim_reviews, json_ld_script
from factcheck.report.html_labels import UNVERIFIED, page_language
from factcheck.report.html_style import STYLE
from factcheck.report.links import safe_url

if TYPE_CHECKING:
    from factcheck.intake import Document

_BLANK_LINES = re.compile(r"\n[^\S\n]*\n\s*")
_LINE_BREAKS = re.compile(r"\n\s*")
Highlight = tuple[int, int, CheckedClaim]


def _verdict_key(claim: CheckedClaim) -> str:
    return claim.verdict.label.value.lower() if claim.verdict else UNVERIFIED


def _verdict_name(claim: CheckedClaim, labels: dict) -> str:
    return labels[claim.verdict.label if claim.verdict else UNVERIFIED]


def _link(url: str | None, text: str) -> str:
    href = safe_url(url)
    if href is None:
        return escape(text)
    return f'<a href="{escape(href)}" rel="noopener noreferrer">{escape(text)}</a>'


def clean_span(document: Document, claim: CheckedClaim) -> tuple[int, int] | None:
    """Where the claim lies in the document's cleaned text: the occurrence of its text that
    maps back to its span in the input; None if the claim is not from this document."""
    text = document.text
    start = text.find(claim.text) if claim.text else -1
    while start != -1:
        end = start + len(claim.text)
        if document.mapped.to_original(start, end) == (claim.span.start, claim.span.end):
            return start, end
        start = text.find(claim.text, start + 1)
    return None


def highlights(report: Report, document: Document) -> list[Highlight]:
    """The claims to highlight in the cleaned text, in order; a claim overlapping an earlier
    (or, from the same start, a longer) one is left to its card."""
    found = []
    for claim in report.claims:
        span = clean_span(document, claim)
        if span:
            found.append((*span, claim))
    kept: list[Highlight] = []
    for start, end, claim in sorted(found, key=lambda h: (h[0], -h[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, claim))
    return kept


def _mark(text: str, claim: CheckedClaim, number: int, first: bool) -> str:
    """A highlighted claim, or its first piece (the one its card links to)."""
    cid = escape(claim.id)
    anchor = f' id="at-{cid}"' if first else ""
    return (
        f'<mark class="claim v-{_verdict_key(claim)}"{anchor} data-claim="{cid}" '
        f'data-n="{number}"><a href="#{cid}">{escape(text)}</a></mark>'
    )


def _paragraphs(text: str):
    """The ``(start, end)`` of each paragraph, whitespace trimmed: the lines between blank
    lines, or each line if the text has no blank line (as HTML articles are read)."""
    separator = _BLANK_LINES if _BLANK_LINES.search(text) else _LINE_BREAKS
    start = 0
    for gap in [*separator.finditer(text), None]:
        end = gap.start() if gap else len(text)
        block = text[start:end]
        if block.strip():
            lead = len(block) - len(block.lstrip())
            yield start + lead, start + len(block.rstrip())
        start = gap.end() if gap else end


def _article_text(document: Document, marks: list[Highlight], numbers: dict[str, int]) -> str:
    text = document.text
    headings = {(s.start, s.end) for s in document.sentences if s.kind == "heading"}
    paragraphs, anchored = [], set()
    for start, end in _paragraphs(text):
        parts, pos = [], start
        for m_start, m_end, claim in marks:
            lo, hi = max(m_start, start), min(m_end, end)
            if lo < hi:
                first = claim.id not in anchored
                anchored.add(claim.id)
                parts += [escape(text[pos:lo]), _mark(text[lo:hi], claim, numbers[claim.id], first)]
                pos = hi
        parts.append(escape(text[pos:end]))
        heading = ' class="heading"' if (start, end) in headings else ""
        paragraphs.append(f"<p{heading}>{''.join(parts)}</p>")
    return "\n".join(paragraphs)


def _gauge(score: float | None, labels: dict) -> str:
    """A half-circle gauge of the trust score, 0 at the left, 1 at the right; red below 0.4,
    amber below 0.7, green above."""
    colour = (
        "#8c959f" if score is None else
        "#c62828" if score < 0.4 else "#9a6700" if score < 0.7 else "#1a7f37"
    )  # fmt: skip
    value = "–" if score is None else f"{score:.2f}"
    arc = ""
    if score:
        angle = math.pi * (1 - score)
        x, y = 90 + 70 * math.cos(angle), 90 - 70 * math.sin(angle)
        arc = (
            f'<path d="M20 90 A70 70 0 0 1 {x:.2f} {y:.2f}" fill="none" stroke="{colour}" '
            'stroke-width="16" stroke-linecap="round"/>'
        )
    name = escape(labels["trust"])
    return (
        f'<div class="gauge"><svg viewBox="0 0 180 110" role="img" aria-label="{name} {value}">'
        '<path d="M20 90 A70 70 0 0 1 160 90" fill="none" stroke="#e6e9ed" stroke-width="16" '
        f'stroke-linecap="round"/>{arc}<text x="90" y="84" text-anchor="middle" font-size="30" '
        f'font-weight="700" fill="{colour}">{value}</text>'
        '<text x="20" y="108" text-anchor="middle" font-size="11" fill="#59636e">0</text>'
        '<text x="160" y="108" text-anchor="middle" font-size="11" fill="#59636e">1</text>'
        f'</svg><div class="caption">{name}</div></div>'
    )


def _findings(findings: tuple[Finding, ...], labels: dict) -> str:
    if not findings:
        return ""
    rows = []
    for kind, claim_value, evidence_value, agrees in dict.fromkeys(
        (f.kind, f.claim_value, f.evidence_value, f.agrees) for f in findings
    ):
        rows.append(
            f'<tr class="{"agrees" if agrees else "differs"}"><th>{escape(labels[kind])}</th>'
            f'<td class="claim-value">{escape(claim_value)}</td>'
            f'<td class="compare">{"=" if agrees else "≠"}</td>'
            f'<td class="evidence-value">{escape(evidence_value)}</td></tr>'
        )
    head = (
        f"<thead><tr><th></th><th>{escape(labels['in_claim'])}</th><th></th>"
        f"<th>{escape(labels['in_evidence'])}</th></tr></thead>"
    )
    return f'<table class="findings">{head}<tbody>{"".join(rows)}</tbody></table>'


def _provenance(url: str | None, publisher: str | None, published: str | None, fallback: str):
    name = _link(url, publisher or fallback)
    return f"{name} · {escape(published)}" if published else name


def _quote(text: str, chunk: EvidenceChunk | None) -> str:
    lang = chunk.language if chunk and chunk.language in ("zh", "en") else None
    attr = f' lang="{lang}"' if lang else ""
    return f"<q{attr}>{escape(text)}</q>"


def _citation(citation: Citation, chunk: EvidenceChunk | None, labels: dict) -> str:
    source = _provenance(
        citation.url, citation.publisher, citation.published,
        (chunk.title if chunk else None) or citation.evidence_id,
    )  # fmt: skip
    stance = citation.stance
    return (
        f'<li class="citation"><span class="stance stance-{stance}">{escape(labels[stance])}'
        f"</span>{_quote(citation.quote, chunk)} — {source}</li>"
    )


def _other_evidence(claim: CheckedClaim, cited: set[str], labels: dict) -> str:
    others = [e.chunk for e in claim.evidence if e.chunk.id not in cited]
    if not others:
        return ""
    items = "".join(
        f'<li class="retrieved">{_quote(c.text, c)} — '
        f"{_provenance(c.url, c.publisher, c.published, c.title or c.document_id)}</li>"
        for c in others
    )
    return (
        f"<details><summary>{escape(labels['more_evidence'])} ({len(others)})</summary>"
        f'<ul class="evidence">{items}</ul></details>'
    )


def _card(
    number: int, claim: CheckedClaim, highlighted: bool, threshold: float, labels: dict
) -> str:
    cid = escape(claim.id)
    ref = f'<a href="#at-{cid}">{number}</a>' if highlighted else str(number)
    meta = f"{labels[claim.type.value]} · {labels['checkworthiness']} {claim.checkworthiness:.2f}"
    head = [
        f'<span class="n">{ref}</span>',
        f'<span class="badge">{escape(_verdict_name(claim, labels))}</span>',
    ]
    verdict = claim.verdict
    if verdict is None:
        if claim.checkworthiness < threshold:
            meta += " · " + labels["below_threshold"]
        head.append(f'<span class="meta">{escape(meta)}</span>')
        body = ""
    else:
        head.append(f'<span class="score">{escape(labels["support"])} {verdict.score:.2f}</span>')
        if verdict.confidence is not None:
            head.append(
                f'<span class="score">{escape(labels["confidence"])} '
                f"{verdict.confidence:.2f}</span>"
            )
        head.append(f'<span class="meta">{escape(meta)}</span>')
        chunks = {e.chunk.id: e.chunk for e in claim.evidence}
        citations = "".join(
            _citation(c, chunks.get(c.evidence_id), labels) for c in verdict.citations
        )
        cited = {c.evidence_id for c in verdict.citations}
        body = (
            f'<p class="rationale">{escape(verdict.rationale)}</p>'
            + _findings(verdict.findings, labels)
            + (f'<ul class="evidence">{citations}</ul>' if citations else "")
            + _other_evidence(claim, cited, labels)
        )
    return (
        f'<article class="card v-{_verdict_key(claim)}" id="{cid}">'
        f'<div class="card-head">{"".join(head)}</div>'
        f"<blockquote>{escape(claim.text)}</blockquote>{body}</article>"
    )


def _header(report: Report, labels: dict) -> str:
    article = report.article
    byline = [escape(p) for p in (article.publisher, article.published) if p]
    if article.url:
        byline.append(_link(article.url, article.url))
    byline.append(escape(labels["source"].format(source=article.source)))
    counts = report.trust.label_counts if report.trust else {}
    legend = "".join(
        f'<li class="v-{key}">{escape(labels[label])} {n}</li>'
        for label, key, n in [
            *((label, label.value.lower(), counts.get(label, 0)) for label in Label),
            (UNVERIFIED, UNVERIFIED, sum(1 for c in report.claims if not c.verdict)),
        ]
    )
    how = labels["trust_how"] if article.trust_score is not None else labels["no_trust"]
    notes = [how]
    if article.trust_score is not None and not all(c.consistent for c in report.arithmetic):
        notes.append(labels["trust_arithmetic"])
    if article.hidden_prose:
        notes.append(labels["hidden_prose"].format(n=article.hidden_prose))
    for check in report.arithmetic:
        verdict = labels["consistent" if check.consistent else "inconsistent"]
        what = labels[f"arithmetic_{check.kind}"].format(
            stated=check.stated, start=check.start, end=check.end
        )
        notes.append(labels["arithmetic"].format(check=what, verdict=verdict) + f" ({check.note})")
    summary = "".join(f'<p class="summary">{escape(note)}</p>' for note in notes)
    return (
        f'<header class="head"><div><h1>{escape(article.title or article.id)}</h1>'
        f'<p class="byline">{" · ".join(byline)}</p>'
        f'<ul class="legend">{legend}</ul>{summary}</div>'
        f"{_gauge(article.trust_score, labels)}</header>"
    )


def render_html(
    report: Report, settings: Settings | None = None, document: Document | None = None
) -> str:
    """The report as one HTML page. With the ``document`` the claims are highlighted in the
    article's cleaned text; without it the claims are listed on their own."""
    settings = settings or Settings()
    lang, labels = page_language(report, document)
    numbers = {claim.id: n for n, claim in enumerate(report.claims, start=1)}
    marks = highlights(report, document) if document else []
    marked = {claim.id for _, _, claim in marks}
    if document:
        text = _article_text(document, marks, numbers)
    else:
        text = f'<p class="missing">{escape(labels["no_text"])}</p>'
    threshold = settings.checkworthiness_threshold
    cards = "\n".join(
        _card(numbers[c.id], c, c.id in marked, threshold, labels) for c in report.claims
    )
    reviews = claim_reviews(report, settings)
    verifiers = sorted({c.verdict.verifier for c in report.claims if c.verdict})
    footer = labels["checked_by"].format(organization=settings.organization)
    if verifiers:
        footer += " · " + labels["verifier"].format(names=", ".join(verifiers))
    title = f"{labels['title']}: {report.article.title or report.article.id}"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style>"
        f"{json_ld_script(reviews) if reviews else ''}</head>\n"
        f'<body><div class="page">{_header(report, labels)}\n<main class="layout">'
        f'<section class="text"><h2>{escape(labels["article"])}</h2>\n{text}</section>\n'
        f'<section class="claims"><h2>{escape(labels["claims"])} ({len(report.claims)})</h2>\n'
        f"{cards}</section></main><footer>{escape(footer)}</footer></div></body></html>\n"
    )
