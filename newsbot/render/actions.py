"""Page actions as data: what a site's rendered page needs before its HTML is read.

A profile lists them per kind of page (:class:`~newsbot.render.plan.RenderPlan`); each runs in the
page after it loaded, in order, as a scrapy-playwright ``PageMethod``. An action that finds nothing to
do (no overlay, no "load more" button left, a list that stops growing) ends quietly: the page is read
as it is, and its result names what happened so the crawl can count it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.async_api import Page

#: How long to wait for a list to grow after a click or a scroll, in seconds.
GROW_TIMEOUT = 5.0

_COUNT_ABOVE = "([selector, count]) => document.querySelectorAll(selector).length > count"


@dataclass(frozen=True)
class WaitFor:
    """Wait until ``selector`` is in the page (the script that fills it has run)."""

    selector: str
    timeout: float = 10.0

    @property
    def name(self) -> str:
        return "wait_for"

    async def run(self, page: Page) -> str:
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        try:
            await page.wait_for_selector(self.selector, state="attached", timeout=self.timeout * 1000)
        except PlaywrightTimeout:
            return "timeout"
        return "done"


@dataclass(frozen=True)
class Dismiss:
    """Click ``selector`` (a consent dialog's "agree" button): now if it is showing, else whenever it
    shows up later and stands in the way of another action. Nothing waits for a dialog that may never
    come (once agreed, a site shows none for the rest of the browser context)."""

    selector: str

    @property
    def name(self) -> str:
        return "dismiss"

    async def run(self, page: Page) -> str:
        from playwright.async_api import Locator
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        button = page.locator(self.selector).first
        if await button.count() and await button.is_visible():
            try:
                await button.click(timeout=GROW_TIMEOUT * 1000)
            except PlaywrightTimeout:
                return "stuck"
            return "done"

        async def agree(found: Locator) -> None:
            await found.click(timeout=GROW_TIMEOUT * 1000)

        # Playwright runs the handler before any action that the dialog would block.
        await page.add_locator_handler(button, agree, times=1)
        return "armed"


@dataclass(frozen=True)
class ClickMore:
    """Click the "load more" button ``selector`` up to ``times`` times, each time waiting for more
    ``items`` to appear; stops when the button is gone or the list stops growing."""

    selector: str
    items: str
    times: int

    @property
    def name(self) -> str:
        return "click_more"

    async def run(self, page: Page) -> str:
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        for _ in range(self.times):
            button = page.locator(self.selector).first
            if not await button.count() or not await button.is_visible():
                return "exhausted"
            before = await page.locator(self.items).count()
            try:
                await button.click(timeout=GROW_TIMEOUT * 1000)
                await _grown(page, self.items, before)
            except PlaywrightTimeout:
                return "stalled"
        return "done"


@dataclass(frozen=True)
class Scroll:
    """Scroll to the bottom up to ``times`` times (infinite scroll), each time waiting for more
    ``items``; stops when the list stops growing."""

    items: str
    times: int

    @property
    def name(self) -> str:
        return "scroll"

    async def run(self, page: Page) -> str:
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        for _ in range(self.times):
            before = await page.locator(self.items).count()
            await page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
            try:
                await _grown(page, self.items, before)
            except PlaywrightTimeout:
                return "exhausted"
        return "done"


async def _grown(page: Page, items: str, before: int) -> None:
    """Return once more than ``before`` elements match ``items``; a Playwright timeout otherwise."""
    await page.wait_for_function(_COUNT_ABOVE, arg=[items, before], timeout=GROW_TIMEOUT * 1000)


Action = WaitFor | Dismiss | ClickMore | Scroll


async def perform(page: Page, actions: Sequence[Action], state: dict[str, Any]) -> None:
    """Run ``actions`` in ``page`` in order, noting each outcome in ``state["actions"]``. A page that
    is an error (the route handler noted its status) gets none: there is nothing to wait for."""
    status = int(state.get("status", 200))
    outcomes: list[tuple[str, str]] = state.setdefault("actions", [])
    if not 200 <= status < 300:
        outcomes.append(("all", f"skipped_{status}"))
        return
    for action in actions:
        outcomes.append((action.name, await action.run(page)))
