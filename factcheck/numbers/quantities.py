"""Quantities in Chinese (traditional or simplified) and English: value, unit, kind and bound.

>>> q = parse_quantities("下載量突破1000萬次")[0]
>>> (q.text, q.value, q.scale, q.unit, q.kind, q.bound)
('突破1000萬次', 10000000.0, '萬', '次', 'count', 'at_least')
>>> [(q.value, q.unit) for q in parse_quantities("$1.2 billion, 70分鐘 and 3倍")]
[(1200000000.0, 'USD'), (70.0, 'min'), (3.0, 'x')]
>>> [(q.text, round(q.value, 2)) for q in parse_quantities("half a million users, two-thirds")]
[('half a million users', 500000.0), ('two-thirds', 0.67)]

Conventions:

- ``value`` is ``number`` times the scale, in the unit as written: 70分鐘 is 70 ``min``, 20% is
  20 ``%``, 1/10 and 十分之一 are 0.1 (kind fraction, no unit), 3倍 and "3x" are 3 ``x``.
  Durations use s, min, h, day, week, month, year. Physical units have kind "other" and a
  normalised unit from `units.UNITS`: 1953.3克 is 1953.3 ``g``, 76萬公里 is 760,000 ``km``,
  5千米 is 5 ``km`` (a unit, not the scale 千). A glued "m" is million ($5m, 100m); metres are
  "100 m" or "100 metres".
- Chinese may be typeset with spaces: ``100 万次`` is 1,000,000 次, ``1,935.3 克`` is grams.
- A count keeps its measure word or noun, simplified or lower-cased, as its unit (次, 家,
  downloads); a number with neither unit nor noun has kind "other".
- 數千 / 几百 ("several") count as 3: 數千名 is 3000, bound approximate.
- 多 after the number or the unit is "more than": 100多家 and 8噸多 are at_least.
- English number words take a scale and a unit: "twenty-five users", "a million users",
  "half a million" (500,000), or count a part of a number: "Forty-six of 258 (18%)" (but
  not "one of the 10": an idiom more often than a count). Written fractions are kind
  fraction: "two-thirds", "a third of"; but "a third party" and "a quarter century" are not
  quantities.
- Not quantities: dates and years (left to `parse_dates`), clock times (17時27分, 17:27),
  ordinals (第三次, 第 3 次, 1st), numbers glued to Latin letters, also by a hyphen (Sora2, Q2,
  H100, 5G, GPT-4, Chang'e-6, COVID-19), after a capitalised word with at most a noun (Sora 2,
  Veo 3.1, iPhone 17, Falcon 9 rockets; but "The 10 studios" is a count), ids of more than
  ten digits, a lone 一 or 二 (一定, 二次創作),
  and numerals that start with 百/千/萬/億 unless a bound word precedes them or a currency
  follows (百度, 千萬, 萬一, 千家萬戶, 千里之外; but 近百億, 百億美元, 上千元: a round amount, so
  "approximate"). A bare number after Chinese text stays a quantity of kind "other" (蒸汽機2).
- 近 is always "approximate", also in 近3年 ("the last three years").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from factcheck.models import Bound, Quantity, QuantityKind, Span
from factcheck.numbers.dates import COMMON_YEAR, normalise, parse_dates
from factcheck.numbers.units import (
    CURRENCY_CODES,
    CURRENCY_SIGNS,
    NUMBER_WORDS,
    SCALE_WORDS,
    SYMBOLS,
    WORDS,
    unit_of,
)

_HAN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
               "七": 7, "八": 8, "九": 9}
_HAN_MAGNITUDES = {"十": 10, "百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000}
_SEVERAL = "三"  # 数千 is read as 三千
_HAN_SCALES = "千万亿"  # after Arabic digits: 1000万, 6.15亿, 5千万
_SCALE_ABBREVIATIONS = {"k": 1e3, "m": 1e6, "M": 1e6, "mn": 1e6, "bn": 1e9, "B": 1e9}  # glued: $5m
_ORDINALS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}  # a third, two-thirds
_FRACTION_WORDS = _ORDINALS | {"halves": 2} | {f"{word}s": n for word, n in _ORDINALS.items()}
_ARTICLES = {"a": 1.0, "an": 1.0, "half a": 0.5, "half an": 0.5}  # a million, half a million
# after "a third" (not "a third party"): of, a preposition or punctuation
_AFTER_FRACTION = re.compile(r"\s+(?!(?:of|in|to|from|since|by|on|at|and|or|over|than)\b)[a-z]")

_CURRENCY_PREFIXES = CURRENCY_SIGNS | CURRENCY_CODES
_PREFIX_BOUNDS: dict[str, Bound] = {
    **dict.fromkeys(("超过", "超", "逾", "突破", "至少", "不少于", "不低于", "多于", "高于",
                     "more than", "over", "at least", "above", "exceeding", "in excess of",
                     "upwards of"), "at_least"),
    **dict.fromkeys(("不到", "少于", "低于", "不足", "最多", "至多", "不超过", "不会超过", "未满",
                     "less than", "fewer than", "under", "below", "up to", "at most",
                     "no more than", "not more than"), "at_most"),
    **dict.fromkeys(("约", "大约", "近", "将近", "接近", "大概", "about", "around", "nearly",
                     "almost", "approximately", "roughly", "some", "circa", "~"),
                    "approximate"),
}
_SUFFIX_BOUNDS: dict[str, Bound] = {
    "左右": "approximate", "以上": "at_least", "多": "at_least", "余": "at_least", "+": "at_least",
    " or more": "at_least", " plus": "at_least",
    "以下": "at_most", "以内": "at_most", "内": "at_most", " or less": "at_most",
}
# words ending in s that may follow a number but count nothing
_NOT_NOUNS = ("is", "was", "has", "as", "its", "this", "his", "us", "yes", "plus", "thus", "does",
              "less", "across", "always")


def _alternation(words: Iterable[str]) -> str:
    """Regex alternation, longest first; Latin words must not touch other letters."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        part = re.escape(word)
        if word[0].isascii() and word[0].isalpha():
            part = r"(?<![a-z])" + part
        if word[-1].isascii() and word[-1].isalpha():
            part += r"(?![a-z])"
        parts.append(part)
    return "|".join(parts)


def _symbols(symbols: Iterable[str]) -> str:
    """Regex alternation of unit symbols, longest first; a symbol must not run into a letter."""
    return "|".join(re.escape(symbol) + r"(?![A-Za-z])"
                    for symbol in sorted(symbols, key=len, reverse=True))


_HAN = f"[{''.join(_HAN_DIGITS)}{''.join(_HAN_MAGNITUDES)}]"
_SCALED_UNITS = "|".join(word[1:] for word in WORDS if word[0] in _HAN_SCALES)  # 5千米: 5 km
_SP = r"[ \u00a0\u3000]"  # Chinese is often typeset with spaces: 100 万次
_OF_A_NUMBER = re.compile(rf"{_SP}+of{_SP}+(?:the{_SP}+)?\d")  # Forty-six of 258
_WORD_NUMBER = rf"(?:{_alternation(NUMBER_WORDS)})(?:[ -](?:{_alternation(NUMBER_WORDS)}))*"
_WORD_FRACTION = (rf"(?P<over>{_alternation(NUMBER_WORDS | {'a': 1, 'an': 1})})"
                  rf"[ -](?P<ordinal>{_alternation(_FRACTION_WORDS)})")  # two-thirds
_QUANTITY = re.compile(
    rf"""
    (?:(?<!\d)(?P<prefix>{_alternation(_PREFIX_BOUNDS)}){_SP}?)?  # not 6~500
    (?:(?P<sign>{_alternation(_CURRENCY_PREFIXES)}){_SP}?)?
    (?: (?P<denominator>{_HAN}+|\d+)分之(?P<numerator>{_HAN}+|\d+(?:\.\d+)?)
      | (?P<arabic>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:/(?P<per>\d+))?
      | (?P<several>[数几])?(?P<han>{_HAN}+)
      | {_WORD_FRACTION}
      | (?P<word>{_WORD_NUMBER})  # twenty-five, two hundred
      | (?<![a-z])(?P<article>(?:half[ -])?an?)(?={_SP}(?:{_alternation(SCALE_WORDS)})) )
    (?P<more>{_alternation(_SUFFIX_BOUNDS)})?
    (?P<scale>{_SP}?(?:{_alternation(SCALE_WORDS)}|[{_HAN_SCALES}]+(?!{_SCALED_UNITS}))
             |(?-i:{'|'.join(sorted(_SCALE_ABBREVIATIONS, key=len, reverse=True))})(?![A-Za-z]))?
    (?: (?:{_SP}|-)?(?P<unit>{_alternation(WORDS)}|(?-i:{_symbols(SYMBOLS)}))
      | {_SP}(?P<noun>(?-i:(?!(?:{'|'.join(_NOT_NOUNS)})\b)[a-z]+s|people)(?![a-z])) )?
    (?P<suffix>{_alternation(_SUFFIX_BOUNDS)})?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_PRODUCT_BEFORE = re.compile(r"(?P<word>[A-Za-z]*[A-Z][A-Za-z]*) $")  # Sora 2, iPhone 17
_NOT_NAMES = frozenset(("A", "An", "The", "All", "These", "Those", "Its", "Their", "Our", "His",
                        "Her", "My", "Only", "Just", "With", "And", "But", "For", "Of", "In", "On",
                        "At", "By", "To", "From", "Another"))  # The 10 studios is a count
_GLUED = re.compile(r"[A-Za-z]-?$")  # Sora2, Chang'e-6, GPT-4, COVID-19
_YEAR = re.compile(COMMON_YEAR)
_MINUTES = rf"{_SP}?\d{{1,2}}{_SP}?分"
_CLOCK = re.compile(rf"(?<!\d)\d{{1,2}}(?:{_SP}?[时点]{_MINUTES}|:\d\d(?!\d))"  # 17时27分, 17:27
                    rf"|(?<=[日号]){_SP}?\d{{1,2}}{_SP}?[时点](?:{_MINUTES})?")  # 3日17时


def _han_value(numeral: str) -> float:
    """The value of a Chinese numeral: 十五 -> 15, 三万五千 -> 35000, 百 -> 100."""
    total = section = digit = 0
    for ch in numeral:
        if ch in _HAN_DIGITS:
            digit = _HAN_DIGITS[ch]
        elif ch in "十百千":
            section, digit = section + (digit or 1) * _HAN_MAGNITUDES[ch], 0
        elif ch == "万":
            total, section, digit = total + ((section + digit) or 1) * 10_000, 0, 0
        else:  # 亿 multiplies everything before it: 一万亿
            total, section, digit = ((total + section + digit) or 1) * 100_000_000, 0, 0
    return float(total + section + digit)


def _word_value(words: str) -> float:
    """The value of English number words: twenty-five -> 25, two hundred fifty -> 250."""
    total = 0
    for word in re.split(r"[ -]", words.lower()):
        total = (total or 1) * 100 if word == "hundred" else total + NUMBER_WORDS[word]
    return float(total)


def _plain(number: str) -> float:
    """An Arabic or Chinese number without scale: ``1,000.5`` or 二十."""
    return float(number.replace(",", "")) if number[0].isdigit() else _han_value(number)


def _number(m: re.Match[str]) -> tuple[float, tuple[int, int] | None, float] | None:
    """The number as written, the span of its scale and the scale's factor."""
    if m["denominator"]:
        denominator, numerator = _plain(m["denominator"]), _plain(m["numerator"])
        if denominator == 100:  # 百分之二十 is a percentage
            return numerator, None, 1.0
        return (numerator / denominator, None, 1.0) if denominator else None
    if m["han"]:  # 三千万 is 三千 with scale 万; 近万 is 一 with scale 万; 数千 is 三千
        body = m["han"].rstrip("万亿")
        numeral = (_SEVERAL if m["several"] else "") + body
        if body == m["han"]:
            return _han_value(numeral), None, 1.0
        scale_start = m.start("han") + len(body)
        return _han_value(numeral or "一"), (scale_start, m.end("han")), _scale_factor(
            m["han"][len(body):])
    if m["ordinal"]:
        over = _ARTICLES.get(m["over"].lower()) or NUMBER_WORDS[m["over"].lower()]
        return over / _FRACTION_WORDS[m["ordinal"].lower()], None, 1.0
    if m["word"]:
        number = _word_value(m["word"])
    elif m["article"]:
        number = _ARTICLES[" ".join(m["article"].lower().replace("-", " ").split())]
    elif m["per"]:
        per = float(m["per"])
        return (_plain(m["arabic"]) / per, None, 1.0) if per else None
    else:
        number = _plain(m["arabic"])
    if not m["scale"]:
        return number, None, 1.0
    return number, m.span("scale"), _scale_factor(m["scale"])


def _scale_factor(scale: str) -> float:
    """``万`` -> 1e4, ``千万`` -> 1e7, `` million`` -> 1e6, ``bn`` -> 1e9."""
    word = scale.strip()
    if word[0] in _HAN_MAGNITUDES:
        return float(math.prod(_HAN_MAGNITUDES[ch] for ch in word))
    return _SCALE_ABBREVIATIONS.get(word) or SCALE_WORDS[word.lower()]


def _unit(m: re.Match[str]) -> tuple[str | None, QuantityKind]:
    if m["sign"]:
        return _CURRENCY_PREFIXES[m["sign"].lower()], "currency"
    if m["unit"]:
        return unit_of(m["unit"])
    if m["noun"]:
        return m["noun"].lower(), "count"
    if m["denominator"]:
        return ("%", "percent") if _plain(m["denominator"]) == 100 else (None, "fraction")
    return (None, "fraction") if m["per"] or m["ordinal"] else (None, "other")


def _bound(m: re.Match[str]) -> Bound:
    if m["prefix"]:
        return _PREFIX_BOUNDS[m["prefix"].lower()]
    for written in (m["suffix"], m["more"]):
        if written:
            return _SUFFIX_BOUNDS[written.lower()]
    round_magnitude = m["han"] and m["han"][0] in "百千万亿"  # 百亿美元: of the order of
    return "approximate" if m["several"] or round_magnitude else "exact"


def _stands_alone(
    normalised: str, m: re.Match[str], unit: str | None, kind: QuantityKind
) -> bool:
    """False for the numbers that are not quantities: see the module docstring."""
    start, end = m.span()
    before, after = normalised[max(0, start - 30):start], normalised[end:end + 1]
    if before.rstrip(" \u00a0\u3000").endswith("第") or _GLUED.search(before):
        return False  # 第三次, 第 3 次; Sora2, Q2, v0.9, Chang'e-6
    bare = not (unit or m["scale"] or m["sign"] or m["prefix"] or m["suffix"] or m["more"])
    if bare and after.isascii() and after.isalpha():
        return False  # 5G, 1st
    name = _PRODUCT_BEFORE.search(before)
    if (bare or m["noun"]) and name and name["word"] not in _NOT_NAMES:
        return False  # Sora 2, Falcon 9 rockets; but The 10 studios
    if m["arabic"]:
        digits = m["arabic"]
        if digits.isdigit() and len(digits) > 10:
            return False  # an id or a phone number
        return not (bare and _YEAR.fullmatch(digits))
    if m["word"] or m["article"]:
        word = (m["word"] or "").lower()
        of_a_number = word not in ("", "one") and _OF_A_NUMBER.match(normalised, end)
        return bool(unit or m["scale"] or of_a_number)
    if m["ordinal"]:  # a third of, two-thirds; not a third party, a quarter century
        singular = m["ordinal"].lower() in _ORDINALS and normalised[m.end("over")] != "-"
        return not (singular and _AFTER_FRACTION.match(normalised, m.end("ordinal")))
    han = m["han"]
    if han is None or m["several"]:
        return True
    if han[0] in "百千万亿":  # 百度, 千万 (must), 万一 (in case), 千家万户, 千里之外
        return m["prefix"] is not None or kind == "currency"  # 近百亿, 百亿美元
    if not any(ch in _HAN_MAGNITUDES for ch in han) or han == "十":
        # 九位, 十家, 两场; not 一定, 一次性, 二次创作 (counting uses 两), nor 二〇二五
        return len(han) == 1 and han not in "一二" and unit is not None
    return True


def parse_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order; spans index `text` itself.

    >>> [(q.text, q.value, q.bound) for q in parse_quantities("近百億美元資本與數千名工程師")]
    [('近百億美元', 10000000000.0, 'approximate'), ('數千名', 3000.0, 'approximate')]
    """
    normalised = normalise(text)
    taken = [d.span for d in parse_dates(text)]
    taken += [Span(start=start, end=end) for start, end in map(re.Match.span,
                                                              _CLOCK.finditer(normalised))]
    found = []
    for m in _QUANTITY.finditer(normalised):
        start, end = m.span()
        if any(start < d.end and d.start < end for d in taken):
            continue
        parsed = _number(m)
        if parsed is None:
            continue
        number, scale_span, factor = parsed
        unit, kind = _unit(m)
        value = number * factor
        if not (math.isfinite(value) and _stands_alone(normalised, m, unit, kind)):
            continue
        scale = text[scale_span[0]:scale_span[1]].strip() if scale_span else None
        found.append(Quantity(text=text[start:end], span=Span(start=start, end=end), value=value,
                              number=number, scale=scale, unit=unit, kind=kind, bound=_bound(m)))
    return found
