"""RenderMiddleware: sends the requests a site's render plan names through the browser.

It marks a request for scrapy-playwright (``meta["playwright"]``) with the plan's page actions and the
route handler of :mod:`newsbot.render.routes`, and counts what happened (``newsbot/render/*``). Pages
are closed by scrapy-playwright after each request; browser contexts (cookies, cache, script heaps)
are replaced every ``NEWSBOT_RENDER_PAGES_PER_CONTEXT`` pages and closed once their last page is done,
so a crawl of months of archives runs in flat memory.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.responsetypes import responsetypes

from newsbot.render.actions import perform
from newsbot.render.plan import RenderPlan
from newsbot.render.routes import STATE, PageRoutes
from newsbot.render.settings import renders

if TYPE_CHECKING:
    from typing import Self

    from playwright.async_api import BrowserContext, Page
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

GENERATION = "newsbot_render_generation"
#: Action outcomes worth a warning in the log (the others are counted only).
TROUBLE = frozenset({"timeout", "stuck", "stalled"})


class RenderMiddleware:
    def __init__(self, crawler: Crawler, mode: str, pages_per_context: int) -> None:
        self.crawler = crawler
        self.mode = mode
        self.pages_per_context = max(1, pages_per_context)
        self.generation = 0
        self.opened = 0
        self.in_flight: Counter[int] = Counter()
        self.contexts: dict[int, BrowserContext] = {}
        self._routes: PageRoutes | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        mode = (settings.get("NEWSBOT_RENDER") or "profile").lower()
        if mode == "off":
            raise NotConfigured("NEWSBOT_RENDER=off")
        return cls(crawler, mode, settings.getint("NEWSBOT_RENDER_PAGES_PER_CONTEXT"))

    @property
    def stats(self) -> Any:
        return self.crawler.stats

    def plan(self) -> RenderPlan | None:
        profile = getattr(self.crawler.spider, "profile", None)
        own: RenderPlan | None = getattr(profile, "render", None)
        if self.mode == "all":
            if own is None:
                return RenderPlan.everything(wait_until="networkidle")
            return RenderPlan.everything(wait_until=own.wait_until, **dict(own.actions))
        return own if renders(self.crawler.settings, own) else None

    @property
    def routes(self) -> PageRoutes:
        if self._routes is None:
            spider = self.crawler.spider
            profile = getattr(spider, "profile", None)
            hosts = [*(getattr(spider, "allowed_domains", None) or ()), *getattr(profile, "all_hosts", ())]
            self._routes = PageRoutes.build(
                hosts,
                self.crawler.settings.get("NEWSBOT_MIRROR") or "",
                self.stats,
                self.crawler.settings.getfloat("NEWSBOT_RENDER_TIMEOUT"),
            )
        return self._routes

    # -- requests ----------------------------------------------------------------------------

    def process_request(self, request: Request) -> None:
        plan = self.plan()
        kind = request.meta.get("newsbot_kind")
        if plan is None or not plan.renders(kind, request.meta.get("newsbot_render")):
            return
        from scrapy_playwright.page import PageMethod

        if self.opened >= self.pages_per_context:
            self.generation += 1
            self.opened = 0
        self.opened += 1
        self.in_flight[self.generation] += 1
        state: dict[str, Any] = {}
        actions = plan.actions_for(kind)
        request.meta.update(
            {
                "playwright": True,
                "playwright_context": f"newsbot-{self.generation}",
                "playwright_context_kwargs": {
                    "user_agent": self.crawler.settings.get("USER_AGENT"),
                    "service_workers": "block",
                },
                "playwright_page_init_callback": self._init_page,
                "playwright_page_goto_kwargs": {"wait_until": plan.wait_until},
                "playwright_page_methods": [PageMethod(perform, actions, state)] if actions else [],
                GENERATION: self.generation,
                STATE: state,
            }
        )
        self.stats.inc_value("newsbot/render/requests")
        self.stats.inc_value(f"newsbot/render/requests/{kind or 'page'}")

    async def _init_page(self, page: Page, request: Request) -> None:
        self.contexts.setdefault(int(request.meta[GENERATION]), page.context)
        await self.routes.attach(page, request)

    # -- outcomes ----------------------------------------------------------------------------

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if GENERATION not in request.meta:
            return response
        await self._page_done(request)
        state = request.meta.pop(STATE, None) or {}
        for name, outcome in state.get("actions", ()):
            if outcome != "done":
                self.stats.inc_value(f"newsbot/render/actions/{name}/{outcome}")
                # A selector that never came or a button that could not be clicked may mean the
                # site changed its layout; a list that stopped growing is the normal end.
                level = logging.WARNING if outcome in TROUBLE else logging.DEBUG
                logger.log(level, "Page action %s on %s: %s", name, request.url, outcome)
        raw = state.get("raw")
        if raw is not None:
            # Not HTML (a feed or JSON fetched as a page): the bytes as served, not the browser's view.
            status, content_type, body = raw
            headers = response.headers.copy()
            headers["Content-Type"] = content_type
            cls = responsetypes.from_args(headers=headers, url=response.url, body=body)
            self.stats.inc_value("newsbot/render/not_html")
            return cls(url=response.url, status=status, headers=headers, body=body, request=request)
        return response

    async def process_exception(self, request: Request, exception: BaseException) -> None:
        if GENERATION not in request.meta:
            return
        await self._page_done(request)
        request.meta.pop(STATE, None)
        self.stats.inc_value(f"newsbot/render/errors/{type(exception).__name__}")

    async def _page_done(self, request: Request) -> None:
        generation = int(request.meta.pop(GENERATION))
        self.in_flight[generation] -= 1
        if generation < self.generation and self.in_flight[generation] <= 0:
            del self.in_flight[generation]
            context = self.contexts.pop(generation, None)
            if context is not None:
                from playwright.async_api import Error as PlaywrightError

                try:
                    await context.close()
                except PlaywrightError as exc:  # the browser went away with it
                    logger.debug("Closing browser context %s: %s", generation, exc)
                self.stats.inc_value("newsbot/render/contexts_closed")
