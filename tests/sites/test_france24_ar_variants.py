# ruff: noqa: E501  (one-line markup reads better unwrapped)
"""France 24 Arabic markup the fixtures do not show but public scrapers of france24.com do: the byline in
``div.m-from-author``, the photo only as ``<source srcset>``, live pages, the shared robots.txt naming other
editions' sitemaps, section paging by the page's own next link."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from newsbot.pages import NotAnArticle, extract_article
from newsbot.pages.urls import link_kind
from newsbot.sites.france24_ar import PROFILE, France24Listing, France24Sitemap

URL = "https://www.france24.com/ar/%D8%A3%D9%88%D8%B1%D9%88%D8%A8%D8%A7/20240410-%D8%AE%D8%A8%D8%B1"
SCRAPED = datetime(2024, 4, 14, tzinfo=UTC)


def page(*, kind: str = "NewsArticle", article_class: str = "t-content t-content--article") -> bytes:
    ld = {
        "@context": "https://schema.org",
        "@type": kind,
        "headline": "عنوان",
        "datePublished": "2024-04-10T09:00:00+02:00",
    }
    return f"""<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head><body>
<article class="{article_class}"><h1 class="t-content__title a-page-title">عنوان</h1>
<p class="t-content__chapo">المقدمة.</p>
<div class="t-content__metadatas"><div class="m-from-author"><a href="/ar/x">فرانس24</a></div>
<div class="m-from-author"><a href="/ar/y">ليلى محمد</a></div></div>
<div class="t-content__main-media"><figure class="m-figure m-figure--16x9 m-figure--disable-loading"><picture>
<source srcset="https://s.france24.com/media/display/a/w:640/p:16x9/x.jpg 640w, https://s.france24.com/media/display/a/w:1280/p:16x9/x.jpg 1280w">
<img alt=""></picture><figcaption class="m-figure__caption"><span class="m-figure__caption-text">تعليق</span>
<span class="m-figure__credits">أ ف ب</span></figcaption></figure></div>
<div class="t-content__body u-clearfix"><p>الفقرة الأولى.</p><div class="o-ad-container"><p>إعلان</p></div>
<div class="dk-player"><p>مشغل</p></div><p>الفقرة الثانية.</p><p class="t-copyright">فرانس24/ أ ف ب</p></div>
</article></body></html>""".encode()


def test_byline_without_the_newsroom_srcset_photo_and_chrome() -> None:
    item = extract_article(URL, page(), PROFILE, scraped_at=SCRAPED)
    assert item.authors == ["ليلى محمد"]
    assert item.article_body == "الفقرة الأولى.\n\nالفقرة الثانية."
    assert item.source == "فرانس24/ أ ف ب"
    assert item.description == "المقدمة."
    assert item.section == "أوروبا"
    assert item.main_image is not None
    assert item.main_image["url"].endswith("/w:1280/p:16x9/x.jpg")
    assert (item.main_image["caption"], item.main_image["credit"]) == ("تعليق", "أ ف ب")


def test_a_plain_credit_paragraph_is_the_source() -> None:
    html = page().replace(b'<p class="t-copyright">', b"<p>")
    item = extract_article(URL, html, PROFILE, scraped_at=SCRAPED)
    assert (item.source, item.article_body) == ("فرانس24/ أ ف ب", "الفقرة الأولى.\n\nالفقرة الثانية.")


@pytest.mark.parametrize(
    "html",
    [page(kind="LiveBlogPosting"), page(article_class="t-content t-content--live")],
    ids=["jsonld-live", "class-live"],
)
def test_live_pages_are_not_articles(html: bytes) -> None:
    with pytest.raises(NotAnArticle):
        extract_article(URL, html, PROFILE, scraped_at=SCRAPED)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/ar/الشرق-الأوسط/20240419-خبر", "article"),
        ("/ar/%D8%A7%D9%84%D8%B4%D8%B1%D9%82/20240419-x/", "article"),
        ("/ar/فيديو/20240418-x", "page"),
        ("/ar/%D9%81%D9%8A%D8%AF%D9%8A%D9%88/20240418-x", "page"),
        ("/ar/برامج/مراسلون/20240418-x", "page"),
        ("/fr/europe/20240418-x", "page"),
        ("/ar/الشرق-الأوسط/2/", "page"),
    ],
)
def test_url_shapes(path: str, kind: str) -> None:
    assert link_kind("https://www.france24.com" + path, PROFILE) == kind


def test_other_editions_sitemaps_are_read_as_empty() -> None:
    index = b"""<sitemapindex><sitemap><loc>https://www.france24.com/ar/sitemaps/a.xml</loc></sitemap>
<sitemap><loc>https://www.france24.com/fr/sitemaps/a.xml</loc></sitemap></sitemapindex>"""
    ar = France24Sitemap("https://www.france24.com/ar/sitemap.xml", index, PROFILE)
    assert [link.url for link in ar.links()] == ["https://www.france24.com/ar/sitemaps/a.xml"]
    assert France24Sitemap("https://www.france24.com/fr/sitemap.xml", index, PROFILE).links() == []


def test_section_pages_follow_their_own_next_link() -> None:
    html = b'<div class="m-pagination"><a class="m-pagination__next" href="/ar/x/page/3">next</a></div>'
    listing = France24Listing("https://www.france24.com/ar/x/page/2", html, PROFILE)
    assert listing.next_page() == "https://www.france24.com/ar/x/page/3"
    assert France24Listing("https://www.france24.com/ar/x/", b"<p>end</p>", PROFILE).next_page() is None
