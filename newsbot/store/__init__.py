"""The store: articles, crawl state, near-duplicate index, search and run history (docs/store.md)."""

from newsbot.store.base import DONE, IndexReport, Outcome, Store, StoreError, UrlState
from newsbot.store.crawler import attach_store, crawler_store, open_dsn, open_path, open_store
from newsbot.store.search import Hit

__all__ = [
    "DONE",
    "Hit",
    "IndexReport",
    "Outcome",
    "Store",
    "StoreError",
    "UrlState",
    "attach_store",
    "crawler_store",
    "open_dsn",
    "open_path",
    "open_store",
]
