"""docs/sites.md, written from the site registry: ``python -m tests.support.sites_doc`` (or
``make sites-doc``) rewrites it, and tests/sites/test_sites_doc.py fails while it is stale."""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path

from newsbot.pages.json_article import JsonArticlePage
from newsbot.pages.listing import JsonListingPage
from newsbot.profile import SiteProfile
from newsbot.sites import profiles

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "sites.md"
FIXTURES = REPO / "tests" / "fixtures" / "sites"
COMMAND = "make sites-doc"


def data_source(profile: SiteProfile) -> str:
    """What the site's articles and listings are read from: the site module's ``DATA_SOURCE`` when
    it says, else what its page classes are."""
    module = import_module(f"newsbot.sites.{profile.name}")
    declared: str | None = getattr(module, "DATA_SOURCE", None)
    if declared:
        return declared
    page = profile.article_page
    article = "HTML"
    if page is not None and issubclass(page, JsonArticlePage):
        if page.data_script:
            article = f"JSON in the page (`{page.data_script}`)"
        elif page.data_url is not JsonArticlePage.data_url:
            article = "JSON API"
        else:
            article = "JSON"
    listing = profile.listing_page
    if listing is not None and issubclass(listing, JsonListingPage):
        return f"{article}; listings from a JSON API"
    return article


def needs_browser(profile: SiteProfile) -> str:
    """The site's render plan, in words (docs/rendering.md)."""
    plan = profile.render
    if plan is None:
        return "no"
    kinds = {"article": "articles", "section": "section fronts", "listing": "listings"}
    return "yes: " + ", ".join(kinds[kind] for kind in kinds if kind in plan.kinds)


def entry_points(profile: SiteProfile) -> str:
    parts = []
    for label, values in (
        ("feeds", profile.feeds),
        ("sitemaps", profile.sitemaps),
        ("sections", profile.section_pages),
        ("listings", profile.listings),
    ):
        if values:
            parts.append(f"{len(values)} {label}")
    return ", ".join(parts) or "none"


def fixture_count(name: str) -> int:
    return sum(1 for case in (FIXTURES / name).glob("*/*") if case.is_dir())


def render() -> str:
    lines = [
        "# Sites",
        "",
        f"Written from the site registry by `{COMMAND}`; a test fails while this file is stale.",
        "Each site has its own page under [sites/](sites/).",
        "",
        "| site | domains | entry points | data source | time zone | fixtures | needs a browser? |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, profile in sorted(profiles().items()):
        domains = ", ".join(f"`{host}`" for host in profile.all_hosts)
        lines.append(
            f"| [{name}](sites/{name}.md) | {domains} | {entry_points(profile)} | {data_source(profile)} "
            f"| {profile.timezone} | {fixture_count(name)} | {needs_browser(profile)} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
