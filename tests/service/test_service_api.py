"""The HTTP API end to end: evidence in, the demo article checked, its report and claims back."""

from __future__ import annotations

import json
import re
from importlib.metadata import version

import httpx
import pytest

from factcheck.config import Settings
from factcheck.intake.document import article_id_for
from factcheck.models import Claim, Label, Report
from factcheck.service.reports import ARTICLE_ID_PATTERN
from tests.conftest import DEMO_ARTICLE, ROOT
from tests.service.conftest import TOKEN, corpus_documents

EXPECTED = ROOT / "examples" / "demo-article.expected.jsonl"
SORA = "OpenAI 於 2025 年 9 月 30 日推出 Sora 應用，五天內下載量突破 100 萬次。"


@pytest.fixture(scope="module")
def ingested(client):
    response = client.post("/v1/evidence", json={"documents": corpus_documents()})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def demo_text() -> str:
    return DEMO_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def checked(client, ingested, demo_text) -> httpx.Response:
    response = client.post("/v1/check", json={"text": demo_text})
    assert response.status_code == 200, response.text
    return response


def test_evidence_is_ingested_once(client, ingested):
    documents = corpus_documents()
    assert ingested["documents"] == len(documents)
    assert ingested["chunks_added"] >= len(documents) and ingested["skipped"] == []
    again = client.post("/v1/evidence", json={"documents": documents}).json()
    assert again["chunks_added"] == 0
    assert again["chunks_already_stored"] == ingested["chunks_added"]


def test_evidence_with_empty_text_is_skipped_not_refused(client):
    documents = [
        {"text": "  "},
        {"text": "Sora passed one million downloads.", "published": "2025"},
    ]
    response = client.post("/v1/evidence", json={"documents": documents})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["documents"] == 1 and body["skipped"] == [{"document": 0, "reason": "empty text"}]


def test_health_is_open_and_counts_the_evidence(server, client):
    before = httpx.get(server.url + "/v1/health")  # no token
    assert before.status_code == 200, before.text
    added = client.post("/v1/evidence", json={"documents": [{"text": f"A new passage {TOKEN}."}]})
    after = httpx.get(server.url + "/v1/health").json()
    assert (
        after["evidence_chunks"] == before.json()["evidence_chunks"] + added.json()["chunks_added"]
    )
    assert after["status"] == "ok" and after["version"] == version("factcheck")
    assert after["verifier"] == Settings.model_fields["verifier"].default
    assert after["embedding"] == Settings.model_fields["embedding"].default


def test_check_finds_a_deliberate_error_of_the_demo_article(checked, demo_text):
    assert checked.headers["content-type"] == "application/json"
    report = Report.model_validate(checked.json())
    assert report.article.id == article_id_for(None, demo_text)
    assert re.fullmatch(ARTICLE_ID_PATTERN, report.article.id)
    for claim in report.claims:  # spans are offsets into the text exactly as it was sent
        assert demo_text[claim.span.start : claim.span.end] == claim.source_text
    refuted = [
        c
        for c in report.claims
        if c.verdict and c.verdict.label == Label.REFUTED
        and any(not f.agrees for f in c.verdict.findings)
    ]  # fmt: skip
    expected = [json.loads(line) for line in EXPECTED.read_text(encoding="utf-8").splitlines()]
    marked = [e["source_text"] for e in expected if e["expected_label"] == "REFUTED"]
    assert any(m in c.source_text or c.source_text in m for c in refuted for m in marked)


def test_the_report_is_stored_and_fetched_with_its_claims(server, client, checked):
    article_id = checked.json()["article"]["id"]
    assert (server.workspace / "reports" / f"{article_id}.json").is_file()
    stored = client.get(f"/v1/articles/{article_id}")
    assert stored.status_code == 200 and stored.json() == checked.json()
    claims = client.get(f"/v1/articles/{article_id}/claims")
    assert claims.status_code == 200, claims.text
    records = [Claim.model_validate(c) for c in claims.json()]  # claim records: no verdicts
    assert [c.id for c in records] == [c["id"] for c in checked.json()["claims"]]
    assert {c.article_id for c in records} == {article_id}


def test_reports_come_as_markdown_and_claimreview(client, checked):
    article = checked.json()["article"]
    markdown = client.get(f"/v1/articles/{article['id']}", params={"format": "md"})
    assert markdown.headers["content-type"] == "text/markdown; charset=utf-8"
    assert article["title"] in markdown.text and "REFUTED" in markdown.text
    reviews = client.get(f"/v1/articles/{article['id']}", params={"format": "claimreview"})
    assert reviews.headers["content-type"] == "application/ld+json"
    verified = [c for c in checked.json()["claims"] if c["verdict"]]
    assert [r["@type"] for r in reviews.json()] == ["ClaimReview"] * len(verified)
    posted = client.post("/v1/check", json={"text": SORA, "format": "md"})
    assert posted.headers["content-type"] == "text/markdown; charset=utf-8"
    assert "100 萬次" in posted.text


def test_title_date_and_url_are_kept(client):
    body = {"text": SORA, "title": "Sora", "published": "2025-10-06", "url": "https://ex.org/s"}
    article = client.post("/v1/check", json=body).json()["article"]
    assert (article["title"], article["published"]) == ("Sora", "2025-10-06")
    assert (article["url"], article["source"]) == ("https://ex.org/s", "<api>")


def test_script_in_an_article_comes_back_as_json_data(client):
    text = SORA.replace("應用", "應用<script>alert(1)</script>")
    response = client.post("/v1/check", json={"text": text})
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    quoted = [c["source_text"] for c in response.json()["claims"]]
    assert any("<script>alert(1)</script>" in q for q in quoted)


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (json.dumps({"text": ""}), "invalid_request", "body.text"),
        (json.dumps({"text": " \n\t "}), "FC100", "empty"),
        (json.dumps({"text": bytes(range(32)).decode("ascii") * 40}), "FC100", "binary"),
        ('{"text": "lone \\ud800 surrogate"}', "invalid_request", "body.text"),
        (json.dumps({"text": "x", "bogus": 1}), "invalid_request", "body.bogus"),
        (json.dumps({"text": "x", "format": "pdf"}), "invalid_request", "body.format"),
        (json.dumps({"text": "x", "published": "soon"}), "invalid_request", "body.published"),
        ('{"text": ', "invalid_request", "JSON"),
        ("", "invalid_request", "body"),
    ],
)
def test_bad_articles_get_a_clear_json_error(client, content, code, words):
    response = client.post(
        "/v1/check", content=content.encode(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == code and words in body["message"]
    assert "Traceback" not in response.text


def test_a_body_that_is_not_json_says_how_to_send_it(client):
    response = client.post("/v1/check", content=b"\x89PNG\r\n\x1a\n\x00\x00", headers={})
    assert response.status_code == 422
    assert "Content-Type: application/json" in response.json()["hint"]


def test_unknown_routes_and_methods_are_json_errors(client):
    assert client.get("/v1/nothing-here").json()["error"] == "not_found"
    wrong_method = client.get("/v1/check")
    assert wrong_method.status_code == 405 and wrong_method.json()["error"] == "method_not_allowed"


REQUESTS = [
    ("POST", "/v1/check", {"text": SORA}),
    ("POST", "/v1/evidence", {"documents": [{"text": "x"}]}),
    ("GET", "/v1/articles/text-0123456789ab", None),
    ("GET", "/v1/articles/text-0123456789ab/claims", None),
]
BAD_AUTHORIZATION = [None, "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer"]


@pytest.mark.parametrize(("method", "path", "body"), REQUESTS)
@pytest.mark.parametrize("authorization", BAD_AUTHORIZATION)
def test_a_missing_or_wrong_token_is_refused(server, method, path, body, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = httpx.request(method, server.url + path, json=body, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"] == "unauthorized"


def test_the_token_is_checked_before_the_body_is_read(server):
    response = httpx.post(server.url + "/v1/check", content=b'{"text": ')
    assert response.status_code == 401


def test_openapi_lists_the_endpoints_with_their_schemas(server):
    schema = httpx.get(server.url + "/openapi.json").json()  # open, like health
    paths = schema["paths"]
    assert {path: set(ops) for path, ops in paths.items()} == {
        "/v1/health": {"get"},
        "/v1/check": {"post"},
        "/v1/articles/{article_id}": {"get"},
        "/v1/articles/{article_id}/claims": {"get"},
        "/v1/evidence": {"post"},
    }
    check = paths["/v1/check"]["post"]
    assert check["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/CheckRequest"
    )
    answers = check["responses"]["200"]["content"]
    assert answers["application/json"]["schema"]["$ref"].endswith("/Report")
    assert {"text/markdown", "application/ld+json"} <= set(answers)
    claims = paths["/v1/articles/{article_id}/claims"]["get"]["responses"]["200"]
    assert claims["content"]["application/json"]["schema"]["items"]["$ref"].endswith("/Claim")
    article_id = paths["/v1/articles/{article_id}"]["get"]["parameters"][0]
    assert article_id["schema"]["pattern"] == ARTICLE_ID_PATTERN
    components = schema["components"]
    request = components["schemas"]["CheckRequest"]
    assert set(request["properties"]) == {"text", "title", "published", "url", "format"}
    assert request["required"] == ["text"]
    for name in ("Report", "Claim", "Verdict", "EvidenceRequest", "IngestResponse", "ErrorBody"):
        assert name in components["schemas"]
    assert components["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    assert "security" not in paths["/v1/health"]["get"]
    assert paths["/v1/evidence"]["post"]["security"] == [{"bearer": []}]
