"""Bad inputs for the generic extractor: it answers ``None`` or a partial item, and never raises."""

from __future__ import annotations

import pytest

from newsbot.generic import extract_generic, generic_fields

URL = "https://news.example/2025/01/01/story"
PARAGRAPH = "قال المتحدث باسم الوزارة إن المحادثات ستستأنف الأسبوع المقبل في العاصمة بمشاركة الوفود. "


@pytest.mark.parametrize(
    "html",
    [
        "",
        b"",
        "   ",
        "<html>",
        "</p></div><<<>>>",
        b"\xff\xfe\x00garbage\x00",
        "<html><body><nav><a href='/'>الرئيسية</a></nav></body></html>",
        "<html><head><script type='application/ld+json'>{not json</script></head></html>",
    ],
)
def test_empty_and_broken_pages_are_not_articles(html: str | bytes) -> None:
    assert extract_generic(html, URL) is None


def test_unclosed_markup_still_gives_the_text() -> None:
    html = f"<html lang='ar'><body><h1>عنوان الخبر هنا<div><p>{PARAGRAPH * 4}<p>{PARAGRAPH * 3}"
    item = extract_generic(html, URL)
    assert item is not None
    assert item["article_body"].count("قال المتحدث") == 7


def test_windows_1256_without_any_charset() -> None:
    paragraphs = f"<p>{PARAGRAPH * 4}</p><p>{PARAGRAPH * 3}</p>"
    html = f"<html><body><h1>عنوان الخبر</h1><div>{paragraphs}</div></body></html>"
    item = extract_generic(html.encode("cp1256"), URL, content_type="text/html")
    assert item is not None
    assert item["headline"] == "عنوان الخبر"
    assert item["in_language"] == "ar"


def test_deep_nesting_and_a_huge_page_stay_fast_enough() -> None:
    nested = "<div>" * 400 + f"<p>{PARAGRAPH * 7}</p>" + "</div>" * 400
    filler = "".join(f"<li><a href='/{i}'>رابط رقم {i}</a></li>" for i in range(5000))
    html = f"<html><body><h1>عنوان</h1><ul>{filler}</ul>{nested}</body></html>"
    item = extract_generic(html, URL)
    assert item is not None
    assert "رابط رقم" not in item["article_body"]


def test_jsonld_array_graph_and_nested_main_entity() -> None:
    ld = (
        '[{"@type": "BreadcrumbList"}, {"@type": "WebPage", "mainEntity": '
        '{"@type": "NewsArticle", "headline": "خبر", "datePublished": "2025-01-01T10:00:00+03:00",'
        ' "author": [{"@type": "Person", "name": "سارة"}, {"@type": "Organization", "name": "الموقع"}]}}]'
    )
    script = f"<script type='application/ld+json'>{ld}</script>"
    html = f"<html><head>{script}</head><body><p>{PARAGRAPH * 3}</p></body></html>"
    page = generic_fields(html, URL)
    assert page.headline() == "خبر"
    assert page.date_published() == "2025-01-01T10:00:00+03:00"
    assert page.authors() == ["سارة"]
    assert page.is_article()


def test_microdata_fields() -> None:
    html = (
        "<html><body><div itemscope itemtype='https://schema.org/NewsArticle'>"
        "<h1 itemprop='headline'>Council votes</h1><span itemprop='author'>Jane Roe</span>"
        "<time itemprop='datePublished' datetime='2025-02-03T08:00:00Z'>Feb 3</time>"
        f"<div itemprop='articleBody'><p>{'The council voted on the plan after a long debate. ' * 8}</p>"
        "</div>"
        "</div></body></html>"
    )
    page = generic_fields(html, URL)
    assert page.authors() == ["Jane Roe"]
    assert page.date_published() == "2025-02-03T08:00:00+00:00"
    assert page.in_language() == "en"


def test_latin_persian_and_urdu_text_is_not_damaged() -> None:
    persian = "دانشگاه\u200cهای تهران امروز تعطیل شدند و کلاس\u200cها به صورت مجازی برگزار می\u200cشود. " * 4
    urdu = "کراچی میں بارش کے بعد کئی علاقے زیر آب آگئے اور ٹریفک متاثر ہوئی۔ " * 4
    english = "The café’s owner said “business is down” by 30% — the worst since 2019. " * 4
    marked = "<head><meta property='og:type' content='article'></head>"
    for text in (persian, urdu, english):
        item = extract_generic(f"<html>{marked}<body><h1>T</h1><p>{text}</p></body></html>", URL)
        assert item is not None
        assert item["article_body"] == " ".join(text.split())


def test_unmarked_pages_need_more_text_than_marked_ones() -> None:
    text = f"<p>{PARAGRAPH * 3}</p>"
    assert extract_generic(f"<html><body><h1>عنوان</h1>{text}</body></html>", URL) is None
    marked = "<head><meta property='article:published_time' content='2025-01-01T10:00:00Z'></head>"
    assert extract_generic(f"<html>{marked}<body><h1>عنوان</h1>{text}</body></html>", URL) is not None


def test_visible_date_in_the_site_zone() -> None:
    html = (
        "<html lang='ar'><body><h1>عنوان الخبر</h1><span class='date'>الخميس، 12 يونيو 2025 - 03:45 م</span>"
        f"<div><p>{PARAGRAPH * 4}</p></div></body></html>"
    )
    page = generic_fields(html, URL, timezone="Africa/Cairo")
    assert page.date_published() == "2025-06-12T15:45:00+03:00"
    assert page.date_published_raw() == "الخميس، 12 يونيو 2025 - 03:45 م"


def _distinct(count: int) -> list[str]:
    return [f"الفقرة رقم {n}: {PARAGRAPH.strip()}" for n in range(count)]


def test_a_page_wrapped_in_an_aspnet_form_is_read() -> None:
    runs = "<br><br>".join(_distinct(4))
    html = (
        "<html><body><form id='form1' method='post'><div class='menu'><a href='/'>الرئيسية</a></div>"
        f"<h1>عنوان الخبر</h1><div class='date'>11-6-2024 | 18:24</div><div id='bodystory'>{runs}</div>"
        "<div><input type='text'><button>بحث</button></div></form></body></html>"
    )
    item = extract_generic(html, URL, timezone="Africa/Cairo")
    assert item is not None
    assert item["article_body"].split("\n\n") == _distinct(4)
    assert item["date_published"] == "2024-06-11T18:24:00+03:00"


def test_paragraphs_inside_an_inline_wrapper_stay_paragraphs() -> None:
    paragraphs = "".join(f"<p>{text}</p>" for text in _distinct(6))
    html = f"<html><body><h1>عنوان</h1><span class='x'>{paragraphs}</span></body></html>"
    item = extract_generic(html, URL)
    assert item is not None
    assert item["article_body"].split("\n\n") == _distinct(6)
