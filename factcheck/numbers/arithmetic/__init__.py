"""Arithmetic inside an article: rates, changes and shares it states, checked against the figures it
gives for them in the same sentence.

- `growth.py`: a compound annual growth rate against figures for two years ("6.15億美元 in
  2024 ... 25.63億美元 in 2032, 年復合增長率達20%");
- `change.py`: a percentage change against the figures it runs between ("from $10 million
  to $12 million, up 20%");
- `share.py`: a share against its part and whole ("共有學生1000萬人，其中女生600萬人，佔比60%");
- `figures.py`: the figures of a sentence, read from its claims.

Each check names the claims whose figures it used; an inconsistent one lowers the article's
trust score (`factcheck.trust`). Silence is not an error: a sentence that states no rate or
change, or lacks the figures to check it, gives no check.
"""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.models import ArithmeticCheck, Claim
from factcheck.numbers.arithmetic.change import change_checks
from factcheck.numbers.arithmetic.growth import growth_checks
from factcheck.numbers.arithmetic.share import share_checks

__all__ = ["arithmetic_checks", "change_checks", "growth_checks", "share_checks"]


def arithmetic_checks(claims: Sequence[Claim]) -> list[ArithmeticCheck]:
    """Every growth rate, change and share the article states that its figures can check."""
    return [*growth_checks(claims), *change_checks(claims), *share_checks(claims)]
