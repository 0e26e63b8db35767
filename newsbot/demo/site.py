"""Assemble a whole RT-Arabic-shaped MirrorSite from article specs, and the gold items it should yield."""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from newsbot.demo import vocab
from newsbot.demo.articles import (
    CANONICAL_HOST,
    MOSCOW,
    ArticleSpec,
    add_articles,
    republish,
    update_article,
)
from newsbot.demo.render import (
    Chrome,
    Link,
    Programme,
    amp_path,
    iso_moscow,
    listing_path,
    render_amp,
    render_article,
    render_home,
    render_listing_fragment,
    render_programme_page,
    render_robots,
    render_rss,
    render_section_front,
    render_sitemap,
    render_sitemap_index,
    render_static_page,
    render_tag_page,
)
from newsbot.mirror.site import MirrorSite
from newsbot.text.normalize import normalize_text

__all__ = [
    "HTML_UTF8",
    "MIRROR_HOSTS",
    "add_articles",
    "build_site",
    "content_type",
    "default_now",
    "gold",
    "has_amp",
    "programmes",
    "replace_article",
    "republish",
    "update_article",
]

HTML_UTF8 = "text/html; charset=utf-8"
RSS_TYPE = "application/rss+xml; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"
MIRROR_HOSTS = ("https://rtarabic.com", "https://ar.russiatoday.com")
FEED_SIZE = 50
FRONT_SIZE = 20
LISTING_SIZE = 10
# Spiders written for the real site loop listing pages 0..99, and the site answers every one of them.
LISTING_MIN_PAGES = 100

TAG_SLUGS: dict[str, str] = {name: slug for bank in vocab.BANKS.values() for name, slug in bank.tags}

_STATIC_PAGES = {
    "/about/": ("من نحن", "RT Arabic قناة إخبارية ناطقة بالعربية."),
    "/contacts/": ("اتصل بنا", "للتواصل مع فريق التحرير استخدموا البريد الإلكتروني للقناة."),
    "/privacy/": ("سياسة الخصوصية", "نستخدم ملفات تعريف الارتباط لتحسين تجربة التصفح."),
    "/live/": ("البث الحي", "تابعوا البث الحي لقناة RT Arabic على مدار الساعة."),
}


def default_now(articles: Sequence[ArticleSpec]) -> datetime:
    """A capture time derived from the articles (newest + 1 hour), so builds are reproducible."""
    return max(a.published for a in articles) + timedelta(hours=1)


def content_type(spec: ArticleSpec) -> str:
    """The Content-Type an article page is served with; no charset when the page declares none."""
    return f"text/html; charset={spec.encoding}" if spec.charset_declared else "text/html"


def has_amp(spec: ArticleSpec) -> bool:
    """About one article in five has an AMP duplicate at ``<url>/amp``."""
    return spec.layout != "legacy_press" and spec.article_id % 5 == 0


def _with_jsonld(spec: ArticleSpec) -> bool:
    return spec.layout != "legacy_press" and (spec.article_id // 3) % 2 == 0


def programmes() -> list[Programme]:
    """A small fixed set of programme episode pages (audio, little text, not articles)."""
    titles = ("ماذا بعد القمة؟", "الاقتصاد العالمي في مفترق طرق", "ذاكرة المدن القديمة")
    out = []
    for name, slug, pid in vocab.PROGRAMMES:
        for k, title in enumerate(titles):
            episode_id = pid * 1000 + k + 1
            episode = f"{episode_id}-" + "-".join(title.replace("؟", "").split()[:3])
            out.append(Programme(name, slug, pid, episode, title))
    return out


# ---------------------------------------------------------------------------------------------
# chrome


def _link_forms(spec: ArticleSpec, rng: random.Random) -> str:
    """An href for a related-headline link: mostly canonical, some via a mirror host or a legacy id link."""
    roll = rng.random()
    if roll < 0.5:
        return spec.url
    if roll < 0.7:
        return spec.path
    if roll < 0.8:
        return MIRROR_HOSTS[0] + spec.path
    if roll < 0.9:
        return MIRROR_HOSTS[1] + spec.path.rstrip("/") + "/"
    return f"{CANONICAL_HOST}/news/{spec.article_id}/"


class _ChromeFactory:
    """Chooses per-page chrome deterministically from (capture day, page key)."""

    def __init__(self, specs: Sequence[ArticleSpec], now: datetime) -> None:
        self.specs = specs
        self.now = now
        self.recent = list(specs[-300:])
        day = random.Random(now.astimezone(MOSCOW).toordinal())
        # Today's topics: part of the bank plus a couple of generated ones, so no list can cover them.
        topics = day.sample(vocab.STORY_TOPICS, 12)
        for _ in range(3):
            bank = vocab.BANKS[day.choice(vocab.SECTIONS)]
            topics.append(f"{day.choice(vocab.COUNTRIES)}.. {day.choice(bank.topics)}")
        self.topics = topics

    def _rng(self, key: int) -> random.Random:
        return random.Random(key * 1_000_003 + self.now.toordinal())

    def for_page(self, key: int, exclude: int = -1) -> Chrome:
        rng = self._rng(key)
        topics = tuple(rng.sample(self.topics, rng.randint(3, 9)))
        others = [s for s in rng.sample(self.recent, min(12, len(self.recent))) if s.article_id != exclude]
        story_headlines = tuple(Link(s.path, s.headline) for s in others[: rng.choice((0, 0, 1, 2, 3))])
        carousel: tuple[tuple[str, tuple[Link, ...]], ...] = ()
        if rng.random() < 0.1 and others:
            groups = []
            for name in topics[: rng.randint(2, 4)]:
                picks = rng.sample(others, min(len(others), rng.randint(2, 5)))
                groups.append((name, tuple(Link(s.url, s.headline) for s in picks)))
            carousel = tuple(groups)
        most_read = tuple(Link(s.url, s.headline) for s in others[3 : 3 + rng.randint(4, 8)])
        return Chrome(
            story_count=rng.randint(22, 89),
            story_topics=topics,
            story_headlines=story_headlines,
            carousel=carousel,
            most_read=most_read,
            light_header=rng.random() < 0.05,
            year=self.now.year,
        )

    def for_article(self, spec: ArticleSpec, same_section_before: Sequence[ArticleSpec]) -> Chrome:
        base = self.for_page(spec.article_id, exclude=spec.article_id)
        rng = self._rng(-spec.article_id)  # non-article pages use small negative keys
        neighbours = list(same_section_before[-6:])
        if self.specs:
            neighbours += [rng.choice(self.specs) for _ in range(rng.randint(2, 5))]
        related = tuple(
            Link(_link_forms(s, rng), s.headline) for s in neighbours if s.article_id != spec.article_id
        )
        pool = [s for s in same_section_before[-20:] if s.article_id != spec.article_id]
        read_more = tuple(
            Link(s.path, s.headline, s.image.url if s.image else None)
            for s in rng.sample(pool, min(2, len(pool)))
        )
        return dataclasses.replace(base, related=related, read_more=read_more)


# ---------------------------------------------------------------------------------------------
# site


def build_site(articles: Sequence[ArticleSpec], *, now: datetime) -> MirrorSite:
    """Every page, feed and sitemap of the site as captured at ``now`` (which rotates the chrome).

    All given articles are published, whatever their dates; ``now`` only sets the chrome and build dates.
    """
    specs = sorted(articles, key=lambda a: (a.published, a.article_id))
    factory = _ChromeFactory(specs, now)
    site = MirrorSite()
    by_section: dict[str, list[ArticleSpec]] = defaultdict(list)
    for spec in specs:
        before = by_section[spec.section]
        chrome = factory.for_article(spec, before)
        page = render_article(
            spec, chrome, tag_slugs=TAG_SLUGS, has_amp=has_amp(spec), with_jsonld=_with_jsonld(spec)
        )
        site.add(spec.path, page.encode(spec.encoding, errors="xmlcharrefreplace"), content_type(spec))
        # Legacy id-only links and mirror-host links (trailing slash) are answered with redirects.
        site.redirect(f"/news/{spec.article_id}/", spec.path)
        if not spec.path.endswith("/"):
            site.redirect(spec.path + "/", spec.path)
        if has_amp(spec):
            site.add(amp_path(spec), render_amp(spec), HTML_UTF8)
        before.append(spec)

    newest_first = specs[::-1]
    _add_feeds(site, newest_first, by_section, now)
    _add_sitemaps(site, specs)
    progs = programmes()
    for k, section in enumerate(vocab.SECTIONS):
        _add_section(site, section, by_section[section][::-1], factory.for_page(-1 - k), progs, k)
    tagged: dict[str, list[ArticleSpec]] = defaultdict(list)
    for spec in newest_first:
        for tag in spec.tags:
            tagged[tag].append(spec)
    for k, (name, slug) in enumerate(sorted(TAG_SLUGS.items())):
        page = render_tag_page(name, slug, tagged[name][:FRONT_SIZE], factory.for_page(-100 - k))
        site.add(f"/tag/{slug}/", page, HTML_UTF8)
    for k, prog in enumerate(progs):
        site.add(prog.path, render_programme_page(prog, factory.for_page(-200 - k)), HTML_UTF8)
    for k, (path, (title, text)) in enumerate(_STATIC_PAGES.items()):
        site.add(path, render_static_page(title, text, factory.for_page(-300 - k)), HTML_UTF8)
    site.add("/", render_home(newest_first[:FRONT_SIZE], factory.for_page(0)), HTML_UTF8)
    site.add("/robots.txt", render_robots(), "text/plain; charset=utf-8")
    return site


def _add_feeds(
    site: MirrorSite,
    newest_first: Sequence[ArticleSpec],
    by_section: dict[str, list[ArticleSpec]],
    now: datetime,
) -> None:
    main = render_rss(newest_first[:FEED_SIZE], title="RT Arabic", feed_path="/rss/", now=now)
    for path in ("/rss/", "/rss", "/rss/news/"):
        site.add(path, main, RSS_TYPE)
    for section in vocab.SECTIONS:
        items = by_section[section][::-1][:FEED_SIZE]
        title = f"RT Arabic - {vocab.SECTION_NAMES[section]}"
        site.add(
            f"/rss/{section}/",
            render_rss(items, title=title, feed_path=f"/rss/{section}/", now=now),
            RSS_TYPE,
        )


def _last_change(spec: ArticleSpec) -> datetime:
    return spec.modified or spec.published


def _add_sitemaps(site: MirrorSite, specs: Sequence[ArticleSpec]) -> None:
    months: dict[str, list[ArticleSpec]] = defaultdict(list)
    for spec in specs:
        months[spec.published.astimezone(MOSCOW).strftime("%Y-%m")].append(spec)
    index = []
    for month in sorted(months):
        entries = [(s.url, _last_change(s)) for s in months[month]]
        path = f"/sitemap/{month}.xml"
        site.add(path, render_sitemap(entries), XML_TYPE)
        index.append((CANONICAL_HOST + path, max(when for _, when in entries)))
    site.add("/sitemap.xml", render_sitemap_index(index), XML_TYPE)


def _add_section(
    site: MirrorSite,
    section: str,
    newest_first: Sequence[ArticleSpec],
    chrome: Chrome,
    progs: Sequence[Programme],
    k: int,
) -> None:
    tags = sorted({(t, TAG_SLUGS[t]) for s in newest_first[:50] for t in s.tags})
    front = render_section_front(
        section,
        newest_first[:FRONT_SIZE],
        chrome,
        programmes=[progs[k % len(progs)], progs[(k + 4) % len(progs)]],
        tags=tags,
        next_page=FRONT_SIZE // LISTING_SIZE,
    )
    site.add(f"/{section}/", front, HTML_UTF8)
    pages = -(-len(newest_first) // LISTING_SIZE)
    for page in range(max(pages + 1, LISTING_MIN_PAGES)):
        chunk = newest_first[page * LISTING_SIZE : (page + 1) * LISTING_SIZE]
        site.add(listing_path(section, page), render_listing_fragment(chunk), HTML_UTF8)


# ---------------------------------------------------------------------------------------------
# expectations and mutations


def gold(articles: Sequence[ArticleSpec]) -> dict[str, dict[str, Any]]:
    """Canonical URL -> the Article item (docs/schema.md) a correct extractor returns for that page.

    ``article_body`` is the paragraphs joined by a blank line; lead, source line, captions, read-more
    links and embeds are not part of it. Text is in stored form (``normalize_text``: the pages keep the
    tatweel of "بـ" as RT prints it, items do not). Dates are ISO 8601 in Moscow time as the page's date
    meta prints them (compare them as instants). ``section`` is the URL path's section. Crawl-time fields
    (``scraped_at``, ``content_hash``) are left out.
    """
    out: dict[str, dict[str, Any]] = {}
    for spec in sorted(articles, key=lambda a: a.article_id):
        image = spec.image
        published = iso_moscow(spec.published)
        main_image = (
            {"url": image.url, "caption": _stored(image.caption), "credit": _stored(image.credit)}
            if image
            else None
        )
        out[spec.canonical_url] = {
            "id": f"rt_arabic:{spec.article_id}",
            "site": "rt_arabic",
            "url": spec.url,
            "canonical_url": spec.canonical_url,
            "headline": normalize_text(spec.headline),
            "description": _stored(spec.lead),
            "article_body": normalize_text(spec.body_text, multiline=True),
            "date_published": published,
            "date_published_raw": published,
            "date_modified": iso_moscow(spec.modified) if spec.modified else None,
            "authors": [normalize_text(spec.author)] if spec.author else [],
            "section": spec.url_section,
            "tags": [normalize_text(t) for t in spec.tags],
            "main_image": main_image,
            "source": _stored(spec.source),
            "in_language": "ar",
        }
    return out


def _stored(text: str | None) -> str | None:
    return None if text is None else normalize_text(text)


def replace_article(articles: Sequence[ArticleSpec], spec: ArticleSpec) -> list[ArticleSpec]:
    """``articles`` with the article of the same id swapped for ``spec`` (for use after update_article)."""
    return [spec if a.article_id == spec.article_id else a for a in articles]
