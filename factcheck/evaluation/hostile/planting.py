"""Planted documents of four kinds, worded in ``eval/hostile/templates.toml``, each pushing
against a case's expected label."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from typing import Literal

from factcheck.evaluation.hostile.figures import language_of, other_figure, sentence_of
from factcheck.evaluation.hostile.paths import TEMPLATES
from factcheck.models import Claim, EvidenceChunk, Label, Record
from factcheck.script import to_simplified

Kind = Literal["injection", "fake_official", "hidden_html", "lookalike"]
KINDS: tuple[Kind, ...] = ("injection", "fake_official", "hidden_html", "lookalike")
HOMOGLYPHS = str.maketrans("aeocpxyi", "аеосрхуі")  # Latin -> Cyrillic look-alikes


class PlantedDocument(Record):
    """One planted document: an evidence record, or a page for the evidence loader."""

    kind: Kind
    variant: str  # the language, the hiding technique or the look-alike's disguise
    publisher: str | None = None
    text: str | None = None
    html: str | None = None


@lru_cache(maxsize=1)
def templates() -> dict:
    """What is planted, worded in ``eval/hostile/templates.toml``."""
    return tomllib.loads(TEMPLATES.read_text(encoding="utf-8"))


def _statement(claim: Claim, expected: Label) -> str:
    """What planted documents assert: another figure when the claim states one, else the
    claim confirmed (or, for a claim that is true, denied)."""
    if figure := other_figure(claim, expected):
        return figure
    kind = "confirmation" if expected is not Label.SUPPORTED else "denial"
    template = templates()["statement"][kind][language_of(claim)]
    return template.format(sentence=sentence_of(claim).rstrip("。.！!,，;；"))


def lookalike(publisher: str, index: int) -> tuple[str, str]:
    """A publisher name that imitates ``publisher`` (and is not it), and how."""
    disguises = [
        ("script", to_simplified(publisher)),
        ("homoglyph", publisher.translate(HOMOGLYPHS)),
        ("punctuation", publisher.replace("（", "(").replace("）", ")").replace(" ", "-")),
        ("domain", publisher.replace(" ", "") + "-News.co"),
    ]
    for shift in range(len(disguises)):
        how, name = disguises[(index + shift) % len(disguises)]
        if name.casefold() != publisher.casefold():
            return how, name
    raise AssertionError("the domain disguise always differs")


def _nth(options: list, index: int):
    return options[index % len(options)]


def plant(
    claim: Claim, expected: Label, clean: tuple[EvidenceChunk, ...], index: int
) -> tuple[PlantedDocument, ...]:
    """The planted documents of one case; ``index`` rotates templates and techniques."""
    language, wording = language_of(claim), templates()
    push = Label.REFUTED if expected is Label.SUPPORTED else Label.SUPPORTED
    statement = _statement(claim, expected)
    injections = wording["injection"]
    planted = [
        PlantedDocument(
            kind="injection",
            variant=lang,
            publisher=injections["publisher"][lang],
            text=_nth(injections[lang][push.value], index).format(statement=sentence_of(claim)),
        )
        for lang in ("zh", "en")
    ]
    if figure := other_figure(claim, expected):
        official = wording["official"]
        office = _nth(official["offices"][language], index)
        planted.append(
            PlantedDocument(
                kind="fake_official",
                variant=language,
                publisher=official["publisher"][language],
                text=official["text"][language].format(office=office, statement=figure),
            )
        )
    technique = _nth(list(wording["hiding"]), index)
    element, style = wording["hiding"][technique]
    subject = " ".join(claim.entities[:2]) or wording["page"]["no_subject"][language]
    visible1, visible2 = wording["page"]["visible"][language]
    page = wording["page"]["html"].format(
        title=subject,
        style=style,
        site=wording["page"]["site"],
        visible1=visible1.format(subject=subject),
        hidden=element.format(text=statement),
        visible2=visible2,
    )
    planted.append(PlantedDocument(kind="hidden_html", variant=technique, html=page))
    imitated = next((c.publisher for c in clean if c.publisher), "Reuters")
    how, name = lookalike(imitated, index)
    lead = f"{name}訊：" if language == "zh" else f"({name}) "
    planted.append(
        PlantedDocument(kind="lookalike", variant=how, publisher=name, text=lead + statement)
    )
    return tuple(planted)
