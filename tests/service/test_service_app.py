"""`create_app` on its own, as another ASGI server would run it: the pipeline loads at start-up."""

from __future__ import annotations

from fastapi.testclient import TestClient

from factcheck.config import Settings
from factcheck.models import Label, Report
from factcheck.service.app import create_app


def test_the_app_loads_its_pipeline_when_it_starts(tmp_path):
    settings = Settings(workspace=tmp_path / "ws", service_token=None)
    app = create_app(settings)
    with TestClient(app) as http:  # runs the lifespan
        health = http.get("/v1/health").json()
        assert health["evidence_chunks"] == 0
        response = http.post("/v1/check", json={"text": "Sora passed 1 million downloads in 2025."})
    assert response.status_code == 200, response.text
    report = Report.model_validate(response.json())
    verdicts = [c.verdict.label for c in report.claims if c.verdict]
    assert verdicts and set(verdicts) == {Label.NOT_ENOUGH_INFO}  # an empty store refutes nothing
    assert (tmp_path / "ws" / "reports" / f"{report.article.id}.json").is_file()


def test_workers_pointed_at_one_reports_folder_share_their_reports(tmp_path):
    """Two apps with workspaces of their own: a report one checked, the other serves."""
    shared = tmp_path / "reports"
    first, second = (
        Settings(workspace=tmp_path / name, service_token=None, service_reports_dir=shared)
        for name in ("ws1", "ws2")
    )
    with TestClient(create_app(first)) as http:
        checked = http.post("/v1/check", json={"text": "Sora passed 1 million downloads."})
    article_id = checked.json()["article"]["id"]
    assert (shared / f"{article_id}.json").is_file()
    assert not (tmp_path / "ws1" / "reports").exists()
    with TestClient(create_app(second)) as http:
        served = http.get(f"/v1/articles/{article_id}")
    assert served.status_code == 200 and served.json() == checked.json()
