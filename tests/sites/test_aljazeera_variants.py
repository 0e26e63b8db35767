# ruff: noqa: E501  (one-line markup reads better unwrapped)
"""Al Jazeera markup the fixtures do not show but the live site does (public scrapers of aljazeera.net and
aljazeera.com): ads, newsletter forms and figures inside ``.wysiwyg``, the source in ``div.article-source``,
top-level JSON-LD with UTC dates, live blogs and AMP paths."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from newsbot.pages import NotAnArticle, extract_article
from newsbot.pages.urls import link_kind
from newsbot.sites.aljazeera import PROFILE

URL = "https://www.aljazeera.net/news/politics/2024/4/13/%D8%AE%D8%A8%D8%B1"
SCRAPED = datetime(2024, 4, 14, tzinfo=UTC)


def page(
    body: str, *, head: str = "", subhead: str = "<p class='article__subhead'><em>العنوان الفرعي.</em></p>"
) -> bytes:
    ld = {
        "@context": "http://schema.org",
        "@type": "NewsArticle",
        "headline": "عنوان الخبر",
        "datePublished": "2024-04-13T08:42:10Z",
        "author": {"@type": "Organization", "name": "الجزيرة نت"},
    }
    return f"""<html><head>{head}<script type="application/ld+json">{json.dumps(ld)}</script></head><body>
<main id="main-content-area"><header class="article-header"><h1>عنوان الخبر</h1>{subhead}</header>
<div class="article-info-block"><div class="article-author-name-item"><a class="author-link" href="/author/x">سامي يوسف</a></div>
<div class="article-dates"><div class="date-simple"><span class="screen-reader-text">نشر في 13/4/2024</span>
<span aria-hidden="true">13/4/2024</span></div></div></div>
<div class="wysiwyg wysiwyg--all-content css-1vkfgk0" aria-live="polite">{body}</div></main></body></html>""".encode()


def test_in_body_chrome_goes_and_the_source_div_is_read() -> None:
    html = page(
        "<p>الدوحة- الفقرة الأولى من الخبر.</p>"
        '<div class="container container--ads container--ads-leaderboard-atf"><div class="ads">إعلان</div></div>'
        '<div class="more-on"><h2 class="more-on__title">اقرأ أيضا</h2><span class="screen-reader-text">list of 2 items</span>'
        '<ul><li><a href="/news/2024/4/1/a">خبر مرتبط أول</a></li><li><a href="/news/2024/4/2/b">خبر مرتبط ثان</a></li></ul>'
        '<span class="screen-reader-text">end of list</span></div>'
        '<figure class="wp-block-image"><img src="/x.jpg"><figcaption>صورة داخل النص (الجزيرة)</figcaption></figure>'
        '<blockquote class="twitter-tweet"><p>نص تغريدة</p></blockquote>'
        "<h2>عنوان فرعي</h2><p>الفقرة الثانية.</p>"
        '<form class="sib-newsletter-form"><p>اشترك في النشرة البريدية</p></form>'
        '<div class="article-source">المصدر : الجزيرة + وكالات</div>'
    )
    item = extract_article(URL, html, PROFILE, scraped_at=SCRAPED)
    assert item.article_body == "الدوحة- الفقرة الأولى من الخبر.\n\nعنوان فرعي\n\nالفقرة الثانية."
    assert item.source == "الجزيرة + وكالات"
    assert item.description == "العنوان الفرعي."
    assert item.date_published == "2024-04-13T08:42:10+00:00"
    # The Organization author is the newsroom; the visible byline names the writer.
    assert item.authors == ["سامي يوسف"]
    assert item.section == "news"


def test_the_first_paragraph_stays_body_when_the_meta_description_repeats_it() -> None:
    first = "قالت الوزارة اليوم إن الأوضاع تحسنت في المدينة بعد أسبوع من الأمطار."
    html = page(
        f"<p>{first}</p><p>الفقرة الثانية.</p>",
        head=f'<meta name="description" content="{first}">',
        subhead="",
    )
    item = extract_article(URL, html, PROFILE, scraped_at=SCRAPED)
    assert item.description == first
    assert item.article_body == f"{first}\n\nالفقرة الثانية."


def test_a_first_paragraph_repeating_the_printed_subhead_is_not_body() -> None:
    item = extract_article(
        URL, page("<p>العنوان الفرعي.</p><p>الفقرة الأولى.</p>"), PROFILE, scraped_at=SCRAPED
    )
    assert (item.description, item.article_body) == ("العنوان الفرعي.", "الفقرة الأولى.")


def test_a_live_blog_is_not_an_article() -> None:
    html = page("<p>تحديث</p>").replace(b'"NewsArticle"', b'"LiveBlogPosting"')
    with pytest.raises(NotAnArticle):
        extract_article(URL, html, PROFILE, scraped_at=SCRAPED)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/news/2024/4/13/x", "article"),
        ("/news/politics/2024/4/13/x/", "article"),
        ("/midan/reality/politics/2024/4/13/x", "article"),
        ("/news/liveblog/2024/4/13/x", "page"),
        ("/amp/news/2024/4/13/x", "page"),
        ("/video/newscast/2024/4/14/x", "page"),
        ("/program/newsbulletin/2024/4/13/x", "page"),
        ("/gallery/2024/4/13/x", "page"),
        ("/tag/gaza/", "page"),
    ],
)
def test_url_shapes(path: str, kind: str) -> None:
    assert link_kind("https://www.aljazeera.net" + path, PROFILE) == kind
