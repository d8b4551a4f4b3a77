"""Chat models by name, and calling them reliably: retries, timeouts, a cache, token costs.

One module per concept:

- ``models``: `load_chat_model` turns a spec into a LangChain chat model (a provider string,
  an OpenAI-compatible ``base_url``, or ``llamacpp:<gguf>``); `model_name` names it in reports;
- ``llamacpp``: `LlamaCppChat`, the adapter that runs a GGUF file in this process through
  llama-cpp-python and constrains its output to a JSON schema;
- ``client``: `LLMClient.ask`, an answer in a pydantic schema, with a timeout per call and
  retries with exponential backoff;
- ``faults``: `classify` sorts a chat model's errors into `LLMFault` (retried or not) and
  `ModelError` (the configuration is wrong: stop);
- ``cache``: `AnswerCache`, valid answers on disk, one JSON file per question;
- ``usage``: `LLMUsage`, the calls, retries, tokens and cost of a run.

Importing the package loads no model and no provider package: llama-cpp-python and
LangChain's provider integrations are imported when a model is first loaded.
"""

from factcheck.llm.cache import AnswerCache
from factcheck.llm.client import LLMClient
from factcheck.llm.faults import LLMFault, classify
from factcheck.llm.llamacpp import LlamaCppChat
from factcheck.llm.models import LLAMACPP, load_chat_model, model_name
from factcheck.llm.usage import LLMUsage

__all__ = [
    "LLAMACPP",
    "AnswerCache",
    "LLMClient",
    "LLMFault",
    "LLMUsage",
    "LlamaCppChat",
    "classify",
    "load_chat_model",
    "model_name",
]
