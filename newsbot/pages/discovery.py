"""Page code for discovery pages: RSS/Atom feeds, sitemaps and listing pages -> links, no engine.

XML is parsed with entity resolution and network access off, and a document that declares
entities (an XML bomb, an external entity) is refused outright; a gzip body is inflated with a
hard size cap. Malformed XML is read up to the damage, and the damage is reported.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from lxml import etree

from newsbot.pages.tree import html_selector

if TYPE_CHECKING:
    from newsbot.profile import SiteProfile

#: Largest inflated size accepted for a gzip'd sitemap or feed (the sitemap protocol caps at 50 MB).
MAX_INFLATED = 50 * 1024 * 1024


class BadDocument(ValueError):
    """A feed or sitemap that cannot be read at all; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    #: Date string as printed by the source (pubDate, lastmod, a listing's date), if any.
    date_raw: str | None = None


@dataclass(frozen=True, slots=True)
class Sitemap:
    is_index: bool
    links: list[Link]


def _inflate(body: bytes) -> bytes:
    if not body.startswith(b"\x1f\x8b"):
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, MAX_INFLATED)
    except zlib.error as exc:
        raise BadDocument(f"broken gzip: {exc}") from None
    if inflater.unconsumed_tail:
        raise BadDocument(f"gzip body inflates past {MAX_INFLATED} bytes")
    return data


def _xml_root(body: bytes, problems: list[str] | None = None) -> etree._Element:
    """The document element; recoverable damage is appended to ``problems`` as one line.

    >>> _xml_root(b'<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    newsbot.pages.discovery.BadDocument: declares entities in its DTD (refused: an XML bomb ...)
    >>> found: list[str] = []
    >>> _xml_root(b"<r><a>x</a><a>y", found).tag, found
    ('r', ['malformed XML: Premature end of data in tag a line 1 (line 1)'])
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, recover=True, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(_inflate(body).lstrip(), parser=parser)
    except etree.XMLSyntaxError as exc:
        raise BadDocument(f"not XML: {exc}") from None
    if root is None:
        raise BadDocument("empty or unreadable XML")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        # Feeds and sitemaps never need their own entities; expanded or not, they are an attack.
        raise BadDocument("declares entities in its DTD (refused: an XML bomb or external entity)")
    if problems is not None:
        errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
        if errors:
            problems.append(f"malformed XML: {errors[0].message} (line {errors[0].line})")
    return root


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(element: etree._Element, *names: str) -> str | None:
    for child in element:
        if _local(child.tag) in names and child.text and child.text.strip():
            return str(child.text).strip()
    return None


def feed_links(body: bytes, base_url: str, *, problems: list[str] | None = None) -> list[Link]:
    """Article links of an RSS 2.0 or Atom feed, in document order.

    The clean URL is the ``guid`` when it is a permalink URL, else the ``link``. Damage that the
    parser read past (a feed cut off mid-item) is described in ``problems`` when it is given.

    >>> feed = b'''<rss><channel><item><link>https://a.b/x?utm_source=rss</link>
    ...   <guid>https://a.b/x</guid><pubDate>Fri, 10 Oct 2025 09:16:00 +0000</pubDate></item>
    ... </channel></rss>'''
    >>> feed_links(feed, "https://a.b/rss/")
    [Link(url='https://a.b/x', date_raw='Fri, 10 Oct 2025 09:16:00 +0000')]
    """
    root = _xml_root(body, problems)
    if _local(root.tag) not in {"rss", "feed", "RDF", "channel"}:
        raise BadDocument(f"not a feed: root element <{_local(root.tag)}>")
    links: list[Link] = []
    for element in root.iter():
        name = _local(element.tag)
        if name == "item":
            guid = _child_text(element, "guid")
            link = _child_text(element, "link")
            url = guid if guid and guid.startswith(("http://", "https://", "/")) else link
            date = _child_text(element, "pubDate", "date", "published", "updated")
        elif name == "entry":
            url = None
            for child in element:
                if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
                    url = child.get("href")
                    break
            date = _child_text(element, "published", "updated")
        else:
            continue
        if url:
            links.append(Link(urljoin(base_url, url.strip()), date))
    return links


def sitemap_links(body: bytes, base_url: str, *, problems: list[str] | None = None) -> Sitemap:
    """The entries of a sitemap index (sub-sitemaps) or of a url set (pages), with ``lastmod``;
    recoverable damage is described in ``problems`` when it is given.

    >>> sitemap_links(b'<sitemapindex><sitemap><loc>/s/1.xml</loc></sitemap></sitemapindex>',
    ...               "https://a.b/sitemap.xml")
    Sitemap(is_index=True, links=[Link(url='https://a.b/s/1.xml', date_raw=None)])
    """
    root = _xml_root(body, problems)
    kind = _local(root.tag)
    if kind not in {"sitemapindex", "urlset"}:
        raise BadDocument(f"not a sitemap: root element <{kind}>")
    entry = "sitemap" if kind == "sitemapindex" else "url"
    links = [
        Link(urljoin(base_url, loc), _child_text(element, "lastmod"))
        for element in root
        if _local(element.tag) == entry and (loc := _child_text(element, "loc"))
    ]
    return Sitemap(is_index=kind == "sitemapindex", links=links)


def page_links(html: str, base_url: str, profile: SiteProfile) -> list[Link]:
    """Every link of a section page or listing fragment, absolute, in document order.

    The caller keeps the article links; the date next to a listing item travels with it so that
    paging can stop at ``since``.
    """
    selector = html_selector(html or "<html></html>")
    links: list[Link] = []
    for anchor in selector.css("a[href]"):
        href = (anchor.attrib.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        date = anchor.xpath(
            "string((ancestor-or-self::*[position() <= 3][.//time or .//*[contains(@class,'date')]][1]"
            "//*[self::time or contains(@class,'date')])[1])"
        ).get()
        links.append(Link(urljoin(base_url, href), (date or "").strip() or None))
    for css in profile.selectors.listing_more:
        for more in selector.css(css):
            target = more.attrib.get("data-url") or more.attrib.get("href")
            if target:
                links.append(Link(urljoin(base_url, target.strip())))
    return links
