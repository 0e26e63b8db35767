"""Youm7 (youm7.com): server-rendered story pages, section RSS feeds and paginated section fronts.

Facts behind every value are in shared/reference/arabic_sites.md (Youm7) and docs/sites/youm7.md.
Egyptian spelling (فى، الذى، التى، مسئول) is the site's own and is stored as written.
"""

from __future__ import annotations

import re
from functools import cached_property

from newsbot.pages import ArticlePage
from newsbot.pages.jsonld import person_names
from newsbot.profile import Selectors, SiteProfile
from newsbot.sites._cards import CardListingPage
from newsbot.spiders.base import NewsSpider

#: Section ids of the RSS feeds and section fronts (nhahub/NHA-015): breaking news, politics,
#: economy, technology, sport, art. Fronts the home page menu names are followed as well.
SECTIONS = {
    "أخبار-عاجلة": 65,
    "سياسة": 319,
    "اقتصاد": 297,
    "تكنولوجيا": 328,
    "رياضة": 298,
    "فن": 48,
}

#: The byline verb the site prints before the writer's name: "كتب", "كتبت", "كتب:".
_BYLINE_VERB = re.compile(r"^\s*(?:كتب(?:ت|ه)?|بقلم|تقرير)\s*[:：\-–]?\s*")
#: Several writers in one byline are separated by a dash or an Arabic comma.
_BYLINE_SPLIT = re.compile(r"\s+[-–]\s+|\s*،\s*")
#: Credits that share the byline but name no writer of the text ("تصوير …", "فيديو …").
_NOT_WRITER = re.compile(r"^(?:تصوير|فيديو|جرافيك|إعداد)\b")


def byline_names(text: str) -> list[str]:
    """Writer names from a visible byline, without the verb the site prints before them.

    >>> byline_names("كتبت منة الله حمدى")
    ['منة الله حمدى']
    >>> byline_names("كتب محمد سعيد - تصوير أحمد إسماعيل")
    ['محمد سعيد']
    """
    names = [part.strip() for part in _BYLINE_SPLIT.split(_BYLINE_VERB.sub("", text.strip()))]
    return [name for name in names if name and not _NOT_WRITER.match(name)]


class Youm7Page(ArticlePage):
    """Youm7 prints no standfirst: the body's first paragraph is body text even when the meta
    description repeats it, and the lead is the page's own description. The byline is a sentence
    ("كتب …") rather than a name."""

    def authors(self) -> list[str]:
        people = person_names(self.jsonld.get("author"))
        if people:
            return people
        for line in self.first_text(self.profile.selectors.authors):
            names = byline_names(line)
            if names:
                return names
        return []

    @classmethod
    def data_url(cls, url: str, profile: SiteProfile) -> str:
        # The AMP twin carries less markup; the story page at the same address is the article.
        return re.sub(r"(//[^/]+)/amp/", r"\1/story/", url, count=1)

    @cached_property
    def canonical(self) -> str:
        return re.sub(r"(//[^/]+)/amp/", r"\1/story/", super().canonical, count=1)


PROFILE = SiteProfile(
    # No standfirst: the first paragraph is text even where the meta description repeats it.
    lead_in_body=False,
    name="youm7",
    canonical_host="www.youm7.com",
    alias_hosts=("youm7.com", "m.youm7.com", "m2.youm7.com"),
    timezone="Africa/Cairo",
    language="ar",
    feeds=tuple(f"/rss/SectionRss?SectionID={number}" for number in SECTIONS.values()),
    section_pages=("/",),
    # Section fronts page on with a counter (`/Section/<name>/<id>/<page>`); the live site loads
    # further pages by script from the same addresses.
    listings=tuple(f"/Section/{name}/{number}/{{page}}" for name, number in SECTIONS.items()),
    listing_first_page=1,
    listing_path=re.compile(r"^/Section/[^/]+/\d+/(?P<page>\d+)/?$"),
    # /story/YYYY/M/D/<slug>/<id> (raw or percent-encoded slug), and its AMP twin under /amp/.
    article_path=re.compile(r"^/(?:story|amp)/\d{4}/\d{1,2}/\d{1,2}/[^/]+/(?P<id>\d{3,9})/?$"),
    selectors=Selectors(
        # Never a bare h1: the consent overlay (`h1.fc-dialog-headline`) comes before the article's.
        headline=("div.articleHeader h1", ".articleHeader h1", "article h1", "h1:not([class*='fc-'])"),
        body=(
            "div#articleBody",
            "[itemprop='articleBody']",
            "div.articleCont",
            "div.newsStory",
            "div.news-story",
        ),
        date=("span.newsDate", ".articleDate", "[class*='newsDate']"),
        authors=("span.writeBy", ".writeBy", ".writer-box span", ".writer-box a", ".authorName"),
        tags=("div.tags a", ".tags a", "[class*='tags'] a"),
        image=(".img-cont", "figure"),
        image_outside_body=("div.img-cont", ".img-cont", ".articleImg", ".mainImage"),
        image_caption=(".img-caption", "figcaption", "[class*='caption']"),
        image_credit=(".img-credit", "[class*='credit']"),
        listing_links=("div.bigOneSec h3 a[href]", "h3 a[href]"),
    ),
    chrome=(
        # Google Funding Choices consent overlay, in case a copy nests it in the article column.
        ".fc-consent-root",
        ".fc-dialog-container",
        "[class*='consent']",
        ".adsArticle",
        "ins.adsbygoogle",
        "[class*='adsbygoogle']",
        "[class*='adsArticle']",
        "[id*='div-gpt-ad']",
        "[class*='dfp']",
        ".videoCont",
        "[class*='video']",
        ".img-cont",
        "[class*='caption']",
        ".shareBar",
        "[class*='share']",
        ".tags",
        "[class*='tags']",
        ".related-articles",
        "[class*='related']",
        ".article-footer",
        "[class*='footer']",
        "[class*='mostRead']",
        "[class*='most-read']",
        "[class*='newsletter']",
        "[class*='breadcrumb']",
        "[class*='writeBy']",
        "[class*='writer-box']",
        "[class*='newsDate']",
        "h1",
    ),
    # og:image is a different ("large/") rendition and is the only picture of video stories.
    image_from_meta=False,
    article_page=Youm7Page,
    listing_page=CardListingPage,
)


class Youm7Spider(NewsSpider):
    name = "youm7"
    profile = PROFILE
