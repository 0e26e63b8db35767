"""An in-memory copy of a website: a route table from request target to stored response."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

__all__ = ["MirrorSite", "Resource", "normalize_target", "quote_url", "split_target"]

# Characters left unescaped when re-quoting a decoded path: RFC 3986 pchar minus "%", plus "/".
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_QUERY_SAFE = ":@!$'()*,;/?-._~"

ROUTES_FILE = "routes.json"
BODIES_DIR = "bodies"
_FORMAT_VERSION = 1

# Used only when a fixture's meta.json names no content type; fixtures should name one, because the
# charset in it is part of what is being tested.
_DEFAULT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}


@dataclass(frozen=True, slots=True)
class Resource:
    """One stored response: the body bytes exactly as served, and the headers that matter."""

    body: bytes
    content_type: str
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()


def _canonical_path(path: str) -> str:
    """Decode then re-quote a path so encoded and raw forms compare equal.

    >>> _canonical_path("/world/1-%d8%b3%D9%84")
    '/world/1-%D8%B3%D9%84'
    >>> _canonical_path("/world/1-سل")
    '/world/1-%D8%B3%D9%84'

    A truncated escape (seen in one real RT URL) decodes to U+FFFD instead of raising:

    >>> _canonical_path("/world/2-%D8%B3-%D9")
    '/world/2-%D8%B3-%EF%BF%BD'
    """
    decoded = unquote(path or "/", encoding="utf-8", errors="replace")
    return quote(decoded, safe=_PATH_SAFE)


def _canonical_query(query: str) -> str:
    """Decode then re-encode a query string, keeping parameter order.

    >>> _canonical_query("q=%D8%B3+x&utm_source=rss")
    'q=%D8%B3%20x&utm_source=rss'
    """
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True, encoding="utf-8", errors="replace")
    return urlencode(pairs, safe=_QUERY_SAFE, quote_via=quote)


def split_target(url_or_path: str) -> tuple[str, str]:
    """Return the canonical (path, query) of an absolute URL or a request target; host and fragment dropped.

    >>> split_target("https://arabic.rt.com/world/123-x?utm_source=rss#top")
    ('/world/123-x', 'utm_source=rss')
    >>> split_target("/rss/")
    ('/rss/', '')
    """
    text = url_or_path.strip()
    if text.startswith(("http://", "https://", "//")):
        parts = urlsplit(text)
        path, query = parts.path, parts.query
    else:
        # A bare path is split by hand: urlsplit would read "//x" or "a:b" as a host or scheme.
        path, _, query = text.partition("?")
        path = path.partition("#")[0]
        query = query.partition("#")[0]
    if not path.startswith("/"):
        path = "/" + path
    return _canonical_path(path), _canonical_query(query)


def quote_url(url_or_path: str) -> str:
    """Percent-encode the path and query of a URL or path, keeping scheme and host.

    >>> quote_url("https://arabic.rt.com/world/1-سل?utm_source=rss")
    'https://arabic.rt.com/world/1-%D8%B3%D9%84?utm_source=rss'
    """
    text = url_or_path.strip()
    prefix = ""
    if text.startswith(("http://", "https://", "//")):
        parts = urlsplit(text)
        prefix = f"{parts.scheme}://{parts.netloc}" if parts.scheme else f"//{parts.netloc}"
    return prefix + normalize_target(text)


def normalize_target(url_or_path: str) -> str:
    """The route-table key for a URL or path: canonical path, plus ``?query`` when there is one.

    >>> normalize_target("https://rtarabic.com/سبورت/1?a=1")
    '/%D8%B3%D8%A8%D9%88%D8%B1%D8%AA/1?a=1'
    """
    path, query = split_target(url_or_path)
    return f"{path}?{query}" if query else path


class MirrorSite:
    """A route table from request target (path + query) to :class:`Resource`.

    Hosts are ignored, so one table serves a site and all its mirror hosts.
    """

    def __init__(self, routes: Mapping[str, Resource] | None = None) -> None:
        self._routes: dict[str, Resource] = {}
        for key, resource in (routes or {}).items():
            self._routes[normalize_target(key)] = resource

    # -- building -------------------------------------------------------------------------------
    def add(
        self,
        url_or_path: str,
        body: bytes | str,
        content_type: str,
        status: int = 200,
        headers: Iterable[tuple[str, str]] = (),
    ) -> str:
        """Store a response (replacing any previous one); return the normalised key.

        A ``str`` body is encoded as UTF-8; pass bytes for any other encoding.
        """
        data = body.encode("utf-8") if isinstance(body, str) else body
        key = normalize_target(url_or_path)
        self._routes[key] = Resource(data, content_type, status, tuple(headers))
        return key

    def add_resource(self, url_or_path: str, resource: Resource) -> str:
        key = normalize_target(url_or_path)
        self._routes[key] = resource
        return key

    def redirect(self, url_or_path: str, location: str, status: int = 301) -> str:
        """Store a redirect with a small HTML body, as servers send.

        ``location`` may be a path or an absolute URL, raw or encoded; it is stored percent-encoded
        because header values must be ASCII.
        """
        location = quote_url(location)
        body = f'<html><body><a href="{location}">moved</a></body></html>'
        return self.add(url_or_path, body, "text/html; charset=utf-8", status, (("Location", location),))

    def remove(self, url_or_path: str) -> bool:
        return self._routes.pop(normalize_target(url_or_path), None) is not None

    def update(self, other: MirrorSite) -> None:
        """Copy every route of ``other`` into this site, replacing clashes."""
        self._routes.update(other._routes)

    # -- reading --------------------------------------------------------------------------------
    def lookup(self, path_and_query: str) -> Resource | None:
        """Exact path + query first, then the bare path (real sites ignore unknown ``utm_*`` params)."""
        path, query = split_target(path_and_query)
        if query:
            found = self._routes.get(f"{path}?{query}")
            if found is not None:
                return found
        return self._routes.get(path)

    def __contains__(self, url_or_path: object) -> bool:
        return isinstance(url_or_path, str) and self.lookup(url_or_path) is not None

    def __len__(self) -> int:
        return len(self._routes)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._routes))

    def items(self) -> Iterator[tuple[str, Resource]]:
        """(key, resource) pairs in key order."""
        for key in sorted(self._routes):
            yield key, self._routes[key]

    # -- persistence ----------------------------------------------------------------------------
    def save(self, directory: str | Path) -> Path:
        """Write ``routes.json`` and content-addressed body files (identical bodies are stored once)."""
        root = Path(directory)
        bodies = root / BODIES_DIR
        if bodies.is_dir() and (root / ROUTES_FILE).exists():
            # Only a previous mirror's own body store is cleared, so stale files do not pile up.
            shutil.rmtree(bodies)
        bodies.mkdir(parents=True, exist_ok=True)
        written: set[str] = set()
        entries: list[dict[str, Any]] = []
        for key, res in self.items():
            name = _body_name(res)
            if name not in written:
                target = root / name
                target.parent.mkdir(exist_ok=True)
                target.write_bytes(res.body)
                written.add(name)
            entry: dict[str, Any] = {"target": key, "file": name, "content_type": res.content_type}
            if res.status != 200:
                entry["status"] = res.status
            if res.headers:
                entry["headers"] = [list(pair) for pair in res.headers]
            entries.append(entry)
        doc = {"version": _FORMAT_VERSION, "routes": entries}
        text = json.dumps(doc, ensure_ascii=False, indent=1)
        (root / ROUTES_FILE).write_text(text + "\n", encoding="utf-8")
        return root

    @classmethod
    def load(cls, directory: str | Path) -> MirrorSite:
        root = Path(directory)
        doc = json.loads((root / ROUTES_FILE).read_text(encoding="utf-8"))
        if doc.get("version") != _FORMAT_VERSION:
            raise ValueError(f"{root / ROUTES_FILE}: unsupported mirror format {doc.get('version')!r}")
        site = cls()
        cache: dict[str, bytes] = {}
        for entry in doc["routes"]:
            name = entry["file"]
            if name not in cache:
                cache[name] = (root / name).read_bytes()
            headers = tuple((str(k), str(v)) for k, v in entry.get("headers", []))
            resource = Resource(cache[name], entry["content_type"], int(entry.get("status", 200)), headers)
            site._routes[entry["target"]] = resource
        return site

    @classmethod
    def from_fixtures(cls, root: str | Path) -> MirrorSite:
        """Build a site from ``<case>/page.html|page.xml`` + ``meta.json`` directories under ``root``.

        ``meta.json`` holds ``url`` and optionally ``content_type``, ``status`` and ``headers``
        (an object or a list of pairs). When two fixtures share a URL the later path (sorted) wins.
        """
        site = cls()
        for meta_path in sorted(Path(root).rglob("meta.json")):
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            page = _fixture_page(meta_path.parent)
            body = page.read_bytes() if page is not None else b""
            default_type = (
                _DEFAULT_TYPES.get(page.suffix, "application/octet-stream") if page else "text/html"
            )
            raw_headers = meta.get("headers") or ()
            if isinstance(raw_headers, dict):
                raw_headers = raw_headers.items()
            headers = tuple((str(k), str(v)) for k, v in raw_headers)
            site.add(
                meta["url"],
                body,
                meta.get("content_type") or default_type,
                int(meta.get("status") or 200),
                headers,
            )
        return site


def _fixture_page(case_dir: Path) -> Path | None:
    for name in ("page.html", "page.xml", "page.txt", "page.json"):
        candidate = case_dir / name
        if candidate.is_file():
            return candidate
    others = sorted(case_dir.glob("page.*"))
    return others[0] if others else None


def _body_name(res: Resource) -> str:
    digest = hashlib.sha1(res.body, usedforsecurity=False).hexdigest()
    mime = res.content_type.partition(";")[0].strip().lower()
    if mime.endswith("html"):
        ext = ".html"
    elif mime.endswith("xml"):
        ext = ".xml"
    elif mime.startswith("text/"):
        ext = ".txt"
    elif mime.endswith("json"):
        ext = ".json"
    else:
        ext = ".bin"
    return f"{BODIES_DIR}/{digest[:2]}/{digest}{ext}"
