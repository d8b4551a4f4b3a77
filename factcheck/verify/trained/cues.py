"""Small lexicons of cue words that hint at refutation, in simplified Chinese and English.

They are weak, language-level hints fed to the classifier as counts, never rules on their own.
"""

from __future__ import annotations

import re

NEGATION_ZH = ("不", "没有", "没", "未", "非", "否认", "无", "别", "勿", "并非", "不是", "从未")
NEGATION_EN = (
    "not",
    "no",
    "never",
    "none",
    "nor",
    "without",
    "cannot",
    "false",
    "deny",
    "denies",
    "denied",
    "n't",
    "neither",
    "nobody",
    "nothing",
    "fails",
    "failed",
    "lack",
    "lacks",
)
DEBUNK_ZH = (
    "谣言",
    "不实",
    "辟谣",
    "假的",
    "虚假",
    "谣传",
    "误导",
    "网传",
    "并不",
    "伪造",
    "造谣",
    "假消息",
)
DEBUNK_EN = (
    "hoax",
    "myth",
    "misleading",
    "fake",
    "debunk",
    "false",
    "incorrect",
    "no evidence",
    "unfounded",
    "rumor",
)

ANTONYMS = (
    ("增加", "减少"),
    ("上升", "下降"),
    ("增长", "下降"),
    ("提高", "降低"),
    ("高", "低"),
    ("多", "少"),
    ("大", "小"),
    ("涨", "跌"),
    ("升", "降"),
    ("开放", "关闭"),
    ("允许", "禁止"),
    ("支持", "反对"),
    ("有效", "无效"),
    ("安全", "危险"),
    ("真", "假"),
    ("最", "最少"),
    ("首次", "再次"),
    ("成功", "失败"),
    ("increase", "decrease"),
    ("increase", "reduce"),
    ("rise", "fall"),
    ("higher", "lower"),
    ("more", "less"),
    ("more", "fewer"),
    ("larger", "smaller"),
    ("positive", "negative"),
    ("effective", "ineffective"),
    ("safe", "unsafe"),
    ("allow", "ban"),
    ("support", "oppose"),
    ("before", "after"),
    ("first", "last"),
    ("male", "female"),
    ("alive", "dead"),
    ("win", "lose"),
    ("success", "failure"),
    ("true", "false"),
    ("always", "never"),
    ("all", "none"),
    ("improve", "worsen"),
    ("increased", "decreased"),
    ("increases", "decreases"),
    ("only", "also"),
)

_WORD = re.compile(r"[a-z']+")


def _count(text: str, cues: tuple[str, ...], words: set[str] | None) -> int:
    if words is None:
        return sum(text.count(c) for c in cues)
    return sum(1 for c in cues if (c in words if " " not in c and "'" not in c else c in text))


def cue_counts(text: str, chinese: bool) -> tuple[int, int]:
    """(negation cues, debunk cues) found in simplified, lower-cased text."""
    lowered = text.lower()
    if chinese:
        return _count(lowered, NEGATION_ZH, None), _count(lowered, DEBUNK_ZH, None)
    words = set(_WORD.findall(lowered))
    return _count(lowered, NEGATION_EN, words), _count(lowered, DEBUNK_EN, words)


def antonym_clash(claim: str, evidence: str) -> int:
    """How many antonym pairs have one side only in the claim and the other only in the evidence."""
    c, e = claim.lower(), evidence.lower()
    cw, ew = set(_WORD.findall(c)), set(_WORD.findall(e))

    def has(text: str, words: set[str], w: str) -> bool:
        return w in words if w.isascii() else w in text

    clashes = 0
    for a, b in ANTONYMS:
        for x, y in ((a, b), (b, a)):
            if has(c, cw, x) and not has(e, ew, x) and has(e, ew, y) and not has(c, cw, y):
                clashes += 1
    return clashes
