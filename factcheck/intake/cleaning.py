"""Cleaning scraped text while keeping the map back to the original.

Two kinds of damage are repaired:

* pinyin-annotation noise, where a character is followed by its reading in parentheses
  (``行業(yè)`` for ``行業``): the annotation is dropped. Where mojibake also ate a byte, a
  "?" stands before the reading and the characters after it were decoded one byte out of
  step (``轉變?yōu)橐徽臼紸I`` for ``轉變?一站式AI``: GBK e9|d2bb|d5be|cabd|41 read with the orphan
  byte e9 dropped); they are decoded again in step when that gives far commoner characters
  (by jieba's dictionary frequencies), else left as they are;
* page boilerplate: navigation and buttons (訂閱, 糾錯, Subscribe, Share), comment boxes,
  disclaimers and footers, image file names used as captions, and everything after an
  end-of-article marker (``END``, ``（完）``).
"""

from __future__ import annotations

import math
import re

from factcheck.intake.mapped_text import MappedText
from factcheck.script import has_han

_TONED_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# A parenthesised pinyin syllable with at least one tone mark, glued to the character before
# it (a Han character, or the "?" or letter that mojibake left in its place).
# When mojibake ate the opening parenthesis, a "?" is left before the syllable.
PINYIN_ANNOTATION = re.compile(
    rf"(?:(?<=[^\s(（])[(（]|(?<=\?))(?=[a-z{_TONED_VOWELS}]{{0,6}}[{_TONED_VOWELS}])"
    rf"[a-z{_TONED_VOWELS}]{{1,7}}[)）]"
)

_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|bmp)(?![A-Za-z0-9])", re.IGNORECASE)
_CAPTION_MARK = re.compile(r"^\s*[丨|｜]")
_END_MARKER = re.compile(
    r"^\s*(?:[-—–_=*]*\s*END\s*[-—–_=*]*|[（(]完[）)]|—\s*完\s*—|-\s*完\s*-)\s*$", re.IGNORECASE
)
# Phrases that only page furniture contains, at any length.
_FURNITURE = re.compile(
    r"請輸入|请输入|評論長度|评论长度|提交的評論|提交的评论|暫無評論|暂无评论|\d條評論|\d条评论|"
    r"原文標題|原文标题|^\s*聲明\s*[:：]|^\s*声明\s*[:：]|版權所有|版权所有|公網安備|公网安备|"
    r"ICP備|ICP备|備案號|备案号|All rights reserved|^\s*Copyright\b|^\s*©|"
    r"驗\s*證\s*碼|验\s*证\s*码|聯繫郵箱|联系邮箱|聯系郵箱|Sign up for our newsletter",
    re.IGNORECASE,
)
# Words of buttons and menus: a short line made of them is furniture.
_UI_WORDS = re.compile(
    r"訂閱|订阅|糾錯|纠错|自媒體|自媒体|分享|舉報|举报|評論|评论|登錄|登录|註冊|注册|收藏|點贊|点赞|"
    r"關注|关注|公眾號|公众号|掃碼|扫码|更多|責任編輯|责任编辑|獵頭|猎头|文章糾錯|返回|首頁|首页|"
    r"Subscribe|Share|Sign in|Log in|Register|Comments?|Advertisement|Related|Read more|"
    r"Follow us|Newsletter|Menu|Print|Email|Tweet|Report",
    re.IGNORECASE,
)
_SHORT_LINE = 24
_LONG_LINE = 2000
_SENTENCE_END = re.compile(r"[。！？!?.；;]\s*[”」』\"']?\s*$")


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\s\u3000-\u303f\uff00-\uffef]+")  # not punctuation
_COMMONER = 2.0  # in mean log10 frequency per character: 100 times commoner


def repair_pinyin_noise(mapped: MappedText) -> MappedText:
    """Drop ``(yè)``-style readings that follow a Chinese character, and decode again in step
    the characters that mojibake put out of step after a ``?yōu)``-style one."""
    text, edits = mapped.text, []
    for m in PINYIN_ANNOTATION.finditer(text):
        edits.append((m.start(), m.end(), ""))
        if text[m.start() - 1 : m.start()] != "?":
            continue
        run = _NON_ASCII_RUN.match(text, m.end())
        in_step = back_in_step(run.group()) if run else None
        if run and in_step:
            edits.append((run.start(), run.end(), in_step))
    return mapped.edit(edits) if edits else mapped


def without_pinyin_noise(text: str) -> str:
    """``text`` repaired as `repair_pinyin_noise` repairs an article.

    >>> without_pinyin_noise("行業(yè)轉變?yōu)橐徽臼紸I平臺")
    '行業轉變?一站式AI平臺'
    """
    return repair_pinyin_noise(MappedText.identity(text)).text


def back_in_step(run: str) -> str | None:
    """``run`` decoded again without its first byte in GBK, when that gives far commoner
    characters; None otherwise.

    >>> back_in_step("橐徽臼紸"), back_in_step("一站式")
    ('一站式A', None)
    """
    try:
        shifted = run.encode("gbk")[1:].decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return shifted if _commonness(shifted) >= _commonness(run) + _COMMONER else None


def _commonness(text: str) -> float:
    """Mean log10 frequency of the Chinese characters in ``text`` in jieba's dictionary."""
    import jieba

    jieba.dt.check_initialized()
    han = [ch for ch in text if has_han(ch)]
    if not han:
        return 0.0
    return sum(math.log10(jieba.dt.FREQ.get(ch, 0) + 1) for ch in han) / len(han)


def is_furniture(line: str) -> bool:
    """True for a line that is page furniture, not article text."""
    stripped = line.strip()
    if not stripped or len(stripped) > _LONG_LINE:
        return False  # a paragraph, not a footer: it may quote "All rights reserved"
    if _IMAGE_FILE.search(stripped) or _CAPTION_MARK.match(stripped) or _FURNITURE.search(stripped):
        return True
    if len(stripped) <= 2 and not has_han(stripped):
        return True  # stray "x", "*", "|" left by a widget
    label = stripped.startswith("*") or stripped.endswith((":", "："))
    if label and len(stripped) <= _SHORT_LINE:
        return True  # form labels such as "*文字標題:"
    short = len(stripped) <= _SHORT_LINE and not _SENTENCE_END.search(stripped)
    return short and bool(_UI_WORDS.search(stripped))


def remove_boilerplate(mapped: MappedText) -> MappedText:
    """Delete furniture lines, and every line after an end-of-article marker."""
    edits = []
    ended = False
    for match in re.finditer(r"[^\n]*(?:\n|$)", mapped.text):
        line = match.group()
        if not line:
            continue
        ended = ended or (len(line) <= _SHORT_LINE * 4 and bool(_END_MARKER.match(line)))
        if ended or is_furniture(line):
            edits.append((match.start(), match.end(), ""))
    return mapped.edit(edits) if edits else mapped


_MD_EDITS = (
    re.compile(r"!\[[^[\]\n]*\]\([^()\n]*\)"),  # images: dropped whole
    re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE),  # heading marks
    re.compile(r"^\s{0,3}>\s?", re.MULTILINE),  # quote marks
    re.compile(r"^[ \t]*(?:[-*+]|\d+\.)[ \t]+(?=\S)", re.MULTILINE),  # list marks
    re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|`"),  # emphasis and code marks
    re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE),  # rules
)
_MD_LINK = re.compile(r"\[([^[\]\n]+)\]\([^()\n]*\)")


def strip_markdown(mapped: MappedText) -> MappedText:
    """Remove Markdown markup, keeping link text; offsets still map to the source."""
    text = mapped.text
    taken: list[tuple[int, int]] = []  # sorted, disjoint; earlier patterns win
    for pattern in _MD_EDITS:
        taken = _add_free(taken, [m.span() for m in pattern.finditer(text)])
    links = [(m.start(), m.start(1)) for m in _MD_LINK.finditer(text)]
    links += [(m.end(1), m.end()) for m in _MD_LINK.finditer(text)]
    taken = _add_free(taken, sorted(links))
    return mapped.edit([(s, e, "") for s, e in taken]) if taken else mapped


def _add_free(taken: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``taken`` plus those of the sorted, disjoint ``spans`` that overlap none of it."""
    free, i = [], 0
    for start, end in spans:
        while i < len(taken) and taken[i][1] <= start:
            i += 1
        if i == len(taken) or taken[i][0] >= end:
            free.append((start, end))
    return sorted(taken + free)
