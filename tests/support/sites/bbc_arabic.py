# ruff: noqa: E501  (one-line markup reads better unwrapped)
"""BBC News Arabic (bbc.com/arabic) renderer: Simorgh article pages with ``script#__NEXT_DATA__``, AMP copies,
RSS, the bbc.com news sitemaps (all languages mixed), topic pages with ``?page=N``, a live page, and the mirror.

The article data lives in ``props.pageProps.pageData`` (``content.model.blocks``, ``metadata``, ``promo``);
the visible markup repeats it with build-hashed class names that page code must not rely on.
``python -m tests.support.sites.bbc_arabic`` rewrites the fixtures and the mirror.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from newsbot.mirror.site import MirrorSite
from tests.support.sites._common import (
    HTML,
    RSS,
    TEXT,
    XML,
    Story,
    expected_article,
    gold_line,
    save_mirror,
    write_case,
)
from tests.support.sites.bbc_arabic_data import STORIES
from tests.support.sites.bbc_arabic_markup import (
    CAPTURED,
    DEAD,
    HOST,
    LIVE_PATH,
    PERSIAN,
    ROBOTS,
    SITE,
    SITEMAP_INDEX,
    SITEMAP_NEWS,
    SITEMAP_NEWS_2,
    TOPIC,
    _sitemap_entries,
    amp_html,
    article_html,
    feed_xml,
    front_html,
    ld_date,
    live_html,
    news_sitemap_xml,
    path,
    sitemap_index_xml,
    topic_html,
    url,
)


def _related(story: Story) -> list[Story]:
    others = [s for s in STORIES if s.key != story.key]
    start = STORIES.index(story) % len(others)
    return (others[start:] + others[:start])[:3]


def build() -> MirrorSite:
    site = MirrorSite()
    for story in STORIES:
        site.add(path(story), article_html(story, _related(story)), HTML)
        site.add(path(story) + ".amp", amp_html(story), HTML)
    ordered = sorted(STORIES, key=lambda s: s.published, reverse=True)
    feed = feed_xml(ordered[:10])
    site.add("/arabic/rss.xml", feed, RSS)  # feeds.bbci.co.uk/arabic/rss.xml
    site.add("/arabic/index.xml", feed, RSS)  # www.bbc.com/arabic/index.xml
    site.add("/robots.txt", ROBOTS, TEXT)
    first, second = _sitemap_entries()
    site.add(SITEMAP_INDEX, sitemap_index_xml(), XML)
    site.add(SITEMAP_NEWS, news_sitemap_xml(first), XML)
    site.add(SITEMAP_NEWS_2, news_sitemap_xml(second), XML)
    site.add(LIVE_PATH, live_html(), HTML)
    site.add("/arabic", front_html(ordered[:6]), HTML)
    pages = [ordered[0:5], ordered[5:10], ordered[10:]]
    for n, members in enumerate(pages, start=1):
        extra = [(DEAD[1], "قصة حذفت من الموقع"), (LIVE_PATH, "تغطية مباشرة")] if n == 2 else []
        if n == 1:
            extra = [
                ("https://www.bbc.co.uk" + path(ordered[1]), ordered[1].headline),
                (PERSIAN, "ایران و اسرائیل"),
            ]
        body = topic_html(n, members, extra, len(pages))
        site.add(f"/arabic/topics/{TOPIC}?page={n}", body, HTML)
        if n == 1:
            site.add(f"/arabic/topics/{TOPIC}", body, HTML)
    return site


#: Fields of the gold that are stored text: tatweel is not kept there (reference/arabic_text.md §1.1,
#: tests/fixtures/README.md), though the page prints it (``الـ27``, ``بـ1.68``).
STORED_TEXT = ("headline", "description", "article_body")


def stored(answer: dict[str, Any]) -> dict[str, Any]:
    """The gold answer with its stored-text fields as newsbot stores them (tatweel removed)."""
    return {
        key: value.replace("\u0640", "") if key in STORED_TEXT and isinstance(value, str) else value
        for key, value in answer.items()
    }


def gold() -> list[str]:
    rows = (json.loads(gold_line(s, url(s), f"{SITE}:{s.slug}")) for s in STORIES)
    return [json.dumps(stored(row), ensure_ascii=False) for row in rows]


def _by_key(key: str) -> Story:
    return next(s for s in STORIES if s.key == key)


def _article_case(case: str, key: str, fetched: str | None = None) -> None:
    story = _by_key(key)
    fetched_url = fetched or url(story)
    expected = expected_article(
        site=SITE, story=story, url=fetched_url, canonical=url(story), article_id=f"{SITE}:{story.slug}",
        date_raw=ld_date(story.published), section=None, captured_at=CAPTURED,
    )  # fmt: skip
    if story.modified is None:
        # JSON-LD always carries dateModified (equal to datePublished when never updated).
        expected["date_modified"] = expected["date_published"]
    expected = stored(expected)
    write_case(
        SITE,
        "articles",
        case,
        url=fetched_url,
        body=article_html(story, _related(story)),
        content_type=HTML,
        captured_at=CAPTURED,
        expected=expected,
    )


def write_fixtures() -> None:
    _article_case("subheadlines-byline-modified", "iran-drones")
    _article_case("no-image-no-byline", "gorilla-no-image")
    _article_case("video-block-no-image", "video-article")
    _article_case("two-authors-role", "climate-two-authors")
    _article_case("no-summary-lead", "morocco-culture")
    _article_case("bbc-co-uk-host", "gaza-aid", "https://www.bbc.co.uk" + path(_by_key("gaza-aid")))
    write_case(
        SITE,
        "non_articles",
        "live-page",
        url=HOST + LIVE_PATH,
        body=live_html(),
        content_type=HTML,
        captured_at=CAPTURED,
        expected={"article": False},
    )
    ordered = sorted(STORIES, key=lambda s: s.published, reverse=True)
    write_case(
        SITE, "non_articles", "topic-page", url=f"{HOST}/arabic/topics/{TOPIC}",
        body=topic_html(1, ordered[:5], [], 3), content_type=HTML, captured_at=CAPTURED, expected={"article": False},
    )  # fmt: skip
    write_case(
        SITE, "feeds", "arabic-rss", url="https://feeds.bbci.co.uk/arabic/rss.xml", body=feed_xml(ordered[:10]),
        content_type="text/xml; charset=utf-8", captured_at=CAPTURED, page_name="page.xml",
        expected={"article_urls": [url(s) for s in ordered[:10]], "other_urls": [HOST + LIVE_PATH]},
    )  # fmt: skip
    write_case(
        SITE, "sitemaps", "news-sitemap-index", url=HOST + SITEMAP_INDEX, body=sitemap_index_xml(), content_type=XML,
        captured_at=CAPTURED, page_name="page.xml", expected={"sitemaps": [HOST + SITEMAP_NEWS, HOST + SITEMAP_NEWS_2]},
    )  # fmt: skip
    first, _ = _sitemap_entries()
    write_case(
        SITE, "sitemaps", "news-sitemap-mixed-languages", url=HOST + SITEMAP_NEWS, body=news_sitemap_xml(first),
        content_type=XML, captured_at=CAPTURED, page_name="page.xml",
        expected={"article_urls": [u for u, lang, _, _ in first if lang == "ar"], "other_urls": [u for u, lang, _, _ in first if lang != "ar"]},
    )  # fmt: skip
    write_case(
        SITE, "listings", "topic-page-2", url=f"{HOST}/arabic/topics/{TOPIC}?page=2",
        body=topic_html(2, ordered[5:10], [(DEAD[1], "قصة حذفت من الموقع"), (LIVE_PATH, "تغطية مباشرة")], 3),
        content_type=HTML, captured_at=CAPTURED,
        expected={"article_urls": [url(s) for s in ordered[5:10]] + [HOST + DEAD[1]]},
    )  # fmt: skip


def main(argv: list[str]) -> int:
    if "--no-fixtures" not in argv:
        write_fixtures()
    folder = save_mirror(build(), SITE, gold())
    print(f"{SITE}: {len(STORIES)} stories, mirror in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
