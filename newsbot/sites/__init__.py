"""The site registry: every module in this package that exports a ``PROFILE`` is a site.

Adding a site is adding its module; nothing here lists them. Page code never comes through here:
a site module binds its page classes in its profile, and spiders carry their profile.
"""

from __future__ import annotations

import pkgutil
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsbot.profile import SiteProfile


@cache
def site_modules() -> tuple[str, ...]:
    """Names of the site modules of this package, sorted.

    >>> "rt_arabic" in site_modules()
    True
    """
    names = []
    for info in pkgutil.iter_modules(__path__):
        if info.ispkg or info.name.startswith("_"):
            continue
        if hasattr(import_module(f"{__name__}.{info.name}"), "PROFILE"):
            names.append(info.name)
    return tuple(sorted(names))


@cache
def profiles() -> dict[str, SiteProfile]:
    found: dict[str, SiteProfile] = {}
    for module in site_modules():
        profile: SiteProfile = import_module(f"{__name__}.{module}").PROFILE
        if profile.name in found:
            raise ValueError(f"two site modules define the site {profile.name!r}")
        found[profile.name] = profile
    return found


def get_profile(name: str) -> SiteProfile:
    try:
        return profiles()[name]
    except KeyError:
        known = ", ".join(sorted(profiles()))
        raise KeyError(f"unknown site {name!r}; known sites: {known}") from None
