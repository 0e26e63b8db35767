"""Failure accounting: every lost page is counted and logged once, from the ``page_failed`` signal.

Whatever noticed the loss (the spider's errback, its page checks, this extension on a redirect
loop) sends :data:`newsbot.extensions.signals.page_failed`; here the page is counted under
``newsbot/errors/<reason>`` and named in one WARNING line, or, when it is a dead link (an article
link found in a page that answers 404 or 410), counted under ``newsbot/dead_links/`` and named at
INFO: a site whose related-headline boxes point at removed articles is not a broken crawl. An
entry point of the profile that answers 404 or 410 is counted under
``newsbot/missing_entry_points/`` with a WARNING line, not as an error either.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals

from newsbot.extensions.failure_names import quiet_scrapy_duplicates
from newsbot.extensions.signals import page_failed

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Request kinds (``meta["newsbot_kind"]``) that are links found in pages.
LINK_KINDS = frozenset({"article"})
#: Request kinds that are the site's entry points as its profile names them (and the pages they
#: lead to). One of them gone (404/410) means the profile names a page the site, or a saved copy of
#: it, no longer serves: reported, not an error, since the other entry points still find the
#: articles; every one of them gone is judged by the health check (no article link found at all).
ENTRY_KINDS = frozenset({"feed", "sitemap", "robots", "section", "listing"})
#: Answers that mean the page is gone, not that the site failed.
DEAD_LINK_REASONS = frozenset({"http_404", "http_410"})


def is_dead_link(kind: str, reason: str) -> bool:
    """Whether a lost page is a dead link rather than an error.

    >>> is_dead_link("article", "http_410"), is_dead_link("feed", "http_404")
    (True, False)
    >>> is_dead_link("article", "http_500")
    False
    """
    return kind in LINK_KINDS and reason in DEAD_LINK_REASONS


def is_missing_entry_point(kind: str, reason: str) -> bool:
    """Whether a lost page is an entry point the site does not serve (any more).

    >>> is_missing_entry_point("feed", "http_404"), is_missing_entry_point("feed", "http_503")
    (True, False)
    """
    return kind in ENTRY_KINDS and reason in DEAD_LINK_REASONS


def origin_url(request: Request) -> str:
    """The page's URL as discovered, before redirects and alternate forms."""
    chain = request.meta.get("redirect_urls") or []
    return str(request.meta.get("newsbot_state_url") or (chain[0] if chain else request.url))


class FailureAccounting:
    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        accounting = cls(crawler)
        crawler.signals.connect(accounting.page_failed, signal=page_failed)
        crawler.signals.connect(accounting.request_dropped, signal=signals.request_dropped)
        quiet_scrapy_duplicates()
        return accounting

    def page_failed(self, request: Request, reason: str, detail: str, **_: Any) -> None:
        kind = str(request.meta.get("newsbot_kind", "page"))
        origin = origin_url(request)
        attempts = int(request.meta.get("retry_times", 0)) + 1
        tried = f", last tried at {request.url}" if request.url != origin else ""
        plural = "" if attempts == 1 else "s"
        if is_dead_link(kind, reason):
            self.stats.inc_value(f"newsbot/dead_links/{reason}")
            self.stats.inc_value("newsbot/dead_links/total")
            logger.info(
                "%s %s is a dead link (%s, %d attempt%s%s): %s",
                kind,
                origin,
                reason,
                attempts,
                plural,
                tried,
                detail,
            )
            return
        if is_missing_entry_point(kind, reason):
            self.stats.inc_value(f"newsbot/missing_entry_points/{reason}")
            self.stats.inc_value("newsbot/missing_entry_points/total")
            logger.warning(
                "%s %s is gone (%s): the site profile names a page the site does not serve; %s",
                kind,
                origin,
                reason,
                detail,
            )
            return
        self.stats.inc_value(f"newsbot/errors/{reason}")
        logger.warning(
            "%s %s failed (%s, %d attempt%s%s): %s", kind, origin, reason, attempts, plural, tried, detail
        )

    def request_dropped(self, request: Request, **_: Any) -> None:
        """A request the scheduler refused as already seen: after a redirect, either a loop back
        to a URL of its own chain (a lost page), or a redirect to a page fetched already."""
        chain = request.meta.get("redirect_urls")
        if not chain or "newsbot_kind" not in request.meta:
            return
        if request.url in chain:
            self.crawler.signals.send_catch_log(
                page_failed,
                request=request,
                reason="redirect_loop",
                detail=f"redirects back to {request.url}",
            )
        else:
            self.stats.inc_value("newsbot/discovery/redirect_to_seen")
