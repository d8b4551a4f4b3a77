"""A stated share set against the part and the whole the same sentence gives for it.

"全國共有學生1000萬人，其中女生600萬人，佔比50%" states a share, a whole and a part: 600 of
1000 is 60%. `share_checks` finds such sentences among an article's claims and says whether
the share holds (`numbers.compare.check_stated_share`), showing both figures and the share
they give.

Reading, per sentence:

- the stated share: a percentage right after 佔, 佔比, 比重, 比例 (佔總營收的30%), or after
  "accounting for", "representing", "making up", "or", or an opening parenthesis;
- the part and the whole: two amounts of one measure (`figures.Figure.pairs_with`), the
  smaller one the part, written within 80 characters of the share, and tied to each other
  as a share is written: the part after 其中 or 中有 ("其中女生600萬人", "4000人中有1200人"),
  or, in English, the whole after "of" ("1,200 of the 4,000 employees", "Of the 4,000
  employees, 1,200 ...").

Nothing is checked when the sentence has more or fewer than two such amounts, when they are
given for different years, or when the percentage is a change (`change.py`) or an annual
rate (`growth.py`): silence is not an error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factcheck.models import ArithmeticCheck, Claim, Quantity
from factcheck.numbers.arithmetic.change import stated_change
from factcheck.numbers.arithmetic.figures import (
    REACH,
    Figure,
    arithmetic_check,
    before,
    figures,
    position,
    sentences,
)
from factcheck.numbers.arithmetic.growth import names_a_rate
from factcheck.numbers.compare import check_stated_share

_SHARE = re.compile(
    r"(?:(?:占|占比|比重|比例)[^，。；,;\d]{0,10}|\b(?:accounting for|accounts? for|representing"
    r"|represents?|making up|makes? up|or)\s+(?:about\s+|nearly\s+|some\s+)?|\(\s*)$",
    re.IGNORECASE,
)
_PART_ZH = re.compile(r"(?:其中|中有)[^，。；,;\d]{0,8}$")
_PART_OF_WHOLE = re.compile(  # what stands between the part and the whole: "1,200 of the 4,000"
    r"^\s*(?:\(\s*[\d.]+\s*%\s*\)\s*)?(?:out\s+)?of\s+(?:the\s+|all\s+|its\s+|their\s+)?$", re.I
)
_OF_WHOLE = re.compile(
    r"(?:^|[,;:]\s*)of\s+(?:the\s+|all\s+)?$", re.IGNORECASE
)  # "Of the 4,000 ..."
_WORD_AFTER = re.compile(r"^\s*(?:[A-Za-z]|[\u4e00-\u9fff])")  # "(49% male)", "50%的學生"
_GAP = 20  # at most this many characters, and no digit, between the part or whole and the share


def _stated_share(claim: Claim, quantity: Quantity) -> bool:
    after = claim.text[quantity.span.end : quantity.span.end + _GAP]
    return (
        quantity.kind == "percent"
        and bool(_SHARE.search(before(claim, quantity)))
        and not _WORD_AFTER.match(after)
        and stated_change(claim, quantity) is None
    )


def _between(first: Figure, second: Figure) -> str | None:
    """The text between two figures of one claim, None if they are in different claims."""
    if first.claim is not second.claim:
        return None
    return first.claim.text[first.quantity.span.end : second.quantity.span.start]


def _tied(part: Figure, whole: Figure) -> bool:
    """Whether the part and the whole are written as a share is: "其中女生600萬人",
    "1,200 of the 4,000 employees", "Of the 4,000 employees, 1,200"."""
    if _PART_ZH.search(before(part.claim, part.quantity)):
        return True
    if part.position < whole.position:
        between = _between(part, whole)
        return between is not None and bool(_PART_OF_WHOLE.match(between))
    return bool(_OF_WHOLE.search(before(whole.claim, whole.quantity)))


def _part_and_whole(
    claim: Claim, share: Quantity, amounts: list[Figure]
) -> tuple[Figure, Figure] | None:
    """The part and the whole of a stated share: the two amounts of one measure, tied as a
    share is written, one of them just before the share; None if not exactly so."""
    if len(amounts) != 2 or not amounts[0].pairs_with(amounts[1]):
        return None

    def size(figure: Figure) -> float:
        return figure.quantity.value * figure.measure[1]

    part, whole = sorted(amounts, key=size)
    different_years = None not in (part.year, whole.year) and part.year != whole.year
    if size(part) >= size(whole) or different_years or not _tied(part, whole):
        return None
    last = max((f for f in amounts if f.position < position(claim, share)), default=None,
               key=lambda f: f.position)  # fmt: skip
    if last is None:
        return None
    gap = (
        claim.text[last.quantity.span.end : share.span.start]
        if last.claim is claim
        else claim.text[: share.span.start]
    )
    far = position(claim, share) - last.position - len(last.quantity.text) > _GAP
    return None if far or re.search(r"\d", gap) else (part, whole)


def share_checks(claims: Sequence[Claim]) -> list[ArithmeticCheck]:
    """Every stated share that its sentence's part and whole can check."""
    checks = []
    for members in sentences(claims):
        if any(names_a_rate(claim) for claim in members):
            continue
        for claim in members:
            for quantity in claim.quantities:
                if not _stated_share(claim, quantity):
                    continue
                near = position(claim, quantity)
                amounts = [
                    f
                    for member in members
                    for f in figures(member)
                    if abs(f.position - near) <= REACH
                ]
                pair = _part_and_whole(claim, quantity, amounts)
                if pair is None:
                    continue
                part, whole = pair
                comparison = check_stated_share(part.quantity, whole.quantity, quantity)
                if comparison is None:
                    continue
                checks.append(
                    arithmetic_check("share", quantity.text, claim, part, whole, comparison)
                )
    return checks
