"""Section fronts and listing pages: the article links they show and the page after them.

:class:`ListingPage` reads HTML (links, with the date printed beside a card); a paginated listing
path of the profile (``listing_path`` with a ``page`` group) gives the next page. JSON listing APIs
subclass :class:`JsonListingPage` and answer :meth:`links` and :meth:`next_page` from their data (a
next-page token, a cursor).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from newsbot.pages.base import Page, decoded_text
from newsbot.pages.discovery import Link, page_links
from newsbot.pages.json_article import load_json

if TYPE_CHECKING:
    pass


class ListingPage(Page):
    @cached_property
    def text(self) -> str:
        return decoded_text(self)

    def links(self) -> list[Link]:
        """Every link of the page, absolute, in document order; the caller keeps article links."""
        return page_links(self.text, self.url, self.profile)

    def page_number(self) -> int | None:
        """This page's counter in the profile's paginated listing path, if it is such a page."""
        pattern = self.profile.listing_path
        parts = urlsplit(self.url)
        if pattern is None or not self.profile.owns_host(parts.hostname or ""):
            return None
        match = pattern.match(parts.path)
        return int(match.group("page")) if match else None

    def next_page(self) -> str | None:
        page = self.page_number()
        if page is None:
            return None
        parts = urlsplit(self.url)
        head, _, _ = parts.path.rstrip("/").rpartition("/")
        return urlunsplit((parts.scheme, parts.netloc, f"{head}/{page + 1}", parts.query, ""))


class JsonListingPage(ListingPage):
    """A listing served as JSON; subclasses read links and the next page from :attr:`data`."""

    @cached_property
    def data(self) -> Any:
        return load_json(self.text)

    def links(self) -> list[Link]:
        return []

    def next_page(self) -> str | None:
        return None
