"""One extraction pool per process, whatever the number of spiders."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsbot.extensions.extraction import ExtractionPool, _SharedPool


def test_every_crawler_of_a_process_shares_one_pool() -> None:
    pools = [ExtractionPool(1) for _ in range(10)]
    for pool in pools:
        pool.spider_opened(None)  # type: ignore[arg-type]
    shared = {id(pool.processes) for pool in pools}
    first = pools[0].processes
    assert len(shared) == 1 and first is not None
    assert len(first.pids) == 1
    for pool in pools[:-1]:
        pool.spider_closed(None)  # type: ignore[arg-type]
    assert _SharedPool.processes is first  # still serving the last crawler
    pools[-1].spider_closed(None)  # type: ignore[arg-type]
    assert _SharedPool.processes is None
    with pytest.raises(RuntimeError, match="shutdown"):
        first.submit(int, "1")


def test_scrapy_list_finds_site_spiders_without_a_central_list() -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "rt_arabic" in listed
