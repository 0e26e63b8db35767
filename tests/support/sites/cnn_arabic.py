"""CNN Arabic (arabic.cnn.com): whole article pages, and section fronts filled by script.

A section front is served with an empty ``ul.section-feed``; ``/static/js/section.js`` opens the OneTrust
consent dialog (a full-page layer that catches clicks), loads page 1 of the section's JSON, page 2 when
the reader scrolls to the end (IntersectionObserver), then shows a "load more" button for the rest.
Articles are plain server-rendered HTML with hashed class names next to the stable ones. The RSS
feed names only the newest stories: the others are found only through the rendered fronts.

``python -m tests.support.sites.cnn_arabic`` rewrites the mirror tests/fixtures/mirrors/cnn_arabic/
and the fixtures tests/fixtures/sites/cnn_arabic/ (article pages as served; the section front as
Chromium renders it after the site's page actions, captured from the mirror).
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from email.utils import format_datetime
from typing import Any

from newsbot.mirror.server import MirrorServer
from newsbot.mirror.site import MirrorSite
from newsbot.pages.urls import url_key
from tests.support.sites.cnn_arabic_data import FIXTURE_STORIES, MIRROR_STORIES
from tests.support.sites.common import (
    HTML_UTF8,
    JSON_UTF8,
    RSS_UTF8,
    TEXT_UTF8,
    Story,
    esc,
    expected_article,
    gold_line,
    jsonld,
    robots,
    save_mirror,
    write_case,
)

SITE = "cnn_arabic"
WWW = "https://arabic.cnn.com"
CAPTURED = "2026-12-03T21:30:00Z"
JS = "application/javascript; charset=utf-8"
SECTION_NAMES = {
    "middle-east": "الشرق الأوسط",
    "world": "العالم",
    "business": "اقتصاد",
    "sport": "رياضة",
    "science-and-health": "علوم وصحة",
    "entertainment": "ترفيه",
    "style": "ستايل",
}
PER_PAGE = 2
IN_FEED = 2

SECTION_JS = r"""(function () {
  var feed = document.querySelector("ul.section-feed");
  var more = document.querySelector("button.load-more");
  var base = document.body.getAttribute("data-api");
  var next = 1;
  var banner = document.createElement("div");
  banner.id = "onetrust-consent-sdk";
  banner.setAttribute("style", "position:fixed;inset:0;z-index:10000;background:rgba(0,0,0,.5)");
  banner.innerHTML = '<div id="onetrust-banner-sdk" class="otFloatingRoundedCorner"><p>نستخدم ملفات ' +
    'تعريف الارتباط لتخصيص المحتوى والإعلانات وتحليل حركة الزوار.</p><button ' +
    'id="onetrust-accept-btn-handler">قبول جميع ملفات تعريف الارتباط</button></div>';
  document.body.appendChild(banner);
  document.getElementById("onetrust-accept-btn-handler").addEventListener("click", function () {
    banner.remove();
  });
  function load() {
    if (!next) { return Promise.resolve(); }
    var page = next;
    next = 0;
    return fetch(base + "/page/" + page + ".json").then(function (r) {
      return r.json();
    }).then(function (data) {
      data.items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "MbD4SLiOtG";
        li.innerHTML = '<a href="' + item.path + '"><h3 class="x9LqW2">' + item.headline +
          '</h3></a><span class="date">' + item.visible + "</span>";
        feed.appendChild(li);
      });
      next = data.next || 0;
      if (page >= 2) { more.hidden = !next; }
    });
  }
  load();
  var seen = false;
  new IntersectionObserver(function (entries) {
    if (entries[0].isIntersecting && !seen && next === 2) { seen = true; load(); }
  }).observe(document.getElementById("feed-end"));
  more.addEventListener("click", load);
})();
"""


def canonical(story: Story) -> str:
    return WWW + story.path


def full_id(story: Story) -> str:
    """No id in CNN Arabic's URLs: a key of the canonical URL stands in."""
    return f"{SITE}:{url_key(canonical(story))}"


def visible(iso: str) -> str:
    return f"{iso[8:10]}-{iso[5:7]}-{iso[:4]} {iso[11:16]}"


def _header() -> str:
    menu = list(SECTION_NAMES.items())[:4]
    links = "".join(f'<li><a href="/{key}">{esc(name)}</a></li>' for key, name in menu)
    return (
        '<header class="header"><a class="logo" href="/"><img src="/static/logo.svg" alt="CNN بالعربية"></a>'
        f'<nav><ul class="nav-list">{links}</ul></nav></header>'
    )


def _footer() -> str:
    return '<footer class="footer"><p>© 2026 Cable News Network. كل الحقوق محفوظة.</p></footer>'


def article_html(story: Story, related: list[Story]) -> str:
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "url": canonical(story),
        "headline": story.headline,
        "description": story.lead,
        "datePublished": story.published_iso,
        "dateModified": story.modified or story.published_iso,
        "author": [{"@type": "Person", "name": n} for n in story.authors]
        or {"@type": "Organization", "name": "CNN Arabic"},
        "publisher": {"@type": "Organization", "name": "CNN Arabic"},
    }
    figure = ""
    if story.image is not None:
        ld["image"] = story.image.url
        caption = f"<figcaption>{esc(story.image.caption)}</figcaption>" if story.image.caption else ""
        figure = f'<figure class="image Fh7qC0"><img src="{esc(story.image.url)}" alt="">{caption}</figure>'
    paragraphs = []
    for i, (kind, text) in enumerate(story.blocks):
        paragraphs.append(f"<{kind}>{esc(text)}</{kind}>")
        if i == 0:
            paragraphs.append('<div class="ad-slot-inline" id="div-gpt-ad-inarticle"></div>')
    author = "".join(f'<span class="author">{esc(a)}</span>' for a in story.authors)
    tags = "".join(f'<a href="/tags/{esc(t)}">{esc(t)}</a>' for t in story.tags)
    cards = "".join(f'<li><a href="{r.path}">{esc(r.headline)}</a></li>' for r in related)
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{esc(story.headline)} - CNN Arabic</title>"
        f'<meta name="description" content="{esc(story.lead or "")}">'
        f'<meta property="og:title" content="{esc(story.headline)}">'
        f'<link rel="canonical" href="{canonical(story)}">{jsonld(ld)}</head><body>{_header()}'
        f'<main><article class="article weptVpoutA-wrap"><h1 class="title Yq0rK1">{esc(story.headline)}</h1>'
        f'<div class="byline">{author}<time datetime="{story.published_iso}">'
        f"{visible(story.published_iso)}</time></div>{figure}"
        f'<div class="clearfix article-body wysiwyg weptVpoutA">{"".join(paragraphs)}</div>'
        f'<div class="tags">{tags}</div>'
        f'<div class="related-stories"><h3>اقرأ أيضا</h3><ul>{cards}</ul></div></article></main>'
        f"{_footer()}</body></html>\n"
    )


def section_html(section: str | None) -> str:
    title = SECTION_NAMES[section] if section else "CNN بالعربية"
    api = f"/api/v1/sections/{section or 'home'}"
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{esc(title)} - CNN Arabic</title>"
        '<script async src="https://cdn.cookielaw.org/scripttemplates/otSDKStub.js"></script></head>'
        f'<body data-api="{api}">{_header()}<main><h1 class="section-title">{esc(title)}</h1>'
        # The lead promo fills the first screen: the end of the list is out of view until scrolled to.
        '<div class="promo-hero" style="min-height:1600px"></div>'
        '<ul class="section-feed"></ul><div id="feed-end"></div>'
        '<button class="load-more" hidden>المزيد</button></main>'
        f'{_footer()}<script src="/static/js/section.js" defer></script></body></html>\n'
    )


def pages_json(stories: list[Story]) -> list[str]:
    chunks = [stories[i : i + PER_PAGE] for i in range(0, len(stories), PER_PAGE)] or [[]]
    out = []
    for number, chunk in enumerate(chunks, start=1):
        items = [{"path": s.path, "headline": s.headline, "visible": visible(s.published_iso)} for s in chunk]
        nxt = number + 1 if number < len(chunks) else None
        out.append(json.dumps({"items": items, "next": nxt}, ensure_ascii=False))
    return out


def rss(stories: list[Story]) -> str:
    items = "".join(
        f"<item><title>{esc(s.headline)}</title><link>{canonical(s)}</link>"
        f"<description>{esc(s.lead or '')}</description>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(s.published_iso))}</pubDate>"
        f"<guid>{canonical(s)}</guid></item>\n"
        for s in stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>CNN Arabic</title>'
        f"<link>{WWW}</link><description>آخر الأخبار</description>\n{items}</channel></rss>\n"
    )


def stories() -> list[Story]:
    return sorted([*FIXTURE_STORIES, *MIRROR_STORIES], key=lambda s: s.published_iso, reverse=True)


def build() -> MirrorSite:
    everything = stories()
    site = MirrorSite()
    gold = []
    for i, story in enumerate(everything):
        related = [everything[(i + 3) % len(everything)]]
        site.add(story.path, article_html(story, related), HTML_UTF8)
        gold.append(gold_line(story, canonical(story), full_id(story)))
    site.add("/static/js/section.js", SECTION_JS, JS)
    site.add("/api/v1/rss/rss.xml", rss(everything[:IN_FEED]), RSS_UTF8)
    for section in (None, *SECTION_NAMES):
        site.add(f"/{section or ''}", section_html(section), HTML_UTF8)
        members = [s for s in everything if s.section == section]
        # Fronts without a story of their own (and the home page) list the newest stories of the site.
        members = members or everything[:2]
        for number, page in enumerate(pages_json(members), start=1):
            site.add(f"/api/v1/sections/{section or 'home'}/page/{number}.json", page, JSON_UTF8)
    site.add("/robots.txt", robots([], ("/search",)), TEXT_UTF8)
    save_mirror(SITE, site, gold)
    return site


async def capture_front(site: MirrorSite, path: str) -> str:
    """A section front as Chromium shows it after the site's page actions, served from the mirror."""
    from playwright.async_api import async_playwright
    from scrapy import Request

    from newsbot.render.chromium import FLAGS, find_chromium
    from newsbot.render.routes import PageRoutes
    from newsbot.sites.cnn_arabic import PROFILE

    assert PROFILE.render is not None
    with MirrorServer(site) as server:
        routes = PageRoutes.build(PROFILE.all_hosts, server.url, None, 30)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=find_chromium(), args=list(FLAGS))
            page = await browser.new_page()
            await routes.attach(page, Request(WWW + path))
            await page.goto(server.url + path)
            for action in PROFILE.render.actions_for("section"):
                await action.run(page)
            html = await page.content()
            await browser.close()
    return html


def write_fixtures(site: MirrorSite) -> None:
    everything = stories()
    for story in FIXTURE_STORIES:
        url = canonical(story)
        related = [everything[(everything.index(story) + 3) % len(everything)]]
        expected = expected_article(story, SITE, url, url, CAPTURED, full_id(story))
        expected["date_modified"] = story.modified or story.published_iso
        write_case(
            SITE,
            "articles",
            story.case,
            url=url,
            body=article_html(story, related),
            page_name="page.html",
            content_type=HTML_UTF8,
            captured_at=CAPTURED,
            expected=expected,
        )
    front = [s for s in everything if s.section == "middle-east"]
    write_case(
        SITE,
        "listings",
        "middle-east-front-rendered",
        url=WWW + "/middle-east",
        body=asyncio.run(capture_front(site, "/middle-east")),
        page_name="page.html",
        content_type=HTML_UTF8,
        captured_at=CAPTURED,
        expected={"article_urls": [canonical(s) for s in front]},
    )


if __name__ == "__main__":
    write_fixtures(build())
