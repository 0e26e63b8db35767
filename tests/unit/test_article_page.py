"""Page code on hand-made edge cases: chrome removed by structure, bad HTML survived."""

from __future__ import annotations

import pytest

from newsbot.pages import NotAnArticle, extract_article
from newsbot.sites.rt_arabic import PROFILE

URL = "https://arabic.rt.com/world/1700001-%D8%AE%D8%A8%D8%B1"
LEAD = "نفت روسيا صحة تقرير صحفي عربي زعم وجود أزمة."


def page(body: str, *, description: str = LEAD, extra_head: str = "") -> str:
    return (
        '<html><head><meta charset="utf-8">'
        f'<meta name="description" content="{description}">{extra_head}</head>'
        '<body><div class="article"><h1 class="heading">عنوان الخبر</h1>'
        f'<div class="text js-text js-mediator-article">{body}</div></div></body></html>'
    )


def body_of(html: str) -> str | None:
    return extract_article(URL, html.encode(), PROFILE).article_body


def test_lead_and_source_line_are_fields_not_body() -> None:
    item = extract_article(
        URL, page(f"<p>{LEAD}</p><p>نص الخبر الأول.</p><p>المصدر: RT + وكالات</p>"), PROFILE
    )
    assert (item.description, item.article_body, item.source) == (LEAD, "نص الخبر الأول.", "RT + وكالات")


def test_read_more_blocks_and_embeds_go_whatever_they_say() -> None:
    html = page(
        f"<p>{LEAD}</p><p>الفقرة الأولى.</p>"
        '<div class="read-more-big">'
        '<a class="read-more-big__title" href="/world/1700002-x">أي عنوان كان</a></div>'
        '<div class="rtcode"><script data-telegram-post="rt/1"></script><iframe src="x"></iframe></div>'
        '<blockquote class="twitter-tweet"><p>تغريدة</p></blockquote>'
        "<p>الفقرة الثانية.</p>"
    )
    assert body_of(html) == "الفقرة الأولى.\n\nالفقرة الثانية."


@pytest.mark.parametrize(
    "insert",
    [
        '<p>اقرأ المزيد: <a href="/world/1700003-y">عنوان خبر آخر</a></p>',
        '<p>إقرأ أيضاً <a href="/world/1700003-y">عنوان خبر آخر</a></p>',
        '<p><a href="/world/1700003-y">عنوان خبر آخر تماما عن موضوع مختلف</a></p>',
        '<ul><li><a href="/world/1">خبر</a></li><li><a href="/world/2">خبر آخر</a></li></ul>',
    ],
    ids=["iqra-almazid", "iqra-aydan", "link-only-paragraph", "link-list"],
)
def test_read_more_paragraphs_and_link_lists_are_dropped(insert: str) -> None:
    assert body_of(page(f"<p>{LEAD}</p><p>قبل.</p>{insert}<p>بعد.</p>")) == "قبل.\n\nبعد."


def test_inline_read_more_inside_a_paragraph_keeps_the_sentence_around_it() -> None:
    html = page(
        f'<p>{LEAD}</p><p>أول الجملة. <strong>اقرأ المزيد</strong> <a href="/x/1700004-z">خبر</a> وآخرها.</p>'
    )
    assert body_of(html) == "أول الجملة. وآخرها."


def test_flattened_read_more_takes_the_rest_of_its_line() -> None:
    html = page(f"<p>{LEAD}</p><p>أول الجملة. إقرأ المزيد عنوان خبر غريب<br>وتابع الوزير حديثه.</p>")
    assert body_of(html) == "أول الجملة. وتابع الوزير حديثه."


def test_br_inside_a_paragraph_is_a_space_and_entities_are_decoded() -> None:
    assert body_of(page(f"<p>{LEAD}</p><p>سطر&nbsp;أول<br/>سطر &quot;ثان&quot;</p>")) == 'سطر أول سطر "ثان"'


def test_unclosed_tags_and_stray_markup_do_not_lose_text() -> None:
    html = page(f"<p>{LEAD}<p>فقرة بلا إغلاق<p>فقرة <b>ثانية <i>متداخلة</b></i> أخرى</div></span>")
    assert body_of(html) == "فقرة بلا إغلاق\n\nفقرة ثانية متداخلة أخرى"


def test_caption_repeating_the_headline_and_its_credit_are_not_body() -> None:
    html = page(f"<p>{LEAD}</p><p>عنوان الخبر</p><p>Sputnik</p><p>نص.</p>")
    assert body_of(html) == "نص."


def test_first_paragraph_without_a_matching_description_is_body() -> None:
    item = extract_article(URL, page("<p>صحيفة أولى تقول.</p><p>صحيفة ثانية.</p>", description=""), PROFILE)
    assert item.description is None
    assert item.article_body == "صحيفة أولى تقول.\n\nصحيفة ثانية."


def test_unknown_design_falls_back_to_the_densest_paragraph_block() -> None:
    first, second = "جملة طويلة من نص الخبر تتكرر هنا. " * 8, "وفقرة ثانية تختلف عنها. " * 8
    html = (
        '<html><body><ul class="menu"><li><a href="/">الرئيسية</a></li></ul><h1>عنوان</h1>'
        f'<div class="news_text"><p>{first}</p><p>{second}</p></div>'
        '<div class="footer"><p>حقوق</p></div></body></html>'
    )
    assert body_of(html) == f"{first.strip()}\n\n{second.strip()}"


@pytest.mark.parametrize("html", ["", "   ", "<html></html>"], ids=["empty", "blank", "no-content"])
def test_empty_pages_are_not_articles(html: str) -> None:
    with pytest.raises(NotAnArticle):
        extract_article(URL, html.encode(), PROFILE)


def test_non_article_url_is_refused_before_parsing() -> None:
    with pytest.raises(NotAnArticle, match="not an article URL"):
        extract_article("https://arabic.rt.com/prg/x-1234/ep/", b"<html></html>", PROFILE)


def test_dates_pair_raw_and_parsed_and_fall_back_in_order() -> None:
    head = (
        '<meta name="publish-date" content="نص لا يقرأ">'
        '<meta name="published_time_telegram" content="2025-10-23T14:05:00+0300">'
    )
    item = extract_article(URL, page(f"<p>{LEAD}</p><p>نص.</p>", extra_head=head), PROFILE)
    assert item.date_published == "2025-10-23T14:05:00+03:00"
    assert item.date_published_raw == "2025-10-23T14:05:00+0300"


def test_jsonld_author_organisations_are_not_authors() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        '[{"@type": "Organization", "name": "RT"}, {"@type": "Person", "name": "سامر"}]}</script>'
    )
    item = extract_article(URL, page(f"<p>{LEAD}</p><p>نص.</p>", extra_head=head), PROFILE)
    assert item.authors == ["سامر"]


def test_a_paragraph_below_the_video_is_body_even_when_the_description_repeats_it() -> None:
    first = "تعرضت مدينة الإسكندرية لأمطار غزيرة أدت إلى غرق عدد من الشوارع الرئيسية."
    html = page(
        '<div class="video-iframe"><iframe src="https://mf.b37mrtl.ru/embed/video/1"></iframe></div>'
        '<p class="video-download"><a href="/1.mp4">تحميل الفيديو</a></p>'
        f"<p>{first}</p><p>وأعلنت المحافظة حالة الطوارئ.</p><p>المصدر: RT</p>",
        description=first[:40] + "...",
    )
    assert body_of(html) == f"{first}\n\nوأعلنت المحافظة حالة الطوارئ."


def test_a_one_paragraph_breaking_story_keeps_its_paragraph_as_body() -> None:
    only = "أفادت هيئة الأرصاد الجوية اليابانية بأن زلزالا بقوة 6.8 درجات ضرب شمال البلاد."
    html = page(
        '<div class="photo"><img data-src="https://mf.b37mrtl.ru/media/pics/static.ar/l/breaking_red.jpg">'
        '<span class="caption">عاجل | زلزال</span></div>'
        f"<p>{only}</p><p>المصدر: RT</p>",
        description=only,
    )
    assert body_of(html) == only


def test_a_follow_us_promo_line_is_not_body() -> None:
    html = page(
        f'<p>{LEAD}</p><p>نص.</p><p>تابعوا RT على <a href="https://t.me/rt">تيليغرام</a></p><p>آخر.</p>'
    )
    assert body_of(html) == "نص.\n\nآخر."


def test_relative_dates_are_read_against_the_scrape_time() -> None:
    from datetime import UTC, datetime

    html = page("<p>نص الخبر.</p><p>فقرة ثانية.</p>").replace(
        '<h1 class="heading">عنوان الخبر</h1>',
        '<h1 class="heading">عنوان الخبر</h1><span class="date">منذ 3 ساعات</span>',
    )
    item = extract_article(URL, html, PROFILE, scraped_at=datetime(2025, 6, 12, 15, 0, tzinfo=UTC))
    assert (item.date_published, item.date_published_raw) == ("2025-06-12T15:00:00+03:00", "منذ 3 ساعات")


def test_a_profile_built_at_run_time_extracts_with_no_registration() -> None:
    import re

    from newsbot.profile import Selectors, SiteProfile
    from newsbot.sites import profiles

    profile = SiteProfile(
        name="gazette",
        canonical_host="gazette.example",
        timezone="Asia/Amman",
        article_path=re.compile(r"^/news/(?P<slug>[a-z0-9-]+)\.html$"),
        selectors=Selectors(headline=("h1.title",), body=("div.story",)),
    )
    html = (
        '<html><head><meta charset="utf-8"><meta property="article:published_time" '
        'content="2026-03-01T10:00:00+03:00"></head><body><h1 class="title">افتتاح مكتبة</h1>'
        '<div class="story"><p>افتتحت البلدية المكتبة العامة.</p><p>وحضر الافتتاح جمهور كبير.</p></div>'
        "</body></html>"
    )
    item = extract_article("https://gazette.example/news/library.html", html.encode(), profile)
    assert "gazette" not in profiles()
    assert item.id is not None and item.id.startswith("gazette:") and len(item.id) == len("gazette:") + 16
    assert (item.headline, item.article_body, item.date_published) == (
        "افتتاح مكتبة",
        "افتتحت البلدية المكتبة العامة.\n\nوحضر الافتتاح جمهور كبير.",
        "2026-03-01T10:00:00+03:00",
    )


def test_the_article_loader_names_processors_for_every_field() -> None:
    """Without its own processors a field would fall back to the item's field metadata, which is
    slow and, for Article, empty: each field is named on the loader instead."""
    from newsbot.items import ARTICLE_FIELDS
    from newsbot.pages.loaders import ArticleLoader

    for name in ARTICLE_FIELDS:
        assert getattr(ArticleLoader, f"{name}_in", None) is not None, name
        assert getattr(ArticleLoader, f"{name}_out", None) is not None, name
