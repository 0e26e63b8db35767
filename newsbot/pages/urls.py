"""URL canonicalisation: one URL per article, whatever host, tracking tag or AMP form it came by."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

if TYPE_CHECKING:
    from newsbot.profile import SiteProfile

#: Query parameters that identify a campaign or a click, never a page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "maca",
        "ocid",
        "cmpid",
        "at_medium",
        "at_campaign",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "amp",
        "output",
    }
)
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_")
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_LOWER_ESCAPE = re.compile(r"%(?:[a-f][0-9a-fA-F]|[0-9A-F][a-f])")


def is_tracking_param(name: str, extra: tuple[str, ...] = ()) -> bool:
    """Tell whether a query parameter only tracks a click.

    >>> is_tracking_param("utm_source"), is_tracking_param("page")
    (True, False)
    """
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES) or lowered in extra


def _upper_escapes(path: str) -> str:
    if not _LOWER_ESCAPE.search(path):
        return path
    return _ESCAPE.sub(lambda m: m.group(0).upper(), path)


def clean_url(url: str, profile: SiteProfile) -> str:
    """The URL to fetch: site hosts mapped to the canonical host, tracking parameters and fragment
    dropped, raw Arabic percent-encoded, AMP suffix removed. The trailing slash is kept as found,
    because some mirrors only answer the form they link to.

    >>> from newsbot.sites.rt_arabic import PROFILE
    >>> clean_url("http://rtarabic.com/world/123456-x/amp?utm_source=rss&utm_medium=rss#top", PROFILE)
    'https://arabic.rt.com/world/123456-x'
    >>> clean_url("https://arabic.rt.com/rss/?utm_source=a", PROFILE)
    'https://arabic.rt.com/rss/'
    """
    parts = urlsplit(safe_url_string(url.strip(), encoding="utf-8"))
    host = (parts.hostname or "").lower()
    scheme = parts.scheme.lower()
    netloc = parts.netloc
    if profile.owns_host(host) and not profile.keep_hosts:
        scheme, netloc = profile.scheme, profile.canonical_host
    path = _upper_escapes(parts.path) or "/"
    if is_article_path(path, profile):
        for suffix in profile.article_path_suffixes:
            if path.rstrip("/").endswith(suffix):
                path = path.rstrip("/")[: -len(suffix)]
                break
        query = ""
    else:
        pairs = [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not is_tracking_param(k, profile.tracking_params)
        ]
        query = urlencode(pairs)
    return urlunsplit((scheme, netloc, path, query, ""))


def canonical_url(url: str, profile: SiteProfile) -> str:
    """The stored, comparable form of an article URL: :func:`clean_url` without a trailing slash.

    >>> from newsbot.sites.rt_arabic import PROFILE
    >>> canonical_url("https://ar.russiatoday.com/news/46838-%d8%a7_x/", PROFILE)
    'https://arabic.rt.com/news/46838-%D8%A7_x'
    """
    cleaned = clean_url(url, profile)
    parts = urlsplit(cleaned)
    if is_article_path(parts.path, profile):
        return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
    return cleaned


def is_article_path(path: str, profile: SiteProfile) -> bool:
    return profile.article_path.match(path) is not None


def article_match(url: str, profile: SiteProfile) -> re.Match[str] | None:
    """Match a URL against the site's article path pattern, or an id-only alias of an article
    (such as RT's legacy ``/news/<id>/``), on site hosts only."""
    parts = urlsplit(url)
    if not profile.owns_host(parts.hostname or ""):
        return None
    path = _upper_escapes(parts.path)
    match = profile.article_path.match(path)
    if match is None:
        for alias in profile.article_aliases:
            match = alias.match(path)
            if match is not None:
                break
    return match


@dataclass(slots=True)
class _Href:
    """What an href amounts to on a site's pages."""

    stripped: str
    article: bool
    #: http(s) with a host: joined with a page URL, only that URL's scheme counts.
    absolute: bool
    joined: dict[str, str] = field(default_factory=dict)


#: Hrefs already read, per profile (kept with it, so that its id is not reused while here): menus
#: and related-article blocks repeat from page to page, and reading an href costs a URL split and a
#: regex, joining it a URL parse. Cleared when full.
_HREFS: dict[int, tuple[SiteProfile, dict[str, _Href]]] = {}
_HREFS_MAX = 20_000


def _read_href(raw: str, profile: SiteProfile) -> _Href:
    href = raw.strip()
    try:
        parts = urlsplit(href) if "//" in href else None
    except ValueError:  # a broken host, such as an unclosed "[": no link at all
        return _Href(href, article=False, absolute=False)
    path = parts.path if parts is not None else href
    article = bool(path) and (
        profile.article_path.match(path) is not None
        or any(alias.match(path) for alias in profile.article_aliases)
    )
    absolute = parts is not None and parts.scheme in ("http", "https") and bool(parts.netloc)
    return _Href(href, article, absolute)


def article_links(hrefs: Iterable[str], page_url: str, profile: SiteProfile) -> list[str]:
    """The hrefs whose path is an article's (``article_path`` or an alias), joined with the page's
    URL, in page order: what ``urljoin(page_url, href.strip())`` gives for each such href."""
    known = _HREFS.get(id(profile))
    if known is None or known[0] is not profile:
        if len(_HREFS) >= 16:
            _HREFS.clear()
        known = _HREFS[id(profile)] = (profile, {})
    memo = known[1]
    scheme: str | None = None
    found = []
    for raw in hrefs:
        entry = memo.get(raw)
        if entry is None:
            if len(memo) >= _HREFS_MAX:
                memo.clear()
            entry = memo[raw] = _read_href(raw, profile)
        if not entry.article:
            continue
        if not entry.absolute:
            found.append(urljoin(page_url, entry.stripped))
            continue
        if scheme is None:
            scheme = urlsplit(page_url).scheme
        joined = entry.joined.get(scheme)
        if joined is None:
            joined = entry.joined[scheme] = urljoin(page_url, entry.stripped)
        found.append(joined)
    return found


def url_key(url: str) -> str:
    """A stable short key of a canonical URL, for sites whose URLs carry no article id: 16 hex digits
    of BLAKE2b over the path and query (the host is left out, so the site's other domains agree).

    >>> url_key("https://www.aljazeera.net/politics/2024/4/13/x") == url_key("https://aljazeera.net/politics/2024/4/13/x")
    True
    >>> len(url_key("https://a.b/x"))
    16
    """
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return hashlib.blake2b(target.encode("utf-8"), digest_size=8).hexdigest()


def article_id(url: str, profile: SiteProfile) -> str | None:
    """``<site>:<id>`` for an article URL, else ``None``: the site's own id when its article path
    names one (group ``id``; digits lose leading zeros), else a stable key of the canonical URL.

    >>> from newsbot.sites.rt_arabic import PROFILE
    >>> article_id("https://rtarabic.com/world/1721790-%D8%B1/amp", PROFILE)
    'rt_arabic:1721790'
    >>> article_id("https://arabic.rt.com/prg/telecast-123456/episode/", PROFILE) is None
    True
    """
    match = article_match(url, profile)
    if match is None:
        return None
    site_id = match.groupdict().get("id")
    if site_id:
        return f"{profile.name}:{int(site_id) if site_id.isdigit() else site_id}"
    canonical = canonical_url(url, profile)
    if profile.keep_hosts:
        host = (urlsplit(canonical).hostname or "").removeprefix("www.")
        return f"{profile.name}:{host}:{url_key(canonical)}"
    return f"{profile.name}:{url_key(canonical)}"


def link_kind(url: str, profile: SiteProfile) -> str:
    """``"article"``, ``"page"`` (the site's, not an article) or ``"offsite"``, from the raw link.

    Cheap enough for every link of every page: only article links go on to :func:`clean_url`.

    >>> from newsbot.sites.rt_arabic import PROFILE
    >>> [link_kind(u, PROFILE) for u in ("https://rtarabic.com/world/1234567-خبر?utm_source=x",
    ...  "https://arabic.rt.com/tag/russia/", "https://t.me/rt")]
    ['article', 'page', 'offsite']
    """
    parts = urlsplit(url)
    if not profile.owns_host(parts.hostname or ""):
        return "offsite"
    path = parts.path
    if profile.article_path.match(path) or any(alias.match(path) for alias in profile.article_aliases):
        return "article"
    return "page"


def toggle_trailing_slash(url: str) -> str:
    """The same URL with its trailing slash added or removed (a second chance after a 404).

    >>> toggle_trailing_slash("https://a.b/x/1-y"), toggle_trailing_slash("https://a.b/x/1-y/")
    ('https://a.b/x/1-y/', 'https://a.b/x/1-y')
    """
    parts = urlsplit(url)
    path = parts.path[:-1] if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))
