"""Al Arabiya (alarabiya.net): a mini-site whose lists and article text exist only after its script runs.

Served pages carry the head (JSON-LD, canonical link) and an empty ``<main>``; ``/static/js/app.js``
opens a consent dialog, fetches the page's JSON from ``/api/v1/`` and writes the section cards or the
article (lead, byline, photo, body with the site's U+200E marks, an ad slot, a related box, tags).
One article is served with no charset anywhere, on purpose (Chromium would read it as windows-1252).

``python -m tests.support.sites.alarabiya`` rewrites the mirror tests/fixtures/mirrors/alarabiya/ and
the fixtures tests/fixtures/sites/alarabiya/, whose pages are captured from Chromium rendering the
mirror (what newsbot's page code receives); expected answers come from the story data.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from newsbot.mirror.server import MirrorServer
from newsbot.mirror.site import MirrorSite
from newsbot.pages.urls import url_key
from tests.support.sites.alarabiya_data import FIXTURE_STORIES, MIRROR_STORIES
from tests.support.sites.common import (
    HTML_UTF8,
    JSON_UTF8,
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

SITE = "alarabiya"
WWW = "https://www.alarabiya.net"
CAPTURED = "2026-12-03T21:00:00Z"
JS = "application/javascript; charset=utf-8"
RSS_UTF8 = "application/rss+xml; charset=utf-8"
SECTION_NAMES = {
    "arab-and-world": "العرب والعالم",
    "aswaq": "أسواق",
    "sport": "رياضة",
    "technology": "تكنولوجيا",
    "medicine-and-health": "طب وصحة",
    "culture-and-art": "ثقافة وفن",
}
#: Stories named by the Media RSS feed; the others are found only on the rendered section pages.
IN_FEED = 3
NO_CHARSET = "no-charset-served"

APP_JS = r"""(function () {
  var body = document.body;
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c];
    });
  }
  if (document.cookie.indexOf("cmp=1") < 0) {
    var overlay = document.createElement("div");
    overlay.className = "cmp-overlay";
    overlay.setAttribute("style", "position:fixed;inset:0;z-index:9999;background:rgba(0,0,0,.6)");
    overlay.innerHTML = '<div class="cmp-dialog"><p>نستخدم ملفات تعريف الارتباط لتحسين تجربتك ' +
      'وتقديم محتوى وإعلانات تناسبك. بالنقر على "موافق" فإنك توافق على استخدامها.</p>' +
      '<button class="cmp-accept">موافق</button><button class="cmp-settings">الإعدادات</button></div>';
    body.appendChild(overlay);
    overlay.querySelector(".cmp-accept").addEventListener("click", function () {
      document.cookie = "cmp=1; path=/";
      overlay.remove();
    });
  }
  function listing(data) {
    var cards = data.items.map(function (item) {
      return '<article class="card"><a class="card-link" href="' + esc(item.path) + '"><h3>' +
        esc(item.headline) + '</h3></a><time datetime="' + item.published + '">' +
        esc(item.visible) + '</time></article>';
    }).join("");
    document.getElementById("app").innerHTML = '<h1 class="section-title">' + esc(data.title) +
      '</h1><div class="latest-list">' + cards + "</div>";
  }
  function article(data) {
    var figure = data.image ? '<figure class="article_img"><img src="' + esc(data.image.url) +
      '" alt="">' + (data.image.caption ? "<figcaption>" + esc(data.image.caption) +
      "</figcaption>" : "") + "</figure>" : "";
    var tags = data.tags.map(function (tag) {
      return '<a href="/tags/' + encodeURIComponent(tag) + '">' + esc(tag) + "</a>";
    }).join("");
    document.getElementById("app").innerHTML =
      '<nav class="breadcrumb"><a href="/">الرئيسية</a><a href="/' + data.section + '">' +
      esc(data.section_name) + "</a></nav>" +
      '<article class="multi_articles"><h1 class="headline">' + esc(data.headline) + "</h1>" +
      '<p class="article-lead">' + esc(data.lead) + "</p>" +
      '<div class="article-meta"><span class="author">' + esc(data.author) + '</span><time datetime="' +
      data.published + '">' + esc(data.visible) + "</time></div>" + figure +
      '<div class="article-body">' + data.body + "</div>" +
      '<div class="share-bar"><a href="https://twitter.com/intent/tweet">شارك</a></div>' +
      '<div class="tags">' + tags + "</div></article>";
    var second = document.querySelectorAll(".article-body > p")[1];
    if (second) {
      second.insertAdjacentHTML("afterend",
        '<div class="ad-slot" id="div-gpt-ad-article-1"><span>إعلان</span></div>');
    }
  }
  fetch(body.getAttribute("data-src")).then(function (r) { return r.json(); }).then(function (data) {
    if (body.getAttribute("data-page") === "article") { article(data); } else { listing(data); }
  });
})();
"""

_LATIN_OR_NUMBER = re.compile(r"(?<![\w.])([A-Za-z][\w+&.-]*|\d[\d.,%/-]*)")


def marked(text: str) -> str:
    """The site's text: a left-to-right mark (U+200E) after each Latin word and number.

    >>> marked("بنسبة 1.8% من WFP") == "بنسبة 1.8%\u200e من WFP\u200e"
    True
    """
    return _LATIN_OR_NUMBER.sub(lambda m: m.group(1) + "\u200e", text)


def canonical(story: Story) -> str:
    return WWW + pct(story.path)


def full_id(story: Story) -> str:
    """No id in Al Arabiya's URLs: a key of the canonical URL stands in."""
    return f"{SITE}:{url_key(canonical(story))}"


def api_path(story: Story) -> str:
    return f"/api/v1/article/{story.case}.json"


def visible(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]} {iso[11:16]}"


def _ld(story: Story) -> dict[str, Any]:
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": canonical(story),
        "headline": story.headline,
        "description": story.lead,
        "datePublished": story.published_iso,
        "dateModified": story.modified or story.published_iso,
        "author": [{"@type": "Person", "name": name} for name in story.authors],
        "publisher": {"@type": "Organization", "name": "العربية"},
    }
    if story.image is not None:
        ld["image"] = story.image.url
    return ld


def page_html(data_src: str, kind: str, head: str, charset: bool = True) -> str:
    meta = '<meta charset="utf-8">' if charset else ""
    return (
        f'<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head>{meta}'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'{head}<link rel="stylesheet" href="/static/css/main.css">'
        '<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>'
        '<script async src="https://www.googletagmanager.com/gtm.js?id=GTM-XXXX"></script></head>'
        f'<body data-page="{kind}" data-src="{data_src}">'
        '<header class="site-header"><a class="logo" href="/"><img src="/static/img/logo.svg" alt="العربية">'
        '</a></header><main id="app"></main>'
        '<footer class="site-footer"><p>جميع الحقوق محفوظة © العربية 2026</p></footer>'
        '<script src="/static/js/app.js" defer></script></body></html>\n'
    )


def article_html(story: Story) -> str:
    head = (
        f"<title>{esc(story.headline)} | العربية</title>"
        f'<link rel="canonical" href="{canonical(story)}">{jsonld(_ld(story))}'
    )
    return page_html(api_path(story), "article", head, charset=story.case != NO_CHARSET)


def article_json(story: Story, related: list[Story]) -> str:
    parts = []
    for i, (kind, text) in enumerate(story.blocks):
        parts.append(f"<{kind}>{esc(marked(text))}</{kind}>")
        if i == 2 and related:
            links = "".join(f'<li><a href="{pct(r.path)}">{esc(r.headline)}</a></li>' for r in related)
            parts.append(f'<div class="related-articles"><h3>اقرأ أيضاً</h3><ul>{links}</ul></div>')
    image = story.image
    data = {
        "headline": story.headline,
        "lead": story.lead,
        "author": " و".join(story.authors),
        "published": story.published_iso,
        "visible": visible(story.published_iso),
        "section": story.section,
        "section_name": SECTION_NAMES[story.section or "arab-and-world"],
        "image": None if image is None else {"url": image.url, "caption": image.caption},
        "tags": list(story.tags),
        "body": "".join(parts),
    }
    return json.dumps(data, ensure_ascii=False)


def listing_json(title: str, stories: list[Story]) -> str:
    items = [
        {
            "path": pct(s.path),
            "headline": s.headline,
            "published": s.published_iso,
            "visible": visible(s.published_iso),
        }
        for s in stories
    ]
    return json.dumps({"title": title, "items": items}, ensure_ascii=False)


def section_html(section: str | None) -> str:
    title = SECTION_NAMES[section] if section else "العربية"
    path = f"/{section}" if section else "/"
    head = f'<title>{esc(title)} | العربية</title><link rel="canonical" href="{WWW}{path}">'
    return page_html(f"/api/v1/section/{section or 'home'}.json", "section", head)


def mrss(stories: list[Story]) -> str:
    items = "".join(
        f"<item><title>{esc(s.headline)}</title><link>{canonical(s)}</link>"
        f"<description>{esc(s.lead or '')}</description>"
        f'<pubDate>{s.published_iso}</pubDate><guid isPermaLink="true">{canonical(s)}</guid>'
        + (f'<media:content url="{esc(s.image.url)}" medium="image"/>' if s.image else "")
        + "</item>\n"
        for s in stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:media="http://search.yahoo.com/mrss/"><channel><title>العربية</title>'
        f"<link>{WWW}</link><description>آخر الأخبار</description>\n{items}</channel></rss>\n"
    )


def stories() -> list[Story]:
    return sorted([*FIXTURE_STORIES, *MIRROR_STORIES], key=lambda s: s.published_iso, reverse=True)


def build() -> MirrorSite:
    everything = stories()
    site = MirrorSite()
    gold = []
    for i, story in enumerate(everything):
        related = [everything[(i + 1) % len(everything)]]
        # The page served with no charset names none in its header either.
        kind = "text/html" if story.case == NO_CHARSET else HTML_UTF8
        site.add(story.path, article_html(story), kind)
        site.add(api_path(story), article_json(story, related), JSON_UTF8)
        gold.append(gold_line(story, canonical(story), full_id(story)))
    site.add("/static/js/app.js", APP_JS, JS)
    site.add("/static/css/main.css", "body{font-family:sans-serif}", "text/css; charset=utf-8")
    feed = [s for s in everything if s.case in {FIXTURE_STORIES[0].case, "m1", "m3"}][:IN_FEED]
    site.add("/.mrss/ar.xml", mrss(feed), RSS_UTF8)
    for section in ("arab-and-world", "aswaq"):
        # Section feeds name the section's newest story only.
        newest = [s for s in everything if s.section == section][:1]
        site.add(f"/.mrss/ar/{section}.xml", mrss(newest), RSS_UTF8)
    site.add("/", section_html(None), HTML_UTF8)
    site.add("/api/v1/section/home.json", listing_json("الأحدث", everything[:4]), JSON_UTF8)
    for section, name in SECTION_NAMES.items():
        site.add(f"/{section}", section_html(section), HTML_UTF8)
        members = [s for s in everything if s.section == section]
        site.add(f"/api/v1/section/{section}.json", listing_json(name, members), JSON_UTF8)
    site.add("/robots.txt", robots([], ("/search",)), TEXT_UTF8)
    save_mirror(SITE, site, gold)
    return site


async def capture(site: MirrorSite, paths: list[str]) -> dict[str, str]:
    """What Chromium makes of ``paths`` on the mirror, with the site's page actions and newsbot's routes."""
    from playwright.async_api import async_playwright
    from scrapy import Request

    from newsbot.render.chromium import FLAGS, find_chromium
    from newsbot.render.routes import PageRoutes
    from newsbot.sites.alarabiya import PROFILE

    assert PROFILE.render is not None
    pages: dict[str, str] = {}
    with MirrorServer(site) as server:
        routes = PageRoutes.build(PROFILE.all_hosts, server.url, None, 30)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=find_chromium(), args=list(FLAGS))
            for path in paths:
                page = await browser.new_page()
                await routes.attach(page, Request(WWW + pct(path)))
                await page.goto(server.url + pct(path))
                for action in PROFILE.render.actions_for("article"):
                    await action.run(page)
                pages[path] = await page.content()
                await page.close()
            await browser.close()
    return pages


def write_fixtures(site: MirrorSite) -> None:
    rendered = asyncio.run(capture(site, [s.path for s in FIXTURE_STORIES]))
    for story in FIXTURE_STORIES:
        url = canonical(story)
        expected = expected_article(story, SITE, url, url, CAPTURED, full_id(story))
        expected["date_modified"] = story.modified or story.published_iso
        write_case(
            SITE,
            "articles",
            story.case,
            url=url,
            body=rendered[story.path],
            page_name="page.html",
            content_type=HTML_UTF8,
            captured_at=CAPTURED,
            expected=expected,
        )


if __name__ == "__main__":
    write_fixtures(build())
