"""Free memory of the C heap goes back to the system between the audit's big steps."""

from __future__ import annotations

import sys

import pytest

from transcheck.heap import give_back


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_blocks_inside_the_heap_go_back():
    # 100 MB of blocks above CPython's small-object size (they come from the C heap), one in
    # ten kept: the free ones sit between live blocks, where freeing alone returns nothing
    blocks = [bytes(4000) + bytes([i % 251]) for i in range(25_000)]
    kept = blocks[::10]
    del blocks
    before = _rss_mb()
    assert give_back()
    after = _rss_mb()
    assert before - after > 30, (before, after)
    assert len(kept) == 2_500
