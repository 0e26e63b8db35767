"""Article extraction for any news page, without a site profile: ``extract_generic(html, url)``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newsbot.generic.article import GenericFields
from newsbot.pages.encoding import decode_html
from newsbot.pages.tree import html_selector
from newsbot.text import forget_page_text

__all__ = ["GenericFields", "extract_generic", "generic_fields"]


def generic_fields(
    html: str | bytes,
    url: str,
    *,
    content_type: str | None = None,
    timezone: str = "UTC",
    now: datetime | None = None,
) -> GenericFields:
    """Parse a page once (bytes are decoded by their declared or detected charset)."""
    forget_page_text()
    text = decode_html(html, content_type).text if isinstance(html, bytes) else html
    return GenericFields(html_selector(text, base_url=url), url, timezone=timezone, now=now)


def extract_generic(
    html: str | bytes,
    url: str,
    *,
    content_type: str | None = None,
    timezone: str = "UTC",
    now: datetime | None = None,
) -> dict[str, Any] | None:
    """The article of a news page as a dict with the Article field names, or ``None`` if not an article.

    ``timezone`` is the site's IANA zone, used for dates printed without an offset; ``now`` resolves
    relative dates (``منذ 3 ساعات``) and defaults to the current time.

    >>> page = "<html lang='en'><h1>Rain</h1><p>" + "It rained all day in the city. " * 20 + "</p></html>"
    >>> extract_generic(page, "https://example.test/rain")["headline"]
    'Rain'
    >>> extract_generic("<html><ul><li><a href='/a'>A</a></li></ul></html>", "https://example.test/") is None
    True
    """
    fields = generic_fields(html, url, content_type=content_type, timezone=timezone, now=now)
    if not fields.is_article():
        return None
    return fields.to_dict()
