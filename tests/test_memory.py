"""`release_freed_memory`: freed heap pages go back to the system (glibc)."""

import pytest

from factcheck.memory import _malloc_trim, release_freed_memory


def resident_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmRSS"))
    return int(line.split()[1]) / 1024


@pytest.mark.skipif(_malloc_trim() is None, reason="no glibc malloc_trim on this system")
def test_memory_freed_below_a_live_object_is_handed_back():
    pieces = [bytes(1000) + i.to_bytes(4, "little") for i in range(200_000)]  # ~200 MB of mallocs
    pin = [bytes(1000)]  # allocated above them: the heap's top cannot shrink past it
    held = resident_mb()
    del pieces
    kept_by_the_heap = resident_mb()
    release_freed_memory()
    released = resident_mb()
    assert kept_by_the_heap > held - 100  # glibc keeps what was freed below the pin
    assert released < kept_by_the_heap - 100  # and gives it back when asked
    assert pin
