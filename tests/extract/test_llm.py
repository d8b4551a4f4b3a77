"""Plumbing of the LLM extractor with a fake chat model: no claim about accuracy here."""

import json

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from factcheck.errors import ConfigError, ModelError
from factcheck.extract.llm import LLMExtractor
from factcheck.intake import parse_article
from factcheck.llm import load_chat_model

ARTICLE = "訂閱\n\n標題\n\nSora 2於10月1日上線,下載量突破1000萬次。業內人士認為行業(yè)會更卷。\n"


def test_quotes_become_claims_with_spans_into_the_input():
    answer = {
        "claims": [
            {"quote": "下載量突破1000萬次", "type": "quantity", "checkworthiness": 0.9},
            {"quote": "Sora 2於10月1日上線", "type": "date", "checkworthiness": 0.8},
            {"quote": "a quote the model made up", "type": "product", "checkworthiness": 0.9},
            {"quote": "業內人士認為行業會更卷", "type": "opinion", "checkworthiness": 0.1},
        ]
    }
    model = FakeListChatModel(responses=[json.dumps(answer, ensure_ascii=False)])
    document = parse_article(ARTICLE, source="a.txt")
    claims = LLMExtractor(model).extract(document)
    assert [c.text for c in claims] == [
        "Sora 2於10月1日上線",
        "下載量突破1000萬次",
        "業內人士認為行業會更卷",
    ]
    for claim in claims:
        assert ARTICLE[claim.span.start : claim.span.end] == claim.source_text
    assert claims[2].source_text == "業內人士認為行業(yè)會更卷"
    assert claims[1].quantities[0].value == 10_000_000
    assert claims[0].dates[0].text == "10月1日"


def test_unparseable_model_output_is_an_error_not_a_guess():
    model = FakeListChatModel(responses=["Sure! Here are the claims: ..."])
    with pytest.raises(Exception, match="(?i)pars|json|valid"):
        LLMExtractor(model).extract(parse_article(ARTICLE, source="a.txt"))


def test_provider_strings_fail_with_a_clear_error():
    with pytest.raises(ConfigError):
        load_chat_model(None)
    with pytest.raises((ModelError, ConfigError)):
        load_chat_model("no-such-provider:model")
