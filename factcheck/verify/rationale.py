"""Short rationales, in the claim's language. Every wording lives here, once."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.models import Finding, Label

_TEMPLATES = {
    "en": {
        Label.SUPPORTED: "The evidence states the same{what}.",
        Label.REFUTED: "The evidence states otherwise{what}.",
        Label.CONFLICTING: "Sources disagree{what}.",
        Label.NOT_ENOUGH_INFO: "None of the {n} passages found confirms or contradicts the claim.",
    },
    "zh": {
        Label.SUPPORTED: "證據所述與聲稱一致{what}。",
        Label.REFUTED: "證據所述與聲稱不符{what}。",
        Label.CONFLICTING: "不同來源說法矛盾{what}。",
        Label.NOT_ENOUGH_INFO: "檢索到的{n}段證據均未證實或否定此說法。",
    },
}
_NO_EVIDENCE = {"en": "No evidence was found for the claim.", "zh": "未找到與此說法相關的證據。"}
_OVERRULED = {
    "en": " A source that weighs less (less reliable or less close to the claim) says otherwise.",
    "zh": "另有份量較輕（較不可靠或與聲稱較不相關）的來源說法不同。",
}


def rationale_for(
    language: str,
    label: Label,
    findings: Sequence[Finding],
    n_evidence: int,
    *,
    overruled: bool = False,
) -> str:
    """The rationale; ``overruled``: a source on the other side was outweighed."""
    templates = _TEMPLATES.get(language, _TEMPLATES["en"])
    if n_evidence == 0:
        return _NO_EVIDENCE.get(language, _NO_EVIDENCE["en"])
    notes = "; ".join(dict.fromkeys(f.note for f in findings))
    what = f" ({notes})" if notes and language != "zh" else (f"（{notes}）" if notes else "")
    rationale = templates[label].format(what=what, n=n_evidence)
    return rationale + (_OVERRULED.get(language, _OVERRULED["en"]) if overruled else "")
