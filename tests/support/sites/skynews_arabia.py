# ruff: noqa: E501  (one-line markup reads better unwrapped)
"""Sky News Arabia (skynewsarabia.com) renderer: server-rendered article pages, the JSON API (``latest.json``
pages chained by ``nextPageToken``, per-article ``article/<id>.json``), RSS with legacy ``/web/article/`` links,
section fronts, a video page, and the mirror.

``python -m tests.support.sites.skynews_arabia`` rewrites the fixtures and the mirror.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Any

from newsbot.mirror.site import MirrorSite
from tests.support.sites._common import (
    HTML,
    JSON,
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
from tests.support.sites.skynews_arabia_data import STORIES

SITE = "skynews_arabia"
HOST = "https://www.skynewsarabia.com"
API = "https://api.skynewsarabia.com"
CAPTURED = "2024-04-19T09:00:00Z"
SECTIONS = {
    "middle-east": "الشرق الأوسط",
    "world": "العالم",
    "business": "اقتصاد",
    "sport": "رياضة",
    "technology": "تكنولوجيا",
    "varieties": "منوعات",
}
PAGE_SIZE = 5
VIDEO = "/video/1706999-%D9%81%D9%8A%D8%AF%D9%8A%D9%88-%D9%84%D8%AD%D8%B8%D8%A9-%D8%A7%D9%84%D8%A7%D8%B9%D8%AA%D8%B1%D8%A7%D8%B6"
DEAD = ["/world/1706288-" + pct("مجلس-الأمن-جلسة-طارئة"), "/middle-east/1704001-" + pct("خبر-محذوف")]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]


def sid(story: Story) -> str:
    return str(story.extra["id"])


def path(story: Story) -> str:
    return f"/{story.section}/{sid(story)}-{pct(story.slug)}"


def url(story: Story) -> str:
    return HOST + path(story)


def legacy_path(story: Story) -> str:
    return f"/web/article/{sid(story)}/{pct(story.slug)}"


def utc_z(value: str) -> str:
    return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def shown(value: str) -> str:
    day = datetime.fromisoformat(value)
    hour = day.hour % 12 or 12
    half = "صباحا" if day.hour < 12 else "مساء"
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year} - {hour}:{day.minute:02d} {half} (بتوقيت أبوظبي)"


def api_item(story: Story) -> dict[str, Any]:
    asset: dict[str, Any] = (
        {
            "type": "IMAGE",
            "imageUrl": story.image.url.replace("1280x720", "{width}x{height}"),
            "caption": story.image.caption,
        }
        if story.image
        else {}
    )
    return {
        "id": sid(story),
        "type": "ARTICLE",
        "headline": story.headline,
        "summary": story.lead or "",
        "urlFriendlySuffix": story.slug,
        "date": utc_z(story.published),
        "updatedDate": utc_z(story.modified or story.published),
        "section": {
            "id": story.extra["section_id"],
            "name": SECTIONS[story.section],
            "urlFriendlySuffix": story.section,
        },
        "mediaAsset": asset,
        "topics": [{"name": t} for t in story.tags],
    }


def article_json(story: Story) -> dict[str, Any]:
    """``/web/rest/v2/article/<id>.json``: the listing item plus the body HTML and its source line."""
    doc = api_item(story)
    doc["body"] = _body_html(story)
    doc["source"] = story.source or ""
    return doc


def _body_html(story: Story) -> str:
    out = []
    for block in story.blocks:
        if block[0] == "p":
            out.append(f"<p>{esc(block[1])}</p>")
        elif block[0] == "h2":
            out.append(f"<h2>{esc(block[1])}</h2>")
        elif block[0] == "also":
            href = "/".join(pct(x) for x in block[2].split("/"))
            out.append(
                f'<div class="inline-related"><span class="inline-related__label">اقرأ أيضا</span><a href="{href}">{esc(block[1])}</a></div>'
            )
    return "".join(out)


def _header() -> str:
    items = "".join(f'<li><a href="/{k}">{v}</a></li>' for k, v in SECTIONS.items())
    return (
        '<header class="sna-header"><a class="logo" href="/">سكاي نيوز عربية</a>'
        f'<nav class="main-menu"><ul>{items}<li><a href="/livestream">البث المباشر</a></li></ul></nav>'
        '<div class="breaking-news-ticker"><span>عاجل</span></div></header>'
    )


def _footer() -> str:
    return (
        '<footer class="sna-footer"><div class="app-download">حمل تطبيق سكاي نيوز عربية</div>'
        '<ul><li><a href="/about-us">من نحن</a></li><li><a href="/privacy-policy">سياسة الخصوصية</a></li>'
        '<li><a href="/web/rss">RSS</a></li></ul><p>جميع الحقوق محفوظة © سكاي نيوز عربية 2024</p></footer>'
    )


def _ld(story: Story) -> str:
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url(story)},
        "headline": story.headline,
        "datePublished": story.published,
        "dateModified": story.modified or story.published,
        "author": {"@type": "Organization", "name": "سكاي نيوز عربية"},
        "publisher": {
            "@type": "Organization",
            "name": "سكاي نيوز عربية",
            "logo": {"@type": "ImageObject", "url": HOST + "/images/logo.png"},
        },
        "keywords": ",".join(story.tags),
        "articleSection": SECTIONS[story.section],
    }
    if story.lead:
        doc["description"] = story.lead
    if story.image:
        doc["image"] = {"@type": "ImageObject", "url": story.image.url, "width": 1280, "height": 720}
    return jsonld(doc)


def article_html(story: Story, related: list[Story]) -> str:
    figure = ""
    if story.image:
        credit = f'<span class="image-credit">{esc(story.image.credit)}</span>' if story.image.credit else ""
        figure = f'<figure class="article-main-image"><img src="{story.image.url}" alt="{esc(story.image.caption or "")}"><figcaption><span class="image-caption">{esc(story.image.caption or "")}</span>{credit}</figcaption></figure>'
    summary = f'<div class="article-summary"><h2>{esc(story.lead)}</h2></div>' if story.lead else ""
    tags = "".join(f'<a href="/topic/{pct(t.replace(" ", "-"))}"><h2>{esc(t)}</h2></a>' for t in story.tags)
    cards = "".join(
        f'<li><a class="related-card" href="{path(r)}">{esc(r.headline)}</a></li>' for r in related
    )
    desc = esc(story.lead or "")
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{esc(story.headline)} | سكاي نيوز عربية</title>
<meta name="description" content="{desc}"><meta property="og:title" content="{esc(story.headline)}"><meta property="og:description" content="{desc}">
<meta property="og:image" content="{story.image.url if story.image else HOST + "/images/sna-share.png"}">
<meta property="article:published_time" content="{story.published}">
<link rel="canonical" href="{url(story)}"><script type="application/ld+json">{_ld(story)}</script></head>
<body><sna-root>{_header()}
<main class="article-page"><div class="breadcrumbs"><a href="/">الرئيسية</a> / <a href="/{story.section}">{SECTIONS[story.section]}</a></div>
<article class="article-content"><h1 class="sna_content_heading">{esc(story.headline)}</h1>{summary}
<div class="article-info"><span class="article-source">{esc(story.source or "")}</span>
<time class="article-date" datetime="{story.published}">{shown(story.published)}</time></div>
<div class="share-bar"><a class="share-facebook" href="#">فيسبوك</a><a class="share-x" href="#">إكس</a><a class="share-whatsapp" href="#">واتساب</a></div>
{figure}<div class="article-body"><div id="firstBodyDiv">{_body_html(story)}</div></div>
<div class="article-tags">{tags}</div></article>
<aside class="related-articles"><h3>مواضيع ذات صلة</h3><ul>{cards}</ul></aside>
<div class="newsletter-box"><h3>النشرة الإخبارية</h3><p>اشترك في النشرة الإخبارية لسكاي نيوز عربية</p></div></main>
{_footer()}</sna-root></body></html>
"""


def video_html() -> str:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>فيديو.. لحظة الاعتراض | سكاي نيوز عربية</title>
<script type="application/ld+json">{jsonld({"@context": "https://schema.org", "@type": "VideoObject", "name": "فيديو.. لحظة الاعتراض", "uploadDate": "2024-04-14T09:00:00+04:00", "thumbnailUrl": IMG_VIDEO})}</script></head>
<body><sna-root>{_header()}<main class="video-page"><h1 class="sna_content_heading">فيديو.. لحظة الاعتراض</h1>
<div class="video-player" data-video-id="6351234"></div><p class="video-summary">مشاهد لاعتراض صواريخ في سماء القدس.</p></main>{_footer()}</sna-root></body></html>
"""


IMG_VIDEO = "https://img.skynewsarabia.com/1280x720/web/content/images/2024/04/video-intercept.jpg"


def section_html(section: str, members: list[Story], extra: list[tuple[str, str]]) -> str:
    cards = "".join(
        f'<div class="news-item"><a class="item-link" href="{path(s)}"><h3>{esc(s.headline)}</h3></a><span class="item-date">{esc(shown(s.published))}</span></div>'
        for s in members
    )
    cards += "".join(
        f'<div class="news-item"><a class="item-link" href="{h}"><h3>{esc(t)}</h3></a></div>'
        for h, t in extra
    )
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{SECTIONS[section]} | سكاي نيوز عربية</title></head>
<body><sna-root>{_header()}<main class="section-page"><h1>{SECTIONS[section]}</h1><div class="news-list">{cards}</div>
<button class="load-more">المزيد</button></main>{_footer()}</sna-root></body></html>
"""


def latest_path(token: str | None, section_id: int = 2) -> str:
    token_part = f"&nextPageToken={token}" if token else ""
    return f"/rest/v2/latest.json?defaultSectionId={section_id}{token_part}&pageSize=20&types=ARTICLE"


def latest_pages() -> list[tuple[str, dict[str, Any]]]:
    """(request path, JSON) per page, newest first; each page names the token of the next, the last none."""
    ordered = sorted(STORIES, key=lambda s: s.published, reverse=True)
    chunks = [ordered[i : i + PAGE_SIZE] for i in range(0, len(ordered), PAGE_SIZE)] + [[]]
    pages = []
    token: str | None = None
    for n, chunk in enumerate(chunks):
        items = [api_item(s) for s in chunk]
        if n == 0:
            items.insert(
                2,
                {
                    "id": "1706999",
                    "type": "VIDEO",
                    "headline": "فيديو.. لحظة الاعتراض",
                    "urlFriendlySuffix": "فيديو-لحظة-الاعتراض",
                    "date": "2024-04-14T05:00:00Z",
                    "section": {"id": 12, "name": "فيديو", "urlFriendlySuffix": "video"},
                },
            )
        if n == 1:
            items.append(
                {
                    "id": "1704001",
                    "type": "ARTICLE",
                    "headline": "خبر محذوف",
                    "urlFriendlySuffix": "خبر-محذوف",
                    "date": "2024-04-09T05:00:00Z",
                    "section": {"id": 2, "name": "الشرق الأوسط", "urlFriendlySuffix": "middle-east"},
                }
            )
        nxt = None
        if chunk and n + 1 < len(chunks):
            nxt = str(int(datetime.fromisoformat(chunk[-1].published).timestamp() * 1000))
        doc: dict[str, Any] = {"contentItems": items, "nextPageToken": nxt}
        pages.append((latest_path(token), doc))
        token = nxt
    return pages


def feed_xml(stories: list[Story]) -> str:
    items = "".join(
        f"<item><title>{esc(s.headline)}</title><link>{HOST}{legacy_path(s)}</link><description>{esc(s.lead or '')}</description>"
        f"<pubDate>{rfc822(s.published)}</pubDate><guid>{HOST}{legacy_path(s)}</guid></item>"
        for s in stories
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>سكاي نيوز عربية</title><link>{HOST}</link><description>آخر الأخبار</description>{items}</channel></rss>\n'


def sitemap_xml(entries: list[str]) -> str:
    body = "".join(f"<url><loc>{u}</loc></url>" for u in entries)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>\n'


ROBOTS = f"User-agent: *\nDisallow: /search\n\nSitemap: {HOST}/sitemap.xml\n"


def _by_key(key: str) -> Story:
    return next(s for s in STORIES if s.key == key)


def _related(story: Story) -> list[Story]:
    return [s for s in STORIES if s.section == story.section and s.key != story.key][:3]


def _api_urls(doc: dict[str, Any]) -> tuple[list[str], list[str]]:
    articles: list[str] = []
    others: list[str] = []
    for item in doc["contentItems"]:
        link = f"{HOST}/{item['section']['urlFriendlySuffix']}/{item['id']}-{pct(item['urlFriendlySuffix'])}"
        (articles if item["type"] == "ARTICLE" else others).append(link)
    return articles, others


def build() -> MirrorSite:
    site = MirrorSite()
    for story in STORIES:
        site.add(path(story), article_html(story, _related(story)), HTML)
        site.redirect(legacy_path(story), url(story))
        site.add(
            f"{API}/web/rest/v2/article/{sid(story)}.json",
            json.dumps(article_json(story), ensure_ascii=False),
            JSON,
        )
    for target, doc in latest_pages():
        site.add(API + target, json.dumps(doc, ensure_ascii=False), JSON)
    ordered = sorted(STORIES, key=lambda s: s.published, reverse=True)
    site.add("/web/rss", feed_xml(ordered[:10]), RSS)
    site.add("/robots.txt", ROBOTS, TEXT)
    site.add("/sitemap.xml", sitemap_xml([url(s) for s in ordered] + [HOST + VIDEO, HOST + DEAD[1]]), XML)
    site.add(VIDEO, video_html(), HTML)
    for section in SECTIONS:
        members = [s for s in STORIES if s.section == section]
        extra = (
            [(VIDEO, "فيديو.. لحظة الاعتراض"), (DEAD[0], "مجلس الأمن يعقد جلسة طارئة")]
            if section == "middle-east"
            else []
        )
        if section == "business":
            extra = [(path(members[0]) + "?utm_source=homepage&utm_medium=card", members[0].headline)]
        site.add(f"/{section}", section_html(section, members, extra), HTML)
    site.add("/", section_html("middle-east", ordered[:6], [(f"/{k}", v) for k, v in SECTIONS.items()]), HTML)
    return site


def gold() -> list[str]:
    return [gold_line(s, url(s), f"{SITE}:{sid(s)}") for s in STORIES]


def _article_case(case: str, key: str, fetched: str | None = None) -> None:
    story = _by_key(key)
    fetched_url = fetched or url(story)
    expected = expected_article(
        site=SITE, story=story, url=fetched_url, canonical=url(story), article_id=f"{SITE}:{sid(story)}",
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
    _article_case("read-also-insert-modified", "iran-attack")
    _article_case("subheadings-no-lead", "sudan-anniversary")
    _article_case("no-image", "tech-no-image")
    _article_case("caption-without-credit", "uae-rain")
    _article_case(
        "business-subheads-utm",
        "oil-business",
        url(_by_key("oil-business")) + "?utm_source=homepage&utm_medium=card",
    )
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
    members = [s for s in STORIES if s.section == "middle-east"]
    write_case(
        SITE,
        "non_articles",
        "section-front-middle-east",
        url=HOST + "/middle-east",
        body=section_html("middle-east", members, []),
        content_type=HTML,
        captured_at=CAPTURED,
        expected={"article": False},
    )
    pages = latest_pages()
    for n, name in (
        (0, "latest-first-page"),
        (1, "latest-page-2-dead-item"),
        (len(pages) - 1, "latest-last-page-empty"),
    ):
        target, doc = pages[n]
        articles, _ = _api_urls(doc)
        nxt = API + latest_path(doc["nextPageToken"]) if doc["nextPageToken"] else None
        write_case(
            SITE, "api", name, url=API + target, body=json.dumps(doc, ensure_ascii=False, indent=1), content_type=JSON,
            captured_at=CAPTURED, page_name="page.json", expected={"article_urls": articles, "next_page": nxt},
        )  # fmt: skip
    ordered = sorted(STORIES, key=lambda s: s.published, reverse=True)
    write_case(
        SITE, "feeds", "web-rss-legacy-links", url=HOST + "/web/rss", body=feed_xml(ordered[:10]), content_type=RSS,
        captured_at=CAPTURED, page_name="page.xml", expected={"article_urls": [HOST + legacy_path(s) for s in ordered[:10]], "other_urls": []},
    )  # fmt: skip
    # The feed's own links are the legacy form: which section they redirect to is not in the feed.


def main(argv: list[str]) -> int:
    if "--no-fixtures" not in argv:
        write_fixtures()
    folder = save_mirror(build(), SITE, gold())
    print(f"{SITE}: {len(STORIES)} stories, mirror in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
