"""Arabic text handling: stored-text normalisation, match keys and news date parsing (no Scrapy imports)."""

from __future__ import annotations

from newsbot.text.dates import parse_date
from newsbot.text.normalize import match_key, normalize_text

__all__ = ["match_key", "normalize_text", "parse_date"]
