"""A Markdown report for people: the trust score, then each claim with its verdict,
the numbers side by side where they disagree, and the cited evidence."""

from __future__ import annotations

import re

from factcheck.models import CheckedClaim, Report
from factcheck.report.html_labels import LABELS
from factcheck.report.links import safe_url

_ICONS = {"SUPPORTED": "✅", "REFUTED": "❌", "NOT_ENOUGH_INFO": "❔", "CONFLICTING": "⚠️"}
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>|#&~])")  # emphasis, links, code, HTML, tables
_LEADING_MARKER = re.compile(r"^([-+=])")  # a list item, or a heading's underline
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")  # an ordered list item


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _escape(text: str) -> str:
    """Text from articles and evidence as plain Markdown text: no HTML, link, emphasis, code,
    table cell or block structure of its own; all on one line."""
    out = _LEADING_MARKER.sub(r"\\\1", _INLINE_MARKUP.sub(r"\\\1", _one_line(text)))
    return _LEADING_NUMBER.sub(r"\1\\\2", out)


def _code(text: str) -> str:
    """Text as an inline code span (shown verbatim), fenced by more backticks than it holds."""
    flat = _one_line(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _link(text: str, url: str | None) -> str:
    """A link for http(s) URLs only; parentheses encoded so the URL cannot end the link."""
    href = safe_url(url)
    if href is None:
        return text
    return f"[{text}]({href.replace('(', '%28').replace(')', '%29')})"


def _claim_section(number: int, claim: CheckedClaim) -> list[str]:
    verdict = claim.verdict
    assert verdict is not None
    confidence = "" if verdict.confidence is None else f", confidence {verdict.confidence:.2f}"
    lines = [
        f"### {number}. {_ICONS[verdict.label.value]} {verdict.label.value} "
        f"(support {verdict.score:.2f}{confidence})",
        "",
        f"> {_escape(claim.text)}",
        "",
        f"- type: {claim.type.value}; check-worthiness {claim.checkworthiness:.2f}; "
        f"span {claim.span.start}–{claim.span.end}",
        f"- {_escape(verdict.rationale)}",
    ]
    for finding in verdict.findings:
        mark = "agrees" if finding.agrees else "**differs**"
        lines.append(
            f"- {finding.kind}: claim {_code(finding.claim_value)} vs evidence "
            f"{_code(finding.evidence_value)}: {mark}"
        )
    for citation in verdict.citations:
        source = " · ".join(
            _escape(p) for p in (citation.publisher, citation.published) if p
        ) or _escape(citation.evidence_id)
        lines.append(
            f"- {citation.stance}: “{_escape(citation.quote)}” — {_link(source, citation.url)}"
        )
    return [*lines, ""]


def render_markdown(report: Report) -> str:
    article = report.article
    trust = "n/a" if article.trust_score is None else f"{article.trust_score:.2f}"
    lines = [
        f"# Fact-check: {_escape(article.title or article.id)}",
        "",
        f"**Trust score: {trust}** · language {article.language} · source {_code(article.source)}",
        "",
    ]
    if article.hidden_prose:
        lines += [f"⚠️ The page hides {article.hidden_prose} characters of prose from its readers "
                  "(left out of the text checked).", ""]  # fmt: skip
    if report.trust:
        lines += [_escape(report.trust.explanation), ""]
    if report.arithmetic:
        lines += ["## Arithmetic within the article", ""]
        lines += [
            f"- {'✅ consistent' if a.consistent else '❌ inconsistent'}: "
            + LABELS["en"][f"arithmetic_{a.kind}"].format(
                stated=_escape(a.stated), start=_escape(a.start), end=_escape(a.end)
            )
            + f" ({_escape(a.note)})"
            for a in report.arithmetic
        ]
        lines.append("")
    verified = [c for c in report.claims if c.verdict]
    lines += [f"## Verified claims ({len(verified)})", ""]
    for number, claim in enumerate(verified, start=1):
        lines += _claim_section(number, claim)
    unverified = [c for c in report.claims if not c.verdict]
    if unverified:
        lines += [f"## Not verified: below the check-worthiness threshold ({len(unverified)})", ""]
        lines += [
            f"- ({c.checkworthiness:.2f}, {c.type.value}) {_escape(c.text)}" for c in unverified
        ]
        lines.append("")
    return "\n".join(lines)
