"""Euronews Arabic (arabic.euronews.com): server-rendered pages, RSS, article and news sitemaps, themes.

Facts behind every value here are in docs/sites/euronews_ar.md and shared/reference/arabic_sites.md.
"""

from __future__ import annotations

import re

from newsbot.items import MainImage
from newsbot.pages import ArticlePage
from newsbot.pages.base import Answer
from newsbot.pages.jsonld import texts
from newsbot.profile import Selectors, SiteProfile
from newsbot.spiders.base import NewsSpider
from newsbot.text import match_key

#: Verticals that some editions put before the date in an article path.
VERTICALS = ("news", "business", "green", "culture", "next", "travel", "health", "sport", "my-europe")
_CREDIT_LABEL = re.compile(r"^\s*(?:حقوق\s+النشر|©)\s*:?\s*")
#: The newsroom signing as itself (``بقلم: يورونيوز``): a byline, but not a person.
HOUSE_NAMES = frozenset(
    match_key(name) for name in ("يورونيوز", "euronews", "يورونيوز عربي", "Euronews Arabic")
)


def credit(text: str | None) -> str | None:
    """A photo credit without the ``حقوق النشر`` label Euronews prints before it.

    >>> credit("حقوق النشر\\u00a0Kamran Jebreili/AP"), credit("حقوق النشر")
    ('Kamran Jebreili/AP', None)
    """
    if not text:
        return None
    return _CREDIT_LABEL.sub("", text.replace("\u00a0", " ")).strip() or None


def keywords(value: str) -> list[str]:
    """Topics from ``<meta name="keywords">``.

    >>> keywords("النفط, أوبك ,")
    ['النفط', 'أوبك']
    """
    return [word.strip() for word in value.split(",") if word.strip()]


class EuronewsPage(ArticlePage):
    def date_published(self) -> Answer:
        # date.available is what Euronews' own templates print; it follows JSON-LD in trust.
        return [
            *texts(self.jsonld.get("datePublished")),
            *self.meta("date.available"),
            *super().date_published(),
        ]

    def authors(self) -> list[str]:
        return [name for name in super().authors() if match_key(name) not in HOUSE_NAMES]

    def date_modified(self) -> Answer:
        # The CMS writes dateModified = datePublished on untouched stories: that is no update.
        published = set(self.date_published())
        return [value for value in super().date_modified() if value not in published]

    def tags(self) -> Answer:
        found = self.first_text(self.profile.selectors.tags)
        return found or [word for value in self.meta("keywords") for word in keywords(value)]

    def main_image(self) -> MainImage | None:
        image = super().main_image()
        if image is None:
            return None
        return MainImage(url=image["url"], caption=image["caption"], credit=credit(image["credit"]))


PROFILE = SiteProfile(
    name="euronews_ar",
    canonical_host="arabic.euronews.com",
    timezone="Europe/Paris",
    feeds=("/rss",),
    sitemaps=("/sitemaps/ar/articles.xml", "/sitemaps/ar/latest-news.xml"),
    section_pages=("/", "/news", "/business", "/green", "/culture", "/sport", "/next"),
    # /YYYY/MM/DD/<english-slug>, optionally after a vertical; /video/…, themes, /tag/… and
    # /profiles/… are not articles. No id in the URL: the id is a key of the canonical URL.
    article_path=re.compile(
        rf"^/(?:(?:{'|'.join(VERTICALS)})/)?(?:19|20)\d\d/[01]\d/[0-3]\d/[A-Za-z0-9][^/]*/?$"
    ),
    article_page=EuronewsPage,
    selectors=Selectors(
        headline=("h1.c-article-title", "h1.c-article-redesign-title", "article h1", "h1"),
        body=(
            "div.c-article-content",
            ".c-article-content",
            "div.js-article-content",
            "[class*='article-content']",
        ),
        lead=("p.c-article-summary", ".c-article-summary", "[class*='article-redesign-summary']"),
        date=(".c-article-publication-date time", ".c-article-date"),
        authors=(".c-article-contributors a", ".c-article-byline a[href*='/profiles/']"),
        tags=(".c-article-tags a", ".c-article-tags__link"),
        image=("figure",),
        image_outside_body=("figure.c-article-media", ".c-article-media", "article figure"),
        image_caption=(".c-article-caption__text", "figcaption"),
        image_credit=(".c-article-caption__copyright", "[class*='copyright']"),
        listing_links=("a.m-object__title__link[href]", "article.m-object a[href]"),
    ),
    chrome=(
        ".c-ad",
        "[data-ad-slot]",
        ".widget",
        "[class*='widget--type']",
        "[class*='related']",
        "[class*='read-more']",
        "[class*='readmore']",
        "[class*='c-ad-']",
        "[class*='advert']",
        "[class*='embed']",
        "[class*='share']",
        "[class*='social']",
        "[class*='newsletter']",
        "[class*='most-viewed']",
        "[class*='caption']",
        "[class*='copyright']",
        "[class*='video']",
        "[class*='player']",
        "[class*='didomi']",
        "[class*='breadcrumb']",
        "[class*='tags']",
    ),
    end_lines=("مواضيع إضافية",),
    # Pages without a photo carry the site's logo as og:image.
    image_from_meta=False,
)


class EuronewsArSpider(NewsSpider):
    name = "euronews_ar"
    profile = PROFILE
