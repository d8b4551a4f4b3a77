"""The HTML report as a browser shows it: rendered in headless Chromium, screenshot checked."""

from __future__ import annotations

import struct
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest

from factcheck.config import Settings
from factcheck.evaluation import report_html
from factcheck.evaluation.runner import run_evaluation

CHROMIUM = Path("/usr/bin/chromium")
WIDTH, HEIGHT = 1280, 2000


def png_size_and_byte_values(png: Path) -> tuple[tuple[int, int], int]:
    """The PNG's size, and how many distinct byte values its decompressed scanlines hold.
    A one-colour image uses a handful whatever PNG filter each row took (the colour's bytes,
    zeros, a few differences); a rendered page uses nearly all 256."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, chunks = 8, []
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        if data[offset + 4 : offset + 8] == b"IDAT":
            chunks.append(data[offset + 8 : offset + 8 + length])
        offset += 12 + length
    size = struct.unpack(">II", data[16:24])
    pixels = np.frombuffer(zlib.decompress(b"".join(chunks)), dtype=np.uint8)
    return size, int(np.unique(pixels).size)


def test_html_report_renders_in_headless_chromium(tiny_set, tmp_path, substring_verifier):
    if not CHROMIUM.exists():
        pytest.skip("chromium is absent (apt-get install -y chromium chromium-driver)")
    settings = Settings(workspace=tmp_path / "ws")
    report = run_evaluation([str(tiny_set)], ["substring"], out=tmp_path / "out", settings=settings)
    page = tmp_path / "report.html"
    page.write_text(report_html.render(report), encoding="utf-8")
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", page.as_uri(),
        ],
        check=True, capture_output=True, timeout=90,
    )  # fmt: skip
    assert shot.is_file() and shot.stat().st_size > 0
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
