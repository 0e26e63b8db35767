"""Records every crawl in the ``runs`` table: start, end, finish reason and the newsbot counters."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from scrapy import signals

from newsbot.store import StoreError, crawler_store

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

    from newsbot.store import Store

logger = logging.getLogger(__name__)

#: Scrapy's own counters worth keeping next to newsbot's in the run history.
KEPT_SCRAPY_STATS = (
    "downloader/request_count",
    "downloader/response_count",
    "item_scraped_count",
    "item_dropped_count",
    "elapsed_time_seconds",
    "log_count/ERROR",
    "log_count/WARNING",
)


def run_summary(stats: dict[str, Any]) -> dict[str, Any]:
    """The part of a crawl's stats kept in the run history (JSON-ready).

    >>> run_summary({"newsbot/articles/new": 3, "scheduler/enqueued": 9, "item_scraped_count": 3})
    {'newsbot/articles/new': 3, 'item_scraped_count': 3}
    """
    kept = {}
    for key, value in stats.items():
        if key in KEPT_SCRAPY_STATS or key.startswith(("newsbot/", "downloader/response_status_count/")):
            kept[key] = value.isoformat() if isinstance(value, datetime) else value
    return kept


class RunHistory:
    """Kept in the store's run history (with the crawl state, so in ``NEWSBOT_STATE_PATH`` when
    set); an in-memory store keeps it for this process only."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.store: Store | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.store = crawler_store(self.crawler)
        self.run_id = self.store.start_run(spider.name)
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("newsbot/run_id", self.run_id)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.store is None or self.run_id is None:
            return
        assert self.crawler.stats is not None
        try:
            self.store.finish_run(self.run_id, reason, run_summary(self.crawler.stats.get_stats()))
        except StoreError as exc:
            # A full disk at the end of a run: the run stays "unfinished" in the history.
            logger.error("Run %d not recorded in the run history: %s", self.run_id, exc)
        self.store = None
