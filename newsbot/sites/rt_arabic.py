"""RT Arabic (arabic.rt.com): server-rendered pages, RSS, a sitemap index and trend listings.

Facts behind every value here are in shared/reference/rt_arabic.md; the fixtures under
tests/fixtures/sites/rt_arabic/ are written from the same markup.
"""

from __future__ import annotations

import re

from newsbot.profile import Selectors, SiteProfile
from newsbot.spiders.base import NewsSpider

SECTIONS = ("world", "middle_east", "russia", "sport", "business", "technology", "culture", "health")

PROFILE = SiteProfile(
    name="rt_arabic",
    canonical_host="arabic.rt.com",
    alias_hosts=("rtarabic.com", "ar.russiatoday.com"),
    timezone="Europe/Moscow",
    language="ar",
    feeds=("/rss/", *(f"/rss/{section}/" for section in ("news", *SECTIONS))),
    sitemaps=("/sitemap.xml",),
    section_pages=("/", *(f"/{section}/" for section in (*SECTIONS, "press", "space", "funny"))),
    listings=(
        "/listing/trend.53b3df9e611e9b8e648b45c9/noprepare/trend/10/{page}",
        "/listing/trend.53b3dec4611e9bcb608b45bf/noprepare/trend/10/{page}",
        "/listing/trend.53b3df46611e9bca608b45c8/noprepare/trend/10/{page}",
    ),
    listing_first_page=0,
    listing_path=re.compile(r"^/listing/[^/]+/[^/]+/[^/]+/\d+/(?P<page>\d+)/?$"),
    # <section>/<id>-<slug>, two-level sections included, AMP tail accepted; programme, tag,
    # listing and feed paths are excluded by their first segment.
    article_path=re.compile(
        r"^/(?!(?:prg|tag|tags|listing|rss|sitemap|search|static|media|live)/)"
        r"(?P<section>[a-z_]+(?:/[a-z_]+)?)/(?P<id>\d{4,8})-(?P<slug>[^/]*)(?:/amp)?/?$"
    ),
    article_path_suffixes=("/amp",),
    # Legacy pages print id-only links; the site redirects them to the article.
    article_aliases=(re.compile(r"^/(?P<section>news)/(?P<id>\d{4,8})/?$"),),
    selectors=Selectors(
        headline=("div.article h1.heading", "h1.heading", "h1"),
        body=(
            "div.js-mediator-article",
            "div.text.js-text",
            "div.detail.body",
            "div.article__text",
            "div.article div.text",
            "article .text",
        ),
        # The visible header: `span.date` today, `<time class="date">` in the 2018 design and
        # `div.news-date` on legacy pages; JSON-LD and <meta> come first when the page has them.
        date=(
            "div.article span.date",
            ".time-public span.date",
            "span.date",
            "time.date",
            ".news-date",
            ".time-public",
        ),
        authors=(
            ".article-author__name",
            ".article-author",
            ".article .author",
            ".author-name",
            ".article__author",
        ),
        tags=("div.news-tags.news-tags_article a", ".news-tags a", ".tags a"),
        image=(".photo", ".cover", "figure"),
        image_outside_body=(".article .photo", ".article .cover", ".article figure"),
        image_caption=(".caption", "figcaption", ".photo__caption"),
        image_credit=(".copyright", ".photo__copyright", ".credit"),
        listing_links=("a.heading[href]", ".heading a[href]"),
        listing_more=("[data-url*='/listing/']",),
    ),
    chrome=(
        ".photo",
        ".caption",
        ".copyright",
        ".read-more-big",
        ".read-more-text-only",
        ".read-more",
        ".read-more__link",
        ".read-more__footer",
        ".read-more__cover",
        ".crosslinks",
        ".crosslinks__link",
        ".video-iframe",
        ".cover_video",
        ".rtcode",
        ".twitter-tweet",
        ".instagram-media",
        ".tiktok-embed",
        ".telegram-post",
        ".news-tags",
        ".share",
        ".social",
        ".comments",
        ".related",
        ".banner",
        ".advert",
        ".ads",
        # Class-name shapes, for the same inserts in designs whose exact classes we have not seen.
        "[class*='read-more']",
        "[class*='readmore']",
        "[class*='crosslink']",
        "[class*='related']",
        "[class*='share']",
        "[class*='social']",
        "[class*='tags']",
        "[class*='embed']",
        "[class*='banner']",
        "[class*='promo']",
        "[class*='subscribe']",
        "[class*='caption']",
        "[class*='copyright']",
        "[class*='gallery']",
        "[class*='video']",
        "[class*='photo']",
        # Page furniture that an unknown design may nest inside the element holding the text.
        "h1",
        "time",
        ".time-public",
        ".date",
        "[class*='__date']",
        "[class*='-date']",
        "[class*='author']",
        "[class*='comment']",
        "[class*='cookie']",
        "[class*='breadcrumb']",
        "[class*='menu']",
        "[class*='footer']",
    ),
    boilerplate_lines=(
        "تحميل الفيديو",
        "مباشر",
        "أين يمكنك متابعتنا",
        "أقسام مهمة",
        "Stories",
        "RT STORIES",
        "تابعوا RT على",
        "Your browser does not support audio tag.",
        "كل شيء",
    ),
    # Shapes of RT's page template that a body container might still hold in some design.
    boilerplate_patterns=(
        re.compile(r"^\d+ خبر$"),
        re.compile(r"^\s*•"),
        re.compile(r"^انسخ الرابط"),
        re.compile(r"#Question_More|#اسأل_أكثر"),
        re.compile(r"^هذا الموقع يستخدم ملفات تعريف الارتباط"),
        re.compile(r"^تابعوا RT على"),
    ),
    end_lines=("التعليقات",),
    # Every page carries an og:image, and on video and text-only pages it is the video poster or
    # the default "breaking" picture, not a photo of the article.
    image_from_meta=False,
)


class RtArabicSpider(NewsSpider):
    name = "rt_arabic"
    profile = PROFILE
