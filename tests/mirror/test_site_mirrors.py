"""The per-site fixtures and mini-site mirrors written by tests/support/sites/<site>.py.

They are generated files: these tests fail when a committed copy differs from what its renderer
writes, and check that each mirror and its gold agree (every gold article is served, every fixture
article matches its gold line, discovery documents lead to gold articles and to the planted traps).
"""

from __future__ import annotations

import html
import importlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from newsbot.mirror.site import MirrorSite, split_target
from tests.support.sites import common

SITES = ["dw_arabic", "youm7", "hespress", "euronews_ar"]


def _renderer(site: str) -> ModuleType:
    return importlib.import_module(f"tests.support.sites.{site}")


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("site", SITES)
def test_committed_files_are_what_the_renderer_writes(
    site: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "FIXTURES", tmp_path / "sites")
    monkeypatch.setattr(common, "MIRRORS", tmp_path / "mirrors")
    module = _renderer(site)
    module.write_fixtures()
    module.build()
    for fresh, committed in (
        (tmp_path / "sites" / site, common.REPO / "tests/fixtures/sites" / site),
        (tmp_path / "mirrors" / site, common.REPO / "tests/fixtures/mirrors" / site),
    ):
        new, old = _files(fresh), _files(committed)
        stale = sorted(name for name in new.keys() | old.keys() if new.get(name) != old.get(name))
        assert not stale, f"{committed} is stale ({stale[:5]}); run python -m tests.support.sites.{site}"


def _gold(site: str) -> dict[str, dict[str, object]]:
    lines = (common.MIRRORS / site / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    return {row["url"]: row for row in rows}


@pytest.mark.parametrize("site", SITES)
def test_every_gold_article_is_served_once(site: str) -> None:
    mirror = MirrorSite.load(common.MIRRORS / site)
    gold = _gold(site)
    assert 12 <= len(gold) <= 20
    ids = [row["id"] for row in gold.values() if row["id"] is not None]
    assert len(ids) == len(set(ids))
    for url, row in gold.items():
        resource = mirror.lookup(url)
        assert resource is not None and resource.status == 200, url
        assert resource.content_type.startswith("text/html"), url
        assert str(row["headline"]) in html.unescape(resource.body.decode("utf-8")), url
        assert row["article_body"] and row["date_published"], url


@pytest.mark.parametrize("site", SITES)
def test_fixture_answers_agree_with_the_gold(site: str) -> None:
    gold = _gold(site)
    articles = sorted((common.FIXTURES / site / "articles").glob("*/expected.json"))
    assert len(articles) >= 4
    for path in articles:
        expected = json.loads(path.read_text(encoding="utf-8"))
        row = gold[expected["canonical_url"]]
        for key in ("id", "headline", "description", "article_body", "date_published", "authors", "source"):
            assert expected[key] == row[key], f"{path}: {key}"


_LOC = re.compile(r"<(?:loc|link)>([^<]+)</(?:loc|link)>")


@pytest.mark.parametrize("site", SITES)
def test_discovery_documents_reach_gold_and_traps(site: str) -> None:
    """Feeds and sitemaps name every gold article, plus at least one link the mirror does not serve."""
    mirror = MirrorSite.load(common.MIRRORS / site)
    gold = _gold(site)
    named: set[str] = set()
    missing: set[str] = set()
    for _key, resource in mirror.items():
        if not resource.content_type.startswith(("application/xml", "application/rss", "text/xml")):
            continue
        ET.fromstring(resource.body)  # well-formed, or a feed reader would give up on it
        for url in _LOC.findall(resource.body.decode("utf-8")):
            url = url.replace("&amp;", "&")
            if mirror.lookup(url) is None:
                missing.add(url)
            named.add(split_target(url)[0])
    unnamed = sorted(u for u in gold if split_target(u)[0] not in named)
    assert not unnamed, f"gold articles no feed or sitemap names: {unnamed[:3]}"
    assert missing, "no dead link planted in the feeds or sitemaps"
