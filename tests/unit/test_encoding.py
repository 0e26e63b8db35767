"""Arabic pages decode right whatever charset they declare, or fail to."""

from __future__ import annotations

import pytest

from newsbot.pages.encoding import decode_html

TEXT = "<html><body><p>قال الرئيس إن الحكومة ستعلن القرار</p></body></html>"


@pytest.mark.parametrize(
    ("body", "content_type", "encoding", "problem"),
    [
        (TEXT.encode(), "text/html; charset=utf-8", "utf-8", False),
        (TEXT.encode(), "text/html", "utf-8", False),
        (TEXT.encode(), None, "utf-8", False),
        (TEXT.encode("cp1256"), "text/html; charset=windows-1256", "cp1256", False),
        (TEXT.encode("cp1256"), "text/html", "cp1256", True),
        (TEXT.encode("cp1256"), "text/html; charset=utf-8", "cp1256", True),
        (TEXT.encode("cp1256"), "text/html; charset=iso-8859-1", "cp1256", True),
        (TEXT.encode(), "text/html; charset=windows-1256", "utf-8", True),
        (b"\xef\xbb\xbf" + TEXT.encode(), "text/html; charset=windows-1256", "utf-8", False),
        (b'<meta charset="windows-1256">' + TEXT.encode("cp1256"), None, "cp1256", False),
    ],
    ids=[
        "utf8-declared",
        "utf8-header-without-charset",
        "utf8-nothing",
        "cp1256-declared",
        "cp1256-undeclared",
        "cp1256-claims-utf8",
        "cp1256-claims-latin1",
        "utf8-claims-cp1256",
        "bom-wins",
        "cp1256-meta",
    ],
)
def test_decoding(body: bytes, content_type: str | None, encoding: str, problem: bool) -> None:
    decoded = decode_html(body, content_type)
    assert "قال الرئيس إن الحكومة ستعلن القرار" in decoded.text
    assert decoded.encoding == encoding
    assert (decoded.problem is not None) == problem


def test_garbage_bytes_never_raise() -> None:
    decoded = decode_html(bytes(range(256)) * 3, "text/html; charset=nonsense")
    assert isinstance(decoded.text, str)
