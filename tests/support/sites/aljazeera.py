"""Al Jazeera (aljazeera.net) renderer: article pages, RSS, daily sitemaps, section fronts, and the mirror.

Markup follows tests/fixtures/README.md's sources: ``h1`` headline, ``p.article__subhead`` lead,
``div.wysiwyg`` body (opening dateline kept, ``المصدر : …`` line last), ``.more-on`` read-also inserts and
"المزيد من" cards, ``figure.article-featured-image``, ``div.date-simple`` (``D/M/YYYY``), JSON-LD in
``@graph``, listing cards ``a.u-clickable-card__link``. ``python -m tests.support.sites.aljazeera``
rewrites the fixtures and the mirror.
"""

from __future__ import annotations

import sys

from newsbot.mirror.site import MirrorSite
from newsbot.pages.urls import url_key
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
from tests.support.sites.aljazeera_data import STORIES
from tests.support.sites.aljazeera_markup import (
    CAPTURED,
    DEAD,
    FEED_PATH,
    HOST,
    ROBOTS,
    SECTION_NAMES,
    SITE,
    VIDEO_PATH,
    _card,
    article_html,
    daily_sitemap_path,
    day_key,
    feed_xml,
    path,
    pct_path,
    section_html,
    sitemap_index_xml,
    sitemap_xml,
    url,
    video_html,
)


def _by_key(key: str) -> Story:
    return next(s for s in STORIES if s.key == key)


def _related(story: Story) -> list[Story]:
    return [s for s in STORIES if s.section == story.section and s.key != story.key][:3]


# Feed link forms seen for one story: tracking parameter, bare host, plain http. All name one article.
FEED_LINKS = {
    "gaza-dateline": url(_by_key("gaza-dateline")) + "?traffic_source=rss",
    "oil-prices-reuters": "https://aljazeera.net" + path(_by_key("oil-prices-reuters")),
    "dubai-floods": "http://www.aljazeera.net" + path(_by_key("dubai-floods")) + "?traffic_source=rss",
}


def _feed_stories() -> list[Story]:
    return sorted(STORIES, key=lambda s: s.published, reverse=True)[:10]


def _video_item() -> str:
    return (
        f"<item><title>موجز الظهيرة</title><link>{HOST}{pct_path(VIDEO_PATH)}</link>"
        "<pubDate>Sun, 14 Apr 2024 12:00:00 +0300</pubDate></item>"
    )


def _feed() -> str:
    return feed_xml(_feed_stories(), FEED_LINKS).replace("</channel>", _video_item() + "</channel>", 1)


def _days() -> list[tuple[int, int, int]]:
    return sorted({day_key(s) for s in STORIES}, reverse=True)


def _day_urls(day: tuple[int, int, int]) -> list[tuple[str, str]]:
    found = [(url(s), s.modified or s.published) for s in STORIES if day_key(s) == day]
    if day == (2024, 4, 14):
        found += [(HOST + pct_path(VIDEO_PATH), "2024-04-14T12:00:00+03:00")]
        found += [(HOST + pct_path(DEAD[1]), "2024-04-14T09:00:00+03:00")]
    if day == (2024, 4, 12):
        found += [(HOST + pct_path(DEAD[2]), "2024-04-12T22:00:00+03:00")]
    return found


def build() -> MirrorSite:
    """The Al Jazeera mini-site: every story plus feeds, sitemaps, robots.txt, fronts and traps."""
    site = MirrorSite()
    for story in STORIES:
        page = article_html(story, _related(story))
        site.add(path(story), page, HTML)
    # Trailing-slash form of one article, linked from the politics front: same page, one article.
    site.add(path(_by_key("jerusalem-dateline")) + "/", article_html(_by_key("jerusalem-dateline"), []), HTML)
    site.add(pct_path(VIDEO_PATH), video_html(), HTML)
    site.add(FEED_PATH, _feed(), RSS)
    site.add("/rss", _feed(), RSS)
    site.add("/robots.txt", ROBOTS, TEXT)
    days = _days()
    if (2024, 4, 14) not in days:
        days = sorted([*days, (2024, 4, 14)], reverse=True)
    site.add("/sitemap.xml", sitemap_index_xml(days), XML)
    for day in days:
        site.add(daily_sitemap_path(*day), sitemap_xml(_day_urls(day)), XML)
    for section in SECTION_NAMES:
        members = [s for s in STORIES if s.section == section]
        extra: list[tuple[str, str]] = []
        if section == "politics":
            jer = _by_key("jerusalem-dateline")
            extra = [
                (pct_path(DEAD[1]), "اجتماع طارئ لمجلس الأمن"),
                (pct_path(VIDEO_PATH), "موجز الظهيرة"),
                ("http://www.aljazeera.net" + path(jer) + "/", jer.headline),
            ]
        if section == "news":
            extra = [(pct_path(DEAD[0]), "منظمة الصحة العالمية: نظام الرعاية في غزة على حافة الانهيار")]
        site.add(f"/{section}/", section_html(section, members, extra), HTML)
    home_cards = "".join(_card(path(s), s.headline) for s in _feed_stories()[:6])
    site.add(
        "/",
        section_html("news", [], []).replace(
            '<section id="news-feed-container" class="section-feed">',
            f'<section id="news-feed-container" class="section-feed">{home_cards}',
        ),
        HTML,
    )
    return site


def stable_id(story: Story) -> str:
    """The id rule for a site whose URLs carry no id: a stable key of the canonical URL."""
    return f"{SITE}:{url_key(url(story))}"


def gold() -> list[str]:
    return [gold_line(s, url(s), stable_id(s)) for s in STORIES]


def _article_case(case: str, key: str, fetched: str | None = None) -> None:
    story = _by_key(key)
    fetched_url = fetched or url(story)
    write_case(
        SITE,
        "articles",
        case,
        url=fetched_url,
        body=article_html(story, _related(story)),
        content_type=HTML,
        captured_at=CAPTURED,
        expected=expected_article(
            site=SITE,
            story=story,
            url=fetched_url,
            canonical=url(story),
            article_id=stable_id(story),
            date_raw=story.published,
            section=story.section,
            captured_at=CAPTURED,
        ),
    )


def write_fixtures() -> None:
    _article_case("dateline-subheads-read-also", "gaza-dateline")
    _article_case("opinion-author-no-lead-no-image", "opinion-author")
    _article_case("video-player-no-image", "football-video")
    _article_case("modified-date-two-subheads", "ai-subheadings")
    _article_case(
        "jerusalem-dateline-trailing-slash", "jerusalem-dateline", url(_by_key("jerusalem-dateline")) + "/"
    )
    _article_case("wire-story-agency-source", "un-veto-wire")
    politics = [s for s in STORIES if s.section == "politics"]
    write_case(
        SITE,
        "non_articles",
        "section-front-politics",
        url=f"{HOST}/politics/",
        body=section_html("politics", politics, [(pct_path(VIDEO_PATH), "موجز الظهيرة")]),
        content_type=HTML,
        captured_at=CAPTURED,
        expected={"article": False},
    )
    write_case(
        SITE,
        "non_articles",
        "video-newscast",
        url=HOST + pct_path(VIDEO_PATH),
        body=video_html(),
        content_type=HTML,
        captured_at=CAPTURED,
        expected={"article": False},
    )
    write_case(
        SITE,
        "feeds",
        "main-rss",
        url=HOST + FEED_PATH,
        body=_feed(),
        content_type=RSS,
        captured_at=CAPTURED,
        page_name="page.xml",
        expected={
            "article_urls": [url(s) for s in _feed_stories()],
            "other_urls": [HOST + pct_path(VIDEO_PATH)],
        },
    )
    days = sorted({*_days(), (2024, 4, 14)}, reverse=True)
    write_case(
        SITE,
        "sitemaps",
        "sitemap-index-daily",
        url=HOST + "/sitemap.xml",
        body=sitemap_index_xml(days),
        content_type=XML,
        captured_at=CAPTURED,
        page_name="page.xml",
        expected={"sitemaps": [HOST + daily_sitemap_path(*d) for d in days]},
    )
    day = (2024, 4, 14)
    urls = [u for u, _ in _day_urls(day)]
    write_case(
        SITE,
        "sitemaps",
        "daily-2024-04-14",
        url=HOST + daily_sitemap_path(*day),
        body=sitemap_xml(_day_urls(day)),
        content_type=XML,
        captured_at=CAPTURED,
        page_name="page.xml",
        expected={
            "article_urls": [u for u in urls if "/video/" not in u],
            "other_urls": [u for u in urls if "/video/" in u],
        },
    )
    write_case(
        SITE,
        "listings",
        "section-front-news",
        url=f"{HOST}/news/",
        body=section_html(
            "news", [s for s in STORIES if s.section == "news"], [(pct_path(DEAD[0]), "منظمة الصحة العالمية")]
        ),
        content_type=HTML,
        captured_at=CAPTURED,
        expected={
            "article_urls": [url(s) for s in STORIES if s.section == "news"] + [HOST + pct_path(DEAD[0])]
        },
    )


def main(argv: list[str]) -> int:
    if "--no-fixtures" not in argv:
        write_fixtures()
    folder = save_mirror(build(), SITE, gold())
    print(f"{SITE}: {len(STORIES)} stories, mirror in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
