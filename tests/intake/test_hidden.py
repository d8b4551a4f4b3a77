"""Hidden text is blanked out of HTML before its text is read, offsets kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.intake import parse_article
from factcheck.intake.hidden import blank_hidden
from factcheck.intake.html import html_main_text

VISIBLE = (
    "OpenAI 的 Sora 應用上線後受到廣泛關注，多家媒體持續跟進報道其下載情況與用戶反饋。",
    "分析人士認為，短影音生成工具的競爭將在未來數月內更加激烈，各家公司都在加快產品迭代。",
)
SECRET = "據官方最新數據，Sora 下載量已突破 5000 萬次。"
PAGE = """<!doctype html>
<html><head><title>Sora</title>{style}</head>
<body style="background-color:#FFF"><article>
<p>{visible0}</p>
{hidden}
<p>{visible1}</p>
</article></body></html>
"""
HIDING = {
    "display_none": ('<p style="display: none !important">{secret}</p>', ""),
    "visibility": ('<div style="visibility:hidden">{secret}</div>', ""),
    "hidden_attribute": ("<section hidden>{secret}</section>", ""),
    "aria_hidden": ('<p aria-hidden="true">{secret}</p>', ""),
    "white_on_white": ('<p style="color: rgb(255, 255, 255)">{secret}</p>', ""),
    "same_colour_as_background": (
        '<div style="background:#000 url(x.png)"><p style="color:black">{secret}</p></div>',
        "",
    ),
    "transparent": ('<p style="color: rgba(0,0,0,0)">{secret}</p>', ""),
    "comment": ("<!-- {secret} -->", ""),
    "css_class": (
        '<p class="note x">{secret}</p>',
        "<style>/* notes */ .note { display:none }</style>",
    ),
    "css_id": ('<p id="n1">{secret}</p>', "<style>p.other, #n1 { visibility: hidden; }</style>"),
    "font_size_zero": ('<p style="font-size:0px">{secret}</p>', ""),
    "opacity_zero": ('<p style="opacity:0">{secret}</p>', ""),
    "off_screen": ('<p style="position:absolute;left:-9999px">{secret}</p>', ""),
    "inline_span": ("<p>前文。<span hidden>{secret}</span>後文。</p>", ""),
}


def page(technique: str) -> str:
    element, style = HIDING[technique]
    return PAGE.format(
        style=style,
        visible0=VISIBLE[0],
        hidden=element.format(secret=SECRET),
        visible1=VISIBLE[1],
    )


@pytest.mark.parametrize("technique", list(HIDING))
def test_hidden_text_is_blanked_and_offsets_are_kept(technique: str) -> None:
    source = page(technique)
    shown = blank_hidden(source)
    assert len(shown) == len(source) and shown.count("\n") == source.count("\n")
    assert SECRET not in shown and "5000" not in shown
    for sentence in VISIBLE:
        assert shown.index(sentence) == source.index(sentence)
    text = parse_article(shown, text_format="html").text
    assert "5000" not in text
    assert all(sentence in text for sentence in VISIBLE)


@pytest.mark.parametrize(
    "element",
    [
        '<p style="color:#333">{secret}</p>',
        '<div style="background-color:black"><p style="color:#fff">{secret}</p></div>',
        '<p class="lead">{secret}</p>',
        '<p style="left:-20px; opacity:0.9">{secret}</p>',
        '<input type="hidden" name="x"><p>{secret}</p>',
    ],
)
def test_visible_text_is_kept(element: str) -> None:
    source = PAGE.format(
        style="<style>.note { display: none }</style>",
        visible0=VISIBLE[0],
        hidden=element.format(secret=SECRET),
        visible1=VISIBLE[1],
    )
    assert blank_hidden(source) == source


@pytest.mark.parametrize("technique", list(HIDING))
def test_prose_hidden_within_the_article_is_measured(technique: str) -> None:
    parsed = parse_article(page(technique), text_format="html")
    assert parsed.hidden_prose >= len("據官方最新數據，Sora 下載量已突破 5000 萬次")
    assert SECRET not in parsed.text


def test_hidden_sentences_in_english_are_prose_too() -> None:
    source = PAGE.format(
        style="",
        visible0=VISIBLE[0],
        hidden='<p style="font-size:0">Official data show the app passed 50 million downloads.</p>',
        visible1=VISIBLE[1],
    )
    assert html_main_text(source)[2] > 0


def test_menus_icons_labels_and_what_lies_outside_the_article_are_not_hidden_prose() -> None:
    source = f"""<!doctype html><html><head><title>Sora</title></head><body>
<nav><ul hidden><li><a href="/">首頁</a></li><li><a href="/tech">科技</a></li>
<li><a href="/world">國際新聞</a></li><li><a href="/biz">財經</a></li></ul></nav>
<article><h1>Sora 的下載情況</h1>
<p>{VISIBLE[0]}<span class="icon" aria-hidden="true">★</span></p>
<!-- wp:paragraph -->
<p>{VISIBLE[1]}<span hidden>分享到微信</span></p>
<p style="display:none">Share this story</p>
</article>
<div id="consent" style="display:none"><p>We use cookies to improve your experience on
this site. By continuing to browse you agree to our use of cookies.</p></div>
<script>var note = "這是一段很長的腳本字串，不是給讀者看的正文內容。";</script>
</body></html>"""
    parsed = parse_article(source, text_format="html")
    assert VISIBLE[0] in parsed.text and VISIBLE[1] in parsed.text
    assert parsed.hidden_prose == 0


def test_an_unclosed_hidden_paragraph_ends_where_the_next_block_starts() -> None:
    source = f"<body><p hidden>{SECRET}<p>{VISIBLE[0]}<ul><li hidden>x<li>{VISIBLE[1]}</ul>"
    shown = blank_hidden(source)
    assert SECRET not in shown and ">x<" not in shown
    assert VISIBLE[0] in shown and VISIBLE[1] in shown


def test_a_hidden_element_left_open_is_blanked_to_the_end() -> None:
    shown = blank_hidden(f"<p>{VISIBLE[0]}</p><div hidden><p>{SECRET}")
    assert VISIBLE[0] in shown and SECRET not in shown


@given(
    st.text(alphabet=st.sampled_from(list('<>/="!- \nabpdiv隱藏文字hidenstylcom:;')), max_size=200)
)
def test_any_input_keeps_its_length_and_lines(source: str) -> None:
    shown = blank_hidden(source)
    assert len(shown) == len(source)
    assert [i for i, c in enumerate(shown) if c == "\n"] == [
        i for i, c in enumerate(source) if c == "\n"
    ]
    assert all(a == b or a == " " for a, b in zip(shown, source, strict=True))
