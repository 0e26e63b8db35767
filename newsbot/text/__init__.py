"""Arabic text handling: stored-text normalisation, match keys and news date parsing (no Scrapy imports)."""

from __future__ import annotations

from newsbot.text.dates import parse_date
from newsbot.text.normalize import forget_page_text, match_key, normalize_text

__all__ = ["forget_page_text", "match_key", "normalize_text", "parse_date"]
