"""Decoding of HTML bytes as Arabic sites actually serve them: right, wrong or missing charsets."""

from __future__ import annotations

from codecs import lookup
from dataclasses import dataclass

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

#: What an Arabic page without any usable declaration is written in when it is not UTF-8.
ARABIC_LEGACY = "cp1256"


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    #: ``None`` when the declared charset was used as is, else why another one was chosen.
    problem: str | None = None


def _canonical(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return lookup(name).name
    except LookupError:
        return None


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode a page: BOM, then HTTP header, then ``<meta>`` charset, each checked against the bytes.

    A page that declares UTF-8 but is not valid UTF-8 and a page that declares nothing are tried as
    UTF-8 and then as windows-1256, the legacy Arabic code page; latin-1 style mojibake is never
    produced from Arabic bytes.

    >>> decode_html("خبر".encode("cp1256"), "text/html").encoding
    'cp1256'
    >>> decode_html("خبر".encode("cp1256"), "text/html; charset=utf-8").problem
    'declared utf-8 but bytes are not; decoded as cp1256'
    >>> decode_html("<p>خبر</p>".encode()).text
    '<p>خبر</p>'
    """
    bom_encoding, bom = read_bom(body)
    if bom_encoding and bom:
        encoding = _canonical(bom_encoding) or "utf-8"
        return Decoded(body[len(bom) :].decode(encoding, errors="replace"), encoding)

    declared = _canonical(http_content_type_encoding(content_type or "")) or _canonical(
        html_body_declared_encoding(body)
    )
    # Latin code pages are what CMSs and servers claim by default; for Arabic text they are never
    # right, so they count as no declaration at all.
    if declared in {"latin_1", "cp1252", "iso8859-1", "ascii"}:
        declared = None

    # Multi-byte UTF-8 sequences practically never occur by chance in legacy code-page text, so valid
    # UTF-8 with non-ASCII bytes is UTF-8 whatever the page claims.
    utf8 = _strict(body, "utf-8")
    if utf8 is not None and (declared in (None, "utf-8") or not body.isascii()):
        problem = None if declared in (None, "utf-8") else f"declared {declared} but bytes are utf-8"
        return Decoded(utf8, "utf-8", problem)
    if declared and declared != "utf-8":
        text = _strict(body, declared)
        if text is not None:
            return Decoded(text, declared)
    legacy = body.decode(ARABIC_LEGACY, errors="replace")
    if declared:
        return Decoded(legacy, ARABIC_LEGACY, f"declared {declared} but bytes are not; decoded as cp1256")
    return Decoded(legacy, ARABIC_LEGACY, "no charset declared; decoded as cp1256")
