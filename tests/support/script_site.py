"""A news site that exists only in its script: every page is the same empty shell, and the script reads the
path, fetches the page's JSON and writes the list or the article (a single-page application). Nothing about
it is described in any profile: it is what the generic spider's ``-a render=true`` must read whole.

The home page shows the newest stories and a "load more" link to an older page (``/page/2``), or
(see ``build``) loads the older ones only when scrolled to the bottom or when a button is clicked;
articles carry no JSON-LD, only what the script writes: headline, time, byline, paragraphs, a
newsletter box and a comments teaser between them.
"""

from __future__ import annotations

import html
import json

from newsbot.mirror.site import MirrorSite
from tests.support.sites.cnn_arabic_data import FIXTURE_STORIES, MIRROR_STORIES
from tests.support.sites.common import HTML_UTF8, JSON_UTF8, Story

STORIES: tuple[Story, ...] = (*FIXTURE_STORIES, *MIRROR_STORIES)
#: The site's real origin, as its feed names it: crawled through NEWSBOT_MIRROR, whose items keep it.
ORIGIN = "https://www.alkhabar-alyawm.example"
SHELL = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>الخبر اليوم</title>
<style>#root li { min-height: 240px; }</style>
<script src="/assets/app.js" defer></script></head>
<body><div id="root"><div class="spinner">جار التحميل…</div></div></body></html>
"""
APP = r"""(function () {
  var root = document.getElementById("root");
  function esc(s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; }
  function cards(items) {
    return items.map(function (it) {
      return '<li><a href="' + it.href + '">' + esc(it.title) + "</a></li>";
    }).join("");
  }
  // Infinite scroll: the next batch has no address of its own and arrives only when the reader
  // reaches the bottom of the list.
  function onScrolledDown(next) {
    function check() {
      if (window.innerHeight + window.scrollY < document.documentElement.scrollHeight - 50) { return; }
      window.removeEventListener("scroll", check);
      fetch(next).then(function (r) { return r.json(); }).then(function (data) {
        document.querySelector("#root ul").insertAdjacentHTML("beforeend", cards(data.items));
        if (data.next) { onScrolledDown(data.next); }
        if (data.button) { moreButton(data.button); }
      });
    }
    window.addEventListener("scroll", check);
  }
  // A "load more" button: a <button>, not a link, so a crawler that only follows links misses the rest.
  function moreButton(next) {
    var button = document.createElement("button");
    button.className = "js-more";
    button.textContent = "عرض المزيد";
    button.addEventListener("click", function () {
      button.remove();
      fetch(next).then(function (r) { return r.json(); }).then(function (data) {
        document.querySelector("#root ul").insertAdjacentHTML("beforeend", cards(data.items));
      });
    });
    document.querySelector("#root main").appendChild(button);
  }
  var path = location.pathname;
  var match = path.match(/^\/news\/(\d+)$/);
  var paged = path.match(/^\/page\/(\d+)$/);
  var page = paged ? paged[1] : "1";
  var url = match ? "/data/news/" + match[1] + ".json" : "/data/list" + page + ".json";
  fetch(url).then(function (r) { return r.json(); }).then(function (data) {
    // The framework renders on the next tick, after its store is filled.
    setTimeout(function () {
      if (match) {
        var paragraphs = data.paragraphs.map(function (p, i) {
          var extra = i !== 1 ? "" :
            '<aside class="newsletter"><b>اشترك في نشرتنا</b> تصلك أهم الأخبار صباحا.</aside>';
          return "<p>" + esc(p) + "</p>" + extra;
        }).join("");
        root.innerHTML = '<nav><a href="/">الرئيسية</a></nav><article><header><h1>' + esc(data.title) +
          '</h1><time datetime="' + data.date + '">' + data.date.slice(0, 10) + '</time><span class="by">' +
          esc(data.by) + "</span></header><section class=\"content\">" + paragraphs +
          '</section><footer><a href="#comments">التعليقات (12)</a></footer></article>';
      } else {
        root.innerHTML = "<main><h2>آخر الأخبار</h2><ul>" + cards(data.items) + "</ul>" +
          (data.more ? '<a class="more" href="' + data.more + '">المزيد</a>' : "") + "</main>";
        if (data.next) { onScrolledDown(data.next); }
        if (data.button) { moreButton(data.button); }
      }
    }, 150);
  });
})();
"""


def article_path(number: int) -> str:
    return f"/news/{number}"


def build(*, older: str = "link") -> MirrorSite:
    """The site. The home page's older half is behind ``older``: a "load more" ``link`` to a page of its
    own, or, with no address of its own, ``scroll`` (it arrives on scrolling down) or ``button`` (a
    "load more" button)."""
    site = MirrorSite()
    site.add("/", SHELL, HTML_UTF8)
    site.add("/assets/app.js", APP, "application/javascript; charset=utf-8")
    half = len(STORIES) // 2
    for number, story in enumerate(STORIES, start=1):
        site.add(article_path(number), SHELL, HTML_UTF8)
        data = {
            "title": story.headline,
            "date": story.published_iso,
            "by": "، ".join(story.authors) or "المحرر",
            "paragraphs": [text for _, text in story.blocks],
        }
        site.add(f"/data/news/{number}.json", json.dumps(data, ensure_ascii=False), JSON_UTF8)
    pages = [list(enumerate(STORIES, start=1))[:half], list(enumerate(STORIES, start=1))[half:]]
    for page, members in enumerate(pages, start=1):
        items = [{"href": article_path(n), "title": s.headline} for n, s in members]
        way = {"link": {"more": "/page/2"}, "scroll": {"next": "/data/list2.json"},
               "button": {"button": "/data/list2.json"}}[older] if page == 1 else {}  # fmt: skip
        listing = json.dumps({"items": items, **way}, ensure_ascii=False)
        site.add(f"/data/list{page}.json", listing, JSON_UTF8)
    site.add("/page/2", SHELL, HTML_UTF8)
    site.add("/feed.xml", feed(), "application/rss+xml; charset=utf-8")
    return site


def feed() -> str:
    """An RSS feed of every story: a document the browser must not turn into its XML viewer."""
    items = "".join(
        f"<item><title>{html.escape(story.headline)}</title><link>{ORIGIN}{article_path(n)}</link></item>"
        for n, story in enumerate(STORIES, start=1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>الخبر اليوم</title>'
        f"{items}</channel></rss>"
    )


def gold() -> dict[str, Story]:
    """Stories by path."""
    return {article_path(n): story for n, story in enumerate(STORIES, start=1)}
