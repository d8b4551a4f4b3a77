"""LLM faults: which are retried with backoff, which stop, which fall back; with a scripted
chat model (plumbing only) and real httpx errors, the kind an HTTP provider raises."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any, ClassVar

import httpx
import pytest
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import BaseModel, Field, PrivateAttr

from factcheck.errors import ModelError
from factcheck.extract.building import claim_from_text
from factcheck.llm import LLMClient, LLMFault
from factcheck.models import Label
from factcheck.verify.llm import LLMVerifier
from factcheck.verify.rules import RuleVerifier
from tests.conftest import evidence_passage

ENDPOINT = httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")


class ScriptedChatModel(BaseChatModel):
    """Plays its script, one step per call: text (an answer with token usage), an
    `AIMessage` (as is), an exception (raised) or a number (seconds to hang, then answer
    the next step). Every prompt it receives is kept in ``prompts``."""

    script: list[Any]
    tokens: tuple[int, int] = (100, 20)
    _step: int = PrivateAttr(0)
    prompts: list[list[BaseMessage]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        self.prompts.append(list(messages))
        step = self.script[min(self._step, len(self.script) - 1)]
        self._step += 1
        if isinstance(step, int | float):
            time.sleep(step)
            step = self.script[self._step]
        if isinstance(step, Exception):
            raise step
        if isinstance(step, str):
            tokens_in, tokens_out = self.tokens
            usage = {"input_tokens": tokens_in, "output_tokens": tokens_out}
            step = AIMessage(
                content=step, usage_metadata={**usage, "total_tokens": sum(self.tokens)}
            )
        return ChatResult(generations=[ChatGeneration(message=step)])


class Answer(BaseModel):
    label: Label
    score: float


GOOD = json.dumps({"label": "SUPPORTED", "score": 0.9})
QUESTION = [HumanMessage("Is it so?")]


def http_error(status: int) -> httpx.HTTPStatusError:
    response = httpx.Response(status, request=ENDPOINT, text="{}")
    return httpx.HTTPStatusError(f"HTTP {status}", request=ENDPOINT, response=response)


def client_for(model: BaseChatModel, **options) -> tuple[LLMClient, list[float]]:
    waits: list[float] = []
    return LLMClient(model, "scripted", sleep=waits.append, **options), waits


def test_transient_faults_are_retried_with_exponential_backoff() -> None:
    model = ScriptedChatModel(
        script=[
            httpx.ReadTimeout("read timed out"),
            http_error(429),
            httpx.ConnectError("refused"),
            http_error(503),
            GOOD,
        ]
    )
    client, waits = client_for(model, max_retries=4)
    assert client.ask(QUESTION, Answer) == Answer(label=Label.SUPPORTED, score=0.9)
    assert waits == [1.0, 2.0, 4.0, 8.0]
    usage = client.usage
    assert (usage.calls, usage.retries, usage.failures) == (5, 4, 0)


def test_malformed_and_refused_output_is_retried() -> None:
    refusal = AIMessage(content="", additional_kwargs={"refusal": "I can't help with that."})
    model = ScriptedChatModel(
        script=["Sure! The claim is supported.", '{"label": "MAYBE", "score": 2}', refusal, GOOD]
    )
    client, waits = client_for(model, max_retries=3)
    assert client.ask(QUESTION, Answer).label is Label.SUPPORTED
    assert len(waits) == 3 and client.usage.calls == 4


def test_the_last_fault_is_raised_with_its_reason_after_the_retries() -> None:
    client, waits = client_for(ScriptedChatModel(script=[http_error(429)]), max_retries=2)
    with pytest.raises(LLMFault, match="rate limited") as raised:
        client.ask(QUESTION, Answer)
    assert raised.value.retryable
    assert waits == [1.0, 2.0]
    assert (client.usage.calls, client.usage.failures) == (3, 1)


def test_an_error_retrying_cannot_mend_is_not_retried() -> None:
    too_long = ValueError("Requested tokens (9000) exceed context window of 8192")
    client, waits = client_for(ScriptedChatModel(script=[too_long, GOOD]), max_retries=3)
    with pytest.raises(LLMFault, match="exceed context window") as raised:
        client.ask(QUESTION, Answer)
    assert not raised.value.retryable and waits == [] and client.usage.calls == 1


@pytest.mark.parametrize("status", [401, 403, 404])
def test_authentication_and_configuration_errors_stop_the_run(status: int) -> None:
    client, waits = client_for(ScriptedChatModel(script=[http_error(status), GOOD]))
    with pytest.raises(ModelError) as raised:
        client.ask(QUESTION, Answer)
    assert not isinstance(raised.value, LLMFault)
    assert "check the LLM settings" in str(raised.value)
    assert waits == [] and client.usage.calls == 1


class DeterministicChatModel(ScriptedChatModel):
    deterministic: ClassVar[bool] = True


def test_a_deterministic_model_is_not_asked_the_same_again() -> None:
    """Greedy decoding repeats its answer and its length: a timeout or malformed output is
    final; a fault of the connection is still retried."""
    for first in (3, "Sure! The claim is supported."):
        model = DeterministicChatModel(script=[first, GOOD])
        client, waits = client_for(model, timeout=0.2, max_retries=3)
        with pytest.raises(LLMFault, match="timeout|malformed"):
            client.ask(QUESTION, Answer)
        assert waits == [] and (client.usage.calls, client.usage.failures) == (1, 1)
    client, waits = client_for(
        DeterministicChatModel(script=[httpx.ConnectError("refused"), GOOD]), max_retries=3
    )
    assert client.ask(QUESTION, Answer).label is Label.SUPPORTED and waits == [1.0]


def test_a_model_that_hangs_times_out() -> None:
    client, waits = client_for(ScriptedChatModel(script=[3, GOOD]), timeout=0.2, max_retries=0)
    with pytest.raises(LLMFault, match="timeout"):
        client.ask(QUESTION, Answer)
    assert client.usage.failures == 1


def test_one_bad_claim_falls_back_with_its_reason_and_the_batch_goes_on(embeddings) -> None:
    answer = {
        "citations": [{"evidence": 1, "quote": "Sora 2 於 10 月 1 日上線。", "stance": "supports"}],
        "rationale": "證據指出 Sora 2 於 10 月 1 日上線。",
        "label": "SUPPORTED",
        "score": 0.9,
    }
    good = json.dumps(answer, ensure_ascii=False)
    model = ScriptedChatModel(script=["not JSON at all", "still not JSON", good])
    client, _ = client_for(model, max_retries=1)
    verifier = LLMVerifier(client, fallback=RuleVerifier(embeddings))
    evidence = [evidence_passage(1, "OpenAI 表示，Sora 2 於 10 月 1 日上線。")]
    first = verifier.verify(claim_from_text("Sora 2於10月1日上線。"), evidence)
    assert first.verifier == "rules (fallback of llm:scripted)"
    assert "malformed output" in first.rationale and "離線判定" in first.rationale
    second = verifier.verify(claim_from_text("Sora 2 在10月1日上線。"), evidence)
    assert second.verifier == "llm:scripted" and second.label is Label.SUPPORTED
    assert (verifier.usage.fallbacks, verifier.usage.failures, verifier.usage.calls) == (1, 1, 3)


def test_the_llm_package_loads_no_model_runtime_or_provider_until_asked() -> None:
    probe = (
        "import sys, json\n"
        "import factcheck.llm, factcheck.verify.llm\n"
        "factcheck.llm.load_chat_model('llamacpp:/absent.gguf')\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'llama_cpp', 'langchain_openai', 'torch'})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(result.stdout) == []
