"""Acceptance of the distributed mode: 3 ``scrapy crawl rt_arabic`` workers on one Redis frontier and
one PostgreSQL store against a generated site store every article exactly once, the same set as a
single-process crawl, and a worker killed with SIGKILL mid-crawl loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsbot.demo.articles import make_articles
from newsbot.demo.site import build_site, default_now
from newsbot.mirror.server import MirrorServer
from newsbot.store import open_dsn
from tests.crawl.runner import REPO, crawl_command, crawl_env, run_crawl
from tests.support.servers import fresh_redis, fresh_schema

ARTICLES = 150
WORKERS = 3


@pytest.fixture(scope="module")
def mirror() -> Iterator[str]:
    specs = make_articles(ARTICLES, seed=13)
    with MirrorServer(build_site(specs, now=default_now(specs))) as server:
        yield server.url


@pytest.fixture(scope="module")
def single_process_ids(mirror: str, tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    result = run_crawl(mirror, tmp_path_factory.mktemp("single"))
    assert result.returncode == 0, result.log[-3000:]
    return {row["id"] for row in result.rows}


@pytest.fixture
def servers() -> Iterator[tuple[str, str, str]]:
    with fresh_schema() as dsn, fresh_redis() as (url, prefix):
        open_dsn(dsn).close()  # the tables exist before the test polls them
        yield dsn, url, prefix


def worker(
    mirror: str, workdir: Path, servers: tuple[str, str, str], number: int, delay: float = 0.03
) -> subprocess.Popen[str]:
    dsn, url, prefix = servers
    home = workdir / f"worker{number}"
    home.mkdir()
    command = crawl_command(
        mirror,
        home,
        NEWSBOT_REDIS_URL=url,
        NEWSBOT_REDIS_PREFIX=prefix,
        NEWSBOT_POSTGRES_DSN=dsn,
        NEWSBOT_REDIS_WORKER_TTL=3,
        # Slow enough that the crawl lasts a few seconds and a kill lands mid-crawl.
        CONCURRENT_REQUESTS=2,
        DOWNLOAD_DELAY=delay,
    )
    with (home / "log.txt").open("w") as log:  # the child keeps its own descriptor
        return subprocess.Popen(
            command, cwd=REPO, env=crawl_env(), stdout=log, stderr=subprocess.STDOUT, text=True
        )


def stored(dsn: str) -> list[dict[str, Any]]:
    import psycopg

    with psycopg.connect(dsn) as db:
        articles = db.execute("SELECT id, canonical_url FROM articles").fetchall()
        marks = db.execute(
            "SELECT article_id, count(*) FROM urls WHERE status = 'article' GROUP BY 1"
        ).fetchall()
    per_id = dict(marks)
    return [{"id": key, "url": url, "marks": per_id.get(key, 0)} for key, url in articles]


def in_flight(servers: tuple[str, str, str], pid: int) -> int:
    """How many requests the worker with process id ``pid`` has popped and not finished (its
    ``inflight:<host>-<pid>-<token>`` hash, docs/scale-out.md)."""
    import redis

    client = redis.Redis.from_url(servers[1])
    try:
        return sum(int(client.hlen(key)) for key in client.scan_iter(f"{servers[2]}:*:inflight:*-{pid}-*"))
    finally:
        client.close()


def stats(workdir: Path, number: int) -> dict[str, Any]:
    path = workdir / f"worker{number}" / "stats.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def logs(workdir: Path) -> str:
    return "\n".join((path.read_text(encoding="utf-8"))[-2500:] for path in sorted(workdir.glob("*/log.txt")))


def jsonl_ids(workdir: Path) -> list[str]:
    return [
        json.loads(line)["id"]
        for path in sorted(workdir.glob("worker*/rt_arabic.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def test_three_workers_store_every_article_once(
    mirror: str, single_process_ids: set[str], servers: tuple[str, str, str], tmp_path: Path
) -> None:
    # 0.1 s between a worker's requests: the crawl outlasts the spread of three start-ups on a loaded
    # machine (at 0.03 s two workers could finish before the third had started).
    processes = [worker(mirror, tmp_path, servers, number, delay=0.1) for number in range(WORKERS)]
    codes = [process.wait(timeout=240) for process in processes]
    assert codes == [0] * WORKERS, logs(tmp_path)
    rows = stored(servers[0])
    assert {row["id"] for row in rows} == single_process_ids
    assert len(rows) == len(single_process_ids) == ARTICLES
    assert all(row["marks"] >= 1 for row in rows)
    assert sorted(jsonl_ids(tmp_path)) == sorted(single_process_ids)  # each article written once
    shares = [stats(tmp_path, number).get("scheduler/dequeued/redis", 0) for number in range(WORKERS)]
    assert all(share > 0 for share in shares), shares  # every worker took part
    assert sum(stats(tmp_path, n).get("newsbot/articles/new", 0) for n in range(WORKERS)) == ARTICLES
    import redis

    client = redis.Redis.from_url(servers[1])
    assert list(client.scan_iter(f"{servers[2]}:*")) == []  # the last worker cleaned up


def test_a_worker_killed_mid_crawl_loses_nothing(
    mirror: str, single_process_ids: set[str], servers: tuple[str, str, str], tmp_path: Path
) -> None:
    # Slower, so that the crawl outlasts the replacement worker's start-up on a busy machine.
    processes = [worker(mirror, tmp_path, servers, number, delay=0.15) for number in range(WORKERS)]
    victim = processes[0]
    deadline = time.monotonic() + 60
    # Killed once the crawl has stored something and the victim holds requests in flight: on a loaded
    # machine it may still be starting when the others have stored a quarter of the site.
    while time.monotonic() < deadline and (
        len(stored(servers[0])) < ARTICLES // 4 or not in_flight(servers, victim.pid)
    ):
        time.sleep(0.1)
    os.kill(victim.pid, signal.SIGKILL)
    assert victim.wait(timeout=30) == -signal.SIGKILL
    # A replacement joins the running crawl: it takes work but does not seed it again.
    processes.append(worker(mirror, tmp_path, servers, WORKERS, delay=0.15))
    codes = [process.wait(timeout=240) for process in processes[1:]]
    assert codes == [0] * WORKERS, logs(tmp_path)
    rows = stored(servers[0])
    assert {row["id"] for row in rows} == single_process_ids, logs(tmp_path)
    assert all(row["marks"] >= 1 for row in rows)
    survivors = range(1, WORKERS + 1)
    requeued = sum(stats(tmp_path, n).get("newsbot/redis/requeued", 0) for n in survivors)
    assert requeued > 0  # the dead worker's in-flight requests were put back, not found by luck
    replacement = (tmp_path / f"worker{WORKERS}" / "log.txt").read_text(encoding="utf-8")
    assert "Joining the crawl" in replacement and "Seeding" not in replacement
    assert not stats(tmp_path, WORKERS).get("newsbot/requests/feed")  # no entry point twice
