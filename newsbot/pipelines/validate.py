"""Drops items that lack what every article must have, counting each reason."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from newsbot.items import Article
from newsbot.store import crawler_store

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from newsbot.store import Store


logger = logging.getLogger(__name__)

REQUIRED = ("id", "url", "headline", "article_body")
COVERAGE_FIELDS = (
    "headline",
    "description",
    "article_body",
    "date_published",
    "authors",
    "section",
    "tags",
    "main_image",
    "source",
)


class ValidatePipeline:
    def __init__(
        self,
        stats: StatsCollector,
        *,
        min_body_chars: int = 0,
        store: Store | None = None,
        retry_after: timedelta = timedelta(hours=1),
        max_attempts: int = 5,
    ) -> None:
        self.stats = stats
        self.min_body_chars = min_body_chars
        self.store = store
        self.retry_after = retry_after
        self.max_attempts = max_attempts

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        settings = crawler.settings
        return cls(
            crawler.stats,
            min_body_chars=settings.getint("NEWSBOT_MIN_BODY_CHARS"),
            store=crawler_store(crawler),
            retry_after=timedelta(hours=settings.getfloat("NEWSBOT_FAILED_RETRY_HOURS")),
            max_attempts=settings.getint("NEWSBOT_FAILED_MAX_ATTEMPTS"),
        )

    def drop(self, item: Article, reason: str) -> DropItem:
        self.stats.inc_value(f"newsbot/dropped/{reason}")
        if self.store is not None and item.site and item.url:
            # A page without a body may be a passing fault of the site: later runs try again.
            # A StoreError raised here reaches the storage guard through the item's error.
            self.store.mark_failed(
                item.site,
                item.url,
                reason,
                article_id=item.id,
                backoff=self.retry_after,
                max_attempts=self.max_attempts,
            )
        return DropItem(f"{reason}: {item.url}", log_level="INFO")

    def count_coverage(self, item: Article) -> None:
        """Count which fields the page gave, before anything is dropped: a layout change shows up
        as a falling share long before articles stop arriving."""
        inc_value = self.stats.inc_value  # looked up once: Scrapy's stats wrap every lookup
        inc_value("newsbot/coverage/items")
        for name in COVERAGE_FIELDS:
            if getattr(item, name):
                inc_value(f"newsbot/coverage/{name}")

    def process_item(self, item: Article) -> Article:
        if self.stats.get_value("newsbot/errors/storage"):
            # The crawl is stopping because storage failed; nothing more can be written.
            self.stats.inc_value("newsbot/dropped/storage_failed")
            raise DropItem(f"not stored (storage failed): {item.url}", log_level="INFO")
        self.count_coverage(item)
        for name in REQUIRED:
            if not getattr(item, name):
                raise self.drop(item, f"missing_{name}")
        if len(item.article_body or "") < self.min_body_chars:
            raise self.drop(item, "body_too_short")
        if item.date_published is None:
            # Kept: a story without a readable date is still a story, but it is counted.
            self.stats.inc_value("newsbot/items/no_date")
            logger.info("No readable publication date: %s (raw %r)", item.url, item.date_published_raw)
        return item
