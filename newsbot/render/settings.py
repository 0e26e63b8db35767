"""The Scrapy settings of a crawl that renders: scrapy-playwright under the mirror handler, Chromium."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsbot.render.chromium import FLAGS, find_chromium

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
PLAYWRIGHT_HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
MIDDLEWARE = "newsbot.render.middleware.RenderMiddleware"
#: Closer to the downloader than the retry middlewares (550, 560): it sees every attempt's outcome.
MIDDLEWARE_ORDER = 590
#: What a browser that crashed or a page that timed out raises; retried like a network error.
BROWSER_ERRORS = ("playwright.async_api.Error",)


def renders(settings: BaseSettings, plan: object | None) -> bool:
    """Whether a crawl renders: ``NEWSBOT_RENDER`` is ``all``, or ``profile`` with a plan."""
    mode = (settings.get("NEWSBOT_RENDER") or "profile").lower()
    if mode not in ("profile", "all", "off"):
        raise ValueError(f"NEWSBOT_RENDER must be profile, all or off, not {mode!r}")
    return mode == "all" or (mode == "profile" and plan is not None)


def render_settings(settings: BaseSettings) -> dict[str, Any]:
    """Settings that make a crawl render; everything else about it is unchanged.

    Non-rendered requests of the same crawl still go through Scrapy's HTTP/1.1 handler (scrapy-playwright's
    handler hands them on to it). The browser is found here, so a missing one stops the crawl before
    it starts, with the package to install.
    """
    chromium = find_chromium(settings.get("NEWSBOT_CHROMIUM_PATH"))
    concurrency = settings.getint("NEWSBOT_RENDER_CONCURRENCY")
    timeout = settings.getfloat("NEWSBOT_RENDER_TIMEOUT")
    retry = [*settings.getlist("RETRY_EXCEPTIONS"), *BROWSER_ERRORS]
    middlewares = {**settings.getdict("DOWNLOADER_MIDDLEWARES"), MIDDLEWARE: MIDDLEWARE_ORDER}
    return {
        # Scrapy's default since 2.13, set again in case a project changed it: Playwright needs it.
        "TWISTED_REACTOR": ASYNCIO_REACTOR,
        "NEWSBOT_DOWNLOAD_HANDLER": PLAYWRIGHT_HANDLER,
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": chromium,
            "headless": True,
            "args": [*FLAGS, *settings.getlist("NEWSBOT_CHROMIUM_ARGS")],
        },
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": concurrency,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": timeout * 1000,
        # A browser that crashed is started again by the next page that needs one.
        "PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER": True,
        "RETRY_EXCEPTIONS": list(dict.fromkeys(retry)),
        # The crawl's own middlewares (offsite, backoff retry, unreachable site) stay: a dict setting
        # set again is replaced, not merged.
        "DOWNLOADER_MIDDLEWARES": middlewares,
    }


def apply_render_settings(settings: BaseSettings, priority: str = "spider") -> None:
    for name, value in render_settings(settings).items():
        settings.set(name, value, priority=priority)
