"""`LLMClient`: a chat model's answer in a pydantic schema, reliably.

A call that times out, is rate limited, cannot connect, or returns malformed or refused output
is retried with exponential backoff; after the last retry, or at once for an error that
retrying cannot mend, it raises `LLMFault`. A model that answers the same prompt the same way
(``deterministic``, as the local GGUF model with greedy decoding) is not asked again after
a timeout or an answer that would not parse: it would only repeat itself. An authentication
or permission error raises `ModelError`: no claim can be checked until the configuration is
fixed (the sorting is `factcheck.llm.faults.classify`). Valid answers are cached on disk
(`AnswerCache`); calls, tokens (``usage_metadata``) and their cost at the configured prices
are totalled in ``usage``.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.output_parsers import PydanticOutputParser
from pydantic import BaseModel

from factcheck.config import Settings
from factcheck.llm.cache import AnswerCache
from factcheck.llm.faults import OWN_ANSWER, LLMFault, classify
from factcheck.llm.models import load_chat_model, model_name
from factcheck.llm.usage import LLMUsage, UsageMeter

BACKOFF_SECONDS = 1.0  # first wait; doubled after each failed attempt
BACKOFF_MAX_SECONDS = 30.0

Answer = TypeVar("Answer", bound=BaseModel)


class LLMClient:
    """Structured answers from one chat model, with retries, a cache and accounting."""

    def __init__(
        self,
        model: BaseChatModel,
        name: str,
        *,
        cache_dir: Path | None = None,
        timeout: float | None = None,
        max_retries: int = 3,
        cost_per_million_input: float = 0.0,
        cost_per_million_output: float = 0.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.model = model
        self.name = name
        self.cache = AnswerCache(cache_dir, name)
        self.timeout = timeout
        self.max_retries = max_retries
        self.meter = UsageMeter(cost_per_million_input, cost_per_million_output)
        self.sleep = sleep

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMClient:
        model = load_chat_model(settings.llm, settings.llm_base_url, settings.llm_timeout)
        return cls(
            model,
            model_name(settings.llm, settings.llm_base_url),
            cache_dir=settings.llm_cache_path,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_max_retries,
            cost_per_million_input=settings.llm_cost_per_million_input,
            cost_per_million_output=settings.llm_cost_per_million_output,
        )

    @property
    def cache_dir(self) -> Path | None:
        return self.cache.directory

    @property
    def usage(self) -> LLMUsage:
        return self.meter.totals

    def count(self, **increments: float) -> None:
        """Adds to the usage totals, e.g. ``count(fallbacks=1)``; safe from any thread."""
        self.meter.count(**increments)

    def cache_key(self, messages: list[BaseMessage], schema: type[BaseModel]) -> str:
        """The question's cache entry is ``<cache_dir>/<key>.json``."""
        return self.cache.key(messages, schema)

    def ask(self, messages: list[BaseMessage], schema: type[Answer]) -> Answer:
        """The model's answer in ``schema``; raises `LLMFault` when there is none."""
        parser = PydanticOutputParser(pydantic_object=schema)
        key = self.cache.key(messages, schema)
        cached = self.cache.read(key, parser)
        if cached is not None:
            self.count(cache_hits=1)
            return cached
        for attempt in itertools.count():
            try:
                text = self._call(messages, schema)
                answer = parser.parse(text)
            except Exception as error:  # every fault is classified
                fault = classify(error)
                if not self._worth_retrying(fault) or attempt == self.max_retries:
                    self.count(failures=1)
                    raise fault from (None if fault is error else error)
                self.count(retries=1)
                self.sleep(min(BACKOFF_SECONDS * 2**attempt, BACKOFF_MAX_SECONDS))
                continue
            self.cache.write(key, text)
            return answer

    def _worth_retrying(self, fault: LLMFault) -> bool:
        """A deterministic model gives the same answer, at the same length, when asked again."""
        deterministic = getattr(self.model, "deterministic", False)
        repeats = deterministic and fault.reason.startswith(OWN_ANSWER)
        return fault.retryable and not repeats

    def _call(self, messages: list[BaseMessage], schema: type[BaseModel]) -> str:
        kwargs = {}
        if getattr(self.model, "accepts_json_schema", False):
            kwargs["json_schema"] = schema.model_json_schema()
        self.count(calls=1)
        reply = _within(self.timeout, lambda: self.model.invoke(messages, **kwargs))
        self.meter.count_tokens(getattr(reply, "usage_metadata", None) or {})
        refusal = reply.additional_kwargs.get("refusal") if isinstance(reply, AIMessage) else None
        text = reply.text if isinstance(reply, BaseMessage) else str(reply)
        if refusal or not text.strip():
            raise LLMFault(f"refused ({str(refusal or 'empty answer')[:160]})", retryable=True)
        return text


def _within(timeout: float | None, call: Callable[[], Any]) -> Any:
    """``call()``, or `TimeoutError` after ``timeout`` seconds (the call is left to finish
    in a daemon thread: a thread cannot be stopped, a provider's own timeout ends it)."""
    if not timeout:
        return call()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except Exception as error:  # handed to the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise TimeoutError(f"no answer within {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
