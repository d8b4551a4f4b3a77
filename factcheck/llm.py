"""One way to get a chat model: a LangChain provider string, or an OpenAI-compatible URL.

``openai:gpt-4o-mini``, ``anthropic:claude-3-5-haiku-latest``, ``ollama:qwen2.5`` go through
LangChain's `init_chat_model` (the provider's integration package must be installed);
with ``base_url`` set, the model is served by any OpenAI-compatible endpoint (vLLM, a
llama.cpp server).
"""

from __future__ import annotations

from langchain_core.language_models.chat_models import BaseChatModel

from factcheck.errors import ConfigError, ModelError


def load_chat_model(spec: str | None, base_url: str | None = None) -> BaseChatModel:
    if not spec and not base_url:
        raise ConfigError("no LLM is configured", hint="set --llm or FACTCHECK_LLM")
    try:
        from langchain.chat_models import init_chat_model

        if base_url:
            model = (spec or "local").removeprefix("openai:")
            return init_chat_model(model, model_provider="openai", base_url=base_url, temperature=0)
        return init_chat_model(spec, temperature=0)
    except ImportError as error:
        raise ModelError(
            f"the LLM provider for {spec!r} is not installed: {error.name}",
            hint="pip install the provider's LangChain package, e.g. langchain-openai",
        ) from error
    except ValueError as error:
        raise ConfigError(f"cannot use LLM {spec!r}: {error}") from error
