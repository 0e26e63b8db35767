"""NewsSpider: discovery driven by a SiteProfile; every site's spider is this class plus a profile."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, date, datetime, timedelta
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import scrapy
from scrapy import signals
from scrapy.exceptions import CloseSpider
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newsbot.downloadermiddlewares.offsite import OffsiteRequest
from newsbot.failures import failure_detail, failure_reason, quiet_scrapy_duplicates
from newsbot.items import Article
from newsbot.pages.article import NotAnArticle, read_article_page
from newsbot.pages.discovery import BadDocument, Link, feed_links, page_links, sitemap_links
from newsbot.pages.encoding import decode_html
from newsbot.pages.worker import extract_page, watch_parent
from newsbot.preflight import check_outputs
from newsbot.store import crawler_store
from newsbot.text import parse_date
from newsbot.urls import article_id, article_match, clean_url, link_kind, toggle_trailing_slash

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from newsbot.sites.base import SiteProfile
    from newsbot.store import Store

logger = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 3
#: Raw links whose cleaned form is remembered (bounded, so memory stays flat on long crawls).
CLEANED_MEMO = 50_000
#: Content types an article page may come with; anything else is counted as ``errors/not_html``.
_PAGE_TYPES = ("html", "xml", "text/plain")


def _content_type(response: Response) -> str:
    return (response.headers.get("Content-Type") or b"").decode("latin-1")


def _day(value: datetime | date | None, zone: str) -> date | None:
    """The calendar day of a parsed date on the site's own clock (what ``since`` is compared with)."""
    if isinstance(value, datetime):
        return value.astimezone(ZoneInfo(zone)).date()
    return value


def extract_workers(setting: object) -> int:
    """Worker processes for page code: ``auto`` is one when the machine has a second core.

    >>> extract_workers("0"), extract_workers(2)
    (0, 2)
    """
    if setting in (None, "", "auto"):
        return 1 if (os.cpu_count() or 1) >= 2 else 0
    return max(0, int(str(setting)))


class NewsSpider(scrapy.Spider):
    """Finds a site's articles through its feeds, sitemaps, section pages and listings.

    Arguments (``-a``): ``since=YYYY-MM-DD`` skips older articles and stops paging listings past
    it; ``max_articles=N`` stops after N articles were emitted.

    With a database configured, each run continues the last: URLs a run left unfinished and
    failed URLs whose retry is due are fetched first, articles already stored are not fetched
    again unless the sitemap's ``lastmod`` says they changed (or ``NEWSBOT_REVISIT_HOURS`` asks
    for recent ones), unchanged sub-sitemaps are skipped, and listing paging stops at the first
    page that holds nothing new.
    """

    profile: ClassVar[SiteProfile]

    def __init__(
        self, *args: Any, since: str | None = None, max_articles: str | int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(self.profile.hosts)
        self.since: date | None = date.fromisoformat(since) if since else None
        self.max_articles = int(max_articles) if max_articles not in (None, "") else None
        self.emitted = 0
        self.scheduled_ids: set[str] = set()
        self.counted: set[tuple[str, str]] = set()
        self.cleaned: dict[str, tuple[str, str | None]] = {}
        self.sitemaps_requested: set[str] = set()
        self.store: Store | None = None
        self.extractor: ProcessPoolExecutor | None = None
        self.run_started = datetime.now(UTC).isoformat(timespec="seconds")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        # Before anything is opened or fetched: an output that cannot be written or a locked
        # database stops the run here, with one clear line and a non-zero exit.
        check_outputs(crawler.settings, cls.name)
        spider: Self = super().from_crawler(crawler, *args, **kwargs)
        workers = extract_workers(crawler.settings.get("NEWSBOT_EXTRACT_WORKERS"))
        if workers:
            # spawn, not fork: the crawl process already runs threads and a reactor.
            spider.extractor = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=get_context("spawn"),
                initializer=watch_parent,
                initargs=(os.getpid(),),
            )
        spider.store = crawler_store(crawler)
        quiet_scrapy_duplicates()
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        return spider

    @property
    def state(self) -> Store | None:
        return self.store

    def closed(self, reason: str) -> None:
        if self.extractor is not None:
            self.extractor.shutdown(wait=True, cancel_futures=True)
            self.extractor = None

    # -- entry points -----------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        for request in self._resumed():
            yield request
        profile = self.profile
        for path in profile.feeds:
            yield self._request(
                profile.origin + path,
                self.parse_feed,
                "feed",
                newsbot_alternates=[toggle_trailing_slash(profile.origin + path)],
            )
        for path in profile.sitemaps:
            yield self._sitemap_request(profile.origin + path)
        robots = self._request(profile.origin + "/robots.txt", self.parse_robots, "robots")
        robots.meta["dont_obey_robotstxt"] = True
        yield robots
        for path in profile.section_pages:
            yield self._request(profile.origin + path, self.parse_section, "section")
        for template in profile.listings:
            url = profile.origin + template.format(page=profile.listing_first_page)
            yield self._request(url, self.parse_listing, "listing")

    def _resumed(self) -> Iterator[Request]:
        """What earlier runs left undone: URLs discovered but never finished, and due retries."""
        if self.state is None:
            return
        for pending in self.state.pending_urls(self.profile.name):
            identifier = pending.article_id or article_id(pending.url, self.profile)
            if identifier is None or identifier in self.scheduled_ids:
                continue
            self.scheduled_ids.add(identifier)
            self._stat(f"incremental/resumed_{pending.status}")
            yield self._article_request(pending.url, pending.url, identifier)

    def _request(self, url: str, callback: Any, kind: str, **meta: Any) -> Request:
        self._stat(f"requests/{kind}")
        return Request(url, callback=callback, errback=self.on_error, meta={"newsbot_kind": kind, **meta})

    def _sitemap_request(self, url: str, **meta: Any) -> Request:
        self.sitemaps_requested.add(url)
        return self._request(url, self.parse_sitemap, "sitemap", **meta)

    def _article_request(self, url: str, discovered: str, identifier: str, hops: int = 0) -> Request:
        return self._request(
            url,
            self.parse_article,
            "article",
            newsbot_id=identifier,
            newsbot_state_url=url,
            newsbot_alternates=self._alternates(discovered, url),
            newsbot_hops=hops,
        )

    def _alternates(self, discovered: str, cleaned: str) -> list[str]:
        """Other addresses of the same page, tried in turn after a 404: mirrors disagree on trailing
        slashes, and some pages only exist in the form they were linked in (an AMP page, say)."""
        candidates = [toggle_trailing_slash(cleaned)]
        parts = urlsplit(discovered)
        if self.profile.owns_host(parts.hostname or ""):
            origin = urlsplit(cleaned)
            candidates.append(urlunsplit((origin.scheme, origin.netloc, parts.path, "", "")))
        return [c for c in dict.fromkeys(candidates) if c != cleaned]

    # -- discovery ---------------------------------------------------------------------------

    def _stat(self, key: str, count: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newsbot/{key}", count)

    def _instant(self, raw: str | None) -> str | None:
        """A comparable UTC form of a feed or sitemap date (``lastmod``, ``pubDate``)."""
        if not raw:
            return None
        parsed = parse_date(raw, tz=self.profile.timezone)
        if isinstance(parsed, datetime):
            return parsed.astimezone(UTC).isoformat(timespec="seconds")
        return parsed.isoformat() if parsed is not None else None

    def _too_old(self, raw: str | None) -> bool:
        if self.since is None or not raw:
            return False
        day = _day(parse_date(raw, tz=self.profile.timezone), self.profile.timezone)
        return day is not None and day < self.since

    def _recent(self, instant: str | None) -> bool:
        hours = self.settings.getfloat("NEWSBOT_REVISIT_HOURS")
        if hours <= 0 or instant is None:
            return False
        try:
            when = datetime.fromisoformat(instant)
        except ValueError:
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return datetime.now(UTC) - when <= timedelta(hours=hours)

    def article_requests(self, links: Iterable[Link], via: str, hops: int = 0) -> Iterator[Request]:
        """Requests for the article links among ``links`` that are new, changed or unfinished;
        everything else is counted and left."""
        candidates: list[tuple[Link, str, str]] = []
        for link in links:
            kind = link_kind(link.url, self.profile)
            identifier = None
            if kind == "article":
                url, identifier = self._cleaned(link.url)
            if identifier is None:
                if kind != "offsite":
                    self._stat(f"discovery/{via}/not_article")
                continue
            self._stat(f"discovery/{via}/article_links")
            candidates.append((link, url, identifier))
        if not candidates:
            return
        lastmods = {url: self._instant(link.date_raw) for link, url, _ in candidates}
        known: dict[str, Any] = {}
        done: set[str] = set()
        fresh = [
            (url, identifier) for _, url, identifier in candidates if identifier not in self.scheduled_ids
        ]
        if self.state is not None and fresh:
            known = self.state.lookup_urls([url for url, _ in fresh])
            done = self.state.done_ids([identifier for _, identifier in fresh])
        requests: list[Request] = []
        scheduled: set[str] = set()
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for link, url, identifier in candidates:
            if identifier in self.scheduled_ids:
                self._stat("discovery/duplicate_links")
                continue
            # Not marked as scheduled: a later link to the same article may carry a newer lastmod.
            if url in known and known[url].waiting(now):
                self._count_once("incremental/failed_waiting", identifier)
                continue
            if identifier in done and not self._changed(via, known.get(url), lastmods[url]):
                self._count_once("discovery/known_skipped", identifier)
                continue
            if self._too_old(link.date_raw):
                self._stat("discovery/older_than_since")
                continue
            self.scheduled_ids.add(identifier)
            requests.append(self._article_request(url, link.url, identifier, hops))
            scheduled.add(url)
        if self.state is not None:
            # Every URL about to be fetched is on record before its request exists, so a run killed
            # now is finished by the next; a sitemap's lastmod is kept even for known articles.
            entries = [
                (url, identifier, lastmods[url] if via == "sitemap" else None)
                for _, url, identifier in candidates
                if url in scheduled or (via == "sitemap" and lastmods[url] is not None)
            ]
            if entries:
                self.state.record_discovered(self.profile.name, entries)
        yield from requests

    def _cleaned(self, raw: str) -> tuple[str, str | None]:
        """Clean URL and article id of a raw link; memoised, since related-headline lists repeat
        the same popular links on thousands of pages."""
        found = self.cleaned.get(raw)
        if found is None:
            if len(self.cleaned) >= CLEANED_MEMO:
                self.cleaned.clear()
            url = clean_url(raw, self.profile)
            found = self.cleaned[raw] = (url, article_id(url, self.profile))
        return found

    def _count_once(self, key: str, identifier: str) -> None:
        if (key, identifier) not in self.counted:
            self.counted.add((key, identifier))
            self._stat(key)

    def _changed(self, via: str, stored: Any, lastmod: str | None) -> bool:
        """Whether a stored article should be fetched again for a possible update."""
        newer = (
            lastmod is not None
            and stored is not None
            and stored.lastmod is not None
            and lastmod > stored.lastmod
        )
        if via == "sitemap" and newer:
            self._stat("incremental/refetch_lastmod")
            return True
        if self._recent(lastmod):
            self._stat("incremental/refetch_recent")
            return True
        return False

    def _decode_xml(self, response: Response, parse: Any) -> Any:
        kind = response.meta.get("newsbot_kind", "xml")
        problems: list[str] = []
        try:
            document = parse(response.body, response.url, problems=problems)
        except BadDocument as exc:
            self._stat(f"errors/bad_{kind}")
            logger.warning("Unreadable %s %s: %s", kind, response.url, exc)
            return None
        if problems:
            # Links before the damage are kept: a feed cut off mid-item still names its news.
            self._stat(f"discovery/{kind}/recovered")
            logger.warning("Malformed %s %s, read up to the damage: %s", kind, response.url, problems[0])
        return document

    def parse_robots(self, response: Response) -> Iterator[Request]:
        """Sitemaps announced in robots.txt, beyond the ones the profile names."""
        for line in response.text.splitlines() if hasattr(response, "text") else []:
            name, _, value = line.partition(":")
            if name.strip().lower() == "sitemap" and value.strip():
                url = clean_url(value.strip(), self.profile)
                if self.profile.owns_host(urlsplit(url).hostname or ""):
                    yield self._sitemap_request(url)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        links = self._decode_xml(response, feed_links)
        if links is None:
            return
        self._stat("discovery/feed/pages")
        yield from self.article_requests(links, "feed")

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        sitemap = self._decode_xml(response, sitemap_links)
        if sitemap is None:
            return
        self._stat("discovery/sitemap/pages")
        if not sitemap.is_index:
            yield from self.article_requests(sitemap.links, "sitemap")
            if self.state is not None:
                # Recorded after its URLs: a run killed in between reads this sitemap again.
                self.state.record_document(
                    self.profile.name, response.url, response.meta.get("newsbot_lastmod")
                )
            return
        depth = response.meta.get("depth_in_sitemap", 0) + 1
        if depth > MAX_SITEMAP_DEPTH:
            self._stat("errors/sitemap_too_deep")
            logger.warning(
                "Sitemap index nested deeper than %d levels at %s", MAX_SITEMAP_DEPTH, response.url
            )
            return
        chain = [*response.meta.get("newsbot_sitemap_chain", ()), clean_url(response.url, self.profile)]
        looped = False
        for link in sitemap.links:
            url = clean_url(link.url, self.profile)
            if not self.profile.owns_host(urlsplit(url).hostname or ""):
                self._stat("discovery/sitemap/offsite")
                continue
            if url in chain:
                if not looped:
                    looped = True
                    self._stat("errors/sitemap_loop")
                    logger.warning(
                        "Sitemap index %s lists itself or an index above it: %s", response.url, url
                    )
                continue
            if url in self.sitemaps_requested:
                self._stat("discovery/sitemap/duplicate")
                continue
            if self._too_old(link.date_raw):
                self._stat("discovery/sitemap/older_than_since")
                continue
            lastmod = self._instant(link.date_raw)
            seen = self.state.document_lastmod(url) if self.state is not None else None
            if lastmod is not None and seen is not None and lastmod <= seen:
                self._stat("incremental/sitemap_unchanged")
                continue
            yield self._sitemap_request(
                url, depth_in_sitemap=depth, newsbot_lastmod=lastmod, newsbot_sitemap_chain=chain
            )

    def _html(self, response: Response) -> str:
        return decode_html(response.body, _content_type(response)).text

    def parse_section(self, response: Response) -> Iterator[Request]:
        self._stat("discovery/section/pages")
        links = page_links(self._html(response), response.url, self.profile)
        yield from self.article_requests(links, "section")
        for link in links:
            if self._listing_page(link.url) is not None:
                yield self._request(clean_url(link.url, self.profile), self.parse_listing, "listing")

    def _listing_page(self, url: str) -> int | None:
        pattern = self.profile.listing_path
        parts = urlsplit(url)
        if pattern is None or not self.profile.owns_host(parts.hostname or ""):
            return None
        match = pattern.match(parts.path)
        return int(match.group("page")) if match else None

    def _known_before_this_run(self, links: list[Link]) -> bool:
        if self.state is None:
            return False
        ids = [
            i for i in (article_id(clean_url(link.url, self.profile), self.profile) for link in links) if i
        ]
        return bool(ids) and self.state.done_ids(ids, before=self.run_started) == set(ids)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        self._stat("discovery/listing/pages")
        links = [
            link
            for link in page_links(self._html(response), response.url, self.profile)
            if article_match(clean_url(link.url, self.profile), self.profile)
        ]
        if not links:
            return
        nothing_new = self._known_before_this_run(links)
        yield from self.article_requests(links, "listing")
        if nothing_new:
            self._stat("incremental/listing_stopped_known")
            return
        dated = [
            _day(parse_date(link.date_raw, tz=self.profile.timezone), self.profile.timezone)
            for link in links
            if link.date_raw
        ]
        if self.since is not None and dated and all(d is not None and d < self.since for d in dated):
            self._stat("discovery/listing/stopped_at_since")
            return
        page = self._listing_page(response.url)
        max_pages = self.settings.getint("NEWSBOT_MAX_LISTING_PAGES")
        if page is None or page - self.profile.listing_first_page + 1 >= max_pages:
            if page is not None:
                self._stat("discovery/listing/page_cap")
                logger.info(
                    "Listing paging stopped at NEWSBOT_MAX_LISTING_PAGES (%d): %s", max_pages, response.url
                )
            return
        parts = urlsplit(response.url)
        head, _, _ = parts.path.rstrip("/").rpartition("/")
        next_url = urlunsplit((parts.scheme, parts.netloc, f"{head}/{page + 1}", parts.query, ""))
        yield self._request(next_url, self.parse_listing, "listing")

    # -- articles ----------------------------------------------------------------------------

    def _mark(self, request: Request, status: str, reason: str) -> None:
        if self.state is not None:
            url = request.meta.get("newsbot_state_url", request.url)
            self.state.mark_url(
                self.profile.name, url, status, article_id=request.meta.get("newsbot_id"), reason=reason
            )

    def _page_fault(self, response: Response) -> str | None:
        """Why a page fetched as an article cannot be one whatever its markup, or ``None``."""
        if not response.body.strip():
            return "empty_page"
        mime = _content_type(response).partition(";")[0].strip().lower()
        if mime and not any(kind in mime for kind in _PAGE_TYPES):
            return "not_html"
        return None

    def _decode_page(self, response: Response) -> str:
        decoded = decode_html(response.body, _content_type(response))
        if decoded.problem is not None:
            kind = "undeclared" if decoded.problem.startswith("no charset") else "mismatch"
            self._stat(f"pages/charset/{kind}")
            logger.info("Charset of %s: %s", response.url, decoded.problem)
        return decoded.text

    async def _extract(
        self, url: str, html: str, fetched: datetime, want_links: bool
    ) -> tuple[Article, list[str]]:
        """Run the page code in the worker process when there is one, else on this thread."""
        if self.extractor is not None:
            try:
                job = self.extractor.submit(
                    extract_page, self.profile.name, url, html, fetched.isoformat(), want_links
                )
                item, links, not_article = await asyncio.wrap_future(job)
            except BrokenProcessPool:
                logger.warning("The extraction worker died; extracting on the crawl thread from now on")
                self._stat("errors/extract_worker")
                self.extractor = None
            else:
                if not_article is not None or item is None:
                    raise NotAnArticle(not_article or "no item")
                return item, links
        page = read_article_page(url, html, self.profile)
        return page.to_item(fetched), page.article_links() if want_links else []

    async def parse_article(self, response: Response) -> AsyncIterator[Article | Request]:
        fetched = datetime.now(UTC)
        request = response.request or Request(response.url)
        fault = self._page_fault(response)
        if fault is not None:
            content_type = _content_type(response) or "no Content-Type"
            self._failed(request, fault, f"{len(response.body)} bytes, {content_type}")
            return
        hops = int(response.meta.get("newsbot_hops", 0))
        # Related and most-read headlines reach articles that feeds and listings no longer show.
        # Not with `since`: those links carry no date, so most would be fetched only to be skipped.
        follow = self.since is None and hops < self.settings.getint("NEWSBOT_ARTICLE_LINK_HOPS")
        try:
            item, links = await self._extract(response.url, self._decode_page(response), fetched, follow)
        except NotAnArticle as exc:
            self._stat("pages/not_article")
            self._mark(response.request or Request(response.url), "not_article", str(exc))
            logger.info("Not an article: %s (%s)", response.url, exc)
            return
        if self.since is not None and item.date_published:
            published = _day(parse_date(item.date_published, tz=self.profile.timezone), self.profile.timezone)
            if published is not None and published < self.since:
                self._stat("pages/older_than_since")
                self._mark(response.request or Request(response.url), "older_than_since", item.date_published)
                return
        if item.id and item.id != response.meta.get("newsbot_id"):
            # A redirect or a rel=canonical named another id: the page is that article.
            if item.id in self.scheduled_ids and response.meta.get("newsbot_id") is not None:
                self._stat("pages/duplicate_after_redirect")
                return
            self.scheduled_ids.add(item.id)
        if self.max_articles is not None and self.emitted >= self.max_articles:
            return
        self.emitted += 1
        yield item
        if self.max_articles is not None and self.emitted >= self.max_articles:
            raise CloseSpider("max_articles")
        for follow_up in self.article_requests((Link(url) for url in links), "article_page", hops + 1):
            yield follow_up

    def _failed(self, request: Request, reason: str, detail: str) -> None:
        """Count, log (once, naming the page as discovered) and record a page that was lost."""
        kind = request.meta.get("newsbot_kind", "page")
        chain = request.meta.get("redirect_urls") or []
        origin = request.meta.get("newsbot_state_url") or (chain[0] if chain else request.url)
        attempts = int(request.meta.get("retry_times", 0)) + 1
        tried = f", last tried at {request.url}" if request.url != origin else ""
        self._stat(f"errors/{reason}")
        logger.warning(
            "%s %s failed (%s, %d attempt%s%s): %s",
            kind,
            origin,
            reason,
            attempts,
            "" if attempts == 1 else "s",
            tried,
            detail,
        )
        if kind == "article" and self.state is not None:
            self.state.mark_failed(
                self.profile.name,
                origin,
                reason,
                article_id=request.meta.get("newsbot_id"),
                backoff=timedelta(hours=self.settings.getfloat("NEWSBOT_FAILED_RETRY_HOURS")),
                max_attempts=self.settings.getint("NEWSBOT_FAILED_MAX_ATTEMPTS"),
            )

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

    def request_dropped(self, request: Request) -> None:
        """A request the scheduler refused as already seen: after a redirect, either a loop back
        to a URL of its own chain, or a redirect to a page fetched already."""
        chain = request.meta.get("redirect_urls")
        if not chain or "newsbot_kind" not in request.meta:
            return
        if request.url in chain:
            self._failed(request, "redirect_loop", f"redirects back to {request.url}")
        else:
            self._stat("discovery/redirect_to_seen")
