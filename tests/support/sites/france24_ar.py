# ruff: noqa: E501  (one-line markup reads better unwrapped)
"""France 24 Arabic (france24.com/ar) renderer: article pages (``t-content`` markup), RSS (main and per
section), sitemaps, section fronts with a second page, a video page, and the mirror.

``python -m tests.support.sites.france24_ar`` rewrites the fixtures and the mirror.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import datetime
from typing import Any

from newsbot.mirror.site import MirrorSite
from newsbot.pages.urls import url_key
from tests.support.sites._common import (
    HTML,
    RSS,
    TEXT,
    XML,
    Story,
    esc,
    expected_article,
    gold_line,
    jsonld,
    pct,
    rfc822,
    save_mirror,
    write_case,
)
from tests.support.sites.france24_ar_data import STORIES

SITE = "france24_ar"
HOST = "https://www.france24.com"
CAPTURED = "2024-04-22T12:00:00Z"
SECTIONS = ["الشرق-الأوسط", "فرنسا", "أفريقيا", "أوروبا", "العالم", "اقتصاد", "رياضة", "ثقافة"]
VIDEO = "/ar/" + pct("فيديو") + "/20240418-" + pct("شاهد-لحظة-وصول-المساعدات-إلى-غزة")
LIVE = "/ar/" + pct("البث-المباشر")
DEAD = [
    "/ar/" + pct("رياضة") + "/20240301-" + pct("الألعاب-الأولمبية-حفل-الافتتاح"),
    "/ar/" + pct("الشرق-الأوسط") + "/20240411-" + pct("تقرير-حذف-من-الموقع"),
]


def path(story: Story) -> str:
    day = datetime.fromisoformat(story.published)
    return f"/ar/{pct(story.section)}/{day:%Y%m%d}-{pct(story.slug)}"


def url(story: Story) -> str:
    return HOST + path(story)


def shown(value: str) -> str:
    day = datetime.fromisoformat(value)
    return f"{day:%d/%m/%Y - %H:%M}"


def section_label(slug: str) -> str:
    return slug.replace("-", " ")


def _header() -> str:
    items = "".join(
        f'<li class="m-menu__item"><a href="/ar/{pct(s)}/">{section_label(s)}</a></li>' for s in SECTIONS
    )
    return (
        '<header class="o-header"><a class="o-header__logo" href="/ar/">فرانس 24</a>'
        f'<nav class="m-menu"><ul>{items}</ul></nav><a class="o-header__live" href="{LIVE}">البث المباشر</a>'
        '<div class="o-header__langs"><a href="/fr/">FR</a><a href="/en/">EN</a><a href="/es/">ES</a></div></header>'
    )


def _footer() -> str:
    return (
        '<footer class="o-footer"><div class="m-newsletter"><p>اشترك في النشرة الإخبارية لفرانس 24</p></div>'
        '<ul><li><a href="/ar/من-نحن">من نحن</a></li><li><a href="/ar/rss">RSS</a></li></ul>'
        '<p class="o-footer__copyright">© 2024 Copyright France 24 - جميع الحقوق محفوظة</p></footer>'
        '<div id="didomi-host"><div class="didomi-popup">نحن نستخدم ملفات تعريف الارتباط</div></div>'
    )


def _ld(story: Story) -> str:
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.headline,
        "datePublished": story.published,
        "dateModified": story.modified or story.published,
        "mainEntityOfPage": url(story),
        "inLanguage": "ar",
        "publisher": {
            "@type": "Organization",
            "name": "فرانس 24",
            "logo": {
                "@type": "ImageObject",
                "url": "https://static.france24.com/meta_og_twcards/jsonld_publisher.png",
            },
        },
        "author": [{"@type": "Person", "name": n} for n in story.authors]
        or [{"@type": "Organization", "name": "فرانس 24"}],
    }
    if story.lead:
        doc["description"] = story.lead
    if story.image:
        doc["image"] = [{"@type": "ImageObject", "url": story.image.url}]
    return jsonld(doc)


def _body(story: Story) -> str:
    out = []
    for block in story.blocks:
        if block[0] == "p":
            out.append(f"<p>{esc(block[1])}</p>")
        elif block[0] == "h2":
            out.append(f"<h2>{esc(block[1])}</h2>")
        elif block[0] == "also":
            href = "/".join(pct(x) for x in block[2].split("/"))
            out.append(
                f'<div class="m-interstitial"><p class="m-interstitial__label">إقرأ أيضا</p><a class="m-interstitial__link" href="{href}"><p class="m-interstitial__title">{esc(block[1])}</p></a></div>'
            )
    if story.source:
        out.append(f'<p class="t-copyright">{esc(story.source)}</p>')
    return "".join(out)


def article_html(story: Story, related: list[Story]) -> str:
    authors = story.authors or ([story.extra["byline_org"]] if "byline_org" in story.extra else [])
    byline = "".join(
        f'<p class="m-from-author"><span class="m-from-author__name"><a href="/ar/tag/{pct(a.replace(" ", "-"))}/">{esc(a)}</a></span></p>'
        for a in authors
    )
    dates = f'<span class="m-pub-dates__date">نشرت في: <time datetime="{story.published}">{shown(story.published)}</time></span>'
    if story.modified:
        dates += f'<span class="m-pub-dates__date">آخر تحديث: <time datetime="{story.modified}">{shown(story.modified)}</time></span>'
    chapo = f'<p class="t-content__chapo">{esc(story.lead)}</p>' if story.lead else ""
    figure = ""
    if story.image:
        credit = (
            f'<span class="m-figure__credits">{esc(story.image.credit)}</span>' if story.image.credit else ""
        )
        figure = (
            f'<figure class="m-figure m-figure--16x9 t-content__main-media"><picture><source srcset="{story.image.url.replace("w:1280", "w:640")}" media="(max-width: 640px)">'
            f'<img class="m-figure__img" src="{story.image.url}" alt="{esc(story.image.caption or "")}" width="1280" height="720"></picture>'
            f'<figcaption class="m-figure__caption"><span class="m-figure__caption-text">{esc(story.image.caption or "")}</span> {credit}</figcaption></figure>'
        )
    tags = "".join(
        f'<li><a class="m-tag" href="/ar/tag/{pct(t.replace(" ", "-"))}/">{esc(t)}</a></li>'
        for t in story.tags
    )
    cards = "".join(
        f'<div class="m-item-list-article"><a href="{path(r)}"><p class="article__title">{esc(r.headline)}</p></a></div>'
        for r in related
    )
    desc = esc(story.lead or "")
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{esc(story.headline)} - فرانس 24</title><meta name="description" content="{desc}">
<meta property="og:title" content="{esc(story.headline)}"><meta property="og:description" content="{desc}">
<meta property="og:image" content="{story.image.url if story.image else "https://static.france24.com/meta_og_twcards/ar/ar_default.jpg"}">
<link rel="canonical" href="{url(story)}"><link rel="alternate" hreflang="ar" href="{url(story)}">
<script type="application/ld+json">{_ld(story)}</script></head><body class="o-page">
{_header()}
<main class="o-layout"><nav class="m-breadcrumb"><a href="/ar/">الرئيسية</a> <a href="/ar/{pct(story.section)}/">{section_label(story.section)}</a></nav>
<article class="t-content t-content--article"><div class="t-content__header">
<h1 class="t-content__title a-page-title">{esc(story.headline)}</h1>
<div class="t-content__metadatas">{byline}<div class="m-pub-dates">{dates}</div></div>
<div class="m-share"><a class="m-share__facebook" href="#">فيسبوك</a><a class="m-share__twitter" href="#">تويتر</a><a class="m-share__whatsapp" href="#">واتساب</a></div>
{chapo}{figure}</div>
<div class="t-content__body u-clearfix">{_body(story)}</div>
<div class="t-content__tags"><div class="m-tags-list"><ul>{tags}</ul></div></div></article>
<section class="o-self-promo"><p>تطبيق فرانس 24: تابعوا آخر الأخبار الدولية</p></section>
<section class="m-related"><h2 class="m-related__title">مقالات ذات صلة</h2>{cards}</section></main>
{_footer()}</body></html>
"""


def video_html() -> str:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>شاهد: لحظة وصول المساعدات إلى غزة - فرانس 24</title>
<script type="application/ld+json">{jsonld({"@context": "https://schema.org", "@type": "VideoObject", "name": "شاهد: لحظة وصول المساعدات إلى غزة", "uploadDate": "2024-04-18T10:00:00+02:00", "thumbnailUrl": "https://s.france24.com/media/display/video-aid.jpg"})}</script></head>
<body class="o-page">{_header()}<main class="o-layout"><article class="t-content t-content--video"><h1 class="t-content__title a-page-title">شاهد: لحظة وصول المساعدات إلى غزة</h1>
<div class="m-video-player"><div class="m-em-video" data-video-id="ar-2024-04-18"></div></div></article></main>{_footer()}</body></html>
"""


def section_html(
    section: str, members: list[Story], extra: list[tuple[str, str]], next_page: str | None
) -> str:
    cards = "".join(
        f'<div class="m-item-list-article"><a href="{path(s)}" data-article-item-link=""><p class="article__title">{esc(s.headline)}</p></a></div>'
        for s in members
    )
    cards += "".join(
        f'<div class="m-item-list-article"><a href="{h}"><p class="article__title">{esc(t)}</p></a></div>'
        for h, t in extra
    )
    pager = (
        f'<div class="m-pagination"><a class="m-pagination__next" href="{next_page}">الصفحة التالية</a></div>'
        if next_page
        else ""
    )
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{section_label(section)} - فرانس 24</title></head>
<body class="o-page">{_header()}<main class="o-layout"><h1 class="a-page-title">{section_label(section)}</h1>
<section class="o-section-list">{cards}</section>{pager}</main>{_footer()}</body></html>
"""


def feed_xml(title: str, stories: list[Story], extra: list[tuple[str, str]] | None = None) -> str:
    items = "".join(
        f'<item><title>{esc(s.headline)}</title><link>{url(s)}</link><guid isPermaLink="true">{url(s)}</guid>'
        f"<description>{esc(s.lead or '')}</description><pubDate>{rfc822(s.published).replace('+0000', 'GMT')}</pubDate>"
        + (f'<enclosure url="{s.image.url}" type="image/jpeg" length="0"/>' if s.image else "")
        + "</item>"
        for s in stories
    )
    items += "".join(
        f"<item><title>{esc(t)}</title><link>{HOST}{h}</link><guid>{HOST}{h}</guid></item>"
        for h, t in extra or []
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{esc(title)}</title><link>{HOST}/ar/</link><description>فرانس 24 - الأخبار الدولية</description><language>ar</language>{items}</channel></rss>\n'


def sitemap_index_xml(subs: list[str]) -> str:
    body = "".join(f"<sitemap><loc>{HOST}{s}</loc></sitemap>" for s in subs)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>\n'


def sitemap_xml(entries: list[tuple[str, str]]) -> str:
    body = "".join(f"<url><loc>{u}</loc><lastmod>{m}</lastmod></url>" for u, m in entries)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>\n'


SITEMAP_INDEX = "/ar/sitemap.xml"
SITEMAP_SUBS = ["/ar/sitemaps/articles-2024-04.xml", "/ar/sitemaps/videos-2024-04.xml"]
ROBOTS = (
    f"User-agent: *\nDisallow: /*/search\n\nSitemap: {HOST}/ar/sitemap.xml\nSitemap: {HOST}/fr/sitemap.xml\n"
)


def _by_key(key: str) -> Story:
    return next(s for s in STORIES if s.key == key)


def _related(story: Story) -> list[Story]:
    return [s for s in STORIES if s.section == story.section and s.key != story.key][:3]


def _ordered() -> list[Story]:
    return sorted(STORIES, key=lambda s: s.published, reverse=True)


def _sitemap_entries() -> list[tuple[str, str]]:
    entries = [(url(s), s.modified or s.published) for s in _ordered()]
    # The bare host names the same page: a duplicate URL form for the crawler to fold.
    entries[3] = ("https://france24.com" + path(_ordered()[3]), entries[3][1])
    entries.append((HOST + DEAD[1], "2024-04-11T09:00:00+02:00"))
    return entries


def build() -> MirrorSite:
    site = MirrorSite()
    for story in STORIES:
        site.add(path(story), article_html(story, _related(story)), HTML)
    ordered = _ordered()
    site.add(
        "/ar/rss",
        feed_xml("فرانس 24 - الأخبار", ordered[:10], [(VIDEO, "شاهد: لحظة وصول المساعدات إلى غزة")]),
        RSS,
    )
    for section in SECTIONS:
        members = [s for s in ordered if s.section == section]
        site.add(f"/ar/{pct(section)}/rss", feed_xml(f"فرانس 24 - {section_label(section)}", members), RSS)
        if section == "الشرق-الأوسط":
            second = f"/ar/{pct(section)}/2/"
            site.add(
                f"/ar/{pct(section)}/",
                section_html(section, members[:1], [(VIDEO, "شاهد: لحظة وصول المساعدات إلى غزة")], second),
                HTML,
            )
            site.add(
                second, section_html(section, members[1:], [(DEAD[1], "تقرير حذف من الموقع")], None), HTML
            )
        else:
            site.add(f"/ar/{pct(section)}/", section_html(section, members, [], None), HTML)
    site.add("/robots.txt", ROBOTS, TEXT)
    site.add(SITEMAP_INDEX, sitemap_index_xml(SITEMAP_SUBS), XML)
    site.add(SITEMAP_SUBS[0], sitemap_xml(_sitemap_entries()), XML)
    site.add(SITEMAP_SUBS[1], sitemap_xml([(HOST + VIDEO, "2024-04-18T10:00:00+02:00")]), XML)
    site.add(VIDEO, video_html(), HTML)
    home_extra = [
        (path(ordered[0]) + "/", ordered[0].headline),
        ("http://www.france24.com" + path(ordered[1]), ordered[1].headline),
        (LIVE, "البث المباشر"),
    ]
    site.add("/ar/", section_html("العالم", ordered[:6], home_extra, None), HTML)
    return site


def as_stored(story: Story) -> Story:
    """The story's text as stored (tests/fixtures/README.md): tatweel is typography, not spelling,
    so the page's ``بـ2.6`` is answered as ``ب2.6``."""

    def text(value: str) -> str:
        return value.replace("\u0640", "")

    return replace(
        story,
        headline=text(story.headline),
        lead=text(story.lead) if story.lead else story.lead,
        blocks=[(block[0], *(text(part) for part in block[1:])) for block in story.blocks],
    )


def stable_id(story: Story) -> str:
    """The id rule for a site whose URLs carry no id: a stable key of the canonical URL."""
    return f"{SITE}:{url_key(url(story))}"


def gold() -> list[str]:
    return [gold_line(as_stored(s), url(s), stable_id(s)) for s in STORIES]


def _article_case(case: str, key: str, fetched: str | None = None) -> None:
    story = _by_key(key)
    fetched_url = fetched or url(story)
    expected = expected_article(
        site=SITE, story=as_stored(story), url=fetched_url, canonical=url(story), article_id=stable_id(story),
        date_raw=story.published, section=story.section, captured_at=CAPTURED,
    )  # fmt: skip
    if story.modified is None:
        expected["date_modified"] = expected["date_published"]  # JSON-LD always names dateModified
    write_case(
        SITE,
        "articles",
        case,
        url=fetched_url,
        body=article_html(story, _related(story)),
        content_type=HTML,
        captured_at=CAPTURED,
        expected=expected,
    )


def write_fixtures() -> None:
    _article_case("wire-afp-copyright-line", "un-veto-wire")
    _article_case("interstitial-read-also-org-byline", "paris-olympics-security")
    _article_case("author-dateline-opening", "sahel-author")
    _article_case("interview-subheads-no-image-no-source", "opinion-interview")
    _article_case("no-chapo-culture", "culture-venice")
    _article_case("caption-without-credit", "economy-inflation")
    write_case(
        SITE,
        "non_articles",
        "video-page",
        url=HOST + VIDEO,
        body=video_html(),
        content_type=HTML,
        captured_at=CAPTURED,
        expected={"article": False},
    )
    members = [s for s in _ordered() if s.section == "الشرق-الأوسط"]
    second = f"/ar/{pct('الشرق-الأوسط')}/2/"
    write_case(
        SITE, "non_articles", "section-front-middle-east", url=f"{HOST}/ar/{pct('الشرق-الأوسط')}/",
        body=section_html("الشرق-الأوسط", members[:1], [(VIDEO, "شاهد")], second), content_type=HTML, captured_at=CAPTURED, expected={"article": False},
    )  # fmt: skip
    ordered = _ordered()
    write_case(
        SITE, "feeds", "ar-rss", url=HOST + "/ar/rss", body=feed_xml("فرانس 24 - الأخبار", ordered[:10], [(VIDEO, "شاهد: لحظة وصول المساعدات إلى غزة")]),
        content_type=RSS, captured_at=CAPTURED, page_name="page.xml",
        expected={"article_urls": [url(s) for s in ordered[:10]], "other_urls": [HOST + VIDEO]},
    )  # fmt: skip
    write_case(
        SITE, "sitemaps", "sitemap-index", url=HOST + SITEMAP_INDEX, body=sitemap_index_xml(SITEMAP_SUBS), content_type=XML,
        captured_at=CAPTURED, page_name="page.xml", expected={"sitemaps": [HOST + s for s in SITEMAP_SUBS]},
    )  # fmt: skip
    entries = _sitemap_entries()
    write_case(
        SITE, "sitemaps", "articles-2024-04-bare-host", url=HOST + SITEMAP_SUBS[0], body=sitemap_xml(entries), content_type=XML,
        captured_at=CAPTURED, page_name="page.xml", expected={"article_urls": [url(s) for s in ordered] + [HOST + DEAD[1]], "other_urls": []},
    )  # fmt: skip
    write_case(
        SITE, "listings", "section-middle-east-page-2", url=HOST + second,
        body=section_html("الشرق-الأوسط", members[1:], [(DEAD[1], "تقرير حذف من الموقع")], None), content_type=HTML, captured_at=CAPTURED,
        expected={"article_urls": [url(s) for s in members[1:]] + [HOST + DEAD[1]]},
    )  # fmt: skip


def main(argv: list[str]) -> int:
    if "--no-fixtures" not in argv:
        write_fixtures()
    folder = save_mirror(build(), SITE, gold())
    print(f"{SITE}: {len(STORIES)} stories, mirror in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
