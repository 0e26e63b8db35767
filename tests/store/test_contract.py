"""The store contract, run against both implementations: SQLite (a file) and PostgreSQL (a fresh
schema on the local server). What one store answers, the other must answer too."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from newsbot.items import Article
from newsbot.store import Store, open_dsn, open_path
from tests.dedupe.test_near_duplicates import STORIES, body, spelling_variants, story
from tests.support.servers import fresh_schema


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


@dataclasses.dataclass
class Backend:
    """Opens stores on one database and counts its articles from another connection."""

    name: str
    open: Callable[..., Store]
    committed_articles: Callable[[], int]


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "sqlite":
        path = tmp_path / "newsbot.db"

        def count_sqlite() -> int:
            with sqlite3.connect(path) as db:
                return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])

        yield Backend("sqlite", lambda **kw: open_path(path, **kw), count_sqlite)
        return
    import psycopg

    with fresh_schema() as dsn:

        def count_pg() -> int:
            with psycopg.connect(dsn) as db:
                row = db.execute("SELECT count(*) FROM articles").fetchone()
                return int(row[0]) if row else 0

        yield Backend("postgres", lambda **kw: open_dsn(dsn, **kw), count_pg)


def test_repeats_are_refused_by_constraints_and_named(backend: Backend) -> None:
    store = backend.open()
    assert store.save(article(1), fetched_url=article(1).url).kind == "new"
    same_url = dataclasses.replace(article(2), url=article(1).url, canonical_url=article(1).canonical_url)
    outcome = store.save(same_url, fetched_url="https://arabic.rt.com/amp/2")
    assert (outcome.kind, outcome.duplicate, outcome.original, outcome.stored) == (
        "duplicate", "url", "rt_arabic:1", False,
    )  # fmt: skip
    same_text = dataclasses.replace(article(3), content_hash=article(1).content_hash)
    outcome = store.save(same_text, fetched_url=same_text.url)
    assert (outcome.kind, outcome.duplicate, outcome.original) == ("duplicate", "content", "rt_arabic:1")
    assert store.lookup_urls([same_text.url or ""])[same_text.url or ""].status == "duplicate"
    assert store.count() == 1
    store.close()
    assert backend.committed_articles() == 1


def test_updates_unchanged_and_repeats_kept_without_dedupe(backend: Backend) -> None:
    store = backend.open()
    store.save(article(1))
    assert store.save(article(1)).kind == "unchanged"
    edited = dataclasses.replace(article(1), article_body="نص معدل", content_hash="edited")
    assert store.save(edited).kind == "updated"
    repeat = dataclasses.replace(article(2), content_hash="edited")
    outcome = store.save(repeat, unique_content=False)
    assert (outcome.kind, outcome.stored, outcome.original) == ("duplicate", True, "rt_arabic:1")
    assert [row["id"] for row in store.articles(one_per_story=True)] == ["rt_arabic:1"]
    assert {row["id"]: row["article_body"] for row in store.articles()}["rt_arabic:1"] == "نص معدل"
    store.close()


def test_side_effects_run_only_once_their_data_is_committed(backend: Backend) -> None:
    store = backend.open(batch=3)
    seen: list[int] = []
    store.save(article(1))
    store.after_commit(lambda: seen.append(backend.committed_articles()))
    store.save(article(2))
    store.record_discovered("rt_arabic", [("https://arabic.rt.com/world/9-x", "rt_arabic:9", None)])
    store.commit()
    assert seen and seen[0] >= 1  # the article was visible to another connection when it ran
    store.after_commit(lambda: seen.append(-1))
    assert seen[-1] == -1  # nothing pending: at once
    store.close()
    assert backend.committed_articles() == 2


def test_url_state_failures_and_pending(backend: Backend) -> None:
    store = backend.open()
    url = article(1).url or ""
    store.record_discovered("rt_arabic", [(url, "rt_arabic:1", "2026-01-01")])
    store.record_discovered("rt_arabic", [(url, "rt_arabic:1", "2026-02-01")])
    assert [state.url for state in store.pending_urls("rt_arabic")] == [url]
    assert store.lookup_urls([url])[url].lastmod == "2026-02-01"
    attempts = store.mark_failed(
        "rt_arabic", url, "http_503", article_id="rt_arabic:1", backoff=timedelta(hours=1), max_attempts=3
    )
    assert attempts == 1
    assert store.pending_urls("rt_arabic") == []
    assert store.lookup_urls([url])[url].waiting("2000-01-01T00:00:00+00:00")
    store.mark_url("rt_arabic", "https://arabic.rt.com/world/2-x", "not_article", article_id="rt_arabic:2")
    assert store.done_ids(["rt_arabic:1", "rt_arabic:2"]) == {"rt_arabic:2"}
    store.record_document("rt_arabic", "https://arabic.rt.com/sitemap1.xml", "2026-01-01")
    assert store.document_lastmod("https://arabic.rt.com/sitemap1.xml") == "2026-01-01"
    store.close()
    reopened = backend.open()
    assert reopened.done_ids(["rt_arabic:2"]) == {"rt_arabic:2"}
    reopened.close()


def test_runs_are_recorded_newest_first(backend: Backend) -> None:
    store = backend.open()
    first = store.start_run("rt_arabic")
    store.finish_run(first, "finished", {"newsbot/articles/new": 1})
    second = store.start_run("rt_arabic")
    store.set_health(second, "failing", ["no articles"])
    runs = store.runs()
    assert [run["run_id"] for run in runs] == [second, first]
    assert runs[1]["stats"] == {"newsbot/articles/new": 1} and runs[0]["problems"] == ["no articles"]
    store.close()


def test_search_is_blind_to_spelling_variants(backend: Backend) -> None:
    store = backend.open()
    store.save(article(1, text="قال مسؤول في الحكومة إن الأسعار ارتفعت"))
    store.save(article(2, text="نص آخر لا علاقة له"))
    hits = store.search("مسئول الاسعار")
    assert [hit.id for hit in hits] == ["rt_arabic:1"]
    assert "[" in hits[0].snippet
    assert store.search("مسؤول", site="other") == []
    assert store.search("؟") == []
    store.close()


def test_search_follows_an_update_in_the_same_batch(backend: Backend) -> None:
    store = backend.open()
    store.save(article(1, text="قال مسؤول إن الأسعار ارتفعت"))
    store.save(article(2, text="نص آخر لا علاقة له"))
    edited = dataclasses.replace(article(1), article_body="قررت الحكومة خفض الضرائب", content_hash="edited")
    assert store.save(edited).kind == "updated"
    assert [hit.id for hit in store.search("الحكومة")] == ["rt_arabic:1"]
    assert store.search("الأسعار") == []
    store.close()
    reopened = backend.open()
    assert [hit.id for hit in reopened.search("الضرائب")] == ["rt_arabic:1"]
    assert [hit.id for hit in reopened.search("علاقة")] == ["rt_arabic:2"]
    assert reopened.search("الأسعار") == []
    reopened.close()


def test_near_duplicates_are_linked_or_dropped(backend: Backend) -> None:
    import random

    from newsbot.text.neardup import signature

    store = backend.open()
    store.open_near_duplicates(window_days=60)
    original, other = STORIES[0], STORIES[1]
    assert store.save(story(original), signature=signature(body(original))).kind == "new"
    variant = spelling_variants(original, random.Random(1))
    copy = dataclasses.replace(story(other, variant), content_hash="copy")
    linked = store.save(copy, fetched_url=copy.url, signature=signature(variant))
    assert (linked.kind, linked.stored, linked.original) == ("near_duplicate", True, str(original.article_id))
    url = "https://arabic.rt.com/world/dropped"
    dropped = dataclasses.replace(copy, id="dropped", url=url, canonical_url=url, content_hash="d")
    outcome = store.save(dropped, fetched_url=url, signature=signature(variant), near_mode="drop")
    assert (outcome.kind, outcome.stored) == ("near_duplicate", False)
    # An exact repeat is named as one, in drop mode too, and leaves the store writable.
    again = dataclasses.replace(story(original), id="again", content_hash="again")
    repeat = store.save(again, signature=signature(body(original)), near_mode="drop")
    assert (repeat.kind, repeat.duplicate, repeat.stored) == ("duplicate", "url", False)
    assert store.count() == 2
    assert store.lookup_urls([url])[url].status == "duplicate"
    sig = signature(body(original))
    assert sig is not None
    found = store.find_near_duplicate(sig, exclude=str(original.article_id))
    assert found is not None and found.id == str(other.article_id)
    store.close()
    reopened = backend.open()
    assert reopened.open_near_duplicates(window_days=60).size == 2
    reopened.close()


def test_unexported_articles_until_marked(backend: Backend) -> None:
    store = backend.open()
    store.save(article(1))
    store.save(article(2))
    assert [row["id"] for row in store.unexported()] == ["rt_arabic:1", "rt_arabic:2"]
    store.mark_exported(["rt_arabic:1"])
    assert [row["id"] for row in store.unexported()] == ["rt_arabic:2"]
    store.close()
