"""A Markdown report for people: the trust score, then each claim with its verdict,
the numbers side by side where they disagree, and the cited evidence."""

from __future__ import annotations

from factcheck.models import CheckedClaim, Report

_ICONS = {"SUPPORTED": "✅", "REFUTED": "❌", "NOT_ENOUGH_INFO": "❔", "CONFLICTING": "⚠️"}


def _escape(text: str) -> str:
    """Neutralise Markdown and HTML in text taken from articles and evidence."""
    out = text.replace("\\", "\\\\").replace("\n", " ")
    for ch in "`*_[]<>|#":
        out = out.replace(ch, "\\" + ch)
    return out


def _claim_section(number: int, claim: CheckedClaim) -> list[str]:
    verdict = claim.verdict
    assert verdict is not None
    lines = [
        f"### {number}. {_ICONS[verdict.label.value]} {verdict.label.value} "
        f"(support {verdict.score:.2f})",
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
            f"- {finding.kind}: claim `{_escape(finding.claim_value)}` vs evidence "
            f"`{_escape(finding.evidence_value)}`: {mark}"
        )
    for citation in verdict.citations:
        source = (
            " · ".join(_escape(p) for p in (citation.publisher, citation.published) if p)
            or citation.evidence_id
        )
        link = f"[{source}]({citation.url})" if citation.url else source
        lines.append(f"- {citation.stance}: “{_escape(citation.quote)}” — {link}")
    return [*lines, ""]


def render_markdown(report: Report) -> str:
    article = report.article
    trust = "n/a" if article.trust_score is None else f"{article.trust_score:.2f}"
    lines = [
        f"# Fact-check: {_escape(article.title or article.id)}",
        "",
        f"**Trust score: {trust}** · language {article.language} · source `{article.source}`",
        "",
    ]
    if report.trust:
        lines += [_escape(report.trust.explanation), ""]
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
