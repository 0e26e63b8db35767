"""The Redis keys around scrapy-redis, on the local server: one seeder per crawl, a dead worker's
in-flight requests claimed by exactly one other worker, the last worker cleaning up."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from newsbot.scaleout.shared import SharedFrontier
from tests.support.servers import fresh_redis


@pytest.fixture
def workers() -> Iterator[tuple[SharedFrontier, SharedFrontier]]:
    import redis

    with fresh_redis() as (url, prefix):
        server = redis.Redis.from_url(url)
        yield (
            SharedFrontier(server, prefix, "rt_arabic", ttl=1),
            SharedFrontier(server, prefix, "rt_arabic", ttl=1),
        )
        server.close()


def test_one_worker_seeds_and_the_other_joins_with_the_crawls_start(
    workers: tuple[SharedFrontier, SharedFrontier],
) -> None:
    first, second = workers
    first.server.sadd(first.dupefilter_key, "fingerprint of a crawl whose workers all died")
    seeds, started = first.claim_seed()
    assert seeds and not first.server.exists(first.dupefilter_key)
    assert second.claim_seed() == (False, started)


def test_a_dead_workers_requests_are_claimed_once(workers: tuple[SharedFrontier, SharedFrontier]) -> None:
    dead, alive = workers
    dead.beat(busy=True)
    tokens = [dead.track(b"request-1"), dead.track(b"request-2"), dead.track(b"request-3")]
    dead.done(tokens[1])
    assert alive.orphans() == []  # its heartbeat is still fresh
    assert alive.others() == {dead.worker: "busy"}
    time.sleep(1.2)  # the heartbeat expires (ttl 1 s)
    assert alive.orphans() == [dead.worker]
    assert sorted(alive.take_over(dead.worker)) == [b"request-1", b"request-3"]
    assert alive.take_over(dead.worker) == []  # claimed already
    assert alive.orphans() == []


def test_the_last_worker_of_a_finished_crawl_removes_its_keys(
    workers: tuple[SharedFrontier, SharedFrontier],
) -> None:
    first, second = workers
    first.claim_seed()
    first.beat(busy=False)
    second.beat(busy=False)
    first.server.zadd(first.queue_key, {b"x": 0})
    first.server.zrem(first.queue_key, b"x")
    second.leave(last_cleans=True)
    assert first.server.exists(first.seeded_key)  # the first is still there
    first.leave(last_cleans=True)
    assert list(first.server.scan_iter(f"{first.base}:*")) == []
