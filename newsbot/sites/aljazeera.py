"""Al Jazeera (aljazeera.net): server-rendered WordPress pages, RSS, a daily sitemap index, section fronts.

Facts behind every value here are in shared/reference/arabic_sites.md and docs/sites/aljazeera.md.
Article data comes from the JSON-LD ``@graph`` (headline, dates, authors) and the page's own markup
(subhead, ``.wysiwyg`` body, featured image); the URL carries no id, so the id is a key of the URL.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from newsbot.items import MainImage
from newsbot.pages import ArticlePage, NotAnArticle
from newsbot.pages.base import Answer, BaseArticlePage
from newsbot.pages.jsonld import person_names
from newsbot.profile import Selectors, SiteProfile
from newsbot.sites._pages import jsonld_types
from newsbot.spiders.base import NewsSpider

SECTIONS = ("news", "politics", "ebusiness", "sport", "opinions", "blogs", "tech")

#: ``caption (credit)``: the credit is the last parenthesised group closing the figcaption.
_CREDIT = re.compile(r"^(?P<caption>.*?)\s*\((?P<credit>[^()]{1,80})\)\s*$", re.DOTALL)


#: The network signing as itself: a credit, not a person.
_NEWSROOM = frozenset({"الجزيرة", "الجزيرة نت", "الجزيرة.نت", "Al Jazeera", "Aljazeera"})


def split_credit(text: str) -> tuple[str | None, str | None]:
    """Caption and credit of an Al Jazeera figcaption, which prints the credit in closing brackets.

    >>> split_credit("مدخل مجمع ناصر الطبي (الأناضول)")
    ('مدخل مجمع ناصر الطبي', 'الأناضول')
    >>> split_credit("مصلون عند باب العامود"), split_credit("(الجزيرة)")
    (('مصلون عند باب العامود', None), (None, 'الجزيرة'))
    """
    text = " ".join(text.split())
    found = _CREDIT.match(text)
    if found is None:
        return text or None, None
    return found.group("caption").strip() or None, found.group("credit").strip() or None


class AljazeeraPage(ArticlePage):
    """Al Jazeera prints its subhead above the body and never inside it, and puts the photo credit
    in brackets at the end of the caption."""

    def check(self) -> None:
        super().check()
        types = jsonld_types(self.selector.css('script[type="application/ld+json"]::text').getall())
        if "LiveBlogPosting" in types:
            raise NotAnArticle("live blog, not a story")
        if "VideoObject" in types and not self.selector.css(".wysiwyg"):
            raise NotAnArticle("video page without an article body")

    def authors(self) -> list[str]:
        # JSON-LD names the people (an Organization author is the newsroom); the visible byline
        # stands in on pages whose JSON-LD names none.
        names = person_names(self.jsonld.get("author")) or self.first_text(self.profile.selectors.authors)
        return [name for name in names if " ".join(name.split()) not in _NEWSROOM]

    def section(self) -> Answer:
        # The URL's first segment (politics, ebusiness …); articleSection is its Arabic label.
        return BaseArticlePage.section(self)

    def source(self) -> Answer:
        found = self._parts.source
        if found:
            return found
        for text in self.first_text((".article-source", "[class*='article-source']")):
            match = self.profile.source_line.match(" ".join(text.split()))
            if match:
                return match.group("source")
        return None

    def main_image(self) -> MainImage | None:
        for holder in self._image_holders():
            src = self._image_src(holder)
            if src:
                caption = self._image_text(holder, self.profile.selectors.image_caption) or ""
                text, credit = split_credit(caption)
                return MainImage(url=urljoin(self.url, src), caption=text, credit=credit)
        return None


PROFILE = SiteProfile(
    # The standfirst is printed above the body, never in it.
    lead_in_body=False,
    name="aljazeera",
    canonical_host="www.aljazeera.net",
    alias_hosts=("aljazeera.net",),
    timezone="Asia/Qatar",
    language="ar",
    feeds=(
        "/aljazeerarss/a7c186be-1baa-4bd4-9d80-a84db769f779/73d0e1b4-532f-45ef-b135-bfdff8b8cab9",
        "/rss",
    ),
    sitemaps=("/sitemap.xml",),
    section_pages=("/", *(f"/{section}/" for section in SECTIONS)),
    # /<section>[/<sub>[/<sub>]]/YYYY/M/D/<slug>: clips, programmes, live blogs, galleries, tag and
    # author pages share the dated shape and are excluded by a segment of their own.
    article_path=re.compile(
        r"^/(?!(?:amp|video|videos|program|programs|live|liveblog|tag|tags|author|where|gallery|galleries"
        r"|podcast|podcasts|search|wp-content|aljazeerarss)/)"
        r"(?P<section>[a-z][a-z0-9-]*)(?:/(?!(?:video|liveblog|live|gallery|podcast)/)[a-z][a-z0-9-]*){0,2}"
        r"/\d{4}/\d{1,2}/\d{1,2}/[^/]+/?$"
    ),
    tracking_params=("traffic_source",),
    selectors=Selectors(
        headline=("main h1", "header.article-header h1", "h1"),
        body=(
            "div.wysiwyg--all-content",
            "div.wysiwyg",
            ".wysiwyg",
            "div.article-p-wrapper",
            "#main-content-area .article-body",
        ),
        lead=("p.article__subhead", ".article__subhead", ".article-header p.article-subhead"),
        date=(
            "div.date-simple > span[aria-hidden='true']",
            "div.date-simple > span:nth-child(2)",
            ".article-dates .date-simple",
        ),
        authors=(
            ".article-author-name-item a.author-link",
            ".author a.author-link",
            ".author-link",
            ".author",
        ),
        tags=("ul.tags-list a.tag-link", ".article-source-tags a", ".tags-list a", ".topics-sidebar a"),
        image=(),
        image_outside_body=(
            "figure.article-featured-image",
            ".article-featured-image figure",
            ".article-featured-image",
        ),
        image_caption=("figcaption",),
        listing_links=("a.u-clickable-card__link[href]", ".gc__title a[href]"),
    ),
    chrome=(
        ".more-on",
        "[class*='more-on']",
        ".article-disclaimer",
        ".article-share",
        "[class*='share']",
        "[class*='newsletter']",
        "[class*='related']",
        "[class*='read-more']",
        "[class*='container--ads']",
        "[class*='ad-container']",
        "[class*='ads-container']",
        "[class*='ad-slot']",
        "[class*='advert']",
        "[class*='embed']",
        "[class*='video']",
        "[class*='caption']",
        "[class*='gallery']",
        "[class*='promo']",
        "[class*='subscribe']",
        "blockquote.twitter-tweet",
        "blockquote.instagram-media",
        "blockquote.tiktok-embed",
        "[class*='twitter']",
        "[class*='instagram']",
        "[class*='facebook']",
        "[class*='fb-post']",
        ".article-source",
        "[class*='article-source']",
        "[class*='screen-reader']",
        "[class*='sr-only']",
    ),
    # Screen-reader labels of the inline "read also" lists, in English on the Arabic site too.
    boilerplate_patterns=(
        re.compile(r"^list of \d+ items?$", re.IGNORECASE),
        re.compile(r"^end of list$", re.IGNORECASE),
        # The opinion and blog disclaimer, when a design prints it inside the body.
        re.compile(r"^الآراء الواردة في .{1,40}(?:لا تعكس|لا تعبر|تعبر عن)"),
    ),
    # og:image is the network's share picture on video and text-only pages, not the article's photo.
    image_from_meta=False,
    article_page=AljazeeraPage,
)


class AljazeeraSpider(NewsSpider):
    name = "aljazeera"
    profile = PROFILE
