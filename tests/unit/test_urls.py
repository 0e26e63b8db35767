"""One URL per article: hosts, tracking tags, AMP, slashes and legacy forms."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from newsbot.pages.urls import article_id, article_links, canonical_url, clean_url
from newsbot.sites.rt_arabic import PROFILE

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sites"
SLUG = "%D8%B1%D9%88%D8%B3%D9%8A%D8%A7-%D8%AD%D9%82%D9%8A%D9%82%D8%A9"
CANONICAL = f"https://arabic.rt.com/middle_east/1288138-{SLUG}"


@pytest.mark.parametrize(
    "url",
    [
        CANONICAL,
        CANONICAL + "?utm_source=rss&utm_medium=rss&utm_campaign=RSS",
        CANONICAL + "/",
        CANONICAL + "/amp",
        CANONICAL + "#comments",
        CANONICAL.replace("https://arabic.rt.com", "http://rtarabic.com"),
        CANONICAL.replace("https://arabic.rt.com", "https://ar.russiatoday.com") + "/",
        CANONICAL.replace("https://arabic.rt.com", "https://www.rtarabic.com") + "?fbclid=abc&gclid=x",
        CANONICAL.lower(),
        "https://arabic.rt.com/middle_east/1288138-روسيا-حقيقة",
    ],
    ids=[
        "canonical",
        "utm",
        "slash",
        "amp",
        "fragment",
        "rtarabic",
        "russiatoday",
        "www-fbclid",
        "lowercase-escapes",
        "raw-arabic",
    ],
)
def test_every_form_maps_to_one_canonical_url(url: str) -> None:
    assert canonical_url(url, PROFILE) == CANONICAL
    assert article_id(url, PROFILE) == "rt_arabic:1288138"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://arabic.rt.com/news/46838-%D8%A7%D9%82%D9%88%D8%A7%D9%84_x/", "rt_arabic:46838"),
        ("https://arabic.rt.com/news/46838/", "rt_arabic:46838"),
        ("https://arabic.rt.com/docfilms/events/1234567-x", "rt_arabic:1234567"),
        ("https://arabic.rt.com/space/1397827-%D9%85%D8%B1-%D9", "rt_arabic:1397827"),
        ("https://arabic.rt.com/prg/telecast-41672/1748874-episode/", None),
        ("https://arabic.rt.com/tag/russia/", None),
        ("https://arabic.rt.com/listing/trend.53b3/noprepare/trend/10/0", None),
        ("https://arabic.rt.com/rss/", None),
        ("https://arabic.rt.com/world/", None),
        ("https://questionmore.rtarabic.com/world/1234567-x", None),
        ("https://www.rt.com/news/612345-something/", None),
        ("https://ar.rt.com/jy4v", None),
    ],
)
def test_article_ids(url: str, expected: str | None) -> None:
    assert article_id(url, PROFILE) == expected


def test_non_article_urls_keep_their_meaningful_query() -> None:
    assert clean_url("https://arabic.rt.com/search/?q=غزة&utm_source=x", PROFILE) == (
        "https://arabic.rt.com/search/?q=%D8%BA%D8%B2%D8%A9"
    )


def test_truncated_escape_does_not_crash() -> None:
    url = "https://arabic.rt.com/space/1397827-%D9%85%D8%B1-%D9"
    assert canonical_url(url, PROFILE) == url


def _links_one_by_one(hrefs: list[str], page_url: str) -> list[str]:
    """What ``article_links`` must give: every href read on its own, nothing remembered."""
    found = []
    for raw in hrefs:
        href = raw.strip()
        try:
            path = urlsplit(href).path if "//" in href else href
        except ValueError:
            continue
        if path and (
            PROFILE.article_path.match(path) or any(alias.match(path) for alias in PROFILE.article_aliases)
        ):
            found.append(urljoin(page_url, href))
    return found


ARTICLE_PATH = f"/middle_east/1288138-{SLUG}"
HREFS = [
    ARTICLE_PATH,
    f"  {ARTICLE_PATH}\n",
    f"https://arabic.rt.com{ARTICLE_PATH}",
    f"http://arabic.rt.com{ARTICLE_PATH}",
    f"HTTPS://arabic.rt.com{ARTICLE_PATH}",
    f"//arabic.rt.com{ARTICLE_PATH}",
    f"https:///{ARTICLE_PATH}",
    f"https://arabic.rt.com{ARTICLE_PATH}?",
    f"https://arabic.rt.com{ARTICLE_PATH}#comments",
    f"https://arabic.rt.com{ARTICLE_PATH}/../1288139-{SLUG}",
    f"https://arabic.rt.com{ARTICLE_PATH.replace('/middle_east', '/middle_east/.')}",
    f"ftp://arabic.rt.com{ARTICLE_PATH}",
    f"https://[arabic.rt.com{ARTICLE_PATH}",
    "/news/123456/",
    "/middle_east/",
    "#top",
    "",
    "javascript:void(0)",
    f"mailto:x@example.com?body=https://arabic.rt.com{ARTICLE_PATH}",
    f"https://www.facebook.com/sharer/sharer.php?u=https://arabic.rt.com{ARTICLE_PATH}",
]


@pytest.mark.parametrize("page_url", [CANONICAL, CANONICAL.replace("https:", "http:"), CANONICAL + "/amp"])
def test_article_links_give_what_reading_each_href_alone_gives(page_url: str) -> None:
    # Twice: the second call answers from what the first remembered, for another page's URL too.
    for _ in range(2):
        assert article_links(HREFS, page_url, PROFILE) == _links_one_by_one(HREFS, page_url)
    assert article_links(HREFS, page_url, PROFILE)  # the list above has article links


def test_article_links_on_the_site_fixtures_match_reading_each_href_alone() -> None:
    pages = [
        page for page in sorted((FIXTURES / "rt_arabic").glob("*/*/page.html")) if page.read_bytes().strip()
    ]
    assert len(pages) > 10
    for page in pages:
        url = json.loads((page.parent / "meta.json").read_text(encoding="utf-8"))["url"]
        hrefs = [anchor.get("href") or "" for anchor in lxml.html.fromstring(page.read_bytes()).iter("a")]
        assert article_links(hrefs, url, PROFILE) == _links_one_by_one(hrefs, url), page
