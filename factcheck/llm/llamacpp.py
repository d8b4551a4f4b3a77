"""`LlamaCppChat`: a GGUF chat model run in this process by llama-cpp-python."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any, ClassVar

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import PrivateAttr

from factcheck.errors import ConfigError, ModelError

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}  # LangChain's: llama.cpp's


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
    accepts_json_schema: ClassVar[bool] = True  # `LLMClient` passes json_schema= to invoke
    deterministic: ClassVar[bool] = True  # greedy: `LLMClient` does not ask the same again
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
        chat = [{"role": _ROLES.get(m.type, "user"), "content": m.text} for m in messages]
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
