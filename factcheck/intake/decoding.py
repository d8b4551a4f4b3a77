"""Bytes to text: UTF-8, UTF-16/32 with a byte-order mark, and the common Chinese encodings.

The decoded string is "the input as read": every span the toolkit reports is an offset
into it.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from factcheck.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset-normalizer may name a subset of what the bytes need; decode with the superset.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "ascii": "utf-8"}
# Single-byte European code pages the detector cannot tell from Windows-1252 on short
# Western text ("Hélène" read as cp1250 gives "Hélčne"): when it finds cp1252 plausible too,
# cp1252, the commonest, is used.
_WESTERN_RIVALS = {
    "cp1250", "cp1257", "cp775", "iso8859_2", "iso8859_4", "iso8859_10", "iso8859_13",
    "iso8859_15", "latin_1", "mac_latin2",
}  # fmt: skip
_MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # C0 controls but \t \n \f \r


def decode_bytes(data: bytes, *, source: str | None = None) -> str:
    """Decode an article or evidence file, or raise `InputError` saying why it is not text."""
    if not data.strip():
        raise InputError("the input is empty", source=source)
    text = _decode(data, source)
    if not text.strip():
        raise InputError("the input holds only whitespace", source=source)
    controls = len(text) - len(_CONTROL.sub("", text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise InputError("the input looks binary, not text", source=source)
    return text


def _decode(data: bytes, source: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                if encoding != "utf-32":  # UTF-16 text may start with a NUL, FF FE 00 00
                    return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    readings = charset_normalizer.from_bytes(data)
    best = readings.best()
    if best is None:
        raise InputError(
            "cannot tell the input's encoding; it may be binary",
            hint="save it as UTF-8",
            source=source,
        )
    encoding = _SUPERSETS.get(best.encoding.lower(), best.encoding)
    if encoding in _WESTERN_RIVALS and any(r.encoding == "cp1252" for r in readings):
        encoding = "cp1252"
    return data.decode(encoding, errors="replace")
