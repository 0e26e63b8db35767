"""`scrapy crawl rt_arabic` against a generated RT-Arabic-shaped site: every article, once, exact."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from newsbot.demo.articles import make_articles
from newsbot.demo.site import build_site, default_now, gold
from newsbot.mirror.server import MirrorServer
from tests.crawl.runner import CrawlResult, run_crawl

ARTICLES = 40


@pytest.fixture(scope="module")
def site_and_gold() -> tuple[object, dict[str, dict[str, object]]]:
    specs = make_articles(ARTICLES, seed=7)
    return build_site(specs, now=default_now(specs)), gold(specs)


@pytest.fixture(scope="module")
def crawl(
    site_and_gold: tuple[object, dict[str, dict[str, object]]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CrawlResult]:
    site, _ = site_and_gold
    with MirrorServer(site) as server:  # type: ignore[arg-type]
        yield run_crawl(server.url, tmp_path_factory.mktemp("crawl"))


def test_crawl_finishes_cleanly(crawl: CrawlResult) -> None:
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert crawl.stats["finish_reason"] == "finished"
    assert "Traceback" not in crawl.log


def test_every_article_found_once(
    crawl: CrawlResult, site_and_gold: tuple[object, dict[str, dict[str, object]]]
) -> None:
    _, expected = site_and_gold
    stored = [row["id"] for row in crawl.rows]
    assert sorted(stored) == sorted(g["id"] for g in expected.values())
    assert len(crawl.items) == len(stored) == len({item["id"] for item in crawl.items})


@pytest.mark.parametrize("field", ["headline", "description", "article_body", "section", "tags", "source"])
def test_fields_match_gold(
    crawl: CrawlResult, site_and_gold: tuple[object, dict[str, dict[str, object]]], field: str
) -> None:
    _, expected = site_and_gold
    by_url = {item["canonical_url"]: item for item in crawl.items}
    wrong = {
        url: (by_url[url][field], g[field])
        for url, g in expected.items()
        if url in by_url and by_url[url][field] != g[field]
    }
    assert not wrong


def test_dates_are_the_published_instants(
    crawl: CrawlResult, site_and_gold: tuple[object, dict[str, dict[str, object]]]
) -> None:
    _, expected = site_and_gold
    for item in crawl.items:
        truth = expected[item["canonical_url"]]["date_published"]
        assert datetime.fromisoformat(item["date_published"]) == datetime.fromisoformat(str(truth))


def test_outputs_agree(crawl: CrawlResult, tmp_path: Path) -> None:
    by_id = {row["id"]: row for row in crawl.rows}
    for item in crawl.items:
        assert by_id[item["id"]]["article_body"] == item["article_body"]
        assert by_id[item["id"]]["content_hash"] == item["content_hash"]
