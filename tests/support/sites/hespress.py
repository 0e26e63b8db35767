# ruff: noqa: E501  (one line per markup element reads closer to the served page)
"""Hespress (hespress.com, WordPress): article pages, /feed with content:encoded, category feeds and
pages, Yoast-style sitemaps, comment sections.

``python -m tests.support.sites.hespress`` rewrites tests/fixtures/sites/hespress/ and the mirror
tests/fixtures/mirrors/hespress/ from the stories in hespress_data.py.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from newsbot.mirror.site import MirrorSite
from tests.support.sites.common import (
    HTML_UTF8,
    RSS_UTF8,
    TEXT_UTF8,
    XML_UTF8,
    Story,
    esc,
    expected_article,
    gold_line,
    pct,
    robots,
    save_mirror,
    sitemap_index,
    urlset,
    write_case,
)
from tests.support.sites.hespress_data import COMMENTS, DEAD, FIXTURE_STORIES, MIRROR_STORIES

SITE = "hespress"
WWW = "https://www.hespress.com"
CAPTURED = "2026-12-03T20:00:00Z"
FOOTER_NAME = "Hespress - هسبريس جريدة إلكترونية مغربية"
SECTIONS = {
    "politique": "سياسة",
    "economie": "اقتصاد",
    "societe": "مجتمع",
    "regions": "جهات",
    "sport": "رياضة",
    "art-et-culture": "فن وثقافة",
    "opinions": "كتاب وآراء",
}


def canonical(story: Story) -> str:
    return WWW + pct(story.path)


def tag_path(tag: str) -> str:
    return f"/tag/{tag.replace(' ', '-')}"


def _header() -> str:
    items = "".join(f'<li><a href="{WWW}/{slug}">{esc(name)}</a></li>' for slug, name in SECTIONS.items())
    return (
        f'<header id="header"><div class="top-bar"><a class="logo" href="{WWW}/">هسبريس</a>'
        '<a href="https://fr.hespress.com/">Français</a><a href="https://en.hespress.com/">English</a>'
        f'</div><nav class="main-menu"><ul><li><a href="{WWW}/">الرئيسية</a></li>{items}'
        f'<li><a href="{WWW}/videos">فيديو</a></li></ul></nav></header>'
    )


def _sidebar(latest: list[Story]) -> str:
    rows = "".join(
        f'<li><span class="time">{s.published[11:16]}</span> <a href="{canonical(s)}">{esc(s.headline)}</a></li>'
        for s in latest
    )
    rows += f'<li><span class="time">07:02</span> <a href="{WWW}{pct(DEAD[1][0])}">{esc(DEAD[1][1])}</a></li>'
    return (
        f'<aside class="sidebar"><div class="latest-news"><h3>آخر الأخبار</h3><ul>{rows}</ul></div></aside>'
    )


def _footer() -> str:
    return (
        '<footer id="footer"><div class="newsletter"><p>اشترك في النشرة البريدية لهسبريس</p></div>'
        "<p>جميع الحقوق محفوظة © هسبريس 2026</p><ul>"
        f'<li><a href="{WWW}/contact">اتصل بنا</a></li><li><a href="{WWW}/privacy">سياسة الخصوصية</a></li>'
        "</ul></footer>"
    )


def _content(story: Story, related: list[Story]) -> str:
    parts: list[str] = []
    for kind, text in story.blocks:
        if kind == "p":
            parts.append(f"<p>{esc(text)}</p>")
        elif kind == "h2":
            parts.append(f"<h2><strong>{esc(text)}</strong></h2>")
        elif kind == "also":
            label, _, title = text.partition(": ")
            parts.append(
                f'<p class="read-also"><strong>{esc(label)}: </strong>'
                f'<a href="{canonical(related[0])}">{esc(title)}</a></p>'
            )
    if story.kind == "video":
        parts.insert(
            1,
            '<figure class="wp-block-embed is-type-video is-provider-youtube"><div class="wp-block-embed__wrapper">'
            '<iframe src="https://www.youtube.com/embed/hSpR3ss0001" allowfullscreen></iframe></div></figure>',
        )
    return "".join(parts)


def _comments(story: Story) -> str:
    count = int(story.extra["comments"])
    items = "".join(
        f'<li class="comment"><div class="comment-body"><div class="comment-author"><span class="num">{i + 1}'
        f'</span> - <span class="fn">{esc(name)}</span></div><div class="comment-content"><p>{esc(text)}</p>'
        "</div></div></li>"
        for i, (name, text) in enumerate(COMMENTS[:count])
    )
    return (
        f'<div id="comments" class="comments-area"><h3 class="comments-title">تعليقات الزوار '
        f'<span class="comments-count">{count}</span></h3>'
        '<p class="comment-disclaimer">الآراء الواردة في التعليقات تعبر عن آراء أصحابها وليس عن رأي هسبريس</p>'
        f'<ol class="comment-list">{items}</ol><div id="respond" class="comment-respond"><h3>أضف تعليقك</h3>'
        '<form id="commentform"><textarea name="comment"></textarea><button>إرسال</button></form></div></div>'
    )


def _schema_graph(story: Story) -> str:
    url = canonical(story)
    article: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "isPartOf": {"@id": url},
        "headline": story.headline,
        "datePublished": story.published,
        "dateModified": story.modified or story.published,
        "mainEntityOfPage": {"@id": url},
        "publisher": {"@id": f"{WWW}/#organization"},
        "keywords": list(story.tags),
        "articleSection": [SECTIONS[str(story.section)]],
        "inLanguage": "ar",
    }
    graph: list[dict[str, Any]] = [article]
    if story.authors:
        person = f"{WWW}/#/schema/person/{story.site_id}"
        article["author"] = {"name": story.authors[0], "@id": person}
        graph.append({"@type": "Person", "@id": person, "name": story.authors[0]})
    graph.append({"@type": "WebPage", "@id": url, "url": url, "name": f"{story.headline} | هسبريس"})
    if story.image:
        article["image"] = {"@id": f"{url}#primaryimage"}
        graph.append(
            {
                "@type": "ImageObject",
                "@id": f"{url}#primaryimage",
                "url": story.image.url,
                "caption": story.image.caption or "",
            }
        )
    graph.append({"@type": "Organization", "@id": f"{WWW}/#organization", "name": "Hespress"})
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    return f'<script type="application/ld+json" class="yoast-schema-graph">{text}</script>'


def article_html(story: Story, related: list[Story], latest: list[Story]) -> str:
    image = story.image
    figure = ""
    if image is not None:
        credit = f'<span class="credit">صورة: {esc(image.credit)}</span>' if image.credit else ""
        caption = (
            f'<span class="caption-thumbnail">{esc(image.caption)}{credit}</span>' if image.caption else ""
        )
        figure = (
            f'<div class="post-thumbnail"><img src="{esc(image.url)}" class="wp-post-image" '
            f'alt="{esc(story.headline)}">{caption}</div>'
        )
    byline = f"هسبريس - {story.authors[0]}" if story.authors else "هسبريس"
    author_href = f"{WWW}/author/{story.site_id}" if story.authors else f"{WWW}/author/hespress"
    section = str(story.section)
    tags = "".join(
        f'<a href="{WWW}{pct(tag_path(t))}" class="tag_post_tag" rel="tag">{esc(t)}</a>' for t in story.tags
    )
    modified = f'<meta property="article:modified_time" content="{story.modified}">' if story.modified else ""
    return (
        '<!DOCTYPE html>\n<html dir="rtl" lang="ar"><head><meta charset="UTF-8">'
        f"<title>{esc(story.headline)} | هسبريس</title>"
        f'<meta name="description" content="{esc(story.lead or "")}">'
        f'<link rel="canonical" href="{canonical(story)}"><link rel="shortlink" href="{WWW}/?p={story.site_id}">'
        f'<meta property="og:title" content="{esc(story.headline)}">'
        f'<meta property="og:description" content="{esc(story.lead or "")}">'
        f'<meta property="og:image" content="{esc(image.url if image else WWW + "/logo-og.png")}">'
        f'<meta property="article:published_time" content="{story.published}">{modified}'
        f"{_schema_graph(story)}</head>"
        f'<body class="post-template-default single single-post postid-{story.site_id}">{_header()}'
        f'<div class="container"><main class="main-content"><ol class="breadcrumb"><li><a href="{WWW}/">'
        f'الرئيسية</a></li><li><a href="{WWW}/{section}">{esc(SECTIONS[section])}</a></li></ol>'
        f'<article id="post-{story.site_id}" class="post">'
        f'<div class="post-header"><span class="cat"><a href="{WWW}/{section}">{esc(SECTIONS[section])}</a></span>'
        f'<h1 class="post-title">{esc(story.headline)}</h1><div class="author-date">'
        f'<span class="author"><a href="{author_href}">{esc(byline)}</a></span>'
        f'<span class="date-post">{esc(story.extra["visible"])}</span></div></div>'
        f'{figure}<div class="article-content">{_content(story, related)}</div>'
        f'<div class="box-tags">{tags}</div>'
        '<div class="share-post"><a href="https://www.facebook.com/sharer.php">فيسبوك</a>'
        '<a href="https://twitter.com/share">تويتر</a><a href="whatsapp://send">واتساب</a></div>'
        f"{_comments(story)}</article></main>{_sidebar(latest)}</div>{_footer()}</body></html>\n"
    )


def listing_html(
    title: str, stories: list[Story], extras: list[tuple[str, str]], next_page: str | None
) -> str:
    """A category or tag page: ``div.card`` cards; WordPress paging ``/<category>/page/<n>``."""
    cards = "".join(
        f'<div class="col-12 col-sm-6 col-lg-4 card"><div class="card-img-top"><a href="{canonical(s)}" '
        f'title="{esc(s.headline)}"><img src="{esc(s.image.url if s.image else WWW + "/default.jpg")}" alt="">'
        f'</a></div><div class="card-body"><h3 class="card-title">{esc(s.headline)}</h3>'
        f'<small class="text-muted time">{esc(s.extra["visible"])}</small></div></div>'
        for s in stories
    )
    cards += "".join(
        f'<div class="col-12 col-sm-6 col-lg-4 card"><div class="card-img-top"><a href="{WWW}{pct(p)}" '
        f'title="{esc(t)}"><img src="{WWW}/default.jpg" alt=""></a></div></div>'
        for p, t in extras
    )
    more = (
        f'<div class="pagination"><a class="next page-numbers" href="{next_page}">التالي</a></div>'
        if next_page
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html dir="rtl" lang="ar"><head><meta charset="UTF-8">'
        f'<title>{esc(title)} | هسبريس</title></head><body class="archive category">{_header()}'
        f'<div class="container"><h1 class="page-title">{esc(title)}</h1><div id="listing" class="row">{cards}</div>'
        f"{more}</div>{_footer()}</body></html>\n"
    )


def _rfc822(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso).astimezone(UTC))


def feed(title: str, stories: list[Story], host: str = WWW) -> str:
    """WordPress RSS 2.0: full text in ``content:encoded`` with the "The post … appeared first on" footer."""
    items = []
    for s in stories:
        link = host + pct(s.path)
        footer = f'<p>The post <a href="{link}">{esc(s.headline)}</a> appeared first on <a href="{WWW}">{FOOTER_NAME}</a>.</p>'
        body = "".join(f"<p>{esc(t)}</p>" for k, t in s.blocks if k in ("p", "h2"))
        creator = s.authors[0] if s.authors else "هسبريس"
        items.append(
            f"<item><title>{esc(s.headline)}</title><link>{link}</link>"
            f"<dc:creator><![CDATA[{creator}]]></dc:creator><pubDate>{_rfc822(s.published)}</pubDate>"
            f"<category><![CDATA[{SECTIONS[str(s.section)]}]]></category>"
            f'<guid isPermaLink="false">{WWW}/?p={s.site_id}</guid>'
            f"<description><![CDATA[{s.lead} The post {s.headline} appeared first on {FOOTER_NAME}.]]></description>"
            f"<content:encoded><![CDATA[{body}{footer}]]></content:encoded>"
            f"<slash:comments>{s.extra['comments']}</slash:comments></item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">\n'
        f"<channel><title>{esc(title)}</title><link>{WWW}</link><description>جريدة إلكترونية مغربية</description>"
        f"<language>ar</language>\n{''.join(items)}</channel></rss>\n"
    )


def _answer(story: Story, url: str) -> dict[str, Any]:
    plain = dataclasses.replace(story, section=None)  # the URL carries no section
    expected = expected_article(plain, SITE, url, canonical(story), CAPTURED, f"{SITE}:{story.site_id}")
    # The Yoast graph always names dateModified (the published time when never updated), and
    # tests/fixtures/README.md reads date_modified from it.
    expected["date_modified"] = story.modified or story.published_iso
    return expected


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
            body=article_html(story, list(MIRROR_STORIES[:3]), stories[:6]),
            page_name="page.html",
            content_type=HTML_UTF8,
            captured_at=CAPTURED,
            expected=_answer(story, url),
        )
    no = {"article": False}
    politics = [s for s in stories if s.section in ("politique", "societe")]
    write_case(
        SITE,
        "non_articles",
        "category-front-societe",
        url=f"{WWW}/societe",
        body=listing_html("مجتمع", politics, [DEAD[0]], f"{WWW}/societe/page/2"),
        page_name="page.html",
        content_type=HTML_UTF8,
        captured_at=CAPTURED,
        expected=no,
    )
    write_case(
        SITE,
        "non_articles",
        "tag-page",
        url=WWW + pct(tag_path("الأرصاد الجوية")),
        body=listing_html("الأرصاد الجوية", [FIXTURE_STORIES[2]], [], None),
        page_name="page.html",
        content_type=HTML_UTF8,
        captured_at=CAPTURED,
        expected=no,
    )
    top = stories[:8]
    write_case(
        SITE,
        "feeds",
        "main-feed-content-encoded",
        url=f"{WWW}/feed",
        body=feed(FOOTER_NAME, top),
        page_name="page.xml",
        content_type=RSS_UTF8,
        captured_at=CAPTURED,
        expected={"article_urls": [canonical(s) for s in top], "other_urls": []},
    )
    write_case(
        SITE,
        "listings",
        "category-page-2",
        url=f"{WWW}/economie/page/2",
        body=listing_html("اقتصاد", [s for s in stories if s.section == "economie"], [DEAD[0]], None),
        page_name="page.html",
        content_type=HTML_UTF8,
        captured_at=CAPTURED,
        expected={
            "article_urls": [canonical(s) for s in stories if s.section == "economie"]
            + [WWW + pct(DEAD[0][0])]
        },
    )


def build() -> MirrorSite:
    """The mini-site: /feed, category feeds (one on the bare http host), category pages with paging,
    Yoast-style sitemaps, WordPress ``/?p=<id>`` shortlinks, tag pages, comment sections."""
    stories = _all()
    site = MirrorSite()
    gold = []
    for i, story in enumerate(stories):
        related = [stories[(i + k) % len(stories)] for k in (1, 2, 3)]
        site.add(story.path, article_html(story, related, stories[:6]), HTML_UTF8)
        site.redirect(f"/?p={story.site_id}", canonical(story))
        gold.append(gold_line(story, canonical(story), f"{SITE}:{story.site_id}"))
        for tag in story.tags[:1]:
            tagged = [s for s in stories if tag in s.tags]
            site.add(tag_path(tag), listing_html(tag, tagged, [], None), HTML_UTF8)
    site.add("/feed", feed(FOOTER_NAME, stories[:10]), RSS_UTF8)
    for slug, name in SECTIONS.items():
        members = [s for s in stories if s.section == slug]
        host = "http://hespress.com" if slug == "economie" else WWW
        site.add(f"/{slug}/feed", feed(f"{name} - {FOOTER_NAME}", members, host), RSS_UTF8)
        first, rest = members[:2], members[2:]
        site.add(
            f"/{slug}", listing_html(name, first, [], f"{WWW}/{slug}/page/2" if rest else None), HTML_UTF8
        )
        if rest:
            site.add(f"/{slug}/page/2", listing_html(name, rest, [DEAD[0]], None), HTML_UTF8)
    site.add(
        "/",
        listing_html("هسبريس", stories[:9], [(tag_path("مهرجان مراكش"), "مهرجان مراكش")], None),
        HTML_UTF8,
    )
    site.add("/robots.txt", robots([f"{WWW}/sitemap_index.xml"], ("/wp-admin/",)), TEXT_UTF8)
    halves = [stories[:6], stories[6:]]
    subs = [f"{WWW}/post-sitemap.xml", f"{WWW}/post-sitemap2.xml"]
    site.add(
        "/sitemap_index.xml",
        sitemap_index([(u, h[0].published) for u, h in zip(subs, halves, strict=True)]),
        XML_UTF8,
    )
    for url, half in zip(subs, halves, strict=True):
        entries = [(canonical(s), s.modified or s.published) for s in half]
        site.add(url, urlset([*entries, (WWW + pct(DEAD[0][0]), "2026-11-20T10:00:00+01:00")]), XML_UTF8)
    save_mirror(SITE, site, gold)
    return site


if __name__ == "__main__":
    write_fixtures()
    built = build()
    print(f"{SITE}: {len(FIXTURE_STORIES)} article fixtures, mirror of {len(built)} routes")
