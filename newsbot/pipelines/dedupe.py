"""Drops repeats of a stored story: same id, same canonical URL, or same text under another id."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem, NotConfigured

from newsbot.items import Article
from newsbot.storage import acquire_store, release_store

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from newsbot.storage import ArticleStore


class DedupePipeline:
    def __init__(
        self, crawler: Crawler, stats: StatsCollector, database: str | None, skip_known: bool = True
    ) -> None:
        self.crawler = crawler
        self.stats = stats
        self.database = database
        self.skip_known = skip_known
        self.store: ArticleStore | None = None
        self.ids: set[str] = set()
        self.urls: set[str] = set()
        self.hashes: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSBOT_DEDUPE_ENABLED"):
            raise NotConfigured
        assert crawler.stats is not None
        return cls(
            crawler,
            crawler.stats,
            crawler.settings.get("NEWSBOT_SQLITE_PATH") or None,
            crawler.settings.getbool("NEWSBOT_SKIP_KNOWN"),
        )

    def open_spider(self) -> None:
        if self.database:
            self.store = acquire_store(self.database)
            self.ids = self.store.known_ids()
            self.urls = self.store.known_canonical_urls()
            self.hashes = self.store.known_hashes()
            spider = self.crawler.spider
            if self.skip_known and spider is not None and hasattr(spider, "known_ids"):
                spider.known_ids = set(self.ids)
        self.stats.set_value("newsbot/dedupe/known_at_start", len(self.ids))

    def close_spider(self) -> None:
        if self.store is not None:
            release_store(self.store)
            self.store = None

    def _duplicate(self, kind: str, item: Article) -> DropItem:
        self.stats.inc_value(f"newsbot/duplicates/{kind}")
        return DropItem(f"duplicate {kind}: {item.id} {item.url}")

    def process_item(self, item: Article) -> Article:
        if item.id in self.ids:
            raise self._duplicate("id", item)
        if item.canonical_url in self.urls:
            raise self._duplicate("url", item)
        if item.content_hash and item.content_hash in self.hashes:
            raise self._duplicate("content", item)
        assert item.id is not None and item.canonical_url is not None
        self.ids.add(item.id)
        self.urls.add(item.canonical_url)
        if item.content_hash:
            self.hashes[item.content_hash] = item.id
        return item
