"""The declarative description of one news site: data at the bottom of the house.

A profile names hosts, entry points, URL shapes, selectors and chrome; the site module binds the page
classes that read the site (``article_page``, ``listing_page``). Nothing here looks a site up by name,
so a profile built at run time works exactly like a registered one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from newsbot.text import match_key

if TYPE_CHECKING:
    from newsbot.pages.base import BaseArticlePage
    from newsbot.pages.feed import FeedPage
    from newsbot.pages.listing import ListingPage
    from newsbot.pages.sitemap import SitemapPage
    from newsbot.render.plan import RenderPlan


def bare_host(host: str) -> str:
    """A host as sites are compared: lower case, no trailing dot, no ``www.``.

    >>> bare_host("WWW.AlArabiya.net.")
    'alarabiya.net'
    """
    return host.lower().rstrip(".").removeprefix("www.")


READ_MORE = re.compile(
    r"(?<!\w)(?:[اإأ]قر[أا]|طالع|شاهد)[\u064b-\u0652]*\s+(?:[أا]يض[اًأ]*|المزيد)[\u064b-\u0652]*\s*:?"
)
SOURCE_LINE = re.compile(r"^\s*(?:المصدر|المصادر)\s*[:：]\s*(?P<source>.{1,120})$")


@dataclass(frozen=True, kw_only=True)
class Selectors:
    """CSS selectors for the fields the generic extractor cannot read from JSON-LD or <meta>.

    Lists are tried in order; the first one that matches wins.
    """

    headline: tuple[str, ...] = ("h1",)
    body: tuple[str, ...] = ("article",)
    #: The standfirst, when the site prints it apart from the body container.
    lead: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    section: tuple[str, ...] = ()
    #: The article's photo holder, looked for inside the body container first ...
    image: tuple[str, ...] = ()
    #: ... then on the whole page.
    image_outside_body: tuple[str, ...] = ()
    image_caption: tuple[str, ...] = ()
    image_credit: tuple[str, ...] = ()
    listing_links: tuple[str, ...] = ("a[href]",)
    listing_more: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SiteProfile:
    """Everything site-specific, as data: hosts, entry points, URL shapes, selectors, chrome.

    A URL whose path does not match ``article_path`` (or one of ``article_aliases``) is never parsed
    as an article. Its optional named groups: ``id``, the site's own article id (the article's id is
    then ``<name>:<id>``; otherwise a stable key of the canonical URL stands in), and ``section``.
    """

    name: str
    canonical_host: str
    #: The site's other domains (old names, country domains), mapped onto ``canonical_host``.
    alias_hosts: tuple[str, ...] = ()
    #: Hosts of the same site that serve other paths (feed, API and CDN hosts): fetched as they are.
    service_hosts: tuple[str, ...] = ()
    scheme: str = "https"
    #: Articles live on several independent hosts (the generic crawl of any site): URLs keep their
    #: own host instead of being mapped onto ``canonical_host``, and URL-key ids name the host.
    keep_hosts: bool = False
    timezone: str
    language: str = "ar"
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    section_pages: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    listing_first_page: int = 0
    #: Paginated listing endpoints; group ``page`` is the page counter in the path.
    listing_path: re.Pattern[str] | None = None
    article_path: re.Pattern[str]
    article_path_suffixes: tuple[str, ...] = ()
    article_aliases: tuple[re.Pattern[str], ...] = ()
    tracking_params: tuple[str, ...] = ()
    selectors: Selectors = field(default_factory=Selectors)
    #: CSS selectors of everything inside the body container that is not the article's own text.
    chrome: tuple[str, ...] = ()
    #: "Read more" markers as printed by the site, tolerant of hamza and tanween spellings.
    read_more: re.Pattern[str] = READ_MORE
    #: The attribution line that closes the body; group ``source`` is its value.
    source_line: re.Pattern[str] = SOURCE_LINE
    #: Template lines of the site (labels, not news): a body paragraph equal to one is dropped.
    boilerplate_lines: tuple[str, ...] = ()
    #: Template line shapes (counters, bullets, copy-link lines): a paragraph matching one is dropped.
    boilerplate_patterns: tuple[re.Pattern[str], ...] = ()
    #: Lines after which nothing is article text (a comments heading, for instance).
    end_lines: tuple[str, ...] = ()
    #: The site may open the body with its lead paragraph (taken out as ``description`` when the
    #: page's description repeats it or it is set in bold). Off for sites that never do: their
    #: first paragraph is always body text. A standfirst printed apart from the body (``lead``
    #: selectors) is the lead on any site, and a first paragraph repeating it is dropped.
    lead_in_body: bool = True
    #: og:image / JSON-LD image stand for the article's photo when the page shows none; off for
    #: sites that put a video poster or a default logo there.
    image_from_meta: bool = True
    #: The page class that reads this site's articles (the generic HTML page when unset).
    article_page: type[BaseArticlePage] | None = None
    #: The page class that reads this site's section and listing pages (HTML links when unset).
    listing_page: type[ListingPage] | None = None
    #: Page classes for the site's feeds and sitemaps, when they carry more than the standard.
    feed_page: type[FeedPage] | None = None
    sitemap_page: type[SitemapPage] | None = None
    #: Which of the site's pages are rendered in a browser, with what page actions; ``None``: none
    #: (docs/rendering.md).
    render: RenderPlan | None = None
    #: Scrapy settings this site's spider runs with (health thresholds, politeness).
    settings: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def hosts(self) -> tuple[str, ...]:
        """Hosts whose article URLs are this site's, canonical host first."""
        return (self.canonical_host, *self.alias_hosts)

    @property
    def all_hosts(self) -> tuple[str, ...]:
        """Every host the site is fetched from: article hosts, then feed, API and CDN hosts."""
        return (*self.hosts, *self.service_hosts)

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.canonical_host}"

    @cached_property
    def boilerplate_keys(self) -> frozenset[str]:
        return frozenset(match_key(line) for line in self.boilerplate_lines)

    @cached_property
    def end_markers(self) -> frozenset[str]:
        return frozenset(match_key(line) for line in self.end_lines)

    def owns_host(self, host: str) -> bool:
        # Only the bare host and its www. form: other subdomains (campaign sites, feed hosts,
        # short links) serve different paths and must not be mapped onto the canonical host.
        return bare_host(host) in self._bare_hosts

    def serves_host(self, host: str) -> bool:
        """Whether requests to ``host`` belong to this site (article, feed, API or CDN host)."""
        host = bare_host(host)
        return host in self._bare_hosts or host in self._service_hosts

    @cached_property
    def _bare_hosts(self) -> frozenset[str]:
        return frozenset(bare_host(host) for host in self.hosts)

    @cached_property
    def _service_hosts(self) -> frozenset[str]:
        return frozenset(bare_host(host) for host in self.service_hosts)
