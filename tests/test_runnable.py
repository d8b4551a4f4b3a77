"""The pipeline as a LangChain Runnable: real pipeline, real store, LangChain's own machinery."""

import asyncio
import threading

import pytest
from langchain_core.runnables import Runnable, RunnableLambda

from factcheck.config import Settings
from factcheck.errors import InputError
from factcheck.extract.rules import RuleExtractor
from factcheck.intake import read_article
from factcheck.models import Report
from factcheck.pipeline import Pipeline
from factcheck.runnable import as_runnable, to_document
from tests.conftest import DEMO_ARTICLE, ROOT

LANDING = "嫦娥六號於2024年6月2日著陸月球背面，帶回1935.3克樣品。"


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    work = tmp_path_factory.mktemp("runnable")
    built = Pipeline(Settings(workspace=work / "ws", claims_dir=work / "claims"))
    built.ingest([ROOT / "evidence" / "demo"])
    return built


@pytest.fixture(scope="module")
def checker(pipeline):
    return as_runnable(pipeline)


def test_it_is_a_runnable_from_article_to_report(checker):
    assert isinstance(checker, Runnable)
    assert checker.OutputType is Report


def test_invoke_takes_a_path_text_document_or_dict(checker, pipeline):
    from_path = checker.invoke(DEMO_ARTICLE)
    assert from_path == pipeline.check(read_article(DEMO_ARTICLE))
    assert checker.invoke(read_article(DEMO_ARTICLE)) == from_path

    from_text = checker.invoke(LANDING)
    assert from_text.article.id.startswith("text-") and from_text.claims
    record = {"text": LANDING, "id": "landing", "published": "2024-06-30", "url": "https://x.org"}
    from_dict = checker.invoke(record)
    assert (from_dict.article.id, from_dict.article.published, from_dict.article.url) == (
        "landing", "2024-06-30", "https://x.org",
    )  # fmt: skip
    assert [c.text for c in from_dict.claims] == [c.text for c in from_text.claims]
    assert checker.invoke({"path": str(DEMO_ARTICLE)}).claims == from_path.claims


def test_stream_yields_the_report(checker):
    streamed = list(checker.stream(LANDING))
    assert streamed == [checker.invoke(LANDING)]


def test_it_composes_with_the_pipe_operator(checker):
    trust = checker | RunnableLambda(lambda report: report.article.trust_score)
    assert trust.invoke(DEMO_ARTICLE) == checker.invoke(DEMO_ARTICLE).article.trust_score
    assert 0 < trust.invoke(DEMO_ARTICLE) < 1


def test_ainvoke_works_from_asyncio(checker):
    assert asyncio.run(checker.ainvoke(LANDING)) == checker.invoke(LANDING)


def test_bad_articles_raise_input_error_or_come_back_from_batch(checker):
    with pytest.raises(InputError, match="empty"):
        checker.invoke("   ")
    with pytest.raises(InputError, match="path"):
        checker.invoke({"id": "nothing"})
    good, bad = checker.batch([LANDING, "  "], return_exceptions=True)
    assert isinstance(good, Report) and isinstance(bad, InputError)


class OverlapExtractor:
    """The rule extractor, counting the documents it reads at once. The first two calls wait
    for each other, so a batch that runs two at a time is seen to do so."""

    name = "rules"

    def __init__(self):
        self.inner = RuleExtractor()
        self.lock = threading.Lock()
        self.meet = threading.Barrier(2, timeout=120)
        self.calls = self.active = self.peak = 0

    def extract(self, document):
        with self.lock:
            self.calls += 1
            first_two = self.calls <= 2
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            if first_two:
                self.meet.wait()
            return self.inner.extract(document)
        finally:
            with self.lock:
                self.active -= 1


def test_batch_shares_the_pipeline_and_keeps_to_max_concurrency(pipeline):
    extractor = OverlapExtractor()
    counted = Pipeline(pipeline.settings, extractor=extractor, store=pipeline.store)
    checker = as_runnable(counted)
    articles = [{"text": f"第{n}篇：{LANDING}", "id": f"a{n}"} for n in range(5)]

    reports = checker.batch(articles, config={"max_concurrency": 2})

    assert [r.article.id for r in reports] == [f"a{n}" for n in range(5)]
    assert extractor.calls == 5 and extractor.peak == 2
    alone = [pipeline.check(to_document(article)) for article in articles]
    assert [r.claims for r in reports] == [r.claims for r in alone]
