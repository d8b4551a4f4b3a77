"""parse_quantities on Chinese (traditional and simplified) and English news text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.models import Quantity
from factcheck.numbers import parse_quantities


def only(text: str) -> Quantity:
    found = parse_quantities(text)
    assert len(found) == 1, found
    return found[0]


def assert_spans(text: str, found: list[Quantity]) -> None:
    for q in found:
        assert 0 <= q.span.start < q.span.end <= len(text)
        assert text[q.span.start:q.span.end] == q.text


# text, written quantity, value, unit, kind, bound
CASES = [
    ("下載量突破1000萬次", "突破1000萬次", 1e7, "次", "count", "at_least"),
    ("市場規模已達6.15億美元", "6.15億美元", 6.15e8, "USD", "currency", "exact"),
    ("預計2032年將增至25.63億美元", "25.63億美元", 2.563e9, "USD", "currency", "exact"),
    ("有望突破100億美元", "突破100億美元", 1e10, "USD", "currency", "at_least"),
    ("近百億美元資本", "近百億美元", 1e10, "USD", "currency", "approximate"),
    ("合計規模可達百億美元", "百億美元", 1e10, "USD", "currency", "approximate"),
    ("卖上万元一件", "万元", 1e4, "CNY", "currency", "approximate"),
    ("数千名工程师", "数千名", 3000, "名", "count", "approximate"),
    ("10 million downloads in a week", "10 million downloads", 1e7, "downloads", "count", "exact"),
    ("reached 1 million", "1 million", 1e6, None, "other", "exact"),
    ("a $1.2 billion round", "$1.2 billion", 1.2e9, "USD", "currency", "exact"),
    ("生成速度提升3倍", "3倍", 3, "x", "multiplier", "exact"),
    ("3x faster", "3x", 3, "x", "multiplier", "exact"),
    ("three times faster", "three times", 3, "x", "multiplier", "exact"),
    ("成本僅為傳統方式的1/10", "1/10", 0.1, None, "fraction", "exact"),
    ("成本只有十分之一", "十分之一", 0.1, None, "fraction", "exact"),
    ("三分之二的用户", "三分之二", 2 / 3, None, "fraction", "exact"),
    ("年復合增長率達20%", "20%", 20, "%", "percent", "exact"),
    ("增长百分之二十", "百分之二十", 20, "%", "percent", "exact"),
    ("rose 20 percent", "20 percent", 20, "%", "percent", "exact"),
    ("長達70分鐘", "70分鐘", 70, "min", "duration", "exact"),
    ("國慶中秋8天無休", "8天", 8, "day", "duration", "exact"),
    ("以20秒快速生成", "20秒", 20, "s", "duration", "exact"),
    ("a 10 seconds clip", "10 seconds", 10, "s", "duration", "exact"),
    ("a 10-second clip", "10-second", 10, "s", "duration", "exact"),
    ("耗時1.5小時", "1.5小時", 1.5, "h", "duration", "exact"),
    ("用了3個月", "3個月", 3, "month", "duration", "exact"),
    ("最多可延長至五分鐘", "五分鐘", 5, "min", "duration", "exact"),
    ("九位知名導演", "九位", 9, "位", "count", "exact"),
    ("用了兩週", "兩週", 2, "week", "duration", "exact"),
    ("十五家企業", "十五家", 15, "家", "count", "exact"),
    ("十家公司", "十家", 10, "家", "count", "exact"),
    ("三千", "三千", 3000, None, "other", "exact"),
    ("三万五千人", "三万五千人", 35000, "人", "count", "exact"),
    ("三千萬用戶", "三千萬用戶", 3e7, "用户", "count", "exact"),
    ("國內企業超過15家", "超過15家", 15, "家", "count", "at_least"),
    ("逾百家企業", "逾百家", 100, "家", "count", "at_least"),
    ("至少3家", "至少3家", 3, "家", "count", "at_least"),
    ("100多家公司", "100多家", 100, "家", "count", "at_least"),
    ("1000多萬", "1000多萬", 1e7, None, "other", "at_least"),
    ("3萬人以上", "3萬人以上", 3e4, "人", "count", "at_least"),
    ("more than 10 million users", "more than 10 million users", 1e7, "users", "count",
     "at_least"),
    ("over 5 years", "over 5 years", 5, "year", "duration", "at_least"),
    ("at least 3 studios", "at least 3 studios", 3, "studios", "count", "at_least"),
    ("10+ languages", "10+ languages", 10, "languages", "count", "at_least"),
    ("發布不到2周", "不到2周", 2, "week", "duration", "at_most"),
    ("少於100人", "少於100人", 100, "人", "count", "at_most"),
    ("活下來的不會超過3家", "不會超過3家", 3, "家", "count", "at_most"),
    ("仍5天內登頂", "5天內", 5, "day", "duration", "at_most"),
    ("less than 2 weeks", "less than 2 weeks", 2, "week", "duration", "at_most"),
    ("under 30% of users", "under 30%", 30, "%", "percent", "at_most"),
    ("up to 5 minutes", "up to 5 minutes", 5, "min", "duration", "at_most"),
    ("約100萬", "約100萬", 1e6, None, "other", "approximate"),
    ("about 100", "about 100", 100, None, "other", "approximate"),
    ("nearly 200 people", "nearly 200 people", 200, "people", "count", "approximate"),
    ("around 5%", "around 5%", 5, "%", "percent", "approximate"),
    ("轉化率低30%左右", "30%左右", 30, "%", "percent", "approximate"),
    ("1,000,000 views", "1,000,000 views", 1e6, "views", "count", "exact"),
    ("US$5 billion", "US$5 billion", 5e9, "USD", "currency", "exact"),
    ("HK$10", "HK$10", 10, "HKD", "currency", "exact"),
    ("RMB 5bn", "RMB 5bn", 5e9, "CNY", "currency", "exact"),
    ("$5m", "$5m", 5e6, "USD", "currency", "exact"),
    ("500萬元", "500萬元", 5e6, "CNY", "currency", "exact"),
    ("20億人民幣", "20億人民幣", 2e9, "CNY", "currency", "exact"),
    ("50億港元", "50億港元", 5e9, "HKD", "currency", "exact"),
    ("10k users", "10k users", 1e4, "users", "count", "exact"),
    ("两场发布", "两场", 2, "场", "count", "exact"),
    ("提高2个百分点", "2个百分点", 2, "pp", "percent", "exact"),
    # Chinese typeset with spaces around the digits
    ("下载量就达到 100 万次", "100 万次", 1e6, "次", "count", "exact"),
    ("下載量就達到 100 萬次", "100 萬次", 1e6, "次", "count", "exact"),
    ("繞行 76 万公里", "76 万公里", 7.6e5, "km", "other", "exact"),
    ("重 1,935.3 克", "1,935.3 克", 1935.3, "g", "other", "exact"),
    ("歷時 5 天", "5 天", 5, "day", "duration", "exact"),
    ("重 8 噸", "8 噸", 8, "t", "other", "exact"),
    ("超过 8 吨多", "超过 8 吨多", 8, "t", "other", "at_least"),
    ("约 3 千万人", "约 3 千万人", 3e7, "人", "count", "approximate"),
    ("更換了 5 次", "5 次", 5, "次", "count", "exact"),
    # physical units: kind "other", normalised unit
    ("樣品重量為1953.3克", "1953.3克", 1953.3, "g", "other", "exact"),
    ("样品重量为1953.3克", "1953.3克", 1953.3, "g", "other", "exact"),
    ("重達8噸多", "8噸多", 8, "t", "other", "at_least"),
    ("重达8吨多", "8吨多", 8, "t", "other", "at_least"),
    ("近地點約200公里", "約200公里", 200, "km", "other", "approximate"),
    ("近地点约200公里", "约200公里", 200, "km", "other", "approximate"),
    ("a perigee of 200 km", "200 km", 200, "km", "other", "exact"),
    ("200 kilometres", "200 kilometres", 200, "km", "other", "exact"),
    ("200 kilometers", "200 kilometers", 200, "km", "other", "exact"),
    ("5千米", "5千米", 5, "km", "other", "exact"),
    ("5萬千米", "5萬千米", 5e4, "km", "other", "exact"),
    ("跳高2米", "2米", 2, "m", "other", "exact"),
    ("a 400 m track", "400 m", 400, "m", "other", "exact"),
    ("400 metres", "400 metres", 400, "m", "other", "exact"),
    ("3英里", "3英里", 3, "mi", "other", "exact"),
    ("3 miles", "3 miles", 3, "mi", "other", "exact"),
    ("500 grams", "500 grams", 500, "g", "other", "exact"),
    ("5g", "5g", 5, "g", "other", "exact"),
    ("5公斤", "5公斤", 5, "kg", "other", "exact"),
    ("5千克", "5千克", 5, "kg", "other", "exact"),
    ("5kg", "5kg", 5, "kg", "other", "exact"),
    ("5 kilograms", "5 kilograms", 5, "kg", "other", "exact"),
    ("7 tonnes", "7 tonnes", 7, "t", "other", "exact"),
    ("more than 7 tons", "more than 7 tons", 7, "t", "other", "at_least"),
    ("2 t", "2 t", 2, "t", "other", "exact"),
    ("2 TB", "2 TB", 2, "TB", "other", "exact"),
    ("16GB of memory", "16GB", 16, "GB", "other", "exact"),
    ("500瓦", "500瓦", 500, "W", "other", "exact"),
    ("100 kW", "100 kW", 100, "kW", "other", "exact"),
    ("裝機1200兆瓦", "1200兆瓦", 1200, "MW", "other", "exact"),
    ("500 MW", "500 MW", 500, "MW", "other", "exact"),
    ("氣溫35℃", "35℃", 35, "°C", "other", "exact"),
    ("35 °C", "35 °C", 35, "°C", "other", "exact"),
    ("35摄氏度", "35摄氏度", 35, "°C", "other", "exact"),
    ("面積約9600平方公里", "約9600平方公里", 9600, "km²", "other", "approximate"),
    ("3 km²", "3 km²", 3, "km²", "other", "exact"),
    # English number words
    ("more than eight tonnes", "more than eight tonnes", 8, "t", "other", "at_least"),
    ("one million downloads", "one million downloads", 1e6, "downloads", "count", "exact"),
    ("five days", "five days", 5, "day", "duration", "exact"),
    ("twenty seconds", "twenty seconds", 20, "s", "duration", "exact"),
    ("a million users", "a million users", 1e6, "users", "count", "exact"),
    ("A billion dollars", "A billion dollars", 1e9, "USD", "currency", "exact"),
    ("half a million", "half a million", 5e5, None, "other", "exact"),
    ("about half a million people", "about half a million people", 5e5, "people", "count",
     "approximate"),
    ("1.2 billion dollars", "1.2 billion dollars", 1.2e9, "USD", "currency", "exact"),
    ("twenty-five users", "twenty-five users", 25, "users", "count", "exact"),
    ("two hundred thousand", "two hundred thousand", 2e5, None, "other", "exact"),
    ("three hundred fifty people", "three hundred fifty people", 350, "people", "count",
     "exact"),
    ("sixty days", "sixty days", 60, "day", "duration", "exact"),
    ("a hundred users", "hundred users", 100, "users", "count", "exact"),
    ("two-thirds", "two-thirds", 2 / 3, None, "fraction", "exact"),
    ("two thirds of users", "two thirds", 2 / 3, None, "fraction", "exact"),
    ("a two-thirds majority", "two-thirds", 2 / 3, None, "fraction", "exact"),
    ("a third", "a third", 1 / 3, None, "fraction", "exact"),
    ("A third of users", "A third", 1 / 3, None, "fraction", "exact"),
    ("about a third", "about a third", 1 / 3, None, "fraction", "approximate"),
    ("fell by a quarter in 2024", "a quarter", 0.25, None, "fraction", "exact"),
    ("three quarters of them", "three quarters", 0.75, None, "fraction", "exact"),
    ("a one-third stake", "one-third", 1 / 3, None, "fraction", "exact"),
    ("an eighth", "an eighth", 0.125, None, "fraction", "exact"),
    # a count after a year-like number, and after a capitalised function word
    ("a crowd of 2000 people", "2000 people", 2000, "people", "count", "exact"),
    ("2028 people", "2028 people", 2028, "people", "count", "exact"),
    ("The 10 studios", "10 studios", 10, "studios", "count", "exact"),
]


@pytest.mark.parametrize(("text", "written", "value", "unit", "kind", "bound"), CASES)
def test_parses(text, written, value, unit, kind, bound):
    q = only(text)
    assert (q.text, q.unit, q.kind, q.bound) == (written, unit, kind, bound)
    assert q.value == pytest.approx(value)
    assert_spans(text, [q])


def test_rocket_sentence_has_no_quantity():
    text = "Its launch is planned for 2028 on a Long March 5 from Wenchang"
    assert parse_quantities(text) == []
    text = "Chang'e-6 weighed more than eight tonnes at launch on a Long March 5 rocket"
    assert [(q.text, q.value, q.unit) for q in parse_quantities(text)] == [
        ("more than eight tonnes", 8, "t")]


def test_number_and_scale_are_kept_apart():
    q = only("1000萬次")
    assert (q.number, q.scale, q.value) == (1000, "萬", 1e7)
    q = only("$1.2 billion")
    assert (q.number, q.scale) == (1.2, "billion")
    q = only("近百億美元")
    assert (q.number, q.scale) == (100, "億")
    q = only("half a million")
    assert (q.number, q.scale) == (0.5, "million")


def test_traditional_and_simplified_agree():
    traditional, simplified = only("下載量突破1000萬次"), only("下载量突破1000万次")
    assert traditional.model_dump(exclude={"text", "scale"}) == simplified.model_dump(
        exclude={"text", "scale"})
    assert (traditional.scale, simplified.scale) == ("萬", "万")


def test_fullwidth_digits():
    q = only("增長２０％")
    assert (q.text, q.value, q.unit) == ("２０％", 20, "%")


@pytest.mark.parametrize("text", [
    "2025年", "10月1日", "2022年11月30日", "Oct 1", "October 1, 2025", "2025-09-30",
    "in 2024 the market", "1 October 2025",
    "Sora 2", "Sora2", "Veo 3.1", "Veo3.1Fast", "Imagine v0.9", "Vidu Q2", "GPT-4", "iPhone 17",
    "Sora 2 is out", "H100 chips", "5G", "4K video", "the 1st", "第三次重大升級", "第一個",
    "粵公網安備 44030502002758號", "一定會", "一次性輸出", "二次創作", "百度", "十字路口",
    "萬一", "千萬不要", "one of them", "三重隱憂", "二〇二五", "千家萬戶", "千里之外",
    "2024年5月3日17時27分", "17時27分", "17:27", "2024 年 5 月 3 日 17 時 27 分",
    "5月3日17時發射", "第 3 次", "2024 年 6 月 2 日", "6 月 2 日",
    "5G network", "5T", "4th",
    # names: a number glued to a Latin name by a hyphen, or after a capitalised word
    "It carried the Chang'e-6 probe", "Long March-8", "Tianwen-1", "the tianwen-1 orbiter",
    "COVID-19", "COVID-19 cases", "GPT-4o", "Falcon 9", "Falcon 9 rockets", "Kling-2.5",
    "Long March 5", "Long March 5 rocket", "Long March 2F", "Windows 11 users",
    # ordinals that are not fractions
    "a third party", "a quarter century", "a half hour", "for a third time",
    "2023 film", "Oppenheimer (2023)", "planned for 2028",
])
def test_not_quantities(text):
    assert parse_quantities(text) == []


def test_dates_beside_quantities():
    text = "2024年全球AI視頻生成市場規模已達6.15億美元，2025年將達到7.17億美元"
    assert [q.text for q in parse_quantities(text)] == ["6.15億美元", "7.17億美元"]
    text = "Vidu10月21日再次更新，時長最多可延長至五分鐘"
    assert [q.text for q in parse_quantities(text)] == ["五分鐘"]


def test_several_quantities_in_order():
    text = "近百億美元資本與數千名工程師的投入，Sora 2就能生成10秒視頻"
    found = parse_quantities(text)
    assert [q.text for q in found] == ["近百億美元", "數千名", "10秒"]
    assert_spans(text, found)


def test_spaced_scale_is_kept_apart():
    q = only("下载量就达到 100 万次")
    assert (q.number, q.scale, q.value, q.unit) == (100, "万", 1e6, "次")
    q = only("76 万公里")
    assert (q.number, q.scale, q.value, q.unit) == (76, "万", 7.6e5, "km")


def test_spaced_sentence_with_dates():
    text = "2024 年 6 月 2 日 清晨,嫦娥六號在月背著陸,距地球約 38 萬公里,樣品重 1,935.3 克"
    found = parse_quantities(text)
    assert [(q.text, q.value, q.unit) for q in found] == [
        ("約 38 萬公里", 3.8e5, "km"), ("1,935.3 克", 1935.3, "g")]
    assert_spans(text, found)


def test_glued_m_is_million():
    assert (only("$5m").value, only("$5m").unit) == (5e6, "USD")
    assert (only("100m").value, only("100m").unit) == (1e8, None)


def test_range_tilde_is_not_approximate():
    found = parse_quantities("評論長度6~500個字")
    assert [(q.text, q.bound) for q in found] == [("6", "exact"), ("500個", "exact")]


def test_shared_article(shared_article_path):
    text = shared_article_path.read_text(encoding="utf-8")
    found = parse_quantities(text)
    assert_spans(text, found)
    by_text = {q.text: q for q in found}
    assert by_text["突破1000萬次"].value == 1e7
    assert by_text["6.15億美元"].value == pytest.approx(6.15e8)
    assert by_text["25.63億美元"].unit == "USD"
    assert by_text["近百億美元"].bound == "approximate"
    assert by_text["不會超過3家"].bound == "at_most"
    assert by_text["超過15家"].bound == "at_least"
    assert by_text["1/10"].kind == "fraction"
    assert by_text["70分鐘"].unit == "min"
    assert not {"2024年", "2032年", "10月1日"} & by_text.keys()
    assert not any(q.text.startswith(("Sora", "Veo")) for q in found)


@given(st.text())
def test_never_raises_and_spans_are_valid(text):
    assert_spans(text, parse_quantities(text))


NUMBERISH = st.text(alphabet="0123456789,.%/~-+ 萬万億亿千百十一二两三數数第約超過逾年月日天"
                             "秒倍家次$美元USDmillionbk Sora公里米克噸多時点分:gtWGB℃²"
                             "ahalfthirdsquarteronetwenty-'",
                    max_size=60)


@given(NUMBERISH)
def test_never_raises_on_numberish_text(text):
    assert_spans(text, parse_quantities(text))


@given(st.integers(min_value=0, max_value=10**400), st.sampled_from(["", "萬", "億美元", "%"]))
def test_huge_numbers(number, suffix):
    text = f"約{number}{suffix}"
    assert_spans(text, parse_quantities(text))
