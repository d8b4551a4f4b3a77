"""Article mode's matching of extracted claims to gold spans, on a hand-made case."""

from __future__ import annotations

import pytest

from factcheck.evaluation.evaluators.article import article_metrics, locate, matches, read_gold
from factcheck.models import Claim, ClaimType, Span

ARTICLE = "Sora 2 launched on Oct 1. It reached 1 million downloads. Sora 2 launched on Oct 1."


def claim(start: int, end: int, checkworthiness: float) -> Claim:
    return Claim(
        id=f"c{start}", article_id="a", text=ARTICLE[start:end], source_text=ARTICLE[start:end],
        span=Span(start=start, end=end), sentence="", language="en", type=ClaimType.DATE,
        checkworthiness=checkworthiness,
    )  # fmt: skip


def test_gold_spans_matched_by_overlap(tmp_path):
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text(
        '{"source_text": "Sora 2 launched on Oct 1", "checkworthy": true, '
        '"expected_label": "SUPPORTED"}\n'
        '{"source_text": "Sora 2 launched on Oct 1", "checkworthy": false}\n'
        '{"source_text": "not in the article", "checkworthy": true}\n'
        "not json\n",
        encoding="utf-8",
    )
    gold, skipped = read_gold(gold_file)
    assert len(gold) == 3 and len(skipped) == 1
    spans = locate(gold, ARTICLE)
    assert spans == {1: (0, 24), 2: (58, 82)}  # the repeated text takes its next occurrence
    claims = [
        claim(0, 24, 0.9),  # matches gold line 1
        claim(26, 58, 0.8),  # matches nothing
        claim(58, 70, 0.3),  # "Sora 2 launc": half of the shorter span lies in gold line 2
    ]
    matched = matches(claims, spans)
    assert [c.id for c in matched[1]] == ["c0"] and [c.id for c in matched[2]] == ["c58"]
    found = article_metrics(gold, spans, claims, matched)
    assert found.extraction_precision == pytest.approx(2 / 3)
    assert found.extraction_recall == pytest.approx(2 / 3)  # the unlocated gold is missed
    assert found.unlocated == ("not in the article",)
    assert found.checkworthiness_ap == 1.0  # the check-worthy claim ranks first
    assert found.verdicts_matched == 1
