"""Article page code run in a worker process, so that extraction uses a second core while the
crawl's own thread keeps downloading (``NEWSBOT_EXTRACT_WORKERS``)."""

from __future__ import annotations

import os
import threading
import time
from datetime import datetime

from newsbot.items import Article
from newsbot.pages.article import NotAnArticle, read_article_page
from newsbot.sites import get_profile


def extract_page(
    site: str, url: str, html: str, scraped_at: str, want_links: bool
) -> tuple[Article | None, list[str], str | None]:
    """(item, article links, None) for an article page, (None, [], reason) for any other page.

    Plain arguments and results, so that they cross the process boundary cheaply.
    """
    try:
        page = read_article_page(url, html, get_profile(site))
    except NotAnArticle as exc:
        return None, [], str(exc)
    item = page.to_item(datetime.fromisoformat(scraped_at))
    return item, page.article_links() if want_links else [], None


def watch_parent(parent: int) -> None:
    """Worker initializer: leave when the crawl process is gone. A crawl killed with SIGKILL
    cannot shut its pool down, and an orphaned worker would otherwise wait for work forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="newsbot-parent-watch", daemon=True).start()
