import pytest

from factcheck.errors import InputError
from factcheck.intake import parse_article, read_article
from factcheck.intake.decoding import decode_bytes

TEXT = "百度蒸汽機於2025年7月2日上線。第二句話在這裡！"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16"])
def test_common_encodings(encoding):
    source = TEXT if encoding != "gb18030" else TEXT.replace("於", "于").replace("機", "机")
    assert decode_bytes(source.encode(encoding)) == source


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Hélène Dupont a déclaré que la société a vendu 1 million d'unités.", "cp1252"),
        ("Hélène said “10 million” — at the café.", "cp1252"),
        ("Hélène Dupont a déclaré que la société a vendu 1 million d'unités.", "latin-1"),
        ("Zażółć gęślą jaźń, powiedział minister w środę.", "cp1250"),
    ],
)
def test_european_single_byte_text_reads_back(text, encoding):
    assert decode_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize("data", [b"", b"   \n\t", bytes(range(256)) * 8, b"\x00\x01\x02" * 100])
def test_empty_and_binary_inputs_raise_input_errors(data):
    with pytest.raises(InputError):
        decode_bytes(data)


def test_read_article_errors_are_clear(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_article(empty)


def test_html_main_text_with_offsets_into_the_html():
    html = """<!doctype html><html><head><title>Sora &amp; friends</title>
    <script>var x = "不是正文";</script></head><body>
    <nav><a href="/">首頁</a> <a href="/sub">訂閱</a></nav>
    <article><h1>Sora 2 發布</h1>
    <p>OpenAI 於 2025 年 9 月 30 日發布 Sora 2，應用在五天內下載量突破 100 萬次。</p>
    <p>谷歌在 10 月 15 日發布 Veo 3.1，強調物理精準度 &amp; 音訊。</p></article>
    <footer>版權所有 © 2025</footer></body></html>"""
    doc = parse_article(html, source="page.html")
    assert doc.format == "html"
    assert "下載量突破 100 萬次" in doc.text
    assert "不是正文" not in doc.text and "版權所有" not in doc.text
    for sentence in doc.sentences:
        start, end = doc.mapped.to_original(sentence.start, sentence.end)
        assert html[start:end].replace("&amp;", "&") == sentence.text


def test_a_line_break_inside_a_paragraph_does_not_split_its_sentence():
    html = (
        "<html><body><article><h1>Sora</h1>\n<p>OpenAI said the Sora app passed one\n"
        "million downloads in less than five days, faster than ChatGPT did in 2022.</p>\n"
        "<p>應用在五天內下載量突破\n100萬次，比ChatGPT更\r\n快。</p></article></body></html>"
    )
    doc = parse_article(html, source="page.html")
    texts = [s.text for s in doc.sentences]
    assert any("passed one million downloads in less than five days" in t for t in texts)
    assert any("下載量突破 100萬次，比ChatGPT更快。" in t for t in texts)
    for sentence in doc.sentences:
        start, end = doc.mapped.to_original(sentence.start, sentence.end)
        assert sentence.text.split()[0] in html[start:end]


def test_markdown_markup_is_stripped_but_offsets_hold():
    md = "# 標題\n\n**Sora 2** 在 [App Store](https://apps.apple.com) 登頂，下載量達 100 萬次。\n"
    doc = parse_article(md, source="a.md")
    assert "Sora 2 在 App Store 登頂，下載量達 100 萬次。" in doc.text
    sentence = doc.sentences[-1]
    start, end = doc.mapped.to_original(sentence.start, sentence.end)
    assert md[start:end].startswith("Sora 2**") or md[start:end].startswith("**Sora 2")


def test_english_segmentation_keeps_abbreviations_and_decimals():
    doc = parse_article(
        "Dr. Smith said Veo 3.1 was released by Google Inc. on Oct. 15. It is faster. Is it?",
        source="<stdin>",
    )
    assert doc.language == "en"
    texts = [s.text for s in doc.sentences]
    assert texts == [
        "Dr. Smith said Veo 3.1 was released by Google Inc. on Oct. 15.",
        "It is faster.",
        "Is it?",
    ]
