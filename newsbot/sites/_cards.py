"""Section fronts read by their story cards: the profile's ``listing_links`` selectors name them.

The generic :class:`~newsbot.pages.listing.ListingPage` keeps every link of a page; on fronts whose
cards are known, the header ticker, menus and "most read" boxes would otherwise count as the
listing's own items and upset paging (the stop at known articles and at ``since``).
"""

from __future__ import annotations

from urllib.parse import urljoin

from parsel import Selector

from newsbot.pages import Link, ListingPage
from newsbot.urls import link_kind


class CardListingPage(ListingPage):
    def card_urls(self) -> set[str]:
        selector = Selector(text=self.text or "<html></html>", type="html")
        return {
            urljoin(self.url, href.strip())
            for css in self.profile.selectors.listing_links
            for href in selector.css(f"{css}::attr(href)").getall()
            if href.strip()
        }

    def links(self) -> list[Link]:
        """The cards' article links, and every link that is no article (paging among them)."""
        found = super().links()
        cards = self.card_urls()
        if not cards and self.page_number() is None:
            # A front of another design (the home page) has no cards: every link is a candidate.
            return found
        # A listing page past the end shows no cards, only the page template's links.
        return [link for link in found if link.url in cards or link_kind(link.url, self.profile) != "article"]
