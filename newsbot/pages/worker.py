"""Article page code run in a worker process, so that extraction uses a second core while the
crawl's own thread keeps downloading (``NEWSBOT_EXTRACT_WORKERS``)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from newsbot.items import Article
from newsbot.pages.base import NotAnArticle, read_article_page

if TYPE_CHECKING:
    from newsbot.profile import SiteProfile


@dataclass(slots=True)
class Extracted:
    """What page code made of an article page: the item, its links to other articles, and notes
    ((stat key, detail) pairs) for the crawl to count and log."""

    item: Article
    links: list[str]
    notes: list[tuple[str, str]]


def extract(
    profile: SiteProfile,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    scraped_at: datetime,
    want_links: bool,
) -> Extracted:
    """Read an article page; raises :class:`NotAnArticle` for any other page."""
    page = read_article_page(url, body, profile, headers=headers)
    item = page.to_item(scraped_at)
    return Extracted(item, page.links() if want_links else [], page.notes)


def extract_page(
    profile: SiteProfile,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    scraped_at: str,
    want_links: bool,
) -> Extracted | str:
    """:func:`extract` in the worker process: the result, or why the page is not an article.

    Plain arguments and results, so that they cross the process boundary cheaply; the page is
    decoded here too, off the crawl's thread.
    """
    try:
        return extract(profile, url, body, headers, datetime.fromisoformat(scraped_at), want_links)
    except NotAnArticle as exc:
        return str(exc)


def watch_parent(parent: int) -> None:
    """Worker initializer: leave when the crawl process is gone. A crawl killed with SIGKILL
    cannot shut its pool down, and an orphaned worker would otherwise wait for work forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="newsbot-parent-watch", daemon=True).start()
