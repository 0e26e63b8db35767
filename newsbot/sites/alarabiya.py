"""Al Arabiya (alarabiya.net): every page rendered in Chromium, discovery through Media RSS and sections.

The site answers non-browser clients with a Cloudflare 403, and its pages fill their lists and article
text by script from JSON; the head (JSON-LD, canonical link) is served with the page. Facts behind
every value are in shared/reference/arabic_sites.md (Al Arabiya) and docs/sites/alarabiya.md. The
left-to-right marks (U+200E) the site puts around Latin words and numbers are removed by the text
cleanup like any bidi mark.
"""

from __future__ import annotations

import re

from newsbot.profile import Selectors, SiteProfile
from newsbot.render.actions import Dismiss, WaitFor
from newsbot.render.plan import RenderPlan
from newsbot.spiders.base import NewsSpider

SECTIONS = (
    "arab-and-world",
    "aswaq",
    "sport",
    "technology",
    "medicine-and-health",
    "culture-and-art",
)
#: The consent dialog every page opens with until the reader agrees.
CONSENT = Dismiss(".cmp-accept")

PROFILE = SiteProfile(
    name="alarabiya",
    canonical_host="www.alarabiya.net",
    alias_hosts=("alarabiya.net",),
    timezone="Asia/Dubai",
    feeds=("/.mrss/ar.xml", *(f"/.mrss/ar/{section}.xml" for section in ("arab-and-world", "aswaq"))),
    section_pages=("/", *(f"/{section}" for section in SECTIONS)),
    # /<section>/YYYY/MM/DD/<slug>; the 2017 form put /ar/ before it and .html after the slug.
    # No id in the URL: the article's id is a key of the canonical URL.
    article_path=re.compile(
        r"^/(?:ar/)?(?P<section>[a-z][a-z-]+)/(?:19|20)\d\d/[01]\d/[0-3]\d/[^/]+?(?:\.html)?/?$"
    ),
    render=RenderPlan.everything(
        article=(CONSENT, WaitFor("div.article-body p")),
        section=(CONSENT, WaitFor("article.card a")),
    ),
    selectors=Selectors(
        headline=("article.multi_articles h1", "h1.headline", "h1"),
        body=("div.article-body",),
        lead=("p.article-lead",),
        date=("div.article-meta time",),
        authors=("div.article-meta .author",),
        tags=("div.tags a",),
        image_outside_body=("figure.article_img",),
        image_caption=("figcaption",),
        listing_links=("article.card a[href]", "a[href]"),
    ),
    chrome=(
        ".ad-slot",
        "[id*='div-gpt-ad']",
        ".related-articles",
        "[class*='related']",
        "[class*='share']",
        "[class*='newsletter']",
        ".cmp-overlay",
    ),
)


class AlarabiyaSpider(NewsSpider):
    name = "alarabiya"
    profile = PROFILE
