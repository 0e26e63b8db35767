"""The rendered site data (tests/support/sites/) agrees with itself: committed mirrors and fixtures match
their renderer, gold rows name real pages whose text they quote, and discovery answers point at gold articles
or at the deliberate dead links. Extraction is not run here: this guards the data the site modules are
tested against.
"""

from __future__ import annotations

import html
import importlib
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

from newsbot.items import ARTICLE_FIELDS
from newsbot.mirror.site import MirrorSite, normalize_target

ROOT = Path(__file__).resolve().parents[1] / "fixtures"
SITES = ["aljazeera", "bbc_arabic", "skynews_arabia", "france24_ar"]


def renderer(site: str) -> ModuleType:
    return importlib.import_module(f"tests.support.sites.{site}")


def gold_rows(site: str) -> list[dict[str, object]]:
    text = (ROOT / "mirrors" / site / "gold.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def page_text(body: bytes) -> str:
    """Visible-ish text of a page with entities decoded and whitespace collapsed, for containment checks."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", body.decode("utf-8")))
    return stored(" ".join(text.split()))


def stored(text: str) -> str:
    """Text as the gold stores it: tatweel (U+0640) is typography and is left out (fixtures README)."""
    return text.replace("\u0640", "")


@pytest.mark.parametrize("site", SITES)
def test_committed_mirror_matches_renderer(site: str) -> None:
    saved = MirrorSite.load(ROOT / "mirrors" / site)
    built = renderer(site).build()
    stale = f"run: .venv/bin/python -m tests.support.sites.{site}"
    assert list(saved) == list(built), stale
    for (key, res), (_, fresh) in zip(saved.items(), built.items(), strict=True):
        fresh_parts = (fresh.body, fresh.content_type, fresh.status)
        assert (res.body, res.content_type, res.status) == fresh_parts, (key, stale)
    assert [json.loads(line) for line in renderer(site).gold()] == gold_rows(site), stale


@pytest.mark.parametrize("site", SITES)
def test_gold_rows_name_served_pages_that_show_their_text(site: str) -> None:
    mirror = MirrorSite.load(ROOT / "mirrors" / site)
    rows = gold_rows(site)
    assert 12 <= len(rows) <= 20
    ids = [row["id"] for row in rows]
    assert all(i is None or str(i).startswith(f"{site}:") for i in ids)
    assert len({i for i in ids if i is not None}) == len([i for i in ids if i is not None])
    assert len({row["url"] for row in rows}) == len(rows)
    for row in rows:
        resource = mirror.lookup(str(row["url"]))
        assert resource is not None and resource.status == 200, row["url"]
        text = page_text(resource.body)
        assert f'<link rel="canonical" href="{row["url"]}"' in resource.body.decode("utf-8")
        assert stored(str(row["headline"])) in text
        for paragraph in str(row["article_body"]).split("\n\n"):
            assert stored(paragraph) in text, (row["url"], paragraph)
        if row["description"] is not None:
            # BBC shows its summary only in meta tags and JSON, so attributes count here.
            assert str(row["description"]) in html.unescape(resource.body.decode("utf-8"))


def _fixture_dirs(site: str, kind: str) -> list[Path]:
    folder = ROOT / "sites" / site / kind
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


@pytest.mark.parametrize("site", SITES)
def test_fixtures_are_mirror_pages_with_full_answers(site: str) -> None:
    mirror = MirrorSite.load(ROOT / "mirrors" / site)
    gold = {row["url"]: row for row in gold_rows(site)}
    articles = _fixture_dirs(site, "articles")
    assert len(articles) >= 4
    assert _fixture_dirs(site, "non_articles")
    for case in articles:
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        assert sorted(expected) == sorted(ARTICLE_FIELDS), case
        row = gold[expected["canonical_url"]]
        assert (expected["id"], expected["headline"], expected["article_body"]) == (
            row["id"],
            row["headline"],
            row["article_body"],
        )
        served = mirror.lookup(expected["canonical_url"])
        assert served is not None and served.body == (case / "page.html").read_bytes(), case


@pytest.mark.parametrize("site", SITES)
def test_discovery_answers_point_at_gold_or_dead_links(site: str) -> None:
    mirror = MirrorSite.load(ROOT / "mirrors" / site)
    gold = {row["url"] for row in gold_rows(site)}
    dead = {normalize_target(p) for p in renderer(site).DEAD}
    kinds = ("feeds", "sitemaps", "listings", "api")
    cases = [c for kind in kinds for c in _fixture_dirs(site, kind)]
    assert cases
    for case in cases:
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        for link in expected.get("article_urls", []):
            # A feed may link an article only in a legacy form that the site redirects (Sky News's
            # /web/article/<id>/<slug>): the link then points at gold through its redirect.
            link = redirect_target(mirror, link) or link
            assert link in gold or normalize_target(link) in dead, (case.name, link)
            if link not in gold:
                assert link not in mirror, link


def redirect_target(mirror: MirrorSite, link: str) -> str | None:
    """Where the mirror redirects ``link`` to, if it serves a redirect there."""
    served = mirror.lookup(link)
    if served is None or served.status not in (301, 302, 307, 308):
        return None
    return next((value for name, value in served.headers if name.lower() == "location"), None)
