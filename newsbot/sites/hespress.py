"""Hespress (hespress.com): WordPress article pages with a Yoast JSON-LD graph, full-text RSS feeds,
category fronts with WordPress paging and Yoast sitemaps.

Facts behind every value are in shared/reference/arabic_sites.md (Hespress) and docs/sites/hespress.md.
Only the Arabic edition: fr. and en.hespress.com are other languages on other hosts.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from newsbot.items import MainImage
from newsbot.pages import ArticlePage, FeedPage, Link
from newsbot.pages.discovery import feed_links
from newsbot.pages.jsonld import person_names
from newsbot.pages.tree import html_selector
from newsbot.profile import Selectors, SiteProfile
from newsbot.sites._cards import CardListingPage
from newsbot.spiders.base import NewsSpider

CATEGORIES = ("politique", "economie", "societe", "regions", "sport", "art-et-culture", "opinions")

#: The newsroom's own name, printed as the byline of unsigned pieces ("هسبريس", "هسبريس من الرباط").
_NEWSROOM = re.compile(r"^\s*(?:هسبريس|hespress)\b", re.IGNORECASE)
#: "هسبريس - <writer>": the newsroom's name before the writer's.
_NEWSROOM_PREFIX = re.compile(r"^\s*(?:هسبريس|hespress)\s*[-–]\s*", re.IGNORECASE)
_CREDIT_LABEL = re.compile(r"^\s*(?:ال)?صورة\s*[:：]\s*")
#: WordPress's RSS shortlink guid (``/?p=<id>``, isPermaLink="false"): the item's <link> is the article.
_SHORTLINK_GUID = re.compile(rb"<guid\b[^>]*isPermaLink\s*=\s*[\"']false[\"'][^>]*>.*?</guid>", re.DOTALL)


def writer_names(byline: str) -> list[str]:
    """Writers in a visible byline; the newsroom itself is not an author.

    >>> writer_names("هسبريس - يوسف سعود"), writer_names("هسبريس"), writer_names("هسبريس من الرباط")
    (['يوسف سعود'], [], [])
    """
    name = _NEWSROOM_PREFIX.sub("", byline).strip()
    return [] if not name or _NEWSROOM.match(name) else [name]


class HespressPage(ArticlePage):
    """Hespress prints no standfirst (the lead is Yoast's meta description, often the opening of the
    first paragraph, which stays body text); the byline names the newsroom before the writer; the
    photo's caption holds its credit in a nested ``span.credit``."""

    def authors(self) -> list[str]:
        people = [name for name in person_names(self.jsonld.get("author")) if writer_names(name)]
        if people:
            return [name for person in people for name in writer_names(person)]
        for line in self.first_text(self.profile.selectors.authors):
            names = writer_names(line)
            if names:
                return names
        return []

    def main_image(self) -> MainImage | None:
        image = super().main_image()
        if image is None:
            return None
        caption, credit = image["caption"], image["credit"]
        if caption and credit:
            # The credit is a child of the caption element: its text is in both.
            caption = caption.replace(credit, "").strip() or None
        if credit:
            credit = _CREDIT_LABEL.sub("", credit).strip() or None
        return MainImage(url=image["url"], caption=caption, credit=credit)


class HespressFeed(FeedPage):
    def links(self) -> list[Link]:
        return feed_links(_SHORTLINK_GUID.sub(b"", self.raw), self.url, problems=self.problems)


class HespressListing(CardListingPage):
    """Category fronts: ``div.card`` story cards, the next page from WordPress's own "next" link."""

    def next_page(self) -> str | None:
        selector = html_selector(self.text or "<html></html>")
        found = selector.css("a.next.page-numbers::attr(href), link[rel=next]::attr(href)").get()
        return urljoin(self.url, found.strip()) if found else None


PROFILE = SiteProfile(
    # No standfirst: the first paragraph is text even where the meta description repeats it.
    lead_in_body=False,
    name="hespress",
    canonical_host="www.hespress.com",
    alias_hosts=("hespress.com",),
    timezone="Africa/Casablanca",
    language="ar",
    feeds=("/feed", *(f"/{category}/feed" for category in CATEGORIES)),
    sitemaps=("/sitemap_index.xml",),
    section_pages=("/", *(f"/{category}" for category in CATEGORIES)),
    listing_path=re.compile(r"^/[a-z-]+/page/(?P<page>\d+)/?$"),
    # /<slug>-<id>.html, the slug raw or percent-encoded (tag, author and category paths have no
    # .html), with the AMP plugin's /amp tail.
    article_path=re.compile(
        r"^/(?!(?:tag|author|category|feed|page|wp-[a-z]+)/)[^/]+-(?P<id>\d{3,9})\.html(?:/amp)?/?$"
    ),
    article_path_suffixes=("/amp",),
    # Pre-2020 addresses (/<category>/<id>.html), which the site redirects to the article.
    article_aliases=(re.compile(r"^/[a-z-]+/(?P<id>\d{3,9})\.html$"),),
    selectors=Selectors(
        headline=("h1.post-title", "article h1", "h1"),
        body=("div.article-content", ".article-content", "div.entry-content", "div.post-content"),
        date=("span.date-post", ".date-post", "time.entry-date"),
        authors=("span.author a", ".author a", "span.author"),
        tags=("div.box-tags a", ".box-tags a", "a.tag_post_tag", "a[rel=tag]"),
        image_outside_body=("div.post-thumbnail", ".post-thumbnail"),
        image=("div.post-thumbnail",),
        image_caption=(".caption-thumbnail", "figcaption", ".wp-caption-text"),
        image_credit=(".credit",),
        listing_links=("div.card a[href]", "#listing a[href]"),
    ),
    chrome=(
        ".read-also",
        "[class*='read-also']",
        "[class*='readalso']",
        ".wp-block-embed",
        "[class*='embed']",
        "[class*='related']",
        "[class*='share']",
        "#comments",
        "[class*='comment']",
        "#respond",
        "[class*='tags']",
        "[class*='caption']",
        "[class*='credit']",
        "[class*='author']",
        "[class*='date']",
        "[class*='latest']",
        "[class*='newsletter']",
        "[class*='banner']",
        "[class*='adsbygoogle']",
        "[id*='div-gpt-ad']",
        "[class*='breadcrumb']",
        "h1",
    ),
    boilerplate_patterns=(re.compile(r"^The post .+ appeared first on "),),
    #: Nothing after the comment heading is the article's text.
    end_lines=("تعليقات الزوار",),
    # Unillustrated pieces carry the site's logo as og:image.
    image_from_meta=False,
    article_page=HespressPage,
    listing_page=HespressListing,
    feed_page=HespressFeed,
)


class HespressSpider(NewsSpider):
    name = "hespress"
    profile = PROFILE
