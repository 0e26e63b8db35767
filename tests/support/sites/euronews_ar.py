# ruff: noqa: E501  (one line per markup element reads closer to the served page)
"""Euronews Arabic (arabic.euronews.com): article pages, RSS, article and latest-news sitemaps, theme pages.

``python -m tests.support.sites.euronews_ar`` rewrites tests/fixtures/sites/euronews_ar/ and the mirror
tests/fixtures/mirrors/euronews_ar/ from the stories in euronews_ar_data.py.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from newsbot.mirror.site import MirrorSite
from newsbot.pages.urls import url_key
from tests.support.sites.common import (
    HTML_UTF8,
    RSS_UTF8,
    TEXT_UTF8,
    XML_UTF8,
    Story,
    esc,
    expected_article,
    gold_line,
    robots,
    save_mirror,
    urlset,
    write_case,
)
from tests.support.sites.euronews_ar_data import DEAD, FIXTURE_STORIES, MIRROR_STORIES, VIDEO

SITE = "euronews_ar"
WWW = "https://arabic.euronews.com"
CAPTURED = "2026-12-03T16:00:00Z"
THEMES = {
    "news": "أخبار",
    "business": "اقتصاد",
    "green": "المناخ",
    "culture": "ثقافة",
    "sport": "رياضة",
    "next": "تكنولوجيا",
}
ARTICLES_SITEMAP = "/sitemaps/ar/articles.xml"
LATEST_SITEMAP = "/sitemaps/ar/latest-news.xml"


def canonical(story: Story) -> str:
    return WWW + story.path


def _header() -> str:
    items = "".join(
        f'<li class="c-menu__item"><a href="/{slug}">{esc(name)}</a></li>' for slug, name in THEMES.items()
    )
    return (
        '<header class="c-header"><a class="c-header__logo" href="/" aria-label="يورونيوز">euronews</a>'
        f'<nav class="c-menu"><ul>{items}<li class="c-menu__item"><a href="/video">فيديو</a></li></ul></nav>'
        '<div class="c-breaking"><span class="c-breaking__label">عاجل</span>'
        f'<a href="{DEAD[1][0]}">{esc(DEAD[1][1])}</a></div>'
        '<div class="c-lang-switch"><a href="https://www.euronews.com/">English</a>'
        '<a href="https://fr.euronews.com/">Français</a></div></header>'
    )


def _footer() -> str:
    return (
        '<div class="c-newsletter"><h3>اشترك في النشرة الإخبارية</h3><p>أهم الأخبار يوميا في بريدك</p></div>'
        '<footer class="c-footer"><p>يورونيوز، كل وجهات النظر</p><p>حقوق الطبع والنشر © euronews 2026</p>'
        '<ul><li><a href="/about">من نحن</a></li><li><a href="/privacy-policy">سياسة الخصوصية</a></li></ul></footer>'
    )


CONSENT = (
    '<div id="didomi-host" class="didomi-popup"><div class="didomi-popup-container"><p>نحن نهتم بخصوصيتك. '
    "تستخدم يورونيوز وشركاؤها ملفات تعريف الارتباط لتخزين المعلومات والوصول إليها.</p>"
    '<button id="didomi-notice-agree-button">موافق</button><button>المزيد من الخيارات</button></div></div>'
)


def _content(story: Story, related: list[Story]) -> str:
    parts: list[str] = []
    for i, (kind, text) in enumerate(story.blocks):
        if kind == "p":
            parts.append(f"<p>{esc(text)}</p>")
        elif kind == "h2":
            parts.append(f"<h2>{esc(text)}</h2>")
        if i == 1 and story.extra.get("related"):
            cards = "".join(
                f'<li><a href="{r.path}" class="widget__link">{esc(r.headline)}</a></li>' for r in related[:2]
            )
            parts.append(
                f'<div class="widget widget--type-related"><div class="widget__title">اقرأ المزيد:</div><ul>{cards}</ul></div>'
            )
        if i == 0:
            parts.append(
                '<div class="c-ad c-ad--inread" data-ad-slot="inread"><span class="c-ad__label">إعلان</span></div>'
            )
    return "".join(parts)


def _jsonld(story: Story) -> str:
    article: dict[str, Any] = {
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical(story)},
        "headline": story.headline,
        "description": story.lead,
        "articleSection": [story.extra["theme"]],
        "datePublished": story.published,
        "dateModified": story.modified or story.published,
        "inLanguage": "ar",
        "author": [{"@type": "Person", "name": a} for a in story.authors]
        or {"@type": "Organization", "name": "euronews"},
        "publisher": {"@type": "Organization", "name": "euronews", "url": WWW},
    }
    if story.image:
        article["image"] = {"@type": "ImageObject", "url": story.image.url, "width": 1200, "height": 675}
    graph = [article, {"@type": "WebSite", "name": "euronews", "url": WWW}]
    text = json.dumps({"@context": "https://schema.org/", "@graph": graph}, ensure_ascii=False)
    return f'<script type="application/ld+json">{text}</script>'


def article_html(story: Story, related: list[Story]) -> str:
    image = story.image
    figure = ""
    if image is not None:
        credit = (
            f'<span class="c-article-caption__copyright">حقوق النشر&nbsp;{esc(image.credit)}</span>'
            if image.credit
            else ""
        )
        caption = (
            f'<span class="c-article-caption__text">{esc(image.caption)}</span>' if image.caption else ""
        )
        figure = (
            f'<figure class="c-article-media"><img class="c-article-media__img" src="{esc(image.url)}" alt="{esc(image.caption or "")}">'
            f'<figcaption class="c-article-caption">{caption}{credit}</figcaption></figure>'
        )
    names = "، ".join(
        f'<a class="c-article-contributors__link" href="/profiles/{i}">{esc(a)}</a>'
        for i, a in enumerate(story.authors)
    )
    contributors = f"بقلم:&nbsp;{names}" if story.authors else "بقلم:&nbsp;يورونيوز"
    updated = (
        f'<div class="c-article-updated">آخر تحديث: {esc(story.extra["updated"])}</div>'
        if "updated" in story.extra
        else ""
    )
    tags = "".join(
        f'<a class="c-article-tags__link" href="/tag/{i}">{esc(t)}</a>' for i, t in enumerate(story.tags)
    )
    cards = "".join(
        f'<article class="m-object"><a class="m-object__title__link" href="{r.path}">{esc(r.headline)}</a></article>'
        for r in related
    )
    theme = str(story.section)
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{esc(story.headline)} | يورونيوز</title>"
        f'<meta name="description" content="{esc(story.lead or "")}">'
        f'<meta property="og:title" content="{esc(story.headline)}">'
        f'<meta property="og:image" content="{esc(image.url if image else WWW + "/images/og-euronews.png")}">'
        f'<meta name="date.available" content="{story.extra["available"]}">'
        f'<meta name="keywords" content="{esc(", ".join(story.tags))}">'
        f'<link rel="canonical" href="{canonical(story)}">{_jsonld(story)}</head>'
        f'<body class="is-article">{CONSENT}{_header()}<main class="o-site-main">'
        f'<article class="o-article"><div class="c-article-header">'
        f'<div class="c-breadcrumb"><a href="/{theme}">{esc(THEMES[theme])}</a> <a href="/{theme}">{esc(story.extra["theme"])}</a></div>'
        f'<h1 class="c-article-title">{esc(story.headline)}</h1>'
        f'<div class="c-article-byline"><div class="c-article-contributors">{contributors}</div>'
        f'<div class="c-article-publication-date"><time datetime="{story.published}">نشرت في {esc(story.extra["visible"])}</time></div>{updated}</div>'
        '<div class="c-share-buttons"><a href="https://www.facebook.com/sharer">فيسبوك</a><a href="https://twitter.com/intent/tweet">إكس</a>'
        '<button class="c-share-buttons__copy">نسخ/لصق الرابط</button></div></div>'
        f'{figure}<p class="c-article-summary">{esc(story.lead or "")}</p>'
        f'<div class="c-article-content js-article-content">{_content(story, related)}</div>'
        f'<div class="c-article-tags"><span>مواضيع إضافية</span>{tags}</div></article>'
        f'<section class="c-most-viewed"><h2>الأكثر مشاهدة</h2>{cards}</section></main>{_footer()}</body></html>\n'
    )


def video_html() -> str:
    path, title = VIDEO
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f'<title>{esc(title)} | يورونيوز</title><meta property="og:type" content="video.other">'
        f'<link rel="canonical" href="{WWW}{path}"></head><body class="is-video">{_header()}'
        '<main class="o-site-main"><div class="c-video-player"><div class="jw-player" data-video-id="euronews-0001"></div></div>'
        f'<h1 class="c-article-title">{esc(title)}</h1><p class="c-article-summary">ملخص مصور لأبرز ما جرى في القمة.</p>'
        f"</main>{_footer()}</body></html>\n"
    )


def theme_html(title: str, stories: list[Story], extras: list[tuple[str, str]]) -> str:
    cards = "".join(
        f'<article class="m-object"><a class="m-object__title__link" href="{s.path}">{esc(s.headline)}</a>'
        f'<time class="m-object__date" datetime="{s.published}">{esc(s.extra["visible"])}</time></article>'
        for s in stories
    )
    cards += "".join(
        f'<article class="m-object"><a class="m-object__title__link" href="{p}">{esc(t)}</a></article>'
        for p, t in extras
    )
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f'<title>{esc(title)} | يورونيوز</title></head><body class="is-theme">{CONSENT}{_header()}'
        f'<main class="o-site-main"><h1 class="c-theme-title">{esc(title)}</h1><div class="o-block-listing">{cards}</div></main>'
        f"{_footer()}</body></html>\n"
    )


def rss(stories: list[Story], extras: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<item><title>{esc(s.headline)}</title><link>{WWW}{s.path}?utm_source=rss&amp;utm_medium=feed</link>"
        f"<description>{esc(s.lead or '')}</description>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(s.published).astimezone(UTC))}</pubDate>"
        f'<guid isPermaLink="true">{WWW}{s.path}</guid>'
        + (f'<enclosure url="{esc(s.image.url)}" type="image/jpeg" length="0"/>' if s.image else "")
        + "</item>\n"
        for s in stories
    )
    items += "".join(f"<item><title>{esc(t)}</title><link>{WWW}{p}</link></item>\n" for p, t in extras)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>يورونيوز عربي</title>'
        f"<link>{WWW}</link><description>آخر الأخبار من يورونيوز</description><language>ar</language>\n{items}</channel></rss>\n"
    )


def latest_news_sitemap(stories: list[Story]) -> str:
    """Google News sitemap: ``news:publication_date`` and ``news:title`` per story."""
    rows = "".join(
        f"<url><loc>{WWW}{s.path}</loc><news:news><news:publication><news:name>euronews</news:name>"
        f"<news:language>ar</news:language></news:publication><news:publication_date>{s.published}</news:publication_date>"
        f"<news:title>{esc(s.headline)}</news:title></news:news></url>\n"
        for s in stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n{rows}</urlset>\n'
    )


def full_id(story: Story) -> str:
    """No id in the URL: the framework's stable key of the canonical URL stands in."""
    return f"{SITE}:{url_key(canonical(story))}"


def _answer(story: Story, url: str) -> dict[str, Any]:
    plain = dataclasses.replace(story, section=None)  # /YYYY/MM/DD/<slug>: no section, no id in the URL
    return expected_article(plain, SITE, url, canonical(story), CAPTURED, full_id(story))


def _all() -> list[Story]:
    return sorted([*FIXTURE_STORIES, *MIRROR_STORIES], key=lambda s: s.published, reverse=True)


def write_fixtures() -> None:
    stories = _all()
    for story in FIXTURE_STORIES:
        url = canonical(story)
        write_case(
            SITE,
            "articles",
            story.case,
            url=url,
            body=article_html(story, list(MIRROR_STORIES[:3])),
            page_name="page.html",
            content_type=HTML_UTF8,
            captured_at=CAPTURED,
            expected=_answer(story, url),
        )
    no = {"article": False}
    write_case(
        SITE,
        "non_articles",
        "video-page",
        url=WWW + VIDEO[0],
        body=video_html(),
        page_name="page.html",
        content_type=HTML_UTF8,
        captured_at=CAPTURED,
        expected=no,
    )
    news = [s for s in stories if s.section == "news"]
    write_case(
        SITE,
        "non_articles",
        "theme-front-news",
        url=f"{WWW}/news",
        body=theme_html("أخبار", news, [VIDEO]),
        page_name="page.html",
        content_type=HTML_UTF8,
        captured_at=CAPTURED,
        expected=no,
    )
    top = stories[:8]
    write_case(
        SITE,
        "feeds",
        "rss-utm-links",
        url=f"{WWW}/rss",
        body=rss(top, [VIDEO]),
        page_name="page.xml",
        content_type=RSS_UTF8,
        captured_at=CAPTURED,
        expected={"article_urls": [canonical(s) for s in top], "other_urls": [WWW + VIDEO[0]]},
    )
    write_case(
        SITE,
        "sitemaps",
        "latest-news",
        url=WWW + LATEST_SITEMAP,
        body=latest_news_sitemap(top),
        page_name="page.xml",
        content_type=XML_UTF8,
        captured_at=CAPTURED,
        expected={"article_urls": [canonical(s) for s in top], "other_urls": []},
    )


def build() -> MirrorSite:
    """The mini-site: /rss (utm-tagged links), articles + latest-news sitemaps from robots.txt, theme pages,
    a video page, http:// and trailing-slash duplicates, dead links in the breaking bar and the feed."""
    stories = _all()
    site = MirrorSite()
    gold = []
    for i, story in enumerate(stories):
        related = [stories[(i + k) % len(stories)] for k in (1, 2, 3)]
        site.add(story.path, article_html(story, related), HTML_UTF8)
        site.redirect(story.path + "/", canonical(story))
        gold.append(gold_line(story, canonical(story), full_id(story)))
    site.add(VIDEO[0], video_html(), HTML_UTF8)
    site.add("/rss", rss(stories[:10], [VIDEO, DEAD[0]]), RSS_UTF8)
    entries = [(canonical(s), s.modified or s.published) for s in stories]
    entries.append((f"http://arabic.euronews.com{stories[0].path}", stories[0].published))
    site.add(ARTICLES_SITEMAP, urlset([*entries, (WWW + DEAD[0][0], "2026-11-20T08:00:00+01:00")]), XML_UTF8)
    site.add(LATEST_SITEMAP, latest_news_sitemap(stories[:8]), XML_UTF8)
    site.add("/robots.txt", robots([WWW + ARTICLES_SITEMAP, WWW + LATEST_SITEMAP], ("/api/",)), TEXT_UTF8)
    for slug, name in THEMES.items():
        members = [s for s in stories if s.section == slug]
        site.add(f"/{slug}", theme_html(name, members, [VIDEO] if slug == "news" else []), HTML_UTF8)
    site.add("/", theme_html("يورونيوز عربي", stories[:9], [VIDEO, DEAD[0]]), HTML_UTF8)
    save_mirror(SITE, site, gold)
    return site


if __name__ == "__main__":
    write_fixtures()
    built = build()
    print(f"{SITE}: {len(FIXTURE_STORIES)} article fixtures, mirror of {len(built)} routes")
