"""Youm7 (youm7.com): article pages, AMP twins, section RSS feeds, section listings, tag pages.

``python -m tests.support.sites.youm7`` rewrites tests/fixtures/sites/youm7/ and the mirror
tests/fixtures/mirrors/youm7/ from the stories in youm7_data.py.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from email.utils import format_datetime
from typing import Any

from newsbot.mirror.site import MirrorSite
from tests.support.sites.common import (
    HTML_UTF8,
    RSS_UTF8,
    TEXT_UTF8,
    Story,
    esc,
    expected_article,
    gold_line,
    jsonld,
    pct,
    robots,
    save_mirror,
    write_case,
)
from tests.support.sites.youm7_data import DEAD, FIXTURE_STORIES, MIRROR_STORIES

SITE = "youm7"
WWW = "https://www.youm7.com"
CAPTURED = "2026-12-03T20:30:00Z"
SECTIONS = {
    "أخبار عاجلة": 65,
    "اقتصاد": 297,
    "سياسة": 319,
    "رياضة": 298,
    "فن": 48,
    "أخبار مصر": 97,
    "محافظات": 296,
    "صحة وطب": 245,
    "تعليم": 88,
    "مقالات": 12,
    "فيديو اليوم السابع": 292,
}
TAG_PAGE = "/Tags/Index?id=1502&tag=وزير-النقل"


def canonical(story: Story) -> str:
    return WWW + pct(story.path)


def amp_path(story: Story) -> str:
    return story.path.replace("/story/", "/amp/", 1)


def section_path(name: str, page: int = 1) -> str:
    return f"/Section/{name.replace(' ', '-')}/{SECTIONS[name]}/{page}"


def tag_path(tag: str, i: int) -> str:
    return f"/Tags/Index?id={1500 + i}&tag={tag.replace(' ', '-')}"


# Google Funding Choices: an overlay the browser removes once the reader agrees. Its text is chrome.
CONSENT = (
    '<div class="fc-consent-root"><div class="fc-dialog-container" tabindex="0"><div class="fc-dialog '
    'fc-choice-dialog" role="dialog"><div class="fc-dialog-content"><h1 class="fc-dialog-headline">'
    'يطلب youm7.com الموافقة على استخدام بياناتك للأغراض التالية:</h1><p class="fc-dialog-body">عرض '
    "إعلانات ومحتوى مخصّص، وقياس أداء الإعلانات والمحتوى، والتعرّف على الجمهور، وتطوير المنتجات</p>"
    '<button class="fc-button fc-cta-consent"><p class="fc-button-label">موافق</p></button>'
    '<button class="fc-button fc-cta-manage-options"><p class="fc-button-label">إدارة الخيارات</p>'
    '</button></div></div></div><div class="fc-dialog-overlay"></div></div>'
)


def _header() -> str:
    items = "".join(f'<li><a href="{section_path(n)}">{esc(n)}</a></li>' for n in list(SECTIONS)[:6])
    return (
        '<header class="header"><div class="topBar"><span class="todayDate">الخميس، 03 ديسمبر 2026</span>'
        '<a class="logo" href="/"><img src="https://img.youm7.com/images/logo.png" alt="اليوم السابع"></a>'
        f'</div><nav class="mainMenu"><ul><li><a href="/">الرئيسية</a></li>{items}</ul></nav>'
        '<div class="breakingNews"><span>عاجل</span><a href="/story/2026/12/3/خبر-عاجل/7213399">'
        "رئيس الوزراء يتابع موقف مشروعات الإسكان</a></div></header>"
    )


def _footer() -> str:
    return (
        '<aside class="col-md-4"><div class="mostRead"><h3>الأكثر قراءة</h3><ul>'
        '<li><a href="/story/2026/12/1/الأكثر-قراءة/7210001">سعر الدولار اليوم فى البنوك</a></li>'
        '</ul></div><ins class="adsbygoogle" data-ad-client="ca-pub-0"></ins></aside>'
        '<footer class="footer"><p>جميع الحقوق محفوظة لليوم السابع © 2026</p><ul>'
        '<li><a href="/Home/About">من نحن</a></li><li><a href="/Home/Privacy">سياسة الخصوصية</a></li>'
        "</ul></footer>"
    )


def _body_html(story: Story, related: list[Story]) -> str:
    parts: list[str] = []
    for i, (kind, text) in enumerate(story.blocks):
        if kind == "p":
            parts.append(f"<p>{esc(text)}</p>")
        elif kind == "h2":
            parts.append(f"<h2><strong>{esc(text)}</strong></h2>")
        elif kind == "also":
            label, _, title = text.partition(": ")
            target = related[0].path if related else DEAD[0][0]
            parts.append(f'<p><strong>{esc(label)}:</strong> <a href="{target}">{esc(title)}</a></p>')
        if i == 1:
            parts.append('<div class="adsArticle"><ins class="adsbygoogle" data-ad-slot="1"></ins></div>')
    if story.kind == "video":
        parts.insert(
            1,
            '<div class="videoCont"><iframe src="https://www.youtube.com/embed/abcDEF12345" '
            "allowfullscreen></iframe></div>",
        )
    return "".join(parts)


def article_html(story: Story, related: list[Story], amp: bool = False) -> str:
    image = story.image
    crumb = story.section or "أخبار عاجلة"
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical(story)},
        "headline": story.headline,
        "description": story.lead,
        "datePublished": story.published,
        "dateModified": story.modified or story.published,
        "author": [{"@type": "Person", "name": a} for a in story.authors],
        "publisher": {"@type": "Organization", "name": "اليوم السابع"},
    }
    meta = (
        f'<meta name="description" content="{esc(story.lead or "")}">'
        f'<meta property="og:title" content="{esc(story.headline)}">'
        f'<meta property="og:description" content="{esc(story.lead or "")}">'
        f'<meta property="og:image" content="https://img.youm7.com/large/{story.site_id}.jpg">'
        f'<meta property="article:published_time" content="{story.published}">'
    )
    if story.modified:
        meta += f'<meta property="article:modified_time" content="{story.modified}">'
    figure = ""
    if image is not None:
        ld["image"] = image.url
        caption = f'<span class="img-caption">{esc(image.caption)}</span>' if image.caption else ""
        tag = "amp-img" if amp else "img"
        figure = (
            f'<div class="img-cont"><{tag} src="{esc(image.url)}" alt="{esc(story.headline)}">{caption}</div>'
        )
    writer = story.extra.get("writer")
    byline = f'<div class="writeBy"><span class="writeBy">{esc(writer)}</span></div>' if writer else ""
    if story.kind == "opinion":
        byline = (
            f'<div class="writer-box"><a href="/Author/{esc(story.authors[0].replace(" ", "-"))}/1">'
            '<img src="https://img.youm7.com/writers/1.jpg" alt="">'
            f"<span>{esc(story.authors[0])}</span></a></div>"
        )
    tags = "".join(f'<a href="{esc(tag_path(t, i))}">{esc(t)}</a>' for i, t in enumerate(story.tags))
    cards = "".join(f'<li><a href="{r.path}">{esc(r.headline)}</a></li>' for r in related)
    head_extra = "" if story.extra.get("no_jsonld") else jsonld(ld)
    amp_link = "" if amp else f'<link rel="amphtml" href="{WWW}{pct(amp_path(story))}">'
    html_attr = ' amp lang="ar" dir="rtl"' if amp else ' lang="ar" dir="rtl"'
    return (
        f'<!DOCTYPE html>\n<html{html_attr}><head><meta charset="utf-8">'
        f"<title>{esc(story.headline)} - اليوم السابع</title>{meta}"
        f'<link rel="canonical" href="{canonical(story)}">{amp_link}{head_extra}</head><body>'
        f'{"" if amp else CONSENT}{_header()}<div class="container"><div class="row"><div class="col-md-8">'
        f'<ol class="breadcrumb"><li><a href="/">الرئيسية</a></li><li><a href="{section_path(crumb)}">'
        f"{esc(crumb)}</a></li></ol>"
        f'<div class="articleHeader"><h1>{esc(story.headline)}</h1></div>{byline}'
        f'<div class="articleDate"><span class="newsDate">{esc(story.extra["visible"])}</span></div>'
        f'<div class="shareBar"><a href="https://facebook.com/sharer">فيسبوك</a>'
        f'<a href="https://twitter.com/intent/tweet">تويتر</a><a href="whatsapp://send">واتساب</a></div>'
        f'{figure}<div id="articleBody" class="articleCont">{_body_html(story, related)}</div>'
        f'<div class="tags"><span class="tagsTitle">تاجز</span>{tags}</div>'
        f'<div class="related-articles"><h3>موضوعات متعلقة</h3><ul>{cards}</ul></div>'
        '<div class="article-footer"><p>لا تفوتك متابعة آخر الأخبار على تطبيق اليوم السابع</p></div>'
        f"</div>{_footer()}</div></div></body></html>\n"
    )


def listing_html(
    title: str, stories: list[Story], extras: list[tuple[str, str]], next_page: str | None
) -> str:
    """A section or tag page: ``div.col-xs-12.bigOneSec`` cards with ``h3 a`` and ``span.newsDate2``."""
    cards = "".join(
        f'<div class="col-xs-12 bigOneSec"><a class="bigOneImg" href="{s.path}">'
        f'<img src="https://img.youm7.com/small/{s.site_id}.jpg" alt=""></a><div class="bigOneContent">'
        f'<h3><a href="{s.path}">{esc(s.headline)}</a></h3>'
        f'<span class="newsDate2">{s.published[:10]} {s.published[11:16]}</span>'
        f"<p>{esc(s.lead or '')}</p></div></div>"
        for s in stories
    )
    cards += "".join(
        f'<div class="col-xs-12 bigOneSec"><div class="bigOneContent"><h3><a href="{p}">{esc(t)}</a></h3>'
        "</div></div>"
        for p, t in extras
    )
    more = f'<a class="moreNews" href="{next_page}">المزيد</a>' if next_page else ""
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{esc(title)} - اليوم السابع</title></head><body>{CONSENT}{_header()}"
        f'<div class="container"><h1 class="sectionTitle">{esc(title)}</h1><div id="paging">{cards}</div>'
        f"{more}</div>{_footer()}</body></html>\n"
    )


def rss(title: str, stories: list[Story], scheme: str = "https") -> str:
    items = "".join(
        f"<item><title>{esc(s.headline)}</title><link>{scheme}://www.youm7.com{pct(s.path)}</link>"
        f"<description>{esc(s.lead or '')}</description>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(s.published))}</pubDate>"
        f"<guid>{WWW}{pct(s.path)}</guid>"
        + (f'<enclosure url="{esc(s.image.url)}" type="image/jpeg"/>' if s.image else "")
        + "</item>\n"
        for s in stories
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>اليوم السابع - {esc(title)}</title><link>{WWW}</link>"
        f"<description>{esc(title)}</description><language>ar</language>\n{items}</channel></rss>\n"
    )


def feed_path(name: str) -> str:
    return f"/rss/SectionRss?SectionID={SECTIONS[name]}"


def _answer(story: Story, url: str) -> dict[str, Any]:
    # Youm7 article URLs carry no section, so the schema's section (from the URL path) is null;
    # the breadcrumb's section name is page chrome here.
    plain = dataclasses.replace(story, section=None)
    expected = expected_article(plain, SITE, url, canonical(story), CAPTURED, f"{SITE}:{story.site_id}")
    if not story.extra.get("no_jsonld"):
        # JSON-LD always names dateModified (the published time when never updated), and
        # tests/fixtures/README.md reads date_modified from it.
        expected["date_modified"] = story.modified or story.published_iso
    return expected


def write_fixtures() -> None:
    related = list(MIRROR_STORIES[:3])
    for story in FIXTURE_STORIES:
        url = canonical(story)
        write_case(
            SITE,
            "articles",
            story.case,
            url=url,
            body=article_html(story, related),
            page_name="page.html",
            content_type=HTML_UTF8,
            captured_at=CAPTURED,
            expected=_answer(story, url),
        )
    no = {"article": False}
    name = "أخبار عاجلة"
    write_case(
        SITE,
        "non_articles",
        "section-front-breaking",
        url=WWW + pct(section_path(name)),
        body=listing_html(name, list(FIXTURE_STORIES), [], section_path(name, 2)),
        page_name="page.html",
        content_type=HTML_UTF8,
        captured_at=CAPTURED,
        expected=no,
    )
    write_case(
        SITE,
        "non_articles",
        "tag-page",
        url=WWW + pct(TAG_PAGE),
        body=listing_html("وزير النقل", [FIXTURE_STORIES[0]], [], None),
        page_name="page.html",
        content_type=HTML_UTF8,
        captured_at=CAPTURED,
        expected=no,
    )
    stories = list(FIXTURE_STORIES)
    write_case(
        SITE,
        "feeds",
        "section-rss-breaking",
        url=WWW + pct(feed_path(name)),
        body=rss(name, [*stories, MIRROR_STORIES[0]]),
        page_name="page.xml",
        content_type=RSS_UTF8,
        captured_at=CAPTURED,
        expected={"article_urls": [canonical(s) for s in [*stories, MIRROR_STORIES[0]]], "other_urls": []},
    )
    extras = [(DEAD[0][0], DEAD[0][1]), (TAG_PAGE, "وزير النقل")]
    write_case(
        SITE,
        "listings",
        "section-page-2",
        url=WWW + pct(section_path(name, 2)),
        body=listing_html(name, list(MIRROR_STORIES[:4]), extras, section_path(name, 3)),
        page_name="page.html",
        content_type=HTML_UTF8,
        captured_at=CAPTURED,
        expected={"article_urls": [canonical(s) for s in MIRROR_STORIES[:4]] + [WWW + pct(DEAD[0][0])]},
    )


def build() -> MirrorSite:
    """The mini-site: section RSS feeds (one with http links), section pages 1-2, AMP twins, tag page."""
    stories = sorted([*FIXTURE_STORIES, *MIRROR_STORIES], key=lambda s: s.published, reverse=True)
    site = MirrorSite()
    gold = []
    for i, story in enumerate(stories):
        related = [stories[(i + k) % len(stories)] for k in (1, 2, 3)]
        site.add(story.path, article_html(story, related), HTML_UTF8)
        site.add(amp_path(story), article_html(story, related, amp=True), HTML_UTF8)
        gold.append(gold_line(story, canonical(story), f"{SITE}:{story.site_id}"))
    breaking = "أخبار عاجلة"
    dead = list(DEAD)
    site.add(
        section_path(breaking, 1),
        listing_html(breaking, stories[:7], [], section_path(breaking, 2)),
        HTML_UTF8,
    )
    site.add(
        section_path(breaking, 2),
        listing_html(breaking, stories[7:], [dead[0], (TAG_PAGE, "وزير النقل")], section_path(breaking, 3)),
        HTML_UTF8,
    )
    site.add(section_path(breaking, 3), listing_html(breaking, [], [], None), HTML_UTF8)
    site.add(TAG_PAGE, listing_html("وزير النقل", [FIXTURE_STORIES[0]], [], None), HTML_UTF8)
    site.add(feed_path(breaking), rss(breaking, [*stories[:10], stories[0]]), RSS_UTF8)
    economy = [s for s in stories if s.section == "اقتصاد"]
    site.add(feed_path("اقتصاد"), rss("اقتصاد", economy, scheme="http"), RSS_UTF8)
    sport = [
        s for s in stories if s.section in ("رياضة", "فن", "تعليم", "صحة وطب", "مقالات", "فيديو اليوم السابع")
    ]
    site.add(feed_path("رياضة"), rss("رياضة", sport), RSS_UTF8)
    news = [s for s in stories if s.section in ("أخبار مصر", "محافظات")]
    site.add(
        feed_path("أخبار مصر"),
        rss("أخبار مصر", news).replace("</channel>", _dead_item(dead[1]) + "</channel>"),
        RSS_UTF8,
    )
    site.add("/robots.txt", robots([], ("/Search", "/Home/Print")), TEXT_UTF8)
    site.add("/", listing_html("اليوم السابع", stories[:6], [], None), HTML_UTF8)
    save_mirror(SITE, site, gold)
    return site


def _dead_item(dead: tuple[str, str]) -> str:
    return f"<item><title>{esc(dead[1])}</title><link>{WWW}{pct(dead[0])}</link></item>\n"


if __name__ == "__main__":
    write_fixtures()
    built = build()
    print(f"{SITE}: {len(FIXTURE_STORIES)} article fixtures, mirror of {len(built)} routes")
