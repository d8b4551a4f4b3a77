"""Components by name: the one place where a setting such as ``verifier = "trained"``
becomes an object. A newsroom's own component plugs in with `register`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from factcheck.config import Settings
from factcheck.errors import ConfigError

Factory = Callable[[Settings], Any]
_FACTORIES: dict[str, dict[str, Factory]] = {"extractor": {}, "verifier": {}}


def register(kind: str, name: str) -> Callable[[Factory], Factory]:
    """Decorator: ``@register("verifier", "mine")`` over a ``(settings) -> component``."""

    def add(factory: Factory) -> Factory:
        _FACTORIES[kind][name] = factory
        return factory

    return add


def create(kind: str, name: str, settings: Settings) -> Any:
    factories = _FACTORIES[kind]
    if name not in factories:
        known = ", ".join(sorted(factories))
        raise ConfigError(f"unknown {kind} {name!r}", hint=f"choose one of: {known}")
    return factories[name](settings)


@register("extractor", "rules")
def _rule_extractor(settings: Settings):
    from factcheck.extract.rules import RuleExtractor

    return RuleExtractor()


@register("extractor", "llm")
def _llm_extractor(settings: Settings):
    from factcheck.extract.llm import LLMExtractor
    from factcheck.llm import load_chat_model

    return LLMExtractor(load_chat_model(settings.llm, settings.llm_base_url))


@register("verifier", "rules")
def _rule_verifier(settings: Settings):
    from factcheck.evidence.embeddings import load_embeddings
    from factcheck.verify.aggregate import PublisherWeights
    from factcheck.verify.rules import RuleVerifier

    weights = PublisherWeights.from_settings(settings)
    return RuleVerifier(load_embeddings(settings.embedding), weights)


@register("verifier", "trained")
def _trained_verifier(settings: Settings):
    from factcheck.verify.aggregate import PublisherWeights
    from factcheck.verify.trained import TrainedVerifier

    weights = PublisherWeights.from_settings(settings)
    return TrainedVerifier(weights=weights, embedding=settings.embedding)


@register("verifier", "encoder")
def _encoder_verifier(settings: Settings):
    from factcheck.verify.aggregate import PublisherWeights
    from factcheck.verify.encoder import EncoderVerifier

    weights = PublisherWeights.from_settings(settings)
    return EncoderVerifier(weights=weights, embedding=settings.embedding)


@register("verifier", "ensemble")
def _ensemble_verifier(settings: Settings):
    from factcheck.verify.aggregate import PublisherWeights
    from factcheck.verify.ensemble import EnsembleVerifier

    weights = PublisherWeights.from_settings(settings)
    return EnsembleVerifier(weights=weights, embedding=settings.embedding)


@register("verifier", "hybrid")
def _hybrid_verifier(settings: Settings):
    from factcheck.evidence.embeddings import load_embeddings
    from factcheck.verify.aggregate import PublisherWeights
    from factcheck.verify.hybrid import HybridVerifier

    weights = PublisherWeights.from_settings(settings)
    return HybridVerifier(load_embeddings(settings.embedding), weights=weights)


@register("verifier", "llm")
def _llm_verifier(settings: Settings):
    from factcheck.llm import LLMClient
    from factcheck.verify.aggregate import PublisherWeights
    from factcheck.verify.llm import LLMVerifier

    fallback = create("verifier", "rules", settings)
    weights = PublisherWeights.from_settings(settings)
    return LLMVerifier(LLMClient.from_settings(settings), fallback=fallback, weights=weights)
