"""Dates in Chinese (traditional or simplified) and English, resolved to ISO form.

>>> [d.iso for d in parse_dates("2022年11月30日，ChatGPT 發佈")]
['2022-11-30']
>>> parse_dates("10月1日", default_year=2025)[0].iso
'2025-10-01'
>>> parse_dates("上周日", reference=date(2025, 10, 27))[0].iso
'2025-10-26'
>>> [d.text for d in parse_dates("planned for 2028 on a Long March 5 rocket")]
['2028']

Conventions:

- A date without a written year takes ``default_year`` (``year_inferred=True``), else its
  ``iso`` is None. ``reference`` is used only for relative dates (今天, 上周日, last Sunday,
  今年4月); without it they are returned with ``iso=None``.
- 上周X / 上上周X / 本周X / 下周X count calendar weeks starting on Monday; a bare 周X or
  "Sunday" is the latest such day on or before ``reference``; "last Sunday" is the latest
  before it, "next Sunday" the first after it.
- A week on its own (上周, last week) is recognised but never resolved: ``DateMention`` has no
  week granularity, so its ``iso`` is None.
- A bare English year needs a context: a preposition (in 2024, planned for 2028), brackets
  ("(2023)") or a determiner and a noun ("a 2023 film", "China's 2024 budget"). A number
  followed by a unit or a plural noun is a count: "of 2000 people", "the 2028 people", "$2028".
- mid-October, early-2024 and late-2024 are months and years; the qualifier is in the text.
- A month and day after a capitalised word is a name (the rocket Long March 5, Long March 2F),
  unless that word may stand before a date (On, Since, Tuesday, Published ...); so is one
  followed by "rocket" (March 5 rocket). With a year it is always a date.
- Month and day numbers must be Arabic digits (十月一日 is not recognised). Chinese dates may
  be typeset with spaces (2024 年 6 月 2 日); a time after the date (17時27分, 清晨) is not
  part of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from factcheck.models import DateGranularity, DateMention, Span
from factcheck.numbers.units import ENGLISH_UNITS
from factcheck.script import to_simplified

_FULLWIDTH = str.maketrans("０１２３４５６７８９％．＄", "0123456789%.$")


def normalise(text: str) -> str:
    """Simplified Chinese and ASCII digits, with every character at its original offset.

    >>> normalise("１０月１日發佈")
    '10月1日发布'
    """
    simplified = to_simplified(text)
    if len(simplified) != len(text):  # a phrase conversion changed the length: go char by char
        chars = (to_simplified(ch) for ch in text)
        simplified = "".join(s if len(s) == 1 else ch for s, ch in zip(chars, text, strict=True))
    return simplified.translate(_FULLWIDTH)


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTHS |= {name[:3]: number for name, number in _MONTHS.items()} | {"Sept": 9}
_WEEKDAYS_EN = {name: n for n, name in enumerate(
    ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))}
_WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEK_SHIFTS = {"上上": -2, "上": -1, "本": 0, "这": 0, "下": 1}
_EN_SHIFTS = {"last": -1, "this": 0, "next": 1}
_RELATIVE_DAYS = {"今天": 0, "昨天": -1, "前天": -2, "明天": 1,
                  "today": 0, "yesterday": -1, "tomorrow": 1}
_RELATIVE_MONTHS = {"本月": 0, "这个月": 0, "上个月": -1, "上月": -1, "下个月": 1, "下月": 1,
                    "this month": 0, "last month": -1, "next month": 1}
_RELATIVE_YEARS = {"今年": 0, "去年": -1, "前年": -2, "明年": 1,
                   "this year": 0, "last year": -1, "next year": 1}


def _words(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


COMMON_YEAR = r"(?:19|20)\d\d"  # a bare number that is read as a year: "in 2024"
_YEAR_DIGITS = r"[12]\d{3}"  # a number that is read as a year when written as one: 2024年
_MONTH = rf"(?P<month_name>{_words(_MONTHS)})\.?(?![a-z])"
_YEAR = rf"(?P<year>{_YEAR_DIGITS})(?!\d)"
_SP = r"[ \u00a0\u3000]?"
# after a number, what makes it a count and not a year: 2028 people, 2000 km, 2000 new users
_COUNTED = re.compile(
    rf"\s*(?:%|(?:[a-z]+\s+)?(?i:{_words(ENGLISH_UNITS)}|people|[a-z]*[a-rt-z]s)\b)")

_ZH_DATE = re.compile(
    rf"(?:(?<!\d)(?P<year>{_YEAR_DIGITS}){_SP}年{_SP}|(?P<rel_year>{_words(_RELATIVE_YEARS)}))?"
    rf"(?<!\d)(?P<month>\d{{1,2}}){_SP}月(?:{_SP}(?P<day>\d{{1,2}}){_SP}[日号])?"
    rf"|(?<!\d)(?P<year_only>{_YEAR_DIGITS}){_SP}年"
)
_NUMERIC_DATE = re.compile(r"(?<![\d.\-/])" + _YEAR + r"(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)"
                           r"(?P<day>\d{1,2})(?!\d)")
_EN_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?![\dA-Za-z])"
                           rf"(?:,?\s+{_YEAR})?")
_EN_DAY_MONTH = re.compile(rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}"
                           rf"(?:,?\s+{_YEAR})?")
_EN_MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+{_YEAR}")
_EN_PART = re.compile(  # mid-October, early-2024
    rf"\b(?i:early|mid|late)-(?:{_MONTH}(?:,?\s+(?={_YEAR_DIGITS}))?)?(?:{_YEAR})?")
_EN_YEAR = re.compile(rf"\b(?i:in|since|by|until|till|from|during|before|after|through"
                      rf"|(?P<of>of|for))\s+(?P<year>{COMMON_YEAR})(?![\d\-/.,]\d)")
_EN_YEAR_ALONE = re.compile(  # (2023); a 2023 film, China's 2024 budget; not the 2028 people
    rf"(?<=\()(?P<year>{COMMON_YEAR})(?=\))"
    rf"|(?:^|\b(?i:a|an|the|its|their|this|that|his|her|our)\s+|'s\s+)"
    rf"(?P<noun_year>{COMMON_YEAR})(?=\s+[a-z])(?!{_COUNTED.pattern}|\s+(?:of|or|to|and|in)\b)")
# "Long March 5" (a rocket) is a month and a number after a capitalised word; these words may
# stand before a date: On March 5, Tuesday March 5
_BEFORE_DATES = frozenset(("On", "In", "Since", "By", "Until", "Till", "From", "Before", "After",
                           "During", "Through", "To", "For", "At", "Of", "Between", "Around",
                           "About", "As", "And", "Or", "The", "This", "Last", "Next", "Early",
                           "Late", "Mid", "Updated", "Published", "Posted", "Released", "Dated",
                           "Launched", "Scheduled", "Planned", "Expected", "Due", "Set",
                           *_WEEKDAYS_EN, *(day[:3] for day in _WEEKDAYS_EN)))
_NAME_BEFORE = re.compile(r"\b(?P<word>[A-Z][A-Za-z]*)\s+$")
_NAME_AFTER = re.compile(r"\s+(?i:rocket|launcher|booster|carrier|vehicle)s?\b")
_RELATIVE = re.compile(rf"(?<![a-z])(?i:(?P<days>{_words(_RELATIVE_DAYS)})"
                       rf"|(?P<months>{_words(_RELATIVE_MONTHS)})"
                       rf"|(?P<years>{_words(_RELATIVE_YEARS)}))(?![a-z])")
_ZH_WEEK = re.compile(rf"(?<![\d一二三四五六七八九十两几数每首])(?P<shift>{_words(_WEEK_SHIFTS)})?"
                      rf"(?:周|星期|礼拜)(?P<weekday>[{''.join(_WEEKDAYS_ZH)}])?")
_EN_WEEK = re.compile(rf"\b(?:(?P<shift>(?i:{_words(_EN_SHIFTS)}))\s+)?"
                      rf"(?:(?P<weekday>{_words(_WEEKDAYS_EN)})|(?P<week>(?i:week))\b)")


def _iso(year: int | None, month: int | None = None, day: int | None = None) -> str | None:
    """``2025-10-01``, ``2025-10`` or ``2025``; None without a year or for an impossible date."""
    if year is None:
        return None
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")


def _granularity(month: int | None, day: int | None) -> DateGranularity:
    return "day" if day else "month" if month else "year"


class _Context:
    """What the handlers need: the original text, the reference date and the default year."""

    def __init__(self, text: str, reference: date | None, default_year: int | None) -> None:
        self.text, self.reference, self.default_year = text, reference, default_year

    def mention(self, span: tuple[int, int], iso: str | None, granularity: DateGranularity,
                relative: bool = False, year_inferred: bool = False) -> DateMention:
        start, end = span
        return DateMention(text=self.text[start:end], span=Span(start=start, end=end), iso=iso,
                           granularity=granularity, relative=relative, year_inferred=year_inferred)

    def absolute(self, span: tuple[int, int], year: str | None, month: int | None,
                 day: int | None) -> DateMention | None:
        """A calendar date; the year, when missing, comes from `default_year`."""
        if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
            return None
        inferred = year is None and self.default_year is not None
        resolved = int(year) if year else self.default_year
        return self.mention(span, _iso(resolved, month, day), _granularity(month, day),
                            year_inferred=inferred)

    def shifted(self, span: tuple[int, int], days: int = 0, weeks: int = 0, weekday: int = 0,
                months: int = 0, years: int = 0, granularity: DateGranularity = "day",
                week_start: bool = False) -> DateMention:
        """A date written relative to `reference`; ``iso`` is None without a reference.

        With `week_start` the count starts from the Monday of the reference week (上周日).
        """
        iso = None
        if self.reference is not None:
            try:
                monday = self.reference - timedelta(days=self.reference.weekday())
                start = monday if week_start else self.reference
                day = start + timedelta(days=days + 7 * weeks + weekday)
            except OverflowError:
                day = None
            if day is not None:
                year, month = divmod(day.year * 12 + day.month - 1 + months + 12 * years, 12)
                parts = {"year": (year,), "month": (year, month + 1),
                         "day": (year, month + 1, day.day)}[granularity]
                iso = _iso(*parts)
        return self.mention(span, iso, granularity, relative=True)


def _zh_date(c: _Context, m: re.Match[str]) -> DateMention | None:
    if m["year_only"]:
        return c.absolute(m.span(), m["year_only"], None, None)
    month, day = int(m["month"]), int(m["day"]) if m["day"] else None
    if not m["rel_year"]:
        return c.absolute(m.span(), m["year"], month, day)
    shift = _RELATIVE_YEARS[m["rel_year"]]  # 今年4月: the year is relative, month and day are not
    base = c.reference.year if c.reference else c.default_year
    year = None if base is None else base + shift
    if not 1 <= month <= 12:
        return None
    return c.mention(m.span(), _iso(year, month, day), _granularity(month, day), relative=True,
                     year_inferred=c.reference is None and year is not None)


def _numeric_date(c: _Context, m: re.Match[str]) -> DateMention | None:
    return c.absolute(m.span(), m["year"], int(m["month"]), int(m["day"]))


def _en_date(c: _Context, m: re.Match[str]) -> DateMention | None:
    """October 1, 2025; 1 October; mid-October; mid-2024."""
    if not (m["month_name"] or m["year"]):
        return None
    month = _MONTHS[m["month_name"]] if m["month_name"] else None
    day = int(m["day"]) if "day" in m.groupdict() else None
    return c.absolute(m.span(), m["year"], month, day)


def _en_month_day(c: _Context, m: re.Match[str]) -> DateMention | None:
    """March 5, unless it names a rocket: a Long March 5, March 5 rocket (but Long March 5, 2024).

    >>> [d.text for d in parse_dates("On March 5 a Long March 5 rocket and a March 8 rocket")]
    ['March 5']
    """
    if not m["year"]:
        before = _NAME_BEFORE.search(m.string[max(0, m.start() - 30):m.start()])
        if (before and before["word"] not in _BEFORE_DATES) or _NAME_AFTER.match(m.string, m.end()):
            return None
    return _en_date(c, m)


def _en_year(c: _Context, m: re.Match[str]) -> DateMention | None:
    """in 2024, since 2023, (2023), a 2023 film; but "of 2000 people" is a count."""
    if m.groupdict().get("of") and _COUNTED.match(m.string, m.end()):
        return None
    group = "year" if m["year"] else "noun_year"
    return c.absolute(m.span(group), m[group], None, None)


def _relative(c: _Context, m: re.Match[str]) -> DateMention:
    word = m.group().lower()
    if m["days"]:
        return c.shifted(m.span(), days=_RELATIVE_DAYS[word])
    if m["months"]:
        return c.shifted(m.span(), months=_RELATIVE_MONTHS[word], granularity="month")
    return c.shifted(m.span(), years=_RELATIVE_YEARS[word], granularity="year")


def _nearest(c: _Context, span: tuple[int, int], weekday: int, direction: int) -> DateMention:
    """The `weekday` nearest the reference: on or before it (0), before (-1) or after (+1)."""
    today = c.reference.weekday() if c.reference else 0
    if direction > 0:
        days = (weekday - today - 1) % 7 + 1
    elif direction < 0:
        days = -((today - weekday - 1) % 7 + 1)
    else:
        days = -((today - weekday) % 7)
    return c.shifted(span, days=days)


def _zh_week(c: _Context, m: re.Match[str]) -> DateMention | None:
    if not m["weekday"]:  # 上周: a week, which DateMention cannot express
        return c.mention(m.span(), None, "day", relative=True) if m["shift"] else None
    weekday = _WEEKDAYS_ZH[m["weekday"]]
    if m["shift"]:
        return c.shifted(m.span(), weeks=_WEEK_SHIFTS[m["shift"]], weekday=weekday,
                         week_start=True)
    return _nearest(c, m.span(), weekday, 0)


def _en_week(c: _Context, m: re.Match[str]) -> DateMention | None:
    shift = _EN_SHIFTS[m["shift"].lower()] if m["shift"] else None
    if m["week"]:  # last week: recognised, not resolved
        return None if shift is None else c.mention(m.span(), None, "day", relative=True)
    weekday = _WEEKDAYS_EN[m["weekday"]]
    if shift == 0:
        return c.shifted(m.span(), weekday=weekday, week_start=True)
    return _nearest(c, m.span(), weekday, shift or 0)


_Handler = Callable[[_Context, re.Match[str]], DateMention | None]
_PATTERNS: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (_ZH_DATE, _zh_date),
    (_NUMERIC_DATE, _numeric_date),
    (_EN_MONTH_DAY, _en_month_day),
    (_EN_DAY_MONTH, _en_date),
    (_EN_MONTH_YEAR, _en_date),
    (_EN_PART, _en_date),
    (_EN_YEAR, _en_year),
    (_EN_YEAR_ALONE, _en_year),
    (_RELATIVE, _relative),
    (_ZH_WEEK, _zh_week),
    (_EN_WEEK, _en_week),
)


def parse_dates(text: str, reference: date | None = None,
                default_year: int | None = None) -> list[DateMention]:
    """Every date mentioned in `text`, in order; where two readings overlap the longer wins.

    >>> [(d.text, d.iso) for d in parse_dates("October 1, 2025 and 30 September")]
    [('October 1, 2025', '2025-10-01'), ('30 September', None)]
    """
    context, normalised = _Context(text, reference, default_year), normalise(text)
    found = [mention for pattern, handle in _PATTERNS for m in pattern.finditer(normalised)
             if (mention := handle(context, m)) is not None]
    found.sort(key=lambda d: (d.span.start, d.span.start - d.span.end))
    kept: list[DateMention] = []
    for mention in found:
        if not kept or mention.span.start >= kept[-1].span.end:
            kept.append(mention)
    return kept
