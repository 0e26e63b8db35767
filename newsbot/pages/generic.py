"""The article page of a site nobody profiled: every field from the generic extractor.

It is the page class of ``scrapy crawl generic`` and of ``newsbot parse generic``; the profile it
gets is built at run time from the URLs given (hosts, time zone), so ids are
``generic:<host>:<key>``.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from newsbot.generic import GenericFields
from newsbot.pages.base import Answer, BaseArticlePage, NotAnArticle, decoded_text
from newsbot.pages.tree import html_selector
from newsbot.profile import SiteProfile

if TYPE_CHECKING:
    from newsbot.items import MainImage


class GenericArticlePage(BaseArticlePage):
    @cached_property
    def fields(self) -> GenericFields:
        html = decoded_text(self)
        if not html.strip():
            raise NotAnArticle("empty page")
        return GenericFields(html_selector(html, base_url=self.url), self.url, timezone=self.profile.timezone)

    def check(self) -> None:
        reason = self.fields.not_article_reason()
        if reason is not None:
            raise NotAnArticle(reason)

    def headline(self) -> Answer:
        return self.fields.headline()

    def description(self) -> Answer:
        return self.fields.description()

    def article_body(self) -> list[str]:
        return (self.fields.article_body() or "").split("\n\n")

    def source(self) -> Answer:
        return self.fields.source()

    def date_published(self) -> Answer:
        return self.fields.date_published()

    def date_published_raw(self) -> Answer:
        return self.fields.date_published_raw()

    def date_modified(self) -> Answer:
        return self.fields.date_modified()

    def authors(self) -> Answer:
        return self.fields.authors()

    def section(self) -> Answer:
        return self.fields.section()

    def tags(self) -> Answer:
        return self.fields.tags()

    def main_image(self) -> MainImage | None:
        image = self.fields.main_image()
        return (
            None
            if image is None
            else {"url": image["url"], "caption": image["caption"], "credit": image["credit"]}
        )

    def in_language(self) -> Answer:
        return self.fields.in_language()

    def links(self) -> list[str]:
        """Every link of the page on the site's hosts: with no URL pattern, the frontier and the
        next page decide what is an article."""
        hrefs = self.fields.selector.css("a::attr(href)").getall()
        return [urljoin(self.url, href.strip()) for href in hrefs if href.strip()]


#: Any path but the root, except files that are never article pages.
ANY_PAGE = re.compile(
    r"^/(?!.*\.(?:css|js|json|xml|rss|atom|txt|pdf|zip|gz|jpe?g|png|gif|webp|svg|ico|mp[34]|m4[av]|webm|woff2?|ttf)$).+",
    re.IGNORECASE,
)


def generic_profile(hosts: list[str], *, timezone: str = "UTC") -> SiteProfile:
    """A profile for the hosts of a generic crawl, built at run time and registered nowhere."""
    return SiteProfile(
        name="generic",
        canonical_host=hosts[0],
        alias_hosts=tuple(hosts[1:]),
        keep_hosts=True,
        timezone=timezone,
        language="und",
        article_path=ANY_PAGE,
        article_page=GenericArticlePage,
    )
