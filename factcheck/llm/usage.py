"""`LLMUsage`, the totals of a run's LLM calls, and `UsageMeter`, which keeps them."""

from __future__ import annotations

import threading
from collections.abc import Mapping

from factcheck.models import Record


class LLMUsage(Record):
    """What a run asked of its LLM, and what it cost."""

    calls: int = 0  # requests sent to the model, retries included
    cache_hits: int = 0  # answers read from the on-disk cache instead
    retries: int = 0
    failures: int = 0  # questions that got no usable answer
    fallbacks: int = 0  # verdicts given by the offline verifier instead of the LLM
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0  # at llm_cost_per_million_input/output

    def summary(self) -> str:
        return (
            f"LLM: {self.calls} calls, {self.cache_hits} cache hits, {self.retries} retries, "
            f"{self.input_tokens} tokens in, {self.output_tokens} out, cost {self.cost:.4f}, "
            f"{self.failures} failures, {self.fallbacks} fallbacks"
        )


class UsageMeter:
    """`LLMUsage` totals, added to from any thread; tokens are priced per million."""

    def __init__(
        self, cost_per_million_input: float = 0.0, cost_per_million_output: float = 0.0
    ) -> None:
        self.prices = (cost_per_million_input, cost_per_million_output)
        self._totals = LLMUsage()
        self._lock = threading.Lock()

    @property
    def totals(self) -> LLMUsage:
        return self._totals

    def count(self, **increments: float) -> None:
        """Adds to the named totals, e.g. ``count(calls=1)``."""
        with self._lock:
            totals = {k: getattr(self._totals, k) + v for k, v in increments.items()}
            self._totals = self._totals.model_copy(update=totals)

    def count_tokens(self, usage_metadata: Mapping[str, int]) -> None:
        """The tokens one reply reports (LangChain's ``usage_metadata``), and their cost."""
        tokens_in = usage_metadata.get("input_tokens", 0)
        tokens_out = usage_metadata.get("output_tokens", 0)
        cost = (tokens_in * self.prices[0] + tokens_out * self.prices[1]) / 1_000_000
        self.count(input_tokens=tokens_in, output_tokens=tokens_out, cost=cost)
