"""One extraction pool per process, whatever the number of spiders."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from newsbot.extensions.extraction import ExtractionPool, _SharedPool


def test_every_crawler_of_a_process_shares_one_pool() -> None:
    pools = [ExtractionPool(1) for _ in range(10)]
    for pool in pools:
        pool.spider_opened(None)  # type: ignore[arg-type]
    shared = {id(pool.pool) for pool in pools}
    first = pools[0].pool
    assert len(shared) == 1 and first is not None
    (worker,) = first.processes()
    for pool in pools[:-1]:
        pool.spider_closed(None)  # type: ignore[arg-type]
    assert _SharedPool.pool is first and first.alive  # still serving the last crawler
    pools[-1].spider_closed(None)  # type: ignore[arg-type]
    assert _SharedPool.pool is None and not first.alive
    with pytest.raises(ProcessLookupError):
        os.kill(worker, 0)


def test_scrapy_list_finds_site_spiders_without_a_central_list() -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "rt_arabic" in listed
