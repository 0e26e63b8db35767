"""The base page classes, used by a site that exists only in this test: JSON article data (an API
response and an embedded __NEXT_DATA__ block), a JSON listing API with a next-page token, and an HTML
page whose site overrides one field."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from newsbot.pages import (
    ArticlePage,
    JsonArticlePage,
    JsonListingPage,
    Link,
    NotAnArticle,
    dig,
    extract_article,
)
from newsbot.pages.base import Answer
from newsbot.pages.json_article import fragment_parts
from newsbot.profile import SiteProfile

API = "https://api.wire.example/content/article/{id}"


class WireApiPage(JsonArticlePage):
    @classmethod
    def data_url(cls, url: str, profile: SiteProfile) -> str:
        found = re.search(r"/a-(\d+)$", url)
        return API.format(id=found.group(1)) if found else url

    def headline(self) -> Answer:
        return dig(self.data, "title")

    def description(self) -> Answer:
        return dig(self.data, "teaser")

    def article_body(self) -> list[str]:
        return fragment_parts(dig(self.data, "text") or "", self.url, self.profile).paragraphs

    def source(self) -> Answer:
        return fragment_parts(dig(self.data, "text") or "", self.url, self.profile).source

    def date_published(self) -> Answer:
        return dig(self.data, "contentDate")

    def authors(self) -> Answer:
        return [person.get("fullName") for person in dig(self.data, "persons") or []]


class WireListing(JsonListingPage):
    def links(self) -> list[Link]:
        return [Link(item["url"], item.get("date")) for item in dig(self.data, "items") or []]

    def next_page(self) -> str | None:
        token = dig(self.data, "nextPageToken")
        return f"https://api.wire.example/latest.json?nextPageToken={token}" if token else None


WIRE = SiteProfile(
    name="wire",
    canonical_host="www.wire.example",
    service_hosts=("api.wire.example",),
    timezone="Europe/Berlin",
    article_path=re.compile(r"^/ar/[^/]+/(?P<id>a-\d+)$"),
    article_page=WireApiPage,
    listing_page=WireListing,
)

ARTICLE_URL = "https://www.wire.example/ar/%D8%AE%D8%A8%D8%B1/a-71234567"
DATA = {
    "title": "ألمانيا تستضيف مؤتمرا للمناخ",
    "teaser": "تستضيف برلين الأسبوع المقبل مؤتمرا دوليا.",
    "text": (
        "<p>قالت الحكومة الألمانية إن المؤتمر يبدأ الاثنين.</p>"
        '<div class="read-more"><a href="/ar/x/a-1">اقرأ أيضا</a></div>'
        "<h2>وفود من خمسين دولة</h2><p>ويشارك في المؤتمر وزراء من خمسين دولة.</p>"
        "<p>المصدر: وكالات</p>"
    ),
    "contentDate": "2026-03-01T09:30:00.000Z",
    "persons": [{"fullName": "سلمى حداد"}],
}


def test_json_article_data_from_an_api_keeps_the_page_url() -> None:
    assert WireApiPage.data_url(ARTICLE_URL, WIRE) == API.format(id="71234567")
    item = extract_article(
        ARTICLE_URL, json.dumps(DATA).encode(), WIRE, headers={"Content-Type": "application/json"}
    )
    assert item.id == "wire:a-71234567"
    assert item.url == ARTICLE_URL
    assert item.headline == DATA["title"]
    assert item.description == DATA["teaser"]
    assert item.article_body == "\n\n".join(
        (
            "قالت الحكومة الألمانية إن المؤتمر يبدأ الاثنين.",
            "وفود من خمسين دولة",
            "ويشارك في المؤتمر وزراء من خمسين دولة.",
        )
    )
    assert item.source == "وكالات"
    assert item.date_published == "2026-03-01T09:30:00+00:00"
    assert item.authors == ["سلمى حداد"]


def test_json_article_page_that_is_not_json_is_not_an_article() -> None:
    with pytest.raises(NotAnArticle, match="no JSON article data"):
        extract_article(ARTICLE_URL, b"<html><body>Service unavailable</body></html>", WIRE)


class NextDataPage(JsonArticlePage):
    data_script = "script#__NEXT_DATA__"

    @property
    def model(self) -> Any:
        return dig(self.data, "props", "pageProps", "pageData")

    def headline(self) -> Answer:
        return dig(self.model, "promo", "headline")

    def article_body(self) -> list[str]:
        return [block["text"] for block in dig(self.model, "blocks") or [] if block.get("type") == "text"]


def test_json_embedded_in_a_page_is_read_from_its_script() -> None:
    profile = SiteProfile(
        name="nextsite",
        canonical_host="www.next.example",
        timezone="UTC",
        article_path=re.compile(r"^/arabic/articles/(?P<id>c[0-9a-z]+o)$"),
        article_page=NextDataPage,
    )
    data = {
        "props": {
            "pageProps": {
                "pageData": {
                    "promo": {"headline": "عنوان من البيانات"},
                    "blocks": [{"type": "text", "text": "فقرة أولى."}, {"type": "image"}],
                }
            }
        }
    }
    html = (
        '<html><body><h1 class="bbc-1x2y">عنوان مرئي</h1>'
        f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script></body></html>'
    )
    item = extract_article("https://www.next.example/arabic/articles/c0abc123xyzo", html.encode(), profile)
    assert (item.id, item.headline, item.article_body) == (
        "nextsite:c0abc123xyzo",
        "عنوان من البيانات",
        "فقرة أولى.",
    )


def test_json_listing_api_gives_links_and_the_next_page_token() -> None:
    body = json.dumps(
        {"items": [{"url": ARTICLE_URL, "date": "2026-03-01T09:30:00Z"}], "nextPageToken": "1767225600000"}
    ).encode()
    page = WireListing("https://api.wire.example/latest.json", body, WIRE)
    assert page.links() == [Link(ARTICLE_URL, "2026-03-01T09:30:00Z")]
    assert page.next_page() == "https://api.wire.example/latest.json?nextPageToken=1767225600000"


def test_a_site_overrides_one_field_and_keeps_the_rest() -> None:
    class BylinePage(ArticlePage):
        def authors(self) -> Answer:
            return self.selector.css("p.byline::text").re(r"بقلم\s*(.+)")

    profile = SiteProfile(
        name="daily",
        canonical_host="daily.example",
        timezone="Asia/Beirut",
        article_path=re.compile(r"^/(?P<section>[a-z]+)/(?P<id>\d+)$"),
        article_page=BylinePage,
    )
    html = (
        '<html><body><article><h1>عنوان</h1><p class="byline">بقلم رامي خوري</p>'
        "<p>نص المقال الأول الذي يكفي ليكون متنا.</p><p>فقرة ثانية.</p></article></body></html>"
    )
    item = extract_article("https://daily.example/politics/42", html.encode(), profile)
    assert (item.id, item.section, item.authors) == ("daily:42", "politics", ["رامي خوري"])
    assert item.headline == "عنوان"


def test_profile_lead_selector_and_settings() -> None:
    from scrapy.settings import Settings

    from newsbot.profile import Selectors
    from newsbot.spiders.base import NewsSpider

    profile = SiteProfile(
        name="standfirst",
        canonical_host="standfirst.example",
        timezone="UTC",
        article_path=re.compile(r"^/a/(?P<id>\d+)$"),
        selectors=Selectors(headline=("h1",), body=("div.body",), lead=("p.standfirst",)),
        settings={"NEWSBOT_HEALTH_MAX_ERROR_RATE": 0.5, "DOWNLOAD_DELAY": 2.0},
    )
    html = (
        '<html><body><h1>عنوان</h1><p class="standfirst">الموجز المطبوع فوق النص.</p>'
        '<div class="body"><p>الفقرة الأولى من النص.</p><p>الفقرة الثانية.</p></div></body></html>'
    )
    item = extract_article("https://standfirst.example/a/7", html.encode(), profile)
    assert item.description == "الموجز المطبوع فوق النص."

    class StandfirstSpider(NewsSpider):
        name = "standfirst"

    StandfirstSpider.profile = profile
    settings = Settings({"NEWSBOT_HEALTH_MAX_ERROR_RATE": 0.2, "DOWNLOAD_DELAY": 0.25})
    StandfirstSpider.update_settings(settings)
    assert (settings.getfloat("NEWSBOT_HEALTH_MAX_ERROR_RATE"), settings.getfloat("DOWNLOAD_DELAY")) == (
        0.5,
        2.0,
    )


def test_fields_a_profile_finds_nothing_for_come_from_the_generic_extractor() -> None:
    profile = SiteProfile(
        name="bare",
        canonical_host="bare.example",
        timezone="Africa/Cairo",
        article_path=re.compile(r"^/news/(?P<id>\d+)$"),
    )
    paragraph = "أعلنت وزارة الصحة عن افتتاح مستشفى جديد في المدينة يضم مئتي سرير وعيادات خارجية. "
    html = (
        '<html lang="ar"><body><div class="page"><h1>افتتاح مستشفى جديد</h1>'
        '<div class="meta"><span class="published">نشر في: 12 مارس 2025 - 10:30</span></div>'
        f'<section class="content"><div class="txt">{paragraph * 3}</div>'
        f'<div class="txt">{paragraph * 2}</div></section></div></body></html>'
    )
    item = extract_article("https://bare.example/news/5", html.encode(), profile)
    assert item.date_published == "2025-03-12T10:30:00+02:00"
    assert item.headline == "افتتاح مستشفى جديد"
    assert item.article_body is not None and item.article_body.startswith("أعلنت وزارة الصحة")
