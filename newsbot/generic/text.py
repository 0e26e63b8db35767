"""Stored-text cleanup for any language: ``newsbot.text.normalize_text`` plus Persian and Urdu ZWNJ.

``normalize_text`` removes U+200C (zero-width non-joiner) as an invisible mark, which is right for
Arabic, but in Persian and Urdu the ZWNJ is spelling: ``می‌دانند`` without it reads as another word
shape. Text written in those languages keeps its ZWNJs between letters.
"""

from __future__ import annotations

import re

from newsbot.text import normalize_text

_ZWNJ_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])\u200c(?=[^\W\d_])")
#: Letters that Persian or Urdu write and Arabic does not.
_PERSIAN_URDU = re.compile("[پچژگکیۀےۓںٹڈڑہ]")


def clean_text(text: str) -> str:
    """Stored form of one line of text.

    >>> clean_text("می\\u200cدانند  و\\u200f") == "می\\u200cدانند و"
    True
    >>> clean_text("الأخـبار\\u200c العاجلة")
    'الأخبار العاجلة'
    """
    if "\u200c" not in text or not _PERSIAN_URDU.search(text):
        return normalize_text(text)
    return "\u200c".join(normalize_text(part) for part in _ZWNJ_BETWEEN_LETTERS.split(text))
