"""Feeds (RSS 2.0, RDF/RSS 1.0, Atom) as page objects: the article links they announce, with dates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from newsbot.pages.base import Page
from newsbot.pages.discovery import Link, feed_links

if TYPE_CHECKING:
    from newsbot.profile import SiteProfile


class FeedPage(Page):
    """Subclass to read a site's own feed extensions (an id element, a full-text field)."""

    def __init__(
        self, url: str, body: bytes, profile: SiteProfile, *, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(url, body, profile, headers=headers)
        #: Damage the parser read past, one line each (a feed cut off mid-item).
        self.problems: list[str] = []

    def links(self) -> list[Link]:
        """Raises :class:`~newsbot.pages.discovery.BadDocument` when the feed cannot be read at all."""
        return feed_links(self.raw, self.url, problems=self.problems)
