"""Pure functions that render RT Arabic pages, feeds and sitemaps from article specs.

Markup per layout (selectors of the reference's §7-8; the body container is what extractors read):

- ``current``: ``div.article.article_main`` > ``div.time-public`` (section link + ``span.date``),
  ``h1.heading``, ``div.text.js-text.js-mediator-article`` holding the lead as first ``<p>`` (sometimes
  ``p.intro``), ``.photo`` (``img[data-src]``, ``noscript img[src]``, ``span.caption``, ``div.copyright``),
  body ``<p>``s with inserts between them (``a.read-more-big``, ``div.crosslinks``, "اقرأ المزيد" /
  "اقرأ أيضا" paragraphs, ``span.read-more-text-only`` inside a paragraph, ``blockquote.twitter-tweet``,
  ``div.rtcode``), then ``<p>المصدر: …</p>`` last; ``div.news-tags.news-tags_article`` after the body.
  og:image is the ``/original/`` variant; the real main image is the ``.photo`` one.
- ``current_detail_body``: the same, body container ``div.detail.body``.
- ``video``: ``div.media_video`` (``.video-iframe``, hidden ``.cover_video``, a "تحميل الفيديو" download
  link) in place of the photo; og:image is a poster, not a main image; lead optional.
- ``layout2018``: "كل شيء" tab, ``span.date`` as ``DD <month> YYYY | HH:MM GMT``, ``div.short-url``
  ("انسخ الرابط" + ``https://ar.rt.com/<code>``), lead in ``p.intro``, ``div.article-author`` after the body.
- ``legacy_press``: the 2010 frame (XHTML, http-equiv charset, ``article:published_time`` or
  ``publish-date``), ``div.article.article_press`` > ``h1.heading``, ``div.copy-link`` ("انسخ الرابط" glued
  to the id-only URL), the usual body container with ``<strong>``-led paragraphs and ``<p>&nbsp;</p>``
  spacers; no lead, photo, tags, stories or comments.

Everything else on an article page (menus, story topics, carousel, share bar, comments, related and
most-read headlines, cookie banner, footer) sits outside the body container.
"""

from __future__ import annotations

import html
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

from newsbot.demo import vocab
from newsbot.demo.articles import CANONICAL_HOST, MOSCOW, ArticleSpec

__all__ = [
    "Chrome",
    "Link",
    "Programme",
    "amp_path",
    "iso_moscow",
    "listing_path",
    "render_amp",
    "render_article",
    "render_home",
    "render_listing_fragment",
    "render_programme_page",
    "render_robots",
    "render_rss",
    "render_section_front",
    "render_sitemap",
    "render_sitemap_index",
    "render_static_page",
    "render_tag_page",
    "trend_id",
]

SITE_NAME = "RT Arabic"
_SOURCE_PREFIX = "المصدر:"


@dataclass(frozen=True, slots=True)
class Link:
    """A headline link to another page, ``href`` exactly as the page writes it."""

    href: str
    headline: str
    image: str | None = None


@dataclass(frozen=True, slots=True)
class Chrome:
    """Page furniture around an article; chosen by the site builder, rotating with capture time."""

    story_count: int
    story_topics: tuple[str, ...]
    story_headlines: tuple[Link, ...] = ()
    carousel: tuple[tuple[str, tuple[Link, ...]], ...] = ()
    related: tuple[Link, ...] = ()
    most_read: tuple[Link, ...] = ()
    read_more: tuple[Link, ...] = ()
    light_header: bool = False  # the ar.russiatoday.com style: no "follow us" / "important sections"
    year: int = 2026


@dataclass(frozen=True, slots=True)
class Programme:
    """A TV/radio programme episode page (not an article)."""

    name: str
    slug: str
    programme_id: int
    episode: str
    episode_title: str

    @property
    def path(self) -> str:
        return f"/prg/{quote(self.slug)}-{self.programme_id}/{quote(self.episode)}/"


# ---------------------------------------------------------------------------------------------
# small helpers


def _t(text: str) -> str:
    return html.escape(text, quote=False)


def _a(text: str) -> str:
    return html.escape(text, quote=True)


def iso_moscow(when: datetime) -> str:
    """ISO 8601 in Moscow time, the form of ``meta[name=publish-date]`` and sitemap ``lastmod``.

    >>> iso_moscow(datetime(2025, 10, 10, 9, 16, tzinfo=UTC))
    '2025-10-10T12:16:00+03:00'
    """
    return when.astimezone(MOSCOW).isoformat(timespec="seconds")


def _rfc822(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC)).replace("-0000", "+0000")


def trend_id(section: str) -> str:
    """A stable 24-hex trend id per section, shaped like RT's Mongo-style ids.

    >>> len(trend_id("sport")), trend_id("sport") == trend_id("world")
    (24, False)
    """
    seed = sum((i + 1) * ord(c) for i, c in enumerate(section))
    return f"53b3{seed * 2654435761 % 16**20:020x}"


def listing_path(section: str, page: int) -> str:
    return f"/listing/trend.{trend_id(section)}/noprepare/trend/10/{page}"


def amp_path(spec: ArticleSpec) -> str:
    return spec.path.rstrip("/") + "/amp"


def _date_dots(when: datetime) -> str:
    local = when.astimezone(MOSCOW)
    return local.strftime("%d.%m.%Y %H:%M")


def _date_2018(when: datetime) -> str:
    utc = when.astimezone(UTC)
    return f"{utc.day:02d} {vocab.MONTHS[utc.month - 1]} {utc.year} | {utc:%H:%M} GMT"


def _json_script(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/")


# ---------------------------------------------------------------------------------------------
# page chrome (outside the article body)


def _head(title: str, charset: str | None, extra: Iterable[str]) -> str:
    parts = ['<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n']
    if charset:
        parts.append(f'<meta charset="{charset}">\n')
    parts.append(f"<title>{_t(title)}</title>\n")
    parts.append('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    parts.append('<link rel="stylesheet" href="/static/css/main.css">\n')
    parts.extend(extra)
    parts.append(
        '<script>window.rtConfig={"lang":"ar","section":"news","counter":"rt-arabic",'
        '"labels":{"more":"المزيد","close":"إغلاق"}};</script>\n'
    )
    parts.append("</head>\n")
    return "".join(parts)


def _header(chrome: Chrome) -> str:
    menu = "".join(
        f'<li class="menu__item"><a href="/{s}/">{_t(vocab.SECTION_NAMES[s])}</a></li>'
        for s in vocab.SECTIONS
    )
    follow = (
        ""
        if chrome.light_header
        else '<div class="header__follow"><span class="follow__title">أين يمكنك متابعتنا</span>'
        '<a href="https://t.me/rtarabictv">تيليغرام</a><a href="https://x.com/RTarabic">إكس</a>'
        '<a href="https://www.youtube.com/rtarabic">يوتيوب</a></div>\n'
    )
    sections_title = "" if chrome.light_header else '<div class="menu__title">أقسام مهمة</div>'
    return (
        '<header class="header">\n<div class="header__top">'
        '<a class="header__logo" href="/"><img src="/static/img/logo.svg" alt="RT Arabic"></a>'
        '<a class="header__live live-link" href="/live/">مباشر</a></div>\n'
        f'{follow}<nav class="menu">{sections_title}<ul class="menu__list">{menu}</ul></nav>\n</header>\n'
    )


def _stories(chrome: Chrome) -> str:
    if chrome.carousel:
        return _carousel(chrome)
    top = "".join(f'<li class="stories__top-item">{_t(t)}</li>' for t in chrome.story_topics[:3])
    items = [
        f'<li class="stories__item"><span class="stories__name">{_t(t)}</span>'
        f'<span class="stories__sub">{_t(t)}</span></li>'
        for t in chrome.story_topics
    ]
    items.extend(
        f'<li class="stories__item"><a class="stories__name" href="{_a(link.href)}">{_t(link.headline)}</a>'
        f'<span class="stories__sub">{_t(link.headline)}</span></li>'
        for link in chrome.story_headlines
    )
    return (
        '<div class="stories"><div class="stories__title">Stories</div>'
        f'<div class="stories__count">{chrome.story_count} خبر</div>\n'
        f'<ul class="stories__top">{top}</ul>\n<ul class="stories__list">{"".join(items)}</ul></div>\n'
    )


def _carousel(chrome: Chrome) -> str:
    groups = []
    for name, links in chrome.carousel:
        cards = "".join(
            '<div class="rt-stories__card"><span class="rt-stories__label">RT STORIES</span>'
            f'<a class="rt-stories__link" href="{_a(link.href)}">{_t(link.headline)}</a>'
            '<span class="rt-stories__tags">#اسأل_أكثر #Question_More</span></div>'
            for link in links
        )
        groups.append(
            f'<div class="rt-stories__group"><span class="rt-stories__sep">-</span>'
            f'<div class="rt-stories__name">{_t(name)}</div>{cards}'
            f'<div class="rt-stories__name rt-stories__name_end">{_t(name)}</div></div>'
        )
    return f'<div class="rt-stories"><div class="rt-stories__title">Stories</div>{"".join(groups)}</div>\n'


def _headline_list(css: str, title: str | None, links: Sequence[Link]) -> str:
    if not links:
        return ""
    heading = f'<h3 class="{css}__title">{_t(title)}</h3>' if title else ""
    items = "".join(
        f'<li class="{css}__item"><a class="{css}__link" href="{_a(link.href)}">{_t(link.headline)}</a></li>'
        for link in links
    )
    return f'<section class="{css}">{heading}<ul class="{css}__list">{items}</ul></section>\n'


def _share(url: str) -> str:
    return (
        '<div class="share"><span class="share__title">شارك</span>'
        f'<a class="share__item share__item_fb" href="https://www.facebook.com/sharer/sharer.php?u={_a(url)}">فيسبوك</a>'
        f'<a class="share__item share__item_tg" href="https://t.me/share/url?url={_a(url)}">تيليغرام</a>'
        f'<a class="share__item share__item_wa" href="https://wa.me/?text={_a(url)}">واتساب</a></div>\n'
    )


_COMMENTS = (
    '<section class="comments"><h3 class="comments__title">التعليقات</h3>'
    '<div class="comments__empty">لا توجد تعليقات بعد. كن أول من يعلق!</div></section>\n'
)


def _footer(year: int) -> str:
    return (
        '<div class="cookies js-cookies">هذا الموقع يستخدم ملفات تعريف الارتباط .بامكانك قراءة '
        '<a href="/privacy/">شروط الاستخدام</a> لتفعيل هذه الخاصية '
        '<button class="cookies__ok">اضغط هنا</button></div>\n'
        '<footer class="footer"><ul class="footer__links">'
        '<li><a href="/about/">من نحن</a></li><li><a href="/contacts/">اتصل بنا</a></li>'
        '<li><a href="/privacy/">سياسة الخصوصية</a></li><li><a href="/rss/">RSS</a></li></ul>'
        f'<div class="footer__copy">© 2005–{year} «تي في-نوفوستي». جميع الحقوق محفوظة.</div>'
        "</footer>\n</body>\n</html>\n"
    )


def _page(title: str, charset: str | None, head_extra: Iterable[str], chrome: Chrome, main: str) -> str:
    return "".join(
        (
            _head(title, charset, head_extra),
            '<body class="page">\n',
            _header(chrome),
            _stories(chrome),
            '<main class="layout">\n',
            main,
            "</main>\n",
            _footer(chrome.year),
        )
    )


# ---------------------------------------------------------------------------------------------
# article pages


def _original(url: str) -> str:
    """The full-size variant the CDN serves for og:image (pages show the ``/article/`` crop)."""
    return url.replace("/article/", "/original/")


def _poster(spec: ArticleSpec) -> str:
    month = spec.published.astimezone(MOSCOW).strftime("%Y.%m")
    return (
        f"https://mf.b37mrtl.ru/media/pics/{month}/original/{spec.article_id * 2654435761 % 16**24:024x}.jpg"
    )


def _telegram_time(when: datetime) -> str:
    # This meta prints the offset without a colon ("+0300"), unlike publish-date.
    return when.astimezone(MOSCOW).strftime("%Y-%m-%dT%H:%M:%S%z")


def _article_head(spec: ArticleSpec, rng: random.Random, *, has_amp: bool, with_jsonld: bool) -> list[str]:
    url = spec.url
    head = [
        '<meta property="og:site_name" content="RT Arabic">\n',
        '<meta property="og:type" content="article">\n',
        f'<meta property="og:title" content="{_a(spec.headline)}">\n',
        f'<meta property="og:url" content="{_a(url)}">\n',
    ]
    if spec.lead:
        head.append(f'<meta name="description" content="{_a(spec.lead)}">\n')
        head.append(f'<meta property="og:description" content="{_a(spec.lead)}">\n')
    elif rng.random() < 0.5:
        # Some lead-less pages print empty descriptions; an empty string is not a description.
        head.append('<meta name="description" content="">\n<meta property="og:description" content="">\n')
    if spec.image:
        head.append(f'<meta property="og:image" content="{_a(_original(spec.image.url))}">\n')
    elif spec.layout == "video":
        head.append(f'<meta property="og:image" content="{_poster(spec)}">\n')
    published = iso_moscow(spec.published)
    if spec.layout == "legacy_press":
        name = 'property="article:published_time"' if rng.random() < 0.6 else 'name="publish-date"'
        head.append(f'<meta {name} content="{published}">\n')
    else:
        head.append(f'<meta name="category" content="{spec.section}">\n')
        head.append(f'<meta name="mediator" content="{spec.article_id}">\n')
        head.append(f'<meta name="mediator_author" content="{_a(spec.author or "")}">\n')
        head.append(f'<meta name="publish-date" content="{published}">\n')
        if spec.article_id % 3 == 0:
            head.append(f'<meta name="published_time_telegram" content="{_telegram_time(spec.published)}">\n')
    if spec.modified:
        head.append(f'<meta property="article:modified_time" content="{iso_moscow(spec.modified)}">\n')
    head.append(f'<link rel="canonical" href="{_a(url)}">\n')
    if has_amp:
        head.append(f'<link rel="amphtml" href="{_a(CANONICAL_HOST + amp_path(spec))}">\n')
    if with_jsonld:
        head.append(f'<script type="application/ld+json">{_json_script(_jsonld(spec))}</script>\n')
    return head


def _jsonld(spec: ArticleSpec) -> dict[str, object]:
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": spec.url},
        "headline": spec.headline,
        "datePublished": iso_moscow(spec.published),
        "inLanguage": "ar",
        "publisher": {
            "@type": "Organization",
            "name": SITE_NAME,
            "logo": {"@type": "ImageObject", "url": "https://arabic.rt.com/static/img/logo.png"},
        },
    }
    if spec.modified:  # only a real update; copying datePublished here would invent one
        data["dateModified"] = iso_moscow(spec.modified)
    if spec.lead:
        data["description"] = spec.lead
    if spec.image:
        data["image"] = {"@type": "ImageObject", "url": spec.image.url}
    if spec.tags:
        data["keywords"] = ", ".join(spec.tags)
    if spec.author:
        data["author"] = {"@type": "Person", "name": spec.author}
    else:
        data["author"] = {"@type": "Organization", "name": SITE_NAME}
    return data


def _paragraph_html(text: str, rng: random.Random, *, legacy: bool = False) -> str:
    # Inline markup changes no text: an extractor that joins text nodes must get the paragraph back.
    if legacy and text.startswith("صحيفة "):
        name_end = text.find('"', text.find('"') + 1) + 1
        if name_end > 0:
            return f"<p><strong>{_t(text[:name_end])}</strong>{_t(text[name_end:])}</p>"
    start, end = text.find("«"), text.find("»")
    if 0 <= start < end and rng.random() < 0.4:
        return f"<p>{_t(text[:start])}<strong>{_t(text[start : end + 1])}</strong>{_t(text[end + 1 :])}</p>"
    return f"<p>{_t(text)}</p>"


def _photo(spec: ArticleSpec) -> str:
    image = spec.image
    if image is None:
        return ""
    credit = f'<div class="copyright">{_t(image.credit)}</div>' if image.credit else ""
    return (
        '<div class="photo">'
        f'<img class="lazyload" src="{_BLANK_GIF}" data-src="{_a(image.url)}" alt="{_a(image.caption)}">'
        f'<noscript><img src="{_a(image.url)}" alt="{_a(image.caption)}"></noscript>'
        f'<span class="caption">{_t(image.caption)}</span>{credit}</div>\n'
    )


_BLANK_GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def _video(spec: ArticleSpec) -> str:
    month = spec.published.astimezone(MOSCOW).strftime("%Y.%m")
    clip = f"{spec.article_id * 40503 % 16**13:013x}"
    return (
        '<div class="media media_video"><div class="video-iframe">'
        f'<iframe src="https://arabic.rt.com/embed/video/{month}/{clip}/" width="100%" height="360" '
        'frameborder="0" allowfullscreen></iframe></div>'
        f'<div class="cover_video" data-poster="{_poster(spec)}" hidden></div>'
        '<div class="media__download">'
        '<a class="media__download-link" '
        f'href="https://mf.b37mrtl.ru/media/videos/{month}/{clip}.mp4" download>'
        "تحميل الفيديو</a></div></div>\n"
    )


def _read_more_block(link: Link) -> str:
    cover = (
        f'<span class="read-more-big__cover" style="background-image: url(\'{_a(link.image)}\');"></span>'
        if link.image
        else ""
    )
    return (
        f'<a class="read-more-big" href="{_a(link.href)}">{cover}<span class="read-more-big__body">'
        '<span class="read-more-big__label">اقرأ المزيد</span>'
        f'<span class="read-more-big__title">{_t(link.headline)}</span></span></a>\n'
    )


def _crosslinks(links: Sequence[Link]) -> str:
    items = "".join(f'<a class="crosslinks__link" href="{_a(x.href)}">{_t(x.headline)}</a>' for x in links)
    return f'<div class="crosslinks"><div class="crosslinks__title">اقرأ المزيد</div>{items}</div>\n'


def _inline_read_more(link: Link, kind: int) -> str:
    """A read-more link written as a paragraph of its own (two spellings of the label, or "see also")."""
    if kind == 0:
        return f'<p>اقرأ المزيد <a href="{_a(link.href)}">{_t(link.headline)}</a></p>\n'
    if kind == 1:
        return f'<p>إقرأ المزيد <a href="{_a(link.href)}">{_t(link.headline)}</a></p>\n'
    return f'<p><strong>اقرأ أيضا:</strong> <a href="{_a(link.href)}">{_t(link.headline)}</a></p>\n'


def _paragraph_with_span(text: str, link: Link) -> str | None:
    """A paragraph with a read-more span between two of its sentences, as RT's editor inserts them."""
    cut = text.find(". ")
    if cut < 0:
        return None
    anchor = f'<a href="{_a(link.href)}">إقرأ المزيد {_t(link.headline)}</a>'
    span = f'<span class="read-more-text-only">{anchor}</span>'
    return f"<p>{_t(text[: cut + 1])}\n{span}\n{_t(text[cut + 2 :])}</p>\n"


_TWEETS = (
    "نتابع باهتمام التطورات الأخيرة وندعو جميع الأطراف إلى التهدئة",
    "لحظات تاريخية اليوم.. شكرا لكل من ساهم في هذا الإنجاز",
    "الصور الأولى من موقع الحدث",
    "تصريح مهم بعد قليل، ترقبوا",
)


def _embed(kind: int, spec: ArticleSpec, rng: random.Random) -> str:
    if kind == 0:
        status = rng.getrandbits(60)
        text = rng.choice(_TWEETS)
        return (
            '<blockquote class="twitter-tweet" data-lang="ar"><p lang="ar" dir="rtl">'
            f"{_t(text)}</p>&mdash; RT Arabic (@RTarabic) "
            f'<a href="https://twitter.com/RTarabic/status/{status}">{_date_dots(spec.published)[:10]}</a>'
            "</blockquote>\n"
            '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>\n'
        )
    if kind == 1:
        post = rng.randint(100000, 999999)
        return (
            '<div class="rtcode"><script async src="https://telegram.org/js/telegram-widget.js?22" '
            f'data-telegram-post="rtarabictv/{post}" data-width="100%"></script></div>\n'
        )
    video = "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") for _ in range(11)
    )
    return (
        f'<div class="rtcode"><iframe width="560" height="315" src="https://www.youtube.com/embed/{video}" '
        'frameborder="0" allowfullscreen></iframe></div>\n'
    )


def _body(spec: ArticleSpec, chrome: Chrome, rng: random.Random) -> str:
    """The body container's inner HTML: lead, media, paragraphs with inserts, source line."""
    out: list[str] = []
    legacy = spec.layout == "legacy_press"
    if spec.lead and not legacy:
        intro = spec.layout == "layout2018" or rng.random() < 0.2
        out.append(f'<p class="intro">{_t(spec.lead)}</p>\n' if intro else f"<p>{_t(spec.lead)}</p>\n")
    if spec.layout == "video":
        out.append(_video(spec))
    elif not legacy:
        out.append(_photo(spec))
    # Inserts go between paragraphs (never before the first or after the last), keyed by position.
    n = len(spec.paragraphs)
    inserts: dict[int, list[str]] = {}
    slots = list(range(1, n)) or [n]
    read_more = list(chrome.read_more)
    if spec.read_more and read_more:
        if rng.random() < 0.25:
            inserts.setdefault(rng.choice(slots), []).append(_crosslinks(read_more))
        else:
            for link in read_more[: rng.choice((1, 1, 2))]:
                inserts.setdefault(rng.choice(slots), []).append(_read_more_block(link))
    spanned = -1
    if spec.inline_read_more and read_more:
        kind = rng.randrange(4)
        if kind == 3:
            spanned = rng.randrange(n)
        else:
            inserts.setdefault(rng.choice(slots), []).append(_inline_read_more(read_more[-1], kind))
    if spec.embeds:
        for kind in rng.sample((0, 1, 2), rng.choice((1, 1, 2))):
            inserts.setdefault(rng.choice(slots), []).append(_embed(kind, spec, rng))
    for i, text in enumerate(spec.paragraphs):
        out.extend(inserts.get(i, ()))
        with_span = _paragraph_with_span(text, read_more[-1]) if i == spanned else None
        if with_span is None:
            with_span = _paragraph_html(text, rng, legacy=legacy) + "\n"
        out.append(with_span)
        if legacy and i < n - 1 and rng.random() < 0.3:
            out.append("<p>&nbsp;</p>\n")  # old editor spacing; empty paragraphs are not text
    out.extend(inserts.get(n, ()))
    if rng.random() < 0.05:
        out.append("<p></p>\n")
    if spec.source:
        if rng.random() < 0.2:
            out.append(f"<p><strong>{_SOURCE_PREFIX}</strong> {_t(spec.source)}</p>\n")
        else:
            out.append(f"<p>{_SOURCE_PREFIX} {_t(spec.source)}</p>\n")
    return "".join(out)


def _tags_block(spec: ArticleSpec, tag_slugs: dict[str, str]) -> str:
    if not spec.tags:
        return ""
    links = "".join(f'<a class="news-tags__link" href="/tag/{tag_slugs[t]}/">{_t(t)}</a>' for t in spec.tags)
    return f'<div class="news-tags news-tags_article">{links}</div>\n'


def _legacy_page(spec: ArticleSpec, head: list[str], body: str, year: int) -> str:
    """Old press-review pages keep the 2010 frame: XHTML, http-equiv charset, no stories or comments."""
    charset = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={spec.encoding}" />\n'
        if spec.charset_declared
        else ""
    )
    short = f"{CANONICAL_HOST}/news/{spec.article_id}/"
    return "".join(
        (
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" lang="ar" dir="rtl">\n<head>\n',
            charset,
            f"<title>{_t(spec.headline)}</title>\n",
            *head,
            '<link href="/static/old/css/news.css" rel="stylesheet" type="text/css" />\n',
            '<script type="text/javascript">\n//<![CDATA[\n',
            f'var pageId = "{spec.article_id}";\n//]]>\n</script>\n',
            '</head>\n<body class="old">\n<div id="page">\n<div id="header"><a href="/" id="logo">'
            '<img src="/static/old/img/logo.gif" alt="" width="160" height="48" /></a></div>\n',
            '<div id="content">\n<div class="article article_press">\n',
            f'<h1 class="heading">{_t(spec.headline)}</h1>\n',
            f'<div class="copy-link">انسخ الرابط<a class="copy-link__url" href="{short}">{short}</a></div>\n',
            f'<div class="text js-text js-mediator-article">\n{body}</div>\n</div>\n</div>\n',
            '<div id="footer"><img src="/static/old/img/footer-logo.gif" alt="" width="90" height="30" />'
            f"<span>© 2005–{year} «تي في-نوفوستي»</span></div>\n</div>\n</body>\n</html>\n",
        )
    )


def render_article(
    spec: ArticleSpec,
    chrome: Chrome,
    *,
    tag_slugs: dict[str, str],
    has_amp: bool = False,
    with_jsonld: bool = False,
) -> str:
    """The full HTML of one article page (text; the caller encodes it with ``spec.encoding``)."""
    rng = random.Random(spec.article_id)
    head = _article_head(spec, rng, has_amp=has_amp, with_jsonld=with_jsonld)
    body = _body(spec, chrome, rng)
    if spec.layout == "legacy_press":
        return _legacy_page(spec, head, body, chrome.year)
    charset = spec.encoding if spec.charset_declared else None
    section_name = _a(vocab.SECTION_NAMES[spec.section])
    tail = f"{_tags_block(spec, tag_slugs)}{_share(spec.url)}</div>\n"
    if spec.layout == "layout2018":
        short = f"https://ar.rt.com/{spec.short_code}"
        author = (
            '<div class="article-author"><a class="article-author__name" href="/authors/">'
            f"{_t(spec.author)}</a></div>\n"
            if spec.author
            else ""
        )
        article = (
            '<div class="tabs-2018">'
            '<a class="tabs-2018__item tabs-2018__item_active" href="/news/">كل شيء</a></div>\n'
            f'<div class="article article_2018 js-article" data-article-id="{spec.article_id}">\n'
            f'<h1 class="heading">{_t(spec.headline)}</h1>\n'
            f'<div class="time-public"><a class="time-public__section" href="/{spec.section}/" '
            f'title="{section_name}"></a><span class="date">{_date_2018(spec.published)}</span></div>\n'
            '<div class="short-url"><span class="short-url__label">انسخ الرابط</span> '
            f'<span class="short-url__value js-short-url">{short}</span></div>\n'
            f'<div class="text js-text js-mediator-article">\n{body}</div>\n{author}{tail}'
        )
    else:
        container = (
            '<div class="detail body">'
            if spec.layout == "current_detail_body"
            else '<div class="text js-text js-mediator-article">'
        )
        video = " article_video" if spec.layout == "video" else ""
        article = (
            f'<div class="article article_main{video} js-article" data-article-id="{spec.article_id}">\n'
            f'<div class="time-public"><a href="/{spec.section}/">{section_name}</a>'
            f'<span class="date">{_date_dots(spec.published)}</span></div>\n'
            f'<h1 class="heading">{_t(spec.headline)}</h1>\n'
            f"{container}\n{body}</div>\n{tail}"
        )
    main = "".join(
        (
            article,
            _COMMENTS,
            _headline_list("news-related", None, chrome.related),
            _headline_list("most-read", "الأكثر قراءة", chrome.most_read),
        )
    )
    return _page(f"{spec.headline} - RT Arabic", charset, head, chrome, main)


def render_amp(spec: ArticleSpec) -> str:
    """The AMP duplicate of an article: canonical link back, light chrome, plain paragraphs."""
    paragraphs = "".join(f"<p>{_t(p)}</p>\n" for p in spec.paragraphs)
    lead = f'<p class="article__summary">{_t(spec.lead)}</p>\n' if spec.lead else ""
    return (
        '<!DOCTYPE html>\n<html amp lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_t(spec.headline)}</title>\n"
        f'<link rel="canonical" href="{_a(spec.url)}">\n'
        '<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">\n'
        '<script async src="https://cdn.ampproject.org/v0.js"></script>\n</head>\n<body>\n'
        '<header class="amp-header"><a href="/live/">مباشر</a></header>\n'
        f'<article class="amp-article"><h1>{_t(spec.headline)}</h1>\n'
        '<div class="amp-follow">تابعوا RT على</div>\n'
        f'<div class="article__text">\n{lead}{paragraphs}</div></article>\n'
        '<div class="cookies">هذا الموقع يستخدم ملفات تعريف الارتباط .بامكانك قراءة شروط الاستخدام '
        "لتفعيل هذه الخاصية اضغط هنا</div>\n</body>\n</html>\n"
    )


# ---------------------------------------------------------------------------------------------
# listings and other pages


def _cards(specs: Sequence[ArticleSpec], *, with_summary: bool) -> str:
    out = []
    for spec in specs:
        summary = f'<div class="card__summary">{_t(spec.lead)}</div>' if with_summary and spec.lead else ""
        out.append(
            f'<div class="card"><a class="heading" href="{_a(spec.path)}">{_t(spec.headline)}</a>'
            f'<span class="card__date">{_date_dots(spec.published)}</span>{summary}</div>\n'
        )
    return "".join(out)


def render_listing_fragment(specs: Sequence[ArticleSpec]) -> str:
    """A trend listing page: an HTML fragment of ``a.heading`` links with relative hrefs; "" past the end."""
    if not specs:
        return ""
    return f'<div class="listing__page">\n{_cards(specs, with_summary=False)}</div>\n'


def render_section_front(
    section: str,
    latest: Sequence[ArticleSpec],
    chrome: Chrome,
    *,
    programmes: Sequence[Programme],
    tags: Sequence[tuple[str, str]],
    next_page: int,
) -> str:
    name = vocab.SECTION_NAMES[section]
    tag_links = "".join(f'<a class="tags__item" href="/tag/{slug}/">{_t(t)}</a>' for t, slug in tags)
    prg = "".join(
        f'<li><a href="{_a(p.path)}">{_t(p.name)}: {_t(p.episode_title)}</a></li>' for p in programmes
    )
    more_url = f"/listing/trend.{trend_id(section)}/noprepare/trend/10/"
    main = (
        f'<h1 class="section__title">{_t(name)}</h1>\n'
        f'<div class="listing js-listing">\n{_cards(latest, with_summary=True)}</div>\n'
        f'<button class="button-more js-listing-more" data-url="{more_url}" data-page="{next_page}">'
        "المزيد</button>\n"
        f'<div class="tags">{tag_links}</div>\n'
        f'<section class="programmes"><h3>برامج</h3><ul>{prg}</ul></section>\n'
    )
    head = [f'<link rel="canonical" href="{CANONICAL_HOST}/{section}/">\n']
    return _page(f"{name} - RT Arabic", "utf-8", head, chrome, main)


def render_home(latest: Sequence[ArticleSpec], chrome: Chrome) -> str:
    main = f'<div class="main-news">\n{_cards(latest, with_summary=True)}</div>\n'
    head = [f'<link rel="canonical" href="{CANONICAL_HOST}/">\n']
    return _page("RT Arabic - آخر الأخبار", "utf-8", head, chrome, main)


def render_tag_page(name: str, slug: str, latest: Sequence[ArticleSpec], chrome: Chrome) -> str:
    main = (
        f'<h1 class="tag__title">{_t(name)}</h1>\n'
        f'<div class="listing">\n{_cards(latest, with_summary=False)}</div>\n'
    )
    head = [f'<link rel="canonical" href="{CANONICAL_HOST}/tag/{slug}/">\n']
    return _page(f"{name} - RT Arabic", "utf-8", head, chrome, main)


def render_programme_page(programme: Programme, chrome: Chrome) -> str:
    """An audio programme episode: a heading, a player and one line of text; not an article."""
    main = (
        '<div class="programme">\n'
        f'<h1 class="heading">{_t(programme.name)}: {_t(programme.episode_title)}</h1>\n'
        f'<audio controls src="https://mf.b37mrtl.ru/media/audio/{programme.programme_id}/{programme.episode}.mp3">'
        "<p>Your browser does not support audio tag.</p></audio>\n"
        f"<p>حلقة جديدة من برنامج {_t(programme.name)}.</p>\n</div>\n"
    )
    head = [f'<link rel="canonical" href="{_a(CANONICAL_HOST + programme.path)}">\n']
    return _page(f"{programme.name} - RT Arabic", "utf-8", head, chrome, main)


def render_static_page(title: str, text: str, chrome: Chrome) -> str:
    main = f'<div class="static"><h1>{_t(title)}</h1><p>{_t(text)}</p></div>\n'
    return _page(f"{title} - RT Arabic", "utf-8", (), chrome, main)


def render_robots() -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {CANONICAL_HOST}/sitemap.xml\n"


# ---------------------------------------------------------------------------------------------
# feeds and sitemaps

_UTM = "?utm_source=rss&utm_medium=rss&utm_campaign=RSS"


def _rss_item(spec: ArticleSpec) -> str:
    summary = spec.lead or spec.paragraphs[0]
    preview = f'<img alt="Preview" src="{_a(spec.image.url)}"/> ' if spec.image else ""
    parts = [
        "  <item>\n",
        f"   <title>{xml_escape(spec.headline)}</title>\n",
        f"   <link><![CDATA[{spec.url}{_UTM}]]></link>\n",
        f"   <guid>{xml_escape(spec.url)}</guid>\n",
        f"   <description><![CDATA[{preview}{_t(summary)}]]></description>\n",
        f"   <category>{xml_escape(vocab.SECTION_NAMES[spec.section])}</category>\n",
    ]
    if spec.image:
        parts.append(f'   <enclosure url="{xml_escape(spec.image.url)}" type="image/jpeg" length="0"/>\n')
    parts.append(f"   <pubDate>{_rfc822(spec.published)}</pubDate>\n")
    if spec.article_id % 2 == 0:
        lead = f"<p><strong>{_t(spec.lead)}</strong></p>" if spec.lead else ""
        body = "".join(f"<p>{_t(p)}</p>" for p in spec.paragraphs)
        parts.append(f"   <content:encoded><![CDATA[{lead}{body}]]></content:encoded>\n")
    parts.append("  </item>\n")
    return "".join(parts)


def render_rss(items: Sequence[ArticleSpec], *, title: str, feed_path: str, now: datetime) -> str:
    """RSS 2.0 in RT's shape: CDATA links with utm parameters, clean guid, enclosure when there is a photo."""
    return "".join(
        (
            '<?xml version="1.0" encoding="utf-8"?>\n',
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">\n <channel>\n',
            f"  <title>{xml_escape(title)}</title>\n  <link>{CANONICAL_HOST}/</link>\n",
            "  <description>آخر الأخبار من RT Arabic</description>\n  <language>ar</language>\n",
            f"  <lastBuildDate>{_rfc822(now)}</lastBuildDate>\n",
            f"  <copyright>© 2005–{now.year} ANO TV-Novosti</copyright>\n",
            f'  <atom:link href="{CANONICAL_HOST}{feed_path}" rel="self" type="application/rss+xml"/>\n',
            *(_rss_item(spec) for spec in items),
            " </channel>\n</rss>\n",
        )
    )


def render_sitemap(entries: Sequence[tuple[str, datetime]]) -> str:
    """A ``urlset``: (absolute URL, last modification) pairs, ``lastmod`` in Moscow time."""
    rows = "".join(
        f" <url><loc>{xml_escape(url)}</loc><lastmod>{iso_moscow(when)}</lastmod></url>\n"
        for url, when in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n'
    )


def render_sitemap_index(entries: Sequence[tuple[str, datetime]]) -> str:
    rows = "".join(
        f" <sitemap><loc>{xml_escape(url)}</loc><lastmod>{iso_moscow(when)}</lastmod></sitemap>\n"
        for url, when in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</sitemapindex>\n'
    )
