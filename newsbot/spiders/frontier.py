"""The crawl frontier: which links become requests, with no Scrapy engine involved.

Spiders parse responses into links with page classes and hand them here; the frontier answers with
:class:`Fetch` decisions. It knows the site's URL shapes (through the profile), the run's limits
(``since``, ``max_articles``, listing page cap, article-link hops) and, through the store, what earlier
runs did: unfinished URLs are resumed, stored articles are not fetched again unless a sitemap
``lastmod`` or ``NEWSBOT_REVISIT_HOURS`` says so, failed URLs wait for their retry time, unchanged
sub-sitemaps are skipped, and listing paging stops at a page of articles stored before this run.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from newsbot.pages.urls import article_id, clean_url, link_kind, toggle_trailing_slash
from newsbot.text import parse_date

if TYPE_CHECKING:
    from newsbot.items import Article
    from newsbot.pages.discovery import Link
    from newsbot.profile import SiteProfile
    from newsbot.store import Store

logger = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 3
#: Raw links whose kind and cleaned form are remembered (bounded, so memory stays flat on long crawls:
#: about 400 bytes an entry, so at most 4 MB; at 50,000 the memo alone made a 20,000-article crawl's
#: RSS step up by 40 MB halfway, bench/results.md). The least recently used tenth goes when it is
#: full: emptying it at once dropped the popular links with the rest.
CLEANED_MEMO = 10_000
#: Article ids the run remembers as scheduled, and (stat, id) pairs it remembers as counted: the
#: newest ones only, so a crawl of any length holds the same memory. An id that fell out is
#: answered by the store (``done_ids``) once its article is stored, and Scrapy's duplicate filter
#: drops a second request for the same URL, so at worst an article reached by another address
#: while still queued is fetched twice and stored once.
RECENT_IDS = 10_000

Counter = Callable[[str, int], None]


@dataclass(frozen=True, slots=True)
class Fetch:
    """A request to make: what it is for (``kind``) decides which page class reads the response."""

    url: str
    kind: str
    meta: dict[str, Any] = field(default_factory=dict)


class RecentSet:
    """A set of strings that keeps its newest ``limit`` members (the oldest tenth goes at once).

    >>> recent = RecentSet(10)
    >>> for n in range(12):
    ...     recent.add(str(n))
    >>> "0" in recent, "11" in recent, len(recent)
    (False, True, 10)
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._members: dict[Any, None] = {}

    def __contains__(self, key: object) -> bool:
        return key in self._members

    def __len__(self) -> int:
        return len(self._members)

    def add(self, key: Any) -> None:
        members = self._members
        if key in members:
            return
        members[key] = None
        if len(members) > self.limit:
            for old in list(itertools.islice(members, max(1, self.limit // 10))):
                del members[old]

    def discard(self, key: Any) -> None:
        self._members.pop(key, None)


@dataclass(frozen=True, slots=True)
class Limits:
    since: date | None = None
    max_articles: int | None = None
    max_listing_pages: int = 100
    article_link_hops: int = 1
    revisit_hours: float = 0.0
    failed_retry: timedelta = timedelta(hours=1)
    failed_max_attempts: int = 5


def site_day(value: datetime | date | None, zone: str) -> date | None:
    """The calendar day of a parsed date on the site's own clock (what ``since`` is compared with).

    >>> site_day(datetime(2025, 1, 1, 22, 30, tzinfo=UTC), "Europe/Moscow")
    datetime.date(2025, 1, 2)
    """
    if isinstance(value, datetime):
        return value.astimezone(ZoneInfo(zone)).date()
    return value


class Frontier:
    def __init__(
        self,
        profile: SiteProfile,
        store: Store | None,
        limits: Limits,
        count: Counter,
        *,
        run_started: str | None = None,
    ) -> None:
        self.profile = profile
        self.store = store
        self.limits = limits
        self._count = count
        self.run_started = run_started or datetime.now(UTC).isoformat(timespec="seconds")
        self.scheduled_ids = RecentSet(RECENT_IDS)
        self.counted = RecentSet(RECENT_IDS)
        self.cleaned_links: dict[str, tuple[str, str, str | None]] = {}
        self.sitemaps_requested: set[str] = set()
        #: Article URLs lost in this run: not fetched again through another link to them.
        self.failed_urls: set[str] = set()
        self.emitted = 0

    def count(self, key: str, value: int = 1) -> None:
        self._count(key, value)

    # -- entry points -----------------------------------------------------------------------

    def entry_points(self) -> list[Fetch]:
        """What earlier runs left undone, then the site's feeds, sitemaps, robots.txt, section
        pages and paginated listings."""
        profile = self.profile
        fetches = self.resumed()
        for path in profile.feeds:
            url = self._absolute(path)
            fetches.append(self.fetch(url, "feed", newsbot_alternates=[toggle_trailing_slash(url)]))
        fetches.extend(self.sitemap(self._absolute(path)) for path in profile.sitemaps)
        fetches.append(self.fetch(profile.origin + "/robots.txt", "robots", dont_obey_robotstxt=True))
        fetches.extend(self.fetch(self._absolute(path), "section") for path in profile.section_pages)
        for template in profile.listings:
            url = self._absolute(template.format(page=profile.listing_first_page))
            fetches.append(self.fetch(url, "listing", newsbot_listing_pages=1))
        return fetches

    def _absolute(self, path: str) -> str:
        return path if "://" in path else self.profile.origin + path

    def resumed(self) -> list[Fetch]:
        """URLs discovered but never finished by earlier runs, and failed URLs whose retry is due."""
        if self.store is None:
            return []
        fetches = []
        for pending in self.store.pending_urls(self.profile.name):
            identifier = pending.article_id or article_id(pending.url, self.profile)
            if identifier is None or identifier in self.scheduled_ids:
                continue
            self.scheduled_ids.add(identifier)
            self.count(f"incremental/resumed_{pending.status}")
            fetches.append(self.article(pending.url, pending.url, identifier))
        return fetches

    def fetch(self, url: str, kind: str, **meta: Any) -> Fetch:
        self.count(f"requests/{kind}")
        return Fetch(url, kind, {"newsbot_kind": kind, **meta})

    def sitemap(self, url: str, **meta: Any) -> Fetch:
        self.sitemaps_requested.add(url)
        return self.fetch(url, "sitemap", **meta)

    def article(self, url: str, discovered: str, identifier: str, hops: int = 0) -> Fetch:
        return self.fetch(
            url,
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

    # -- dates -------------------------------------------------------------------------------

    def instant(self, raw: str | None) -> str | None:
        """A comparable UTC form of a feed or sitemap date (``lastmod``, ``pubDate``)."""
        if not raw:
            return None
        parsed = parse_date(raw, tz=self.profile.timezone)
        if isinstance(parsed, datetime):
            return parsed.astimezone(UTC).isoformat(timespec="seconds")
        return parsed.isoformat() if parsed is not None else None

    def too_old(self, raw: str | None) -> bool:
        """Whether a printed date falls before ``since`` on the site's clock."""
        if self.limits.since is None or not raw:
            return False
        day = site_day(parse_date(raw, tz=self.profile.timezone), self.profile.timezone)
        return day is not None and day < self.limits.since

    def _recent(self, instant: str | None) -> bool:
        hours = self.limits.revisit_hours
        if hours <= 0 or instant is None:
            return False
        try:
            when = datetime.fromisoformat(instant)
        except ValueError:
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return datetime.now(UTC) - when <= timedelta(hours=hours)

    # -- article links -----------------------------------------------------------------------

    def classified(self, raw: str) -> tuple[str, str, str | None]:
        """Kind (:func:`link_kind`), clean URL and article id of a raw link; the URL and id for
        article links only (other links: the raw link and ``None``). Memoised, since
        related-headline lists repeat the same popular links on thousands of pages."""
        memo = self.cleaned_links
        found = memo.pop(raw, None)
        if found is None:
            if len(memo) >= CLEANED_MEMO:
                for old in list(itertools.islice(memo, CLEANED_MEMO // 10)):
                    del memo[old]
            kind = link_kind(raw, self.profile)
            if kind == "article":
                url = clean_url(raw, self.profile)
                found = (kind, url, article_id(url, self.profile))
            else:
                found = (kind, raw, None)
        # Put back last: the dict's order is the order of use.
        memo[raw] = found
        return found

    def article_fetches(self, links: Iterable[Link], via: str, hops: int = 0) -> list[Fetch]:
        """Requests for the article links among ``links`` that are new, changed or unfinished;
        everything else is counted and left."""
        candidates: list[tuple[Link, str, str]] = []
        # Counted once per call, not per link: a stat update costs about 1.5 µs in Scrapy 2.19.
        not_article = 0
        for link in links:
            kind, url, identifier = self.classified(link.url)
            if identifier is None:
                if kind != "offsite":
                    not_article += 1
                continue
            candidates.append((link, url, identifier))
        if not_article:
            self.count(f"discovery/{via}/not_article", not_article)
        if not candidates:
            return []
        self.count(f"discovery/{via}/article_links", len(candidates))
        lastmods = {url: self.instant(link.date_raw) for link, url, _ in candidates}
        known: dict[str, Any] = {}
        done: set[str] = set()
        fresh = [
            (url, identifier) for _, url, identifier in candidates if identifier not in self.scheduled_ids
        ]
        if self.store is not None and fresh:
            known = self.store.lookup_urls([url for url, _ in fresh])
            done = self.store.done_ids([identifier for _, identifier in fresh])
        fetches: list[Fetch] = []
        scheduled: set[str] = set()
        now = datetime.now(UTC).isoformat(timespec="seconds") if known else ""
        duplicates = 0
        for link, url, identifier in candidates:
            if identifier in self.scheduled_ids or url.rstrip("/") in self.failed_urls:
                duplicates += 1
                continue
            # Not marked as scheduled: a later link to the same article may carry a newer lastmod.
            if url in known and known[url].waiting(now):
                self._count_once("incremental/failed_waiting", identifier)
                continue
            if identifier in done and not self._changed(via, known.get(url), lastmods[url]):
                self._count_once("discovery/known_skipped", identifier)
                continue
            if self.too_old(link.date_raw):
                self.count("discovery/older_than_since")
                continue
            self.scheduled_ids.add(identifier)
            fetches.append(self.article(url, link.url, identifier, hops))
            scheduled.add(url)
        if duplicates:
            self.count("discovery/duplicate_links", duplicates)
        if self.store is not None:
            # Every URL about to be fetched is on record before its request exists, so a run killed
            # now is finished by the next; a sitemap's lastmod is kept even for known articles.
            entries = [
                (url, identifier, lastmods[url] if via == "sitemap" else None)
                for _, url, identifier in candidates
                if url in scheduled or (via == "sitemap" and lastmods[url] is not None)
            ]
            if entries:
                self.store.record_discovered(self.profile.name, entries)
        return fetches

    def _count_once(self, key: str, identifier: str) -> None:
        if (key, identifier) not in self.counted:
            self.counted.add((key, identifier))
            self.count(key)

    def _changed(self, via: str, stored: Any, lastmod: str | None) -> bool:
        """Whether a stored article should be fetched again for a possible update."""
        newer = (
            lastmod is not None
            and stored is not None
            and stored.lastmod is not None
            and lastmod > stored.lastmod
        )
        if via == "sitemap" and newer:
            self.count("incremental/refetch_lastmod")
            return True
        if self._recent(lastmod):
            self.count("incremental/refetch_recent")
            return True
        return False

    # -- feeds, sitemaps, robots, listings ---------------------------------------------------

    def robots_sitemaps(self, text: str) -> list[Fetch]:
        """Sitemaps announced in robots.txt, beyond the ones the profile names."""
        fetches = []
        for line in text.splitlines():
            name, _, value = line.partition(":")
            if name.strip().lower() == "sitemap" and value.strip():
                url = clean_url(value.strip(), self.profile)
                if (
                    self.profile.serves_host(urlsplit(url).hostname or "")
                    and url not in self.sitemaps_requested
                ):
                    fetches.append(self.sitemap(url))
        return fetches

    def sitemap_children(
        self, url: str, links: Sequence[Link], *, depth: int, chain: Sequence[str]
    ) -> list[Fetch]:
        """The sub-sitemaps of an index worth fetching: on the site, not looping, not seen, not
        older than ``since`` and changed since the last run."""
        depth += 1
        if depth > MAX_SITEMAP_DEPTH:
            self.count("errors/sitemap_too_deep")
            logger.warning("Sitemap index nested deeper than %d levels at %s", MAX_SITEMAP_DEPTH, url)
            return []
        chain = [*chain, clean_url(url, self.profile)]
        fetches: list[Fetch] = []
        looped = False
        for link in links:
            child = clean_url(link.url, self.profile)
            if not self.profile.serves_host(urlsplit(child).hostname or ""):
                self.count("discovery/sitemap/offsite")
                continue
            if child in chain:
                if not looped:
                    looped = True
                    self.count("errors/sitemap_loop")
                    logger.warning("Sitemap index %s lists itself or an index above it: %s", url, child)
                continue
            if child in self.sitemaps_requested:
                self.count("discovery/sitemap/duplicate")
                continue
            if self.too_old(link.date_raw):
                self.count("discovery/sitemap/older_than_since")
                continue
            lastmod = self.instant(link.date_raw)
            seen = self.store.document_lastmod(child) if self.store is not None else None
            if lastmod is not None and seen is not None and lastmod <= seen:
                self.count("incremental/sitemap_unchanged")
                continue
            fetches.append(
                self.sitemap(
                    child, depth_in_sitemap=depth, newsbot_lastmod=lastmod, newsbot_sitemap_chain=chain
                )
            )
        return fetches

    def sitemap_read(self, url: str, lastmod: str | None) -> None:
        """A url set's links are all on record: the next run may skip it while its lastmod holds."""
        if self.store is not None:
            self.store.record_document(self.profile.name, url, lastmod)

    def listing_entries(self, links: Iterable[Link]) -> list[Fetch]:
        """Paginated listing pages linked from a section page (the profile's ``listing_path``)."""
        pattern = self.profile.listing_path
        if pattern is None:
            return []
        fetches = []
        for link in links:
            parts = urlsplit(link.url)
            if self.profile.owns_host(parts.hostname or "") and pattern.match(parts.path):
                fetches.append(
                    self.fetch(clean_url(link.url, self.profile), "listing", newsbot_listing_pages=1)
                )
        return fetches

    def listing_fetches(
        self, url: str, links: Sequence[Link], next_page: str | None, pages_read: int
    ) -> list[Fetch]:
        """Article requests from a listing page, then its next page unless paging should stop: at a
        page holding only articles stored before this run, past ``since``, or at the page cap."""
        article_links = [link for link in links if self.classified(link.url)[0] == "article"]
        if not article_links:
            return []
        nothing_new = self._known_before_this_run(article_links)
        fetches = self.article_fetches(article_links, "listing")
        if nothing_new:
            self.count("incremental/listing_stopped_known")
            return fetches
        dated = [
            site_day(parse_date(link.date_raw, tz=self.profile.timezone), self.profile.timezone)
            for link in article_links
            if link.date_raw
        ]
        since = self.limits.since
        if since is not None and dated and all(d is not None and d < since for d in dated):
            self.count("discovery/listing/stopped_at_since")
            return fetches
        if next_page is None:
            return fetches
        if pages_read >= self.limits.max_listing_pages:
            self.count("discovery/listing/page_cap")
            logger.info(
                "Listing paging stopped at NEWSBOT_MAX_LISTING_PAGES (%d): %s",
                self.limits.max_listing_pages,
                url,
            )
            return fetches
        fetches.append(self.fetch(next_page, "listing", newsbot_listing_pages=pages_read + 1))
        return fetches

    def _known_before_this_run(self, links: list[Link]) -> bool:
        if self.store is None:
            return False
        ids = [i for i in (self.classified(link.url)[2] for link in links) if i]
        return bool(ids) and self.store.done_ids(ids, before=self.run_started) == set(ids)

    # -- articles ----------------------------------------------------------------------------

    def follows_links(self, hops: int) -> bool:
        """Whether links found on an article page reached after ``hops`` hops are followed.

        Related and most-read headlines reach articles that feeds and listings no longer show; not
        with ``since``: those links carry no date, so most would be fetched only to be skipped.
        """
        return self.limits.since is None and hops < self.limits.article_link_hops

    def admit(self, item: Article, requested_id: str | None) -> str | None:
        """``None`` when the item goes on to the pipelines, else why it does not."""
        since = self.limits.since
        if since is not None and item.date_published:
            published = site_day(
                parse_date(item.date_published, tz=self.profile.timezone), self.profile.timezone
            )
            if published is not None and published < since:
                return "older_than_since"
        if item.id and item.id != requested_id:
            # A redirect or a rel=canonical named another id: the page is that article.
            if item.id in self.scheduled_ids and requested_id is not None:
                return "duplicate_after_redirect"
            self.scheduled_ids.add(item.id)
        if self.limits.max_articles is not None and self.emitted >= self.limits.max_articles:
            return "max_articles"
        self.emitted += 1
        return None

    @property
    def full(self) -> bool:
        """Whether ``max_articles`` articles were let through."""
        return self.limits.max_articles is not None and self.emitted >= self.limits.max_articles

    def page_done(self, url: str, status: str, reason: str, identifier: str | None) -> None:
        if self.store is not None:
            self.store.mark_url(self.profile.name, url, status, article_id=identifier, reason=reason)

    def page_failed(self, url: str, reason: str, identifier: str | None) -> None:
        """A lost article page is retried by a later run, with a growing wait, up to a cap; in this
        run, another address of the same article (a canonical link after a legacy one that died)
        may still be fetched."""
        # Without its trailing slash: the alternate forms of a lost page were tried already.
        self.failed_urls.add(url.rstrip("/"))
        if len(self.failed_urls) > CLEANED_MEMO:
            self.failed_urls.clear()
        if identifier is not None:
            self.scheduled_ids.discard(identifier)
        if self.store is not None:
            self.store.mark_failed(
                self.profile.name,
                url,
                reason,
                article_id=identifier,
                backoff=self.limits.failed_retry,
                max_attempts=self.limits.failed_max_attempts,
            )
