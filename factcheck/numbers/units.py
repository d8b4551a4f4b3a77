"""The unit table: each unit a quantity can carry, its kind, dimension and written forms.

>>> unit_of("公里"), unit_of("KILOMETRES"), unit_of("kg"), unit_of("次")
(('km', 'other'), ('km', 'other'), ('kg', 'other'), ('次', 'count'))
>>> dimension("t", "other"), dimension("min", "duration")
(('mass', 1000000.0), ('time', 60.0))

Conventions:

- Chinese forms are simplified (the parser reads normalised text); English words are
  lower-case and matched in any case; symbols (kg, W, GB, m, t) are matched as written, so
  5G is not five grams and 5T is not five tonnes.
- Physical units (length, mass, area, power, energy, data, temperature) have kind "other",
  the only kind `QuantityKind` leaves for them; their normalised unit says what they measure.
- A dimension is what can be compared: units convert within one through their factor to its
  base unit (m, g, s ...). Counts and unitless numbers are the dimension "number", whatever
  the count's measure word; each currency is its own dimension.
"""

from __future__ import annotations

from typing import NamedTuple

from factcheck.models import QuantityKind


class Unit(NamedTuple):
    """A normalised unit: its kind, dimension, factor to the dimension's base, written forms."""

    kind: QuantityKind
    dimension: str
    factor: float
    words: tuple[str, ...] = ()  # matched in any case
    symbols: tuple[str, ...] = ()  # matched as written


def _physical(dimension: str, factor: float, words: tuple[str, ...],
              symbols: tuple[str, ...] = ()) -> Unit:
    return Unit("other", dimension, factor, words, symbols)


UNITS: dict[str, Unit] = {
    "USD": Unit("currency", "USD", 1, ("美元", "美金", "dollars", "us dollars")),
    "CNY": Unit("currency", "CNY", 1, ("元", "人民币", "yuan")),
    "HKD": Unit("currency", "HKD", 1, ("港元", "港币", "hk dollars")),
    "EUR": Unit("currency", "EUR", 1, ("欧元", "euros")),
    "GBP": Unit("currency", "GBP", 1, ("英镑", "pounds sterling")),
    "%": Unit("percent", "ratio", 0.01, ("%", "percent", "per cent")),
    "pp": Unit("percent", "percentage points", 1, ("个百分点", "percentage points")),
    "x": Unit("multiplier", "multiplier", 1, ("倍", "x", "×", "times")),
    "s": Unit("duration", "time", 1, ("秒", "秒钟", "second", "seconds", "sec", "secs")),
    "min": Unit("duration", "time", 60, ("分钟", "minute", "minutes", "min", "mins")),
    "h": Unit("duration", "time", 3_600, ("小时", "个小时", "hour", "hours", "hr", "hrs")),
    "day": Unit("duration", "time", 86_400, ("天", "day", "days")),
    "week": Unit("duration", "time", 604_800, ("周", "星期", "个星期", "week", "weeks")),
    "month": Unit("duration", "calendar", 1, ("个月", "month", "months")),
    "year": Unit("duration", "calendar", 12, ("年", "year", "years")),
    "km": _physical("length", 1_000, ("公里", "千米", "kilometre", "kilometres", "kilometer",
                                      "kilometers"), ("km",)),
    "m": _physical("length", 1, ("米", "metre", "metres", "meter", "meters"), ("m",)),
    "cm": _physical("length", 0.01, ("厘米", "centimetre", "centimetres", "centimeter",
                                     "centimeters"), ("cm",)),
    "mm": _physical("length", 0.001, ("毫米", "millimetre", "millimetres", "millimeter",
                                      "millimeters"), ("mm",)),
    "mi": _physical("length", 1_609.344, ("英里", "mile", "miles"), ("mi",)),
    "g": _physical("mass", 1, ("克", "gram", "grams", "gramme", "grammes"), ("g",)),
    "kg": _physical("mass", 1_000, ("千克", "公斤", "kilogram", "kilograms", "kilos"), ("kg",)),
    "t": _physical("mass", 1_000_000, ("吨", "tonne", "tonnes", "ton", "tons", "metric tons"),
                   ("t",)),
    "km²": _physical("area", 1_000_000, ("平方公里", "平方千米", "square kilometres",
                                         "square kilometers", "sq km"), ("km²", "km2")),
    "m²": _physical("area", 1, ("平方米", "平米", "square metres", "square meters"), ("m²",)),
    "W": _physical("power", 1, ("瓦", "瓦特", "watt", "watts"), ("W",)),
    "kW": _physical("power", 1e3, ("千瓦", "kilowatt", "kilowatts"), ("kW",)),
    "MW": _physical("power", 1e6, ("兆瓦", "megawatt", "megawatts"), ("MW",)),
    "GW": _physical("power", 1e9, ("吉瓦", "gigawatt", "gigawatts"), ("GW",)),
    "kWh": _physical("energy", 1, ("千瓦时", "度电", "kilowatt hours", "kilowatt-hours"),
                     ("kWh",)),
    "MB": _physical("data", 1e6, ("megabytes",), ("MB",)),
    "GB": _physical("data", 1e9, ("gigabytes",), ("GB",)),
    "TB": _physical("data", 1e12, ("terabytes",), ("TB",)),
    "°C": _physical("temperature", 1, ("摄氏度", "℃", "degrees celsius"), ("°C",)),
}
CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "hk$": "HKD", "¥": "CNY", "￥": "CNY", "€": "EUR",
                  "£": "GBP"}
CURRENCY_CODES = {"usd": "USD", "cny": "CNY", "rmb": "CNY", "hkd": "HKD", "eur": "EUR",
                  "gbp": "GBP"}
SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}  # 5 million
NUMBER_WORDS = {word: n for n, word in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen"))} | {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                     "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}  # twenty-five
MEASURE_WORDS = ("次", "家", "部", "位", "名", "个", "人", "人次", "款", "项", "条", "张", "台",
                 "只", "件", "篇", "场", "集", "支", "份", "户", "辆", "架", "下载", "用户")

WORDS: dict[str, tuple[str, QuantityKind]] = {
    word: (name, unit.kind) for name, unit in UNITS.items() for word in unit.words
} | {code: (name, "currency") for code, name in CURRENCY_CODES.items()} | {
    word: (word, "count") for word in MEASURE_WORDS}
SYMBOLS: dict[str, tuple[str, QuantityKind]] = {
    symbol: (name, unit.kind) for name, unit in UNITS.items() for symbol in unit.symbols}
ENGLISH_UNITS = tuple(word for word in WORDS | SYMBOLS | SCALE_WORDS  # what follows a count
                      if word.isascii() and word[0].isalpha())


def unit_of(written: str) -> tuple[str, QuantityKind]:
    """The normalised unit and kind of a unit as written (a symbol, or a word in any case)."""
    return SYMBOLS.get(written) or WORDS[written.lower()]


def dimension(unit: str | None, kind: QuantityKind) -> tuple[str, float]:
    """What a quantity measures, and the factor from its unit to that dimension's base unit.

    A count is always a "number", so it never compares with a physical unit or a duration.

    >>> dimension("次", "count"), dimension(None, "other"), dimension("km", "count")
    (('number', 1.0), ('number', 1.0), ('number', 1.0))
    >>> dimension(None, "fraction"), dimension("%", "percent")
    (('ratio', 1.0), ('ratio', 0.01))
    """
    if kind == "count" or (kind == "other" and unit is None):
        return "number", 1.0
    if kind == "fraction":
        return "ratio", 1.0
    known = UNITS.get(unit or "")
    if known is not None and known.kind == kind:
        return known.dimension, float(known.factor)
    return f"{kind} {unit}", 1.0
