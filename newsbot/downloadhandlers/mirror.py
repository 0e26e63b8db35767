"""Offline mirror mode: fetch every request for a site host from ``NEWSBOT_MIRROR`` instead.

It sits at the download-handler level, below every middleware, so requests, responses, items,
stats and logs keep the real URLs and nothing else about the crawl changes: only the bytes come
from elsewhere. Redirects the mirror sends back to itself are rewritten to the real host.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

from newsbot.sites import profiles

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


def site_hosts() -> frozenset[str]:
    hosts: set[str] = set()
    for profile in profiles().values():
        hosts.update(profile.hosts)
        hosts.update(f"www.{host}" for host in profile.hosts)
    return frozenset(hosts)


class MirrorDownloadHandler(BaseDownloadHandler):
    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.inner = HTTP11DownloadHandler.from_crawler(crawler)
        mirror = (crawler.settings.get("NEWSBOT_MIRROR") or "").rstrip("/")
        self.mirror = urlsplit(mirror) if mirror else None
        self.hosts = site_hosts()
        if self.mirror is not None:
            logger.info("Mirror mode: site hosts are fetched from %s", mirror)

    def _mirrored(self, url: str) -> str | None:
        if self.mirror is None:
            return None
        parts = urlsplit(url)
        if (parts.hostname or "").lower() not in self.hosts:
            return None
        return urlunsplit((self.mirror.scheme, self.mirror.netloc, parts.path, parts.query, ""))

    async def download_request(self, request: Request) -> Response:
        target = self._mirrored(request.url)
        if target is None:
            return await self.inner.download_request(request)
        response = await self.inner.download_request(request.replace(url=target))
        location = response.headers.get("Location")
        if location is not None and self.mirror is not None:
            real = urlsplit(request.url)
            moved = urlsplit(location.decode("latin-1"))
            if moved.netloc in ("", self.mirror.netloc):
                rewritten = urlunsplit((real.scheme, real.netloc, moved.path, moved.query, moved.fragment))
                response.headers["Location"] = rewritten
        return response.replace(url=request.url, request=request)

    async def close(self) -> None:
        await self.inner.close()
