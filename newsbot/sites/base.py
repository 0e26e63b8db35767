"""The declarative description of one news site that spiders and page code share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from newsbot.text import match_key

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

    ``article_path`` must define the named groups ``id`` and ``section``; a URL whose path does not
    match it is never parsed as an article.
    """

    name: str
    canonical_host: str
    mirror_hosts: tuple[str, ...] = ()
    scheme: str = "https"
    timezone: str
    language: str = "ar"
    date_locale: str | None = None
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
    #: The site always opens the body with the lead, even when no meta description confirms it.
    #: og:image / JSON-LD image stand for the article's photo when the page shows none; off for
    #: sites that put a video poster or a default logo there.
    image_from_meta: bool = True

    @property
    def hosts(self) -> tuple[str, ...]:
        return (self.canonical_host, *self.mirror_hosts)

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
        host = host.lower().rstrip(".").removeprefix("www.")
        return host in self.hosts
