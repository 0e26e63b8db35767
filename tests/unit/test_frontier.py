"""The frontier decides what to fetch with no Scrapy engine: links in, fetch decisions out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from newsbot.pages.discovery import Link
from newsbot.sites.rt_arabic import PROFILE
from newsbot.spiders.frontier import Frontier, Limits
from newsbot.store import Store, open_path

A1 = "https://arabic.rt.com/world/1700001-%D8%AE%D8%A8%D8%B1"
A2 = "https://arabic.rt.com/world/1700002-%D8%AE%D8%A8%D8%B1"
LISTING = "https://arabic.rt.com/listing/trend.53b3df9e611e9b8e648b45c9/noprepare/trend/10/{}"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_path(tmp_path / "state.db")
    yield opened
    opened.close()


def frontier(store: Store | None = None, **limits: object) -> tuple[Frontier, Counter[str]]:
    counts: Counter[str] = Counter()

    def count(key: str, value: int = 1) -> None:
        counts[key] += value

    return Frontier(PROFILE, store, Limits(**limits), count), counts  # type: ignore[arg-type]


def test_entry_points_cover_feeds_sitemaps_robots_sections_and_listings() -> None:
    planned, _ = frontier()
    kinds = Counter(fetch.kind for fetch in planned.entry_points())
    assert kinds == {
        "feed": len(PROFILE.feeds),
        "sitemap": len(PROFILE.sitemaps),
        "robots": 1,
        "section": len(PROFILE.section_pages),
        "listing": len(PROFILE.listings),
    }


def test_article_links_are_cleaned_deduplicated_and_counted() -> None:
    planned, counts = frontier()
    links = [Link(A1 + "?utm_source=rss"), Link("http://rtarabic.com/world/1700001-x/amp"), Link(A2)]
    links += [Link("https://arabic.rt.com/tag/russia/"), Link("https://t.me/rt")]
    fetches = planned.article_fetches(links, "feed")
    assert [f.url for f in fetches] == [A1, A2]
    assert [f.meta["newsbot_id"] for f in fetches] == ["rt_arabic:1700001", "rt_arabic:1700002"]
    assert counts["discovery/duplicate_links"] == 1
    assert counts["discovery/feed/not_article"] == 1
    assert planned.article_fetches([Link(A1)], "section") == []


def test_since_skips_old_links_and_stops_listing_paging() -> None:
    planned, counts = frontier(since=date(2025, 10, 10))
    old = [Link(A1, "Fri, 03 Oct 2025 09:16:00 +0000"), Link(A2, "Sat, 04 Oct 2025 09:16:00 +0000")]
    fetches = planned.listing_fetches(LISTING.format(0), old, LISTING.format(1), 1)
    assert fetches == []
    assert counts["discovery/older_than_since"] == 2
    assert counts["discovery/listing/stopped_at_since"] == 1


def test_listing_paging_goes_on_until_the_page_cap() -> None:
    planned, counts = frontier(max_listing_pages=2)
    first = planned.listing_fetches(LISTING.format(0), [Link(A1)], LISTING.format(1), 1)
    assert [f.url for f in first if f.kind == "listing"] == [LISTING.format(1)]
    second = planned.listing_fetches(LISTING.format(1), [Link(A2)], LISTING.format(2), 2)
    assert [f.kind for f in second] == ["article"]
    assert counts["discovery/listing/page_cap"] == 1


def test_stored_articles_are_not_fetched_again_unless_the_sitemap_says_they_changed(
    store: Store,
) -> None:
    planned, _ = frontier(store)
    planned.article_fetches([Link(A1, "2026-01-08T10:15:00+03:00")], "sitemap")
    store.mark_url("rt_arabic", A1, "article", article_id="rt_arabic:1700001")
    again, counts = frontier(store)
    assert again.article_fetches([Link(A1, "2026-01-08T10:15:00+03:00")], "sitemap") == []
    assert counts["discovery/known_skipped"] == 1
    changed = again.article_fetches([Link(A1, "2026-01-09T10:15:00+03:00")], "sitemap")
    assert [f.url for f in changed] == [A1]
    assert counts["incremental/refetch_lastmod"] == 1


def test_a_run_resumes_what_the_last_one_left_undone(store: Store) -> None:
    planned, _ = frontier(store)
    planned.article_fetches([Link(A1), Link(A2)], "feed")
    store.mark_url("rt_arabic", A1, "article", article_id="rt_arabic:1700001")
    resumed, counts = frontier(store)
    assert [f.url for f in resumed.resumed()] == [A2]
    assert counts["incremental/resumed_discovered"] == 1


def test_sitemap_index_children_skip_loops_offsite_and_unchanged(store: Store) -> None:
    planned, counts = frontier(store)
    index = "https://arabic.rt.com/sitemap.xml"
    store.record_document("rt_arabic", "https://arabic.rt.com/sitemap-2.xml", "2026-01-01T00:00:00+00:00")
    children = planned.sitemap_children(
        index,
        [
            Link("https://arabic.rt.com/sitemap-1.xml", "2026-01-02T00:00:00+00:00"),
            Link("https://arabic.rt.com/sitemap-2.xml", "2026-01-01T00:00:00+00:00"),
            Link(index),
            Link("https://elsewhere.example/sitemap.xml"),
        ],
        depth=0,
        chain=(),
    )
    assert [f.url for f in children] == ["https://arabic.rt.com/sitemap-1.xml"]
    assert (counts["incremental/sitemap_unchanged"], counts["errors/sitemap_loop"]) == (1, 1)
    assert counts["discovery/sitemap/offsite"] == 1


def test_admit_stops_at_max_articles_and_drops_a_redirected_duplicate() -> None:
    from newsbot.items import Article

    planned, _ = frontier(max_articles=2)
    planned.scheduled_ids.add("rt_arabic:1700002")
    first = Article(id="rt_arabic:1700001")
    assert planned.admit(first, "rt_arabic:1700001") is None
    assert planned.admit(Article(id="rt_arabic:1700002"), "rt_arabic:1700009") == "duplicate_after_redirect"
    assert planned.admit(Article(id="rt_arabic:1700003"), "rt_arabic:1700003") is None
    assert planned.full
    assert planned.admit(Article(id="rt_arabic:1700004"), "rt_arabic:1700004") == "max_articles"


def test_an_article_lost_at_one_address_is_fetched_at_another() -> None:
    planned, _ = frontier()
    legacy = "https://arabic.rt.com/news/1700001/"
    assert [f.url for f in planned.article_fetches([Link(legacy)], "feed")] == [legacy]
    planned.page_failed(legacy, "http_404", "rt_arabic:1700001")
    assert planned.article_fetches([Link(legacy)], "section") == []
    assert [f.url for f in planned.article_fetches([Link(A1)], "section")] == [A1]


def test_scheduled_ids_stay_bounded_and_a_forgotten_stored_article_is_not_fetched_again(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newsbot.spiders.frontier.RECENT_IDS", 50)
    planned, counts = frontier(store)
    first = planned.article_fetches([Link(A1)], "feed")
    assert [f.url for f in first] == [A1]
    store.mark_url("rt_arabic", A1, "article", article_id="rt_arabic:1700001")
    others = [Link(f"https://arabic.rt.com/world/{1800000 + n}-x") for n in range(200)]
    assert len(planned.article_fetches(others, "sitemap")) == 200
    assert len(planned.scheduled_ids) <= 50
    assert "rt_arabic:1700001" not in planned.scheduled_ids
    # Forgotten by the frontier, answered by the store: not scheduled again.
    assert planned.article_fetches([Link(A1)], "feed") == []
    assert counts["discovery/known_skipped"] == 1


def test_the_link_memo_stays_bounded_and_keeps_the_links_in_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsbot.spiders.frontier.CLEANED_MEMO", 20)
    planned, _ = frontier()
    popular = A1 + "?utm_source=rss"
    assert planned.classified(popular) == ("article", A1, "rt_arabic:1700001")
    assert planned.classified("https://t.me/rt") == ("offsite", "https://t.me/rt", None)
    for n in range(100):
        planned.classified(f"https://arabic.rt.com/world/{1800000 + n}-x")
        planned.classified(popular)
    assert len(planned.cleaned_links) <= 20
    assert popular in planned.cleaned_links and "https://t.me/rt" not in planned.cleaned_links
