"""Sitemaps (index or url set, news sitemaps included) as page objects."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING

from newsbot.pages.base import Page
from newsbot.pages.discovery import Link, Sitemap, sitemap_links

if TYPE_CHECKING:
    from newsbot.profile import SiteProfile


class SitemapPage(Page):
    def __init__(
        self, url: str, body: bytes, profile: SiteProfile, *, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(url, body, profile, headers=headers)
        #: Damage the parser read past, one line each.
        self.problems: list[str] = []

    @cached_property
    def parsed(self) -> Sitemap:
        """Raises :class:`~newsbot.pages.discovery.BadDocument` when it cannot be read at all."""
        return sitemap_links(self.raw, self.url, problems=self.problems)

    @property
    def is_index(self) -> bool:
        return self.parsed.is_index

    def links(self) -> list[Link]:
        """Sub-sitemaps of an index, or the pages of a url set, with their ``lastmod``."""
        return self.parsed.links
