"""DW Arabic (dw.com/ar): article pages, graph-api JSON, RDF/RSS feeds, sitemaps, section fronts.

``python -m tests.support.sites.dw_arabic`` rewrites the fixtures under tests/fixtures/sites/dw_arabic/
and the mirror tests/fixtures/mirrors/dw_arabic/ from the stories in dw_arabic_data.py.
"""

from __future__ import annotations

import json
from typing import Any

from newsbot.mirror.site import MirrorSite
from tests.support.sites.common import (
    HTML_UTF8,
    JSON_UTF8,
    TEXT_UTF8,
    XML_UTF8,
    Story,
    esc,
    expected_article,
    gold_line,
    jsonld,
    pct,
    robots,
    save_mirror,
    sitemap_index,
    urlset,
    write_case,
)
from tests.support.sites.dw_arabic_data import DEAD, FIXTURE_STORIES, LIVE, MIRROR_STORIES, VIDEO

SITE = "dw_arabic"
WWW = "https://www.dw.com"
MACA = "maca=ar-rss-ar-all-1719-rdf"
CAPTURED = "2026-12-03T15:00:00Z"
HOME = "/ar/الرئيسية/s-9106"
SECTIONS = (("/ar/سياسة/s-59403", "سياسة"), ("/ar/اقتصاد/s-30726", "اقتصاد"))
_MONTHS = (
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
)


def indic(text: str) -> str:
    """Western digits to Arabic-Indic, as DW prints dates.

    >>> indic("2 2026")
    '٢ ٢٠٢٦'
    """
    return text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def visible_date(iso: str) -> str:
    """``2026-12-02T…`` → ``٢ ديسمبر ٢٠٢٦`` (DW shows the UTC calendar date).

    >>> visible_date("2026-12-02T14:35:00+00:00")
    '٢ ديسمبر ٢٠٢٦'
    """
    year, month, day = iso[:10].split("-")
    return indic(f"{int(day)} {_MONTHS[int(month) - 1]} {year}")


def num(story: Story) -> int:
    assert story.site_id is not None
    return int(story.site_id.removeprefix("a-"))


def canonical(story: Story) -> str:
    return WWW + pct(story.path)


def api_path(story: Story) -> str:
    return f"/graph-api/ar/content/article/{num(story)}"


def short_url(story: Story) -> str:
    return f"https://p.dw.com/p/{story.extra['short']}"


def _rich_text(story: Story) -> str:
    """The article's ``text`` HTML as DW stores it: paragraphs, subheadings, inserts, signature."""
    parts: list[str] = []
    for kind, text in story.blocks:
        if kind == "p":
            parts.append(f"<p>{esc(text)}</p>")
        elif kind == "h2":
            parts.append(f"<h2>{esc(text)}</h2>")
        elif kind == "also":
            label, _, title = text.partition(": ")
            parts.append(
                f'<p><strong>{esc(label)}: </strong><a href="/ar/{esc(title.replace(" ", "-"))}/a-74000000"'
                f' class="internal-link">{esc(title)}</a></p>'
            )
    if story.case == "api-subheads-readalso":
        # An inline photo inside the text: its caption and credit are not body text.
        parts.insert(
            3,
            '<figure class="placeholder-image"><img data-id="75011002" data-format-id="605" alt="">'
            "<figcaption>نواب في البوندستاغ خلال التصويت<small>صورة من: Kay Nietfeld/dpa</small>"
            "</figcaption></figure>",
        )
    if "signature" in story.extra:
        parts.append(f"<p>{esc(story.extra['signature'])}</p>")
    return "".join(parts)


def graph_api(story: Story) -> str:
    image = story.image
    content: dict[str, Any] = {
        "__typename": "Article",
        "id": num(story),
        "language": "ar",
        "title": story.headline,
        "name": story.headline,
        "teaser": story.lead,
        "text": _rich_text(story),
        "contentDate": story.published,
        "lastModifiedDate": story.extra.get("modified_raw", story.published),
        "namedUrl": story.path,
        "canonicalUrl": canonical(story),
        "shortUrl": short_url(story),
        "isOpinion": story.kind == "opinion",
        "firstPersonArray": [{"__typename": "Person", "fullName": name} for name in story.authors],
        "keywordStrings": list(story.tags),
        "trackingCategories": ["ar", "Arabic", "World"],
        "mainContentImageLink": None,
        "contentLinks": [],
    }
    if image is not None:
        target = int(image.url.rsplit("/", 1)[1].split("_")[0])
        link = {
            "targetId": target,
            "description": image.caption,
            "additionalInformation": image.caption,
            "target": {"licenserSupplement": image.credit},
        }
        content["mainContentImageLink"] = link
        content["contentLinks"] = [link]
    return json.dumps({"data": {"content": content}}, ensure_ascii=False, indent=1) + "\n"


_SKIP = (
    '<nav class="skip-links"><a href="#main-content">تخطي إلى المحتوى</a>'
    '<a href="#navigation">تخطي إلى القائمة الرئيسية</a>'
    '<a href="#footer">تخطي إلى المزيد من صفحات DW</a></nav>'
)


def _chrome_header() -> str:
    links = "".join(f'<li><a href="{pct(p)}">{esc(n)}</a></li>' for p, n in SECTIONS)
    return (
        f'{_SKIP}<header id="navigation" class="main-header"><a class="logo" href="{pct(HOME)}">DW</a>'
        f'<nav class="main-nav"><ul><li><a href="{pct(HOME)}">الرئيسية</a></li>{links}'
        '<li><a href="/ar/لاجئون-في-ألمانيا/t-38000000">لاجئون في ألمانيا</a></li></ul></nav>'
        '<a class="lang-switch" href="/en/">English</a></header>'
    )


def _chrome_footer() -> str:
    return (
        '<section class="newsletter-box"><h2>النشرة الإخبارية</h2><p>اشترك في نشرتنا البريدية لتصلك '
        "أهم الأخبار يوميا</p></section>"
        '<footer id="footer"><p>© 2026 Deutsche Welle</p><ul><li><a href="/ar/عن-dw/s-9150">عن DW</a></li>'
        '<li><a href="/ar/سياسة-الخصوصية/a-59999999">سياسة الخصوصية</a></li></ul></footer>'
    )


def article_html(story: Story, related: list[Story]) -> str:
    image = story.image
    authors = "".join(
        f'<a class="author-link" href="/ar/author/{i}">{esc(a)}</a>' for i, a in enumerate(story.authors)
    )
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.headline,
        "description": story.lead,
        "datePublished": story.published,
        "dateModified": story.extra.get("modified_raw", story.published),
        "mainEntityOfPage": canonical(story),
        "inLanguage": "ar",
        "author": [{"@type": "Person", "name": a} for a in story.authors]
        or [{"@type": "Organization", "name": "DW"}],
        "publisher": {
            "@type": "Organization",
            "name": "Deutsche Welle",
            "logo": {"@type": "ImageObject", "url": "https://static.dw.com/image/dw-logo.png"},
        },
    }
    figure = ""
    if image is not None:
        ld["image"] = [image.url]
        base = image.url.removesuffix("_605.jpg")
        figure = (
            f'<figure class="hero-image"><img src="{esc(image.url)}" srcset="{esc(base)}_401.jpg 401w, '
            f'{esc(image.url)} 605w, {esc(base)}_906.jpg 906w" alt="{esc(image.caption or "")}">'
            f'<figcaption><span class="description">{esc(image.caption or "")}</span>'
            f'<span class="credit">صورة من: {esc(image.credit or "")}</span></figcaption></figure>'
        )
    kicker = "رأي" if story.kind == "opinion" else "ألمانيا والعالم"
    cards = "".join(
        f'<div class="teaser"><a href="{pct(r.path)}"><h3>{esc(r.headline)}</h3></a></div>' for r in related
    )
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{esc(story.headline)} – DW – {story.published_iso[:10]}</title>"
        f'<link rel="canonical" href="{canonical(story)}">'
        f'<meta name="description" content="{esc(story.lead or "")}">'
        f'<meta property="og:title" content="{esc(story.headline)}">'
        f'<meta property="og:image" content="{esc(image.url if image else "https://static.dw.com/image/dw-og.png")}">'
        f"{jsonld(ld)}</head><body>{_chrome_header()}"
        f'<main id="main-content"><article class="article"><div class="content-area">'
        f'<span class="kicker">{kicker}</span><h1>{esc(story.headline)}</h1>'
        f'<div class="author-details">{authors}</div>'
        f'<span class="publication-date"><time datetime="{story.published}">'
        f"{visible_date(story.published_iso)}</time></span>"
        f'<p class="teaser-text">{esc(story.lead or "")}</p>'
        f'<div class="share-bar"><a class="short-url" href="{short_url(story)}">{short_url(story)}</a>'
        '<button>شارك</button><a href="https://www.facebook.com/dw.arabic">فيسبوك</a></div>'
        f'{figure}<div class="rich-text">{_rich_text(story)}</div>'
        "</div></article>"
        f'<section class="related-content"><h2>المزيد من DW</h2>{cards}</section></main>'
        f"{_chrome_footer()}</body></html>\n"
    )


def video_html() -> str:
    path, title = VIDEO
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{esc(title)} – DW</title>"
        f'<link rel="canonical" href="{WWW}{pct(path)}"><meta property="og:type" content="video.other">'
        f'</head><body>{_chrome_header()}<main id="main-content"><div class="video-player">'
        '<video data-posterurl="https://static.dw.com/image/75015998_605.jpg" controls>'
        '<source src="https://hlsvod.dw.com/i/video/2026/ar/ar_mitte_75015999.mp4"></video></div>'
        f'<h1>{esc(title)}</h1><p class="teaser-text">جولة مصورة لمدة دقيقتين.</p></main>'
        f"{_chrome_footer()}</body></html>\n"
    )


def section_html(title: str, stories: list[Story], extras: list[tuple[str, str]]) -> str:
    """A section front: teaser cards, some pointing to videos, live blogs and removed articles."""
    cards = [(pct(s.path), s.headline, s.lead or "") for s in stories] + [(pct(p), t, "") for p, t in extras]
    if cards:
        # The old mobile host still turns up in links: the same article under a second URL.
        first = cards[0]
        cards.append(("https://m.dw.com" + first[0], first[1], ""))
    body = "".join(
        f'<div class="teaser"><a class="teaser-wrap" href="{p}"><h3>{esc(t)}</h3></a>'
        f'<p class="teaser-description">{esc(d)}</p></div>'
        for p, t, d in cards
    )
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{esc(title)} | DW</title></head><body>{_chrome_header()}"
        f'<main id="main-content"><h1 class="section-title">{esc(title)}</h1>'
        f'<div class="content-block">{body}</div></main>{_chrome_footer()}</body></html>\n'
    )


def rdf_feed(stories: list[Story], extras: list[tuple[str, str, str]]) -> str:
    """``rss.dw.com/rdf/rss-ar-all``: RSS 1.0 with ``?maca=`` on every link and ``dwsyn:contentID``."""
    entries = [
        (s.path, s.headline, s.lead or "", s.published.replace(".000", ""), str(num(s)), "Article")
        for s in stories
    ]
    entries += [(p, t, "", "2026-12-03T06:00:00Z", p.rsplit("-", 1)[1], kind) for p, t, kind in extras]
    seq = "".join(f'<rdf:li rdf:resource="{WWW}{esc(pct(p))}?{MACA}"/>' for p, *_ in entries)
    items = "".join(
        f'<item rdf:about="{WWW}{esc(pct(p))}?{MACA}"><title>{esc(t)}</title>'
        f"<link>{WWW}{esc(pct(p))}?{MACA}</link><description>{esc(d)}</description>"
        f"<dc:date>{date}</dc:date><dc:language>ar</dc:language>"
        f"<dwsyn:contentID>{cid}</dwsyn:contentID><dwsyn:contentType>{kind}</dwsyn:contentType></item>\n"
        for p, t, d, date, cid, kind in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dwsyn="http://rss.dw.com/syndication/dwsyn/">\n'
        f'<channel rdf:about="{WWW}/ar/"><title>DW | عربي</title><link>{WWW}/ar/</link>'
        f"<description>أخبار DW عربية</description><items><rdf:Seq>{seq}</rdf:Seq></items></channel>\n"
        f"{items}</rdf:RDF>\n"
    )


def rss_feed(stories: list[Story]) -> str:
    """``rss.dw.com/xml/rss-ar-all``: the RSS 2.0 twin of the RDF feed."""
    items = "".join(
        f"<item><title>{esc(s.headline)}</title><link>{WWW}{esc(pct(s.path))}?"
        f"{MACA.replace('rdf', 'rss')}</link>"
        f'<description>{esc(s.lead or "")}</description><guid isPermaLink="false">{num(s)}</guid></item>\n'
        for s in stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>DW | عربي</title>'
        f"<link>{WWW}/ar/</link><description>أخبار DW عربية</description>\n{items}</channel></rss>\n"
    )


def _feed_extras() -> list[tuple[str, str, str]]:
    return [
        (VIDEO[0], VIDEO[1], "Video"),
        (LIVE[0], LIVE[1], "Liveblog"),
        (DEAD[0][0], DEAD[0][1], "Article"),
    ]


def write_fixtures() -> None:
    related = list(MIRROR_STORIES[:3])
    for story in FIXTURE_STORIES:
        full_id = f"{SITE}:{story.site_id}"
        if story.case.startswith("api-"):
            url = WWW + api_path(story)
            body, page, ctype = graph_api(story), "page.json", JSON_UTF8
        else:
            url = canonical(story)
            body, page, ctype = article_html(story, related), "page.html", HTML_UTF8
        expected = expected_article(story, SITE, url, canonical(story), CAPTURED, full_id)
        if not story.case.startswith("api-"):
            # The article page prints no keywords (only the graph API has them): it has no tags.
            expected["tags"] = []
        write_case(
            SITE,
            "articles",
            story.case,
            url=url,
            body=body,
            page_name=page,
            content_type=ctype,
            captured_at=CAPTURED,
            expected=expected,
        )
    no = {"article": False}
    write_case(
        SITE,
        "non_articles",
        "section-front-home",
        url=WWW + pct(HOME),
        body=section_html("الرئيسية", list(FIXTURE_STORIES[:3]), [VIDEO]),
        page_name="page.html",
        content_type=HTML_UTF8,
        captured_at=CAPTURED,
        expected=no,
    )
    write_case(
        SITE,
        "non_articles",
        "video-page",
        url=WWW + pct(VIDEO[0]),
        body=video_html(),
        page_name="page.html",
        content_type=HTML_UTF8,
        captured_at=CAPTURED,
        expected=no,
    )
    stories = list(FIXTURE_STORIES[:4])
    extras = _feed_extras()
    write_case(
        SITE,
        "feeds",
        "rdf-ar-all-maca",
        url="https://rss.dw.com/rdf/rss-ar-all",
        body=rdf_feed(stories, extras),
        page_name="page.xml",
        content_type=XML_UTF8,
        captured_at=CAPTURED,
        expected={
            "article_urls": [canonical(s) for s in stories] + [WWW + pct(DEAD[0][0])],
            "other_urls": [WWW + pct(VIDEO[0]), WWW + pct(LIVE[0])],
        },
    )
    months = _monthly_sitemaps(list(FIXTURE_STORIES) + list(MIRROR_STORIES))
    write_case(
        SITE,
        "sitemaps",
        "sitemap-index",
        url=f"{WWW}/ar/sitemap.xml",
        body=sitemap_index([(WWW + p, m) for p, m, _ in months]),
        page_name="page.xml",
        content_type=XML_UTF8,
        captured_at=CAPTURED,
        expected={"sitemaps": [WWW + p for p, _, _ in months]},
    )
    path, _, entries = months[0]
    write_case(
        SITE,
        "sitemaps",
        "sitemap-month",
        url=WWW + path,
        body=urlset(entries),
        page_name="page.xml",
        content_type=XML_UTF8,
        captured_at=CAPTURED,
        expected={
            "article_urls": [u for u, _ in entries if "/a-" in u],
            "other_urls": [u for u, _ in entries if "/a-" not in u],
        },
    )


def _monthly_sitemaps(stories: list[Story]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    by_month: dict[str, list[tuple[str, str]]] = {}
    for s in sorted(stories, key=lambda s: s.published, reverse=True):
        by_month.setdefault(s.published[:7], []).append((canonical(s), s.published.replace(".000", "")))
    by_month.setdefault("2026-12", []).append((WWW + pct(VIDEO[0]), "2026-12-03T06:00:00Z"))
    return [
        (f"/ar/sitemap/{m}.xml", entries[0][1], entries)
        for m, entries in sorted(by_month.items(), reverse=True)
    ]


def build() -> MirrorSite:
    """The mini-site: every discovery path DW has, all hosts (www, rss, p) on one path space."""
    stories = list(FIXTURE_STORIES) + list(MIRROR_STORIES)
    site = MirrorSite()
    gold = []
    for i, story in enumerate(stories):
        related = [stories[(i + k) % len(stories)] for k in (1, 2, 3)]
        site.add(story.path, article_html(story, related), HTML_UTF8)
        site.add(api_path(story), graph_api(story), JSON_UTF8)
        site.redirect(story.path + "/", canonical(story))
        site.redirect(f"/p/{story.extra['short']}", canonical(story))
        gold.append(gold_line(story, canonical(story), f"{SITE}:{story.site_id}"))
    site.add(VIDEO[0], video_html(), HTML_UTF8)
    dead = [(p, t) for p, t in DEAD]
    site.add(HOME, section_html("الرئيسية", stories[:8], [VIDEO, LIVE, dead[0]]), HTML_UTF8)
    for (path, name), chunk in zip(SECTIONS, (stories[::2], stories[1::2]), strict=True):
        site.add(path, section_html(name, chunk, [dead[1]]), HTML_UTF8)
    site.add("/rdf/rss-ar-all", rdf_feed(stories[:10], _feed_extras()), XML_UTF8)
    site.add("/xml/rss-ar-all", rss_feed(stories[2:12]), XML_UTF8)
    months = _monthly_sitemaps(stories)
    site.add("/ar/sitemap.xml", sitemap_index([(WWW + p, m) for p, m, _ in months]), XML_UTF8)
    for path, _, entries in months:
        site.add(path, urlset(entries), XML_UTF8)
    site.add("/robots.txt", robots([f"{WWW}/ar/sitemap.xml"], ("/search",)), TEXT_UTF8)
    site.redirect("/ar", WWW + pct(HOME))
    site.redirect("/ar/", WWW + pct(HOME))
    save_mirror(SITE, site, gold)
    return site


if __name__ == "__main__":
    write_fixtures()
    built = build()
    print(f"{SITE}: {len(FIXTURE_STORIES)} article fixtures, mirror of {len(built)} routes")
