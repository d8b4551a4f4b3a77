"""Article ids from clients name files: only the ids the pipeline makes get as far as a path."""

from __future__ import annotations

import http.client
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.errors import InputError
from factcheck.intake.document import article_id_for
from factcheck.service.reports import ARTICLE_ID_PATTERN, report_path
from tests.service.conftest import TOKEN

SECRET = "the-planted-secret"


@given(st.text(min_size=1))
def test_every_id_the_pipeline_makes_for_a_text_is_accepted(text):
    article_id = article_id_for(None, text)
    assert re.fullmatch(ARTICLE_ID_PATTERN, article_id)
    folder = Path("/srv/ws/reports")
    assert report_path(folder, article_id).parent == folder


@pytest.mark.parametrize(
    "article_id",
    [
        "",
        "..",
        "../secret",
        "text-0123456789ab/../../secret",
        "text-0123456789ab\n",
        "text-0123456789ab.json",
        "TEXT-0123456789AB",
        "/etc/passwd",
        "demo-article.zh-Hant",  # a file's stem: the service never makes these
    ],
)
def test_report_path_refuses_anything_else(article_id):
    with pytest.raises(InputError):
        report_path(Path("/srv/ws"), article_id)


def _get(port: int, path: str) -> tuple[int, str]:
    """GET with the path sent byte for byte, as no browser or HTTP library would."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Authorization": f"Bearer {TOKEN}"})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


@pytest.fixture(scope="module")
def planted(server) -> None:
    """A report-shaped secret beside the reports folder, and a report under a bad name in it."""
    secret = json.dumps({"secret": SECRET})
    (server.workspace / "secret.json").write_text(secret, encoding="utf-8")
    (server.workspace / "reports").mkdir(exist_ok=True)
    (server.workspace / "reports" / "evil.json").write_text(secret, encoding="utf-8")


@pytest.mark.parametrize(
    "path",
    [
        "/v1/articles/..",
        "/v1/articles/../secret",
        "/v1/articles/..%2Fsecret",
        "/v1/articles/%2e%2e%2fsecret",
        "/v1/articles/..%5Csecret",
        "/v1/articles/..%2F..%2F..%2Fetc%2Fpasswd",
        "/v1/articles/..%2Fsecret/claims",
        "/v1/articles/evil",
        "/v1/articles/evil/claims",
        "/v1/articles/text-0123456789ab%00",
        "/v1/articles/text-0123456789ab%2F..%2F..%2Fsecret",
        "/v1/articles/TEXT-0123456789AB",
    ],
)
def test_no_path_through_an_article_id_reaches_a_file(server, planted, path):
    status, body = _get(server.port, path)
    assert status in (404, 422), body
    assert json.loads(body)["error"] in ("not_found", "invalid_request")
    assert SECRET not in body


def test_a_valid_id_never_checked_is_not_found(server):
    status, body = _get(server.port, "/v1/articles/text-0123456789ab")
    assert status == 404 and json.loads(body)["error"] == "not_found"
