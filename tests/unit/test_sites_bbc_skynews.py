"""URL rules and page-type decisions of the BBC Arabic and Sky News Arabia modules that the fixtures
do not show: legacy and foreign paths, CPS stories, pages of other language services."""

from __future__ import annotations

import json

import pytest

from newsbot.pages import NotAnArticle, extract_article
from newsbot.pages.urls import article_id, canonical_url
from newsbot.sites.bbc_arabic import PROFILE as BBC
from newsbot.sites.skynews_arabia import PROFILE as SKY
from newsbot.sites.skynews_arabia import SkyListingPage


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.bbc.com/arabic/articles/c4nn1r8lr0jo", "bbc_arabic:c4nn1r8lr0jo"),
        ("https://www.bbc.co.uk/arabic/articles/c4nn1r8lr0jo.amp", "bbc_arabic:c4nn1r8lr0jo"),
        ("https://www.bbc.com/arabic/middleeast-58392019", "bbc_arabic:middleeast-58392019"),
        ("https://www.bbc.com/arabic/science-and-tech-61234567", "bbc_arabic:science-and-tech-61234567"),
        ("https://www.bbc.com/arabic/media-58392019", None),
        ("https://www.bbc.com/arabic/institutional-49283090", None),
        ("https://www.bbc.com/arabic/live/53020504", None),
        ("https://www.bbc.com/arabic/topics/c2dwqd1zr92t", None),
        ("https://www.bbc.com/persian/articles/cj5k6l7m8n9o", None),
        ("https://www.bbc.com/news/articles/c9wwd0v3z4po", None),
    ],
)
def test_bbc_article_ids(url: str, expected: str | None) -> None:
    assert article_id(url, BBC) == expected


def test_bbc_amp_and_uk_host_share_the_canonical_url() -> None:
    url = "https://www.bbc.co.uk/arabic/articles/c4nn1r8lr0jo.amp?at_medium=RSS&at_campaign=rss"
    assert canonical_url(url, BBC) == "https://www.bbc.com/arabic/articles/c4nn1r8lr0jo"


def _bbc_page(page_props: dict[str, object]) -> bytes:
    data = json.dumps({"props": {"pageProps": page_props}}, ensure_ascii=False)
    return (
        '<html><body><h1 id="content">عنوان</h1><main role="main"><p>نص طويل بما يكفي.</p></main>'
        f'<script id="__NEXT_DATA__" type="application/json">{data}</script></body></html>'
    ).encode()


@pytest.mark.parametrize(
    "page_props",
    [
        {"pageType": "mediaAsset", "pageData": {"metadata": {"type": "MAP", "language": "ar"}}},
        {"pageType": "article", "pageData": {"metadata": {"type": "article", "language": "fa"}}},
        {"pageType": "article", "status": 404, "pageData": {}},
    ],
)
def test_bbc_refuses_media_foreign_and_missing_pages(page_props: dict[str, object]) -> None:
    with pytest.raises(NotAnArticle):
        extract_article("https://www.bbc.com/arabic/articles/c4nn1r8lr0jo", _bbc_page(page_props), BBC)


def test_bbc_paragraph_text_joins_fragments_and_links_and_lists() -> None:
    paragraph = {
        "type": "paragraph",
        "model": {
            "text": "ignored when fragments exist",
            "blocks": [
                {"type": "fragment", "model": {"text": "قال "}},
                {"type": "urlLink", "model": {"blocks": [{"type": "fragment", "model": {"text": "الوزير"}}]}},
                {"type": "fragment", "model": {"text": " أمس."}},
            ],
        },
    }
    item = {"type": "listItem", "model": {"blocks": [{"type": "fragment", "model": {"text": "بند أول"}}]}}
    blocks = [
        {"type": "headline", "model": {"blocks": [{"type": "text", "model": {"blocks": [paragraph]}}]}},
        {"type": "text", "model": {"blocks": [paragraph]}},
        {"type": "unorderedList", "model": {"blocks": [item]}},
        {"type": "wsoj", "model": {"blocks": [paragraph]}},
    ]
    props = {"pageType": "article", "pageData": {"content": {"model": {"blocks": blocks}}}}
    article = extract_article("https://www.bbc.com/arabic/articles/c4nn1r8lr0jo", _bbc_page(props), BBC)
    assert article.headline == "قال الوزير أمس."
    assert article.article_body == "قال الوزير أمس.\n\nبند أول"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.skynewsarabia.com/middle-east/1706123-%D8%A5%D9%8A%D8%B1%D8%A7%D9%86",
            "skynews_arabia:1706123",
        ),
        ("https://www.skynewsarabia.com/web/article/1706123/%D8%A5%D9%8A", "skynews_arabia:1706123"),
        ("https://www.skynewsarabia.com/business/1705902-x?utm_source=homepage", "skynews_arabia:1705902"),
        ("https://www.skynewsarabia.com/video/1706999-%D9%81%D9%8A%D8%AF%D9%8A%D9%88", None),
        ("https://www.skynewsarabia.com/program/1700001-x", None),
        ("https://www.skynewsarabia.com/topic/%D8%A5%D9%8A%D8%B1%D8%A7%D9%86", None),
        ("https://www.skynewsarabia.com/middle-east", None),
    ],
)
def test_skynews_article_ids(url: str, expected: str | None) -> None:
    assert article_id(url, SKY) == expected


def test_skynews_api_page_builds_urls_and_the_next_token() -> None:
    url = "https://api.skynewsarabia.com/rest/v2/latest.json?types=ARTICLE&defaultSectionId=2&pageSize=20"
    body = json.dumps(
        {
            "contentItems": [
                {
                    "id": "17",
                    "type": "ARTICLE",
                    "urlFriendlySuffix": "خبر",
                    "section": {"urlFriendlySuffix": "world"},
                },
                {"id": "18", "type": "ARTICLE", "urlFriendlySuffix": "بلا-قسم"},
            ],
            "nextPageToken": 1713332400000,
        },
        ensure_ascii=False,
    ).encode()
    page = SkyListingPage(url, body, SKY, headers={"Content-Type": "application/json"})
    assert [link.url for link in page.links()] == [
        "https://www.skynewsarabia.com/world/17-%D8%AE%D8%A8%D8%B1"
    ]
    assert page.next_page() == (
        "https://api.skynewsarabia.com/rest/v2/latest.json"
        "?defaultSectionId=2&nextPageToken=1713332400000&pageSize=20&types=ARTICLE"
    )


def test_bbc_summary_repeated_as_first_paragraph_is_the_lead() -> None:
    def text(value: str) -> dict[str, object]:
        fragment = {"type": "fragment", "model": {"text": value}}
        paragraph = {"type": "paragraph", "model": {"text": value, "blocks": [fragment]}}
        return {"type": "text", "model": {"blocks": [paragraph]}}

    data = {
        "promo": {"summary": "ملخص الخبر."},
        "content": {"model": {"blocks": [text("ملخص الخبر."), text("نص.")]}},
    }
    article = extract_article(
        "https://www.bbc.com/arabic/articles/c4nn1r8lr0jo",
        _bbc_page({"pageType": "article", "pageData": data}),
        BBC,
    )
    assert (article.description, article.article_body) == ("ملخص الخبر.", "نص.")
