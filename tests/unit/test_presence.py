"""The source index that lets page code skip selectors: it may only ever skip one that matches nothing."""

from __future__ import annotations

from functools import cache

import pytest
from parsel import Selector

from newsbot.pages.blocks import chrome_alternatives
from newsbot.pages.encoding import decode_html
from newsbot.pages.presence import Presence, selector_needs
from newsbot.sites import profiles
from tests.fixturelib import cases


@cache
def every_profile_selector() -> tuple[str, ...]:
    """Every element selector the site profiles name: the ones page code asks the index about."""
    found: set[str] = set()
    for profile in profiles().values():
        chosen = profile.selectors
        for group in (
            chosen.headline,
            chosen.lead,
            chosen.body,
            chosen.date,
            chosen.authors,
            chosen.section,
            chosen.tags,
            chosen.image,
            chosen.image_outside_body,
            chrome_alternatives(profile.chrome),
        ):
            found.update(css for css in group if "::" not in css)
    return tuple(sorted(found))


def fixture_pages() -> list[tuple[str, str]]:
    pages = []
    for case in cases("articles") + cases("non_articles") + cases("listings"):
        page = case.path / "page.html"
        if page.exists():
            decoded = decode_html(page.read_bytes(), case.meta.get("content_type") or "text/html")
            pages.append((case.name, decoded.text))
    return pages


@pytest.mark.parametrize(("name", "text"), fixture_pages(), ids=lambda value: value[:60])
def test_a_selector_the_index_rules_out_matches_nothing(name: str, text: str) -> None:
    presence = Presence.of(text)
    selector = Selector(text=text, type="html")
    ruled_out = [css for css in every_profile_selector() if not presence.may_match(css)]
    matched = [css for css in ruled_out if selector.css(css)]
    assert matched == [], f"{name}: ruled out but matching: {matched}"
    # The index must rule something out on real pages, or it would be a test of nothing.
    assert ruled_out


@pytest.mark.parametrize(
    "markup",
    [
        '<div CLASS="Lead">x</div>',
        "<div class=lead>x</div>",
        "<div class='other  lead'>x</div>",
        '<div class="le&#97;d">x</div>',
        '<div class="lead&#x20;other">x</div>',
        '<div\nclass = "lead"\n>x</div>',
        '<DIV class="lead">x</DIV>',
    ],
)
def test_class_spellings_the_parser_accepts_are_in_the_index(markup: str) -> None:
    page = f"<html><body>{markup}</body></html>"
    assert Selector(text=page, type="html").css("div.lead") or "Lead" in markup
    assert Presence.of(page).may_match("div.lead")
    assert Presence.of(page).may_match("[class*='ea']")


def test_elements_the_parser_adds_are_never_ruled_out() -> None:
    source = "<title>t</title>loose text"
    assert Selector(text=source, type="html").css("html > head > title, html > body")
    presence = Presence.of(source)
    assert presence.may_match("html > head > title") and presence.may_match("html > body")
    # libxml2 may also wrap loose text in <p>.
    assert presence.may_match("body p")


def test_what_the_index_cannot_read_is_always_run() -> None:
    assert selector_needs("a:has(> img)") is None or Presence.of("<a></a>").may_match("a:has(> img)")
    assert Presence.of("<p></p>").may_match(":is(.a, .b)")
    assert selector_needs("][") is None
    # A tag name the source scan cannot spell is not required of the page.
    assert Presence.of("<p></p>").may_match("ä")


def test_a_class_named_only_inside_not_is_not_required() -> None:
    presence = Presence.of('<div class="body">x</div>')
    assert presence.may_match("div:not(.ad)")
    assert not presence.may_match("div.ad")
