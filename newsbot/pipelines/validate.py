"""Drops items that lack what every article must have, counting each reason."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from newsbot.items import Article

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

REQUIRED = ("id", "url", "headline", "article_body")


class ValidatePipeline:
    def __init__(self, stats: StatsCollector, min_body_chars: int = 0) -> None:
        self.stats = stats
        self.min_body_chars = min_body_chars

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.getint("NEWSBOT_MIN_BODY_CHARS"))

    def drop(self, item: Article, reason: str) -> DropItem:
        self.stats.inc_value(f"newsbot/dropped/{reason}")
        return DropItem(f"{reason}: {item.url}")

    def process_item(self, item: Article) -> Article:
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
