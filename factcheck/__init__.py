"""factcheck: claim fact-checking and trust scoring for newsrooms.

The public API (documented, with examples, in ``docs/api.md``)::

    report = factcheck.check_article(Path("article.txt"), evidence=["evidence/demo"])
    report.article.trust_score

Every name loads on first use, so ``import factcheck`` stays cheap: the models, the store
and LangChain load only when the pipeline does.
"""

import importlib
import logging
from typing import TYPE_CHECKING, Any

# jieba announces loading its dictionary on stderr, and sets its logger's level when imported;
# a filter quietens it without importing jieba here.
logging.getLogger("jieba").addFilter(lambda record: record.levelno >= logging.WARNING)

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.errors import ConfigError, FactcheckError, InputError, ModelError, StoreError
    from factcheck.models import (
        ArithmeticCheck,
        ArticleInfo,
        CheckedClaim,
        Citation,
        Claim,
        ClaimType,
        DateMention,
        Evidence,
        EvidenceChunk,
        Finding,
        Label,
        Quantity,
        Report,
        Span,
        TrustScore,
        Verdict,
    )
    from factcheck.pipeline import Pipeline, check_article, extract_claims
    from factcheck.registry import register
    from factcheck.report import render
    from factcheck.runnable import as_runnable

_MODULES = {
    "factcheck.pipeline": ("Pipeline", "check_article", "extract_claims"),
    "factcheck.config": ("Settings",),
    "factcheck.models": (
        "ArithmeticCheck",
        "ArticleInfo",
        "CheckedClaim",
        "Citation",
        "Claim",
        "ClaimType",
        "DateMention",
        "Evidence",
        "EvidenceChunk",
        "Finding",
        "Label",
        "Quantity",
        "Report",
        "Span",
        "TrustScore",
        "Verdict",
    ),
    "factcheck.errors": ("ConfigError", "FactcheckError", "InputError", "ModelError", "StoreError"),
    "factcheck.registry": ("register",),
    "factcheck.report": ("render",),
    "factcheck.runnable": ("as_runnable",),
}
_MODULE_OF = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "ArithmeticCheck",
    "ArticleInfo",
    "CheckedClaim",
    "Citation",
    "Claim",
    "ClaimType",
    "ConfigError",
    "DateMention",
    "Evidence",
    "EvidenceChunk",
    "FactcheckError",
    "Finding",
    "InputError",
    "Label",
    "ModelError",
    "Pipeline",
    "Quantity",
    "Report",
    "Settings",
    "Span",
    "StoreError",
    "TrustScore",
    "Verdict",
    "as_runnable",
    "check_article",
    "extract_claims",
    "register",
    "render",
]


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(_MODULE_OF[name]), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
