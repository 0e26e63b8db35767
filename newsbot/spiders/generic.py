"""``scrapy crawl generic -a start=URL[,URL…] [-a allowed=DOMAIN[,…]] [-a render=true]``: any news site.

Start URLs may be feeds, sitemaps (index or url set, news sitemaps included) or HTML pages; what they
are is read from the response. Every page on the allowed domains (default: the start URLs' hosts) is
a candidate: the generic extractor decides whether it is an article from its markup, JSON-LD type
and text density, with no URL pattern. Pages that are not articles (home, sections, tags, authors)
are followed for their links up to ``depth`` steps from the start URLs, and are fetched again by
the next run, since listings change; articles are stored once, as by a site spider, with the same
pipelines, ``since``, ``max_articles``, incremental state and outputs. Ids are
``generic:<host>:<key>``. With ``render=true`` every page is rendered in Chromium first
(docs/rendering.md), for sites whose articles exist only after their scripts run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response

from newsbot.pages.generic import generic_profile
from newsbot.pages.listing import ListingPage
from newsbot.profile import bare_host
from newsbot.render.actions import ClickMore, Scroll
from newsbot.render.plan import RenderPlan
from newsbot.render.settings import apply_render_settings, renders
from newsbot.spiders.base import NewsSpider, plain_headers
from newsbot.store import crawler_store

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

#: Status of a page that is not an article in the crawl state: not final, so the next run reads it again.
LISTING_STATUS = "listing"
#: A "load more" control that is a button, not a link ("المزيد", "عرض المزيد", "Load more", …).
MORE_BUTTON = ", ".join(
    f'{tag}:has-text("{label}")'
    for tag in ("button", "[role=button]")
    for label in ("المزيد", "Load more", "Show more")
)
#: With ``-a render=true``, on a start page: its "load more" button is clicked while the links grow (no
#: wait when it has none), then the page is scrolled to the bottom until its links stop growing (at
#: most five times), for infinite-scroll fronts; a page that does not grow costs one wait of 5 s.
START_PAGE_ACTIONS = (
    ClickMore(MORE_BUTTON, items="a[href]", times=5),
    Scroll(items="a[href]", times=5),
)


def _hosts(values: Iterable[str]) -> list[str]:
    found = []
    for value in values:
        host = (urlsplit(value).hostname if "//" in value else value.strip().split("/")[0]) or ""
        host = bare_host(host)
        if host and host not in found:
            found.append(host)
    return found


class GenericSpider(NewsSpider):
    name = "generic"
    #: Replaced per crawl by the profile of the start URLs' hosts.
    profile = generic_profile(["generic.invalid"])

    def __init__(
        self,
        *args: Any,
        start: str = "",
        allowed: str = "",
        timezone: str = "UTC",
        depth: str | int = 2,
        render: str = "",
        **kwargs: Any,
    ) -> None:
        self.start_urls_given = [url.strip() for url in start.split(",") if url.strip()]
        if not self.start_urls_given:
            raise ValueError("scrapy crawl generic needs -a start=URL[,URL…] (feeds, sitemaps or pages)")
        hosts = _hosts(allowed.split(",")) if allowed.strip() else _hosts(self.start_urls_given)
        self.profile = generic_profile(hosts, timezone=timezone)  # type: ignore[misc]
        if render.strip().lower() in ("1", "true", "yes", "on"):
            # Every page of the crawl in the browser: sites whose articles exist only after scripts run.
            # Nothing is known of the site's scripts: a page is read once its network has gone quiet,
            # and the start pages (home, sections) are scrolled down in case their lists grow that way.
            plan = RenderPlan.everything(wait_until="networkidle", section=START_PAGE_ACTIONS)
            self.profile = replace(self.profile, render=plan)  # type: ignore[misc]
        elif render.strip().lower() not in ("", "0", "false", "no", "off"):
            raise ValueError(f"-a render= takes true or false, not {render!r}")
        self.depth = int(depth)
        super().__init__(*args, **kwargs)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider: Self = super().from_crawler(crawler, *args, **kwargs)
        # The plan is known only now (update_settings runs before the spider's arguments are read);
        # the crawler's settings are still open until the spider exists.
        if spider.profile.render is not None and renders(crawler.settings, spider.profile.render):
            apply_render_settings(crawler.settings)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        self.frontier.store = crawler_store(self.crawler)
        for fetch in self.frontier.resumed():
            yield self.request(fetch)
        for url in self.start_urls_given:
            self._stat("requests/start")
            yield Request(
                url,
                callback=self.parse_start,
                errback=self.on_error,
                meta={"newsbot_kind": "section", "newsbot_hops": 0},
                dont_filter=True,
            )

    async def parse_start(self, response: Response) -> AsyncIterator[Any]:
        """A start URL is a feed, a sitemap or a page: read it as what it turns out to be."""
        head = response.body[:2048].lstrip().lower()
        if head.startswith((b"<?xml", b"<rss", b"<feed", b"<urlset", b"<sitemapindex")):
            if b"<urlset" in head or b"<sitemapindex" in head:
                response.meta["newsbot_kind"] = "sitemap"
                for request in self.parse_sitemap(response):
                    yield request
            else:
                response.meta["newsbot_kind"] = "feed"
                for request in self.parse_feed(response):
                    yield request
            return
        async for result in self.parse_article(response):
            yield result

    def not_an_article(self, response: Response, reason: str, hops: int) -> Iterator[Request]:
        """A home, section or tag page: its links are followed, and it is read again next run."""
        request = response.request or Request(response.url)
        self.frontier.page_done(self._state_url(request), LISTING_STATUS, reason, None)
        if hops >= self.depth:
            return
        page = ListingPage(response.url, response.body, self.profile, headers=plain_headers(response))
        yield from self.requests(self.frontier.article_fetches(page.links(), "listing", hops + 1))
