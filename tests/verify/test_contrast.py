"""Minimal pairs for training: a supported claim changed in one detail its evidence states."""

from __future__ import annotations

import re

import numpy as np
import pytest

from factcheck.verify.trained.contrast import (
    KIND,
    NEGATION_SHARE,
    SHARE,
    change,
    change_direction,
    change_negation,
    change_number,
    contrast_pairs,
)
from factcheck.verify.trained.data import Pair, held_out
from factcheck.verify.trained.text import numbers
from tests.verify.test_trained import EVAL, needs_eval


def rng() -> np.random.Generator:
    return np.random.default_rng(0)


@pytest.mark.parametrize("seed", range(20))
def test_a_number_the_evidence_states_gets_a_value_it_does_not(seed: int) -> None:
    claim = "Sora App 上線5天下載量突破100萬次"
    evidence = "OpenAI 表示，Sora App 上線5天，下載量突破100萬次。"
    changed = change_number(claim, evidence, np.random.default_rng(seed))
    assert changed and changed != claim
    before, after = numbers(claim), numbers(changed)
    assert len(before - after) == 1 and len(after - before) == 1
    assert not (after - before) & numbers(evidence)
    assert re.sub(r"\d", "", changed) == re.sub(r"\d", "", claim)  # only digits moved


@pytest.mark.parametrize("seed", range(20))
def test_dates_stay_dates(seed: int) -> None:
    r = np.random.default_rng(seed)
    month = change_number("發布會在5月舉行", "發布會於5月舉行。", r)
    assert month and 1 <= int(re.search(r"\d+", month).group()) <= 12
    year = change_number("It was released in 2007.", "Released in 2007 by Touchstone.", r)
    assert year and 1 <= abs(int(re.search(r"\d{4}", year).group()) - 2007) <= 3
    share = change_number("Masks worked if 70% wore them.", "if 70% of people wore masks", r)
    assert share and 0 < float(re.search(r"[\d.]+", share).group()) <= 100


def test_numbers_inside_names_and_numbers_the_evidence_lacks_are_left_alone() -> None:
    evidence = "COVID-19 and H1N1 patients were given 5mg doses; 12 died."
    assert change_number("COVID-19 and H1N1 patients got 5mg.", evidence, rng()) is None
    assert change_number("30 patients died.", evidence, rng()) is None


def test_a_direction_word_is_swapped_only_when_the_evidence_uses_it() -> None:
    evidence = "Exports increased by 4% while imports fell."
    assert change_direction("Exports increased in 2020.", evidence, rng()) == (
        "Exports decreased in 2020."
    )
    assert change_direction("Higher rates followed.", evidence, rng()) is None
    assert change_direction("出口增加了4%", "今年出口增加了4%", rng()) == "出口减少了4%"


@pytest.mark.parametrize(
    ("claim", "changed"),
    [
        ("Middle-earth is a fictional place.", "Middle-earth is not a fictional place."),
        ("Herd immunity is not an answer.", "Herd immunity is an answer."),
        ("The drug can't cure it.", "The drug can cure it."),
        ("Alice has been working for 50 years.", "Alice has not been working for 50 years."),
        ("中小学教育是全民教育的一部分", "中小学教育不是全民教育的一部分"),
        ("在此之前,没有其他单位这样做过", "在此之前,有其他单位这样做过"),
    ],
)
def test_negation_is_added_or_removed(claim: str, changed: str) -> None:
    assert change_negation(claim) == changed


@pytest.mark.parametrize(
    "claim",
    ["Amy Adams has a voice role.", "Nobody never came.", "他未曾来过", "Vitamin D helps."],
)
def test_negation_leaves_what_it_cannot_change_cleanly(claim: str) -> None:
    assert change_negation(claim) is None


def test_numbers_and_directions_come_before_negation() -> None:
    for seed in range(10):
        kind, _ = change(
            "Cases increased to 500.",
            "Cases increased to 500 last week.",
            np.random.default_rng(seed),
        )
        assert kind in ("number", "direction")
    assert change("The test is reliable.", "The test is reliable.", rng()) == (
        "negation",
        "The test is not reliable.",
    )


def _pair(claim: str, evidence: str, label: str = "SUPPORTED", split: str = "train") -> Pair:
    return Pair("toy", "en", claim, evidence, label, split)


def test_contrast_pairs_keep_the_original_beside_its_change_and_skip_dev_and_held_out() -> None:
    claims = [f"Town {i} has 1{i:03d} residents." for i in range(400)]
    pairs = [_pair(c, f"The census counted 1{i:03d} residents.") for i, c in enumerate(claims)]
    pairs += [_pair("Town X has 1234 residents.", "It has 1234 residents.", split="dev")]
    pairs += [_pair("Town Y has 77 residents.", "It has 77 residents.", label="REFUTED")]
    made = contrast_pairs(pairs)
    originals, changed = made[::2], made[1::2]
    assert made and all(p.kind == KIND and p.split == "train" for p in made)
    for original, change_of_it in zip(originals, changed, strict=True):
        assert (original.label, change_of_it.label) == ("SUPPORTED", "REFUTED")
        assert original.evidence == change_of_it.evidence
        assert original.claim != change_of_it.claim
    assert {o.claim for o in originals} <= set(claims)  # neither the dev nor the refuted claim
    assert not any(held_out(p.claim) for p in made)
    usable = [c for c in claims if not held_out(c)]
    assert len(originals) <= SHARE * len(usable)


@needs_eval
def test_on_the_shared_sets_every_set_gets_pairs_and_negations_keep_to_their_share() -> None:
    from factcheck.verify.trained.data import SETS, load_pairs

    pairs = load_pairs(EVAL, list(SETS))
    made = contrast_pairs(pairs)
    originals, changed = made[::2], made[1::2]
    assert {p.dataset for p in changed} == set(SETS)
    for name in SETS:
        supported = [
            p
            for p in pairs
            if p.dataset == name
            and p.split == "train"
            and p.label == "SUPPORTED"
            and p.evidence.strip()
            and not held_out(p.claim)
        ]
        negated = sum(
            change_negation(o.claim) == c.claim
            for o, c in zip(originals, changed, strict=True)
            if o.dataset == name
        )
        assert negated <= NEGATION_SHARE * SHARE * len(supported) + 1
    assert {o.claim for o in originals} <= {p.claim for p in pairs if p.split == "train"}
