"""Sky News Arabia (skynewsarabia.com): the JSON listing API for discovery, the article page for text.

New articles come from ``api.skynewsarabia.com/rest/v2/latest.json``, paged with ``nextPageToken``;
the RSS feed links the legacy ``/web/article/<id>/<slug>`` form, which redirects to the article. The
article page carries JSON-LD (dates in the site's +04:00 offset) and the body in ``#firstBodyDiv``.
Facts: docs/sites/skynews_arabia.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from newsbot.pages import ArticlePage, BaseArticlePage, Link, ListingPage, dig
from newsbot.pages.base import Answer, header
from newsbot.pages.json_article import load_json
from newsbot.profile import Selectors, SiteProfile
from newsbot.spiders.base import NewsSpider

ORIGIN = "https://www.skynewsarabia.com"
LATEST = "https://api.skynewsarabia.com/rest/v2/latest.json?defaultSectionId=2&pageSize=20&types=ARTICLE"
SECTIONS = ("middle-east", "world", "business", "sport", "technology", "varieties")
#: First path segments of pages that share the article URL shape but are not stories.
NOT_STORIES = (
    "video", "videos", "program", "programs", "livestream", "live", "topic", "topics", "author",
    "authors", "search", "web", "tag", "tags", "photo", "photos", "gallery", "infographic", "podcast",
    "podcasts",
)  # fmt: skip


def api_item_url(item: Mapping[str, Any]) -> str | None:
    """The article page of a listing API item: ``/<section suffix>/<id>-<url-friendly title>``.

    >>> api_item_url({"id": "17", "urlFriendlySuffix": "خبر-عاجل", "section": {"urlFriendlySuffix": "world"}})
    'https://www.skynewsarabia.com/world/17-%D8%AE%D8%A8%D8%B1-%D8%B9%D8%A7%D8%AC%D9%84'
    """
    identifier, slug = item.get("id"), item.get("urlFriendlySuffix")
    section = dig(item, "section", "urlFriendlySuffix")
    if not identifier or not isinstance(slug, str) or not isinstance(section, str) or not section:
        return None
    return f"{ORIGIN}/{quote(section.strip('/'))}/{identifier}-{quote(slug, safe='-')}"


class SkyArticlePage(ArticlePage):
    def source(self) -> Answer:
        # The dateline-and-desk line ("أبوظبي - سكاي نيوز عربية") is printed apart from the body.
        printed = self.first_text((".article-info .article-source", "span.article-source"))
        return printed[:1] or super().source()

    def section(self) -> Answer:
        # The URL's section slug, not the Arabic section name of the page's <meta>.
        return BaseArticlePage.section(self)


class SkyListingPage(ListingPage):
    """Section fronts (HTML cards) and pages of the latest-news API (JSON with ``nextPageToken``)."""

    @cached_property
    def data(self) -> Any:
        kind = (header(self.headers, "Content-Type") or "").lower()
        if "json" in kind or self.text.lstrip().startswith("{"):
            return load_json(self.text)
        return None

    def links(self) -> list[Link]:
        if not isinstance(self.data, Mapping):
            return super().links()
        found = []
        for item in dig(self.data, "contentItems") or []:
            if not isinstance(item, Mapping):
                continue
            url = api_item_url(item)
            date = item.get("date")
            if url is not None:
                found.append(Link(url, date if isinstance(date, str) else None))
        return found

    def next_page(self) -> str | None:
        if not isinstance(self.data, Mapping):
            return super().next_page()
        token = self.data.get("nextPageToken")
        if token in (None, "") or not dig(self.data, "contentItems"):
            return None
        parts = urlsplit(self.url)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        query["nextPageToken"] = str(token)
        # The API's own links list the parameters in name order; mirrors match the query exactly.
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(sorted(query.items())), ""))


#: For docs/sites.md: what articles and listings are read from.
DATA_SOURCE = "HTML; listings from the JSON API (`rest/v2/latest.json`, `nextPageToken`)"

PROFILE = SiteProfile(
    name="skynews_arabia",
    canonical_host="www.skynewsarabia.com",
    service_hosts=("api.skynewsarabia.com",),
    timezone="Asia/Dubai",
    language="ar",
    feeds=("/web/rss",),
    sitemaps=("/sitemap.xml",),
    section_pages=("/", *(f"/{section}" for section in SECTIONS)),
    listings=(LATEST,),
    article_path=re.compile(
        rf"^/(?!(?:{'|'.join(NOT_STORIES)})/)(?P<section>[a-z][a-z-]*)(?:/[a-z][a-z-]*)?"
        r"/(?P<id>\d{4,9})-[^/]*/?$"
    ),
    # The feed's legacy form, redirected by the site to the article.
    article_aliases=(re.compile(r"^/web/article/(?P<id>\d{4,9})(?:/[^/]*)?/?$"),),
    selectors=Selectors(
        headline=("h1.sna_content_heading", "article h1", "h1"),
        body=(
            "div.article-body div#firstBodyDiv",
            "#firstBodyDiv",
            "div.article-body",
            "[class*='article-body']",
        ),
        lead=("div.article-summary h2", "div.article-summary", "[class*='article-summary']"),
        date=("time.article-date", ".article-date"),
        tags=("div.article-tags a h2", "div.article-tags a", "[class*='article-tags'] a"),
        image_outside_body=("figure.article-main-image", "[class*='article-main-image']"),
        image_caption=("span.image-caption", ".image-caption", "figcaption"),
        image_credit=("span.image-credit", ".image-credit"),
        listing_links=("a.item-link[href]", "a[href]"),
    ),
    chrome=(
        ".inline-related",
        "[class*='inline-related']",
        "[class*='related']",
        "[class*='read-also']",
        "[class*='share']",
        "[class*='social']",
        "[class*='newsletter']",
        "[class*='article-tags']",
        "[class*='advert']",
        "[class*='banner']",
        "[class*='promo']",
        "[class*='embed']",
        "[class*='video']",
        "figure",
        "[class*='caption']",
        "[class*='credit']",
        "h1",
        "time",
        "[class*='article-info']",
        "[class*='breadcrumb']",
        "[class*='comment']",
    ),
    # og:image is the share picture even on pages without a photo block.
    image_from_meta=False,
    article_page=SkyArticlePage,
    listing_page=SkyListingPage,
)


class SkyNewsArabiaSpider(NewsSpider):
    name = "skynews_arabia"
    profile = PROFILE
