"""`scrapy crawl rt_arabic` against a mirror made of the fixture pages, reached every way the real
site links them: feeds with tracking tags, a sitemap, listing pages, mirror hosts, an id-only legacy
link that redirects, plus a programme page and a dead link."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from newsbot.mirror.server import MirrorServer
from newsbot.mirror.site import MirrorSite
from tests.crawl.runner import CrawlResult, run_crawl
from tests.fixturelib import FIXTURES, Case, cases

#: Compared with the fixture's reviewed expected.json for every stored article.
FIELDS = (
    "id",
    "canonical_url",
    "headline",
    "description",
    "article_body",
    "source",
    "date_published",
    "section",
)
DEAD = "https://arabic.rt.com/world/1799999-%D8%AE%D8%A8%D8%B1-%D9%85%D8%AD%D8%B0%D9%88%D9%81"
PROGRAMME = "https://arabic.rt.com/prg/telecast-41672/1748874-episode/"


def is_amp(case: Case) -> bool:
    return urlsplit(case.meta["url"]).path.rstrip("/").endswith("/amp")


def reachable_cases() -> list[Case]:
    return cases("articles", site="rt_arabic")


def rss(links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>خبر {n}</title><link><![CDATA[{link}]]></link>"
        f"<pubDate>Fri, 10 Oct 2025 09:{n:02d}:00 +0000</pubDate></item>"
        for n, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>RT Arabic</title>'
        f"<link>https://arabic.rt.com/</link>{items}</channel></rss>"
    ).encode()


def urlset(links: list[str]) -> bytes:
    body = "".join(
        f"<url><loc>{link}</loc><lastmod>2026-01-08T10:15:00+03:00</lastmod></url>" for link in links
    )
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'.encode()


def listing(paths: list[str]) -> bytes:
    cards = "".join(f'<div class="card"><a class="heading" href="{p}">عنوان</a></div>' for p in paths)
    return f"<div class='listing'>{cards}</div>".encode()


def build_mirror() -> tuple[MirrorSite, set[str]]:
    site = MirrorSite.from_fixtures(FIXTURES / "rt_arabic" / "articles")
    non_articles = MirrorSite.from_fixtures(FIXTURES / "rt_arabic" / "non_articles")
    site.update(non_articles)
    site.add("/robots.txt", b"User-agent: *\nAllow: /\n", "text/plain; charset=utf-8")
    # The AMP fixture only exists at its /amp address: the crawler asks for the canonical page
    # first and falls back to the address it was linked at.
    amp_links = [c.meta["url"] for c in cases("articles", site="rt_arabic") if is_amp(c)]
    reachable = [c for c in reachable_cases() if not is_amp(c)]
    canonical = [c.expected()["canonical_url"] for c in reachable]
    thirds = len(canonical) // 3
    feed_links = [f"{url}?utm_source=rss&utm_medium=rss&utm_campaign=RSS" for url in canonical[:thirds]]
    # The same articles again through a mirror host and through id-only legacy links.
    feed_links += [
        url.replace("https://arabic.rt.com", "https://rtarabic.com") + "/" for url in canonical[:3]
    ]
    for case in reachable[thirds : thirds + 2]:
        numeric = case.expected()["id"].split(":")[1]
        legacy = f"/news/{numeric}/"
        site.redirect(legacy, case.expected()["canonical_url"])
        feed_links.append(f"https://arabic.rt.com{legacy}")
    feed_links += [DEAD, PROGRAMME, *amp_links]
    site.add("/rss/", rss(feed_links), "application/rss+xml; charset=utf-8")
    site.add(
        "/sitemap.xml",
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
        b"<loc>https://arabic.rt.com/sitemap/2026-01.xml</loc><lastmod>2026-01-08</lastmod></sitemap>"
        b"<sitemap><loc>https://arabic.rt.com/sitemap.xml</loc></sitemap></sitemapindex>",
        "application/xml",
    )
    site.add("/sitemap/2026-01.xml", urlset(canonical[thirds : 2 * thirds]), "application/xml")
    paths = [urlsplit(url).path for url in canonical[2 * thirds :]]
    trend = "/listing/trend.53b3df9e611e9b8e648b45c9/noprepare/trend/10"
    site.add(f"{trend}/0", listing(paths[: len(paths) // 2]), "text/html; charset=utf-8")
    site.add(f"{trend}/1", listing(paths[len(paths) // 2 :] + paths[:1]), "text/html; charset=utf-8")
    site.add(f"{trend}/2", b"", "text/html; charset=utf-8")
    return site, {c.expected()["id"] for c in reachable_cases()}


@pytest.fixture(scope="module")
def mirror() -> tuple[MirrorSite, set[str]]:
    return build_mirror()


@pytest.fixture(scope="module")
def crawl(
    mirror: tuple[MirrorSite, set[str]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CrawlResult]:
    site, _ = mirror
    with MirrorServer(site) as server:
        yield run_crawl(server.url, tmp_path_factory.mktemp("fixture-crawl"))


def test_crawl_finishes(crawl: CrawlResult) -> None:
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert crawl.stats["finish_reason"] == "finished"
    assert "Traceback" not in crawl.log


def test_every_article_once_and_nothing_else(crawl: CrawlResult, mirror: tuple[MirrorSite, set[str]]) -> None:
    _, expected_ids = mirror
    assert sorted(row["id"] for row in crawl.rows) == sorted(expected_ids)
    assert sorted(item["id"] for item in crawl.items) == sorted(expected_ids)


def test_stored_fields_equal_reviewed_fixtures(crawl: CrawlResult) -> None:
    by_id = {item["id"]: item for item in crawl.items}
    for case in reachable_cases():
        expected = case.expected()
        stored = by_id[expected["id"]]
        assert {f: stored[f] for f in FIELDS} == {f: expected[f] for f in FIELDS}, case.name


def test_faults_and_repeats_are_counted(crawl: CrawlResult) -> None:
    assert (
        crawl.stat("newsbot/dead_links/http_404") + crawl.stat("newsbot/missing_entry_points/http_404") >= 1
    )
    assert crawl.stat("newsbot/retries/alternate_url") >= 2
    assert crawl.stat("newsbot/discovery/feed/not_article") == 1
    assert crawl.stat("newsbot/stored/sqlite") == crawl.stat("newsbot/stored/jsonl") == len(crawl.rows)
    assert crawl.stat("newsbot/discovery/listing/pages") == 3


def test_json_lines_are_utf8_arabic_without_escapes(crawl: CrawlResult) -> None:
    text = crawl.jsonl_bytes.decode("utf-8")
    assert "\\u0" not in text
    assert "الخارجية" in text
    assert text.endswith("\n") and len(text.splitlines()) == len(crawl.items)
