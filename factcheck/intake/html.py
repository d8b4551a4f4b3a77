"""HTML to main text, with offsets into the HTML as read.

trafilatura (a maintained main-text extractor) decides *which* text is the article; an
offset-tracking pass over the markup supplies *where* each character came from. Each line
trafilatura keeps is found again in the page's visible text; everything else is dropped.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import trafilatura

from factcheck.intake.hidden import blank_hidden, hidden_prose, hidden_ranges
from factcheck.intake.mapped_text import MappedText
from factcheck.script import HAN

_SKIPPED = {"script", "style", "noscript", "template", "svg", "head", "iframe"}
_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "section", "article", "header", "footer", "nav", "aside", "blockquote", "figure",
    "figcaption", "table", "pre", "hr", "main", "title", "dd", "dt",
}  # fmt: skip
_WHITESPACE = re.compile(r"\s+")


class _VisibleText(HTMLParser):
    """Collects the page's visible text as ``(text, orig_start, orig_end, copy)`` parts."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.parts: list[tuple[str, int, int, bool]] = []
        self.skip_depth = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skip_depth += 1
        elif tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCKS:
            self._break()

    def _break(self):
        at = self._offset()
        self.parts.append(("\n", at, at, False))

    def handle_data(self, data):
        """Text as written, except that a line break in the source shows as a browser shows
        it: a space, or nothing between two Chinese characters (only blocks break lines)."""
        if self.skip_depth or not data:
            return
        start = at = self._offset()
        copied = 0
        for newline in re.finditer(r"\r?\n", data):
            if newline.start() > copied:
                self.parts.append(
                    (data[copied : newline.start()], at, start + newline.start(), True)
                )
            between_han = HAN.match(data[newline.start() - 1 : newline.start()]) and HAN.match(
                data[newline.end() : newline.end() + 1]
            )
            self.parts.append(
                ("" if between_han else " ", start + newline.start(), start + newline.end(), False)
            )
            copied, at = newline.end(), start + newline.end()
        if copied < len(data):
            self.parts.append((data[copied:], at, start + len(data), True))

    def _reference(self, raw_prefix: str, name: str):
        if self.skip_depth:
            return
        start = self._offset()
        raw = f"{raw_prefix}{name}"
        end = start + len(raw) + (1 if self.source.startswith(";", start + len(raw)) else 0)
        self.parts.append((html.unescape(self.source[start:end]), start, end, False))

    def handle_entityref(self, name):
        self._reference("&", name)

    def handle_charref(self, name):
        self._reference("&#", name)


def visible_text(source: str, blanked: str) -> MappedText:
    """The text a reader sees, mapped onto ``source``; ``blanked`` is the source with its
    hidden parts blanked (`blank_hidden`)."""
    parser = _VisibleText(source)
    parser.feed(blanked)
    parser.close()
    # blanked stretches read as spaces: a copy only where the source says the same
    parts = [(text, a, b, copy and source[a:b] == text) for text, a, b, copy in parser.parts]
    return MappedText.build(source, parts)


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Text without whitespace, and the index of each kept character."""
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def html_main_text(source: str) -> tuple[MappedText, dict[str, str | None], int]:
    """The page's main text mapped onto the HTML, its metadata (title, date, url, publisher)
    and the characters of prose the page hides within its main text (`hidden_prose`)."""
    hidden = hidden_ranges(source)
    main = blank_hidden(source, hidden)
    page = visible_text(source, main)
    extracted = trafilatura.extract(main, include_comments=False, favor_precision=True) or ""
    metadata = trafilatura.extract_metadata(source)
    meta = {
        "title": getattr(metadata, "title", None),
        "published": getattr(metadata, "date", None),
        "url": getattr(metadata, "url", None),
        "publisher": getattr(metadata, "sitename", None),
    }
    squeezed, index = _squeeze(page.text)
    keep: list[tuple[int, int]] = []
    cursor = 0
    for line in extracted.splitlines():
        needle = _WHITESPACE.sub("", html.unescape(line))
        found = squeezed.find(needle, cursor) if needle else -1
        if found < 0:
            continue
        keep.append((index[found], index[found + len(needle) - 1] + 1))
        cursor = found + len(needle)
    main_span = (
        (page.to_original(*keep[0])[0], page.to_original(*keep[-1])[1])
        if keep
        else (0, len(source))
    )
    prose = hidden_prose(source, hidden, main_span)
    if not keep:
        return page, meta, prose
    edits, pos = [], 0
    for start, end in keep:
        edits.append((pos, start, "\n" if pos else ""))
        pos = end
    edits.append((pos, len(page.text), "\n"))
    return page.edit([e for e in edits if e[0] < e[1]]), meta, prose
