"""Links in reports: only absolute http(s) URLs become links, never ``javascript:``,
``data:`` or a relative path, whatever an article or an evidence file says."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# No whitespace, control characters, quotes, angle brackets, backticks or backslashes: a URL
# holding one is either malformed or crafted to break out of the markup around it.
_HTTP_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f<>\"'`\\]+", re.IGNORECASE)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, else None."""
    if not url or not _HTTP_URL.fullmatch(url):
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # a malformed host such as "http://[::1"
        return None
    return url if host else None
