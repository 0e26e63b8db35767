"""The throughput baseline: a bare Scrapy spider that walks RT Arabic's discovery pages as newsbot does
and fetches every article once, yielding only ``{"url": ...}``: no extraction, no pipelines, no state.

    scrapy runspider bench/bare_spider.py -s NEWSBOT_MIRROR=http://127.0.0.1:PORT \
        -s NEWSBOT_STATS_PATH=stats.json

It reads its entry points and URL shapes from the same site profile as ``scrapy crawl rt_arabic``
(feeds, robots.txt, the sitemap index and its sub-sitemaps, section pages, paged listings), and
downloads through the same ``NEWSBOT_MIRROR`` download handler, so both spiders hit the same local
server for the same pages. Articles are told apart by their numeric id, as newsbot does, so a story
linked from a mirror host, a legacy ``/news/<id>/`` address and a feed is fetched once.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from scrapy.http import Request, Response, TextResponse
from scrapy.utils.sitemap import Sitemap

from newsbot.sites.rt_arabic import PROFILE

_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


class BareSpider(scrapy.Spider):
    name = "bare"
    custom_settings: dict[str, Any] | None = {  # noqa: RUF012 (Scrapy's own declaration)
        "DOWNLOAD_HANDLERS": {
            "http": "newsbot.downloadhandlers.mirror.MirrorDownloadHandler",
            "https": "newsbot.downloadhandlers.mirror.MirrorDownloadHandler",
        },
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "newsbot.downloadermiddlewares.retry.BackoffRetryMiddleware": 550,
        },
        "ITEM_PIPELINES": {},
        # Only the stats file (the benchmark reads it); the run history would write to a database.
        "EXTENSIONS": {
            "newsbot.extensions.statsfile.StatsFile": 500,
            "newsbot.extensions.runs.RunHistory": None,
        },
        # Scrapy's own stats collector, not newsbot's faster one: the bare spider stays bare.
        "STATS_CLASS": "scrapy.statscollectors.MemoryStatsCollector",
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "COOKIES_ENABLED": False,
        "ROBOTSTXT_OBEY": True,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(PROFILE.hosts)
        self.seen_ids: set[int] = set()
        self.max_listing_pages = 100

    async def start(self) -> AsyncIterator[Request]:
        origin = PROFILE.origin
        for path in PROFILE.feeds:
            yield Request(origin + path, self.parse_feed)
        for path in PROFILE.sitemaps:
            yield Request(origin + path, self.parse_sitemap)
        yield Request(origin + "/robots.txt", self.parse_robots, meta={"dont_obey_robotstxt": True})
        for path in PROFILE.section_pages:
            yield Request(origin + path, self.parse_section)
        for template in PROFILE.listings:
            yield Request(origin + template.format(page=PROFILE.listing_first_page), self.parse_listing)

    # -- links -----------------------------------------------------------------------------------

    def _article(self, url: str) -> Request | None:
        """A request for an article link not fetched yet, on the canonical host, without query or
        AMP tail; ``None`` for anything else."""
        parts = urlsplit(url.strip())
        if (parts.hostname or "").lower().removeprefix("www.") not in PROFILE.hosts:
            return None
        path = _ESCAPE.sub(lambda m: m.group(0).upper(), parts.path)
        match = PROFILE.article_path.match(path)
        if match is None:
            match = next((m for alias in PROFILE.article_aliases if (m := alias.match(path))), None)
        if match is None:
            return None
        identifier = int(match.group("id"))
        if identifier in self.seen_ids:
            return None
        self.seen_ids.add(identifier)
        if path.rstrip("/").endswith("/amp"):
            path = path.rstrip("/")[: -len("/amp")]
        target = urlunsplit((PROFILE.scheme, PROFILE.canonical_host, path, "", ""))
        return Request(target, self.parse_article)

    def _articles(self, urls: Iterator[str] | list[str], base: str) -> Iterator[Request]:
        for url in urls:
            request = self._article(urljoin(base, url.strip()))
            if request is not None:
                yield request

    # -- callbacks ------------------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[Request]:
        for line in response.text.splitlines():
            name, _, value = line.partition(":")
            if name.strip().lower() == "sitemap" and value.strip():
                yield Request(value.strip(), self.parse_sitemap)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        response.selector.remove_namespaces()
        for item in response.xpath("//item"):
            guid = (item.xpath("guid/text()").get() or "").strip()
            link = guid if guid.startswith(("http://", "https://", "/")) else item.xpath("link/text()").get()
            if link:
                yield from self._articles([link], response.url)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        sitemap = Sitemap(response.body)
        if sitemap.type == "sitemapindex":
            for entry in sitemap:
                yield Request(response.urljoin(entry["loc"]), self.parse_sitemap)
        else:
            yield from self._articles([entry["loc"] for entry in sitemap], response.url)

    def parse_section(self, response: Response) -> Iterator[Request]:
        yield from self._articles(response.css("a::attr(href)").getall(), response.url)
        targets = response.css("a::attr(href), [data-url*='/listing/']::attr(data-url)").getall()
        for target in targets:
            url = response.urljoin(target.strip())
            parts = urlsplit(url)
            if PROFILE.owns_host(parts.hostname or "") and self._listing_page(parts.path) is not None:
                yield Request(url, self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        hrefs = response.css("a::attr(href)").getall()
        if not any(PROFILE.article_path.match(urlsplit(response.urljoin(h)).path) for h in hrefs):
            return
        yield from self._articles(hrefs, response.url)
        parts = urlsplit(response.url)
        page = self._listing_page(parts.path)
        if page is not None and page - PROFILE.listing_first_page + 1 < self.max_listing_pages:
            head = parts.path.rstrip("/").rpartition("/")[0]
            next_url = urlunsplit((parts.scheme, parts.netloc, f"{head}/{page + 1}", parts.query, ""))
            yield Request(next_url, self.parse_listing)

    @staticmethod
    def _listing_page(path: str) -> int | None:
        match = PROFILE.listing_path.match(path) if PROFILE.listing_path is not None else None
        return int(match.group("page")) if match else None

    def parse_article(self, response: Response) -> Iterator[dict[str, str]]:
        yield {"url": response.url}
