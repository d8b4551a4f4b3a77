"""Chat models by name.

`load_chat_model` turns a spec into a LangChain chat model:

- ``openai:gpt-4o-mini``, ``anthropic:claude-3-5-haiku-latest``, ``ollama:qwen2.5`` go through
  LangChain's `init_chat_model` (the provider's integration package must be installed);
- with ``base_url`` set, the model is served by any OpenAI-compatible endpoint (vLLM, a
  llama.cpp server);
- ``llamacpp:/path/to/model.gguf`` runs a local GGUF file in this process through
  llama-cpp-python (``pip install 'factcheck[local-llm]'``), by `LlamaCppChat`.
"""

from __future__ import annotations

from pathlib import Path

from langchain_core.language_models.chat_models import BaseChatModel

from factcheck.errors import ConfigError, ModelError
from factcheck.llm.llamacpp import LlamaCppChat

LLAMACPP = "llamacpp:"
_PROVIDER_LIMITS = ("openai", "anthropic")  # providers taking timeout= and max_retries=


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
