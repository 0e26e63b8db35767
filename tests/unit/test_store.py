"""The store interface on SQLite: constraints, outcomes, batching, the state file, timeouts, sharing."""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import pytest
from scrapy import signals
from scrapy.utils.test import get_crawler

from newsbot.items import Article
from newsbot.store import StoreError, attach_store, crawler_store, open_path
from newsbot.store.sqlite_schema import SCHEMA_VERSION


def article(number: int, *, text: str | None = None, url: str | None = None) -> Article:
    address = url or f"https://arabic.rt.com/world/{number}-x"
    return Article(
        id=f"rt_arabic:{number}",
        site="rt_arabic",
        url=address,
        canonical_url=address,
        headline=f"عنوان {number}",
        article_body=text or f"نص الخبر رقم {number}",
        content_hash=f"hash-{text or number}",
    )


def count_rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_repeats_are_refused_by_constraints_and_named(tmp_path: Path) -> None:
    store = open_path(tmp_path / "newsbot.db")
    assert store.save(article(1), fetched_url=article(1).url).kind == "new"
    same_url = dataclasses.replace(article(2), url=article(1).url, canonical_url=article(1).canonical_url)
    outcome = store.save(same_url, fetched_url="https://arabic.rt.com/amp/2")
    assert (outcome.kind, outcome.duplicate, outcome.original, outcome.stored) == (
        "duplicate", "url", "rt_arabic:1", False,
    )  # fmt: skip
    same_text = dataclasses.replace(article(3), content_hash=article(1).content_hash)
    outcome = store.save(same_text, fetched_url=same_text.url)
    assert (outcome.kind, outcome.duplicate, outcome.original) == ("duplicate", "content", "rt_arabic:1")
    assert store.lookup_urls([same_text.url])[same_text.url].status == "duplicate"
    assert store.count() == 1
    store.close()


def test_a_stored_id_is_an_update_only_when_its_text_or_date_changed(tmp_path: Path) -> None:
    store = open_path(tmp_path / "newsbot.db")
    store.save(article(1))
    assert store.save(article(1)).kind == "unchanged"
    edited = dataclasses.replace(article(1), article_body="نص معدل", content_hash="edited")
    assert store.save(edited).kind == "updated"
    store.close()
    with sqlite3.connect(tmp_path / "newsbot.db") as db:
        assert db.execute("SELECT version, article_body FROM articles").fetchone() == (2, "نص معدل")


def test_without_dedupe_a_repeated_text_is_stored_linked_to_the_first(tmp_path: Path) -> None:
    store = open_path(tmp_path / "newsbot.db")
    store.save(article(1))
    repeat = dataclasses.replace(article(2), content_hash=article(1).content_hash)
    outcome = store.save(repeat, unique_content=False)
    assert (outcome.kind, outcome.stored, outcome.original) == ("duplicate", True, "rt_arabic:1")
    assert store.count() == 2
    assert [row["id"] for row in store.articles(one_per_story=True)] == ["rt_arabic:1"]
    store.close()


def test_writes_are_committed_in_batches_and_side_effects_wait_for_the_commit(tmp_path: Path) -> None:
    path = tmp_path / "newsbot.db"
    store = open_path(path, batch=3)
    written: list[str] = []
    store.save(article(1))
    store.after_commit(lambda: written.append("rt_arabic:1"))
    store.save(article(2))
    assert count_rows(path, "articles") == 0 and written == []  # pending, invisible to others
    store.record_discovered("rt_arabic", [("https://arabic.rt.com/world/9-x", "rt_arabic:9", None)])
    assert count_rows(path, "articles") == 2 and written == ["rt_arabic:1"]  # the third write committed
    store.after_commit(lambda: written.append("now"))
    assert written[-1] == "now"  # nothing pending: at once
    store.close()


def test_a_write_that_cannot_start_fails_cleanly_and_leaves_nothing_pending(tmp_path: Path) -> None:
    path = tmp_path / "newsbot.db"
    store = open_path(path, timeout=0.1)
    store.save(article(1))
    store.commit()
    written: list[str] = []
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):
            store.save(article(2))  # cannot even begin its transaction
        store.after_commit(lambda: written.append("x"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert written == ["x"]  # nothing was pending after the failure
    store.save(article(3))
    store.close()
    assert count_rows(path, "articles") == 2


def test_state_goes_to_the_state_file_and_articles_to_the_article_file(tmp_path: Path) -> None:
    articles, state = tmp_path / "newsbot.db", tmp_path / "state.db"
    store = open_path(articles, state_path=state)
    run = store.start_run("rt_arabic")
    store.save(article(1), fetched_url=article(1).url)
    store.record_document("rt_arabic", "https://arabic.rt.com/sitemap1.xml", "2026-01-01")
    store.finish_run(run, "finished", {"newsbot/articles/new": 1})
    store.close()
    assert count_rows(state, "urls") == 1 and count_rows(state, "runs") == 1
    assert count_rows(state, "documents") == 1
    assert count_rows(articles, "articles") == 1
    with sqlite3.connect(articles) as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE name IN ('urls', 'runs')").fetchall() == []
    reopened = open_path(articles, state_path=state)
    assert reopened.done_ids(["rt_arabic:1"]) == {"rt_arabic:1"}
    assert reopened.runs()[0]["stats"] == {"newsbot/articles/new": 1}
    reopened.close()


def test_an_article_mark_without_its_row_is_not_done(tmp_path: Path) -> None:
    """With two files a crash may commit the state file and not the article file."""
    store = open_path(tmp_path / "newsbot.db", state_path=tmp_path / "state.db")
    store.mark_url("rt_arabic", article(1).url or "", "article", article_id="rt_arabic:1")
    store.mark_url("rt_arabic", article(2).url or "", "not_article", article_id="rt_arabic:2")
    assert store.done_ids(["rt_arabic:1", "rt_arabic:2"]) == {"rt_arabic:2"}
    store.close()


def test_failed_urls_wait_and_are_retried_later(tmp_path: Path) -> None:
    store = open_path(None)
    url = article(1).url or ""
    store.record_discovered("rt_arabic", [(url, "rt_arabic:1", None)])
    assert [state.url for state in store.pending_urls("rt_arabic")] == [url]
    attempts = store.mark_failed(
        "rt_arabic", url, "http_503", article_id="rt_arabic:1", backoff=timedelta(hours=1), max_attempts=3
    )
    assert attempts == 1
    assert store.pending_urls("rt_arabic") == []
    assert store.lookup_urls([url])[url].waiting("2000-01-01T00:00:00+00:00")
    store.close()


def test_the_timeout_setting_reaches_the_crawl_connection(tmp_path: Path) -> None:
    path = tmp_path / "newsbot.db"
    open_path(path).close()
    crawler = get_crawler(settings_dict={"NEWSBOT_SQLITE_PATH": str(path), "NEWSBOT_SQLITE_TIMEOUT": 0.3})
    store = crawler_store(crawler)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    started = time.monotonic()
    try:
        with pytest.raises(StoreError, match="locked"):
            store.save(article(1))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert 0.25 <= time.monotonic() - started < 3  # 0.3 s, not the default 10 s
    store.close()


def test_one_store_is_shared_by_the_crawlers_it_is_attached_to(tmp_path: Path) -> None:
    shared = open_path(tmp_path / "newsbot.db")
    first, second = get_crawler(), get_crawler()
    attach_store(first, shared)
    attach_store(second, shared)
    assert crawler_store(first) is crawler_store(second) is shared
    crawler_store(first).save(article(1))
    first.signals.send_catch_log(signals.engine_stopped)  # commits, does not close a shared store
    assert count_rows(tmp_path / "newsbot.db", "articles") == 1
    assert crawler_store(second).save(article(1)).kind == "unchanged"  # same index, same connection
    shared.close()


def test_a_crawler_closes_the_store_it_opened_when_its_engine_stops() -> None:
    crawler = get_crawler(settings_dict={"NEWSBOT_SQLITE_PATH": ""})
    store = crawler_store(crawler)
    assert crawler_store(crawler) is store and not store.persistent
    store.save(article(1))
    crawler.signals.send_catch_log(signals.engine_stopped)
    with pytest.raises(StoreError):
        store.count()


def test_a_version_1_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        db.executescript(
            """CREATE TABLE articles (id TEXT PRIMARY KEY, site TEXT NOT NULL, url TEXT NOT NULL,
                   canonical_url TEXT NOT NULL, headline TEXT, description TEXT, article_body TEXT,
                   date_published TEXT, date_published_raw TEXT, date_modified TEXT,
                   authors TEXT NOT NULL DEFAULT '[]', section TEXT, tags TEXT NOT NULL DEFAULT '[]',
                   main_image TEXT, source TEXT, in_language TEXT, scraped_at TEXT, content_hash TEXT,
                   first_stored TEXT NOT NULL, exported INTEGER NOT NULL DEFAULT 0);
               CREATE INDEX articles_content_hash ON articles(content_hash);
               CREATE TABLE runs (run_id INTEGER PRIMARY KEY AUTOINCREMENT, site TEXT NOT NULL,
                   started_at TEXT NOT NULL, finished_at TEXT, finish_reason TEXT, stats TEXT);
               INSERT INTO articles(id, site, url, canonical_url, headline, article_body, content_hash,
                                    first_stored)
               VALUES ('a:1', 'a', 'u1', 'u1', 'مسؤول', 'نص', 'same', '2026-01-01'),
                      ('a:2', 'a', 'u2', 'u2', 'عنوان', 'نص', 'same', '2026-01-02');"""
        )
    store = open_path(path)
    assert [hit.id for hit in store.search("مسئول")] == ["a:1"]  # indexed on migration
    assert [row["id"] for row in store.articles(one_per_story=True)] == ["a:1"]
    assert store.save(dataclasses.replace(article(3), content_hash="same")).duplicate == "content"
    store.set_health(store.start_run("a"), "ok", [])
    store.close()
    with sqlite3.connect(path) as db:
        version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        assert int(version) == SCHEMA_VERSION
        assert db.execute("SELECT duplicate_of FROM articles WHERE id = 'a:2'").fetchone() == ("a:1",)


def test_a_state_file_without_an_article_database_still_remembers_what_was_fetched(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    store = open_path(None, state_path=state)
    store.save(article(1), fetched_url=article(1).url)
    store.close()
    again = open_path(None, state_path=state)
    assert again.done_ids(["rt_arabic:1"]) == {"rt_arabic:1"}
    again.close()
