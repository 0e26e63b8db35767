"""One generated RT-Arabic-shaped site with a fault on every kind of route, and what each fault
must leave in the crawl's stats and log."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from newsbot.demo.articles import CANONICAL_HOST, ArticleSpec, make_articles
from newsbot.demo.render import render_sitemap, render_sitemap_index
from newsbot.demo.site import build_site, default_now, gold
from newsbot.mirror.site import Resource
from tests.support.faults import Fault, FaultySite, billion_laughs, gzip_bomb, oversize, status_page

ARTICLES = 30
SEED = 11
#: Small enough that the oversized page and the gzip bomb exceed it, large enough for articles.
MAXSIZE = 200_000
#: The crawl's listing page cap, and the listing that would never end without it.
MAX_LISTING_PAGES = 5
ENDLESS_LISTING = "/listing/trend.53b3df9e611e9b8e648b45c9/noprepare/trend/10/"
FAULT_SITEMAP = "/sitemap/faults.xml"
BOMB_SITEMAP = "/sitemap/bomb.xml"
BROKEN_SITEMAP = "/sitemap/broken.xml"

HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
XML = "application/xml; charset=utf-8"

#: The settings every fault crawl runs with: faults surface in about a second.
CRAWL_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_TIMEOUT": 1,
    "RETRY_TIMES": 1,
    "NEWSBOT_RETRY_BACKOFF_BASE": 0.05,
    "NEWSBOT_RETRY_BACKOFF_MAX": 2,
    "DOWNLOAD_MAXSIZE": MAXSIZE,
    "DOWNLOAD_WARNSIZE": 0,
    "NEWSBOT_MAX_LISTING_PAGES": MAX_LISTING_PAGES,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "CONCURRENT_REQUESTS": 32,
}


@dataclass(frozen=True)
class Case:
    """One fault: where it is served, the ``newsbot/`` stat it must raise, and how its URL must
    appear in the log: in one WARNING line (a page or document lost or damaged), in one INFO line
    and no warning (handled, worth a note), or not at all at INFO and above (``none``: retried
    and recovered)."""

    name: str
    url: str
    stat: str
    level: str = "WARNING"
    #: The URL is one of the generated site's articles, so it must end up stored.
    good: bool = False


@dataclass
class FaultySiteBuild:
    site: FaultySite
    gold: dict[str, dict[str, Any]]
    cases: list[Case]
    specs: list[ArticleSpec]


def _fault_url(n: int, name: str) -> str:
    return f"{CANONICAL_HOST}/world/{9_900_000 + n}-fault-{name.replace('_', '-')}"


def _path(url: str) -> str:
    return url.removeprefix(CANONICAL_HOST)


def _truncated(document: bytes, tag: bytes) -> bytes:
    """A document cut off inside the last ``tag`` element, as a dropped connection leaves it."""
    return document[: document.rfind(tag) + len(tag) + 12]


def build(sentinel: str) -> FaultySiteBuild:
    """The site, its gold items, and the fault cases; ``sentinel`` is the base URL of a server
    that must never be asked for anything (the target of an offsite redirect)."""
    specs = make_articles(ARTICLES, seed=SEED)
    modern = [s for s in specs if s.layout != "legacy_press" and s.encoding == "utf-8"]
    # Two articles are re-rendered in windows-1256: one without any charset, and one whose
    # header and <meta> claim utf-8 (patched below, after rendering).
    undeclared, mismatched = modern[0], modern[1]
    recode = {
        undeclared.article_id: dataclasses.replace(
            undeclared, encoding="windows-1256", charset_declared=False
        ),
        mismatched.article_id: dataclasses.replace(mismatched, encoding="windows-1256"),
    }
    specs = [recode.get(s.article_id, s) for s in specs]
    site = FaultySite()
    site.update(build_site(specs, now=default_now(specs)))
    expected = gold(specs)

    page = site.lookup(mismatched.path)
    assert page is not None
    site.add(mismatched.path, page.body.replace(b'charset="windows-1256"', b'charset="utf-8"'), HTML)

    cases = [
        Case("charset_undeclared_cp1256", undeclared.url, "newsbot/pages/charset/undeclared", "INFO", True),
        Case("charset_utf8_declared_cp1256", mismatched.url, "newsbot/pages/charset/mismatch", "INFO", True),
    ]

    # Good articles behind survivable faults: they must be stored all the same.
    flaky_503, flaky_reset, slow_but_in_time = modern[2], modern[3], modern[4]
    site.add_fault(flaky_503.path, Fault.flaky(times=1, status=503))
    site.add_fault(flaky_reset.path, Fault.flaky(times=1, status=0))
    site.add_fault(slow_but_in_time.path, Fault.drip(seconds=0.3, chunk=4096))
    cases += [
        Case("flaky_503_then_ok", flaky_503.url, "newsbot/retries/http", "none", True),
        Case("flaky_reset_then_ok", flaky_reset.url, "newsbot/retries/network", "none", True),
        Case("slow_but_in_time", slow_but_in_time.url, "newsbot/stored/sqlite", "none", True),
    ]

    # Article URLs that never give an article.
    faulty: list[tuple[str, str, Fault | Resource]] = [
        ("http_500", "newsbot/errors/http_500", status_page(500)),
        ("http_502", "newsbot/errors/http_502", status_page(502)),
        # As faults rather than plain pages, so that the site notes when each retry came.
        ("http_503", "newsbot/errors/http_503", Fault.flaky(times=99, status=503)),
        ("http_503_retry_after", "newsbot/errors/http_503", Fault.flaky(times=99, retry_after="1")),
        ("http_429", "newsbot/errors/http_429", status_page(429)),
        ("http_429_retry_after", "newsbot/errors/http_429", status_page(429, retry_after="1")),
        # Dead links: counted apart from errors, and named at INFO.
        ("http_404", "newsbot/dead_links/http_404", status_page(404)),
        ("http_410", "newsbot/dead_links/http_410", status_page(410)),
        ("reset", "newsbot/errors/connection_reset", Fault.reset()),
        # Headers and part of a body, then a reset: to the client, a body cut short.
        ("reset_after_headers", "newsbot/errors/dataloss", Fault.reset(after_headers=True)),
        ("stall", "newsbot/errors/timeout", Fault.stall(3.0)),
        ("slow_drip", "newsbot/errors/timeout", Fault.drip(seconds=3.0, chunk=512)),
        ("truncated_body", "newsbot/errors/dataloss", Fault.truncate(missing=5000)),
        ("oversize", "newsbot/errors/too_large", oversize(MAXSIZE * 2)),
        ("gzip_bomb", "newsbot/errors/too_large", gzip_bomb()),
        ("empty_html", "newsbot/errors/empty_page", Resource(b"", HTML)),
        (
            "not_html",
            "newsbot/errors/not_html",
            Resource(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
        ),
        ("redirect_loop", "newsbot/errors/redirect_loop", Resource(b"", HTML)),
        ("redirect_offsite", "newsbot/errors/offsite", Resource(b"", HTML)),
        ("redirect_offsite_after_retry", "newsbot/errors/offsite", Resource(b"", HTML)),
    ]
    some_article = modern[5]
    for n, (name, stat, fault) in enumerate(faulty, start=1):
        url = _fault_url(n, name)
        path = _path(url)
        body = site.lookup(some_article.path)
        if isinstance(fault, Fault):
            site.add_fault(path, fault, body)
        else:
            site.add_resource(path, fault)
        cases.append(Case(name, url, stat, "INFO" if "/dead_links/" in stat else "WARNING"))

    loop = {c.name: c for c in cases}
    loop_a = _path(loop["redirect_loop"].url)
    site.redirect(loop_a, loop_a + "-b")
    site.redirect(loop_a + "-b", loop_a)
    site.redirect(_path(loop["redirect_offsite"].url), "https://example.org/x")
    retried = _path(loop["redirect_offsite_after_retry"].url)
    site.redirect(retried, sentinel + "/leak")
    site.add_fault(retried, Fault.flaky(times=1, status=503), site.lookup(retried))

    # A sitemap of the faulty article URLs, listed in the index, next to broken sitemaps and the
    # index itself.
    fault_urls = [c.url for c in cases if not c.good]
    when = max(s.published for s in specs)
    site.add(FAULT_SITEMAP, render_sitemap([(url, when) for url in fault_urls]), XML)
    index = site.lookup("/sitemap.xml")
    assert index is not None
    entries = [
        (CANONICAL_HOST + path, when)
        for path in (FAULT_SITEMAP, BOMB_SITEMAP, BROKEN_SITEMAP, "/sitemap.xml")
    ]
    extra = render_sitemap_index(entries).encode()
    rows = extra[extra.index(b"<sitemap>") : extra.index(b"</sitemapindex>")]
    site.add("/sitemap.xml", index.body.replace(b"</sitemapindex>", rows + b"</sitemapindex>"), XML)
    site.add(
        BOMB_SITEMAP,
        billion_laughs("urlset", f"<url><loc>{fault_urls[0]}</loc></url>"),
        XML,
    )
    broken = render_sitemap([(s.url, s.published) for s in specs[:5]]).encode()
    site.add(BROKEN_SITEMAP, _truncated(broken, b"<loc>"), XML)
    cases += [
        Case("sitemap_index_lists_itself", CANONICAL_HOST + "/sitemap.xml", "newsbot/errors/sitemap_loop"),
        Case("sitemap_xml_bomb", CANONICAL_HOST + BOMB_SITEMAP, "newsbot/errors/bad_sitemap"),
        Case("sitemap_malformed", CANONICAL_HOST + BROKEN_SITEMAP, "newsbot/discovery/sitemap/recovered"),
    ]

    # Feeds: one cut off mid-item, one an XML bomb, one an HTML error page.
    culture = site.lookup("/rss/culture/")
    assert culture is not None
    site.add("/rss/culture/", _truncated(culture.body, b"<link>"), RSS)
    site.add("/rss/news/", billion_laughs("rss", "<channel></channel>"), RSS)
    site.add("/rss/health/", b"<html><body><h1>502 Bad Gateway</h1></body></html>", RSS)
    cases += [
        Case("feed_malformed", CANONICAL_HOST + "/rss/culture/", "newsbot/discovery/feed/recovered"),
        Case("feed_xml_bomb", CANONICAL_HOST + "/rss/news/", "newsbot/errors/bad_feed"),
        Case("feed_not_xml", CANONICAL_HOST + "/rss/health/", "newsbot/errors/bad_feed"),
    ]

    # A listing whose every page links ten articles and the next page, forever.
    good_paths = [s.path for s in specs]

    def listing_page(match: Any) -> Resource:
        page = int(match.group("page"))
        links = "".join(
            f'<div class="card"><a class="heading" href="{good_paths[(page * 10 + k) % len(good_paths)]}">'
            f"خبر {page}-{k}</a></div>\n"
            for k in range(10)
        )
        more = f'<button data-url="{ENDLESS_LISTING}{page + 1}">المزيد</button>'
        return Resource(f'<div class="listing__page">{links}{more}</div>'.encode(), HTML)

    site.add_generated(ENDLESS_LISTING.replace(".", r"\.") + r"(?P<page>\d+)", listing_page)
    cases.append(
        Case(
            "listing_never_ends",
            CANONICAL_HOST + ENDLESS_LISTING,
            "newsbot/discovery/listing/page_cap",
            "INFO",
        )
    )
    return FaultySiteBuild(site, expected, cases, specs)
