"""The site registry: one module per site, each exporting ``PROFILE`` (and ``PAGE`` when it needs one)."""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsbot.pages.article import ArticlePage
    from newsbot.sites.base import SiteProfile

#: Module names under newsbot.sites; adding a site means adding its module name here.
SITE_MODULES = ("rt_arabic",)


@cache
def profiles() -> dict[str, SiteProfile]:
    return {name: import_module(f"newsbot.sites.{name}").PROFILE for name in SITE_MODULES}


@cache
def page_classes() -> dict[str, type[ArticlePage]]:
    found: dict[str, type[ArticlePage]] = {}
    for name in SITE_MODULES:
        page = getattr(import_module(f"newsbot.sites.{name}"), "PAGE", None)
        if page is not None:
            found[name] = page
    return found


def get_profile(name: str) -> SiteProfile:
    try:
        return profiles()[name]
    except KeyError:
        known = ", ".join(sorted(profiles()))
        raise KeyError(f"unknown site {name!r}; known sites: {known}") from None
