"""Keeps every request on the site's own hosts, redirects, retries and alternate URLs included.

Scrapy's OffsiteMiddleware lets through any request with ``dont_filter=True``; a retried request
and newsbot's alternate-URL request after a 404 carry that flag, and a redirect copies it, so a
page that fails once and then redirects to another domain would be fetched there (and in mirror
mode, from the real network). Here only ``meta["allow_offsite"]`` exempts a request, and every
filtered request is counted as ``newsbot/errors/offsite`` and logged once, with the page it came
from.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from scrapy import Request, Spider

logger = logging.getLogger(__name__)


class OffsiteRequest(IgnoreRequest):
    """A request for a host outside the spider's ``allowed_domains``, already counted and logged."""


class StrictOffsiteMiddleware(OffsiteMiddleware):
    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        current = self.crawler.spider
        assert current is not None
        if request.meta.get("allow_offsite") or self.should_follow(request, current):
            return
        host = urlparse_cached(request).hostname or ""
        if host and host not in self.domains_seen:
            self.domains_seen.add(host)
            self.stats.inc_value("offsite/domains")
        self.stats.inc_value("offsite/filtered")
        self.stats.inc_value("newsbot/errors/offsite")
        chain = request.meta.get("redirect_urls") or []
        origin = request.meta.get("newsbot_state_url") or (chain[0] if chain else request.url)
        kind = request.meta.get("newsbot_kind", "page")
        logger.warning(
            "%s %s failed (offsite, not fetched): %s leads to %s, outside the site",
            kind,
            origin,
            "a redirect" if chain else "the request",
            request.url,
        )
        raise OffsiteRequest(f"Filtered offsite request to {host!r}")
