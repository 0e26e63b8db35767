"""Fixture cases (tests/fixtures/sites/<site>/<kind>/<case>/) and what newsbot makes of them.

``python -m tests.fixturelib update [--site S]`` (``make fixtures-update``) rewrites every
expected.json from the current code and prints the diff for review; the tests only compare.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from newsbot.pages import FeedPage, ListingPage, NotAnArticle, SitemapPage, extract_article
from newsbot.pages.urls import article_id, canonical_url
from newsbot.sites import get_profile, profiles

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sites"
KINDS = ("articles", "non_articles", "feeds", "sitemaps", "listings", "api")


@dataclass(frozen=True)
class Case:
    site: str
    kind: str
    path: Path

    @property
    def name(self) -> str:
        return f"{self.site}/{self.kind}/{self.path.name}"

    @property
    def meta(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads((self.path / "meta.json").read_text(encoding="utf-8"))
        return loaded

    @property
    def body(self) -> bytes:
        names = ("page.html", "page.xml", "page.json")
        page = next(p for p in (self.path / name for name in names) if p.exists())
        return page.read_bytes()

    @property
    def expected_path(self) -> Path:
        return self.path / "expected.json"

    def expected(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.expected_path.read_text(encoding="utf-8"))
        return loaded


def cases(kind: str | None = None, site: str | None = None) -> list[Case]:
    found = []
    for site_dir in sorted(FIXTURES.iterdir()) if FIXTURES.exists() else []:
        if site is not None and site_dir.name != site:
            continue
        for kind_dir in sorted(site_dir.iterdir()):
            if kind_dir.name not in KINDS or (kind is not None and kind_dir.name != kind):
                continue
            found.extend(
                Case(site_dir.name, kind_dir.name, p) for p in sorted(kind_dir.iterdir()) if p.is_dir()
            )
    return found


def _split_urls(urls: list[str], site: str) -> dict[str, list[str]]:
    profile = get_profile(site)
    articles = [canonical_url(u, profile) for u in urls if article_id(u, profile)]
    others = [u for u in urls if not article_id(u, profile)]
    return {"article_urls": list(dict.fromkeys(articles)), "other_urls": list(dict.fromkeys(others))}


@cache
def actual(case: Case) -> dict[str, Any]:
    """What the current code makes of a fixture, in the shape of its expected.json."""
    profile = get_profile(case.site)
    meta = case.meta
    headers = {"Content-Type": meta["content_type"]} if meta.get("content_type") else {}
    if case.kind in ("articles", "non_articles"):
        try:
            item = extract_article(
                meta["url"],
                case.body,
                profile,
                headers=headers,
                scraped_at=datetime.fromisoformat(meta["captured_at"]),
            )
        except NotAnArticle:
            return {"article": False}
        return asdict(item)
    if case.kind == "feeds":
        feed = (profile.feed_page or FeedPage)(meta["url"], case.body, profile, headers=headers)
        return _split_urls([link.url for link in feed.links()], case.site)
    if case.kind == "sitemaps":
        sitemap = (profile.sitemap_page or SitemapPage)(meta["url"], case.body, profile, headers=headers)
        if sitemap.is_index:
            return {"sitemaps": [link.url for link in sitemap.links()]}
        return _split_urls([link.url for link in sitemap.links()], case.site)
    listing = (profile.listing_page or ListingPage)(meta["url"], case.body, profile, headers=headers)
    split = _split_urls([link.url for link in listing.links()], case.site)
    if case.kind == "api":
        return {"article_urls": split["article_urls"], "next_page": listing.next_page()}
    return {"article_urls": split["article_urls"]}


def dump(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def update(site: str | None) -> int:
    changed = 0
    for case in cases(site=site):
        new = dump(actual(case))
        old = case.expected_path.read_text(encoding="utf-8") if case.expected_path.exists() else ""
        if new != old:
            changed += 1
            sys.stdout.writelines(
                difflib.unified_diff(
                    old.splitlines(keepends=True),
                    new.splitlines(keepends=True),
                    f"a/{case.name}",
                    f"b/{case.name}",
                )
            )
            case.expected_path.write_text(new, encoding="utf-8")
    print(f"{changed} expected.json file(s) rewritten; review the diff above before committing.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fixturelib")
    parser.add_argument("command", choices=["update"])
    parser.add_argument("--site", choices=sorted(profiles()))
    args = parser.parse_args()
    return update(args.site)


if __name__ == "__main__":
    raise SystemExit(main())
