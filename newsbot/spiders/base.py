"""NewsSpider: a site's profile, its page classes and the frontier, wired to Scrapy.

The spider only turns :class:`~newsbot.spiders.frontier.Fetch` decisions into requests and responses into
page objects. What to fetch is the frontier's business, reading pages is the page classes', and the
extraction pool, output preflight and failure accounting are extensions.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newsbot.downloadermiddlewares.offsite import OffsiteRequest
from newsbot.extensions.extraction import extraction_pool
from newsbot.extensions.failure_names import failure_detail, failure_reason
from newsbot.extensions.signals import page_failed
from newsbot.items import Article
from newsbot.pages.base import BaseArticlePage, NotAnArticle, page_class
from newsbot.pages.discovery import BadDocument, Link
from newsbot.pages.feed import FeedPage
from newsbot.pages.listing import ListingPage
from newsbot.pages.sitemap import SitemapPage
from newsbot.render.settings import apply_render_settings, renders
from newsbot.scaleout.settings import distributed_settings
from newsbot.scaleout.shared import shared_frontier
from newsbot.spiders.frontier import Fetch, Frontier, Limits
from newsbot.store import crawler_store

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

    from newsbot.profile import SiteProfile

logger = logging.getLogger(__name__)

#: Content types an article page may come with; anything else is counted as ``errors/not_html``.
_PAGE_TYPES = ("html", "xml", "text/plain", "json")


def content_type(response: Response) -> str:
    return (response.headers.get("Content-Type") or b"").decode("latin-1")


def plain_headers(response: Response) -> dict[str, str]:
    """The response headers page code may read, as plain strings (they cross process boundaries)."""
    kind = content_type(response)
    return {"Content-Type": kind} if kind else {}


def limits_from(settings: BaseSettings, since: date | None, max_articles: int | None) -> Limits:
    return Limits(
        since=since,
        max_articles=max_articles,
        max_listing_pages=settings.getint("NEWSBOT_MAX_LISTING_PAGES"),
        article_link_hops=settings.getint("NEWSBOT_ARTICLE_LINK_HOPS"),
        revisit_hours=settings.getfloat("NEWSBOT_REVISIT_HOURS"),
        failed_retry=timedelta(hours=settings.getfloat("NEWSBOT_FAILED_RETRY_HOURS")),
        failed_max_attempts=settings.getint("NEWSBOT_FAILED_MAX_ATTEMPTS"),
    )


class NewsSpider(scrapy.Spider):
    """Finds a site's articles through its feeds, sitemaps, section pages and listings.

    Arguments (``-a``): ``since=YYYY-MM-DD`` skips older articles and stops paging listings past
    it; ``max_articles=N`` stops after N articles were emitted. With a database configured, each
    run continues the last (see :mod:`newsbot.spiders.frontier`).
    """

    profile: ClassVar[SiteProfile]
    frontier: Frontier

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        settings.setdict(dict(cls.profile.settings), priority="spider")
        # Only a crawl that renders gets the browser's handler and middleware: the others pay nothing.
        if renders(settings, cls.profile.render):
            apply_render_settings(settings)
        # NEWSBOT_REDIS_URL: many workers share one frontier (docs/scale-out.md).
        settings.setdict(distributed_settings(settings), priority="spider")

    def __init__(
        self, *args: Any, since: str | None = None, max_articles: str | int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(self.profile.all_hosts)
        self.since: date | None = date.fromisoformat(since) if since else None
        self.max_articles = int(max_articles) if max_articles not in (None, "") else None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider: Self = super().from_crawler(crawler, *args, **kwargs)
        spider.frontier = Frontier(
            spider.profile,
            None,
            limits_from(crawler.settings, spider.since, spider.max_articles),
            spider.count,
        )
        # Connected rather than called from _failed: the failure extension reports redirect loops too.
        crawler.signals.connect(spider._record_failure, signal=page_failed)
        return spider

    # -- requests ----------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        # Opened only now, after the output preflight extension checked the database.
        self.frontier.store = crawler_store(self.crawler)
        shared = shared_frontier(self.crawler)
        if shared is not None:
            # One worker seeds a shared crawl; every worker dates "this run" from its start.
            seeds, self.frontier.run_started = shared.claim_seed()
            if not seeds:
                return
        for fetch in self.frontier.entry_points():
            yield self.request(fetch)

    def request(self, fetch: Fetch) -> Request:
        callbacks = {
            "feed": self.parse_feed,
            "sitemap": self.parse_sitemap,
            "robots": self.parse_robots,
            "section": self.parse_section,
            "listing": self.parse_listing,
            "article": self.parse_article,
        }
        url, meta = fetch.url, dict(fetch.meta)
        if fetch.kind == "article":
            url = self.article_page.data_url(fetch.url, self.profile)
            if url != fetch.url:
                # The site serves the article's data apart from its page; the item keeps the page URL.
                meta["newsbot_article_url"] = fetch.url
        return Request(url, callback=callbacks[fetch.kind], errback=self.on_error, meta=meta)

    def requests(self, fetches: Iterable[Fetch]) -> Iterator[Request]:
        return (self.request(fetch) for fetch in fetches)

    @property
    def article_page(self) -> type[BaseArticlePage]:
        return page_class(self.profile)

    # -- discovery ---------------------------------------------------------------------------

    def count(self, key: str, value: int = 1) -> None:
        """Add to the ``newsbot/<key>`` stat (the stats collector exists once the crawl starts)."""
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newsbot/{key}", value)

    _stat = count

    def _read(self, response: Response, read: Any) -> list[Link] | None:
        """Links of a feed or sitemap page object, or ``None`` when it cannot be read at all."""
        kind = response.meta.get("newsbot_kind", "xml")
        try:
            links: list[Link] = read()
        except BadDocument as exc:
            self._stat(f"errors/bad_{kind}")
            logger.warning("Unreadable %s %s: %s", kind, response.url, exc)
            return None
        return links

    def _report_damage(self, response: Response, problems: list[str]) -> None:
        if problems:
            # Links before the damage are kept: a feed cut off mid-item still names its news.
            kind = response.meta.get("newsbot_kind", "xml")
            self._stat(f"discovery/{kind}/recovered")
            logger.warning("Malformed %s %s, read up to the damage: %s", kind, response.url, problems[0])

    def parse_robots(self, response: Response) -> Iterator[Request]:
        text = response.text if hasattr(response, "text") else ""
        yield from self.requests(self.frontier.robots_sitemaps(text))

    def parse_feed(self, response: Response) -> Iterator[Request]:
        page = (self.profile.feed_page or FeedPage)(
            response.url, response.body, self.profile, headers=plain_headers(response)
        )
        links = self._read(response, page.links)
        if links is None:
            return
        self._report_damage(response, page.problems)
        self._stat("discovery/feed/pages")
        yield from self.requests(self.frontier.article_fetches(links, "feed"))

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        page = (self.profile.sitemap_page or SitemapPage)(
            response.url, response.body, self.profile, headers=plain_headers(response)
        )
        links = self._read(response, page.links)
        if links is None:
            return
        self._report_damage(response, page.problems)
        self._stat("discovery/sitemap/pages")
        if not page.is_index:
            yield from self.requests(self.frontier.article_fetches(links, "sitemap"))
            # Recorded after its URLs: a run killed in between reads this sitemap again.
            self.frontier.sitemap_read(response.url, response.meta.get("newsbot_lastmod"))
            return
        yield from self.requests(
            self.frontier.sitemap_children(
                response.url,
                links,
                depth=response.meta.get("depth_in_sitemap", 0),
                chain=response.meta.get("newsbot_sitemap_chain", ()),
            )
        )

    def _listing(self, response: Response) -> ListingPage:
        return (self.profile.listing_page or ListingPage)(
            response.url, response.body, self.profile, headers=plain_headers(response)
        )

    def parse_section(self, response: Response) -> Iterator[Request]:
        self._stat("discovery/section/pages")
        links = self._listing(response).links()
        yield from self.requests(self.frontier.article_fetches(links, "section"))
        yield from self.requests(self.frontier.listing_entries(links))

    def parse_listing(self, response: Response) -> Iterator[Request]:
        self._stat("discovery/listing/pages")
        page = self._listing(response)
        fetches = self.frontier.listing_fetches(
            response.url, page.links(), page.next_page(), int(response.meta.get("newsbot_listing_pages", 1))
        )
        yield from self.requests(fetches)

    # -- articles ----------------------------------------------------------------------------

    def _page_fault(self, response: Response) -> str | None:
        """Why a page fetched as an article cannot be one whatever its markup, or ``None``."""
        if not response.body.strip():
            return "empty_page"
        mime = content_type(response).partition(";")[0].strip().lower()
        if mime and not any(kind in mime for kind in _PAGE_TYPES):
            return "not_html"
        return None

    async def parse_article(self, response: Response) -> AsyncIterator[Article | Request]:
        fetched = datetime.now(UTC)
        request = response.request or Request(response.url)
        fault = self._page_fault(response)
        if fault is not None:
            kind = content_type(response) or "no Content-Type"
            self._failed(request, fault, f"{len(response.body)} bytes, {kind}")
            return
        hops = int(response.meta.get("newsbot_hops", 0))
        follow = self.frontier.follows_links(hops)
        url = response.meta.get("newsbot_article_url", response.url)
        try:
            extracted = await extraction_pool(self.crawler).extract(
                self.profile, url, response.body, plain_headers(response), fetched, follow
            )
        except NotAnArticle as exc:
            self._stat("pages/not_article")
            logger.info("Not an article: %s (%s)", response.url, exc)
            for follow_up in self.not_an_article(response, str(exc), hops):
                yield follow_up
            return
        for key, detail in extracted.notes:
            self._stat(key)
            logger.info("%s: %s (%s)", key, response.url, detail)
        item = extracted.item
        skipped = self.frontier.admit(item, response.meta.get("newsbot_id"))
        if skipped == "older_than_since":
            self._stat("pages/older_than_since")
            self.frontier.page_done(
                self._state_url(request), "older_than_since", item.date_published or "", item.id
            )
            return
        if skipped == "duplicate_after_redirect":
            self._stat("pages/duplicate_after_redirect")
            return
        if skipped is not None:
            return
        yield item
        if self.frontier.full:
            raise CloseSpider("max_articles")
        for follow_up in self.requests(
            self.frontier.article_fetches((Link(link) for link in extracted.links), "article_page", hops + 1)
        ):
            yield follow_up

    def not_an_article(self, response: Response, reason: str, hops: int) -> Iterable[Request]:
        """A page fetched as an article that is none: on record, so no run fetches it again."""
        request = response.request or Request(response.url)
        self.frontier.page_done(self._state_url(request), "not_article", reason, self._requested_id(request))
        return ()

    @staticmethod
    def _state_url(request: Request) -> str:
        return str(request.meta.get("newsbot_state_url", request.url))

    @staticmethod
    def _requested_id(request: Request) -> str | None:
        return request.meta.get("newsbot_id")

    # -- failures ----------------------------------------------------------------------------

    def _failed(self, request: Request, reason: str, detail: str) -> None:
        """Report a lost page; the failure extension counts and logs it (docs/faults.md)."""
        self.crawler.signals.send_catch_log(page_failed, request=request, reason=reason, detail=detail)

    def _record_failure(self, request: Request, reason: str, **_: Any) -> None:
        """Record a lost article in the crawl state, so a later run retries it after a while."""
        if request.meta.get("newsbot_kind") != "article":
            return
        chain = request.meta.get("redirect_urls") or []
        origin = request.meta.get("newsbot_state_url") or (chain[0] if chain else request.url)
        self.frontier.page_failed(origin, reason, self._requested_id(request))

    def on_error(self, failure: Failure) -> Iterator[Request]:
        request: Request = failure.request  # type: ignore[attr-defined]
        exc = failure.value
        assert exc is not None
        if isinstance(exc, OffsiteRequest):
            return  # counted and logged by the offsite middleware
        if isinstance(exc, HttpError) and exc.response.status == 404:
            alternates = list(request.meta.get("newsbot_alternates", ()))
            if alternates:
                # A fresh request: Scrapy's own meta (retries, redirects) does not carry over.
                meta = {k: v for k, v in request.meta.items() if k.startswith("newsbot_")}
                meta["newsbot_alternates"] = alternates[1:]
                meta.setdefault("newsbot_state_url", request.url)
                self._stat("retries/alternate_url")
                yield Request(
                    alternates[0],
                    callback=request.callback,
                    errback=request.errback,
                    meta=meta,
                    dont_filter=True,
                )
                return
        self._failed(request, failure_reason(exc), failure_detail(exc))
