"""Pages as a browser shows them: a screenshot by headless Chromium, and a check that it is
not blank."""

from __future__ import annotations

import struct
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest

CHROMIUM = Path("/usr/bin/chromium")


def need_chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip("chromium is absent (apt-get install -y chromium chromium-driver)")
    return CHROMIUM


def screenshot(page: Path, shot: Path, width: int, height: int) -> Path:
    """Render ``page`` in headless Chromium (a throwaway profile beside ``shot``) into a PNG."""
    subprocess.run(
        [
            str(need_chromium()), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={shot.parent / (shot.stem + '-profile')}",
            f"--screenshot={shot}", f"--window-size={width},{height}", page.as_uri(),
        ],
        check=True, capture_output=True, timeout=90,
    )  # fmt: skip
    assert shot.is_file() and shot.stat().st_size > 0, "chromium wrote no screenshot"
    return shot


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
