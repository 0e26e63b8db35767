"""The route handler of a rendered page: what the browser may fetch, and from where.

Images, fonts and media are never fetched (the text is all newsbot keeps), nor is anything from a
host outside the site (ads, analytics, tag managers: the costly half of a news page). Requests to the
site's own hosts, and their subdomains, go through; in mirror mode (``NEWSBOT_MIRROR``) they are sent
to the mirror, so a page and its scripts and JSON come from there while the crawl keeps the real URLs.

The page's own document is fetched here too, to fix two things a browser would get wrong for a
crawler: a page served with no charset is labelled UTF-8 when its bytes are UTF-8 (Chromium would read
it as windows-1252), and a document that is not HTML (a feed, JSON) is kept as served, since the
browser's rendering of it is a viewer, not the document.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, urlsplit, urlunsplit

from newsbot.profile import bare_host

if TYPE_CHECKING:
    from collections.abc import Iterable

    from playwright.async_api import Page, Route
    from playwright.async_api import Request as BrowserRequest
    from scrapy import Request
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

#: Resource types the browser never fetches.
BLOCKED_TYPES = frozenset({"image", "font", "media"})
#: Meta key of a rendered request's state, a dict shared by the route handler, the page actions and the
#: middleware (shared, not copied: the mirror handler passes a copy of the request to the browser).
#: ``status``: the document's HTTP status; ``raw``: a non-HTML document's (status, content type, bytes);
#: ``actions``: (action, outcome) pairs.
STATE = "newsbot_render_state"
_META_CHARSET = re.compile(rb"<meta[^>]+charset", re.IGNORECASE)


def document_charset(content_type: str, body: bytes) -> str | None:
    """The charset to label an HTML document with, or ``None`` to leave it to the browser: only a
    document labelled nowhere (neither header nor ``<meta>``) whose bytes are valid UTF-8.

    >>> document_charset("text/html", "<p>نص</p>".encode())
    'utf-8'
    >>> document_charset("text/html; charset=windows-1256", b"<p>x</p>") is None
    True
    >>> document_charset("text/html", b'<meta charset="windows-1256"><p>\\xe4</p>') is None
    True
    >>> document_charset("text/html", "<p>نص</p>".encode("cp1256")) is None
    True
    """
    if "charset" in content_type.lower() or _META_CHARSET.search(body[:4096]):
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


@dataclass(frozen=True)
class PageRoutes:
    """The hosts a rendered page may fetch from, and the mirror origin they are sent to, if any."""

    hosts: frozenset[str]
    mirror: SplitResult | None
    stats: StatsCollector | None
    timeout: float = 30.0

    @classmethod
    def build(
        cls, hosts: Iterable[str], mirror: str, stats: StatsCollector | None, timeout: float
    ) -> PageRoutes:
        origin = urlsplit(mirror.rstrip("/")) if mirror else None
        return cls(frozenset(bare_host(h) for h in hosts if h), origin, stats, timeout)

    def target(self, url: str) -> str | None:
        """Where the browser fetches ``url`` from, or ``None`` when it may not fetch it at all.

        >>> routes = PageRoutes.build(["www.alarabiya.net"], "http://127.0.0.1:8080", None, 30)
        >>> routes.target("https://www.alarabiya.net/app.js?v=2")
        'http://127.0.0.1:8080/app.js?v=2'
        >>> routes.target("https://static.alarabiya.net/api/latest.json")
        'http://127.0.0.1:8080/api/latest.json'
        >>> routes.target("http://127.0.0.1:8080/api/x.json")
        'http://127.0.0.1:8080/api/x.json'
        >>> routes.target("https://www.googletagmanager.com/gtm.js") is None
        True
        """
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return url
        if self.mirror is not None and parts.netloc == self.mirror.netloc:
            return url
        host = bare_host(parts.hostname or "")
        if not any(host == own or host.endswith("." + own) for own in self.hosts):
            return None
        if self.mirror is None:
            return url
        return urlunsplit((self.mirror.scheme, self.mirror.netloc, parts.path, parts.query, ""))

    def _count(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newsbot/render/{key}")

    async def attach(self, page: Page, request: Request) -> None:
        """Route every request ``page`` makes for the Scrapy ``request`` being rendered in it."""
        state: dict[str, Any] = request.meta.setdefault(STATE, {})

        async def handle(route: Route, fetch: BrowserRequest) -> None:
            await self._handle(page, state, route, fetch)

        await page.route("**/*", handle)

    async def _handle(self, page: Page, state: dict[str, Any], route: Route, fetch: BrowserRequest) -> None:
        if fetch.resource_type in BLOCKED_TYPES:
            self._count(f"blocked/{fetch.resource_type}")
            await route.abort("blockedbyclient")
            return
        target = self.target(fetch.url)
        if target is None:
            self._count("blocked/third_party")
            await route.abort("blockedbyclient")
            return
        if fetch.is_navigation_request() and fetch.frame == page.main_frame:
            await self._document(state, route, target)
            return
        # Handed on to scrapy-playwright's own handler, which sets the crawl's headers.
        if target != fetch.url:
            await route.fallback(url=target)
        else:
            await route.fallback()

    async def _document(self, state: dict[str, Any], route: Route, target: str) -> None:
        from playwright.async_api import Error as PlaywrightError

        try:
            # No redirects here: the browser follows them itself, through this handler again.
            served = await route.fetch(url=target, max_redirects=0, timeout=self.timeout * 1000)
            body = await served.body()
        except PlaywrightError as exc:
            logger.info("Rendered page %s could not be fetched: %s", target, exc)
            await route.abort("failed")
            return
        state["status"] = served.status
        headers: dict[str, Any] = dict(served.headers)
        content_type = headers.get("content-type", "")
        mime = content_type.partition(";")[0].strip().lower()
        if mime and "html" not in mime and 200 <= served.status < 300:
            state["raw"] = (served.status, content_type, body)
        elif (charset := document_charset(content_type, body)) is not None:
            headers["content-type"] = f"{mime or 'text/html'}; charset={charset}"
            self._count("charset_labelled")
        await route.fulfill(response=served, headers=headers, body=body)
