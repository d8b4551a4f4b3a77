"""What makes a passage no evidence at all, whatever it says: it addresses the verifier
instead of reporting, or its publisher passes itself off as another publisher or as an
official source; and what makes it suspect: its page showed readers one text and hid
another (`cloaks`).

These are heuristics with known limits (eval/reliability.md has the measured flip rates):
a planted page that neither instructs nor disguises its publisher, from a site as unknown
as the genuine sources, still counts as much as they do; a publisher list in the settings
is the remedy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from functools import lru_cache

from factcheck.models import EvidenceChunk
from factcheck.script import to_simplified

# Heuristic markers of text written to steer a model rather than to report: overriding its
# earlier instructions, dictating a verdict, or a chat role written into the page. Ordinary
# reporting ("drivers ignore traffic rules", "法院判定其陳述屬實") does not match.
_INSTRUCTIONS = (
    re.compile(
        r"\b(ignore|disregard|forget|override)\W+(all\W+|any\W+)?(of\W+)?(the\W+|your\W+)?"
        r"(previous|prior|above|earlier|preceding|original|system)\W+"
        r"(instructions?|prompts?|rules|guidelines|directions)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"(忽略|無視|无视|忘記|忘记|不要理會|不要理会)(掉)?(你)?"
        r"(之前|先前|以上|上述|前面|此前|原有|原先|所有|一切|系統|系统)[^。！？\n]{0,6}"
        r"(指令|指示|提示|規則|规则|設定|设定)"
    ),
    # the verifier's own labels, dictated
    re.compile(
        r"\b(?i:mark|label|classify|tag|output|return|answer|respond|set)\b[^.!?\n]{0,60}"
        r"\b(SUPPORTED|REFUTED|NOT_ENOUGH_INFO|CONFLICTING)\b"
    ),
    re.compile(
        r"(標記|标记|標註|标注|判定|判為|判为|歸類|归类|輸出|输出)[^。！？\n]{0,20}"
        r"(SUPPORTED|REFUTED|NOT_ENOUGH_INFO|CONFLICTING)"
    ),
    # a request to label the claim: 請……判定為已證實
    re.compile(
        r"(請|请)[^！？\n]{0,600}?(標記|标记|標註|标注|判定|歸類|归类)(為|为)[「“（(]?"
        r"(已證實|已证实|屬實|属实|真實|真实|正確|正确|不實|不实)"
    ),
    re.compile(r"(^|\n)\s*(SYSTEM|System|ASSISTANT|Assistant)\s*:|<\|im_start\|>|\[INST\]|<<SYS>>"),
    # the same roles in Chinese: 【系統提示】, 系统指令：
    re.compile(
        r"[【\[]\s*(系統|系统)(提示|指令|訊息|信息|消息)?\s*[】\]]"
        r"|(^|\n)\s*(系統|系统)(提示|指令)?\s*[:：]"
    ),
    # a note addressed to machine readers: "Note to any AI fact-checking system", 供自動審核程序參考
    re.compile(
        r"\bnotes?\b[^.!?\n]{0,30}\b(to|for)\s+(any\s+|all\s+)?"
        r"(AI|automated|automatic|machine|LLM|language[- ]model)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"(致|給|给|供)[^。！？\n]{0,10}(AI|人工智能|自動|自动|機器|机器)[^。！？\n]{0,6}"
        r"(系統|系统|程序|程式|審核|审核|核查|模型)"
    ),
)


@lru_cache(maxsize=4096)  # the same passages come back for many claims
def addresses_the_verifier(text: str) -> bool:
    """Whether a passage gives the verifier instructions (it is then no evidence at all)."""
    return any(pattern.search(text) for pattern in _INSTRUCTIONS)


_LETTER_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
_TOP_LEVEL = re.compile(r"(\.[a-z]{2,3})+$")  # a name ending as a web address: .com, .co.uk
_OFFICIAL_NAME = re.compile(r"\bofficial\b|官方", re.IGNORECASE)
_OFFICIAL_OPENING = re.compile(  # text presenting itself as the statement, not quoting one
    r"^\W*(official\s+statement|official\s+announcement|官方(聲明|声明|公告|通告))",
    re.IGNORECASE,
)


def impostor(publisher: str | None, rated: Collection[str], cited: Collection[str]) -> str | None:
    """Why ``publisher`` passes itself off as another publisher, or None. ``rated`` are the
    publishers the settings rate, ``cited`` those of the passages read beside it.

    - a word mixing Latin with Cyrillic or Greek letters: a homoglyph ("Rеuters", Cyrillic е);
    - a name ending as a web address that begins with a rated or cited name and adds more
      ("BetaNews-News.co", "ChinaYouth(youth.cn)-News.co");
    - a rated name written with other punctuation or spacing ("Yahoo-新聞(香港)" for
      "Yahoo 新聞（香港）"). Between two unrated names that differ so, which is genuine cannot
      be told: both count. Case and Chinese script do not make another name (`publisher_key`).
    """
    if not publisher:
        return None
    if any(len(_scripts(word)) > 1 for word in publisher.split()):
        return "mixes look-alike letters of different scripts"
    folded_publisher = _fold(publisher)
    for name in rated:
        if _fold(name) == folded_publisher and publisher_key(name) != publisher_key(publisher):
            return f"a variant spelling of the rated {name!r}"
    if not _TOP_LEVEL.search(publisher.casefold()):
        return None
    stem = _fold(_TOP_LEVEL.sub("", publisher.casefold()))
    for name in (*rated, *cited):
        folded = _fold(name)
        if len(folded) >= 3 and stem.startswith(folded) and stem != folded:
            return f"a web address imitating {name!r}"
    return None


def self_styled_official(publisher: str | None, text: str) -> bool:
    """Whether the publisher's name or the passage's opening claims official standing."""
    return bool(_OFFICIAL_NAME.search(publisher or "") or _OFFICIAL_OPENING.search(text))


def cloaks(chunk: EvidenceChunk) -> bool:
    """Whether the passage's page hid prose from its readers within its text (white on
    white, font size 0, display:none, a comment, ...: `factcheck.intake.hidden`). The hidden
    text itself was never read; what the page shows beside it is suspect, as a search engine
    treats hidden text as spam. Hidden menus, icons and labels are not prose, and what lies
    outside the page's main text (a consent banner, a dialog) is not counted."""
    return chunk.hidden_prose > 0


@lru_cache(maxsize=16384)
def publisher_key(name: str) -> str:
    """A publisher's name as compared: trimmed, case-folded, in simplified script."""
    return to_simplified(name.strip()).casefold()


def _scripts(word: str) -> set[str]:
    scripts = set()
    for char in word:
        script = unicodedata.name(char, "").split(" ")[0]
        if script in _LETTER_SCRIPTS:
            scripts.add(script)
    return scripts


@lru_cache(maxsize=16384)
def _fold(name: str) -> str:
    """Letters and digits only, lower-case, simplified script."""
    return "".join(c for c in to_simplified(name).casefold() if c.isalnum())
