"""parse_dates: absolute, year-less and relative dates in Chinese and English."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.models import DateMention
from factcheck.numbers import parse_dates
from factcheck.numbers.dates import normalise

MONDAY = date(2025, 10, 27)  # the Monday after the article's 周日(10月26日)


def only(text: str, **kwargs) -> DateMention:
    found = parse_dates(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


def assert_spans(text: str, found: list[DateMention]) -> None:
    for d in found:
        assert 0 <= d.span.start < d.span.end <= len(text)
        assert text[d.span.start:d.span.end] == d.text


# text, written date, iso, granularity
ABSOLUTE = [
    ("2022年11月30日，ChatGPT發布", "2022年11月30日", "2022-11-30", "day"),
    ("2025年10月，Sora2", "2025年10月", "2025-10", "month"),
    ("2024年，快手聯合", "2024年", "2024", "year"),
    ("2025-09-30", "2025-09-30", "2025-09-30", "day"),
    ("2025/9/30", "2025/9/30", "2025-09-30", "day"),
    ("on October 1, 2025", "October 1, 2025", "2025-10-01", "day"),
    ("on 1 October 2025", "1 October 2025", "2025-10-01", "day"),
    ("in September 2025", "September 2025", "2025-09", "month"),
    ("on Sept. 30, 2025", "Sept. 30, 2025", "2025-09-30", "day"),
    ("in 2024 the market grew", "2024", "2024", "year"),
    ("於 2024 年 6 月 2 日 清晨著陸", "2024 年 6 月 2 日", "2024-06-02", "day"),
    ("于 2024 年 6 月着陆", "2024 年 6 月", "2024-06", "month"),
    ("2024年5月3日17時27分發射", "2024年5月3日", "2024-05-03", "day"),
    ("2024年5月3日 17:27", "2024年5月3日", "2024-05-03", "day"),
    ("on June 2, 2024", "June 2, 2024", "2024-06-02", "day"),
    ("on 2 June 2024", "2 June 2024", "2024-06-02", "day"),
    ("on March 5, 2024", "March 5, 2024", "2024-03-05", "day"),
    ("30 Sept 2025", "30 Sept 2025", "2025-09-30", "day"),
    ("mid-October 2025", "mid-October 2025", "2025-10", "month"),
    ("by mid-2024", "mid-2024", "2024", "year"),
    ("late-2024", "late-2024", "2024", "year"),
    # bare English years in context
    ("launch is planned for 2028", "2028", "2028", "year"),
    ("in 2028", "2028", "2028", "year"),
    ("by 2030", "2030", "2030", "year"),
    ("since 2023", "2023", "2023", "year"),
    ("the summer of 2023", "2023", "2023", "year"),
    ("Oppenheimer (2023)", "2023", "2023", "year"),
    ("2023 film", "2023", "2023", "year"),
    ("a 2023 film", "2023", "2023", "year"),
    ("China's 2024 budget", "2024", "2024", "year"),
    ("2028年發射", "2028年", "2028", "year"),
    ("2028 年发射", "2028 年", "2028", "year"),
]


@pytest.mark.parametrize(("text", "written", "iso", "granularity"), ABSOLUTE)
def test_absolute(text, written, iso, granularity):
    d = only(text, default_year=1999)
    assert (d.text, d.iso, d.granularity, d.relative, d.year_inferred) == (
        written, iso, granularity, False, False)
    assert_spans(text, [d])


# text, written date, iso with default_year=2025, granularity
YEARLESS = [
    ("10月1日OpenAI扔下炸彈", "10月1日", "2025-10-01", "day"),
    ("Vidu10月21日再次更新", "10月21日", "2025-10-21", "day"),
    ("其7月 2日上線以來", "7月 2日", "2025-07-02", "day"),
    ("10月以來", "10月", "2025-10", "month"),
    ("5月1號", "5月1號", "2025-05-01", "day"),
    ("Oct 1", "Oct 1", "2025-10-01", "day"),
    ("on 30 September", "30 September", "2025-09-30", "day"),
    ("October 21st", "October 21st", "2025-10-21", "day"),
    ("6 月 2 日", "6 月 2 日", "2025-06-02", "day"),
    ("6月2日清晨", "6月2日", "2025-06-02", "day"),
    ("5月8日,嫦娥六號", "5月8日", "2025-05-08", "day"),
    ("6月4日, the ascender", "6月4日", "2025-06-04", "day"),
    ("6月4日，上升器", "6月4日", "2025-06-04", "day"),
    ("landed on 2 June", "2 June", "2025-06-02", "day"),
    ("June 2", "June 2", "2025-06-02", "day"),
    ("on March 5", "March 5", "2025-03-05", "day"),
    ("On March 5", "March 5", "2025-03-05", "day"),
    ("since March 5", "March 5", "2025-03-05", "day"),
    ("Published March 5", "March 5", "2025-03-05", "day"),
    ("March 5 was", "March 5", "2025-03-05", "day"),
    ("5 March", "5 March", "2025-03-05", "day"),
    ("Oct. 15", "Oct. 15", "2025-10-15", "day"),
    ("10 月 15 日", "10 月 15 日", "2025-10-15", "day"),
    ("6 月 2 日清晨 6 時 23 分", "6 月 2 日", "2025-06-02", "day"),
    ("in mid-October", "mid-October", "2025-10", "month"),
    ("Mid-Oct", "Mid-Oct", "2025-10", "month"),
]


@pytest.mark.parametrize(("text", "written", "iso", "granularity"), YEARLESS)
def test_year_from_default_year(text, written, iso, granularity):
    d = only(text, default_year=2025)
    assert (d.text, d.iso, d.granularity, d.year_inferred) == (written, iso, granularity, True)
    assert_spans(text, [d])


@pytest.mark.parametrize(("text", "written", "iso", "granularity"), YEARLESS)
def test_without_a_year_iso_is_none(text, written, iso, granularity):
    d = only(text, reference=MONDAY)
    assert (d.text, d.iso, d.granularity, d.year_inferred) == (written, None, granularity, False)


# text, written date, iso against MONDAY, granularity
RELATIVE = [
    ("昨天", "昨天", "2025-10-26", "day"),
    ("yesterday", "yesterday", "2025-10-26", "day"),
    ("今天", "今天", "2025-10-27", "day"),
    ("Today", "Today", "2025-10-27", "day"),
    ("上周日", "上周日", "2025-10-26", "day"),
    ("上週日", "上週日", "2025-10-26", "day"),
    ("上上周日", "上上周日", "2025-10-19", "day"),
    ("上周二", "上周二", "2025-10-21", "day"),
    ("下周一", "下周一", "2025-11-03", "day"),
    ("星期天", "星期天", "2025-10-26", "day"),
    ("last Sunday", "last Sunday", "2025-10-26", "day"),
    ("last Monday", "last Monday", "2025-10-20", "day"),
    ("next Friday", "next Friday", "2025-10-31", "day"),
    ("本月", "本月", "2025-10", "month"),
    ("上個月", "上個月", "2025-09", "month"),
    ("last month", "last month", "2025-09", "month"),
    ("今年4月", "今年4月", "2025-04", "month"),
    ("去年", "去年", "2024", "year"),
    ("this year", "this year", "2025", "year"),
]


@pytest.mark.parametrize(("text", "written", "iso", "granularity"), RELATIVE)
def test_relative(text, written, iso, granularity):
    d = only(text, reference=MONDAY)
    assert (d.text, d.iso, d.granularity, d.relative) == (written, iso, granularity, True)
    assert_spans(text, [d])


@pytest.mark.parametrize(("text", "written", "iso", "granularity"), RELATIVE)
def test_relative_without_reference(text, written, iso, granularity):
    d = only(text)
    assert (d.text, d.relative) == (written, True)
    if written != "今年4月":
        assert d.iso is None


def test_this_year_with_only_a_default_year():
    d = only("今年4月", default_year=2025)
    assert (d.iso, d.relative, d.year_inferred) == ("2025-04", True, True)
    assert only("今年4月").iso is None


def test_a_week_is_recognised_but_not_resolved():
    for text in ("上周", "上上周", "last week"):
        d = only(text, reference=MONDAY)
        assert (d.text, d.iso, d.relative) == (text, None, True)


def test_weekday_with_date_in_brackets():
    text = "與吳杰茜的對話是在周日(10月26日)下午"
    found = parse_dates(text, reference=MONDAY, default_year=2025)
    assert [(d.text, d.iso) for d in found] == [("周日", "2025-10-26"), ("10月26日", "2025-10-26")]
    assert_spans(text, found)


def test_sentence_with_several_dates():
    text = "上上周，10月15日，百度蒸汽機再次升級——這已經是其7月 2日上線以來的第三次重大升級"
    found = parse_dates(text, reference=MONDAY, default_year=2025)
    assert [(d.text, d.iso) for d in found] == [
        ("上上周", None), ("10月15日", "2025-10-15"), ("7月 2日", "2025-07-02")]


def test_evidence_paragraph_with_spaces_and_times():
    text = ("嫦娥六號於 2024 年 5 月 3 日 17 時 27 分發射,6 月 2 日清晨著陸,6月4日,"
            "上升器起飛;landed on June 2, 2024 and returned on 25 June")
    found = parse_dates(text, default_year=2024)
    assert [(d.text, d.iso, d.year_inferred) for d in found] == [
        ("2024 年 5 月 3 日", "2024-05-03", False), ("6 月 2 日", "2024-06-02", True),
        ("6月4日", "2024-06-04", True), ("June 2, 2024", "2024-06-02", False),
        ("25 June", "2024-06-25", True)]
    assert_spans(text, found)


@pytest.mark.parametrize("text", [
    "提升3倍", "5天內", "20秒", "不到2周", "三周半跳", "2周一次", "每周一", "30年後", "3個月",
    "1000萬次", "Sora 2", "13月", "may 5 users", "首周下載量",
    # rockets named after the Long March
    "a Long March 5 from Wenchang", "Long March-8", "Long March-5 rocket", "March 5 rocket",
    "The Long March 5 rocket", "Long March 2F", "Long March 5B", "two Long March 8 launchers",
    # numbers that look like years but count something
    "2028 people", "$2028", "120283", "2028.5", "for 2028 people", "a crowd of 2000 people",
    "of 2000 new users", "the 2000 people", "a 2000 km trip", "the 2000 million", "(n = 2023)",
    "mid-", "2025 to 2030",
])
def test_not_dates(text):
    assert parse_dates(text, reference=MONDAY, default_year=2025) == []


def test_rocket_name_beside_a_year():
    text = "Its launch is planned for 2028 on a Long March 5 from Wenchang"
    found = parse_dates(text, default_year=2025)
    assert [(d.text, d.iso, d.granularity, d.year_inferred) for d in found] == [
        ("2028", "2028", "year", False)]
    assert_spans(text, found)


def test_weekday_before_month_and_day():
    found = parse_dates("Tuesday March 5", default_year=2024)
    assert [d.text for d in found] == ["Tuesday", "March 5"]
    assert found[1].iso == "2024-03-05"


def test_impossible_day_has_no_iso():
    assert only("2025年2月30日").iso is None


def test_normalise_keeps_offsets():
    text = "１０月１日發佈，下載量突破1000萬次"
    assert normalise(text) == "10月1日发布，下载量突破1000万次"
    assert len(normalise(text)) == len(text)


def test_shared_article(shared_article_path):
    text = shared_article_path.read_text(encoding="utf-8")
    found = parse_dates(text, reference=MONDAY, default_year=2025)
    assert_spans(text, found)
    isos = {d.text: d.iso for d in found}
    assert isos["10月1日"] == "2025-10-01"
    assert isos["2022年11月30日"] == "2022-11-30"
    assert isos["7月 2日"] == "2025-07-02"
    assert isos["今年4月"] == "2025-04"
    assert isos["周日"] == "2025-10-26"
    assert "上周" in isos


@given(st.text(), st.dates(), st.none() | st.integers(min_value=-5, max_value=10_000))
def test_never_raises_and_spans_are_valid(text, reference, default_year):
    assert_spans(text, parse_dates(text, reference=reference, default_year=default_year))


DATEISH = st.text(alphabet="0123456789-/. 年月日号號周週星期上下本今昨去明天"
                           "OctSeptember,lastweekSunday LongMarchrocket()$mid-of", max_size=40)


@given(DATEISH, st.sampled_from([date.min, date.max, MONDAY]))
def test_never_raises_at_the_ends_of_the_calendar(text, reference):
    assert_spans(text, parse_dates(text, reference=reference, default_year=reference.year))
