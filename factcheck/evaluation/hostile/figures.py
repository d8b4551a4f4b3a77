"""Another figure than the evidence gives: the claim's number or date changed so that the
comparators find it contradicts the claim."""

from __future__ import annotations

import re

from factcheck.models import Claim, DateMention, Label, Quantity
from factcheck.numbers import compare_dates, compare_quantities, parse_dates, parse_quantities

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def sentence_of(claim: Claim) -> str:
    """The claim in its sentence, which names what it is about."""
    return claim.sentence if claim.text in claim.sentence else claim.text


def language_of(claim: Claim) -> str:
    """The language planted documents are written in: ``zh`` or ``en``."""
    return "zh" if claim.language == "zh" else "en"


def altered(claim: Claim) -> str | None:
    """The claim's sentence with its first number or date written in digits changed so that
    it contradicts the claim: 突破1000萬次 -> 500萬次, 10月16日 -> 10月23日, 約200公里 ->
    約600公里; None when it has none."""
    sentence = sentence_of(claim)
    offset = sentence.find(claim.text) if claim.text in sentence else 0
    for mention in (*claim.quantities, *claim.dates):
        if (new := _contradicting(mention)) is not None:
            at = offset + mention.span.start
            return sentence[:at] + new + sentence[at + len(mention.text) :]
    return None


def _contradicting(mention: Quantity | DateMention) -> str | None:
    """The mention rewritten with other digits, if the comparator then finds it contradicts."""
    runs = list(_DIGITS.finditer(mention.text))
    if isinstance(mention, Quantity):
        if not runs:
            return None
        run, value = runs[0], float(runs[0].group().replace(",", ""))
        new = value * (0.5 if mention.bound == "at_least" else 3)
        digits = str(int(new)) if new == int(new) else f"{new:.1f}"
        # A bound before the number ("突破", "more than") is dropped: an exact figure below
        # "at least" (or above "at most") contradicts it, a bound would only overlap.
        kept = "" if mention.bound in ("at_least", "at_most") else mention.text[: run.start()]
        text = kept + digits + mention.text[run.end() :]
        stated = parse_quantities(text)
        comparison = compare_quantities(mention, stated[0]) if stated else None
    else:
        if not mention.iso:
            return None
        part = {"year": mention.iso[:4], "month": mention.iso[5:7], "day": mention.iso[8:10]}
        value = int(part[mention.granularity])
        runs = [r for r in runs if int(r.group().replace(",", "")) == value]
        if not runs:
            return None
        shifted = {
            "year": value - 1,
            "month": value % 12 + 1,
            "day": value + (7 if value <= 21 else -7),
        }
        run = runs[-1]
        text = (
            mention.text[: run.start()]
            + str(shifted[mention.granularity])
            + mention.text[run.end() :]
        )
        year = int(mention.iso[:4])
        stated_dates = parse_dates(text, default_year=year)
        comparison = compare_dates(mention, stated_dates[0]) if stated_dates else None
    return text if comparison is not None and comparison.agrees is False else None


def other_figure(claim: Claim, expected: Label) -> str | None:
    """The claim's sentence stating another number or date than the evidence does: the
    claim's own when it is false, else a changed one; None if it states none."""
    if expected is Label.REFUTED:
        has_figure = claim.quantities or claim.dates
        return ended(sentence_of(claim), language_of(claim)) if has_figure else None
    changed = altered(claim)
    return ended(changed, language_of(claim)) if changed else None


def ended(text: str, language: str) -> str:
    """``text`` ending with one full stop of its language."""
    text = text.rstrip().rstrip(",，;；:：、")
    return text if text[-1:] in "。.！!？?" else text + ("。" if language == "zh" else ".")
