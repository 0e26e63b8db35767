"""`-a max_articles=N`, `-a since=YYYY-MM-DD` and a paused and resumed JOBDIR crawl."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsbot.demo.articles import make_articles
from newsbot.demo.site import build_site, default_now, gold
from newsbot.mirror.server import MirrorServer
from tests.crawl.runner import run_crawl

ARTICLES = make_articles(50, seed=11)


@pytest.fixture(scope="module")
def server() -> Iterator[MirrorServer]:
    with MirrorServer(build_site(ARTICLES, now=default_now(ARTICLES))) as running:
        yield running


def test_max_articles_stops_after_n(server: MirrorServer, tmp_path: Path) -> None:
    crawl = run_crawl(server.url, tmp_path, "-a", "max_articles=7")
    assert crawl.returncode == 0
    assert crawl.stats["finish_reason"] == "max_articles"
    assert len(crawl.items) == len(crawl.rows) == 7


def test_since_keeps_only_articles_from_that_day_on(server: MirrorServer, tmp_path: Path) -> None:
    days = sorted({_day(str(g["date_published"])) for g in gold(ARTICLES).values()})
    cutoff = days[len(days) // 2]
    crawl = run_crawl(server.url, tmp_path, "-a", f"since={cutoff.isoformat()}")
    assert crawl.returncode == 0
    expected = {g["id"] for g in gold(ARTICLES).values() if _day(str(g["date_published"])) >= cutoff}
    assert {row["id"] for row in crawl.rows} == expected
    assert crawl.stat("newsbot/discovery/older_than_since") + crawl.stat("newsbot/pages/older_than_since") > 0


def _day(value: str) -> date:
    """The publication day on the site's clock (RT Arabic: Moscow)."""
    return datetime.fromisoformat(value).astimezone(ZoneInfo("Europe/Moscow")).date()


def test_a_jobdir_crawl_can_pause_and_resume(server: MirrorServer, tmp_path: Path) -> None:
    jobdir = tmp_path / "job"
    first = run_crawl(
        server.url,
        tmp_path,
        "-s",
        f"JOBDIR={jobdir}",
        "-s",
        "CLOSESPIDER_ITEMCOUNT=10",
        "-s",
        "CONCURRENT_REQUESTS=1",
    )
    assert first.returncode == 0
    assert first.stats["finish_reason"] == "closespider_itemcount"
    assert (jobdir / "requests.queue").exists()
    second = run_crawl(server.url, tmp_path, "-s", f"JOBDIR={jobdir}")
    assert second.returncode == 0
    assert second.stats["finish_reason"] == "finished"
    assert sorted(row["id"] for row in second.rows) == sorted(g["id"] for g in gold(ARTICLES).values())
    assert len(second.items) == len({item["id"] for item in second.items}) == len(ARTICLES)
