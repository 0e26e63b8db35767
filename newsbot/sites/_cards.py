"""Paginated section listings read by their story cards: the profile's ``listing_links`` name them.

The generic :class:`~newsbot.pages.listing.ListingPage` keeps every link of a page; on a listing
page, the header ticker, menus and "most read" boxes would otherwise count as the listing's own
items and upset paging (the stop at known articles and at ``since``). The date a card prints
travels with its link, so that paging can stop at ``since``.
"""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urljoin

from parsel import Selector

from newsbot.pages import Link, ListingPage
from newsbot.pages.tree import html_selector
from newsbot.pages.urls import link_kind

#: Where a card prints its date, whatever the case of the class name (`newsDate2`, `time`).
CARD_DATE = "time, [class*='date'], [class*='Date'], [class*='time']"
#: How far above a card's link its date may sit.
CARD_DEPTH = 4


class CardListingPage(ListingPage):
    @cached_property
    def cards(self) -> dict[str, str | None]:
        """Absolute URL of every card link (the first ``listing_links`` selector that matches),
        with the date printed on its card."""
        selector = html_selector(self.text or "<html></html>")
        for css in self.profile.selectors.listing_links:
            found: dict[str, str | None] = {}
            for anchor in selector.css(css):
                href = (anchor.attrib.get("href") or "").strip()
                if href:
                    url = urljoin(self.url, href)
                    found[url] = found.get(url) or self._card_date(anchor, css)
            if found:
                return found
        return {}

    def _card_date(self, anchor: Selector, css: str) -> str | None:
        """The date inside the smallest element around the link that holds no other card."""
        own = anchor.attrib.get("href", "").strip()
        for holder in reversed(anchor.xpath(f"ancestor-or-self::*[position() <= {CARD_DEPTH}]")):
            if any(other.strip() != own for other in holder.css(css).xpath("@href").getall()):
                return None
            for element in holder.css(CARD_DATE):
                text = " ".join(element.css("::text").getall()).strip() or element.attrib.get("datetime")
                if text:
                    return text
        return None

    def links(self) -> list[Link]:
        """On a paginated listing page, the cards' article links and every link that is no article
        (paging among them); on a front (the home page, a section's first page), every link."""
        found = super().links()
        if self.page_number() is None:
            return found
        cards = self.cards
        # A listing page past the end shows no cards, only the page template's links.
        return [
            Link(link.url, link.date_raw or cards[link.url]) if link.url in cards else link
            for link in found
            if link.url in cards or link_kind(link.url, self.profile) != "article"
        ]
