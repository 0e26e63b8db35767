"""Shared pieces of the site renderers: story data, URL quoting, fixture and gold writers.

A renderer module (one per site) holds its stories as Python data, renders them into that site's markup,
and writes from the same data both the page and the hand gold (expected.json, gold.jsonl). Nothing here
runs newsbot's extraction: the gold is what the data says the page shows.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newsbot.mirror.site import MirrorSite

ROOT = Path(__file__).resolve().parents[2]
SITES = ROOT / "fixtures" / "sites"
MIRRORS = ROOT / "fixtures" / "mirrors"

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
JSON = "application/json; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Image:
    url: str
    caption: str | None
    credit: str | None


@dataclass
class Story:
    """One article as published: what the page shows, in the site's own spelling.

    ``blocks`` is the body in page order: ``("p", text)`` paragraph, ``("h2", text)`` subheading (both are
    body text), ``("also", headline, path)`` an inline read-also insert (chrome), ``("quote", text)`` a
    pull quote that repeats body text (chrome).
    """

    key: str
    section: str
    slug: str
    headline: str
    lead: str | None
    blocks: list[tuple[str, ...]]
    published: str
    modified: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image: Image | None = None
    source: str | None = None
    video: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def paragraphs(self) -> list[str]:
        return [b[1] for b in self.blocks if b[0] in ("p", "h2")]

    def body(self) -> str:
        return "\n\n".join(self.paragraphs())


def pct(text: str) -> str:
    """Percent-encode a path segment the way the sites print it (upper-case hex, ``-`` kept).

    >>> pct("أمر-جامع")
    '%D8%A3%D9%85%D8%B1-%D8%AC%D8%A7%D9%85%D8%B9'
    """
    return quote(text, safe="-._~")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def iso_offset(value: str) -> str:
    """An ISO 8601 instant with ``Z`` written as ``+00:00`` and zero milliseconds dropped.

    >>> iso_offset("2024-05-12T08:14:21.000Z")
    '2024-05-12T08:14:21+00:00'
    """
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.isoformat()


def dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def jsonld(obj: Any) -> str:
    """A JSON-LD script body; ``</`` is escaped so text cannot close the script element."""
    return json.dumps(obj, ensure_ascii=False).replace("</", "<\\/")


def expected_article(
    *,
    site: str,
    story: Story,
    url: str,
    canonical: str,
    article_id: str | None,
    date_raw: str,
    section: str | None,
    captured_at: str,
    main_image: Image | str | None = "story",
) -> dict[str, Any]:
    """The full Article answer for a fixture, from the story data alone."""
    image = story.image if main_image == "story" else main_image
    from newsbot.pages.base import content_hash  # the project's documented fingerprint of the gold text

    return {
        "id": article_id,
        "site": site,
        "url": url,
        "canonical_url": canonical,
        "headline": story.headline,
        "description": story.lead,
        "article_body": story.body(),
        "date_published": iso_offset(date_raw),
        "date_published_raw": date_raw,
        "date_modified": iso_offset(story.modified) if story.modified else None,
        "authors": list(story.authors),
        "section": section,
        "tags": list(story.tags),
        "main_image": (
            {"url": image.url, "caption": image.caption, "credit": image.credit}
            if isinstance(image, Image)
            else None
        ),
        "source": story.source,
        "in_language": "ar",
        "scraped_at": iso_offset(captured_at),
        "content_hash": content_hash(story.headline, story.body()),
        "duplicate_of": None,
        "story_id": None,
    }


def gold_line(story: Story, canonical: str, article_id: str | None) -> str:
    row = {
        "url": canonical,
        "id": article_id,
        "headline": story.headline,
        "description": story.lead,
        "article_body": story.body(),
        "date_published": iso_offset(story.published),
        "authors": list(story.authors),
        "source": story.source,
    }
    return json.dumps(row, ensure_ascii=False)


def write_case(
    site: str,
    kind: str,
    case: str,
    *,
    url: str,
    body: str | bytes,
    content_type: str,
    captured_at: str,
    expected: dict[str, Any],
    page_name: str = "page.html",
    status: int = 200,
) -> None:
    """Write one fixture directory (page, meta.json, expected.json), replacing what was there."""
    folder = SITES / site / kind / case
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page.*"):
        old.unlink()
    data = body.encode("utf-8") if isinstance(body, str) else body
    (folder / page_name).write_bytes(data)
    meta = {"captured_at": captured_at, "content_type": content_type, "status": status, "url": url}
    (folder / "meta.json").write_text(dump(meta), encoding="utf-8")
    (folder / "expected.json").write_text(dump(expected), encoding="utf-8")


def save_mirror(site: MirrorSite, name: str, gold: list[str]) -> Path:
    folder = MIRRORS / name
    site.save(folder)
    (folder / "gold.jsonl").write_text("\n".join(gold) + "\n", encoding="utf-8")
    return folder


def rfc822(value: str) -> str:
    """RSS ``pubDate`` form of an ISO instant, in its own offset.

    >>> rfc822("2024-04-13T17:21:05+03:00")
    'Sat, 13 Apr 2024 17:21:05 +0300'
    """
    from email.utils import format_datetime

    return format_datetime(datetime.fromisoformat(value))
