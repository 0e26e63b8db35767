"""Writes articles to the SQLite store (``NEWSBOT_SQLITE_PATH``), one transaction per article."""

from __future__ import annotations

import logging
import sqlite3
from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem, NotConfigured

from newsbot.extensions.storageguard import stop_for_storage
from newsbot.items import Article
from newsbot.storage import StoreError, StoreUser

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


logger = logging.getLogger(__name__)


class SqlitePipeline(StoreUser):
    def __init__(self, crawler: Crawler, path: str) -> None:
        self.crawler = crawler
        self.database = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("NEWSBOT_SQLITE_PATH")
        if not path:
            raise NotConfigured("NEWSBOT_SQLITE_PATH is empty")
        return cls(crawler, path)

    def process_item(self, item: Article) -> Article:
        assert self.store is not None and self.crawler.stats is not None
        stats = self.crawler.stats
        try:
            if self.store.stored_version(item.id or "") is not None:
                if self.store.update(item, fetched_url=item.url):
                    stats.inc_value("newsbot/articles/updated")
                    logger.info("Updated %s (%s)", item.id, item.url)
                else:
                    stats.inc_value("newsbot/articles/unchanged")
                raise DropItem(f"stored before: {item.id}", log_level="DEBUG")
            stored = self.store.insert(item, fetched_url=item.url)
        except (StoreError, sqlite3.Error) as exc:
            stop_for_storage(self.crawler, exc)
            raise DropItem(f"not stored: {item.url}") from exc
        if not stored:
            stats.inc_value("newsbot/duplicates/id")
            raise DropItem(f"already stored: {item.id}", log_level="DEBUG")
        stats.inc_value("newsbot/stored/sqlite")
        stats.inc_value("newsbot/articles/new")
        return item
