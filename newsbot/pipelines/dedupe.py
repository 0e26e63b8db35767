"""Drops repeats of a stored story: same id within a run, same canonical URL under another id, or
the same text (content hash) under another id. An article fetched again on purpose (an update)
passes, for the SQLite pipeline to compare with the stored version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem, NotConfigured

from newsbot.items import Article
from newsbot.storage import StoreUser

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class DedupePipeline(StoreUser):
    def __init__(self, stats: StatsCollector, database: str | None) -> None:
        self.stats = stats
        self.database = database
        self.ids: set[str] = set()
        self.urls: dict[str, str] = {}
        self.hashes: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSBOT_DEDUPE_ENABLED"):
            raise NotConfigured
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.get("NEWSBOT_SQLITE_PATH") or None)

    def _duplicate(self, kind: str, item: Article, original: str | None = None) -> DropItem:
        self.stats.inc_value(f"newsbot/duplicates/{kind}")
        if self.store is not None and item.site and item.url:
            self.store.state.mark_done(
                item.site, item.url, "duplicate", article_id=item.id, reason=f"{kind} of {original}"
            )
        return DropItem(f"duplicate {kind}: {item.id} {item.url} (of {original})", log_level="DEBUG")

    def _owner(self, column: str, value: str | None) -> str | None:
        if value is None:
            return None
        if self.store is not None:
            return self.store.id_where(column, value)
        return (self.urls if column == "canonical_url" else self.hashes).get(value)

    def process_item(self, item: Article) -> Article:
        assert item.id is not None and item.canonical_url is not None
        if item.id in self.ids:
            raise self._duplicate("id", item, item.id)
        # A stored id here is an article fetched again on purpose (an update): it goes on to the
        # SQLite pipeline, which compares it with the stored version.
        stored_before = self.store is not None and self.store.stored_version(item.id) is not None
        if not stored_before:
            owner = self._owner("canonical_url", item.canonical_url)
            if owner is not None and owner != item.id:
                raise self._duplicate("url", item, owner)
            owner = self._owner("content_hash", item.content_hash)
            if owner is not None and owner != item.id:
                raise self._duplicate("content", item, owner)
        if self.store is None:
            # Without a database the maps are the only memory of this run; with one, the stored
            # rows are, and memory stays flat however long the crawl.
            self.ids.add(item.id)
            self.urls[item.canonical_url] = item.id
            if item.content_hash:
                self.hashes[item.content_hash] = item.id
        return item
