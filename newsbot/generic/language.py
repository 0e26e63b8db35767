"""The language of a page: what the page declares, else what the script of its text says."""

from __future__ import annotations

import re
from collections import Counter

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
#: Letters Persian writes and Arabic does not (پ چ ژ گ, Persian kaf and yeh).
_PERSIAN = frozenset("پچژگکی")
#: Letters only Urdu writes among the three (retroflexes, noon ghunna, bari yeh, gol heh).
_URDU = frozenset("ٹڈڑںےۓہۃ")
#: Frequent function words: enough to tell apart the Latin-script languages news sites publish in.
_LATIN_WORDS = {
    "en": frozenset(["the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "on", "said"]),
    "fr": frozenset(
        ["le", "la", "les", "des", "et", "est", "une", "du", "dans", "que", "pour", "qui", "sur", "au"]
    ),
    "es": frozenset(["el", "los", "las", "del", "y", "que", "por", "una", "con", "para", "se", "en"]),
    "de": frozenset(["der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "ein", "eine"]),
}


def language_tag(value: str | None) -> str | None:
    """A declared language as a BCP 47 tag (``ar_EG`` becomes ``ar-EG``), or ``None`` if unusable.

    >>> language_tag("ar_EG"), language_tag(" fa-IR "), language_tag("x"), language_tag("en-us")
    ('ar-EG', 'fa-IR', None, 'en-US')
    """
    if not value:
        return None
    value = value.strip().split(",")[0].strip()
    if not _TAG.match(value):
        return None
    parts = value.replace("_", "-").split("-")
    tag = [parts[0].lower()] + [p.upper() if len(p) == 2 else p for p in parts[1:]]
    return "-".join(tag)


def language_of_text(text: str) -> str | None:
    """The language of a text from its script (and, for Latin script, its function words).

    >>> language_of_text("قال الوزير إن المحادثات ستستمر"), language_of_text("گفت که این پروژه")
    ('ar', 'fa')
    >>> language_of_text("انہوں نے کہا کہ حکومت"), language_of_text("The minister said that the talks")
    ('ur', 'en')
    """
    letters = Counter(c for c in text[:5000] if c.isalpha())
    if not letters:
        return None
    arabic_script = sum(
        n for c, n in letters.items() if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f"
    )
    if arabic_script * 2 >= sum(letters.values()):
        urdu = sum(letters[c] for c in _URDU)
        persian = sum(letters[c] for c in _PERSIAN)
        arabic_yeh = letters["ي"] + letters["ك"]
        if urdu and urdu * 20 >= arabic_script * 0.5:
            return "ur"
        if persian > arabic_yeh:
            return "fa"
        return "ar"
    words = Counter(re.findall(r"[a-zà-ÿ]+", text[:5000].lower()))
    scores = {lang: sum(words[w] for w in vocab) for lang, vocab in _LATIN_WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] else None
