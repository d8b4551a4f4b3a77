"""Chat models by name, and calling them reliably: retries, timeouts, a cache, token costs.

`load_chat_model` turns a spec into a LangChain chat model:

- ``openai:gpt-4o-mini``, ``anthropic:claude-3-5-haiku-latest``, ``ollama:qwen2.5`` go through
  LangChain's `init_chat_model` (the provider's integration package must be installed);
- with ``base_url`` set, the model is served by any OpenAI-compatible endpoint (vLLM, a
  llama.cpp server);
- ``llamacpp:/path/to/model.gguf`` runs a local GGUF file in this process through
  llama-cpp-python (``pip install 'factcheck[local-llm]'``), by `LlamaCppChat`, a small adapter
  that also constrains the output to a JSON schema with llama.cpp's grammar.

`LLMClient` asks a model for an answer in a pydantic schema. A call that times out, is rate
limited, cannot connect, or returns malformed or refused output is retried with exponential
backoff; after the last retry, or at once for an error that retrying cannot mend, it raises
`LLMFault`. An authentication or permission error raises `ModelError`: no claim can be
checked until the configuration is fixed. Valid answers are cached on disk, one JSON file per
hash of model, messages and schema, so the same question is never paid for twice. Tokens
(``usage_metadata``) and their cost at the configured prices are counted in `usage`.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from langchain_core.exceptions import OutputParserException
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.output_parsers import PydanticOutputParser
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import BaseModel, PrivateAttr, ValidationError

from factcheck.config import Settings
from factcheck.errors import ConfigError, ModelError
from factcheck.files import write_atomic
from factcheck.models import Record

LLAMACPP = "llamacpp:"
BACKOFF_SECONDS = 1.0  # first wait; doubled after each failed attempt
BACKOFF_MAX_SECONDS = 30.0
_PROVIDER_LIMITS = ("openai", "anthropic")  # providers taking timeout= and max_retries=
_FATAL_STATUS = {401: "authentication failed", 403: "permission denied", 404: "model not found"}
_FATAL_NAMES = {
    "AuthenticationError": "authentication failed",
    "PermissionDeniedError": "permission denied",
    "NotFoundError": "model not found",
}
_RETRYABLE_NAMES = {
    "TimeoutError": "timeout",
    "APITimeoutError": "timeout",
    "TimeoutException": "timeout",
    "RateLimitError": "rate limited",
    "ConnectionError": "connection error",
    "APIConnectionError": "connection error",
    "ConnectError": "connection error",
    "InternalServerError": "server error",
    "ServiceUnavailableError": "server error",
    "OverloadedError": "server error",
}

Answer = TypeVar("Answer", bound=BaseModel)


def load_chat_model(
    spec: str | None, base_url: str | None = None, timeout: float | None = None
) -> BaseChatModel:
    """The chat model a spec names; ``timeout`` bounds one request where the provider can."""
    if not spec and not base_url:
        raise ConfigError("no LLM is configured", hint="set --llm or FACTCHECK_LLM")
    if spec and spec.startswith(LLAMACPP):
        return LlamaCppChat(model_path=spec.removeprefix(LLAMACPP), timeout=timeout)
    provider = "openai" if base_url else (spec or "").partition(":")[0]
    limits = {"timeout": timeout, "max_retries": 0} if provider in _PROVIDER_LIMITS else {}
    try:
        from langchain.chat_models import init_chat_model

        if base_url:
            model = (spec or "local").removeprefix("openai:")
            return init_chat_model(
                model, model_provider="openai", base_url=base_url, temperature=0, **limits
            )
        return init_chat_model(spec, temperature=0, **limits)
    except ImportError as error:
        raise ModelError(
            f"the LLM provider for {spec!r} is not installed: {error.name}",
            hint="pip install the provider's LangChain package, e.g. langchain-openai",
        ) from error
    except ValueError as error:
        raise ConfigError(f"cannot use LLM {spec!r}: {error}") from error


def model_name(spec: str | None, base_url: str | None = None) -> str:
    """A short name for reports: the spec, or the GGUF file's name for a local model."""
    if spec and spec.startswith(LLAMACPP):
        return LLAMACPP + Path(spec.removeprefix(LLAMACPP)).name
    return spec or f"openai-compatible@{base_url}"


class LlamaCppChat(BaseChatModel):
    """A GGUF chat model run by llama-cpp-python, loaded on first use.

    Chosen over langchain-community's ``ChatLlamaCpp`` because it needs nothing beyond
    llama-cpp-python (langchain-community brings a dozen packages) and because it passes a
    JSON schema to llama.cpp as a grammar, so even a small model answers in valid JSON.
    Greedy decoding; generation stops at ``timeout`` seconds with `TimeoutError`.
    """

    model_path: str
    timeout: float | None = None
    context_tokens: int = 8192
    max_tokens: int = 768
    threads: int | None = None  # None: every core
    accepts_json_schema: ClassVar[bool] = True
    _llama: Any = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    def _load(self) -> Any:
        if self._llama is None:
            try:
                from llama_cpp import Llama
            except ImportError as error:
                raise ModelError(
                    "llama-cpp-python is not installed",
                    hint="pip install 'factcheck[local-llm]' (builds from source, several minutes)",
                ) from error
            if not Path(self.model_path).is_file():
                raise ConfigError(f"no GGUF model at {self.model_path}", hint="llamacpp:<path>")
            self._llama = Llama(
                model_path=self.model_path,
                n_ctx=self.context_tokens,
                n_threads=self.threads or os.cpu_count(),
                seed=0,
                verbose=False,
            )
        return self._llama

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        json_schema: dict | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        roles = {"system": "system", "human": "user", "ai": "assistant"}
        chat = [{"role": roles.get(m.type, "user"), "content": m.text} for m in messages]
        response_format = {"type": "json_object", "schema": json_schema} if json_schema else None
        deadline = float("inf")

        def stop_at_deadline(tokens: Any, logits: Any) -> Any:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the local model ran past {self.timeout:g} s")
            return logits

        with self._lock:  # one llama.cpp context serves one request at a time
            llama = self._load()
            if self.timeout:
                deadline = time.monotonic() + self.timeout
            response = llama.create_chat_completion(
                messages=chat,
                temperature=0.0,
                max_tokens=self.max_tokens,
                stop=stop,
                response_format=response_format,
                logits_processor=[stop_at_deadline],
            )
        usage = response.get("usage") or {}
        message = AIMessage(
            content=response["choices"][0]["message"].get("content") or "",
            usage_metadata={
                "input_tokens": usage.get("prompt_tokens", 0),
                "output_tokens": usage.get("completion_tokens", 0),
                "total_tokens": usage.get("total_tokens", 0),
            },
        )
        return ChatResult(generations=[ChatGeneration(message=message)])


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


class LLMFault(ModelError):
    """No usable answer from the LLM for one question; ``reason`` says why, in a few words."""

    code = "FC401"

    def __init__(self, reason: str, *, retryable: bool):
        self.reason = reason
        self.retryable = retryable
        super().__init__(f"LLM call failed: {reason}")


def classify(error: Exception) -> LLMFault:
    """An exception from a chat model as a fault; raises `ModelError` for fatal ones."""
    if isinstance(error, LLMFault):
        return error
    if isinstance(error, ConfigError | ModelError):
        raise error  # a model that cannot be loaded fails every claim alike
    names = {cls.__name__ for cls in type(error).__mro__}
    status = getattr(error, "status_code", None) or getattr(
        getattr(error, "response", None), "status_code", None
    )
    fatal = _FATAL_STATUS.get(status) or next(
        (why for name, why in _FATAL_NAMES.items() if name in names), None
    )
    if fatal:
        raise ModelError(f"LLM {fatal}: {_first_line(error)}", hint="check the LLM settings")
    if isinstance(error, OutputParserException | ValidationError):
        return LLMFault(f"malformed output ({_first_line(error)})", retryable=True)
    why = next((why for name, why in _RETRYABLE_NAMES.items() if name in names), None)
    if why is None and isinstance(status, int) and (status == 429 or status >= 500):
        why = "rate limited" if status == 429 else "server error"
    if why:
        return LLMFault(f"{why} ({_first_line(error)})", retryable=True)
    return LLMFault(f"{type(error).__name__}: {_first_line(error)}", retryable=False)


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:160] if text else type(error).__name__


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
        self.cache_dir = cache_dir
        self.timeout = timeout
        self.max_retries = max_retries
        self.prices = (cost_per_million_input, cost_per_million_output)
        self.sleep = sleep
        self._usage = LLMUsage()
        self._lock = threading.Lock()

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
    def usage(self) -> LLMUsage:
        return self._usage

    def count(self, **increments: float) -> None:
        with self._lock:
            totals = {k: getattr(self._usage, k) + v for k, v in increments.items()}
            self._usage = self._usage.model_copy(update=totals)

    def ask(self, messages: list[BaseMessage], schema: type[Answer]) -> Answer:
        """The model's answer in ``schema``; raises `LLMFault` when there is none."""
        parser = PydanticOutputParser(pydantic_object=schema)
        key = self.cache_key(messages, schema)
        cached = self._read_cache(key, parser)
        if cached is not None:
            self.count(cache_hits=1)
            return cached
        for attempt in itertools.count():
            try:
                text = self._call(messages, schema)
                answer = parser.parse(text)
            except Exception as error:  # every fault is classified
                fault = classify(error)
                if not fault.retryable or attempt == self.max_retries:
                    self.count(failures=1)
                    raise fault from (None if fault is error else error)
                self.count(retries=1)
                self.sleep(min(BACKOFF_SECONDS * 2**attempt, BACKOFF_MAX_SECONDS))
                continue
            self._write_cache(key, text)
            return answer

    def _call(self, messages: list[BaseMessage], schema: type[BaseModel]) -> str:
        kwargs = {}
        if getattr(self.model, "accepts_json_schema", False):
            kwargs["json_schema"] = schema.model_json_schema()
        self.count(calls=1)
        reply = _within(self.timeout, lambda: self.model.invoke(messages, **kwargs))
        usage = getattr(reply, "usage_metadata", None) or {}
        tokens_in, tokens_out = usage.get("input_tokens", 0), usage.get("output_tokens", 0)
        cost = (tokens_in * self.prices[0] + tokens_out * self.prices[1]) / 1_000_000
        self.count(input_tokens=tokens_in, output_tokens=tokens_out, cost=cost)
        refusal = reply.additional_kwargs.get("refusal") if isinstance(reply, AIMessage) else None
        text = reply.text if isinstance(reply, BaseMessage) else str(reply)
        if refusal or not text.strip():
            raise LLMFault(f"refused ({str(refusal or 'empty answer')[:160]})", retryable=True)
        return text

    def cache_key(self, messages: list[BaseMessage], schema: type[BaseModel]) -> str:
        prompt = {
            "model": self.name,
            "messages": [[m.type, m.text] for m in messages],
            "schema": schema.model_json_schema(),
        }
        text = json.dumps(prompt, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _cache_file(self, key: str) -> Path | None:
        return self.cache_dir / f"{key}.json" if self.cache_dir else None

    def _read_cache(self, key: str, parser: PydanticOutputParser) -> Any:
        file = self._cache_file(key)
        if file is None or not file.is_file():
            return None
        try:
            return parser.parse(json.loads(file.read_text(encoding="utf-8"))["text"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # unreadable or stale entry: ask again, and overwrite it

    def _write_cache(self, key: str, text: str) -> None:
        if file := self._cache_file(key):
            entry = {"model": self.name, "text": text}
            write_atomic(file, json.dumps(entry, ensure_ascii=False))


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
