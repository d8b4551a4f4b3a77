"""Text a reader of the page never sees, blanked out of the HTML before its text is read.

A page can carry text for machines only: an element with the ``hidden`` attribute or
``aria-hidden="true"``, styled ``display:none``, ``visibility:hidden``, ``opacity:0``,
``font-size:0``, pushed off screen, written in the colour of its background (white on
white), hidden by a class or id that a ``<style>`` block hides, or an HTML comment. Planted
in evidence, such text can state what no reader would accept ("官方數據：下載量突破 5000 萬次")
or address the verifier. `blank_hidden` replaces every such element, tags included, and every
comment with spaces (newlines kept), so the result has the same length and line breaks as
the input and every offset into it is an offset into the page as read.

Only inline styles and simple ``.class`` / ``#id`` rules of the page's own ``<style>`` blocks
are read; external style sheets and scripts are not run.

`hidden_prose` measures what was hidden: the characters of prose (a run of text between two
tags with at least ``PROSE_HAN`` Chinese characters or ``PROSE_WORDS`` words) in the hidden
parts of a stretch of the page. Menus, icons and short labels are not prose; a sentence is.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from factcheck.script import HAN

_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
_BLOCKS = {
    "address", "article", "aside", "blockquote", "div", "dl", "fieldset", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p",
    "pre", "section", "table", "ul",
}  # fmt: skip
# An open element (key) ends where one of these starts, without its end tag.
_ENDED_BY = {
    "p": _BLOCKS,
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "tr": {"tr"},
    "td": {"td", "th", "tr"},
    "th": {"td", "th", "tr"},
    "option": {"option", "optgroup"},
}
_PAGE_BACKGROUND = "#ffffff"
_NAMED_COLOURS = {"white": "#ffffff", "black": "#000000", "transparent": "transparent"}
_OFF_SCREEN_PX = -500
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^[a-z0-9]*([.#])([\w-]+)$", re.IGNORECASE)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
PROSE_HAN = 10
PROSE_WORDS = 6
_CODE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG_OR_COMMENT_MARK = re.compile(r"<!--|-->|<[^>]*>")
_WORD = re.compile(r"[^\W\d_\u3400-\u9fff]{2,}")  # a word in another script than Chinese


def hidden_ranges(source: str) -> list[tuple[int, int]]:
    """The ``[start, end)`` offsets of the page's hidden elements and comments, merged."""
    parser = _HiddenParts(source)
    parser.feed(source)
    parser.close()
    merged: list[tuple[int, int]] = []
    for start, end in sorted(parser.ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def blank_hidden(source: str, ranges: list[tuple[int, int]] | None = None) -> str:
    """The HTML with hidden elements and comments replaced by spaces (same length, same lines);
    ``ranges`` are the page's `hidden_ranges`, found when not given."""
    text = list(source)
    for start, end in hidden_ranges(source) if ranges is None else ranges:
        for i in range(start, min(end, len(text))):
            if text[i] != "\n":
                text[i] = " "
    return "".join(text)


def hidden_prose(source: str, ranges: list[tuple[int, int]], within: tuple[int, int]) -> int:
    """Characters of prose in the hidden ``ranges`` that overlap ``within`` (offsets into
    ``source``); scripts and style sheets are not prose."""
    found = 0
    for start, end in ranges:
        if end <= within[0] or start >= within[1]:
            continue
        for run in _TAG_OR_COMMENT_MARK.split(_CODE.sub(" ", source[start:end])):
            if len(HAN.findall(run)) >= PROSE_HAN or len(_WORD.findall(run)) >= PROSE_WORDS:
                found += len(run.strip())
    return found


def _declarations(style: str) -> dict[str, str]:
    """``"color: #FFF; display:none !important"`` -> ``{"color": "#fff", "display": "none"}``."""
    found = {}
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        value = value.replace("!important", "").strip().lower()
        if name.strip() and value:
            found[name.strip().lower()] = value
    return found


def _colour(value: str | None) -> str | None:
    """A CSS colour in one spelling (#rrggbb, or transparent), else None."""
    if not value:
        return None
    value = value.replace(" ", "")
    if value in _NAMED_COLOURS:
        return _NAMED_COLOURS[value]
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        return "#" + "".join(c * 2 for c in value[1:])
    if re.fullmatch(r"#[0-9a-f]{6}", value):
        return value
    rgb = re.fullmatch(r"rgba?\((\d+),(\d+),(\d+)(?:,([\d.]+))?\)", value)
    if rgb:
        if rgb.group(4) is not None and float(rgb.group(4)) == 0:
            return "transparent"
        return "#" + "".join(f"{min(int(rgb.group(i)), 255):02x}" for i in (1, 2, 3))
    return None


def _background(style: dict[str, str]) -> str | None:
    if "background-color" in style:
        return _colour(style["background-color"])
    for token in style.get("background", "").split():
        if colour := _colour(token):
            return colour
    return None


def _px(value: str | None) -> float | None:
    found = _NUMBER.match(value.strip()) if value else None
    return float(found.group()) if found else None


def _hides(style: dict[str, str], background: str) -> bool:
    """Whether declarations make an element's text invisible on the given background."""
    if style.get("display") == "none" or style.get("visibility") in ("hidden", "collapse"):
        return True
    if _px(style.get("opacity")) == 0 or _px(style.get("font-size")) == 0:
        return True
    colour = _colour(style.get("color"))
    if colour is not None and colour in ("transparent", background):
        return True
    offsets = [_px(style.get(k)) for k in ("left", "top", "text-indent", "margin-left")]
    return any(v is not None and v <= _OFF_SCREEN_PX for v in offsets)


def _hidden_selectors(source: str) -> set[str]:
    """``.class`` and ``#id`` selectors that the page's own style blocks hide."""
    hidden = set()
    for block in _STYLE_BLOCK.findall(source):
        for selectors, body in _CSS_RULE.findall(re.sub(r"/\*.*?\*/", "", block, flags=re.S)):
            if not _hides(_declarations(body), _PAGE_BACKGROUND):
                continue
            for selector in selectors.split(","):
                if simple := _SIMPLE_SELECTOR.match(selector.strip()):
                    hidden.add(simple.group(1) + simple.group(2))
    return hidden


class _HiddenParts(HTMLParser):
    """Collects the ``[start, end)`` offsets of hidden elements and comments."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.hidden_selectors = _hidden_selectors(source)
        # open elements: (tag, start offset if the element is hidden, its background colour)
        self.stack: list[tuple[str, int | None, str]] = []
        self.ranges: list[tuple[int, int]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _end_of_tag(self, start: int) -> int:
        end = self.source.find(">", start)
        return len(self.source) if end < 0 else end + 1

    def _close(self, index: int, end: int) -> None:
        for _, start, _ in self.stack[index:]:
            if start is not None:
                self.ranges.append((start, end))
        del self.stack[index:]

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        while self.stack and tag in _ENDED_BY.get(self.stack[-1][0], ()):
            self._close(len(self.stack) - 1, start)
        values = {name.lower(): (value or "") for name, value in attrs}
        style = _declarations(values.get("style", ""))
        background = _background(style) or (self.stack[-1][2] if self.stack else _PAGE_BACKGROUND)
        selectors = {"." + c for c in values.get("class", "").split()} | {
            "#" + values.get("id", "")
        }
        hidden = (
            "hidden" in values
            or values.get("aria-hidden", "").strip().lower() == "true"
            or _hides(style, background)
            or bool(selectors & self.hidden_selectors)
        )
        if tag in _VOID:
            if hidden:
                self.ranges.append((start, self._end_of_tag(start)))
            return
        self.stack.append((tag, start if hidden else None, background))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1][0] == tag:
            self._close(len(self.stack) - 1, self._end_of_tag(self._offset()))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                self._close(index, self._end_of_tag(self._offset()))
                return

    def handle_comment(self, data):
        start = self._offset()
        end = self.source.find("-->", start)
        self.ranges.append((start, len(self.source) if end < 0 else end + 3))

    def close(self):
        super().close()
        self._close(0, len(self.source))
