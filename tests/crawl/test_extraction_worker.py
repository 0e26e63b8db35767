"""The extraction worker: started only for a crawl with enough pages, it gives the items the crawl
thread gives; killed in the middle of a crawl, the crawl extracts on its own thread from then on and
still stores every article, once."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from newsbot.demo.articles import make_articles
from newsbot.demo.site import build_site, default_now
from newsbot.mirror.server import MirrorServer
from tests.crawl.runner import REPO, collect, crawl_command, crawl_env, run_crawl
from tests.support.processes import command_line, descendants

ARTICLES = 120
SLOW = {
    "CONCURRENT_REQUESTS": "2",
    "DOWNLOAD_DELAY": "0.01",
    "NEWSBOT_EXTRACT_WORKERS": "1",
    # Below the site's 120 articles: the worker starts with the first article page.
    "NEWSBOT_EXTRACT_WORKERS_FROM": "50",
}


def extraction_workers(crawl: int) -> list[int]:
    return [pid for pid in descendants(crawl) if "newsbot.extensions.processpool" in command_line(pid)]


def test_a_killed_extraction_worker_loses_no_article(tmp_path: Path) -> None:
    articles = make_articles(ARTICLES, seed=41)
    jsonl = tmp_path / "rt_arabic.jsonl"
    with MirrorServer(build_site(articles, now=default_now(articles))) as server:
        log_path = tmp_path / "crawl.log"
        with log_path.open("w", encoding="utf-8") as log:
            process = subprocess.Popen(
                crawl_command(server.url, tmp_path, **SLOW),
                cwd=REPO,
                env=crawl_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            deadline = time.monotonic() + 120
            killed: list[int] = []
            while process.poll() is None and time.monotonic() < deadline:
                stored = jsonl.read_bytes().count(b"\n") if jsonl.exists() else 0
                if not killed and stored >= ARTICLES // 3:
                    killed = extraction_workers(process.pid)
                    for pid in killed:
                        os.kill(pid, signal.SIGKILL)
                time.sleep(0.02)
            returncode = process.wait(timeout=120)
    result = collect(tmp_path, returncode, log_path.read_text(encoding="utf-8"))
    assert killed, "the crawl must have run an extraction worker to kill"
    assert returncode == 0, result.log[-3000:]
    assert result.stat("newsbot/errors/extract_worker") >= 1
    assert "The extraction worker died; extracting on the crawl thread from now on" in result.log
    ids = [item["id"] for item in result.items]
    assert len(ids) == len(set(ids)) == len(result.rows) == ARTICLES


def _without_crawl_time(items: list[dict[str, object]]) -> list[dict[str, object]]:
    return sorted(({k: v for k, v in item.items() if k != "scraped_at"} for item in items), key=str)


def test_a_small_run_extracts_on_the_crawl_thread_without_starting_a_worker(tmp_path: Path) -> None:
    articles = make_articles(20, seed=43)
    with MirrorServer(build_site(articles, now=default_now(articles))) as server:
        result = run_crawl(server.url, tmp_path, NEWSBOT_EXTRACT_WORKERS="1")
    assert result.returncode == 0, result.log[-3000:]
    assert len(result.items) == 20
    assert result.stat("newsbot/extract/worker_started") == 0
    assert result.stat("newsbot/extract/in_worker") == 0
    assert result.stat("newsbot/extract/on_crawl_thread") == 20


def test_a_run_with_enough_pages_hands_them_to_the_worker_and_gets_the_same_items(tmp_path: Path) -> None:
    articles = make_articles(120, seed=44)
    (tmp_path / "pooled").mkdir()
    (tmp_path / "alone").mkdir()
    with MirrorServer(build_site(articles, now=default_now(articles))) as server:
        # Slow enough (about 4 s) that the worker is up (about 1 s) before the last pages.
        pooled = run_crawl(
            server.url,
            tmp_path / "pooled",
            NEWSBOT_EXTRACT_WORKERS="1",
            NEWSBOT_EXTRACT_WORKERS_FROM="40",
            CONCURRENT_REQUESTS="2",
            DOWNLOAD_DELAY="0.03",
        )
        alone = run_crawl(server.url, tmp_path / "alone", NEWSBOT_EXTRACT_WORKERS="0")
    assert pooled.returncode == alone.returncode == 0, pooled.log[-3000:]
    assert pooled.stat("newsbot/extract/worker_started") == 1
    assert pooled.stat("newsbot/extract/in_worker") > 0
    assert pooled.stat("newsbot/extract/in_worker") + pooled.stat("newsbot/extract/on_crawl_thread") == 120
    assert alone.stat("newsbot/extract/on_crawl_thread") == 120
    assert len(pooled.items) == 120
    assert _without_crawl_time(pooled.items) == _without_crawl_time(alone.items)
