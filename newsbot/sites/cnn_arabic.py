"""CNN Arabic (arabic.cnn.com): section fronts rendered in Chromium (infinite scroll, then "load more"),
article pages over plain HTTP.

Article pages are served whole; section fronts list their first cards by script and the rest on
scroll and on the "load more" button, behind a consent dialog that catches clicks until answered.
Facts behind every value are in shared/reference/arabic_sites.md (CNN Arabic) and
docs/sites/cnn_arabic.md. Class names with build hashes (``weptVpoutA``, ``MbD4SLiOtG``) change on
every deploy and are never matched.
"""

from __future__ import annotations

import re

from newsbot.profile import Selectors, SiteProfile
from newsbot.render.actions import ClickMore, Dismiss, Scroll, WaitFor
from newsbot.render.plan import RenderPlan
from newsbot.spiders.base import NewsSpider

SECTIONS = ("middle-east", "world", "business", "sport", "science-and-health", "entertainment", "style")
#: A card of a section front's list.
CARDS = "ul.section-feed > li"
LISTING_ACTIONS = (
    # OneTrust's dialog covers the page and catches the click on "load more" until answered.
    Dismiss("#onetrust-accept-btn-handler"),
    WaitFor(f"{CARDS} a[href]"),
    Scroll(items=CARDS, times=5),
    ClickMore("button.load-more", items=CARDS, times=10),
)

PROFILE = SiteProfile(
    name="cnn_arabic",
    canonical_host="arabic.cnn.com",
    timezone="Asia/Dubai",
    feeds=("/api/v1/rss/rss.xml",),
    section_pages=("/", *(f"/{section}" for section in SECTIONS)),
    # /<section>/article/YYYY/MM/DD/<english-slug>; /<section>/video/… pages carry no text.
    article_path=re.compile(r"^/(?P<section>[a-z][a-z-]*)/article/(?:19|20)\d\d/[01]\d/[0-3]\d/[^/]+/?$"),
    render=RenderPlan.listings(section=LISTING_ACTIONS, listing=LISTING_ACTIONS),
    selectors=Selectors(
        headline=("article h1", "h1"),
        body=("div.article-body",),
        date=("div.byline time",),
        authors=("div.byline .author",),
        tags=("div.tags a",),
        image_outside_body=("article figure",),
        image_caption=("figcaption",),
        listing_links=(f"{CARDS} a[href]", "a[href]"),
    ),
    chrome=(
        "[class*='ad-slot']",
        "[id*='div-gpt-ad']",
        "[class*='related']",
        "[class*='share']",
        "[class*='newsletter']",
        "[class*='onetrust']",
        "#onetrust-consent-sdk",
    ),
)


class CnnArabicSpider(NewsSpider):
    name = "cnn_arabic"
    profile = PROFILE
