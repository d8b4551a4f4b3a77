"""A stated percentage change, or rise of so many times, set against the two figures the same
sentence gives for it.

"營收從10億元增加到15億元，增長了20%" states a change and the figures it runs between; 10 to 15
is a rise of 50%. `change_checks` finds such sentences among an article's claims and says
whether the change holds (`numbers.compare.check_stated_change`), showing both figures and
the change they imply.

Reading, per sentence (the claims extracted from one sentence share its text):

- the stated change: a percentage right after a word of change ("rose 20%", "increased by
  about 30%", "a drop of 25 percent", "增長了20%", "下降30%", "增幅達50%") or right before one
  ("a 20% increase", "20% higher", "20%的增長"); the word says up or down. A percentage after
  "to" or 至 is a level, not a change ("fell to 20%", "降至20%"), and is not read. A multiple
  after a word of rise ("增長3倍", "grew 3x") is read as three or four times
  (`numbers.compare.check_stated_multiple`);
- the figures: the amount after "from" / 從, 由, 自, 比 is the start; the end is the amount
  after "to" / 至, 到, 達 of the same dimension, else the sentence's one other amount of that
  dimension ("$12 million, up 20% from $10 million"); without a "from", the amounts of one
  dimension given for two different years (`figures.figures`), the earliest year's
  the start and the latest's the end.

A sentence with one stated change is checked against its figures; one with several, each
change against the figures of its own claim, unless that claim states several. Nothing is
checked when the sentence names an annual growth rate (that is `growth.py`'s), or lacks a
start and an end: silence is not an error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factcheck.models import ArithmeticCheck, Claim, Quantity
from factcheck.numbers.arithmetic.figures import (
    REACH,
    WINDOW,
    Figure,
    arithmetic_check,
    before,
    by_year,
    figures,
    position,
    sentences,
)
from factcheck.numbers.arithmetic.growth import names_a_rate
from factcheck.numbers.compare import check_stated_change, check_stated_multiple
from factcheck.script import to_simplified

_UP_EN = (
    r"rose|rises?|risen|rising|increased?|increases|increasing|grew|grows?|grown|growing"
    r"|gained?|gains|jumped?|jumps|climbed?|climbs|surged?|surges|soared?|soars|up|higher"
    r"|more|increase|rise|jump|gain|growth"
)
_DOWN_EN = (
    r"fell|falls?|fallen|falling|dropped|drops?|declined?|declines|decreased?|decreases"
    r"|slid|slides?|down|shrank|shrunk|shrinks?|plunged?|plunges|tumbled?|tumbles"
    r"|lower|less|drop|decline|decrease|fall|reduction|cut"
)
_UP_ZH = "增长|增加|上升|上涨|提升|提高|成长|增幅|涨幅|升幅|攀升|飙升|激增|大增|增|涨|升"
_DOWN_ZH = "下降|下跌|减少|降低|下滑|降幅|减幅|跌幅|回落|缩减|减|跌|降"
_ZH_AFTER = "的?(?:增幅|涨幅|升幅|降幅|减幅|跌幅)|的(?:增长|下降|增加|减少)"  # 3.9%增幅, 20%的增长
_CHANGE_BEFORE = re.compile(  # the text before the percentage ends with a word of change
    rf"(?:\b(?P<en>{_UP_EN}|{_DOWN_EN})(?:\s+of)?(?:\s+by)?\s*"
    rf"|(?P<zh>{_UP_ZH}|{_DOWN_ZH})(?:了|幅度|率)?(?:达到|达|为|约为|约|近|高达)?\s*)$",
    re.IGNORECASE,
)
_CHANGE_AFTER = re.compile(  # ... or the text after it starts with one
    rf"^(?:[\s-]*(?P<en>{_UP_EN}|{_DOWN_EN})\b|(?P<zh>{_ZH_AFTER}))", re.IGNORECASE
)
_DOWN = re.compile(rf"^(?:{_DOWN_EN}|{_DOWN_ZH})$", re.IGNORECASE)
_POINTS = re.compile(r"^\s*(?:percentage points?|个百分点|百分点)|百分點|百分点", re.IGNORECASE)
_FROM = re.compile(r"(?:\bfrom\s+|(?:从|由|自|(?<![同环相])比)[^\d，。；,;]{0,8})$", re.I)
_TO = re.compile(r"(?:\bto\s+|(?:至|到|达)\s*)$", re.IGNORECASE)


def stated_change(claim: Claim, quantity: Quantity) -> tuple[str, int] | None:
    """The change a percentage or multiple states, as written ("rose 20%", "增長3倍"), and +1
    or -1; None if the quantity is not a change."""
    if quantity.kind not in ("percent", "multiplier"):
        return None
    text = claim.text
    after = to_simplified(text[quantity.span.end : quantity.span.end + WINDOW])
    if _POINTS.match(after) or _POINTS.search(quantity.text):
        return None
    if found := _CHANGE_BEFORE.search(before(claim, quantity)):
        word = found.group("en") or found.group("zh")
        written = text[quantity.span.start - len(found.group(0)) : quantity.span.end]
    elif found := _CHANGE_AFTER.match(after):
        word = found.group("en") or found.group("zh")
        written = text[quantity.span.start : quantity.span.end + found.end()]
    else:
        return None
    direction = -1 if _DOWN.match(word.lstrip("的")) else +1
    if quantity.kind == "multiplier" and direction < 0:
        return None  # "fell three times" is no multiple of anything
    return written.strip(), direction


def _start_and_end(members: Sequence[Claim], near: int) -> tuple[Figure, Figure] | None:
    """The figures a change at position `near` runs between: from ... to ..., or the
    earliest and latest year's. Only levels within `REACH` characters of it count: an amount
    right after a word of change ("同比增加1.42万亿元", "up by 5 million") is a difference."""
    amounts = [
        f
        for claim in members
        for f in figures(claim)
        if abs(f.position - near) <= REACH and not _CHANGE_BEFORE.search(before(claim, f.quantity))
    ]
    for start in (f for f in amounts if _FROM.search(before(f.claim, f.quantity))):
        others = [f for f in amounts if f is not start and f.pairs_with(start)]
        after = [
            f
            for f in others
            if f.position > start.position and _TO.search(before(f.claim, f.quantity))
        ]
        preceding = [f for f in others if f.position < start.position]  # "$12m, up 20% from $10m"
        if after or len(preceding) == 1:
            return start, min(after, key=lambda f: f.position) if after else preceding[0]
    span = by_year(amounts)
    if span is None or not span[1]:
        return None
    end, starts = span
    return min(starts, key=lambda f: f.year or 0), end


def change_checks(claims: Sequence[Claim]) -> list[ArithmeticCheck]:
    """Every stated percentage change that its sentence's figures can check."""
    checks = []
    for members in sentences(claims):
        if any(names_a_rate(claim) for claim in members):
            continue
        stated = [
            (claim, quantity, change)
            for claim in members
            for quantity in claim.quantities
            if (change := stated_change(claim, quantity)) is not None
        ]
        for claim, quantity, (written, direction) in stated:
            alone_in_claim = sum(1 for other, _, _ in stated if other is claim) == 1
            if len(stated) > 1 and not alone_in_claim:
                continue  # which figures go with which change is not clear
            pair = _start_and_end(
                members if len(stated) == 1 else [claim], position(claim, quantity)
            )
            if pair is None:
                continue
            start, end = pair
            if quantity.kind == "multiplier":
                comparison = check_stated_multiple(start.quantity, end.quantity, quantity)
            else:
                comparison = check_stated_change(start.quantity, end.quantity, quantity, direction)
            if comparison is None:
                continue
            checks.append(
                arithmetic_check("percent_change", written, claim, start, end, comparison)
            )
    return checks
