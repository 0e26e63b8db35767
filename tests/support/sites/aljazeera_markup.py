# ruff: noqa: E501  (Arabic prose and one-line markup read better unwrapped)
"""Al Jazeera markup: the pages, feeds and sitemaps as the site serves them (used by ``aljazeera.py``)."""

from __future__ import annotations

from datetime import datetime

from tests.support.sites._common import (
    Story,
    esc,
    jsonld,
    pct,
    rfc822,
)

SITE = "aljazeera"
HOST = "https://www.aljazeera.net"
FEED_PATH = "/aljazeerarss/a7c186be-1baa-4bd4-9d80-a84db769f779/73d0e1b4-532f-45ef-b135-bfdff8b8cab9"
SECTION_NAMES = {
    "news": "أخبار",
    "politics": "سياسة",
    "ebusiness": "اقتصاد",
    "sport": "رياضة",
    "opinions": "آراء",
    "blogs": "مدونات",
    "tech": "تكنولوجيا",
}
CAPTURED = "2024-04-19T08:00:00Z"

# Linked from listings and sitemaps but absent from the mirror: the crawler must shrug off the 404s.
DEAD = [
    "/news/2024/4/10/منظمة-الصحة-العالمية-نظام-الرعاية",
    "/politics/2024/4/14/اجتماع-طارئ-لمجلس-الأمن",
    "/sport/2024/4/12/الهلال-يحسم-الديربي",
]
VIDEO_PATH = "/video/newscast/2024/4/14/نشرة-الأخبار-موجز-الظهيرة"


def path(story: Story) -> str:
    day = datetime.fromisoformat(story.published)
    return f"/{story.section}/{day.year}/{day.month}/{day.day}/{pct(story.slug)}"


def url(story: Story) -> str:
    return HOST + path(story)


def _chrome_header() -> str:
    items = "".join(
        f'<li class="menu__item"><a class="menu__link" href="/{k}/">{v}</a></li>'
        for k, v in SECTION_NAMES.items()
    )
    return (
        '<header class="site-header"><a class="site-logo" href="/">الجزيرة نت</a>'
        f'<nav class="site-header__navigation" aria-label="القائمة الرئيسية"><ul class="menu">{items}</ul></nav>'
        '<div class="site-header__live"><a href="/live/">البث المباشر</a></div>'
        '<button class="site-header__search-trigger">بحث</button></header>'
    )


def _chrome_footer() -> str:
    return (
        '<footer class="site-footer"><div class="site-footer__newsletter newsletter-signup">'
        "<h2>النشرة البريدية</h2><p>اشترك في النشرة البريدية لتصلك آخر الأخبار</p>"
        '<form><input type="email" placeholder="البريد الإلكتروني"><button>اشترك</button></form></div>'
        '<ul class="site-footer__links"><li><a href="/aboutus">من نحن</a></li><li><a href="/privacy">سياسة الخصوصية</a></li>'
        '<li><a href="/rss">آر إس إس</a></li></ul><p class="site-footer__copyright">© 2024 المركز الإعلامي</p></footer>'
    )


def _card(href: str, title: str, excerpt: str = "") -> str:
    body = f'<div class="gc__excerpt"><p>{esc(excerpt)}</p></div>' if excerpt else ""
    return (
        '<article class="gc u-clickable-card gc--type-post"><div class="gc__content"><div class="gc__header-wrap">'
        f'<h3 class="gc__title"><a class="u-clickable-card__link" href="{href}"><span>{esc(title)}</span></a></h3>'
        f"</div>{body}</div></article>"
    )


def _jsonld(story: Story) -> str:
    article: dict[str, object] = {
        "@type": "NewsArticle",
        "@id": url(story) + "#article",
        "headline": story.headline,
        "datePublished": story.published,
        "articleSection": SECTION_NAMES[story.section],
        "inLanguage": "ar",
        "mainEntityOfPage": url(story),
        "publisher": {"@type": "Organization", "name": "الجزيرة نت", "logo": HOST + "/images/logo.png"},
    }
    if story.lead:
        article["description"] = story.lead
    if story.modified:
        article["dateModified"] = story.modified
    if story.authors:
        article["author"] = [{"@type": "Person", "name": name} for name in story.authors]
    else:
        article["author"] = {"@type": "Organization", "name": "الجزيرة نت"}
    if story.image:
        article["image"] = {"@type": "ImageObject", "url": story.image.url.split("?")[0]}
    crumbs = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "الرئيسية", "item": HOST + "/"},
            {
                "@type": "ListItem",
                "position": 2,
                "name": SECTION_NAMES[story.section],
                "item": f"{HOST}/{story.section}/",
            },
        ],
    }
    page = {"@type": "WebPage", "@id": url(story), "url": url(story), "name": story.headline}
    return jsonld({"@context": "https://schema.org", "@graph": [article, page, crumbs]})


def _body(story: Story) -> str:
    out = []
    for block in story.blocks:
        if block[0] == "p":
            out.append(f"<p>{esc(block[1])}</p>")
        elif block[0] == "h2":
            out.append(f"<h2>{esc(block[1])}</h2>")
        elif block[0] == "also":
            out.append(
                '<div class="more-on"><div class="more-on__title">اقرأ أيضا</div><ul class="more-on__list">'
                f'<li class="more-on__item"><a href="{pct_path(block[2])}">{esc(block[1])}</a></li>'
                '</ul><div class="more-on__footer">list of 1 item</div></div>'
            )
    if story.source:
        out.append(f"<p>المصدر : {esc(story.source)}</p>")
    return "".join(out)


def pct_path(raw: str) -> str:
    return "/".join(pct(part) for part in raw.split("/"))


def _media(story: Story) -> str:
    if story.video:
        return (
            '<div class="article-featured-video"><div class="video-player" data-video-id="5f1c2e7a">'
            '<iframe src="https://players.brightcove.net/665003303001/default_default/index.html?videoId=6350211" '
            'title="مشغل الفيديو" allowfullscreen></iframe><p class="video-player__loading">جار تحميل الفيديو</p></div></div>'
        )
    if story.image is None:
        return ""
    img = story.image
    return (
        '<figure class="article-featured-image"><div class="responsive-image">'
        f'<img loading="lazy" src="{esc(img.url.removeprefix(HOST))}" alt="{esc(img.caption or "")}" '
        'width="770" height="513"></div>'
        f"<figcaption>{esc(img.caption or '')} ({esc(img.credit or '')})</figcaption></figure>"
    )


def article_html(story: Story, related: list[Story]) -> str:
    day = datetime.fromisoformat(story.published)
    shown = f"{day.day}/{day.month}/{day.year}"
    meta_desc = f'<meta name="description" content="{esc(story.lead)}">' if story.lead else ""
    og_desc = f'<meta property="og:description" content="{esc(story.lead)}">' if story.lead else ""
    og_image = story.image.url.split("?")[0] if story.image else HOST + "/images/aj-share.png"
    subhead = f'<p class="article__subhead"><em>{esc(story.lead)}</em></p>' if story.lead else ""
    authors = "".join(
        f'<div class="article-author-name-item"><span class="author"><a class="author-link" href="/author/{pct(n.replace(" ", "_"))}">'
        f"{esc(n)}</a></span></div>"
        for n in story.authors
    )
    author_block = (
        f'<div class="article-author"><div class="article-author-name">{authors}</div></div>'
        if authors
        else ""
    )
    tags = "".join(
        f'<li><a class="tag-link" href="/tag/{pct(t.replace(" ", "-"))}/">{esc(t)}</a></li>'
        for t in story.tags
    )
    disclaimer = (
        '<div class="article-disclaimer"><p>الآراء الواردة في المقال لا تعكس بالضرورة الموقف التحريري لشبكة الجزيرة.</p></div>'
        if story.extra.get("disclaimer")
        else ""
    )
    more = "".join(_card(path(r), r.headline) for r in related)
    section_name = SECTION_NAMES[story.section]
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{esc(story.headline)} | الجزيرة نت</title>
{meta_desc}
<meta property="og:title" content="{esc(story.headline)}">{og_desc}
<meta property="og:image" content="{og_image}">
<meta property="og:type" content="article">
<link rel="canonical" href="{url(story)}">
<script type="application/ld+json">{_jsonld(story)}</script>
</head><body class="single-post">
{_chrome_header()}
<div class="container"><main id="main-content-area" class="article-main">
<div class="article-header__topics"><a class="topics__link" href="/{story.section}/">{section_name}</a></div>
<header class="article-header"><h1>{esc(story.headline)}</h1>{subhead}</header>
<div class="article-info-block">{author_block}<div class="article-dates"><div class="date-simple">
<span class="screen-reader-text">نشر في </span><span aria-hidden="true">{shown}</span></div></div>
<div class="article-share"><ul class="share-list"><li><a class="share-facebook" href="#">فيسبوك</a></li>
<li><a class="share-x" href="#">إكس</a></li><li><a class="share-whatsapp" href="#">واتساب</a></li>
<li><button class="copy-link">نسخ الرابط</button></li></ul></div></div>
{_media(story)}
<div class="wysiwyg wysiwyg--all-content css-1vkfgk0">{_body(story)}</div>
{disclaimer}
<div class="article-source-tags"><ul class="tags-list">{tags}</ul></div>
</main>
<section class="more-on-section"><h2 class="more-on-section__title">المزيد من {section_name}</h2>{more}</section>
</div>
{_chrome_footer()}
</body></html>
"""


def video_html() -> str:
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>موجز الظهيرة | الجزيرة نت</title>
<script type="application/ld+json">{jsonld({"@context": "https://schema.org", "@graph": [{"@type": "VideoObject", "name": "موجز الظهيرة", "uploadDate": "2024-04-14T12:00:00+03:00", "thumbnailUrl": HOST + "/wp-content/uploads/2024/04/newscast.jpg", "description": "موجز أخبار الظهيرة من الجزيرة"}]})}</script>
</head><body>{_chrome_header()}<main id="main-content-area"><h1>موجز الظهيرة</h1>
<div class="article-featured-video"><iframe src="https://players.brightcove.net/665003303001/default_default/index.html?videoId=6350299"></iframe></div>
<p class="video-description">موجز أخبار الظهيرة من الجزيرة</p></main>{_chrome_footer()}</body></html>
"""


def section_html(section: str, stories: list[Story], extra_links: list[tuple[str, str]]) -> str:
    cards = "".join(_card(path(s), s.headline, s.lead or "") for s in stories)
    cards += "".join(_card(href, title) for href, title in extra_links)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{SECTION_NAMES[section]} | الجزيرة نت</title>
<link rel="canonical" href="{HOST}/{section}/"></head><body>{_chrome_header()}
<main id="main-content-area"><h1 class="section-header__title">{SECTION_NAMES[section]}</h1>
<section id="news-feed-container" class="section-feed">{cards}</section>
<button class="show-more-button">عرض المزيد</button></main>{_chrome_footer()}</body></html>
"""


def feed_xml(stories: list[Story], link_for: dict[str, str]) -> str:
    items = "".join(
        f"<item><title>{esc(s.headline)}</title><link>{link_for.get(s.key, url(s))}</link>"
        f"<description>{esc(s.lead or '')}</description><pubDate>{rfc822(s.published)}</pubDate>"
        f'<guid isPermaLink="false">{url(s)}</guid></item>'
        for s in stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>الجزيرة نت</title>'
        f"<link>{HOST}/</link><description>آخر الأخبار من الجزيرة نت</description><language>ar</language>"
        f"{items}</channel></rss>\n"
    )


def day_key(story: Story) -> tuple[int, int, int]:
    day = datetime.fromisoformat(story.published)
    return day.year, day.month, day.day


def daily_sitemap_path(year: int, month: int, day: int) -> str:
    return f"/sitemap.xml?yyyy={year}&mm={month:02d}&dd={day:02d}"


def sitemap_index_xml(days: list[tuple[int, int, int]]) -> str:
    entries = "".join(f"<sitemap><loc>{esc(HOST + daily_sitemap_path(*d))}</loc></sitemap>" for d in days)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</sitemapindex>\n"
    )


def sitemap_xml(urls: list[tuple[str, str]]) -> str:
    entries = "".join(f"<url><loc>{esc(u)}</loc><lastmod>{m}</lastmod></url>" for u, m in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</urlset>\n"
    )


ROBOTS = f"User-agent: *\nDisallow: /search/\nDisallow: /wp-admin/\n\nSitemap: {HOST}/sitemap.xml\n"
