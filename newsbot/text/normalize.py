"""Arabic text normalisation: the stored form of text and the lossy key used for dedupe and search."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["match_key", "normalize_text"]

# Stored text -----------------------------------------------------------------------------------------

# Everything here is invisible or a formatting control, so removing it never changes what a reader sees.
# Tatweel is typographic stretching, not spelling. ZWJ is absent on purpose: it is handled by context, since
# emoji sequences (👨‍👩‍👧) need it. Lone surrogates cannot be written as UTF-8, so they go too.
_REMOVED_CHARS = (
    "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
    "\u00ad\u034f\u061c\u0640\u180e"
    "\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb"
    "\ud800-\udfff"
)
_REMOVED_RE = re.compile(f"[{_REMOVED_CHARS}]+")

# Arabic presentation forms A and B, plus full-width ASCII. Only these get compatibility folding in stored
# text: NFKC on everything would also rewrite "…", "½", "²" and "ﬁ", which are content.
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe\uff01-\uff5e]+")


def _presentation_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for start, end in ((0xFB50, 0xFDFF), (0xFE70, 0xFEFE), (0xFF01, 0xFF5E)):
        for cp in range(start, end + 1):
            char = chr(cp)
            folded = unicodedata.normalize("NFKC", char)
            if folded == char:
                continue
            # Isolated harakat (and shadda ligatures) decompose to SPACE + mark; the space is an artefact of
            # the isolated glyph, and keeping it would split the word the mark belongs to.
            if folded[0] == " " and len(folded) > 1 and all(unicodedata.combining(c) for c in folded[1:]):
                folded = folded[1:]
            table[cp] = folded
    return table


_PRESENTATION_TABLE = _presentation_table()


def _fold_presentation(match: re.Match[str]) -> str:
    return match.group().translate(_PRESENTATION_TABLE)


def _emoji_class() -> str:
    """Characters after which a ZWJ is kept, as a regex character class body.

    Only symbols that NFC never touches qualify (no decomposition, never the first half of a composition),
    so the keep-or-drop decision made before NFC is the same one a second pass would make after it.
    """
    ranges = [(0x2190, 0x2BFF), (0x1F000, 0x1FAFF)]
    singles = [0x00A9, 0x00AE, 0x203C, 0x2049, 0x2122, 0x2139, 0x3030, 0x303D, 0x3297, 0x3299]
    composition_starters = set()
    for cp in range(0x2000, 0x2C00):
        decomposition = unicodedata.decomposition(chr(cp))
        if decomposition and not decomposition.startswith("<"):
            composition_starters.add(int(decomposition.split()[0], 16))
    chars = [
        cp for start, end in ranges for cp in range(start, end + 1) if unicodedata.category(chr(cp)) == "So"
    ]
    chars += singles
    keep = sorted(
        cp for cp in chars if not unicodedata.decomposition(chr(cp)) and cp not in composition_starters
    )
    parts: list[str] = []
    run_start = prev = keep[0]
    for cp in [*keep[1:], -1]:
        if cp == prev + 1:
            prev = cp
            continue
        parts.append(re.escape(chr(run_start)) if run_start == prev else f"{chr(run_start)}-{chr(prev)}")
        run_start = prev = cp
    return "".join(parts)


_STRAY_ZWJ_RE = re.compile(f"\u200d(?![{_emoji_class()}])")

_LINE_BREAK_RE = re.compile("\r\n?|[\x85\u2028]")


def _clean(text: str) -> str:
    """Everything except whitespace handling: the steps that are the same for titles and bodies."""
    text = _PRESENTATION_RE.sub(_fold_presentation, text)
    text = _REMOVED_RE.sub("", text)
    if "\u200d" in text:
        text = _STRAY_ZWJ_RE.sub("", text)
    return unicodedata.normalize("NFC", text)


def _paragraphs(text: str) -> str:
    text = _LINE_BREAK_RE.sub("\n", text)
    # U+2029 means "new paragraph", so it becomes a blank line.
    if "\u2029" in text:
        text = text.replace("\u2029", "\n\n")
    lines: list[str] = []
    pending_blank = False
    for raw_line in text.split("\n"):
        line = " ".join(raw_line.split())
        if not line:
            pending_blank = True
            continue
        if pending_blank and lines:
            lines.append("")
        lines.append(line)
        pending_blank = False
    return "\n".join(lines)


def normalize_text(text: str, *, multiline: bool = False) -> str:
    """Return the stored form of ``text``: safe cleanup that keeps the meaning of what was published.

    Presentation forms and full-width Latin are folded, tatweel and invisible controls removed, every kind of
    space collapsed. Diacritics, hamza spellings, Arabic-Indic digits and punctuation are kept.

    >>> normalize_text("الأخـــبار\\u200f  العاجلة\\u00a0")
    'الأخبار العاجلة'
    >>> normalize_text("\\ufefb \\ufdf2 ＣＮＮ")
    'لا الله CNN'
    >>> normalize_text("شُكْرًا، ٣٫٥٪ …")
    'شُكْرًا، ٣٫٥٪ …'
    >>> normalize_text("عنوان\\nالخبر")
    'عنوان الخبر'
    >>> normalize_text(" فقرة أولى \\r\\n\\n\\n\\nفقرة\\u2029ثانية ", multiline=True)
    'فقرة أولى\\n\\nفقرة\\n\\nثانية'
    """
    known = _NORMALIZED[multiline]
    found = known.get(text)
    if found is not None:
        return found
    cleaned = _clean(text)
    result = _paragraphs(cleaned) if multiline else " ".join(cleaned.split())
    if len(known) >= _NORMALIZED_SIZE:
        known.clear()
    known[text] = result
    # Normalising is idempotent (a property test holds it so), and page code normalises its own
    # output again (a paragraph is cleaned, then keyed, then loaded): the result is its own answer.
    known[result] = result
    return result


# Recent answers of normalize_text, one table per mode: a page's text passes through it several
# times. Emptied for every page (forget_page_text) and when full, which is cheaper than keeping an
# order of use.
_NORMALIZED: dict[bool, dict[str, str]] = {False: {}, True: {}}
_NORMALIZED_SIZE = 4096


def forget_page_text() -> None:
    """Drop the answers :func:`normalize_text` remembers, as page code does before each page: they
    serve the repeats within one page, and one page's text must not make the next one look cheap
    (a benchmark that reads the same pages again would otherwise time the memory, not the work).
    """
    for known in _NORMALIZED.values():
        known.clear()


# Match key -------------------------------------------------------------------------------------------

# Characters whose NFKC form is SPACE + combining mark (¨ ´ ˜ ‾ …). In the key they are symbols, so they
# become a space before NFKC runs; otherwise the orphaned mark would be glued to the next word.
_SPACING_MARKS_RE = re.compile(
    "[\u00a8\u00af\u00b4\u00b8\u02d8-\u02dd\u037a\u0384\u0385\u1fbd\u1fbf-\u1fc1\u1fcd-\u1fcf"
    "\u1fdd-\u1fdf\u1fed\u1fee\u1ffd\u1ffe\u2017\u203e\u309b\u309c\ufe49-\ufe4c\uffe3]"
)

_ALEF = "ا"
_HAMZA = "ء"
_YEH = "ي"
_HEH = "ه"

# Letter folds from the policy: spelling variants that should not make two copies of a story look different.
_LETTER_FOLDS: dict[str, str] = {
    # alef forms
    "أ": _ALEF,
    "إ": _ALEF,
    "آ": _ALEF,
    "ٱ": _ALEF,
    "ٲ": _ALEF,
    "ٳ": _ALEF,
    # hamza on a seat (مسئول/مسؤول) and the free-standing high hamza NFKC leaves behind
    "ؤ": _HAMZA,
    "ئ": _HAMZA,
    "ۓ": _HAMZA,
    "ٴ": _HAMZA,
    # alef maqsura and Persian/Urdu yeh forms
    "ى": _YEH,
    "ی": _YEH,
    "ے": _YEH,
    "ې": _YEH,
    "ۍ": _YEH,
    "ێ": _YEH,
    # taa marbuta and heh variants
    "ة": _HEH,
    "ۃ": _HEH,
    "ہ": _HEH,
    "ھ": _HEH,
    "ە": _HEH,
    "ۀ": _HEH,
    "ۂ": _HEH,
    # Persian, Urdu and Maghrebi letters
    "ک": "ك",
    "ڪ": "ك",
    "گ": "ك",
    "ڭ": "ك",
    "پ": "ب",
    "چ": "ج",
    "ژ": "ز",
    "ڤ": "ف",
    "ڥ": "ف",
    "ڢ": "ف",
    "ڨ": "ق",
    "ڧ": "ق",
    "ٹ": "ت",
    "ڈ": "د",
    "ڑ": "ر",
    # Arabic decimal and thousands separators keep their meaning; the percent sign is a symbol like "%"
    "٫": ".",
    "٬": ",",
    "٪": " ",
}

# Marks in the Arabic blocks (harakat, dagger alef, Quranic annotation) plus the Quranic small letters, which
# the policy lists with the marks.
_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_EXTRA_REMOVED_IN_KEY = "\u06e5\u06e6\u08e2\u0640\u200d"

# Format characters that print something (Arabic number sign, end of ayah): a boundary, not nothing.
_VISIBLE_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u08e2\U000110bd\U000110cd")


def _in_arabic_block(cp: int) -> bool:
    return any(start <= cp <= end for start, end in _ARABIC_BLOCKS)


def _key_value(cp: int) -> int | str | None:
    """What one character becomes in the key: itself (int), a replacement (str) or nothing (None).

    Applied after NFKC and casefold, so compatibility variants have already collapsed.
    """
    char = chr(cp)
    fold = _LETTER_FOLDS.get(char)
    if fold is not None:
        return fold
    if char in _EXTRA_REMOVED_IN_KEY or 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
        return None
    if char in ".,":
        return cp
    category = unicodedata.category(char)
    major = category[0]
    if char.isspace() or major == "Z":
        return " "
    if major in "PS":
        return " "
    if category == "Nd":
        return str(unicodedata.decimal(char))
    if major == "M":
        if category == "Me" or _in_arabic_block(cp):
            return None
        return cp
    if category == "Cf":
        return " " if char in _VISIBLE_FORMAT else None
    if category in ("Cc", "Cs"):
        return None
    if category == "Co":
        return " "
    return cp


def _key_table() -> list[int | str | None]:
    return [_key_value(cp) for cp in range(0x10000)]


# A list indexed by code point is the fastest mapping str.translate accepts for the BMP. Astral characters
# fall off the end (IndexError means "keep") and are handled separately, which is rare.
_KEY_TABLE = _key_table()
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=4096)
def _astral_key(char: str) -> str:
    value = _key_value(ord(char))
    if value is None:
        return ""
    return value if isinstance(value, str) else char


def _fold_astral(match: re.Match[str]) -> str:
    return _astral_key(match.group())


def _fold_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_KEY_TABLE)
    if _ASTRAL_RE.search(text):
        text = _ASTRAL_RE.sub(_fold_astral, text)
    return text


# A "." or "," is a decimal or thousands separator only between two digits; anywhere else it is punctuation.
# Written to start with the separator, so that the regex engine scans for it instead of trying every position.
_LONE_SEPARATOR_RE = re.compile(r"[.,](?:(?<![0-9][.,])|(?![0-9]))")


@lru_cache(maxsize=512)
def match_key(text: str) -> str:
    """Return the lossy key of ``text`` for dedupe and search. Never store it.

    On top of :func:`normalize_text`: NFKC, casefold, diacritics removed, alef/hamza/yeh/heh spellings folded,
    digits made ASCII, punctuation and symbols turned into spaces.

    >>> match_key("قال الرئيس إن الحكومة")
    'قال الرءيس ان الحكومه'
    >>> match_key("الْعَرَبِيَّةُ فى مسؤول")
    'العربيه في مسءول'
    >>> match_key("نمو ٣٫٥٪ و١٬٥٠٠ دولار، #عاجل")
    'نمو 3.5 و1,500 دولار عاجل'
    >>> match_key("شركة Apple تطلق ＣＮＮ")
    'شركه apple تطلق cnn'
    """
    text = normalize_text(text)
    if _SPACING_MARKS_RE.search(text):
        text = _SPACING_MARKS_RE.sub(" ", text)
    text = _fold_key(text)
    # Removing marks can unblock a canonical composition, and casefold can leave non-NFKC output, so refold
    # until stable; in practice this loop body never runs on real text.
    for _ in range(4):
        if unicodedata.is_normalized("NFKC", text):
            break
        text = _fold_key(text)
    else:
        # A few letters have no form that is both casefolded and NFKC (Greek ῶ casefolds to ω plus a
        # combining perispomeni, which NFKC composes back): end on NFKC, as Unicode's NFKC_Casefold does.
        text = unicodedata.normalize("NFKC", text)
    if "." in text or "," in text:
        text = _LONE_SEPARATOR_RE.sub(" ", text)
    return " ".join(text.split())
