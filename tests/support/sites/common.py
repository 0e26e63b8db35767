"""What every site renderer shares: story data, the gold answer written from it, and the file writers.

A renderer holds its stories as Python data and turns them into the site's own markup. The answers
(fixture ``expected.json``, mirror ``gold.jsonl``) are written from the same data, never from what
newsbot extracts, so a renderer and the extractor can disagree and the tests say who is wrong.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newsbot.mirror.site import MirrorSite
from newsbot.text import match_key

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "sites"
MIRRORS = REPO / "tests" / "fixtures" / "mirrors"

HTML_UTF8 = "text/html; charset=utf-8"
XML_UTF8 = "application/xml; charset=utf-8"
RSS_UTF8 = "application/rss+xml; charset=utf-8"
JSON_UTF8 = "application/json; charset=utf-8"
TEXT_UTF8 = "text/plain; charset=utf-8"

# Block kinds of a story's text. "p" and "h2" are body; the rest are inserts a page carries between
# paragraphs that are not the article's own text.
BODY_KINDS = ("p", "h2")


@dataclass(frozen=True)
class Image:
    url: str
    caption: str | None
    credit: str | None


@dataclass(frozen=True)
class Story:
    """One article as the site published it; renderers read it, the gold is written from it."""

    case: str  # fixture case name, or a short key for mirror-only stories
    site_id: str | None  # the site's own id (None where the URL carries none)
    path: str  # canonical path, raw (unencoded) Arabic allowed
    headline: str
    lead: str | None
    blocks: tuple[tuple[str, str], ...]  # ("p"|"h2"|"also"|"embed", text)
    published: str  # the raw date string as the primary source prints it
    published_iso: str  # the same instant, ISO 8601 with offset
    modified: str | None = None
    authors: tuple[str, ...] = ()
    section: str | None = None
    tags: tuple[str, ...] = ()
    image: Image | None = None
    source: str | None = None
    kind: str = "article"  # "article" | "video" | "opinion"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def body(self) -> str:
        return "\n\n".join(text for kind, text in self.blocks if kind in BODY_KINDS)

    def paragraphs(self) -> list[tuple[str, str]]:
        return list(self.blocks)


def pct(path: str) -> str:
    """Percent-encode a path the way browsers send it (upper-case hex), keeping ``/`` and ``-``.

    >>> pct("/ar/سلام/a-1")
    '/ar/%D8%B3%D9%84%D8%A7%D9%85/a-1'
    """
    return quote(path, safe="/-._~?=&:")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def content_hash(headline: str, body: str) -> str:
    """docs/schema.md: BLAKE2b-128 of the headline's and the body's match keys, one line each."""
    key = f"{match_key(headline)}\n{match_key(body)}"
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).hexdigest()


def expected_article(
    story: Story, site: str, url: str, canonical: str, scraped_at: str, full_id: str | None
) -> dict[str, Any]:
    image = story.image
    return {
        "article_body": story.body,
        "authors": list(story.authors),
        "canonical_url": canonical,
        "content_hash": content_hash(story.headline, story.body),
        "date_modified": story.modified,
        "date_published": story.published_iso,
        "date_published_raw": story.published,
        "description": story.lead,
        "duplicate_of": None,
        "headline": story.headline,
        "id": full_id,
        "in_language": "ar",
        "main_image": None
        if image is None
        else {"caption": image.caption, "credit": image.credit, "url": image.url},
        "scraped_at": scraped_at.replace("Z", "+00:00"),
        "section": story.section,
        "site": site,
        "source": story.source,
        "story_id": None,
        "tags": list(story.tags),
        "url": url,
    }


def gold_line(story: Story, canonical: str, full_id: str | None) -> dict[str, Any]:
    return {
        "url": canonical,
        "id": full_id,
        "headline": story.headline,
        "description": story.lead,
        "article_body": story.body,
        "date_published": story.published_iso,
        "authors": list(story.authors),
        "source": story.source,
    }


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_case(
    site: str,
    kind: str,
    case: str,
    *,
    url: str,
    body: str | bytes,
    page_name: str,
    content_type: str,
    captured_at: str,
    expected: dict[str, Any],
) -> Path:
    """Write ``<kind>/<case>/{page.*, meta.json, expected.json}`` for one fixture."""
    target = FIXTURES / site / kind / case
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("page.*"):
        old.unlink()
    data = body.encode("utf-8") if isinstance(body, str) else body
    (target / page_name).write_bytes(data)
    meta = {"captured_at": captured_at, "content_type": content_type, "status": 200, "url": url}
    (target / "meta.json").write_text(dump(meta), encoding="utf-8")
    (target / "expected.json").write_text(dump(expected), encoding="utf-8")
    return target


def save_mirror(site_name: str, mirror: MirrorSite, gold: list[dict[str, Any]]) -> Path:
    root = MIRRORS / site_name
    mirror.save(root)
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in gold)
    (root / "gold.jsonl").write_text(lines, encoding="utf-8")
    return root


def robots(sitemaps: list[str], disallow: tuple[str, ...] = ()) -> str:
    lines = ["User-agent: *", *(f"Disallow: {d}" for d in disallow), ""]
    lines += [f"Sitemap: {s}" for s in sitemaps]
    return "\n".join(lines) + "\n"


def sitemap_index(entries: list[tuple[str, str]]) -> str:
    rows = "".join(f"<sitemap><loc>{esc(u)}</loc><lastmod>{m}</lastmod></sitemap>\n" for u, m in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{rows}</sitemapindex>\n"
    )


def urlset(entries: list[tuple[str, str]]) -> str:
    rows = "".join(f"<url><loc>{esc(u)}</loc><lastmod>{m}</lastmod></url>\n" for u, m in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{rows}</urlset>\n"
    )


def jsonld(obj: dict[str, Any]) -> str:
    text = json.dumps(obj, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'
