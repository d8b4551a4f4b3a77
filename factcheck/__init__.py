"""factcheck: claim fact-checking and trust scoring for newsrooms.

>>> import factcheck
>>> report = factcheck.check_article(text, evidence=["evidence/demo"])  # doctest: +SKIP
>>> report.article.trust_score  # doctest: +SKIP

The pipeline and its models load on first use, so importing the package stays cheap.
"""

import logging
from typing import TYPE_CHECKING, Any

import jieba

from factcheck.config import Settings
from factcheck.errors import FactcheckError
from factcheck.models import CheckedClaim, Claim, Label, Report, Verdict

jieba.setLogLevel(logging.WARNING)  # jieba announces loading its dictionary on stderr

if TYPE_CHECKING:
    from factcheck.pipeline import Pipeline, check_article, extract_claims

_LAZY = {"Pipeline", "check_article", "extract_claims"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from factcheck import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'factcheck' has no attribute {name!r}")


__all__ = [
    "CheckedClaim",
    "Claim",
    "FactcheckError",
    "Label",
    "Pipeline",
    "Report",
    "Settings",
    "Verdict",
    "check_article",
    "extract_claims",
]
