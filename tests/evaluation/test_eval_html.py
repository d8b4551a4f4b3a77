"""The HTML report as a browser shows it: rendered in headless Chromium, screenshot checked."""

from __future__ import annotations

from factcheck.config import Settings
from factcheck.evaluation import report_html
from factcheck.evaluation.runner import run_evaluation
from tests.browser import need_chromium, png_size_and_byte_values, screenshot

WIDTH, HEIGHT = 1280, 2000


def test_html_report_renders_in_headless_chromium(tiny_set, tmp_path, substring_verifier):
    need_chromium()
    settings = Settings(workspace=tmp_path / "ws")
    report = run_evaluation([str(tiny_set)], ["substring"], out=tmp_path / "out", settings=settings)
    page = tmp_path / "report.html"
    page.write_text(report_html.render(report), encoding="utf-8")
    shot = screenshot(page, tmp_path / "shot.png", WIDTH, HEIGHT)
    size, values = png_size_and_byte_values(shot)
    assert size == (WIDTH, HEIGHT)
    assert values > 32, f"the screenshot looks blank ({values} distinct byte values)"


def test_html_report_escapes_text_and_is_self_contained(tiny_set, tmp_path, substring_verifier):
    settings = Settings(workspace=tmp_path / "ws")
    report = run_evaluation([str(tiny_set)], ["substring"], out=tmp_path / "out", settings=settings)
    hostile = report.model_copy(update={"notes": ("<script>alert(1)</script> & more",)})
    page = report_html.render(hostile)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert page.count("<svg") >= 4  # two overview bars, a confusion matrix, a reliability plot
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
