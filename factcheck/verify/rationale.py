"""Short rationales, in the claim's language. Every wording lives here, once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from factcheck.models import Finding, Label

Wording = TypeVar("Wording")

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
_LLM_NOT_USED = {
    "en": " [LLM answer not used: {reason}. Offline verdict.]",
    "zh": "［未採用LLM答覆：{reason}。此為離線判定。］",
}
_LLM_OVERRULED = {  # by the label the LLM answered
    Label.SUPPORTED: {
        "en": " The numbers or dates differ, though the model read support ({notes}).",
        "zh": "模型認為證據支持此說法，但數字或日期不符（{notes}）。",
    },
    Label.NOT_ENOUGH_INFO: {
        "en": " The model could not decide; the numbers or dates differ ({notes}).",
        "zh": "模型未能判定，但數字或日期不符（{notes}）。",
    },
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
    if n_evidence == 0:
        return _worded(_NO_EVIDENCE, language)
    notes = _notes(findings)
    what = f" ({notes})" if notes and language != "zh" else (f"（{notes}）" if notes else "")
    rationale = _worded(_TEMPLATES, language)[label].format(what=what, n=n_evidence)
    return rationale + (_worded(_OVERRULED, language) if overruled else "")


def llm_not_used_note(language: str, reason: str) -> str:
    """Added to the offline rationale when the LLM gave no usable answer, saying why."""
    return _worded(_LLM_NOT_USED, language).format(reason=reason)


def llm_overruled_note(language: str, label: Label, differing: Sequence[Finding]) -> str:
    """Added to the LLM's rationale when it answered ``label`` (SUPPORTED or NOT_ENOUGH_INFO)
    and the offline comparator found the ``differing`` numbers or dates."""
    return _worded(_LLM_OVERRULED[label], language).format(notes=_notes(differing))


def _notes(findings: Sequence[Finding]) -> str:
    return "; ".join(dict.fromkeys(f.note for f in findings))


def _worded(wordings: Mapping[str, Wording], language: str) -> Wording:
    """The wording in ``language``, else in English."""
    return wordings.get(language, wordings["en"])
