"""`release_freed_memory`: freed heap pages go back to the system (glibc)."""

import json
import subprocess
import sys

import pytest

from factcheck.memory import _malloc_trim

# Run in a fresh interpreter: in a long test session the heap's state is anyone's guess.
PROBE = """
import json
from factcheck.memory import release_freed_memory

def resident_mb():
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmRSS"))
    return int(line.split()[1]) / 1024

pieces = [bytes(1000) + i.to_bytes(4, "little") for i in range(200_000)]  # ~200 MB of mallocs
pin = [bytes(1000)]  # allocated above them: the heap's top cannot shrink past it
held = resident_mb()
del pieces
kept = resident_mb()
release_freed_memory()
print(json.dumps({"held": held, "kept": kept, "released": resident_mb()}))
"""


@pytest.mark.skipif(_malloc_trim() is None, reason="no glibc malloc_trim on this system")
def test_memory_freed_below_a_live_object_is_handed_back():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    rss = json.loads(result.stdout)
    assert rss["kept"] > rss["held"] - 100  # glibc keeps what was freed below the pin
    assert rss["released"] < rss["kept"] - 100  # and gives it back when asked
