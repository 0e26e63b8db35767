"""`scrapy crawl generic` on every site's mini-site mirror, with no profile: only the site's entry
URLs (its feeds, sitemaps and home page) are given, as a user who knows nothing else would.

Scored against each mirror's gold like the site modules (tests/crawl/test_site_mirrors.py), so
the two can be compared; the floors here are the generic extractor's, lower than a site module's.
"""

from __future__ import annotations

from typing import Any

import pytest

from newsbot.mirror.server import MirrorServer
from newsbot.mirror.site import MirrorSite
from newsbot.sites import profiles
from tests.crawl.runner import CrawlResult, run_crawl
from tests.crawl.test_site_mirrors import MIRRORS, gold, word_f1
from tests.support.browser import require_browser

#: Mirror directory -> registered site whose entry URLs start the crawl.
SITES = {"rt_arabic_blind": "rt_arabic"} | {
    p.name: p.name for p in MIRRORS.iterdir() if p.is_dir() and p.name in profiles()
}


def start_urls(site: str) -> list[str]:
    profile = profiles()[site]
    paths = [*profile.feeds, *profile.sitemaps, "/"]
    return [path if "://" in path else profile.origin + path for path in paths]


def gold_by_url(mirror: str) -> dict[str, dict[str, Any]]:
    if mirror == "rt_arabic_blind":
        from tests.crawl.test_rt_development_mirror import gold as rt_gold

        return {row["url"]: row for row in rt_gold().values()}
    return gold(mirror)


@pytest.fixture(scope="module", params=sorted(SITES))
def crawl(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, CrawlResult]:
    mirror: str = request.param
    site = SITES[mirror]
    plan = profiles()[site].render
    # A site whose articles its scripts write is crawled as a user who saw that would: -a render=true.
    render = ["-a", "render=true"] if plan is not None and plan.renders("article") else []
    if render:
        require_browser()
    with MirrorServer(MirrorSite.load(MIRRORS / mirror)) as server:
        result = run_crawl(
            server.url,
            tmp_path_factory.mktemp(f"generic-{mirror}"),
            "-a",
            f"start={','.join(start_urls(site))}",
            "-a",
            f"timezone={profiles()[site].timezone}",
            *render,
            spider="generic",
            NEWSBOT_ARTICLE_LINK_HOPS=2,
        )
    return mirror, result


def scores(mirror: str, result: CrawlResult) -> dict[str, float]:
    truth = gold_by_url(mirror)
    by_path = {url.split("://", 1)[-1].removeprefix("www."): row for url, row in truth.items()}
    matched = []
    for item in result.items:
        row = by_path.get(item["url"].split("://", 1)[-1].removeprefix("www.").rstrip("/")) or by_path.get(
            item["url"].split("://", 1)[-1].removeprefix("www.")
        )
        if row is not None:
            matched.append((item, row))
    n = max(len(matched), 1)
    return {
        "coverage": len({row["url"] for _, row in matched}) / len(truth),
        "body_f1": sum(word_f1(item["article_body"], row["article_body"]) for item, row in matched) / n,
        "headline": sum(item["headline"] == row["headline"] for item, row in matched) / n,
    }


def test_generic_crawl_finds_articles_with_clean_bodies(crawl: tuple[str, CrawlResult]) -> None:
    mirror, result = crawl
    assert result.stats.get("finish_reason") == "finished", result.log[-2000:]
    score = scores(mirror, result)
    print(f"\ngeneric on {mirror}: " + ", ".join(f"{k} {v:.3f}" for k, v in score.items()))
    assert score["coverage"] >= 0.5, score
    assert score["body_f1"] >= 0.85, score
