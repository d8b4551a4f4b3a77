"""Errors that carry what went wrong, where, and what to do about it.

The CLI prints ``str(error)`` as one line and exits non-zero; library users catch
`FactcheckError` (or a subclass) and read its fields.
"""

from __future__ import annotations


class FactcheckError(Exception):
    """Base of every error the toolkit raises on purpose.

    ``code`` is stable (for logs and docs), ``hint`` says what to do.
    """

    code = "FC000"

    def __init__(self, message: str, *, hint: str | None = None, source: str | None = None):
        self.message = message
        self.hint = hint
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"[{self.code}] {where}{self.message}{hint}"


class InputError(FactcheckError):
    """An article or evidence file that cannot be read: empty, binary, malformed."""

    code = "FC100"


class ConfigError(FactcheckError):
    """A setting that names something unknown or unusable."""

    code = "FC200"


class StoreError(FactcheckError):
    """The evidence store cannot be opened, read or written."""

    code = "FC300"


class ModelError(FactcheckError):
    """A model (embedding, verifier, LLM) cannot be loaded or called."""

    code = "FC400"
