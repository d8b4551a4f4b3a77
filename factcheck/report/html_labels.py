"""The words of the HTML report, in the article's language: English, or Chinese in the
article's own script (the traditional labels, converted for a simplified article)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from factcheck.models import Label, Report
from factcheck.script import to_simplified

if TYPE_CHECKING:
    from factcheck.intake import Document

UNVERIFIED = "unverified"  # a claim below the check-worthiness threshold

LABELS: dict[str, dict[str, str]] = {
    "en": {
        Label.SUPPORTED: "Supported",
        Label.REFUTED: "Refuted",
        Label.NOT_ENOUGH_INFO: "Not enough info",
        Label.CONFLICTING: "Conflicting",
        UNVERIFIED: "Not verified",
        "title": "Fact-check",
        "trust": "Trust score",
        "trust_how": "The verified claims' support scores averaged, weighted by "
        "check-worthiness (not enough info at half weight).",
        "trust_arithmetic": "Each set of the article's figures that does not add up counts as "
        "a false claim.",
        "no_trust": "No check-worthy claim was verified.",
        "article": "Article",
        "claims": "Claims",
        "no_text": "The article's text was not given: the claims are listed on their own.",
        "support": "support",
        "confidence": "confidence",
        "checkworthiness": "check-worthiness",
        "below_threshold": "below the threshold",
        "quantity": "quantity",
        "date": "date",
        "ranking": "ranking",
        "attribution": "attribution",
        "product": "product",
        "opinion": "opinion",
        "in_claim": "In the article",
        "in_evidence": "In the evidence",
        "supports": "supports",
        "refutes": "refutes",
        "neutral": "neutral",
        "more_evidence": "Other evidence retrieved",
        "source": "source: {source}",
        "hidden_prose": "The page hides {n} characters of prose from its readers (left out of "
        "the text checked).",
        "arithmetic": "Arithmetic: {check} is {verdict}",
        "arithmetic_growth_rate": "{stated} a year from {start} to {end}",
        "arithmetic_percent_change": "{stated} from {start} to {end}",
        "arithmetic_share": "{start} as {stated} of {end}",
        "consistent": "consistent",
        "inconsistent": "inconsistent",
        "checked_by": "Checked by {organization}",
        "verifier": "verifier: {names}",
    },
    "zh": {
        Label.SUPPORTED: "屬實",
        Label.REFUTED: "有誤",
        Label.NOT_ENOUGH_INFO: "證據不足",
        Label.CONFLICTING: "證據矛盾",
        UNVERIFIED: "未查證",
        "title": "事實查核",
        "trust": "可信度",
        "trust_how": "已查證聲稱的支持度平均，按查證價值加權（證據不足者半權）。",
        "trust_arithmetic": "文中數字前後不符之處，各計為一則不實聲稱。",
        "no_trust": "沒有已查證的聲稱。",
        "article": "原文",
        "claims": "聲稱",
        "no_text": "未提供原文，僅列出聲稱。",
        "support": "支持度",
        "confidence": "置信度",
        "checkworthiness": "查證價值",
        "below_threshold": "低於門檻",
        "quantity": "數量",
        "date": "日期",
        "ranking": "排名",
        "attribution": "引述",
        "product": "產品",
        "opinion": "觀點",
        "in_claim": "文中",
        "in_evidence": "證據",
        "supports": "支持",
        "refutes": "反駁",
        "neutral": "中立",
        "more_evidence": "其他檢索到的證據",
        "source": "來源：{source}",
        "hidden_prose": "此網頁對讀者隱藏了 {n} 字的文字（未納入查核的原文）。",
        "arithmetic": "算術核對：{check}，{verdict}",
        "arithmetic_growth_rate": "從 {start} 到 {end} 每年 {stated}",
        "arithmetic_percent_change": "從 {start} 到 {end}，{stated}",
        "arithmetic_share": "{start} 佔 {end} 的 {stated}",
        "consistent": "前後一致",
        "inconsistent": "前後不符",
        "checked_by": "查核：{organization}",
        "verifier": "查證器：{names}",
    },
}


def page_language(report: Report, document: Document | None) -> tuple[str, dict[str, str]]:
    """The page's lang tag (en, zh-Hant or zh-Hans) and its labels."""
    if report.article.language == "en":
        return "en", LABELS["en"]
    sample = document.text if document else "".join(c.text for c in report.claims)
    if to_simplified(sample) != sample:
        return "zh-Hant", LABELS["zh"]
    return "zh-Hans", {key: to_simplified(text) for key, text in LABELS["zh"].items()}
