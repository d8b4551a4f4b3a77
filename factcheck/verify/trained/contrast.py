"""REFUTED pairs made from SUPPORTED ones by changing one checkable detail of the claim.

A claim that its evidence supports is changed in one detail the evidence also states, and
the unchanged evidence then contradicts it:

* ``number``: a number of the claim that the evidence also writes is scaled (2, 3, 5 or 10
  times up or down), a year moved by one to three, a month or a day of the month moved
  (``2020年``, ``5月``, ``12 days``, ``30%``); numbers inside names (COVID-19, H1N1, 5mg) are
  left alone;
* ``direction``: a direction word that the evidence also uses is swapped for its opposite
  (增加/减少, 上升/下降, increased/decreased, higher/lower);
* ``negation``: the first auxiliary verb is negated, or a negation removed (is -> is not,
  does not -> does, 是 -> 不是, 没有 -> 有).

The pairs teach the reading the issue asks for (a claim that says 10 million where its source
says 1 million is refuted) with minimal pairs: each changed pair is kept together with the
supported pair it came from, as a group of its own (``kind="contrast"``), so the trainers'
class balancing sees both sides and a cue in the claim alone (a negation word, a round
number) predicts nothing. Only training claims outside the calibration hold-out are used,
and a change whose claim falls into the hold-out is dropped, so neither calibration nor any
dev pair sees a made-up claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np

from factcheck.verify.trained.data import Pair, held_out
from factcheck.verify.trained.text import _jieba, numbers

KIND = "contrast"
SHARE = 0.5  # at most this share of a set's supported training pairs is changed
NEGATION_SHARE = 1 / 3  # at most this share of a set's changes are negations: no claim-only cue

# A number standing alone: not inside a name (COVID-19, H1N1, SARS-CoV-2) or glued to letters.
_NUMBER = re.compile(r"(?<![A-Za-z0-9\-./])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![A-Za-z0-9\-])")
_YEARS = (1900, 2100)

DIRECTIONS_ZH = (
    ("增加", "减少"),
    ("上升", "下降"),
    ("提高", "降低"),
    ("上涨", "下跌"),
    ("扩大", "缩小"),
    ("高于", "低于"),
    ("多于", "少于"),
    ("增强", "减弱"),
    ("允许", "禁止"),
    ("支持", "反对"),
    ("有效", "无效"),
    ("成功", "失败"),
    ("盈利", "亏损"),
    ("批准", "拒绝"),
    ("升高", "降低"),
)
DIRECTIONS_EN = (
    ("increase", "decrease"),
    ("increased", "decreased"),
    ("increases", "decreases"),
    ("increasing", "decreasing"),
    ("higher", "lower"),
    ("more", "less"),
    ("larger", "smaller"),
    ("rise", "fall"),
    ("rises", "falls"),
    ("rose", "fell"),
    ("positive", "negative"),
    ("positively", "negatively"),
    ("effective", "ineffective"),
    ("improves", "worsens"),
    ("improved", "worsened"),
    ("promotes", "inhibits"),
    ("activates", "inhibits"),
    ("upregulates", "downregulates"),
    ("before", "after"),
    ("above", "below"),
    ("gain", "loss"),
    ("warmer", "colder"),
    ("warming", "cooling"),
)
_AUXILIARIES = (
    *("is", "are", "was", "were", "has", "have", "had", "can", "could", "will", "would"),
    *("should", "may", "might", "must", "does", "do", "did"),
)
_EN_IRREGULAR = {"cannot": "can", "can't": "can", "won't": "will"}
_EN_NEGATED = re.compile(
    rf"\b({'|'.join(_AUXILIARIES)}) not\b|\b({'|'.join(_AUXILIARIES)})n't\b"
    rf"|\b({'|'.join(_EN_IRREGULAR)})(?!\w)",
    re.IGNORECASE,
)
# has/have/had are also main verbs ("has a role"): negated only before "been".
_EN_AUXILIARY = re.compile(
    r"\b(" + "|".join(a for a in _AUXILIARIES if not a.startswith("ha")) + r"|(?:has|have|had)"
    r"(?= been))\b",
    re.IGNORECASE,
)
_EN_ANY_NEGATION = re.compile(r"\b(not|no|never|none|cannot|without)\b|n't\b", re.IGNORECASE)
# Chinese: (word as jieba cuts it, its negation); removal reads the pairs the other way.
NEGATIONS_ZH = (("是", "不是"), ("会", "不会"), ("能", "不能"), ("可以", "不能"), ("有", "没有"))
_ZH_NEGATION_WORDS = ("不", "没", "未", "非", "无")


def _format(value: float, original: str, decimals: str | None) -> str:
    places = len(decimals) - 1 if decimals else 0
    text = f"{value:,.{places}f}" if "," in original else f"{value:.{places}f}"
    return text


def _new_number(match: re.Match, text: str, rng: np.random.Generator) -> str | None:
    """Another value for the number matched in ``text``, of the same kind, or None."""
    whole, decimals = match.group(1), match.group(2)
    value = float(whole.replace(",", "") + (decimals or ""))
    after = text[match.end() : match.end() + 6].lstrip().lower()
    if not decimals and after[:1] == "月" and 1 <= value <= 12:
        return str(int((value - 1 + rng.integers(1, 12)) % 12 + 1))
    if not decimals and after[:1] in ("日", "号") and 1 <= value <= 31:
        return str(int((value - 1 + rng.integers(1, 27)) % 28 + 1))
    if not decimals and "," not in whole and _YEARS[0] <= value <= _YEARS[1] and len(whole) == 4:
        return str(int(value + rng.choice([-3, -2, -1, 1, 2, 3])))
    percent = after[:1] == "%"
    candidates = [
        scaled
        for factor in (2, 3, 5, 10)
        for scaled in (value * factor, value / factor)
        if (decimals or scaled == int(scaled))
        and (scaled >= 1 or value < 1)
        and not (percent and scaled > 100)
    ]
    if not candidates:
        return None
    scaled = candidates[int(rng.integers(len(candidates)))]
    return _format(scaled, whole, decimals)


def change_number(claim: str, evidence: str, rng: np.random.Generator) -> str | None:
    """The claim with one number that the evidence also writes given another value."""
    stated = numbers(evidence)
    found = [
        m
        for m in _NUMBER.finditer(claim)
        if (m.group(1) + (m.group(2) or "")).replace(",", "") in stated
    ]
    if not found:
        return None
    match = found[int(rng.integers(len(found)))]
    new = _new_number(match, claim, rng)
    if new is None or new.replace(",", "") in stated:
        return None
    return claim[: match.start()] + new + claim[match.end() :]


def _swap(words: tuple[tuple[str, str], ...]) -> Iterator[tuple[str, str]]:
    for a, b in words:
        yield a, b
        yield b, a


def change_direction(claim: str, evidence: str, rng: np.random.Generator) -> str | None:
    """The claim with a direction word that the evidence also uses swapped for its opposite."""
    found = []
    if re.search(r"[\u3400-\u9fff]", claim):
        for word, opposite in _swap(DIRECTIONS_ZH):
            if word in claim and word in evidence and opposite not in claim:
                found.append((claim.index(word), len(word), opposite))
    else:
        lowered = evidence.lower()
        for word, opposite in _swap(DIRECTIONS_EN):
            pattern = re.compile(rf"\b{word}\b", re.IGNORECASE)
            hit = pattern.search(claim)
            if hit and re.search(rf"\b{word}\b", lowered):
                same_case = opposite.capitalize() if hit.group(0)[0].isupper() else opposite
                found.append((hit.start(), len(word), same_case))
    if not found:
        return None
    start, length, opposite = found[int(rng.integers(len(found)))]
    return claim[:start] + opposite + claim[start + length :]


def change_negation(claim: str) -> str | None:
    """The claim with its negation removed, or its first auxiliary (是, 会 ...) negated."""
    if re.search(r"[\u3400-\u9fff]", claim):
        words = _jieba().lcut(claim)
        for i, word in enumerate(words):
            for plain, negated in NEGATIONS_ZH:
                if word == negated:
                    return "".join(words[:i] + [plain] + words[i + 1 :])
        if any(w in claim for w in _ZH_NEGATION_WORDS):
            return None  # a negation this cannot take out cleanly: leave the claim alone
        for i, word in enumerate(words):
            for plain, negated in NEGATIONS_ZH:
                if word == plain:
                    return "".join(words[:i] + [negated] + words[i + 1 :])
        return None
    claim = claim.replace("\u2019", "'")
    negated = _EN_NEGATED.search(claim)
    if negated:
        kept = negated.group(1) or negated.group(2) or _EN_IRREGULAR[negated.group(3).lower()]
        return claim[: negated.start()] + kept + claim[negated.end() :]
    if _EN_ANY_NEGATION.search(claim):
        return None
    auxiliary = _EN_AUXILIARY.search(claim)
    if not auxiliary:
        return None
    return claim[: auxiliary.end()] + " not" + claim[auxiliary.end() :]


def change(claim: str, evidence: str, rng: np.random.Generator) -> tuple[str, str] | None:
    """(kind of change, changed claim): a number or a direction word (in a random order) where
    the evidence states one, else a negation."""
    changes = {
        "number": lambda: change_number(claim, evidence, rng),
        "direction": lambda: change_direction(claim, evidence, rng),
    }
    for name in [*rng.permutation(list(changes)), "negation"]:
        changed = change_negation(claim) if name == "negation" else changes[str(name)]()
        if changed and changed.strip() != claim.strip():
            return str(name), changed
    return None


def contrast_pairs(pairs: list[Pair], seed: int = 0) -> list[Pair]:
    """Minimal pairs from the supported training pairs: each kept, and its changed claim REFUTED.

    Pairs come from every set's gold SUPPORTED training pairs whose claim is not held out; at
    most ``SHARE`` of a set's such pairs are changed (a random choice, fixed by ``seed``)."""
    rng = np.random.default_rng(seed)
    out: list[Pair] = []
    for name in dict.fromkeys(p.dataset for p in pairs):
        source = [
            p
            for p in pairs
            if p.dataset == name
            and p.split == "train"
            and p.kind == "gold"
            and p.label == "SUPPORTED"
            and p.evidence.strip()
            and not held_out(p.claim)
        ]
        budget = int(SHARE * len(source))
        negations = int(NEGATION_SHARE * budget)
        for i in rng.permutation(len(source)):
            if budget <= 0:
                break
            pair = source[int(i)]
            changed = change(pair.claim, pair.evidence, rng)
            if changed is None or held_out(changed[1]):
                continue
            if changed[0] == "negation":
                if negations <= 0:
                    continue
                negations -= 1
            common = dict(dataset=pair.dataset, lang=pair.lang, split="train", kind=KIND)
            out.append(Pair(claim=pair.claim, evidence=pair.evidence, label="SUPPORTED", **common))
            out.append(Pair(claim=changed[1], evidence=pair.evidence, label="REFUTED", **common))
            budget -= 1
    return out
