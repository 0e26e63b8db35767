"""One store per crawler (or per process), handed out the way Scrapy hands out ``crawler.stats``.

``crawler_store(crawler)`` returns the store attached to the crawler, opening one from the
settings on first use; ``attach_store`` lets ``newsbot crawl`` give every crawler of a process the
same store, so that all sites share one connection and one near-duplicate index. While the engine
runs, pending writes are committed every second; when it stops (after the pipelines closed and
the run was recorded) they are committed, and a store the crawler opened itself is closed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals

from newsbot.store.base import Store, StoreError
from newsbot.store.sqlite import SqliteStore

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.internet.task import LoopingCall

#: Where the store hangs on the crawler.
ATTRIBUTE = "newsbot_store"
#: Seconds between commits of pending writes during a crawl.
COMMIT_INTERVAL = 1.0


def open_store(settings: Any) -> Store:
    """The store the settings describe: PostgreSQL when ``NEWSBOT_POSTGRES_DSN`` is set (one
    connection per worker, docs/scale-out.md), else ``NEWSBOT_SQLITE_PATH`` (empty: in memory, for
    one process), ``NEWSBOT_STATE_PATH`` (empty: the crawl state lives with the articles) and
    ``NEWSBOT_SQLITE_TIMEOUT`` for every connection; ``NEWSBOT_STORE_BATCH`` writes per commit."""
    dsn = settings.get("NEWSBOT_POSTGRES_DSN")
    if dsn:
        return open_dsn(dsn, batch=settings.getint("NEWSBOT_STORE_BATCH", 200))
    return open_path(
        settings.get("NEWSBOT_SQLITE_PATH") or None,
        state_path=settings.get("NEWSBOT_STATE_PATH") or None,
        timeout=settings.getfloat("NEWSBOT_SQLITE_TIMEOUT", 10.0),
        batch=settings.getint("NEWSBOT_STORE_BATCH", 200),
    )


def open_path(
    path: str | Path | None,
    *,
    state_path: str | Path | None = None,
    timeout: float = 10.0,
    batch: int = 200,
) -> Store:
    """A store on a database file (``None``: in memory), for tools and the command line."""
    return SqliteStore(path, state_path=state_path, timeout=timeout, batch=max(1, batch))


def open_dsn(dsn: str, *, batch: int = 200) -> Store:
    """A store on a PostgreSQL server, for workers, tools and the command line."""
    from newsbot.store.postgres import PostgresStore

    return PostgresStore(dsn, batch=batch)


class _Binding:
    """Commits on a timer while the engine runs; commits (and closes, if owned) when it stops.
    Kept on the crawler, since Scrapy's signals hold their receivers weakly."""

    def __init__(self, crawler: Crawler, store: Store, owned: bool) -> None:
        self.crawler = crawler
        self.store = store
        self.owned = owned
        self.loop: LoopingCall | None = None

    def engine_started(self) -> None:
        from twisted.internet import task

        self.loop = task.LoopingCall(self.commit)
        self.loop.start(COMMIT_INTERVAL, now=False)

    def commit(self) -> None:
        try:
            self.store.commit()
        except StoreError as exc:
            from newsbot.extensions.storageguard import stop_for_storage

            stop_for_storage(self.crawler, exc)

    def engine_stopped(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        try:
            if self.owned:
                self.store.close()
            else:
                self.store.commit()
        except StoreError as exc:
            from newsbot.extensions.storageguard import stop_for_storage

            stop_for_storage(self.crawler, exc)


def attach_store(crawler: Crawler, store: Store, *, owned: bool = False) -> Store:
    """Give ``crawler`` this store (before its spider is created). The caller keeps ownership,
    and closes it after the crawl, unless ``owned``."""
    if getattr(crawler, ATTRIBUTE, None) is not None:
        raise RuntimeError("a store is already attached to this crawler")
    binding = _Binding(crawler, store, owned)
    setattr(crawler, ATTRIBUTE, store)
    crawler.newsbot_store_binding = binding  # type: ignore[attr-defined]
    crawler.signals.connect(binding.engine_started, signal=signals.engine_started)
    crawler.signals.connect(binding.engine_stopped, signal=signals.engine_stopped)
    return store


def crawler_store(crawler: Crawler) -> Store:
    """The crawler's store: attached already, or opened from its settings now (and closed when
    its engine stops)."""
    store: Store | None = getattr(crawler, ATTRIBUTE, None)
    if store is None:
        store = attach_store(crawler, open_store(crawler.settings), owned=True)
    return store
