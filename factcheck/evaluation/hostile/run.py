"""Verdicts with clean evidence against verdicts with a planted document added, and the
flip rates of each verifier under each publisher configuration."""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from factcheck.config import Settings
from factcheck.evaluation.hostile.cases import HostileCase
from factcheck.evaluation.hostile.loader import PlantedLoader
from factcheck.evaluation.hostile.planting import KINDS, Kind, PlantedDocument
from factcheck.llm.usage import LLMUsage
from factcheck.models import Evidence, Label, Record
from factcheck.verify.base import Verifier

CONTROL = "control"  # an unrelated real passage added instead of a planted one


class Outcome(Record):
    case: str
    kind: Kind | Literal["control"]
    variant: str
    clean: Label
    attacked: Label
    cites_planted: bool

    @property
    def flipped(self) -> bool:
        return self.clean != self.attacked


class FlipRate(Record):
    planted: int
    flipped: int
    rate: float
    cites_planted: int


class ConfigResult(Record):
    """One verifier under one publisher configuration. ``control`` counts the flips when an
    unrelated real passage is added instead: a verifier that is merely unstable flips there
    too, one that is fooled does not."""

    overall: FlipRate
    control: FlipRate
    kinds: dict[str, FlipRate]
    variants: dict[str, FlipRate]
    clean_labels: dict[str, int]
    flips: tuple[Outcome, ...]
    llm_usage: LLMUsage | None = None  # an LLM verifier's calls, failures and fallbacks


def run_cases(
    cases: list[HostileCase], verifier: Verifier, load: Callable[[PlantedDocument], list[Evidence]]
) -> list[Outcome]:
    """The verdict with clean evidence against the verdict with each planted document added,
    and (with two cases or more) with the next case's first clean passage added as a control."""
    outcomes = []
    for index, case in enumerate(cases):
        clean = [Evidence(chunk=c, score=1.0) for c in case.clean]
        before = verifier.verify(case.claim, clean)
        added = [(d.kind, d.variant, load(d)) for d in case.planted]
        if len(cases) > 1 and (unrelated := cases[(index + 1) % len(cases)].clean):
            chunk = unrelated[0].model_copy(update={"id": f"{CONTROL}-{unrelated[0].id}"})
            added.append((CONTROL, "unrelated passage", [Evidence(chunk=chunk, score=1.0)]))
        for kind, variant, evidence in added:
            after = verifier.verify(case.claim, clean + evidence)
            added_ids = {e.chunk.id for e in evidence}
            outcomes.append(
                Outcome(
                    case=case.id,
                    kind=kind,
                    variant=variant,
                    clean=before.label,
                    attacked=after.label,
                    cites_planted=any(c.evidence_id in added_ids for c in after.citations),
                )
            )
    return outcomes


def flip_rate(outcomes: list[Outcome]) -> FlipRate:
    flipped = sum(o.flipped for o in outcomes)
    return FlipRate(
        planted=len(outcomes),
        flipped=flipped,
        rate=flipped / len(outcomes) if outcomes else 0.0,
        cites_planted=sum(o.cites_planted for o in outcomes),
    )


def summarise(outcomes: list[Outcome]) -> ConfigResult:
    """Flip rates overall, by kind and by variant, the control's, the clean labels, and
    every flip of a planted document."""
    clean = {o.case: o.clean for o in outcomes}
    control = [o for o in outcomes if o.kind == CONTROL]
    planted = [o for o in outcomes if o.kind != CONTROL]
    return ConfigResult(
        overall=flip_rate(planted),
        control=flip_rate(control),
        kinds={k: flip_rate([o for o in planted if o.kind == k]) for k in KINDS},
        variants={
            f"{kind}/{variant}": flip_rate(
                [o for o in planted if (o.kind, o.variant) == (kind, variant)]
            )
            for kind, variant in sorted({(o.kind, o.variant) for o in planted})
        },
        clean_labels=dict(Counter(str(label) for label in clean.values())),
        flips=tuple(o for o in planted if o.flipped),
    )


def measure(
    cases: list[HostileCase], verifier: Verifier, load: Callable[[PlantedDocument], list[Evidence]]
) -> ConfigResult:
    """`summarise` of `run_cases`; for an LLM verifier (made for this run: its usage counts
    from its start), with what it asked of its model (a verdict the offline verifier gave
    instead counts as a fallback)."""
    result = summarise(run_cases(cases, verifier, load))
    usage = getattr(verifier, "usage", None)
    return result.model_copy(update={"llm_usage": usage}) if isinstance(usage, LLMUsage) else result


def run_verifiers(
    names: list[str], configs: dict[str, Settings], cases: list[HostileCase]
) -> dict[str, dict[str, dict]]:
    """Each named verifier under each configuration: its result as JSON, by name and
    configuration. Planted documents are loaded once for all."""
    from factcheck import registry

    verifiers: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="factcheck-planted-") as folder:
        load = PlantedLoader(Path(folder))
        for name in names:
            for config, settings in configs.items():
                verifier = registry.create("verifier", name, settings)
                result = measure(cases, verifier, load)
                verifiers.setdefault(name, {})[config] = result.model_dump(mode="json")
                print(f"{name}, {config}: {result.overall.rate:.1%} flipped", file=sys.stderr)
    return verifiers
