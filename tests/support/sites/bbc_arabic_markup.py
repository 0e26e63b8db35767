# ruff: noqa: E501  (one-line markup reads better unwrapped)
"""BBC News Arabic markup: the pages, feeds and sitemaps as the site serves them (used by ``bbc_arabic.py``)."""

from __future__ import annotations

import json
import zlib
from datetime import datetime
from typing import Any

from tests.support.sites._common import (
    Story,
    esc,
    jsonld,
    rfc822,
)
from tests.support.sites.bbc_arabic_data import ICHEF, STORIES

SITE = "bbc_arabic"
HOST = "https://www.bbc.com"
CAPTURED = "2024-04-21T07:30:00Z"
MONTHS = [
    "يناير/ كانون الثاني", "فبراير/ شباط", "مارس/ آذار", "أبريل/ نيسان", "مايو/ أيار", "يونيو/ حزيران",
    "يوليو/ تموز", "أغسطس/ آب", "سبتمبر/ أيلول", "أكتوبر/ تشرين الأول", "نوفمبر/ تشرين الثاني", "ديسمبر/ كانون الأول",
]  # fmt: skip
TOPIC = "c2dwqd1zr92t"
LIVE_PATH = "/arabic/live/53020504"
DEAD = ["/arabic/articles/cx1x2x3x4x5o", "/arabic/articles/cy9y8y7y6y5o"]
PERSIAN = "/persian/articles/cj5k6l7m8n9o"
TRACK = "?at_medium=RSS&at_campaign=rss"


def path(story: Story) -> str:
    return f"/arabic/articles/{story.slug}"


def url(story: Story) -> str:
    return HOST + path(story)


def epoch_ms(value: str) -> int:
    return int(datetime.fromisoformat(value).timestamp() * 1000)


def ld_date(value: str) -> str:
    """Simorgh writes JSON-LD dates as ``new Date(ms).toISOString()``: UTC with milliseconds."""
    return datetime.fromisoformat(value).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def shown_date(value: str) -> str:
    day = datetime.fromisoformat(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _text(text: str) -> dict[str, Any]:
    fragment = {"type": "fragment", "model": {"text": text, "attributes": []}}
    paragraph = {"type": "paragraph", "model": {"text": text, "blocks": [fragment]}}
    return {"type": "text", "model": {"blocks": [paragraph]}}


def _blocks(story: Story) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"type": "headline", "model": {"blocks": [_text(story.headline)]}}]
    out.append(
        {
            "type": "timestamp",
            "model": {
                "firstPublished": epoch_ms(story.published),
                "lastPublished": epoch_ms(story.modified or story.published),
            },
        }
    )
    if story.authors:
        contributors = [
            {"type": "contributor", "model": {"blocks": [
                {"type": "name", "model": {"blocks": [_text(name)]}},
                {"type": "role", "model": {"blocks": [_text(story.extra.get("role", "بي بي سي نيوز عربي"))]}},
            ]}}
            for name in story.authors
        ]  # fmt: skip
        out.append({"type": "byline", "model": {"blocks": contributors}})
    if story.video:
        meta = {
            "id": "p0hm7x2c",
            "title": story.headline,
            "format": "video",
            "imageUrl": "ichef.bbci.co.uk/images/ic/$recipe/p0hm7x5f.jpg",
            "versions": [{"versionId": "p0hm7x2g", "duration": 94}],
        }
        out.append({"type": "video", "model": {"blocks": [
            {"type": "aresMedia", "model": {"blocks": [{"type": "aresMediaMetadata", "model": meta}]}},
            {"type": "caption", "model": {"blocks": [_text("فيضانات في دبي بعد أمطار قياسية")]}},
        ]}})  # fmt: skip
    elif story.image:
        locator = story.image.url.removeprefix(ICHEF)
        raw = {
            "width": 1024,
            "height": 576,
            "locator": locator,
            "originCode": "cpsprodpb",
            "copyrightHolder": story.image.credit,
            "suitableForSyndication": True,
        }
        out.append({"type": "image", "model": {"blocks": [
            {"type": "altText", "model": {"blocks": [_text(story.image.caption or "")]}},
            {"type": "rawImage", "model": raw},
            {"type": "caption", "model": {"blocks": [_text(story.image.caption or "")]}},
        ]}})  # fmt: skip
    for block in story.blocks:
        if block[0] == "p":
            out.append(_text(block[1]))
        elif block[0] == "h2":
            out.append({"type": "subheadline", "model": {"blocks": [_text(block[1])]}})
    return out


def _promo(story: Story) -> dict[str, Any]:
    return {
        "headlines": {"seoHeadline": story.headline, "promoHeadline": story.headline},
        "locators": {"optimoUrn": f"urn:bbc:optimo:asset:{story.slug}", "canonicalUrl": url(story)},
        "summary": story.lead or "",
        "timestamp": epoch_ms(story.published),
        "type": "article",
    }


def next_data(story: Story, related: list[Story]) -> dict[str, Any]:
    topics = [{"topicId": f"c{zlib.crc32(t.encode()):010d}t", "topicName": t} for t in story.tags]
    about = [
        {"thingLabel": t, "thingUri": f"http://www.bbc.co.uk/things/{i:08d}#id", "thingType": ["Tag"]}
        for i, t in enumerate(story.tags)
    ]
    metadata = {
        "id": f"urn:bbc:ari:article:{story.slug}",
        "locators": {"optimoUrn": f"urn:bbc:optimo:asset:{story.slug}", "canonicalUrl": url(story)},
        "type": "article",
        "language": "ar",
        "firstPublished": epoch_ms(story.published),
        "lastPublished": epoch_ms(story.modified or story.published),
        "lastUpdated": epoch_ms(story.modified or story.published),
        "topics": topics,
        "tags": {"about": about, "mentions": []},
        "passport": {
            "category": {"categoryName": "News"},
            "home": "http://www.bbc.co.uk/ontologies/passport/home/Arabic",
        },
        "atiAnalytics": {
            "contentType": "article",
            "pageIdentifier": f"arabic.articles.{story.slug}.page",
            "pageTitle": story.headline,
        },
    }
    page_data = {
        "metadata": metadata,
        "content": {"model": {"blocks": _blocks(story)}},
        "promo": _promo(story),
        "relatedContent": {"groups": [{"type": "see-alsos", "promos": [_promo(r) for r in related]}]},
        "secondaryColumn": {"topStories": [_promo(r) for r in related[::-1]], "features": []},
        "mostRead": {"records": [{"id": r.slug, "promo": _promo(r)} for r in related]},
    }
    page_props = {
        "pageData": page_data,
        "service": "arabic",
        "pageType": "article",
        "status": 200,
        "id": story.slug,
        "isAmp": False,
        "pathname": path(story),
    }
    return {
        "props": {"pageProps": page_props},
        "page": "/[service]/articles/[id]",
        "query": {"service": "arabic", "id": story.slug},
        "buildId": "a1b2c3d4e5f6",
        "isFallback": False,
        "gssp": True,
        "scriptLoader": [],
    }


def _ld(story: Story) -> str:
    doc: dict[str, Any] = {
        "@context": "http://schema.org",
        "@type": "ReportageNewsArticle",
        "url": url(story),
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": "BBC News عربي",
            "logo": {
                "@type": "ImageObject",
                "url": "https://www.bbc.co.uk/news/special/2015/newsspec_10857/bbc_news_logo.png",
            },
        },
        "thumbnailUrl": story.image.url
        if story.image
        else "https://www.bbc.com/arabic/images/arabic-default.png",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url(story), "name": story.headline},
        "headline": story.headline,
        "datePublished": ld_date(story.published),
        "dateModified": ld_date(story.modified or story.published),
        "inLanguage": {"@type": "Language", "name": "Arabic", "alternateName": "ar"},
        "author": {"@type": "NewsMediaOrganization", "name": "BBC News عربي"},
    }
    if story.lead:
        doc["description"] = story.lead
    return jsonld(doc)


def _nav() -> str:
    links = [
        ("/arabic", "الرئيسية"),
        ("/arabic/topics/" + TOPIC, "الشرق الأوسط"),
        ("/arabic/topics/c4794229-7f87-43ce-ac0a-6cfcd6d3cef2", "اقتصاد"),
        ("/arabic/topics/c2lej05e1eqt", "علوم وتكنولوجيا"),
    ]
    items = "".join(
        f'<li class="bbc-r4n9xf"><a href="{h}" class="bbc-1ifs2xc">{t}</a></li>' for h, t in links
    )
    return (
        '<header role="banner" class="bbc-1d6ulp5"><a class="bbc-1z8yrq0" href="#content">تخطى إلى المحتوى</a>'
        '<a href="/arabic" class="bbc-1n11bte"><span class="bbc-1wcu3nt">BBC News, عربي</span></a>'
        f'<nav role="navigation" class="bbc-1kz5jpr"><ul role="list" class="bbc-k1q3ri">{items}</ul></nav></header>'
    )


def _footer() -> str:
    return (
        '<footer role="contentinfo" class="bbc-1r2uh3c"><a href="/arabic" class="bbc-1n11bte">BBC News, عربي</a>'
        '<ul class="bbc-1fxtbkn"><li><a href="https://www.bbc.com/arabic/institutional-49283090">لماذا يمكنك الثقة في بي بي سي</a></li>'
        '<li><a href="https://www.bbc.co.uk/usingthebbc/terms">شروط الاستخدام</a></li><li><a href="https://www.bbc.com/persian">BBC فارسی</a></li></ul>'
        '<p class="bbc-1jdq8ha">© 2024 بي بي سي. بي بي سي ليست مسؤولة عن محتوى المواقع الخارجية.</p></footer>'
    )


def _visible_body(story: Story) -> str:
    out = []
    if story.video:
        out.append(
            '<figure class="bbc-1qn0xuy"><div class="bbc-1fyfdnv" data-e2e="media-loader__container"><p class="bbc-1ka88fa">المحتوى غير متاح</p></div><figcaption class="bbc-1q2bbt6"><span class="bbc-m04vo2">التعليق على الفيديو، </span>فيضانات في دبي بعد أمطار قياسية</figcaption></figure>'
        )
    elif story.image:
        img = story.image
        out.append(
            f'<figure class="bbc-1qn0xuy"><div class="bbc-172p16q"><img alt="{esc(img.caption or "")}" src="{img.url}" srcset="{img.url.replace("/ws/800/", "/ws/240/")}.webp 240w, {img.url}.webp 800w" class="bbc-139onq" width="1024" height="576">'
            f'<p role="text" class="bbc-gcea6l"><span class="bbc-m04vo2">المصدر، </span>{esc(img.credit or "")}</p></div>'
            f'<figcaption class="bbc-1q2bbt6"><span class="bbc-m04vo2">التعليق على الصورة، </span>{esc(img.caption or "")}</figcaption></figure>'
        )
    for block in story.blocks:
        if block[0] == "p":
            out.append(
                f'<div dir="rtl" class="bbc-19j92fr"><p dir="rtl" class="bbc-hhl7in">{esc(block[1])}</p></div>'
            )
        elif block[0] == "h2":
            out.append(f'<h2 id="{esc(block[1])}" class="bbc-1jrjf5c" tabindex="-1">{esc(block[1])}</h2>')
    return "".join(out)


def article_html(story: Story, related: list[Story]) -> str:
    byline = ""
    if story.authors:
        names = "".join(
            f'<li class="bbc-1a3w4ok"><span class="bbc-1orkfs2">{esc(n)}</span></li>' for n in story.authors
        )
        byline = f'<div class="bbc-1ts1t7u" data-testid="byline"><ul class="bbc-1y0s4wz"><li class="bbc-1a3w4ok"><span class="bbc-m04vo2">الكاتب، </span></li>{names}<li class="bbc-1a3w4ok"><span class="bbc-m04vo2">Role, </span>{esc(story.extra.get("role", ""))}</li></ul></div>'
    updated = ""
    if story.modified:
        updated = f'<span class="bbc-1v1tmip">آخر تحديث {shown_date(story.modified)}</span>'
    topics = "".join(
        f'<li class="bbc-1f8xntw"><a href="/arabic/topics/{TOPIC}" class="bbc-1yqvp4q">{esc(t)}</a></li>'
        for t in story.tags
    )
    related_links = "".join(
        f'<li class="bbc-1gxn1bs"><a href="{path(r)}" class="bbc-1i4ie53">{esc(r.headline)}</a></li>'
        for r in related
    )
    desc = esc(story.lead or "")
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl" class="no-js"><head><meta charSet="utf-8"/>
<title>{esc(story.headline)} - BBC News عربي</title>
<meta name="description" content="{desc}"/><meta property="og:title" content="{esc(story.headline)}"/>
<meta property="og:description" content="{desc}"/><meta property="og:type" content="article"/>
<meta property="og:image" content="{story.image.url if story.image else "https://www.bbc.com/arabic/images/arabic-default.png"}"/>
<link rel="canonical" href="{url(story)}"/><link rel="amphtml" href="{url(story)}.amp"/>
<script type="application/ld+json">{_ld(story)}</script>
</head><body><div id="__next">
<div class="bbc-1fnb3w9"><div class="bbc-q3dvm5">Got a TV Licence?</div></div>
{_nav()}
<div class="bbc-1dhgzav"><main role="main" class="bbc-fa0wmp">
<div class="bbc-1151pbn"><h1 id="content" class="bbc-14gqcmb e1p3vdyi0" tabindex="-1">{esc(story.headline)}</h1></div>
{byline}
<div class="bbc-19j92fr"><time datetime="{datetime.fromisoformat(story.published).date().isoformat()}" class="bbc-1dafq0j">{shown_date(story.published)}</time>{updated}</div>
{_visible_body(story)}
<section class="bbc-1qjbgs1" aria-labelledby="related-topics"><h2 id="related-topics" class="bbc-1g1bq13">مواضيع ذات صلة</h2><ul class="bbc-1d8bq3w">{topics}</ul></section>
<section class="bbc-1nkt5uk" aria-labelledby="related-content-heading"><h2 id="related-content-heading">قصص ذات صلة</h2><ul>{related_links}</ul></section>
</main></div>
<section aria-labelledby="Most-Read" class="bbc-1ctg8xz"><h2 id="Most-Read">الأكثر قراءة</h2><ol>{related_links}</ol></section>
{_footer()}</div>
<script id="__NEXT_DATA__" type="application/json">{jsonld(next_data(story, related))}</script>
</body></html>
"""


def amp_html(story: Story) -> str:
    paras = "".join(
        f"<p>{esc(b[1])}</p>" if b[0] == "p" else f"<h2>{esc(b[1])}</h2>"
        for b in story.blocks
        if b[0] in ("p", "h2")
    )
    return f"""<!doctype html><html ⚡ lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{esc(story.headline)} - BBC News عربي</title><link rel="canonical" href="{url(story)}">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<script type="application/ld+json">{_ld(story)}</script></head><body>
<amp-consent id="consent" layout="nodisplay"></amp-consent>{_nav()}
<main role="main"><h1 id="content">{esc(story.headline)}</h1><time datetime="{datetime.fromisoformat(story.published).date().isoformat()}">{shown_date(story.published)}</time>{paras}</main>{_footer()}</body></html>
"""


def live_html() -> str:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charSet="utf-8"/><title>تغطية مباشرة - BBC News عربي</title>
<link rel="canonical" href="{HOST}{LIVE_PATH}"/></head><body><div id="__next">
<div class="bbc-1fnb3w9"><p>Got a TV Licence?</p><p>You need one to watch live TV on any channel or device, and BBC programmes on iPlayer. It’s the law.</p>
<a href="https://www.tvlicensing.co.uk/">Find out more</a><button>I don’t have a TV Licence.</button></div>{_nav()}
<main role="main"><h1 id="content">تغطية مباشرة</h1><p>يحررها اليوم: أحمد ماهر, سلمى عمارة و أميرة عباس</p>
<ol><li><article><time>time_stated_uk</time><h3>Post update</h3><p>نهاية التغطية المباشرة، نلقاكم غدا وكونوا بخير</p></article></li>
<li><article><time>time_stated_uk</time><h3>اعتقال 4 صيادين لاتهامهم بقتل أحد أكثر الغوريللات الجبلية شهرة في أوغندا</h3>
<p>ألقت السلطات الأوغندية القبض على 4 رجال، بتهمة قتل حيوان من الأنواع المهددة بالانقراض.</p></article></li></ol></main>{_footer()}</div>
<script id="__NEXT_DATA__" type="application/json">{json.dumps({"props": {"pageProps": {"pageType": "live", "service": "arabic", "pageData": {"metadata": {"type": "live", "language": "ar"}, "title": "تغطية مباشرة"}}}, "page": "/[service]/live/[id]"}, ensure_ascii=False)}</script></body></html>
"""


def _promo_card(href: str, title: str) -> str:
    return f'<li class="bbc-t44f9r"><div class="promo-text"><h2 class="bbc-766agx"><a href="{href}" class="bbc-uk8dsi">{esc(title)}</a></h2></div></li>'


def topic_html(page: int, stories: list[Story], extra: list[tuple[str, str]], pages: int) -> str:
    cards = "".join(_promo_card(path(s), s.headline) for s in stories) + "".join(
        _promo_card(h, t) for h, t in extra
    )
    nav = "".join(
        f'<li><a href="/arabic/topics/{TOPIC}?page={n}" aria-label="صفحة {n}">{n}</a></li>'
        if n != page
        else f'<li><span aria-current="page">{n}</span></li>'
        for n in range(1, pages + 1)
    )
    nxt = (
        f'<a href="/arabic/topics/{TOPIC}?page={page + 1}" aria-labelledby="pagination-next-page">التالي</a>'
        if page < pages
        else ""
    )
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charSet="utf-8"/><title>الشرق الأوسط - BBC News عربي</title></head>
<body><div id="__next">{_nav()}<main role="main"><h1 id="content">الشرق الأوسط</h1><ul class="bbc-1kz5jpr" role="list">{cards}</ul>
<nav aria-label="ترقيم الصفحات" class="bbc-1spja2a"><ul>{nav}</ul>{nxt}</nav></main>{_footer()}</div></body></html>
"""


def front_html(stories: list[Story]) -> str:
    cards = "".join(_promo_card(path(s), s.headline) for s in stories)
    cards += _promo_card(LIVE_PATH, "تغطية مباشرة")
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charSet="utf-8"/><title>الرئيسية - BBC News عربي</title></head>
<body><div id="__next">{_nav()}<main role="main"><h1 id="content" class="bbc-1w2ujte">BBC News, عربي - الرئيسية</h1>
<section aria-labelledby="Top-stories"><h2 id="Top-stories">أهم الأخبار</h2><ul>{cards}</ul></section></main>{_footer()}</div></body></html>
"""


def feed_xml(stories: list[Story]) -> str:
    items = "".join(
        f"<item><title><![CDATA[{s.headline}]]></title><description><![CDATA[{s.lead or ''}]]></description>"
        f'<link>{url(s)}{esc(TRACK)}</link><guid isPermaLink="false">{url(s)}#0</guid><pubDate>{rfc822(s.published).replace("+0000", "GMT")}</pubDate></item>'
        for s in stories
    )
    live = f'<item><title><![CDATA[تغطية مباشرة]]></title><link>{HOST}{LIVE_PATH}{esc(TRACK)}</link><guid isPermaLink="false">{HOST}{LIVE_PATH}#0</guid><pubDate>Sun, 21 Apr 2024 06:00:00 GMT</pubDate></item>'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:atom="http://www.w3.org/2005/Atom" version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>'
        "<title><![CDATA[BBC News عربي]]></title><description><![CDATA[BBC News عربي]]></description>"
        "<link>https://www.bbc.com/arabic</link><generator>RSS for Node</generator><language><![CDATA[ar]]></language>"
        f"{live}{items}</channel></rss>\n"
    )


SITEMAP_INDEX = "/sitemaps/https-index-com-news.xml"
SITEMAP_NEWS = "/sitemaps/https-sitemap-com-news-1.xml"
SITEMAP_NEWS_2 = "/sitemaps/https-sitemap-com-news-2.xml"


def sitemap_index_xml() -> str:
    subs = "".join(f"<sitemap><loc>{HOST}{p}</loc></sitemap>" for p in (SITEMAP_NEWS, SITEMAP_NEWS_2))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{subs}</sitemapindex>\n'


def news_sitemap_xml(entries: list[tuple[str, str, str, str]]) -> str:
    """Google News sitemap; bbc.com lists every language service in the same file."""
    urls = "".join(
        f"<url><loc>{loc}</loc><news:news><news:publication><news:name>BBC News</news:name><news:language>{lang}</news:language></news:publication>"
        f"<news:publication_date>{date}</news:publication_date><news:title>{esc(title)}</news:title></news:news></url>"
        for loc, lang, date, title in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>\n'
    )


ROBOTS = (
    "User-agent: *\nSitemap: https://www.bbc.com/sitemaps/https-index-com-news.xml\n"
    "Disallow: /cbbc/search/\nDisallow: /news/0\nDisallow: /ws/includes\nAllow: /\n"
)


def _sitemap_entries() -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str, str, str]]]:
    ordered = sorted(STORIES, key=lambda s: s.published, reverse=True)
    first = [(url(s), "ar", s.published, s.headline) for s in ordered[:7]]
    first.insert(2, (HOST + PERSIAN, "fa", "2024-04-20T10:00:00+00:00", "ایران و اسرائیل؛ آنچه می‌دانیم"))
    first.insert(
        4,
        (
            HOST + "/news/articles/c9wwd0v3z4po",
            "en",
            "2024-04-20T09:00:00+00:00",
            "What we know about the attack",
        ),
    )
    first.append((HOST + DEAD[0], "ar", "2024-04-19T12:00:00+00:00", "خبر لم يعد منشورا"))
    second = [(url(s), "ar", s.published, s.headline) for s in ordered[7:]]
    return first, second
