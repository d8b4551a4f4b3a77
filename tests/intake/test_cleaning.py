import re

from factcheck.intake import parse_article, read_article
from factcheck.intake.cleaning import is_furniture, without_pinyin_noise
from factcheck.intake.mapped_text import MappedText

NOISY = (
    "訂閱\n糾錯\n\n從A到B:標題\n\n"
    "AI視頻生成領(lǐng)域卷出了新高度,行業(yè)發(fā)布頻繁。\n\nEND\n發表評論\n"
)


def test_pinyin_noise_is_repaired_and_maps_back():
    doc = parse_article(NOISY, source="x.txt")
    assert "領域卷出了新高度" in doc.text
    assert "行業發布頻繁" in doc.text
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)", doc.text)
    start = doc.text.index("行業發布")
    orig_start, orig_end = doc.mapped.to_original(start, start + len("行業發布"))
    assert doc.original[orig_start:orig_end] == "行業(yè)發(fā)布"


def test_boilerplate_lines_are_removed_and_the_tail_after_end():
    doc = parse_article(NOISY, source="x.txt")
    assert "訂閱" not in doc.text and "糾錯" not in doc.text
    assert "發表評論" not in doc.text and "END" not in doc.text
    assert doc.title == "從A到B:標題"


def test_furniture_recognised():
    for line in [
        "訂閱",
        "加入自媒體",
        "0條評論,0人參與",
        "請輸入評論內容...",
        "Sora2生成視頻-2-偷GPU.gif",
        "百度蒸汽機-2.jpg丨百度蒸汽機在行業內首次實現",
        "粵公網安備 44030502002758號",
        "聲明: 本文由入駐維科號的作者撰寫",
        "Subscribe",
        "Share this article",
        "x",
        "*驗 證 碼:",
    ]:
        assert is_furniture(line), line
    for line in [
        "10月以來,AI視頻生成領域卷出了新高度。",
        "The share price rose 5% on Monday.",
        "生數科技的緊迫感并非孤例。",
    ]:
        assert not is_furniture(line), line


def test_mapped_text_edits_compose():
    mapped = MappedText.identity("ab(x)cdef")
    mapped = mapped.edit([(2, 5, "")]).edit([(0, 1, "A")])
    assert mapped.text == "Abcdef"
    assert mapped.to_original(1, 3) == (1, 6)  # "bc" spans the deleted "(x)"
    assert mapped.to_original(0, 1) == (0, 1)


def test_shared_article_cleaned(shared_article_path):
    doc = read_article(shared_article_path)
    assert doc.language == "zh"
    assert doc.title == "從Sora2到蒸汽機2:被引爆的AI視頻全球競速"
    boilerplate = [
        "訂閱",
        "加入自媒體",
        "發表評論",
        "0條評論",
        "請輸入評論內容",
        "粵公網安備",
        "原文標題",
        "聲明:",
        ".gif",
        ".jpg",
        ".png",
        "掃碼關注公眾號",
        "驗 證 碼",
    ]
    for phrase in boilerplate:
        assert phrase not in doc.text, phrase
    assert "(yè)" not in doc.text and "行業" in doc.text
    assert doc.text.rstrip().endswith("有人看見晨星。")
    assert "轉變?一站式AI內容社交平臺" in doc.text  # decoded again in step
    for sentence in doc.sentences:
        start, end = doc.mapped.to_original(sentence.start, sentence.end)
        assert without_pinyin_noise(doc.original[start:end]) == sentence.text


def test_characters_mojibake_put_out_of_step_are_decoded_again_and_map_back():
    """After a character lost with its reading ("?yōu)"), the next characters were decoded one
    byte out of step: GBK e9|d2bb|d5be|cabd|41 is "一站式A" behind an orphan byte."""
    doc = parse_article("APP從AI創作平臺轉(zhuǎn)變?yōu)橐徽臼紸I內容社交平臺。", source="x.txt")
    assert "轉變?一站式AI內容社交平臺" in doc.text
    start = doc.text.index("一站式A")
    orig_start, orig_end = doc.mapped.to_original(start, start + len("一站式A"))
    assert doc.original[orig_start:orig_end] == "橐徽臼紸"


def test_out_of_step_characters_are_left_when_in_step_ones_are_no_commoner():
    # "羌," cannot be decoded again (its second byte would pair with the comma); 行業 in
    # step is what it is
    for text in ("第一張?zhí)羌,裹著", "?yè)行業發展", "?yè)一站式服務"):
        doc = parse_article(text, source="x.txt")
        assert doc.text == re.sub(r"(?<=\?)[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)", "", text)
