"""Publishers that imitate others, and self-styled official sources, on real-looking names."""

from __future__ import annotations

import pytest

from factcheck.verify.suspicion import impostor, self_styled_official

RATED = ["Reuters", "BBC", "BetaNews", "新華社", "Yahoo 新聞（香港）"]


@pytest.mark.parametrize(
    "name",
    [
        "Rеuters",
        "ВetaNews",
        "Yаhoo 新聞（香港）",
        "Reuters-News.co",
        "BetaNews-News.co",
        "bbcnews.com",
    ],
)
def test_imitations_of_a_rated_publisher_are_impostors(name: str) -> None:
    assert impostor(name, RATED, [])


@pytest.mark.parametrize("name", ["Yahoo-新聞(香港)", "Beta News", "Yahoo新闻(香港)"])
def test_a_rated_name_spelled_otherwise_is_an_impostor_an_unrated_one_is_not(name: str) -> None:
    assert impostor(name, RATED, [])
    assert impostor(name, [], RATED) is None  # which of two unrated spellings is genuine?


def test_a_web_address_built_on_a_cited_name_is_an_impostor() -> None:
    assert impostor("MalayMail-News.co", [], ["Malay Mail"])
    assert impostor("ChinaYouth(youth.cn)-News.co", [], ["China Youth (youth.cn)"])
    assert impostor("malaymail.com", [], ["Malay Mail"]) is None


@pytest.mark.parametrize(
    "name",
    [
        "Reuters", "reuters.com", "bbc.co.uk", "GhanaWeb (BBC)", "ITBear 科技资讯", "Café Noël",
        "reuters", "新华社", "ecns.cn (China News Service)", "Associated Press", "Έθνος",
        "Коммерсантъ", None,
    ],
)  # fmt: skip
def test_genuine_names_are_not_impostors(name: str | None) -> None:
    assert impostor(name, RATED, RATED) is None


def test_official_standing_is_claimed_by_the_name_or_the_opening_not_by_a_quote() -> None:
    assert self_styled_official("Official-Statements.net", "Figures were released today.")
    assert self_styled_official("官方發布平台", "數據今日公佈。")
    assert self_styled_official("Daily Wire", "OFFICIAL STATEMENT. The figures were wrong.")
    assert self_styled_official("每日新聞", "【官方聲明】此前報道有誤。")
    assert not self_styled_official("BetaNews", "In an official statement, OpenAI said 1 million.")
    assert not self_styled_official("新華社", "國家航天局發布官方聲明稱，樣品重1935.3克。")
