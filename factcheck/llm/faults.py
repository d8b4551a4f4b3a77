"""What went wrong with an LLM call, and whether retrying can mend it.

`classify` sorts a chat model's exception, by its class names (the SDKs' and httpx's, without
importing them) and its HTTP status:

- authentication failed, permission denied, model not found: `ModelError`, raised at once, as
  is an error loading the model (`ConfigError`, `ModelError`): no claim can be checked until
  the configuration is fixed;
- timeout, rate limited, connection or server error, malformed output: a retryable `LLMFault`;
- anything else (e.g. a prompt too long for the context): an `LLMFault` not worth retrying.
"""

from __future__ import annotations

from langchain_core.exceptions import OutputParserException
from pydantic import ValidationError

from factcheck.errors import ConfigError, ModelError

_FATAL = {  # reason: (HTTP status, exception class name)
    "authentication failed": (401, "AuthenticationError"),
    "permission denied": (403, "PermissionDeniedError"),
    "model not found": (404, "NotFoundError"),
}
_RETRYABLE = {  # reason: exception class names; the first reason that matches is given
    "timeout": ("TimeoutError", "APITimeoutError", "TimeoutException"),
    "rate limited": ("RateLimitError",),
    "connection error": ("ConnectionError", "APIConnectionError", "ConnectError"),
    "server error": ("InternalServerError", "ServiceUnavailableError", "OverloadedError"),
}


OWN_ANSWER = ("timeout", "malformed output", "refused")  # reasons a deterministic model repeats


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
    fatal = next((why for why, (code, _) in _FATAL.items() if code == status), None) or next(
        (why for why, (_, name) in _FATAL.items() if name in names), None
    )
    if fatal:
        raise ModelError(f"LLM {fatal}: {_first_line(error)}", hint="check the LLM settings")
    if isinstance(error, OutputParserException | ValidationError):
        return LLMFault(f"malformed output ({_first_line(error)})", retryable=True)
    why = next((why for why, kinds in _RETRYABLE.items() if names.intersection(kinds)), None)
    if why is None and isinstance(status, int) and (status == 429 or status >= 500):
        why = "rate limited" if status == 429 else "server error"
    if why:
        return LLMFault(f"{why} ({_first_line(error)})", retryable=True)
    return LLMFault(f"{type(error).__name__}: {_first_line(error)}", retryable=False)


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:160] if text else type(error).__name__
